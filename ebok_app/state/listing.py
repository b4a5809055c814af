"""What the list pages share: reading filters from the URL, writing them back, dates and pages."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, TypedDict
from urllib.parse import urlencode

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.i18n import formats
from ebok_app.i18n.catalogues import N_, gettext
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import PAGE_SIZE, Page
from ebok_app.portfolio.statuses import LABELS_PL, ContractStatus, PaymentStatus, PolicyStatus
from ebok_app.security.rights import Right
from ebok_app.state.auth import to_login
from ebok_app.state.boundary import protected
from ebok_app.state.freshness import PortfolioView

STATUS_COLORS = {
    PaymentStatus.PAID: "green",
    PaymentStatus.PARTLY_PAID: "amber",
    PaymentStatus.UNPAID: "gray",
    ContractStatus.ACTIVE: "green",
    ContractStatus.SIGNED: "blue",
    ContractStatus.ENDED: "gray",
    PolicyStatus.ACTIVE: "green",
    PolicyStatus.EXPIRING: "amber",
    PolicyStatus.EXPIRED: "gray",
}
KIND_LABELS_PL = {
    "installment": "rata",
    "initial_fee": N_("opłata wstępna"),
    "buyout": "wykup",
    "fee": N_("opłata dodatkowa"),
    "insurance": "ubezpieczenie",
}


def parse_day(text: str) -> date | None:
    """A date from a filter field or URL (YYYY-MM-DD); anything else means no limit."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def choice(values: Mapping, key: str, allowed: tuple[str, ...]) -> str:
    """A filter value from a form or URL when it is one of `allowed`, else "" (no filter)."""
    value = str(values.get(key, ""))
    return value if value in allowed else ""


def parse_page(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 7 else 1


PAGE_SIZES = (PAGE_SIZE, 50, 100)


def parse_page_size(text: str) -> int:
    """Rows per page from a form or the address: one of PAGE_SIZES, else the default."""
    return int(text) if text.isdigit() and int(text) in PAGE_SIZES else PAGE_SIZE


def replace_url(path: str, params: dict[str, str]) -> rx.event.EventSpec:
    """Put the view's filters into the address bar (bookmarkable, shareable) without reloading."""
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return rx.call_script(
        f"window.history.replaceState(null, '', {json.dumps(path + ('?' + query if query else ''))})"
    )


def status_label(status: str) -> str:
    return gettext(LABELS_PL.get(status, status))  # StrEnum members compare and hash as their values


def badge_color(status: str) -> str:
    return STATUS_COLORS.get(status, "gray")


def money(amount_gr: int | None) -> str:
    """An amount in the language of the event being handled (i18n.formats)."""
    return formats.money(amount_gr or 0)


def day(value: date | None) -> str:
    return formats.day(value)


class StatusRow(TypedDict):
    """What every row with a status badge carries."""

    status: str
    status_color: str


def status_fields(status: str) -> StatusRow:
    return {"status": status_label(status), "status_color": badge_color(status)}


@dataclass(frozen=True)
class FilterField:
    """One filter of a list: its state var (also the form field's name) and its name in the address."""

    attr: str
    url: str
    allowed: tuple[str, ...] | None = None  # a choice among these; None: free text (dates are text too)
    in_form: bool = True  # False: set only from the address (e.g. the contract of an invoice list)
    default: Callable[[], str] | None = None  # the value of a fresh view (no address, or "Wyczyść")


class ListState(PortfolioView, mixin=True):
    """What every list page keeps and does: filters read from the address and the form and written back to
    the address, the sort, the page, and the formatted rows of the visible page only."""

    _route: ClassVar[str] = ""
    _fields: ClassVar[tuple[FilterField, ...]] = ()
    _sorts: ClassVar[tuple[str, ...]] = ()
    _default_sort: ClassVar[str] = ""

    sort: str = ""
    descending: bool = True
    page: int = 1
    page_size: int = PAGE_SIZE
    form_key: int = 0  # a new value redraws the filter fields with the current filters
    rows: list[dict] = []
    total: int = 0
    pages: int = 1
    listed: bool = False  # the first page of rows has arrived (until then the list keeps its room)

    def _page(self, frames: PortfolioFrames, today: date) -> Page:
        raise NotImplementedError

    def _format(self, row: dict) -> dict:
        raise NotImplementedError

    def _read(self, values: Mapping, from_address: bool) -> None:
        for field in self._fields:
            if not (from_address or field.in_form):
                continue
            if from_address and not values and field.default is not None:
                setattr(self, field.attr, field.default())
                continue
            raw = str(values.get(field.url if from_address else field.attr, ""))[:100]
            setattr(self, field.attr, raw if field.allowed is None or raw in field.allowed else "")

    def _address(self) -> dict[str, str]:
        params = {field.url: getattr(self, field.attr) for field in self._fields}
        if self._sorts:
            params["sort"] = "" if self.sort == self._default_sort else self.sort
            params["kier"] = "" if self.descending else "rosn"
        params["strona"] = "" if self.page == 1 else str(self.page)
        params["na_stronie"] = "" if self.page_size == PAGE_SIZE else str(self.page_size)
        return params

    async def _refresh(self, touch: bool = True):
        info, frames = await self._portfolio(touch)
        if info is None:
            return to_login()
        if frames is None:
            return None  # "Przygotowujemy dane…" until `watch` redraws with the frames
        result = self._page(frames, date.today())
        self.rows = [self._format(row) for row in result.rows]
        self.total, self.page, self.pages = result.total, result.page, result.pages
        self.listed = True
        return replace_url(self._route, self._address())

    @protected(Right.VIEW)
    async def load(self, info: SignedIn):
        """on_load: the view comes from the address (a bookmarked or shared one)."""
        params = self.router.url.query_parameters
        self._read(params, from_address=True)
        sort = params.get("sort", self._default_sort)
        self.sort = sort if sort in self._sorts else self._default_sort
        self.descending = params.get("kier", "") != "rosn"
        self.page = parse_page(params.get("strona", ""))
        self.page_size = parse_page_size(params.get("na_stronie", ""))
        self.form_key += 1
        shown = await self._refresh()
        return [shown, type(self).watch] if shown is not None else type(self).watch

    @protected(Right.VIEW)
    async def apply(self, info: SignedIn, form: dict):
        self._read(form, from_address=False)
        self.page = 1
        return await self._refresh()

    @protected(Right.VIEW)
    async def clear(self, info: SignedIn):
        for field in self._fields:
            setattr(self, field.attr, field.default() if field.default else "")
        self.page = 1
        self.form_key += 1
        return await self._refresh()

    @protected(Right.VIEW)
    async def sort_by(self, info: SignedIn, column: str):
        if column not in self._sorts:
            return None
        self.descending = not self.descending if self.sort == column else False
        self.sort, self.page = column, 1
        return await self._refresh()

    @protected(Right.VIEW)
    async def go_to(self, info: SignedIn, page: int):
        self.page = max(page, 1)
        return await self._refresh()

    @protected(Right.VIEW)
    async def go_to_typed(self, info: SignedIn, form: dict):
        """ "Przejdź do strony": a number typed by the user (out of range: the nearest page)."""
        self.page = parse_page(str(form.get("strona", "")).strip())
        return await self._refresh()

    @protected(Right.VIEW)
    async def set_page_size(self, info: SignedIn, size: str):
        self.page_size, self.page = parse_page_size(str(size)), 1
        return await self._refresh()


def paged_state(right: Right) -> type[rx.State]:
    """A mixin for a list read page by page from the database (not from the portfolio frames): the
    page, its size, how many there are, and the handlers of `components.listing.pager`, each guarded
    by `right`; the state's `_fill(who)` reads the current page into its rows."""

    class PagedState(rx.State, mixin=True):
        page: int = 1
        page_size: int = PAGE_SIZE
        total: int = 0
        pages: int = 1

        def _fill(self, who) -> None:
            raise NotImplementedError

        def _rows_of(self, page: Page) -> list[dict]:
            """The rows of `page`, its number and how many there are kept for the pager."""
            self.total, self.page, self.pages = page.total, page.page, page.pages
            return page.rows

        @protected(right)
        def go_to(self, who, page: int):
            self.page = max(page, 1)
            self._fill(who)

        @protected(right)
        def go_to_typed(self, who, form: dict):
            self.page = parse_page(str(form.get("strona", "")).strip())
            self._fill(who)

        @protected(right)
        def set_page_size(self, who, size: str):
            self.page_size, self.page = parse_page_size(str(size)), 1
            self._fill(who)

    return PagedState
