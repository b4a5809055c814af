"""The buyout quote as a PDF: the contract, the day, each part of the amount, VAT, the total, validity."""

from __future__ import annotations

from ebok_app.documents.invoice_pdf import DejaVuPdf
from ebok_app.portfolio.buyout_quote import BuyoutQuote
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.money import format_pln
from ebok_app.settings import Lessor


def quote_file_name(q: BuyoutQuote) -> str:
    return f"wycena-wykupu-{q.contract_number.replace('/', '_')}-{q.on.isoformat()}.pdf"


def render_quote(q: BuyoutQuote, company_name: str, lessor: Lessor) -> bytes:
    pdf = DejaVuPdf()
    pdf.add_page()
    pdf.set_title(f"Wycena wykupu {q.contract_number}")
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, "Wycena wykupu przedmiotu leasingu", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    for line in (
        f"{lessor.name}, {lessor.address}",
        f"Dla: {company_name}",
        f"Umowa leasingu nr {q.contract_number} · {q.asset}",
        f"Dzień wykupu: {format_day(q.on)}    Wycena z dnia: {format_day(q.made_on)}",
    ):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    rows = (
        ("Pozostały kapitał (raty po dniu wykupu)", q.capital_gr),
        ("Wartość wykupu z umowy", q.buyout_value_gr),
        ("Opłata za wykup przed terminem", q.fee_gr),
        ("Razem netto", q.net_gr),
        ("VAT 23%", q.vat_gr),
        ("Wykup brutto", q.gross_gr),
        ("Niezapłacone należności do dnia wykupu (brutto)", q.outstanding_gr),
    )
    for label, amount in rows:
        pdf.cell(130, 7, label, border="B")
        pdf.cell(0, 7, format_pln(amount), border="B", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(130, 9, "Do zapłaty, aby wykupić przedmiot")
    pdf.cell(0, 9, format_pln(q.total_gr), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.ln(3)
    pdf.multi_cell(
        0,
        5,
        f"Wycena ważna do {format_day(q.valid_until)}. Wyliczona z harmonogramu umowy; wiążąca po "
        "potwierdzeniu przez leasingodawcę. Wpłata na rachunek: " + lessor.account,
    )
    return bytes(pdf.output())
