"""The HTTP API: a synthetic store (always) and a store of real ANT articles (shared data)."""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import warnings
from pathlib import Path

import pytest

from web_fixtures import XSS_TEXT, build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from marsad.api import CSP, create_app
from marsad.store import Store, StoreError


@pytest.fixture(scope="module")
def syn_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "syn.db")


@pytest.fixture(scope="module")
def client(syn_db: Path) -> TestClient:
    with TestClient(create_app(syn_db, max_analyze_bytes=5000)) as c:
        yield c


def ids(page: dict) -> list[str]:
    return [e["id"] for e in page["items"]]


# ---------------------------------------------------------------------- synthetic store

def test_overview_counts(client: TestClient) -> None:
    ov = client.get("/api/overview").json()
    assert (ov["articles"], ov["events"], ov["located_events"]) == (3, 7, 5)
    assert {t["type"]: t["events"] for t in ov["types"]}["ASSAULT"] == 3
    assert ov["first_date"] == "2018-03-04" and ov["last_date"] == "2018-05-19"


def test_events_filters(client: TestClient) -> None:
    def get(**params: str) -> list[str]:
        r = client.get("/api/events", params={"limit": 100, **params})
        assert r.status_code == 200, r.text
        page = r.json()
        assert page["total"] == len(page["items"])
        return ids(page)

    assert len(get()) == 7
    assert get(type="assault") == ["syn-assault-2:0", "syn-assault-2:1", "syn-xss-3:0"]
    assert get(type="PROTEST,REQUEST") == ["syn-protest-1:0", "syn-protest-1:1"]
    assert get(actor="IRQGOV") == ["syn-protest-1:1", "syn-protest-1:2"]
    assert set(get(actor="IRN")) == {"syn-protest-1:2"}
    # IRQ is on both sides of the REQUEST event: listed and counted once
    assert get(actor="IRQ") == ["syn-protest-1:0", "syn-protest-1:1", "syn-protest-1:2", "syn-xss-3:0", "syn-xss-3:1"]
    assert get(actor="IRQ", order="desc") == get(actor="IRQ")[::-1]
    assert get(actor="IRQ", since="2018-05") == ["syn-xss-3:0", "syn-xss-3:1"]
    assert get(actor="IRQ", type="REQUEST") == ["syn-protest-1:1"]
    assert len(get(country="IRQ")) == 5
    assert get(sector="GOV") == ["syn-protest-1:1", "syn-protest-1:2", "syn-assault-2:1"]
    assert get(cameo="19") == ["syn-assault-2:0", "syn-assault-2:1", "syn-xss-3:0"]
    assert get(cameo="195") == ["syn-assault-2:0"]
    assert get(quad="1") == ["syn-protest-1:2"]
    assert len(get(quad="3,4")) == 6
    assert get(since="2018-04", until="2018-04-30") == ["syn-protest-1:2"]
    assert get(since="2018-05-19") == ["syn-xss-3:0", "syn-xss-3:1"]
    assert get(place="Damascus") == ["syn-assault-2:0", "syn-assault-2:1"]
    assert get(place="syr") == ["syn-assault-2:0", "syn-assault-2:1"]
    assert get(bbox="35,30,40,35") == ["syn-assault-2:0", "syn-assault-2:1"]
    assert get(bbox="-180,-90,180,90") == [i for i in get() if i not in ("syn-protest-1:2", "syn-xss-3:1")]
    assert get(negated="true") == ["syn-assault-2:1"]
    assert "syn-assault-2:1" not in get(negated="false")
    assert get(future="true") == ["syn-protest-1:2"]
    assert get(outlet="aljazeera") == ["syn-assault-2:0", "syn-assault-2:1"]
    assert get(q="بغداد") == ["syn-protest-1:0", "syn-protest-1:1", "syn-protest-1:2"]
    assert get(type="ASSAULT", country="SYR", negated="false") == ["syn-assault-2:0"]


def test_events_pagination_and_sorting(client: TestClient) -> None:
    all_ids = ids(client.get("/api/events", params={"limit": 100}).json())
    pages = [ids(client.get("/api/events", params={"limit": 3, "offset": o}).json()) for o in (0, 3, 6)]
    assert list(itertools.chain(*pages)) == all_ids
    page = client.get("/api/events", params={"limit": 3, "offset": 6}).json()
    assert (page["total"], page["limit"], page["offset"], len(page["items"])) == (7, 3, 6, 1)
    dates = [e["date_start"] for e in client.get("/api/events", params={"sort": "date", "order": "desc"}).json()["items"]]
    assert dates == sorted(dates, reverse=True)
    types = [e["plover"] for e in client.get("/api/events", params={"sort": "type"}).json()["items"]]
    assert types == sorted(types)


def test_events_bad_input_is_a_clear_400(client: TestClient) -> None:
    for params, word in [({"quad": "7"}, "quad"), ({"since": "2018-13"}, "since"), ({"until": "yesterday"}, "until"),
                         ({"since": "2018-05", "until": "2018-04"}, "after"), ({"bbox": "1,2,3"}, "bbox"),
                         ({"bbox": "a,b,c,d"}, "bbox"), ({"sort": "nope"}, "sort"), ({"actor": "IRQ;DROP"}, "actor")]:
        r = client.get("/api/events", params=params)
        assert r.status_code == 400, (params, r.text)
        assert word in r.json()["detail"]
    for path, params, word in [("/api/events", {"limit": "0"}, "limit"), ("/api/events", {"limit": "many"}, "limit"),
                               ("/api/events", {"format": "xml"}, "format"), ("/api/events", {"negated": "maybe"}, "negated"),
                               ("/api/timeline", {"interval": "year"}, "interval"), ("/api/network", {"limit": "5000"}, "limit"),
                               ("/api/articles", {"offset": "-1"}, "offset"), ("/api/actors", {"quad": "x"}, "quad")]:
        r = client.get(path, params=params)
        assert r.status_code == 400 and word in r.json()["detail"], (path, params, r.text)


def test_events_csv_and_plover(client: TestClient) -> None:
    r = client.get("/api/events", params={"format": "csv", "type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["id"] for row in rows] == ["syn-assault-2:0", "syn-assault-2:1", "syn-xss-3:0"]
    assert rows[1]["negated"] == "True" and r.headers["x-total-count"] == "3"
    r = client.get("/api/events", params={"format": "plover", "actor": "IRQGOV"})
    recs = [json.loads(line) for line in r.text.splitlines()]
    assert [rec["event"] for rec in recs] == [["REQUEST"], ["CONSULT"]]
    req = recs[0]
    assert req["recipient"][0]["actor_code"] == "IRQGOV"
    sent = req["marsad"]["sentence"]
    assert sent["index"] == 1 and sent["start"] <= req["marsad"]["trigger"]["start"] < sent["end"]


def test_csv_cells_cannot_start_formulas() -> None:
    from marsad.api import _csv_cell

    assert _csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _csv_cell("بغداد") == "بغداد" and _csv_cell(None) == ""


def test_actors_timeline_network(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 100}).json()
    by = {a["actor"]: a for a in actors["items"]}
    assert by["IRQGOV"]["as_source"] == 1 and by["IRQGOV"]["as_target"] == 1 and by["IRQGOV"]["events"] == 2
    assert by["IRN"]["as_target"] == 1 and actors["total"] == len(actors["items"])
    only_syr = client.get("/api/actors", params={"country": "SYR"}).json()
    assert {a["actor"] for a in only_syr["items"]} == {"SYR", "SYRGOV"}

    tl = client.get("/api/timeline", params={"interval": "month", "by": "quad"}).json()
    assert [(b["bucket"], b["total"]) for b in tl["buckets"]] == [("2018-03", 2), ("2018-04", 1), ("2018-05", 4)]
    assert tl["buckets"][2]["counts"] == {"3": 1, "4": 3}
    assert {s["key"]: s["label"] for s in tl["series"]}["4"] == "material conflict"
    week = client.get("/api/timeline", params={"interval": "week", "by": "type", "type": "ASSAULT"}).json()
    assert [(b["bucket"], b["counts"]) for b in week["buckets"]] == [("2018-05-07", {"ASSAULT": 2}),
                                                                     ("2018-05-14", {"ASSAULT": 1})]
    day = client.get("/api/timeline", params={"interval": "day", "by": "none"}).json()
    assert sum(b["total"] for b in day["buckets"]) == 7

    net = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e["events"] for e in net["edges"]}
    assert edges == {("IRQCVL", "IRQGOV"): 1, ("IRQGOV", "IRN"): 1}
    assert {n["id"]: (n["out"], n["in"]) for n in net["nodes"]}["IRQGOV"] == (1, 1)
    assert client.get("/api/network", params={"type": "CONSULT"}).json()["edges"][0]["types"] == ["CONSULT"]
    assert client.get("/api/network", params={"min_count": 2}).json()["edges"] == []


def test_articles_and_one_article(client: TestClient) -> None:
    page = client.get("/api/articles").json()
    assert page["total"] == 3
    assert [a["id"] for a in client.get("/api/articles", params={"q": "العراقية"}).json()["items"]] == ["syn-protest-1"]
    assert client.get("/api/articles", params={"outlet": "aljazeera"}).json()["total"] == 1
    assert client.get("/api/articles", params={"source": "aljazeera"}).json()["total"] == 1
    assert client.get("/api/articles", params={"since": "2018-05"}).json()["total"] == 2
    art = client.get("/api/articles/syn-protest-1").json()
    text = art["text"]
    an = art["analysis"]
    assert [text[e["start"]:e["end"]] for e in an["entities"]][:2] == ["بغداد", "الحكومة العراقية"]
    assert [d["value"] for d in an["dates"]] == ["2018-03-04", "2018-04"]
    assert an["places"][0]["lat"] == pytest.approx(33.34)
    for ev in art["events"]:
        assert text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger_text"]
        assert ev["sentence_start"] <= ev["trigger_start"] < ev["sentence_end"]
        assert ev["sentence_text"] == text[ev["sentence_start"]:ev["sentence_end"]]
    assert [ev["plover"] for ev in an["events"]] == ["PROTEST", "REQUEST", "CONSULT"]
    r = client.get("/api/articles/nope")
    assert r.status_code == 404 and "nope" in r.json()["detail"]


def test_hostile_text_is_returned_verbatim_as_json(client: TestClient) -> None:
    art = client.get("/api/articles/syn-xss-3").json()
    assert XSS_TEXT in art["text"] and art["url"].startswith("javascript:")
    r = client.get("/api/articles/syn-xss-3")
    assert r.headers["content-type"].startswith("application/json")


def test_security_headers_everywhere(client: TestClient) -> None:
    for path in ("/", "/api/overview", "/static/app.js", "/docs", "/api/articles/nope", "/openapi.json"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


def test_dashboard_and_docs_need_no_cdn(client: TestClient) -> None:
    html = client.get("/").text + client.get("/docs").text
    for path in ("/static/app.js", "/static/app.css", "/docs-assets/swagger-ui-bundle.js", "/docs-assets/swagger-ui.css",
                 "/static/docs-init.js", "/static/world.geojson"):
        assert client.get(path).status_code == 200, path
    assert "http://" not in html and "https://" not in html
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
    world = client.get("/static/world.geojson").json()
    assert len(world["features"]) > 150 and "Natural Earth" in world["attribution"]
    spec = client.get("/openapi.json").json()
    for p in ("/api/events", "/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/timeline",
              "/api/network", "/api/analyze"):
        assert p in spec["paths"], p
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"actor", "country", "sector", "type", "cameo", "quad", "since", "until", "place", "bbox", "negated",
            "future", "limit", "offset", "format"} <= names
    assert names - {"limit", "offset", "sort", "order", "format"} <= \
        {p["name"] for p in spec["paths"]["/api/timeline"]["get"]["parameters"]}


def test_analyze_and_its_size_limit(client: TestClient) -> None:
    r = client.post("/api/analyze", json={"text": "قال الرئيس العراقي إن بغداد سترسل وفدا إلى طهران.",
                                          "published": "2018-03-01"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["published"] == "2018-03-01" and out["sentences"] and "tokens" not in out or out["tokens"] == []
    assert client.post("/analyze", json={"text": "بغداد"}).json()["places"][0]["name_en"] == "Baghdad"
    assert client.post("/api/analyze", json={"text": "x" * 6000}).status_code == 413
    assert client.post("/analyze", json={"text": "x" * 6000}).status_code == 413
    r = client.post("/api/analyze", content=b"{" + b" " * 6000 + b"}", headers={"content-type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    assert client.post("/api/analyze", json={"text": ""}).status_code == 422
    assert client.post("/api/analyze", content=b"not json", headers={"content-type": "application/json"}).status_code == 422
    r = client.post("/api/analyze", json={"text": "نص", "published": "someday"})
    assert r.status_code == 400


def test_response_cache_follows_database_changes(tmp_path: Path) -> None:
    db = build_store(tmp_path / "c.db")
    with TestClient(create_app(db, cache_bytes=1_000_000)) as c:
        before = c.get("/api/events", params={"type": "PROTEST"}).json()["total"]
        assert c.get("/api/events", params={"type": "PROTEST"}).json()["total"] == before == 1
        with Store(db) as st:  # another process (an ingest) adds an article
            from web_fixtures import analyses
            import dataclasses

            a = analyses()[0]
            st.write(dataclasses.replace(a, id="syn-protest-copy"))
        assert c.get("/api/events", params={"type": "PROTEST"}).json()["total"] == 2


def test_store_is_opened_read_only(syn_db: Path, tmp_path: Path) -> None:
    app = create_app(syn_db)
    st = app.state.store_pool.get()
    with pytest.raises(Exception, match="readonly|read-only"):
        st.conn.execute("DELETE FROM events")
    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError):
        create_app(bad)


def test_serve_command_errors_and_help(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from marsad.cli import main

    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no such database" in res.output and "Traceback" not in res.output
    res = CliRunner().invoke(main, ["serve", "--help"])
    assert res.exit_code == 0 and "127.0.0.1" in res.output
    from marsad.commands.serve import serve

    assert {p.name: p.default for p in serve.params}["host"] == "127.0.0.1"


# ---------------------------------------------------------------------- real ANT articles

@pytest.fixture(scope="module")
def ant_db(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from marsad.ingest import read_bytes
    from marsad.pipeline import Pipeline

    path = tmp_path_factory.mktemp("ant") / "ant.db"
    pipe = Pipeline()
    items = []
    with gzip.open(shared_data / "news" / "ant_2018.jsonl.gz", "rb") as fh:
        for line in itertools.islice(fh, 0, None, 300):  # ~105 articles spread over every outlet and month
            for rec in read_bytes(line, "ant", "jsonl"):
                if rec.article is not None:
                    items.append((pipe.analyze(rec.article), rec.article, None))
    with Store(path) as st:
        st.write_many(items)
        st.cluster_events()
    return path


@pytest.fixture(scope="module")
def ant(ant_db: Path) -> TestClient:
    with TestClient(create_app(ant_db)) as c:
        yield c


def test_ant_events_agree_with_the_store(ant: TestClient, ant_db: Path) -> None:
    with Store(ant_db, readonly=True) as st:
        stored = st.events()
        n_articles = st.count_articles()
    ov = ant.get("/api/overview").json()
    assert ov["articles"] == n_articles >= 90 and ov["events"] == len(stored)
    page = ant.get("/api/events", params={"limit": 10000}).json()
    assert page["total"] == len(stored) and {e["id"] for e in page["items"]} == {e["id"] for e in stored}
    if stored:
        ev = stored[0]
        one = ant.get("/api/events", params={"article_id": ev["article_id"]}).json()
        assert ev["id"] in ids(one)
        t = ev["plover"]
        typed = ant.get("/api/events", params={"type": t, "limit": 10000}).json()
        assert typed["total"] == sum(1 for e in stored if e["plover"] == t)
        with Store(ant_db, readonly=True) as st:
            by_quad = dict(st.conn.execute("SELECT quad, count(*) FROM events GROUP BY quad").fetchall())
        for q in (1, 2, 3, 4):
            assert ant.get("/api/events", params={"quad": q}).json()["total"] == by_quad.get(q, 0)
        top = ant.get("/api/actors", params={"limit": 1}).json()["items"][0]["actor"]
        mine = ant.get("/api/events", params={"actor": top, "limit": 10000}).json()
        with Store(ant_db, readonly=True) as st:
            theirs = {e["id"] for e in st.events(actor=top)}
        assert mine["total"] == len(theirs) and set(ids(mine)) == theirs
        tl = ant.get("/api/timeline", params={"interval": "month", "by": "type"}).json()
        assert sum(b["total"] for b in tl["buckets"]) == sum(1 for e in stored if e["date_start"])


def test_ant_articles_search_and_reader(ant: TestClient, ant_db: Path) -> None:
    with Store(ant_db, readonly=True) as st:
        first = st.articles(limit=1)[0]
        hits = st.search("العراق", limit=1000)
    page = ant.get("/api/articles", params={"q": "العراق", "limit": 1000}).json()
    assert page["total"] == len(hits) and {a["id"] for a in page["items"]} == {h["id"] for h in hits}
    art = ant.get(f"/api/articles/{first['id']}").json()
    text = art["text"]
    an = art["analysis"]
    assert len(text) > 100 and an["sentences"]
    for kind in ("entities", "dates", "places"):
        for sp in an[kind]:
            assert text[sp["start"]:sp["end"]] == sp["text"], (kind, sp)
    for ev in art["events"]:
        assert text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger_text"]
    assert ant.get("/api/actors").status_code == 200 and ant.get("/api/network").status_code == 200


def test_filter_helpers() -> None:
    from marsad.web.queries import EventFilter, date_bounds, parse_bbox

    assert date_bounds("2018", "2018") == ("2018-01-01", "2018-12-31")
    assert date_bounds("2018-12", "2018-12") == ("2018-12-01", "2018-12-31")
    assert date_bounds(None, "2020-02") == (None, "2020-02-29")
    assert date_bounds(" 2018-02-03 ", None) == ("2018-02-03", None)
    for bad in (("2018-13", None), (None, "2018-02-30"), ("18", None), ("2018/01/01", None)):
        with pytest.raises(ValueError):
            date_bounds(*bad)
    assert parse_bbox("170,-20,-170,20") == (170.0, -20.0, -170.0, 20.0)
    with pytest.raises(ValueError, match="range"):
        parse_bbox("0,50,10,40")
    where, args = EventFilter(bbox="170,-20,-170,20").where()
    assert "e.lon >= ? OR e.lon <= ?" in where and args == [-20.0, 20.0, 170.0, -170.0]
    hint = {"REQUEST": frozenset({1, 3}), "AGREE": frozenset({1}), "ASSAULT": frozenset({4})}
    where, args = EventFilter(quad="1", quad_types=hint).where()
    assert where == " WHERE (e.plover IN (?) OR (e.plover IN (?) AND e.quad IN (?)))"
    assert args == ["AGREE", "REQUEST", 1]
    assert EventFilter(quad="2", quad_types=hint).where()[0] == " WHERE 0"
    where, args = EventFilter(place="50%_off").where()
    assert args[0] == "%50\\%\\_off%"


def test_app_from_environment_for_workers(syn_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.api import app_from_environment

    monkeypatch.setenv("MARSAD_SERVE_DB", str(syn_db))
    monkeypatch.setenv("MARSAD_SERVE_MAX_ANALYZE_BYTES", "1000")
    monkeypatch.setenv("MARSAD_SERVE_CACHE_SIZE", "0")
    with TestClient(app_from_environment()) as c:
        assert c.get("/api/events", params={"type": "ASSAULT"}).json()["total"] == 3
        assert c.post("/api/analyze", json={"text": "x" * 2000}).status_code == 413
