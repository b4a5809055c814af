"""The one way into the server for every event handler of a protected page.

A browser (or anyone holding a tab's token) can fire any public handler with any arguments, so each one
is declared with `@protected(Right.X)`, which before the handler's body runs:
1. re-reads the session of the tab (the client's AuthState, or StaffAuthState for a staff right) off the
   event loop; none: the tab goes to its log-in page (a page's `load` leaves that to `require_login`);
2. checks the arguments against the handler's annotations: `RecordId` is an id in 1..2^63-1 (a number
   or a string of digits), `int` a number in 0..2^63-1, `str` at most MAX_TEXT characters of valid
   Unicode (no lone surrogates), `bool` a bool, `dict` a form of at most MAX_FIELDS such plain values;
   anything else, a missing or an extra argument is refused;
3. checks the declared right in the rights table (security/rights.py);
4. runs the body with the signed-in user (`SignedIn` or `Staff`) as its second argument: a plain `def`
   body (database, frames, files) runs in a worker thread, so a slow call never stalls the other tabs of
   the worker; an `async def` body runs on the loop and must move its blocking work off it (`off_loop`).
A refusal is audited (who, which event, why, IP) and answered with one generic Polish message, never a
stack trace. A state may define `_refused(right)` to show the refusal of its page load on the page.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, get_args, get_origin, get_type_hints

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.accounts.staff import Staff
from ebok_app.security import audit
from ebok_app.security.rights import Right, role_has, staff_has
from ebok_app.state.auth import AuthState, as_id, to_login
from ebok_app.state.staff_auth import StaffAuthState, staff_ip, to_staff_login
from ebok_app.state.transactions import transaction

log = logging.getLogger(__name__)
T = TypeVar("T")

REFUSED_PL = "Nie można wykonać tej operacji. Odśwież stronę i spróbuj ponownie."
MAX_TEXT = 10_000  # characters of one string argument or form field (the longest form field: 4 000)
MAX_FIELDS = 100  # fields of one form
MAX_ID = 2**63 - 1  # the largest BIGINT

RecordId = Annotated[int, "record id"]  # an argument naming a database record: 1..MAX_ID


class Refused(ValueError):
    """An argument the boundary does not let through."""


def _integer(value: object, low: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= MAX_ID:
        raise Refused(f"not an integer in {low}..2^63-1")
    return value


def _record_id(value: object) -> int:
    """An id as a number or as a string of digits (a row's id may reach a page as text)."""
    found = as_id(value)
    if found is None:
        raise Refused("not a record id in 1..2^63-1")
    return found


def text(value: object) -> str:
    """A string argument or form field: bounded in length, valid Unicode (encodable as UTF-8)."""
    if not isinstance(value, str):
        raise Refused(f"{type(value).__name__} instead of text")
    if len(value) > MAX_TEXT:
        raise Refused(f"text of {len(value)} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused("invalid Unicode (a lone surrogate)") from None
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise Refused(f"{type(value).__name__} instead of true/false")
    return value


def _form(value: object) -> dict:
    """A submitted form: text keys, scalar values (text, true/false, integers)."""
    if not isinstance(value, dict) or len(value) > MAX_FIELDS:
        raise Refused("not a form")
    form = {}
    for key, field in value.items():
        if len(text(key)) > 100:
            raise Refused("form field name too long")
        if isinstance(field, int | bool):
            form[key] = field if isinstance(field, bool) else _integer(field, -MAX_ID)
        elif field is None:
            form[key] = ""
        else:
            form[key] = text(field)
    return form


def _checker(hint: object) -> Callable[[object], object]:
    """How an argument annotated `hint` is checked; TypeError (at import) for a hint it cannot check."""
    if hint == RecordId:
        return _record_id
    if hint is int:
        return lambda value: _integer(value, 0)
    if hint is str:
        return text
    if hint is bool:
        return _flag
    if hint is dict or get_origin(hint) is dict:
        return _form
    if get_origin(hint) is list and get_args(hint) == (rx.UploadFile,):
        return lambda value: value  # built by Reflex's upload endpoint, not by the socket's payload
    raise TypeError(f"the boundary cannot check an argument of type {hint!r}")


async def signed_in(state: rx.State, staff: bool, touch: bool = True) -> SignedIn | Staff | None:
    """The user (or employee) behind the tab's session, re-read off the event loop; `touch=False` for
    what a page does by itself (a redraw after new data), which is not the user's activity."""
    if staff:
        staff_auth = await state.get_state(StaffAuthState)
        return await asyncio.to_thread(staff_auth._signed_in_staff, touch=touch)
    auth = await state.get_state(AuthState)
    info = await asyncio.to_thread(auth._signed_in, touch=touch)
    if info is not None:
        auth._show(info)
    return info


def holds(who: SignedIn | Staff, right: Right) -> bool:
    if isinstance(who, Staff):
        return staff_has(who.rights, right)
    return role_has(who.role, right)


def _audit_refusal(who: SignedIn | Staff, event: str, reason: str, ip: str | None) -> None:
    with transaction() as session:
        if isinstance(who, Staff):
            audit.record(session, "event_refused", "denied", who.label, ip=ip, event=event, reason=reason)
        else:
            audit.record(
                session,
                "event_refused",
                "denied",
                who.actor,
                company_id=who.company_id,
                user_id=who.user_id,
                ip=ip,
                event=event,
                reason=reason,
            )


async def _refuse(state: rx.State, who: SignedIn | Staff, event: str, reason: str) -> rx.event.EventSpec:
    log.warning("event %s refused: %s", event, reason)
    await asyncio.to_thread(_audit_refusal, who, event, reason, staff_ip(state))
    return rx.toast.error(REFUSED_PL, id="refused", position="top-center", duration=10_000)


async def off_loop(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run blocking work (database, hashing, files, frames) in a worker thread."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def protected(right: Right) -> Callable[[Callable], Callable]:
    """The event handler decorator of every protected page (see the module's docstring)."""

    def decorate(fn: Callable) -> Callable:
        signature = inspect.signature(fn)
        me, _who, *public = signature.parameters.values()
        hints = get_type_hints(fn, include_extras=True)
        checks = {p.name: _checker(hints.get(p.name)) for p in public}
        outside = signature.replace(parameters=[me, *public])
        page_load = fn.__name__ == "load"  # a page's on_load runs after require_login, which redirects
        blocking = not inspect.iscoroutinefunction(fn)

        @functools.wraps(fn)
        async def handler(self: rx.State, *args: Any, **kwargs: Any) -> Any:
            who = await signed_in(self, right.for_staff)
            if who is None:
                if page_load:
                    return None
                return to_staff_login() if right.for_staff else to_login()
            event = f"{type(self).__name__}.{fn.__name__}"
            try:
                given = outside.bind(self, *args, **kwargs).arguments
                values = {name: checks[name](given[name]) for name in checks if name in given}
            except (TypeError, Refused) as exc:
                return await _refuse(self, who, event, f"arguments: {exc}")
            if not holds(who, right):
                answer = await _refuse(self, who, event, f"right {right.value} missing")
                on_refused = getattr(self, "_refused", None)
                return on_refused(right) if on_refused is not None else answer
            if blocking:
                return await asyncio.to_thread(fn, self, who, **values)
            return await fn(self, who, **values)

        handler.__signature__ = outside
        handler.__annotations__ = {
            name: get_args(hint)[0] if get_origin(hint) is Annotated else hint
            for name, hint in hints.items()
            if name in checks
        }
        handler.ebok_right = right
        return rx.event(handler)

    return decorate
