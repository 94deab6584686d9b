"""`monotown serve`: the web app on a local address."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    workers: int = typer.Option(1, "--workers", help="Worker processes (production: 2-4)."),
    prepare: bool = typer.Option(
        True, "--prepare/--no-prepare", help="Upgrade the schema and seed an empty database first."
    ),
) -> None:
    """Serve the web dashboard and the REST API."""
    import uvicorn

    from monotown import migrations
    from monotown.cli.db_commands import ensure_database_ready
    from monotown.db import get_engine

    if prepare:
        ensure_database_ready(f"http://{host}:{port}")
    else:  # the app refuses such a schema too, but here it is one line instead of a traceback
        migrations.require_up_to_date(get_engine())
    typer.echo(f"Monotown is serving on http://{host}:{port}")
    uvicorn.run(
        "monotown.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
