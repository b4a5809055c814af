"""KSeF: an invoice's KSeF number, its stored FA(3) XML, corrections (KOR), the e-invoice consent

Revision ID: 20261202_ksef
Revises: 20261202_harden
Create Date: 2026-12-02 05:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261202_ksef"
down_revision: str | None = "20261202_harden"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("einvoices", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(
            sa.Column("einvoices_changed_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
        batch.add_column(
            sa.Column("einvoices_changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True)
        )
    with op.batch_alter_table("invoice") as batch:
        batch.add_column(sa.Column("ksef_number", sqlmodel.sql.sqltypes.AutoString(length=35), nullable=True))
        batch.add_column(sa.Column("corrects_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("correction_reason", sqlmodel.sql.sqltypes.AutoString(length=256), nullable=True)
        )
        batch.create_unique_constraint("uq_invoice_ksef_number", ["ksef_number"])
        batch.create_index("ix_invoice_corrects_id", ["corrects_id"])
        batch.create_foreign_key("fk_invoice_corrects_id", "invoice", ["corrects_id"], ["id"])
    op.create_table(
        "invoicexml",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("xml", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoice.id"]),
        sa.PrimaryKeyConstraint("invoice_id"),
    )
    op.create_index("ix_invoicexml_company_id", "invoicexml", ["company_id"])
    # the invoice frames gain the KSeF columns: frames cached (or shared as files) before are stale
    op.execute("UPDATE company SET data_version = data_version + 1")


def downgrade() -> None:
    op.drop_index("ix_invoicexml_company_id", table_name="invoicexml")
    op.drop_table("invoicexml")
    with op.batch_alter_table("invoice") as batch:
        batch.drop_constraint("fk_invoice_corrects_id", type_="foreignkey")
        batch.drop_index("ix_invoice_corrects_id")
        batch.drop_constraint("uq_invoice_ksef_number", type_="unique")
        batch.drop_column("correction_reason")
        batch.drop_column("corrects_id")
        batch.drop_column("ksef_number")
    with op.batch_alter_table("company") as batch:
        batch.drop_column("einvoices_changed_at")
        batch.drop_column("einvoices_changed_by")
        batch.drop_column("einvoices")
