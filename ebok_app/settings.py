"""Every setting of eBOK in one typed place (pydantic-settings), read from the environment once.

Reflex reads only `REFLEX_`-prefixed variables itself; everything eBOK needs is read here (rxconfig.py
and the `ebok` command too), with defaults that let a newcomer run the portal with nothing configured
(a SQLite file); demo mode only when `EBOK_DEMO=1` asks for it (`make run` does). A malformed value
raises SettingsError; deployment.py decides which settings production refuses.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import PydanticUndefined
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SECRETS_DIR = PROJECT_ROOT / ".secrets"


class SettingsError(ValueError):
    """A setting in the environment is malformed (English, for the operator; never shows its value)."""


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


DEMO_LESSOR = Lessor(
    name="eBOK Leasing S.A.",
    address="ul. Prosta 51, 00-838 Warszawa",
    nip="5252248481",
    account="PL61 1090 1014 0000 0712 1981 2874",
)
LOCAL_ORIGINS = ("http://localhost:3000", "http://127.0.0.1:3000")
LOCAL_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'ebok.db'}"
KSEF_QR_PRODUCTION = "https://qr.ksef.mf.gov.pl"  # KOD I's address (test: qr-test., demo: qr-demo.)
SECRETS_KEY_INFO = b"ebok secrets at rest v1"  # HKDF's info for the key derived from the pepper


def derived_key(pepper: bytes) -> bytes:
    """The at-rest key (security/sealing.py) of an installation that sets no EBOK_SECRETS_KEY: HKDF of the
    pepper."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SECRETS_KEY_INFO).derive(pepper)


def _hex_key(raw: str) -> bytes:
    """A 32-byte key given as 64 hex digits (`openssl rand -hex 32`); empty: none."""
    if not raw.strip():
        return b""
    try:
        key = bytes.fromhex(raw.strip())
    except ValueError:
        raise ValueError("must be hex") from None
    if len(key) != 32:
        raise ValueError("must hold 32 bytes (64 hex digits): `openssl rand -hex 32`")
    return key


def _env(name: str, default: object = PydanticUndefined, **constraints: object) -> object:
    """A setting read from the environment variable `name` (an empty variable counts as unset)."""
    return Field(default, validation_alias=name, **constraints)


class Settings(BaseSettings):
    """Every setting of eBOK, typed, from the environment (each field names its variable)."""

    model_config = SettingsConfigDict(
        frozen=True, env_ignore_empty=True, str_strip_whitespace=True, populate_by_name=True, extra="ignore"
    )

    database_url: str = _env("DATABASE_URL", LOCAL_DATABASE_URL)
    redis_url: str = _env("REDIS_URL", "")  # empty: Reflex's own on-disk state (one worker)
    allowed_origins_raw: str = _env("EBOK_ALLOWED_ORIGINS", "")  # comma-separated; empty: local ones
    workers: int = _env("EBOK_WORKERS", 2, ge=1, le=32)  # backend worker processes in production
    # reverse proxies in front that append to X-Forwarded-For/-Proto (0: those headers are ignored)
    trusted_proxy_hops: int = _env("EBOK_TRUSTED_PROXY_HOPS", 0, ge=0, le=5)
    demo_mode: bool = _env("EBOK_DEMO", False)  # 1/0, true/false, yes/no, on/off: anything else is an error
    demo_seed: int = _env("EBOK_DEMO_SEED", 2026)
    fleet_contracts: int = _env("EBOK_FLEET_CONTRACTS", 400, ge=0)
    brand_name: str = _env("EBOK_BRAND_NAME", "eBOK Leasing")
    helpdesk_phone: str = _env("EBOK_HELPDESK_PHONE", "801 632 632")
    helpdesk_phone_mobile: str = _env("EBOK_HELPDESK_PHONE_MOBILE", "+48 22 598 40 31")  # mobiles, abroad
    hotline_phone: str = _env("EBOK_HOTLINE_PHONE", "801 681 188")  # infolinia: questions about a contract
    expiring_policy_days: int = _env("EBOK_EXPIRING_POLICY_DAYS", 30, ge=0)
    password_pepper: bytes = _env("EBOK_PASSWORD_PEPPER", b"", repr=False)  # hex; empty: .secrets/pepper
    # seals TOTP seeds and undelivered SMS secrets (security/sealing.py); empty: derived from the pepper
    secrets_key: bytes = _env("EBOK_SECRETS_KEY", b"", repr=False)
    old_secrets_keys_raw: str = _env("EBOK_SECRETS_OLD_KEYS", "", repr=False)  # comma-separated, for rotation
    max_failed_logins: int = _env("EBOK_MAX_FAILED_LOGINS", 3, ge=1)
    idle_timeout_s: int = _env("EBOK_IDLE_TIMEOUT_S", 300, ge=1)
    session_max_s: int = _env("EBOK_SESSION_MAX_S", 8 * 3600, ge=1)
    disconnect_grace_s: int = _env(
        "EBOK_DISCONNECT_GRACE_S", 60, ge=1
    )  # a session ends with its tab's socket
    sms_code_ttl_s: int = _env("EBOK_SMS_CODE_TTL_S", 300, ge=1)
    sms_codes_per_hour: int = _env("EBOK_SMS_CODES_PER_HOUR", 5, ge=1)  # per MilleKod + login, one address
    requests_per_hour: int = _env("EBOK_REQUESTS_PER_HOUR", 30, ge=1)  # Wnioski sent by one company
    login_attempts_per_address: int = _env("EBOK_LOGIN_ATTEMPTS_PER_ADDRESS", 20, ge=1)  # across logins
    login_attempts_per_company: int = _env("EBOK_LOGIN_ATTEMPTS_PER_COMPANY", 100, ge=1)  # across addresses
    temporary_password_ttl_h: int = _env("EBOK_TEMPORARY_PASSWORD_TTL_H", 72, ge=1)
    sms_gateway: Literal["outbox", "console", "http"] = _env("EBOK_SMS_GATEWAY", "outbox")
    sms_http_url: str = _env("EBOK_SMS_HTTP_URL", "")
    sms_http_token: str = _env("EBOK_SMS_HTTP_TOKEN", "", repr=False)
    sms_sender: str = _env("EBOK_SMS_SENDER", "eBOK")
    sms_timeout_s: int = _env("EBOK_SMS_TIMEOUT_S", 5, ge=1)
    sms_max_attempts: int = _env("EBOK_SMS_MAX_ATTEMPTS", 5, ge=1)
    payments_gateway: Literal["fake", "przelewy24"] = _env("EBOK_PAYMENTS_GATEWAY", "fake")
    p24_url: str = _env("EBOK_P24_URL", "https://sandbox.przelewy24.pl")  # or https://secure.przelewy24.pl
    p24_merchant_id: int = _env("EBOK_P24_MERCHANT_ID", 0, ge=0)
    p24_pos_id: int = _env("EBOK_P24_POS_ID", 0, ge=0)  # 0: the merchant id
    p24_api_key: str = _env("EBOK_P24_API_KEY", "", repr=False)
    p24_crc: str = _env("EBOK_P24_CRC", "", repr=False)  # the key notifications are signed with
    payments_timeout_s: int = _env("EBOK_PAYMENTS_TIMEOUT_S", 10, ge=1)
    payment_order_ttl_s: int = _env("EBOK_PAYMENT_ORDER_TTL_S", 30 * 60, ge=1)  # an unpaid order expires
    buyout_fee_pln: int = _env("EBOK_BUYOUT_FEE_PLN", 250, ge=0)  # the lessor's early-buyout fee, net
    buyout_quote_days: int = _env("EBOK_BUYOUT_QUOTE_DAYS", 7, ge=1)  # a buyout quote is valid this long
    frames_dir: Path = _env("EBOK_FRAMES_DIR", PROJECT_ROOT / ".frames")  # the frames every worker shares
    frames_cache_mb: int = _env("EBOK_FRAMES_CACHE_MB", 4096, ge=64)  # at most this much of them on disk
    event_threads: int = _env("EBOK_EVENT_THREADS", 32, ge=4)  # per worker: the events' blocking work
    ksef_qr_url: str = _env("EBOK_KSEF_QR_URL", KSEF_QR_PRODUCTION)  # the verification links' address
    notify_interval_s: int = _env("EBOK_NOTIFY_INTERVAL_S", 600, ge=0)  # 0: off (cron: `ebok notify run`)
    lessor_name: str = _env("EBOK_LESSOR_NAME", "")  # each of the four empty: the demo lessor's
    lessor_address: str = _env("EBOK_LESSOR_ADDRESS", "")
    lessor_nip: str = _env("EBOK_LESSOR_NIP", "")
    lessor_account: str = _env("EBOK_LESSOR_ACCOUNT", "")
    _pepper_from_file: bool = PrivateAttr(default=False)

    @field_validator("ksef_qr_url", mode="after")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("sms_gateway", "payments_gateway", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("secrets_key", mode="before")
    @classmethod
    def _key_from_hex(cls, value: object) -> object:
        return _hex_key(value) if isinstance(value, str) else value

    @field_validator("password_pepper", mode="before")
    @classmethod
    def _from_hex(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        try:
            pepper = bytes.fromhex(value.strip())
        except ValueError:
            raise ValueError("must be hex") from None
        if pepper and len(pepper) < 32:
            raise ValueError("must hold at least 32 bytes (64 hex digits)")
        return pepper

    @model_validator(mode="after")
    def _complete(self) -> Settings:
        if self.sms_gateway == "http" and not (self.sms_http_url and self.sms_http_token):
            raise ValueError("EBOK_SMS_GATEWAY=http needs EBOK_SMS_HTTP_URL and EBOK_SMS_HTTP_TOKEN")
        if self.payments_gateway == "przelewy24" and not (
            self.p24_merchant_id and self.p24_api_key and self.p24_crc
        ):
            raise ValueError(
                "EBOK_PAYMENTS_GATEWAY=przelewy24 needs EBOK_P24_MERCHANT_ID, EBOK_P24_API_KEY "
                "and EBOK_P24_CRC"
            )
        return self

    def model_post_init(self, context: object, /) -> None:
        if not self.password_pepper:
            object.__setattr__(self, "password_pepper", _local_pepper())
            self._pepper_from_file = True
        if not self.secrets_key:
            object.__setattr__(self, "secrets_key", derived_key(self.password_pepper))

    @property
    def old_secrets_keys(self) -> tuple[bytes, ...]:
        """Keys still opened, never used to seal (`ebok secrets rotate`)."""
        return tuple(_hex_key(part) for part in self.old_secrets_keys_raw.split(",") if part.strip())

    @property
    def pepper_from_file(self) -> bool:
        """The pepper is the generated local file's (EBOK_PASSWORD_PEPPER is not set)."""
        return self._pepper_from_file

    @property
    def allowed_origins(self) -> list[str]:
        given = [origin.strip() for origin in self.allowed_origins_raw.split(",") if origin.strip()]
        return given or list(LOCAL_ORIGINS)

    @property
    def sms(self) -> SmsSettings:
        return SmsSettings(
            gateway=self.sms_gateway,
            http_url=self.sms_http_url,
            http_token=self.sms_http_token,
            sender=self.sms_sender,
            timeout_s=float(self.sms_timeout_s),
            max_attempts=self.sms_max_attempts,
        )

    @property
    def payments(self) -> PaymentSettings:
        return PaymentSettings(
            gateway=self.payments_gateway,
            p24_url=self.p24_url,
            p24_merchant_id=self.p24_merchant_id,
            p24_pos_id=self.p24_pos_id or self.p24_merchant_id,
            p24_api_key=self.p24_api_key,
            p24_crc=self.p24_crc,
            timeout_s=float(self.payments_timeout_s),
            order_ttl_s=self.payment_order_ttl_s,
        )

    @property
    def buyout_fee_gr(self) -> int:
        return self.buyout_fee_pln * 100

    @property
    def lessor(self) -> Lessor:
        return Lessor(
            name=self.lessor_name or DEMO_LESSOR.name,
            address=self.lessor_address or DEMO_LESSOR.address,
            nip=self.lessor_nip or DEMO_LESSOR.nip,
            account=self.lessor_account or DEMO_LESSOR.account,
        )


class _GivenSettings(Settings):
    """Settings from a given mapping only (the process environment is not read)."""

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, **_sources):
        return (init_settings,)


def _checked(build: Callable[[], Settings]) -> Settings:
    try:
        return build()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise SettingsError(problems) from None


def settings_from(env: Mapping[str, str]) -> Settings:
    """The settings a given environment would give (for checks and tests); SettingsError when malformed."""
    given = {name: value for name, value in env.items() if value.strip()}
    return _checked(lambda: _GivenSettings(**given))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read from its environment once; SettingsError when malformed."""
    return _checked(Settings)


def _local_pepper() -> bytes:
    """The pepper of a local installation without EBOK_PASSWORD_PEPPER: `.secrets/pepper` beside the
    project (created once, git-ignored, readable by the owner only).

    The pepper is the server-side secret mixed into the masked-password shares and one-time-code hashes.
    Losing it invalidates every masked password; it never belongs in the database or the repo.
    """
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
