"""Throttling by source: an attacker's tries from one address shut neither the real user (from another
address) out nor send SMS in bulk; a company is protected across addresses; refusals are audited."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from ebok_app import db
from ebok_app.accounts import login
from ebok_app.models import AuditEntry, SmsMessage
from ebok_app.settings import get_settings
from tests.helpdesk_scene import NOW, build

ATTACKER, VICTIM = "203.0.113.66", "198.51.100.7"


@pytest.fixture
def cfg():
    return get_settings().model_copy(
        update={"sms_codes_per_hour": 5, "login_attempts_per_address": 20, "login_attempts_per_company": 12}
    )


def _begin(engine, cfg, user_login: str, ip: str, millekod: str = "11111111") -> bool:
    """One first step and, as the page does after answering it, the SMS code; False when throttled."""
    try:
        with db.session_scope(engine) as session:
            challenge = login.begin(session, millekod, user_login, ip, NOW, cfg)
    except login.Throttled:
        return False
    with db.session_scope(engine) as session:
        login.send_login_code(session, challenge.attempt_token, NOW, cfg)
    return True


def _sms_count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(SmsMessage)).one()


def test_an_attacker_does_not_shut_the_real_user_out(engine, cfg):
    build(engine)
    assert all(_begin(engine, cfg, "aview", ATTACKER) for _ in range(5))
    assert not _begin(engine, cfg, "aview", ATTACKER)
    assert _begin(engine, cfg, "aview", VICTIM)  # the real user, from their own address
    with Session(engine) as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.result == "throttled")).one()
    assert (entry.actor, entry.ip, entry.action) == ("11111111/aview", ATTACKER, "login")
    assert entry.details["limit"] == "login"


def test_one_address_cannot_send_sms_in_bulk(engine, cfg):
    build(engine)
    cfg = cfg.model_copy(update={"login_attempts_per_address": 8})
    logins = ["aadmin", "afinanse", "aview", "badmin"]
    tried = [
        _begin(engine, cfg, logins[i % 4], ATTACKER, "11111111" if i % 4 < 3 else "22222222")
        for i in range(30)
    ]
    assert tried.count(True) == 8 and not any(tried[8:])  # each login was tried only twice
    assert _sms_count(engine) == 8
    assert _begin(engine, cfg, "badmin", VICTIM, "22222222")


def test_a_company_is_protected_across_addresses(engine, cfg):
    build(engine)
    tried = [_begin(engine, cfg, ("aadmin", "afinanse", "aview")[i % 3], f"192.0.2.{i}") for i in range(15)]
    assert tried.count(True) == 12 and not any(tried[12:])
    assert _begin(engine, cfg, "badmin", VICTIM, "22222222")  # another company is not affected
