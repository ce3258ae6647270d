"""guide replies: readers' replies under the guide pages, and the key that hashes their address

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import twitchwise.storage.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guide_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False, comment="stored, never shown"),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "approved_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_reply")),
    )
    with op.batch_alter_table("guide_reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_reply_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            "ix_guide_reply_topic_approved", ["topic", "approved_at"], unique=False
        )
    op.create_table(
        "guide_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_secret")),
    )


def downgrade() -> None:
    op.drop_table("guide_secret")
    with op.batch_alter_table("guide_reply", schema=None) as batch_op:
        batch_op.drop_index("ix_guide_reply_topic_approved")
        batch_op.drop_index(batch_op.f("ix_guide_reply_created_at"))
    op.drop_table("guide_reply")
