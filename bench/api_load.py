#!/usr/bin/env python3
"""Load test of the Marsad API on loopback: concurrent keep-alive clients against the events
and timeline endpoints for a bounded time; prints requests/s, p50/p99 latency and errors.

The server (``marsad serve``) runs in its own process on 127.0.0.1; the clients are asyncio
connections in this process. Queries are drawn at random from the store's own values (actors,
types, months), so they are filtered queries that hit different rows, not one cached URL.

Usage:
    .venv/bin/python bench/api_load.py --db ant.db --clients 200 --duration 20
    .venv/bin/python bench/api_load.py --articles 2000            # builds a store from ANT first
    .venv/bin/python bench/api_load.py --db ant.db --clients 10,200 --duration 15

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
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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
        print(f"built {path}: {st.count_articles():,} articles in {time.perf_counter() - t0:.0f}s", file=sys.stderr)


def query_pool(db: Path, seed: int) -> dict[str, list[str]]:
    """Filtered event and timeline URLs drawn from the store's own values."""
    rnd = random.Random(seed)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    actors = [r[0] for r in con.execute(
        "SELECT actor, count(*) FROM event_actors GROUP BY actor ORDER BY 2 DESC LIMIT 40")]
    types = [r[0] for r in con.execute("SELECT plover FROM events GROUP BY plover ORDER BY count(*) DESC LIMIT 12")]
    months = [r[0] for r in con.execute(
        "SELECT substr(date_start, 1, 7) m FROM events WHERE date_start >= '2000' GROUP BY m ORDER BY count(*) DESC LIMIT 12")]
    countries = [r[0] for r in con.execute(
        "SELECT source_country FROM events WHERE source_country IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 15")]
    n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    con.close()
    if not n_events:
        raise SystemExit(f"{db}: no events to query (was the store built with an event coder?)")
    events, timeline = [], []
    for _ in range(400):
        f: dict[str, str] = {}
        pick = rnd.random()
        if actors and pick < 0.35:
            f["actor"] = rnd.choice(actors)
        elif types and pick < 0.65:
            f["type"] = rnd.choice(types)
        elif countries and pick < 0.85:
            f["country"] = rnd.choice(countries)
            if types:
                f["type"] = rnd.choice(types)
        else:
            f["quad"] = str(rnd.randint(1, 4))
        if months and rnd.random() < 0.5:
            f["since"] = f["until"] = rnd.choice(months)
        events.append("/api/events?" + urlencode({**f, "limit": 50, "offset": rnd.choice((0, 0, 0, 50))}))
        tf = {k: v for k, v in f.items() if k != "since" and k != "until"}
        timeline.append("/api/timeline?" + urlencode({**tf, "interval": rnd.choice(("day", "week", "month")),
                                                       "by": rnd.choice(("quad", "type"))}))
    return {"events": events, "timeline": timeline}


async def _request(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
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
    return status


async def _client(port: int, urls: dict[str, list[str]], kinds: list[str], deadline: float, seed: int,
                  out: dict[str, list[float]], errors: dict[str, int]) -> None:
    rnd = random.Random(seed)
    conn = None
    while time.perf_counter() < deadline:
        kind = rnd.choice(kinds)
        path = rnd.choice(urls[kind])
        t0 = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 10)
            status = await asyncio.wait_for(_request(*conn, path), 30)
            if status != 200:
                errors[kind] += 1
            else:
                out[kind].append(time.perf_counter() - t0)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            errors[kind] += 1
            if conn is not None:
                conn[1].close()
            conn = None
    if conn is not None:
        conn[1].close()


async def run_phase(port: int, urls: dict[str, list[str]], kinds: list[str], clients: int, duration: float,
                    seed: int) -> tuple[dict[str, list[float]], dict[str, int], float]:
    out: dict[str, list[float]] = {k: [] for k in kinds}
    errors = {k: 0 for k in kinds}
    t0 = time.perf_counter()
    deadline = t0 + duration
    await asyncio.gather(*(_client(port, urls, kinds, deadline, seed * 1000 + i, out, errors) for i in range(clients)))
    return out, errors, time.perf_counter() - t0


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="a Marsad store (default: build one from --articles ANT articles)")
    ap.add_argument("--articles", type=int, default=2000, help="articles for the store built when --db is absent")
    ap.add_argument("--clients", default="200", help="concurrent clients; a comma list runs several phases")
    ap.add_argument("--duration", type=float, default=15.0, help="seconds per phase (bounded)")
    ap.add_argument("--endpoints", default="events,timeline")
    ap.add_argument("--port", type=int, default=0, help="server port (default: a free one)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache-size", type=int, default=0,
                    help="the server's response cache (marsad serve --cache-size; default here 0: every "
                         "request runs its queries)")
    ap.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    ap.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = ap.parse_args()
    kinds = [k.strip() for k in args.endpoints.split(",") if k.strip()]
    if any(k not in ("events", "timeline") for k in kinds):
        ap.error("--endpoints: events and/or timeline")
    phases = [int(c) for c in args.clients.split(",")]
    tmp = None
    db = args.db
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "bench.db"
        build_store(db, args.articles)
    elif not db.exists():
        ap.error(f"{db}: no such database")
    urls = query_pool(db, args.seed)
    port = args.port
    if not port:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    srv = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db), "--host", "127.0.0.1",
                            "--port", str(port), "--log-level", "error", "--cache-size", str(args.cache_size),
                            "--workers", str(args.workers)], env=env, stderr=subprocess.PIPE)
    results = []
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1).read()
                break
            except OSError:
                if srv.poll() is not None:
                    raise SystemExit(f"server exited: {srv.stderr.read().decode()}") from None
                time.sleep(0.1)
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        n_art, n_ev = (con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "events"))
        con.close()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"load average before: {load:.1f}")
        print(f"store {db}: {n_art:,} articles, {n_ev:,} events; server: {args.workers} uvicorn process(es) on 127.0.0.1:{port}; "
              f"response cache {args.cache_size}; {os.cpu_count()} CPUs shared by server and clients")
        for clients in phases:
            asyncio.run(run_phase(port, urls, kinds, min(clients, 20), 2.0, args.seed))  # warm-up
            lat, errs, wall = asyncio.run(run_phase(port, urls, kinds, clients, args.duration, args.seed))
            total = sum(len(v) for v in lat.values())
            print(f"\n{clients} clients, {wall:.1f}s: {total / wall:,.0f} requests/s, "
                  f"{sum(errs.values())} errors")
            print(f"  {'endpoint':<10} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>7}")
            for k in kinds:
                xs = lat[k]
                print(f"  {k:<10} {len(xs):>9,} {len(xs) / wall:>8,.0f} {pct(xs, 50):>8.1f} {pct(xs, 99):>8.1f} "
                      f"{(max(xs) * 1000 if xs else float('nan')):>8.1f} {errs[k]:>7}")
                results.append({"clients": clients, "endpoint": k, "requests": len(xs), "rps": len(xs) / wall,
                                "p50_ms": pct(xs, 50), "p99_ms": pct(xs, 99),
                                "mean_ms": statistics.fmean(xs) * 1000 if xs else None, "errors": errs[k]})
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
