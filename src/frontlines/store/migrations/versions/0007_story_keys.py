"""The LSH band keys of every article's fingerprint, so story grouping queries the store
instead of holding every fingerprint in memory.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "story_keys",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.BigInteger, nullable=False),
        sa.Column(
            "article_id",
            sa.String(64),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_story_keys_key", "story_keys", ["key"])
    op.create_index("ix_story_keys_article", "story_keys", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_story_keys_article", table_name="story_keys")
    op.drop_index("ix_story_keys_key", table_name="story_keys")
    op.drop_table("story_keys")
