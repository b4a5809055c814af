"""The one place where statuses are derived; none of them is stored.

A status follows from amounts and dates, so storing it would let it drift from the facts. Every
screen, export, notification and test asks these functions (or their polars twins, later) instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

import polars as pl

from ebok_app.i18n.catalogues import N_


class PaymentStatus(StrEnum):
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    UNPAID = "unpaid"


class ContractStatus(StrEnum):
    SIGNED = "signed"  # podpisana: signed, the lease has not started yet
    ACTIVE = "active"
    ENDED = "ended"


class PolicyStatus(StrEnum):
    ACTIVE = "active"
    EXPIRING = "expiring"  # wygasająca: ends within the window
    EXPIRED = "expired"


LABELS_PL: dict[StrEnum, str] = {
    PaymentStatus.PAID: N_("zapłacona"),
    PaymentStatus.PARTLY_PAID: N_("częściowo zapłacona"),
    PaymentStatus.UNPAID: N_("niezapłacona"),
    ContractStatus.SIGNED: N_("podpisana"),
    ContractStatus.ACTIVE: N_("aktywna"),
    ContractStatus.ENDED: N_("zakończona"),
    PolicyStatus.ACTIVE: N_("aktywna"),
    PolicyStatus.EXPIRING: N_("wygasająca"),
    PolicyStatus.EXPIRED: N_("wygasła"),
}


def payment_status(gross_gr: int, paid_gr: int) -> PaymentStatus:
    """Paid when nothing is left to pay, unpaid when nothing was paid, partly paid in between.
    A correction that lowers an invoice (negative gross) leaves nothing to pay: paid."""
    if gross_gr < 0 and paid_gr == 0:
        return PaymentStatus.PAID
    if paid_gr < 0 or paid_gr > gross_gr:
        raise ValueError(f"paid amount {paid_gr} outside 0..{gross_gr}")
    if paid_gr == gross_gr:
        return PaymentStatus.PAID
    if paid_gr == 0:
        return PaymentStatus.UNPAID
    return PaymentStatus.PARTLY_PAID


def is_overdue(due: date, gross_gr: int, paid_gr: int, today: date) -> bool:
    """Overdue: something is left to pay and the due date has passed (the due day itself is not late)."""
    return paid_gr < gross_gr and due < today


def contract_status(start: date, end: date, terminated_on: date | None, today: date) -> ContractStatus:
    """Signed before the start date, ended after the end date or an early termination, else active."""
    if terminated_on is not None and terminated_on <= today:
        return ContractStatus.ENDED
    if today < start:
        return ContractStatus.SIGNED
    if today > end:
        return ContractStatus.ENDED
    return ContractStatus.ACTIVE


def policy_status(end: date, today: date, expiring_days: int = 30) -> PolicyStatus:
    """Expired after the end date; expiring when it ends within `expiring_days` days (inclusive)."""
    if end < today:
        return PolicyStatus.EXPIRED
    if end <= today + timedelta(days=expiring_days):
        return PolicyStatus.EXPIRING
    return PolicyStatus.ACTIVE


# --- the same rules as polars expressions, for whole frames (tests check both agree) -----------------


def payment_status_expr(gross: str = "gross_gr", paid: str = "paid_gr") -> pl.Expr:
    return (
        pl.when(pl.col(paid) >= pl.col(gross))
        .then(pl.lit(PaymentStatus.PAID.value))
        .when(pl.col(paid) == 0)
        .then(pl.lit(PaymentStatus.UNPAID.value))
        .otherwise(pl.lit(PaymentStatus.PARTLY_PAID.value))
    )


def overdue_expr(
    today: date, due: str = "due_date", gross: str = "gross_gr", paid: str = "paid_gr"
) -> pl.Expr:
    return (pl.col(paid) < pl.col(gross)) & (pl.col(due) < pl.lit(today))


def contract_status_expr(today: date) -> pl.Expr:
    terminated = pl.col("terminated_on").is_not_null() & (pl.col("terminated_on") <= pl.lit(today))
    return (
        pl.when(terminated | (pl.lit(today) > pl.col("end_date")))
        .then(pl.lit(ContractStatus.ENDED.value))
        .when(pl.lit(today) < pl.col("start_date"))
        .then(pl.lit(ContractStatus.SIGNED.value))
        .otherwise(pl.lit(ContractStatus.ACTIVE.value))
    )


def policy_status_expr(today: date, expiring_days: int = 30) -> pl.Expr:
    return (
        pl.when(pl.col("end_date") < pl.lit(today))
        .then(pl.lit(PolicyStatus.EXPIRED.value))
        .when(pl.col("end_date") <= pl.lit(today + timedelta(days=expiring_days)))
        .then(pl.lit(PolicyStatus.EXPIRING.value))
        .otherwise(pl.lit(PolicyStatus.ACTIVE.value))
    )
