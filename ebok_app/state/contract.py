"""Umowa: one contract of the signed-in user's company, with its schedule, invoices and policies.

Everything comes from the company's cached frames, so an id of another company's contract simply is not
there: it looks exactly like a missing one.
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import polars as pl
import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import LeaseType
from ebok_app.portfolio import queries
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.portfolio.queries import InvoiceFilter, ItemFilter, PolicyFilter
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id
from ebok_app.state.boundary import protected
from ebok_app.state.freshness import portfolio_of
from ebok_app.state.installments import ItemRow, item_row
from ebok_app.state.invoices import ContractInvoiceRow, contract_invoice_row
from ebok_app.state.listing import (
    StatusRow,
    choice,
    day,
    money,
    parse_day,
    status_fields,
    status_label,
)

NOT_FOUND_PL = "Nie znaleziono umowy albo nie masz do niej dostępu."
LEASE_TYPES_PL = {LeaseType.OPERATING: "leasing operacyjny", LeaseType.FINANCIAL: "leasing finansowy"}
SCHEDULE_KINDS = {
    "raty": ("installment", "initial_fee", "buyout"),
    "oplaty": ("fee",),
    "ubezpieczenia": ("insurance",),
}
SCHEDULE_KIND_CHOICES = (("raty", "raty"), ("opłaty dodatkowe", "oplaty"), ("ubezpieczenia", "ubezpieczenia"))
ITEM_STATUSES = ("paid", "partly_paid", "unpaid", "overdue")


def schedule_kinds(form: dict) -> list[str]:
    """The kinds ticked in the schedule's filter form (their boxes are sent as kind_<name>)."""
    return [name for name in SCHEDULE_KINDS if form.get(f"kind_{name}") not in (None, "", False)]


class ContractHeader(TypedDict):
    id: int
    number: str
    type: str
    status: str
    signed_on: str
    period: str
    value: str
    installments: str  # "12 z 36"
    asset: str
    plate: str
    vin: str


class ContractPolicyRow(StatusRow):
    number: str
    insurer: str
    kind: str  # kind · variant
    valid: str
    premium: str


def _header(r: dict) -> ContractHeader:
    return {
        "id": r["id"],
        "number": r["number"],
        "type": LEASE_TYPES_PL.get(r["lease_type"], r["lease_type"]),
        "status": status_label(r["status"]),
        "signed_on": day(r["signed_on"]),
        "period": f"{day(r['start_date'])} – {day(r['end_date'])}",
        "value": money(r["initial_net_gr"]),
        "installments": f"{r['installments_left']} z {r['installments_count']}",
        "asset": f"{r['asset_kind']}: {r['asset_make']} {r['asset_model']} ({r['asset_year']})",
        "plate": r["plate"] or r["serial_number"] or "—",
        "vin": r["vin"] or "—",
    }


def _policy(r: dict) -> ContractPolicyRow:
    return {
        "number": r["number"],
        "insurer": r["insurer"],
        "kind": f"{r['kind']} · {r['variant']}",
        "valid": f"{day(r['start_date'])} – {day(r['end_date'])}",
        "premium": money(r["premium_gr"]),
        **status_fields(r["status"]),
    }


class ContractState(rx.State):
    _contract_id: int | None = None

    contract: ContractHeader = {}  # empty: no contract (yet, or not the company's)
    error: str = ""
    schedule_kinds: list[str] = ["raty"]  # none ticked: every kind
    schedule_key: int = 0  # a new value redraws the filter form with the state's filters
    schedule_status: str = ""
    schedule_from: str = ""
    schedule_to: str = ""
    schedule: list[ItemRow] = []
    schedule_sums: dict[str, str] = {}
    invoices: list[ContractInvoiceRow] = []
    policies: list[ContractPolicyRow] = []

    def _own(self, frames: PortfolioFrames) -> dict | None:
        """The contract's row when it belongs to the signed-in company."""
        table = queries.contracts_table(frames, date.today()).filter(
            pl.col("id") == (self._contract_id or -1)
        )
        return table.row(0, named=True) if table.height else None

    def _fill_schedule(self, frames: PortfolioFrames) -> None:
        flt = ItemFilter(
            contract_id=self._contract_id,
            kinds=tuple(kind for name in self.schedule_kinds for kind in SCHEDULE_KINDS[name]),
            status=self.schedule_status,
            due_from=parse_day(self.schedule_from),
            due_to=parse_day(self.schedule_to),
        )
        table = queries.filter_items(frames, flt, date.today())
        self.schedule = [item_row(r) for r in table.head(500).to_dicts()]
        self.schedule_sums = {k: money(v) for k, v in queries.totals(table).items()}

    @protected(Right.VIEW)
    async def load(self, info: SignedIn):
        raw = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self._contract_id = as_id(raw)
        self.schedule_kinds, self.schedule_status, self.schedule_from, self.schedule_to = ["raty"], "", "", ""
        self.schedule_key += 1
        frames = await portfolio_of(info.company_id)
        row = self._own(frames)
        if row is None:
            self.contract, self.error = {}, NOT_FOUND_PL
            self.schedule, self.invoices, self.policies, self.schedule_sums = [], [], [], {}
            return None
        self.contract, self.error = _header(row), ""
        self._fill_schedule(frames)
        today = date.today()
        invoices = queries.invoices_page(
            frames, InvoiceFilter(contract_id=self._contract_id), today, page_size=500
        )
        self.invoices = [contract_invoice_row(r) for r in invoices.rows]
        policies = queries.policies_page(
            frames,
            PolicyFilter(contract_id=self._contract_id),
            today,
            get_settings().expiring_policy_days,
            page_size=100,
        )
        self.policies = [_policy(r) for r in policies.rows]
        return None

    @protected(Right.VIEW)
    async def filter_schedule(self, info: SignedIn, form: dict):
        frames = await portfolio_of(info.company_id)
        if self._own(frames) is None:
            return None
        self.schedule_kinds = schedule_kinds(form)
        self.schedule_status = choice(form, "status", ITEM_STATUSES)
        self.schedule_from, self.schedule_to = str(form.get("from", "")), str(form.get("to", ""))
        self._fill_schedule(frames)
        return None
