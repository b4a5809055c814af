"""Raty: every schedule item of every contract on one list by due date, with totals of what is shown."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import db, routes
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import frame_cache
from ebok_app.portfolio.queries import ItemFilter
from ebok_app.state.auth import guard, to_login
from ebok_app.state.listing import (
    KIND_LABELS_PL,
    badge_color,
    choice,
    day,
    money,
    parse_day,
    parse_page,
    replace_url,
    status_label,
)

ITEM_STATUSES = ("paid", "partly_paid", "unpaid", "overdue")
KINDS = tuple(KIND_LABELS_PL)


def _row(r: dict) -> dict:
    return {
        "due": day(r["due_date"]),
        "contract": r["contract_number"],
        "contract_href": f"/umowy/{r['contract_id']}",
        "description": r["description"],
        "kind": KIND_LABELS_PL.get(r["kind"], r["kind"]),
        "net": money(r["net_gr"]),
        "vat": money(r["vat_gr"]),
        "gross": money(r["gross_gr"]),
        "paid": money(r["paid_gr"]),
        "status": status_label(r["status"]),
        "status_color": badge_color(r["status"]),
        "overdue": bool(r["overdue"]),
    }


def month_start(today: date) -> str:
    return today.replace(day=1).isoformat()


class InstallmentsState(rx.State):
    q: str = ""
    kind: str = ""
    status: str = ""
    due_from: str = ""
    due_to: str = ""
    page: int = 1

    form_key: int = 0
    rows: list[dict] = []
    total: int = 0
    pages: int = 1
    sums: dict[str, str] = {}

    async def _refresh(self):
        info = await guard(self)
        if info is None:
            return to_login()
        frames = frame_cache.get(db.get_engine(), info.company_id)
        flt = ItemFilter(
            kinds=(self.kind,) if self.kind else (),
            status=self.status,
            due_from=parse_day(self.due_from),
            due_to=parse_day(self.due_to),
            search=self.q[:100],
            page=self.page,
        )
        table = queries.filter_items(frames, flt, date.today())
        result = queries.paginate(table, self.page)
        self.rows = [_row(r) for r in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        self.sums = {k: money(v) for k, v in queries.totals(table).items()}
        return replace_url(
            routes.INSTALLMENTS,
            {
                "q": self.q,
                "rodzaj": self.kind,
                "status": self.status,
                "od": self.due_from,
                "do": self.due_to,
                "strona": "" if self.page == 1 else str(self.page),
            },
        )

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.q = params.get("q", "")[:100]
        self.kind = choice(params, "rodzaj", KINDS)
        self.status = choice(params, "status", ITEM_STATUSES)
        # without a period in the address: from the start of this month on (the past is one filter away)
        self.due_from = params.get("od", "" if params else month_start(date.today()))
        self.due_to = params.get("do", "")
        self.page = parse_page(params.get("strona", ""))
        self.form_key += 1
        if await guard(self) is None:
            return None  # require_login sends the tab to the log-in
        return await self._refresh()

    @rx.event
    async def apply(self, form: dict):
        self.q = str(form.get("q", ""))[:100]
        self.kind = choice(form, "kind", KINDS)
        self.status = choice(form, "status", ITEM_STATUSES)
        self.due_from, self.due_to = str(form.get("due_from", "")), str(form.get("due_to", ""))
        self.page = 1
        return await self._refresh()

    @rx.event
    async def clear(self):
        self.q = self.kind = self.status = self.due_to = ""
        self.due_from = month_start(date.today())
        self.page = 1
        self.form_key += 1
        return await self._refresh()

    @rx.event
    async def go_to(self, page: int):
        self.page = page if isinstance(page, int) else 1
        return await self._refresh()
