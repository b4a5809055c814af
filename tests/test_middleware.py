"""The app's ASGI layer: protective headers on every answer, HSTS only over TLS, and `/_upload`'s limit
applied before the body is read."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.requests import ClientDisconnect, Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from ebok_app import middleware
from ebok_app.deployment import forwarded_value
from ebok_app.middleware import SECURITY_HEADERS, security_headers, upload_limit
from ebok_app.settings import SettingsError, settings_from

LIMIT = 1000


def _app(read: list[int]) -> Starlette:
    async def page(_: Request) -> Response:
        return PlainTextResponse("page")

    async def upload(request: Request) -> Response:
        body = b""
        try:
            async for chunk in request.stream():
                body += chunk
        except ClientDisconnect:  # as Reflex's upload does
            return Response()
        read.append(len(body))
        return PlainTextResponse("stored")

    return Starlette(routes=[Route("/", page), Route("/_upload", upload, methods=["POST"])])


@pytest.fixture
def read() -> list[int]:
    return []


@pytest.fixture
def client(read, monkeypatch) -> TestClient:
    monkeypatch.setattr(middleware, "_takes_files", lambda handler: handler != "state.no_files")
    app = security_headers(trusted_proxy_hops=1)(upload_limit(LIMIT)(_app(read)))
    return TestClient(app)


def test_every_header_on_a_page_and_on_a_refused_upload(client):
    for response in (client.get("/"), client.post("/_upload", content=b"x" * (LIMIT + 1))):
        for name, value in SECURITY_HEADERS.items():
            assert response.headers[name] == value
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "strict-transport-security" not in response.headers  # plain HTTP, no proxy saying https


def test_hsts_over_tls_or_behind_a_trusted_tls_proxy(client):
    assert (
        "max-age="
        in TestClient(client.app, base_url="https://ebok.test").get("/").headers["strict-transport-security"]
    )
    assert "strict-transport-security" in client.get("/", headers={"x-forwarded-proto": "https"}).headers


def test_a_declared_oversized_upload_is_refused_unread(client, read):
    response = client.post("/_upload", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert read == []


def test_a_body_longer_than_declared_is_cut_off(client, read):
    def chunks():
        yield b"x" * 600
        yield b"x" * 600

    response = client.post("/_upload", content=chunks())  # chunked: no Content-Length
    assert response.status_code == 413
    assert read == []


def test_an_upload_within_the_limit_reaches_the_handler(client, read):
    assert client.post("/_upload", content=b"x" * LIMIT).text == "stored"
    assert read == [LIMIT]


def test_an_upload_to_a_handler_without_files_is_a_client_error(client, read):
    response = client.post("/_upload", content=b"x", headers={"reflex-event-handler": "state.no_files"})
    assert response.status_code == 400
    assert read == []


def test_forwarded_values_trust_only_the_configured_hops():
    assert forwarded_value("6.6.6.6, 10.0.0.1", 0) == ""
    assert forwarded_value("6.6.6.6, 203.0.113.7", 1) == "203.0.113.7"  # the client forged the first one
    assert forwarded_value("203.0.113.7, 10.0.0.2", 2) == "203.0.113.7"
    assert forwarded_value("10.0.0.2", 2) == ""
    assert settings_from({"EBOK_TRUSTED_PROXY_HOPS": "1"}).trusted_proxy_hops == 1
    assert settings_from({}).trusted_proxy_hops == 0
    with pytest.raises(SettingsError):
        settings_from({"EBOK_TRUSTED_PROXY_HOPS": "many"})
