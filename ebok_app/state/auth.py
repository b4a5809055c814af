"""The signed-in session of a browser tab (every protected event re-reads it: state/boundary.py).

The session key (the SHA-256 of the session's token, never the token: accounts/sessions.py) lives in a
backend-only var (never sent to the browser); every check re-reads the session record, which is bound to
this tab's Reflex client token and browser. The display vars (name, company,
whether to show the administrator's menu) decide nothing: each handler checks on the server again.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, TypeVar

import reflex as rx

from ebok_app import downloads, routes
from ebok_app.accounts import sessions
from ebok_app.accounts.sessions import SignedIn
from ebok_app.content import current_terms
from ebok_app.models import Role, User
from ebok_app.security import audit
from ebok_app.security.rights import Right, role_has
from ebok_app.settings import get_settings
from ebok_app.state.transactions import transaction

T = TypeVar("T")
LOGOUT_REASONS_PL = {
    "bezczynnosc": "Wylogowano Cię z powodu braku aktywności. Zaloguj się ponownie.",
    "wylogowano": "Wylogowano. Do zobaczenia!",
    "sesja": "Twoja sesja wygasła albo została zakończona. Zaloguj się ponownie.",
}


def now() -> datetime:
    return datetime.now(UTC)


def in_thread(fn: Callable[..., T]) -> Callable[..., Coroutine[Any, Any, T]]:
    """An event handler whose blocking body (the session's database work) runs in a worker thread."""

    @functools.wraps(fn)
    async def handler(self: rx.State, *args: Any, **kwargs: Any) -> T:
        return await asyncio.to_thread(fn, self, *args, **kwargs)

    return handler


class AuthState(rx.State):
    _session_key: str = ""
    _page: str = ""
    _terms_version: str = ""  # the terms this session's user is known to have accepted

    user_name: str = ""
    company_name: str = ""
    millekod: str = ""
    show_admin_menu: bool = False  # display only
    can_export: bool = False  # display only (the boundary checks the right of every export)

    def _client_ip(self) -> str | None:
        ip = self.router.session.client_ip
        return ip[:45] if ip else None

    def _signed_in(self, touch: bool = True) -> SignedIn | None:
        """The user of this tab's session, re-checked in the database; None when there is none."""
        if not self._session_key:
            return None
        with transaction() as session:
            info = sessions.check(
                session,
                self._session_key,
                self.router.session.client_token,
                now(),
                get_settings().idle_timeout_s,
                touch=touch,
                agent=self.router.headers.user_agent,
            )
        if info is None:
            self._forget()
        return info

    def _start_session(self, user: User, agent: str | None) -> None:
        """Called by the log-in once every element was right: a fresh key for a fresh session."""
        with transaction() as session:
            self._session_key = sessions.start(
                session,
                user,
                self.router.session.client_token,
                now(),
                get_settings().session_max_s,
                self._client_ip(),
                agent,
            )

    def _forget(self) -> None:
        self._session_key = self._terms_version = ""
        self.user_name = self.company_name = self.millekod = ""
        self.show_admin_menu = self.can_export = False

    def _show(self, info: SignedIn) -> None:
        self.user_name = info.full_name
        self.company_name = info.company_name
        self.millekod = info.millekod
        self.show_admin_menu = info.role == Role.ADMIN
        self.can_export = role_has(info.role, Right.EXPORT)

    @rx.event
    @in_thread
    def require_login(self):
        """on_load of every protected page."""
        self._page = self.router.url.path  # the page the tab shows now (its watchers follow only it)
        had_session = bool(self._session_key)
        info = self._signed_in()
        if info is None:
            return rx.redirect(routes.login("sesja") if had_session else routes.login())
        self._show(info)
        if self._terms_version != current_terms().version:  # asked once per session, then remembered
            with transaction() as session:
                accepted = session.get(User, info.user_id).terms_version
            if accepted != current_terms().version:
                return rx.redirect(routes.TERMS_ACCEPT)
            self._terms_version = accepted
        return None

    @rx.event
    @in_thread
    def keep_alive(self):
        """The idle warning's "stay signed in" (and the activity ping of the idle timer)."""
        if self._signed_in() is None:
            return rx.redirect(routes.login("sesja"))
        return None

    @rx.event
    @in_thread
    def logout(self):
        self._end("logout")
        return rx.redirect(routes.login("wylogowano"))

    @rx.event
    @in_thread
    def logout_idle(self):
        self._end("idle")
        return rx.redirect(routes.login("bezczynnosc"))

    @rx.event
    @in_thread
    def logout_everywhere(self):
        info = self._signed_in(touch=False)
        if info is not None:
            with transaction() as session:
                ended = sessions.end_all(session, info.user_id, now(), "logout_all")
                audit.record(
                    session,
                    "logout_everywhere",
                    "ok",
                    info.actor,
                    company_id=info.company_id,
                    user_id=info.user_id,
                    ip=self._client_ip(),
                    sessions=ended,
                )
        self._forget()
        return rx.redirect(routes.login("wylogowano"))

    def _end(self, reason: str) -> None:
        info = self._signed_in(touch=False)
        with transaction() as session:
            sessions.end_by_key(session, self._session_key, now(), reason)
            if info is not None:
                audit.record(
                    session,
                    "logout",
                    reason,
                    info.actor,
                    company_id=info.company_id,
                    user_id=info.user_id,
                    ip=self._client_ip(),
                )
        self._forget()


def download(session_id: int, kind: str, **params: object) -> rx.event.EventSpec:
    """Send the tab to the HTTP download of `kind` (see ebok_app.downloads) for the open session
    `session_id`: the file never travels over the socket."""
    path = downloads.url(
        get_settings().password_pepper, base="", kind=kind, session_id=session_id, params=params, now=now()
    )
    api_url = rx.config.get_config().api_url
    return rx.call_script(f"window.ebok.download({json.dumps(api_url)}, {json.dumps(path)})")


def to_login() -> rx.event.EventSpec:
    return rx.redirect(routes.login("sesja"))


def as_id(value: object) -> int | None:
    """A record id (1..2^63-1) from a form field or a path (anything else, e.g. a forged string, is None)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 2**63 - 1:
        return value
    return None
