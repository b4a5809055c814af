"""Wnioski through the states, as forged socket events would call them: who may send, the helpdesk's
answer with a generated document, the client's download, and another company's request and file refused
like missing ones and audited."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select

import ebok_app.documents.files  # noqa: F401  (registers the kinds of download)
from ebok_app import db, downloads
from ebok_app.client_requests.filing import MISSING_PL
from ebok_app.models import AuditEntry, ClientRequest, ClientRequestFile
from ebok_app.settings import get_settings
from ebok_app.state.boundary import REFUSED_PL
from ebok_app.state.client_requests import RequestsState
from ebok_app.state.staff_auth import NO_STAFF_RIGHT_PL
from ebok_app.state.staff_requests import ONLY_DONE_PL, StaffRequestsState
from tests.state_tabs import Tab, refusals
from tests.test_boundary import scene  # noqa: F401  (the fixture)


def _abroad(contract_id: int) -> dict:
    start = date.today() + timedelta(days=3)
    return {
        "kind": "abroad",
        "contract_id": str(contract_id),
        "countries": "Słowacja, Węgry",
        "date_from": start.isoformat(),
        "date_to": (start + timedelta(days=5)).isoformat(),
        "driver": "Adam Kierowca",
    }


def _requests() -> list[ClientRequest]:
    with Session(db.get_engine()) as session:
        return list(session.exec(select(ClientRequest)).all())


def _ticket(answer: object) -> str:
    return re.search(r"/pobierz/([A-Za-z0-9_.-]+)", repr(answer)).group(1)


def _serve(token: str) -> downloads.Download | downloads.Refused:
    """What the download route does: the file, or the refusal (its audit entry committed either way)."""
    with db.session_scope() as session:
        try:
            return downloads.serve(
                session,
                pepper=get_settings().password_pepper,
                token=token,
                now=datetime.now(UTC),
                idle_s=300,
                ip="203.0.113.7",
            )
        except downloads.Refused as refused:
            return refused


def test_a_viewer_reads_the_requests_but_cannot_send_one(scene):  # noqa: F811
    viewer = Tab().sign_in("aview")
    viewer.fire(RequestsState, "load")
    assert viewer.state(RequestsState).can_send is False
    answer = viewer.fire(RequestsState, "send", _abroad(scene.contracts["alfa"]))
    assert REFUSED_PL in repr(answer)
    [entry] = refusals()
    assert entry.details == {"event": "RequestsState.send", "reason": "right send_requests missing"}
    assert _requests() == []


def test_sent_answered_with_a_generated_document_and_downloaded(scene):  # noqa: F811
    client = Tab().sign_in("afinanse")
    client.fire(RequestsState, "load")
    client.fire(RequestsState, "choose", "abroad")
    client.fire(RequestsState, "send", {"kind": "<script>"})
    assert client.state(RequestsState).problems == ["Wybierz rodzaj wniosku z listy."]
    client.fire(RequestsState, "send", _abroad(scene.contracts["alfa"]))
    page = client.state(RequestsState)
    assert page.problems == [] and "wysłany" in page.notice and page.kind == ""
    [shown] = page.requests
    assert shown["status_label"] == "nowa" and shown["sender"] == "Afinanse Testowa"

    desk = Tab().sign_in_staff("desk")
    desk.fire(StaffRequestsState, "load")
    inbox = desk.state(StaffRequestsState)
    assert [r["id"] for r in inbox.requests] == [shown["id"]] and inbox.requests[0]["millekod"] == "11111111"
    desk.fire(StaffRequestsState, "start_answer", shown["id"])
    form = {
        "request_id": str(shown["id"]),
        "status": "rejected",
        "comment": "Brak ubezpieczenia AC.",
        "generate": "on",
    }
    desk.fire(StaffRequestsState, "answer", form)
    assert inbox.answer_problem == ONLY_DONE_PL
    desk.fire(StaffRequestsState, "answer", {**form, "status": "done", "comment": "Zgoda w załączniku."})
    assert inbox.answer_problem == "" and "Odpowiedź wysłana" in inbox.notice and inbox.answering == 0

    client.fire(RequestsState, "load")
    [answered] = client.state(RequestsState).requests
    assert answered["status_label"] == "zrealizowana" and answered["answer"] == "Zgoda w załączniku."
    [document] = answered["documents"]
    served = _serve(_ticket(client.fire(RequestsState, "download", document["id"])))
    assert served.filename == document["name"] and b"".join(served.chunks()).startswith(b"%PDF")

    stranger = Tab().sign_in("badmin")
    refused = _serve(_ticket(stranger.fire(RequestsState, "download", document["id"])))
    assert isinstance(refused, downloads.Refused) and refused.status == 404
    stranger.fire(
        RequestsState, "complete", {"request_id": str(shown["id"]), "comment": "Cudzy wniosek, próbuję."}
    )
    assert stranger.state(RequestsState).completion_problem == MISSING_PL
    with Session(db.get_engine()) as session:
        denied = session.exec(
            select(AuditEntry.action, AuditEntry.details).where(
                AuditEntry.result == "denied", AuditEntry.company_id == scene.companies["beta"]
            )
        ).all()
        assert [a for a, _ in denied] == ["request_file_download", "client_request"]
        assert denied[1][1]["request_id"] == shown["id"]
        assert len(session.exec(select(ClientRequestFile)).all()) == 1


def _file_many(scene, count: int) -> None:  # noqa: F811  (the fixture's value)
    now = datetime.now(UTC)
    with Session(db.get_engine()) as session:
        for n in range(count):
            session.add(
                ClientRequest(
                    company_id=scene.companies["alfa"],
                    user_id=scene.users["afinanse"],
                    contract_id=scene.contracts["alfa"] if n % 2 else None,
                    kind="balance",
                    details={"as_of": date.today().isoformat(), "contract_id": "wszystkie"},
                    created_at=now - timedelta(days=n),
                    updated_at=now - timedelta(days=n),
                )
            )
        session.commit()


def test_the_lists_go_page_by_page_and_by_contract(scene):  # noqa: F811
    _file_many(scene, 45)
    client = Tab().sign_in("aview")
    client.fire(RequestsState, "load")
    page = client.state(RequestsState)
    assert (page.total, page.pages, len(page.requests)) == (45, 3, 20)
    seen = [r["id"] for r in page.requests]
    for number in (2, 3):
        client.fire(RequestsState, "go_to", number)
        seen += [r["id"] for r in page.requests]
    assert sorted(seen) == sorted(r.id for r in _requests()) and page.page == 3
    client.fire(RequestsState, "set_page_size", "50")
    assert (page.page, page.pages, len(page.requests)) == (1, 1, 45)
    client.fire(RequestsState, "show_contract", str(scene.contracts["alfa"]))
    assert page.total == len(page.requests) == 22 and page.page == 1
    assert [c["value"] for c in page.filter_contracts] == [str(scene.contracts["alfa"])]
    client.fire(RequestsState, "go_to_typed", {"strona": "9"})
    assert page.page == 1  # past the last page: the last one

    desk = Tab().sign_in_staff("desk")
    desk.fire(StaffRequestsState, "load")
    inbox = desk.state(StaffRequestsState)
    assert (inbox.total, inbox.pages, len(inbox.requests)) == (45, 3, 20)
    desk.fire(StaffRequestsState, "go_to_typed", {"strona": "3"})
    assert (inbox.page, len(inbox.requests)) == (3, 5)
    trainee = Tab().sign_in_staff("nikt")
    trainee.fire(StaffRequestsState, "go_to", 2)
    assert trainee.state(StaffRequestsState).error == NO_STAFF_RIGHT_PL
    assert trainee.state(StaffRequestsState).requests == []
    assert refusals()[-1].details == {
        "event": "StaffRequestsState.go_to",
        "reason": "right handle_requests missing",
    }
