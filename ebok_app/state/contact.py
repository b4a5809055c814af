"""Kontakt: the client's contact form (topic, one of the company's contracts, text) and their messages
with the status and the helpdesk's answer."""

from __future__ import annotations

from functools import partial

import reflex as rx

from ebok_app import contact
from ebok_app.accounts.sessions import SignedIn
from ebok_app.contact import attachments
from ebok_app.contact.rows import FileRow, MessageRow, file_row, message_row
from ebok_app.security.rights import Right
from ebok_app.state.auth import as_id, download, now
from ebok_app.state.boundary import RecordId, off_loop, protected
from ebok_app.state.transactions import transaction
from ebok_app.state.uploads import checked_uploads

NO_CONTRACT = "brak"


class ContactState(rx.State):
    contracts: list[dict[str, str]] = []  # value, label: the company's contracts to choose from
    messages: list[MessageRow] = []
    waiting_files: list[FileRow] = []  # chosen for the message being written
    file_error: str = ""
    problems: list[str] = []
    notice: str = ""
    form_key: int = 0  # a new key empties the form after sending

    @protected(Right.WRITE_MESSAGES)
    def load(self, info: SignedIn):
        self.problems, self.notice = [], ""
        self._fill(info.company_id, info.user_id)
        return None

    def _fill(self, company_id: int, user_id: int) -> None:
        with transaction() as session:
            contracts = contact.contract_choices(session, company_id=company_id)
            self.contracts = [{"value": NO_CONTRACT, "label": "bez umowy"}] + [
                {"value": str(cid), "label": number} for cid, number in contracts
            ]
            mine = contact.messages_of(session, user_id)
            files = attachments.of_messages(session, [m.id for m, _ in mine])
            self.messages = [message_row(m, n, files.get(m.id, [])) for m, n in mine]
            self.waiting_files = [file_row(f) for f in attachments.pending(session, user_id)]

    @protected(Right.WRITE_MESSAGES)
    async def add_files(self, info: SignedIn, files: list[rx.UploadFile]):
        """The files chosen in the form: each one checked and kept for the message (or refused)."""
        self.file_error = await checked_uploads(files, partial(self._add_file, info))
        await off_loop(self._fill, info.company_id, info.user_id)

    def _add_file(self, info: SignedIn, name: str, data: bytes) -> str | None:
        with transaction() as session:
            return attachments.add_pending(
                session,
                user_id=info.user_id,
                company_id=info.company_id,
                actor=info.actor,
                name=name,
                data=data,
                now=now(),
                ip=self.router.session.client_ip or None,
            )

    @protected(Right.WRITE_MESSAGES)
    def remove_file(self, info: SignedIn, attachment_id: RecordId):
        with transaction() as session:
            attachments.remove_pending(session, info.user_id, attachment_id)
        self.file_error = ""
        self._fill(info.company_id, info.user_id)
        return None

    @protected(Right.WRITE_MESSAGES)
    def download(self, info: SignedIn, attachment_id: RecordId):
        return download(info.session_id, "contact_attachment", attachment_id=attachment_id)

    @protected(Right.WRITE_MESSAGES)
    def send(self, info: SignedIn, form: dict):
        raw_contract = str(form.get("contract", NO_CONTRACT))
        contract_id = as_id(raw_contract)
        if raw_contract != NO_CONTRACT and contract_id is None:
            contract_id = -1  # anything but an id is refused like a foreign contract
        with transaction() as session:
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
        self.notice, self.file_error = "Wiadomość wysłana. Odpowiedź HelpDesku pojawi się poniżej.", ""
        self.form_key += 1
        self._fill(info.company_id, info.user_id)
        return None
