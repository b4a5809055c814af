"""A new number for SMS: asked by the user and approved, or started by an administrator; confirmed with
a code sent to the new number; refused to anybody else; wrong and late codes change nothing."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from ebok_app.accounts import PermissionDenied, phone_change
from ebok_app.accounts.phone_change import PhoneChangeProblem
from ebok_app.models import AuditEntry, PhoneChange, PhoneChangeStatus, SmsMessage, User
from ebok_app.sms.outbox import readable_body
from tests.helpdesk_scene import NOW, build

PEPPER = b"p" * 32
NEW = "+48 601 999 888"


def _code(session: Session, phone: str = "+48601999888") -> str:
    sms = session.exec(
        select(SmsMessage).where(SmsMessage.purpose == "phone_confirm", SmsMessage.phone == phone)
    ).all()[-1]
    return readable_body(sms).split("SMS: ")[1].split(" ")[0]


def _audit(session: Session, action: str) -> list[str]:
    return list(session.exec(select(AuditEntry.result).where(AuditEntry.action == action)))


def test_an_admin_changes_a_colleagues_number_once_the_code_from_the_new_one_comes_back(engine):
    scene = build(engine)
    with Session(engine) as session:
        admin = scene.actor(session, "aadmin")
        target = session.get(User, scene.users["aview"])
        change = phone_change.start(session, admin, target, NEW, NOW, PEPPER)
        assert target.phone == "+48601000003"  # not used before the code comes back
        code = _code(session)
        with pytest.raises(PhoneChangeProblem, match="nieprawidłowy"):
            phone_change.confirm(
                session, admin, change.id, "000000" if code != "000000" else "111111", NOW, PEPPER
            )
        assert target.phone == "+48601000003"
        phone_change.confirm(session, admin, change.id, code, NOW + timedelta(minutes=9), PEPPER)
        session.commit()
        assert target.phone == "+48601999888"
        told = session.exec(select(SmsMessage).where(SmsMessage.purpose == "phone_change")).one()
        assert told.phone == "+48601000003" and "...888" in told.body
        assert _audit(session, "phone_change_confirm") == ["failed", "ok"]
        assert _audit(session, "phone_change") == ["ok"]
        assert session.get(PhoneChange, change.id).status == PhoneChangeStatus.DONE


def test_a_users_request_waits_for_an_admin_and_the_user_confirms_it(engine):
    scene = build(engine)
    with Session(engine) as session:
        me = scene.actor(session, "aview")
        target = session.get(User, scene.users["aview"])
        change = phone_change.request(session, me, target, NEW, NOW)
        assert [c.id for c in phone_change.open_changes(session, target.company_id)] == [change.id]
        assert session.exec(select(SmsMessage)).all() == []  # nothing is sent before an administrator agrees
        with pytest.raises(PermissionDenied):  # a user cannot approve their own request
            phone_change.approve(session, me, change.id, NOW, PEPPER)
        phone_change.approve(session, scene.actor(session, "aadmin"), change.id, NOW, PEPPER)
        phone_change.confirm(session, me, change.id, _code(session), NOW, PEPPER)
        session.commit()
        assert target.phone == "+48601999888"
        assert phone_change.open_changes(session, target.company_id) == []


def test_a_late_code_cancels_the_change(engine):
    scene = build(engine)
    with Session(engine) as session:
        admin = scene.actor(session, "aadmin")
        target = session.get(User, scene.users["aview"])
        change = phone_change.start(session, admin, target, NEW, NOW, PEPPER)
        code = _code(session)
        with pytest.raises(PhoneChangeProblem, match="wygasł"):
            phone_change.confirm(session, admin, change.id, code, NOW + timedelta(minutes=11), PEPPER)
        with pytest.raises(PhoneChangeProblem, match="zakończona albo anulowana"):
            phone_change.confirm(session, admin, change.id, code, NOW + timedelta(minutes=11), PEPPER)
        session.commit()
        assert target.phone == "+48601000003"
        assert _audit(session, "phone_change_confirm") == ["failed"]


def test_three_wrong_codes_cancel_the_change(engine):
    scene = build(engine)
    with Session(engine) as session:
        admin = scene.actor(session, "aadmin")
        target = session.get(User, scene.users["aview"])
        change = phone_change.start(session, admin, target, NEW, NOW, PEPPER)
        wrong = "123456" if _code(session) != "123456" else "654321"
        for message in ("nieprawidłowy", "nieprawidłowy", "zbyt wiele"):
            with pytest.raises(PhoneChangeProblem, match=message):
                phone_change.confirm(session, admin, change.id, wrong, NOW, PEPPER)
        assert change.status == PhoneChangeStatus.CANCELLED and target.phone == "+48601000003"


@pytest.mark.parametrize("who", ["afinanse", "badmin", "aadmin"])  # a plain user, another company, oneself
def test_starting_a_change_is_refused_to_all_but_an_admin_of_the_company_for_a_colleague(engine, who):
    scene = build(engine)
    with Session(engine) as session:
        target_login = "aadmin" if who == "aadmin" else "aview"
        target = session.get(User, scene.users[target_login])
        with pytest.raises(PermissionDenied):
            phone_change.start(session, scene.actor(session, who), target, NEW, NOW, PEPPER)
        session.commit()
        assert target.phone != "+48601999888"
        assert _audit(session, "phone_change_start") == ["denied"]
        assert session.exec(select(SmsMessage)).all() == []


@pytest.mark.parametrize("who", ["afinanse", "badmin"])
def test_confirming_or_approving_is_refused_to_others(engine, who):
    scene = build(engine)
    with Session(engine) as session:
        target = session.get(User, scene.users["aview"])
        change = phone_change.request(session, scene.actor(session, "aview"), target, NEW, NOW)
        with pytest.raises(PermissionDenied):
            phone_change.approve(session, scene.actor(session, who), change.id, NOW, PEPPER)
        phone_change.approve(session, scene.actor(session, "aadmin"), change.id, NOW, PEPPER)
        with pytest.raises(PermissionDenied):
            phone_change.confirm(session, scene.actor(session, who), change.id, _code(session), NOW, PEPPER)
        assert target.phone == "+48601000003"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("+48 58 555 12 34", "stacjonarny"),
        ("12345", "9 cyfr"),
        ("+49 1512 3456789", "9 cyfr"),
        ("601000003", "obecny"),
    ],
)
def test_a_number_that_is_not_a_new_polish_mobile_is_refused(engine, number, message):
    scene = build(engine)
    with Session(engine) as session:
        target = session.get(User, scene.users["aview"])
        with pytest.raises(PhoneChangeProblem, match=message):
            phone_change.start(session, scene.actor(session, "aadmin"), target, number, NOW, PEPPER)
        assert session.exec(select(PhoneChange)).all() == []


def test_the_helpdesk_path_uses_the_same_service_and_cancels_an_open_change(engine):
    from ebok_app import helpdesk

    scene = build(engine)
    with Session(engine) as session:
        target = session.get(User, scene.users["aview"])
        change = phone_change.request(session, scene.actor(session, "aview"), target, NEW, NOW)
        assert "stacjonarny" in helpdesk.change_phone(
            session, scene.staff["desk"], target.id, "58 555 12 34", NOW
        )
        assert helpdesk.change_phone(session, scene.staff["desk"], target.id, "601 999 777", NOW) is None
        assert target.phone == "+48601999777" and change.status == PhoneChangeStatus.CANCELLED
