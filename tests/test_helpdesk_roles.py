"""The helpdesk's actions: each one works for an employee with the right `helpdesk` and is refused
(and audited) for an employee without it and for nobody; staff log-in and staff sessions."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import Session, select

from ebok_app import contact, helpdesk
from ebok_app.accounts import PermissionDenied, sessions, staff
from ebok_app.accounts.company_admin import LAST_ADMIN_PL
from ebok_app.helpdesk import AuditFilter
from ebok_app.models import AuditEntry, ContactMessage, SmsMessage, SmsStatus, StaffUser, User
from ebok_app.security.passwords import hash_password
from tests.helpdesk_scene import NOW, build


def _message(session: Session, scene) -> int:
    row = ContactMessage(
        company_id=scene.companies["alfa"],
        user_id=scene.users["aview"],
        topic="Inny temat",
        body="Proszę o kontakt.",
        created_at=NOW,
    )
    session.add(row)
    session.flush()
    return row.id


ACTIONS = {
    "search": lambda s, st, sc: helpdesk.search_clients(s, st, "alfa"),
    "unlock_current": lambda s, st, sc: helpdesk.unlock(
        s, st, sc.users["aview"], new_password=False, max_failures=3, now=NOW
    ),
    "unlock_new": lambda s, st, sc: helpdesk.unlock(
        s, st, sc.users["aview"], new_password=True, max_failures=3, now=NOW
    ),
    "phone": lambda s, st, sc: helpdesk.change_phone(s, st, sc.users["aview"], "601999888", NOW),
    "deactivate": lambda s, st, sc: helpdesk.deactivate(s, st, sc.users["aview"], NOW),
    "audit": lambda s, st, sc: helpdesk.audit_entries(s, st, AuditFilter()),
    "failed_sms": lambda s, st, sc: helpdesk.failed_sms(s, st),
    "inbox": lambda s, st, sc: contact.inbox(s, st),
    "take": lambda s, st, sc: contact.take(s, st, _message(s, sc)),
    "answer": lambda s, st, sc: contact.answer(s, st, _message(s, sc), "Dzień dobry, już sprawdzamy.", NOW),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", ["akt", "nikt", None])
def test_every_helpdesk_action_is_refused_without_the_right(engine, action, who):
    scene = build(engine)
    employee = scene.staff[who] if who else None
    with Session(engine) as session:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](session, employee, scene)
        session.commit()
        user = session.get(User, scene.users["aview"])
        assert user.active and user.phone == "+48601000003"
        denied = session.exec(select(AuditEntry).where(AuditEntry.result == "denied")).all()
        assert [e.actor for e in denied] == [f"helpdesk:{who}" if who else "unknown"]


@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_helpdesk_action_works_with_the_right(engine, action):
    scene = build(engine)
    with Session(engine) as session:
        ACTIONS[action](session, scene.staff["desk"], scene)
        session.commit()
        assert session.exec(select(AuditEntry).where(AuditEntry.result == "denied")).all() == []
        done = session.exec(select(AuditEntry).where(AuditEntry.result == "ok")).all()
        assert [e.actor for e in done] == ["helpdesk:desk"], action  # and the action is in the log


def test_search_finds_by_millekod_nip_name_and_login(engine):
    scene = build(engine)
    desk = scene.staff["desk"]
    with Session(engine) as session:
        for query in ("11111111", "526-025-02-74", "alfa sp", "AFINANSE"):
            found = helpdesk.search_clients(session, desk, query)
            assert [c.name for c, _ in found] == ["Alfa Sp. z o.o."], query
            assert {u.login for u in found[0][1]} == {"aadmin", "afinanse", "aview"}
        assert helpdesk.search_clients(session, desk, "nie ma takiej") == []


def test_helpdesk_unlocks_changes_the_phone_and_deactivates(engine):
    scene = build(engine)
    desk = scene.staff["desk"]
    target_id = scene.users["aview"]
    with Session(engine) as session:
        user = session.get(User, target_id)
        user.locked_at, user.failed_attempts = NOW, 3
        sessions.start(session, user, "tab", NOW, 3600, None, None)
        session.flush()
        helpdesk.unlock(session, desk, target_id, new_password=True, max_failures=3, now=NOW)
        assert user.locked_at is None and user.must_change_password
        assert helpdesk.change_phone(session, desk, target_id, "12", NOW) is not None
        assert helpdesk.change_phone(session, desk, target_id, "+48 601 999 888", NOW) is None
        assert user.phone == "+48601999888"
        helpdesk.deactivate(session, desk, target_id, NOW)
        session.commit()
        assert not user.active
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.actor == "helpdesk:desk")).all()
        assert actions == ["unlock_new_password", "phone_change", "user_deactivate"]
        sms = session.exec(select(SmsMessage).where(SmsMessage.purpose == "temp_password")).one()
        assert sms.phone == "+48601000003"  # the temporary password went to the number of the time


def test_audit_filters_and_failed_sms(engine):
    scene = build(engine)
    desk = scene.staff["desk"]
    with Session(engine) as session:
        helpdesk.change_phone(session, desk, scene.users["badmin"], "601999888", NOW)
        helpdesk.change_phone(session, desk, scene.users["aview"], "601999777", NOW)
        session.add(
            SmsMessage(
                company_id=scene.companies["beta"],
                phone="+48601000004",
                purpose="new_invoice",
                body="x",
                idempotency_key="k1",
                status=SmsStatus.FAILED,
                last_error="gateway down",
                created_at=NOW,
            )
        )
        session.commit()
        beta = helpdesk.audit_entries(session, desk, AuditFilter(millekod="22222222"))
        assert [(e.action, m) for e, m in beta] == [("phone_change", "22222222")]
        assert len(helpdesk.audit_entries(session, desk, AuditFilter(action="phone_change"))) == 2
        assert helpdesk.audit_entries(session, desk, AuditFilter(result="denied")) == []
        today = datetime.now(UTC).date()  # audit entries carry the real time
        in_range = AuditFilter(date_from=today - timedelta(days=1), date_to=today + timedelta(days=1))
        seen = [e.action for e, _ in helpdesk.audit_entries(session, desk, in_range)]
        assert sorted(a for a in seen if a != "audit_view") == ["phone_change", "phone_change"]
        assert seen.count("audit_view") == 4  # each look at the log is in the log, this one too
        assert helpdesk.audit_entries(session, desk, AuditFilter(date_to=today - timedelta(days=2))) == []
        assert [m.last_error for m in helpdesk.failed_sms(session, desk)] == ["gateway down"]


def _employee(engine, login: str = "anna") -> tuple[str, str]:
    secret = pyotp.random_base32()
    with Session(engine) as session:
        session.add(
            StaffUser(
                login=login,
                first_name="Anna",
                last_name="Nowak",
                password_hash=hash_password("Sekret#Pracownika1"),
                totp_secret=secret,
                rights=["helpdesk"],
                created_at=NOW,
            )
        )
        session.commit()
    return login, secret


def test_staff_log_in_needs_password_and_a_fresh_totp_code(engine):
    login, secret = _employee(engine)
    code = pyotp.TOTP(secret).at(NOW)
    with Session(engine) as session:
        assert staff.authenticate(session, login, "zle", code, None, NOW, 3)[0] is None
        # the code was used by the failed try: it is never accepted again
        assert staff.authenticate(session, login, "Sekret#Pracownika1", code, None, NOW, 3)[0] is None
        later = NOW + timedelta(seconds=60)
        fresh = pyotp.TOTP(secret).at(later)
        assert staff.authenticate(session, login, "Sekret#Pracownika1", "000000", None, later, 3)[0] is None
        assert staff.authenticate(session, login, "Sekret#Pracownika1", fresh, None, later, 3)[0] is None
        session.commit()
        row = session.exec(select(StaffUser)).one()
        assert row.locked_at is not None  # 3 failures lock the employee as well


def test_staff_session_is_its_own_kind(engine):
    login, secret = _employee(engine)
    scene = build(engine)
    with Session(engine) as session:
        employee, message = staff.authenticate(
            session, login, "Sekret#Pracownika1", pyotp.TOTP(secret).at(NOW), "10.0.0.1", NOW, 3
        )
        assert employee is not None and message == ""
        token = staff.start_session(session, employee, "tab-1", NOW, 3600, None)
        client = session.get(User, scene.users["aadmin"])
        client_token = sessions.start(session, client, "tab-1", NOW, 3600, None, None)
        session.flush()
        signed = staff.check_session(session, token, "tab-1", NOW, 300)
        assert (
            signed is not None
            and signed.rights == frozenset({"helpdesk"})
            and signed.label == "helpdesk:anna"
        )
        assert staff.check_session(session, token, "tab-2", NOW, 300) is None  # another tab
        assert staff.check_session(session, client_token, "tab-1", NOW, 300) is None  # a client's session
        assert sessions.check(session, token, "tab-1", NOW, 300) is None  # and the other way round
        assert staff.check_session(session, token, "tab-1", NOW + timedelta(seconds=301), 300) is None
        assert staff.check_session(session, token, "tab-1", NOW, 300) is None  # ended by the idle time


def test_a_new_phone_number_is_announced_to_the_old_one_and_ends_the_sessions(engine):
    scene = build(engine)
    with Session(engine) as session:
        user = session.get(User, scene.users["aview"])
        token = sessions.start(session, user, "tab", NOW, 3600, None, None)
        assert helpdesk.change_phone(session, scene.staff["desk"], user.id, "601 999 888", NOW) is None
        session.commit()
        [sms] = session.exec(select(SmsMessage).where(SmsMessage.purpose == "phone_change")).all()
        assert sms.phone == "+48601000003" and "...888" in sms.body
        assert session.get(User, user.id).phone == "+48601999888"
        assert sessions.check(session, token, "tab", NOW, 600) is None


def test_the_helpdesk_cannot_switch_off_a_companys_last_administrator(engine):
    scene = build(engine)
    with Session(engine) as session:
        problem = helpdesk.deactivate(session, scene.staff["desk"], scene.users["badmin"], NOW)
        assert problem == LAST_ADMIN_PL
        assert (
            helpdesk.deactivate(session, scene.staff["desk"], 999_999, NOW) == "Nie ma takiego użytkownika."
        )
        assert helpdesk.deactivate(session, scene.staff["desk"], scene.users["aview"], NOW) is None
        session.commit()
        assert session.get(User, scene.users["badmin"]).active
        assert not session.get(User, scene.users["aview"]).active


def test_the_audit_log_names_its_actors(engine):
    build(engine)
    with Session(engine) as session:
        names = helpdesk.actor_names(
            session, {"helpdesk:desk", "11111111/aview", "22222222/aview", "unknown", "helpdesk:gone"}
        )
    assert names["helpdesk:desk"] == "desk Pracownik (HelpDesk)"
    assert names["11111111/aview"] == "Aview Testowa (aview)"
    assert "22222222/aview" not in names  # no such user in that company: shown as recorded
    assert "helpdesk:gone" not in names
    assert names["unknown"] == "nieznany login"
