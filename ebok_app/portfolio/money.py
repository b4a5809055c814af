"""Money as integer grosze (1 PLN = 100 gr): parsing, VAT, rounding and Polish formatting.

Floats never carry money here: amounts are `int` grosze, rates are `Decimal`, and every rounding is
half-up to the grosz, as Polish VAT invoices round.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

VAT_RATES: dict[str, Decimal] = {
    "23": Decimal("0.23"),
    "8": Decimal("0.08"),
    "5": Decimal("0.05"),
    "0": Decimal("0"),
    "zw": Decimal("0"),  # zwolniony (exempt), e.g. insurance re-invoiced by the lessor
}


class MoneyError(ValueError):
    """An amount that cannot be read as money."""


def round_grosze(value: Decimal) -> int:
    """Round a Decimal amount of grosze half-up to a whole grosz."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def vat_of(net_gr: int, rate: str) -> int:
    """VAT in grosze on a net amount, at a rate code from `VAT_RATES`."""
    try:
        factor = VAT_RATES[rate]
    except KeyError as exc:
        raise MoneyError(f"unknown VAT rate {rate!r}") from exc
    return round_grosze(Decimal(net_gr) * factor)


def parse_pln(text: str) -> int:
    """Read an amount typed by a person ("1 234,56", "1234.5", "12 zł") as grosze."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("zł", "").replace("PLN", "")
    if cleaned.count(",") == 1 and "." in cleaned:
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise MoneyError(f"not an amount: {text!r}") from exc
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise MoneyError(f"not an amount in PLN with at most two decimals: {text!r}")
    return int(value * 100)


def format_pln(amount_gr: int, currency: str = "zł") -> str:
    """Polish notation: thousands separated by a no-break space, decimal comma ("1 234,56 zł")."""
    sign = "-" if amount_gr < 0 else ""
    whole, grosze = divmod(abs(amount_gr), 100)
    groups = f"{whole:,}".replace(",", "\u00a0")
    text = f"{sign}{groups},{grosze:02d}"
    return f"{text}\u00a0{currency}" if currency else text


def split_evenly(total_gr: int, parts: int) -> list[int]:
    """Split an amount into `parts` whole-grosz parts that differ by at most 1 gr and sum to it."""
    if parts <= 0:
        raise MoneyError("cannot split into no parts")
    base, rest = divmod(total_gr, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
