"""Opening a database: URL resolution, SQLite pragmas, and migrations to head."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from frontlines.errors import DatabaseError, DatabaseTooNew

MIGRATIONS = Path(__file__).with_name("migrations")
PG_LOCK_KEY = 0x66726F6E746C696E  # "frontlin": the advisory lock every frontlines writer takes


def database_url(db: str) -> str:
    """An SQLAlchemy URL for ``db``: a URL as given, or a SQLite file path."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser()}"


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    # WAL: readers never block the one writer; busy_timeout rides out short locks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def create(db: str) -> Engine:
    """An engine for ``db`` whose schema is at the newest migration."""
    url = database_url(db)
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, future=True, pool_pre_ping=parsed.get_backend_name() != "sqlite"
        )
    except (ArgumentError, ImportError, OSError) as exc:
        raise DatabaseError(url=_safe(url), detail=str(exc).splitlines()[0]) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        migrate(engine)
    except DatabaseTooNew:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise DatabaseError(url=_safe(url), detail=detail) from None
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to head; refuse a database from a newer frontlines."""
    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if current is not None and not _known_revision(script, current):
        raise DatabaseTooNew(url=_safe(str(engine.url)), found=current)
    with writer_lock(engine):  # two processes opening a new database migrate it once
        with engine.connect() as conn:
            if MigrationContext.configure(conn).get_current_revision() == head:
                return
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def _known_revision(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False
    except Exception as exc:  # alembic raises ResolutionError subclasses of various bases
        if type(exc).__name__.endswith("ResolutionError"):
            return False
        raise


def database_detail(exc: BaseException) -> str:
    """The first line of what the database driver said, without SQLAlchemy's statement and
    parameters (which can hold a whole article's text)."""
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).splitlines() or [type(orig).__name__])[0][:300]


def _safe(url: str) -> str:
    """The URL without a password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@contextmanager
def writer_lock(engine: Engine, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """The single-writer lock of a database (see ``Store.writer_lock``); migrations take it too."""
    url = engine.url
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            yield  # a database in memory has one process by nature
            return
        with _file_lock(Path(url.database).with_name(Path(url.database).name + ".lock"), on_wait):
            yield
        return
    if backend == "postgresql":
        with engine.connect() as conn:
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_LOCK_KEY}).scalar()
            if not got:
                if on_wait is not None:
                    on_wait(_WAITING.format(db=url.render_as_string(hide_password=True)))
                conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": PG_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
                conn.commit()
        return
    yield  # another database: its own locking is all there is


_WAITING = "another frontlines process is writing to {db}; waiting for it to finish"


@contextmanager
def _file_lock(path: Path, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own locking is all there is
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(_WAITING.format(db=path.with_suffix("")))
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
