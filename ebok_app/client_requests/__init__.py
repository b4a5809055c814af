"""Requests with a status: the catalogue of what clients ask the lessor for (catalogue.py), sending and
following them (filing.py), the helpdesk's handling (handling.py), their files (files.py) and the
figures of a balance confirmation (balance.py)."""
