"""Ingest: read articles, skip those already stored, link near-duplicates, analyse the rest
in worker processes, store the analyses in batched transactions.

``ingest(paths, db, workers=1, ...) -> IngestStats`` is what ``marsad ingest`` runs.

Resumable and idempotent: every batch is one transaction; an article id that is already in
the database is skipped before analysis. Killing the process at any moment loses at most
the batch in progress (it is analysed again by the next run); nothing is stored twice.
The :class:`marsad.pipeline.Pipeline` is built once in this process and inherited by the
workers (fork; with spawn each worker builds one when it starts) and reused.
"""

from __future__ import annotations

import collections
import dataclasses
import multiprocessing as mp
import os
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.ingest.readers import read_paths
from marsad.model import Analysis, Article
from marsad.store import Store, article_search_text

DEFAULT_BATCH = 200
COMMIT_SECONDS = 5.0


class PipelineError(Exception):
    """The analysis pipeline cannot be built (missing model, bad option)."""


@dataclass
class IngestStats:
    read: int = 0          # articles read from the input
    stored: int = 0        # analysed and committed in this run
    duplicates: int = 0    # near-duplicates linked (not analysed)
    skipped: int = 0       # already in the database (or repeated in the input)
    errors: int = 0        # unreadable input or failed analyses
    events: int = 0        # events in the analyses committed in this run
    clusters: int = 0
    seconds: float = 0.0
    messages: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        done = self.stored + self.duplicates
        return done / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------------- worker side
# One pipeline per worker process, built by the pool initializer (never shared).
_WORKER: dict[str, Any] = {}


def _init_worker(components: Sequence[str] | None, options: dict[str, Any]) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (inherited by fork)
    if "pipeline" in _WORKER:
        return  # inherited from the parent by fork (built once, shared copy-on-write)
    from marsad.pipeline import Pipeline

    try:
        _WORKER["pipeline"] = Pipeline(components, **options)
    except Exception as exc:  # noqa: BLE001 - reported per article, never a respawn loop
        _WORKER["error"] = f"cannot build the analysis pipeline: {type(exc).__name__}: {exc}"


Result = tuple[Analysis | None, str | None, tuple[str, str] | None]


def _analyze_with(pipeline: Any, article: Article) -> Result:
    """Analysis (without tokens), error message, and the search text (computed here, in the
    worker, to spare the writer)."""
    try:
        a = pipeline.analyze(article)
        return dataclasses.replace(a, tokens=()), None, article_search_text(a)
    except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
        tb = traceback.extract_tb(exc.__traceback__)
        where = f" at {Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""
        return None, f"analysis failed: {type(exc).__name__}: {exc}{where}", None


def _analyze(article: Article) -> Result:
    if "pipeline" not in _WORKER:
        return None, _WORKER.get("error", "no analysis pipeline in this worker"), None
    return _analyze_with(_WORKER["pipeline"], article)


# ---------------------------------------------------------------------- driver

def store_deduper(store: Store, threshold: float = 0.8) -> Any:
    """A :class:`marsad.dedupe.Deduper` holding the signatures already in ``store``."""
    from marsad.dedupe import Deduper

    deduper = Deduper(threshold=threshold)
    deduper.load(store.signatures())
    return deduper


def ingest(
    paths: Iterable[str | Path],
    db: str | Path | Store,
    *,
    workers: int = 1,
    batch_size: int = DEFAULT_BATCH,
    fmt: str | None = None,
    limit: int | None = None,
    dedupe: bool = True,
    threshold: float = 0.8,
    components: Sequence[str] | None = None,
    pipeline_options: dict[str, Any] | None = None,
    cluster: bool = True,
    on_progress: Callable[[IngestStats], None] | None = None,
    on_message: Callable[[str], None] | None = None,
) -> IngestStats:
    """Analyse and store the articles in ``paths`` (files or folders). See module doc."""
    stats = IngestStats()
    t0 = time.perf_counter()
    options = dict(pipeline_options or {})
    store = db if isinstance(db, Store) else Store(db)
    own_store = not isinstance(db, Store)

    def message(msg: str, error: bool = False) -> None:
        if error:
            stats.errors += 1
        if len(stats.messages) < 1000:
            stats.messages.append(msg)
        if on_message:
            on_message(msg)

    existing = store.article_ids()
    seen: set[str] = set()
    deduper = store_deduper(store, threshold) if dedupe else None

    buffer: list[tuple[str, Any, Any, Any]] = []
    last_commit = time.monotonic()

    def flush() -> None:
        nonlocal last_commit
        if not buffer:
            return
        new_events = stored = dups = 0
        with store.transaction():
            for kind, x, art, extra in buffer:
                if kind == "analysis":
                    if store.write(x, article=art, minhash=extra[0], search_text=extra[1]):
                        stored += 1
                        new_events += len(x.events)
                elif store.add_duplicate(art, x.duplicate_of, similarity=round(x.similarity, 3)):
                    dups += 1
        stats.stored += stored
        stats.events += new_events
        stats.duplicates += dups
        buffer.clear()
        last_commit = time.monotonic()

    def progress() -> None:
        stats.seconds = time.perf_counter() - t0
        if on_progress:
            on_progress(stats)

    def handle(article: Article, sig: bytes | None, result: Result, where: str) -> None:
        analysis, err, search_text = result
        if err or analysis is None:
            message(f"{where}: {err}", error=True)
        else:
            for w in analysis.warnings:
                if w.startswith("article truncated"):
                    message(f"warning: {where}: {w}")
            buffer.append(("analysis", analysis, article, (sig, search_text)))
        if len(buffer) >= batch_size or time.monotonic() - last_commit > COMMIT_SECONDS:
            flush()
        progress()

    pool = None
    pending: collections.deque[tuple[Article, bytes | None, Any, str]] = collections.deque()
    max_pending = max(4, workers * 8)
    # The pipeline is built once here: a clear error if it cannot be, and with fork the
    # workers inherit it instead of building their own.
    from marsad.pipeline import Pipeline

    try:
        local_pipeline = Pipeline(components, **options)
    except Exception as exc:
        if own_store:
            store.close()
        raise PipelineError(f"cannot build the analysis pipeline: {type(exc).__name__}: {exc}") from exc
    if workers > 1:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        if method == "fork":
            _WORKER["pipeline"] = local_pipeline
        try:
            pool = mp.get_context(method).Pool(workers, initializer=_init_worker, initargs=(components, options))
        finally:
            _WORKER.pop("pipeline", None)

    try:
        for rec in read_paths(paths, fmt):
            if rec.warning:
                message(f"warning: {rec.warning}")
            if rec.error:
                message(rec.error, error=True)
                progress()
                continue
            if rec.article is None:
                continue
            if limit is not None and stats.read >= limit:
                break
            stats.read += 1
            article = rec.article
            aid = article.stable_id()
            if aid in existing or aid in seen:
                stats.skipped += 1
                progress()
                continue
            seen.add(aid)
            sig = None
            if deduper is not None:
                match, sig = deduper.check(aid, article.text)
                if match is not None:
                    buffer.append(("dup", match, article, None))
                    if len(buffer) >= batch_size:
                        flush()
                    progress()
                    continue
            if pool is None:
                handle(article, sig, _analyze_with(local_pipeline, article), rec.where)
            else:
                pending.append((article, sig, pool.apply_async(_analyze, (article,)), rec.where))
                while len(pending) >= max_pending:
                    art, s, res, where = pending.popleft()
                    handle(art, s, res.get(), where)
        while pending:
            art, s, res, where = pending.popleft()
            handle(art, s, res.get(), where)
        flush()
        if cluster and (stats.stored or stats.duplicates):
            stats.clusters = store.cluster_events()
        if stats.stored or stats.duplicates:
            store.analyze()  # index statistics for the query planner (marsad serve's filters)
    except KeyboardInterrupt:
        # Keep what is finished: the analyses already received are committed.
        flush()
        raise
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        stats.seconds = time.perf_counter() - t0
        if own_store:
            store.close()
    progress()
    return stats


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


__all__ = ["ingest", "IngestStats", "PipelineError", "default_workers", "DEFAULT_BATCH"]
