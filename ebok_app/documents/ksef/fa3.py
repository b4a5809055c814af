"""An invoice as the FA(3) XML of KSeF (schema `schema/schemat_FA(3)_v1-0E.xsd`), built and checked here.

`build_fa3` writes the structured invoice from an `InvoiceDocument`; `check_fa3` refuses an XML that does
not validate against the official schema or whose totals differ from its lines (the feed's bad input).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ebok_app.documents.invoice_document import EXEMPTION_BASIS, InvoiceDocument

NAMESPACE = "http://crd.gov.pl/wzor/2025/06/25/13775/"
SCHEMA_DIR = Path(__file__).parent / "schema"
SCHEMA_FILE = SCHEMA_DIR / "schemat_FA(3)_v1-0E.xsd"
# the schema imports its type definitions by URL; they are kept beside it
_REMOTE_TYPES = "http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/"
SYSTEM_INFO = "eBOK"
# the schema accepts FA(3) files made from this moment on; invoices issued earlier (the demo's older
# invoices) are given in the FA(3) structure as made then
FA3_FIRST_MOMENT = datetime(2025, 9, 1, tzinfo=UTC)
PAYMENT_TRANSFER = "6"  # FormaPlatnosci 6: przelew
CORRECTION_TYPE = "2"  # TypKorekty 2: ujęta w dacie wystawienia faktury korygującej
# VAT rate -> (net field, VAT field) of the invoice's summary (P_13_x / P_14_x)
RATE_FIELDS: dict[str, tuple[str, str | None]] = {
    "23": ("P_13_1", "P_14_1"),
    "22": ("P_13_1", "P_14_1"),
    "8": ("P_13_2", "P_14_2"),
    "7": ("P_13_2", "P_14_2"),
    "5": ("P_13_3", "P_14_3"),
    "0": ("P_13_6_1", None),
    "zw": ("P_13_7", None),
}
SUMMARY_ORDER = ("P_13_1", "P_14_1", "P_13_2", "P_14_2", "P_13_3", "P_14_3", "P_13_6_1", "P_13_7")


class Fa3Invalid(ValueError):
    """An FA(3) XML refused: it does not validate, or its totals differ from its lines."""


def amount(grosze: int) -> str:
    """Grosze as the schema's decimal amount: 12345 -> '123.45', -5 -> '-0.05'."""
    return str((Decimal(grosze) / 100).quantize(Decimal("0.01")))


def _grosze(text: str | None) -> int:
    return int((Decimal(text or "0") * 100).to_integral_value())


def _add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NAMESPACE}}}{tag}")
    if text is not None:
        element.text = text
    return element


def _address(parent: etree._Element, address: str) -> None:
    street, _, place = address.rpartition(", ")
    node = _add(parent, "Adres")
    _add(node, "KodKraju", "PL")
    _add(node, "AdresL1", street or place)
    if street:
        _add(node, "AdresL2", place)


def build_fa3(doc: InvoiceDocument) -> bytes:
    """The FA(3) XML of `doc` (UTF-8), made the same every time for the same invoice."""
    root = etree.Element(f"{{{NAMESPACE}}}Faktura", nsmap={None: NAMESPACE})
    header = _add(root, "Naglowek")
    code = _add(header, "KodFormularza", "FA")
    code.set("kodSystemowy", "FA (3)")
    code.set("wersjaSchemy", "1-0E")
    _add(header, "WariantFormularza", "3")
    created = max(datetime.combine(doc.issue_date, time(8, 0), tzinfo=UTC), FA3_FIRST_MOMENT)
    _add(header, "DataWytworzeniaFa", created.strftime("%Y-%m-%dT%H:%M:%SZ"))
    _add(header, "SystemInfo", SYSTEM_INFO)
    seller = _add(root, "Podmiot1")
    ids = _add(seller, "DaneIdentyfikacyjne")
    _add(ids, "NIP", doc.seller.nip)
    _add(ids, "Nazwa", doc.seller.name)
    _address(seller, doc.seller.address)
    buyer = _add(root, "Podmiot2")
    ids = _add(buyer, "DaneIdentyfikacyjne")
    _add(ids, "NIP", doc.buyer_nip)
    _add(ids, "Nazwa", doc.buyer_name)
    _address(buyer, doc.buyer_address)
    _add(buyer, "JST", "2")
    _add(buyer, "GV", "2")
    _invoice(_add(root, "Fa"), doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _summary(doc: InvoiceDocument) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for line in doc.lines:
        net_field, vat_field = RATE_FIELDS[line.vat_rate]
        sums[net_field] += line.net_gr
        if vat_field:
            sums[vat_field] += line.vat_gr
    return sums


def _invoice(fa: etree._Element, doc: InvoiceDocument) -> None:
    _add(fa, "KodWaluty", "PLN")
    _add(fa, "P_1", doc.issue_date.isoformat())
    _add(fa, "P_1M", "Warszawa")
    _add(fa, "P_2", doc.number)
    if doc.sale_date != doc.issue_date:
        _add(fa, "P_6", doc.sale_date.isoformat())
    sums = _summary(doc)
    for field in SUMMARY_ORDER:
        if field in sums:
            _add(fa, field, amount(sums[field]))
    _add(fa, "P_15", amount(doc.gross_gr))
    _notes(fa, doc)
    _add(fa, "RodzajFaktury", "KOR" if doc.corrects else "VAT")
    if doc.corrects:
        _add(fa, "PrzyczynaKorekty", doc.correction_reason or "Korekta")
        _add(fa, "TypKorekty", CORRECTION_TYPE)
        corrected = _add(fa, "DaneFaKorygowanej")
        _add(corrected, "DataWystFaKorygowanej", doc.corrects.issue_date.isoformat())
        _add(corrected, "NrFaKorygowanej", doc.corrects.number)
        if doc.corrects.ksef_number:
            _add(corrected, "NrKSeF", "1")
            _add(corrected, "NrKSeFFaKorygowanej", doc.corrects.ksef_number)
        else:
            _add(corrected, "NrKSeFN", "1")
    for n, line in enumerate(doc.lines, start=1):
        row = _add(fa, "FaWiersz")
        _add(row, "NrWierszaFa", str(n))
        _add(row, "P_7", line.name)
        _add(row, "P_8A", "usł.")
        _add(row, "P_8B", "1")
        _add(row, "P_9A", amount(line.net_gr))
        _add(row, "P_11", amount(line.net_gr))
        _add(row, "P_12", line.vat_rate)  # the schema's P_12 is the rate as text: "23", "8", "zw"
    _payment(fa, doc)


def _notes(fa: etree._Element, doc: InvoiceDocument) -> None:
    notes = _add(fa, "Adnotacje")
    for field in ("P_16", "P_17", "P_18", "P_18A"):
        _add(notes, field, "2")
    exemption = _add(notes, "Zwolnienie")
    if any(line.vat_rate == "zw" for line in doc.lines):
        _add(exemption, "P_19", "1")
        _add(exemption, "P_19A", EXEMPTION_BASIS.split(": ", 1)[1])
    else:
        _add(exemption, "P_19N", "1")
    _add(_add(notes, "NoweSrodkiTransportu"), "P_22N", "1")
    _add(notes, "P_23", "2")
    _add(_add(notes, "PMarzy"), "P_PMarzyN", "1")


def _payment(fa: etree._Element, doc: InvoiceDocument) -> None:
    payment = _add(fa, "Platnosc")
    _add(_add(payment, "TerminPlatnosci"), "Termin", doc.due_date.isoformat())
    _add(payment, "FormaPlatnosci", PAYMENT_TRANSFER)
    account = "".join(ch for ch in doc.seller.account if ch.isdigit())
    _add(_add(payment, "RachunekBankowy"), "NrRB", account)


class _LocalTypes(etree.Resolver):
    """Serves the schema's imported type files from SCHEMA_DIR instead of the network."""

    def resolve(self, url, pubid, context):
        if url and url.startswith(_REMOTE_TYPES):
            return self.resolve_filename(str(SCHEMA_DIR / url.rsplit("/", 1)[1]), context)
        return None


@lru_cache(maxsize=1)
def fa3_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalTypes())
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE), parser))


@dataclass(frozen=True)
class Fa3Totals:
    net_gr: int
    vat_gr: int
    gross_gr: int


def check_fa3(xml: bytes) -> Fa3Totals:
    """The totals of a valid FA(3) XML; Fa3Invalid (with the reason) when it does not validate against
    the official schema or its summary differs from its lines."""
    try:
        tree = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise Fa3Invalid(f"not well-formed XML: {exc}") from exc
    schema = fa3_schema()
    if not schema.validate(tree):
        raise Fa3Invalid(f"does not validate against FA(3): {schema.error_log.last_error.message}")
    ns = {"f": NAMESPACE}
    fa = tree.find("f:Fa", ns)
    summary = {field: _grosze(fa.findtext(f"f:{field}", namespaces=ns)) for field in SUMMARY_ORDER}
    lines: dict[str, int] = defaultdict(int)
    for row in fa.iterfind("f:FaWiersz", ns):
        net_field, _ = RATE_FIELDS.get(row.findtext("f:P_12", namespaces=ns) or "", ("?", None))
        lines[net_field] += _grosze(row.findtext("f:P_11", namespaces=ns))
    if "?" in lines:
        raise Fa3Invalid("a line has a VAT rate the invoice does not handle")
    for field in (f for f in SUMMARY_ORDER if f.startswith("P_13")):
        if lines.get(field, 0) != summary.get(field, 0):
            raise Fa3Invalid(
                f"{field} is {amount(summary[field])} but its lines add up to {amount(lines[field])}"
            )
    net = sum(v for k, v in summary.items() if k.startswith("P_13"))
    vat = sum(v for k, v in summary.items() if k.startswith("P_14"))
    gross = _grosze(fa.findtext("f:P_15", namespaces=ns))
    if net + vat != gross:
        raise Fa3Invalid(f"P_15 is {amount(gross)} but net {amount(net)} + VAT {amount(vat)} differ")
    return Fa3Totals(net, vat, gross)
