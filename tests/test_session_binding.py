"""A session, a client's or an employee's, belongs to its tab's live socket and browser: a client token
replayed after the tab closed, or from another browser, finds no session, and the attempt is in the audit
log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ebok_app import db
from ebok_app.accounts import sessions, staff
from ebok_app.models import AuditEntry, StaffSession, StaffUser, User, UserSession
from tests.helpdesk_scene import NOW, build

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CURL = "curl/8.5.0"
GRACE = 60


@pytest.fixture
def tab(engine) -> str:
    """A signed-in session in the tab "tab-1" opened in Firefox; returns its session token."""
    scene = build(engine)
    with db.session_scope(engine) as session:
        user = session.get(User, scene.users["aview"])
        return sessions.start(session, user, "tab-1", NOW, 3600, "192.0.2.5", FIREFOX)


def _connect(engine, at, agent=FIREFOX) -> int:
    with db.session_scope(engine) as session:
        return sessions.socket_connected(session, "tab-1", at, GRACE, agent, "203.0.113.99")


def _signed_in(engine, token, at, agent=FIREFOX) -> bool:
    with db.session_scope(engine) as session:
        return sessions.check(session, token, "tab-1", at, 300, agent=agent) is not None


def _refusals(engine, action: str = "session_reuse") -> list[tuple]:
    with Session(engine) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.action == action)).all()
        return [(e.result, e.ip, e.details["reason"]) for e in entries]


def test_a_reload_within_the_grace_time_keeps_the_session(engine, tab):
    with db.session_scope(engine) as session:
        sessions.socket_disconnected(session, "tab-1", NOW + timedelta(seconds=10))
    assert _connect(engine, NOW + timedelta(seconds=12)) == 0
    assert _signed_in(engine, tab, NOW + timedelta(seconds=13))
    assert _refusals(engine) == []


def test_a_token_replayed_after_the_tab_closed_is_refused_and_audited(engine, tab):
    with db.session_scope(engine) as session:
        sessions.socket_disconnected(session, "tab-1", NOW + timedelta(seconds=10))
    assert _connect(engine, NOW + timedelta(seconds=10 + GRACE + 1)) == 1
    assert not _signed_in(engine, tab, NOW + timedelta(seconds=10 + GRACE + 2))
    assert _refusals(engine) == [("refused", "203.0.113.99", "disconnected")]
    with Session(engine) as session:
        assert session.exec(select(UserSession.end_reason)).one() == "disconnected"


def test_the_token_from_another_browser_is_refused(engine, tab):
    assert _connect(engine, NOW + timedelta(seconds=5), agent=CURL) == 1
    assert _refusals(engine) == [("refused", "203.0.113.99", "agent")]
    assert not _signed_in(engine, tab, NOW + timedelta(seconds=6))


def test_an_event_from_another_browser_ends_the_session(engine, tab):
    assert not _signed_in(engine, tab, NOW + timedelta(seconds=5), agent=CURL)
    assert not _signed_in(engine, tab, NOW + timedelta(seconds=6))  # over, for the real tab too


@pytest.fixture
def staff_tab(engine) -> str:
    """An employee's session in the tab "tab-1" opened in Firefox; returns its session key."""
    scene = build(engine)
    with db.session_scope(engine) as session:
        employee = session.get(StaffUser, scene.staff["desk"].staff_id)
        return staff.start_session(session, employee, "tab-1", NOW, 3600, "192.0.2.5", FIREFOX)


def _staff_signed_in(engine, key, at, agent=FIREFOX) -> bool:
    with db.session_scope(engine) as session:
        return staff.check_session(session, key, "tab-1", at, 300, agent=agent) is not None


def test_a_staff_session_survives_a_reload_within_the_grace_time(engine, staff_tab):
    with db.session_scope(engine) as session:
        sessions.socket_disconnected(session, "tab-1", NOW + timedelta(seconds=10))
    assert _connect(engine, NOW + timedelta(seconds=12)) == 0
    assert _staff_signed_in(engine, staff_tab, NOW + timedelta(seconds=13))


def test_a_staff_token_replayed_after_the_tab_closed_is_refused_and_audited(engine, staff_tab):
    with db.session_scope(engine) as session:
        sessions.socket_disconnected(session, "tab-1", NOW + timedelta(seconds=10))
    assert _connect(engine, NOW + timedelta(seconds=10 + GRACE + 1)) == 1
    assert not _staff_signed_in(engine, staff_tab, NOW + timedelta(seconds=10 + GRACE + 2))
    assert _refusals(engine, "staff_session_reuse") == [("refused", "203.0.113.99", "disconnected")]
    with Session(engine) as session:
        assert session.exec(select(StaffSession.end_reason)).one() == "disconnected"


def test_a_staff_token_from_another_browser_is_refused(engine, staff_tab):
    assert _connect(engine, NOW + timedelta(seconds=5), agent=CURL) == 1
    assert _refusals(engine, "staff_session_reuse") == [("refused", "203.0.113.99", "agent")]
    assert not _staff_signed_in(engine, staff_tab, NOW + timedelta(seconds=6))


def test_a_staff_event_from_another_browser_ends_the_session(engine, staff_tab):
    assert not _staff_signed_in(engine, staff_tab, NOW + timedelta(seconds=5), agent=CURL)
    assert not _staff_signed_in(engine, staff_tab, NOW + timedelta(seconds=6))  # over, for the real tab too
    with Session(engine) as session:
        assert session.exec(select(StaffSession.end_reason)).one() == "agent"
