"""self-service of the account: phone-number and authorisation-tool changes, accepted terms

Revision ID: 20261202_guides
Revises: 0004
Create Date: 2026-12-02 05:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261202_guides"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("form_signed_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column("form_witness", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True)
        )
        batch.add_column(
            sa.Column("terms_version", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
    with op.batch_alter_table("user") as batch:
        batch.add_column(
            sa.Column("terms_version", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch.add_column(sa.Column("terms_accepted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_table(
        "phonechange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("new_phone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("code_sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("wrong_codes", sa.Integer(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_phonechange_company_id"), "phonechange", ["company_id"], unique=False)
    op.create_index(op.f("ix_phonechange_user_id"), "phonechange", ["user_id"], unique=False)
    op.create_table(
        "authchange",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("new_method", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("code_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("code_sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("pending_secret", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("wrong_codes", sa.Integer(), nullable=False),
        sa.Column("finished_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_authchange_company_id"), "authchange", ["company_id"], unique=False)
    op.create_index(op.f("ix_authchange_user_id"), "authchange", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_authchange_user_id"), table_name="authchange")
    op.drop_index(op.f("ix_authchange_company_id"), table_name="authchange")
    op.drop_table("authchange")
    op.drop_index(op.f("ix_phonechange_user_id"), table_name="phonechange")
    op.drop_index(op.f("ix_phonechange_company_id"), table_name="phonechange")
    op.drop_table("phonechange")
    with op.batch_alter_table("user") as batch:
        batch.drop_column("terms_accepted_at")
        batch.drop_column("terms_version")
    with op.batch_alter_table("company") as batch:
        batch.drop_column("terms_version")
        batch.drop_column("form_witness")
        batch.drop_column("form_signed_on")
