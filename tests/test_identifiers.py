import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebok_app.demo.generator import _random_nip, _random_plate, _random_regon, _random_vin
from ebok_app.portfolio.identifiers import (
    format_nip,
    is_valid_iban,
    is_valid_nip,
    is_valid_plate,
    is_valid_regon,
    is_valid_vin,
)


@pytest.mark.parametrize("nip", ["5260250274", "526-025-02-74", "526 025 02 74"])
def test_known_valid_nip(nip):
    assert is_valid_nip(nip)  # Ministerstwo Finansów


@pytest.mark.parametrize("nip", ["5260250275", "526025027", "52602502744", "abcdefghij", ""])
def test_invalid_nip(nip):
    assert not is_valid_nip(nip)


def test_format_nip():
    assert format_nip("5260250274") == "526-025-02-74"


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=9), st.data())
def test_changing_one_digit_of_a_valid_nip_makes_it_invalid(seed, position, data):
    nip = _random_nip(random.Random(seed))
    assert is_valid_nip(nip)
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != nip[position]]))
    assert not is_valid_nip(nip[:position] + digit + nip[position + 1 :])


@given(st.integers(min_value=0, max_value=2**32))
def test_generated_regon_and_vin_and_plate_are_valid(seed):
    rng = random.Random(seed)
    assert is_valid_regon(_random_regon(rng))
    assert is_valid_vin(_random_vin(rng, "TMB", 2024))
    assert is_valid_plate(_random_plate(rng, ("WA", "KRA")))


def test_known_vin_with_check_character_x():
    assert is_valid_vin("1M8GDM9AXKP042788")
    assert not is_valid_vin("1M8GDM9A1KP042788")
    assert not is_valid_vin("1M8GDM9AXKP04278")  # 16 characters
    assert not is_valid_vin("1M8GDM9AXKP04278O")  # O is not a VIN character


def test_regon_checksum():
    assert is_valid_regon("123456785")
    assert is_valid_regon("192598184")
    assert not is_valid_regon("123456784")


@pytest.mark.parametrize(
    ("regon", "ok"),
    [
        ("12345678512347", True),  # a local unit: the company's nine digits, four more, a check digit
        ("123-456-785-12347", True),
        ("12345678612342", False),  # the company's own check digit is wrong
        ("12345678512348", False),  # the unit's check digit is wrong
        ("1234567851234", False),  # 13 digits
    ],
)
def test_fourteen_digit_regon(regon, ok):
    assert is_valid_regon(regon) is ok


@pytest.mark.parametrize(
    ("account", "ok"),
    [
        ("PL61 1090 1014 0000 0712 1981 2874", True),
        ("PL61109010140000071219812874", True),
        ("DE89 3704 0044 0532 0130 00", True),
        ("PL61 1090 1014 0000 0712 1981 2875", False),  # one digit changed
        ("PL61 1090 1014 0000 0712 1981 287", False),  # too short for Poland
        ("61 1090 1014 0000 0712 1981 2874", False),  # no country code
    ],
)
def test_iban(account, ok):
    assert is_valid_iban(account) is ok


@pytest.mark.parametrize(
    ("plate", "ok"),
    [("WA 12345", True), ("KRA 4AB1", True), ("WA12345", False), ("wa 12345", False), ("W 12345", False)],
)
def test_plate_format(plate, ok):
    assert is_valid_plate(plate) is ok
