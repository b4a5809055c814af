"""The helpdesk's work on client accounts: search, a user's state, the two unlocks, a new phone number,
deactivation, the audit log and the failed SMS. Every action needs the right `helpdesk` and leaves an
audit entry with the employee as the actor (a refusal too)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from ebok_app.accounts import PermissionDenied, auth_change, company_admin, phone_change, sessions, unlocking
from ebok_app.accounts.cards import UserCard, user_card
from ebok_app.accounts.company_admin import LAST_ADMIN_PL, active_admins
from ebok_app.accounts.staff import Staff, refuse, require_right
from ebok_app.models import AuditEntry, Company, Role, SmsMessage, StaffRight, StaffUser, User
from ebok_app.portfolio.identifiers import format_nip
from ebok_app.security import audit
from ebok_app.sms.outbox import failed_messages

SEARCH_LIMIT = 20
AUDIT_LIMIT = 200


@dataclass(frozen=True)
class AuditFilter:
    millekod: str = ""
    action: str = ""
    result: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _require(db: Session, staff: Staff | None, action: str, ip: str | None, **details: object) -> Staff:
    try:
        return require_right(staff, StaffRight.HELPDESK)
    except PermissionDenied:
        refuse(db, staff, action, ip, **details)
        raise


def _viewed(db: Session, staff: Staff, action: str, **details: object) -> None:
    """Staff reading client data is an operation too: it is in the audit log."""
    audit.record(db, action, "ok", staff.label, ip=staff.ip, **details)


def search_clients(db: Session, staff: Staff | None, query: str) -> list[tuple[Company, list[User]]]:
    """Companies whose MilleKod, NIP or name, or whose user's login or name, matches `query`."""
    staff = _require(db, staff, "client_search", None)
    text = (query or "").strip().lower()
    if len(text) < 2:
        return []
    _viewed(db, staff, "client_search", query=text[:60])
    like = f"%{text}%"
    digits = text.replace("-", "").replace(" ", "")
    by_user = select(User.company_id).where(
        or_(func.lower(User.login).like(like), func.lower(User.last_name).like(like))
    )
    companies = db.exec(
        select(Company)
        .where(
            or_(
                Company.millekod == digits,
                Company.nip == digits,
                func.lower(Company.name).like(like),
                col(Company.id).in_(by_user),
            )
        )
        .order_by(col(Company.name))
        .limit(SEARCH_LIMIT)
    ).all()
    return [
        (c, list(db.exec(select(User).where(User.company_id == c.id).order_by(col(User.last_name)))))
        for c in companies
    ]


def unlock(
    db: Session,
    staff: Staff | None,
    user_id: int,
    *,
    new_password: bool,
    max_failures: int,
    now: datetime,
    ip: str | None = None,
) -> User:
    """Either unlock of guide 001 done by the helpdesk; PermissionDenied without the right."""
    _require(db, staff, "unlock_new_password" if new_password else "unlock_current_password", ip)
    target = db.get(User, user_id)
    unlocking.unlock(
        db,
        staff.actor(),
        target,
        new_password=new_password,
        max_failures=max_failures,
        now=now,
        ip=ip,
        target_ref=user_id,
    )
    return target


def change_phone(
    db: Session, staff: Staff | None, user_id: int, phone: str, now: datetime, ip: str | None = None
) -> str | None:
    """Set a user's mobile number; a Polish message when the number is wrong (nothing changes)."""
    _require(db, staff, "phone_change", ip, target_user_id=user_id)
    target = db.get(User, user_id)
    if target is None:
        return "Nie ma takiego użytkownika."
    try:
        number = phone_change.checked_number(target, phone)
    except phone_change.PhoneChangeProblem as problem:
        return str(problem)
    phone_change.apply_new_phone(db, target, number, staff.actor(), now, ip=ip)
    return None


def set_auth_method(
    db: Session, staff: Staff | None, user_id: int, method: str, now: datetime, ip: str | None = None
) -> str | None:
    """Set a user's authorisation tool; the user finishes the change in Profil (proving the current
    tool; a new token's QR code is shown to them only). A Polish message when it cannot be done."""
    _require(db, staff, "auth_change_request", ip, target_user_id=user_id)
    target = db.get(User, user_id)
    if target is None:
        return "Nie ma takiego użytkownika."
    try:
        auth_change.request(db, staff.actor(), target, method, now, ip=ip)
    except auth_change.AuthChangeProblem as problem:
        return str(problem)
    return None


def deactivate(
    db: Session, staff: Staff | None, user_id: int, now: datetime, ip: str | None = None
) -> str | None:
    """Switch a user off: no log-in from now on, every open session ends. A Polish message when the user is
    missing or the company's last active administrator (the company would be left without one)."""
    _require(db, staff, "user_deactivate", ip, target_user_id=user_id)
    target = db.get(User, user_id)
    if target is None:
        return "Nie ma takiego użytkownika."
    if target.active and target.role == Role.ADMIN and active_admins(db, target.company_id) <= 1:
        return LAST_ADMIN_PL
    target.active = False
    ended = sessions.end_all(db, target.id, now, "disabled")
    audit.record(
        db,
        "user_deactivate",
        "ok",
        staff.label,
        company_id=target.company_id,
        ip=ip,
        target_user_id=target.id,
        target_login=target.login,
        sessions=ended,
    )
    return None


def audit_entries(db: Session, staff: Staff | None, wanted: AuditFilter) -> list[tuple[AuditEntry, str]]:
    """The newest audit entries that match `wanted`, each with its company's MilleKod ("" for none)."""
    staff = _require(db, staff, "audit_view", None)
    _viewed(db, staff, "audit_view", millekod=wanted.millekod.strip()[:10], action_filter=wanted.action)
    query = select(AuditEntry, Company.millekod).join(Company, isouter=True)
    if wanted.millekod.strip():
        query = query.where(Company.millekod == wanted.millekod.strip())
    if wanted.action:
        query = query.where(AuditEntry.action == wanted.action)
    if wanted.result:
        query = query.where(AuditEntry.result == wanted.result)
    if wanted.actor.strip():
        query = query.where(func.lower(AuditEntry.actor).like(f"%{wanted.actor.strip().lower()}%"))
    if wanted.date_from:
        query = query.where(AuditEntry.at >= datetime.combine(wanted.date_from, time.min, UTC))
    if wanted.date_to:
        query = query.where(
            AuditEntry.at < datetime.combine(wanted.date_to + timedelta(days=1), time.min, UTC)
        )
    rows = db.exec(query.order_by(col(AuditEntry.id).desc()).limit(AUDIT_LIMIT)).all()
    return [(entry, millekod or "") for entry, millekod in rows]


UNKNOWN_ACTOR_PL = "nieznany login"
STAFF_PREFIX = "helpdesk:"


def actor_names(db: Session, actors: set[str]) -> dict[str, str]:
    """How the audit log names its actors: employees ("helpdesk:<login>") and client users
    ("<MilleKod>/<login>") by their names, the log-in of a login that does not exist as such."""
    names = {"unknown": UNKNOWN_ACTOR_PL}
    staff_logins = {a.removeprefix(STAFF_PREFIX) for a in actors if a.startswith(STAFF_PREFIX)}
    if staff_logins:
        for person in db.exec(select(StaffUser).where(col(StaffUser.login).in_(staff_logins))):
            names[STAFF_PREFIX + person.login] = f"{person.first_name} {person.last_name} (HelpDesk)"
    client_keys = {tuple(a.split("/", 1)) for a in actors if "/" in a and not a.startswith(STAFF_PREFIX)}
    millekods = {millekod for millekod, _ in client_keys}
    if millekods:
        query = select(User, Company.millekod).join(Company).where(col(Company.millekod).in_(millekods))
        for user, millekod in db.exec(query):
            if (millekod, user.login) in client_keys:
                names[f"{millekod}/{user.login}"] = f"{user.first_name} {user.last_name} ({user.login})"
    return names


def failed_sms(db: Session, staff: Staff | None) -> list[SmsMessage]:
    staff = _require(db, staff, "failed_sms_view", None)
    _viewed(db, staff, "failed_sms_view")
    return failed_messages(db)


class ClientUserRow(UserCard):
    """A client user as the helpdesk's search shows them: with the company (the phone in full)."""

    company: str
    millekod: str
    nip: str
    einvoices: str


def client_user_row(company: Company, user: User) -> ClientUserRow:
    return {
        **user_card(user, user.phone),
        "company": company.name,
        "millekod": company.millekod,
        "nip": format_nip(company.nip),
        "einvoices": company_admin.einvoices_label(company),
    }
