"""What the list pages share: reading filters from the URL, writing them back, dates and pages."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

import reflex as rx

from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.money import format_pln
from ebok_app.portfolio.statuses import LABELS_PL, ContractStatus, PaymentStatus, PolicyStatus

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
    "initial_fee": "opłata wstępna",
    "buyout": "wykup",
    "fee": "opłata dodatkowa",
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


def replace_url(path: str, params: dict[str, str]) -> rx.event.EventSpec:
    """Put the view's filters into the address bar (bookmarkable, shareable) without reloading."""
    query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
    return rx.call_script(
        f"window.history.replaceState(null, '', {json.dumps(path + ('?' + query if query else ''))})"
    )


def status_label(status: str) -> str:
    return LABELS_PL.get(status, status)  # StrEnum members compare and hash as their values


def badge_color(status: str) -> str:
    return STATUS_COLORS.get(status, "gray")


def money(amount_gr: int | None) -> str:
    return format_pln(amount_gr or 0)


def day(value: date | None) -> str:
    return format_day(value)
