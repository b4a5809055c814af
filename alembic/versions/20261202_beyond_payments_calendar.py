"""online payments of invoices (orders, their invoices, the payment's source), calendar feeds

Revision ID: 20261202_beyond
Revises: 20261202_guides
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261202_beyond"
down_revision: str | None = "20261202_guides"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString
Moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", String(length=8), nullable=False, server_default="core"))
        batch_op.add_column(sa.Column("order_ref", String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_payment_invoice_order", ["invoice_id", "order_ref"])
    op.create_table(
        "paymentorder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", String(length=64), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("gateway", String(length=12), nullable=False),
        sa.Column("amount_gr", sa.BigInteger(), nullable=False),
        sa.Column("currency", String(length=3), nullable=False),
        sa.Column("title", String(length=200), nullable=False),
        sa.Column("status", String(length=10), nullable=False),
        sa.Column("gateway_order_id", String(length=64), nullable=True),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("expires_at", Moment(), nullable=False),
        sa.Column("finished_at", Moment(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id"),
    )
    op.create_index("ix_paymentorder_company_id", "paymentorder", ["company_id"])
    op.create_index("ix_paymentorder_status", "paymentorder", ["status"])
    op.create_table(
        "paymentorderinvoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("amount_gr", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["paymentorder.id"]),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoice.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "invoice_id"),
    )
    op.create_index("ix_paymentorderinvoice_order_id", "paymentorderinvoice", ["order_id"])
    op.create_index("ix_paymentorderinvoice_invoice_id", "paymentorderinvoice", ["invoice_id"])
    op.create_table(
        "calendarfeed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", String(length=64), nullable=False),
        sa.Column("created_at", Moment(), nullable=False),
        sa.Column("last_used_at", Moment(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id"),
        sa.UniqueConstraint("token_hash"),
    )


def downgrade() -> None:
    op.drop_table("calendarfeed")
    op.drop_index("ix_paymentorderinvoice_invoice_id", table_name="paymentorderinvoice")
    op.drop_index("ix_paymentorderinvoice_order_id", table_name="paymentorderinvoice")
    op.drop_table("paymentorderinvoice")
    op.drop_index("ix_paymentorder_status", table_name="paymentorder")
    op.drop_index("ix_paymentorder_company_id", table_name="paymentorder")
    op.drop_table("paymentorder")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_constraint("uq_payment_invoice_order", type_="unique")
        batch_op.drop_column("order_ref")
        batch_op.drop_column("source")
