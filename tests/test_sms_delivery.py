"""Delivering SMS: the HTTP gateway against a local fake provider, retries with back-off, the final
failed state, claims, and delivery right after the queuing transaction commits."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from sqlmodel import Session, select

from ebok_app import db
from ebok_app.models import SmsMessage, SmsStatus
from ebok_app.settings import get_settings
from ebok_app.sms import delivery
from ebok_app.sms.gateways import ConsoleGateway, HttpGateway, OutgoingSms
from ebok_app.sms.outbox import send_sms

ACCEPTED = (200, {"count": 1, "list": [{"id": "1", "points": 0.16, "status": "QUEUE"}]})
UNAVAILABLE = (503, {"message": "maintenance"})


class FakeProvider:
    """An SMSAPI-like endpoint answering from a script (the last answer repeats); records every request."""

    def __init__(self) -> None:
        self.answers: list[tuple[int, dict]] = [ACCEPTED]
        self.requests: list[dict] = []
        self.release = threading.Event()  # a "hanging" answer waits for this
        self.hang = False
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                provider.requests.append({"form": form, "auth": self.headers.get("Authorization")})
                if provider.hang:
                    provider.release.wait(timeout=30)
                status, body = provider.answers.pop(0) if len(provider.answers) > 1 else provider.answers[0]
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms.do"


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.release.set()
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def http_settings(provider, migrated_sqlite_url, monkeypatch):
    """The app configured for the fake provider, on a fresh SQLite database."""
    for name, value in {
        "DATABASE_URL": migrated_sqlite_url,
        "EBOK_SMS_GATEWAY": "http",
        "EBOK_SMS_HTTP_URL": provider.url,
        "EBOK_SMS_HTTP_TOKEN": "test-token-123",
        "EBOK_SMS_SENDER": "eBOK",
        "EBOK_SMS_MAX_ATTEMPTS": "3",
        "EBOK_SMS_TIMEOUT_S": "1",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    delivery.gateway_for.cache_clear()
    yield get_settings()
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    delivery.gateway_for.cache_clear()


def _queue(key: str = "new_invoice:1:abc", purpose: str = "new_invoice") -> int:
    with db.session_scope() as session:
        message = send_sms(
            session, phone="+48600100200", body="eBOK Leasing: test", purpose=purpose, idempotency_key=key
        )
    return message.id


def _message(message_id: int) -> SmsMessage:
    with Session(db.get_engine()) as session:
        return session.get(SmsMessage, message_id)


def _deliver_due(settings, at: datetime) -> delivery.DeliveryReport:
    return delivery.deliver_due(
        db.get_engine(),
        delivery.gateway_for(settings.sms),
        now=at,
        max_attempts=settings.sms.max_attempts,
        code_max_age=timedelta(seconds=settings.sms_code_ttl_s),
    )


def test_a_message_goes_out_right_after_the_commit(http_settings, provider):
    message_id = _queue()
    sent = _message(message_id)
    assert sent.status == SmsStatus.SENT and sent.attempts == 1 and sent.sent_at is not None
    (request,) = provider.requests
    assert request["auth"] == "Bearer test-token-123"
    assert request["form"]["to"] == "48600100200" and request["form"]["message"] == "eBOK Leasing: test"
    assert request["form"]["from"] == "eBOK" and request["form"]["idx"] == "new_invoice:1:abc"


def test_nothing_goes_out_when_the_transaction_rolls_back(http_settings, provider):
    with pytest.raises(RuntimeError), db.session_scope() as session:
        send_sms(session, phone="+48600100200", body="x", purpose="new_invoice", idempotency_key="k")
        raise RuntimeError("the operation failed after queuing")
    with Session(db.get_engine()) as session:
        assert session.exec(select(SmsMessage)).all() == []
    assert provider.requests == []


def test_failed_calls_are_retried_with_back_off_until_the_provider_takes_the_message(http_settings, provider):
    provider.answers = [UNAVAILABLE, UNAVAILABLE, ACCEPTED]
    message_id = _queue()
    first = _message(message_id)
    assert first.status == SmsStatus.QUEUED and first.attempts == 1 and first.last_error == "HTTP 503"
    retry_at = first.next_attempt_at.replace(tzinfo=UTC)
    assert _deliver_due(http_settings, retry_at - timedelta(seconds=1)).sent == 0  # not due yet
    assert len(provider.requests) == 1
    report = _deliver_due(http_settings, retry_at)
    assert report.retrying == 1 and _message(message_id).attempts == 2
    third_at = _message(message_id).next_attempt_at.replace(tzinfo=UTC)
    assert third_at - retry_at == delivery.backoff(2)
    assert _deliver_due(http_settings, third_at).sent == 1
    done = _message(message_id)
    assert done.status == SmsStatus.SENT and done.attempts == 3
    assert {r["form"]["idx"] for r in provider.requests} == {"new_invoice:1:abc"} and len(
        provider.requests
    ) == 3


def test_the_message_fails_for_good_after_the_last_attempt_and_is_not_tried_again(http_settings, provider):
    provider.answers = [UNAVAILABLE]
    message_id = _queue()
    at = datetime.now(UTC)
    for _ in range(5):
        at += timedelta(hours=1)
        _deliver_due(http_settings, at)
    failed = _message(message_id)
    assert failed.status == SmsStatus.FAILED and failed.attempts == 3 and failed.next_attempt_at is None
    assert len(provider.requests) == 3


def test_a_refusal_by_the_provider_is_final_at_once(http_settings, provider):
    provider.answers = [(200, {"error": 13, "message": "No correct phone numbers"})]
    message_id = _queue()
    failed = _message(message_id)
    assert failed.status == SmsStatus.FAILED and failed.attempts == 1
    assert "13" in failed.last_error and "No correct phone numbers" in failed.last_error


def test_a_provider_that_does_not_answer_times_out_and_the_message_waits(http_settings, provider):
    provider.hang = True
    message_id = _queue()
    waiting = _message(message_id)
    assert waiting.status == SmsStatus.QUEUED and waiting.last_error.startswith("timeout")


def test_a_claimed_message_is_not_taken_twice_until_the_claim_lapses(http_settings, provider):
    provider.answers = [UNAVAILABLE]
    message_id = _queue()
    at = _message(message_id).next_attempt_at.replace(tzinfo=UTC)
    engine = db.get_engine()
    assert delivery.claim(engine, message_id, at) is not None
    assert delivery.claim(engine, message_id, at + timedelta(seconds=1)) is None  # another deliverer
    again = delivery.claim(engine, message_id, at + delivery.CLAIM_LEASE)  # the first one died
    assert again is not None and again[1] == 3


def test_an_undelivered_log_in_code_expires_instead_of_arriving_late(http_settings, provider):
    provider.answers = [UNAVAILABLE]
    message_id = _queue("login_code:x", purpose="login_code")
    report = _deliver_due(
        http_settings, datetime.now(UTC) + timedelta(seconds=http_settings.sms_code_ttl_s + 1)
    )
    expired = _message(message_id)
    assert report.expired == 1 and expired.status == SmsStatus.FAILED
    assert expired.last_error == "expired before delivery" and len(provider.requests) == 1


def test_the_console_gateway_prints_the_message():
    stream = io.StringIO()
    ConsoleGateway(stream).deliver(OutgoingSms("k", "+48600100200", "eBOK: hello"))
    assert stream.getvalue() == "SMS to +48600100200: eBOK: hello\n"


def test_a_connection_refused_is_a_temporary_failure():
    gateway = HttpGateway("http://127.0.0.1:9/sms.do", "t", "eBOK", timeout_s=1)
    with pytest.raises(delivery.DeliveryError) as failure:
        gateway.deliver(OutgoingSms("k", "+48600100200", "x"))
    assert not failure.value.permanent and failure.value.reason.startswith("connection")


def test_a_secret_reaches_the_phone_and_leaves_the_database(http_settings, provider):
    with db.session_scope() as session:
        message = send_sms(
            session,
            phone="+48600100200",
            body="eBOK: kod logowania 424242, ważny 5 min.",
            purpose="login_code",
            idempotency_key="login_code:x",
            secret="424242",
        )
    (request,) = provider.requests
    assert request["form"]["message"] == "eBOK: kod logowania 424242, ważny 5 min."
    stored = _message(message.id)
    assert stored.status == SmsStatus.SENT and stored.secret is None
    assert "424242" not in stored.body and delivery.SECRET_MARK in stored.body
