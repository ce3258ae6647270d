"""doctor's visits in the diary: the day, what came of it (reassured, referred, treated,
diagnosed) and a note; under the same row-level security as the other diary tables

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from twitchwise.storage.types import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

SETTING = "twitchwise.person"
OWNER_IS_ME = f"person_id = nullif(current_setting('{SETTING}', true), '')::integer"
ROLE = "twitchwise_app"
GRANT = f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON doctor_visit TO {ROLE};
        GRANT USAGE, SELECT, UPDATE ON SEQUENCE doctor_visit_id_seq TO {ROLE};
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'twitchwise: cannot grant doctor_visit to {ROLE}';
END
$$;
"""  # noqa: S608 - fixed names


def upgrade() -> None:
    op.create_table(
        "doctor_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=100), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_doctor_visit_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doctor_visit")),
        sa.UniqueConstraint(
            "person_id", "dedupe_key", name=op.f("uq_doctor_visit_person_id_dedupe_key")
        ),
    )
    with op.batch_alter_table("doctor_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_doctor_visit_person_id"), ["person_id"], unique=False)
        batch_op.create_index("ix_doctor_visit_person_on", ["person_id", "visited_on", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE doctor_visit ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE doctor_visit FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY doctor_visit_owner_only ON doctor_visit "
            f"USING ({OWNER_IS_ME}) WITH CHECK ({OWNER_IS_ME})"
        )
        op.execute(GRANT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS doctor_visit_owner_only ON doctor_visit")
    with op.batch_alter_table("doctor_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_doctor_visit_person_on")
        batch_op.drop_index(batch_op.f("ix_doctor_visit_person_id"))
    op.drop_table("doctor_visit")
