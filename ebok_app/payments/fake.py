"""A local stand-in for Przelewy24, for demos and tests: the same signed notifications, no network.

Its payment page (`/bramka-testowa/<session id>`, served by `ebok_app.api`) shows the order with a BLIK
code field, "Zapłać" and "Anuluj"; "Zapłać" posts a notification signed exactly as Przelewy24 signs one
to the portal's status address. Its CRC key is derived from the installation's pepper (never in the repo).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlencode

from ebok_app.payments.gateway import Notification, OrderRequest, Registration, sign
from ebok_app.payments.przelewy24 import Przelewy24

MERCHANT_ID = 100001
PAGE_PREFIX = "/bramka-testowa"
BLIK_METHOD_ID = 181


def fake_crc(pepper: bytes) -> str:
    return hmac.new(pepper, b"ebok fake payment gateway crc", hashlib.sha256).hexdigest()[:16]


class FakeGateway(Przelewy24):
    name = "fake"

    def __init__(self, *, pepper: bytes, base_url: str = "") -> None:
        super().__init__(
            base_url=base_url,
            merchant_id=MERCHANT_ID,
            pos_id=MERCHANT_ID,
            api_key="",
            crc=fake_crc(pepper),
            timeout_s=1.0,
        )

    def register(self, order: OrderRequest) -> Registration:
        back = urlencode({"powrot": order.return_url})
        return Registration(f"{self._base}{PAGE_PREFIX}/{order.session_id}?{back}")

    def verify(self, notification: Notification) -> bool:
        return True  # the fake books every transaction it signed

    def paid_notification(
        self, *, session_id: str, amount_gr: int, currency: str, title: str, order_id: int | None = None
    ) -> dict:
        """What Przelewy24 posts when the payer paid (signed with this fake's CRC key)."""
        fields = {
            "merchantId": self._merchant,
            "posId": self._pos,
            "sessionId": session_id,
            "amount": amount_gr,
            "originAmount": amount_gr,
            "currency": currency,
            "orderId": order_id if order_id is not None else secrets.randbelow(2**31 - 1) + 1,
            "methodId": BLIK_METHOD_ID,
            "statement": title[:100],
        }
        return {**fields, "sign": sign(fields, self._crc)}

    def refund_notification(self, *, session_id: str, order_id: int, amount_gr: int, currency: str) -> dict:
        """What Przelewy24 posts when a paid transaction was refunded."""
        fields = {
            "orderId": order_id,
            "sessionId": session_id,
            "refundsUuid": secrets.token_hex(16),
            "merchantId": self._merchant,
            "amount": amount_gr,
            "currency": currency,
            "status": 0,
        }
        return {**fields, "sign": sign(fields, self._crc)}
