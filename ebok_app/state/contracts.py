"""Umowy: the company's contracts, filtered, sorted and paged over the cached polars frames."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import routes
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import ContractFilter, Page
from ebok_app.state.contract import LEASE_TYPES_PL
from ebok_app.state.listing import (
    FilterField,
    ListState,
    StatusRow,
    day,
    money,
    parse_day,
    status_fields,
)

LEASE_TYPES = ("operating", "financial")
CONTRACT_STATUSES = ("active", "signed", "ended")


class ContractRow(StatusRow):
    id: int
    href: str
    number: str
    type: str
    start: str
    end: str
    left: int  # instalments left
    value: str
    asset: str
    plate: str


def _row(r: dict) -> ContractRow:
    return {
        "id": r["id"],
        "href": routes.contract(r["id"]),
        "number": r["number"],
        "type": LEASE_TYPES_PL.get(r["lease_type"], r["lease_type"]).removeprefix("leasing "),
        **status_fields(r["status"]),
        "start": day(r["start_date"]),
        "end": day(r["end_date"]),
        "left": r["installments_left"],
        "value": money(r["initial_net_gr"]),
        "asset": f"{r['asset_kind']} · {r['asset_make']} {r['asset_model']}",
        "plate": r["plate"] or r["serial_number"] or "—",
    }


class ContractsState(ListState, rx.State):
    rows: list[ContractRow] = []
    _route = routes.CONTRACTS
    _fields = (
        FilterField("q", "q"),
        FilterField("lease_type", "typ", LEASE_TYPES),
        FilterField("status", "status", CONTRACT_STATUSES),
        FilterField("start_from", "od"),
        FilterField("start_to", "do"),
        FilterField("end_from", "koniec_od"),
        FilterField("end_to", "koniec_do"),
    )
    _sorts = queries.CONTRACT_SORTS
    _default_sort = "start_date"

    q: str = ""
    lease_type: str = ""
    status: str = ""
    start_from: str = ""
    start_to: str = ""
    end_from: str = ""
    end_to: str = ""

    def _page(self, frames: PortfolioFrames, today: date) -> Page:
        return queries.contracts_page(
            frames,
            ContractFilter(
                search=self.q,
                lease_type=self.lease_type,
                status=self.status,
                start_from=parse_day(self.start_from),
                start_to=parse_day(self.start_to),
                end_from=parse_day(self.end_from),
                end_to=parse_day(self.end_to),
                sort=self.sort,
                descending=self.descending,
                page=self.page,
            ),
            today,
            self.page_size,
        )

    def _format(self, row: dict) -> ContractRow:
        return _row(row)
