"""Files as HTTP downloads: a signed, short-lived ticket names the session, the kind of file and its
parameters; the HTTP route re-checks that session and asks the kind's producer for the file.

Why tickets: socket events carry no files (a 14 MB export as one frame stalls the worker and the tab), and
the browser's HTTP request carries no credential of ours (the session token never leaves the server).
So an event handler of a signed-in tab, after its own checks, asks for a ticket and sends the tab to
`/pobierz/<ticket>`. The ticket is an HMAC (key derived from the pepper) over its JSON payload; it
lives `TICKET_TTL_S` seconds, so a URL copied out of a proxy log is of no use later. The route checks that
the session it names is still open (not ended, not idle, account active), then the producer checks the
company scope exactly as the page does: another company's id is refused like a missing one. Every
download, refused or not, is audited under the producer's action name.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from urllib.parse import quote

from sqlmodel import Session

from ebok_app.accounts import sessions, staff
from ebok_app.accounts.sessions import SignedIn
from ebok_app.accounts.staff import Staff
from ebok_app.security import audit

TICKET_TTL_S = 60
ROUTE_PREFIX = "/pobierz"
Audience = Literal["client", "staff"]


@dataclass(frozen=True)
class Download:
    """A file ready to be sent: `body` is bytes or an iterator of byte chunks (streamed as produced)."""

    filename: str
    media_type: str
    body: bytes | Iterable[bytes]
    audit_details: dict[str, object] = field(default_factory=dict)

    def chunks(self) -> Iterator[bytes]:
        if isinstance(self.body, bytes):
            yield self.body
        else:
            yield from self.body

    def content_disposition(self) -> str:
        """RFC 6266: an ASCII fallback and the real (Polish) name as UTF-8."""
        fallback = self.filename.encode("ascii", "replace").decode().replace('"', "_").replace("?", "_")
        return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(self.filename)}"


Requester = SignedIn | Staff
Producer = Callable[[Session, Requester, dict], Download | None]


@dataclass(frozen=True)
class Kind:
    name: str
    audience: Audience
    action: str  # the audit entry's action
    produce: Producer


_KINDS: dict[str, Kind] = {}


def register(name: str, audience: Audience, action: str) -> Callable[[Producer], Producer]:
    """Declare a kind of download; the decorated producer returns the file or None (missing, or not
    this requester's: both look the same)."""

    def add(produce: Producer) -> Producer:
        if name in _KINDS:
            raise ValueError(f"download kind {name!r} registered twice")
        _KINDS[name] = Kind(name, audience, action, produce)
        return produce

    return add


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _key(pepper: bytes) -> bytes:
    return hmac.new(pepper, b"ebok download ticket v1", hashlib.sha256).digest()


def ticket(pepper: bytes, *, kind: str, session_id: int, params: dict, now: datetime) -> str:
    """A ticket for `kind` with `params` (JSON-able) on behalf of the open session `session_id`."""
    payload = json.dumps(
        {"k": kind, "s": session_id, "p": params, "e": int(now.timestamp()) + TICKET_TTL_S},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    body = _b64(payload)
    return f"{body}.{_b64(hmac.new(_key(pepper), body.encode(), hashlib.sha256).digest())}"


def url(pepper: bytes, *, base: str, kind: str, session_id: int, params: dict, now: datetime) -> str:
    """The address the tab is sent to: `base` is the backend's public address (empty: same origin)."""
    token = ticket(pepper, kind=kind, session_id=session_id, params=params, now=now)
    return f"{base.rstrip('/')}{ROUTE_PREFIX}/{token}"


@dataclass(frozen=True)
class Claim:
    kind: Kind
    session_id: int
    params: dict


def read_ticket(pepper: bytes, token: str, now: datetime) -> Claim | None:
    """The claim of a genuine, unexpired ticket; None for anything else (forged, altered, late)."""
    body, _, signature = token.partition(".")
    if not body or len(token) > 4096:
        return None
    expected = _b64(hmac.new(_key(pepper), body.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        return None
    try:
        payload = json.loads(_unb64(body))
    except ValueError:
        return None
    kind = _KINDS.get(payload.get("k"))
    if kind is None or not isinstance(payload.get("s"), int) or not isinstance(payload.get("p"), dict):
        return None
    if now.timestamp() > payload.get("e", 0):
        return None
    return Claim(kind, payload["s"], payload["p"])


def _requester(db: Session, claim: Claim, now: datetime, idle_s: int) -> Requester | None:
    if claim.kind.audience == "staff":
        return staff.session_by_id(db, claim.session_id, now, idle_s)
    return sessions.by_id(db, claim.session_id, now, idle_s)


def _audit(db: Session, claim: Claim, who: Requester, result: str, ip: str | None, details: dict) -> None:
    if isinstance(who, Staff):
        audit.record(db, claim.kind.action, result, who.label, ip=ip, **details)
    else:
        audit.record(
            db,
            claim.kind.action,
            result,
            who.actor,
            company_id=who.company_id,
            user_id=who.user_id,
            ip=ip,
            **details,
        )


class Refused(Exception):
    """The ticket or its session is no good (401), or the file is missing or not the requester's (404)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def serve(db: Session, *, pepper: bytes, token: str, now: datetime, idle_s: int, ip: str | None) -> Download:
    """The file a ticket names, with its audit entry added to `db` (the caller commits); Refused
    otherwise. The producer runs here, in the caller's thread: never call this on an event loop."""
    claim = read_ticket(pepper, token, now)
    if claim is None:
        raise Refused(401)
    who = _requester(db, claim, now, idle_s)
    if who is None:
        raise Refused(401)
    found = claim.kind.produce(db, who, claim.params)
    if found is None:
        _audit(db, claim, who, "denied", ip, claim.params)
        raise Refused(404)
    _audit(db, claim, who, "ok", ip, {**claim.params, **found.audit_details})
    return found
