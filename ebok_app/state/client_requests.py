"""Wnioski: the catalogue of requests, the chosen type's form with its files, and the company's requests
with their status, steps, answers and documents; completing a request the helpdesk asked to complete."""

from __future__ import annotations

from datetime import date
from functools import partial

import reflex as rx

from ebok_app import routes
from ebok_app.accounts.sessions import SignedIn
from ebok_app.client_requests import catalogue, filing
from ebok_app.client_requests import files as request_files
from ebok_app.i18n.catalogues import N_, gettext
from ebok_app.models import RequestStatus
from ebok_app.security.rights import Right, role_has
from ebok_app.state.auth import as_id, download, now
from ebok_app.state.boundary import RecordId, off_loop, protected
from ebok_app.state.listing import paged_state, parse_page, replace_url
from ebok_app.state.transactions import transaction
from ebok_app.state.uploads import checked_uploads

SENT_PL = N_("Wniosek {number} wysłany. Status i odpowiedź HelpDesku zobaczysz na liście poniżej.")
COMPLETED_PL = N_("Uzupełnienie wysłane: wniosek wrócił do realizacji.")


class RequestsState(paged_state(Right.VIEW), rx.State):
    kind: str = ""  # the chosen type ("" shows the catalogue)
    contract: str = ""  # the contract chosen before (from a contract's page)
    contracts: list[dict] = []  # value, label
    requests: list[dict] = []
    status: str = ""  # the list's filter ("" = all)
    shown_contract: str = ""  # the list's contract filter ("" = all)
    filter_contracts: list[dict] = []  # value, label: contracts with requests (and the one asked for)
    waiting_files: list[dict] = []
    file_error: str = ""
    problems: list[str] = []
    notice: str = ""
    form_key: int = 0  # a new key empties the form after sending
    completing: int = 0  # the request being completed (0: none)
    completion_problem: str = ""
    can_send: bool = False  # display only: the boundary checks the right of every handler

    @protected(Right.VIEW)
    def load(self, info: SignedIn):
        params = self.router.url.query_parameters
        wanted = str(params.get("rodzaj", ""))
        self.kind = wanted if wanted in catalogue.BY_CODE else ""
        self.contract = str(as_id(params.get("umowa", "")) or "")
        self.shown_contract, self.page = self.contract, parse_page(str(params.get("strona", "")))
        self.problems, self.notice, self.file_error, self.completing = [], "", "", 0
        self.can_send = role_has(info.role, Right.SEND_REQUESTS)
        self._fill(info)
        return None

    def _fill(self, info: SignedIn) -> None:
        with transaction() as session:
            self.contracts = [
                {"value": str(cid), "label": label}
                for cid, label in filing.contract_choices(session, company_id=info.company_id)
            ]
            wanted = as_id(self.shown_contract)
            self.filter_contracts = [
                {"value": str(cid), "label": gettext("Umowa {number}").format(number=number)}
                for cid, number in filing.filter_contracts(session, company_id=info.company_id, wanted=wanted)
            ]
            page = filing.company_requests(
                session,
                company_id=info.company_id,
                status=self.status,
                contract_id=wanted,
                page=self.page,
                page_size=self.page_size,
            )
            self.requests = self._rows_of(page)
            waiting = request_files.client_waiting(session, info.user_id)
            self.waiting_files = [request_files.row(f) for f in waiting]

    @protected(Right.SEND_REQUESTS)
    def choose(self, info: SignedIn, kind: str):
        self.kind = kind if kind in catalogue.BY_CODE else ""
        self.problems, self.notice = [], ""
        return None

    @protected(Right.VIEW)
    def show(self, info: SignedIn, status: str):
        self.status, self.page = (status if status in set(RequestStatus) else ""), 1
        self._fill(info)
        return None

    @protected(Right.VIEW)
    def show_contract(self, info: SignedIn, contract: str):
        self.shown_contract, self.page = str(as_id(contract) or ""), 1
        self._fill(info)
        return None

    @protected(Right.SEND_REQUESTS)
    async def add_files(self, info: SignedIn, files: list[rx.UploadFile]):
        """The files chosen in the form: each one checked and kept for the request (or refused)."""
        self.file_error = await checked_uploads(files, partial(self._add_file, info))
        await off_loop(self._fill, info)

    def _add_file(self, info: SignedIn, name: str, data: bytes) -> str | None:
        with transaction() as session:
            return request_files.add_for_client(
                session,
                user_id=info.user_id,
                company_id=info.company_id,
                actor=info.actor,
                name=name,
                data=data,
                now=now(),
            )

    @protected(Right.SEND_REQUESTS)
    def remove_file(self, info: SignedIn, file_id: RecordId):
        with transaction() as session:
            request_files.remove_client_waiting(session, info.user_id, file_id)
        self.file_error = ""
        self._fill(info)
        return None

    @protected(Right.VIEW)
    def download(self, info: SignedIn, file_id: RecordId):
        return download(info.session_id, "request_file", file_id=file_id)

    @protected(Right.SEND_REQUESTS)
    def send(self, info: SignedIn, form: dict):
        with transaction() as session:
            self.problems, sent = filing.send(
                session,
                user_id=info.user_id,
                company_id=info.company_id,
                actor=info.actor,
                kind=str(form.get("kind", "")),
                form=form,
                today=date.today(),
                now=now(),
                ip=self.router.session.client_ip or None,
            )
            number = catalogue.number(sent.id, sent.created_at.year) if sent else ""
        if self.problems:
            self.notice = ""
            return None
        self.notice, self.file_error, self.kind, self.status = (
            gettext(SENT_PL).format(number=number),
            "",
            "",
            "",
        )
        self.shown_contract, self.page = "", 1
        self.form_key += 1
        self._fill(info)
        return replace_url(routes.REQUESTS, {})  # a reload shows the list, not the sent form again

    @protected(Right.SEND_REQUESTS)
    def start_completion(self, info: SignedIn, request_id: RecordId):
        self.completing, self.completion_problem = request_id, ""
        return None

    @protected(Right.SEND_REQUESTS)
    def cancel_completion(self, info: SignedIn):
        self.completing, self.completion_problem = 0, ""
        return None

    @protected(Right.SEND_REQUESTS)
    def complete(self, info: SignedIn, form: dict):
        with transaction() as session:
            problem = filing.complete(
                session,
                user_id=info.user_id,
                company_id=info.company_id,
                actor=info.actor,
                request_id=as_id(form.get("request_id")) or 0,
                comment=str(form.get("comment", ""))[:4100],
                now=now(),
                ip=self.router.session.client_ip or None,
            )
        self.completion_problem = problem or ""
        if problem is None:
            self.completing, self.notice, self.file_error = 0, gettext(COMPLETED_PL), ""
        self._fill(info)
        return None
