"""hardening: demo companies and employees marked as such; TOTP seeds sealed at rest; SMS secrets apart
from the stored text (old ones blanked); temporary passwords expire; log-in attempts by address

Revision ID: 20261202_harden
Revises: 20261202_login
Create Date: 2026-12-02 05:45:00
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261202_harden"
down_revision: str | None = "20261202_login"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


SECRET_MARK = "••••••"
OLD_SECRETS = (re.compile(r"(kod logowania )(\d{6})"), re.compile(r"(hasło tymczasowe: )(\S+)"))
TEMPORARY_PASSWORD_TTL = timedelta(hours=72)
SEALED = (  # table, column, nullable
    ("user", "totp_secret", True),
    ("user", "ocra_secret", True),
    ("staffuser", "totp_secret", False),
    ("authchange", "pending_secret", True),
)


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("staffuser") as batch:
        batch.add_column(sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false()))
    for table, column, nullable in SEALED:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(
                column,
                type_=sa.String(length=255),
                existing_type=sa.String(length=64),
                existing_nullable=nullable,
            )
    _seal_existing()
    with op.batch_alter_table("smsmessage") as batch:
        batch.add_column(sa.Column("secret", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True))
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("temporary_password_expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    _blank_sent_secrets()
    op.create_index("ix_loginattempt_ip_created_at", "loginattempt", ["ip", "created_at"])
    with op.batch_alter_table("usersession") as batch:
        batch.add_column(sa.Column("disconnected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_index("ix_usersession_client_token_hash", "usersession", ["client_token_hash"])
    with op.batch_alter_table("loginattempt") as batch:
        batch.add_column(
            sa.Column("tried", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False, server_default="")
        )
    user = sa.table(
        "user", sa.column("must_change_password", sa.Boolean), sa.column("temporary_password_expires_at")
    )
    op.execute(
        user.update()
        .where(user.c.must_change_password == sa.true())
        .values(temporary_password_expires_at=datetime.now(UTC) + TEMPORARY_PASSWORD_TTL)
    )


def _blank_sent_secrets() -> None:
    """Codes and temporary passwords already sent lose their secret part in the stored text."""
    message = sa.table("smsmessage", sa.column("id", sa.Integer), sa.column("body", sa.String))
    connection = op.get_bind()
    for message_id, body in connection.execute(sa.select(message.c.id, message.c.body)).all():
        blanked = body
        for pattern in OLD_SECRETS:
            blanked = pattern.sub(lambda m: m.group(1) + SECRET_MARK, blanked)
        if blanked != body:
            connection.execute(message.update().where(message.c.id == message_id).values(body=blanked))


def _seal_existing() -> None:
    """Seal every TOTP seed stored in clear, under this installation's key (see security/sealing.py)."""
    from ebok_app.security.sealing import keyring_of, reseal, sealed_under
    from ebok_app.settings import get_settings

    keyring = keyring_of(get_settings())
    connection = op.get_bind()
    for table_name, column, _ in SEALED:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column, sa.String))
        rows = connection.execute(sa.select(table.c.id, table.c[column]).where(table.c[column].is_not(None)))
        for row_id, value in rows.all():
            if not sealed_under(value, keyring):
                connection.execute(
                    table.update().where(table.c.id == row_id).values({column: reseal(value, keyring)})
                )


def downgrade() -> None:
    """Back to the old schema: the seeds are opened again (they would not fit, sealed, into 64 characters)."""
    with op.batch_alter_table("loginattempt") as batch:
        batch.drop_column("tried")
    op.drop_index("ix_usersession_client_token_hash", table_name="usersession")
    with op.batch_alter_table("usersession") as batch:
        batch.drop_column("disconnected_at")
    op.drop_index("ix_loginattempt_ip_created_at", table_name="loginattempt")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("temporary_password_expires_at")
    with op.batch_alter_table("smsmessage") as batch:
        batch.drop_column("secret")
    from ebok_app.security.sealing import keyring_of, unseal
    from ebok_app.settings import get_settings

    keyring = keyring_of(get_settings())
    connection = op.get_bind()
    for table_name, column, nullable in SEALED:
        table = sa.table(table_name, sa.column("id", sa.Integer), sa.column(column, sa.String))
        rows = connection.execute(sa.select(table.c.id, table.c[column]).where(table.c[column].is_not(None)))
        for row_id, value in rows.all():
            connection.execute(
                table.update().where(table.c.id == row_id).values({column: unseal(value, keyring)})
            )
        with op.batch_alter_table(table_name) as batch:
            batch.alter_column(
                column,
                type_=sa.String(length=64),
                existing_type=sa.String(length=255),
                existing_nullable=nullable,
            )
    with op.batch_alter_table("staffuser") as batch:
        batch.drop_column("demo")
    with op.batch_alter_table("company") as batch:
        batch.drop_column("demo")
