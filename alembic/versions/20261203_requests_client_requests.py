"""Requests with a status: the client's requests from the catalogue, their steps and files

Revision ID: 20261203_requests
Revises: 20261203_harden2
Create Date: 2026-12-03 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "20261203_requests"
down_revision: str | None = "20261203_harden2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_moment = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "clientrequest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("kind", _text(length=24), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("status", _text(length=12), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.Column("updated_at", _moment(), nullable=False),
        sa.Column("handled_by", _text(length=120), nullable=True),
        sa.Column("answer", _text(length=4000), nullable=True),
        sa.Column("answered_at", _moment(), nullable=True),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["contract_id"], ["contract.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_clientrequest_company_created", "clientrequest", ["company_id", "created_at"])
    op.create_index("ix_clientrequest_status", "clientrequest", ["status"])
    op.create_table(
        "clientrequeststep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("at", _moment(), nullable=False),
        sa.Column("actor", _text(length=120), nullable=False),
        sa.Column("by_staff", sa.Boolean(), nullable=False),
        sa.Column("status", _text(length=12), nullable=False),
        sa.Column("comment", _text(length=4000), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["clientrequest.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_clientrequeststep_request_id", "clientrequeststep", ["request_id"])
    op.create_table(
        "clientrequestfile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("added_by", _text(length=120), nullable=False),
        sa.Column("origin", _text(length=10), nullable=False),
        sa.Column("filename", _text(length=120), nullable=False),
        sa.Column("content_type", _text(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", _text(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", _moment(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["company.id"]),
        sa.ForeignKeyConstraint(["request_id"], ["clientrequest.id"]),
        sa.ForeignKeyConstraint(["step_id"], ["clientrequeststep.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_clientrequestfile_request_id", "clientrequestfile", ["request_id"])
    op.create_index("ix_clientrequestfile_step_id", "clientrequestfile", ["step_id"])
    op.create_index("ix_clientrequestfile_user_id", "clientrequestfile", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_clientrequestfile_user_id", table_name="clientrequestfile")
    op.drop_index("ix_clientrequestfile_step_id", table_name="clientrequestfile")
    op.drop_index("ix_clientrequestfile_request_id", table_name="clientrequestfile")
    op.drop_table("clientrequestfile")
    op.drop_index("ix_clientrequeststep_request_id", table_name="clientrequeststep")
    op.drop_table("clientrequeststep")
    op.drop_index("ix_clientrequest_status", table_name="clientrequest")
    op.drop_index("ix_clientrequest_company_created", table_name="clientrequest")
    op.drop_table("clientrequest")
