"""Money as integer grosze (1 PLN = 100 gr): parsing, VAT, rounding and Polish formatting.

Floats never carry money here: amounts are `int` grosze, rates are `Decimal`, and every rounding is
half-up to the grosz, as Polish VAT invoices round.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ebok_app.portfolio.formatting import plural

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


_UNITS = ("", "jeden", "dwa", "trzy", "cztery", "pięć", "sześć", "siedem", "osiem", "dziewięć")
_TEENS = (
    "dziesięć",
    "jedenaście",
    "dwanaście",
    "trzynaście",
    "czternaście",
    "piętnaście",
    "szesnaście",
    "siedemnaście",
    "osiemnaście",
    "dziewiętnaście",
)
_TENS = (
    "",
    "",
    "dwadzieścia",
    "trzydzieści",
    "czterdzieści",
    "pięćdziesiąt",
    "sześćdziesiąt",
    "siedemdziesiąt",
    "osiemdziesiąt",
    "dziewięćdziesiąt",
)
_HUNDREDS = (
    "",
    "sto",
    "dwieście",
    "trzysta",
    "czterysta",
    "pięćset",
    "sześćset",
    "siedemset",
    "osiemset",
    "dziewięćset",
)
_GROUPS = (
    ("", "", ""),
    ("tysiąc", "tysiące", "tysięcy"),
    ("milion", "miliony", "milionów"),
    ("miliard", "miliardy", "miliardów"),
)


def _triple(n: int) -> list[str]:
    words = [_HUNDREDS[n // 100]]
    rest = n % 100
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        words += [_TENS[rest // 10], _UNITS[rest % 10]]
    return [w for w in words if w]


def number_in_words(n: int) -> str:
    """A whole number in Polish words ("dwa tysiące dwadzieścia sześć")."""
    if n == 0:
        return "zero"
    if n < 0:
        return "minus " + number_in_words(-n)
    words: list[str] = []
    for power in range(len(_GROUPS) - 1, -1, -1):
        part = n // 1000**power % 1000
        if not part:
            continue
        if power and part == 1:
            words.append(_GROUPS[power][0])  # "tysiąc", not "jeden tysiąc"
            continue
        words += _triple(part)
        if power:
            words.append(plural(part, _GROUPS[power]))
    return " ".join(words)


def amount_in_words(amount_gr: int) -> str:
    """The amount as a Polish invoice writes it: "sto dwadzieścia trzy złote 45/100"."""
    zlote, grosze = divmod(abs(amount_gr), 100)
    sign = "minus " if amount_gr < 0 else ""
    return f"{sign}{number_in_words(zlote)} {plural(zlote, ('złoty', 'złote', 'złotych'))} {grosze:02d}/100"
