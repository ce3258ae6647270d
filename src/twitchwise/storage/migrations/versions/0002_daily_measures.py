"""daily measures

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import twitchwise.storage.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daily_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_daily_measure_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_measure")),
        sa.UniqueConstraint(
            "person_id", "kind", "day", name=op.f("uq_daily_measure_person_id_kind_day")
        ),
    )
    with op.batch_alter_table("daily_measure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_daily_measure_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("daily_measure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_daily_measure_person_id"))

    op.drop_table("daily_measure")
