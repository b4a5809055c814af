"""A browser tab without the browser: Reflex's own protocol, as `.web/utils/state.js` speaks it.

A Socket.IO connection on `/_event` with the tab's `token` in the query; events go out as `event`
messages `{name, payload, router_data}` named by the full state path; the backend answers with `event`
messages `{delta, events}`. Reflex sends no "done" signal, so every action waits until the accumulated
state (or a front-end event such as a redirect or a download) shows the result it expects.
Used by the load test (bench/load.py) and the fault tests (tests/test_scale_out.py).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import socketio
from sqlalchemy import Engine, func, select
from sqlmodel import Session, col

from ebok_app import routes
from ebok_app.models import SmsMessage
from ebok_app.security.sealing import Keyring, unseal
from ebok_app.settings import derived_key

NAMESPACE = "/_event"  # the socket's path and its Socket.IO namespace
ROOT = "reflex___state____state"
ON_LOAD = f"{ROOT}.reflex___state____on_load_internal_state.on_load_internal"
LOGIN = f"{ROOT}.ebok_app___state___login____login_state"
AUTH = f"{ROOT}.ebok_app___state___auth____auth_state"
CONTRACTS = f"{ROOT}.ebok_app___state___contracts____contracts_state"
INVOICES = f"{ROOT}.ebok_app___state___invoices____invoices_state"
FORECAST = f"{ROOT}.ebok_app___state___forecast____forecast_state"
CODE_RE = re.compile(r"^(\d{6})$")  # the sealed secret of a log-in SMS: its code
DOWNLOAD_RE = re.compile(r"window\.ebok\.download\([^,]*,\s*(\"[^\"]*\")\)")


class ProtocolError(RuntimeError):
    """The app did not answer as a browser tab expects (timeout, disconnect, wrong page)."""


@dataclass
class Tab:
    """One browser tab: a token, a socket, the state it has been sent, the front-end events it got."""

    url: str
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    state: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict] = field(default_factory=list)
    updates: Counter = field(default_factory=Counter)  # deltas received per substate
    sent: int = 0  # events sent over the socket
    timeout_s: float = 30.0
    _sio: socketio.AsyncClient | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _path: str = routes.LOGIN

    async def connect(self, url: str | None = None) -> None:
        """Open the socket (again, possibly to another worker's address) under the same token."""
        if url:
            self.url = url
        self._sio = socketio.AsyncClient(reconnection=False)
        self._sio.on("event", self._on_update, namespace=NAMESPACE)
        self._sio.on("disconnect", self._on_disconnect, namespace=NAMESPACE)
        await asyncio.wait_for(
            self._sio.connect(
                f"{self.url}?token={self.token}",
                socketio_path=NAMESPACE,
                namespaces=[NAMESPACE],
                transports=["websocket"],
                headers={"Origin": self.url},
                wait_timeout=self.timeout_s,
            ),
            self.timeout_s,
        )
        self.state.clear()
        await self.send(f"{ROOT}.hydrate")  # as a tab does on every (re)connection: the whole state
        await self.until(lambda: ROOT in self.state, "the hydration")

    async def close(self) -> None:
        if self._sio is not None:
            await self._sio.disconnect()
            self._sio = None

    @property
    def connected(self) -> bool:
        return self._sio is not None and NAMESPACE in self._sio.namespaces

    async def _on_update(self, update: dict) -> None:
        for substate, values in (update.get("delta") or {}).items():
            self.state.setdefault(substate, {}).update(values)
            self.updates[substate] += 1
        self.events.extend(update.get("events") or [])
        self._changed.set()

    async def _on_disconnect(self, *_args) -> None:
        self._changed.set()

    def var(self, substate: str, name: str) -> Any:
        return self.state.get(substate, {}).get(f"{name}_rx_state_")  # as Reflex names vars in deltas

    async def send(self, handler: str, payload: dict | None = None, query: dict | None = None) -> None:
        if not self.connected:
            raise ProtocolError("the socket is closed")
        search = "?" + "&".join(f"{k}={v}" for k, v in (query or {}).items()) if query else ""
        router_data = {"pathname": self._path, "asPath": self._path + search, "query": query or {}}
        event = {"name": handler, "payload": payload or {}, "router_data": router_data}
        await self._sio.emit("event", event, namespace=NAMESPACE)
        self.sent += 1

    async def until(self, done: Callable[[], bool], what: str) -> None:
        """Wait until `done()` holds for what the app sent (or fail after timeout_s)."""
        deadline = time.monotonic() + self.timeout_s
        while not done():
            if not self.connected:
                raise ProtocolError(f"disconnected while waiting for {what}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no {what} within {self.timeout_s:.0f} s")
            self._changed.clear()
            if done():
                return
            try:
                await asyncio.wait_for(self._changed.wait(), left)
            except TimeoutError:
                continue

    def _event_count(self, name: str) -> int:
        return sum(1 for event in self.events if event.get("name", "").endswith(name))

    async def open(self, path: str, substate: str, query: dict | None = None) -> None:
        """Navigate to `path` as the router does (its on_load chain) and wait until `substate` is updated
        or the tab is sent elsewhere (a redirect)."""
        self._path = path
        seen, since = self.updates[substate], len(self.events)
        await self.send(ON_LOAD, query=query)
        await self.until(lambda: self.updates[substate] > seen or self.redirected(since), f"the page {path}")

    async def open_list(self, path: str, substate: str, query: dict | None = None) -> None:
        """Open a list page expected to list something and wait, as a person does, until it does (a cold
        company's page first says "Przygotowujemy dane…" and lists once its frames are built), unless
        the tab is sent elsewhere."""
        since = len(self.events)
        await self.open(path, substate, query)
        await self.until(
            lambda: bool(self.var(substate, "rows")) or self.redirected(since), f"the rows of {path}"
        )

    def redirected(self, since: int) -> str | None:
        """Where the tab was redirected to after event number `since` (None: nowhere)."""
        for event in self.events[since:]:
            if event.get("name", "").endswith("_redirect"):
                return event.get("payload", {}).get("path", "")
        return None

    async def action(self, handler: str, payload: dict, expect: Callable[[], bool], what: str) -> None:
        await self.send(handler, payload)
        await self.until(expect, what)

    async def download(self, handler: str, payload: dict, what: str) -> int:
        """Ask for a file as a tab does (the handler sends the tab to a signed HTTP download) and fetch it
        as the browser would; returns its size in bytes."""
        since = len(self.events)
        await self.action(handler, payload, lambda: self.download_path(since) is not None, what)
        path = self.download_path(since)
        async with aiohttp.ClientSession() as http:  # noqa: SIM117 (one request, one client)
            async with http.get(f"{self.url}{path}", timeout=aiohttp.ClientTimeout(self.timeout_s)) as reply:
                if reply.status != 200:
                    raise ProtocolError(f"{what}: HTTP {reply.status}")
                size = 0
                async for chunk in reply.content.iter_chunked(1 << 16):
                    size += len(chunk)
        return size

    def download_path(self, since: int) -> str | None:
        """The path of the HTTP download the tab was sent to after event number `since` (None: none)."""
        for event in self.events[since:]:
            code = str(event.get("payload", {}).get("javascript_code", ""))
            match = DOWNLOAD_RE.search(code)
            if event.get("name", "").endswith("_call_script") and match:
                return json.loads(match.group(1))
        return None

    def redirected_to(self, path: str, since: int) -> bool:
        return any(
            event.get("name", "").endswith("_redirect") and event.get("payload", {}).get("path", "") == path
            for event in self.events[since:]
        )


def newest_login_code(engine: Engine, phone: str, after_id: int, pepper: bytes) -> tuple[int, str] | None:
    """The log-in code of the newest SMS to `phone` sent after the message `after_id` (the demo outbox:
    the code is sealed apart from the text, under the key derived from the served app's `pepper`)."""
    with Session(engine) as session:
        message = session.scalars(
            select(SmsMessage)
            .where(SmsMessage.phone == phone, SmsMessage.purpose == "login_code", SmsMessage.id > after_id)
            .order_by(col(SmsMessage.id).desc())
            .limit(1)
        ).first()
        secret = message.secret if message is not None else None
        text = unseal(secret, Keyring(derived_key(pepper))) if secret else ""
    match = CODE_RE.search(text)
    return (message.id, match.group(1)) if match else None


def last_message_id(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.max(SmsMessage.id))) or 0


async def _untimed(_name: str, step: Awaitable) -> None:
    await step


async def _sms_code(tab: Tab, engine: Engine, phone: str, after_id: int, pepper: bytes) -> str:
    """The log-in code sent to `phone` after the message `after_id`: it goes out after step one has
    answered, so the outbox is read again until it is there (or fail after the tab's timeout)."""
    deadline = time.monotonic() + tab.timeout_s
    while (found := await asyncio.to_thread(newest_login_code, engine, phone, after_id, pepper)) is None:
        if time.monotonic() > deadline:
            raise ProtocolError("no SMS code in the outbox")
        await asyncio.sleep(0.2)  # the outbox is polled, as a person glances at the phone
    return found[1]


async def log_in(
    tab: Tab,
    engine: Engine,
    user: dict,
    user_lock: asyncio.Lock,
    timed: Callable[[str, Awaitable], Awaitable] = _untimed,
    *,
    pepper: bytes,
) -> None:
    """The two steps of the log-in page for an SMS user (MilleKod and login; then the one-time code with
    the masked password characters), ending on the Pulpit redirect; `timed` wraps each of its three
    events (the load test times them). `user_lock` keeps two tabs of the same user from reading each
    other's SMS code."""
    await timed("log-in page", tab.open(routes.LOGIN, LOGIN))
    async with user_lock:
        before = await asyncio.to_thread(last_message_id, engine)
        await timed(
            "log-in: identify",
            tab.action(
                f"{LOGIN}.submit_identity",
                {"form": {"millekod": user["millekod"], "login": user["login"]}},
                lambda: tab.var(LOGIN, "step") == "verify" or bool(tab.var(LOGIN, "error")),
                "step two",
            ),
        )
        if tab.var(LOGIN, "step") != "verify":
            raise ProtocolError(f"identify refused: {tab.var(LOGIN, 'error')}")
        code = await _sms_code(tab, engine, user["phone"], before, pepper)
    password = user["password"]
    form = {
        f"p{b['pos']}": password[b["pos"] - 1] if b["pos"] <= len(password) else "x"
        for b in tab.var(LOGIN, "boxes") or []
        if b["enabled"]
    }
    since = len(tab.events)
    await timed(
        "log-in: step two",
        tab.action(
            f"{LOGIN}.submit_verification",
            {"form": {"code": code, **form}},
            lambda: tab.redirected_to(routes.DASHBOARD, since) or bool(tab.var(LOGIN, "error")),
            "the Pulpit",
        ),
    )
    if not tab.redirected_to(routes.DASHBOARD, since):
        raise ProtocolError(f"log-in refused: {tab.var(LOGIN, 'error')}")
    tab._path = routes.DASHBOARD
