"""Wycena wykupu: what buying a contract's asset out on a chosen day costs, from its schedule.

Remaining capital (of the installments due after that day), the contract's buyout value and the lessor's
early-buyout fee, net, with 23 % VAT; plus what is still unpaid of the items due up to that day, which is
settled with it. The quote is valid for a number of days the lessor sets, and never past the day itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl
from sqlmodel import Session

from ebok_app.models import ItemKind
from ebok_app.portfolio.forecast import BuyoutPlan, replaced_by_buyout
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.frames import PortfolioFrames, frame_cache
from ebok_app.portfolio.money import vat_of
from ebok_app.settings import get_settings


class QuoteRefused(ValueError):
    """The quote cannot be made; `message_pl` says why."""

    def __init__(self, message_pl: str) -> None:
        super().__init__(message_pl)
        self.message_pl = message_pl


@dataclass(frozen=True)
class BuyoutQuote:
    contract_id: int
    contract_number: str
    asset: str
    on: date
    made_on: date
    valid_until: date
    capital_gr: int  # remaining capital of the installments due after `on`
    buyout_value_gr: int  # the contract's buyout value (net)
    fee_gr: int  # the early-buyout fee (net)
    vat_gr: int
    outstanding_gr: int  # unpaid gross of the items due up to `on`

    @property
    def net_gr(self) -> int:
        return self.capital_gr + self.buyout_value_gr + self.fee_gr

    @property
    def gross_gr(self) -> int:
        return self.net_gr + self.vat_gr

    @property
    def total_gr(self) -> int:
        return self.gross_gr + self.outstanding_gr


def quote(
    frames: PortfolioFrames, *, contract_id: int, on: date, today: date, fee_gr: int, valid_days: int
) -> BuyoutQuote:
    """The quote for buying the contract (of this company) out on `on`; QuoteRefused with a Polish reason."""
    contract = frames.contracts.filter(pl.col("id") == contract_id)
    if contract.is_empty():
        raise QuoteRefused("Nie znaleziono umowy albo nie masz do niej dostępu.")
    c = contract.row(0, named=True)
    if c["terminated_on"] is not None or c["end_date"] < today:
        raise QuoteRefused("Ta umowa już się zakończyła: nie ma czego wykupić.")
    if on < today:
        raise QuoteRefused(
            "Dzień wykupu nie może być w przeszłości. Wybierz dzisiejszą albo późniejszą datę."
        )
    if on > c["end_date"]:
        raise QuoteRefused(
            f"Dzień wykupu musi przypadać najpóźniej w dniu zakończenia umowy ({format_day(c['end_date'])})."
        )
    replaced = replaced_by_buyout(frames.items, BuyoutPlan(contract_id, on))
    if replaced.is_empty():
        raise QuoteRefused(
            "Po tym dniu umowa nie ma już rat do wykupu: wykup nastąpi zgodnie z harmonogramem."
        )
    capital = int(replaced.filter(pl.col("kind") == ItemKind.INSTALLMENT)["capital_gr"].sum())
    value = int(replaced.filter(pl.col("kind") == ItemKind.BUYOUT)["net_gr"].sum())
    due = frames.items.filter((pl.col("contract_id") == contract_id) & (pl.col("due_date") <= on))
    outstanding = int((due["gross_gr"] - due["paid_gr"]).clip(lower_bound=0).sum()) if due.height else 0
    return BuyoutQuote(
        contract_id=contract_id,
        contract_number=c["number"],
        asset=f"{c['asset_kind']}: {c['asset_make']} {c['asset_model']}"
        + (f", {c['plate']}" if c["plate"] else ""),
        on=on,
        made_on=today,
        valid_until=min(today + timedelta(days=valid_days), on),
        capital_gr=capital,
        buyout_value_gr=value,
        fee_gr=fee_gr,
        vat_gr=vat_of(capital + value + fee_gr, "23"),
        outstanding_gr=outstanding,
    )


def make_quote(db: Session, *, company_id: int, contract_id: int, on: date) -> BuyoutQuote:
    """The quote as of today, with the lessor's fee and validity (from the settings)."""
    settings = get_settings()
    return quote(
        frame_cache.get(db.get_bind(), company_id),
        contract_id=contract_id,
        on=on,
        today=date.today(),
        fee_gr=settings.buyout_fee_gr,
        valid_days=settings.buyout_quote_days,
    )
