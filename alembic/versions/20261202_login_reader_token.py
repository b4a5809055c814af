"""the token with a reader: the user's OCRA key and the challenge of a log-in attempt

AuthMethod gains the value "reader" (the column is a plain string: no change of type is needed).

Revision ID: 20261202_login
Revises: 20261202_live
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261202_login"
down_revision: str | None = "20261202_live"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("ocra_secret", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True)
        )
    with op.batch_alter_table("loginattempt") as batch:
        batch.add_column(
            sa.Column("reader_challenge", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("loginattempt") as batch:
        batch.drop_column("reader_challenge")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("ocra_secret")
