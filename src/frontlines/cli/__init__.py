"""The ``frontlines`` command line: thin calls into the library, readable errors, no tracebacks."""

from __future__ import annotations

import os
import sys

import click
import typer

from frontlines.cli.app import app, err_console
from frontlines.errors import FrontlinesError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI and turn every failure into one line and an exit code."""
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="frontlines", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        err_console.print("aborted")
        return 130
    except KeyboardInterrupt:
        err_console.print("interrupted: what was finished is stored")
        return 130
    except FrontlinesError as exc:
        err_console.print(f"[red]error[/red] {exc}", highlight=False)
        return 1
    except Exception as exc:  # the last guard: one line, and the traceback only on request
        if os.environ.get("FRONTLINES_DEBUG"):
            raise
        err_console.print(
            f"[red]error[/red] E999: internal error ({type(exc).__name__}: {exc}); "
            "rerun with FRONTLINES_DEBUG=1 for details and please report it",
            highlight=False,
        )
        return 2
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
