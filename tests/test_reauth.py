"""Profil's changes of how one logs in ask for the current password again: wrong guesses lock the
account like failed log-ins, the answer is the same for every failure, and what does not depend on the
password is told first (so a guess is never half-confirmed)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from ebok_app import accounts, db
from ebok_app.accounts import reauth, sessions
from ebok_app.accounts.profile_changes import MaskingChange, PasswordChange, after_reauth
from ebok_app.models import AuditEntry, User
from ebok_app.settings import get_settings
from tests.helpdesk_scene import NOW, build

PASSWORD = "Sosna42!rower20"
NEW = "Brzoza17#most33"


@pytest.fixture
def signed_in(sqlite_url, monkeypatch):
    """A user of the scene with a password and an open session, the app's engine on this database."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    db.upgrade(sqlite_url)
    scene = build(db.get_engine())
    with db.session_scope() as session:
        user = session.get(User, scene.users["aview"])
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
