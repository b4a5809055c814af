"""Activation of the service from the signed configuration form (Wniosek o Konfigurację użytkowników):
the company with a new unique MilleKod, its users in the first-log-in state with temporary passwords sent
to them by SMS (the consultant never sees them), token users with their TOTP secret enrolled.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypedDict

import pyotp
import segno
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ebok_app import accounts
from ebok_app.accounts import PermissionDenied
from ebok_app.accounts.login import LOGIN_RE
from ebok_app.accounts.staff import Staff, refuse, require_right
from ebok_app.content import terms_versions
from ebok_app.db import session_scope
from ebok_app.models import AuthMethod, Company, Role, StaffRight, User
from ebok_app.portfolio.identifiers import is_valid_nip, is_valid_regon
from ebok_app.security import audit, otp
from ebok_app.security.sealing import seal_secret
from ebok_app.settings import get_settings
from ebok_app.sms import texts
from ebok_app.sms.outbox import send_sms
from ebok_app.sms.phones import normalize_phone, phone_problem

MAX_USERS = 10
CONFLICT_PL = "Tę firmę właśnie aktywowano w innym oknie: sprawdź ją w wyszukiwarce klientów."
POSTAL_RE = re.compile(r"^\d{2}-\d{3}$")


@dataclass(frozen=True)
class UserForm:
    first_name: str
    last_name: str
    login: str
    phone: str
    role: str = Role.VIEWER
    auth_method: str = AuthMethod.SMS


@dataclass(frozen=True)
class CompanyForm:
    name: str
    nip: str
    regon: str
    street: str
    postal_code: str
    city: str
    users: list[UserForm] = field(default_factory=list)
    form_witness: str = ""  # the employee in whose presence the paper form was signed
    form_signed_on: date | None = None
    terms_version: str = ""  # the version of the service terms the client accepted on the form


class EnrolmentCard(TypedDict):
    login: str
    name: str
    qr: str  # an SVG data URI


@dataclass(frozen=True)
class TokenEnrolment:
    """What the consultant shows once to enrol a token user's TOTP app (the secret inside the QR)."""

    login: str
    name: str
    qr_svg_uri: str

    def card(self) -> EnrolmentCard:
        return {"login": self.login, "name": self.name, "qr": self.qr_svg_uri}


@dataclass(frozen=True)
class Activation:
    company_id: int
    millekod: str
    company_name: str
    users: int
    enrolments: list[TokenEnrolment]


class ActivationError(ValueError):
    """The form has problems (Polish, one per line); nothing was created."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "")


def form_problems(db: Session, form: CompanyForm, today: date) -> list[str]:
    """Everything wrong with the form, in Polish; empty when the company can be activated."""
    problems = _signature_problems(form, today)
    if not 2 <= len(form.name.strip()) <= 200:
        problems.append("Podaj nazwę firmy (2–200 znaków).")
    nip = _digits(form.nip)
    if not is_valid_nip(nip):
        problems.append("NIP jest nieprawidłowy (10 cyfr z poprawną cyfrą kontrolną).")
    elif db.exec(select(Company.id).where(Company.nip == nip)).first() is not None:
        problems.append("Firma o tym NIP ma już aktywną usługę eBOK.")
    if not is_valid_regon(form.regon):
        problems.append("REGON jest nieprawidłowy (9 cyfr z poprawną cyfrą kontrolną).")
    if not form.street.strip() or not form.city.strip():
        problems.append("Podaj ulicę i miejscowość.")
    elif len(form.street.strip()) > 200 or len(form.city.strip()) > 100:
        problems.append("Ulica może mieć najwyżej 200 znaków, miejscowość 100.")
    if not POSTAL_RE.fullmatch(form.postal_code.strip()):
        problems.append("Kod pocztowy ma postać 00-000.")
    problems += _users_problems(form.users)
    return problems


def _signature_problems(form: CompanyForm, today: date) -> list[str]:
    """The paper form: signed in the presence of a named employee, on a day not in the future, with a
    published version of the terms accepted."""
    problems = []
    if not 3 <= len(form.form_witness.strip()) <= 120:
        problems.append("Podaj imię i nazwisko pracownika, w którego obecności podpisano wniosek.")
    if form.form_signed_on is None or form.form_signed_on > today:
        problems.append("Podaj datę podpisania wniosku (nie późniejszą niż dziś).")
    if form.terms_version not in terms_versions():
        problems.append("Wybierz wersję regulaminu zaakceptowaną przez klienta na wniosku.")
    return problems


def _users_problems(users: list[UserForm]) -> list[str]:
    if not users:
        return ["Dodaj co najmniej jednego użytkownika."]
    if len(users) > MAX_USERS:
        return [f"Wniosek może zawierać najwyżej {MAX_USERS} użytkowników."]
    problems = []
    logins: set[str] = set()
    for n, user in enumerate(users, start=1):
        who = f"Użytkownik {n}"
        if not user.first_name.strip() or not user.last_name.strip():
            problems.append(f"{who}: podaj imię i nazwisko.")
        login = user.login.strip().lower()
        if not LOGIN_RE.fullmatch(login):
            problems.append(f"{who}: login to 2–64 znaki: litery bez polskich znaków, cyfry, . _ -")
        elif login in logins:
            problems.append(f"{who}: login {login} powtarza się we wniosku.")
        logins.add(login)
        problem = phone_problem(normalize_phone(user.phone))
        if problem:
            problems.append(f"{who}: {problem}.")
        if user.role not in set(Role):
            problems.append(f"{who}: wybierz uprawnienia.")
        if user.auth_method not in (AuthMethod.SMS, AuthMethod.TOKEN):  # a reader token is not enrolled here
            problems.append(f"{who}: wybierz H@sło SMS albo token.")
    if not any(u.role == Role.ADMIN for u in users):
        problems.append("Co najmniej jeden użytkownik musi mieć uprawnienia administratora firmy.")
    return problems


def new_millekod(db: Session) -> str:
    """A random 8-digit MilleKod no company has."""
    while True:
        code = str(10_000_000 + secrets.randbelow(90_000_000))
        if db.exec(select(Company.id).where(Company.millekod == code)).first() is None:
            return code


def activate(
    db: Session, staff: Staff | None, form: CompanyForm, now: datetime, issuer: str, ip: str | None = None
) -> Activation:
    """Create the company and its users for `staff` (the right `activate`), or raise.

    PermissionDenied without the right, ActivationError with the form's problems.
    """
    try:
        require_right(staff, StaffRight.ACTIVATE)
    except PermissionDenied:
        refuse(db, staff, "activation", ip, nip=_digits(form.nip))
        raise
    problems = form_problems(db, form, now.date())
    if problems:
        raise ActivationError(problems)
    company = Company(
        millekod=new_millekod(db),
        name=form.name.strip(),
        nip=_digits(form.nip),
        regon=_digits(form.regon),
        street=form.street.strip(),
        postal_code=form.postal_code.strip(),
        city=form.city.strip(),
        created_at=now,
        activated_by=staff.label,
        activated_at=now,
        form_signed_on=form.form_signed_on,
        form_witness=form.form_witness.strip(),
        terms_version=form.terms_version,
        demo=get_settings().demo_mode,  # activated during a demo: the demo inbox shows its SMS
    )
    db.add(company)
    db.flush()
    enrolments = [e for e in (_add_user(db, company, u, now, issuer) for u in form.users) if e is not None]
    audit.record(
        db,
        "activation",
        "ok",
        staff.label,
        company_id=company.id,
        ip=ip,
        millekod=company.millekod,
        logins=[u.login.strip().lower() for u in form.users],
        signed_on=form.form_signed_on.isoformat(),
        witness=form.form_witness.strip(),
        terms_version=form.terms_version,
    )
    return Activation(company.id, company.millekod, company.name, len(form.users), enrolments)


def _add_user(
    db: Session, company: Company, form: UserForm, now: datetime, issuer: str
) -> TokenEnrolment | None:
    """A user in the first-log-in state who accepted the terms of the company's signed form."""
    token = form.auth_method == AuthMethod.TOKEN
    user = User(
        company_id=company.id,
        login=form.login.strip().lower(),
        first_name=form.first_name.strip(),
        last_name=form.last_name.strip(),
        phone=normalize_phone(form.phone),
        role=form.role,
        auth_method=form.auth_method,
        created_at=now,
        terms_version=company.terms_version,
        terms_accepted_at=now,
    )
    seed = otp.new_totp_secret() if token else None
    user.totp_secret = seal_secret(seed) if seed else None
    temporary = accounts.issue_temporary_password(user, now)
    db.add(user)
    db.flush()
    send_sms(
        db,
        phone=user.phone,
        purpose="temp_password",
        body=texts.activation_text(
            company.millekod, user.login, temporary, accounts.temporary_password_hours()
        ),
        idempotency_key=f"activation:{user.id}",
        user_id=user.id,
        company_id=company.id,
        secret=temporary,
    )
    if not token:
        return None
    uri = pyotp.TOTP(seed).provisioning_uri(name=f"{company.millekod}/{user.login}", issuer_name=issuer)
    return TokenEnrolment(
        user.login, f"{user.first_name} {user.last_name}", segno.make(uri).svg_data_uri(scale=4)
    )


def activate_committed(
    staff: Staff | None, form: CompanyForm, *, now: datetime, brand_name: str, ip: str | None
) -> Activation | None:
    """`activate` in a transaction of its own: None when refused (the refusal's audit entry is committed
    all the same); ActivationError for the form's problems, and when another activation of the same NIP
    (or MilleKod) won the race."""
    try:
        with session_scope() as session:
            try:
                return activate(session, staff, form, now, brand_name, ip)
            except PermissionDenied:
                return None
    except IntegrityError:
        raise ActivationError([CONFLICT_PL]) from None
