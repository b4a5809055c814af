"""The secret address of a user's calendar: a random token shown once, only its SHA-256 stored.

A new token replaces the old one (the old address stops working at once); revoking deletes it. The feed
answers only while the user is active and still belongs to the company the token was issued in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, delete, select

from ebok_app.accounts.sessions import token_hash
from ebok_app.models import CalendarFeed, Company, User

TOKEN_BYTES = 32  # 256 random bits
MAX_TOKEN_LENGTH = 64
ROUTE_PREFIX = "/kalendarz"


def feed_url(base: str, token: str) -> str:
    """The secret address of a user's calendar feed (`base`: the backend's public address)."""
    return f"{base.rstrip('/')}{ROUTE_PREFIX}/{token}.ics"


@dataclass(frozen=True)
class FeedOwner:
    user_id: int
    company_id: int
    company_name: str
    millekod: str
    login: str


def issue(db: Session, *, user_id: int, company_id: int, now: datetime) -> str:
    """A fresh token for the user's feed (the previous one, if any, stops working)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()
    if feed is None:
        feed = CalendarFeed(user_id=user_id, company_id=company_id, token_hash="", created_at=now)
    feed.token_hash, feed.company_id, feed.created_at, feed.last_used_at = (
        token_hash(token),
        company_id,
        now,
        None,
    )
    db.add(feed)
    return token


def revoke(db: Session, *, user_id: int) -> bool:
    """Turn the user's feed off; True when there was one."""
    return bool(db.exec(delete(CalendarFeed).where(CalendarFeed.user_id == user_id)).rowcount)


def feed_made_at(db: Session, *, user_id: int) -> datetime | None:
    """When the user's current feed address was made (None: there is none)."""
    feed = db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user_id)).first()
    return feed.created_at if feed else None


def resolve(db: Session, *, token: str, now: datetime) -> FeedOwner | None:
    """Whose feed `token` opens, or None (unknown, revoked, or the user disabled or moved)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    row = db.exec(
        select(CalendarFeed, User, Company)
        .join(User, User.id == CalendarFeed.user_id)
        .join(Company, Company.id == CalendarFeed.company_id)
        .where(CalendarFeed.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    feed, user, company = row
    if not user.active or user.company_id != feed.company_id:
        return None
    feed.last_used_at = now
    db.add(feed)
    return FeedOwner(user.id, company.id, company.name, company.millekod, user.login)
