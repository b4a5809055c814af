"""What the portal needs from a payment gateway, whichever it is (Przelewy24, the local fake).

The flow, as Przelewy24's REST API has it: the portal registers a transaction (our `session_id`, the
amount in grosze, the transfer title) and sends the payer to the gateway's page; the gateway then posts
a notification to our status address, signed with the shop's CRC key; the portal checks the signature,
asks the gateway to verify the transaction (only then is it booked) and marks the invoices paid.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal, Protocol

NotificationKind = Literal["paid", "cancelled", "refunded"]


@dataclass(frozen=True)
class OrderRequest:
    session_id: str
    amount_gr: int
    currency: str
    title: str
    email: str
    return_url: str  # where the payer's browser comes back to
    status_url: str  # where the gateway posts its notification


@dataclass(frozen=True)
class Registration:
    redirect_url: str  # the gateway's payment page for this transaction


@dataclass(frozen=True)
class Notification:
    """A notification whose signature was verified."""

    kind: NotificationKind
    session_id: str
    gateway_order_id: str
    amount_gr: int
    currency: str


class GatewayError(Exception):
    """The gateway refused a call or did not answer."""


class PaymentGateway(Protocol):
    name: str

    def register(self, order: OrderRequest) -> Registration: ...

    def read_notification(self, payload: dict) -> Notification | None:
        """The notification if its signature is right, else None."""
        ...

    def verify(self, notification: Notification) -> bool:
        """Ask the gateway to confirm (and book) the transaction the notification tells of."""
        ...


def sign(fields: dict, crc: str) -> str:
    """Przelewy24's signature: SHA-384 of the JSON of the fields with the CRC key added, in that order,
    without escaping slashes or non-ASCII characters."""
    text = json.dumps({**fields, "crc": crc}, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha384(text.encode()).hexdigest()
