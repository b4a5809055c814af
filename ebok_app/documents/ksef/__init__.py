"""KSeF, the national e-invoicing system: the KSeF number, the FA(3) XML and the KOD I verification link.

The official FA(3) schema files are kept in `schema/` (see schema/README.md for their source and licence).
"""
