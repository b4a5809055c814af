"""The portal's own HTTP routes beside Reflex's socket: every file the browser downloads (and, later,
the feeds and notifications that other systems send). Mounted in front of Reflex's backend by
`rx.App(api_transformer=...)`; each route does its database and file work off the event loop."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from ebok_app import db, downloads
from ebok_app.calendar_feed import tokens
from ebok_app.calendar_feed.ical import calendar
from ebok_app.deployment import forwarded_value
from ebok_app.documents import (
    files,  # noqa: F401  (registers the kinds of download)
    stored_pdfs,
)
from ebok_app.ingest import credentials
from ebok_app.ingest.batch import ingest
from ebok_app.ingest.reading import format_of
from ebok_app.payments import fake_page, orders
from ebok_app.payments.config import STATUS_PATH, configured_gateway
from ebok_app.payments.fake import PAGE_PREFIX
from ebok_app.portfolio.frames import frame_cache
from ebok_app.security import audit
from ebok_app.settings import get_settings

log = logging.getLogger(__name__)

# what the tab shows when a download cannot be served (it navigated to the link): Polish, with a way back
PROBLEMS_PL = {
    401: "Link do pobrania wygasł albo sesja została zakończona. Wróć do portalu i pobierz plik ponownie.",
    404: "Nie znaleziono pliku albo nie masz do niego dostępu.",
    503: "Nie udało się przygotować pliku. Spróbuj ponownie za chwilę albo skontaktuj się z HelpDeskiem.",
}


def _problem(status: int) -> HTMLResponse:
    text = html.escape(PROBLEMS_PL[status])
    page = (
        '<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Pobieranie pliku · eBOK</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f'<body style="font-family:sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem"><main>'
        f"<h1>Pobieranie pliku</h1><p>{text}</p>"
        '<p><a href="/">Wróć do portalu</a></p>'
        "</main></body></html>"
    )
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})


def _client_ip(request: Request) -> str | None:
    """The client's address: from X-Forwarded-For as far as EBOK_TRUSTED_PROXY_HOPS trusts it."""
    forwarded = forwarded_value(request.headers.get("x-forwarded-for", ""), get_settings().trusted_proxy_hops)
    ip = forwarded or (request.client.host if request.client else "")
    return ip[:45] or None


def _serve(token: str, ip: str | None) -> downloads.Download:
    """The file, or Refused raised once the refusal's audit entry is committed."""
    settings = get_settings()
    with db.session_scope() as session:
        try:
            return downloads.serve(
                session,
                pepper=settings.password_pepper,
                token=token,
                now=datetime.now(UTC),
                idle_s=settings.idle_timeout_s,
                ip=ip,
            )
        except downloads.Refused as refused:
            refusal = refused
    raise refusal


async def download(request: Request) -> Response:
    try:
        found = await run_in_threadpool(_serve, request.path_params["ticket"], _client_ip(request))
    except downloads.Refused as refused:
        return _problem(refused.status)
    except Exception:
        log.exception("download failed")
        return _problem(503)
    headers = {"Content-Disposition": found.content_disposition(), "Cache-Control": "no-store"}
    return StreamingResponse(
        iterate_in_threadpool(found.chunks()), media_type=found.media_type, headers=headers
    )


def _calendar(token: str) -> bytes | None:
    """The feed of the token's owner (their company's dates only), or None for an unknown token."""
    with db.session_scope() as session:
        owner = tokens.resolve(session, token=token, now=datetime.now(UTC))
    if owner is None:
        return None
    frames = frame_cache.get(db.get_engine(), owner.company_id)
    return calendar(frames, datetime.now(UTC).date(), f"eBOK: {owner.company_name}")


async def calendar_feed(request: Request) -> Response:
    """A calendar application polls this address; it carries no session, only the secret token."""
    body = await run_in_threadpool(_calendar, request.path_params["token"])
    if body is None:
        return Response("Unknown or revoked calendar address.\n", status_code=404, media_type="text/plain")
    headers = {"Cache-Control": "private, max-age=900", "Content-Disposition": 'inline; filename="ebok.ics"'}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


def _notification(payload: object, ip: str | None) -> str:
    settings = get_settings()
    with db.session_scope() as session:
        return orders.apply_notification(
            session, gateway=configured_gateway(settings), payload=payload, now=datetime.now(UTC), ip=ip
        )


async def payment_notification(request: Request) -> Response:
    """The gateway's notification (JSON): booked once, whatever how often it comes; refused if not right."""
    try:
        payload = await request.json()
    except ValueError:
        payload = None
    outcome = await run_in_threadpool(_notification, payload, _client_ip(request))
    if outcome == "refused":
        return JSONResponse({"status": "refused"}, status_code=400)
    return JSONResponse({"status": outcome})


FEED_ROUTE = "/api/feed"
MAX_FEED_BYTES = 64 * 1024 * 1024  # one push; larger feeds go as several batches or as files


def _feed_caller(authorization: str, ip: str | None) -> str | None:
    """The name of the feed credential of a push; a refusal is audited (never with the secret)."""
    scheme, _, secret = authorization.partition(" ")
    with db.session_scope() as session:
        name = credentials.check(session, secret.strip(), datetime.now(UTC)) if scheme == "Bearer" else None
        if name is None:
            audit.record(session, "feed_push", "denied", "feed:?", ip=ip, credential_sent=bool(secret))
    return name


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"ok": False, "error": message}, status_code=status)


async def push_feed(request: Request) -> Response:
    """A batch of the core system's feed (docs/feed.md): JSON Lines or CSV, all of it applied or none."""
    ip = _client_ip(request)
    caller = await run_in_threadpool(_feed_caller, request.headers.get("authorization", ""), ip)
    if caller is None:
        return _error(401, "a live feed credential is required: Authorization: Bearer <secret>")
    fmt = format_of(request.headers.get("content-type", "").split(";")[0].strip())
    if fmt is None:
        return _error(415, "send application/x-ndjson (JSON Lines) or text/csv")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FEED_BYTES:
            return _error(413, f"a push holds at most {MAX_FEED_BYTES} bytes; split the feed into batches")
    try:
        content = body.decode("utf-8")
    except UnicodeDecodeError:
        return _error(400, "the body must be UTF-8 text")
    report = await run_in_threadpool(
        ingest, db.get_engine(), content, fmt, actor=f"feed:{caller}", source="push", ip=ip
    )
    if not report.ok:
        return JSONResponse(report.as_dict(), status_code=422)
    # after the answer: the PDF copies of the invoices the batch changed, in a process of their own
    pdfs = BackgroundTask(_render_pdfs, report.invoices) if report.invoices else None
    return JSONResponse(report.as_dict(), background=pdfs)


def _render_pdfs(invoice_ids: list[int]) -> None:
    settings = get_settings()
    try:
        stored_pdfs.render_stale(
            db.get_engine(), settings.lessor, settings.ksef_qr_url, invoice_ids=invoice_ids
        )
    except Exception:  # the PDFs are rendered on first download instead; the batch stays applied
        log.exception("rendering the PDFs of a feed push failed")


http_app = Starlette(
    routes=[
        Route(f"{downloads.ROUTE_PREFIX}/{{ticket}}", download, methods=["GET"]),
        Route(f"{tokens.ROUTE_PREFIX}/{{token}}.ics", calendar_feed, methods=["GET"]),
        Route(STATUS_PATH, payment_notification, methods=["POST"]),
        Route(f"{PAGE_PREFIX}/{{session_id}}", fake_page.respond, methods=["GET", "POST"]),
        Route(FEED_ROUTE, push_feed, methods=["POST"]),
    ]
)
