"""The log-in steps against a real database: verdicts, lockout, unlocking, replay, throttling."""

import dataclasses
import re
import statistics
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event
from sqlmodel import Session, col, select

from ebok_app import accounts, db
from ebok_app.accounts import Actor, PermissionDenied, login
from ebok_app.models import AuditEntry, Company, LoginAttempt, SmsMessage, User
from ebok_app.security import reader
from ebok_app.security.passwords import hash_password
from ebok_app.settings import get_settings
from ebok_app.sms.outbox import readable_body

PEPPER = bytes(range(32))
READER_KEY = bytes(range(100, 132))
PASSWORD = "Sosna42!rower20"
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def cfg():
    return get_settings().model_copy(
        update={"password_pepper": PEPPER, "max_failed_logins": 3, "sms_codes_per_hour": 5}
    )


def _user(
    session,
    company,
    login_name,
    *,
    method="sms",
    role="viewer",
    password=PASSWORD,
    first_login=False,
    masking=True,
):
    user = User(
        company_id=company.id,
        login=login_name,
        first_name="Jan",
        last_name="Test",
        phone="+48600100200",
        role=role,
        auth_method=method,
        created_at=NOW,
        totp_secret=pyotp.random_base32() if method == "token" else None,
        masking_enabled=masking,
    )
    if method == "reader":
        reader.store_secret(user, READER_KEY)
    if first_login:
        user.password_hash, user.must_change_password = hash_password(password), True
    else:
        assert accounts.set_password(user, password, PEPPER) == []
    session.add(user)
    return user


@pytest.fixture
def world(migrated_sqlite_url):
    engine = db.make_engine(migrated_sqlite_url)
    with Session(engine, expire_on_commit=False) as session:
        a = Company(
            millekod="11112222",
            name="Firma A",
            nip="5260250274",
            regon="123456785",
            street="ul. A 1",
            postal_code="00-001",
            city="Warszawa",
            created_at=NOW,
        )
        b = Company(
            millekod="33334444",
            name="Firma B",
            nip="1234563218",
            regon="123456785",
            street="ul. B 1",
            postal_code="00-002",
            city="Kraków",
            created_at=NOW,
        )
        session.add_all([a, b])
        session.flush()
        users = {
            "sms": _user(session, a, "jan.sms"),
            "token": _user(session, a, "ola.token", method="token"),
            "admin": _user(session, a, "szef", role="admin"),
            "other_admin": _user(session, b, "obcy", role="admin"),
            "first": _user(session, a, "nowy", first_login=True, password="Tymczas0we!Haslo"),
            "whole": _user(session, a, "bez.maski", masking=False),
            "reader": _user(session, a, "ewa.czytnik", method="reader"),
        }
        session.commit()
    yield engine, users
    engine.dispose()


def _last_sms_code(session) -> str:
    """The code of the newest SMS (a made-up one when none was sent, as for an unknown user)."""
    message = session.exec(select(SmsMessage).order_by(SmsMessage.id.desc())).first()
    return re.search(r"\b(\d{6})\b", readable_body(message)).group(1) if message else "123456"


def _run(engine, cfg, user_login, code_for, password_for, now=NOW, millekod="11112222"):
    """Step one, the SMS sent after it, then step two: `code_for(session, challenge)` and
    `password_for(challenge)` answer it."""
    with db.session_scope(engine) as s:
        challenge = login.begin(s, millekod, user_login, "127.0.0.1", now, cfg)
    with db.session_scope(engine) as s:
        login.send_login_code(s, challenge.attempt_token, now, cfg)
    with db.session_scope(engine) as s:
        return challenge, login.finish(
            s,
            challenge.attempt_token,
            code_for(s, challenge),
            password_for(challenge),
            "127.0.0.1",
            now,
            cfg,
        )


def _masked(password):
    """Answer the masked challenge from `password` (positions past its end get a filler character)."""
    return lambda ch: {p: password[p - 1] if p <= len(password) else "a" for p in ch.positions}


def _sms(session, challenge):
    return _last_sms_code(session)


def test_sms_user_logs_in_with_the_code_and_masked_password(world, cfg):
    engine, _ = world
    challenge, outcome = _run(engine, cfg, "jan.sms", _sms, _masked(PASSWORD))
    assert challenge.otp_method == "sms" and challenge.box_count == 32
    assert len(challenge.positions) == 5 and max(challenge.positions) <= len(PASSWORD)
    assert outcome.verdict == login.Verdict.SUCCESS


def test_token_user_logs_in_and_the_same_code_is_not_accepted_again(world, cfg):
    engine, users = world
    code = pyotp.TOTP(users["token"].totp_secret).at(NOW)
    _, outcome = _run(engine, cfg, "ola.token", lambda s, ch: code, _masked(PASSWORD))
    assert outcome.verdict == login.Verdict.SUCCESS
    _, replay = _run(
        engine, cfg, "ola.token", lambda s, ch: code, _masked(PASSWORD), now=NOW + timedelta(seconds=5)
    )
    assert replay.verdict == login.Verdict.FAILED


@pytest.mark.parametrize("wrong", ["code", "password", "both", "company", "login"])
def test_every_wrong_element_gives_the_same_answer(world, cfg, wrong):
    engine, _ = world
    code = (lambda s, ch: "000000") if wrong in ("code", "both") else _sms
    password = _masked("X" * 20) if wrong in ("password", "both") else _masked(PASSWORD)
    millekod = "99998888" if wrong == "company" else "11112222"
    user_login = "nikt" if wrong == "login" else "jan.sms"
    _, outcome = _run(engine, cfg, user_login, code, password, millekod=millekod)
    assert outcome == login.Outcome(login.Verdict.FAILED, login.GENERIC_FAILURE_PL)


def test_unknown_user_gets_a_stable_made_up_challenge(world, cfg):
    engine, _ = world
    with db.session_scope(engine) as s:
        first = login.begin(s, "11112222", "ghost", None, NOW, cfg)
    with db.session_scope(engine) as s:
        second = login.begin(s, "11112222", "ghost", None, NOW, cfg)
        assert s.exec(select(SmsMessage)).all() == []
    assert (first.otp_method, first.box_count, first.phone_hint) == (
        second.otp_method,
        second.box_count,
        second.phone_hint,
    )
    assert first.positions == second.positions  # asking again reveals no new positions
    assert max(first.positions) <= 20


def test_three_failures_lock_and_even_the_right_password_hears_the_same_message(world, cfg):
    engine, users = world
    for _ in range(3):
        _, outcome = _run(engine, cfg, "jan.sms", _sms, _masked("Y" * 20))
        assert outcome.verdict == login.Verdict.FAILED
    with Session(engine) as s:
        user = s.get(User, users["sms"].id)
        assert user.locked_at is not None and user.failed_attempts == 3
        assert s.exec(select(AuditEntry).where(AuditEntry.action == "lockout")).first() is not None
    _, outcome = _run(engine, cfg, "jan.sms", _sms, _masked(PASSWORD))
    assert outcome == login.Outcome(login.Verdict.LOCKED, login.GENERIC_FAILURE_PL)  # PSD2 RTS art. 4
    _, outcome = _run(engine, cfg, "jan.sms", lambda s, ch: "111111", _masked(PASSWORD))
    assert outcome == login.Outcome(login.Verdict.FAILED, login.GENERIC_FAILURE_PL)
    with Session(engine) as s:
        results = [e.result for e in s.exec(select(AuditEntry).where(AuditEntry.action == "login"))]
        assert results[-2:] == ["locked", "failed"]  # the audit log tells them apart; the page does not


def _lock(engine, cfg, user_id):
    with db.session_scope(engine) as s:
        user = s.get(User, user_id)
        user.failed_attempts, user.locked_at = 3, NOW


def test_admin_unlocks_the_current_password(world, cfg):
    engine, users = world
    _lock(engine, cfg, users["sms"].id)
    admin = Actor("11112222/szef", users["admin"].company_id, users["admin"].id, "admin")
    with db.session_scope(engine) as s:
        accounts.unlock_current_password(admin, s.get(User, users["sms"].id), 3)
    _, outcome = _run(engine, cfg, "jan.sms", _sms, _masked(PASSWORD), now=NOW + timedelta(minutes=1))
    assert outcome.verdict == login.Verdict.SUCCESS


def test_unlock_with_a_new_password_leads_through_the_first_log_in(world, cfg):
    engine, users = world
    _lock(engine, cfg, users["sms"].id)
    admin = Actor("11112222/szef", users["admin"].company_id, users["admin"].id, "admin")
    with db.session_scope(engine) as s:
        temporary = accounts.unlock_with_new_password(admin, s.get(User, users["sms"].id))
    challenge, outcome = _run(engine, cfg, "jan.sms", _sms, lambda ch: temporary)
    assert outcome.verdict == login.Verdict.MUST_CHANGE
    with db.session_scope(engine) as s:
        problems, user_id = login.set_first_password(
            s, challenge.attempt_token, "short", "short", None, NOW, cfg
        )
        assert problems and user_id is None
    with db.session_scope(engine) as s:
        problems, user_id = login.set_first_password(
            s, challenge.attempt_token, "Nowe!Haslo2027", "Nowe!Haslo2027", None, NOW, cfg
        )
        assert problems == [] and user_id == users["sms"].id
    _, outcome = _run(engine, cfg, "jan.sms", _sms, _masked("Nowe!Haslo2027"), now=NOW + timedelta(minutes=2))
    assert outcome.verdict == login.Verdict.SUCCESS


@pytest.mark.parametrize("who", ["plain_user", "other_company_admin", "self"])
def test_unlock_is_refused_without_the_right(world, who):
    _, users = world
    actor = {
        "plain_user": Actor("a/jan", users["sms"].company_id, users["token"].id, "viewer"),
        "other_company_admin": Actor(
            "b/obcy", users["other_admin"].company_id, users["other_admin"].id, "admin"
        ),
        "self": Actor("a/szef", users["admin"].company_id, users["admin"].id, "admin"),
    }[who]
    target = users["admin"] if who == "self" else users["sms"]
    with pytest.raises(PermissionDenied):
        accounts.unlock_current_password(actor, target, 3)
    with pytest.raises(PermissionDenied):
        accounts.unlock_with_new_password(actor, target)


def test_helpdesk_may_unlock_anyone(world):
    _, users = world
    target = users["other_admin"]
    target.locked_at = NOW
    accounts.unlock_current_password(Actor("helpdesk:anna", None, None, None, helpdesk=True), target, 3)
    assert target.locked_at is None


def test_first_log_in_with_the_temporary_password(world, cfg):
    engine, _ = world
    challenge, outcome = _run(engine, cfg, "nowy", _sms, lambda ch: "Tymczas0we!Haslo")
    assert outcome.verdict == login.Verdict.MUST_CHANGE
    with db.session_scope(engine) as s:
        problems, _ = login.set_first_password(
            s, challenge.attempt_token, "Tymczas0we!Haslo", "Tymczas0we!Haslo", None, NOW, cfg
        )
        assert problems == ["Nowe hasło musi się różnić od obecnego."]


def test_an_sms_code_is_single_use_and_expires(world, cfg):
    engine, _ = world
    late = NOW + timedelta(seconds=cfg.sms_code_ttl_s + 1)
    with db.session_scope(engine) as s:
        challenge = login.begin(s, "11112222", "jan.sms", None, NOW, cfg)
    with db.session_scope(engine) as s:
        login.send_login_code(s, challenge.attempt_token, NOW, cfg)
        code = _last_sms_code(s)
    with db.session_scope(engine) as s:
        outcome = login.finish(
            s, challenge.attempt_token, code, _masked(PASSWORD)(challenge), None, late, cfg
        )
    assert outcome.verdict == login.Verdict.FAILED  # the code came too late
    with db.session_scope(engine) as s, pytest.raises(login.LoginInputError) as refused:
        login.finish(s, challenge.attempt_token, code, _masked(PASSWORD)(challenge), None, NOW, cfg)
    assert refused.value.restart  # the attempt is over: the page starts again


def test_the_hourly_limit_counts_failures_for_known_and_unknown_logins(world, cfg):
    engine, _ = world
    for user_login in ("jan.sms", "ghost"):
        for _ in range(cfg.sms_codes_per_hour):
            _, outcome = _run(engine, cfg, user_login, lambda s, ch: "000000", _masked("X" * 20))
            assert outcome.verdict == login.Verdict.FAILED
        with db.session_scope(engine) as s, pytest.raises(login.Throttled):
            login.begin(s, "11112222", user_login, "127.0.0.1", NOW, cfg)  # the address that failed
    with db.session_scope(engine) as s:  # an hour later the limit lets them try again
        assert login.begin(s, "11112222", "jan.sms", "127.0.0.1", NOW + timedelta(hours=1, seconds=1), cfg)


def test_successful_log_ins_do_not_count_towards_the_hourly_limit(world, cfg):
    engine, _ = world
    for minute in range(cfg.sms_codes_per_hour + 3):  # the sixth (and later) log-in of the hour works
        _, outcome = _run(
            engine, cfg, "jan.sms", _sms, _masked(PASSWORD), now=NOW + timedelta(minutes=minute)
        )
        assert outcome.verdict == login.Verdict.SUCCESS, minute
    with Session(engine) as s:
        assert len(s.exec(select(SmsMessage).where(SmsMessage.purpose == "login_code")).all()) == 8


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    millekod=st.text(max_size=12),
    user_login=st.text(max_size=20),
    code=st.text(max_size=8),
    password=st.one_of(
        st.text(max_size=40), st.dictionaries(st.integers(-3, 40), st.text(max_size=2), max_size=6)
    ),
)
def test_arbitrary_input_never_crashes_and_never_succeeds(world, cfg, millekod, user_login, code, password):
    engine, _ = world
    cfg = cfg.model_copy(update={"sms_codes_per_hour": 10**6})
    try:
        with db.session_scope(engine) as s:
            challenge = login.begin(s, millekod, user_login, None, NOW, cfg)
        with db.session_scope(engine) as s:
            outcome = login.finish(s, challenge.attempt_token, code, password, None, NOW, cfg)
    except login.LoginInputError:
        return
    assert outcome.verdict == login.Verdict.FAILED
    with Session(engine) as s:
        assert s.get(Company, 1).millekod == "11112222"


SHAPE_LOGINS = {
    "known": "jan.sms",
    "unknown": "ghost",
    "locked": "jan.sms",
    "first_log_in": "nowy",
    "masking_off": "bez.maski",
}


def _shape(challenge: login.Challenge) -> dict:
    """What step one shows, less what is random by design (token, positions drawn, digits)."""
    return {
        "fields": [f.name for f in dataclasses.fields(challenge)],
        "box_count": challenge.box_count,
        "asked": len(challenge.positions),
        "positions_in_range": all(1 <= p <= challenge.box_count for p in challenge.positions),
        "otp_method": challenge.otp_method,
        "phone_hint": re.sub(r"\d", "9", challenge.phone_hint),
        "reader_challenge": challenge.reader_challenge,
    }


@pytest.mark.parametrize("case", sorted(SHAPE_LOGINS))
def test_step_one_answers_in_the_same_shape_for_every_kind_of_login(world, cfg, case):
    engine, users = world
    if case == "locked":
        _lock(engine, cfg, users["sms"].id)
    with db.session_scope(engine) as s:
        challenge = login.begin(s, "11112222", SHAPE_LOGINS[case], None, NOW, cfg)
        assert s.exec(select(SmsMessage)).all() == []  # no SMS inside step one, for anybody
    shape = _shape(challenge)
    if case == "unknown":
        assert shape["otp_method"] in ("sms", "token", "reader")
        shape["otp_method"] = "sms"  # a made-up tool (stable per login): the one compared here
        shape["reader_challenge"] = ""
    assert shape == {
        "fields": ["attempt_token", "otp_method", "positions", "phone_hint", "reader_challenge", "box_count"],
        "box_count": 32,
        "asked": 5,
        "positions_in_range": True,
        "otp_method": "sms",
        "phone_hint": "••• ••• 999",
        "reader_challenge": "",
    }


def _statements_of_begin(engine, cfg, user_login: str, now: datetime) -> list[str]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement.split()[0])

    event.listen(engine, "before_cursor_execute", record)
    try:
        with db.session_scope(engine) as s:
            login.begin(s, "11112222", user_login, None, now, cfg)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_step_one_does_the_same_database_work_for_known_and_unknown_logins(world, cfg):
    engine, _ = world
    known = _statements_of_begin(engine, cfg, "jan.sms", NOW)
    assert known == _statements_of_begin(engine, cfg, "ghost", NOW)
    assert known == _statements_of_begin(engine, cfg, "nowy", NOW)


def test_the_sms_goes_out_after_step_one_and_only_to_a_known_sms_user(world, cfg):
    engine, _ = world
    for user_login in ("jan.sms", "ghost", "ola.token"):
        with db.session_scope(engine) as s:
            challenge = login.begin(s, "11112222", user_login, None, NOW, cfg)
        with db.session_scope(engine) as s:
            login.send_login_code(s, challenge.attempt_token, NOW, cfg)
            login.send_login_code(s, challenge.attempt_token, NOW, cfg)  # twice: still one SMS
    with Session(engine) as s:
        sent = s.exec(select(SmsMessage)).all()
    assert [m.phone for m in sent] == ["+48600100200"]


def test_step_one_takes_as_long_for_a_real_sms_user_as_for_an_unknown_login(world, cfg):
    """Interleaved samples of step one (with the work a page does right after it), compared by their
    medians with a generous factor: a busy machine slows both sides alike."""
    engine, _ = world
    cfg = cfg.model_copy(update={"sms_codes_per_hour": 10**6})
    samples: dict[str, list[float]] = {"jan.sms": [], "ghost": []}
    for i in range(40):
        for user_login in samples if i % 2 else reversed(samples):
            started = time.perf_counter()
            with db.session_scope(engine) as s:
                login.begin(s, "11112222", user_login, None, NOW + timedelta(seconds=i), cfg)
            samples[user_login].append(time.perf_counter() - started)
    known, unknown = statistics.median(samples["jan.sms"]), statistics.median(samples["ghost"])
    assert 1 / 1.6 < known / unknown < 1.6, (known, unknown)


@pytest.mark.parametrize(
    ("user_login", "shape", "verdict"),
    [
        ("jan.sms", "masked", login.Verdict.SUCCESS),
        ("jan.sms", "whole", login.Verdict.FAILED),  # masking on: the whole password is not taken
        ("bez.maski", "whole", login.Verdict.SUCCESS),
        ("bez.maski", "masked", login.Verdict.FAILED),
        ("nowy", "masked", login.Verdict.FAILED),
    ],
)
def test_the_password_shape_of_the_account_is_applied_only_in_the_verdict(
    world, cfg, user_login, shape, verdict
):
    engine, _ = world
    answer = _masked(PASSWORD) if shape == "masked" else (lambda ch: PASSWORD)
    _, outcome = _run(engine, cfg, user_login, _sms, answer)
    assert outcome.verdict == verdict
    if verdict == login.Verdict.FAILED:
        assert outcome.message == login.GENERIC_FAILURE_PL


def _reader_answer(session, challenge):
    return reader.respond(READER_KEY, challenge.reader_challenge)


def test_reader_token_user_logs_in_with_the_answer_to_the_graphic_code(world, cfg):
    engine, _ = world
    challenge, outcome = _run(engine, cfg, "ewa.czytnik", _reader_answer, _masked(PASSWORD))
    assert challenge.otp_method == "reader" and re.fullmatch(r"\d{8}", challenge.reader_challenge)
    assert reader.challenge_picture(challenge.reader_challenge).startswith("data:image/svg+xml;base64,")
    assert outcome.verdict == login.Verdict.SUCCESS


def test_a_reader_answer_to_another_challenge_or_a_replayed_one_is_refused(world, cfg):
    engine, _ = world
    first, outcome = _run(engine, cfg, "ewa.czytnik", _reader_answer, _masked(PASSWORD))
    assert outcome.verdict == login.Verdict.SUCCESS
    old_answer = reader.respond(READER_KEY, first.reader_challenge)
    second, outcome = _run(engine, cfg, "ewa.czytnik", lambda s, ch: old_answer, _masked(PASSWORD))
    assert second.reader_challenge != first.reader_challenge
    assert outcome == login.Outcome(login.Verdict.FAILED, login.GENERIC_FAILURE_PL)
    with Session(engine) as s:
        attempts = s.exec(select(LoginAttempt).where(col(LoginAttempt.otp_method) == "reader")).all()
        assert {a.reader_challenge for a in attempts} == {None}  # every challenge used up by its check


def test_the_emulator_answers_only_for_a_reader_token(world, cfg):
    engine, _ = world
    with Session(engine) as s:
        assert reader.emulate(s, "11112222", "EWA.czytnik", "1234 5678") == reader.respond(
            READER_KEY, "12345678"
        )
        for user_login, challenge in (("jan.sms", "12345678"), ("ghost", "12345678"), ("ewa.czytnik", "123")):
            with pytest.raises(reader.EmulatorRefused):
                reader.emulate(s, "11112222", user_login, challenge)


@pytest.mark.parametrize(
    ("origin", "forwarded", "trusted", "encrypted"),
    [
        ("https://ebok.example.pl", "", 0, True),
        ("http://127.0.0.1:3000", "", 0, False),
        ("http://ebok.example.pl", "https", 0, False),  # an untrusted header is ignored
        ("http://ebok.example.pl", "https", 1, True),
        ("http://ebok.example.pl", "https, http", 1, False),  # the client's own claim is not trusted
        ("http://ebok.example.pl", "http, https", 1, True),
    ],
)
def test_the_page_says_encrypted_only_when_it_is(origin, forwarded, trusted, encrypted):
    assert login.connection_encrypted(origin, forwarded, trusted) is encrypted
