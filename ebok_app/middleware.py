"""The app's own ASGI layer around Reflex's backend: protective headers on every HTTP response (pages,
files, API) and a size limit on `/_upload` applied before the body is read. Set in the app, so they hold
with or without a reverse proxy in front (`reflex run --env prod` serves the pages from this backend).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from reflex_base.event import resolve_upload_chunk_handler_param, resolve_upload_handler_param
from reflex_base.registry import RegistrationContext
from reflex_base.utils.exceptions import UploadTypeError, UploadValueError
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ebok_app.deployment import forwarded_value

# Reflex's pages boot from inline scripts (React Router's hydration data) and Radix/Emotion write inline
# styles, so those two need 'unsafe-inline'; Reflex runs `rx.call_script` (the virtual keyboard, the
# address bar of listings) through eval, hence 'unsafe-eval'. Everything else comes from this origin only,
# and no other site may frame the pages.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self' ws: wss:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
HSTS = "max-age=31536000; includeSubDomains"
UPLOAD_PATH = "/_upload"


def served_over_tls(scope: Scope, trusted_proxy_hops: int) -> bool:
    """True for a request that reached us over TLS, or through trusted proxies that say so."""
    if scope.get("scheme") in {"https", "wss"}:
        return True
    proto = forwarded_value(Headers(scope=scope).get("x-forwarded-proto", ""), trusted_proxy_hops)
    return proto.lower() == "https"


def security_headers(trusted_proxy_hops: int) -> Callable[[ASGIApp], ASGIApp]:
    """An `api_transformer` adding SECURITY_HEADERS (and HSTS over TLS) to every HTTP response."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def with_headers(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            tls = served_over_tls(scope, trusted_proxy_hops)

            async def send_with_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = MutableHeaders(scope=message)
                    for name, value in SECURITY_HEADERS.items():
                        headers[name] = value
                    if tls:
                        headers["Strict-Transport-Security"] = HSTS
                await send(message)

            await app(scope, receive, send_with_headers)

        return with_headers

    return wrap


def _takes_files(handler_name: str) -> bool:
    """Whether the event handler an upload names takes files (Reflex answers 500 for one that does not)."""
    registered = RegistrationContext.get().event_handlers.get(handler_name)
    if registered is None:
        return True  # Reflex answers 400 for an unknown handler itself
    handler = registered.handler
    for resolve in (resolve_upload_chunk_handler_param, resolve_upload_handler_param):
        try:
            resolve(handler)
        except (UploadValueError, UploadTypeError):
            continue
        return True
    return False


def upload_limit(max_bytes: int) -> Callable[[ASGIApp], ASGIApp]:
    """An `api_transformer` for `/_upload`: 413 for a declared or streamed body over `max_bytes`
    (checked before Reflex reads it), 400 for an upload to a handler that takes no files."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def limited(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or not scope["path"].endswith(UPLOAD_PATH):
                await app(scope, receive, send)
                return
            headers = Headers(scope=scope)
            declared = headers.get("content-length", "")
            if declared and (not declared.isdigit() or int(declared) > max_bytes):
                await _answer(send, 413, "Upload too large.")
                return
            if not _takes_files(headers.get("reflex-event-handler", "")):
                await _answer(send, 400, "This event takes no files.")
                return
            received = 0
            cut = False

            async def capped_receive() -> Message:
                nonlocal received, cut
                message = await receive()
                if message["type"] == "http.request":
                    received += len(message.get("body", b""))
                    if received > max_bytes:  # a body longer than declared, or chunked: stop reading it
                        cut = True
                        return {"type": "http.disconnect"}
                return message

            async def answer_or_pass(message: MutableMapping[str, Any]) -> None:
                if not cut:
                    await send(message)
                elif message["type"] == "http.response.start":
                    await _answer(send, 413, "Upload too large.")

            await app(scope, capped_receive, answer_or_pass)

        return limited

    return wrap


async def _answer(send: Callable[[Message], Awaitable[None]], status: int, text: str) -> None:
    body = text.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
