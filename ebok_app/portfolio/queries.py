"""Filter, sort, search and page a company's frames: every list of the portal is one of these.

Pure polars over `PortfolioFrames`; nothing here touches the database. Only the rows of the asked page
leave, as plain dicts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import polars as pl

from ebok_app.models import ItemKind
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.statuses import (
    contract_status_expr,
    overdue_expr,
    payment_status_expr,
    policy_status_expr,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    rows: list[dict]
    total: int  # rows matching the filters
    page: int  # 1-based, clamped to the pages there are
    pages: int


Order = tuple[str, str, bool]  # sort column, tie-breaker, descending


def paginate(frame: pl.DataFrame, page: int, page_size: int = PAGE_SIZE, order: Order | None = None) -> Page:
    """One page of `frame`, in `order` if given: sorted lazily, so that only the page's rows are gathered
    (a worker never copies a whole table of the shared files to show twenty rows of it)."""
    total = frame.height
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    rows = frame.lazy() if order is None else _sort(frame.lazy(), order)
    return Page(rows.slice((page - 1) * page_size, page_size).collect().to_dicts(), total, page, pages)


SEARCH_TEXT = "_search_text"


def with_search_text(frame: pl.DataFrame, columns: tuple[str, ...]) -> pl.DataFrame:
    """Add one lower-case text of the searchable columns (built with the day's table, not per keystroke)."""
    parts = [pl.col(c).cast(pl.String).fill_null("").str.to_lowercase() for c in columns]
    return frame.with_columns(pl.concat_str(parts, separator="\u0001").alias(SEARCH_TEXT))


def _search(frame: pl.DataFrame, text: str) -> pl.DataFrame:
    needle = text.strip().lower()
    if not needle:
        return frame
    return frame.filter(pl.col(SEARCH_TEXT).str.contains(needle, literal=True))


def _between(frame: pl.DataFrame, column: str, start: date | None, end: date | None) -> pl.DataFrame:
    if start is not None:
        frame = frame.filter(pl.col(column) >= start)
    if end is not None:
        frame = frame.filter(pl.col(column) <= end)
    return frame


def _order(frame: pl.DataFrame, column: str, descending: bool, default: str, tie: str) -> Order | None:
    """By `column` then `tie`; None when the day's table already comes in that order ((default, tie)
    descending)."""
    column = column if column in frame.columns else default
    return None if column == default and descending else (column, tie, descending)


Sortable = TypeVar("Sortable", pl.DataFrame, pl.LazyFrame)


def _sort(frame: Sortable, order: Order | None) -> Sortable:
    if order is None:
        return frame
    column, tie, descending = order
    return frame.sort([column, tie], descending=[descending, descending], nulls_last=True)


def _presorted(frame: pl.DataFrame, default: str, tie: str) -> pl.DataFrame:
    return frame.sort([default, tie], descending=[True, True], nulls_last=True)


# --- contracts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractFilter:
    search: str = ""
    lease_type: str = ""
    status: str = ""
    start_from: date | None = None
    start_to: date | None = None
    end_from: date | None = None
    end_to: date | None = None
    sort: str = "start_date"
    descending: bool = True
    page: int = 1


CONTRACT_SORTS = (
    "number",
    "lease_type",
    "status",
    "start_date",
    "end_date",
    "installments_left",
    "initial_net_gr",
    "asset_kind",
    "plate",
)


def contracts_table(frames: PortfolioFrames, today: date) -> pl.DataFrame:
    """Contracts with their derived status and the installments left to the end (built once a day)."""
    return frames.derived("contracts", today, lambda: _contracts_table(frames, today))


def _contracts_table(frames: PortfolioFrames, today: date) -> pl.DataFrame:
    left = (
        frames.items.filter((pl.col("kind") == ItemKind.INSTALLMENT) & (pl.col("due_date") >= today))
        .group_by("contract_id")
        .len("installments_left")
    )
    table = (
        frames.contracts.with_columns(status=contract_status_expr(today))
        .join(left, left_on="id", right_on="contract_id", how="left")
        .with_columns(pl.col("installments_left").fill_null(0).cast(pl.Int64))
    )
    table = with_search_text(
        table, ("number", "plate", "vin", "serial_number", "asset_kind", "asset_make", "asset_model")
    )
    return _presorted(table, "start_date", "number")


def contracts_page(
    frames: PortfolioFrames, f: ContractFilter, today: date, page_size: int = PAGE_SIZE
) -> Page:
    table = _search(contracts_table(frames, today), f.search)
    if f.lease_type:
        table = table.filter(pl.col("lease_type") == f.lease_type)
    if f.status:
        table = table.filter(pl.col("status") == f.status)
    table = _between(table, "start_date", f.start_from, f.start_to)
    table = _between(table, "end_date", f.end_from, f.end_to)
    return paginate(table, f.page, page_size, _order(table, f.sort, f.descending, "start_date", "number"))


# --- invoices -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvoiceFilter:
    search: str = ""
    contract_id: int | None = None
    status: str = ""  # paid, partly_paid, unpaid, overdue
    issue_from: date | None = None
    issue_to: date | None = None
    due_from: date | None = None
    due_to: date | None = None
    ksef: str = ""  # "with" / "without" a KSeF number
    sort: str = "issue_date"
    descending: bool = True
    page: int = 1


KSEF_FILTERS = ("with", "without")
INVOICE_SORTS = (
    "number",
    "ksef_number",
    "contract_number",
    "issue_date",
    "due_date",
    "net_gr",
    "vat_gr",
    "gross_gr",
    "paid_gr",
    "status",
)


def _with_payment_status(frame: pl.DataFrame, today: date) -> pl.DataFrame:
    return frame.with_columns(
        status=payment_status_expr(),
        overdue=overdue_expr(today),
        left_gr=pl.col("gross_gr") - pl.col("paid_gr"),
    )


def _with_corrections(frame: pl.DataFrame) -> pl.DataFrame:
    """A correction's `corrects_number`; an invoice's latest correction (`corrected_by`, its id)."""
    numbers = frame.select(pl.col("id").alias("corrects_id"), pl.col("number").alias("corrects_number"))
    latest = (
        frame.filter(pl.col("corrects_id").is_not_null())
        .sort("id")
        .group_by("corrects_id")
        .agg(pl.col("number").last().alias("corrected_by"), pl.col("id").last().alias("corrected_by_id"))
        .rename({"corrects_id": "id"})
    )
    return frame.join(numbers, on="corrects_id", how="left", maintain_order="left").join(
        latest, on="id", how="left", maintain_order="left"
    )


def invoices_table(frames: PortfolioFrames, today: date) -> pl.DataFrame:
    """Invoices with status, overdue, left to pay and corrections (built once a day), newest first as the
    frames come."""
    return frames.derived(
        "invoices",
        today,
        lambda: with_search_text(
            _with_corrections(_with_payment_status(frames.invoices, today)),
            ("number", "contract_number", "ksef_number"),
        ),
        extends="invoices",
    )


def items_table(frames: PortfolioFrames, today: date) -> pl.DataFrame:
    """Schedule items with status, overdue and left to pay (built once a day), in due-date order as the
    frames come."""
    return frames.derived(
        "items",
        today,
        lambda: with_search_text(
            _with_payment_status(frames.items, today), ("contract_number", "description")
        ),
        extends="items",
    )


INVOICE_STATUSES = ("paid", "partly_paid", "unpaid", "overdue")


def invoice_filter_params(f: InvoiceFilter) -> dict[str, object]:
    """A filter as JSON-able parameters (of a download ticket); read back by `invoice_filter_from`."""
    return {
        "search": f.search,
        "contract_id": f.contract_id,
        "status": f.status,
        "ksef": f.ksef,
        **{k: getattr(f, k).isoformat() for k in _FILTER_DATES if getattr(f, k) is not None},
        "sort": f.sort,
        "descending": f.descending,
    }


_FILTER_DATES = ("issue_from", "issue_to", "due_from", "due_to")


def _param_day(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def invoice_filter_from(params: dict) -> InvoiceFilter:
    """The filter of `invoice_filter_params`, each value checked again (anything else: no filter)."""
    contract_id = params.get("contract_id")
    return InvoiceFilter(
        search=str(params.get("search") or "")[:100],
        contract_id=contract_id
        if isinstance(contract_id, int) and not isinstance(contract_id, bool)
        else None,
        status=params.get("status") if params.get("status") in INVOICE_STATUSES else "",  # type: ignore[arg-type]
        ksef=params.get("ksef") if params.get("ksef") in KSEF_FILTERS else "",  # type: ignore[arg-type]
        **{k: _param_day(params.get(k)) for k in _FILTER_DATES},  # type: ignore[arg-type]
        sort=params.get("sort") if params.get("sort") in INVOICE_SORTS else "issue_date",  # type: ignore[arg-type]
        descending=params.get("descending") is not False,
    )


def filter_invoices(frames: PortfolioFrames, f: InvoiceFilter, today: date) -> pl.DataFrame:
    """All invoices matching `f`, sorted (for an export of the whole list)."""
    table = _matching_invoices(frames, f, today)
    return _sort(table, _order(table, f.sort, f.descending, "issue_date", "number"))


def _matching_invoices(frames: PortfolioFrames, f: InvoiceFilter, today: date) -> pl.DataFrame:
    """The invoices matching `f`, in the day's table's order."""
    table = _search(invoices_table(frames, today), f.search)
    if f.contract_id is not None:
        table = table.filter(pl.col("contract_id") == f.contract_id)
    if f.status == "overdue":
        table = table.filter(pl.col("overdue"))
    elif f.status:
        table = table.filter(pl.col("status") == f.status)
    if f.ksef == "with":
        table = table.filter(pl.col("ksef_number").is_not_null())
    elif f.ksef == "without":
        table = table.filter(pl.col("ksef_number").is_null())
    table = _between(table, "issue_date", f.issue_from, f.issue_to)
    return _between(table, "due_date", f.due_from, f.due_to)


def invoices_page(frames: PortfolioFrames, f: InvoiceFilter, today: date, page_size: int = PAGE_SIZE) -> Page:
    table = _matching_invoices(frames, f, today)
    return paginate(table, f.page, page_size, _order(table, f.sort, f.descending, "issue_date", "number"))


# --- schedule items (Raty, and the schedules of one contract) ------------------------------------


@dataclass(frozen=True)
class ItemFilter:
    contract_id: int | None = None
    kinds: tuple[str, ...] = ()
    status: str = ""  # paid, partly_paid, unpaid, overdue
    due_from: date | None = None
    due_to: date | None = None
    search: str = ""
    page: int = 1


def filter_items(frames: PortfolioFrames, f: ItemFilter, today: date) -> pl.DataFrame:
    table = _search(items_table(frames, today), f.search)
    if f.contract_id is not None:
        table = table.filter(pl.col("contract_id") == f.contract_id)
    if f.kinds:
        table = table.filter(pl.col("kind").is_in(list(f.kinds)))
    if f.status == "overdue":
        table = table.filter(pl.col("overdue"))
    elif f.status:
        table = table.filter(pl.col("status") == f.status)
    return _between(table, "due_date", f.due_from, f.due_to)  # filters keep the due-date order


def totals(table: pl.DataFrame) -> dict[str, int]:
    """Net, VAT, gross, paid and left to pay of a filtered set, in grosze."""
    if table.is_empty():
        return dict.fromkeys(("net_gr", "vat_gr", "gross_gr", "paid_gr", "left_gr"), 0)
    sums = table.select(
        pl.col("net_gr").sum(), pl.col("vat_gr").sum(), pl.col("gross_gr").sum(), pl.col("paid_gr").sum()
    ).row(0, named=True)
    return {**{k: int(v) for k, v in sums.items()}, "left_gr": int(sums["gross_gr"] - sums["paid_gr"])}


# --- insurance policies ----------------------------------------------------------------------------


def policies_table(frames: PortfolioFrames, today: date, expiring_days: int) -> pl.DataFrame:
    return frames.derived(
        f"policies-{expiring_days}",
        today,
        lambda: _policies_table(frames, today, expiring_days),
    )


def _policies_table(frames: PortfolioFrames, today: date, expiring_days: int) -> pl.DataFrame:
    """Current policies first, the soonest ending first; expired ones after them."""
    table = frames.policies.with_columns(status=policy_status_expr(today, expiring_days))
    table = with_search_text(table, ("number", "insurer", "contract_number", "kind", "variant"))
    expired_last = pl.when(pl.col("status") == "expired").then(1).otherwise(0)
    return table.sort([expired_last, "end_date", "number"])


@dataclass(frozen=True)
class PolicyFilter:
    search: str = ""
    status: str = ""
    contract_id: int | None = None
    page: int = 1


def policies_page(
    frames: PortfolioFrames, f: PolicyFilter, today: date, expiring_days: int, page_size: int = PAGE_SIZE
) -> Page:
    """Policies, the ones ending soonest first among the current ones (expired ones last)."""
    table = _search(policies_table(frames, today, expiring_days), f.search)
    if f.status:
        table = table.filter(pl.col("status") == f.status)
    if f.contract_id is not None:
        table = table.filter(pl.col("contract_id") == f.contract_id)
    return paginate(table, f.page, page_size)  # in the day's table order


# --- the dashboard ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attention:
    """What Pulpit shows: what is late, what is due soon, what ends soon, and this and next month."""

    overdue: list[dict]
    overdue_count: int
    overdue_left_gr: int
    due_soon: list[dict]
    due_soon_count: int
    due_soon_left_gr: int
    expiring: list[dict]
    expiring_count: int
    ending: list[dict]
    ending_count: int
    this_month_left_gr: int  # due this month (before or after today), not paid yet
    this_month_paid_gr: int  # due this month, already paid
    next_month_left_gr: int


def _month_bounds(today: date, months_ahead: int) -> tuple[date, date]:
    index = today.year * 12 + today.month - 1 + months_ahead
    start = date(index // 12, index % 12 + 1, 1)
    following = date((index + 1) // 12, (index + 1) % 12 + 1, 1)
    return start, date.fromordinal(following.toordinal() - 1)


def attention(
    frames: PortfolioFrames,
    today: date,
    expiring_days: int,
    soon_days: int = 14,
    ending_days: int = 60,
    top: int = 5,
) -> Attention:
    invoices = invoices_table(frames, today)
    overdue = invoices.filter(pl.col("overdue")).sort("due_date")
    soon_end = date.fromordinal(today.toordinal() + soon_days)
    due_soon = invoices.filter(
        (pl.col("left_gr") > 0) & (pl.col("due_date") >= today) & (pl.col("due_date") <= soon_end)
    ).sort("due_date")
    expiring = (
        policies_table(frames, today, expiring_days).filter(pl.col("status") == "expiring").sort("end_date")
    )
    contracts = contracts_table(frames, today)
    ending = contracts.filter(
        (pl.col("status") == "active")
        & (pl.col("end_date") <= date.fromordinal(today.toordinal() + ending_days))
    ).sort("end_date")
    this_month, next_month = (
        frames.items.filter(pl.col("due_date").is_between(*_month_bounds(today, ahead))) for ahead in (0, 1)
    )
    this_month_paid = int(this_month["paid_gr"].sum())
    return Attention(
        overdue=overdue.head(top).to_dicts(),
        overdue_count=overdue.height,
        overdue_left_gr=int(overdue["left_gr"].sum()),
        due_soon=due_soon.head(top).to_dicts(),
        due_soon_count=due_soon.height,
        due_soon_left_gr=int(due_soon["left_gr"].sum()),
        expiring=expiring.head(top).to_dicts(),
        expiring_count=expiring.height,
        ending=ending.head(top).to_dicts(),
        ending_count=ending.height,
        this_month_left_gr=int(this_month["gross_gr"].sum()) - this_month_paid,
        this_month_paid_gr=this_month_paid,
        next_month_left_gr=int(next_month["gross_gr"].sum() - next_month["paid_gr"].sum()),
    )
