"""Invoice PDFs stored per invoice version (the accountant's ZIP streams them instead of rendering)

Revision ID: 20261203_zip
Revises: 20261203_requests
Create Date: 2026-12-03 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261203_zip"
down_revision: str | None = "20261203_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "invoicepdf",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("version", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoice.id"]),
        sa.PrimaryKeyConstraint("invoice_id"),
    )
    op.create_index("ix_invoicepdf_company_id", "invoicepdf", ["company_id"])


def downgrade() -> None:
    op.drop_index("ix_invoicepdf_company_id", table_name="invoicepdf")
    op.drop_table("invoicepdf")
