"""The mobile numbers SMS go to: written in E.164 and checked to be Polish mobiles (the `phonenumbers`
library, which knows which Polish ranges are mobile, landline or premium)."""

from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
FORMAT_PL = "numer telefonu komórkowego ma 9 cyfr (np. 601 234 567), może zaczynać się od +48"
NOT_MOBILE_PL = "to nie jest polski numer telefonu komórkowego (numer stacjonarny lub specjalny)"


def normalize_phone(text: str) -> str:
    """The number in E.164 when it can be read (a nine-digit number is Polish); else the text without
    spaces, so that the caller can still report what is wrong with it."""
    raw = (text or "").strip()
    try:
        number = phonenumbers.parse(raw, "PL")
    except NumberParseException:
        return "".join(raw.split())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_problem(phone: str) -> str | None:
    """What is wrong with a (normalized) number as a Polish mobile, in Polish; None when it is fine."""
    try:
        number = phonenumbers.parse(phone or "", "PL")
    except NumberParseException:
        return FORMAT_PL
    if number.country_code != 48 or not phonenumbers.is_valid_number(number):
        return FORMAT_PL
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        return NOT_MOBILE_PL
    return None
