"""``marsad run | load``: analyse a corpus on a Dask cluster into a Parquet dataset, and load
such a dataset into the store (:mod:`marsad.distributed`; guide: docs/distributed.md)."""

from __future__ import annotations

import sys
from typing import Any

import click


def _err(msg: str) -> None:
    click.echo(f"marsad: {msg}", err=True)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="The dataset folder (created; complete partitions already there are skipped).")
@click.option("--scheduler", metavar="ADDRESS",
              help="A running Dask scheduler: its address (tcp://host:8786) or scheduler file (*.json); "
                   "'sync' runs in this process.")
@click.option("--workers", "-j", type=click.IntRange(1, 512), default=None,
              help="Worker processes of the local cluster started without --scheduler (default: CPU count).")
@click.option("--partition-size", type=click.IntRange(1, 10_000_000), default=1000, show_default=True,
              help="JSONL lines per partition (one task each).")
@click.option("--files-per-partition", type=click.IntRange(1, 10_000_000), default=200, show_default=True,
              help="Text/HTML/feed files per partition.")
@click.option("--input-format", type=click.Choice(["auto", "text", "jsonl", "html", "feed", "warc"]),
              default="auto", show_default=True, help="How to read the inputs (auto: by name and content).")
@click.option("--force", is_flag=True, help="Analyse again the partitions already complete in --out.")
@click.option("--quiet", "-q", is_flag=True, help="Only the summary.")
def run(paths: tuple[str, ...], out: str, scheduler: str | None, workers: int | None, partition_size: int,
        files_per_partition: int, input_format: str, force: bool, quiet: bool) -> None:
    """Analyse articles on a Dask cluster into a Parquet dataset.

    PATHS are files or folders, as for `marsad ingest` (JSONL, text, HTML, feeds, WARC; gzip
    read transparently); every worker must see them. The dataset has the tables articles,
    entities, events, places and quotes, partitioned by publication month
    (OUT/<table>/month=YYYY-MM/part-<id>.parquet). Load it into a database with `marsad load`.

    \b
    Examples:
      marsad run ../shared/data/news/ant_2018.jsonl.gz --out ant_dataset --workers 2
      marsad run crawl/ --out web_dataset --scheduler tcp://scheduler:8786
      marsad load ant_dataset --db ant.db

    Exit status: 0 when every record was analysed, 1 when some records or partitions
    failed (run the same command again to retry unfinished partitions), 2 when the run
    cannot start.
    """
    from marsad.distributed import DistributedError
    from marsad.distributed import run as run_dask

    if scheduler and workers:
        _err("give --scheduler or --workers, not both (--workers starts a local cluster)")
        sys.exit(2)

    def on_partition(info: dict[str, Any], st: Any) -> None:
        if not quiet:
            click.echo(f"[{st.done + st.skipped}/{st.partitions}] {info['input']}: {info['articles']:,} articles, "
                       f"{info['events']:,} events, {info['errors']:,} bad records, {info['seconds']:.1f} s",
                       err=True)

    def on_message(msg: str) -> None:
        if not quiet or "failed" in msg:
            _err(msg)

    try:
        stats = run_dask(list(paths), out, scheduler=scheduler, workers=workers,
                         fmt=None if input_format == "auto" else input_format, partition_size=partition_size,
                         files_per_partition=files_per_partition, force=force, on_partition=on_partition,
                         on_message=on_message)
    except DistributedError as exc:
        _err(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        _err(f"interrupted; complete partitions are kept in {out} (run the same command to continue)")
        sys.exit(130)
    if stats.partitions == 0:
        _err("no input to analyse")
        sys.exit(1 if stats.errors else 0)
    mem = max(stats.workers.values()) if stats.workers else 0.0
    click.echo(
        f"{out}: {stats.done:,} partitions analysed, {stats.skipped:,} already complete, {stats.failed:,} failed; "
        f"{stats.articles:,} articles, {stats.events:,} events, {stats.errors:,} bad records; "
        f"{stats.rate:,.1f} articles/s on {len(stats.workers) or '?'} worker process(es), "
        f"peak worker memory {mem:,.0f} MB", err=True)
    sys.exit(1 if stats.errors or stats.failed else 0)


@click.command()
@click.argument("dataset", type=click.Path())
@click.option("--db", default="marsad.db", show_default=True, type=click.Path(dir_okay=False),
              help="The Marsad database (SQLite; created when missing).")
@click.option("--dedupe/--no-dedupe", default=True, show_default=True,
              help="Link near-duplicate articles (MinHash LSH), as marsad ingest does.")
@click.option("--threshold", type=click.FloatRange(0.1, 1.0), default=0.8, show_default=True,
              help="Jaccard similarity from which two articles are near-duplicates.")
def load(dataset: str, db: str, dedupe: bool, threshold: float) -> None:
    """Build (or add to) a database from a dataset written by `marsad run`.

    Articles already in the database are skipped; near-duplicates are linked and events
    clustered as by `marsad ingest`, so run + load gives the database ingest gives.

    \b
    Example:
      marsad load ant_dataset --db ant.db
    """
    from marsad.distributed import DistributedError, check_dataset
    from marsad.distributed import load as load_dataset
    from marsad.store import Store, StoreError

    try:
        check_dataset(dataset)
    except DistributedError as exc:
        _err(str(exc))
        sys.exit(2)
    try:
        store = Store(db)
    except StoreError as exc:
        _err(str(exc))
        sys.exit(2)
    try:
        stats = load_dataset(dataset, store, dedupe=dedupe, threshold=threshold)
    except DistributedError as exc:
        _err(str(exc))
        sys.exit(2)
    except (StoreError, OSError, ValueError) as exc:
        _err(f"{dataset}: cannot load ({exc})")
        sys.exit(2)
    finally:
        total = store.count_articles()
        store.close()
    if stats.ignored_files:
        _err(f"warning: {stats.ignored_files} article files of unfinished partitions ignored "
             "(finish the run with the same marsad run command)")
    click.echo(
        f"{db}: {stats.stored:,} articles stored, {stats.duplicates:,} near-duplicates linked, "
        f"{stats.skipped:,} already stored, from {stats.partitions:,} partitions; {stats.events:,} events, "
        f"{stats.clusters:,} event clusters; {stats.rate:,.1f} articles/s; {total:,} articles in the database",
        err=True)


COMMANDS = [run, load]
