"""indexes that let every list read only the rows it returns (newest first, in pages), and the
size of each upload (a person's waiting uploads are held to a limit) and the process running
it (one that died is found at once)

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("exposure", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exposure_person_started_id", ["person_id", "started_at", "id"], unique=False
        )
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_person_started")
        batch_op.create_index(
            "ix_episode_person_started_id", ["person_id", "started_at", "id"], unique=False
        )
    with op.batch_alter_table("medication_course", schema=None) as batch_op:
        batch_op.create_index("ix_medication_course_person_id_id", ["person_id", "id"])
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.create_index("ix_note_person_at", ["person_id", "at", "id"])
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("size_bytes", sa.BigInteger(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("worker", sa.String(length=80), nullable=True))
        batch_op.create_index("ix_import_job_person_state", ["person_id", "state"])


def downgrade() -> None:
    with op.batch_alter_table("import_job", schema=None) as batch_op:
        batch_op.drop_index("ix_import_job_person_state")
        batch_op.drop_column("worker")
        batch_op.drop_column("size_bytes")
    with op.batch_alter_table("note", schema=None) as batch_op:
        batch_op.drop_index("ix_note_person_at")
    with op.batch_alter_table("medication_course", schema=None) as batch_op:
        batch_op.drop_index("ix_medication_course_person_id_id")
    with op.batch_alter_table("episode", schema=None) as batch_op:
        batch_op.drop_index("ix_episode_person_started_id")
        batch_op.create_index("ix_episode_person_started", ["person_id", "started_at"])
    with op.batch_alter_table("exposure", schema=None) as batch_op:
        batch_op.drop_index("ix_exposure_person_started_id")
