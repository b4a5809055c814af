"""Production deployment: what must be configured before the portal serves real clients, and how the
app's own environment (`REDIS_URL`, `EBOK_WORKERS`) maps onto Reflex's and Granian's (one place).

`make run` needs nothing (SQLite file, Reflex's on-disk state, one worker; it turns the demo on).
`ebok serve --prod` refuses to start until the environment says, explicitly, what a production
installation needs: PostgreSQL, Redis for the shared state, a pepper of its own, a real SMS gateway
and demo mode off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

MAX_WORKERS = 32
DEFAULT_WORKERS = 2
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


def redis_url(env: Mapping[str, str]) -> str | None:
    """The Redis of Reflex's state manager: `REDIS_URL` (None: Reflex's own on-disk state)."""
    return env.get("REDIS_URL", "").strip() or None


MAX_PROXY_HOPS = 5


def trusted_proxy_hops(env: Mapping[str, str]) -> int:
    """Reverse proxies in front of the app that append to X-Forwarded-For (`EBOK_TRUSTED_PROXY_HOPS`,
    default 0: the headers are the client's own words and are ignored)."""
    raw = env.get("EBOK_TRUSTED_PROXY_HOPS", "").strip()
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > MAX_PROXY_HOPS:
        raise ValueError(
            f"EBOK_TRUSTED_PROXY_HOPS must be a whole number from 0 to {MAX_PROXY_HOPS}, got {raw!r}"
        )
    return int(raw)


def forwarded_value(header: str, hops: int) -> str:
    """The value the outermost of `hops` trusted proxies put into a comma-separated X-Forwarded-* header
    ("" when no proxy is trusted or the header is shorter): what the client sent before it is not trusted."""
    values = [value.strip() for value in header.split(",") if value.strip()]
    return values[-hops] if hops and len(values) >= hops else ""


def workers(env: Mapping[str, str]) -> int:
    """Backend worker processes: `EBOK_WORKERS` (default 2; bounded by MAX_WORKERS)."""
    raw = env.get("EBOK_WORKERS", "").strip()
    if not raw:
        return DEFAULT_WORKERS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_WORKERS:
        raise ValueError(f"EBOK_WORKERS must be a whole number from 1 to {MAX_WORKERS}, got {raw!r}")
    return int(raw)


def reflex_environment(env: Mapping[str, str], production: bool) -> dict[str, str]:
    """The variables Reflex and Granian read, derived from the app's own: the only place they are set.
    (rxconfig.py reads `REDIS_URL` through `redis_url` too, for a `reflex run` started by hand.)"""
    mapped = {"REFLEX_TELEMETRY_ENABLED": "false", "REFLEX_CHECK_LATEST_VERSION": "false"}
    if production:
        mapped["GRANIAN_WORKERS"] = str(workers(env))
    if url := redis_url(env):
        mapped["REFLEX_REDIS_URL"] = url
    return mapped


def _pepper_problem(raw: str) -> str | None:
    if not raw:
        return "EBOK_PASSWORD_PEPPER is not set: production never uses the generated .secrets/pepper file"
    if not re.fullmatch(r"[0-9a-fA-F]+", raw) or len(raw) % 2:
        return "EBOK_PASSWORD_PEPPER must be hex"
    if len(raw) < 64:
        return "EBOK_PASSWORD_PEPPER must hold at least 32 bytes (64 hex digits)"
    if raw.lower() in KNOWN_DEMO_PEPPERS or len(set(raw.lower())) < 8:
        return (
            "EBOK_PASSWORD_PEPPER is a known example value or too regular: "
            "generate one with `openssl rand -hex 32`"
        )
    return None


def _database_problem(url: str) -> str | None:
    if not url:
        return "DATABASE_URL is not set: production needs PostgreSQL (postgresql+psycopg://user@host/db)"
    if not url.startswith("postgresql+psycopg://"):
        return (
            "DATABASE_URL must be PostgreSQL through psycopg 3 (postgresql+psycopg://...), not "
            + (url.split(":", 1)[0])
        )
    return None


def _redis_problem(url: str | None) -> str | None:
    if url is None:
        return "REDIS_URL is not set: the workers share the users' state in Redis (redis://host:6379/0)"
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return "REDIS_URL must start with redis://, rediss:// or unix://"
    return None


def _sms_problem(env: Mapping[str, str]) -> str | None:
    if env.get("EBOK_SMS_GATEWAY", "").strip().lower() != "http":
        return (
            "EBOK_SMS_GATEWAY must be http in production (with EBOK_SMS_HTTP_URL and EBOK_SMS_HTTP_TOKEN): "
            "the outbox and the console reach no phone, so nobody could log in"
        )
    if not (env.get("EBOK_SMS_HTTP_URL", "").strip() and env.get("EBOK_SMS_HTTP_TOKEN", "").strip()):
        return "EBOK_SMS_HTTP_URL and EBOK_SMS_HTTP_TOKEN are needed by the http SMS gateway"
    return None


LESSOR_VARIABLES = ("EBOK_LESSOR_NAME", "EBOK_LESSOR_ADDRESS", "EBOK_LESSOR_NIP", "EBOK_LESSOR_ACCOUNT")


def _lessor_problem(env: Mapping[str, str]) -> str | None:
    missing = [name for name in LESSOR_VARIABLES if not env.get(name, "").strip()]
    if missing:
        return (
            f"{', '.join(missing)} must be set: invoices would name the demo lessor "
            "and ask clients to pay into its bank account"
        )
    return None


def production_problems(env: Mapping[str, str]) -> list[str]:
    """Why `env` is not fit to serve real clients (English, for the operator); empty when it is."""
    demo = env.get("EBOK_DEMO", "").strip().lower()
    problems = [
        None
        if demo in {"0", "false", "no", "off"}
        else "EBOK_DEMO must be set to 0 explicitly (demo mode shows log-in codes on a public page)",
        _pepper_problem(env.get("EBOK_PASSWORD_PEPPER", "").strip()),
        _database_problem(env.get("DATABASE_URL", "").strip()),
        _redis_problem(redis_url(env)),
        None
        if env.get("EBOK_ALLOWED_ORIGINS", "").strip()
        else "EBOK_ALLOWED_ORIGINS is not set: give the public origin, e.g. https://ebok.example.pl",
        _sms_problem(env),
        _lessor_problem(env),
    ]
    try:
        workers(env)
    except ValueError as exc:
        problems.append(str(exc))
    return [problem for problem in problems if problem]
