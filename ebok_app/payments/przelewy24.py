"""Przelewy24 REST API (v1): register a transaction, read its signed notifications, verify it.

Configured like the SMS gateway (EBOK_PAYMENTS_* settings). The API key and the CRC key are secrets:
they are never logged. Amounts go in grosze, as the API takes them.
"""

from __future__ import annotations

import hmac

import httpx

from ebok_app.payments.gateway import GatewayError, Notification, OrderRequest, Registration, sign

NOTIFICATION_FIELDS = (
    "merchantId",
    "posId",
    "sessionId",
    "amount",
    "originAmount",
    "currency",
    "orderId",
    "methodId",
    "statement",
)
REFUND_FIELDS = ("orderId", "sessionId", "refundsUuid", "merchantId", "amount", "currency", "status")


class Przelewy24:
    name = "przelewy24"

    def __init__(
        self,
        *,
        base_url: str,
        merchant_id: int,
        pos_id: int,
        api_key: str,
        crc: str,
        timeout_s: float,
        transport: httpx.BaseTransport | None = None,  # tests: a mock of the API
    ) -> None:
        self._base = base_url.rstrip("/")
        self._transport = transport
        self._merchant, self._pos = merchant_id, pos_id
        self._auth = (str(pos_id), api_key)
        self._crc = crc
        self._timeout = timeout_s

    def _call(self, method: str, path: str, body: dict) -> dict:
        try:
            with httpx.Client(transport=self._transport, timeout=self._timeout) as client:
                answer = client.request(method, f"{self._base}{path}", json=body, auth=self._auth)
        except httpx.HTTPError as exc:
            raise GatewayError(f"Przelewy24 did not answer: {type(exc).__name__}") from exc
        if answer.status_code != 200:
            raise GatewayError(f"Przelewy24 answered {answer.status_code}")
        return answer.json()

    def register(self, order: OrderRequest) -> Registration:
        signed = {
            "sessionId": order.session_id,
            "merchantId": self._merchant,
            "amount": order.amount_gr,
            "currency": order.currency,
        }
        body = {
            **signed,
            "posId": self._pos,
            "description": order.title,
            "email": order.email,
            "country": "PL",
            "language": "pl",
            "urlReturn": order.return_url,
            "urlStatus": order.status_url,
            "sign": sign(signed, self._crc),
        }
        token = self._call("POST", "/api/v1/transaction/register", body).get("data", {}).get("token")
        if not token:
            raise GatewayError("Przelewy24 returned no token")
        return Registration(f"{self._base}/trnRequest/{token}")

    def read_notification(self, payload: dict) -> Notification | None:
        refund = "refundsUuid" in payload
        fields = REFUND_FIELDS if refund else NOTIFICATION_FIELDS
        if any(name not in payload for name in fields) or not isinstance(payload.get("sign"), str):
            return None
        expected = sign({name: payload[name] for name in fields}, self._crc)
        if not hmac.compare_digest(expected, payload["sign"]):
            return None
        if payload["merchantId"] != self._merchant or not isinstance(payload["amount"], int):
            return None
        return Notification(
            kind="refunded" if refund else "paid",
            session_id=str(payload["sessionId"]),
            gateway_order_id=str(payload["orderId"]),
            amount_gr=payload["amount"],
            currency=str(payload["currency"]),
        )

    def verify(self, notification: Notification) -> bool:
        if notification.kind != "paid":
            return True  # refunds are final on the gateway's side
        order_id = int(notification.gateway_order_id)
        signed = {
            "sessionId": notification.session_id,
            "orderId": order_id,
            "amount": notification.amount_gr,
            "currency": notification.currency,
        }
        body = {**signed, "merchantId": self._merchant, "posId": self._pos, "sign": sign(signed, self._crc)}
        data = self._call("PUT", "/api/v1/transaction/verify", body).get("data", {})
        return data.get("status") == "success"
