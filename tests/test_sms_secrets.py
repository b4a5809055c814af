"""Codes and temporary passwords do not stay in the database in clear: the stored SMS text keeps a mark in
their place, the secret itself is sealed until the gateway took it (the demo inbox may show it for a
while), and temporary passwords expire."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlmodel import Session, select

from ebok_app import db
from ebok_app.accounts import Actor, login, unlocking
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import AuthMethod, Company, SmsMessage, User
from ebok_app.security import sealing
from ebok_app.settings import get_settings
from ebok_app.sms import delivery
from ebok_app.sms.delivery import SECRET_MARK
from ebok_app.sms.outbox import readable_body

PEPPER = bytes(range(32))
HELPDESK = Actor("helpdesk:anna", None, None, None, helpdesk=True)


def _every_text(engine) -> str:
    """Every value of every table, as one text: what a copy of the database would give away."""
    with engine.connect() as connection:
        tables = [
            row[0] for row in connection.execute(text("SELECT name FROM sqlite_master WHERE type='table'"))
        ]
        return "\n".join(
            str(value)
            for table in tables
            for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            for value in row
        )


def test_no_code_or_temporary_password_in_clear_after_a_demo_run(sqlite_url, today):
    db.upgrade(sqlite_url)
    engine = db.make_engine(sqlite_url)
    insert_demo(engine, generate(3, today, fleet_contracts=12), PEPPER)
    now = datetime.now(UTC)
    cfg = get_settings().model_copy(update={"password_pepper": PEPPER})
    with Session(engine) as session:
        sms_user, other = session.exec(
            select(User, Company)
            .join(Company)
            .where(User.auth_method == AuthMethod.SMS, User.must_change_password == False)  # noqa: E712
        ).all()[:2]
        user, company = sms_user
    with db.session_scope(engine) as session:
        challenge = login.begin(session, company.millekod, user.login, "127.0.0.1", now, cfg)
    with db.session_scope(engine) as session:
        login.send_login_code(session, challenge.attempt_token, now, cfg)  # a log-in code goes out
    with db.session_scope(engine) as session:
        unlocking.unlock(
            session, HELPDESK, session.get(User, other[0].id), new_password=True, max_failures=3, now=now
        )
    with Session(engine) as session:
        messages = session.exec(select(SmsMessage).order_by(SmsMessage.id)).all()
    code = re.search(r"kod logowania (\d{6})", readable_body(messages[0])).group(1)  # the demo inbox shows it
    temporary = re.search(r"hasło tymczasowe: (\S+) \(ważne 72 godz", readable_body(messages[1])).group(1)
    assert all(SECRET_MARK in m.body and sealing.is_sealed(m.secret) for m in messages)
    dump = _every_text(engine)
    assert code not in dump and temporary not in dump
    later = now + delivery.DEMO_SECRET_LIFE + timedelta(minutes=1)
    delivery.record(engine, messages[0].id, None, 1, later, 3, keep_secret=True)  # any later delivery
    with Session(engine) as session:
        assert session.exec(select(SmsMessage.secret).where(SmsMessage.secret.is_not(None))).all() == []
    engine.dispose()


def test_a_temporary_password_is_refused_after_it_expired(sqlite_url):
    db.upgrade(sqlite_url)
    engine = db.make_engine(sqlite_url)
    issued = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    cfg = get_settings().model_copy(update={"password_pepper": PEPPER, "sms_codes_per_hour": 50})
    with db.session_scope(engine) as session:
        company = Company(
            millekod="11112222",
            name="A",
            nip="5260250274",
            regon="123456785",
            street="ul. A 1",
            postal_code="00-001",
            city="Warszawa",
            created_at=issued,
        )
        session.add(company)
        session.flush()
        user = User(
            company_id=company.id,
            login="nowy",
            first_name="N",
            last_name="T",
            phone="+48600100200",
            auth_method=AuthMethod.SMS,
            created_at=issued,
        )
        session.add(user)
        session.flush()
        unlocking.unlock(session, HELPDESK, user, new_password=True, max_failures=3, now=issued)
    with Session(engine) as session:
        body = readable_body(session.exec(select(SmsMessage)).one())
    temporary = re.search(r"hasło tymczasowe: (\S+) \(ważne 72 godz", body).group(1)

    def attempt(at: datetime) -> login.Verdict:
        with db.session_scope(engine) as session:
            challenge = login.begin(session, "11112222", "nowy", None, at, cfg)
        with db.session_scope(engine) as session:
            login.send_login_code(session, challenge.attempt_token, at, cfg)
        with Session(engine) as session:
            message = session.exec(select(SmsMessage).order_by(SmsMessage.id.desc())).first()
            code = re.search(r"kod logowania (\d{6})", readable_body(message)).group(1)
        with db.session_scope(engine) as session:
            return login.finish(session, challenge.attempt_token, code, temporary, None, at, cfg).verdict

    assert attempt(issued + timedelta(hours=73)) == login.Verdict.FAILED
    assert attempt(issued + timedelta(hours=71)) == login.Verdict.MUST_CHANGE
    engine.dispose()
