"""Browser tabs without a browser: a Reflex state tree with a signed-in session, on which event handlers
are called as a forged socket event would call them (any name, any arguments)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from reflex.istate.data import RouterData
from reflex.state import State
from sqlmodel import Session, select

from ebok_app import db
from ebok_app.accounts import staff as staff_rules
from ebok_app.models import AuditEntry, StaffUser, User
from ebok_app.state.auth import AuthState
from ebok_app.state.staff_auth import StaffAuthState
from tests.asyncio_runner import run

IP = "203.0.113.7"
AGENT = "Mozilla/5.0 (pytest)"


class Tab:
    """One tab: its own client token and IP, signed in as a client user or an employee."""

    def __init__(self) -> None:
        self.root = State(_reflex_internal_init=True)
        self.root.router = RouterData.from_router_data(
            {
                "token": secrets.token_hex(16),
                "ip": IP,
                "pathname": "/",
                "asPath": "/",
                "headers": {"user-agent": AGENT},
            }
        )

    def state(self, cls: type) -> State:
        return self.root.get_substate(cls.get_full_name().split(".")[1:])

    def sign_in(self, login: str) -> Tab:
        with Session(db.get_engine()) as session:
            user = session.exec(select(User).where(User.login == login)).one()
        self.state(AuthState)._start_session(user, AGENT)  # a session is bound to its browser
        return self

    def sign_in_staff(self, login: str) -> Tab:
        auth = self.state(StaffAuthState)
        with db.session_scope() as session:
            employee = session.exec(select(StaffUser).where(StaffUser.login == login)).one()
            auth._staff_key = staff_rules.start_session(
                session, employee, self.root.router.session.client_token, datetime.now(UTC), 3600, IP, AGENT
            )
        return self

    def fire(self, cls: type, handler: str, *args, **kwargs):
        """Call the handler as Reflex does for an event from this tab; returns what it answered."""
        return run(cls.event_handlers[handler].fn(self.state(cls), *args, **kwargs))


def refusals() -> list[AuditEntry]:
    with Session(db.get_engine()) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.action == "event_refused")).all())
