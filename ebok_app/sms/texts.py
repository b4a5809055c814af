"""What every SMS of eBOK says, in one place.

The notification SMS (a new invoice, a payment date coming) are short Polish without diacritics, so one
SMS holds 160 characters: a single Polish letter outside the GSM 03.38 alphabet (ą, ę, ł, …) makes the
whole message UCS-2, which holds only 70 characters per SMS; Polish banks write their SMS without
diacritics for that reason.
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


def login_code_text(code: str, minutes: int) -> str:
    return f"eBOK: kod logowania {code}, ważny {minutes} min. Nie podawaj go nikomu."


def activation_text(millekod: str, login: str, temporary: str, hours: int) -> str:
    return (
        f"eBOK: usługa aktywna. MilleKod {millekod}, login {login}, hasło tymczasowe: "
        f"{temporary} (ważne {hours} godz.). Przy pierwszym logowaniu ustawisz własne hasło."
    )


def temporary_password_text(temporary: str, hours: int) -> str:
    return f"eBOK: hasło tymczasowe: {temporary} (ważne {hours} godz.). Przy logowaniu ustawisz własne hasło."


def phone_confirm_text(code: str) -> str:
    return f"eBOK: kod potwierdzenia nowego numeru do SMS: {code} . Kod jest ważny 10 minut."


def phone_changed_text(new_phone: str) -> str:
    """To the old number: the new one's last digits only."""
    return (
        f"eBOK: numer telefonu do SMS zmieniono na ...{new_phone[-3:]}. "
        "Jesli to nie Ty, zadzwon do HelpDesku."
    )


def auth_change_code_text(why: str, code: str) -> str:
    return f"eBOK: kod {why}: {code} . Kod jest ważny 10 minut."


def contact_answer_text(topic: str) -> str:
    return f"eBOK: HelpDesk odpowiedział na wiadomość „{topic}”. Odpowiedź czeka w eBOK: Kontakt."


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
