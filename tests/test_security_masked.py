"""The masked-password scheme: any k right characters open it, anything else does not."""

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from passlib.context import CryptContext

from ebok_app.accounts import masked
from ebok_app.security.passwords import hash_password, verify_password

PEPPER = bytes(range(32))
PASSWORD = "Sosna42!rower20"


@pytest.fixture(scope="module")
def stored():
    return masked.enroll(PASSWORD, PEPPER, threshold=3)


def _answers(password, positions):
    return {p: password[p - 1] for p in positions}


def test_any_k_correct_positions_open_it(stored):
    for positions in list(itertools.combinations(range(1, len(PASSWORD) + 1), 3))[::37]:
        assert masked.verify(stored, _answers(PASSWORD, positions), PEPPER), positions


def test_one_wrong_character_fails(stored):
    answers = _answers(PASSWORD, (2, 7, 11))
    for position in answers:
        wrong = dict(answers)
        wrong[position] = "x" if answers[position] != "x" else "y"
        assert not masked.verify(stored, wrong, PEPPER)


def test_the_pepper_is_needed(stored):
    assert not masked.verify(stored, _answers(PASSWORD, (1, 2, 3)), bytes(32))


@pytest.mark.parametrize(
    "positions",
    [(1, 2), (1, 2, 3, 4), (0, 1, 2), (1, 2, len(PASSWORD) + 1)],
)
def test_wrong_number_or_range_of_positions_fails(stored, positions):
    answers = {p: PASSWORD[p - 1] if 1 <= p <= len(PASSWORD) else "a" for p in positions}
    assert not masked.verify(stored, answers, PEPPER)


def test_answers_must_be_single_characters(stored):
    assert not masked.verify(stored, {1: "So", 2: "o", 3: "s"}, PEPPER)
    assert not masked.verify(stored, {1: "", 2: "o", 3: "s"}, PEPPER)


def test_nothing_stored_reveals_the_password(stored):
    text = json.dumps(stored)
    assert PASSWORD not in text
    for i in range(len(PASSWORD) - 5):
        assert PASSWORD[i : i + 6] not in text  # no fragment of the password
    again = masked.enroll(PASSWORD, PEPPER, threshold=3)
    assert again["shares"] != stored["shares"] and again["salt"] != stored["salt"]
    assert stored["secret_hash"].startswith("$argon2id$")
    # same character at two positions gives unrelated stored shares
    twin = masked.enroll("aaaaaaaaaaaa", PEPPER, threshold=3)
    assert len(set(twin["shares"])) == 12


def test_positions_are_distinct_sorted_and_in_range():
    for length in (12, 20, 32):
        positions = masked.choose_positions(length, 5)
        assert positions == sorted(set(positions)) and len(positions) == 5
        assert all(1 <= p <= length for p in positions)


def test_enrol_refuses_a_password_shorter_than_the_threshold():
    with pytest.raises(ValueError):
        masked.enroll("abc", PEPPER, threshold=5)


@settings(max_examples=15, deadline=None)
@given(
    st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=5, max_size=16), st.data()
)
def test_property_right_subset_opens_and_a_changed_one_does_not(password, data):
    stored = masked.enroll(password, PEPPER, threshold=5)
    positions = data.draw(st.lists(st.integers(1, len(password)), min_size=5, max_size=5, unique=True))
    answers = _answers(password, positions)
    assert masked.verify(stored, answers, PEPPER)
    changed = data.draw(st.sampled_from(positions))
    other = data.draw(
        st.characters(min_codepoint=33, max_codepoint=126).filter(lambda c: c != answers[changed])
    )
    assert not masked.verify(stored, {**answers, changed: other}, PEPPER)


def test_passwords_are_argon2id_with_at_least_owasps_parameters():
    stored = hash_password("Jezioro43!kawa47")
    assert stored.startswith("$argon2id$v=19$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 19 * 1024 and int(params["t"]) >= 2 and int(params["p"]) >= 1
    assert verify_password("Jezioro43!kawa47", stored) and not verify_password("Jezioro43!kawa48", stored)
    old_default = "$argon2id$v=19$m=65536,t=3,p=4$"
    legacy = CryptContext(schemes=["argon2"], argon2__type="ID").hash("stare hasło")
    assert legacy.startswith(old_default) and verify_password(
        "stare hasło", legacy
    )  # earlier hashes still work
