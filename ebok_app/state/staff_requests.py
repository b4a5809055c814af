"""Obsługa > Wnioski: the clients' requests by status and type, taking one, answering it with a status,
a comment and a document (made by eBOK, or uploaded)."""

from __future__ import annotations

from datetime import date
from functools import partial

import reflex as rx

from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.staff import Staff
from ebok_app.client_requests import catalogue, handling
from ebok_app.documents import request_pdf
from ebok_app.models import RequestStatus
from ebok_app.security.rights import Right
from ebok_app.settings import get_settings
from ebok_app.state.auth import as_id, download, now
from ebok_app.state.boundary import RecordId, off_loop, protected
from ebok_app.state.listing import paged_state
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL
from ebok_app.state.transactions import transaction
from ebok_app.state.uploads import checked_uploads

ANSWERED_PL = "Odpowiedź wysłana: klient zobaczy ją w eBOK i dostanie SMS."
ONLY_DONE_PL = "Dokument eBOK dołączysz tylko do wniosku zrealizowanego."


class StaffRequestsState(paged_state(Right.HANDLE_REQUESTS), rx.State):
    status: str = ""  # "" = all
    kind: str = ""
    requests: list[dict] = []
    error: str = ""
    notice: str = ""
    answering: int = 0  # the request whose answer form is open
    answer_problem: str = ""

    def _refused(self, right: Right) -> None:
        self.error, self.notice, self.requests = NO_STAFF_RIGHT_PL, "", []

    @protected(Right.HANDLE_REQUESTS)
    def load(self, staff: Staff):
        self.notice, self.answering, self.answer_problem = "", 0, ""
        self._fill(staff)

    def _fill(self, staff: Staff) -> None:
        with transaction() as session:
            try:
                page = handling.inbox(
                    session,
                    staff,
                    status=self.status,
                    kind=self.kind,
                    page=self.page,
                    page_size=self.page_size,
                )
                self.requests = self._rows_of(page)
            except PermissionDenied:
                self.error, self.requests = NO_STAFF_RIGHT_PL, []
                return
        self.error = ""

    @protected(Right.HANDLE_REQUESTS)
    def show(self, staff: Staff, status: str):
        self.status, self.page = (status if status in set(RequestStatus) else ""), 1
        self._fill(staff)
        return None

    @protected(Right.HANDLE_REQUESTS)
    def show_kind(self, staff: Staff, kind: str):
        self.kind, self.page = (kind if kind in catalogue.BY_CODE else ""), 1
        self._fill(staff)
        return None

    @protected(Right.HANDLE_REQUESTS)
    def download(self, staff: Staff, file_id: RecordId):
        return download(staff.session_id, "staff_request_file", file_id=file_id)

    @protected(Right.HANDLE_REQUESTS)
    def take(self, staff: Staff, request_id: RecordId):
        with transaction() as session:
            problem = handling.take(session, staff, request_id, now())
        self.error, self.notice = (problem, "") if problem else ("", "Wniosek przyjęty do realizacji.")
        self._fill(staff)
        if problem:
            self.error = problem
        return None

    @protected(Right.HANDLE_REQUESTS)
    def start_answer(self, staff: Staff, request_id: RecordId):
        self.answering, self.answer_problem = request_id, ""
        return None

    @protected(Right.HANDLE_REQUESTS)
    def cancel_answer(self, staff: Staff):
        self.answering, self.answer_problem = 0, ""
        return None

    @protected(Right.HANDLE_REQUESTS)
    async def add_files(self, staff: Staff, files: list[rx.UploadFile]):
        """Documents for the open answer: each one checked and kept (or refused with the reason)."""
        self.answer_problem = await checked_uploads(files, partial(self._add_file, staff))
        await off_loop(self._fill, staff)

    def _add_file(self, staff: Staff, name: str, data: bytes) -> str | None:
        if not self.answering:
            return "Najpierw wybierz wniosek, na który odpowiadasz."
        with transaction() as session:
            return handling.add_file(session, staff, self.answering, name, data, now())

    @protected(Right.HANDLE_REQUESTS)
    def remove_file(self, staff: Staff, file_id: RecordId):
        if self.answering:
            with transaction() as session:
                handling.remove_file(session, staff, self.answering, file_id)
        self._fill(staff)
        return None

    @protected(Right.HANDLE_REQUESTS)
    def answer(self, staff: Staff, form: dict):
        request_id, status = as_id(form.get("request_id")) or 0, str(form.get("status", ""))
        generate = form.get("generate") in (True, "on", "true")
        if generate and status != RequestStatus.DONE:
            self.answer_problem = ONLY_DONE_PL
            return None
        with transaction() as session:
            document = self._document(session, staff, request_id) if generate else None
            problem = handling.answer(
                session,
                staff,
                request_id,
                status=status,
                comment=str(form.get("comment", ""))[:4100],
                now=now(),
                document=document,
                brand=get_settings().brand_name,
            )
        self.answer_problem = problem or ""
        if problem is None:
            self.answering, self.notice = 0, ANSWERED_PL
        self._fill(staff)
        return None

    @staticmethod
    def _document(session, staff: Staff, request_id: int) -> tuple[str, bytes] | None:
        facts = handling.document_facts(session, staff, request_id)
        if facts is None:
            return None
        return request_pdf.file_name(facts), request_pdf.render(facts, get_settings().lessor, date.today())
