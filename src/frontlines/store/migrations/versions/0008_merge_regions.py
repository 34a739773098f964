"""Merge regions, so a merge recomputes only what new mentions touch: the region of every
event mention and merged event (its place's country and province, or its story when it
has no place) and the regions changed since the last merge. The first merge after this
migration is a full one and fills the regions in.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("event_mentions", sa.Column("region", sa.String(200), nullable=True))
    op.create_index("ix_event_mentions_region", "event_mentions", ["region"])
    op.add_column("events", sa.Column("region", sa.String(200), nullable=True))
    op.create_index("ix_events_region", "events", ["region"])
    op.create_table("merge_dirty", sa.Column("region", sa.String(200), primary_key=True))


def downgrade() -> None:
    op.drop_table("merge_dirty")
    op.drop_index("ix_events_region", table_name="events")
    op.drop_column("events", "region")
    op.drop_index("ix_event_mentions_region", table_name="event_mentions")
    op.drop_column("event_mentions", "region")
