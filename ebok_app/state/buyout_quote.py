"""Umowa > Wycena wykupu: the amount to buy the asset out on a chosen day, its PDF, and the request to
proceed sent to the helpdesk (with the PDF), whose status the user follows here and in Kontakt."""

from __future__ import annotations

import asyncio

import reflex as rx

from ebok_app.accounts.sessions import SignedIn
from ebok_app.contact import buyout_request
from ebok_app.contact.buyout_request import BuyoutRequestRow
from ebok_app.documents.buyout_pdf import quote_file_name, render_quote
from ebok_app.portfolio.buyout_quote import BuyoutQuote, QuoteRefused, make_quote
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, download, now
from ebok_app.state.boundary import protected
from ebok_app.state.listing import day, money, parse_day
from ebok_app.state.transactions import transaction

BAD_DAY_PL = "Wybierz dzień wykupu w kalendarzu."


def _shown(q: BuyoutQuote) -> dict[str, str]:
    return {
        "on": day(q.on),
        "capital": money(q.capital_gr),
        "value": money(q.buyout_value_gr),
        "fee": money(q.fee_gr),
        "net": money(q.net_gr),
        "vat": money(q.vat_gr),
        "gross": money(q.gross_gr),
        "outstanding": money(q.outstanding_gr),
        "total": money(q.total_gr),
        "valid_until": day(q.valid_until),
    }


class BuyoutQuoteState(rx.State):
    _contract_id: int | None = None
    on: str = ""  # the chosen day, ISO
    quote: dict[str, str] = {}
    error: str = ""
    message: str = ""
    requests: list[BuyoutRequestRow] = []

    @protected(Right.BUYOUT)
    async def load(self, info: SignedIn):
        self._contract_id = as_id(self.router.url.path.rstrip("/").rsplit("/", 1)[-1])
        self.on, self.quote, self.error, self.message = "", {}, "", ""
        self.requests = await asyncio.to_thread(self._requests, info)
        return None

    def _requests(self, info: SignedIn) -> list[BuyoutRequestRow]:
        if self._contract_id is None:
            return []
        with transaction() as session:
            return buyout_request.requests_of(session, user_id=info.user_id, contract_id=self._contract_id)

    def _make(self, info: SignedIn) -> BuyoutQuote | None:
        """The quote for the chosen day, or None with the reason in `error`."""
        on = parse_day(self.on)
        if on is None or self._contract_id is None:
            self.error, self.quote = BAD_DAY_PL, {}
            return None
        try:
            with transaction() as session:
                made = make_quote(session, company_id=info.company_id, contract_id=self._contract_id, on=on)
        except QuoteRefused as refused:
            self.error, self.quote = refused.message_pl, {}
            return None
        self.error, self.quote = "", _shown(made)
        return made

    @protected(Right.BUYOUT)
    async def calculate(self, info: SignedIn, form: dict):
        self.on, self.message = str(form.get("on", ""))[:10], ""
        await asyncio.to_thread(self._make, info)
        return None

    @protected(Right.BUYOUT)
    def download_pdf(self, info: SignedIn):
        if not self.quote or self._contract_id is None:
            return None
        return download(info.session_id, "buyout_quote", contract_id=self._contract_id, on=self.on)

    @protected(Right.BUYOUT)
    async def proceed(self, info: SignedIn):
        """Send the request to buy out, with the quote's PDF, to the helpdesk."""
        if not self.quote:
            return None
        sent = await asyncio.to_thread(self._send, info, self.router.session.client_ip or None)
        if sent:
            self.message = "Wysłano prośbę o wykup do HelpDesku. Status zobaczysz tutaj i w zakładce Kontakt."
            self.requests = await asyncio.to_thread(self._requests, info)
        return None

    def _send(self, info: SignedIn, ip: str | None) -> bool:
        made = self._make(info)
        if made is None:
            return False
        pdf = render_quote(made, info.company_name, get_settings().lessor)
        with transaction() as session:
            buyout_request.request_buyout(
                session,
                user_id=info.user_id,
                company_id=info.company_id,
                actor=info.actor,
                quote=made,
                pdf=pdf,
                filename=quote_file_name(made),
                now=now(),
                ip=ip,
            )
        return True
