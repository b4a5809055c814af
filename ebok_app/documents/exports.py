"""Lists as files: CSV (semicolons and a BOM, as Polish Excel reads it) and XLSX, with Polish headers."""

from __future__ import annotations

import io
from collections.abc import Iterator

import polars as pl

XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows (Excel's limit) under the header; CSV has no limit
CSV_CHUNK_ROWS = 20_000  # rows per streamed piece of a CSV

INVOICE_COLUMNS: dict[str, str] = {
    "number": "Numer faktury",
    "contract_number": "Numer umowy",
    "issue_date": "Data wystawienia",
    "due_date": "Termin płatności",
    "net_gr": "Netto",
    "vat_gr": "VAT",
    "gross_gr": "Brutto",
    "paid_gr": "Zapłacono",
    "left_gr": "Pozostało",
    "status": "Status",
    "overdue": "Po terminie",
    "ksef_number": "Numer KSeF",  # empty while the invoice is offline (not in KSeF yet)
}
STATUS_PL = {"paid": "zapłacona", "partly_paid": "częściowo zapłacona", "unpaid": "niezapłacona"}


FORECAST_COLUMNS: dict[str, str] = {
    "period": "Początek okresu",
    "left_net_gr": "Netto",
    "left_vat_gr": "VAT",
    "left_gr": "Brutto do zapłaty",
    "invoiced_gr": "Zafakturowane, niezapłacone",
    "not_invoiced_gr": "Niezafakturowane",
    "cost_gr": "Koszt",
    "capital_left_gr": "Spłata kapitału",
    "buyout_left_gr": "Wykup przedmiotów",
}


def _column(name: str, label: str) -> pl.Expr:
    if name.endswith("_gr"):  # grosze to złoty with exactly two decimals, never through a float
        return (pl.col(name).cast(pl.Decimal(18, 2)) / 100).cast(pl.Decimal(18, 2)).alias(label)
    if name == "status":
        return pl.col(name).replace_strict(STATUS_PL, default=pl.col(name)).alias(label)
    if name == "overdue":
        return pl.when(pl.col(name)).then(pl.lit("tak")).otherwise(pl.lit("nie")).alias(label)
    return pl.col(name).alias(label)


def sheet(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """`columns` of `frame` under their Polish headers: money (`*_gr`) in złoty, statuses and flags in
    Polish; every row."""
    return frame.select(_column(name, label) for name, label in columns.items())


def invoice_sheet(invoices: pl.DataFrame) -> pl.DataFrame:
    return sheet(invoices, INVOICE_COLUMNS)


def forecast_sheet(table: list[dict]) -> pl.DataFrame:
    return sheet(
        pl.DataFrame(
            table, schema={name: pl.Date if name == "period" else pl.Int64 for name in [*FORECAST_COLUMNS]}
        ),
        FORECAST_COLUMNS,
    )


def _csv(sheet: pl.DataFrame, header: bool) -> str:
    return sheet.write_csv(separator=";", decimal_comma=True, date_format="%Y-%m-%d", include_header=header)


def to_csv(sheet: pl.DataFrame) -> bytes:
    return b"".join(csv_chunks(sheet))


def csv_chunks(sheet: pl.DataFrame, rows: int = CSV_CHUNK_ROWS) -> Iterator[bytes]:
    """The CSV in pieces of `rows` rows (a BOM and the header first): streamed, never whole in memory."""
    yield ("\ufeff" + _csv(sheet.head(0), header=True)).encode("utf-8")
    for start in range(0, sheet.height, rows):
        yield _csv(sheet.slice(start, rows), header=False).encode("utf-8")


def to_xlsx(sheet: pl.DataFrame, title: str) -> bytes:
    buffer = io.BytesIO()
    sheet.write_excel(
        buffer, worksheet=title[:31], autofit=True, float_precision=2, dtype_formats={pl.Date: "yyyy-mm-dd"}
    )
    return buffer.getvalue()
