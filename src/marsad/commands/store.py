"""``marsad ingest | events | search | export | stats``: the store from the command line.

Each command mirrors the Python API (:mod:`marsad.ingest.run`, :class:`marsad.store.Store`,
:mod:`marsad.export`).
"""

from __future__ import annotations

import csv
import json
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import click

T = TypeVar("T")

DB_OPTION = click.option("--db", default="marsad.db", show_default=True, type=click.Path(dir_okay=False),
                         help="The Marsad database (SQLite).")


def _err(msg: str) -> None:
    click.echo(f"marsad: {msg}", err=True)


def _open(db: str, readonly: bool = True):  # noqa: ANN202
    from pathlib import Path

    from marsad.store import Store, StoreError

    if readonly and not Path(db).exists():
        _err(f"{db}: no such database (create it with: marsad ingest FILE --db {db})")
        sys.exit(2)
    try:
        return Store(db, readonly=readonly)
    except StoreError as exc:
        _err(str(exc))
        sys.exit(2)


def _read(db: str, query: Callable[[Any], T], errors: tuple[type[Exception], ...] = (ValueError,)) -> T:
    """``query(store)`` on the database ``db`` opened read-only; ``errors`` (bad filters, an
    unwritable output) end the command with a clear message and exit status 2."""
    store = _open(db)
    try:
        return query(store)
    except errors as exc:
        _err(str(exc))
        sys.exit(2)
    finally:
        store.close()


def _cut(s: Any, n: int = 60) -> str:
    s = " ".join(str(s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------------- ingest

@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@click.option("--workers", "-j", type=click.IntRange(1, 64), default=None,
              help="Analysis processes (default: up to 2, the CPU count).")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Articles per committed transaction.")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html", "feed", "warc"]),
              default="auto", show_default=True, help="How to read the inputs (auto: by name and content).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Read at most N articles.")
@click.option("--dedupe/--no-dedupe", default=True, show_default=True,
              help="Link near-duplicate articles (MinHash LSH) instead of analysing them again.")
@click.option("--threshold", type=click.FloatRange(0.1, 1.0), default=0.8, show_default=True,
              help="Jaccard similarity from which two articles are near-duplicates.")
@click.option("--max-chars", type=click.IntRange(1000), default=None,
              help="Truncate (with a warning) articles longer than this many characters [default: 200,000].")
@click.option("--event-gate", type=click.Choice(["auto", "score", "floor", "drop"]), default="auto", show_default=True,
              help="What the PROTEST/ASSAULT gate drops: auto = below the type's threshold in a one-sentence "
                   "text, below a low floor in an article; score = nothing (its probability is the event's "
                   "confidence); floor / drop = the floor / the threshold for every text.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[str, ...], db: str, workers: int | None, batch_size: int, input_format: str,
           limit: int | None, dedupe: bool, threshold: float, max_chars: int | None, event_gate: str,
           quiet: bool) -> None:
    """Analyse articles and store them in the database.

    PATHS are files or folders: plain text, JSONL with the ANT fields, HTML pages, RSS/Atom
    feeds, WARC archives (gzip read transparently). Articles already in the database are
    skipped, so an interrupted ingest continues where it stopped when run again.

    \b
    Examples:
      marsad ingest examples/seed_article.jsonl --db marsad.db
      marsad ingest ../shared/data/news/ant_2018.jsonl.gz --db ant.db --workers 2
      marsad ingest crawl.warc.gz pages/ feed.xml --db web.db

    Exit status: 0 when everything was stored, 1 when some input failed, 2 when the
    database cannot be used, 130 when stopped (SIGTERM, Ctrl-C: what was analysed is
    committed first).
    """
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from marsad.ingest.run import default_workers
    from marsad.ingest.run import PipelineError
    from marsad.ingest.run import ingest as run_ingest
    from marsad.store import StoreError

    store = _open(db, readonly=False)
    _report_migration(db, store)
    console = Console(stderr=True)
    workers = workers or default_workers()

    # SIGTERM or Ctrl-C: a flag the ingest checks between articles and while it waits for a
    # worker (never an exception thrown into whatever runs at that moment); the analyses
    # already finished are committed, the workers killed. A second signal stops at once
    # (what is committed stays committed; the batch in progress is rolled back).
    stop = threading.Event()
    received: list[str] = []

    def on_signal(signum: int, frame: Any) -> None:  # noqa: ARG001
        # Nothing printed here: a write to stderr from a signal handler can land inside
        # another write to it (a RuntimeError: reentrant call); should_stop() says it.
        if stop.is_set():
            raise KeyboardInterrupt
        received.append(signal.Signals(signum).name)
        stop.set()

    main_thread = threading.current_thread() is threading.main_thread()  # (signals: main thread only)
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    if main_thread:
        for sig in previous:
            signal.signal(sig, on_signal)
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                        console=console, disable=quiet, transient=False)
    task = progress.add_task("starting…", total=None)

    def on_progress(st: Any) -> None:
        progress.update(task, description=(
            f"[bold]{st.stored + st.duplicates:,}[/bold] stored · {st.rate:,.1f} articles/s · "
            f"{st.events:,} events · {st.duplicates:,} duplicates · {st.skipped:,} skipped · "
            f"[{'red' if st.errors else 'green'}]{st.errors:,} errors[/]"))

    def on_message(msg: str) -> None:
        if quiet:
            click.echo(f"marsad: {msg}", err=True)
        else:
            progress.console.print(f"[yellow]marsad:[/yellow] {msg}", markup=True, highlight=False)

    def should_stop() -> bool:
        if not stop.is_set():
            return False
        if len(received) == 1:
            received.append("")  # said once
            on_message(f"{received[0]}: stopping after committing the analyses already finished "
                       "(send it again to stop at once)")
        return True

    try:
        with progress:
            stats = run_ingest(list(paths), store, workers=workers, batch_size=batch_size,
                               fmt=None if input_format == "auto" else input_format, limit=limit,
                               dedupe=dedupe, threshold=threshold, on_progress=on_progress,
                               on_message=on_message,
                               pipeline_options={"event_gate_mode": event_gate, **({"max_chars": max_chars} if max_chars else {})},
                               stop=should_stop)
    except KeyboardInterrupt:
        stats = None
    except (StoreError, PipelineError) as exc:
        store.close()
        _err(str(exc))
        sys.exit(2)
    finally:
        if main_thread:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if stats is None or stats.interrupted:
        n = store.count_articles()
        store.close()
        why = f" by {received[0]}" if received else ""
        _err(f"interrupted{why}; {n:,} articles are safely stored in {db} (run the same command to continue)")
        sys.exit(130)
    total = store.count_articles()
    store.close()
    click.echo(
        f"{db}: {stats.stored:,} articles analysed and stored, {stats.duplicates:,} near-duplicates linked, "
        f"{stats.skipped:,} already stored, {stats.errors:,} errors; {stats.events:,} events, "
        f"{stats.clusters:,} event clusters; {stats.rate:,.1f} articles/s with {workers} worker(s); "
        f"{total:,} articles in the database", err=True)
    sys.exit(1 if stats.errors else 0)


# ---------------------------------------------------------------------- events

EVENT_TABLE = (("date", "date_start"), ("type", "plover"), ("cameo", "cameo"), ("source", None),
               ("target", None), ("where", "location_name"), ("outlet", "outlet"), ("evidence", "trigger_text"),
               ("event id", "id"))


def _actor(r: dict[str, Any], p: str) -> str:
    return r[f"{p}_code"] or r[f"{p}_country"] or "-"


@click.command()
@DB_OPTION
@click.option("--actor", help="Source or target actor code or country (IRQ, IRQGOV).")
@click.option("--type", "etype", help="PLOVER event type (REQUEST, PROTEST, ...).")
@click.option("--cameo", help="CAMEO code or prefix (e.g. 14).")
@click.option("--source", help="Outlet (as stored, e.g. alarabia).")
@click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM), inclusive.")
@click.option("--until", help="Up to this date, inclusive.")
@click.option("--article", "article_id", help="Only events of this article id.")
@click.option("--limit", type=click.IntRange(1), default=None, help="At most N events.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl"]), default="table", show_default=True)
def events(db: str, actor: str | None, etype: str | None, cameo: str | None, source: str | None,
           since: str | None, until: str | None, article_id: str | None, limit: int | None, fmt: str) -> None:
    """List stored events.

    \b
    Examples:
      marsad events --actor IRQ --type REQUEST --since 2018-03-01 --until 2018-03-31
      marsad events --db ant.db --source alarabia --format csv > events.csv
    """
    rows = _read(db, lambda store: store.events(actor=actor, type=etype, cameo=cameo, source=source, since=since,
                                                until=until, article_id=article_id, limit=limit))
    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False))
    elif fmt == "csv":
        from marsad.export import EVENT_COLUMNS

        w = csv.writer(sys.stdout)
        w.writerow(EVENT_COLUMNS)
        for r in rows:
            w.writerow(["" if r[c] is None else r[c] for c in EVENT_COLUMNS])
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title=f"{len(rows)} events")
        for name, _ in EVENT_TABLE:
            t.add_column(name, justify="right" if name == "evidence" else "left")
        for r in rows:
            flags = (" (neg)" if r["negated"] else "") + (" (fut)" if r["future"] else "")
            t.add_row(r["date_start"] or "-", r["plover"] + flags, r["cameo"] or "-", _actor(r, "source"),
                      _actor(r, "target"), r["location_name"] or "-", r["outlet"] or "-",
                      _cut(r["trigger_text"], 40), r["id"])
        Console().print(t)


# ---------------------------------------------------------------------- search

@click.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def search(query: str, db: str, limit: int, fmt: str) -> None:
    """Full-text search of the stored articles (Arabic-aware: with or without hamza,
    diacritics or ال). All words must occur; put the query in double quotes for a phrase.

    \b
    Examples:
      marsad search "انسحاب القوات"
      marsad search '"انسحاب القوات الأمريكية"' --format jsonl
    """
    hits = _read(db, lambda store: store.search(query, limit=limit))
    if fmt == "jsonl":
        for h in hits:
            click.echo(json.dumps(h, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{len(hits)} articles for {query}")
    for col in ("id", "published", "outlet", "events", "title / snippet"):
        t.add_column(col, justify="right" if col == "title / snippet" else "left", overflow="fold")
    for h in hits:
        t.add_row(h["id"], h["published"] or "-", h["source"] or "-", str(h["n_events"]),
                  _cut(h["title"], 70) + "\n" + _cut(h["snippet"], 100) if h["title"] else _cut(h["snippet"], 100))
    Console().print(t)


# ---------------------------------------------------------------------- export

@click.command()
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["plover", "gdelt", "parquet", "csv"]), required=True)
@click.option("--actor", help="Only events with this source or target actor.")
@click.option("--type", "etype", help="Only this PLOVER type.")
@click.option("--since", help="From this date, inclusive.")
@click.option("--until", help="Up to this date, inclusive.")
def export(out: str, db: str, fmt: str, actor: str | None, etype: str | None, since: str | None,
           until: str | None) -> None:
    """Export events: PLOVER JSONL, GDELT-style CSV, flat CSV or Parquet (OUT, or - for
    stdout with the text formats). Fields: docs/store.md.

    \b
    Examples:
      marsad export --format plover events.plover.jsonl
      marsad export --format parquet events.parquet --since 2018-03-01
      marsad export --format gdelt - | head
    """
    from marsad.export import export as run_export

    n = _read(db, lambda store: run_export(store, out, fmt, actor=actor, type=etype, since=since, until=until),
              errors=(ValueError, OSError))
    if out != "-":
        click.echo(f"{n:,} events written to {out} ({fmt})", err=True)


# ---------------------------------------------------------------------- stats

@click.command()
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(db: str, as_json: bool) -> None:
    """Counts: articles, events, duplicates, clusters; by source, PLOVER type and month."""
    st = _read(db, lambda store: store.stats(), errors=())
    if as_json:
        click.echo(json.dumps(st, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]{db}[/bold]: {st['articles']:,} articles ({st['analysed']:,} analysed, "
                  f"{st['duplicates']:,} near-duplicates) · {st['events']:,} events in {st['clusters']:,} "
                  f"clusters · {st['entities']:,} entities")
    for title, key in (("Articles by source", "articles_by_source"), ("Events by source", "events_by_source"),
                       ("Events by type", "events_by_type"), ("Articles by month", "articles_by_month"),
                       ("Events by month", "events_by_month")):
        if not st[key]:
            continue
        t = Table(title=title)
        t.add_column(key.split("_by_")[1])
        t.add_column("count", justify="right")
        for k, v in st[key].items():
            t.add_row(str(k), f"{v:,}")
        console.print(t)


def _report_migration(db: str, store: Any) -> None:
    from marsad.store import SCHEMA_VERSION

    if store.migrated_from:  # None: nothing to do; 0: a new file
        _err(f"{db}: schema migrated from version {store.migrated_from} to {SCHEMA_VERSION}")


@click.command()
@DB_OPTION
def migrate(db: str) -> None:
    """Bring a database to this Marsad's schema (new indexes; the data is not touched).

    
    Opening a database writable (marsad ingest) migrates it too; an older database
    opened read-only (marsad serve, events, search) works, without the newer indexes.
    """
    from pathlib import Path

    from marsad.store import SCHEMA_VERSION

    if not Path(db).exists():
        _err(f"{db}: no such database (create it with: marsad ingest FILE --db {db})")
        sys.exit(2)
    store = _open(db, readonly=False)
    try:
        if store.migrated_from:
            _report_migration(db, store)
        else:
            click.echo(f"{db}: already at schema version {SCHEMA_VERSION}", err=True)
    finally:
        store.close()


COMMANDS = [ingest, events, search, export, stats, migrate]
