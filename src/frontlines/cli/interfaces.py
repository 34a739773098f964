"""Commands that open frontlines to people and programs: ``frontlines serve`` (API and web page)."""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from frontlines.cli.app import DbOption, _open, app, err_console
from frontlines.errors import BadOption


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; 0.0.0.0 opens it to the network.")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
) -> None:
    """Serve the REST API (/api, schema at /openapi.json) and the web map (/) with uvicorn."""
    check_port_free(host, port)
    with _open(db) as fl:
        import uvicorn

        from frontlines.api import create_app

        application = create_app(frontlines=fl)
        err_console.print(
            f"frontlines serving {fl.settings.db} on http://{host}:{port}/ "
            "(API under /api, schema at /openapi.json); Ctrl-C stops",
            highlight=False,
        )
        uvicorn.run(application, host=host, port=port, log_level="info")


def check_port_free(host: str, port: int) -> None:
    """Bind ``host:port`` and let it go, so that a busy port fails before the server says it
    runs (uvicorn would announce itself, then stop)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            sock.bind(address)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if exc.errno == errno.EADDRINUSE:
            why = "the port is in use (another server?); choose another with --port"
        raise BadOption(detail=f"cannot listen on {host}:{port}: {why}") from None
