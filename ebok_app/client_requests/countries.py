"""The countries a leased vehicle may be taken to, by their Polish names (and ISO 3166 codes)."""

from __future__ import annotations

from ebok_app.i18n.catalogues import gettext

ALLOWED: dict[str, str] = {
    "AL": "Albania", "AD": "Andora", "AT": "Austria", "BE": "Belgia", "BA": "Bośnia i Hercegowina",
    "BG": "Bułgaria", "HR": "Chorwacja", "CY": "Cypr", "ME": "Czarnogóra", "CZ": "Czechy", "DK": "Dania",
    "EE": "Estonia", "FI": "Finlandia", "FR": "Francja", "GR": "Grecja", "ES": "Hiszpania",
    "NL": "Holandia", "IE": "Irlandia", "IS": "Islandia", "XK": "Kosowo", "LI": "Liechtenstein",
    "LT": "Litwa", "LU": "Luksemburg", "LV": "Łotwa", "MK": "Macedonia Północna", "MT": "Malta",
    "MD": "Mołdawia", "MC": "Monako", "DE": "Niemcy", "NO": "Norwegia", "PT": "Portugalia",
    "RO": "Rumunia", "SM": "San Marino", "RS": "Serbia", "SK": "Słowacja", "SI": "Słowenia",
    "CH": "Szwajcaria", "SE": "Szwecja", "TR": "Turcja", "UA": "Ukraina", "HU": "Węgry",
    "GB": "Wielka Brytania", "IT": "Włochy",
}  # fmt: skip
REFUSED: dict[str, str] = {"RU": "Rosja", "BY": "Białoruś"}  # no insurance cover: no permission
ALIASES = {"niderlandy": "NL", "anglia": "GB", "szkocja": "GB", "republika czeska": "CZ"}
HOME = {"pl", "polska"}


def _by_name() -> dict[str, str]:
    names = {name.lower(): code for code, name in {**ALLOWED, **REFUSED}.items()}
    return {**names, **ALIASES, **{code.lower(): code for code in {**ALLOWED, **REFUSED}}}


BY_NAME = _by_name()


def parse(text: str) -> tuple[list[str], list[str]]:
    """(the countries' Polish names in the order given, Polish problems) of a list like "Niemcy, CZ"."""
    names, problems = [], []
    for part in (p.strip() for p in text.replace(";", ",").replace("\n", ",").split(",")):
        if not part:
            continue
        code = BY_NAME.get(" ".join(part.lower().split()))
        if part.lower() in HOME:
            problems.append(gettext("Polska nie jest wyjazdem za granicę: podaj kraje docelowe."))
        elif code is None:
            problems.append(
                gettext("Nie znamy kraju „{name}”: wpisz jego polską nazwę, np. Niemcy, Czechy.").format(
                    name=part[:40]
                )
            )
        elif code in REFUSED:
            problems.append(
                gettext(
                    "Na wyjazd do kraju {country} nie wydajemy zgody (brak ochrony ubezpieczeniowej)."
                ).format(country=REFUSED[code])
            )
        elif ALLOWED[code] not in names:
            names.append(ALLOWED[code])
    return names, problems
