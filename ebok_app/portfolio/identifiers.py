"""Polish business identifiers and vehicle identifiers: NIP, REGON, VIN, registration plates."""

from __future__ import annotations

import re

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
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
    check = sum(int(d) * w for d, w in zip(first9, NIP_WEIGHTS, strict=True)) % 11
    return None if check == 10 else check


def is_valid_nip(text: str) -> bool:
    """A NIP is 10 digits (dashes and spaces allowed) whose last one is the weighted checksum."""
    nip = _digits(text)
    if not re.fullmatch(r"\d{10}", nip):
        return False
    return nip_check_digit(nip[:9]) == int(nip[9])


def format_nip(nip: str) -> str:
    """The usual written form 123-456-78-90."""
    d = _digits(nip)
    return f"{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:]}"


def regon_check_digit(first8: str) -> int:
    check = sum(int(d) * w for d, w in zip(first8, REGON9_WEIGHTS, strict=True)) % 11
    return 0 if check == 10 else check


def is_valid_regon(text: str) -> bool:
    """A nine-digit REGON with its weighted checksum."""
    regon = _digits(text)
    return bool(re.fullmatch(r"\d{9}", regon)) and regon_check_digit(regon[:8]) == int(regon[8])


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
