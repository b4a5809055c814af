"""Pulpit: what needs the user's attention, from the company's frames."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import routes
from ebok_app.accounts.sessions import SignedIn
from ebok_app.portfolio import queries
from ebok_app.portfolio.formatting import count_of
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import to_login
from ebok_app.state.boundary import protected
from ebok_app.state.freshness import PortfolioView
from ebok_app.state.listing import day, money

INVOICES = ("faktura", "faktury", "faktur")


class DashboardState(PortfolioView, rx.State):
    overdue: list[dict] = []
    due_soon: list[dict] = []
    expiring: list[dict] = []
    ending: list[dict] = []
    figures: dict[str, str] = {}
    loaded: bool = False

    @protected(Right.VIEW)
    async def load(self, info: SignedIn):
        if await self._refresh() is not None:
            return None  # the session ended meanwhile: require_login sends the tab to the log-in
        return DashboardState.watch

    async def _refresh(self, touch: bool = True):
        info, frames = await self._portfolio(touch)
        if info is None:
            return to_login()
        if frames is not None:
            self._show(frames)
        return None

    def _show(self, frames: PortfolioFrames) -> None:
        seen = queries.attention(frames, date.today(), get_settings().expiring_policy_days)
        self.overdue = [
            {
                "title": i["number"],
                "detail": f"termin {day(i['due_date'])} · umowa {i['contract_number']}",
                "amount": money(i["left_gr"]),
            }
            for i in seen.overdue
        ]
        self.due_soon = [
            {
                "title": i["number"],
                "detail": f"termin {day(i['due_date'])} · umowa {i['contract_number']}",
                "amount": money(i["left_gr"]),
            }
            for i in seen.due_soon
        ]
        self.expiring = [
            {
                "title": p["number"],
                "detail": f"{p['insurer']} · umowa {p['contract_number']}",
                "amount": f"do {day(p['end_date'])}",
            }
            for p in seen.expiring
        ]
        self.ending = [
            {
                "title": c["number"],
                "detail": f"{c['asset_kind']} {c['plate'] or ''}".strip(),
                "amount": f"do {day(c['end_date'])}",
                "href": routes.contract(c["id"]),
            }
            for c in seen.ending
        ]
        self.figures = {
            "overdue_count": count_of(seen.overdue_count, INVOICES),
            "overdue_left": money(seen.overdue_left_gr),
            "soon_count": count_of(seen.due_soon_count, INVOICES),
            "soon_left": money(seen.due_soon_left_gr),
            "this_month_left": money(seen.this_month_left_gr),
            "this_month_paid": "zapłacono " + money(seen.this_month_paid_gr),
            "next_month_left": money(seen.next_month_left_gr),
        }
        self.loaded = True
