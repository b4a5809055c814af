"""Real PDF files for the attachment checks: written with pypdf, or by hand where a writer would not
produce them (a catalog inside a compressed object stream, found only through an xref stream)."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def _written(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change is not None:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    if kind == "/JavaScript":
        action[NameObject("/JS")] = TextStringObject("app.alert(1)")
    else:
        action[NameObject("/F")] = TextStringObject("calc.exe")
    return action


def plain() -> bytes:
    return _written()


def with_document_script() -> bytes:
    """A document-level script in the catalog's /Names tree (run by viewers when the file opens)."""

    def add(writer: PdfWriter) -> None:
        scripts = DictionaryObject(
            {
                NameObject("/Names"): ArrayObject(
                    [TextStringObject("x"), writer._add_object(_action("/JavaScript"))]
                )
            }
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})

    return _written(add)


def with_open_action(kind: str = "/JavaScript") -> bytes:
    return _written(lambda w: w._root_object.__setitem__(NameObject("/OpenAction"), _action(kind)))


def with_page_action() -> bytes:
    def add(writer: PdfWriter) -> None:
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): _action("/JavaScript")})

    return _written(add)


def with_embedded_file() -> bytes:
    return _written(lambda w: w.add_attachment("faktura.exe", b"MZ\x90\x00"))


def in_object_stream(catalog_extra: bytes) -> bytes:
    """A PDF 1.5 whose catalog and page tree live in a Flate-compressed object stream."""
    objects = [b"<</Type/Catalog/Pages 4 0 R" + catalog_extra + b">>", b"<</Type/Pages/Kids[]/Count 0>>"]
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    header = f"2 {offsets[0]} 4 {offsets[1]} ".encode()
    packed = zlib.compress(header + body)
    out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    stream_at = len(out)
    out += (
        (
            f"1 0 obj\n<</Type/ObjStm/N 2/First {len(header)}/Filter/FlateDecode"
            f"/Length {len(packed)}>>\nstream\n"
        ).encode()
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref_at = len(out)
    rows = [(0, 0, 255), (1, stream_at, 0), (2, 1, 0), (1, xref_at, 0), (2, 1, 1)]
    table = b"".join(bytes([t]) + f.to_bytes(4, "big") + bytes([g]) for t, f, g in rows)
    out += (
        f"3 0 obj\n<</Type/XRef/Size 5/W[1 4 1]/Root 2 0 R/Length {len(table)}>>\nstream\n".encode()
        + table
        + b"\nendstream\nendobj\n"
        + f"startxref\n{xref_at}\n%%EOF\n".encode()
    )
    return out
