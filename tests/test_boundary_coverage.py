"""Every event handler of a protected page goes through the boundary (state/boundary.py): a handler a
browser can fire without it would skip the session, the rights and the argument checks."""

from __future__ import annotations

import reflex as rx

import ebok_app.ebok_app  # noqa: F401  (registers every page, and with them every state)
from ebok_app.security.rights import Right
from ebok_app.state.auth import AuthState
from ebok_app.state.demo_inbox import DemoInboxState
from ebok_app.state.demo_token import DemoTokenState
from ebok_app.state.freshness import PortfolioView
from ebok_app.state.login import LoginState
from ebok_app.state.staff_auth import StaffAuthState

# the only handlers that run without a signed-in session: they start, check or end one themselves
PUBLIC = {
    AuthState: {"require_login", "keep_alive", "logout", "logout_idle", "logout_everywhere", "set_locale"},
    StaffAuthState: {
        "open_login_page",
        "submit_login",
        "require_staff",
        "keep_alive",
        "logout",
        "logout_idle",
    },
    LoginState: set(LoginState.event_handlers) - {"setvar"},
    DemoInboxState: {"load"},  # off outside demo mode
    DemoTokenState: {"load", "respond"},  # the demo reader token, off outside demo mode
}


def app_states() -> list[type[rx.State]]:
    found, todo = [], [rx.State]
    while todo:
        cls = todo.pop()
        todo.extend(cls.get_substates())
        if cls.__module__.startswith("ebok_app."):
            found.append(cls)
    return found


def test_every_handler_of_a_protected_page_declares_its_right():
    states = app_states()
    assert {AuthState, StaffAuthState, LoginState} <= set(states) and len(states) > 15
    unguarded = []
    for state in states:
        for name, handler in state.event_handlers.items():
            if name == "setvar" or name in PUBLIC.get(state, set()):
                continue  # setvar reaches only explicit setters, and state_auto_setters is off
            if name == "watch" and issubclass(state, PortfolioView):
                continue  # a background redraw: its `_refresh` re-reads the session (freshness.py)
            if not isinstance(getattr(handler.fn, "ebok_right", None), Right):
                unguarded.append(f"{state.__name__}.{name}")
    assert unguarded == []


def test_the_public_handlers_exist():
    for state, names in PUBLIC.items():
        assert names <= set(state.event_handlers), state.__name__


def test_session_helpers_are_not_event_handlers():
    """A public method of a state is an event handler any tab can fire: a forged `start_session` with a
    made-up user would have opened a session for that user."""
    for name in ("start_session", "signed_in", "client_ip"):
        assert name not in AuthState.event_handlers
    assert "signed_in_staff" not in StaffAuthState.event_handlers
