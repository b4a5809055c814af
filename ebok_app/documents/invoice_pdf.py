"""The e-invoice (`invoice_document.InvoiceDocument`) rendered as a PDF with every element a Polish VAT
invoice must carry (art. 106e of the VAT act):
issue and sale dates, a unique number, seller and buyer with addresses and NIP, the items with quantity,
unit net price, net value, rate, VAT and gross, totals per rate and overall, the amount due in words,
the payment due date, method and account; the legal basis where an item is exempt.
"""

from __future__ import annotations

import copy
import io
import logging
import os
import tempfile
import threading
from datetime import UTC, datetime, time
from functools import lru_cache
from pathlib import Path

import segno
from fontTools import subset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from ebok_app.documents.invoice_document import EXEMPTION_BASIS, InvoiceDocument
from ebok_app.documents.ksef.links import qr_label
from ebok_app.documents.ksef.numbers import transfer_title
from ebok_app.portfolio.formatting import format_day
from ebok_app.portfolio.identifiers import format_nip
from ebok_app.portfolio.money import amount_in_words, format_pln

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# the characters an invoice can hold: Latin with every Polish and European letter, punctuation, € and №
# Latin (Polish and the rest of Europe), Greek and Cyrillic (a client's or driver's name), punctuation,
# € and №, mathematical signs
INVOICE_CHARACTERS = [
    *range(0x20, 0x250),
    *range(0x370, 0x530),
    *range(0x2000, 0x2070),
    0x20AC,
    0x2116,
    *range(0x2200, 0x2300),
]


class PdfFontMissing(RuntimeError):
    """The DejaVu fonts (Debian's fonts-dejavu-core) that carry Polish characters are not installed."""


def _rate_label(rate: str) -> str:
    return "zw" if rate == "zw" else f"{rate}%"


@lru_cache(maxsize=4)
def _invoice_font(name: str) -> Path:
    """DejaVu cut down to INVOICE_CHARACTERS, made once per process: fpdf2 parses the whole font for
    every document, and the full 700 kB DejaVu made that most of a PDF's CPU time (bench/load.py)."""
    source = FONT_DIR / name
    if not source.exists():
        raise PdfFontMissing(f"missing {source} (install Debian's fonts-dejavu-core)")
    target_dir = Path(tempfile.gettempdir()) / f"ebok-fonts-{os.getuid()}"
    target_dir.mkdir(mode=0o700, exist_ok=True)
    target = target_dir / f"{source.stem}-invoice.ttf"
    font = TTFont(source)
    subsetter = subset.Subsetter(subset.Options(layout_features=["*"]))
    subsetter.populate(unicodes=INVOICE_CHARACTERS)
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    subsetter.subset(font)
    draft = target_dir / f"{source.stem}.{os.getpid()}.{threading.get_ident()}.tmp"
    font.save(draft)
    draft.replace(target)  # atomic: workers making it at once never read half a file
    return target


def _font_path(name: str) -> Path:
    """The cut-down font, made again when a temporary-files cleaner has taken it away."""
    path = _invoice_font(name)
    if not path.exists():
        _invoice_font.cache_clear()
        path = _invoice_font(name)
    return path


@lru_cache(maxsize=4)
def _parsed_font(name: str) -> tuple[TTFFont, bytes]:
    """The cut-down font as fpdf2 reads it (character map, widths, descriptor) and its file, once per
    process: `add_font` parses them again for every document, a quarter of a PDF's CPU time."""
    path = _font_path(name)
    reader = FPDF()
    reader.add_font("font", "", str(path))
    return reader.fonts["font"], path.read_bytes()


def _font_for(pdf: FPDF, name: str) -> TTFFont:
    """A document's own copy of the parsed font: what fpdf2 changes while writing one document (the
    glyphs used, the font's file as it subsets it, its descriptor's object) is fresh, the rest shared."""
    parsed, data = _parsed_font(name)
    font = copy.copy(parsed)
    font.i = len(pdf.fonts) + 1
    font.ttfont = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)  # output subsets it in place
    font.desc = copy.copy(parsed.desc)
    font.biggest_size_pt = 0
    font.missing_glyphs = []
    font.subset = SubsetMap(font)
    return font


class DejaVuPdf(FPDF):
    """An A4 page with the cut-down DejaVu fonts (Polish letters), for every PDF the portal makes."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.fonts["dejavu"] = _font_for(self, "DejaVuSans.ttf")
        self.fonts["dejavuB"] = _font_for(self, "DejaVuSans-Bold.ttf")
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)


def render_invoice(doc: InvoiceDocument, verification_link: str) -> bytes:
    """The invoice as a PDF; `verification_link` is its KOD I (see `ebok_app.documents.ksef.links`)."""
    pdf = DejaVuPdf()
    # dated as issued, not as rendered: the same version of an invoice is the same file, byte for byte
    pdf.set_creation_date(datetime.combine(doc.issue_date, time(8, 0), tzinfo=UTC))
    pdf.add_page()
    title = "Faktura korygująca" if doc.corrects else "Faktura VAT"
    pdf.set_title(f"{title} {doc.number}")
    pdf.set_font("DejaVu", "B", 16)
    pdf.cell(0, 9, f"{title} nr {doc.number}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(
        0,
        5,
        f"Data wystawienia: {format_day(doc.issue_date)}    Data sprzedaży: {format_day(doc.sale_date)}"
        f"    Miejsce wystawienia: Warszawa",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(0, 5, f"Dotyczy umowy leasingu nr {doc.contract_number}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, f"Numer KSeF: {qr_label(doc.ksef_number)}", new_x="LMARGIN", new_y="NEXT")
    _corrections(pdf, doc)
    pdf.ln(4)
    _parties(pdf, doc)
    pdf.ln(4)
    _items(pdf, doc)
    pdf.ln(3)
    _summary(pdf, doc)
    pdf.ln(4)
    _payment(pdf, doc, verification_link)
    return bytes(pdf.output())


def _corrections(pdf: FPDF, doc: InvoiceDocument) -> None:
    """Which invoice a correction corrects (and why), or which corrections an invoice has."""
    if doc.corrects:
        ksef = doc.corrects.ksef_number or "brak (faktura spoza KSeF)"
        for text in (
            f"Koryguje fakturę nr {doc.corrects.number} z dnia {format_day(doc.corrects.issue_date)}, "
            f"numer KSeF: {ksef}",
            f"Przyczyna korekty: {doc.correction_reason}",
            f"Różnica (kwota korekty) brutto: {format_pln(doc.gross_gr)}; "
            f"po korekcie do zapłaty łącznie: {format_pln(doc.corrects.gross_gr + doc.gross_gr)}",
        ):
            pdf.multi_cell(0, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    elif doc.corrected_by:
        pdf.multi_cell(
            0, 5, f"Skorygowana fakturą: {', '.join(doc.corrected_by)}", new_x="LMARGIN", new_y="NEXT"
        )


def _parties(pdf: FPDF, doc: InvoiceDocument) -> None:
    top = pdf.get_y()
    for x, title, lines in (
        (15, "Sprzedawca", (doc.seller.name, doc.seller.address, f"NIP: {format_nip(doc.seller.nip)}")),
        (110, "Nabywca", (doc.buyer_name, doc.buyer_address, f"NIP: {format_nip(doc.buyer_nip)}")),
    ):
        pdf.set_xy(x, top)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(85, 6, title, new_x="LEFT", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for text in lines:
            pdf.multi_cell(85, 5, text, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(15, max(pdf.get_y(), top + 26))


# money columns are wide enough for "99 999 999,99" on one line at the table's 7 pt
ITEM_COLUMNS = (
    ("Lp.", 7),
    ("Nazwa usługi", 52),
    ("Ilość", 9),
    ("J.m.", 9),
    ("Cena netto", 22),
    ("Wartość netto", 22),
    ("VAT", 10),
    ("Kwota VAT", 22),
    ("Wartość brutto", 27),
)


def _items(pdf: FPDF, doc: InvoiceDocument) -> None:
    pdf.set_font("DejaVu", "", 7)
    with pdf.table(
        col_widths=[w for _, w in ITEM_COLUMNS],
        text_align=("CENTER", "LEFT", "CENTER", "CENTER", "RIGHT", "RIGHT", "CENTER", "RIGHT", "RIGHT"),
        line_height=4.5,
    ) as table:
        table.row([title for title, _ in ITEM_COLUMNS])
        for n, line in enumerate(doc.lines, start=1):
            table.row(
                (
                    str(n),
                    line.name,
                    "1",
                    "usł.",
                    format_pln(line.net_gr, ""),
                    format_pln(line.net_gr, ""),
                    _rate_label(line.vat_rate),
                    format_pln(line.vat_gr, ""),
                    format_pln(line.gross_gr, ""),
                )
            )


def _summary(pdf: FPDF, doc: InvoiceDocument) -> None:
    pdf.set_font("DejaVu", "B", 8)
    pdf.set_x(95)
    for title in ("Stawka", "Netto", "VAT", "Brutto"):
        pdf.cell(25 if title != "Stawka" else 20, 6, title, border=1, align="C")
    pdf.ln()
    pdf.set_font("DejaVu", "", 8)
    for rate, net, vat, gross in doc.by_rate():
        pdf.set_x(95)
        pdf.cell(20, 6, _rate_label(rate), border=1, align="C")
        for value in (net, vat, gross):
            pdf.cell(25, 6, format_pln(value, ""), border=1, align="R")
        pdf.ln()
    pdf.set_font("DejaVu", "B", 8)
    pdf.set_x(95)
    pdf.cell(20, 6, "Razem", border=1, align="C")
    for value in (doc.net_gr, doc.vat_gr, doc.gross_gr):
        pdf.cell(25, 6, format_pln(value, ""), border=1, align="R")
    pdf.ln()
    if any(line.vat_rate == "zw" for line in doc.lines):
        pdf.set_font("DejaVu", "", 7)
        pdf.multi_cell(0, 4, EXEMPTION_BASIS, new_x="LMARGIN", new_y="NEXT")


QR_SIZE = 38  # mm: KOD I, at the right of the payment details
TEXT_WIDTH = 135  # mm: the payment details beside it


def _payment(pdf: FPDF, doc: InvoiceDocument, verification_link: str) -> None:
    if pdf.get_y() + QR_SIZE + 12 > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    _kod_i(pdf, verification_link, doc.ksef_number, top)
    pdf.set_xy(pdf.l_margin, top)
    pdf.set_font("DejaVu", "B", 11)
    due = "Do zapłaty" if doc.gross_gr >= 0 else "Do zwrotu"  # a correction that lowers the invoice
    pdf.cell(TEXT_WIDTH, 7, f"{due}: {format_pln(abs(doc.gross_gr))}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    for text in (
        f"Słownie: {amount_in_words(abs(doc.gross_gr))}",
        f"Termin płatności: {format_day(doc.due_date)}    Forma płatności: przelew",
        f"Numer rachunku: {doc.seller.account}",
        f"Tytuł przelewu: {transfer_title(doc.number, doc.ksef_number)}",
    ):
        pdf.multi_cell(TEXT_WIDTH, 5, text, align="L", new_x="LMARGIN", new_y="NEXT")
    if doc.paid_gr:
        pdf.multi_cell(
            TEXT_WIDTH,
            5,
            f"Zapłacono: {format_pln(doc.paid_gr)}; pozostało: {format_pln(doc.gross_gr - doc.paid_gr)}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE + 8))
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 7)
    pdf.multi_cell(0, 4, "Faktura elektroniczna udostępniona w portalu eBOK. Dokument nie wymaga podpisu.")


def _kod_i(pdf: FPDF, link: str, ksef_number: str | None, top: float) -> None:
    """KOD I (ISO/IEC 18004 QR, error correction M) with the KSeF number, or OFFLINE, under it."""
    png = io.BytesIO()
    segno.make_qr(link, error="m").save(png, kind="png", scale=6, border=4)
    left = pdf.w - pdf.r_margin - QR_SIZE
    pdf.image(png, x=left, y=top, w=QR_SIZE, h=QR_SIZE, link=link)
    pdf.set_xy(left - 6, top + QR_SIZE)
    pdf.set_font("DejaVu", "B" if ksef_number is None else "", 6 if ksef_number else 9)
    pdf.cell(QR_SIZE + 6, 4, qr_label(ksef_number), align="C")
