"""Places, event mentions, merged events with their reports, and control periods.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _article_fk() -> sa.Column:
    return sa.Column(
        "article_id",
        sa.String(32),
        sa.ForeignKey("articles.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "place_mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("name", sa.Text()),
        sa.Column("feature_code", sa.String(16)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("country_code", sa.String(4)),
        sa.Column("admin1_code", sa.String(32)),
        sa.Column("admin2_code", sa.String(32)),
        sa.Column("confidence", sa.Float(), nullable=False),
    )
    op.create_index("ix_place_mentions_article", "place_mentions", ["article_id", "start"])
    op.create_index("ix_place_mentions_geonameid", "place_mentions", ["geonameid"])
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        _article_fk(),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_index("ix_event_mentions_article", "event_mentions", ["article_id", "idx"])
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64), nullable=False),
        sa.Column("date_start", sa.Date()),
        sa.Column("date_end", sa.Date()),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("country_code", sa.String(4)),
        sa.Column("admin1_code", sa.String(32)),
        sa.Column("place_name", sa.Text()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("territorial", sa.Boolean(), nullable=False),
        sa.Column("background", sa.Boolean(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_index("ix_events_event_type", "events", ["event_type"])
    op.create_index("ix_events_date_start", "events", ["date_start"])
    op.create_index("ix_events_geonameid", "events", ["geonameid"])
    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "event_id",
            sa.String(32),
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _article_fk(),
    )
    op.create_index("ix_event_reports_event_id", "event_reports", ["event_id"])
    op.create_index("ix_event_reports_article_id", "event_reports", ["article_id"])
    op.create_table(
        "control_periods",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("place_key", sa.String(64), nullable=False),
        sa.Column("geonameid", sa.BigInteger()),
        sa.Column("country_code", sa.String(4)),
        sa.Column("admin1_code", sa.String(32)),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
    )
    op.create_index("ix_control_periods_place_key", "control_periods", ["place_key"])
    op.create_index("ix_control_periods_geonameid", "control_periods", ["geonameid"])


def downgrade() -> None:
    for table in ("control_periods", "event_reports", "events", "event_mentions", "place_mentions"):
        op.drop_table(table)
