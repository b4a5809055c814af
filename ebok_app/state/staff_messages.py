"""Obsługa > Wiadomości: the contact-form inbox (new / in progress / answered) and the answer form."""

from __future__ import annotations

import reflex as rx

from ebok_app import db
from ebok_app.models import MessageStatus
from ebok_app.notifications import attachments, contact
from ebok_app.security.accounts import PermissionDenied
from ebok_app.state.auth import as_id, download, now
from ebok_app.state.contact import message_row
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL, staff_guard, staff_ip, to_staff_login


class StaffMessagesState(rx.State):
    status: str = ""  # "" = all
    messages: list[dict] = []
    error: str = ""
    notice: str = ""

    @rx.event
    async def load(self):
        self.notice = ""
        staff = await staff_guard(self)
        if staff is None:
            return None
        self._fill(staff)
        return None

    def _fill(self, staff) -> None:
        with db.session_scope() as session:
            try:
                rows = contact.inbox(session, staff, self.status)
            except PermissionDenied:
                self.error, self.messages = NO_STAFF_RIGHT_PL, []
                return
            self.error = ""
            files = attachments.of_messages(session, [m.id for m, *_ in rows])
            self.messages = [
                {
                    **message_row(m, number, files.get(m.id, [])),
                    "company": company.name,
                    "millekod": company.millekod,
                    "sender": f"{user.first_name} {user.last_name} ({user.login})",
                    "handled_by": m.handled_by or "",
                }
                for m, company, user, number in rows
            ]

    @rx.event
    async def show(self, status: str):
        staff = await staff_guard(self)
        if staff is None:
            return to_staff_login()
        self.status = status if status in set(MessageStatus) else ""
        self._fill(staff)
        return None

    @rx.event
    async def download(self, attachment_id: int):
        staff = await staff_guard(self)
        if staff is None:
            return to_staff_login()
        return download(staff.session_id, "staff_contact_attachment", attachment_id=as_id(attachment_id))

    @rx.event
    async def take(self, message_id: int):
        staff = await staff_guard(self)
        if staff is None:
            return to_staff_login()
        with db.session_scope() as session:
            try:
                contact.take(session, staff, as_id(message_id) or 0, staff_ip(self))
            except PermissionDenied:
                self.error = NO_STAFF_RIGHT_PL
                return None
        self.notice = "Wiadomość przyjęta do realizacji."
        self._fill(staff)
        return None

    @rx.event
    async def answer(self, form: dict):
        staff = await staff_guard(self)
        if staff is None:
            return to_staff_login()
        with db.session_scope() as session:
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
