"""Ubezpieczenia: the policies of the leased assets; "wygasająca" from the end date and the window."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import db, routes
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import frame_cache
from ebok_app.portfolio.queries import PolicyFilter
from ebok_app.settings import get_settings
from ebok_app.state.auth import guard, to_login
from ebok_app.state.listing import badge_color, choice, day, money, parse_page, replace_url, status_label

POLICY_STATUSES = ("active", "expiring", "expired")


def _row(r: dict) -> dict:
    return {
        "number": r["number"],
        "insurer": r["insurer"],
        "kind": r["kind"],
        "variant": r["variant"],
        "valid": f"{day(r['start_date'])} – {day(r['end_date'])}",
        "premium": money(r["premium_gr"]),
        "contract": r["contract_number"],
        "contract_href": f"/umowy/{r['contract_id']}",
        "status": status_label(r["status"]),
        "status_color": badge_color(r["status"]),
    }


class InsuranceState(rx.State):
    q: str = ""
    status: str = ""
    page: int = 1

    form_key: int = 0
    rows: list[dict] = []
    total: int = 0
    pages: int = 1
    window_days: int = 30

    async def _refresh(self):
        info = await guard(self)
        if info is None:
            return to_login()
        self.window_days = get_settings().expiring_policy_days
        frames = frame_cache.get(db.get_engine(), info.company_id)
        result = queries.policies_page(
            frames,
            PolicyFilter(search=self.q[:100], status=self.status, page=self.page),
            date.today(),
            self.window_days,
        )
        self.rows = [_row(r) for r in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        return replace_url(
            routes.INSURANCE,
            {"q": self.q, "status": self.status, "strona": "" if self.page == 1 else str(self.page)},
        )

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.q = params.get("q", "")[:100]
        self.status = choice(params, "status", POLICY_STATUSES)
        self.page = parse_page(params.get("strona", ""))
        self.form_key += 1
        if await guard(self) is None:
            return None  # require_login sends the tab to the log-in
        return await self._refresh()

    @rx.event
    async def apply(self, form: dict):
        self.q = str(form.get("q", ""))[:100]
        self.status = choice(form, "status", POLICY_STATUSES)
        self.page = 1
        return await self._refresh()

    @rx.event
    async def clear(self):
        self.q = self.status = ""
        self.page = 1
        self.form_key += 1
        return await self._refresh()

    @rx.event
    async def go_to(self, page: int):
        self.page = page if isinstance(page, int) else 1
        return await self._refresh()
