"""Signed-in sessions (a client's or an employee's) follow the tab's socket: when the tab's last socket has
been gone longer than `EBOK_DISCONNECT_GRACE_S`, or a socket comes from another browser, a connection with
that tab's client token no longer finds a session (accounts/sessions.py: socket_connected /
socket_disconnected).

Reflex 0.10 has no hook for a socket's connect and disconnect, so its event namespace's two handlers are
wrapped here, once, at start-up; the database work runs off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import urllib.parse
from datetime import UTC, datetime
from typing import Any

from reflex.app import EventNamespace

from ebok_app import db
from ebok_app.accounts import sessions
from ebok_app.deployment import forwarded_value
from ebok_app.settings import get_settings

log = logging.getLogger(__name__)
_pending: set[asyncio.Task] = set()


def _connected(client_token: str, agent: str | None, ip: str | None) -> None:
    with db.session_scope() as session:
        grace = get_settings().disconnect_grace_s
        sessions.socket_connected(session, client_token, datetime.now(UTC), grace, agent, ip)


def _disconnected(client_token: str) -> None:
    with db.session_scope() as session:
        sessions.socket_disconnected(session, client_token, datetime.now(UTC))


def _client_ip(environ: dict, hops: int) -> str | None:
    forwarded = forwarded_value(environ.get("HTTP_X_FORWARDED_FOR", ""), hops)
    client = environ.get("asgi.scope", {}).get("client") or ("",)
    return (forwarded or client[0] or "")[:45] or None


def watch_sockets(trusted_proxy_hops: int) -> None:
    """Wrap Reflex's socket connect and disconnect (idempotent)."""
    if getattr(EventNamespace, "_ebok_watched", False):
        return
    connect, disconnect = EventNamespace.on_connect, EventNamespace.on_disconnect

    async def on_connect(self: EventNamespace, sid: str, environ: dict, auth: Any = None):
        token = urllib.parse.parse_qs(environ.get("QUERY_STRING", "")).get("token", [""])[0]
        if token:
            agent = environ.get("HTTP_USER_AGENT", "")
            await asyncio.to_thread(_connected, token, agent, _client_ip(environ, trusted_proxy_hops))
        return await connect(self, sid, environ, auth)

    def on_disconnect(self: EventNamespace, sid: str):
        token = self.sid_to_token.get(sid)
        if token:
            task = asyncio.create_task(asyncio.to_thread(_disconnected, token))
            _pending.add(task)
            task.add_done_callback(_finished)
        return disconnect(self, sid)

    EventNamespace.on_connect, EventNamespace.on_disconnect = on_connect, on_disconnect
    EventNamespace._ebok_watched = True  # type: ignore[attr-defined]


def _finished(task: asyncio.Task) -> None:
    _pending.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("recording a socket's end failed", exc_info=task.exception())
