"""The compiled gettext catalogues (ebok_app/locale/<locale>/LC_MESSAGES/messages.mo) and the language
of the event being handled."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALES = ("pl", "en")  # the first is the default and the language of the msgids
DEFAULT_LOCALE = LOCALES[0]
LANGUAGE_NAMES = {"pl": "Polski", "en": "English"}  # each in its own language
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"

current_locale: ContextVar[str] = ContextVar("ebok_locale", default=DEFAULT_LOCALE)


class MissingCatalogue(RuntimeError):
    """A language without its compiled catalogue (run `make install` or `make locale`)."""


def known(locale: object) -> str:
    """`locale` when the portal speaks it, else the default (a forged or stale value)."""
    return locale if isinstance(locale, str) and locale in LOCALES else DEFAULT_LOCALE


@functools.cache
def catalogue(locale: str) -> NullTranslations:
    if locale == DEFAULT_LOCALE:
        return NullTranslations()
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        raise MissingCatalogue(f"{path} is missing: run `make locale` (or `make install`)")
    with path.open("rb") as file:
        return Translations(file, domain=DOMAIN)


@contextmanager
def use_locale(locale: str) -> Iterator[None]:
    """Translate and format in `locale` inside the block."""
    token = current_locale.set(known(locale))
    try:
        yield
    finally:
        current_locale.reset(token)


def N_(msgid: str) -> str:
    """Marks a text for extraction where it is defined; it is translated where it is shown."""
    return msgid


def gettext(msgid: str, locale: str | None = None) -> str:
    """`msgid` (Polish) in `locale`, by default the language of the event being handled."""
    if not msgid:
        return msgid  # gettext("") would be the catalogue's header
    return catalogue(known(locale or current_locale.get())).gettext(msgid)


_ = gettext


def plural_forms(one: str, few: str, many: str) -> tuple[str, str, str]:
    """The three Polish forms of a noun ("faktura", "faktury", "faktur"); extraction takes the first and
    the last as the msgid and its plural (English needs two forms)."""
    return one, few, many


def polish_form(n: int, forms: tuple[str, str, str]) -> str:
    """Polish plural: 1 → forms[0]; 2-4 (not 12-14) → forms[1]; otherwise forms[2]."""
    if n == 1:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def plural(n: int, forms: tuple[str, str, str], locale: str | None = None) -> str:
    """The form of a noun for `n` in `locale` ("faktury" for 3 in Polish, "invoices" in English)."""
    locale = known(locale or current_locale.get())
    if locale == DEFAULT_LOCALE:
        return polish_form(n, forms)
    return catalogue(locale).ngettext(forms[0], forms[2], n)


def count_of(n: int, forms: tuple[str, str, str], locale: str | None = None) -> str:
    """A number and its noun: "3 faktury" (pl), "3 invoices" (en)."""
    return f"{n} {plural(n, forms, locale)}"


def languages() -> Iterator[tuple[str, str]]:
    return iter(LANGUAGE_NAMES.items())
