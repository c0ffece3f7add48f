"""marsad run / load: partitions, Parquet dataset, equivalence with ingest, worker faults."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("dask.bag")
pytest.importorskip("distributed")
import pyarrow.dataset as pads  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from marsad import distributed as dist  # noqa: E402
from marsad.cli import main  # noqa: E402
from marsad.export import parquet_schema, table_schema  # noqa: E402
from marsad.ingest import read_path  # noqa: E402
from marsad.ingest.run import ingest  # noqa: E402
from marsad.model import Event, Participant, Span  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402
from marsad.store import Store  # noqa: E402

# ---------------------------------------------------------------------- synthetic corpus

_WHO = [("الرئيس العراقي", "IRQGOV", "IRQ"), ("وزير الخارجية الإيراني", "IRNGOV", "IRN"),
        ("رئيس الوزراء التركي", "TURGOV", "TUR"), ("الأمين العام للأمم المتحدة", "IGOUNO", None)]
_PLACES = ["بغداد", "طهران", "أنقرة", "دمشق", "عمان", "القاهرة"]
_TOPICS = ["الأمن على الحدود", "التعاون الاقتصادي", "ملف المياه", "عودة اللاجئين", "أسعار النفط",
           "مكافحة الإرهاب", "الانتخابات المقبلة", "إعادة الإعمار"]


def _article(n: int) -> dict:
    a, b = _WHO[n % 4], _WHO[(n + 1) % 4]
    place, topic, other = _PLACES[n % 6], _TOPICS[n % 8], _TOPICS[(n * 3 + 1) % 8]
    text = (f"زار {a[0]} مدينة {place} اليوم والتقى {b[0]} لبحث {topic} في المنطقة. "
            f"وقال {a[0]} في مؤتمر صحفي إن المباحثات تناولت {other} والعلاقات الثنائية بين البلدين "
            f"وسبل تطويرها في الجولة رقم {n}. وأضاف أن الجانبين اتفقا في الساعة {n % 11 + 1} على مواصلة "
            f"الحوار بحضور {n * 7 % 97 + 3} مسؤولا وعقد اجتماع جديد في {_PLACES[(n + 2) % 6]} بعد {n % 13 + 2} "
            f"أيام لمتابعة ما تم الاتفاق عليه.")
    day = 1 + n % 27
    month = 1 + n % 3
    return {"id": f"syn-{n:04d}", "title": f"لقاء في {place} حول {topic}", "text": text,
            "published": f"2018-{month:02d}-{day:02d}", "source": ["alpha", "beta", "gamma"][n % 3],
            "url": f"https://example.org/{n}"}


def _corpus(n: int) -> list[dict]:
    return [_article(i) for i in range(n)]


def _write_jsonl(path: Path, records: list, gz: bool = False) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


class EventPipeline(Pipeline):
    """The real pipeline plus a toy event coder (the project's event components are built
    on other branches): a CONSULT event for each sentence with زار or قال, between the
    actors named in it, so that the stores have events, actors and clusters to compare."""

    def analyze(self, article, published=None):  # noqa: ANN001, ANN201
        a = super().analyze(article, published)
        events = []
        for i, s in enumerate(a.sentences):
            sent = a.text[s.start:s.end]
            for trig in ("زار", "قال"):
                k = sent.find(trig)
                if k < 0:
                    continue
                found = [w for w in _WHO if w[0] in sent]
                parts = []
                for name, code, country in found[:2]:
                    st = s.start + sent.find(name)
                    parts.append(Participant(text=name, start=st, end=st + len(name), code=code, country=country))
                events.append(Event(sentence=i, trigger=Span(s.start + k, s.start + k + len(trig), trig),
                                    cameo="040", plover="CONSULT", quad=1, goldstein=1.0,
                                    source=parts[0] if parts else None,
                                    target=parts[1] if len(parts) > 1 else None,
                                    negated=trig == "قال" and i % 2 == 1))
        return dataclasses.replace(a, events=a.events + tuple(events))


class SlowPipeline(Pipeline):
    """The real pipeline, slowed so that a worker can be killed while the run goes on."""

    def analyze(self, article, published=None):  # noqa: ANN001, ANN201
        time.sleep(0.04)
        return super().analyze(article, published)


def _dump(db: Path) -> dict:
    """Everything of a store that run + load must reproduce (not the ingestion times)."""
    with Store(db, readonly=True) as s:
        c = s.conn
        arts = [tuple(r) for r in c.execute(
            "SELECT id, source, url, title, published, category, author, text, body_start, duplicate_of,"
            " similarity, n_sentences, n_entities, n_events, warnings, analysis_json FROM articles ORDER BY id")]
        out = {"articles": arts, "events": s.events(), "clusters": s.clusters(), "duplicates": s.duplicates(),
               "search": [h["id"] for h in s.search("العراقي", limit=None)]}
        for t in ("sentences", "entities", "dates", "places", "quotes", "event_actors", "article_minhash"):
            out[t] = [tuple(r) for r in c.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
        out["fts"] = [tuple(r) for r in c.execute("SELECT article_id, title, body FROM articles_fts ORDER BY 1")]
    return out


# ---------------------------------------------------------------------- planning and reading

@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("n", [1, 9, 10, 23])
def test_line_partitions_cover_every_line_once(tmp_path: Path, gz: bool, n: int) -> None:
    f = _write_jsonl(tmp_path / ("a.jsonl.gz" if gz else "a.jsonl"), _corpus(n), gz=gz)
    parts, errors = dist.plan([f], partition_size=5)
    assert errors == []
    assert len(parts) == max(1, -(-n // 5))
    assert [p.order for p in parts] == list(range(len(parts)))
    assert len({p.id for p in parts}) == len(parts)
    got = [r.article.id for p in parts for r in dist.read_partition(p)]
    assert got == [f"syn-{i:04d}" for i in range(n)]
    assert [r.where for p in parts for r in dist.read_partition(p)] == [r.where for r in read_path(f)]
    again, _ = dist.plan([f], partition_size=5)
    assert [p.id for p in again] == [p.id for p in parts]  # deterministic names


def test_plan_groups_files_in_input_order(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(5):
        (folder / f"p{i}.txt").write_text(_article(i)["text"], encoding="utf-8")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    j = _write_jsonl(tmp_path / "b.jsonl", _corpus(3))
    parts, errors = dist.plan([folder, j, tmp_path / "missing.jsonl"], files_per_partition=2)
    assert errors == [f"{tmp_path / 'missing.jsonl'}: no such file or folder"]
    assert [p.kind for p in parts] == ["files", "files", "files", "lines"]
    assert [len(p.paths) for p in parts[:3]] == [2, 2, 1]
    texts = [r.article.text for p in parts for r in dist.read_partition(p)]
    assert texts[:5] == [_article(i)["text"] for i in range(5)]
    assert len(texts) == 8


def test_bad_records_are_counted_per_partition(tmp_path: Path) -> None:
    recs = _corpus(6)
    recs[1] = "{not json"
    recs[4] = json.dumps({"id": "no-text", "title": "x"})
    f = _write_jsonl(tmp_path / "bad.jsonl", recs)
    out = tmp_path / "ds"
    st = dist.run([f], out, scheduler="sync", partition_size=3)
    assert (st.partitions, st.done, st.failed) == (2, 2, 0)
    assert (st.articles, st.errors) == (4, 2)
    manifests = sorted(dist.complete_partitions(out).values(), key=lambda m: m["order"])
    assert [(m["articles"], m["errors"]) for m in manifests] == [(2, 1), (2, 1)]
    assert "bad.jsonl:2: not JSON" in manifests[0]["messages"][0]
    assert "bad.jsonl:5: no 'text' field" in manifests[1]["messages"][0]
    assert any("1 bad records" in m for m in st.messages)


def test_truncated_gzip_is_reported_not_fatal(tmp_path: Path) -> None:
    f = _write_jsonl(tmp_path / "t.jsonl.gz", _corpus(40), gz=True)
    data = f.read_bytes()
    f.write_bytes(data[: len(data) * 2 // 3])
    st = dist.run([f], tmp_path / "ds", scheduler="sync", partition_size=10)
    assert st.failed == 0 and st.errors == 1
    assert 0 < st.articles < 40
    assert any("truncated gzip" in m for m in st.messages)


# ---------------------------------------------------------------------- dataset and equivalence

def _equivalence_input(tmp_path: Path) -> list[Path]:
    recs = _corpus(30)
    dup = dict(recs[3], id="syn-dup-of-3", source="delta", text=recs[3]["text"].replace("اليوم", "أمس"))
    recs.insert(12, dup)
    recs.insert(20, recs[5])  # the same id again
    recs.insert(7, "{broken")
    recs.append({"id": "syn-nodate", "text": _article(99)["text"]})
    a = _write_jsonl(tmp_path / "a.jsonl.gz", recs[:20], gz=True)
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(3):
        (pages / f"page{i}.txt").write_text(_article(200 + i)["text"], encoding="utf-8")
    b = _write_jsonl(tmp_path / "b.jsonl", recs[20:])
    return [a, pages, b]


def test_run_and_load_give_the_same_store_as_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = _equivalence_input(tmp_path)
    monkeypatch.setattr("marsad.pipeline.Pipeline", EventPipeline)  # ingest builds marsad.pipeline.Pipeline
    ing = ingest(inputs, tmp_path / "ingest.db", workers=1)
    out = tmp_path / "ds"
    st = dist.run(inputs, out, scheduler="sync", partition_size=7, files_per_partition=2,
                  pipeline_factory=EventPipeline)
    assert st.failed == 0 and st.errors == ing.errors == 1
    ld = dist.load(out, tmp_path / "loaded.db")
    assert (ld.stored, ld.duplicates, ld.skipped) == (ing.stored, ing.duplicates, ing.skipped) == (34, 1, 1)
    assert ld.events == ing.events > 30 and ld.clusters == ing.clusters > 5
    a, b = _dump(tmp_path / "ingest.db"), _dump(tmp_path / "loaded.db")
    for key in a:
        assert a[key] == b[key], key
    assert a["duplicates"][0]["id"] == "syn-dup-of-3"

    # The dataset: month partitions, the export schema for events, every event of the store.
    assert {p.name for p in (out / "events").iterdir()} == {"month=2018-01", "month=2018-02", "month=2018-03",
                                                             "month=unknown"}
    ds = pads.dataset(out / "events", format="parquet", partitioning="hive")
    assert ds.schema.remove(ds.schema.get_field_index("month")) == parquet_schema()
    ev = {r["id"]: r for r in ds.to_table().to_pylist()}
    stored = {r["id"]: r for r in a["events"]}
    assert set(stored) <= set(ev)  # the dataset also has the events of the near-duplicate
    for eid, r in stored.items():
        assert {k: v for k, v in ev[eid].items() if k not in ("cluster_id", "month")} == \
               {k: v for k, v in r.items() if k != "cluster_id"}
    for table in dist.TABLES:
        for f in (out / table).rglob("*.parquet"):
            assert pq.read_schema(f) == table_schema(table)
    stored_ids = {r[0] for r in a["articles"] if r[15] is not None}  # analysed, not near-duplicates
    for table in ("entities", "places", "quotes"):
        if not (out / table).exists():
            assert a[table] == []
            continue
        rows = pads.dataset(out / table, partitioning="hive").to_table().to_pylist()
        # (a set: the id repeated in the input is in the dataset twice, with the same rows)
        got = sorted({tuple(r[c] for c in ("article_id", "idx", "text", "start", "end")) for r in rows
                      if r["article_id"] in stored_ids})
        assert got == sorted(r[:5] for r in a[table])
    assert a["entities"] and a["places"]  # the real extraction components found some

    # Loading again adds nothing; the clusters stay the same.
    again = dist.load(out, tmp_path / "loaded.db")
    assert (again.stored, again.duplicates, again.skipped) == (0, 0, ld.read)
    assert _dump(tmp_path / "loaded.db") == b


def test_rerun_skips_complete_partitions_and_force_rewrites_same_files(tmp_path: Path) -> None:
    f = _write_jsonl(tmp_path / "a.jsonl", _corpus(12))
    out = tmp_path / "ds"
    first = dist.run([f], out, scheduler="sync", partition_size=5)
    files = sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    second = dist.run([f], out, scheduler="sync", partition_size=5)
    assert (first.done, second.done, second.skipped) == (3, 0, 3)
    # A task killed after writing its Parquet files but before its manifest: redone, same names.
    victim = sorted((out / dist.MANIFESTS).iterdir())[0]
    victim.unlink()
    (out / "articles" / "month=2018-01" / ".part-x.parquet.123.ab.tmp").write_bytes(b"half")
    third = dist.run([f], out, scheduler="sync", partition_size=5)
    forced = dist.run([f], out, scheduler="sync", partition_size=5, force=True)
    assert (third.done, third.skipped, forced.done) == (1, 2, 3)
    assert sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file()) == files
    ids = pads.dataset(out / "articles", partitioning="hive").to_table(columns=["id"]).column("id").to_pylist()
    assert sorted(ids) == [f"syn-{i:04d}" for i in range(12)]


def test_load_ignores_unfinished_partitions(tmp_path: Path) -> None:
    f = _write_jsonl(tmp_path / "a.jsonl", _corpus(10))
    out = tmp_path / "ds"
    dist.run([f], out, scheduler="sync", partition_size=5)
    manifests = sorted(dist.complete_partitions(out).values(), key=lambda m: m["order"])
    (out / dist.MANIFESTS / f"part-{manifests[1]['part']}.json").unlink()
    st = dist.load(out, tmp_path / "x.db")
    assert st.stored == 5 and st.ignored_files >= 1
    with Store(tmp_path / "x.db", readonly=True) as s:
        assert s.article_ids() == {f"syn-{i:04d}" for i in range(5)}


# ---------------------------------------------------------------------- faults on a real cluster

def test_killed_worker_every_article_exactly_once(tmp_path: Path) -> None:
    import cloudpickle

    module = sys.modules[__name__]
    cloudpickle.register_pickle_by_value(module)  # workers need not import this file
    try:
        _killed_worker_run(tmp_path)
    finally:
        cloudpickle.unregister_pickle_by_value(module)


def _killed_worker_run(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    n = 100
    f = _write_jsonl(tmp_path / "a.jsonl", _corpus(n))
    out = tmp_path / "ds"
    result: dict = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        pids = sorted(client.run(os.getpid).values())
        assert len(pids) == 2

        def job() -> None:
            try:
                result["stats"] = dist.run([f], out, client=client, partition_size=5, pipeline_factory=SlowPipeline)
            except BaseException as exc:  # noqa: BLE001 - re-raised by the assertions below
                result["error"] = exc

        t = threading.Thread(target=job)
        t.start()
        def finished() -> int:
            folder = out / dist.MANIFESTS
            return len(list(folder.glob("*.json"))) if folder.exists() else 0

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and finished() == 0:
            time.sleep(0.05)
        done_at_kill = finished()
        os.kill(pids[0], signal.SIGKILL)
        t.join(90)
        assert not t.is_alive()
    assert "error" not in result, result.get("error")
    st = result["stats"]
    assert 0 < done_at_kill < st.partitions == 20  # killed mid-run
    assert (st.done, st.failed, st.errors) == (20, 0, 0)
    ids = pads.dataset(out / "articles", partitioning="hive").to_table(columns=["id"]).column("id").to_pylist()
    assert sorted(ids) == [f"syn-{i:04d}" for i in range(n)]  # every article, exactly once
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert len(dist.complete_partitions(out)) == 20


# ---------------------------------------------------------------------- command line

def test_cli_run_and_load(tmp_path: Path) -> None:
    f = _write_jsonl(tmp_path / "a.jsonl", [*_corpus(6), "{bad"])
    out, db = tmp_path / "ds", tmp_path / "m.db"
    r = CliRunner().invoke(main, ["run", str(f), "--out", str(out), "--scheduler", "sync", "--partition-size", "4"])
    assert r.exit_code == 1, r.output  # one bad record
    assert "6 articles" in r.output and "1 bad records" in r.output
    r = CliRunner().invoke(main, ["load", str(out), "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "6 articles stored" in r.output
    r = CliRunner().invoke(main, ["load", str(tmp_path), "--db", str(tmp_path / "new.db")])
    assert r.exit_code == 2 and "not a Marsad dataset" in r.output
    assert not (tmp_path / "new.db").exists()  # nothing created for a bad dataset
    r = CliRunner().invoke(main, ["run", str(f), "--out", str(out), "--scheduler", "tcp://x:1", "--workers", "2"])
    assert r.exit_code == 2 and "not both" in r.output
    r = CliRunner().invoke(main, ["run", str(tmp_path / "nope.jsonl"), "--out", str(out), "--scheduler", "sync"])
    assert r.exit_code == 1 and "no such file" in r.output


def test_missing_dask_gives_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    f = _write_jsonl(tmp_path / "a.jsonl", _corpus(2))
    with pytest.raises(dist.DistributedError, match=r"pip install 'marsad\[dask\]'"):
        dist.run([f], tmp_path / "ds", scheduler="sync")
    r = CliRunner().invoke(main, ["run", str(f), "--out", str(tmp_path / "ds")])
    assert r.exit_code == 2 and "needs Dask" in r.output


def _html(n: int) -> str:
    a = _article(n)
    paras = "".join(f"<p>{s.strip()}.</p>" for s in a["text"].split(".") if s.strip())
    return (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{a["title"]}</title>'
            f'<meta property="article:published_time" content="{a["published"]}T10:00:00+03:00"></head>'
            f'<body><nav>الرئيسية | سياسة</nav><article><h1>{a["title"]}</h1>{paras}</article>'
            f'<footer>جميع الحقوق محفوظة</footer></body></html>')


def _warc(pages: list[tuple[str, str]]) -> bytes:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=True)
    for url, html in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(html.encode()), http_headers=http))
    return buf.getvalue()


def test_web_inputs_and_adding_to_a_store_match_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HTML folders and WARC files, loaded in two steps into one database (the second adds to
    it, with a near-duplicate of an article of the first), give what two ingests give."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for i in range(4):
        (pages / f"p{i}.html").write_text(_html(300 + i), encoding="utf-8")
    (pages / "empty.html").write_text("<html><body><nav>x</nav></body></html>", encoding="utf-8")
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(_warc([(f"https://example.org/w{i}", _html(400 + i)) for i in range(3)]))
    first = _write_jsonl(tmp_path / "first.jsonl", _corpus(8))
    dup = dict(_article(2), id="later-copy", text=_article(2)["text"].replace("اليوم", "أمس"))
    second = _write_jsonl(tmp_path / "second.jsonl", [dup, *[_article(50 + i) for i in range(4)]])
    monkeypatch.setattr("marsad.pipeline.Pipeline", EventPipeline)
    ing_db, run_db = tmp_path / "ingest.db", tmp_path / "run.db"
    totals = []
    for n, inputs in enumerate(([first, pages], [second, warc])):
        ing = ingest(inputs, ing_db, workers=1)
        st = dist.run(inputs, tmp_path / f"ds{n}", scheduler="sync", files_per_partition=3,
                      pipeline_factory=EventPipeline)
        ld = dist.load(tmp_path / f"ds{n}", run_db)
        assert st.errors == ing.errors
        assert (ld.stored, ld.duplicates) == (ing.stored, ing.duplicates)
        totals.append((ld.stored, ld.duplicates, st.errors))
    assert totals == [(12, 0, 1), (7, 1, 0)]  # the empty page is a bad record; the copy is linked
    a, b = _dump(ing_db), _dump(run_db)
    for key in a:
        assert a[key] == b[key], key
    assert [d["id"] for d in a["duplicates"]] == ["later-copy"]


def test_cli_run_starts_and_closes_a_local_cluster(tmp_path: Path) -> None:
    import psutil

    f = _write_jsonl(tmp_path / "a.jsonl", _corpus(9))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    r = CliRunner().invoke(main, ["run", str(f), "--out", str(tmp_path / "ds"), "--workers", "1",
                                  "--partition-size", "3", "-q"])
    assert r.exit_code == 0, r.output
    assert "3 partitions analysed" in r.output and "9 articles" in r.output and "on 1 worker process" in r.output
    assert len(dist.complete_partitions(tmp_path / "ds")) == 3
    time.sleep(0.5)
    left = [" ".join(p.cmdline()) for p in psutil.Process().children(recursive=True)
            if p.pid not in before and p.is_running()]
    # the workers are gone (multiprocessing's resource tracker lives as long as this process)
    assert [c for c in left if "resource_tracker" not in c] == []
