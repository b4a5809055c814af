"""Polish business identifiers (NIP, REGON, IBAN: python-stdnum) and vehicle identifiers (VIN, plates)."""

from __future__ import annotations

import re

from stdnum import iban
from stdnum.pl import nip, regon

VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
VIN_ALPHABET = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"  # no I, O, Q
PLATE_RE = re.compile(r"^[A-Z]{2,3} [A-Z0-9]{4,5}$")


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def nip_check_digit(first9: str) -> int | None:
    """The tenth digit of a NIP for its first nine, or None when no valid NIP starts so (sum % 11 == 10)."""
    check = nip.checksum(first9 + "0")  # the weighted sum of the nine, mod 11 (the tenth weighs -1)
    return None if check == 10 else check


def is_valid_nip(text: str) -> bool:
    """A NIP: 10 digits (dashes and spaces allowed) whose last one is the weighted checksum."""
    return nip.is_valid(text) and _digits(text).isdigit()


def format_nip(nip: str) -> str:
    """The usual written form 123-456-78-90."""
    d = _digits(nip)
    return f"{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:]}"


def regon_check_digit(first8: str) -> int:
    return int(regon.calc_check_digit(first8))


def is_valid_regon(text: str) -> bool:
    """A REGON of 9 digits (a company) or 14 (a local unit: both check digits right)."""
    return regon.is_valid(text)


def is_valid_iban(text: str) -> bool:
    """An IBAN (spaces allowed) with a right country length and check digits, e.g. a Polish account."""
    return iban.is_valid(text)


def vin_check_digit(vin: str) -> str:
    """ISO 3779 check character (position 9) for a 17-character VIN."""
    total = sum(VIN_VALUES[c] * w for c, w in zip(vin, VIN_WEIGHTS, strict=True))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def is_valid_vin(text: str) -> bool:
    """17 characters from the VIN alphabet whose ninth is the ISO 3779 check character."""
    vin = text.strip().upper()
    if len(vin) != 17 or any(c not in VIN_ALPHABET for c in vin):
        return False
    return vin[8] == vin_check_digit(vin)


def is_valid_plate(text: str) -> bool:
    """A Polish registration number as written on documents: area code, a space, 4-5 characters."""
    return bool(PLATE_RE.fullmatch(text))
