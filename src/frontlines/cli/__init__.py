"""The ``frontlines`` command line: thin calls into the library, readable errors, no tracebacks."""

from __future__ import annotations

import os
import sys

from frontlines.cli import analysis as _analysis  # noqa: F401 - registers its commands
from frontlines.cli import exports as _exports  # noqa: F401 - registers its commands
from frontlines.cli import interfaces as _interfaces  # noqa: F401 - registers its commands
from frontlines.cli import knowledge as _knowledge  # noqa: F401 - registers its commands
from frontlines.cli import places as _places  # noqa: F401 - registers its commands
from frontlines.cli.app import app, err_console
from frontlines.errors import DatabaseFailed, FrontlinesError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every failure into one line and an exit code."""
    try:
        # Typer reports usage errors itself and leaves by SystemExit; our errors come through.
        app(args=argv, prog_name="frontlines")
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        err_console.print(str(exc.code), highlight=False)
        return 1
    except KeyboardInterrupt:
        err_console.print("interrupted: what was finished is stored")
        return 130
    except FrontlinesError as exc:
        err_console.print(f"[red]error[/red] {exc}", highlight=False, soft_wrap=True)
        return 1
    except Exception as exc:  # the last guard: one line, and the traceback only on request
        if os.environ.get("FRONTLINES_DEBUG"):
            raise
        if _is_database_error(exc):  # the driver's own words, never the statement or the data
            from frontlines.store.engine import database_detail

            err_console.print(
                f"[red]error[/red] {DatabaseFailed(detail=database_detail(exc))}", highlight=False
            )
            return 1
        err_console.print(
            f"[red]error[/red] E999: internal error ({type(exc).__name__}: {exc}); "
            "rerun with FRONTLINES_DEBUG=1 for details and please report it",
            highlight=False,
        )
        return 2
    return 0


def _is_database_error(exc: Exception) -> bool:
    """Whether SQLAlchemy raised ``exc`` (never imported here: `frontlines --help` stays fast)."""
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    return sqlalchemy_exc is not None and isinstance(exc, sqlalchemy_exc.SQLAlchemyError)


if __name__ == "__main__":
    sys.exit(main())
