"""Crash safety under load: ``marsad ingest`` (a real subprocess) is SIGKILLed at random
points while reader threads query the same database (and, with ``--api``, while ``marsad
serve`` answers HTTP readers). After every kill:

- ``PRAGMA integrity_check`` is ``ok``;
- every article a reader has seen (its commit was acknowledged) is still there, once;
- the full-text index and the sentence table have no duplicates;
- readers never got an error (WAL: they read the last committed state).

Then the ingest is started again (it resumes); after the last kill a final run must complete
the rest: every article of the input present exactly once.

    python bench/kill_ingest.py                 # 20 kills, 2,000 generated articles
    python bench/kill_ingest.py --kills 5 --articles 500 --api

tests/test_hardening.py runs the same check with 3 kills.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("العراق سوريا لبنان الحكومة البرلمان الوزير الرئيس القوات الجيش الشرطة المعارضة الانتخابات "
         "الاتفاق المفاوضات العقوبات الاحتجاجات المتظاهرين بغداد دمشق بيروت القاهرة الرياض طهران واشنطن "
         "موسكو أعلن قال أكد طالب دعا رفض هاجم زار التقى وقع انسحب اعتقل أدان حذر يوم أمس اليوم").split()


def write_corpus(path: Path, n: int, seed: int = 11, words: int = 40) -> list[str]:
    rnd = random.Random(seed)
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rnd.choice(WORDS) for _ in range(words)) + "."
            aid = f"k-{i:05d}"
            ids.append(aid)
            fh.write(json.dumps({"id": aid, "text": text, "published": f"2018-0{1 + i % 9}-1{i % 10}",
                                 "title": f"خبر {i}", "source": rnd.choice("abc")}, ensure_ascii=False) + "\n")
    return ids


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src")}


@dataclass
class Readers:
    """Threads that query the store (and the API) until stopped; ``seen``: acknowledged ids."""

    db: Path
    api: str | None = None
    seen: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    queries: int = 0
    api_queries: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def _sql_reader(self) -> None:
        while not self._stop.is_set():
            if not self.db.exists():
                time.sleep(0.02)
                continue
            try:
                con = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
                ids = [r[0] for r in con.execute("SELECT id FROM articles")]
                con.execute("SELECT count(*) FROM events").fetchone()
                con.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'العراق'").fetchone()
                con.close()
                self.seen.update(ids)
                self.queries += 1
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):  # the schema is being created
                    self.errors.append(f"sql: {exc}")
            except sqlite3.DatabaseError as exc:
                self.errors.append(f"sql: {type(exc).__name__}: {exc}")
            time.sleep(0.005)

    def _store_reader(self) -> None:
        from marsad.store import Store, StoreError

        read_once = False
        while not self._stop.is_set():
            try:
                st = Store(self.db, readonly=True)
                st.events(limit=50)
                st.search("الحكومة", limit=5)
                st.stats()
                st.close()
                self.queries += 1
                read_once = True
            except StoreError as exc:
                # before the first ingest has committed the schema, a reader finds no store
                # yet (no file, an empty file); once it has read the store, never again
                early = ("no such", "not a Marsad", "schema version 0", "an empty database")
                if read_once or not any(x in str(exc) for x in early):
                    self.errors.append(f"store: {exc}")
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    self.errors.append(f"store: {exc}")
            except Exception as exc:  # noqa: BLE001 - any other error is a finding
                self.errors.append(f"store: {type(exc).__name__}: {exc}")
            time.sleep(0.01)

    def _api_reader(self) -> None:
        while not self._stop.is_set():
            for path in ("/api/overview", "/api/events?limit=20", "/api/articles?q=%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82"):
                try:
                    with urllib.request.urlopen(self.api + path, timeout=10) as r:
                        if r.status >= 500:
                            self.errors.append(f"api {path}: {r.status}")
                        self.queries += 1
                        self.api_queries += 1
                except urllib.error.HTTPError as exc:
                    if exc.code >= 500 and exc.code != 503:
                        self.errors.append(f"api {path}: HTTP {exc.code}")
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass  # server not up yet
            time.sleep(0.01)

    def start(self) -> None:
        targets = [self._sql_reader, self._store_reader] + ([self._api_reader] if self.api else [])
        self._threads = [threading.Thread(target=t, daemon=True) for t in targets]
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=15)


def check_store(db: Path, must_have: set[str]) -> int:
    """Integrity, acknowledged articles present once, no duplicate index rows; returns count."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in con.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)), "an article stored twice"
        missing = must_have - set(ids)
        assert not missing, f"{len(missing)} acknowledged articles lost, e.g. {sorted(missing)[:3]}"
        fts = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles_fts").fetchone()
        assert fts[0] == fts[1] == len(ids), f"full-text rows {fts} for {len(ids)} articles"
        dup = con.execute("SELECT count(*) FROM (SELECT article_id, idx FROM sentences GROUP BY 1, 2 "
                          "HAVING count(*) > 1)").fetchone()[0]
        assert dup == 0, "duplicate sentences"
        orphans = con.execute("SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0]
        assert orphans == 0, "events without their article"
        return len(ids)
    finally:
        con.close()


def _ingest_cmd(src: Path, db: Path, batch: int) -> list[str]:
    return [sys.executable, "-m", "marsad.cli", "ingest", str(src), "--db", str(db), "--workers", "2",
            "--batch-size", str(batch), "-q"]


def run(kills: int, articles: int, workdir: Path, *, seed: int = 1, batch: int = 10, api: bool = False,
        max_wait: float = 4.0, log=print) -> dict:  # noqa: ANN001
    """``kills`` SIGKILLs at random points, then a final run. Returns the figures."""
    rnd = random.Random(seed)
    src, db = workdir / "corpus.jsonl", workdir / "kill.db"
    ids = write_corpus(src, articles)
    server = None
    api_url = None
    if api:
        port = 20000 + rnd.randrange(20000)
        api_url = f"http://127.0.0.1:{port}"
    readers = Readers(db, api_url)
    readers.start()
    figures = {"kills": 0, "stored_after_kill": [], "acknowledged": 0}
    try:
        for k in range(kills):
            proc = subprocess.Popen(_ingest_cmd(src, db, batch), stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, env=_env(), cwd=ROOT)
            time.sleep(rnd.uniform(0.3, max_wait))
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace")
                assert proc.returncode == 0, f"ingest failed before the kill: {err[-2000:]}"
                log(f"run {k + 1}: finished before the kill")
                break
            acknowledged = set(readers.seen)  # read before the kill: committed for sure
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stderr.close()
            n = check_store(db, acknowledged)
            figures["kills"] += 1
            figures["stored_after_kill"].append(n)
            if api and server is None and n > 0:
                # from now on the API serves the database the next ingests write
                server = subprocess.Popen([sys.executable, "-m", "marsad.cli", "serve", "--db", str(db),
                                           "--port", str(port)], stdout=subprocess.DEVNULL,
                                          stderr=subprocess.DEVNULL, env=_env(), cwd=ROOT)
            log(f"kill {k + 1}: {n:,} articles stored, {len(acknowledged):,} acknowledged to readers; integrity ok")
        r = subprocess.run(_ingest_cmd(src, db, batch), capture_output=True, text=True, env=_env(), cwd=ROOT,
                           timeout=1200)
        assert r.returncode == 0, r.stderr[-2000:]
        time.sleep(0.2)
        acknowledged = set(readers.seen)
    finally:
        readers.stop()
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    n = check_store(db, acknowledged | set(ids))
    assert n == len(ids)
    assert not readers.errors, readers.errors[:5]
    figures.update(acknowledged=len(acknowledged), final=n, reader_queries=readers.queries,
                   api_queries=readers.api_queries, reader_errors=len(readers.errors))
    log(f"final run: {n:,}/{len(ids):,} articles, each once; readers: {readers.queries:,} queries "
        f"({readers.api_queries:,} over HTTP), {len(readers.errors)} errors")
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--api", action="store_true", help="also serve the database with `marsad serve` and query it")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        fig = run(args.kills, args.articles, Path(d), seed=args.seed, api=args.api)
    print(json.dumps(fig))
    print(f"{fig['kills']} kills, all checks passed in {time.perf_counter() - t0:.0f} s")


if __name__ == "__main__":
    main()
