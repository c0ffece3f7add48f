"""Scale out: analyse a corpus on a Dask cluster into a Parquet dataset, and load such a
dataset into the store.

``run(paths, out, scheduler=None, workers=None, ...) -> RunStats`` is what ``marsad run``
runs; ``load(dataset, db, ...) -> LoadStats`` is what ``marsad load`` runs. The guide is
``docs/distributed.md``.

How ``run`` works
-----------------
1. **Plan** (on the machine that runs the command): the inputs are cut into partitions.
   A JSONL file (``.jsonl``, ``.jsonl.gz``, ``.ndjson``) gives one partition per
   ``partition_size`` lines (its lines are counted once; an uncompressed file is then read
   from a byte offset, a gzip one is decompressed from the start and the lines before the
   partition skipped). Other files (text, HTML, feeds, found by walking folders in name
   order, as ``marsad ingest`` does) are grouped ``files_per_partition`` to a partition; a
   WARC file is a partition of its own. Every worker must see the input paths (a shared
   file system on a cluster).
2. **Analyse** (on the workers): the partitions become a Dask bag; each task reads its
   records with :mod:`marsad.ingest.readers`, runs the same pure
   :meth:`marsad.pipeline.Pipeline.analyze` (the pipeline is built once per worker process
   and reused), computes the MinHash signature and the search form (as ``ingest`` does in
   its workers) and writes its rows.
3. **Write**: a partition writes, for each table (``articles``, ``entities``, ``events``,
   ``places``, ``quotes``) and each publication month present,
   ``OUT/<table>/month=YYYY-MM/part-<id>.parquet`` (``month=unknown`` without a date), then
   its manifest ``OUT/_partitions/part-<id>.json`` (counts, bad records, files). ``<id>`` is
   a hash of the partition (input path and size, line range), so a retried or repeated task
   writes the same names; every file is written to a hidden temporary name and renamed into
   place, so readers never see half a file and a retry never leaves a duplicate. A
   partition is complete when its manifest exists: running the same command again skips
   the complete partitions (resume after a crash) unless ``force``.

Bad records (unreadable lines, failed analyses) are counted and listed per partition in the
manifest and in the returned stats; they never stop the run. Schemas:
:func:`marsad.export.table_schema` (``events`` is exactly the schema of
``marsad export --format parquet``).

How ``load`` works
------------------
Only complete partitions (with a manifest) are read, in input order, from the ``articles``
table (which carries the full analysis). Each article goes through the same steps as in
``marsad ingest``: an id already stored (or seen earlier in the dataset) is skipped, a
near-duplicate (MinHash LSH, same threshold) is linked instead of stored, the others are
written with :meth:`marsad.store.Store.write`; the event clusters are rebuilt at the end.
So ``run`` + ``load`` gives the same database as ``ingest`` on the same input.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.ingest.readers import ReadError, Record, _walk, read_paths, stream_jsonl
from marsad.model import Analysis, Article

TABLES = ("articles", "entities", "events", "places", "quotes")
MANIFESTS = "_partitions"
#: JSONL lines per partition.
PARTITION_SIZE = 1000
#: Text/HTML/feed files per partition.
FILES_PER_PARTITION = 200
#: Bad-record messages kept per partition (all are counted).
MAX_MESSAGES = 20

_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


class DistributedError(Exception):
    """A run or load that cannot start (no Dask, bad scheduler address, not a dataset)."""


# --------------------------------------------------------------------------- partitions

@dataclass(frozen=True)
class Partition:
    """A slice of the input that one task analyses."""

    order: int                   # position in the input (articles keep the input order)
    kind: str                    # "lines": a line range of one JSONL file; "files": whole files
    paths: tuple[str, ...]
    sizes: tuple[int, ...]
    start: int = 1               # lines: first line number (1-based)
    stop: int | None = None      # lines: first line number after the range (None: to the end)
    offset: int | None = None    # lines: byte offset of line ``start`` (uncompressed files)
    fmt: str | None = None

    @property
    def id(self) -> str:
        key = json.dumps([self.kind, [str(Path(p).resolve()) for p in self.paths], self.sizes,
                          self.start, self.stop, self.fmt])
        return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def describe(self) -> str:
        if self.kind == "lines":
            end = f"{self.stop - 1}" if self.stop is not None else "end"
            return f"{self.paths[0]}:{self.start}-{end}"
        if len(self.paths) == 1:
            return self.paths[0]
        return f"{self.paths[0]} … {self.paths[-1]} ({len(self.paths)} files)"


def _is_jsonl_stream(f: Path, fmt: str | None) -> bool:
    return fmt == "jsonl" or (fmt is None and f.name.lower().endswith(_JSONL_SUFFIXES))


def _is_gzip(f: Path) -> bool:
    with f.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _line_partitions(f: Path, size: int, order: int, fmt: str | None) -> list[Partition]:
    """Line ranges of ``size`` lines of a JSONL file (the last one open-ended, so that a
    truncated gzip stream is reported by the task that reaches it)."""
    nbytes = f.stat().st_size
    gz = _is_gzip(f)
    starts: list[tuple[int, int | None]] = [(1, None if gz else 0)]
    pos = 0
    n = 0
    opener: Any = gzip.open if gz else open
    try:
        with opener(f, "rb") as fh:
            for n, line in enumerate(fh, 1):  # noqa: B007 - n used below
                pos += len(line)
                if n % size == 0:
                    starts.append((n + 1, None if gz else pos))
    except (OSError, EOFError, zlib.error):
        pass  # the task reading that far reports it
    if len(starts) > 1 and starts[-1][0] > n:  # the file ends exactly at a boundary
        starts.pop()
    parts = []
    for k, (first, offset) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else None
        parts.append(Partition(order + k, "lines", (str(f),), (nbytes,), first, stop, offset, fmt))
    return parts


def plan(paths: Iterable[str | Path], fmt: str | None = None, *, partition_size: int = PARTITION_SIZE,
         files_per_partition: int = FILES_PER_PARTITION) -> tuple[list[Partition], list[str]]:
    """The partitions of the input, in input order, and the inputs that cannot be read."""
    parts: list[Partition] = []
    errors: list[str] = []
    group: list[Path] = []

    def flush() -> None:
        if group:
            parts.append(Partition(next_order(), "files", tuple(map(str, group)),
                                   tuple(g.stat().st_size for g in group), fmt=fmt))
            group.clear()

    def next_order() -> int:
        return parts[-1].order + 1 if parts else 0

    for path in paths:
        p = Path(path)
        if not p.exists():
            errors.append(f"{p}: no such file or folder")
            continue
        for f in (_walk(p) if p.is_dir() else [p]):
            try:
                if _is_jsonl_stream(f, fmt):
                    flush()
                    parts.extend(_line_partitions(f, partition_size, next_order(), fmt))
                elif fmt == "warc" or f.name.lower().endswith(_WARC_SUFFIXES):
                    flush()
                    parts.append(Partition(next_order(), "files", (str(f),), (f.stat().st_size,), fmt=fmt))
                else:
                    group.append(f)
                    if len(group) >= files_per_partition:
                        flush()
            except OSError as exc:
                errors.append(f"{f}: cannot read ({exc.strerror or exc})")
    flush()
    return parts, errors


def read_partition(part: Partition) -> Iterator[Record]:
    """The records of one partition (never raises for bad input: errors are records)."""
    if part.kind == "files":
        yield from read_paths(part.paths, part.fmt)
        return
    p = Path(part.paths[0])
    if not p.exists():
        yield Record(str(p), error=f"{p}: no such file (on this worker: is the input on a shared file system?)")
        return
    try:
        yield from stream_jsonl(p, start=part.start, stop=part.stop, offset=part.offset)
    except ReadError as exc:
        yield Record(str(p), error=str(exc))


# --------------------------------------------------------------------------- worker side

@dataclass(frozen=True)
class PipelineSpec:
    """How workers build their pipeline (picklable; built once per worker process)."""

    components: tuple[str, ...] | None = None
    options: tuple[tuple[str, Any], ...] = ()

    def __call__(self) -> Any:
        from marsad.pipeline import Pipeline

        return Pipeline(self.components, **dict(self.options))

    @property
    def key(self) -> str:
        return repr(self)


# Per worker process: the pipeline and the MinHash template, built on first use and reused
# by every task the process runs (never shared between processes). One pipeline at a time:
# a long-lived worker serving runs with other options does not keep all their pipelines.
_PROCESS_CACHE: dict[str, Any] = {}
_CACHE_LOCK = threading.Lock()


def _cached(key: str, build: Callable[[], Any]) -> Any:
    with _CACHE_LOCK:
        obj = _PROCESS_CACHE.get(key)
        if obj is None:
            if key.startswith("pipeline:"):
                for old in [k for k in _PROCESS_CACHE if k.startswith("pipeline:")]:
                    del _PROCESS_CACHE[old]
            obj = _PROCESS_CACHE[key] = build()
        return obj


def _factory_key(factory: Callable[[], Any]) -> str:
    key = getattr(factory, "key", None)
    if isinstance(key, str):
        return "pipeline:" + key
    return f"pipeline:{getattr(factory, '__module__', '?')}.{getattr(factory, '__qualname__', repr(factory))}"


def _month(published: str | None) -> str:
    return published[:7] if published and len(published) >= 7 else "unknown"


def analysis_rows(a: Analysis) -> dict[str, list[dict[str, Any]]]:
    """The rows of the entities, events, places and quotes tables for one analysis (the
    events as :meth:`marsad.store.Store.write` stores them, without ``cluster_id``)."""
    from marsad.store import _date_start

    pub = a.published
    ents = [{"article_id": a.id, "idx": i, "text": e.text, "start": e.start, "end": e.end, "type": e.type,
             "actor_code": e.actor.code if e.actor else None, "country": e.actor.country if e.actor else None,
             "sector": e.actor.sector if e.actor else None, "name_en": e.actor.name_en if e.actor else None,
             "published": pub} for i, e in enumerate(a.entities)]
    places = [{"article_id": a.id, "idx": i, "text": p.text, "start": p.start, "end": p.end,
               "name_en": p.name_en, "country": p.country, "lat": p.lat, "lon": p.lon,
               "geonames_id": p.geonames_id, "feature_type": p.feature_type, "precision": p.precision,
               "published": pub} for i, p in enumerate(a.places)]
    quotes = [{"article_id": a.id, "idx": i, "text": q.text, "start": q.start, "end": q.end,
               "speaker": q.speaker, "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
               "speaker_code": q.speaker_actor.code if q.speaker_actor else None, "published": pub}
              for i, q in enumerate(a.quotes)]
    events = []
    for i, e in enumerate(a.events):
        event_date = e.date or a.published
        row: dict[str, Any] = {
            "id": f"{a.id}:{i}", "article_id": a.id, "idx": i, "sentence": e.sentence, "plover": e.plover,
            "cameo": e.cameo, "quad": e.quad, "goldstein": e.goldstein, "mode": e.mode,
            "event_date": event_date, "date_start": _date_start(event_date),
            "date_from": e.date_from if e.date else "published",
        }
        for role, p in (("source", e.source), ("target", e.target)):
            for k in ("code", "country", "sector", "name_en", "text", "start", "end"):
                row[f"{role}_{'name' if k == 'name_en' else k}"] = getattr(p, k) if p else None
        loc = e.location
        row.update({
            "trigger_text": e.trigger.text, "trigger_start": e.trigger.start, "trigger_end": e.trigger.end,
            "location_name": loc.name_en if loc else None, "location_country": loc.country if loc else None,
            "lat": loc.lat if loc else None, "lon": loc.lon if loc else None,
            "negated": bool(e.negated), "future": bool(e.future), "confidence": e.confidence,
            "cluster_id": None, "outlet": a.source, "url": a.url, "title": a.title, "published": pub,
        })
        events.append(row)
    return {"entities": ents, "events": events, "places": places, "quotes": quotes}


def _write_atomic(path: Path, write: Callable[[Any], None]) -> None:
    """Write through a hidden temporary file in the same folder, then rename into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _max_rss_mb() -> float:
    import resource
    import sys

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (2**20 if sys.platform == "darwin" else 1024), 1)


def process_partition(part: Partition, out: str, factory: Callable[[], Any] | None = None,
                      dedupe: bool = True) -> dict[str, Any]:
    """Analyse one partition and write its files and manifest (the task run on workers).
    Returns the manifest."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from marsad.export import table_schema
    from marsad.ingest.run import _analyze_with

    t0, c0 = time.perf_counter(), time.process_time()
    factory = factory or PipelineSpec()
    pipeline = _cached(_factory_key(factory), factory)
    deduper = None
    if dedupe:
        from marsad.dedupe import Deduper

        deduper = _cached("deduper", Deduper)
    pid = part.id
    tables: dict[str, dict[str, list[dict[str, Any]]]] = {t: {} for t in TABLES}
    info: dict[str, Any] = {"part": pid, "order": part.order, "input": part.describe(), "kind": part.kind,
                            "paths": list(part.paths), "start": part.start, "stop": part.stop,
                            "read": 0, "articles": 0, "events": 0, "errors": 0, "warnings": 0, "messages": []}

    def message(msg: str) -> None:
        if len(info["messages"]) < MAX_MESSAGES:
            info["messages"].append(msg)

    for i, rec in enumerate(read_partition(part)):
        if rec.warning:
            info["warnings"] += 1
            message(f"warning: {rec.warning}")
        if rec.error:
            info["errors"] += 1
            message(rec.error)
            continue
        if rec.article is None:
            continue
        info["read"] += 1
        article = rec.article
        analysis, err, search = _analyze_with(pipeline, article)
        if err or analysis is None or search is None:
            info["errors"] += 1
            message(f"{rec.where}: {err}")
            continue
        sig = None
        if deduper is not None:
            m = deduper.signature(article.text)
            sig = deduper.to_bytes(m) if m is not None else None
        d = analysis.to_dict(tokens=False)  # as the store keeps it
        d.pop("text", None)
        month = _month(analysis.published)
        tables["articles"].setdefault(month, []).append({
            "id": analysis.id, "source": analysis.source, "url": analysis.url, "title": analysis.title,
            "published": analysis.published, "category": article.category, "author": article.author,
            "text": analysis.text, "body_start": analysis.body_start, "n_sentences": len(analysis.sentences),
            "n_entities": len(analysis.entities), "n_events": len(analysis.events),
            "warnings": json.dumps(list(analysis.warnings), ensure_ascii=False),
            "seq": f"{part.order:09d}:{i:09d}", "part": pid, "input": rec.where, "minhash": sig,
            "search_title": search[0], "search_body": search[1],
            "article_json": json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":")),
            "analysis_json": json.dumps(d, ensure_ascii=False, separators=(",", ":")),
        })
        for table, rows in analysis_rows(analysis).items():
            if rows:
                tables[table].setdefault(month, []).extend(rows)
        info["articles"] += 1
        info["events"] += len(analysis.events)

    root = Path(out)
    files = []
    for table in TABLES:
        schema = table_schema(table)
        for month, rows in sorted(tables[table].items()):
            rel = f"{table}/month={month}/part-{pid}.parquet"
            data = pa.Table.from_pylist(rows, schema=schema)
            _write_atomic(root / rel, lambda fh, data=data: pq.write_table(data, fh, compression="zstd"))
            files.append(rel)
    info["files"] = files
    info["seconds"] = round(time.perf_counter() - t0, 3)
    info["cpu_seconds"] = round(time.process_time() - c0, 3)
    info["worker_pid"] = os.getpid()
    info["max_rss_mb"] = _max_rss_mb()
    info["written"] = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    body = json.dumps(info, ensure_ascii=False, indent=1).encode("utf-8")
    _write_atomic(root / MANIFESTS / f"part-{pid}.json", lambda fh: fh.write(body))
    return info


def _process_many(parts: Sequence[Partition], out: str, factory: Callable[[], Any] | None,
                  dedupe: bool) -> list[dict[str, Any]]:
    return [process_partition(p, out, factory, dedupe) for p in parts]


# --------------------------------------------------------------------------- driver: run

@dataclass
class RunStats:
    partitions: int = 0        # in the plan
    done: int = 0              # analysed in this run
    skipped: int = 0           # already complete (manifest present)
    failed: int = 0            # tasks that failed (rerun the command to retry them)
    read: int = 0
    articles: int = 0
    events: int = 0
    errors: int = 0            # bad records and failed analyses (never fatal)
    seconds: float = 0.0
    cpu_seconds: float = 0.0   # CPU time of the tasks on the workers
    workers: dict[int, float] = field(default_factory=dict)  # worker pid -> peak RSS (MB)
    messages: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0


def complete_partitions(out: str | Path) -> dict[str, dict[str, Any]]:
    """The manifests of the complete partitions of a dataset (part id -> manifest)."""
    found = {}
    folder = Path(out) / MANIFESTS
    if not folder.is_dir():
        return found
    for f in sorted(folder.glob("part-*.json")):
        try:
            m = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # cannot happen with atomic writes; treated as incomplete
        if isinstance(m, dict) and "part" in m:
            found[m["part"]] = m
    return found


def _require_dask() -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise DistributedError(
            f"marsad run needs Dask ({exc.name} is not installed): pip install 'marsad[dask]'") from None


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run(
    paths: Iterable[str | Path],
    out: str | Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
    fmt: str | None = None,
    partition_size: int = PARTITION_SIZE,
    files_per_partition: int = FILES_PER_PARTITION,
    components: Sequence[str] | None = None,
    pipeline_options: dict[str, Any] | None = None,
    pipeline_factory: Callable[[], Any] | None = None,
    dedupe: bool = True,
    force: bool = False,
    on_partition: Callable[[dict[str, Any], RunStats], None] | None = None,
    on_message: Callable[[str], None] | None = None,
) -> RunStats:
    """Analyse ``paths`` on a Dask cluster into the Parquet dataset ``out`` (module doc).

    ``client``: a ``distributed.Client`` to use; else ``scheduler``: the address of a
    running scheduler (``tcp://host:8786``) or its scheduler file (``sched.json``), or ``"sync"`` to run in this process (for
    debugging); else a ``LocalCluster`` of ``workers`` processes is started and closed.
    ``pipeline_factory``: a picklable callable that returns the object whose
    ``analyze(article)`` is run (default: ``Pipeline(components, **pipeline_options)``).
    """
    _require_dask()
    import dask
    import dask.bag as db

    t0 = time.perf_counter()
    stats = RunStats()

    def message(msg: str) -> None:
        if len(stats.messages) < 1000:
            stats.messages.append(msg)
        if on_message:
            on_message(msg)

    factory = pipeline_factory or PipelineSpec(tuple(components) if components is not None else None,
                                               tuple(sorted((pipeline_options or {}).items())))
    root = Path(out)
    if root.exists() and not root.is_dir():
        raise DistributedError(f"{root}: exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    parts, errors = plan(paths, fmt, partition_size=partition_size, files_per_partition=files_per_partition)
    for e in errors:
        stats.errors += 1
        message(e)
    stats.partitions = len(parts)
    done = {} if force else complete_partitions(root)
    todo = [p for p in parts if p.id not in done]
    stats.skipped = len(parts) - len(todo)

    def record(info: dict[str, Any]) -> None:
        stats.done += 1
        for k in ("read", "articles", "events", "errors", "cpu_seconds"):
            setattr(stats, k, getattr(stats, k) + info.get(k, 0))
        pid = info.get("worker_pid")
        if pid is not None:
            stats.workers[pid] = max(stats.workers.get(pid, 0.0), info.get("max_rss_mb", 0.0))
        if info["errors"] or info["warnings"]:
            message(f"partition {info['part']} ({info['input']}): {info['errors']} bad records, "
                    f"{info['warnings']} warnings (listed in {root / MANIFESTS / ('part-' + info['part'] + '.json')})"
                    + (f"; first: {info['messages'][0]}" if info["messages"] else ""))
        stats.seconds = time.perf_counter() - t0
        if on_partition:
            on_partition(info, stats)

    if todo:
        bag = db.from_sequence(todo, npartitions=len(todo))
        delayed = bag.map_partitions(_process_many, str(root), factory, dedupe).to_delayed()
        if client is None and scheduler in ("sync", "synchronous"):
            for d in delayed:
                try:
                    for info in dask.compute(d, scheduler="sync")[0]:
                        record(info)
                except Exception as exc:  # noqa: BLE001 - reported; the other partitions go on
                    stats.failed += 1
                    message(f"a partition failed: {type(exc).__name__}: {exc}")
        else:
            _run_distributed(delayed, client, scheduler, workers, record, stats, message)
    _remove_stale_temporaries(root)
    stats.seconds = time.perf_counter() - t0
    return stats


def _run_distributed(delayed: list[Any], client: Any, scheduler: str | None, workers: int | None,
                     record: Callable[[dict[str, Any]], None], stats: RunStats,
                     message: Callable[[str], None]) -> None:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    own_client = client is None
    try:
        if client is None:
            if scheduler:
                try:
                    if scheduler.endswith(".json") and Path(scheduler).is_file():  # dask scheduler --scheduler-file
                        client = Client(scheduler_file=scheduler, timeout="20s")
                    else:
                        client = Client(scheduler, timeout="20s")
                except (OSError, TimeoutError, ValueError) as exc:
                    raise DistributedError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from None
            else:
                cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                client = Client(cluster)
        futures = client.compute(delayed, retries=2)
        index = {f.key: n for n, f in enumerate(futures)}
        for fut in as_completed(futures):
            try:
                infos = fut.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, disk full...: reported, others go on
                stats.failed += 1
                message(f"partition task {index.get(fut.key, '?')} failed: {type(exc).__name__}: {exc} "
                        "(run the same command again to retry the unfinished partitions)")
                continue
            for info in infos:
                record(info)
    finally:
        if own_client and client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def _remove_stale_temporaries(root: Path) -> None:
    """Temporary files left by killed tasks (hidden names; readers ignore them anyway)."""
    for table in (*TABLES, MANIFESTS):
        folder = root / table
        if folder.is_dir():
            for tmp in folder.rglob(".*.tmp"):
                try:
                    tmp.unlink()
                except OSError:
                    pass


# --------------------------------------------------------------------------- load

@dataclass
class LoadStats:
    partitions: int = 0
    read: int = 0          # article rows read from the dataset
    stored: int = 0
    duplicates: int = 0    # near-duplicates linked
    skipped: int = 0       # already in the database (or repeated)
    events: int = 0
    clusters: int = 0
    run_errors: int = 0    # bad records reported by the run (in the manifests)
    ignored_files: int = 0  # article files of unfinished partitions
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


def check_dataset(dataset: str | Path) -> Path:
    """The dataset folder, or :class:`DistributedError` when it is not one."""
    root = Path(dataset)
    if not root.is_dir():
        raise DistributedError(f"{root}: no such dataset folder")
    if not (root / MANIFESTS).is_dir():
        raise DistributedError(f"{root}: not a Marsad dataset (no {MANIFESTS}/ folder; write one with marsad run)")
    return root


_LOAD_COLUMNS = ["id", "seq", "text", "minhash", "search_title", "search_body", "article_json", "analysis_json"]


def load(dataset: str | Path, db: Any, *, dedupe: bool = True, threshold: float = 0.8, batch_size: int = 500,
         cluster: bool = True, on_progress: Callable[[LoadStats], None] | None = None) -> LoadStats:
    """Add the articles of a dataset written by :func:`run` to the store ``db`` (a path or a
    :class:`marsad.store.Store`), with deduplication and event clustering as in ingest."""
    import pyarrow.parquet as pq

    from marsad.ingest.run import store_deduper
    from marsad.store import Store

    t0 = time.perf_counter()
    root = check_dataset(dataset)
    manifests = complete_partitions(root)
    stats = LoadStats(partitions=len(manifests))
    listed = {f for m in manifests.values() for f in m.get("files", ())}
    articles_dir = root / "articles"
    if articles_dir.is_dir():
        stats.ignored_files = sum(1 for f in articles_dir.rglob("part-*.parquet")
                                  if f.relative_to(root).as_posix() not in listed)
    store = db if isinstance(db, Store) else Store(db)
    own = not isinstance(db, Store)
    try:
        existing = store.article_ids()
        seen: set[str] = set()
        deduper = store_deduper(store, threshold) if dedupe else None
        pending: list[dict[str, Any]] = []

        def flush() -> None:
            with store.transaction():
                for row in pending:
                    _load_row(store, row, deduper, stats)
            pending.clear()
            stats.seconds = time.perf_counter() - t0
            if on_progress:
                on_progress(stats)

        for m in sorted(manifests.values(), key=lambda m: (m.get("order", 0), m["part"])):
            stats.run_errors += int(m.get("errors", 0))
            rows: list[dict[str, Any]] = []
            for rel in m.get("files", ()):
                if rel.startswith("articles/"):
                    rows.extend(pq.read_table(root / rel, columns=_LOAD_COLUMNS).to_pylist())
            rows.sort(key=lambda r: r["seq"])
            for row in rows:
                stats.read += 1
                if row["id"] in existing or row["id"] in seen:
                    stats.skipped += 1
                    continue
                seen.add(row["id"])
                pending.append(row)
                if len(pending) >= batch_size:
                    flush()
        flush()
        if cluster and (stats.stored or stats.duplicates):
            stats.clusters = store.cluster_events()
    finally:
        stats.seconds = time.perf_counter() - t0
        if own:
            store.close()
    return stats


def _load_row(store: Any, row: dict[str, Any], deduper: Any, stats: LoadStats) -> None:
    article = Article.from_dict(json.loads(row["article_json"]))
    sig = row["minhash"] if deduper is not None else None
    if deduper is not None and sig is not None:
        m = deduper.from_bytes(sig)
        match = deduper.find(m)
        if match is None:
            deduper.add(row["id"], m)
        else:
            if store.add_duplicate(article, match.duplicate_of, similarity=round(match.similarity, 3)):
                stats.duplicates += 1
            return
    d = json.loads(row["analysis_json"])
    d["text"] = row["text"]
    analysis = Analysis.from_dict(d)
    if store.write(analysis, article=article, minhash=sig, search_text=(row["search_title"], row["search_body"])):
        stats.stored += 1
        stats.events += len(analysis.events)


__all__ = ["run", "load", "check_dataset", "plan", "read_partition", "process_partition", "analysis_rows", "complete_partitions",
           "Partition", "PipelineSpec", "RunStats", "LoadStats", "DistributedError", "TABLES", "MANIFESTS",
           "PARTITION_SIZE", "FILES_PER_PARTITION"]
