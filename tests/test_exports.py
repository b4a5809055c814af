"""CSV and XLSX of a list round-trip to the same numbers, dates and statuses."""

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import polars as pl
import pytest

from ebok_app.documents.exports import (
    FORECAST_COLUMNS,
    INVOICE_COLUMNS,
    forecast_sheet,
    invoice_sheet,
    to_csv,
    to_xlsx,
)


@pytest.fixture
def invoices() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "number": ["FV/2026/11/000001", "FV/2026/11/000002"],
            "contract_number": ["UL/2024/0100001", "UL/2024/0100002"],
            "issue_date": [date(2026, 11, 2), date(2026, 11, 9)],
            "due_date": [date(2026, 11, 16), date(2026, 11, 23)],
            "net_gr": [1_000_50, 123_456_78],
            "vat_gr": [230_12, 28_395_06],
            "gross_gr": [1_230_62, 151_851_84],
            "paid_gr": [1_230_62, 1_00],
            "left_gr": [0, 151_850_84],
            "status": ["paid", "partly_paid"],
            "overdue": [False, True],
            "ksef_number": ["5252248481-20261102-0123456789AB-00", None],
        }
    )


def test_csv_round_trip(invoices):
    data = to_csv(invoice_sheet(invoices))
    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    back = pl.read_csv(io.BytesIO(data[3:]), separator=";", decimal_comma=True, try_parse_dates=True)
    assert back.columns == list(INVOICE_COLUMNS.values())
    assert back["Numer faktury"].to_list() == invoices["number"].to_list()
    assert back["Termin płatności"].to_list() == invoices["due_date"].to_list()
    assert back["Brutto"].to_list() == [1230.62, 151851.84]
    assert back["Status"].to_list() == ["zapłacona", "częściowo zapłacona"]
    assert back["Po terminie"].to_list() == ["nie", "tak"]
    assert back["Numer KSeF"].to_list() == ["5252248481-20261102-0123456789AB-00", None]


def test_xlsx_round_trip(invoices):
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(invoice_sheet(invoices), "Faktury")))["Faktury"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(INVOICE_COLUMNS.values())
    assert rows[2][0] == "FV/2026/11/000002"
    assert rows[2][2] == datetime(2026, 11, 9)
    assert Decimal(str(rows[2][6])) == Decimal("151851.84")
    assert Decimal(str(rows[1][8])) == Decimal("0")
    assert rows[2][9] == "częściowo zapłacona"


def test_an_empty_list_exports_its_headers(invoices):
    empty = invoice_sheet(invoices.clear())
    assert to_csv(empty).decode("utf-8-sig").strip() == ";".join(INVOICE_COLUMNS.values())
    rows = list(
        openpyxl.load_workbook(io.BytesIO(to_xlsx(empty, "Faktury"))).active.iter_rows(values_only=True)
    )
    assert list(rows[0]) == list(INVOICE_COLUMNS.values()) and len(rows) == 1


def test_forecast_table_as_csv():
    table = [
        {
            "period": date(2027, 1, 1),
            "left_net_gr": 1_000_00,
            "left_vat_gr": 230_00,
            "left_gr": 1_230_00,
            "invoiced_gr": 0,
            "not_invoiced_gr": 1_230_00,
            "cost_gr": 100_00,
            "capital_left_gr": 800_00,
            "buyout_left_gr": 100_00,
        }
    ]
    data = to_csv(forecast_sheet(table))
    back = pl.read_csv(io.BytesIO(data[3:]), separator=";", decimal_comma=True, try_parse_dates=True)
    assert back.columns == list(FORECAST_COLUMNS.values())
    assert back.row(0) == (date(2027, 1, 1), 1000.0, 230.0, 1230.0, 0.0, 1230.0, 100.0, 800.0, 100.0)
