"""Service reference data: practices with their PCN and list size, link workers with their
capacity, and the area's population per characteristic, for a service evaluation.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:28:54.655956
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "area_population",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=255), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.CheckConstraint("people >= 0", name=op.f("ck_area_population_people_not_negative")),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_area_population_study_id_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area_population")),
        sa.UniqueConstraint(
            "study_id",
            "characteristic",
            "category",
            name=op.f("uq_area_population_study_id_characteristic_category"),
        ),
    )
    op.create_table(
        "service_link_worker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "capacity IS NULL OR capacity > 0",
            name=op.f("ck_service_link_worker_capacity_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_service_link_worker_study_id_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_link_worker")),
        sa.UniqueConstraint("study_id", "name", name=op.f("uq_service_link_worker_study_id_name")),
    )
    op.create_table(
        "service_practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("study_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("pcn", sa.String(length=255), nullable=True),
        sa.Column("list_size", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "list_size IS NULL OR list_size > 0",
            name=op.f("ck_service_practice_list_size_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["study_id"],
            ["study.id"],
            name=op.f("fk_service_practice_study_id_study"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_practice")),
        sa.UniqueConstraint("study_id", "name", name=op.f("uq_service_practice_study_id_name")),
    )


def downgrade() -> None:
    op.drop_table("service_practice")
    op.drop_table("service_link_worker")
    op.drop_table("area_population")
