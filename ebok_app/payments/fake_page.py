"""The fake gateway's payment page (demo and tests only): the order, a BLIK code, "Zapłać" and "Anuluj".

"Zapłać" posts a notification signed as Przelewy24 signs one to the portal's own status address (over
HTTP, in-process), then sends the payer back to the invoices; "Anuluj" cancels the order. Served only
while the fake gateway is configured in demo mode.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

import httpx
from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from ebok_app import db, routes
from ebok_app.models import PaymentOrder, PaymentOrderStatus
from ebok_app.payments import orders
from ebok_app.payments.config import STATUS_PATH
from ebok_app.payments.fake import FakeGateway
from ebok_app.portfolio.money import format_pln
from ebok_app.settings import get_settings

BLIK = re.compile(r"^\d{6}$")
SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
STYLE = (
    "body{font-family:sans-serif;background:#f4f6fa;margin:0}main{max-width:26rem;margin:2rem auto;"
    "background:#fff;border:1px solid #dde3ee;border-radius:12px;padding:1.5rem}"
    "h1{font-size:1.2rem;color:#0b2a5b}.amount{font-size:1.8rem;font-weight:bold;color:#0b2a5b}"
    "input{font-size:1.4rem;letter-spacing:.3rem;width:100%;padding:.5rem;box-sizing:border-box}"
    "button{font-size:1rem;padding:.7rem 1.2rem;border-radius:8px;border:0;margin:.8rem .5rem 0 0}"
    ".pay{background:#0b7a3e;color:#fff}.cancel{background:#eee}.error{color:#b3261e}"
    ".note{color:#667;font-size:.85rem}"
)


def _order(session_id: str) -> PaymentOrder | None:
    with db.session_scope() as session:
        order = session.exec(select(PaymentOrder).where(PaymentOrder.session_id == session_id)).first()
        if order is not None:
            session.expunge(order)
        return order


def _html(order: PaymentOrder, error: str = "") -> HTMLResponse:
    title, amount = html.escape(order.title), html.escape(format_pln(order.amount_gr))
    if order.status != PaymentOrderStatus.PENDING:
        body = f"<p>To zamówienie nie czeka już na zapłatę (status: {html.escape(order.status)}).</p>"
    else:
        problem = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
        body = (
            f'<form method="post">{problem}<label for="blik">Kod BLIK</label>'
            '<input id="blik" name="blik" inputmode="numeric" autocomplete="one-time-code" maxlength="6">'
            '<button class="pay" name="action" value="pay">Zapłać</button>'
            '<button class="cancel" name="action" value="cancel">Anuluj</button></form>'
        )
    page = (
        '<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Bramka testowa · eBOK</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>'
        f'<body><main><h1>Bramka płatności (testowa)</h1><p>{title}</p><p class="amount">{amount}</p>{body}'
        '<p class="note">Bramka demonstracyjna: nie pobiera pieniędzy.</p></main></body></html>'
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


async def _post_notification(request: Request, order: PaymentOrder) -> None:
    gateway = FakeGateway(pepper=get_settings().password_pepper)
    payload = gateway.paid_notification(
        session_id=order.session_id, amount_gr=order.amount_gr, currency=order.currency, title=order.title
    )
    transport = httpx.ASGITransport(app=request.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://fake-gateway") as client:
        await client.post(STATUS_PATH, json=payload)


def _cancel(session_id: str) -> None:
    with db.session_scope() as session:
        orders.cancel(session, session_id=session_id, now=datetime.now(UTC))


def _return_url(request: Request, session_id: str) -> str:
    """Back to the portal's invoices with this order's status: only that page, on http(s), is accepted
    from the registration's `powrot` parameter; otherwise the same origin."""
    wanted = f"{routes.INVOICES}?platnosc={session_id}"
    back = urlsplit(request.query_params.get("powrot", ""))
    if back.scheme in ("http", "https") and back.netloc and f"{back.path}?{back.query}" == wanted:
        return back.geturl()
    return wanted


async def respond(request: Request) -> Response:
    settings = get_settings()
    session_id = request.path_params["session_id"]
    if settings.payments.gateway != "fake" or not settings.demo_mode or not SESSION_ID.match(session_id):
        return Response("Not found.\n", status_code=404, media_type="text/plain")
    order = await run_in_threadpool(_order, session_id)
    if order is None:
        return Response("Not found.\n", status_code=404, media_type="text/plain")
    if request.method == "GET" or order.status != PaymentOrderStatus.PENDING:
        return _html(order)
    form = await request.form()
    back = _return_url(request, session_id)
    if form.get("action") == "cancel":
        await run_in_threadpool(_cancel, session_id)
        return RedirectResponse(back, status_code=303)
    if not BLIK.match(str(form.get("blik", ""))):
        return _html(order, "Wpisz 6-cyfrowy kod BLIK z aplikacji banku.")
    await _post_notification(request, order)
    return RedirectResponse(back, status_code=303)
