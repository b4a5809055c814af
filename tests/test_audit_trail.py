"""The audit trail has what an investigation needs: what an unknown user tried (never a password), the
address of every employee's action (read ones too), server-side session ends, and the real client
address behind trusted proxies."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from starlette.requests import Request

from ebok_app import api, db, helpdesk
from ebok_app.accounts import PermissionDenied, login, sessions
from ebok_app.models import AuditEntry, User
from ebok_app.settings import get_settings, settings_from
from tests.helpdesk_scene import NOW, build

WRONG_PASSWORD = "Zgaduje!Haslo123"


def _entries(engine, action: str) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_failed_log_in_of_an_unknown_user_records_what_was_tried(engine):
    cfg = get_settings().model_copy(update={"password_pepper": bytes(range(32))})
    with db.session_scope(engine) as session:
        challenge = login.begin(session, "12345678", "nikt.taki", "203.0.113.9", NOW, cfg)
    with db.session_scope(engine) as session:
        answers = dict.fromkeys(challenge.positions, "x") if challenge.positions else WRONG_PASSWORD
        login.finish(session, challenge.attempt_token, "123456", answers, "203.0.113.9", NOW, cfg)
    (entry,) = _entries(engine, "login")
    assert (entry.actor, entry.result, entry.ip) == ("12345678/nikt.taki", "failed", "203.0.113.9")
    assert WRONG_PASSWORD not in str(entry.details) and WRONG_PASSWORD not in entry.actor


def test_every_staff_read_has_the_employees_address(engine):
    scene = build(engine)
    employee = dataclasses.replace(scene.staff["desk"], ip="198.51.100.20")
    with db.session_scope(engine) as session:
        helpdesk.search_clients(session, employee, "alfa")
        with pytest.raises(PermissionDenied):  # a consultant without the helpdesk right
            helpdesk.search_clients(
                session, dataclasses.replace(scene.staff["akt"], ip="198.51.100.21"), "alfa"
            )
    assert [(e.result, e.ip) for e in _entries(engine, "client_search")] == [
        ("ok", "198.51.100.20"),
        ("denied", "198.51.100.21"),
    ]


def test_an_idle_end_on_the_server_is_audited(engine):
    scene = build(engine)
    with db.session_scope(engine) as session:
        user = session.get(User, scene.users["aview"])
        token = sessions.start(session, user, "tab-1", NOW, 3600, "192.0.2.5", "Firefox")
    with db.session_scope(engine) as session:
        assert sessions.check(session, token, "tab-1", NOW + timedelta(seconds=301), 300) is None
    (entry,) = _entries(engine, "session_end")
    assert (entry.result, entry.actor, entry.ip) == ("idle", "11111111/aview", "192.0.2.5")


def test_downloads_take_the_client_address_from_trusted_proxies_only(monkeypatch):
    def request(forwarded: str) -> Request:
        headers = [(b"x-forwarded-for", forwarded.encode())]
        return Request({"type": "http", "headers": headers, "client": ("127.0.0.1", 5000)})

    monkeypatch.setattr(api, "get_settings", lambda: settings_from({"EBOK_TRUSTED_PROXY_HOPS": "0"}))
    assert api._client_ip(request("6.6.6.6")) == "127.0.0.1"  # nobody vouches for the header
    monkeypatch.setattr(api, "get_settings", lambda: settings_from({"EBOK_TRUSTED_PROXY_HOPS": "1"}))
    assert api._client_ip(request("6.6.6.6, 203.0.113.7")) == "203.0.113.7"  # the proxy's entry
