"""Dates and times as Polish users read them: in Polish time (Europe/Warsaw), day first."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WARSAW = ZoneInfo("Europe/Warsaw")
MISSING = "—"


def format_moment(moment: datetime | None, seconds: bool = False) -> str:
    """An aware moment in Polish time: "23.11.2026 19:05" (or with seconds); a dash for none."""
    if moment is None:
        return MISSING
    return moment.astimezone(WARSAW).strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")


def format_day(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else MISSING


def masked_phone(phone: str) -> str:
    """A phone number with only the country code and the last three digits: "+48 ••• ••• 567"."""
    return f"{phone[:3]} ••• ••• {phone[-3:]}" if len(phone) >= 6 else MISSING


def plural(n: int, forms: tuple[str, str, str]) -> str:
    """Polish plural: 1 → forms[0]; 2-4 (not 12-14) → forms[1]; otherwise forms[2] ("faktura/y/faktur")."""
    if n == 1:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def count_of(n: int, forms: tuple[str, str, str]) -> str:
    return f"{n} {plural(n, forms)}"


def format_count(n: int) -> str:
    """A whole number as Polish writes it: thousands apart by a (non-breaking) space, "1 048 575"."""
    return f"{n:,}".replace(",", "\u00a0")
