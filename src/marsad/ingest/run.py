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
import multiprocessing.connection as mp_connection
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
    """The analysis pipeline cannot be built (missing model, bad option), or the worker
    processes that run it cannot work."""


class WorkersFailing(PipelineError):
    """Worker processes die one after the other (``results``: what the last wait got)."""

    def __init__(self, msg: str, results: list[Any]) -> None:
        super().__init__(msg)
        self.results = results


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
    interrupted: bool = False  # stopped on request (``stop``) before the end of the input
    messages: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        done = self.stored + self.duplicates
        return done / self.seconds if self.seconds > 0 else 0.0


# ---------------------------------------------------------------------- worker side
# One pipeline per worker process (inherited by fork or built when the worker starts).
_WORKER: dict[str, Any] = {}

Result = tuple[Analysis | None, str | None, tuple[str, str] | None]


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


def _worker_main(conn: Any, components: Sequence[str] | None, options: dict[str, Any],
                 inherited: Sequence[Any] = ()) -> None:
    """A worker process: receive ``(job, article)``, send back ``(job, result)``, one at a
    time, until the pipe closes or ``None`` comes. ``inherited``: the driver's ends of the
    pipes, copied by fork, closed here so that when the driver dies (even SIGKILL) every
    worker sees its pipe close and exits instead of waiting forever."""
    for c in inherited:
        c.close()
    _init_worker(components, options)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        job, article = msg
        result = _analyze(article)
        try:
            conn.send((job, result))
        except (EOFError, OSError):
            return
        except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
            conn.send((job, (None, f"analysis failed: cannot send the result: {type(exc).__name__}: {exc}", None)))


class _Workers:
    """``n`` analysis processes, each with its own pipe and one article at a time.

    No helper threads and no shared queue locks (``multiprocessing.Pool`` has both): the
    driver waits on the pipes and on the process sentinels with a timeout, so it notices a
    stop request or a dead worker promptly, and stopping is killing the processes (they
    hold nothing that must be saved: only the driver writes to the database). A worker that
    dies (killed, out of memory, crashed in a C library) fails only the article it had and
    is started again.
    """

    def __init__(self, n: int, components: Sequence[str] | None, options: dict[str, Any],
                 pipeline: Any) -> None:
        method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
        self.ctx = mp.get_context(method)
        self.fork = method == "fork"
        self.components, self.options, self.pipeline = components, options, pipeline
        self.procs: list[Any] = [None] * n
        self.conns: list[Any] = [None] * n
        self.busy: dict[int, int] = {}  # slot -> job
        self.deaths = 0
        self.deaths_in_a_row = 0  # without a result in between: past a few, the workers cannot work
        for i in range(n):
            self._start(i)

    def _start(self, i: int) -> None:
        if self.conns[i] is not None:
            self.conns[i].close()
        parent, child = self.ctx.Pipe()
        if self.fork:
            _WORKER["pipeline"] = self.pipeline
        inherited = [c for c in (*self.conns, parent) if c is not None] if self.fork else []
        try:
            p = self.ctx.Process(target=_worker_main, args=(child, self.components, self.options, inherited),
                                 name=f"marsad-worker-{i}", daemon=True)
            p.start()
        finally:
            _WORKER.pop("pipeline", None)
        child.close()
        self.procs[i], self.conns[i] = p, parent

    def idle(self) -> int | None:
        for i, p in enumerate(self.procs):
            if i not in self.busy:
                if p.exitcode is not None:  # died while idle: start another
                    p.join()
                    self._start(i)
                return i
        return None

    def submit(self, slot: int, job: int, article: Article) -> None:
        self.busy[slot] = job
        try:
            self.conns[slot].send((job, article))
        except (OSError, EOFError):  # died just now: collect() reports it from its sentinel
            pass

    def collect(self, timeout: float) -> list[tuple[int, Result]]:
        """The results that arrive within ``timeout`` seconds (a dead worker's article gets an
        error result)."""
        if not self.busy:
            return []
        conns = {self.conns[s]: s for s in self.busy}
        sentinels = {self.procs[s].sentinel: s for s in self.busy}
        ready = mp_connection.wait([*conns, *sentinels], timeout)
        out: list[tuple[int, Result]] = []
        for r in ready:  # pipes first: a worker may have sent its result, then died
            s = conns.get(r)
            if s is None or s not in self.busy:
                continue
            try:
                job, result = r.recv()
            except (EOFError, OSError):
                continue  # died while sending: its sentinel is ready too
            if job == self.busy.get(s):
                del self.busy[s]
                out.append((job, result))
                self.deaths_in_a_row = 0
        for r in ready:
            s = sentinels.get(r)
            if s is None or s not in self.busy:
                continue
            p = self.procs[s]
            p.join(1)
            if p.exitcode is None:
                continue
            job = self.busy.pop(s)
            self.deaths += 1
            self.deaths_in_a_row += 1
            code = p.exitcode
            how = f"killed by signal {-code}" if code < 0 else f"exit status {code}"
            out.append((job, (None, f"analysis failed: the worker process died ({how})", None)))
            if self.deaths_in_a_row > 2 * len(self.procs) + 2:
                raise WorkersFailing(f"the analysis worker processes keep dying ({self.deaths_in_a_row} in a row, "
                                     f"the last with {how}); stopped", out)
            self._start(s)
        return out

    def close(self) -> None:
        """Stop every worker at once (SIGKILL) and release the pipes."""
        for p in self.procs:
            if p is not None and p.exitcode is None:
                p.kill()
        for p, c in zip(self.procs, self.conns):
            if p is not None:
                p.join(5)
            if c is not None:
                c.close()
        self.busy.clear()


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
    stop: Callable[[], bool] | None = None,
) -> IngestStats:
    """Analyse and store the articles in ``paths`` (files or folders). See module doc.

    ``stop``: called between articles (and every 0.2 s while waiting for a worker); when it
    returns true, the analyses already finished are committed, the workers are stopped and
    the function returns with ``stats.interrupted`` set (no clustering: the next run does it).
    """
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

    pending: collections.deque[tuple[int, Article, bytes | None, str]] = collections.deque()
    done: dict[int, Result] = {}
    max_pending = max(4, workers * 8)
    jobs = 0

    def stopping() -> bool:
        return stop is not None and stop()

    def take(results: list[tuple[int, Result]], in_order: bool = True) -> None:
        """Keep the results that arrived; handle (in input order) those that are next."""
        for job, result in results:
            done[job] = result
        while pending and (pending[0][0] in done or not in_order):
            job, art, s, where = pending.popleft()
            if job in done:
                handle(art, s, done.pop(job), where)

    # The pipeline is built once here: a clear error if it cannot be, and with fork the
    # workers inherit it instead of building their own.
    from marsad.pipeline import Pipeline

    try:
        local_pipeline = Pipeline(components, **options)
    except Exception as exc:
        if own_store:
            store.close()
        raise PipelineError(f"cannot build the analysis pipeline: {type(exc).__name__}: {exc}") from exc
    pool = _Workers(workers, components, options, local_pipeline) if workers > 1 and not stopping() else None

    try:
        for rec in read_paths(paths, fmt):
            if stopping():
                break
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
                continue
            slot = pool.idle()
            while (slot is None or len(pending) >= max_pending) and not stopping():
                take(pool.collect(0.2))
                slot = pool.idle()
            if stopping():
                # Not analysed: forget it was seen so that nothing claims otherwise.
                seen.discard(aid)
                stats.read -= 1
                break
            jobs += 1
            pool.submit(slot, jobs, article)
            pending.append((jobs, article, sig, rec.where))
        while pool is not None and pending and not stopping():
            take(pool.collect(0.2))
        if pool is not None:
            take([], in_order=False)  # on a stop: keep every analysis already received
            pool.close()
        flush()
        if stopping():
            stats.interrupted = True
        else:
            # (also when an interrupted run left events unclustered)
            if cluster and (stats.stored or stats.duplicates or store.has_unclustered_events()):
                stats.clusters = store.cluster_events()
            if stats.stored or stats.duplicates:
                store.analyze()  # index statistics for the query planner (marsad serve's filters)
    except (KeyboardInterrupt, WorkersFailing) as exc:
        # Keep what is finished: the analyses already received are committed.
        if pool is not None:
            pool.close()
        take(getattr(exc, "results", []), in_order=False)
        flush()
        raise
    finally:
        if pool is not None:
            pool.close()
        stats.seconds = time.perf_counter() - t0
        if own_store:
            store.close()
    progress()
    return stats


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


__all__ = ["ingest", "IngestStats", "PipelineError", "default_workers", "DEFAULT_BATCH"]
