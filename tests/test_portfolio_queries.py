"""Every filter, sort, search, page and total of the portfolio lists, against hand-computed answers."""

from dataclasses import replace
from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import PortfolioFrames, invoices_in_list_order, items_in_list_order
from ebok_app.portfolio.queries import ContractFilter, InvoiceFilter, ItemFilter
from ebok_app.portfolio.statuses import (
    contract_status,
    contract_status_expr,
    is_overdue,
    overdue_expr,
    payment_status,
    payment_status_expr,
    policy_status,
    policy_status_expr,
)

TODAY = date(2026, 11, 23)
D = TODAY


def _contract(
    id_,
    number,
    lease_type,
    start,
    end,
    plate,
    kind="samochód osobowy",
    make="Skoda",
    value=100_00,
    terminated=None,
):
    return {
        "id": id_,
        "number": number,
        "lease_type": lease_type,
        "signed_on": start - timedelta(days=7),
        "start_date": start,
        "end_date": end,
        "terminated_on": terminated,
        "initial_net_gr": value,
        "installments_count": 36,
        "currency": "PLN",
        "asset_kind": kind,
        "asset_make": make,
        "asset_model": "Octavia",
        "asset_year": 2024,
        "plate": plate,
        "vin": None,
        "serial_number": None,
    }


def _item(id_, contract_id, kind, due, gross, paid, invoice_id=None, number="UL/1"):
    net = gross * 100 // 123
    return {
        "id": id_,
        "contract_id": contract_id,
        "invoice_id": invoice_id,
        "kind": kind,
        "seq_no": id_,
        "description": f"{kind} {id_}",
        "due_date": due,
        "net_gr": net,
        "vat_rate": "23",
        "vat_gr": gross - net,
        "gross_gr": gross,
        "capital_gr": 0,
        "paid_gr": paid,
        "contract_number": number,
    }


KSEF_1 = "5252248481-20261010-0123456789AB-00"
INVOICE_TYPES = {"ksef_number": pl.String, "corrects_id": pl.Int64}  # as the frames read them


def _invoice(
    id_, contract_id, number, issue, due, gross, paid, contract_number="UL/1", ksef=None, corrects=None
):
    net = gross * 100 // 123
    return {
        "id": id_,
        "contract_id": contract_id,
        "number": number,
        "issue_date": issue,
        "due_date": due,
        "net_gr": net,
        "vat_gr": gross - net,
        "gross_gr": gross,
        "paid_gr": paid,
        "ksef_number": ksef,
        "corrects_id": corrects,
        "contract_number": contract_number,
    }


@pytest.fixture
def frames() -> PortfolioFrames:
    contracts = [
        _contract(
            1, "UL/2024/001", "operating", D - timedelta(days=400), D + timedelta(days=700), "WA 12345"
        ),
        _contract(
            2,
            "UL/2025/002",
            "financial",
            D - timedelta(days=100),
            D + timedelta(days=1000),
            "KR 4AB12",
            kind="samochód dostawczy",
            make="Ford",
            value=300_00,
        ),
        _contract(
            3,
            "UL/2026/003",
            "operating",
            D + timedelta(days=10),
            D + timedelta(days=1100),
            None,
            kind="koparka gąsienicowa",
            make="Komatsu",
            value=900_00,
        ),
        _contract(
            4,
            "UL/2022/004",
            "financial",
            D - timedelta(days=1500),
            D - timedelta(days=5),
            "PO 99999",
            value=50_00,
        ),
    ]
    items = [
        _item(1, 1, "installment", D - timedelta(days=30), 1230, 1230, 1),
        _item(2, 1, "installment", D, 1230, 0, 2),  # due today, unpaid: not overdue yet
        _item(3, 1, "installment", D + timedelta(days=30), 1230, 0),
        _item(4, 2, "installment", D - timedelta(days=1), 2460, 1000, 3, "UL/2025/002"),  # partly, overdue
        _item(5, 2, "insurance", D + timedelta(days=60), 500, 0, None, "UL/2025/002"),
        _item(6, 2, "installment", D + timedelta(days=31), 2460, 0, None, "UL/2025/002"),
    ]
    invoices = [
        _invoice(
            1, 1, "FV/2026/10/000001", D - timedelta(days=44), D - timedelta(days=30), 1230, 1230, ksef=KSEF_1
        ),
        _invoice(2, 1, "FV/2026/11/000002", D - timedelta(days=14), D, 1230, 0),
        _invoice(
            3,
            2,
            "FV/2026/11/000003",
            D - timedelta(days=15),
            D - timedelta(days=1),
            2460,
            1000,
            "UL/2025/002",
        ),
    ]
    policies = [
        {
            "id": 1,
            "contract_id": 1,
            "number": "P1",
            "insurer": "PZU SA",
            "kind": "OC/AC",
            "variant": "Standard",
            "start_date": D - timedelta(days=335),
            "end_date": D + timedelta(days=30),
            "premium_gr": 1000,
            "contract_number": "UL/2024/001",
        },
        {
            "id": 2,
            "contract_id": 2,
            "number": "P2",
            "insurer": "Warta",
            "kind": "OC/AC",
            "variant": "Komfort",
            "start_date": D - timedelta(days=100),
            "end_date": D + timedelta(days=31),
            "premium_gr": 1000,
            "contract_number": "UL/2025/002",
        },
        {
            "id": 3,
            "contract_id": 4,
            "number": "P3",
            "insurer": "Allianz",
            "kind": "OC/AC",
            "variant": "Premium",
            "start_date": D - timedelta(days=400),
            "end_date": D - timedelta(days=1),
            "premium_gr": 1000,
            "contract_number": "UL/2022/004",
        },
    ]
    return PortfolioFrames(
        1,
        1,
        pl.DataFrame(contracts),
        items_in_list_order(pl.DataFrame(items)),
        invoices_in_list_order(pl.DataFrame(invoices, schema_overrides=INVOICE_TYPES)),
        pl.DataFrame(policies),
    )


def _numbers(page):
    return [r["number"] for r in page.rows]


def test_contract_status_and_installments_left(frames):
    rows = {r["number"]: r for r in queries.contracts_table(frames, TODAY).to_dicts()}
    assert {n: r["status"] for n, r in rows.items()} == {
        "UL/2024/001": "active",
        "UL/2025/002": "active",
        "UL/2026/003": "signed",
        "UL/2022/004": "ended",
    }
    assert rows["UL/2024/001"]["installments_left"] == 2  # due today counts as still to pay
    assert rows["UL/2025/002"]["installments_left"] == 1
    assert rows["UL/2022/004"]["installments_left"] == 0


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ContractFilter(search="kr 4ab"), ["UL/2025/002"]),
        (ContractFilter(search="KOMATSU"), ["UL/2026/003"]),
        (ContractFilter(search="2024/001"), ["UL/2024/001"]),
        (ContractFilter(search="nic takiego"), []),
        (ContractFilter(lease_type="financial"), ["UL/2025/002", "UL/2022/004"]),
        (ContractFilter(status="ended"), ["UL/2022/004"]),
        (ContractFilter(start_from=D - timedelta(days=100), start_to=D), ["UL/2025/002"]),
        (ContractFilter(end_to=D), ["UL/2022/004"]),
        (
            ContractFilter(sort="initial_net_gr", descending=False),
            ["UL/2022/004", "UL/2024/001", "UL/2025/002", "UL/2026/003"],
        ),
        (
            ContractFilter(sort="number", descending=True),
            ["UL/2026/003", "UL/2025/002", "UL/2024/001", "UL/2022/004"],
        ),
        (
            ContractFilter(sort="plate", descending=False),
            ["UL/2025/002", "UL/2022/004", "UL/2024/001", "UL/2026/003"],
        ),  # no plate: last
        (ContractFilter(sort="not-a-column"), ["UL/2026/003", "UL/2025/002", "UL/2024/001", "UL/2022/004"]),
    ],
)
def test_contract_filters_and_sorts(frames, flt, expected):
    assert _numbers(queries.contracts_page(frames, flt, TODAY)) == expected


def test_pages_are_clamped_and_an_empty_result_has_one_page(frames):
    page = queries.contracts_page(
        frames, ContractFilter(sort="number", descending=False, page=2), TODAY, page_size=3
    )
    assert (_numbers(page), page.total, page.page, page.pages) == (["UL/2026/003"], 4, 2, 2)
    beyond = queries.contracts_page(frames, ContractFilter(page=99), TODAY, page_size=3)
    assert beyond.page == 2
    empty = queries.contracts_page(frames, ContractFilter(search="zzz"), TODAY)
    assert (empty.rows, empty.total, empty.page, empty.pages) == ([], 0, 1, 1)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (InvoiceFilter(status="paid"), ["FV/2026/10/000001"]),
        (InvoiceFilter(status="unpaid"), ["FV/2026/11/000002"]),
        (InvoiceFilter(status="partly_paid"), ["FV/2026/11/000003"]),
        (InvoiceFilter(status="overdue"), ["FV/2026/11/000003"]),  # due today is not overdue
        (InvoiceFilter(contract_id=1), ["FV/2026/11/000002", "FV/2026/10/000001"]),
        (InvoiceFilter(search="ul/2025"), ["FV/2026/11/000003"]),
        (InvoiceFilter(search="0123456789ab"), ["FV/2026/10/000001"]),  # by the KSeF number
        (InvoiceFilter(ksef="with"), ["FV/2026/10/000001"]),
        (InvoiceFilter(ksef="without"), ["FV/2026/11/000002", "FV/2026/11/000003"]),
        (InvoiceFilter(due_from=D, due_to=D), ["FV/2026/11/000002"]),
        (
            InvoiceFilter(sort="gross_gr", descending=True),
            ["FV/2026/11/000003", "FV/2026/11/000002", "FV/2026/10/000001"],
        ),
    ],
)
def test_invoice_filters(frames, flt, expected):
    assert _numbers(queries.invoices_page(frames, flt, TODAY)) == expected


def test_invoice_rows_carry_status_overdue_and_left_to_pay(frames):
    row = queries.invoices_page(frames, InvoiceFilter(status="partly_paid"), TODAY).rows[0]
    assert (row["status"], row["overdue"], row["left_gr"]) == ("partly_paid", True, 1460)


def test_items_filters_and_totals(frames):
    unpaid = queries.filter_items(frames, ItemFilter(status="unpaid"), TODAY)
    assert unpaid["id"].to_list() == [2, 3, 6, 5]  # ordered by due date
    assert queries.totals(unpaid) == {
        "net_gr": 1000 + 1000 + 2000 + 406,
        "vat_gr": 230 + 230 + 460 + 94,
        "gross_gr": 1230 + 1230 + 2460 + 500,
        "paid_gr": 0,
        "left_gr": 1230 + 1230 + 2460 + 500,
    }
    partly = queries.filter_items(frames, ItemFilter(contract_id=2, kinds=("installment",)), TODAY)
    assert queries.totals(partly) == {
        "net_gr": 4000,
        "vat_gr": 920,
        "gross_gr": 4920,
        "paid_gr": 1000,
        "left_gr": 3920,
    }
    window = queries.filter_items(frames, ItemFilter(due_from=D, due_to=D + timedelta(days=30)), TODAY)
    assert window["id"].to_list() == [2, 3]
    assert queries.totals(queries.filter_items(frames, ItemFilter(search="brak"), TODAY)) == dict.fromkeys(
        ("net_gr", "vat_gr", "gross_gr", "paid_gr", "left_gr"), 0
    )


def test_policy_expiring_at_the_window_boundary(frames):
    statuses = dict(queries.policies_table(frames, TODAY, 30).select("number", "status").iter_rows())
    assert statuses == {"P1": "expiring", "P2": "active", "P3": "expired"}


@given(st.integers(0, 10_000), st.integers(0, 10_000), st.integers(-40, 40))
def test_polars_payment_rules_agree_with_the_python_ones(gross, paid, days):
    paid = min(paid, gross)
    due = TODAY + timedelta(days=days)
    row = (
        pl.DataFrame({"gross_gr": [gross], "paid_gr": [paid], "due_date": [due]})
        .select(status=payment_status_expr(), overdue=overdue_expr(TODAY))
        .row(0, named=True)
    )
    assert row["status"] == payment_status(gross, paid)
    assert row["overdue"] == is_overdue(due, gross, paid, TODAY)


@given(
    st.integers(-900, 900),
    st.integers(0, 2000),
    st.one_of(st.none(), st.integers(-900, 900)),
    st.integers(-60, 60),
)
def test_polars_contract_and_policy_rules_agree(start_offset, length, terminated_offset, end_offset):
    start = TODAY + timedelta(days=start_offset)
    end = start + timedelta(days=length)
    terminated = None if terminated_offset is None else TODAY + timedelta(days=terminated_offset)
    frame = pl.DataFrame(
        {"start_date": [start], "end_date": [end], "terminated_on": [terminated]},
        schema={"start_date": pl.Date, "end_date": pl.Date, "terminated_on": pl.Date},
    )
    assert frame.select(contract_status_expr(TODAY)).item() == contract_status(start, end, terminated, TODAY)
    policy_end = TODAY + timedelta(days=end_offset)
    policy = pl.DataFrame({"end_date": [policy_end]}).select(policy_status_expr(TODAY, 30)).item()
    assert policy == policy_status(policy_end, TODAY, 30)


def test_policies_current_first_soonest_ending_first_then_expired(frames):
    page = queries.policies_page(frames, queries.PolicyFilter(), TODAY, 30)
    assert [r["number"] for r in page.rows] == ["P1", "P2", "P3"]
    assert [
        r["number"]
        for r in queries.policies_page(frames, queries.PolicyFilter(status="expiring"), TODAY, 30).rows
    ] == ["P1"]
    assert [
        r["number"]
        for r in queries.policies_page(frames, queries.PolicyFilter(search="warta"), TODAY, 30).rows
    ] == ["P2"]
    assert queries.policies_page(frames, queries.PolicyFilter(status="expiring"), TODAY, 29).rows == []


def test_attention_for_the_dashboard(frames):
    seen = queries.attention(frames, TODAY, expiring_days=30, soon_days=14, ending_days=60)
    assert [i["number"] for i in seen.overdue] == ["FV/2026/11/000003"]
    assert (seen.overdue_count, seen.overdue_left_gr) == (1, 1460)
    assert [i["number"] for i in seen.due_soon] == ["FV/2026/11/000002"]  # due today counts as soon
    assert seen.due_soon_left_gr == 1230
    assert [p["number"] for p in seen.expiring] == ["P1"]
    assert seen.ending_count == 0  # UL/2022/004 already ended; the others end later than 60 days
    # November 2026: item 2 (due today) and item 4 (due yesterday); item 1 fell due in October
    assert (seen.this_month_left_gr, seen.this_month_paid_gr) == (1230 + 1460, 1000)
    assert seen.next_month_left_gr == 1230 + 2460  # items 3 (Dec 23) and 6 (Dec 24)
    assert queries._month_bounds(date(2026, 12, 5), 1) == (date(2027, 1, 1), date(2027, 1, 31))


def test_a_correction_names_its_original_and_the_original_its_latest_correction(frames):
    kor = pl.DataFrame(
        [
            _invoice(
                9, 1, "KOR/2026/11/000001", D - timedelta(days=5), D + timedelta(days=9), -123, 0, corrects=1
            )
        ],
        schema=frames.invoices.schema,
    )
    with_kor = replace(frames, invoices=pl.concat([frames.invoices, kor]), _derived={})
    rows = {r["number"]: r for r in queries.invoices_page(with_kor, InvoiceFilter(), TODAY).rows}
    assert rows["KOR/2026/11/000001"]["corrects_number"] == "FV/2026/10/000001"
    assert rows["KOR/2026/11/000001"]["status"] == "paid"  # a lowering correction leaves nothing to pay
    assert (rows["FV/2026/10/000001"]["corrected_by"], rows["FV/2026/10/000001"]["corrected_by_id"]) == (
        "KOR/2026/11/000001",
        9,
    )
    assert rows["FV/2026/11/000002"]["corrected_by"] is None
