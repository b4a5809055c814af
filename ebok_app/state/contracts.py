"""Umowy: the company's contracts, filtered, sorted and paged over the cached polars frames."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import db, routes
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import frame_cache
from ebok_app.portfolio.queries import ContractFilter
from ebok_app.state.auth import guard, to_login
from ebok_app.state.contract import LEASE_TYPES_PL
from ebok_app.state.listing import (
    badge_color,
    choice,
    day,
    money,
    parse_day,
    parse_page,
    replace_url,
    status_label,
)

LEASE_TYPES = ("operating", "financial")
CONTRACT_STATUSES = ("active", "signed", "ended")


def _row(r: dict) -> dict:
    return {
        "id": r["id"],
        "href": f"/umowy/{r['id']}",
        "number": r["number"],
        "type": LEASE_TYPES_PL.get(r["lease_type"], r["lease_type"]).removeprefix("leasing "),
        "status": status_label(r["status"]),
        "status_color": badge_color(r["status"]),
        "start": day(r["start_date"]),
        "end": day(r["end_date"]),
        "left": r["installments_left"],
        "value": money(r["initial_net_gr"]),
        "asset": f"{r['asset_kind']} · {r['asset_make']} {r['asset_model']}",
        "plate": r["plate"] or r["serial_number"] or "—",
    }


class ContractsState(rx.State):
    q: str = ""
    lease_type: str = ""
    status: str = ""
    start_from: str = ""
    start_to: str = ""
    end_from: str = ""
    end_to: str = ""
    sort: str = "start_date"
    descending: bool = True
    page: int = 1

    form_key: int = 0  # a new value redraws the filter fields with the current filters
    rows: list[dict] = []
    total: int = 0
    pages: int = 1

    def _filter(self) -> ContractFilter:
        return ContractFilter(
            search=self.q[:100],
            lease_type=self.lease_type,
            status=self.status,
            start_from=parse_day(self.start_from),
            start_to=parse_day(self.start_to),
            end_from=parse_day(self.end_from),
            end_to=parse_day(self.end_to),
            sort=self.sort if self.sort in queries.CONTRACT_SORTS else "start_date",
            descending=self.descending,
            page=self.page,
        )

    async def _refresh(self):
        info = await guard(self)
        if info is None:
            return to_login()
        frames = frame_cache.get(db.get_engine(), info.company_id)
        result = queries.contracts_page(frames, self._filter(), date.today())
        self.rows = [_row(r) for r in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        return replace_url(
            routes.CONTRACTS,
            {
                "q": self.q,
                "typ": self.lease_type,
                "status": self.status,
                "od": self.start_from,
                "do": self.start_to,
                "koniec_od": self.end_from,
                "koniec_do": self.end_to,
                "sort": "" if self.sort == "start_date" else self.sort,
                "kier": "" if self.descending else "rosn",
                "strona": "" if self.page == 1 else str(self.page),
            },
        )

    @rx.event
    async def load(self):
        """on_load: the filters come from the address (a bookmarked or shared view)."""
        params = self.router.url.query_parameters
        self.q = params.get("q", "")[:100]
        self.lease_type = choice(params, "typ", LEASE_TYPES)
        self.status = choice(params, "status", CONTRACT_STATUSES)
        self.start_from, self.start_to = params.get("od", ""), params.get("do", "")
        self.end_from, self.end_to = params.get("koniec_od", ""), params.get("koniec_do", "")
        self.sort = params.get("sort", "start_date")
        self.descending = params.get("kier", "") != "rosn"
        self.page = parse_page(params.get("strona", ""))
        self.form_key += 1
        if await guard(self) is None:
            return None  # require_login sends the tab to the log-in
        return await self._refresh()

    @rx.event
    async def apply(self, form: dict):
        self.q = str(form.get("q", ""))[:100]
        self.lease_type = choice(form, "lease_type", LEASE_TYPES)
        self.status = choice(form, "status", CONTRACT_STATUSES)
        self.start_from, self.start_to = str(form.get("start_from", "")), str(form.get("start_to", ""))
        self.end_from, self.end_to = str(form.get("end_from", "")), str(form.get("end_to", ""))
        self.page = 1
        return await self._refresh()

    @rx.event
    async def clear(self):
        self.q = self.lease_type = self.status = ""
        self.start_from = self.start_to = self.end_from = self.end_to = ""
        self.page = 1
        self.form_key += 1
        return await self._refresh()

    @rx.event
    async def sort_by(self, column: str):
        if column not in queries.CONTRACT_SORTS:
            return None
        self.descending = not self.descending if self.sort == column else False
        self.sort, self.page = column, 1
        return await self._refresh()

    @rx.event
    async def go_to(self, page: int):
        self.page = page if isinstance(page, int) else 1
        return await self._refresh()
