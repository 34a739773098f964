"""Commands that open frontlines to people and programs: ``frontlines serve`` (API and web page)."""

from __future__ import annotations

from typing import Annotated

import typer

from frontlines.cli.app import DbOption, app, err_console


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
    import uvicorn

    from frontlines.api import create_app

    application = create_app(db)
    err_console.print(
        f"frontlines serving {application.state.frontlines.settings.db} on http://{host}:{port}/ "
        "(API under /api, schema at /openapi.json); Ctrl-C stops",
        highlight=False,
    )
    uvicorn.run(application, host=host, port=port, log_level="info")
