"""The catalogue of requests a client sends to the lessor: each type with its own form fields, checked
here (without the database) with Polish messages; what needs the database (the contract, the invoices
of the company) is checked by filing.py.

Types: permission to take the vehicle abroad, balance confirmation, duplicate invoice, change of
contract data, change of the bank account for direct debit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from stdnum import iban

from ebok_app.client_requests import countries
from ebok_app.i18n.catalogues import N_, gettext
from ebok_app.models import RequestStatus
from ebok_app.portfolio.formatting import format_day


class FieldKind(StrEnum):
    CONTRACT = "contract"  # one of the company's contracts, required
    ANY_CONTRACT = "any_contract"  # one of the company's contracts or all of them
    DAY = "day"  # YYYY-MM-DD
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    COUNTRIES = "countries"
    INVOICES = "invoices"  # invoice numbers, separated by commas, spaces or lines
    IBAN = "iban"


class Attachment(StrEnum):
    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: FieldKind
    hint: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestType:
    code: str
    label: str
    lead: str  # one sentence under the type's name
    fields: tuple[FormField, ...]
    attachment: Attachment = Attachment.NONE
    attachment_label: str = ""
    document: str = ""  # the PDF eBOK makes for the answer ("" when the helpdesk attaches its own)
    icon: str = "file-text"  # lucide icon


class Kind(StrEnum):
    ABROAD = "abroad"
    BALANCE = "balance"
    DUPLICATE = "duplicate"
    CONTRACT_CHANGE = "contract_change"
    BANK_ACCOUNT = "bank_account"


CHANGE_SUBJECTS = (
    N_("Adres korespondencyjny"),
    N_("Adres e-mail do faktur"),
    N_("Osoba do kontaktu"),
    N_("Dane firmy (nazwa, adres siedziby)"),
    N_("Użytkownik pojazdu"),
    N_("Inne dane umowy"),
)
DUPLICATE_REASONS = (N_("Zagubienie faktury"), N_("Zniszczenie faktury"))
MAX_INVOICES = 20
MAX_TRIP_DAYS = 365
OLDEST_BALANCE_YEARS = 10

TYPES: tuple[RequestType, ...] = (
    RequestType(
        Kind.ABROAD,
        N_("Zgoda na wyjazd za granicę"),
        N_("Zgoda leasingodawcy na wyjazd pojazdem poza Polskę, z listą krajów i terminem."),
        (
            FormField("contract_id", N_("Umowa (pojazd)"), FieldKind.CONTRACT),
            FormField(
                "countries", N_("Kraje"), FieldKind.COUNTRIES, N_("Oddziel przecinkami, np. Niemcy, Czechy")
            ),
            FormField("date_from", N_("Od dnia"), FieldKind.DAY),
            FormField("date_to", N_("Do dnia"), FieldKind.DAY),
            FormField("driver", N_("Kierowca (imię i nazwisko)"), FieldKind.TEXT),
        ),
        document="abroad",
        icon="plane",
    ),
    RequestType(
        Kind.BALANCE,
        N_("Potwierdzenie salda"),
        N_("Zestawienie należności i wpłat na wskazany dzień, np. dla audytora lub banku."),
        (
            FormField("as_of", N_("Saldo na dzień"), FieldKind.DAY),
            FormField("contract_id", N_("Umowa"), FieldKind.ANY_CONTRACT),
        ),
        document="balance",
        icon="scale",
    ),
    RequestType(
        Kind.DUPLICATE,
        N_("Duplikat faktury"),
        N_("Duplikat faktury, która zaginęła lub uległa zniszczeniu."),
        (
            FormField(
                "invoices", N_("Numery faktur"), FieldKind.INVOICES, N_("Oddziel przecinkami, najwyżej 20")
            ),
            FormField("reason", N_("Powód"), FieldKind.CHOICE, choices=DUPLICATE_REASONS),
        ),
        icon="copy",
    ),
    RequestType(
        Kind.CONTRACT_CHANGE,
        N_("Zmiana danych umowy"),
        N_("Zmiana danych w umowie leasingu, np. adresu korespondencyjnego lub osoby do kontaktu."),
        (
            FormField("contract_id", N_("Umowa"), FieldKind.CONTRACT),
            FormField("subject", N_("Co zmienić"), FieldKind.CHOICE, choices=CHANGE_SUBJECTS),
            FormField("new_value", N_("Nowe dane"), FieldKind.LONG_TEXT),
        ),
        attachment=Attachment.OPTIONAL,
        attachment_label=N_("Dokument potwierdzający zmianę (nieobowiązkowy)"),
        icon="file-pen-line",
    ),
    RequestType(
        Kind.BANK_ACCOUNT,
        N_("Zmiana rachunku do polecenia zapłaty"),
        N_("Nowy rachunek, z którego pobieramy raty w poleceniu zapłaty."),
        (
            FormField("iban", N_("Numer rachunku (IBAN)"), FieldKind.IBAN, N_("PL i 26 cyfr")),
            FormField("holder", N_("Posiadacz rachunku"), FieldKind.TEXT),
            FormField("contract_id", N_("Umowa"), FieldKind.ANY_CONTRACT),
        ),
        attachment=Attachment.REQUIRED,
        attachment_label=N_("Potwierdzenie z banku (obowiązkowe)"),
        icon="landmark",
    ),
)
BY_CODE: dict[str, RequestType] = {t.code: t for t in TYPES}
ALL_CONTRACTS = "wszystkie"

STATUS_LABELS_PL: dict[str, str] = {
    RequestStatus.NEW: N_("nowa"),
    RequestStatus.IN_PROGRESS: N_("w realizacji"),
    RequestStatus.NEEDS_INFO: N_("wymaga uzupełnienia"),
    RequestStatus.DONE: N_("zrealizowana"),
    RequestStatus.REJECTED: N_("odrzucona"),
}
OPEN = frozenset({RequestStatus.NEW, RequestStatus.IN_PROGRESS, RequestStatus.NEEDS_INFO})
UNKNOWN_TYPE_PL = N_("Wybierz rodzaj wniosku z listy.")


@dataclass
class Checked:
    """A form as checked: Polish problems, or the values to store (and what the database checks next)."""

    kind: RequestType | None
    problems: list[str] = field(default_factory=list)
    values: dict[str, object] = field(default_factory=dict)
    contract_id: int | None = None  # a contract to check against the company
    contract_given: str = ""  # the contract field as sent ("" none, ALL_CONTRACTS, an id)
    invoice_numbers: list[str] = field(default_factory=list)


def _day(text: str, label: str, problems: list[str]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(gettext("{label}: wybierz datę w kalendarzu.").format(label=gettext(label)))
        return None


def _text(text: str, label: str, low: int, high: int, problems: list[str]) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not low <= len(text) <= high:
        problems.append(
            gettext("{label}: od {low} do {high} znaków (teraz: {length}).").format(
                label=gettext(label), low=low, high=high, length=len(text)
            )
        )
    return text


def normal_iban(text: str) -> str:
    """The account number without spaces, with PL before 26 bare digits (a Polish NRB)."""
    compact = iban.compact(text or "")
    return f"PL{compact}" if compact.isdigit() and len(compact) == 26 else compact


def _iban(text: str, problems: list[str]) -> str:
    number = normal_iban(text)
    if not number:
        problems.append(gettext("Numer rachunku: wpisz numer IBAN (PL i 26 cyfr)."))
    elif not iban.is_valid(number):
        problems.append(gettext("Numer rachunku: to nie jest poprawny numer IBAN (sprawdź cyfry kontrolne)."))
    elif not number.startswith("PL"):
        problems.append(
            gettext("Numer rachunku: polecenie zapłaty obsługujemy tylko z rachunku w polskim banku.")
        )
    else:
        return iban.format(number)
    return ""


def _invoices(text: str, problems: list[str]) -> list[str]:
    numbers = list(dict.fromkeys(n for n in re.split(r"[\s,;]+", text.strip()) if n))
    if not numbers:
        problems.append(gettext("Numery faktur: wpisz co najmniej jeden numer faktury."))
    elif len(numbers) > MAX_INVOICES:
        problems.append(
            gettext("Numery faktur: najwyżej {limit} faktur w jednym wniosku.").format(limit=MAX_INVOICES)
        )
    elif any(len(n) > 32 for n in numbers):
        problems.append(gettext("Numery faktur: numer faktury ma najwyżej 32 znaki."))
    return numbers


def _contract(given: str, f: FormField, checked: Checked) -> None:
    checked.contract_given = given.strip()
    if f.kind is FieldKind.ANY_CONTRACT and checked.contract_given in ("", ALL_CONTRACTS):
        checked.values[f.name] = ALL_CONTRACTS
        return
    value = checked.contract_given
    if value.isascii() and value.isdigit() and 0 < len(value) <= 18:
        checked.contract_id = int(value)
    else:
        checked.problems.append(gettext("{label}: wybierz umowę z listy.").format(label=gettext(f.label)))


def _field(f: FormField, raw: str, checked: Checked) -> None:
    problems, values = checked.problems, checked.values
    if f.kind in (FieldKind.CONTRACT, FieldKind.ANY_CONTRACT):
        _contract(raw, f, checked)
    elif f.kind is FieldKind.DAY:
        found = _day(raw, f.label, problems)
        values[f.name] = found.isoformat() if found else ""
    elif f.kind is FieldKind.TEXT:
        values[f.name] = " ".join(_text(raw, f.label, 3, 200, problems).split())
    elif f.kind is FieldKind.LONG_TEXT:
        values[f.name] = _text(raw, f.label, 3, 1000, problems)
    elif f.kind is FieldKind.CHOICE:
        if raw not in f.choices:
            problems.append(gettext("{label}: wybierz jedną z pozycji listy.").format(label=gettext(f.label)))
        values[f.name] = raw
    elif f.kind is FieldKind.COUNTRIES:
        names, found = countries.parse(raw)
        problems.extend(found)
        if not names and not found:
            problems.append(gettext("{label}: wpisz co najmniej jeden kraj.").format(label=gettext(f.label)))
        values[f.name] = names
    elif f.kind is FieldKind.INVOICES:
        checked.invoice_numbers = _invoices(raw, problems)
        values[f.name] = checked.invoice_numbers
    elif f.kind is FieldKind.IBAN:
        values[f.name] = _iban(raw, problems)


def _dates(kind: str, values: dict, today: date, problems: list[str]) -> None:
    """The rules between a type's dates (each one already parsed when not "")."""
    if kind == Kind.ABROAD and values.get("date_from") and values.get("date_to"):
        start, end = date.fromisoformat(values["date_from"]), date.fromisoformat(values["date_to"])
        if start < today:
            problems.append(gettext("Od dnia: wyjazd nie może zaczynać się w przeszłości."))
        if end < start:
            problems.append(gettext("Do dnia: koniec wyjazdu musi być nie wcześniej niż jego początek."))
        elif (end - start).days > MAX_TRIP_DAYS:
            problems.append(
                gettext("Do dnia: zgodę wydajemy najwyżej na {days} dni.").format(days=MAX_TRIP_DAYS)
            )
    if kind == Kind.BALANCE and values.get("as_of"):
        as_of = date.fromisoformat(values["as_of"])
        if as_of > today:
            problems.append(gettext("Saldo na dzień: najpóźniej dziś ({day}).").format(day=format_day(today)))
        elif as_of < today - timedelta(days=365 * OLDEST_BALANCE_YEARS):
            problems.append(
                gettext("Saldo na dzień: najwyżej {years} lat wstecz.").format(years=OLDEST_BALANCE_YEARS)
            )


def check(kind: str, form: dict, today: date) -> Checked:
    """The form of request type `kind` checked field by field; Polish problems, nothing stored."""
    request_type = BY_CODE.get(kind)
    if request_type is None:
        return Checked(None, [gettext(UNKNOWN_TYPE_PL)])
    checked = Checked(request_type)
    for f in request_type.fields:
        _field(f, str(form.get(f.name, "") or ""), checked)
    _dates(request_type.code, checked.values, today, checked.problems)
    return checked


def describe(kind: str, details: dict, locale: str | None = None) -> list[tuple[str, str]]:
    """(label, value) of each field of a stored request, as both sides read it (labels in `locale`)."""
    request_type = BY_CODE.get(kind)
    if request_type is None:
        return []
    rows = []
    for f in request_type.fields:
        value = details.get(f.name, "")
        if f.kind in (FieldKind.CONTRACT, FieldKind.ANY_CONTRACT):
            value = details.get("contract_number") or gettext("wszystkie umowy", locale)
        elif f.kind is FieldKind.DAY and value:
            value = format_day(date.fromisoformat(str(value)))
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        rows.append((gettext(f.label, locale), str(value)))
    return rows


def label(kind: str) -> str:
    found = BY_CODE.get(kind)
    return found.label if found else kind


def number(request_id: int, year: int) -> str:
    """The request's number as both sides quote it: WN/2026/00042."""
    return f"WN/{year}/{request_id:05d}"
