"""Production deployment: which settings production refuses, and how the app's settings (`REDIS_URL`,
`EBOK_WORKERS`) map onto Reflex's and Granian's variables (one place). The settings themselves are read
and typed in settings.py.

`make run` needs nothing (SQLite file, Reflex's on-disk state, one worker; it turns the demo on).
`ebok serve --prod` refuses to start until the environment says, explicitly, what a production
installation needs: PostgreSQL, Redis for the shared state, a pepper of its own, a real SMS gateway
and demo mode off.
"""

from __future__ import annotations

from pathlib import Path

from ebok_app.portfolio.identifiers import is_valid_iban, is_valid_nip
from ebok_app.settings import LOCAL_DATABASE_URL, Settings

# values that appear in the repository (README, tests, examples): never a production secret
KNOWN_DEMO_PEPPERS = frozenset(
    {
        "00" * 32,
        "11" * 32,
        "ab" * 32,
        "0123456789abcdef" * 4,
        "deadbeef" * 8,
        "5f1c0a7e93b2d4c8a6e1f0b9d3c7a5e2f4b8d0c6a9e3f1b7d5c2a8e6f0b4d9c1",  # an early load test's
    }
)


def make_private(directory: Path) -> None:
    """Only the app's own user may enter `directory` (and read what is in it): for Reflex's on-disk tab
    states (`.states/`), which hold each tab's backend-only variables, the session reference among them."""
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    for path in directory.iterdir():
        if path.is_file():
            path.chmod(0o600)


def forwarded_value(header: str, hops: int) -> str:
    """The value the outermost of `hops` trusted proxies put into a comma-separated X-Forwarded-* header
    ("" when no proxy is trusted or the header is shorter): what the client sent before it is not trusted."""
    values = [value.strip() for value in header.split(",") if value.strip()]
    return values[-hops] if hops and len(values) >= hops else ""


def reflex_environment(settings: Settings, production: bool) -> dict[str, str]:
    """The variables Reflex and Granian read, derived from the app's settings: the only place they are set
    (rxconfig.py reads the Redis URL and the allowed origins from the same settings)."""
    mapped = {"REFLEX_TELEMETRY_ENABLED": "false", "REFLEX_CHECK_LATEST_VERSION": "false"}
    if production:
        mapped["GRANIAN_WORKERS"] = str(settings.workers)
    if settings.redis_url:
        mapped["REFLEX_REDIS_URL"] = settings.redis_url
    return mapped


def _pepper_problem(settings: Settings) -> str | None:
    if settings.pepper_from_file:
        return "EBOK_PASSWORD_PEPPER is not set: production never uses the generated .secrets/pepper file"
    raw = settings.password_pepper.hex()
    if raw in KNOWN_DEMO_PEPPERS or len(set(raw)) < 8:
        return (
            "EBOK_PASSWORD_PEPPER is a known example value or too regular: "
            "generate one with `openssl rand -hex 32`"
        )
    return None


def _database_problem(url: str) -> str | None:
    if url == LOCAL_DATABASE_URL:
        return "DATABASE_URL is not set: production needs PostgreSQL (postgresql+psycopg://user@host/db)"
    if not url.startswith("postgresql+psycopg://"):
        return (
            "DATABASE_URL must be PostgreSQL through psycopg 3 (postgresql+psycopg://...), not "
            + (url.split(":", 1)[0])
        )
    return None


def _redis_problem(url: str) -> str | None:
    if not url:
        return "REDIS_URL is not set: the workers share the users' state in Redis (redis://host:6379/0)"
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return "REDIS_URL must start with redis://, rediss:// or unix://"
    return None


def _sms_problem(settings: Settings) -> str | None:
    if settings.sms_gateway != "http":
        return (
            "EBOK_SMS_GATEWAY must be http in production (with EBOK_SMS_HTTP_URL and EBOK_SMS_HTTP_TOKEN): "
            "the outbox and the console reach no phone, so nobody could log in"
        )
    return None


LESSOR_VARIABLES = {
    "EBOK_LESSOR_NAME": "lessor_name",
    "EBOK_LESSOR_ADDRESS": "lessor_address",
    "EBOK_LESSOR_NIP": "lessor_nip",
    "EBOK_LESSOR_ACCOUNT": "lessor_account",
}


def _lessor_problem(settings: Settings) -> str | None:
    missing = [name for name, attr in LESSOR_VARIABLES.items() if not getattr(settings, attr)]
    if missing:
        return (
            f"{', '.join(missing)} must be set: invoices would name the demo lessor "
            "and ask clients to pay into its bank account"
        )
    if not is_valid_iban(settings.lessor_account):
        return "EBOK_LESSOR_ACCOUNT is not a valid IBAN (e.g. PL61 1090 1014 0000 0712 1981 2874)"
    if not is_valid_nip(settings.lessor_nip):
        return "EBOK_LESSOR_NIP is not a valid NIP (10 digits with the right check digit)"
    return None


def production_problems(settings: Settings) -> list[str]:
    """Why `settings` are not fit to serve real clients (English, for the operator); empty when they are."""
    problems = [
        "EBOK_DEMO must be off in production (the demo shows log-in codes)" if settings.demo_mode else None,
        _pepper_problem(settings),
        _database_problem(settings.database_url),
        _redis_problem(settings.redis_url),
        None
        if settings.allowed_origins_raw
        else "EBOK_ALLOWED_ORIGINS is not set: give the public origin, e.g. https://ebok.example.pl",
        _sms_problem(settings),
        _lessor_problem(settings),
    ]
    return [problem for problem in problems if problem]
