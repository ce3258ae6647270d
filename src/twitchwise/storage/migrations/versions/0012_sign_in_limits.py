"""sign-in limits: an index for the counters' clean-up, and the places each person signed in from

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import twitchwise.storage.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The clean-up deletes by ``at`` alone: without this index it read the whole table at every
    # sign-in, and a day of flooding made each sign-in several times slower.
    with op.batch_alter_table("rate_attempt", schema=None) as batch_op:
        batch_op.create_index("ix_rate_attempt_at", ["at"], unique=False)
    op.create_table(
        "sign_in_place",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("place_hash", sa.String(length=64), nullable=False),
        sa.Column("last_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_sign_in_place_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_place")),
        sa.UniqueConstraint(
            "person_id", "place_hash", name=op.f("uq_sign_in_place_person_id_place_hash")
        ),
    )
    with op.batch_alter_table("sign_in_place", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_place_person_id"), ["person_id"])
        batch_op.create_index(batch_op.f("ix_sign_in_place_last_at"), ["last_at"])


def downgrade() -> None:
    op.drop_table("sign_in_place")
    with op.batch_alter_table("rate_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_rate_attempt_at")
