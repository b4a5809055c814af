"""Writing the generated demo portfolio into the database (bulk inserts) and wiping it again."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, delete, func, insert, select, text
from sqlmodel import Session, SQLModel

from ebok_app.accounts import masked
from ebok_app.demo.generator import DemoData
from ebok_app.models import PORTFOLIO_TABLES, Company
from ebok_app.security import reader
from ebok_app.security.passwords import hash_password
from ebok_app.security.sealing import seal_secret

CHUNK = 5_000
Progress = Callable[[str, int], None]  # (table name, rows written since the last call)


class DemoDataExists(RuntimeError):
    """The database already holds companies; the demo loads only into an empty one."""


def ensure_empty(engine: Engine) -> None:
    """Raise DemoDataExists when the database already holds companies."""
    with Session(engine) as session:
        if session.exec(select(func.count()).select_from(Company)).one()[0]:
            raise DemoDataExists("the database already has companies; run `ebok demo reset` to start over")


def row_count(data: DemoData) -> int:
    return sum(len(rows) for rows in data.rows.values())


def insert_demo(engine: Engine, data: DemoData, pepper: bytes, progress: Progress | None = None) -> None:
    """Insert a generated portfolio into an empty database in one transaction."""
    ensure_empty(engine)
    _hash_passwords(data, pepper)
    with engine.begin() as connection:
        for model in PORTFOLIO_TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            rows = data.rows.get(table.name, [])
            for start in range(0, len(rows), CHUNK):
                chunk = rows[start : start + CHUNK]
                connection.execute(insert(table), chunk)
                if progress:
                    progress(table.name, len(chunk))
        if connection.dialect.name == "postgresql":
            _advance_sequences(connection)


def wipe(engine: Engine) -> None:
    """Delete every row of every eBOK table (children first)."""
    with engine.begin() as connection:
        for model in reversed(PORTFOLIO_TABLES):
            connection.execute(delete(model.__table__))  # type: ignore[attr-defined]


def _hash_passwords(data: DemoData, pepper: bytes) -> None:
    """Only hashes are stored: argon2id of the whole password and, once it is the user's own password
    (not a temporary one), the masked-password shares; the TOTP seeds are sealed."""
    by_login = {(c.millekod, c.login): c for c in data.credentials}
    millekods = {row["id"]: row["millekod"] for row in data.rows["company"]}
    for user in data.rows["user"]:
        credential = by_login[(millekods[user["company_id"]], user["login"])]
        password = credential.password
        if credential.reader_key:
            user["ocra_secret"] = reader.sealed(bytes.fromhex(credential.reader_key))
        user["password_hash"] = hash_password(password)
        user["masked_secret"] = None if user["must_change_password"] else masked.enroll(password, pepper)
        user["totp_secret"] = seal_secret(user["totp_secret"]) if user["totp_secret"] else None
    staff_passwords = {s.login: s.password for s in data.staff}
    for staff in data.rows.get("staffuser", []):
        staff["password_hash"] = hash_password(staff_passwords[staff["login"]])
        staff["totp_secret"] = seal_secret(staff["totp_secret"])


def _advance_sequences(connection) -> None:
    """Explicit ids bypass PostgreSQL's sequences; move each one past the largest id."""
    for table in SQLModel.metadata.sorted_tables:
        if "id" not in table.c:  # keyed by another table's id (invoicexml): no sequence of its own
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )
