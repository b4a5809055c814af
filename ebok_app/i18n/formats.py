"""Amounts, numbers and dates as a user of each language reads them (Babel, CLDR data): Polish as
before ("1 234,56 zł", "23.11.2026 19:05"), English in British order ("1,234.56 PLN", "23 Nov 2026")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import dates, numbers

from ebok_app.i18n.catalogues import DEFAULT_LOCALE, current_locale, known

WARSAW = ZoneInfo("Europe/Warsaw")
MISSING = "—"
CLDR = {"pl": "pl_PL", "en": "en_GB"}
CURRENCY_PATTERN = {"en": "#,##0.00\u00a0¤"}  # the amount first, as Polish invoices in English have it
DAY_PATTERN = {"pl": "dd.MM.yyyy", "en": "d MMM yyyy"}
MOMENT_PATTERN = {"pl": "dd.MM.yyyy HH:mm", "en": "d MMM yyyy HH:mm"}


def _locale(locale: str | None) -> str:
    return known(locale or current_locale.get())


def money(amount_gr: int | None, locale: str | None = None) -> str:
    """An amount in grosze: "1 234,56 zł" (pl), "1,234.56 PLN" (en)."""
    code = _locale(locale)
    value = Decimal(amount_gr or 0) / 100
    return numbers.format_currency(value, "PLN", format=CURRENCY_PATTERN.get(code), locale=CLDR[code])


def count(n: int, locale: str | None = None) -> str:
    """A whole number with the thousands apart: "1 048 575" (pl), "1,048,575" (en)."""
    return numbers.format_decimal(n, locale=CLDR[_locale(locale)])


def day(value: date | None, locale: str | None = None) -> str:
    if value is None:
        return MISSING
    code = _locale(locale)
    return dates.format_date(value, DAY_PATTERN[code], locale=CLDR[code])


def moment(value: datetime | None, seconds: bool = False, locale: str | None = None) -> str:
    """An aware moment in Polish time (Europe/Warsaw), where the company and the portal are."""
    if value is None:
        return MISSING
    code = _locale(locale)
    pattern = MOMENT_PATTERN[code] + (":ss" if seconds else "")
    return dates.format_datetime(value, pattern, tzinfo=WARSAW, locale=CLDR[code])


def month(value: date, locale: str | None = None) -> str:
    """A month and its year: "listopad 2026" (pl), "November 2026" (en)."""
    code = _locale(locale)
    return dates.format_date(value, "LLLL yyyy", locale=CLDR[code])


def cldr(locale: str | None = None) -> str:
    """Babel's name of the locale's formats."""
    return CLDR[_locale(locale)]


def is_default(locale: str | None = None) -> bool:
    return _locale(locale) == DEFAULT_LOCALE
