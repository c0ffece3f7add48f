"""``marsad ingest`` and the query commands, end to end, including being killed mid-run."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.ingest.run import ingest
from marsad.store import Store

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("العراق سوريا لبنان الحكومة البرلمان الوزير الرئيس القوات الجيش الشرطة المعارضة الانتخابات "
         "الاتفاق المفاوضات العقوبات الاحتجاجات المتظاهرين بغداد دمشق بيروت القاهرة الرياض طهران واشنطن "
         "موسكو أعلن قال أكد طالب دعا رفض هاجم زار التقى وقع انسحب اعتقل أدان حذر يوم أمس اليوم").split()


def write_corpus(path: Path, n: int, seed: int = 7, words: int = 40) -> list[str]:
    rnd = random.Random(seed)
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rnd.choice(WORDS) for _ in range(words)) + "."
            aid = f"gen-{i:05d}"
            ids.append(aid)
            fh.write(json.dumps({"id": aid, "text": text, "source": rnd.choice(["a", "b", "c"]),
                                 "published": f"2018-0{1 + i % 9}-1{i % 10}", "title": f"خبر {i}"},
                                ensure_ascii=False) + "\n")
    return ids


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run([sys.executable, "-m", "marsad.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env, cwd=ROOT)


def test_ingest_then_query_commands(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    seed = ROOT / "examples" / "seed_article.jsonl"
    r = CliRunner().invoke(main, ["ingest", str(seed), "--db", str(db), "--workers", "1", "-q"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["ingest", str(seed), "--db", str(db), "--workers", "1", "-q"])
    assert r.exit_code == 0 and "1 already stored" in r.output  # idempotent
    with Store(db) as s:
        assert s.article_ids() == {"seed-baghdad-today-nato"}
        assert s.get_analysis("seed-baghdad-today-nato").published == "2020-02-11"
    r = CliRunner().invoke(main, ["search", "حلف شمال الاطلسي", "--db", str(db), "--format", "jsonl"])
    assert r.exit_code == 0 and json.loads(r.output.splitlines()[0])["id"] == "seed-baghdad-today-nato"
    for fmt in ("table", "csv", "jsonl"):
        r = CliRunner().invoke(main, ["events", "--db", str(db), "--format", fmt, "--since", "2020-01-01"])
        assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["stats", "--db", str(db), "--json"])
    assert json.loads(r.output)["articles"] == 1
    out = tmp_path / "e.jsonl"
    r = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "plover", str(out)])
    assert r.exit_code == 0 and out.exists()
    r = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "no such database" in r.output


def test_ingest_bad_inputs_go_on(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_corpus(tmp_path / "in" / "good.jsonl", 5)
    (tmp_path / "in" / "bad.jsonl.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "in" / "empty.html").write_text("<html><body><nav>x</nav></body></html>")
    db = tmp_path / "m.db"
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "1", "-q"])
    assert r.exit_code == 1
    assert "bad.jsonl.gz" in r.output and "empty.html" in r.output and "Traceback" not in r.output
    with Store(db) as s:
        assert s.count_articles() == 5
    notdb = tmp_path / "x.db"
    notdb.write_text("hello" * 1000)
    r = CliRunner().invoke(main, ["ingest", str(tmp_path / "in" / "good.jsonl"), "--db", str(notdb)])
    assert r.exit_code == 2 and "not an SQLite database" in r.output


def test_near_duplicates_are_linked_not_analysed(tmp_path: Path) -> None:
    src = tmp_path / "d.jsonl"
    rnd = random.Random(3)
    base = " ".join(rnd.choice(WORDS) for _ in range(120))
    rows = [{"id": "orig", "text": base, "source": "a", "published": "2018-03-01"},
            {"id": "copy", "text": base.replace("العراق", "العراق", 1) + " المصدر: وكالات", "source": "b",
             "published": "2018-03-01"},
            {"id": "other", "text": " ".join(rnd.choice(WORDS) for _ in range(120)), "source": "c"}]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    st = ingest([src], tmp_path / "m.db", workers=1)
    assert (st.stored, st.duplicates) == (2, 1)
    with Store(tmp_path / "m.db") as s:
        assert s.article("copy")["duplicate_of"] == "orig"
        assert s.get_analysis("copy") is None and s.get_analysis("orig") is not None


def test_two_workers_same_result_as_one(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    ids = write_corpus(src, 40)
    st = ingest([src], tmp_path / "two.db", workers=2, batch_size=7)
    assert st.stored == 40 and st.errors == 0
    ingest([src], tmp_path / "one.db", workers=1)
    q = "SELECT id, analysis_json FROM articles ORDER BY id"
    one = sqlite3.connect(tmp_path / "one.db").execute(q).fetchall()
    two = sqlite3.connect(tmp_path / "two.db").execute(q).fetchall()
    assert [r[0] for r in one] == sorted(ids) and one == two


# The ingest runs with faulthandler on SIGUSR1, so that a run that does not stop dumps the
# stacks of all its threads into the failure message (instead of a bare timeout).
_TRACED = ("import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
           "from marsad.cli import main; sys.argv[0] = 'marsad'; main()")


def _children(pid: int) -> list[int]:
    """The child processes of ``pid`` (Linux /proc; else none)."""
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: signal.Signals(s).name)
def test_killed_ingest_loses_nothing_committed_and_resumes(tmp_path: Path, sig: int) -> None:
    src = tmp_path / "c.jsonl"
    ids = write_corpus(src, 300)
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", _TRACED, "ingest", str(src), "--db", str(db),
                             "--workers", "2", "--batch-size", "10", "-q"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    committed = 0
    # Generous: on a loaded machine starting up can be slow, and the signal must come once the
    # ingest is running (20 articles committed), not while Python is still importing.
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
                committed = con.execute("SELECT count(*) FROM articles").fetchone()[0]
                con.close()
            except sqlite3.Error:
                committed = 0
            if committed >= 20:
                break
        time.sleep(0.01)
    assert committed >= 20 or proc.poll() is not None, "the ingest committed nothing in 300 s"
    children = _children(proc.pid)
    proc.send_signal(sig)
    try:
        # (stderr closes when the workers are gone too: they must not outlive the ingest)
        _, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGUSR1)
        time.sleep(2)
        proc.kill()
        for pid in children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _, err = proc.communicate()
        pytest.fail(f"the ingest (or one of its workers {children}) did not stop within 120 s of "
                    f"{signal.Signals(sig).name}:\n" + err.decode(errors="replace")[-6000:])
    stderr = err.decode(errors="replace")
    if sig != signal.SIGKILL and committed < len(ids):
        assert proc.returncode == 130, (proc.returncode, committed, stderr[-2000:])
        assert f"interrupted by {signal.Signals(sig).name}" in stderr and "Traceback" not in stderr, stderr
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after_kill = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert after_kill >= committed  # nothing committed was lost
    con.close()
    r = _cli("ingest", str(src), "--db", str(db), "--workers", "2", "-q", timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"{after_kill:,} already stored" in r.stderr
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = [r[0] for r in con.execute("SELECT id FROM articles")]
    assert sorted(rows) == ids  # all there, none twice
    fts = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles_fts").fetchone()
    assert fts == (300, 300)
    sent = con.execute("SELECT count(*) FROM (SELECT article_id, idx FROM sentences GROUP BY 1, 2 HAVING count(*) > 1)")
    assert sent.fetchone()[0] == 0


def test_ingest_web_formats(tmp_path: Path) -> None:
    from test_readers_web import PAGE, RSS, _warc

    d = tmp_path / "web"
    d.mkdir()
    (d / "page.html").write_text(PAGE, encoding="utf-8")
    (d / "feed.xml").write_text(RSS, encoding="utf-8")
    edited = PAGE.replace("خطوة رمزية", "خطوة رمزية لا أكثر")  # the same story, slightly edited
    (d / "crawl.warc.gz").write_bytes(_warc([("https://example.iq/1", PAGE), ("https://example.iq/2", edited)]))
    st = ingest([d], tmp_path / "w.db", workers=1)
    # crawl.warc.gz comes first (name order): its two pages are near-duplicates of each other;
    # page.html has the same text as the first one (same content-hash id).
    assert (st.stored, st.duplicates, st.skipped, st.errors) == (3, 1, 1, 0)
    with Store(tmp_path / "w.db") as s:
        assert {h["source"] for h in s.search("البصرة")} == {"أخبار بغداد"}
        [dup] = s.duplicates()
        assert s.article(dup["duplicate_of"])["url"] == "https://example.iq/1"


def test_pipeline_that_cannot_be_built_is_a_clear_error(tmp_path: Path) -> None:
    from marsad.ingest.run import PipelineError

    src = tmp_path / "c.jsonl"
    write_corpus(src, 3)
    for workers in (1, 2):
        with pytest.raises(PipelineError, match="unknown component"):
            ingest([src], tmp_path / "p.db", workers=workers, components=["nope"])
    with Store(tmp_path / "p.db") as s:
        assert s.count_articles() == 0


class _DyingPipeline:
    """Stands for the analysis pipeline in a forked worker: the article whose text is "die"
    ends its process (as an out-of-memory kill or a crash in a C library would)."""

    def analyze(self, article):  # noqa: ANN001, ANN201
        if article.text == "die":
            os._exit(3)
        from marsad.pipeline import Pipeline

        return Pipeline(["dates"]).analyze(article)


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_a_dead_worker_fails_only_its_article_and_is_replaced() -> None:
    from marsad.ingest.run import _Workers
    from marsad.model import Article

    pool = _Workers(2, None, {}, _DyingPipeline())
    try:
        texts = ["أعلن الوزير يوم الأحد", "die", "قال الرئيس أمس", "die", "أكد البرلمان اليوم"]
        results = {}
        for job, text in enumerate(texts):
            slot = pool.idle()
            while slot is None:
                results.update(pool.collect(1.0))
                slot = pool.idle()
            pool.submit(slot, job, Article(id=f"a{job}", text=text))
        while pool.busy:
            results.update(pool.collect(1.0))
        assert sorted(results) == list(range(len(texts)))
        for job, text in enumerate(texts):
            analysis, err, _ = results[job]
            if text == "die":
                assert analysis is None and err == "analysis failed: the worker process died (exit status 3)"
            else:
                assert err is None and analysis.id == f"a{job}"
        assert pool.deaths == 2 and all(p.is_alive() for p in pool.procs)  # replaced
    finally:
        pool.close()
    assert not any(p.is_alive() for p in pool.procs)


@pytest.mark.parametrize("workers", [1, 2])
def test_stop_request_commits_what_is_finished_and_resumes(tmp_path: Path, workers: int) -> None:
    src = tmp_path / "c.jsonl"
    ids = write_corpus(src, 60)
    db = tmp_path / "s.db"
    seen: list[int] = []

    def on_progress(st) -> None:  # noqa: ANN001
        seen.append(st.stored)

    st = ingest([src], db, workers=workers, batch_size=5, on_progress=on_progress,
                stop=lambda: len(seen) >= 15)
    assert st.interrupted and 0 < st.stored < 60 and st.clusters == 0
    with Store(db) as s:
        assert s.count_articles() == st.stored  # everything counted as stored is committed
        assert s.has_unclustered_events() == (st.events > 0)
    st2 = ingest([src], db, workers=workers)
    assert not st2.interrupted and st2.skipped == st.stored and st.stored + st2.stored == 60
    with Store(db) as s:
        assert sorted(s.article_ids()) == ids and not s.has_unclustered_events()


def test_transaction_left_open_by_an_interruption_does_not_block_the_next(tmp_path: Path) -> None:
    with Store(tmp_path / "t.db") as s:
        s.conn.execute("BEGIN IMMEDIATE")  # as if interrupted between BEGIN and the try
        s.conn.execute("INSERT INTO meta(key, value) VALUES ('junk', 'x')")
        with s.transaction():
            s.conn.execute("INSERT INTO meta(key, value) VALUES ('kept', 'y')")
        assert not s.conn.in_transaction
        keys = {k for (k,) in s.conn.execute("SELECT key FROM meta")}
        assert "kept" in keys and "junk" not in keys


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
def test_workers_that_keep_dying_stop_the_ingest_with_a_clear_error() -> None:
    from marsad.ingest.run import PipelineError, WorkersFailing, _Workers
    from marsad.model import Article

    pool = _Workers(2, None, {}, _DyingPipeline())
    failed = 0
    try:
        with pytest.raises(WorkersFailing, match="keep dying .7 in a row, the last with exit status 3") as exc:
            for job in range(20):
                slot = pool.idle()
                while slot is None:
                    failed += len(pool.collect(1.0))
                    slot = pool.idle()
                pool.submit(slot, job, Article(id=f"d{job}", text="die"))
        assert isinstance(exc.value, PipelineError) and failed + len(exc.value.results) == 7
    finally:
        pool.close()
