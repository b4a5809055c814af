"""The demo generator: deterministic, and every invariant a real lease portfolio keeps."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from ebok_app.demo.generator import OFFLINE_DAYS, generate
from ebok_app.documents.ksef.numbers import is_ksef_number
from ebok_app.portfolio.dates import add_months
from ebok_app.portfolio.identifiers import is_valid_nip, is_valid_plate, is_valid_regon, is_valid_vin
from ebok_app.portfolio.money import round_grosze, vat_of
from ebok_app.portfolio.statuses import (
    ContractStatus,
    PaymentStatus,
    PolicyStatus,
    contract_status,
    is_overdue,
    payment_status,
    policy_status,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
def data():
    return generate(seed=7, today=TODAY, fleet_contracts=300)


def test_same_seed_and_day_give_the_same_data(data):
    again = generate(seed=7, today=TODAY, fleet_contracts=300)
    assert again.rows == data.rows
    assert again.credentials == data.credentials


def test_another_seed_gives_other_data(data):
    other = generate(seed=8, today=TODAY, fleet_contracts=300)
    assert other.rows["contract"] != data.rows["contract"]


def test_fleet_size_does_not_change_the_other_companies(data):
    small = generate(seed=7, today=TODAY, fleet_contracts=3)
    assert small.credentials == data.credentials
    fleet_id = data.rows["company"][-1]["id"]
    others = [c for c in data.rows["contract"] if c["company_id"] != fleet_id]
    assert [c for c in small.rows["contract"] if c["company_id"] != fleet_id] == others
    assert sum(c["company_id"] == fleet_id for c in data.rows["contract"]) == 300


def test_companies_range_from_one_car_to_a_fleet(data):
    counts = defaultdict(int)
    for contract in data.rows["contract"]:
        counts[contract["company_id"]] += 1
    assert sorted(counts.values()) == [1, 9, 24, 300]


def test_company_identifiers_are_valid_and_unique(data):
    companies = data.rows["company"]
    assert all(is_valid_nip(c["nip"]) and is_valid_regon(c["regon"]) for c in companies)
    assert all(c["millekod"].isdigit() and len(c["millekod"]) == 8 for c in companies)
    assert len({c["millekod"] for c in companies}) == len(companies)
    assert len({c["nip"] for c in companies}) == len(companies)


def test_vehicles_have_valid_plates_and_vins_machines_have_serial_numbers(data):
    for asset in data.rows["asset"]:
        if asset["registration_number"] is not None:
            assert is_valid_plate(asset["registration_number"]), asset
            assert is_valid_vin(asset["vin"]), asset
        else:
            assert asset["serial_number"] and asset["vin"] is None


def test_contract_and_invoice_numbers_are_unique(data):
    assert len({c["number"] for c in data.rows["contract"]}) == len(data.rows["contract"])
    numbers = [i["number"] for i in data.rows["invoice"]]
    assert all(i["number"].startswith("KOR/" if i["corrects_id"] else "FV/") for i in data.rows["invoice"])
    assert len(set(numbers)) == len(numbers)


def test_capital_of_the_schedule_adds_up_to_the_initial_net_value(data):
    capital = defaultdict(int)
    for item in data.rows["scheduleitem"]:
        capital[item["contract_id"]] += item["capital_gr"]
    for contract in data.rows["contract"]:
        assert capital[contract["id"]] == contract["initial_net_gr"], contract["number"]


def test_every_installment_is_there_unless_the_contract_was_terminated(data):
    installments = defaultdict(list)
    for item in data.rows["scheduleitem"]:
        if item["kind"] == "installment":
            installments[item["contract_id"]].append(item)
    for contract in data.rows["contract"]:
        items = installments[contract["id"]]
        if contract["terminated_on"] is None:
            assert [i["seq_no"] for i in items] == list(range(1, contract["installments_count"] + 1))
            assert all(i["net_gr"] > i["capital_gr"] > 0 for i in items)
        else:
            assert all(i["due_date"] <= contract["terminated_on"] for i in items)


def test_item_amounts_are_consistent(data):
    for item in data.rows["scheduleitem"]:
        assert item["net_gr"] > 0
        assert item["vat_gr"] == vat_of(item["net_gr"], item["vat_rate"])
        assert item["gross_gr"] == item["net_gr"] + item["vat_gr"]
        assert 0 <= item["paid_gr"] <= item["gross_gr"]
        if item["invoice_id"] is None:
            assert item["paid_gr"] == 0


def test_invoices_are_the_sums_of_their_items_and_payments(data):
    items, payments = defaultdict(list), defaultdict(int)
    for item in data.rows["scheduleitem"]:
        if item["invoice_id"] is not None:
            items[item["invoice_id"]].append(item)
    for payment in data.rows["payment"]:
        payments[payment["invoice_id"]] += payment["amount_gr"]
        assert payment["paid_on"] <= TODAY
        assert payment["amount_gr"] > 0
    for invoice in data.rows["invoice"]:
        if invoice["corrects_id"]:  # a correction is a difference, with no schedule items of its own
            continue
        own = items[invoice["id"]]
        assert own, invoice["number"]
        assert invoice["net_gr"] == sum(i["net_gr"] for i in own)
        assert invoice["gross_gr"] == sum(i["gross_gr"] for i in own)
        assert invoice["paid_gr"] == payments[invoice["id"]] == sum(i["paid_gr"] for i in own)
        assert 0 <= invoice["paid_gr"] <= invoice["gross_gr"]
        assert invoice["issue_date"] <= TODAY
        assert invoice["issue_date"] < invoice["due_date"]


def test_corrections_lower_a_paid_invoice_by_a_tenth_of_its_first_item(data):
    invoices = {i["id"]: i for i in data.rows["invoice"]}
    first_items = {}
    for item in data.rows["scheduleitem"]:
        if item["invoice_id"] is not None:
            first_items.setdefault(item["invoice_id"], item)
    corrections = [i for i in invoices.values() if i["corrects_id"]]
    assert len(corrections) == 1 + 2 + 3 + 5
    for kor in corrections:
        original = invoices[kor["corrects_id"]]
        assert (kor["company_id"], kor["contract_id"]) == (original["company_id"], original["contract_id"])
        assert kor["issue_date"] > original["issue_date"] and original["corrects_id"] is None
        assert kor["net_gr"] == -round_grosze(Decimal(first_items[original["id"]]["net_gr"]) / 10)
        assert kor["gross_gr"] == kor["net_gr"] + kor["vat_gr"] < 0
        assert kor["correction_reason"]


def test_ksef_numbers_are_valid_and_only_the_newest_invoices_are_offline(data):
    for invoice in data.rows["invoice"]:
        age = (TODAY - invoice["issue_date"]).days
        if age < OFFLINE_DAYS:
            assert invoice["ksef_number"] is None
        else:
            assert is_ksef_number(invoice["ksef_number"])
            assert invoice["ksef_number"].startswith(f"5252248481-{invoice['issue_date']:%Y%m%d}-")
    numbers = [i["ksef_number"] for i in data.rows["invoice"] if i["ksef_number"]]
    assert len(set(numbers)) == len(numbers)
    assert any(i["ksef_number"] is None for i in data.rows["invoice"])


def test_the_portfolio_has_every_status_a_demo_needs(data):
    invoices = data.rows["invoice"]
    statuses = {payment_status(i["gross_gr"], i["paid_gr"]) for i in invoices}
    assert statuses == set(PaymentStatus)
    assert any(is_overdue(i["due_date"], i["gross_gr"], i["paid_gr"], TODAY) for i in invoices)
    contracts = {
        contract_status(c["start_date"], c["end_date"], c["terminated_on"], TODAY)
        for c in data.rows["contract"]
    }
    assert contracts == set(ContractStatus)
    policies = [policy_status(p["end_date"], TODAY) for p in data.rows["insurancepolicy"]]
    assert set(policies) == set(PolicyStatus)


def test_policies_cover_the_contract_year_by_year(data):
    contracts = {c["id"]: c for c in data.rows["contract"]}
    for policy in data.rows["insurancepolicy"]:
        contract = contracts[policy["contract_id"]]
        assert contract["start_date"] <= policy["start_date"] <= policy["end_date"]
        assert policy["end_date"] <= (contract["terminated_on"] or contract["end_date"])
        assert (policy["end_date"] - policy["start_date"]).days < 366
        assert policy["start_date"] <= max(TODAY, contract["start_date"])


def test_demo_users_cover_every_log_in_path(data):
    states = {c.state for c in data.credentials}
    assert states == {"active", "first_login", "locked"}
    assert {c.auth_method for c in data.credentials} == {"sms", "token", "reader"}
    assert all(c.totp_secret for c in data.credentials if c.auth_method == "token")
    assert all(len(bytes.fromhex(c.reader_key)) == 32 for c in data.credentials if c.auth_method == "reader")
    for c in data.credentials:
        password = c.password
        assert len(password) >= 12
        assert any(ch.isupper() for ch in password) and any(ch.islower() for ch in password)
        assert any(ch.isdigit() for ch in password) and any(not ch.isalnum() for ch in password)
        assert c.phone.startswith("+48") and len(c.phone) == 12
    logins = [(c.millekod, c.login) for c in data.credentials]
    assert len(set(logins)) == len(logins)


@pytest.mark.parametrize(
    ("day", "months", "pay_day", "expected"),
    [
        (date(2026, 1, 31), 1, None, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, None, date(2024, 2, 29)),
        (date(2026, 11, 15), 2, 10, date(2027, 1, 10)),
        (date(2026, 3, 1), -3, 31, date(2025, 12, 31)),
    ],
)
def test_add_months(day, months, pay_day, expected):
    assert add_months(day, months, pay_day) == expected


def test_invoices_are_issued_ahead_of_the_due_date_only_up_to_today(data):
    horizon = TODAY + timedelta(days=14)
    for item in data.rows["scheduleitem"]:
        assert (item["invoice_id"] is not None) == (item["due_date"] <= horizon), item
