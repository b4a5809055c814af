"""Faktury > Zapłać online: one invoice or several ticked ones, through the payment gateway, and the
order's status when the payer comes back (?platnosc=<session id>)."""

from __future__ import annotations

import asyncio
import json
from datetime import date

import polars as pl
import reflex as rx

from ebok_app import routes
from ebok_app.accounts.sessions import SignedIn
from ebok_app.models import PaymentOrderStatus, User
from ebok_app.payments import orders
from ebok_app.payments.config import STATUS_PATH, configured_gateway
from ebok_app.portfolio import queries
from ebok_app.portfolio.formatting import count_of
from ebok_app.security import audit
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, now
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.listing import money
from ebok_app.state.transactions import company_frames, transaction

INVOICES = ("faktura", "faktury", "faktur")
STATUS_PL = {
    PaymentOrderStatus.PENDING: (
        "amber",
        "Czekamy na potwierdzenie płatności z bramki. Odśwież stronę za chwilę.",
    ),
    PaymentOrderStatus.PAID: ("green", "Płatność przyjęta: faktury są już oznaczone jako zapłacone."),
    PaymentOrderStatus.CANCELLED: ("red", "Płatność anulowana: faktury pozostają niezapłacone."),
    PaymentOrderStatus.EXPIRED: ("red", "Płatność wygasła: faktury pozostają niezapłacone."),
    PaymentOrderStatus.REFUNDED: ("red", "Płatność zwrócona przez bramkę: faktury znów są niezapłacone."),
}


def online_payments_on() -> bool:
    """The fake gateway pays nothing: outside demo mode only a real gateway is offered."""
    settings = get_settings()
    return settings.payments.gateway != "fake" or settings.demo_mode


class PaymentState(rx.State):
    online: bool = False
    selected: list[int] = []
    selected_label: str = ""  # "2 faktury, 1 234,56 zł"
    error: str = ""
    notice: dict[str, str] = {}  # the order the payer came back from: tone, text, title, amount

    @protected(Right.VIEW)
    async def load(self, info: SignedIn):
        self.online, self.error, self.notice = online_payments_on(), "", {}
        self.selected, self.selected_label = [], ""
        session_id = str(self.router.url.query_parameters.get("platnosc", ""))[:64]
        if session_id:
            self.notice = await asyncio.to_thread(self._notice, info.company_id, session_id)
        return None

    @staticmethod
    def _notice(company_id: int, session_id: str) -> dict[str, str]:
        with transaction() as session:
            orders.expire_stale(session, now=now())
            order = orders.order_of(session, company_id=company_id, session_id=session_id)
            if order is None:
                return {}
            tone, text = STATUS_PL[PaymentOrderStatus(order.status)]
            return {"tone": tone, "text": text, "title": order.title, "amount": money(order.amount_gr)}

    @protected(Right.PAY)
    def toggle(self, info: SignedIn, invoice_id: RecordId):
        chosen = as_id(invoice_id)
        if chosen is None:
            return None
        ids = (
            [i for i in self.selected if i != chosen] if chosen in self.selected else [*self.selected, chosen]
        )
        frames = company_frames(info.company_id)
        table = queries.invoices_table(frames, date.today())
        payable = table.filter(pl.col("id").is_in(ids) & (pl.col("left_gr") > 0))
        self.selected = payable["id"].to_list()
        self.selected_label = (
            f"{count_of(payable.height, INVOICES)}, {money(int(payable['left_gr'].sum()))}"
            if payable.height
            else ""
        )
        return None

    @protected(Right.PAY)
    async def pay(self, info: SignedIn, invoice_id: RecordId):
        return await self._start(info, [invoice_id])

    @protected(Right.PAY)
    async def pay_selected(self, info: SignedIn):
        return await self._start(info, list(self.selected))

    async def _start(self, info: SignedIn, invoice_ids: list[int]):
        if not online_payments_on():
            return None
        self.error = ""
        try:
            started = await asyncio.to_thread(
                self._register,
                info,
                invoice_ids,
                self.router.url.origin,
                self.router.session.client_ip or None,
            )
        except orders.PaymentRefused as refused:
            self.error = refused.message_pl
            return None
        # a full page load: the gateway's page is not a page of this app (the fake's is a backend route,
        # reached as downloads are: on the backend's address as this tab sees it)
        api_url = rx.config.get_config().api_url
        return rx.call_script(
            f"window.ebok.download({json.dumps(api_url)}, {json.dumps(started.redirect_url)})"
        )

    @staticmethod
    def _register(info: SignedIn, invoice_ids: list[int], site_url: str, ip: str | None) -> orders.Started:
        """`site_url`: the origin of the tab, so the payer comes back into the same tab's session."""
        settings = get_settings()
        api_url = rx.config.get_config().api_url.rstrip("/")
        with transaction() as session:
            email = session.get(User, info.user_id).email
            try:
                started = orders.start(
                    session,
                    gateway=configured_gateway(settings),
                    user_id=info.user_id,
                    company_id=info.company_id,
                    invoice_ids=invoice_ids,
                    email=email,
                    now=now(),
                    ttl_s=settings.payments.order_ttl_s,
                    return_url=f"{site_url}{routes.INVOICES}?platnosc={{session_id}}",
                    status_url=f"{api_url}{STATUS_PATH}",
                )
            except orders.PaymentRefused as refused:
                session.rollback()
                result, details = "denied", {"reason": refused.message_pl}
                started = None
            else:
                result, details = "ok", {"session_id": started.session_id, "amount_gr": started.amount_gr}
            audit.record(
                session,
                "payment_start",
                result,
                info.actor,
                company_id=info.company_id,
                user_id=info.user_id,
                ip=ip,
                invoices=len(invoice_ids),
                **details,
            )
        if started is None:
            raise orders.PaymentRefused(details["reason"])
        return started
