"""Calendar arithmetic of leases: months, due days."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int, day_of_month: int | None = None) -> date:
    """`day` moved by `months` calendar months, on `day_of_month` (clamped to the month's length)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day_of_month or day.day, last))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])
