"""Wycena wykupu: the amount from the schedule, on a hand-computed contract; bad days refused in Polish;
the PDF over HTTP; the request in the helpdesk's inbox with the PDF, its status seen by the client."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from pypdf import PdfReader
from sqlmodel import Session, select
from starlette.testclient import TestClient

from ebok_app import api, contact, db, downloads
from ebok_app.accounts import sessions
from ebok_app.accounts.staff import Staff
from ebok_app.contact import buyout_request
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import ContactAttachment, ContactMessage, Contract, MessageStatus, StaffRight, User
from ebok_app.portfolio.buyout_quote import QuoteRefused, make_quote, quote
from ebok_app.portfolio.frames import PortfolioFrames
from ebok_app.settings import get_settings

TODAY = date(2026, 11, 23)


def _frames() -> PortfolioFrames:
    contracts = pl.DataFrame(
        [
            {
                "id": 1,
                "number": "UL/001",
                "lease_type": "financial",
                "end_date": date(2027, 6, 24),
                "terminated_on": None,
                "asset_kind": "koparka",
                "asset_make": "Komatsu",
                "asset_model": "PC210",
                "plate": None,
            }
        ]
    )
    items = [
        {
            "id": n + 1,
            "contract_id": 1,
            "kind": "installment",
            "due_date": date(2026, 11 + n, 10) if n < 2 else date(2027, n - 1, 10),
            "net_gr": 1_100_00,
            "gross_gr": 1_353_00,
            "capital_gr": 1_000_00,
            "paid_gr": 1_353_00 if n == 0 else 0,
        }
        for n in range(6)  # 10.11.2026 (paid), 10.12.2026, 10.01 ... 10.04.2027
    ]
    items.append(
        {
            "id": 7,
            "contract_id": 1,
            "kind": "buyout",
            "due_date": date(2027, 6, 24),
            "net_gr": 500_00,
            "gross_gr": 615_00,
            "capital_gr": 500_00,
            "paid_gr": 0,
        }
    )
    return PortfolioFrames(1, 1, contracts, pl.DataFrame(items), pl.DataFrame(), pl.DataFrame())


def test_the_quote_on_a_hand_computed_contract():
    q = quote(_frames(), contract_id=1, on=date(2027, 1, 31), today=TODAY, fee_gr=250_00, valid_days=7)
    # after 31.01.2027: installments of Feb, Mar, Apr (3 x 1 000 capital) and the buyout value 500
    assert (q.capital_gr, q.buyout_value_gr, q.fee_gr) == (3_000_00, 500_00, 250_00)
    assert q.vat_gr == 862_50 and q.gross_gr == 4_612_50  # 23 % of 3 750
    assert q.outstanding_gr == 2 * 1_353_00  # December and January are not paid yet
    assert q.total_gr == 4_612_50 + 2_706_00
    assert q.valid_until == TODAY + timedelta(days=7)
    soon = quote(_frames(), contract_id=1, on=TODAY + timedelta(days=2), today=TODAY, fee_gr=0, valid_days=7)
    assert soon.valid_until == TODAY + timedelta(days=2)  # never valid past the day itself


@pytest.mark.parametrize(
    ("contract_id", "on", "message"),
    [
        (1, TODAY - timedelta(days=1), "w przeszłości"),
        (1, date(2027, 6, 25), "najpóźniej w dniu zakończenia umowy (24.06.2027)"),
        (2, TODAY, "Nie znaleziono umowy"),
        (1, date(2027, 6, 24), "nie ma już rat do wykupu"),
    ],
)
def test_bad_days_are_refused_with_a_polish_reason(contract_id, on, message):
    with pytest.raises(QuoteRefused) as refused:
        quote(_frames(), contract_id=contract_id, on=on, today=TODAY, fee_gr=0, valid_days=7)
    assert message in refused.value.message_pl


def test_the_pdf_and_the_request_to_the_helpdesk(cli_env, today):
    db.upgrade(cli_env)
    insert_demo(db.get_engine(), generate(5, today, fleet_contracts=4), get_settings().password_pepper)
    real_today = date.today()
    with db.session_scope() as session:
        contract = session.exec(
            select(Contract).where(
                Contract.terminated_on.is_(None), Contract.end_date > real_today + timedelta(days=90)
            )
        ).first()
        user = session.exec(select(User).where(User.company_id == contract.company_id, User.active)).first()
        token = sessions.start(session, user, "tab", datetime.now(UTC), 3600, None, None)
        session.flush()
        info = sessions.check(session, token, "tab", datetime.now(UTC), 300)
        on = real_today + timedelta(days=30)
        made = make_quote(session, company_id=user.company_id, contract_id=contract.id, on=on)
        stranger = session.exec(select(User).where(User.company_id != contract.company_id)).first()
        with pytest.raises(QuoteRefused):  # another company's contract looks missing
            make_quote(session, company_id=stranger.company_id, contract_id=contract.id, on=on)
    path = downloads.url(
        get_settings().password_pepper,
        base="",
        kind="buyout_quote",
        session_id=info.session_id,
        params={"contract_id": contract.id, "on": on.isoformat()},
        now=datetime.now(UTC),
    )
    with TestClient(api.http_app) as client:
        answer = client.get(path)
    assert answer.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    assert contract.number in text and "Wycena wykupu" in text
    with db.session_scope() as session:
        message = buyout_request.request_buyout(
            session,
            user_id=user.id,
            company_id=user.company_id,
            actor=info.actor,
            quote=made,
            pdf=answer.content,
            filename="wycena.pdf",
            now=datetime.now(UTC),
        )
        message_id = message.id
    with Session(db.get_engine()) as session:
        stored = session.get(ContactMessage, message_id)
        assert stored.topic == buyout_request.TOPIC and stored.contract_id == contract.id
        assert contract.number in stored.body
        attachment = session.exec(
            select(ContactAttachment).where(ContactAttachment.message_id == message_id)
        ).one()
        assert attachment.data == answer.content
        shown = buyout_request.requests_of(session, user_id=user.id, contract_id=contract.id)
        assert [r["status"] for r in shown] == ["nowa"]
        helpdesk = Staff(0, 1, "hd", "HelpDesk", frozenset({StaffRight.HELPDESK.value}))
        assert message_id in [m.id for m, *_ in contact.inbox(session, helpdesk)]  # in the helpdesk's inbox
        stored.status = MessageStatus.ANSWERED
        session.add(stored)
        session.commit()
        assert (
            buyout_request.requests_of(session, user_id=user.id, contract_id=contract.id)[0]["status"]
            == "odpowiedziano"
        )
