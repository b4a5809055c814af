"""staff sessions bound to the browser and to the tab's socket (user agent, disconnected_at); open
sessions end, because the tab states now hold a session key instead of the token

Revision ID: 20261203_harden2
Revises: 20261202_ksef
Create Date: 2026-12-03 14:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261203_harden2"
down_revision: str | None = "20261202_ksef"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staffsession") as batch:
        batch.add_column(sa.Column("user_agent", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch.add_column(sa.Column("disconnected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_index("ix_staffsession_client_token_hash", "staffsession", ["client_token_hash"])
    for name in ("usersession", "staffsession"):
        table = sa.table(name, sa.column("ended_at"), sa.column("end_reason"))
        op.execute(
            table.update()
            .where(table.c.ended_at.is_(None))
            .values(ended_at=datetime.now(UTC), end_reason="upgrade")
        )


def downgrade() -> None:
    op.drop_index("ix_staffsession_client_token_hash", table_name="staffsession")
    with op.batch_alter_table("staffsession") as batch:
        batch.drop_column("disconnected_at")
        batch.drop_column("user_agent")
