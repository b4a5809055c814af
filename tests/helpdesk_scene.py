"""A small scene for the helpdesk, activation and company-administration tests: two companies with
users, a contract each, and three employees (consultant, helpdesk, trainee without rights). Its company
and contract makers serve the notification tests too."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, select

from ebok_app import db
from ebok_app.accounts import Actor
from ebok_app.accounts.staff import Staff
from ebok_app.content import current_terms
from ebok_app.models import Asset, Company, Contract, Role, StaffRight, StaffUser, User
from ebok_app.security import otp
from ebok_app.settings import get_settings

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Scene:
    companies: dict[str, int]  # name -> company id
    users: dict[str, int]  # login -> user id
    contracts: dict[str, int]  # company name -> contract id
    staff: dict[str, Staff]  # login -> signed-in employee

    def actor(self, session: Session, login: str) -> Actor:
        user = session.get(User, self.users[login])
        return Actor(f"x/{login}", user.company_id, user.id, user.role)


def add_company(session: Session, name: str, millekod: str, nip: str) -> Company:
    company = Company(
        millekod=millekod,
        name=name,
        nip=nip,
        regon="123456785",
        street="ul. Prosta 1",
        postal_code="00-001",
        city="Warszawa",
        created_at=NOW,
    )
    session.add(company)
    session.flush()
    return company


def _user(session: Session, company: Company, login: str, role: Role, phone: str) -> User:
    user = User(
        company_id=company.id,
        login=login,
        first_name=login.capitalize(),
        last_name="Testowa",
        phone=phone,
        role=role,
        must_change_password=False,
        created_at=NOW,
    )
    session.add(user)
    session.flush()
    return user


def add_contract(session: Session, company: Company, number: str) -> Contract:
    asset = Asset(company_id=company.id, kind="samochód osobowy", make="Skoda", model="Octavia", year=2024)
    session.add(asset)
    session.flush()
    contract = Contract(
        company_id=company.id,
        asset_id=asset.id,
        number=number,
        lease_type="operating",
        signed_on=date(2025, 1, 1),
        start_date=date(2025, 1, 1),
        end_date=date(2028, 1, 1),
        installments_count=36,
        annual_rate_bp=700,
    )
    session.add(contract)
    session.flush()
    return contract


def build(engine: Engine) -> Scene:
    with Session(engine) as session:
        alfa = add_company(session, "Alfa Sp. z o.o.", "11111111", "5260250274")
        beta = add_company(session, "Beta S.A.", "22222222", "7740001454")
        users = {
            "aadmin": _user(session, alfa, "aadmin", Role.ADMIN, "+48601000001"),
            "afinanse": _user(session, alfa, "afinanse", Role.FINANCE, "+48601000002"),
            "aview": _user(session, alfa, "aview", Role.VIEWER, "+48601000003"),
            "badmin": _user(session, beta, "badmin", Role.ADMIN, "+48601000004"),
        }
        contracts = {
            "alfa": add_contract(session, alfa, "UL/2025/0001").id,
            "beta": add_contract(session, beta, "UL/2025/0002").id,
        }
        staff = {}
        for login, rights in (
            ("kons", [StaffRight.ACTIVATE, StaffRight.HELPDESK]),
            ("desk", [StaffRight.HELPDESK]),
            ("akt", [StaffRight.ACTIVATE]),
            ("nikt", []),
        ):
            row = StaffUser(
                login=login,
                first_name=login,
                last_name="Pracownik",
                password_hash="x",
                totp_secret=otp.new_totp_secret(),
                rights=[r.value for r in rights],
                created_at=NOW,
            )
            session.add(row)
            session.flush()
            staff[login] = Staff(0, row.id, login, f"{login} Pracownik", frozenset(r.value for r in rights))
        session.commit()
        return Scene(
            companies={"alfa": alfa.id, "beta": beta.id},
            users={login: u.id for login, u in users.items()},
            contracts=contracts,
            staff=staff,
        )


@contextmanager
def in_app_database(url: str, monkeypatch) -> Iterator[Scene]:
    """The scene in the app's own configured database (handlers use db.get_engine()), every user's terms
    accepted (require_login lets them in)."""
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    built = build(db.get_engine())
    with db.session_scope() as session:
        for user in session.exec(select(User)).all():
            user.terms_version = current_terms().version
    yield built
    db.get_engine.cache_clear()
    get_settings.cache_clear()
