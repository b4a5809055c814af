"""The KSeF number an invoice gets when KSeF accepts it, e.g. `5265877635-20250826-0100001AF629-AF`.

Format (KSeF documentation, faktury/numer-ksef.md): 35 characters, the seller's NIP (10 digits), the
day KSeF accepted the invoice (YYYYMMDD), a technical part of 12 upper-case hex digits and a CRC-8
checksum (polynomial 0x07, initial value 0x00) of the first 32 characters as 2 upper-case hex digits.
"""

from __future__ import annotations

import re
from datetime import date, datetime

KSEF_NUMBER_LENGTH = 35
_PATTERN = re.compile(r"^(\d{10})-(\d{8})-([0-9A-F]{12})-([0-9A-F]{2})$")


def crc8(data: bytes) -> int:
    """CRC-8 with polynomial 0x07 and initial value 0x00 (no reflection, no final XOR)."""
    crc = 0
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x07) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def make_ksef_number(seller_nip: str, accepted_on: date, technical: str) -> str:
    """A KSeF number with its checksum (the demo data's; real ones come from KSeF through the feed)."""
    data = f"{seller_nip}-{accepted_on:%Y%m%d}-{technical.upper()}"
    return f"{data}-{crc8(data.encode('ascii')):02X}"


def ksef_number_error(text: str, seller_nip: str | None = None) -> str | None:
    """Why `text` is not a KSeF number (English, for the feed's refusal), or None when it is one."""
    if len(text) != KSEF_NUMBER_LENGTH:
        return f"a KSeF number has {KSEF_NUMBER_LENGTH} characters, not {len(text)}"
    match = _PATTERN.match(text)
    if match is None:
        return "a KSeF number is NIP-YYYYMMDD-12 hex digits-2 hex digits"
    nip, day, _, checksum = match.groups()
    try:
        datetime.strptime(day, "%Y%m%d")
    except ValueError:
        return f"{day} is not a date"
    if seller_nip is not None and nip != seller_nip:
        return f"the KSeF number names seller NIP {nip}, not {seller_nip}"
    if f"{crc8(text[:32].encode('ascii')):02X}" != checksum:
        return "the KSeF number's checksum (CRC-8) does not match"
    return None


def is_ksef_number(text: str) -> bool:
    return ksef_number_error(text) is None


def transfer_title(invoice_number: str, ksef_number: str | None) -> str:
    """The payment's transfer title: the invoice's number and, once it has one, its KSeF number."""
    return f"{invoice_number} KSeF {ksef_number}" if ksef_number else invoice_number
