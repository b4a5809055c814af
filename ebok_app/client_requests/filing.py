"""A client's side of requests: send one from the catalogue, follow the company's requests with their
status, steps, answers and documents, and complete one the helpdesk asked to complete.

Only the company's own contracts and invoices go into a request; another company's request, contract
or invoice is refused like a missing one, and audited. Nothing is stored while the form has problems.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, update
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select

from ebok_app.client_requests import catalogue, files
from ebok_app.client_requests.catalogue import Attachment, Checked, Kind
from ebok_app.contact import text_problem
from ebok_app.i18n.catalogues import N_, gettext
from ebok_app.models import (
    Asset,
    ClientRequest,
    ClientRequestStep,
    Contract,
    Invoice,
    RequestStatus,
    User,
)
from ebok_app.portfolio.formatting import format_day, format_moment
from ebok_app.portfolio.queries import PAGE_SIZE, Page
from ebok_app.security import audit
from ebok_app.settings import get_settings

MISSING_PL = N_("Nie ma takiego wniosku.")
NOT_WAITING_PL = N_("Ten wniosek nie czeka na uzupełnienie.")
TOO_MANY_PL = N_(
    "Osiągnięto limit wniosków firmy: {count} w ciągu godziny. "
    "Spróbuj ponownie później lub zadzwoń na infolinię."
)


def contract_choices(db: Session, *, company_id: int) -> list[tuple[int, str]]:
    """(id, "number · vehicle") of the company's contracts that are not terminated, by number."""
    query = (
        select(Contract.id, Contract.number, Asset.make, Asset.model, Asset.registration_number)
        .join(Asset, col(Asset.id) == Contract.asset_id)
        .where(Contract.company_id == company_id, col(Contract.terminated_on).is_(None))
        .order_by(col(Contract.number))
    )
    return [
        (cid, f"{number} · {make} {model}" + (f" · {plate}" if plate else ""))
        for cid, number, make, model, plate in db.exec(query).all()
    ]


def _deny(db: Session, actor: str, company_id: int, user_id: int, ip: str | None, **details: object) -> None:
    audit.record(
        db, "client_request", "denied", actor, company_id=company_id, user_id=user_id, ip=ip, **details
    )


def _check_contract(db: Session, checked: Checked, company_id: int) -> Contract | None:
    if checked.contract_id is None:
        return None
    contract = db.get(Contract, checked.contract_id)
    if contract is None or contract.company_id != company_id:
        checked.problems.append(gettext("Umowa: wybierz jedną ze swoich umów z listy."))
        return None
    checked.values["contract_number"] = contract.number
    end = checked.values.get("date_to")
    if checked.kind.code == Kind.ABROAD:
        asset = db.get(Asset, contract.asset_id)
        plate = f", nr rej. {asset.registration_number}" if asset.registration_number else ""
        checked.values["vehicle"] = f"{asset.make} {asset.model}{plate}"
        if contract.terminated_on is not None:
            checked.problems.append(gettext("Umowa: ta umowa jest rozwiązana."))
        elif end and date.fromisoformat(str(end)) > contract.end_date:
            ends = format_day(contract.end_date)
            checked.problems.append(
                gettext("Do dnia: najpóźniej w dniu końca umowy ({day}).").format(day=ends)
            )
    return contract


def _check_invoices(db: Session, checked: Checked, company_id: int) -> None:
    if not checked.invoice_numbers or checked.problems:
        return
    known = set(
        db.exec(
            select(Invoice.number).where(
                Invoice.company_id == company_id, col(Invoice.number).in_(checked.invoice_numbers)
            )
        ).all()
    )
    missing = [n for n in checked.invoice_numbers if n not in known]
    if missing:
        shown = ", ".join(n[:32] for n in missing[:5])
        checked.problems.append(
            gettext("Numery faktur: nie znaleziono faktur {numbers} (sprawdź je w zakładce Faktury).").format(
                numbers=shown
            )
        )


def _check_files(db: Session, checked: Checked, user_id: int) -> None:
    if checked.kind.attachment is Attachment.REQUIRED and not files.client_waiting(db, user_id):
        what = gettext(checked.kind.attachment_label).split(" (")[0]
        checked.problems.append(gettext("Załącznik: dołącz plik ({what}).").format(what=what))


def send(
    db: Session,
    *,
    user_id: int,
    company_id: int,
    actor: str,
    kind: str,
    form: dict,
    today: date,
    now: datetime,
    ip: str | None = None,
) -> tuple[list[str], ClientRequest | None]:
    """A request of type `kind` from `form`: (Polish problems, None), or ([], the request) once stored.
    A company sends at most `requests_per_hour` requests in an hour (the refusal is audited)."""
    limit = get_settings().requests_per_hour
    if sent_in_the_last_hour(db, company_id, now) >= limit:
        _deny(db, actor, company_id, user_id, ip, kind=kind[:40], reason="rate_limit")
        return [gettext(TOO_MANY_PL).format(count=limit)], None
    checked = catalogue.check(kind, form, today)
    if checked.kind is not None:
        given = checked.contract_id
        contract = _check_contract(db, checked, company_id)
        if given is not None and contract is None:
            _deny(db, actor, company_id, user_id, ip, kind=kind, contract_id=given)
        _check_invoices(db, checked, company_id)
        _check_files(db, checked, user_id)
    if checked.problems:
        return checked.problems, None
    request = ClientRequest(
        company_id=company_id,
        user_id=user_id,
        contract_id=checked.contract_id,
        kind=checked.kind.code,
        details=checked.values,
        created_at=now,
        updated_at=now,
    )
    db.add(request)
    db.flush()
    step = add_step(db, request, actor, by_staff=False, comment=None, now=now)
    attached = 0
    if checked.kind.attachment is not Attachment.NONE:
        attached = files.attach_client_waiting(db, user_id, request.id, step.id)
    audit.record(
        db,
        "client_request",
        "ok",
        actor,
        company_id=company_id,
        user_id=user_id,
        ip=ip,
        request_id=request.id,
        kind=request.kind,
        files=attached or None,
    )
    return [], request


def sent_in_the_last_hour(db: Session, company_id: int, now: datetime) -> int:
    since = now - timedelta(hours=1)
    query = select(func.count()).where(
        ClientRequest.company_id == company_id, ClientRequest.created_at > since
    )
    return db.exec(query).one()


def add_step(
    db: Session, request: ClientRequest, actor: str, *, by_staff: bool, comment: str | None, now: datetime
) -> ClientRequestStep:
    step = ClientRequestStep(
        request_id=request.id, at=now, actor=actor, by_staff=by_staff, status=request.status, comment=comment
    )
    db.add(step)
    db.flush()
    return step


def move(db: Session, request: ClientRequest, seen: str, status: str, now: datetime, **values) -> bool:
    """Change the status from `seen` to `status` in one UPDATE; false when it is no longer `seen` (two
    people at once: the second one is told, nothing is overwritten)."""
    moved = db.execute(
        update(ClientRequest)
        .where(col(ClientRequest.id) == request.id, col(ClientRequest.status) == seen)
        .values(status=status, updated_at=now, **values)
    )
    db.refresh(request)
    return moved.rowcount == 1


def of_company(db: Session, company_id: int, request_id: int) -> ClientRequest | None:
    request = db.get(ClientRequest, request_id)
    return request if request is not None and request.company_id == company_id else None


def complete(
    db: Session,
    *,
    user_id: int,
    company_id: int,
    actor: str,
    request_id: int,
    comment: str,
    now: datetime,
    ip: str | None = None,
) -> str | None:
    """The client adds what the helpdesk asked for (a comment and the waiting files): the request is
    in progress again. A Polish problem or None."""
    request = of_company(db, company_id, request_id)
    if request is None:
        _deny(db, actor, company_id, user_id, ip, request_id=request_id, step="complete")
        return gettext(MISSING_PL)
    if request.status != RequestStatus.NEEDS_INFO:
        return gettext(NOT_WAITING_PL)
    comment = (comment or "").replace("\r\n", "\n").strip()
    problem = text_problem(comment, gettext("Uzupełnienie"))
    if problem:
        return problem
    if not move(db, request, RequestStatus.NEEDS_INFO, RequestStatus.IN_PROGRESS, now):
        return gettext(NOT_WAITING_PL)
    step = add_step(db, request, actor, by_staff=False, comment=comment, now=now)
    attached = files.attach_client_waiting(db, user_id, request.id, step.id)
    audit.record(
        db,
        "client_request_complete",
        "ok",
        actor,
        company_id=company_id,
        user_id=user_id,
        ip=ip,
        request_id=request.id,
        files=attached or None,
    )
    return None


def views(db: Session, requests: list[ClientRequest], locale: str | None = None) -> list[dict]:
    """Everything a list shows of each request: its fields, status, steps with their files, the sender;
    labels in `locale` (by default the language of the event being handled)."""
    ids = [r.id for r in requests]
    steps: dict[int, list[ClientRequestStep]] = {}
    if ids:
        query = select(ClientRequestStep).where(col(ClientRequestStep.request_id).in_(ids))
        for step in db.exec(query.order_by(col(ClientRequestStep.id))).all():
            steps.setdefault(step.request_id, []).append(step)
    by_step = files.of_requests(db, ids)
    senders = _names(db, {r.user_id for r in requests})
    return [_view(r, steps.get(r.id, []), by_step, senders.get(r.user_id, ""), locale) for r in requests]


def _names(db: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    query = select(User.id, User.first_name, User.last_name).where(col(User.id).in_(user_ids))
    return {uid: f"{first} {last}" for uid, first, last in db.exec(query).all()}


def _status(status: str, locale: str | None) -> str:
    return gettext(catalogue.STATUS_LABELS_PL.get(status, status), locale)


def _view(
    request: ClientRequest, steps: list[ClientRequestStep], by_step: dict, sender: str, locale: str | None
) -> dict:
    shown_steps = [
        {
            "at": format_moment(s.at),
            "who": "HelpDesk" if s.by_staff else s.actor.split("/")[-1],
            "status": s.status,
            "status_label": _status(s.status, locale),
            "comment": s.comment or "",
            "files": [files.row(f) for f in by_step.get(s.id, [])],
        }
        for s in steps
    ]
    answers = [f for s in steps if s.by_staff for f in by_step.get(s.id, [])]
    sent = by_step.get(steps[0].id, []) if steps else []
    return {
        "id": request.id,
        "number": catalogue.number(request.id, request.created_at.year),
        "kind": request.kind,
        "kind_label": gettext(catalogue.label(request.kind), locale),
        "status": request.status,
        "status_label": _status(request.status, locale),
        "open": request.status in catalogue.OPEN,
        "fields": [
            {"label": k, "value": v} for k, v in catalogue.describe(request.kind, request.details, locale)
        ],
        "sent_at": format_moment(request.created_at),
        "updated_at": format_moment(request.updated_at),
        "sender": sender,
        "answer": request.answer or "",
        "answered_at": format_moment(request.answered_at),
        "handled_by": request.handled_by or "",
        "documents": [files.row(f) for f in answers],
        "files": [files.row(f) for f in sent],
        "steps": shown_steps,
        "document": catalogue.BY_CODE[request.kind].document if request.kind in catalogue.BY_CODE else "",
    }


def paged(db: Session, query: Select, page: int, page_size: int = PAGE_SIZE) -> tuple[list, int, int, int]:
    """One page of `query`'s rows (already ordered): (rows, total, page clamped to the pages, pages)."""
    total = db.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    rows = db.exec(query.offset((page - 1) * page_size).limit(page_size)).all()
    return list(rows), total, page, pages


def company_requests(
    db: Session,
    *,
    company_id: int,
    status: str = "",
    contract_id: int | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Page:
    """One page of the company's requests, newest first (of one status and contract when given), as
    views, with how many there are."""
    query = select(ClientRequest).where(ClientRequest.company_id == company_id)
    if status in set(RequestStatus):
        query = query.where(ClientRequest.status == status)
    if contract_id is not None:
        query = query.where(ClientRequest.contract_id == contract_id)
    rows, total, page, pages = paged(db, query.order_by(col(ClientRequest.id).desc()), page, page_size)
    return Page(views(db, rows), total, page, pages)


def filter_contracts(db: Session, *, company_id: int, wanted: int | None = None) -> list[tuple[int, str]]:
    """(id, number) of the company's contracts that have requests (and of `wanted`), by number: the
    choices of the list's contract filter."""
    with_requests = select(ClientRequest.contract_id).where(ClientRequest.company_id == company_id)
    query = (
        select(Contract.id, Contract.number)
        .where(Contract.company_id == company_id)
        .where(or_(col(Contract.id).in_(with_requests), col(Contract.id) == (wanted or 0)))
        .order_by(col(Contract.number))
    )
    return [(cid, number) for cid, number in db.exec(query).all()]
