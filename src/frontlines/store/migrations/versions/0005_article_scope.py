"""Each article's scope decision: within ACLED's scope or not, and why.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("scope", sa.String(16), nullable=True))
    op.add_column("articles", sa.Column("scope_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("scope_reason")
        batch.drop_column("scope")
