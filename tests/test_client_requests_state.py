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
