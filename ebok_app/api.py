"""The portal's own HTTP routes beside Reflex's socket: every file the browser downloads (and, later,
the feeds and notifications that other systems send). Mounted in front of Reflex's backend by
`rx.App(api_transformer=...)`; each route does its database and file work off the event loop."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from ebok_app import db, downloads
from ebok_app.documents import files  # noqa: F401  (registers the kinds of download)
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
    return request.client.host[:45] if request.client else None


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


http_app = Starlette(routes=[Route(f"{downloads.ROUTE_PREFIX}/{{ticket}}", download, methods=["GET"])])
