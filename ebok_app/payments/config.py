"""The configured payment gateway (settings: EBOK_PAYMENTS_GATEWAY and EBOK_P24_*)."""

from __future__ import annotations

from ebok_app.payments.fake import FakeGateway
from ebok_app.payments.gateway import PaymentGateway
from ebok_app.payments.przelewy24 import Przelewy24
from ebok_app.settings import Settings

STATUS_PATH = "/platnosci/powiadomienie"  # where the gateway posts its notifications


def configured_gateway(settings: Settings, base_url: str = "") -> PaymentGateway:
    p = settings.payments
    if p.gateway == "przelewy24":
        return Przelewy24(
            base_url=p.p24_url,
            merchant_id=p.p24_merchant_id,
            pos_id=p.p24_pos_id,
            api_key=p.p24_api_key,
            crc=p.p24_crc,
            timeout_s=p.timeout_s,
        )
    return FakeGateway(pepper=settings.password_pepper, base_url=base_url)
