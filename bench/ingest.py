"""Ingest the ANT corpus into a fresh database with 1 and 2 workers (``marsad ingest`` in a
subprocess) and print articles/s, peak memory (the ingest process and its workers together,
sampled from /proc), database size, and the latency of one actor's events over a month.

    python bench/ingest.py                 # the whole corpus (31,501 articles)
    python bench/ingest.py --limit 3000    # the first 3,000
    python bench/ingest.py --workers 2 --keep ant.db

The actor and month for the latency are the most frequent actor in the database and its
busiest month; the figure is the median of 50 queries (``Store.events(actor=, since=,
until=)``). While no event coder is installed the ingested corpus has no events; then
``--synthetic N`` measures the same query on a database of N synthetic events (random
actors, types and dates over 2018, 5 events an article), labelled as such.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.store import Store  # noqa: E402


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*") if Path(f"/proc/{p}/task").exists() else []:
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return out


def run_ingest(data: Path, db: Path, workers: int, limit: int | None) -> dict[str, float]:
    cmd = [sys.executable, "-m", "marsad.cli", "ingest", str(data), "--db", str(db), "--workers", str(workers), "-q"]
    if limit:
        cmd += ["--limit", str(limit)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    _, err = proc.communicate()
    done.set()
    th.join()
    secs = time.perf_counter() - t0
    with Store(db, readonly=True) as s:
        n = s.count_articles()
        ev = s.stats()["events"]
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    last = err.strip().splitlines()[-1] if err.strip() else ""
    return {"rc": proc.returncode, "articles": n, "events": ev, "seconds": secs, "rate": n / secs,
            "peak_mb": peak / 1024, "db_mb": size / 2**20, "summary": last}


def actor_month_latency(db: Path) -> str:
    with Store(db, readonly=True) as s:
        row = s.conn.execute(
            "SELECT actor, substr(date_start, 1, 7) AS month, count(*) FROM event_actors"
            " WHERE date_start IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1").fetchone()
        if row is None:
            return "n/a (no events stored: no event coder installed yet)"
        actor, month = row[0], row[1]
        times, cpu = [], []
        for _ in range(50):
            t0, c0 = time.perf_counter(), time.process_time()
            rows = s.events(actor=actor, since=month, until=month)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        return (f"{statistics.median(times) * 1000:.1f} ms median wall ({statistics.median(cpu) * 1000:.1f} ms CPU), "
                f"{max(times) * 1000:.1f} ms max ({len(rows)} events of {actor} in {month}, the busiest actor-month)")


def synthetic_latency(n_events: int, tmp: Path) -> str:
    """Build a database of ``n_events`` synthetic events and time the actor/month query."""
    import random

    from marsad.model import Analysis, Event, Participant, Sentence, Span

    rnd = random.Random(1)
    countries = ["IRQ", "SYR", "USA", "IRN", "SAU", "EGY", "TUR", "RUS", "ISR", "LBN", "YEM", "QAT", "ARE",
                 "JOR", "FRA", "GBR", "LBY", "TUN", "DZA", "MAR"]
    sectors = ["GOV", "MIL", "LEG", "OPP", "REB", "COP", "BUS", "CVL", None]
    types = ["CONSULT", "REQUEST", "ACCUSE", "AGREE", "SUPPORT", "THREATEN", "PROTEST", "ASSAULT", "AID", "REJECT"]
    db = tmp / "synthetic.db"
    text = "نص تجريبي قصير. " * 5
    per = 5
    t0 = time.perf_counter()
    with Store(db) as s:
        batch = []
        for i in range(n_events // per):
            day = f"2018-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            evs = []
            for _ in range(per):
                a, b = rnd.choices(countries, weights=range(len(countries), 0, -1), k=2)
                sa, sb = rnd.choice(sectors), rnd.choice(sectors)
                evs.append(Event(0, Span(0, 2, "نص"), "010", rnd.choice(types), date=day,
                                 source=Participant(None, None, None, a, sa, a + (sa or "")),
                                 target=Participant(None, None, None, b, sb, b + (sb or ""))))
            batch.append(Analysis(id=f"s{i}", text=text, published=day, source=rnd.choice("abcde"),
                                  sentences=(Sentence(0, 16),), events=tuple(evs)))
            if len(batch) == 2000:
                s.write_many(batch)
                batch = []
        s.write_many(batch)
    build = time.perf_counter() - t0
    res = actor_month_latency(db)
    return f"{res} — synthetic, {n_events:,} events (built in {build:.0f} s)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    ap.add_argument("--workers", default="1,2", help="worker counts to run, comma-separated")
    ap.add_argument("--data", type=Path, default=None, help="JSONL(.gz) to ingest (default: the ANT corpus)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the last database here")
    ap.add_argument("--synthetic", type=int, default=0,
                    help="also time the actor/month query on N synthetic events")
    args = ap.parse_args()
    data = args.data or shared_data() / "news" / "ant_2018.jsonl.gz"
    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    print(f"ingest {data.name}, limit {args.limit or 'none'}, {os.cpu_count()} CPUs")
    last = None
    try:
        for w in [int(x) for x in args.workers.split(",")]:
            db = tmp / f"w{w}.db"
            r = run_ingest(data, db, w, args.limit)
            print(f"workers={w}: {r['articles']:,} articles in {r['seconds']:.1f} s = {r['rate']:.1f} articles/s; "
                  f"{r['events']:,} events; peak memory {r['peak_mb']:.0f} MB (all processes); "
                  f"database {r['db_mb']:.1f} MB; exit {r['rc']}")
            if r["summary"]:
                print(f"  {r['summary']}")
            last = db
        if last is not None:
            print(f"one actor's events over a month: {actor_month_latency(last)}")
            t0 = time.perf_counter()
            with Store(last, readonly=True) as s:
                hits = s.search("انسحاب القوات", limit=20)
            print(f"search 'انسحاب القوات': {len(hits)} hits in {(time.perf_counter() - t0) * 1000:.1f} ms")
            if args.synthetic:
                print(f"one actor's events over a month: {synthetic_latency(args.synthetic, tmp)}")
            if args.keep:
                shutil.copy(last, args.keep)
                print(f"kept {args.keep}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
