"""The invoice PDF carries every element of a Polish VAT invoice (read back from the PDF itself)."""

import io
import re

from pypdf import PdfReader
from sqlmodel import Session

from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.documents.invoice_document import load_invoice
from ebok_app.documents.invoice_pdf import render_invoice
from ebok_app.documents.ksef.links import verification_link
from ebok_app.settings import get_settings

PEPPER = bytes(range(32))


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_pdf_has_every_required_element(engine, today):
    data = generate(11, today, fleet_contracts=3)
    insert_demo(engine, data, PEPPER)
    lessor = get_settings().lessor
    # an invoice with an exempt insurance line and a partly paid one, if the demo has them
    items_by_invoice = {}
    for item in data.rows["scheduleitem"]:
        if item["invoice_id"]:
            items_by_invoice.setdefault(item["invoice_id"], []).append(item)
    invoice = next(
        i for i in data.rows["invoice"] if len({x["vat_rate"] for x in items_by_invoice[i["id"]]}) > 1
    )
    company = next(c for c in data.rows["company"] if c["id"] == invoice["company_id"])
    with Session(engine) as session:
        doc = load_invoice(session, company["id"], invoice["id"], lessor)
        other_company = next(c["id"] for c in data.rows["company"] if c["id"] != company["id"])
        assert load_invoice(session, other_company, invoice["id"], lessor) is None
    text = _text(
        render_invoice(
            doc, verification_link("https://qr-test.ksef.mf.gov.pl", lessor.nip, doc.issue_date, b"x")
        )
    )

    for element in (
        f"Faktura VAT nr {invoice['number']}",
        f"Data wystawienia: {invoice['issue_date']:%d.%m.%Y}",
        f"Data sprzedaży: {invoice['sale_date']:%d.%m.%Y}",
        lessor.name,
        "NIP: 525-224-84-81",
        company["name"],
        company["city"],
        f"NIP: {company['nip'][:3]}-{company['nip'][3:6]}",
        "Nazwa usługi",
        "Cena netto",
        "Wartość netto",
        "VAT",
        "Kwota VAT",
        "Wartość brutto",
        "23%",
        "zw",
        "art. 43 ust. 1 pkt 37",
        "Razem",
        "Do zapłaty:",
        "Słownie:",
        "/100",
        f"Termin płatności: {invoice['due_date']:%d.%m.%Y}",
        "Forma płatności: przelew",
        f"Numer rachunku: {lessor.account}",
    ):
        assert element in text, element
    gross = f"{invoice['gross_gr'] // 100:,}".replace(",", " ") + f",{invoice['gross_gr'] % 100:02d}"
    assert gross.replace(" ", "") in text.replace(" ", "")
    for item in items_by_invoice[invoice["id"]]:
        assert item["description"] in text
