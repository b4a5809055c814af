"""Prognoza kosztów: what the leases will cost, period by period, from the schedule items.

One computation feeds the chart and the table: the schedule items due in the chosen window, grouped by
month, week or quarter and stacked by contract type, contract, asset kind or cost kind. Amounts are
what is still to pay (gross minus paid) with its net and VAT shares, split into already invoiced and not
yet invoiced; what fell due before the window and is still unpaid is reported apart as overdue. For the
finance manager, the net splits into the part that is a cost and the part that repays capital (financial
leases; for operating leases the whole net installment is a cost).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from ebok_app.portfolio.frames import PortfolioFrames

GROUPINGS = {"month": "1mo", "week": "1w", "quarter": "1q"}
STACKS = {"lease_type": "lease_type", "contract": "contract_number", "asset": "asset_kind", "kind": "kind"}
MAX_STACKS = 8  # a chart shows at most this many series; the rest are summed as "inne"
OTHERS = "inne"


@dataclass(frozen=True)
class ForecastRequest:
    start: date
    end: date
    grouping: str = "month"
    stack: str = "lease_type"


@dataclass(frozen=True)
class Forecast:
    periods: list[date]  # the first day of each period, in order
    series: dict[str, list[int]]  # stack value -> left to pay (gross, grosze) per period
    table: list[dict]  # one row per period: net, VAT, gross left, invoiced, not invoiced, cost, capital
    totals: dict[str, int]
    overdue_gr: int  # due before the window, still unpaid


def _items(frames: PortfolioFrames, today: date) -> pl.DataFrame:
    """The items still to pay, with the left amount's net and VAT shares, cost and capital, and their
    contract's type and asset (prepared once a day on the frames)."""
    return frames.derived("forecast-items", today, lambda: _prepare(frames))


def _prepare(frames: PortfolioFrames) -> pl.DataFrame:
    contracts = frames.contracts.select(pl.col("id").alias("contract_id"), "lease_type", "asset_kind")
    left = pl.col("gross_gr") - pl.col("paid_gr")
    share = pl.when(pl.col("gross_gr") > 0).then(left / pl.col("gross_gr")).otherwise(0.0)
    left_net = (pl.col("net_gr") * share).round(0).cast(pl.Int64)
    left_capital = (pl.col("capital_gr") * share).round(0).cast(pl.Int64)
    return (
        frames.items.join(contracts, on="contract_id", how="left")
        .with_columns(
            left_gr=left,
            left_net_gr=left_net,
            left_vat_gr=left - left_net,
            invoiced_gr=pl.when(pl.col("invoice_id").is_not_null()).then(left).otherwise(0),
            capital_left_gr=pl.when(pl.col("lease_type") == "financial").then(left_capital).otherwise(0),
        )
        .with_columns(cost_gr=pl.col("left_net_gr") - pl.col("capital_left_gr"))
    )


def forecast(frames: PortfolioFrames, request: ForecastRequest) -> Forecast:
    if request.grouping not in GROUPINGS or request.stack not in STACKS or request.end < request.start:
        raise ValueError("unknown grouping or stack, or an empty window")
    items = _items(frames, date.today())
    overdue = int(items.filter(pl.col("due_date") < request.start)["left_gr"].sum())
    window = items.filter(pl.col("due_date").is_between(request.start, request.end))
    window = window.with_columns(period=pl.col("due_date").dt.truncate(GROUPINGS[request.grouping]))
    periods = _periods(request)
    stack_column = STACKS[request.stack]
    by_stack = window.group_by("period", stack_column).agg(pl.col("left_gr").sum())
    series = _series(by_stack, stack_column, periods)
    sums = ("left_net_gr", "left_vat_gr", "left_gr", "invoiced_gr", "cost_gr", "capital_left_gr")
    per_period = window.group_by("period").agg(*[pl.col(c).sum() for c in sums])
    empty = dict.fromkeys(sums, 0)
    found = {row["period"]: row for row in per_period.to_dicts()}
    table = []
    for period in periods:
        row = {**empty, **{k: int(v) for k, v in found.get(period, {}).items() if k != "period"}}
        table.append({"period": period, **row, "not_invoiced_gr": row["left_gr"] - row["invoiced_gr"]})
    totals = {key: sum(r[key] for r in table) for key in (*sums, "not_invoiced_gr")}
    return Forecast(periods=periods, series=series, table=table, totals=totals, overdue_gr=overdue)


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
