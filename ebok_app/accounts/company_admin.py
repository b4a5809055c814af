"""Company administration by the client's own administrators: rights of colleagues (administrator,
finance, view only), and the choice of e-invoices instead of paper ones. Unlocking colleagues lives in
`unlocking`. An administrator acts only inside their company, and the company always keeps at least
one active administrator."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from ebok_app.accounts import Actor, PermissionDenied, record_refusal
from ebok_app.models import Company, Role, User
from ebok_app.security import audit

LAST_ADMIN_PL = (
    "Firma musi mieć co najmniej jednego aktywnego administratora: "
    "nadaj najpierw te uprawnienia komuś innemu."
)


class LastAdministrator(ValueError):
    """The change would leave the company without an active administrator."""


def check_may_administer(actor: Actor, target: User | None) -> User:
    """An administrator of the target's company; PermissionDenied for anybody else (or no target)."""
    if target is None or actor.helpdesk or actor.role != Role.ADMIN or actor.company_id != target.company_id:
        raise PermissionDenied("only an administrator of the same company may change rights")
    return target


def set_role(
    db: Session,
    actor: Actor,
    target: User | None,
    role: str,
    *,
    ip: str | None = None,
    target_ref: object = None,
) -> User:
    """Give `target` the rights `role`; PermissionDenied (audited) or LastAdministrator."""
    try:
        check_may_administer(actor, target)
        new_role = Role(role)
    except (PermissionDenied, ValueError):
        record_refusal(
            db, actor, "role_change", ip, target_user_id=target_ref if target is None else target.id
        )
        raise PermissionDenied("refused") from None
    if target.role == Role.ADMIN and new_role != Role.ADMIN and active_admins(db, target.company_id) <= 1:
        raise LastAdministrator(LAST_ADMIN_PL)
    old = target.role
    target.role = new_role
    audit.record(
        db,
        "role_change",
        "ok",
        actor.label,
        company_id=target.company_id,
        user_id=actor.user_id,
        ip=ip,
        target_user_id=target.id,
        target_login=target.login,
        old=old,
        new=new_role.value,
    )
    return target


def active_admins(db: Session, company_id: int) -> int:
    query = select(func.count()).where(User.company_id == company_id, User.role == Role.ADMIN, User.active)
    return db.exec(query).one()


def company_users(session: Session, *, company_id: int) -> list[User]:
    """The users of one company, by surname (the administrators' Użytkownicy)."""
    query = select(User).where(User.company_id == company_id).order_by(col(User.last_name))
    return list(session.exec(query).all())


def colleague(session: Session, *, company_id: int, user_id: int) -> User | None:
    """A user of `company_id`; another company's user is None, exactly like a missing one."""
    user = session.get(User, user_id)
    return user if user is not None and user.company_id == company_id else None


def set_einvoices(
    db: Session, actor: Actor, company_id: int, enabled: bool, *, now: datetime, ip: str | None = None
) -> Company:
    """The company administrator's choice of e-invoices instead of paper ones (audited, refusals too)."""
    company = db.get(Company, company_id)
    if company is None or actor.helpdesk or actor.role != Role.ADMIN or actor.company_id != company_id:
        record_refusal(db, actor, "einvoice_consent", ip)
        raise PermissionDenied("only the company's administrator chooses e-invoices")
    if company.einvoices != enabled:
        company.einvoices = enabled
        company.einvoices_changed_by = actor.label
        company.einvoices_changed_at = now
        db.add(company)
    audit.record(
        db,
        "einvoice_consent",
        "ok",
        actor.label,
        company_id=company_id,
        user_id=actor.user_id,
        ip=ip,
        einvoices=enabled,
    )
    return company


def einvoices_label(company: Company) -> str:
    """How the company gets its invoices, as the portal and the helpdesk show it (Polish)."""
    if not company.einvoices:
        return "faktury papierowe"
    when = company.einvoices_changed_at
    since = f" od {when:%d.%m.%Y}" if when else ""
    who = f", wybrał(a) {company.einvoices_changed_by}" if company.einvoices_changed_by else ""
    return f"faktury elektroniczne{since}{who}"
