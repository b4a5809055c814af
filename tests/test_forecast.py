"""The cost forecast: totals equal the schedule items they come from, whatever the grouping and stack."""

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebok_app.portfolio.forecast import (
    GROUPINGS,
    MAX_STACKS,
    OTHERS,
    STACKS,
    BuyoutPlan,
    ForecastRequest,
    estimate_buyout,
    forecast,
)
from ebok_app.portfolio.frames import PortfolioFrames

TODAY = date(2026, 11, 23)


def _frames(contracts: list[dict], items: list[dict]) -> PortfolioFrames:
    contract_frame = pl.DataFrame(
        contracts,
        schema={"id": pl.Int64, "number": pl.String, "lease_type": pl.String, "asset_kind": pl.String},
    )
    item_frame = pl.DataFrame(
        items,
        schema={
            "id": pl.Int64,
            "contract_id": pl.Int64,
            "invoice_id": pl.Int64,
            "kind": pl.String,
            "due_date": pl.Date,
            "net_gr": pl.Int64,
            "vat_gr": pl.Int64,
            "gross_gr": pl.Int64,
            "capital_gr": pl.Int64,
            "paid_gr": pl.Int64,
            "contract_number": pl.String,
        },
    )
    return PortfolioFrames(1, 1, contract_frame, item_frame, pl.DataFrame(), pl.DataFrame())


contract_strategy = st.fixed_dictionaries(
    {
        "lease_type": st.sampled_from(["operating", "financial"]),
        "asset_kind": st.sampled_from(["samochód osobowy", "naczepa", "koparka", "sprzęt IT"]),
    }
)
item_strategy = st.fixed_dictionaries(
    {
        "contract": st.integers(0, 11),
        "kind": st.sampled_from(["installment", "fee", "insurance", "buyout", "initial_fee"]),
        "days": st.integers(-400, 800),
        "net": st.integers(0, 5_000_000),
        "paid_share": st.sampled_from([0.0, 0.0, 0.3, 1.0]),
        "invoiced": st.booleans(),
        "capital_share": st.floats(0, 1),
    }
)


def _portfolio(contract_specs, item_specs):
    contracts = [{"id": i + 1, "number": f"UL/{i + 1:03d}", **spec} for i, spec in enumerate(contract_specs)]
    items = []
    for n, spec in enumerate(item_specs):
        contract = contracts[spec["contract"] % len(contracts)]
        gross = spec["net"] * 123 // 100
        items.append(
            {
                "id": n + 1,
                "contract_id": contract["id"],
                "invoice_id": n + 1 if spec["invoiced"] else None,
                "kind": spec["kind"],
                "due_date": TODAY + timedelta(days=spec["days"]),
                "net_gr": spec["net"],
                "vat_gr": gross - spec["net"],
                "gross_gr": gross,
                "capital_gr": int(spec["net"] * spec["capital_share"]),
                "paid_gr": int(gross * spec["paid_share"]),
                "contract_number": contract["number"],
            }
        )
    return contracts, items


@settings(max_examples=60, deadline=None)
@given(
    st.lists(contract_strategy, min_size=1, max_size=12),
    st.lists(item_strategy, max_size=80),
    st.sampled_from(sorted(GROUPINGS)),
    st.sampled_from(sorted(STACKS)),
    st.integers(-300, 300),
    st.integers(1, 700),
)
def test_totals_equal_the_underlying_items_for_every_grouping(
    contract_specs, item_specs, grouping, stack, offset, length
):
    contracts, items = _portfolio(contract_specs, item_specs)
    start = TODAY + timedelta(days=offset)
    request = ForecastRequest(start, start + timedelta(days=length), grouping, stack, today=TODAY)
    result = forecast(_frames(contracts, items), request)
    inside = [i for i in items if max(start, TODAY) <= i["due_date"] <= request.end]
    left = sum(i["gross_gr"] - i["paid_gr"] for i in inside)
    assert result.totals["left_gr"] == left
    assert sum(sum(values) for values in result.series.values()) == left
    assert result.totals["left_net_gr"] + result.totals["left_vat_gr"] == left
    assert result.totals["invoiced_gr"] == sum(
        i["gross_gr"] - i["paid_gr"] for i in inside if i["invoice_id"]
    )
    assert result.totals["invoiced_gr"] + result.totals["not_invoiced_gr"] == left
    non_cost = result.totals["capital_left_gr"] + result.totals["buyout_left_gr"]
    assert result.totals["cost_gr"] + non_cost == result.totals["left_net_gr"]
    assert result.overdue_gr == sum(i["gross_gr"] - i["paid_gr"] for i in items if i["due_date"] < TODAY)
    assert len(result.series) <= MAX_STACKS
    assert all(len(values) == len(result.periods) for values in result.series.values())
    assert result.periods == sorted(result.periods) and result.periods[0] <= request.start


def test_period_boundaries_are_inclusive_and_months_are_calendar_months():
    contracts, items = _portfolio([{"lease_type": "operating", "asset_kind": "naczepa"}], [])
    for n, day in enumerate((date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 31), date(2027, 1, 1))):
        items.append(
            {
                "id": n + 1,
                "contract_id": 1,
                "invoice_id": None,
                "kind": "installment",
                "due_date": day,
                "net_gr": 100,
                "vat_gr": 23,
                "gross_gr": 123,
                "capital_gr": 0,
                "paid_gr": 0,
                "contract_number": "UL/001",
            }
        )
    result = forecast(
        _frames(contracts, items),
        ForecastRequest(date(2026, 11, 30), date(2026, 12, 31), today=date(2026, 11, 1)),
    )
    assert result.periods == [date(2026, 11, 1), date(2026, 12, 1)]
    assert [row["left_gr"] for row in result.table] == [123, 246]  # Jan 1 is outside the window
    assert result.series == {"operating": [123, 246]}


def test_partly_paid_items_count_what_is_left_and_financial_leases_split_cost_and_capital():
    contracts, _ = _portfolio([{"lease_type": "financial", "asset_kind": "koparka"}], [])
    items = [
        {
            "id": 1,
            "contract_id": 1,
            "invoice_id": 7,
            "kind": "installment",
            "due_date": TODAY,
            "net_gr": 10_000,
            "vat_gr": 2_300,
            "gross_gr": 12_300,
            "capital_gr": 8_000,
            "paid_gr": 6_150,
            "contract_number": "UL/001",
        }
    ]
    result = forecast(
        _frames(contracts, items), ForecastRequest(TODAY, TODAY + timedelta(days=10), today=TODAY)
    )
    assert result.totals["left_gr"] == 6_150
    assert (result.totals["left_net_gr"], result.totals["left_vat_gr"]) == (5_000, 1_150)
    assert (result.totals["capital_left_gr"], result.totals["cost_gr"]) == (4_000, 1_000)
    assert (result.totals["invoiced_gr"], result.totals["not_invoiced_gr"]) == (6_150, 0)


def test_many_contracts_are_summed_into_others():
    contracts, _ = _portfolio([{"lease_type": "operating", "asset_kind": "naczepa"}] * 12, [])
    items = [
        {
            "id": n + 1,
            "contract_id": n + 1,
            "invoice_id": None,
            "kind": "installment",
            "due_date": TODAY,
            "net_gr": 100 * (n + 1),
            "vat_gr": 0,
            "gross_gr": 100 * (n + 1),
            "capital_gr": 0,
            "paid_gr": 0,
            "contract_number": f"UL/{n + 1:03d}",
        }
        for n in range(12)
    ]
    result = forecast(
        _frames(contracts, items), ForecastRequest(TODAY, TODAY, "month", "contract", today=TODAY)
    )
    assert list(result.series)[:2] == ["UL/012", "UL/011"]  # the largest first
    assert result.series[OTHERS] == [sum(100 * (n + 1) for n in range(5))]  # the 5 smallest
    assert len(result.series) == MAX_STACKS


def test_bad_requests_are_refused():
    contracts, items = _portfolio([{"lease_type": "operating", "asset_kind": "naczepa"}], [])
    with pytest.raises(ValueError):
        forecast(_frames(contracts, items), ForecastRequest(TODAY, TODAY - timedelta(days=1)))
    with pytest.raises(ValueError):
        forecast(_frames(contracts, items), ForecastRequest(TODAY, TODAY, "decade"))


def _financial_contract_ending_with_a_buyout():
    contracts = [{"id": 1, "number": "UL/001", "lease_type": "financial", "asset_kind": "koparka"}]
    items = []
    for n in range(6):  # 6 monthly installments: capital 1 000 + interest 100, VAT 23 %
        items.append(
            {
                "id": n + 1,
                "contract_id": 1,
                "invoice_id": None,
                "kind": "installment",
                "due_date": date(2027, 1 + n, 10),
                "net_gr": 1_100_00,
                "vat_gr": 253_00,
                "gross_gr": 1_353_00,
                "capital_gr": 1_000_00,
                "paid_gr": 0,
                "contract_number": "UL/001",
            }
        )
    items.append(
        {
            "id": 7,
            "contract_id": 1,
            "invoice_id": None,
            "kind": "buyout",
            "due_date": date(2027, 6, 24),
            "net_gr": 500_00,
            "vat_gr": 115_00,
            "gross_gr": 615_00,
            "capital_gr": 500_00,
            "paid_gr": 0,
            "contract_number": "UL/001",
        }
    )
    return _frames(contracts, items)


def test_buyout_what_if_on_a_hand_computed_contract():
    frames = _financial_contract_ending_with_a_buyout()
    plan = BuyoutPlan(contract_id=1, on=date(2027, 3, 31))  # after the March installment
    estimate = estimate_buyout(frames, plan, TODAY)
    # replaced: April, May, June installments (3 x 1 353) and the buyout (615) = 4 674
    assert estimate.replaced_gr == 4_674_00
    # instead: remaining capital 3 x 1 000 + buyout value 500 = 3 500 net, + 23 % VAT = 4 305 gross
    assert (estimate.buyout_net_gr, estimate.buyout_gross_gr) == (3_500_00, 4_305_00)
    assert estimate.difference_gr == 369_00  # the interest no longer paid, with its VAT
    window = ForecastRequest(date(2027, 1, 1), date(2027, 12, 31), today=TODAY)
    before = forecast(frames, window)
    after = forecast(frames, ForecastRequest(window.start, window.end, buyout=plan, today=TODAY))
    assert before.totals["left_gr"] - after.totals["left_gr"] == 369_00
    march = after.periods.index(date(2027, 3, 1))
    assert after.table[march]["left_gr"] == 1_353_00 + 4_305_00
    assert all(row["left_gr"] == 0 for row in after.table[march + 1 :])
    assert estimate_buyout(frames, BuyoutPlan(1, date(2027, 7, 1)), TODAY) is None  # nothing left to replace
    assert estimate_buyout(frames, BuyoutPlan(99, date(2027, 3, 31)), TODAY) is None  # not this company's


def test_type_and_contract_filters():
    contracts = [
        {"id": 1, "number": "UL/2024/001", "lease_type": "financial", "asset_kind": "koparka"},
        {"id": 2, "number": "UL/2025/002", "lease_type": "operating", "asset_kind": "naczepa"},
    ]
    items = [
        {
            "id": n,
            "contract_id": n,
            "invoice_id": None,
            "kind": "installment",
            "due_date": TODAY,
            "net_gr": 100 * n,
            "vat_gr": 0,
            "gross_gr": 100 * n,
            "capital_gr": 0,
            "paid_gr": 0,
            "contract_number": contracts[n - 1]["number"],
        }
        for n in (1, 2)
    ]
    frames = _frames(contracts, items)
    assert (
        forecast(frames, ForecastRequest(TODAY, TODAY, lease_type="operating", today=TODAY)).totals["left_gr"]
        == 200
    )
    assert (
        forecast(frames, ForecastRequest(TODAY, TODAY, contract_search="2024/", today=TODAY)).totals[
            "left_gr"
        ]
        == 100
    )
    assert (
        forecast(frames, ForecastRequest(TODAY, TODAY, contract_search="nic", today=TODAY)).totals["left_gr"]
        == 0
    )
