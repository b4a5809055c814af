"""Prognoza kosztów: what the leases will cost, period by period, from the schedule items.

One computation feeds the chart and the table: the schedule items due in the chosen window, grouped by
month, week or quarter and stacked by contract type, contract, asset kind or cost kind. Amounts are
what is still to pay (gross minus paid) with its net and VAT shares, split into already invoiced and not
yet invoiced. The window never reaches before today: what fell due before today and is still unpaid is
overdue, reported apart whatever the window. For the finance manager, the net splits into the part that
is a cost, the part that repays capital (financial leases; for operating leases the whole net installment
is a cost) and the buyouts (buying the asset is not a cost, whatever the lease type).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from ebok_app.models import ItemKind
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.money import vat_of

GROUPINGS = {"month": "1mo", "week": "1w", "quarter": "1q"}
STACKS = {"lease_type": "lease_type", "contract": "contract_number", "asset": "asset_kind", "kind": "kind"}
SUMS = (
    "left_net_gr",
    "left_vat_gr",
    "left_gr",
    "invoiced_gr",
    "cost_gr",
    "capital_left_gr",
    "buyout_left_gr",
)
MAX_STACKS = 8  # a chart shows at most this many series; the rest are summed as "inne"
OTHERS = "inne"


@dataclass(frozen=True)
class ForecastRequest:
    start: date
    end: date
    grouping: str = "month"
    stack: str = "lease_type"
    lease_type: str = ""  # only operating or only financial leases
    contract_search: str = ""  # only the contracts whose number contains this
    buyout: BuyoutPlan | None = None  # the what-if: one contract bought out early
    today: date = field(default_factory=date.today)  # nothing before it is forecast: it is overdue


@dataclass(frozen=True)
class BuyoutPlan:
    contract_id: int
    on: date


@dataclass(frozen=True)
class BuyoutEstimate:
    """An estimate of ending one contract early by buying the asset out on a day."""

    contract_number: str
    on: date
    replaced_gr: int  # gross of the installments and the final buyout that would no longer be paid
    buyout_net_gr: int  # remaining capital + the contract's buyout value
    buyout_gross_gr: int
    difference_gr: int  # replaced minus the early buyout: what the company would pay less (or more, if < 0)


@dataclass(frozen=True)
class Forecast:
    periods: list[date]  # the first day of each period, in order
    series: dict[str, list[int]]  # stack value -> left to pay (gross, grosze) per period
    table: list[
        dict
    ]  # one row per period: net, VAT, gross left, invoiced, not invoiced, cost, capital, buyout
    totals: dict[str, int]
    overdue_gr: int  # due before today, still unpaid (whatever the window)


def forecast_items(frames: PortfolioFrames, today: date) -> pl.DataFrame:
    """The items still to pay, with the left amount's net and VAT shares, cost, capital and buyout, and
    their contract's type and asset (prepared once a day on the frames)."""
    return frames.derived("forecast-items", today, lambda: _prepare(frames), extends="items")


def _prepare(frames: PortfolioFrames) -> pl.DataFrame:
    contracts = frames.contracts.select(pl.col("id").alias("contract_id"), "lease_type", "asset_kind")
    left = pl.col("gross_gr") - pl.col("paid_gr")
    share = pl.when(pl.col("gross_gr") > 0).then(left / pl.col("gross_gr")).otherwise(0.0)
    left_net = (pl.col("net_gr") * share).round(0).cast(pl.Int64)
    left_capital = (pl.col("capital_gr") * share).round(0).cast(pl.Int64)
    return (
        frames.items.join(contracts, on="contract_id", how="left", maintain_order="left")
        .with_columns(
            left_gr=left,
            left_net_gr=left_net,
            left_vat_gr=left - left_net,
            invoiced_gr=pl.when(pl.col("invoice_id").is_not_null()).then(left).otherwise(0),
        )
        .with_columns(_non_cost(left_capital))
    )


def _non_cost(left_capital: pl.Expr) -> list[pl.Expr]:
    """Buyouts (any lease type) and the capital of financial leases' other items are not a cost."""
    is_buyout = pl.col("kind") == ItemKind.BUYOUT
    financial = pl.col("lease_type") == "financial"
    buyout = pl.when(is_buyout).then(pl.col("left_net_gr")).otherwise(0)
    capital = pl.when(financial & ~is_buyout).then(left_capital).otherwise(0)
    return [
        buyout.alias("buyout_left_gr"),
        capital.alias("capital_left_gr"),
        (pl.col("left_net_gr") - buyout - capital).alias("cost_gr"),
    ]


def forecast(frames: PortfolioFrames, request: ForecastRequest) -> Forecast:
    if request.grouping not in GROUPINGS or request.stack not in STACKS or request.end < request.start:
        raise ValueError("unknown grouping or stack, or an empty window")
    items = forecast_items(frames, request.today)
    if request.lease_type:
        items = items.filter(pl.col("lease_type") == request.lease_type)
    if request.contract_search.strip():
        needle = request.contract_search.strip().lower()
        items = items.filter(pl.col("contract_number").str.to_lowercase().str.contains(needle, literal=True))
    if request.buyout is not None:
        items = _with_buyout(items, request.buyout)
    overdue = int(items.select(pl.col("left_gr").filter(pl.col("due_date") < request.today).sum()).item())
    first_day = max(request.start, request.today)
    stack_column = STACKS[request.stack]
    window = (  # only the columns summed are gathered: the items are a shared file's, mapped
        items.select("due_date", *{stack_column, *SUMS})
        .filter(pl.col("due_date").is_between(first_day, request.end))
        .with_columns(period=pl.col("due_date").dt.truncate(GROUPINGS[request.grouping]))
    )
    periods = _periods(request)
    by_stack = window.group_by("period", stack_column).agg(pl.col("left_gr").sum())
    series = _series(by_stack, stack_column, periods)
    per_period = window.group_by("period").agg(*[pl.col(c).sum() for c in SUMS])
    empty = dict.fromkeys(SUMS, 0)
    found = {row["period"]: row for row in per_period.to_dicts()}
    table = []
    for period in periods:
        row = {**empty, **{k: int(v) for k, v in found.get(period, {}).items() if k != "period"}}
        table.append({"period": period, **row, "not_invoiced_gr": row["left_gr"] - row["invoiced_gr"]})
    totals = {key: sum(r[key] for r in table) for key in (*SUMS, "not_invoiced_gr")}
    return Forecast(periods=periods, series=series, table=table, totals=totals, overdue_gr=overdue)


BUYOUT_REPLACES = (ItemKind.INSTALLMENT, ItemKind.BUYOUT)


def replaced_by_buyout(items: pl.DataFrame, plan: BuyoutPlan) -> pl.DataFrame:
    return items.filter(
        (pl.col("contract_id") == plan.contract_id)
        & (pl.col("due_date") > plan.on)
        & pl.col("kind").is_in(BUYOUT_REPLACES)
    )


def estimate_buyout(
    frames: PortfolioFrames, plan: BuyoutPlan, today: date | None = None
) -> BuyoutEstimate | None:
    """The early buyout on `plan.on`: the capital still to repay in the installments after that day plus
    the buyout value, with 23% VAT, instead of those installments and the final buyout. None when the
    contract (of this company) has nothing left to replace."""
    replaced = replaced_by_buyout(forecast_items(frames, today or date.today()), plan)
    if replaced.is_empty():
        return None
    net = buyout_net(replaced)
    gross = net + vat_of(net, "23")
    total = int(replaced["left_gr"].sum())
    return BuyoutEstimate(str(replaced["contract_number"][0]), plan.on, total, net, gross, total - gross)


def buyout_net(replaced: pl.DataFrame) -> int:
    """Remaining capital of the replaced installments plus the contract's buyout value (net)."""
    capital = replaced.filter(pl.col("kind") == "installment")["capital_gr"].sum()
    return int(capital) + int(replaced.filter(pl.col("kind") == "buyout")["net_gr"].sum())


def _with_buyout(items: pl.DataFrame, plan: BuyoutPlan) -> pl.DataFrame:
    replaced = replaced_by_buyout(items, plan)
    if replaced.is_empty():
        return items
    estimate_net = buyout_net(replaced)
    first = replaced.row(0, named=True)
    vat = vat_of(estimate_net, "23")
    buyout = pl.DataFrame(
        [
            {
                **first,
                "id": -1,
                "invoice_id": None,
                "kind": "buyout",
                "description": "Wykup przedterminowy (szacunek)",
                "due_date": plan.on,
                "net_gr": estimate_net,
                "vat_rate": "23",
                "vat_gr": vat,
                "gross_gr": estimate_net + vat,
                "capital_gr": estimate_net,
                "paid_gr": 0,
                "left_gr": estimate_net + vat,
                "left_net_gr": estimate_net,
                "left_vat_gr": vat,
                "invoiced_gr": 0,
                "capital_left_gr": 0,
                "buyout_left_gr": estimate_net,
                "cost_gr": 0,
            }
        ],
        schema=items.schema,
    )
    kept = items.join(replaced.select("id"), on="id", how="anti")
    return pl.concat([kept, buyout]).sort("due_date")


def _periods(request: ForecastRequest) -> list[date]:
    every = GROUPINGS[request.grouping]
    first = pl.Series([request.start]).dt.truncate(every)[0]
    return pl.date_range(first, request.end, interval=every, eager=True).to_list()


def _series(by_stack: pl.DataFrame, column: str, periods: list[date]) -> dict[str, list[int]]:
    """Per stack value, the amount of every period; beyond MAX_STACKS values the smallest go to "inne"."""
    name = pl.col(column).cast(pl.String).fill_null("—")
    ranking = (
        by_stack.group_by(name.alias("name"))
        .agg(pl.col("left_gr").sum())
        .sort(["left_gr", "name"], descending=[True, False])
    )
    names = ranking["name"].to_list()
    shown = names if len(names) <= MAX_STACKS else names[: MAX_STACKS - 1]
    grouped = (
        by_stack.with_columns(name=pl.when(name.is_in(shown)).then(name).otherwise(pl.lit(OTHERS)))
        .group_by("name", "period")
        .agg(pl.col("left_gr").sum())
    )
    index = {p: i for i, p in enumerate(periods)}
    series: dict[str, list[int]] = {n: [0] * len(periods) for n in shown}
    if len(names) > len(shown):
        series[OTHERS] = [0] * len(periods)
    for row in grouped.iter_rows(named=True):  # at most MAX_STACKS x periods rows
        series[row["name"]][index[row["period"]]] += int(row["left_gr"])
    return series
