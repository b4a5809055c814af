"""Company administration: rights and unlocks by the company's own administrators; a plain user and
an administrator of another company are refused (and audited); the last administrator stays."""

import pytest
from sqlmodel import Session, select

from ebok_app import helpdesk
from ebok_app.accounts import PermissionDenied, company_admin, unlocking
from ebok_app.accounts.company_admin import LastAdministrator
from ebok_app.models import AuditEntry, Company, Role, SmsMessage, User
from tests.helpdesk_scene import NOW, build

REFUSED = ["afinanse", "aview", "badmin"]  # plain users of the company, the administrator of another


def _lock(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    user.locked_at, user.failed_attempts = NOW, 3
    return user


@pytest.mark.parametrize("who", REFUSED)
def test_changing_rights_is_refused_to_anyone_but_the_company_admin(engine, who):
    scene = build(engine)
    with Session(engine) as session:
        with pytest.raises(PermissionDenied):
            company_admin.set_role(
                session, scene.actor(session, who), session.get(User, scene.users["aview"]), "admin"
            )
        session.commit()
        assert session.get(User, scene.users["aview"]).role == Role.VIEWER
        entry = session.exec(select(AuditEntry)).one()
        assert (entry.action, entry.result, entry.actor) == ("role_change", "denied", f"x/{who}")


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize("new_password", [False, True])
def test_unlocking_is_refused_to_anyone_but_the_company_admin(engine, who, new_password):
    scene = build(engine)
    with Session(engine) as session:
        target = (
            _lock(session, scene.users["aview"])
            if who != "aview"
            else _lock(session, scene.users["afinanse"])
        )
        with pytest.raises(PermissionDenied):
            unlocking.unlock(
                session, scene.actor(session, who), target, new_password=new_password, max_failures=3, now=NOW
            )
        session.commit()
        assert target.locked_at is not None
        assert session.exec(select(AuditEntry.result)).all() == ["denied"]


@pytest.mark.parametrize("new_password", [False, True])
def test_the_company_admin_unlocks_a_colleague_both_ways(engine, new_password):
    scene = build(engine)
    with Session(engine) as session:
        target = _lock(session, scene.users["aview"])
        unlocking.unlock(
            session,
            scene.actor(session, "aadmin"),
            target,
            new_password=new_password,
            max_failures=3,
            now=NOW,
        )
        session.commit()
        assert target.locked_at is None and target.failed_attempts == 0
        assert target.must_change_password is new_password


def test_the_company_admin_grants_and_revokes_rights(engine):
    scene = build(engine)
    with Session(engine) as session:
        admin = scene.actor(session, "aadmin")
        viewer = session.get(User, scene.users["aview"])
        company_admin.set_role(session, admin, viewer, "finance")
        assert viewer.role == Role.FINANCE
        company_admin.set_role(session, admin, viewer, "admin")
        company_admin.set_role(session, admin, session.get(User, scene.users["aadmin"]), "viewer")
        session.commit()
        assert session.get(User, scene.users["aadmin"]).role == Role.VIEWER
        changes = session.exec(select(AuditEntry).where(AuditEntry.action == "role_change")).all()
        assert [(e.details["old"], e.details["new"]) for e in changes] == [
            ("viewer", "finance"),
            ("finance", "admin"),
            ("admin", "viewer"),
        ]


def test_the_last_administrator_cannot_be_removed_and_a_bad_role_is_refused(engine):
    scene = build(engine)
    with Session(engine) as session:
        admin = scene.actor(session, "aadmin")
        me = session.get(User, scene.users["aadmin"])
        with pytest.raises(LastAdministrator):
            company_admin.set_role(session, admin, me, "viewer")
        with pytest.raises(PermissionDenied):
            company_admin.set_role(session, admin, session.get(User, scene.users["aview"]), "superuser")
        with pytest.raises(PermissionDenied):
            company_admin.set_role(session, admin, None, "admin", target_ref=999)
        assert me.role == Role.ADMIN


@pytest.mark.parametrize("who", REFUSED)
def test_only_the_company_admin_chooses_e_invoices_and_refusals_are_audited(engine, who):
    scene = build(engine)
    alfa = scene.companies["alfa"]
    with Session(engine) as session:
        with pytest.raises(PermissionDenied):
            company_admin.set_einvoices(session, scene.actor(session, who), alfa, True, now=NOW)
        session.commit()
        assert session.get(Company, alfa).einvoices is False
        entry = session.exec(select(AuditEntry)).one()
        assert (entry.action, entry.result, entry.actor) == ("einvoice_consent", "denied", f"x/{who}")


def test_the_admins_e_invoice_choice_is_stored_audited_and_shown_to_the_helpdesk(engine):
    scene = build(engine)
    alfa = scene.companies["alfa"]
    with Session(engine) as session:
        assert company_admin.einvoices_label(session.get(Company, alfa)) == "faktury papierowe"
        company_admin.set_einvoices(
            session, scene.actor(session, "aadmin"), alfa, True, now=NOW, ip="10.0.0.1"
        )
        session.commit()
        company = session.get(Company, alfa)
        assert (company.einvoices, company.einvoices_changed_by) == (True, "x/aadmin")
        assert (
            company_admin.einvoices_label(company)
            == f"faktury elektroniczne od {NOW:%d.%m.%Y}, wybrał(a) x/aadmin"
        )
        entry = session.exec(select(AuditEntry)).one()
        assert (entry.action, entry.result, entry.company_id, entry.details["einvoices"]) == (
            "einvoice_consent",
            "ok",
            alfa,
            True,
        )
        found = helpdesk.search_clients(session, scene.staff["desk"], "Alfa")
        assert found and company_admin.einvoices_label(found[0][0]).startswith("faktury elektroniczne")


def test_the_company_admin_gives_a_colleague_who_forgot_the_password_a_new_one_without_a_lockout(engine):
    scene = build(engine)
    with Session(engine) as session:
        target = session.get(User, scene.users["aview"])
        assert target.locked_at is None
        unlocking.reset_password(session, scene.actor(session, "aadmin"), target, now=NOW)
        session.commit()
        assert target.must_change_password and target.masked_secret is None
        sms = session.exec(select(SmsMessage).where(SmsMessage.purpose == "temp_password")).one()
        assert sms.phone == target.phone and "hasło tymczasowe" in sms.body
        entry = session.exec(select(AuditEntry)).one()
        assert (entry.action, entry.result, entry.details["target_login"]) == (
            "password_reset",
            "ok",
            "aview",
        )


@pytest.mark.parametrize("who", ["afinanse", "badmin", "aadmin"])  # a plain user, another company, oneself
def test_a_new_password_is_refused_to_anyone_but_an_admin_of_the_company_for_a_colleague(engine, who):
    scene = build(engine)
    with Session(engine) as session:
        target = session.get(User, scene.users["aadmin" if who == "aadmin" else "aview"])
        before = target.password_hash
        with pytest.raises(PermissionDenied):
            unlocking.reset_password(session, scene.actor(session, who), target, now=NOW)
        session.commit()
        assert target.password_hash == before and not target.must_change_password
        assert session.exec(select(SmsMessage)).all() == []
        assert session.exec(select(AuditEntry.action, AuditEntry.result)).all() == [
            ("password_reset", "denied")
        ]
