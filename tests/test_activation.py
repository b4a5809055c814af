"""Activation from the configuration form: unique MilleKod, valid data, users in the first-log-in state
with temporary passwords that meet the rules and go only by SMS, token users enrolled, one audit entry."""

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ebok_app import accounts, db
from ebok_app.accounts import AccountState, PermissionDenied
from ebok_app.content import current_terms
from ebok_app.models import AuditEntry, Company, SmsMessage, User
from ebok_app.onboarding import activation
from ebok_app.onboarding.activation import ActivationError, CompanyForm, UserForm
from ebok_app.security import otp, sealing
from ebok_app.security.passwords import verify_password
from ebok_app.security.policy import password_problems
from ebok_app.settings import get_settings
from ebok_app.sms import phones
from ebok_app.sms.outbox import readable_body
from tests.helpdesk_scene import NOW, build


def _form(nip: str = "1132191233", **changes) -> CompanyForm:
    users = [
        UserForm("Jan", "Nowy", "JNowy", "601 234 567", "admin", "sms"),
        UserForm("Ewa", "Tokenowa", "etokenowa", "+48 512-345-678", "finance", "token"),
    ]
    base = {
        "name": "Gamma Transport Sp. z o.o.",
        "nip": nip,
        "regon": "123456785",
        "street": "ul. Długa 5",
        "postal_code": "30-001",
        "city": "Kraków",
        "users": users,
        "form_witness": "Anna Konsultantka",
        "form_signed_on": NOW.date(),
        "terms_version": current_terms().version,
    }
    return CompanyForm(**{**base, **changes})


def test_activation_creates_the_company_and_users_waiting_for_the_first_log_in(engine):
    scene = build(engine)
    with Session(engine) as session:
        done = activation.activate(session, scene.staff["kons"], _form(), NOW, "eBOK")
        session.commit()
    with Session(engine) as session:
        company = session.get(Company, done.company_id)
        assert re.fullmatch(r"\d{8}", company.millekod) and company.millekod == done.millekod
        assert company.millekod not in {"11111111", "22222222"}
        assert company.activated_by == "helpdesk:kons" and company.nip == "1132191233"
        assert (company.form_witness, company.form_signed_on) == ("Anna Konsultantka", NOW.date())
        assert company.terms_version == current_terms().version
        users = session.exec(select(User).where(User.company_id == company.id).order_by(User.login)).all()
        assert [u.login for u in users] == ["etokenowa", "jnowy"]
        assert all(accounts.account_state(u) == AccountState.FIRST_LOGIN for u in users)
        assert all(u.terms_version == current_terms().version for u in users)  # accepted on the paper form
        assert [u.phone for u in users] == ["+48512345678", "+48601234567"]
        token_user, sms_user = users
        assert sms_user.totp_secret is None and token_user.totp_secret
        sms = session.exec(select(SmsMessage).where(SmsMessage.company_id == company.id)).all()
        assert {m.user_id for m in sms} == {u.id for u in users}
        for message in sms:
            user = session.get(User, message.user_id)
            temporary = re.search(r"hasło tymczasowe: (\S+) \(ważne 72 godz", readable_body(message)).group(1)
            assert temporary not in message.body  # the stored text keeps a mark in its place
            assert password_problems(temporary, user.login) == []
            assert verify_password(temporary, user.password_hash)
            assert company.millekod in message.body
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == "activation")).all()
        assert [(e.actor, e.result, e.company_id) for e in entries] == [("helpdesk:kons", "ok", company.id)]
    assert [e.login for e in done.enrolments] == ["etokenowa"]
    assert done.enrolments[0].qr_svg_uri.startswith("data:image/svg+xml")


def test_each_activation_gets_its_own_millekod(engine):
    scene = build(engine)
    codes = set()
    with Session(engine) as session:
        for nip in ("1132191233", "5213017228", "7272445205"):
            codes.add(activation.activate(session, scene.staff["akt"], _form(nip), NOW, "eBOK").millekod)
        session.commit()
        assert len(codes) == 3
        assert len(set(session.exec(select(Company.millekod)).all())) == 5


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"nip": "1132191234"}, "NIP jest nieprawidłowy"),
        ({"nip": "5260250274"}, "ma już aktywną usługę"),
        ({"regon": "123456789"}, "REGON"),
        ({"postal_code": "30001"}, "Kod pocztowy"),
        ({"users": []}, "co najmniej jednego użytkownika"),
        ({"users": [UserForm("Jan", "Nowy", "jnowy", "601234567", "viewer", "sms")]}, "administratora"),
        (
            {"users": [UserForm("Jan", "Nowy", "jnowy", "12345", "admin", "sms")]},
            "Użytkownik 1: numer telefonu",
        ),
        (
            {
                "users": [
                    UserForm("Jan", "Nowy", "jnowy", "601234567", "admin", "sms"),
                    UserForm("Jan", "Drugi", "JNOWY", "601234568", "viewer", "sms"),
                ]
            },
            "Użytkownik 2: login jnowy powtarza się",
        ),
        ({"users": [UserForm("Jan", "Nowy", "j nowy!", "601234567", "admin", "sms")]}, "login to"),
    ],
)
def test_a_wrong_form_creates_nothing_and_says_why(engine, changes, expected):
    scene = build(engine)
    with Session(engine) as session:
        with pytest.raises(ActivationError) as raised:
            activation.activate(session, scene.staff["kons"], _form(**changes), NOW, "eBOK")
        assert any(expected in p for p in raised.value.problems), raised.value.problems
        session.rollback()
        assert len(session.exec(select(Company)).all()) == 2
        assert session.exec(select(SmsMessage)).all() == []


@pytest.mark.parametrize("who", ["desk", "nikt", None])
def test_activation_needs_the_activate_right(engine, who):
    scene = build(engine)
    staff = scene.staff[who] if who else None
    with Session(engine) as session:
        with pytest.raises(PermissionDenied):
            activation.activate(session, staff, _form(), NOW, "eBOK")
        session.commit()
        assert len(session.exec(select(Company)).all()) == 2
        denied = session.exec(select(AuditEntry).where(AuditEntry.action == "activation")).one()
        assert denied.result == "denied" and denied.actor == (f"helpdesk:{who}" if who else "unknown")


def test_token_enrolment_qr_holds_a_working_secret(engine):
    scene = build(engine)
    with Session(engine) as session:
        activation.activate(session, scene.staff["kons"], _form(), NOW, "eBOK")
        session.commit()
        user = session.exec(select(User).where(User.login == "etokenowa")).one()
        assert sealing.is_sealed(user.totp_secret)  # never stored in clear
        code = otp.pyotp.TOTP(sealing.open_secret(user.totp_secret)).at(NOW)
        assert otp.totp_accepts(user.totp_secret, code, None, NOW) is not None


@pytest.mark.parametrize(
    ("raw", "normal", "ok"),
    [
        ("601 234 567", "+48601234567", True),
        ("0048 601-234-567", "+48601234567", True),
        ("+49 1512 3456789", "+4915123456789", False),
        ("+48 58 555 12 34", "+48585551234", False),
        ("22 598 40 31", "+48225984031", False),
        ("+1 202", "+1202", False),
        ("", "", False),
    ],
)
def test_phone_numbers_are_normalized_and_checked(raw, normal, ok):
    assert phones.normalize_phone(raw) == normal
    assert (phones.phone_problem(normal) is None) is ok


def test_an_activation_that_loses_the_race_for_its_nip_is_a_problem_not_a_crash(
    migrated_sqlite_url, monkeypatch
):
    """activate_committed runs in its own transaction: the loser of two simultaneous activations of one
    NIP (both passed the form check) gets the conflict as a form problem; a refusal still commits its
    audit entry."""
    monkeypatch.setenv("DATABASE_URL", migrated_sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    try:
        scene = build(db.get_engine())
        first = activation.activate_committed(
            scene.staff["kons"], _form(), now=NOW, brand_name="eBOK", ip=None
        )
        assert first is not None
        monkeypatch.setattr(activation, "form_problems", lambda *_: [])  # the other window checked first
        with pytest.raises(ActivationError) as lost:
            activation.activate_committed(scene.staff["kons"], _form(), now=NOW, brand_name="eBOK", ip=None)
        assert lost.value.problems == [activation.CONFLICT_PL]
        refused = activation.activate_committed(
            scene.staff["nikt"], _form(), now=NOW, brand_name="eBOK", ip=None
        )
        assert refused is None
        with Session(db.get_engine()) as session:
            assert len(session.exec(select(Company).where(Company.nip == "1132191233")).all()) == 1
            denied = session.exec(select(AuditEntry).where(AuditEntry.actor == "helpdesk:nikt")).all()
            assert [e.result for e in denied] == ["denied"]
    finally:
        db.get_engine.cache_clear()
        get_settings.cache_clear()


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"form_witness": " "}, "w którego obecności"),
        ({"form_signed_on": None}, "datę podpisania"),
        ({"form_signed_on": NOW.date() + timedelta(days=1)}, "datę podpisania"),
        ({"terms_version": "1999-01-01"}, "wersję regulaminu"),
    ],
)
def test_the_signed_paper_form_needs_a_witness_a_date_and_a_published_terms_version(engine, changes, problem):
    scene = build(engine)
    with Session(engine) as session:
        with pytest.raises(ActivationError) as refused:
            activation.activate(session, scene.staff["kons"], _form(**changes), NOW, "eBOK")
        assert any(problem in p for p in refused.value.problems)
        assert session.exec(select(Company).where(Company.nip == "1132191233")).first() is None


def test_a_reader_token_is_not_offered_by_the_activation_form(engine):
    """The activation enrols SMS and TOTP tokens only: a forged "reader" would leave a user without a key."""
    build(engine)
    users = [UserForm("Jan", "Nowy", "jnowy", "601 234 567", "admin", "reader")]
    with Session(engine) as session:
        problems = activation.form_problems(session, _form(users=users), NOW.date())
    assert any("wybierz H@sło SMS albo token" in p for p in problems)
