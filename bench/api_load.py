#!/usr/bin/env python3
"""Load test of the Marsad API on loopback: concurrent keep-alive clients against the events
and timeline endpoints for a bounded time; prints requests/s, p50/p95/p99 latency, errors and
response-cache hits per endpoint.

The server (``marsad serve``) runs in its own process(es) on 127.0.0.1; the clients are asyncio
connections in this process. **The load generator shares the machine's CPUs with the server**
(on the 2-core development machine it takes a sizeable part of one core), so the figures are
a lower bound of what the server alone would do.

Load models (``--think`` and ``--rate`` choose; the default is closed loop):

- closed loop (``--think 0``): each client sends its next request as soon as the previous
  answer arrives. Throughput is then whatever the server manages and latency is mostly
  queueing: with N clients, latency ≈ N ÷ throughput. This is a stress test, not a user model.
- think time (``--think S``): each client waits a random time (exponential, mean S seconds)
  between an answer and its next request, like a person using the dashboard; N clients offer
  about N ÷ (S + latency) requests/s.
- open loop (``--rate R``): requests arrive at R per second (Poisson) whatever the server's
  speed, each on one of ``--clients`` connections (waiting for a free one counts in its
  latency, so a slow server cannot hide its queue: no coordinated omission).

Queries (``--queries``):

- ``distinct`` (default): every request draws fresh filters from a large space (actor, country,
  type(s), quad class(es), CAMEO root, date range, page, sort order) so nearly every request
  misses the server's response cache (a *cold-cache* figure; the hit ratio is printed);
- ``pool``: requests are drawn from a fixed set of ``--pool-size`` URLs (default 400), so after
  a while most are answered from the cache (a *warm-cache* figure, like many users looking at
  the same dashboard views).

Every events request carries at least one filter (they are the "filtered event queries" of the
target).

Usage:
    .venv/bin/python bench/api_load.py --db ant.db --clients 1,200 --duration 20
    .venv/bin/python bench/api_load.py --db ant.db --clients 200 --think 1.0
    .venv/bin/python bench/api_load.py --db ant.db --clients 200 --rate 150
    .venv/bin/python bench/api_load.py --db ant.db --queries pool --cache-mb 64
    .venv/bin/python bench/api_load.py --articles 2000            # builds a store from ANT first

Targets (issue 7): 0 errors at 200 concurrent clients; p99 < 100 ms for filtered event queries.
Loopback only; every loop is bounded by --duration and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import itertools
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def build_store(path: Path, n: int) -> None:
    """Analyse ``n`` ANT articles spread over the corpus into a new store at ``path``."""
    from devdata import shared_data  # scripts/devdata.py

    from marsad.ingest import read_bytes
    from marsad.pipeline import Pipeline
    from marsad.store import Store

    src = shared_data() / "news" / "ant_2018.jsonl.gz"
    with gzip.open(src, "rb") as fh:
        lines = fh.readlines()
    step = max(1, len(lines) // n)
    pipe = Pipeline()
    t0 = time.perf_counter()
    with Store(path) as st:
        batch = []
        for line in itertools.islice(lines, 0, None, step):
            for rec in read_bytes(line, "ant", "jsonl"):
                if rec.article is not None:
                    batch.append((pipe.analyze(rec.article), rec.article, None))
            if len(batch) >= 200:
                st.write_many(batch)
                batch = []
            if st.count_articles() + len(batch) >= n:
                break
        st.write_many(batch)
        st.cluster_events()
        st.analyze()
        print(f"built {path}: {st.count_articles():,} articles in {time.perf_counter() - t0:.0f}s", file=sys.stderr)


# ---------------------------------------------------------------------- queries

@dataclass
class Values:
    """The store's own values to draw filters from (most frequent first)."""

    actors: list[str]
    types: list[str]
    countries: list[str]
    cameos: list[str]
    months: list[str]
    days: list[str]
    n_events: int


def store_values(db: Path) -> Values:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        def col(sql: str) -> list[str]:
            return [r[0] for r in con.execute(sql) if r[0]]

        v = Values(
            actors=col("SELECT actor FROM event_actors GROUP BY actor ORDER BY count(*) DESC LIMIT 200"),
            types=col("SELECT plover FROM events GROUP BY plover ORDER BY count(*) DESC"),
            countries=col("SELECT source_country FROM events WHERE source_country IS NOT NULL GROUP BY 1"
                          " ORDER BY count(*) DESC LIMIT 60"),
            cameos=col("SELECT substr(cameo, 1, 2) FROM events WHERE cameo IS NOT NULL GROUP BY 1"),
            months=col("SELECT substr(date_start, 1, 7) m FROM events WHERE date_start >= '2000' GROUP BY m"
                       " HAVING count(*) >= 20 ORDER BY count(*) DESC LIMIT 24"),
            days=col("SELECT date_start FROM events WHERE date_start >= '2017' GROUP BY 1 HAVING count(*) >= 5"),
            n_events=con.execute("SELECT count(*) FROM events").fetchone()[0],
        )
    finally:
        con.close()
    if not v.n_events:
        raise SystemExit(f"{db}: no events to query (was the store built with an event coder?)")
    return v


def _skewed(rnd: random.Random, xs: list[str]) -> str:
    """A value, the frequent ones (first) more often, as users ask for the big actors."""
    return xs[min(len(xs) - 1, int(rnd.paretovariate(1.2)) - 1)]


def random_filters(rnd: random.Random, v: Values) -> dict[str, str]:
    """One filter combination like the dashboard's (never empty)."""
    f: dict[str, str] = {}
    pick = rnd.random()
    if pick < 0.30:
        f["actor"] = _skewed(rnd, v.actors)
        if rnd.random() < 0.3:
            f["type"] = _skewed(rnd, v.types)
    elif pick < 0.55:
        f["type"] = _skewed(rnd, v.types)
        if rnd.random() < 0.25:
            f["type"] += "," + rnd.choice(v.types)
    elif pick < 0.75:
        f["country"] = _skewed(rnd, v.countries)
        if rnd.random() < 0.5:
            f["type"] = _skewed(rnd, v.types)
    elif pick < 0.90:
        f["quad"] = str(rnd.randint(1, 4))
        if rnd.random() < 0.2:
            f["quad"] += "," + str(rnd.randint(1, 4))
    else:
        f["cameo"] = rnd.choice(v.cameos)
    r = rnd.random()
    if r < 0.35 and v.months:
        f["since"] = f["until"] = rnd.choice(v.months)
    elif r < 0.55 and v.days:
        a, b = sorted((rnd.choice(v.days), rnd.choice(v.days)))
        f["since"], f["until"] = a, b
    return f


def event_url(rnd: random.Random, f: dict[str, str]) -> str:
    q = {**f, "limit": 50, "offset": rnd.choice((0, 0, 0, 0, 50, 100))}
    r = rnd.random()
    if r < 0.3:
        q["order"] = "desc"
    elif r < 0.4:
        q["sort"] = rnd.choice(("type", "source", "target", "confidence"))
    return "/api/events?" + urlencode(q)


def timeline_url(rnd: random.Random, f: dict[str, str]) -> str:
    return "/api/timeline?" + urlencode({**f, "interval": rnd.choice(("day", "week", "month", "month")),
                                         "by": rnd.choice(("quad", "quad", "type"))})


URL_MAKERS = {"events": event_url, "timeline": timeline_url}


class Queries:
    """Draws the next URL of an endpoint: fresh filters each time (``distinct``) or one of a
    fixed pool (``pool``)."""

    def __init__(self, v: Values, mode: str, pool_size: int, seed: int):
        self.v = v
        self.mode = mode
        rnd = random.Random(seed)
        self.pool = {k: [make(rnd, random_filters(rnd, v)) for _ in range(pool_size)]
                     for k, make in URL_MAKERS.items()}

    def next(self, rnd: random.Random, kind: str) -> str:
        if self.mode == "pool":
            return rnd.choice(self.pool[kind])
        return URL_MAKERS[kind](rnd, random_filters(rnd, self.v))


# ---------------------------------------------------------------------- HTTP

async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, bool]:
    """(status, answered from the server's cache) of one GET on a keep-alive connection."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers.get("x-cache") == "hit"


@dataclass
class Tally:
    lat: dict[str, list[float]]
    errors: dict[str, int]
    hits: dict[str, int]
    error_kinds: dict[str, int] = field(default_factory=dict)

    @classmethod
    def new(cls, kinds: list[str]) -> Tally:
        return cls({k: [] for k in kinds}, {k: 0 for k in kinds}, {k: 0 for k in kinds})


class Conn:
    """One keep-alive connection. Like a browser, a GET that finds its idle connection closed
    by the server (uvicorn closes idle keep-alive connections after a few seconds) before any
    byte of the answer is sent once more on a new connection (counted in ``retries``)."""

    retries = 0

    def __init__(self, port: int):
        self.port = port
        self.rw: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, path: str) -> tuple[int, bool]:
        reused = self.rw is not None
        try:
            if self.rw is None:
                self.rw = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", self.port), 10)
            return await asyncio.wait_for(_request(*self.rw, path), 30)
        except (asyncio.IncompleteReadError, ConnectionResetError, BrokenPipeError) as exc:
            self.close()
            stale = reused and (not isinstance(exc, asyncio.IncompleteReadError) or not exc.partial)
            if not stale:
                raise
            Conn.retries += 1
            return await self.get(path)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.rw is not None:
            self.rw[1].close()
            self.rw = None


async def _one(conn: Conn, path: str, kind: str, t0: float, tally: Tally) -> None:
    try:
        status, hit = await conn.get(path)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
        tally.errors[kind] += 1
        name = type(exc).__name__
        tally.error_kinds[name] = tally.error_kinds.get(name, 0) + 1
        return
    if status != 200:
        tally.errors[kind] += 1
        tally.error_kinds[f"HTTP {status}"] = tally.error_kinds.get(f"HTTP {status}", 0) + 1
    else:
        tally.lat[kind].append(time.perf_counter() - t0)
        tally.hits[kind] += hit


async def _client(port: int, queries: Queries, kinds: list[str], deadline: float, seed: int, think: float,
                  tally: Tally) -> None:
    """Closed loop (think = 0) or think time: request, wait, request..."""
    rnd = random.Random(seed)
    conn = Conn(port)
    if think:  # start spread out, not all at once
        await asyncio.sleep(rnd.uniform(0, think))
    while time.perf_counter() < deadline:
        kind = rnd.choice(kinds)
        path = queries.next(rnd, kind)
        await _one(conn, path, kind, time.perf_counter(), tally)
        if think:
            await asyncio.sleep(min(rnd.expovariate(1 / think), max(0.0, deadline - time.perf_counter())))
    conn.close()


async def _open_loop(port: int, queries: Queries, kinds: list[str], deadline: float, seed: int, rate: float,
                     connections: int, tally: Tally) -> None:
    """Poisson arrivals at ``rate``/s, each served by a free connection of a pool; the wait for
    a connection counts in the latency (measured from the arrival)."""
    rnd = random.Random(seed)
    free: asyncio.Queue[Conn] = asyncio.Queue()
    for _ in range(connections):
        free.put_nowait(Conn(port))
    tasks = set()

    async def serve(path: str, kind: str, t0: float) -> None:
        conn = await free.get()
        try:
            await _one(conn, path, kind, t0, tally)
        finally:
            free.put_nowait(conn)

    nxt = time.perf_counter()
    while True:
        nxt += rnd.expovariate(rate)
        if nxt >= deadline:
            break
        delay = nxt - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        kind = rnd.choice(kinds)
        t = asyncio.create_task(serve(queries.next(rnd, kind), kind, nxt))
        tasks.add(t)
        t.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks, timeout=60)
    while not free.empty():
        free.get_nowait().close()


async def run_phase(port: int, queries: Queries, kinds: list[str], clients: int, duration: float, seed: int,
                    think: float = 0.0, rate: float = 0.0) -> tuple[Tally, float]:
    tally = Tally.new(kinds)
    t0 = time.perf_counter()
    deadline = t0 + duration
    if rate:
        await _open_loop(port, queries, kinds, deadline, seed, rate, clients, tally)
    else:
        await asyncio.gather(*(_client(port, queries, kinds, deadline, seed * 1000 + i, think, tally)
                               for i in range(clients)))
    return tally, time.perf_counter() - t0


def _tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by process ``root`` and its descendants
    (uvicorn's worker processes), from /proc; NaN where /proc is missing."""
    try:
        tick = os.sysconf("SC_CLK_TCK")
        parent, cpu = {}, {}
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open(f"/proc/{d}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(d)] = int(fields[1])
            cpu[int(d)] = (int(fields[11]) + int(fields[12])) / tick
    except (OSError, ValueError):
        return float("nan")
    total, todo = 0.0, [root]
    while todo:
        p = todo.pop()
        total += cpu.get(p, 0.0)
        todo += [c for c, pp in parent.items() if pp == p]
    return total


def _own_cpu() -> float:
    t = os.times()
    return t.user + t.system


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def _run(coro):  # noqa: ANN001, ANN202
    try:
        import uvloop  # the client's own overhead is smaller with it (a uvicorn dependency)

        return uvloop.run(coro) if hasattr(uvloop, "run") else asyncio.run(coro)
    except ImportError:
        return asyncio.run(coro)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a Marsad store (default: build one from --articles ANT articles)")
    ap.add_argument("--articles", type=int, default=2000, help="articles for the store built when --db is absent")
    ap.add_argument("--clients", default="200",
                    help="concurrent clients (connections); a comma list runs several phases")
    ap.add_argument("--duration", type=float, default=15.0, help="seconds per phase (bounded)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="mean think time per client between requests, seconds (0: closed loop)")
    ap.add_argument("--rate", type=float, default=0.0,
                    help="open loop: requests/s arriving (Poisson) over --clients connections")
    ap.add_argument("--queries", choices=("distinct", "pool"), default="distinct",
                    help="distinct: fresh random filters per request (cold cache); pool: a fixed set (warm cache)")
    ap.add_argument("--pool-size", type=int, default=400, help="URLs per endpoint in --queries pool")
    ap.add_argument("--endpoints", default="events,timeline")
    ap.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    ap.add_argument("--attach", type=int, default=0, metavar="PORT",
                    help="start no server: load the one already listening on 127.0.0.1:PORT (e.g. another "
                         "version of Marsad); --db is still read for the filter values")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache-mb", type=float, default=64.0,
                    help="the server's response cache (marsad serve --cache-mb; 0: none)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    ap.add_argument("--threads", type=int, default=0, help="query threads per server process (marsad serve --threads)")
    ap.add_argument("--warmup", type=float, default=2.0, help="seconds of warm-up traffic before each phase")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args()
    kinds = [k.strip() for k in args.endpoints.split(",") if k.strip()]
    if not kinds or any(k not in URL_MAKERS for k in kinds):
        ap.error("--endpoints: events and/or timeline")
    if args.think < 0 or args.rate < 0 or (args.think and args.rate):
        ap.error("--think and --rate: one of them, not negative")
    try:
        phases = [int(c) for c in args.clients.split(",")]
    except ValueError:
        ap.error("--clients: whole numbers, comma-separated")
    if any(c < 1 for c in phases):
        ap.error("--clients: at least 1")
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "bench.db"
        build_store(db, args.articles)
    elif not db.exists():
        ap.error(f"{db}: no such database")
    values = store_values(db)
    queries = Queries(values, args.queries, args.pool_size, args.seed)
    port = args.port
    if not port:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if args.attach:
        port = args.attach
        srv = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1e9)"])  # a stand-in to stop
    else:
        srv = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                                "--port", str(port), "--log-level", "error", "--cache-mb", str(args.cache_mb),
                                "--workers", str(args.workers), "--threads", str(args.threads)],
                               env=env, stderr=subprocess.PIPE)
    if args.rate:
        model = f"open loop, {args.rate:g} requests/s arriving (Poisson) over the clients' connections"
    elif args.think:
        model = f"think time: each client waits a mean {args.think:g} s (exponential) between requests"
    else:
        model = "closed loop: each client sends its next request as soon as it has the answer"
    results = []
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1).read()
                break
            except OSError:
                if srv.poll() is not None or (args.attach and _ > 50):
                    raise SystemExit(f"server exited: {srv.stderr.read().decode()}" if not args.attach
                                     else f"nothing answers on 127.0.0.1:{port}") from None
                time.sleep(0.1)
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n_art = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        version = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0]
        con.close()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"store {db}: {n_art:,} articles, {values.n_events:,} events, schema {version}")
        print(f"server: already running on 127.0.0.1:{port} (--attach; its CPU is not measured)" if args.attach else
              f"server: {args.workers} uvicorn process(es) on 127.0.0.1:{port}, {args.threads or 40} query threads and"
              f" a {args.cache_mb:g} MB response cache per process")
        print(f"load model: {model}; queries: {args.queries}"
              + (f" ({args.pool_size} URLs per endpoint)" if args.queries == "pool" else " (fresh random filters)"))
        print(f"NOTE: this load generator runs on the same {os.cpu_count()} CPU(s) as the server "
              f"(load average before: {load:.1f})")
        for clients in phases:
            if args.warmup:
                _run(run_phase(port, queries, kinds, min(clients, 20), args.warmup, args.seed + 99))
            Conn.retries = 0
            cpu0 = (_tree_cpu(srv.pid), _own_cpu())
            tally, wall = _run(run_phase(port, queries, kinds, clients, args.duration, args.seed + clients,
                                         think=args.think, rate=args.rate))
            total = sum(len(v) for v in tally.lat.values())
            errs = sum(tally.errors.values())
            srv_cpu, gen_cpu = _tree_cpu(srv.pid) - cpu0[0], _own_cpu() - cpu0[1]
            print(f"\n{clients} clients, {wall:.1f}s: {total / wall:,.1f} requests/s, {errs} errors"
                  + (f" ({', '.join(f'{k}: {n}' for k, n in tally.error_kinds.items())})" if errs else "")
                  + (f"; {Conn.retries} requests resent on a new connection after the server closed an idle one"
                     if Conn.retries else ""))
            print(f"  {'endpoint':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
                  f" {'max ms':>8} {'errors':>7} {'cache hits':>10}")
            for k in kinds:
                xs = tally.lat[k]
                hit = f"{100 * tally.hits[k] / len(xs):.0f}%" if xs else "-"
                print(f"  {k:<10} {len(xs):>9,} {len(xs) / wall:>8,.1f} {pct(xs, 50):>8.1f} {pct(xs, 95):>8.1f} "
                      f"{pct(xs, 99):>8.1f} {(max(xs) * 1000 if xs else float('nan')):>8.1f} {tally.errors[k]:>7}"
                      f" {hit:>10}")
                results.append({"clients": clients, "endpoint": k, "model": model, "queries": args.queries,
                                "requests": len(xs), "rps": len(xs) / wall, "p50_ms": pct(xs, 50),
                                "p95_ms": pct(xs, 95), "p99_ms": pct(xs, 99), "errors": tally.errors[k],
                                "cache_hits": tally.hits[k], "workers": args.workers, "cache_mb": args.cache_mb,
                                "server_cpu_s": srv_cpu, "generator_cpu_s": gen_cpu})
            n = max(1, total + errs)
            server_cpu = ("server not measured (--attach)," if args.attach else
                          f"server {srv_cpu:.1f} s ({1000 * srv_cpu / n:.2f} ms a request, {srv_cpu / wall:.2f} cores),")
            print(f"  CPU: {server_cpu}"
                  f" load generator {gen_cpu:.1f} s ({1000 * gen_cpu / n:.2f} ms a request, {gen_cpu / wall:.2f} cores),"
                  f" load average now {os.getloadavg()[0]:.1f}")
    finally:
        srv.terminate()
        try:
            srv.wait(10)
        except subprocess.TimeoutExpired:
            srv.kill()
        if tmp is not None:
            tmp.cleanup()
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
