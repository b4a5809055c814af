"""The contact form: a client writes about their own contract, the helpdesk takes and answers it,
the user reads the answer; foreign contracts and bad input are refused with a Polish reason."""

import pytest
from sqlmodel import Session, select

from ebok_app import contact
from ebok_app.models import AuditEntry, ContactMessage, MessageStatus, SmsMessage
from tests.helpdesk_scene import NOW, build


def _send(
    session, scene, *, contract: str | None = "alfa", body: str = "Proszę o duplikat faktury za październik."
):
    return contact.send(
        session,
        user_id=scene.users["aview"],
        company_id=scene.companies["alfa"],
        actor="11111111/aview",
        topic="Faktury i płatności",
        contract_id=scene.contracts[contract] if contract else None,
        body=body,
        now=NOW,
    )


def test_a_message_is_answered_and_the_user_sees_the_answer(engine):
    scene = build(engine)
    desk = scene.staff["desk"]
    with Session(engine) as session:
        problems, message = _send(session, scene)
        assert problems == [] and message.status == MessageStatus.NEW
        [(row, company, user, number)] = contact.inbox(session, desk, status="new")
        assert (row.id, company.millekod, user.login, number) == (
            message.id,
            "11111111",
            "aview",
            "UL/2025/0001",
        )
        contact.take(session, desk, message.id)
        assert message.status == MessageStatus.IN_PROGRESS and message.handled_by == "helpdesk:desk"
        assert contact.answer(session, desk, message.id, "krótko", NOW) is not None
        assert contact.answer(session, desk, message.id, "Duplikat wysłaliśmy e-mailem.", NOW) is None
        assert "już odpowiedziano" in contact.answer(session, desk, message.id, "Druga odpowiedź, inna.", NOW)
        session.commit()
        [sms] = session.exec(select(SmsMessage).where(SmsMessage.purpose == "contact_answer")).all()
        assert sms.user_id == scene.users["aview"] and "Kontakt" in sms.body
        [(mine, number)] = contact.messages_of(session, scene.users["aview"])
        assert mine.status == MessageStatus.ANSWERED and mine.answer == "Duplikat wysłaliśmy e-mailem."
        assert contact.messages_of(session, scene.users["afinanse"]) == []
        actions = session.exec(select(AuditEntry.action).where(AuditEntry.result == "ok")).all()
        assert actions == ["contact_message", "contact_inbox", "contact_take", "contact_answer"]


@pytest.mark.parametrize(
    ("contract", "body", "expected"),
    [
        ("beta", "Pytanie o cudzą umowę leasingu.", "swoich umów"),
        ("alfa", "za krótko", "od 10 do 4000"),
        ("alfa", "x" * 4001, "od 10 do 4000"),
    ],
)
def test_foreign_contracts_and_bad_text_are_refused(engine, contract, body, expected):
    scene = build(engine)
    with Session(engine) as session:
        problems, message = _send(session, scene, contract=contract, body=body)
        assert message is None and any(expected in p for p in problems)
        session.commit()
        assert session.exec(select(ContactMessage)).all() == []


def test_a_message_without_a_contract_and_an_unknown_topic(engine):
    scene = build(engine)
    with Session(engine) as session:
        assert _send(session, scene, contract=None)[0] == []
        problems, _ = contact.send(
            session,
            user_id=scene.users["aview"],
            company_id=scene.companies["alfa"],
            actor="a",
            topic="<script>",
            contract_id=None,
            body="Treść wiadomości testowej.",
            now=NOW,
        )
        assert problems == ["Wybierz temat wiadomości."]
