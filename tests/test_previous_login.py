"""Profil shows the log-in before the current one: the second newest successful log-in of the user."""

from sqlmodel import Session

from ebok_app.models import AuditEntry
from ebok_app.security import audit
from tests.helpdesk_scene import NOW, build


def _login(session: Session, user_id: int, result: str, minutes: int) -> None:
    session.add(
        AuditEntry(at=NOW.replace(minute=minutes), user_id=user_id, actor="x", action="login", result=result)
    )
    session.flush()


def test_previous_login_is_the_one_before_the_current(engine):
    scene = build(engine)
    user, other = scene.users["aview"], scene.users["aadmin"]
    with Session(engine) as session:
        assert audit.previous_login(session, user) is None  # never signed in
        _login(session, user, "ok", 1)
        assert audit.previous_login(session, user) is None  # the first log-in is the current one
        _login(session, user, "failed", 2)
        _login(session, other, "ok", 3)
        _login(session, user, "ok", 4)
        assert audit.previous_login(session, user).minute == 1  # not the failure, not another user
