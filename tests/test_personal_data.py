"""Data about me: the export holds the user's own data and nothing of another user, no hash, secret or
code; it leaves over the HTTP download (JSON, or CSV files in a zip) and is audited."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from ebok_app import api, db, downloads
from ebok_app.accounts import sessions
from ebok_app.calendar_feed import tokens
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import AuditEntry, ContactMessage, SmsMessage, User
from ebok_app.security import audit
from ebok_app.settings import get_settings


def _traces(session, user: User, n: int, now: datetime) -> dict[str, str]:
    """A session, an audit entry, a message, a code SMS and a notice SMS of `user`; what to look for."""
    token = sessions.start(session, user, f"tab-{n}", now, 3600, f"10.0.0.{n}", f"agent-{n}")
    audit.record(
        session, f"test_action_{n}", "ok", f"x/{user.login}", user_id=user.id, company_id=user.company_id
    )
    session.add(
        ContactMessage(
            company_id=user.company_id,
            user_id=user.id,
            topic=f"Temat {n}",
            body=f"Treść wiadomości {n}",
            created_at=now,
        )
    )
    code = f"98765{n}"
    for purpose, body in (("login_code", f"Kod logowania: {code}"), ("new_invoice", f"Nowa faktura {n}")):
        session.add(
            SmsMessage(
                company_id=user.company_id,
                user_id=user.id,
                phone=user.phone,
                purpose=purpose,
                body=body,
                idempotency_key=f"{purpose}-{n}",
                created_at=now,
            )
        )
    feed = tokens.issue(session, user_id=user.id, company_id=user.company_id, now=now)
    return {
        "login": user.login,
        "ip": f"10.0.0.{n}",
        "action": f"test_action_{n}",
        "message": f"Treść wiadomości {n}",
        "sms": f"Nowa faktura {n}",
        "code": code,
        "session_token": token,
        "session_hash": sessions.token_hash(token),
        "feed_token": feed,
        "feed_hash": sessions.token_hash(feed),
        "password_hash": user.password_hash,
        "totp": user.totp_secret or "",
    }


@pytest.fixture
def scene(cli_env, today):
    db.upgrade(cli_env)
    insert_demo(db.get_engine(), generate(5, today, fleet_contracts=2), get_settings().password_pepper)
    now = datetime.now(UTC)
    with db.session_scope() as session:
        users = session.exec(select(User).where(User.active).order_by(User.id)).all()
        me, other = next(  # a colleague from the same company: the closest data there is
            (a, b) for a in users for b in users if a.company_id == b.company_id and a.id < b.id
        )
        mine, theirs = _traces(session, me, 1, now), _traces(session, other, 2, now)
        session.flush()
        info = sessions.check(session, mine["session_token"], "tab-1", now, 300)
    return info, mine, theirs


def _download(info, fmt: str) -> bytes:
    path = downloads.url(
        get_settings().password_pepper,
        base="",
        kind="my_data",
        session_id=info.session_id,
        params={"format": fmt},
        now=datetime.now(UTC),
    )
    with TestClient(api.http_app) as client:
        answer = client.get(path)
    assert answer.status_code == 200
    return answer.content


def _check(text: str, mine: dict, theirs: dict) -> None:
    for key in ("login", "ip", "action", "message", "sms"):
        assert mine[key] in text, key
    for key, value in theirs.items():
        if value and key != "totp":
            assert value not in text, f"another user's {key}"
    for key in ("code", "session_token", "session_hash", "feed_token", "feed_hash", "password_hash"):
        assert mine[key] not in text, f"my {key} must not be exported"
    if mine["totp"]:
        assert mine["totp"] not in text


def test_the_json_export_holds_my_data_and_nothing_of_another_user(scene):
    info, mine, theirs = scene
    body = _download(info, "json")
    data = json.loads(body)
    assert data["profile"][0]["login"] == mine["login"]
    parts = {"sessions", "login_attempts", "audit", "messages", "requests", "sms", "calendar_address"}
    assert parts <= set(data)
    assert any(m["purpose"] == "login_code" and "pominięta" in m["body"] for m in data["sms"])
    _check(body.decode(), mine, theirs)
    with db.session_scope() as session:
        entry = session.exec(select(AuditEntry).where(AuditEntry.action == "personal_data_export")).one()
        assert (entry.user_id, entry.result, entry.details["format"]) == (info.user_id, "ok", "json")


def test_the_csv_export_is_a_zip_of_the_same_parts(scene):
    info, mine, theirs = scene
    with zipfile.ZipFile(io.BytesIO(_download(info, "csv"))) as archive:
        names = set(archive.namelist())
        text = "\n".join(archive.read(name).decode("utf-8-sig") for name in names)
    assert {"profile.csv", "audit.csv", "messages.csv", "sms.csv"} <= names
    _check(text, mine, theirs)


def test_another_format_is_refused(scene):
    info, _, _ = scene
    path = downloads.url(
        get_settings().password_pepper,
        base="",
        kind="my_data",
        session_id=info.session_id,
        params={"format": "xml"},
        now=datetime.now(UTC),
    )
    with TestClient(api.http_app) as client:
        assert client.get(path).status_code == 404
