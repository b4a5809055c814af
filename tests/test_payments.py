"""Paying invoices online: Przelewy24's signatures, notifications verified and applied once (also when
the same one comes twice or at once), refused when wrong, refunds and cancellations leave the invoices
unpaid, and the core feed's later payment of the same money is not counted twice."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, func, select
from starlette.testclient import TestClient

from ebok_app import api, db
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.ingest.batch import ingest
from ebok_app.models import AuditEntry, Invoice, Payment, PaymentOrder, ScheduleItem, User
from ebok_app.payments import orders
from ebok_app.payments.config import STATUS_PATH
from ebok_app.payments.fake import FakeGateway
from ebok_app.payments.gateway import GatewayError, OrderRequest, sign
from ebok_app.payments.przelewy24 import Przelewy24
from ebok_app.settings import get_settings

NOW = datetime.now(UTC)


def test_the_signature_is_sha384_of_the_json_with_the_crc_key_last():
    fields = {"sessionId": "abc/ż", "merchantId": 11, "amount": 12345, "currency": "PLN"}
    text = '{"sessionId":"abc/ż","merchantId":11,"amount":12345,"currency":"PLN","crc":"k3y"}'
    assert sign(fields, "k3y") == hashlib.sha384(text.encode()).hexdigest()


def test_the_przelewy24_client_registers_and_verifies_as_the_api_asks():
    calls = []

    def api_answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        calls.append((request.method, request.url.path, body, request.headers["authorization"]))
        if request.url.path.endswith("/register"):
            return httpx.Response(200, json={"data": {"token": "TOKEN-1"}, "responseCode": 0})
        return httpx.Response(200, json={"data": {"status": "success"}, "responseCode": 0})

    gateway = Przelewy24(
        base_url="https://sandbox.przelewy24.pl",
        merchant_id=11,
        pos_id=11,
        api_key="secret-key",
        crc="crc-key",
        timeout_s=5,
        transport=httpx.MockTransport(api_answer),
    )
    order = OrderRequest("s1", 1500, "PLN", "Faktura FV/1", "a@b.pl", "https://x/faktury", "https://x/st")
    assert gateway.register(order).redirect_url == "https://sandbox.przelewy24.pl/trnRequest/TOKEN-1"
    method, path, body, auth = calls[0]
    assert (method, path, body["urlStatus"], body["description"]) == (
        "POST",
        "/api/v1/transaction/register",
        "https://x/st",
        "Faktura FV/1",
    )
    signed = {"sessionId": "s1", "merchantId": 11, "amount": 1500, "currency": "PLN"}
    assert body["sign"] == sign(signed, "crc-key") and auth.startswith("Basic ")
    fields = {
        "merchantId": 11,
        "posId": 11,
        "sessionId": "s1",
        "amount": 1500,
        "originAmount": 1500,
        "currency": "PLN",
        "orderId": 777,
        "methodId": 181,
        "statement": "FV/1",
    }
    notification = gateway.read_notification({**fields, "sign": sign(fields, "crc-key")})
    assert notification is not None and (notification.kind, notification.gateway_order_id) == ("paid", "777")
    assert gateway.read_notification({**fields, "sign": sign(fields, "other-key")}) is None
    assert gateway.verify(notification)
    method, path, body, _ = calls[1]
    assert (method, path, body["orderId"]) == ("PUT", "/api/v1/transaction/verify", 777)
    down = Przelewy24(
        base_url="https://p24",
        merchant_id=1,
        pos_id=1,
        api_key="k",
        crc="c",
        timeout_s=1,
        transport=httpx.MockTransport(lambda _: httpx.Response(500)),
    )
    with pytest.raises(GatewayError):
        down.register(order)


@pytest.fixture(params=["sqlite", "postgresql"])
def portal_db(request, monkeypatch):
    """The portal (its HTTP routes included) on a fresh SQLite file, then on PostgreSQL when configured:
    the concurrent notifications meet PostgreSQL's row locks there."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("EBOK_DEMO", "1")  # the fake gateway's page serves demos only
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield url
    db.get_engine().dispose()
    get_settings.cache_clear()
    db.get_engine.cache_clear()


@pytest.fixture
def scene(portal_db, today):
    db.upgrade(portal_db)
    insert_demo(db.get_engine(), generate(5, today, fleet_contracts=6), get_settings().password_pepper)
    with Session(db.get_engine()) as session:
        unpaid_by_company = (
            select(Invoice.company_id)
            .where(Invoice.paid_gr < Invoice.gross_gr)
            .group_by(Invoice.company_id)
            .order_by(func.count().desc())
        )
        company_id = session.exec(unpaid_by_company).first()
        user = session.exec(select(User).where(User.active, User.company_id == company_id)).first()
        unpaid = session.exec(
            select(Invoice.id)
            .where(Invoice.company_id == company_id, Invoice.paid_gr < Invoice.gross_gr)
            .order_by(Invoice.id)
        ).all()
        other = session.exec(
            select(Invoice.id).where(Invoice.company_id != company_id, Invoice.paid_gr < Invoice.gross_gr)
        ).first()
    assert len(unpaid) >= 3
    return {
        "user": user,
        "unpaid": list(unpaid),
        "other": other,
        "gateway": FakeGateway(pepper=get_settings().password_pepper),
    }


def _start(scene, invoice_ids: list[int]) -> orders.Started:
    user = scene["user"]
    with db.session_scope() as session:
        return orders.start(
            session,
            gateway=scene["gateway"],
            user_id=user.id,
            company_id=user.company_id,
            invoice_ids=invoice_ids,
            email=user.email,
            now=NOW,
            ttl_s=1800,
            return_url="/faktury",
            status_url=STATUS_PATH,
        )


def _order(session_id: str) -> PaymentOrder:
    with Session(db.get_engine()) as session:
        return session.exec(select(PaymentOrder).where(PaymentOrder.session_id == session_id)).one()


def _paid_payload(scene, started: orders.Started, amount: int | None = None, order_id: int = 4242) -> dict:
    order = _order(started.session_id)
    return scene["gateway"].paid_notification(
        session_id=order.session_id,
        amount_gr=order.amount_gr if amount is None else amount,
        currency="PLN",
        title=order.title,
        order_id=order_id,
    )


def _invoices(ids: list[int]) -> list[tuple[int, int]]:
    with Session(db.get_engine()) as session:
        return [
            (i.gross_gr, i.paid_gr)
            for i in session.exec(select(Invoice).where(Invoice.id.in_(ids)).order_by(Invoice.id))
        ]


def _online_payments() -> int:
    with Session(db.get_engine()) as session:
        return session.exec(select(func.count()).select_from(Payment).where(Payment.source == "online")).one()


def test_several_invoices_are_paid_at_once_and_once_only(scene):
    ids = scene["unpaid"][:2]
    before = _invoices(ids)
    started = _start(scene, ids)
    assert started.amount_gr == sum(gross - paid for gross, paid in before)
    assert f"/bramka-testowa/{started.session_id}?powrot=" in started.redirect_url
    order = _order(started.session_id)
    assert order.title.startswith("Faktury ") and all(str(n) for n in order.title.split(", "))
    payload = _paid_payload(scene, started)
    with TestClient(api.http_app) as client:
        first = client.post(STATUS_PATH, json=payload)
        again = client.post(STATUS_PATH, json=payload)  # the gateway retries: the same notification
    assert (first.json()["status"], again.json()["status"]) == ("paid", "duplicate")
    assert all(paid == gross for gross, paid in _invoices(ids))
    assert _online_payments() == 2
    with Session(db.get_engine()) as session:
        items = session.exec(select(ScheduleItem).where(ScheduleItem.invoice_id.in_(ids))).all()
        assert items and all(i.paid_gr == i.gross_gr for i in items)  # the forecast sees them paid
        payments = session.exec(select(Payment).where(Payment.source == "online")).all()
        assert {p.order_ref for p in payments} == {started.session_id}
    assert _order(started.session_id).status == "paid"


def test_the_same_notification_at_once_from_many_threads_pays_once(scene):
    ids = scene["unpaid"][:1]
    started = _start(scene, ids)
    payload = _paid_payload(scene, started)

    def post(_):
        with TestClient(api.http_app) as client:
            return client.post(STATUS_PATH, json=payload).json()["status"]

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(post, range(16)))
    assert outcomes.count("paid") == 1 and outcomes.count("duplicate") == 15
    assert _online_payments() == 1
    assert [paid for _, paid in _invoices(ids)] == [gross for gross, _ in _invoices(ids)]


def test_wrong_notifications_are_refused_audited_and_pay_nothing(scene):
    started = _start(scene, scene["unpaid"][:1])
    good = _paid_payload(scene, started)
    forged = {**good, "amount": good["amount"] - 1}  # altered after signing
    wrong_amount = _paid_payload(scene, started, amount=good["amount"] - 100)  # signed, but not the order's
    unknown = {**good, "sessionId": "f" * 32}
    unknown["sign"] = _paid_payload(scene, started)["sign"]
    with TestClient(api.http_app) as client:
        for payload in (forged, wrong_amount, unknown, {"nonsense": 1}):
            assert client.post(STATUS_PATH, json=payload).status_code == 400
        assert client.post(STATUS_PATH, content=b"not json").status_code == 400
    assert _online_payments() == 0
    assert _order(started.session_id).status == "pending"
    with Session(db.get_engine()) as session:
        reasons = [
            a.details["reason"]
            for a in session.exec(select(AuditEntry).where(AuditEntry.action == "payment_notification"))
        ]
    assert {"bad_signature", "amount_mismatch"} <= set(reasons) and len(reasons) == 5


def test_a_refund_leaves_the_invoice_unpaid_again(scene):
    ids = scene["unpaid"][:1]
    before = _invoices(ids)
    started = _start(scene, ids)
    with TestClient(api.http_app) as client:
        client.post(STATUS_PATH, json=_paid_payload(scene, started))
        refund = scene["gateway"].refund_notification(
            session_id=started.session_id, order_id=4242, amount_gr=started.amount_gr, currency="PLN"
        )
        assert client.post(STATUS_PATH, json=refund).json()["status"] == "refunded"
        assert client.post(STATUS_PATH, json=refund).json()["status"] == "duplicate"
        assert client.post(STATUS_PATH, json=_paid_payload(scene, started)).json()["status"] == "duplicate"
    assert _invoices(ids) == before
    assert _order(started.session_id).status == "refunded"


def test_cancelled_and_expired_orders_leave_invoices_unpaid_and_free(scene):
    ids = scene["unpaid"][:1]
    before = _invoices(ids)
    started = _start(scene, ids)
    with pytest.raises(orders.PaymentRefused, match="już trwa"):
        _start(scene, ids)
    with db.session_scope() as session:
        assert orders.cancel(session, session_id=started.session_id, now=NOW)
    assert _order(started.session_id).status == "cancelled" and _invoices(ids) == before
    again = _start(scene, ids)
    with db.session_scope() as session:
        assert orders.expire_stale(session, now=NOW + timedelta(hours=1)) == 1
    assert _order(again.session_id).status == "expired" and _invoices(ids) == before
    with TestClient(api.http_app) as client:  # the money still arrived: it is booked
        assert client.post(STATUS_PATH, json=_paid_payload(scene, again)).json()["status"] == "paid"
    assert all(paid == gross for gross, paid in _invoices(ids))
    with pytest.raises(orders.PaymentRefused, match="już zapłacona"):
        _start(scene, ids)


def test_only_the_companys_unpaid_invoices_can_be_paid(scene):
    with pytest.raises(orders.PaymentRefused, match="Nie znaleziono"):
        _start(scene, [scene["unpaid"][0], scene["other"]])
    with pytest.raises(orders.PaymentRefused):
        _start(scene, [])


def _feed_payment(invoice_id: int, payment_id: str, amount_gr: int, reference: str) -> None:
    """The core system reports a payment of the invoice through its feed."""
    with Session(db.get_engine()) as session:
        invoice = session.get(Invoice, invoice_id)
    record = {
        "format": 1,
        "kind": "payment",
        "id": payment_id,
        "record_version": 1,
        "invoice": invoice.external_id,
        "paid_on": NOW.date().isoformat(),
        "amount": f"{amount_gr // 100}.{amount_gr % 100:02d}",
        "reference": reference,
    }
    report = ingest(db.get_engine(), json.dumps(record), "jsonl", actor="feed:test", source="test")
    assert report.ok, report.as_dict()


def test_the_core_feed_payment_of_the_same_money_is_not_counted_twice(scene):
    ids = scene["unpaid"][:1]
    started = _start(scene, ids)
    with TestClient(api.http_app) as client:
        client.post(STATUS_PATH, json=_paid_payload(scene, started))
    paid_online = _invoices(ids)[0]
    _feed_payment(ids[0], "P-online-1", started.amount_gr, started.session_id)
    assert _invoices(ids)[0] == paid_online  # the same money: only the fed payment counts now
    other = scene["unpaid"][1]
    before = _invoices([other])[0]
    _feed_payment(other, "P-transfer-1", 100, "WB/123")
    assert _invoices([other])[0] == (before[0], before[1] + 100)


def test_the_fake_gateways_page_pays_with_a_blik_code_and_sends_the_payer_back(scene):
    ids = scene["unpaid"][:1]
    started = _start(scene, ids)
    path = started.redirect_url.removeprefix("http://testserver")
    with TestClient(api.http_app, base_url="http://testserver") as client:
        page = client.get(path)
        assert page.status_code == 200 and _order(started.session_id).title in page.text
        wrong = client.post(path, data={"action": "pay", "blik": "12a"}, follow_redirects=False)
        assert "6-cyfrowy kod BLIK" in wrong.text and _order(started.session_id).status == "pending"
        paid = client.post(path, data={"action": "pay", "blik": "123456"}, follow_redirects=False)
        assert paid.status_code == 303
        assert paid.headers["location"] == f"/faktury?platnosc={started.session_id}"  # powrot was relative
        other = _start(scene, scene["unpaid"][1:2])
        evil = client.post(
            f"/bramka-testowa/{other.session_id}?powrot=https://evil.example/login",
            data={"action": "cancel"},
            follow_redirects=False,
        )
        assert evil.headers["location"] == f"/faktury?platnosc={other.session_id}"  # no open redirect
    assert _order(other.session_id).status == "cancelled"
    assert _order(started.session_id).status == "paid"
    assert all(paid == gross for gross, paid in _invoices(ids))
