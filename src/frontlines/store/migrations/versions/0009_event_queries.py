"""Events and control read by query at any store size: the actors of every merged event in
an indexed table (the API's actor filter); the event types stored (the type filter's
spellings); indexes for the event list's order and its
country and admin filters; and the admin level of a control period's place, so a place's
control reads its own periods and its areas' only.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_actors",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "event_id",
            sa.String(32),
            sa.ForeignKey("events.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("date_start", sa.Date, nullable=True),
    )
    op.create_index("ix_event_actors_event_id", "event_actors", ["event_id"])
    op.create_index(
        "ix_event_actors_actor_date", "event_actors", ["actor", "date_start", "event_id"]
    )
    op.create_index("ix_events_date_id", "events", ["date_start", "id"])
    op.create_index("ix_events_place_date", "events", ["geonameid", "date_start", "id"])
    op.create_index(
        "ix_events_country_date", "events", ["country_code", "date_start", "id", "date_end"]
    )
    op.create_index(
        "ix_events_admin_date",
        "events",
        [
            "country_code",
            "admin1_code",
            "date_start",
            "id",
            "date_end",
            "event_type",
            "sub_event_type",
        ],
    )
    no_end = sa.text("date_end IS NULL")
    op.create_index(
        "ix_events_no_end",
        "events",
        ["country_code", "admin1_code", "date_start", "id"],
        postgresql_where=no_end,
        sqlite_where=no_end,
    )
    op.add_column("control_periods", sa.Column("area_level", sa.Integer, nullable=True))
    op.create_index(
        "ix_control_periods_area", "control_periods", ["country_code", "admin1_code", "area_level"]
    )
    op.create_table("event_types", sa.Column("name", sa.String(64), primary_key=True))
    op.execute(
        "INSERT INTO event_types (name) SELECT event_type FROM events"
        " UNION SELECT sub_event_type FROM events"
    )
    _fill_actors()
    _fill_area_levels()


def _fill_actors() -> None:
    """The actors of the events already stored, read from their records, and the longest
    span of their dates (what the date filters range over)."""
    from frontlines.events.model import Event
    from frontlines.merge import event_actor_ids
    from frontlines.store.knowledge import EVENT_SPAN

    bind = op.get_bind()
    events = sa.table("events", sa.column("id"), sa.column("payload", sa.JSON))
    actors = sa.table(
        "event_actors", sa.column("event_id"), sa.column("actor"), sa.column("date_start")
    )
    rows = []
    widest = 0
    for event_id, payload in bind.execute(sa.select(events.c.id, events.c.payload)).all():
        event = Event.model_validate(payload)
        rows += [
            {"event_id": event_id, "actor": a, "date_start": event.date_start}
            for a in sorted(event_actor_ids(event))
        ]
        if event.date_start is not None and event.date_end is not None:
            widest = max(widest, (event.date_end - event.date_start).days)
        if len(rows) >= 5000:
            bind.execute(actors.insert(), rows)
            rows = []
    if rows:
        bind.execute(actors.insert(), rows)
    state = sa.table("store_state", sa.column("key"), sa.column("value"))
    bind.execute(state.insert(), [{"key": EVENT_SPAN, "value": str(widest)}])


def _fill_area_levels() -> None:
    """The admin level of the place of every control period already stored."""
    from frontlines.events.model import ControlPeriod
    from frontlines.store.knowledge import area_level

    bind = op.get_bind()
    periods = sa.table(
        "control_periods", sa.column("id"), sa.column("payload", sa.JSON), sa.column("area_level")
    )
    for row_id, payload in bind.execute(sa.select(periods.c.id, periods.c.payload)).all():
        level = area_level(ControlPeriod.model_validate(payload).place)
        if level is not None:
            bind.execute(periods.update().where(periods.c.id == row_id).values(area_level=level))


def downgrade() -> None:
    op.execute("DELETE FROM store_state WHERE key = 'event_span_days'")
    op.drop_index("ix_control_periods_area", table_name="control_periods")
    op.drop_column("control_periods", "area_level")
    op.drop_index("ix_events_no_end", table_name="events")
    op.drop_index("ix_events_admin_date", table_name="events")
    op.drop_index("ix_events_country_date", table_name="events")
    op.drop_index("ix_events_place_date", table_name="events")
    op.drop_index("ix_events_date_id", table_name="events")
    op.drop_table("event_types")
    op.drop_table("event_actors")
