"""the core system's ids and record versions of fed records; feed credentials; list indexes

Revision ID: 20261202_live
Revises: 20261202_beyond
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261202_live"
down_revision: str | None = "20261202_beyond"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FED_TABLES = ("company", "contract", "scheduleitem", "invoice", "payment", "insurancepolicy")


def upgrade() -> None:
    for table in FED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True)
            )
            batch.add_column(sa.Column("record_version", sa.BigInteger(), nullable=False, server_default="0"))
        op.create_index(f"ix_{table}_external_id", table, ["external_id"], unique=True)
    op.create_index("ix_invoice_company_issue", "invoice", ["company_id", "issue_date", "number"])
    op.create_index("ix_contract_company_start", "contract", ["company_id", "start_date"])
    op.create_table(
        "feedcredential",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("secret_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("secret_hash"),
    )


def downgrade() -> None:
    op.drop_table("feedcredential")
    op.drop_index("ix_contract_company_start", table_name="contract")
    op.drop_index("ix_invoice_company_issue", table_name="invoice")
    for table in FED_TABLES:
        op.drop_index(f"ix_{table}_external_id", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("record_version")
            batch.drop_column("external_id")
