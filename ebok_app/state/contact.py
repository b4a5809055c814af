"""Kontakt: the client's contact form (topic, one of the company's contracts, text) and their messages
with the status and the helpdesk's answer."""

from __future__ import annotations

import reflex as rx
from sqlmodel import col, select

from ebok_app import db
from ebok_app.models import ContactMessage, Contract
from ebok_app.notifications import contact
from ebok_app.portfolio.formatting import format_moment
from ebok_app.state.auth import guard, now, to_login

NO_CONTRACT = "brak"


def message_row(message: ContactMessage, contract_number: str | None) -> dict:
    return {
        "id": message.id,
        "topic": message.topic,
        "contract": contract_number or "—",
        "body": message.body,
        "status": message.status,
        "status_label": contact.STATUS_LABELS_PL.get(message.status, message.status),
        "at": format_moment(message.created_at),
        "answer": message.answer or "",
        "answered_at": format_moment(message.answered_at),
    }


class ContactState(rx.State):
    contracts: list[dict] = []  # value, label: the company's contracts to choose from
    messages: list[dict] = []
    problems: list[str] = []
    notice: str = ""
    form_key: int = 0  # a new key empties the form after sending

    @rx.event
    async def load(self):
        self.problems, self.notice = [], ""
        info = await guard(self)
        if info is None:
            return None  # require_login, the other on_load handler, sends the tab to the log-in
        self._fill(info.company_id, info.user_id)
        return None

    def _fill(self, company_id: int, user_id: int) -> None:
        with db.session_scope() as session:
            contracts = session.exec(
                select(Contract).where(Contract.company_id == company_id).order_by(col(Contract.number))
            ).all()
            self.contracts = [{"value": NO_CONTRACT, "label": "bez umowy"}] + [
                {"value": str(c.id), "label": c.number} for c in contracts
            ]
            self.messages = [message_row(m, n) for m, n in contact.messages_of(session, user_id)]

    @rx.event
    async def send(self, form: dict):
        info = await guard(self)
        if info is None:
            return to_login()
        raw_contract = str(form.get("contract", NO_CONTRACT))
        contract_id = int(raw_contract) if raw_contract.isdigit() and len(raw_contract) < 12 else None
        if raw_contract != NO_CONTRACT and contract_id is None:
            contract_id = -1  # anything but an id is refused like a foreign contract
        with db.session_scope() as session:
            self.problems, _ = contact.send(
                session,
                user_id=info.user_id,
                company_id=info.company_id,
                actor=info.actor,
                topic=str(form.get("topic", "")),
                contract_id=contract_id,
                body=str(form.get("body", ""))[: contact.MAX_TEXT + 100],
                now=now(),
                ip=self.router.session.client_ip or None,
            )
        if self.problems:
            self.notice = ""
            return None
        self.notice = "Wiadomość wysłana. Odpowiedź HelpDesku pojawi się poniżej."
        self.form_key += 1
        self._fill(info.company_id, info.user_id)
        return None
