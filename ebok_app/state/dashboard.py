"""Pulpit: what needs the user's attention, from the company's frames."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import reflex as rx

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


class AttentionEntry(TypedDict):
    """A line of the dashboard's lists: an overdue or soon due invoice, an expiring policy, an ending
    contract."""

    title: str
    detail: str
    amount: str  # or the end date


def _entry(title: str, detail: str, amount: str) -> AttentionEntry:
    return {"title": title, "detail": detail, "amount": amount}


def _invoice_entry(i: dict) -> AttentionEntry:
    return _entry(
        i["number"], f"termin {day(i['due_date'])} · umowa {i['contract_number']}", money(i["left_gr"])
    )


class DashboardState(PortfolioView, rx.State):
    overdue: list[AttentionEntry] = []
    due_soon: list[AttentionEntry] = []
    expiring: list[AttentionEntry] = []
    ending: list[AttentionEntry] = []
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
        self.overdue = [_invoice_entry(i) for i in seen.overdue]
        self.due_soon = [_invoice_entry(i) for i in seen.due_soon]
        self.expiring = [
            _entry(p["number"], f"{p['insurer']} · umowa {p['contract_number']}", f"do {day(p['end_date'])}")
            for p in seen.expiring
        ]
        self.ending = [
            _entry(c["number"], f"{c['asset_kind']} {c['plate'] or ''}".strip(), f"do {day(c['end_date'])}")
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
