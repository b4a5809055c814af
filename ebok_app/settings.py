"""The application's own settings, read from the environment once.

Reflex reads only `REFLEX_`-prefixed variables itself; everything eBOK needs is read here, with
defaults that let a newcomer run the portal with nothing configured (a SQLite file, demo mode on).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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
class Settings:
    database_url: str
    demo_mode: bool
    demo_seed: int
    fleet_contracts: int
    brand_name: str
    helpdesk_phone: str
    expiring_policy_days: int


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment (cached: the environment is read once per process)."""
    default_db = f"sqlite:///{PROJECT_ROOT / 'ebok.db'}"
    return Settings(
        database_url=os.environ.get("DATABASE_URL", "").strip() or default_db,
        demo_mode=_flag("EBOK_DEMO", True),
        demo_seed=_int("EBOK_DEMO_SEED", 2026),
        fleet_contracts=_int("EBOK_FLEET_CONTRACTS", 400),
        brand_name=os.environ.get("EBOK_BRAND_NAME", "").strip() or "eBOK Leasing",
        helpdesk_phone=os.environ.get("EBOK_HELPDESK_PHONE", "").strip() or "801 000 000",
        expiring_policy_days=_int("EBOK_EXPIRING_POLICY_DAYS", 30),
    )
