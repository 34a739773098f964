"""Which document stages each article has been through, and the store's own state.

An article is stored before its stages run; ``stages_done`` names the stages that
finished on it, so a run killed in between finishes them on the next run.
``store_state`` holds small flags, such as ``merge_pending`` (set when mentions
changed, cleared by the merge in the transaction that writes its result).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The stages every article stored before this revision went through.
EARLIER_STAGES = "time,places,events"


def upgrade() -> None:
    op.add_column("articles", sa.Column("stages_done", sa.Text(), nullable=True))
    op.execute(sa.text(f"UPDATE articles SET stages_done = '{EARLIER_STAGES}'"))
    op.create_table(
        "store_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("store_state")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("stages_done")
