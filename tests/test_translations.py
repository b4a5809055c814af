"""Translations: every text the code marks has its English translation (extracted with Babel the way
`make locale` does), the compiled catalogue is the one in the .po file, no text of the client's pages
bypasses t(), and amounts, dates and plurals follow the language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from ebok_app.components.chart_locale import chart_config
from ebok_app.components.shell import idle_guard
from ebok_app.components.translated import t
from ebok_app.i18n import formats
from ebok_app.i18n.catalogues import (
    LOCALE_DIR,
    LOCALES,
    catalogue,
    count_of,
    current_locale,
    gettext,
    plural_forms,
    use_locale,
)
from ebok_app.portfolio.money import format_pln
from ebok_app.state.auth import AuthState
from tests.ui_texts import reads_as_text, untranslated

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"t": None, "N_": None, "_": None, "gettext": None, "plural_forms": (1, 3)}  # as in the Makefile
# the staff's pages are for the lessor's employees, in Polish only; the chart's own locale table is data
NOT_CLIENT_SIDE = re.compile(r"/staff_[a-z_]+\.py$|/chart_locale\.py$")
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def extracted() -> dict[str | tuple[str, str], str]:
    """Every msgid the code marks, with where it was found."""
    found = {}
    method_map = [("ebok_app/**.py", "python")]
    for filename, line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        found[message] = f"{filename}:{line}"
    return found


def english_po():
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale="en")


def test_every_marked_text_has_its_english_translation():
    po = english_po()
    missing = []
    for msgid, where in extracted().items():
        entry = po.get(msgid)
        if entry is None or entry.fuzzy or not entry.string or not all(entry.string):
            missing.append(f"{where}: {msgid!r}")
    assert missing == [], "run `make locale` and translate in ebok_app/locale/en/LC_MESSAGES/messages.po"


def test_translations_keep_the_placeholders():
    wrong = []
    for entry in english_po():
        placeholders = (
            sorted(PLACEHOLDER.findall(str(entry.id))),
            sorted(PLACEHOLDER.findall(str(entry.string))),
        )
        if entry.id and isinstance(entry.id, str) and placeholders[0] != placeholders[1]:
            wrong.append(entry.id)
    assert wrong == []


def test_the_compiled_catalogue_is_the_po_file():
    """A stale messages.mo (the .po changed, `make install` not run) would show old English."""
    for entry in english_po():
        if entry.id and isinstance(entry.id, str):
            assert catalogue("en").gettext(entry.id) == entry.string, entry.id


def test_no_text_of_the_client_pages_bypasses_t():
    bypassing = [
        f"{lit.path}:{lit.line}: {lit.text!r}"
        for lit in untranslated(ROOT)
        if not NOT_CLIENT_SIDE.search(lit.path)
    ]
    assert bypassing == []


def test_the_bypass_check_finds_plain_texts(tmp_path):
    """The check can fail: a page with a plain Polish text (and one through t()) is caught."""
    pages = tmp_path / "ebok_app" / "pages"
    pages.mkdir(parents=True)
    (pages / "sample.py").write_text(
        '"""A page."""\nimport reflex as rx\n\n\ndef page():\n'
        '    return rx.vstack(rx.text("Umowy"), rx.text(t("Faktury")), rx.icon("file-text"),'
        ' rx.button("x", aria_label="Zamknij menu", color="gray"), rx.text(f"Razem {n}"),'
        ' rx.text("strona " + n))\n'
    )
    found = sorted(lit.text for lit in untranslated(tmp_path))
    assert found == ["Razem ", "Umowy", "Zamknij menu", "strona "]
    assert reads_as_text("Wyślij") and reads_as_text("po terminie") and not reads_as_text("space-between")


def test_t_picks_the_text_by_the_tabs_language():
    text = t("Wyloguj")
    js = str(text)
    assert '"pl": "Wyloguj"' in js and '"en": "Log out"' in js
    assert str(AuthState.locale) in js and '?? "Wyloguj"' in js  # an unknown language: Polish
    assert text._get_all_var_data() is not None  # the page follows the state var (redraws on a switch)


def test_t_fills_placeholders_per_language():
    js = str(
        t("XLSX do {rows} wierszy (limit Excela), CSV bez limitu", rows=lambda lc: formats.count(10**6, lc))
    )
    assert "XLSX do 1\u00a0000\u00a0000 wierszy" in js and "XLSX up to 1,000,000 rows" in js


def test_gettext_follows_the_events_language():
    assert gettext("Wyloguj") == "Wyloguj"
    with use_locale("en"):
        assert gettext("Wyloguj") == "Log out"
        assert gettext("") == ""  # not the catalogue's header
    assert gettext("Wyloguj", "xx") == "Wyloguj"  # a forged language: the default
    assert current_locale.get() == "pl"


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_polish_amounts_look_as_before(amount_gr):
    assert formats.money(amount_gr, "pl") == format_pln(amount_gr)


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_english_amounts_read_back(amount_gr):
    text = formats.money(amount_gr, "en")
    assert text.endswith("\u00a0PLN")
    assert Decimal(text.removesuffix("\u00a0PLN").replace(",", "")) * 100 == amount_gr


def test_dates_and_moments_per_language():
    day = date(2026, 11, 23)
    moment = datetime(2026, 11, 23, 18, 5, 9, tzinfo=UTC)  # 19:05 in Warsaw
    assert formats.day(day, "pl") == "23.11.2026" and formats.day(day, "en") == "23 Nov 2026"
    assert formats.moment(moment, locale="pl") == "23.11.2026 19:05"
    assert formats.moment(moment, seconds=True, locale="en") == "23 Nov 2026 19:05:09"
    assert formats.day(None) == formats.MISSING
    assert (
        formats.count(1048575, "pl") == "1\u00a0048\u00a0575" and formats.count(1048575, "en") == "1,048,575"
    )


def test_plurals_per_language():
    invoices = plural_forms("faktura", "faktury", "faktur")
    assert [count_of(n, invoices, "pl") for n in (1, 3, 5, 12, 22)] == [
        "1 faktura",
        "3 faktury",
        "5 faktur",
        "12 faktur",
        "22 faktury",
    ]
    assert [count_of(n, invoices, "en") for n in (1, 3)] == ["1 invoice", "3 invoices"]


def test_every_language_has_a_catalogue():
    for locale in LOCALES:
        assert catalogue(locale) is not None


def test_the_idle_warning_is_spoken_in_the_tabs_language():
    rendered = str(idle_guard().render())
    for english in ("Signing out in {time}.", "{n} second", "{n} seconds", "press the Stay signed in button"):
        assert english in rendered
    script = (ROOT / "assets" / "ebok.js").read_text(encoding="utf-8")
    assert not re.search(r"sekund|Wylogowanie|wylogujemy", script)  # the texts come from the page


def test_the_charts_locale_follows_the_tabs_language():
    config = chart_config()
    assert config["locale"] is AuthState.locale and "pl" in config["locales"]  # "en" is plotly's own
