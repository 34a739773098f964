"""Time mentions: each temporal expression of an article and its resolved interval.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "time_mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value_start", sa.Date()),
        sa.Column("value_end", sa.Date()),
        sa.Column("precision", sa.String(16), nullable=False),
        sa.Column("anchor", sa.String(16), nullable=False),
        sa.Column("duration", sa.String(32)),
        sa.Column("anchor_text", sa.Text()),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("mod", sa.String(16)),
        sa.Column("timex", sa.String(32)),
    )
    op.create_index("ix_time_mentions_article", "time_mentions", ["article_id", "start"])


def downgrade() -> None:
    op.drop_table("time_mentions")
