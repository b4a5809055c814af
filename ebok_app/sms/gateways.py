"""SMS gateways: one small interface, three ways out.

- `outbox`: the stored row is the message (the demo SMS inbox shows it); nothing leaves the machine.
- `console`: prints the message on standard output, for a developer's terminal.
- `http`: an SMSAPI-style provider (form POST with a bearer token, `to`, `message`, `from`, `idx`),
  the shape Polish SMS providers use. Its `idx` with `check_idx` makes the provider refuse a second
  message with the same key, so a delivery retried after a crash does not reach the phone twice.

A gateway raises `DeliveryError` saying whether trying again may help; the back-off is the deliverer's.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Protocol, TextIO

import httpx

from ebok_app.settings import SmsSettings

# SMSAPI error codes worth another try later: internal error, too many requests, service unavailable.
TEMPORARY_PROVIDER_ERRORS = frozenset({201, 203, 999})


@dataclass(frozen=True)
class OutgoingSms:
    reference: str  # the message's idempotency key
    phone: str  # E.164, "+48…"
    body: str


class DeliveryError(Exception):
    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason[:300]
        self.permanent = permanent


class SmsGateway(Protocol):
    name: str
    demo_inbox: bool  # the stored row is all the "phone" gets: its secret stays (sealed) for a while

    def deliver(self, sms: OutgoingSms) -> None:
        """Hand the message over or raise DeliveryError."""


class OutboxGateway:
    name = "outbox"
    demo_inbox = True

    def deliver(self, sms: OutgoingSms) -> None:
        return None


class ConsoleGateway:
    name = "console"
    demo_inbox = False

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def deliver(self, sms: OutgoingSms) -> None:
        print(f"SMS to {sms.phone}: {sms.body}", file=self._stream or sys.stdout, flush=True)


class HttpGateway:
    name = "http"
    demo_inbox = False

    def __init__(self, url: str, token: str, sender: str, timeout_s: float = 5.0) -> None:
        self._url, self._token, self._sender = url, token, sender
        # Connection failures are retried at once (nothing was sent); anything later is the deliverer's.
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=min(timeout_s, 3.0)),
            transport=httpx.HTTPTransport(retries=2),
        )

    def deliver(self, sms: OutgoingSms) -> None:
        form = {
            "to": sms.phone.removeprefix("+"),
            "message": sms.body,
            "from": self._sender,
            "format": "json",
            "encoding": "utf-8",
            "idx": sms.reference[:255],
            "check_idx": "1",
        }
        try:
            response = self._client.post(
                self._url, data=form, headers={"Authorization": f"Bearer {self._token}"}
            )
        except httpx.TimeoutException as exc:
            raise DeliveryError(f"timeout: {type(exc).__name__}", permanent=False) from exc
        except httpx.HTTPError as exc:
            raise DeliveryError(f"connection: {type(exc).__name__}", permanent=False) from exc
        _check_response(response)


def _check_response(response: httpx.Response) -> None:
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise DeliveryError(f"HTTP {response.status_code}", permanent=False)
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.status_code >= 400:
        raise DeliveryError(f"HTTP {response.status_code}: {_provider_message(answer)}", permanent=True)
    if not isinstance(answer, dict):
        raise DeliveryError("the provider's answer is not JSON", permanent=False)
    if "error" in answer:
        code = answer.get("error")
        permanent = code not in TEMPORARY_PROVIDER_ERRORS
        raise DeliveryError(f"provider error {code}: {_provider_message(answer)}", permanent=permanent)
    if not answer.get("count"):
        raise DeliveryError("the provider accepted no message", permanent=True)


def _provider_message(answer: object) -> str:
    return str(answer.get("message", ""))[:200] if isinstance(answer, dict) else ""


def configured_gateway(settings: SmsSettings) -> SmsGateway:
    if settings.gateway == "http":
        return HttpGateway(settings.http_url, settings.http_token, settings.sender, settings.timeout_s)
    if settings.gateway == "console":
        return ConsoleGateway()
    return OutboxGateway()
