"""The application's own settings, read from the environment once.

Reflex reads only `REFLEX_`-prefixed variables itself; everything eBOK needs is read here, with
defaults that let a newcomer run the portal with nothing configured (a SQLite file); demo mode only when
`EBOK_DEMO=1` asks for it (`make run` does).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_DIR = PROJECT_ROOT / ".secrets"


def _flag(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class Lessor:
    """The leasing company: the seller on every invoice."""

    name: str
    address: str
    nip: str
    account: str  # the bank account payments go to


@dataclass(frozen=True)
class SmsSettings:
    """Where SMS go: `outbox` (stored only; the demo inbox shows them), `console` or `http`."""

    gateway: str
    http_url: str  # the provider's send endpoint (SMSAPI-style form POST)
    http_token: str = field(repr=False)  # bearer token; never logged
    sender: str  # the sender name registered with the provider
    timeout_s: float
    max_attempts: int  # delivery attempts before a message is marked failed


@dataclass(frozen=True)
class PaymentSettings:
    """The payment gateway: `fake` (a local stand-in with its own page) or `przelewy24` (REST API v1)."""

    gateway: str
    p24_url: str  # https://secure.przelewy24.pl or https://sandbox.przelewy24.pl
    p24_merchant_id: int
    p24_pos_id: int
    p24_api_key: str = field(repr=False)  # never logged
    p24_crc: str = field(repr=False)  # the CRC key notifications are signed with; never logged
    timeout_s: float
    order_ttl_s: int  # an unpaid order expires after this


@dataclass(frozen=True)
class Settings:
    database_url: str
    demo_mode: bool
    demo_seed: int
    fleet_contracts: int
    brand_name: str
    helpdesk_phone: str
    helpdesk_phone_mobile: str  # the helpdesk from mobiles and abroad
    hotline_phone: str  # infolinia leasingowa: questions about a contract
    expiring_policy_days: int
    password_pepper: bytes
    secrets_key: bytes  # seals TOTP seeds and undelivered SMS secrets (security/sealing.py)
    old_secrets_keys: tuple[bytes, ...]  # still opened, never used to seal: for `ebok secrets rotate`
    max_failed_logins: int
    idle_timeout_s: int
    session_max_s: int
    disconnect_grace_s: int  # a session ends when its tab has had no socket for longer than this
    sms_code_ttl_s: int
    sms_codes_per_hour: int  # log-in attempts (and so SMS codes) per MilleKod + login from one address
    login_attempts_per_address: int  # per hour, from one address across logins
    login_attempts_per_company: int  # per hour, of one company's users across addresses
    temporary_password_ttl_h: int  # a temporary password (first log-in, reset) is refused after this
    sms: SmsSettings
    payments: PaymentSettings
    buyout_fee_gr: int  # the lessor's early-buyout fee, net
    buyout_quote_days: int  # a buyout quote is valid this many days
    notify_interval_s: int  # the in-app notification job's period; 0 turns it off (cron: `ebok notify run`)
    lessor: Lessor
    ksef_qr_url: str  # KOD I's address: production https://qr.ksef.mf.gov.pl (test: qr-test., demo: qr-demo.)
    frames_dir: Path = PROJECT_ROOT / ".frames"  # the portfolio frames every worker shares (Arrow IPC)
    frames_cache_mb: int = 4096  # at most this much of them on disk (least recently used go first)


KSEF_QR_PRODUCTION = "https://qr.ksef.mf.gov.pl"
DEFAULT_LESSOR_NIP = "5252248481"  # the demo lessor (its demo invoices' KSeF numbers carry it)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment (cached: the environment is read once per process)."""
    from ebok_app.security.sealing import derived_key  # sealing reads these settings

    default_db = f"sqlite:///{PROJECT_ROOT / 'ebok.db'}"
    return Settings(
        database_url=os.environ.get("DATABASE_URL", "").strip() or default_db,
        demo_mode=_flag("EBOK_DEMO", False),
        demo_seed=_int("EBOK_DEMO_SEED", 2026),
        fleet_contracts=_int("EBOK_FLEET_CONTRACTS", 400),
        brand_name=os.environ.get("EBOK_BRAND_NAME", "").strip() or "eBOK Leasing",
        helpdesk_phone=os.environ.get("EBOK_HELPDESK_PHONE", "").strip() or "801 632 632",
        helpdesk_phone_mobile=os.environ.get("EBOK_HELPDESK_PHONE_MOBILE", "").strip() or "+48 22 598 40 31",
        hotline_phone=os.environ.get("EBOK_HOTLINE_PHONE", "").strip() or "801 681 188",
        expiring_policy_days=_int("EBOK_EXPIRING_POLICY_DAYS", 30),
        password_pepper=(pepper := _pepper()),
        secrets_key=_hex_key("EBOK_SECRETS_KEY") or derived_key(pepper),
        old_secrets_keys=_old_keys(),
        max_failed_logins=_int("EBOK_MAX_FAILED_LOGINS", 3),
        idle_timeout_s=_int("EBOK_IDLE_TIMEOUT_S", 300),
        session_max_s=_int("EBOK_SESSION_MAX_S", 8 * 3600),
        disconnect_grace_s=_int("EBOK_DISCONNECT_GRACE_S", 60),
        sms_code_ttl_s=_int("EBOK_SMS_CODE_TTL_S", 300),
        sms_codes_per_hour=_int("EBOK_SMS_CODES_PER_HOUR", 5),
        login_attempts_per_address=_int("EBOK_LOGIN_ATTEMPTS_PER_ADDRESS", 20),
        login_attempts_per_company=_int("EBOK_LOGIN_ATTEMPTS_PER_COMPANY", 100),
        temporary_password_ttl_h=_int("EBOK_TEMPORARY_PASSWORD_TTL_H", 72),
        sms=_sms_settings(),
        payments=_payment_settings(),
        buyout_fee_gr=_int("EBOK_BUYOUT_FEE_PLN", 250) * 100,
        buyout_quote_days=max(1, _int("EBOK_BUYOUT_QUOTE_DAYS", 7)),
        notify_interval_s=_int("EBOK_NOTIFY_INTERVAL_S", 600),
        lessor=Lessor(
            name=os.environ.get("EBOK_LESSOR_NAME", "").strip() or "eBOK Leasing S.A.",
            address=os.environ.get("EBOK_LESSOR_ADDRESS", "").strip() or "ul. Prosta 51, 00-838 Warszawa",
            nip=os.environ.get("EBOK_LESSOR_NIP", "").strip() or DEFAULT_LESSOR_NIP,
            account=os.environ.get("EBOK_LESSOR_ACCOUNT", "").strip() or "PL61 1090 1014 0000 0712 1981 2874",
        ),
        ksef_qr_url=os.environ.get("EBOK_KSEF_QR_URL", "").strip().rstrip("/") or KSEF_QR_PRODUCTION,
        frames_dir=Path(os.environ.get("EBOK_FRAMES_DIR", "").strip() or PROJECT_ROOT / ".frames"),
        frames_cache_mb=max(64, _int("EBOK_FRAMES_CACHE_MB", 4096)),
    )


SMS_GATEWAYS = ("outbox", "console", "http")


def _sms_settings() -> SmsSettings:
    gateway = os.environ.get("EBOK_SMS_GATEWAY", "").strip().lower() or "outbox"
    if gateway not in SMS_GATEWAYS:
        raise SystemExit(f"EBOK_SMS_GATEWAY must be one of {', '.join(SMS_GATEWAYS)}, got {gateway!r}")
    settings = SmsSettings(
        gateway=gateway,
        http_url=os.environ.get("EBOK_SMS_HTTP_URL", "").strip(),
        http_token=os.environ.get("EBOK_SMS_HTTP_TOKEN", "").strip(),
        sender=os.environ.get("EBOK_SMS_SENDER", "").strip() or "eBOK",
        timeout_s=float(_int("EBOK_SMS_TIMEOUT_S", 5)),
        max_attempts=max(1, _int("EBOK_SMS_MAX_ATTEMPTS", 5)),
    )
    if gateway == "http" and not (settings.http_url and settings.http_token):
        raise SystemExit("EBOK_SMS_GATEWAY=http needs EBOK_SMS_HTTP_URL and EBOK_SMS_HTTP_TOKEN")
    return settings


def _hex_key(name: str, raw: str | None = None) -> bytes | None:
    """A 32-byte key given as 64 hex digits in `name` (None when it is not set)."""
    raw = (os.environ.get(name, "") if raw is None else raw).strip()
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be hex") from exc
    if len(key) != 32:
        raise SystemExit(f"{name} must hold 32 bytes (64 hex digits): `openssl rand -hex 32`")
    return key


def _old_keys() -> tuple[bytes, ...]:
    raw = os.environ.get("EBOK_SECRETS_OLD_KEYS", "")
    return tuple(_hex_key("EBOK_SECRETS_OLD_KEYS", part) for part in raw.split(",") if part.strip())


PAYMENT_GATEWAYS = ("fake", "przelewy24")


def _payment_settings() -> PaymentSettings:
    gateway = os.environ.get("EBOK_PAYMENTS_GATEWAY", "").strip().lower() or "fake"
    if gateway not in PAYMENT_GATEWAYS:
        raise SystemExit(
            f"EBOK_PAYMENTS_GATEWAY must be one of {', '.join(PAYMENT_GATEWAYS)}, got {gateway!r}"
        )
    settings = PaymentSettings(
        gateway=gateway,
        p24_url=os.environ.get("EBOK_P24_URL", "").strip() or "https://sandbox.przelewy24.pl",
        p24_merchant_id=_int("EBOK_P24_MERCHANT_ID", 0),
        p24_pos_id=_int("EBOK_P24_POS_ID", 0) or _int("EBOK_P24_MERCHANT_ID", 0),
        p24_api_key=os.environ.get("EBOK_P24_API_KEY", "").strip(),
        p24_crc=os.environ.get("EBOK_P24_CRC", "").strip(),
        timeout_s=float(_int("EBOK_PAYMENTS_TIMEOUT_S", 10)),
        order_ttl_s=_int("EBOK_PAYMENT_ORDER_TTL_S", 30 * 60),
    )
    if gateway == "przelewy24" and not (
        settings.p24_merchant_id and settings.p24_api_key and settings.p24_crc
    ):
        raise SystemExit(
            "EBOK_PAYMENTS_GATEWAY=przelewy24 needs EBOK_P24_MERCHANT_ID, EBOK_P24_API_KEY and EBOK_P24_CRC"
        )
    return settings


def _pepper() -> bytes:
    """The server-side secret mixed into the masked-password shares and one-time-code hashes.

    From EBOK_PASSWORD_PEPPER (hex, at least 32 bytes) or, for a local installation, from
    `.secrets/pepper` beside the project (created once, git-ignored, readable by the owner only).
    Losing it invalidates every masked password; it never belongs in the database or the repo.
    """
    raw = os.environ.get("EBOK_PASSWORD_PEPPER", "").strip()
    if raw:
        try:
            pepper = bytes.fromhex(raw)
        except ValueError as exc:
            raise SystemExit("EBOK_PASSWORD_PEPPER must be hex") from exc
        if len(pepper) < 32:
            raise SystemExit("EBOK_PASSWORD_PEPPER must hold at least 32 bytes (64 hex digits)")
        return pepper
    path = SECRETS_DIR / "pepper"
    if not path.exists():
        SECRETS_DIR.mkdir(mode=0o700, exist_ok=True)
        draft = SECRETS_DIR / f"pepper.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):  # another process won the race: use its pepper
            os.link(draft, path)
        draft.unlink()
    return bytes.fromhex(path.read_text().strip())
