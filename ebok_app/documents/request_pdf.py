"""The documents eBOK makes for answered requests: the permission to take a vehicle abroad and the
balance confirmation, each with the request's number, the company and the lessor; fixed once made
(the answer stores the PDF, so a later payment does not change a confirmation already given)."""

from __future__ import annotations

from datetime import date

from ebok_app.client_requests.catalogue import Kind
from ebok_app.client_requests.handling import DocumentFacts
from ebok_app.documents.invoice_pdf import DejaVuPdf
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.money import format_pln
from ebok_app.settings import Lessor

TITLES = {Kind.ABROAD: "Zgoda na wyjazd pojazdem za granicę", Kind.BALANCE: "Potwierdzenie salda"}
STEMS = {Kind.ABROAD: "zgoda-na-wyjazd", Kind.BALANCE: "potwierdzenie-salda"}


def file_name(facts: DocumentFacts) -> str:
    return f"{STEMS[facts.kind]}-{facts.number.replace('/', '-')}.pdf"


def _day(value: object) -> str:
    return format_day(date.fromisoformat(str(value))) if value else "—"


def _lines(pdf: DejaVuPdf, lines: tuple[str, ...]) -> None:
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")


def _abroad(pdf: DejaVuPdf, facts: DocumentFacts) -> None:
    d = facts.details
    _lines(
        pdf,
        (
            f"Jako właściciel pojazdu {d.get('vehicle', '')}, użytkowanego przez {facts.company_name} "
            f"na podstawie umowy leasingu nr {d.get('contract_number', '')}, wyrażamy zgodę na wyjazd "
            "tym pojazdem za granicę:",
            f"Kraje: {', '.join(d.get('countries', []))}",
            f"Termin: od {_day(d.get('date_from'))} do {_day(d.get('date_to'))}",
            f"Kierowca: {d.get('driver', '')}",
        ),
    )
    pdf.ln(2)
    _lines(
        pdf,
        (
            "Zgoda nie zwalnia z obowiązku posiadania ważnego ubezpieczenia OC i AC na czas wyjazdu "
            "ani z przestrzegania przepisów krajów docelowych. Zgoda wygasa z końcem terminu albo "
            "rozwiązaniem umowy.",
        ),
    )


def _balance(pdf: DejaVuPdf, facts: DocumentFacts) -> None:
    figures, d = facts.balance, facts.details
    scope = f"umowa nr {d['contract_number']}" if d.get("contract_number") else "wszystkie umowy leasingu"
    _lines(pdf, (f"Saldo na dzień {format_day(figures.as_of)} (koniec dnia), {scope}:",))
    pdf.ln(2)
    rows = (
        ("Faktury wystawione do tego dnia (brutto)", figures.invoiced_gr),
        ("Wpłaty zaksięgowane do tego dnia", figures.paid_gr),
        ("Saldo: pozostało do zapłaty", figures.due_gr),
        ("w tym po terminie płatności", figures.overdue_gr),
    )
    for label, amount in rows:
        pdf.cell(130, 7, label, border="B")
        pdf.cell(0, 7, format_pln(amount), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    _lines(
        pdf,
        (
            "Prosimy o sprawdzenie salda; rozbieżności prosimy zgłosić w ciągu 14 dni przez eBOK "
            "(Kontakt) lub HelpDesk. Ujemne saldo oznacza nadpłatę.",
        ),
    )


def render(facts: DocumentFacts, lessor: Lessor, issued_on: date) -> bytes:
    """The answer's PDF for a request of a type that has one (abroad, balance)."""
    pdf = DejaVuPdf()
    pdf.add_page()
    title = TITLES[facts.kind]
    pdf.set_title(f"{title} {facts.number}")
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    _lines(
        pdf,
        (
            f"{lessor.name}, {lessor.address}, NIP {lessor.nip}",
            f"Dla: {facts.company_name}, {facts.company_address}, NIP {facts.company_nip}",
            f"Do wniosku nr {facts.number} · Warszawa, {format_day(issued_on)}",
        ),
    )
    pdf.ln(4)
    (_abroad if facts.kind == Kind.ABROAD else _balance)(pdf, facts)
    pdf.ln(6)
    pdf.set_font("DejaVu", "", 9)
    _lines(pdf, (f"Dokument wygenerowany w eBOK przez {lessor.name}; nie wymaga podpisu.",))
    return bytes(pdf.output())
