"""Profil's changes of how one logs in (masking, the password, a new SMS number) ask for the current
password again: wrong guesses lock the
account like failed log-ins, the answer is the same for every failure, and what does not depend on the
password is told first (so a guess is never half-confirmed)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

import ebok_app.ebok_app  # noqa: F401  (registers every page, and with them every state)
from ebok_app import accounts, db
from ebok_app.accounts import reauth, sessions
from ebok_app.accounts.profile_changes import MaskingChange, PasswordChange, PhoneRequest, after_reauth
from ebok_app.models import AuditEntry, PhoneChange, User
from ebok_app.settings import get_settings
from ebok_app.state.profile import ProfileState
from tests.helpdesk_scene import NOW, build
from tests.state_tabs import Tab
from tests.test_boundary import scene  # noqa: F401  (the fixture)

PASSWORD = "Sosna42!rower20"
NEW = "Brzoza17#most33"


@pytest.fixture
def signed_in(sqlite_url, monkeypatch):
    """A user of the scene with a password and an open session, the app's engine on this database."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db.upgrade(sqlite_url)
    built = build(db.get_engine())
    with db.session_scope() as session:
        user = session.get(User, built.users["aview"])
        assert accounts.set_password(user, PASSWORD, get_settings().password_pepper) == []
        token = sessions.start(session, user, "tab-1", NOW, 3600, None, None)
        session.flush()
        info = sessions.check(session, token, "tab-1", NOW, 300)
    yield info
    get_settings.cache_clear()
    db.get_engine.cache_clear()


def _user(user_id: int) -> User:
    with Session(db.get_engine()) as session:
        return session.get(User, user_id)


def _after_reauth_committed(change, current_password: str) -> list[str]:
    """The change as Profil makes it: in a transaction of its own, committed (failures count)."""
    with db.session_scope() as session:
        return after_reauth(session, change, current_password)


def test_wrong_guesses_lock_the_account_with_one_answer_for_every_failure(signed_in):
    masking_off = MaskingChange(signed_in, "203.0.113.5", enabled=False)
    answers = [_after_reauth_committed(masking_off, f"Zgaduje{i}!Haslo") for i in range(3)]
    assert answers == [[reauth.FAILED_PL]] * 3
    user = _user(signed_in.user_id)
    assert user.locked_at is not None and user.masking_enabled  # locked, nothing changed
    assert _after_reauth_committed(masking_off, PASSWORD) == [reauth.FAILED_PL]  # the right one, but locked
    assert _user(signed_in.user_id).masking_enabled
    with Session(db.get_engine()) as session:
        results = session.exec(select(AuditEntry.action, AuditEntry.result, AuditEntry.ip)).all()
    assert results.count(("masking_toggle", "reauth_failed", "203.0.113.5")) == 4
    assert ("lockout", "ok", "203.0.113.5") in results


def test_the_right_password_makes_the_change(signed_in):
    assert _after_reauth_committed(MaskingChange(signed_in, None, enabled=False), PASSWORD) == []
    assert not _user(signed_in.user_id).masking_enabled
    assert _after_reauth_committed(PasswordChange(signed_in, None, NEW, NEW, ""), PASSWORD) == []
    user = _user(signed_in.user_id)
    assert user.failed_attempts == 0 and accounts.verify_password(NEW, user.password_hash)


def test_the_new_passwords_problems_come_before_the_current_one_is_looked_at(signed_in):
    mismatch = PasswordChange(signed_in, None, NEW, NEW + "x", "")
    assert _after_reauth_committed(mismatch, "Zgaduje!Haslo1") == _after_reauth_committed(mismatch, PASSWORD)
    assert _user(signed_in.user_id).failed_attempts == 0  # no guess was taken


def test_wrong_guesses_at_a_new_numbers_request_lock_the_account_and_ask_for_nothing(signed_in):
    asked = PhoneRequest(signed_in, "203.0.113.5", "601 999 777")
    answers = [_after_reauth_committed(asked, f"Zgaduje{i}!Haslo") for i in range(3)]
    assert answers == [[reauth.FAILED_PL]] * 3
    assert _user(signed_in.user_id).locked_at is not None
    assert _after_reauth_committed(asked, PASSWORD) == [reauth.FAILED_PL]  # the right one, but locked
    with Session(db.get_engine()) as session:
        assert session.exec(select(PhoneChange)).all() == []
        results = session.exec(select(AuditEntry.action, AuditEntry.result)).all()
    assert results.count(("phone_change_request", "reauth_failed")) == 4
    assert ("lockout", "ok") in results


def test_a_bad_number_is_told_before_the_password_is_looked_at(signed_in):
    landline = PhoneRequest(signed_in, None, "58 555 12 34")
    assert _after_reauth_committed(landline, "Zgaduje!Haslo1") == _after_reauth_committed(landline, PASSWORD)
    assert _user(signed_in.user_id).failed_attempts == 0  # no guess was taken


def test_profil_asks_for_a_new_number_only_with_the_current_password(scene):  # noqa: F811
    with db.session_scope() as session:
        user = session.get(User, scene.users["aview"])
        assert accounts.set_password(user, PASSWORD, get_settings().password_pepper) == []
    tab = Tab().sign_in("aview")
    profile = tab.state(ProfileState)
    tab.fire(
        ProfileState, "request_phone_change", {"phone": "601 999 777", "current_password": "Zle!Haslo12"}
    )
    assert profile.phone_error == reauth.FAILED_PL and profile.phone_change == {}
    assert _user(scene.users["aview"]).failed_attempts == 1  # counted like a failed log-in
    tab.fire(ProfileState, "request_phone_change", {"phone": "601 999 777", "current_password": PASSWORD})
    assert profile.phone_error == "" and profile.phone_change["new_phone"].endswith("777")
    with Session(db.get_engine()) as session:
        [change] = session.exec(select(PhoneChange)).all()
        assert (change.user_id, change.new_phone, change.status) == (user.id, "+48601999777", "requested")
        results = session.exec(select(AuditEntry.action, AuditEntry.result)).all()
    assert ("phone_change_request", "reauth_failed") in results and ("phone_change_request", "ok") in results
