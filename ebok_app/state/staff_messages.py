"""Obsługa > Wiadomości: the contact-form inbox (new / in progress / answered) and the answer form."""

from __future__ import annotations

import reflex as rx

from ebok_app import contact
from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.staff import Staff
from ebok_app.contact import attachments
from ebok_app.contact.rows import InboxRow, inbox_row
from ebok_app.models import MessageStatus
from ebok_app.security.rights import Right
from ebok_app.state.auth import as_id, download, now
from ebok_app.state.boundary import RecordId, protected
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL, staff_ip
from ebok_app.state.transactions import transaction


class StaffMessagesState(rx.State):
    status: str = ""  # "" = all
    messages: list[InboxRow] = []
    error: str = ""
    notice: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.notice, self.messages = NO_STAFF_RIGHT_PL, "", []

    @protected(Right.ANSWER_MESSAGES)
    def load(self, staff: Staff):
        self.notice = ""
        self._fill(staff)

    def _fill(self, staff: Staff) -> None:
        with transaction() as session:
            try:
                rows = contact.inbox(session, staff, self.status)
            except PermissionDenied:
                self.error, self.messages = NO_STAFF_RIGHT_PL, []
                return
            self.error = ""
            files = attachments.of_messages(session, [m.id for m, *_ in rows])
            self.messages = [
                inbox_row(m, company, user, number, files.get(m.id, [])) for m, company, user, number in rows
            ]

    @protected(Right.ANSWER_MESSAGES)
    def show(self, staff: Staff, status: str):
        self.status = status if status in set(MessageStatus) else ""
        self._fill(staff)
        return None

    @protected(Right.ANSWER_MESSAGES)
    def download(self, staff: Staff, attachment_id: RecordId):
        return download(staff.session_id, "staff_contact_attachment", attachment_id=attachment_id)

    @protected(Right.ANSWER_MESSAGES)
    def take(self, staff: Staff, message_id: RecordId):
        with transaction() as session:
            try:
                contact.take(session, staff, message_id, staff_ip(self))
            except PermissionDenied:
                self.error = NO_STAFF_RIGHT_PL
                return None
        self.notice = "Wiadomość przyjęta do realizacji."
        self._fill(staff)
        return None

    @protected(Right.ANSWER_MESSAGES)
    def answer(self, staff: Staff, form: dict):
        with transaction() as session:
            try:
                problem = contact.answer(
                    session,
                    staff,
                    as_id(form.get("message_id")) or 0,
                    str(form.get("answer", ""))[: contact.MAX_TEXT + 100],
                    now(),
                    staff_ip(self),
                )
            except PermissionDenied:
                self.error = NO_STAFF_RIGHT_PL
                return None
        self.error, self.notice = (
            (problem, "") if problem else ("", "Odpowiedź wysłana: klient zobaczy ją w eBOK.")
        )
        self._fill(staff)
        if problem:
            self.error = problem
        return None
