"""Contact-message attachments: type from the content, size and count limits, active PDFs refused,
safe names; a file reaches only its sender and the helpdesk."""

import pytest
from sqlmodel import Session, select

from ebok_app import contact
from ebok_app.accounts import PermissionDenied
from ebok_app.contact import attachments
from ebok_app.models import AuditEntry, ContactAttachment
from tests import pdf_samples
from tests.helpdesk_scene import NOW, build

PDF = pdf_samples.plain()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PDF, None),
        (PNG, None),
        (JPEG, None),
        (b"", "pusty"),
        (b"MZ\x90\x00" + b"\x00" * 60, "tylko pliki PDF, PNG lub JPEG"),
        (b"<html><script>alert(1)</script>", "tylko pliki PDF, PNG lub JPEG"),
        (pdf_samples.with_open_action(), "aktywną"),
        (pdf_samples.with_open_action("/Launch"), "aktywną"),
        (pdf_samples.with_document_script(), "aktywną"),
        (pdf_samples.with_page_action(), "aktywną"),
        (pdf_samples.with_embedded_file(), "aktywną"),
        (pdf_samples.in_object_stream(b""), None),
        (pdf_samples.in_object_stream(b"/OpenAction<</S/JavaScript/JS(app.alert(1))>>"), "aktywną"),
        (pdf_samples.in_object_stream(b"/AA<</O<</S/J#61vaScript/J#53(x)>>>>"), "aktywną"),
        (pdf_samples.in_object_stream(b"/OpenAction<</S/#4Caunch/F(calc.exe)>>"), "aktywną"),
        (b"%PDF-1.7\n" + b"0" * attachments.MAX_BYTES, "najwyżej 2 MB"),
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "Nie udało się odczytać"),
    ],
    ids=lambda v: v[:12] if isinstance(v, bytes) else v,
)
def test_files_are_judged_by_their_content(data, expected):
    problem = attachments.file_problem(data)
    assert (problem is None) if expected is None else (expected in problem)


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("faktura 10/2026.pdf", ".pdf", "2026.pdf"),
        ("..\\..\\windows\\system32\\zdjęcie auta.png", ".png", "zdjęcie auta.png"),
        ("<script>alert(1)</script>.pdf", ".pdf", "script.pdf"),
        ("raport.exe", ".pdf", "raport.pdf"),
        ("...", ".jpg", "plik.jpg"),
    ],
)
def test_stored_names_are_safe(name, extension, expected):
    assert attachments.safe_filename(name, extension) == expected


def _add(session, scene, data=PDF, login="aview", name="faktura.pdf"):
    return attachments.add_pending(
        session,
        user_id=scene.users[login],
        company_id=scene.companies["alfa"],
        actor=f"11111111/{login}",
        name=name,
        data=data,
        now=NOW,
    )


def test_files_go_with_the_message_and_reach_only_the_sender_and_the_helpdesk(engine):
    scene = build(engine)
    with Session(engine) as session:
        assert _add(session, scene) is None
        assert _add(session, scene, PNG, name="zdjecie.png") is None
        assert _add(session, scene, b"MZ..", name="x.exe") is not None
        [first, second] = attachments.pending(session, scene.users["aview"])
        assert attachments.for_staff(session, scene.staff["desk"], first.id) is None  # not sent yet
        problems, message = contact.send(
            session,
            user_id=scene.users["aview"],
            company_id=scene.companies["alfa"],
            actor="11111111/aview",
            topic="Faktury i płatności",
            contract_id=None,
            body="Przesyłam fakturę i zdjęcie.",
            now=NOW,
        )
        assert problems == [] and attachments.pending(session, scene.users["aview"]) == []
        sent = attachments.of_messages(session, [message.id])[message.id]
        assert [(a.filename, a.size) for a in sent] == [("faktura.pdf", len(PDF)), ("zdjecie.png", len(PNG))]
        assert attachments.for_sender(session, scene.users["aview"], first.id).data == PDF
        assert attachments.for_sender(session, scene.users["afinanse"], first.id) is None  # a colleague
        assert attachments.for_staff(session, scene.staff["desk"], second.id).data == PNG
        for who in ("akt", "nikt"):
            with pytest.raises(PermissionDenied):
                attachments.for_staff(session, scene.staff[who], first.id)
        session.commit()
        results = session.exec(select(AuditEntry.action, AuditEntry.result)).all()
        assert ("contact_attachment", "denied") in results


def test_at_most_three_files_and_only_own_waiting_files_can_be_removed(engine):
    scene = build(engine)
    with Session(engine) as session:
        for _ in range(attachments.MAX_FILES):
            assert _add(session, scene) is None
        assert "najwyżej 3" in _add(session, scene)
        mine = attachments.pending(session, scene.users["aview"])[0]
        attachments.remove_pending(session, scene.users["afinanse"], mine.id)  # not theirs: nothing happens
        assert len(attachments.pending(session, scene.users["aview"])) == 3
        attachments.remove_pending(session, scene.users["aview"], mine.id)
        session.commit()
        assert len(session.exec(select(ContactAttachment)).all()) == 2
