"""Changing the authorisation tool: asked by the user or set by an administrator or the helpdesk,
proved with the current tool, completed with the new tool's first code; only then the old secret goes."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlmodel import Session, select

from ebok_app.accounts import PermissionDenied, auth_change
from ebok_app.accounts.auth_change import AuthChangeProblem
from ebok_app.models import AuditEntry, AuthChangeStatus, AuthMethod, SmsMessage, User
from ebok_app.security import otp, sealing
from ebok_app.sms.outbox import readable_body
from tests.helpdesk_scene import NOW, build

PEPPER = b"p" * 32


def _last_code(session: Session, phone: str) -> str:
    sms = session.exec(
        select(SmsMessage).where(SmsMessage.purpose == "auth_confirm", SmsMessage.phone == phone)
    ).all()[-1]
    return re.search(r": (\d{6}) \.", readable_body(sms)).group(1)


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def _qr_secret(uri: str) -> str:
    return pyotp.parse_uri(uri).secret


def test_a_user_moves_from_sms_to_a_token_and_the_token_works_only_after_its_first_code(engine):
    scene = build(engine)
    with Session(engine) as session:
        me = scene.actor(session, "aview")
        user = session.get(User, scene.users["aview"])
        change = auth_change.request(session, me, user, "token", NOW)
        auth_change.send_current_code(session, me, change.id, NOW, PEPPER)
        code = _last_code(session, user.phone)
        with pytest.raises(AuthChangeProblem, match="nieprawidłowy"):
            auth_change.prove_current_tool(session, me, change.id, _wrong(code), NOW, PEPPER, "eBOK")
        enrolment = auth_change.prove_current_tool(session, me, change.id, code, NOW, PEPPER, "eBOK")
        assert enrolment.uri.startswith("otpauth://totp/") and enrolment.qr_svg_uri.startswith(
            "data:image/svg"
        )
        assert user.auth_method == AuthMethod.SMS and user.totp_secret is None  # not yet
        token = pyotp.TOTP(_qr_secret(enrolment.uri))
        with pytest.raises(AuthChangeProblem, match="nieprawidłowy"):
            auth_change.complete(session, me, change.id, _wrong(token.at(NOW)), NOW, PEPPER)
        auth_change.complete(session, me, change.id, token.at(NOW), NOW, PEPPER)
        session.commit()
        assert user.auth_method == AuthMethod.TOKEN and sealing.open_secret(user.totp_secret) == _qr_secret(
            enrolment.uri
        )
        assert change.status == AuthChangeStatus.DONE and change.pending_secret is None
        results = session.exec(select(AuditEntry.action, AuditEntry.result)).all()
        assert ("auth_change_prove", "failed") in results and ("auth_change_complete", "ok") in results


def test_an_admins_change_to_a_token_waits_for_the_user_and_the_old_token_stops_working(engine):
    scene = build(engine)
    with Session(engine) as session:
        user = session.get(User, scene.users["afinanse"])
        old_secret = otp.new_totp_secret()
        user.auth_method, user.totp_secret = AuthMethod.TOKEN, old_secret
        change = auth_change.request(session, scene.actor(session, "aadmin"), user, "sms", NOW)
        with pytest.raises(PermissionDenied):  # the administrator cannot go on in the user's place
            auth_change.prove_current_tool(
                session, scene.actor(session, "aadmin"), change.id, "123456", NOW, PEPPER, "eBOK"
            )
        me = scene.actor(session, "afinanse")
        assert (
            auth_change.prove_current_tool(
                session, me, change.id, pyotp.TOTP(old_secret).at(NOW), NOW, PEPPER, "eBOK"
            )
            is None
        )
        code = _last_code(session, user.phone)
        with pytest.raises(AuthChangeProblem, match="wygasł"):
            auth_change.complete(session, me, change.id, code, NOW + timedelta(minutes=11), PEPPER)
        assert user.auth_method == AuthMethod.TOKEN
        auth_change.complete(session, me, change.id, code, NOW + timedelta(minutes=1), PEPPER)
        assert user.auth_method == AuthMethod.SMS and user.totp_secret is None


def test_three_wrong_codes_cancel_the_change(engine):
    scene = build(engine)
    with Session(engine) as session:
        me = scene.actor(session, "aview")
        user = session.get(User, scene.users["aview"])
        change = auth_change.request(session, me, user, "token", NOW)
        auth_change.send_current_code(session, me, change.id, NOW, PEPPER)
        wrong = _wrong(_last_code(session, user.phone))
        for message in ("nieprawidłowy", "nieprawidłowy", "zbyt wiele"):
            with pytest.raises(AuthChangeProblem, match=message):
                auth_change.prove_current_tool(session, me, change.id, wrong, NOW, PEPPER, "eBOK")
        assert change.status == AuthChangeStatus.CANCELLED and user.auth_method == AuthMethod.SMS
        # wrong codes of the current tool are failed re-authentications: they lock the account too
        assert user.failed_attempts == 3 and user.locked_at is not None
        assert ("lockout", "ok") in session.exec(select(AuditEntry.action, AuditEntry.result)).all()


@pytest.mark.parametrize("who", ["afinanse", "badmin"])  # a plain user of the company, another company
def test_setting_a_colleagues_tool_is_refused_to_all_but_an_admin_of_the_company(engine, who):
    scene = build(engine)
    with Session(engine) as session:
        user = session.get(User, scene.users["aview"])
        with pytest.raises(PermissionDenied):
            auth_change.request(session, scene.actor(session, who), user, "token", NOW)
        session.commit()
        assert auth_change.open_change(session, user.id) is None
        assert session.exec(select(AuditEntry.action, AuditEntry.result)).all() == [
            ("auth_change_request", "denied")
        ]


def test_the_helpdesk_sets_a_tool_and_the_same_tool_is_refused(engine):
    scene = build(engine)
    with Session(engine) as session:
        user = session.get(User, scene.users["aview"])
        with pytest.raises(AuthChangeProblem, match="już używa"):
            auth_change.request(session, scene.staff["desk"].actor(), user, "sms", NOW)
        change = auth_change.request(session, scene.staff["desk"].actor(), user, "token", NOW)
        assert change.requested_by == "helpdesk:desk" and change.status == AuthChangeStatus.REQUESTED
