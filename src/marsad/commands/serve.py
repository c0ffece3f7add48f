"""``marsad serve``: the API and the dashboard over a Marsad database (read-only)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.option("--db", default="marsad.db", show_default=True, type=click.Path(dir_okay=False),
              help="The Marsad database (SQLite), opened read-only.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only; 0.0.0.0 exposes it to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--max-analyze-bytes", default=200_000, show_default=True, type=click.IntRange(1000),
              help="Largest request body accepted by POST /api/analyze.")
@click.option("--cache-mb", default=64.0, show_default=True, type=click.FloatRange(0),
              help="Megabytes of API responses kept in memory (per worker) while the database is "
                   "unchanged (0: no response cache).")
@click.option("--threads", default=0, show_default=True, type=click.IntRange(0, 256),
              help="Requests running their queries at once in each process (0: anyio's default, 40).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each opens the database read-only).")
@click.option("--log-level", default="warning", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
def serve(db: str, host: str, port: int, max_analyze_bytes: int, cache_mb: float, threads: int, workers: int,
          log_level: str) -> None:
    """Serve the dashboard and the REST API for a database.

    \b
    Open http://127.0.0.1:8000/ for the dashboard and /docs for the API documentation.

    \b
    Examples:
      marsad serve --db marsad.db
      marsad serve --db ant.db --port 8080
      marsad serve --db ant.db --workers 2 --cache-mb 256
    """
    from marsad.api import create_app
    from marsad.store import SCHEMA_VERSION, StoreError

    cache_bytes = int(cache_mb * 1024 * 1024)

    if not Path(db).exists():
        click.echo(f"marsad: {db}: no such database (create it with: marsad ingest FILE --db {db})", err=True)
        sys.exit(2)
    try:
        app = create_app(db, max_analyze_bytes=max_analyze_bytes, cache_bytes=cache_bytes, threads=threads or None)
    except StoreError as exc:
        click.echo(f"marsad: {exc}", err=True)
        sys.exit(2)
    if app.state.store_outdated:
        click.echo(f"marsad: warning: {db} has an older schema (version {app.state.store_pool.get().schema_version}, "
                   f"this Marsad: {SCHEMA_VERSION}); it is served as is, without the newer indexes, so some "
                   f"queries are slower. Add them with: marsad migrate --db {db}", err=True)
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"marsad: warning: listening on {host}: the dashboard is reachable from other machines "
                   "(it has no authentication)", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Marsad dashboard: http://{shown}:{port}/  ·  API docs: http://{shown}:{port}/docs  "
               f"·  database: {db}  (Ctrl-C to stop)", err=True)
    try:
        if workers > 1:  # uvicorn starts each worker from an import string: pass the options by environment
            import os

            os.environ.update({"MARSAD_SERVE_DB": str(Path(db).resolve()),
                               "MARSAD_SERVE_MAX_ANALYZE_BYTES": str(max_analyze_bytes),
                               "MARSAD_SERVE_CACHE_BYTES": str(cache_bytes),
                               "MARSAD_SERVE_THREADS": str(threads)})
            del app
            uvicorn.run("marsad.api:app_from_environment", factory=True, workers=workers, host=host, port=port,
                        log_level=log_level, access_log=log_level in ("info", "debug"))
        else:
            uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level in ("info", "debug"))
    except OSError as exc:  # pragma: no cover - e.g. port in use
        click.echo(f"marsad: cannot listen on {host}:{port} ({exc})", err=True)
        sys.exit(2)


COMMANDS = [serve]
