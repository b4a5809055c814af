"""Raty: every schedule item of every contract on one list by due date, with totals of what is shown."""

from __future__ import annotations

from datetime import date

import reflex as rx

from ebok_app import routes
from ebok_app.portfolio import queries
from ebok_app.portfolio.dates import month_start
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import ItemFilter, Page
from ebok_app.state.listing import (
    KIND_LABELS_PL,
    FilterField,
    ListState,
    StatusRow,
    day,
    money,
    parse_day,
    status_fields,
)

ITEM_STATUSES = ("paid", "partly_paid", "unpaid", "overdue")
KINDS = tuple(KIND_LABELS_PL)


def this_month() -> str:
    """A fresh view starts at this month (the past is one filter away). A named function, not a lambda:
    the list's fields travel with the pickled state."""
    return month_start(date.today()).isoformat()


class ItemRow(StatusRow):
    """An item of a payment schedule (an instalment, a fee...)."""

    due: str
    description: str
    kind: str
    net: str
    vat: str
    gross: str
    paid: str
    overdue: bool


class InstallmentRow(ItemRow):
    contract: str
    contract_href: str


def item_row(r: dict) -> ItemRow:
    return {
        "due": day(r["due_date"]),
        "description": r["description"],
        "kind": KIND_LABELS_PL.get(r["kind"], r["kind"]),
        "net": money(r["net_gr"]),
        "vat": money(r["vat_gr"]),
        "gross": money(r["gross_gr"]),
        "paid": money(r["paid_gr"]),
        **status_fields(r["status"]),
        "overdue": bool(r["overdue"]),
    }


def _row(r: dict) -> InstallmentRow:
    return {
        **item_row(r),
        "contract": r["contract_number"],
        "contract_href": routes.contract(r["contract_id"]),
    }


class InstallmentsState(ListState, rx.State):
    rows: list[InstallmentRow] = []
    _route = routes.INSTALLMENTS
    _fields = (
        FilterField("q", "q"),
        FilterField("kind", "rodzaj", KINDS),
        FilterField("status", "status", ITEM_STATUSES),
        FilterField("due_from", "od", default=this_month),
        FilterField("due_to", "do"),
    )

    q: str = ""
    kind: str = ""
    status: str = ""
    due_from: str = ""
    due_to: str = ""
    sums: dict[str, str] = {}

    def _page(self, frames: PortfolioFrames, today: date) -> Page:
        flt = ItemFilter(
            kinds=(self.kind,) if self.kind else (),
            status=self.status,
            due_from=parse_day(self.due_from),
            due_to=parse_day(self.due_to),
            search=self.q,
        )
        table = queries.filter_items(frames, flt, today)
        self.sums = {k: money(v) for k, v in queries.totals(table).items()}
        return queries.paginate(table, self.page, self.page_size)

    def _format(self, row: dict) -> InstallmentRow:
        return _row(row)
