"""Persistence: SQLite (default, WAL) or PostgreSQL through SQLAlchemy, migrated by Alembic."""

from frontlines.store.engine import database_url
from frontlines.store.repository import Counts, Store, StoredRejection

__all__ = ["Counts", "Store", "StoredRejection", "database_url"]
