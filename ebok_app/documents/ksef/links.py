"""KOD I: the link that verifies an invoice in KSeF, printed as a QR code on every copy outside KSeF.

As the KSeF documentation (kody-qr.md) builds it: `{address}/invoice/{seller NIP}/{issue date P_1 as
DD-MM-YYYY}/{SHA-256 of the invoice's XML file, Base64URL without padding}`; the address is
https://qr.ksef.mf.gov.pl in production (qr-test. and qr-demo. for the test environments).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date

OFFLINE_LABEL = "OFFLINE"  # under the QR code while the invoice has no KSeF number yet


def xml_hash(xml: bytes) -> str:
    """The invoice file's SHA-256 as Base64URL without padding (43 characters)."""
    return base64.urlsafe_b64encode(hashlib.sha256(xml).digest()).rstrip(b"=").decode()


def verification_link(base_url: str, seller_nip: str, issue_date: date, xml: bytes) -> str:
    return f"{base_url.rstrip('/')}/invoice/{seller_nip}/{issue_date:%d-%m-%Y}/{xml_hash(xml)}"


def qr_label(ksef_number: str | None) -> str:
    """What is printed under the QR code: the KSeF number, or OFFLINE without one."""
    return ksef_number or OFFLINE_LABEL
