"""Demo mode is off unless asked for, and the demo inbox never shows a real company's SMS or a real
employee's token code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from ebok_app.accounts import staff
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import Company
from ebok_app.onboarding import activation
from ebok_app.settings import get_settings
from ebok_app.sms.outbox import recent_messages, send_sms
from tests.helpdesk_scene import add_company, build
from tests.test_activation import _form as activation_form

PEPPER = bytes(range(32))
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pytest.fixture
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_demo_mode_is_off_unless_asked_for(monkeypatch, fresh_settings):
    monkeypatch.delenv("EBOK_DEMO", raising=False)
    assert get_settings().demo_mode is False
    monkeypatch.setenv("EBOK_DEMO", "1")
    get_settings.cache_clear()
    assert get_settings().demo_mode is True


def test_the_demo_inbox_shows_only_demo_accounts(engine, today, monkeypatch):
    monkeypatch.setattr("ebok_app.sms.outbox.deliver_after_commit", lambda session, message: None)
    insert_demo(engine, generate(3, today, fleet_contracts=12), PEPPER)
    with Session(engine) as session:
        real = add_company(session, "Prawdziwa sp. z o.o.", "99887766", "5260250274")
        demo = session.query(Company).filter(Company.demo).first()
        for company, body in ((demo, "demo code 111111"), (real, "real code 222222")):
            send_sms(
                session,
                phone="+48600000000",
                body=body,
                purpose="login_code",
                idempotency_key=body,
                company_id=company.id,
            )
        _, problems = staff.create(
            session, "prawdziwy", "Jan", "Prawdziwy", ["helpdesk"], "Obsluga#Klienta2026", NOW
        )
        assert not problems
        session.commit()
        shown = [m.body for m in recent_messages(session, demo_only=True)]
        logins = [row["login"] for row in staff.current_codes(session, NOW)]
    assert "demo code 111111" in shown and "real code 222222" not in shown
    assert logins and "prawdziwy" not in logins


def test_a_company_activated_during_a_demo_belongs_to_the_demo(engine, monkeypatch, fresh_settings):
    monkeypatch.setenv("EBOK_DEMO", "1")
    get_settings.cache_clear()
    scene = build(engine)
    with Session(engine) as session:
        done = activation.activate(session, scene.staff["kons"], activation_form(), NOW, "eBOK")
        session.commit()
        assert session.exec(select(Company.demo).where(Company.millekod == done.millekod)).one()
