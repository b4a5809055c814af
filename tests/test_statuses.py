from datetime import date, timedelta

import pytest

from ebok_app.portfolio.statuses import (
    LABELS_PL,
    ContractStatus,
    PaymentStatus,
    PolicyStatus,
    contract_status,
    is_overdue,
    payment_status,
    policy_status,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("gross", "paid", "status"),
    [
        (100_00, 100_00, PaymentStatus.PAID),
        (100_00, 0, PaymentStatus.UNPAID),
        (100_00, 1, PaymentStatus.PARTLY_PAID),
        (100_00, 99_99, PaymentStatus.PARTLY_PAID),
        (0, 0, PaymentStatus.PAID),
    ],
)
def test_payment_status(gross, paid, status):
    assert payment_status(gross, paid) == status


@pytest.mark.parametrize("paid", [-1, 100_01])
def test_payment_status_refuses_impossible_amounts(paid):
    with pytest.raises(ValueError):
        payment_status(100_00, paid)


def test_due_today_is_not_overdue_yet_but_yesterday_is():
    assert not is_overdue(TODAY, 100, 0, TODAY)
    assert is_overdue(TODAY - timedelta(days=1), 100, 0, TODAY)
    assert is_overdue(TODAY - timedelta(days=1), 100, 50, TODAY)
    assert not is_overdue(TODAY - timedelta(days=1), 100, 100, TODAY)


def test_contract_status_follows_the_dates():
    start, end = date(2024, 1, 10), date(2028, 1, 10)
    assert contract_status(start, end, None, date(2024, 1, 9)) == ContractStatus.SIGNED
    assert contract_status(start, end, None, start) == ContractStatus.ACTIVE
    assert contract_status(start, end, None, end) == ContractStatus.ACTIVE
    assert contract_status(start, end, None, end + timedelta(days=1)) == ContractStatus.ENDED


def test_early_termination_ends_the_contract_from_that_day():
    start, end = date(2024, 1, 10), date(2028, 1, 10)
    terminated = date(2026, 6, 1)
    assert contract_status(start, end, terminated, terminated - timedelta(days=1)) == ContractStatus.ACTIVE
    assert contract_status(start, end, terminated, terminated) == ContractStatus.ENDED


def test_policy_expiring_window_is_inclusive_at_its_boundary():
    assert policy_status(TODAY + timedelta(days=30), TODAY) == PolicyStatus.EXPIRING
    assert policy_status(TODAY + timedelta(days=31), TODAY) == PolicyStatus.ACTIVE
    assert policy_status(TODAY, TODAY) == PolicyStatus.EXPIRING
    assert policy_status(TODAY - timedelta(days=1), TODAY) == PolicyStatus.EXPIRED
    assert policy_status(TODAY + timedelta(days=10), TODAY, expiring_days=7) == PolicyStatus.ACTIVE


def test_every_status_has_a_polish_label():
    for enum in (PaymentStatus, ContractStatus, PolicyStatus):
        for member in enum:
            assert LABELS_PL[member]
    assert LABELS_PL[PaymentStatus.PARTLY_PAID] == "częściowo zapłacona"
    assert LABELS_PL[PolicyStatus.EXPIRING] == "wygasająca"
