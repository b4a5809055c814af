"""What the notification SMS say: short Polish without diacritics, so one SMS holds 160 characters.

A single Polish letter outside the GSM 03.38 alphabet (ą, ę, ł, …) makes the whole message UCS-2,
which holds only 70 characters per SMS; Polish banks write their SMS without diacritics for that reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ebok_app.portfolio.formatting import count_of, format_day
from ebok_app.portfolio.money import format_pln

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_TO_GSM7 = str.maketrans(
    {
        "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
        "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z",
        "\u00a0": " ", "–": "-", "—": "-", "„": '"', "”": '"', "•": "*",
    }
)  # fmt: skip
SINGLE_SMS = 160
INVOICE_FORMS = ("fakture", "faktury", "faktur")


@dataclass(frozen=True)
class InvoiceFact:
    number: str
    due_date: date
    gross_gr: int
    left_gr: int  # still to pay


def gsm7(text: str) -> str:
    """The text with Polish letters and typographic marks replaced by their GSM 03.38 look-alikes."""
    return text.translate(_TO_GSM7)


def sms_parts(text: str) -> int:
    """How many SMS the text takes (GSM-7: 160, then 153 per part; UCS-2: 70, then 67)."""
    single, part = (160, 153) if set(text) <= GSM7_BASIC else (70, 67)
    return 1 if len(text) <= single else -(-len(text) // part)


def _amount(amount_gr: int) -> str:
    return gsm7(format_pln(amount_gr))


def new_invoices_text(brand: str, invoices: list[InvoiceFact]) -> str:
    if len(invoices) == 1:
        invoice = invoices[0]
        text = (
            f"{brand}: wystawilismy fakture {invoice.number} na {_amount(invoice.gross_gr)}, "
            f"termin platnosci {format_day(invoice.due_date)}. Szczegoly w eBOK."
        )
    else:
        total = sum(i.gross_gr for i in invoices)
        first_due = min(i.due_date for i in invoices)
        text = (
            f"{brand}: wystawilismy {count_of(len(invoices), INVOICE_FORMS)} na lacznie {_amount(total)}, "
            f"najblizszy termin platnosci {format_day(first_due)}. Szczegoly w eBOK."
        )
    return gsm7(text)


def due_reminder_text(brand: str, invoices: list[InvoiceFact]) -> str:
    if len(invoices) == 1:
        invoice = invoices[0]
        text = (
            f"{brand}: {format_day(invoice.due_date)} mija termin platnosci faktury {invoice.number}, "
            f"do zaplaty {_amount(invoice.left_gr)}."
        )
    else:
        left = sum(i.left_gr for i in invoices)
        first_due = min(i.due_date for i in invoices)
        text = (
            f"{brand}: zblizaja sie terminy platnosci {len(invoices)} faktur (najblizszy "
            f"{format_day(first_due)}), do zaplaty lacznie {_amount(left)}. Lista w eBOK."
        )
    return gsm7(text)


REQUEST_ANSWER_ENDINGS = {
    "needs_info": "wymaga uzupelnienia. Uzupelnij go w eBOK: Wnioski.",
    "done": "zostal zrealizowany. Odpowiedz w eBOK: Wnioski.",
    "rejected": "zostal odrzucony. Uzasadnienie w eBOK: Wnioski.",
}


def request_answer_text(brand: str, number: str, label: str, status: str) -> str:
    """The SMS that the helpdesk answered a request (the answer itself stays in the portal)."""
    ending = REQUEST_ANSWER_ENDINGS.get(status, "ma nowy status. Szczegoly w eBOK: Wnioski.")
    return gsm7(f"{brand}: wniosek {number} ({label}) {ending}")
