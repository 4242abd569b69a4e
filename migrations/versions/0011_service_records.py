"""Service records: one row per referral of a service evaluated, imported from its record system.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:23:15.326101
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.String(length=100), nullable=False),
        sa.Column("person_id", sa.String(length=100), nullable=False),
        sa.Column("referral_date", sa.Date(), nullable=False),
        sa.Column("referral_source", sa.String(length=255), nullable=True),
        sa.Column("practice", sa.String(length=255), nullable=True),
        sa.Column("pcn", sa.String(length=255), nullable=True),
        sa.Column("link_worker", sa.String(length=255), nullable=True),
        sa.Column("first_contact_date", sa.Date(), nullable=True),
        sa.Column("declined", sa.Boolean(), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("support_offered", sa.Text(), nullable=False),
        sa.Column("discharge_date", sa.Date(), nullable=True),
        sa.Column("discharge_reason", sa.String(length=255), nullable=True),
        sa.Column("participant_code", sa.String(length=64), nullable=True),
        sa.Column("age_band", sa.String(length=64), nullable=True),
        sa.Column("gender", sa.String(length=64), nullable=True),
        sa.Column("ethnicity", sa.String(length=255), nullable=True),
        sa.Column("ward", sa.String(length=255), nullable=True),
        sa.Column(
            "imported_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint(
            "discharge_date IS NULL OR discharge_date >= referral_date",
            name=op.f("ck_service_record_discharge_after_referral"),
        ),
        sa.CheckConstraint(
            "first_contact_date IS NULL OR first_contact_date >= referral_date",
            name=op.f("ck_service_record_contact_after_referral"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_service_record_study_id_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_record")),
        sa.UniqueConstraint(
            "study_id", "referral_id", name=op.f("uq_service_record_study_id_referral_id")
        ),
    )
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_record_study_id"), ["study_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("service_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_record_study_id"))

    op.drop_table("service_record")
