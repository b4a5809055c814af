"""The package for the accountant: one ZIP with every chosen invoice's PDF and FA(3) XML and a CSV summary,
written as it streams (one invoice's files in memory at a time), for at most MAX_PACKAGE_INVOICES."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

import polars as pl
from sqlalchemy import Engine

from ebok_app.documents import exports, stored_pdfs
from ebok_app.settings import Lessor

MAX_PACKAGE_INVOICES = 10_000
SUMMARY_NAME = "zestawienie.csv"


class _Sink:
    """What zipfile writes to: collects the bytes until the stream takes them (zipfile, seeing no
    `tell`/`seek`, writes a streamable archive with data descriptors)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def file_stem(number: str) -> str:
    return number.replace("/", "_")


def stream_package(
    engine: Engine, *, company_id: int, invoices: pl.DataFrame, seller: Lessor, qr_url: str
) -> Iterator[bytes]:
    """The ZIP of `invoices` (rows of the company's filtered list) as chunks of bytes: each invoice's
    stored XML and PDF (what is missing or stale is made and stored as for a single download)."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(SUMMARY_NAME, exports.to_csv(exports.invoice_sheet(invoices)))
        yield sink.take()
        for files in stored_pdfs.files_in_batches(
            engine, company_id, invoices["id"].to_list(), seller, qr_url
        ):
            stem = file_stem(files.invoice.number)
            archive.writestr(f"xml/{stem}.xml", files.xml)
            archive.writestr(f"pdf/{stem}.pdf", files.pdf, compress_type=zipfile.ZIP_STORED)
            yield sink.take()
    yield sink.take()
