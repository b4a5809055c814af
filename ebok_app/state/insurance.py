"""Ubezpieczenia: the policies of the leased assets; "wygasająca" from the end date and the window."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import routes
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import Page, PolicyFilter
from ebok_app.settings import get_settings
from ebok_app.state.listing import (
    FilterField,
    ListState,
    StatusRow,
    day,
    money,
    status_fields,
)

POLICY_STATUSES = ("active", "expiring", "expired")


class PolicyRow(StatusRow):
    number: str
    insurer: str
    kind: str
    variant: str
    valid: str  # from – to
    premium: str
    contract: str
    contract_href: str


def _row(r: dict) -> PolicyRow:
    return {
        "number": r["number"],
        "insurer": r["insurer"],
        "kind": r["kind"],
        "variant": r["variant"],
        "valid": f"{day(r['start_date'])} – {day(r['end_date'])}",
        "premium": money(r["premium_gr"]),
        "contract": r["contract_number"],
        "contract_href": routes.contract(r["contract_id"]),
        **status_fields(r["status"]),
    }


class InsuranceState(ListState, rx.State):
    rows: list[PolicyRow] = []
    _route = routes.INSURANCE
    _fields = (FilterField("q", "q"), FilterField("status", "status", POLICY_STATUSES))

    q: str = ""
    status: str = ""
    window_days: int = 30

    def _page(self, frames: PortfolioFrames, today: date) -> Page:
        self.window_days = get_settings().expiring_policy_days
        return queries.policies_page(
            frames,
            PolicyFilter(search=self.q, status=self.status, page=self.page),
            today,
            self.window_days,
            self.page_size,
        )

    def _format(self, row: dict) -> PolicyRow:
        return _row(row)
