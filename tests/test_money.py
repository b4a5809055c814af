from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebok_app.portfolio.money import (
    MoneyError,
    amount_in_words,
    format_pln,
    parse_pln,
    round_grosze,
    split_evenly,
    vat_of,
)


@pytest.mark.parametrize(
    ("net", "rate", "vat"),
    [(100_00, "23", 23_00), (1, "23", 0), (3, "23", 1), (2, "23", 0), (50, "8", 4), (1_234_56, "zw", 0)],
)
def test_vat_is_rounded_half_up_to_the_grosz(net, rate, vat):
    assert vat_of(net, rate) == vat


def test_unknown_vat_rate_is_refused():
    with pytest.raises(MoneyError):
        vat_of(100, "22")


def test_half_a_grosz_rounds_up():
    assert round_grosze(Decimal("2.5")) == 3
    assert round_grosze(Decimal("-2.5")) == -3


@pytest.mark.parametrize(
    ("text", "grosze"),
    [("1 234,56", 123456), ("1234.5", 123450), ("12 zł", 1200), ("0,01", 1), ("1.234,56", 123456)],
)
def test_parse_pln(text, grosze):
    assert parse_pln(text) == grosze


@pytest.mark.parametrize("text", ["", "abc", "1,234", "1,2,3", "1.001", "NaN", "inf"])
def test_parse_pln_refuses_what_is_not_an_amount(text):
    with pytest.raises(MoneyError):
        parse_pln(text)


def test_format_pln_uses_polish_notation():
    assert format_pln(123456789) == "1\u00a0234\u00a0567,89\u00a0zł"
    assert format_pln(-5) == "-0,05\u00a0zł"
    assert format_pln(100, currency="") == "1,00"


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=500))
def test_split_evenly_keeps_the_total_and_differs_by_at_most_one_grosz(total, parts):
    split = split_evenly(total, parts)
    assert sum(split) == total
    assert len(split) == parts
    assert max(split) - min(split) <= 1


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_format_then_parse_is_the_identity(amount):
    assert parse_pln(format_pln(amount)) == amount


@pytest.mark.parametrize(
    ("grosze", "words"),
    [
        (0, "zero złotych 00/100"),
        (100, "jeden złoty 00/100"),
        (201, "dwa złote 01/100"),
        (512_34, "pięćset dwanaście złotych 34/100"),
        (1_000_00, "tysiąc złotych 00/100"),
        (2_022_22, "dwa tysiące dwadzieścia dwa złote 22/100"),
        (12_345_67, "dwanaście tysięcy trzysta czterdzieści pięć złotych 67/100"),
        (1_000_000_00, "milion złotych 00/100"),
        (2_514_914_05, "dwa miliony pięćset czternaście tysięcy dziewięćset czternaście złotych 05/100"),
        (122_000_00, "sto dwadzieścia dwa tysiące złotych 00/100"),
        (115_000_00, "sto piętnaście tysięcy złotych 00/100"),
    ],
)
def test_amount_in_words(grosze, words):
    assert amount_in_words(grosze) == words
