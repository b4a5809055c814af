"""TOTP seeds are sealed at rest (AES-GCM under a key the database does not hold), old rows are sealed by
the migration, and `ebok secrets rotate` moves every seed to a new key."""

from __future__ import annotations

from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy import text
from sqlmodel import Session, select
from typer.testing import CliRunner

from alembic import command
from ebok_app import db
from ebok_app.cli import app
from ebok_app.demo.generator import generate
from ebok_app.demo.loader import insert_demo
from ebok_app.models import StaffUser, User
from ebok_app.security import otp, sealing
from ebok_app.settings import derived_key, get_settings

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
KEY_A, KEY_B = bytes(range(32)), bytes(range(1, 33))


def test_a_sealed_seed_opens_only_with_its_key_and_resists_tampering():
    seed = pyotp.random_base32()
    value = sealing.seal(seed, sealing.Keyring(KEY_A))
    assert seed not in value and sealing.is_sealed(value)
    assert sealing.unseal(value, sealing.Keyring(KEY_A)) == seed
    with pytest.raises(sealing.UnsealError):
        sealing.unseal(value, sealing.Keyring(KEY_B))
    tampered = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    with pytest.raises(sealing.UnsealError):
        sealing.unseal(tampered, sealing.Keyring(KEY_A))
    assert derived_key(b"p" * 32) != derived_key(b"q" * 32)


def _stored_seeds(session: Session) -> list[str]:
    return [
        *session.exec(select(User.totp_secret).where(User.totp_secret.is_not(None))),
        *session.exec(select(StaffUser.totp_secret)),
    ]


def test_no_totp_seed_of_the_demo_in_clear(engine, today):
    data = generate(3, today, fleet_contracts=12)
    plain = {c.totp_secret for c in data.credentials if c.totp_secret} | {s.totp_secret for s in data.staff}
    insert_demo(engine, data, bytes(range(32)))
    with Session(engine) as session:
        stored = _stored_seeds(session)
        assert plain and len(stored) == len(plain)
        assert all(sealing.is_sealed(value) for value in stored)
        assert not any(seed in value for seed in plain for value in stored)
        assert {sealing.open_secret(value) for value in stored} == plain
        employee = session.exec(select(StaffUser)).first()
        code = pyotp.TOTP(sealing.open_secret(employee.totp_secret)).at(NOW)
        assert otp.totp_accepts(employee.totp_secret, code, None, NOW) is not None


def test_the_migration_seals_seeds_stored_in_clear(sqlite_url):
    command.upgrade(db.alembic_config(sqlite_url), "0004")
    engine = db.make_engine(sqlite_url)
    seed = pyotp.random_base32()
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO staffuser (login, first_name, last_name, password_hash, totp_secret, rights, "
                "failed_attempts, active, created_at) VALUES ('old', 'O', 'L', 'x', :seed, '[]', 0, 1, :at)"
            ),
            {"seed": seed, "at": NOW},
        )
    db.upgrade(sqlite_url)
    with Session(engine) as session:
        stored = session.exec(select(StaffUser.totp_secret)).one()
    engine.dispose()
    assert sealing.is_sealed(stored) and sealing.open_secret(stored) == seed


def test_rotation_moves_every_seed_to_the_new_key(cli_env, monkeypatch):
    db.upgrade()
    monkeypatch.setenv("EBOK_SECRETS_KEY", KEY_A.hex())
    get_settings.cache_clear()
    seed = pyotp.random_base32()
    with db.session_scope() as session:
        session.add(
            StaffUser(
                login="anna",
                first_name="A",
                last_name="N",
                password_hash="x",
                totp_secret=sealing.seal_secret(seed),
                created_at=NOW,
            )
        )
        session.add(
            StaffUser(
                login="legacy",
                first_name="L",
                last_name="N",
                password_hash="x",
                totp_secret=seed,
                created_at=NOW,
            )
        )  # stored before sealing existed
    monkeypatch.setenv("EBOK_SECRETS_KEY", KEY_B.hex())
    get_settings.cache_clear()
    refused = CliRunner().invoke(app, ["secrets", "rotate"])  # the old key is not given: nothing changes
    assert refused.exit_code == 1 and "nothing changed" in refused.output
    monkeypatch.setenv("EBOK_SECRETS_OLD_KEYS", KEY_A.hex())
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["secrets", "rotate"])
    assert result.exit_code == 0 and "2 secret(s)" in result.output, result.output
    monkeypatch.delenv("EBOK_SECRETS_OLD_KEYS")
    get_settings.cache_clear()
    with Session(db.get_engine()) as session:
        stored = _stored_seeds(session)
    only_b = sealing.Keyring(KEY_B)
    assert all(sealing.sealed_under(value, only_b) for value in stored)
    assert {sealing.unseal(value, only_b) for value in stored} == {seed}
