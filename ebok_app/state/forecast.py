"""Prognoza kosztów: the finance manager's view of what the leases will cost, bookmarkable."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import plotly.graph_objects as go
import polars as pl
import reflex as rx

from ebok_app import routes
from ebok_app.accounts.sessions import SignedIn
from ebok_app.portfolio.dates import add_months, month_end
from ebok_app.portfolio.forecast import (
    GROUPINGS,
    STACKS,
    BuyoutPlan,
    ForecastRequest,
    estimate_buyout,
    forecast,
)
from ebok_app.portfolio.forecast_chart import forecast_figure, period_label
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.security.rights import Right
from ebok_app.state.auth import download
from ebok_app.state.boundary import protected
from ebok_app.state.contract import LEASE_TYPES_PL
from ebok_app.state.freshness import portfolio_of
from ebok_app.state.listing import KIND_LABELS_PL, day, money, parse_day, replace_url

HORIZONS = ("3", "6", "12", "24")
NO_FORECAST_PL = "Prognozę kosztów widzą role administrator i finanse. Poproś administratora firmy o dostęp."
BAD_RANGE_PL = "Podaj poprawny okres: data końcowa nie może być wcześniejsza niż początkowa, najwyżej 5 lat."
STACK_LABELS = {**LEASE_TYPES_PL, **KIND_LABELS_PL}


class PeriodRow(TypedDict):
    """A period of the forecast's table, every amount formatted."""

    period: str
    net: str
    vat: str
    gross: str
    invoiced: str
    not_invoiced: str
    cost: str
    capital: str
    buyout: str


class ForecastState(rx.State):
    horizon: str = "12"  # months ahead, or "" for the date range below
    start: str = ""
    end: str = ""
    grouping: str = "month"
    stack: str = "lease_type"
    lease_type: str = ""
    q: str = ""  # contract number, or a part of it
    buyout_number: str = ""  # the what-if: this contract bought out early ...
    buyout_on: str = ""  # ... on this day
    estimate: dict[str, str] = {}

    figure: go.Figure = go.Figure()
    rows: list[PeriodRow] = []
    totals: dict[str, str] = {}
    overdue: str = ""
    error: str = ""
    form_key: int = 0
    chart_shown: bool = False  # plotly (its code and its drawing) only once the chart comes into view

    @protected(Right.FORECAST)
    async def show_chart(self, info: SignedIn):
        self.chart_shown = True

    def _window(self) -> tuple[date, date] | None:
        today = date.today()
        if self.horizon in HORIZONS:  # this month (from today) and the months after it: N whole periods
            return today, month_end(add_months(today, int(self.horizon) - 1))
        start, end = parse_day(self.start), parse_day(self.end)
        if start is None or end is None or end < start or (end - start).days > 5 * 366:
            return None
        return start, end

    def _refused(self, right: Right) -> None:
        self.error, self.rows, self.totals, self.figure = NO_FORECAST_PL, [], {}, go.Figure()

    async def _refresh(self, info: SignedIn):
        window = self._window()
        if window is None:
            self.error = BAD_RANGE_PL
            return None
        self.error = ""
        frames = await portfolio_of(info.company_id)
        result = forecast(frames, self._request(frames, window))
        self.figure = forecast_figure(result, self.grouping, STACK_LABELS)
        self.rows = [
            {
                "period": period_label(row["period"], self.grouping),
                "net": money(row["left_net_gr"]),
                "vat": money(row["left_vat_gr"]),
                "gross": money(row["left_gr"]),
                "invoiced": money(row["invoiced_gr"]),
                "not_invoiced": money(row["not_invoiced_gr"]),
                "cost": money(row["cost_gr"]),
                "capital": money(row["capital_left_gr"]),
                "buyout": money(row["buyout_left_gr"]),
            }
            for row in result.table
        ]
        self.totals = {key: money(value) for key, value in result.totals.items()}
        self.overdue = money(result.overdue_gr)
        return replace_url(
            routes.FORECAST,
            {
                "okres": self.horizon,
                "od": "" if self.horizon else self.start,
                "do": "" if self.horizon else self.end,
                "grupuj": "" if self.grouping == "month" else self.grouping,
                "wg": "" if self.stack == "lease_type" else self.stack,
                "typ": self.lease_type,
                "q": self.q,
                "wykup": self.buyout_number,
                "wykup_dnia": self.buyout_on,
            },
        )

    def _request(self, frames: PortfolioFrames, window: tuple[date, date]) -> ForecastRequest:
        return ForecastRequest(
            start=window[0],
            end=window[1],
            grouping=self.grouping,
            stack=self.stack,
            lease_type=self.lease_type,
            contract_search=self.q,
            buyout=self._buyout_plan(frames),
        )

    def _buyout_plan(self, frames: PortfolioFrames) -> BuyoutPlan | None:
        """The what-if plan for a contract of this company, with its estimate shown; None without one."""
        self.estimate = {}
        if not self.buyout_number:
            return None
        match = frames.contracts.filter(pl.col("number") == self.buyout_number.strip())
        on = parse_day(self.buyout_on) or date.today()
        if match.is_empty():
            self.estimate = {"error": "Nie znaleziono takiej umowy wśród Twoich umów."}
            return None
        plan = BuyoutPlan(int(match["id"][0]), on)
        estimate = estimate_buyout(frames, plan)
        if estimate is None:
            self.estimate = {"error": "Po tym dniu umowa nie ma już rat do zastąpienia wykupem."}
            return None
        self.estimate = {
            "contract": estimate.contract_number,
            "on": day(on),
            "replaced": money(estimate.replaced_gr),
            "buyout_net": money(estimate.buyout_net_gr),
            "buyout_gross": money(estimate.buyout_gross_gr),
            "difference": money(estimate.difference_gr),
            "error": "",
        }
        return plan

    def _read(self, values: dict) -> None:
        horizon = str(values.get("okres", ""))
        self.horizon = horizon if horizon in HORIZONS else ""
        self.start, self.end = str(values.get("od", ""))[:10], str(values.get("do", ""))[:10]
        grouping, stack = str(values.get("grupuj", "month")), str(values.get("wg", "lease_type"))
        self.grouping = grouping if grouping in GROUPINGS else "month"
        self.stack = stack if stack in STACKS else "lease_type"
        lease_type = str(values.get("typ", ""))
        self.lease_type = lease_type if lease_type in ("operating", "financial") else ""
        self.q = str(values.get("q", ""))[:32]
        self.buyout_number = str(values.get("wykup", ""))[:32]
        self.buyout_on = str(values.get("wykup_dnia", ""))[:10]

    @protected(Right.FORECAST)
    async def load(self, info: SignedIn):
        params = dict(self.router.url.query_parameters)
        self._read(params if params else {"okres": "12"})
        self.form_key += 1
        return await self._refresh(info)

    @protected(Right.EXPORT)
    async def export(self, info: SignedIn, fmt: str):
        """The table of the forecast as CSV or XLSX over HTTP (the chart: plotly's own PNG/SVG button)."""
        window = self._window()
        if window is None or fmt not in ("csv", "xlsx"):
            return None
        frames = await portfolio_of(info.company_id)
        plan = self._request(frames, window).buyout
        return download(
            info.session_id,
            "forecast_export",
            format=fmt,
            start=window[0].isoformat(),
            end=window[1].isoformat(),
            grouping=self.grouping,
            stack=self.stack,
            lease_type=self.lease_type,
            search=self.q,
            buyout_contract_id=plan.contract_id if plan else None,
            buyout_on=plan.on.isoformat() if plan else None,
        )

    @protected(Right.FORECAST)
    async def what_if(self, info: SignedIn, form: dict):
        self.buyout_number = str(form.get("contract", ""))[:32]
        self.buyout_on = str(form.get("on", ""))[:10]
        return await self._refresh(info)

    @protected(Right.FORECAST)
    async def reset_view(self, info: SignedIn):
        self._read({"okres": "12"})
        self.form_key += 1
        return await self._refresh(info)

    @protected(Right.FORECAST)
    async def apply(self, info: SignedIn, form: dict):
        self._read(
            {
                "okres": form.get("horizon", ""),
                "od": form.get("start", ""),
                "do": form.get("end", ""),
                "grupuj": form.get("grouping", ""),
                "wg": form.get("stack", ""),
                "typ": form.get("lease_type", ""),
                "q": form.get("q", ""),
                "wykup": self.buyout_number,  # the what-if has its own form and stays
                "wykup_dnia": self.buyout_on,
            }
        )
        return await self._refresh(info)
