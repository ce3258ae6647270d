"""initial schema

Revision ID: 0001
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import twitchwise.storage.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("sex", sa.String(length=10), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("pregnant", sa.Boolean(), nullable=True),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("name", name=op.f("uq_person_name")),
    )
    op.create_table(
        "episode",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "started_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("started_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("body_sites", sa.JSON(), nullable=False),
        sa.Column("sides", sa.String(length=10), nullable=True),
        sa.Column("duration_minutes", sa.Float(), nullable=True),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("pain", sa.Integer(), nullable=True),
        sa.Column("context", sa.String(length=20), nullable=True),
        sa.Column("persisting_days", sa.Integer(), nullable=True),
        sa.Column("episodes_per_week", sa.Float(), nullable=True),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("dedupe_key", sa.String(length=300), nullable=False),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_episode_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_episode")),
        sa.UniqueConstraint(
            "person_id", "dedupe_key", name=op.f("uq_episode_person_id_dedupe_key")
        ),
    )
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_episode_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_episode_person_started", ["person_id", "started_at"], unique=False
        )

    op.create_table(
        "exposure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column(
            "started_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("started_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("ended_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("ended_offset_minutes", sa.Integer(), nullable=True),
        sa.Column(
            "amount", sa.Float(), nullable=True, comment="in the type's unit: exposures.UNIT"
        ),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.Column("effort_rpe", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("dedupe_key", sa.String(length=400), nullable=False),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_exposure_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exposure")),
        sa.UniqueConstraint(
            "person_id", "dedupe_key", name=op.f("uq_exposure_person_id_dedupe_key")
        ),
    )
    with op.batch_alter_table("exposure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exposure_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_exposure_person_type_started", ["person_id", "type", "started_at"], unique=False
        )

    op.create_table(
        "medication_course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("dose_mg_per_day", sa.Float(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("stopped_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=300), nullable=False),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_medication_course_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medication_course")),
        sa.UniqueConstraint(
            "person_id", "dedupe_key", name=op.f("uq_medication_course_person_id_dedupe_key")
        ),
    )
    with op.batch_alter_table("medication_course", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_medication_course_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("at_offset_minutes", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=100), nullable=False),
        sa.Column(
            "created_at", twitchwise.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_note_person_id_person"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_note")),
        sa.UniqueConstraint("person_id", "dedupe_key", name=op.f("uq_note_person_id_dedupe_key")),
    )
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_note_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_note_person_id"))

    op.drop_table("note")
    with op.batch_alter_table("medication_course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_medication_course_person_id"))

    op.drop_table("medication_course")
    with op.batch_alter_table("exposure", schema=None) as batch_op:
        batch_op.drop_index("ix_exposure_person_type_started")
        batch_op.drop_index(batch_op.f("ix_exposure_person_id"))

    op.drop_table("exposure")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_person_started")
        batch_op.drop_index(batch_op.f("ix_episode_person_id"))

    op.drop_table("episode")
    op.drop_table("person")
