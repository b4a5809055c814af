"""No session token at rest: after a log-in the tab's state, serialized as Reflex writes it to `.states/`
or Redis, holds only the token's hash (the session key), and the session table only the key's hash, so a
copy of either does not give the other."""

from __future__ import annotations

import secrets

import pytest
from sqlmodel import Session, select

import ebok_app.ebok_app  # noqa: F401  (registers every page, and with them every state)
from ebok_app import db
from ebok_app.accounts import sessions
from ebok_app.models import StaffSession, UserSession
from tests.state_tabs import Tab
from tests.test_boundary import scene  # noqa: F401  (the fixture)


@pytest.fixture
def raw_tokens(monkeypatch) -> list[str]:
    """Every random token the sessions draw (what a session's raw token is)."""
    drawn: list[str] = []
    draw = secrets.token_urlsafe

    def token_urlsafe(n: int) -> str:
        drawn.append(draw(n))
        return drawn[-1]

    monkeypatch.setattr(sessions.secrets, "token_urlsafe", token_urlsafe)
    return drawn


def _serialized_tree(tab: Tab) -> bytes:
    """Every state of the tab's tree pickled as Reflex's state managers write them."""
    states, written = [tab.root], b""
    while states:
        state = states.pop()
        written += state._serialize()
        states.extend(state.substates.values())
    return written


def _stored(model: type) -> list[str]:
    """Every value of every session row, as text."""
    with Session(db.get_engine()) as session:
        rows = session.exec(select(model)).all()
    return [str(value) for row in rows for value in row.model_dump().values()]


@pytest.mark.parametrize("kind", ["client", "staff"])
def test_no_session_token_in_the_tab_state_nor_in_the_database(scene, raw_tokens, kind):  # noqa: F811
    tab = Tab().sign_in("aview") if kind == "client" else Tab().sign_in_staff("desk")
    [raw] = raw_tokens
    key = sessions.token_hash(raw)
    written, stored = _serialized_tree(tab), _stored(UserSession if kind == "client" else StaffSession)
    assert raw.encode() not in written and key.encode() in written  # the state keeps the key only
    assert not any(raw in value or key in value for value in stored)  # the table neither
    assert sessions.token_hash(key) in stored  # it keeps the key's hash, which the lookup goes by
