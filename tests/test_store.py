"""The store: round trip, idempotence, Arabic search, queries, clusters, dedupe, exports, faults."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from marsad.dedupe import Deduper
from marsad.export import EVENT_COLUMNS, GDELT_COLUMNS, export, export_string
from marsad.model import (
    Actor, Analysis, Article, Entity, Event, Location, Participant, Place, Quote, Sentence, Span, TimeExpr,
)
from marsad.store import SCHEMA_VERSION, Store, StoreError, search_form

TEXT1 = ("طالب البرلمانُ العراقي يوم الخميس بانسحاب القوات الأمريكية من العراق. "
         "وقال رئيس الوزراء إن الحكومة ستدرس القرار في بغداد.")
TEXT2 = ("دعا مجلس النواب العراقي إلى انسحاب القوات الأجنبية من البلاد. "
         "وأكدت الحكومة العراقية أنها ستنظر في الطلب.")


def _span(text: str, word: str, start: int = 0) -> tuple[int, int]:
    i = text.index(word, start)
    return i, i + len(word)


def make_analysis(aid: str, text: str, published: str, source: str, plover: str = "REQUEST",
                  trigger: str = "طالب", date: str | None = None) -> Analysis:
    """A hand-made analysis with every kind of part (as the components will produce)."""
    s0_end = text.index(".") + 1
    sents = (Sentence(0, s0_end), Sentence(s0_end + 1, len(text)))
    ts, te = _span(text, trigger)
    src = "البرلمان" if "البرلمان" in text else "مجلس النواب"
    ss, se = _span(text, src)
    bs, be = _span(text, "بغداد") if "بغداد" in text else (None, None)
    irq_leg = Actor("IRQLEG", "IRQ", "LEG", "Iraqi Parliament")
    ev = Event(
        sentence=0, trigger=Span(ts, te, trigger), cameo="1056", plover=plover, quad=2, goldstein=-5.0,
        mode="withdraw", source=Participant(src, ss, se, "IRQ", "LEG", "IRQLEG", "Iraqi Parliament"),
        target=Participant(None, None, None, "USA", "MIL", "USAMIL", "US forces"),
        date=date or published, date_from="text" if date else "published",
        location=Location("Iraq", "IRQ", 33.0, 44.0), confidence=0.8,
    )
    w = "وقال" if "وقال" in text else "وأكدت"
    ev2 = Event(sentence=1, trigger=Span(*_span(text, w), w), cameo="010", plover="STATEMENT", negated=True)
    places = (Place("بغداد", bs, be, "Baghdad", "IRQ", 33.34, 44.4, 98182, "PPLC", "city"),) if bs is not None else ()
    return Analysis(
        id=aid, text=text, published=published, source=source, url=f"https://example.org/{aid}",
        title=None, sentences=sents,
        entities=(Entity(text[ss:se], ss, se, "ORG", irq_leg),),
        dates=(TimeExpr("يوم الخميس", *_span(text, "يوم الخميس"), "2018-03-01"),) if "يوم الخميس" in text else (),
        places=places,
        quotes=(Quote("الحكومة ستدرس القرار", *_span(text, "الحكومة ستدرس القرار"), "رئيس الوزراء"),)
        if "ستدرس" in text else (),
        events=(ev, ev2), warnings=("a warning",),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "t.db")
    s.write(make_analysis("a1", TEXT1, "2018-03-02", "alarabia"))
    s.write(make_analysis("a2", TEXT2, "2018-03-03", "bbc", trigger="دعا"))
    s.write(make_analysis("a3", TEXT2, "2018-05-20", "cnn", trigger="دعا"))
    yield s
    s.close()


def test_round_trip_and_idempotence(tmp_path: Path) -> None:
    a = make_analysis("a1", TEXT1, "2018-03-02", "alarabia")
    with Store(tmp_path / "r.db") as s:
        assert s.write(a) is True
        before = {t: s.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("articles", "sentences", "entities", "dates", "places", "quotes", "events",
                            "event_actors", "articles_fts")}
        assert s.write(a) is False  # same id again changes nothing
        assert s.write_many([a, a]) == 0
        after = {t: s.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
        assert before == after
        assert before["events"] == 2 and before["places"] == 1 and before["quotes"] == 1
        assert s.get_analysis("a1") == a  # the full analysis comes back (no tokens stored)
        assert s.get_analysis("nope") is None
        row = s.article("a1")
        assert row["n_events"] == 2 and row["warnings"] == ["a warning"] and row["text"] == TEXT1
    # The file is plain SQLite, readable by any tool, with span columns that quote the text.
    con = sqlite3.connect(tmp_path / "r.db")
    (tt, st, en), = con.execute(
        "SELECT e.trigger_text, e.trigger_start, e.trigger_end FROM events e WHERE plover='REQUEST'")
    assert TEXT1[st:en] == tt == "طالب"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


@pytest.mark.parametrize("query", [
    "انسحاب القوات",        # plain
    "إنسحاب القُوّات",       # hamza + diacritics
    "انسحاب قوات",          # without ال
    "والقوات",              # with a conjunction
    "بانسحاب",              # with a preposition
    "الأمريكيه",            # ta marbuta / hamza variant of الأمريكية
])
def test_search_matches_with_or_without_hamza_diacritics_al(store: Store, query: str) -> None:
    ids = {h["id"] for h in store.search(query)}
    assert "a1" in ids, query


def test_search_ranks_and_excludes(store: Store) -> None:
    assert [h["id"] for h in store.search("بغداد")] == ["a1"]
    assert store.search("طوكيو") == []
    assert store.search("   ") == []
    hits = store.search('"انسحاب القوات الأجنبية"')  # phrase
    assert {h["id"] for h in hits} == {"a2", "a3"}
    assert "انسحاب" in hits[0]["snippet"]


def test_search_form_is_consistent() -> None:
    assert search_form("وبالعراق") == search_form("العراق") == search_form("للعراق") == search_form("عراق")
    assert search_form("فلسطين") == search_form("وفلسطين") == search_form("والفلسطين")
    assert search_form("القُوّات") == search_form("القوات")


def test_event_queries(store: Store) -> None:
    assert len(store.events()) == 6
    req = store.events(actor="IRQ", type="request")
    assert [e["article_id"] for e in req] == ["a1", "a2", "a3"]
    assert [e["article_id"] for e in store.events(actor="USAMIL", since="2018-03-01", until="2018-03")] == ["a1", "a2"]
    assert store.events(actor="IRN") == []
    assert [e["article_id"] for e in store.events(source="cnn", type="REQUEST")] == ["a3"]
    assert len(store.events(type="STATEMENT")) == 3
    e = store.events(article_id="a1", type="REQUEST")[0]
    assert (e["source_code"], e["target_code"], e["location_country"], e["mode"]) == ("IRQLEG", "USAMIL", "IRQ", "withdraw")
    with pytest.raises(ValueError, match="not a date"):
        store.events(since="March")


def test_event_clusters_rule(store: Store) -> None:
    n = store.cluster_events(window_days=1)
    req = {c["date_start"]: c for c in store.clusters(type="REQUEST")}
    # a1 (03-02) and a2 (03-03): same type/actors/place within a day -> one cluster, two outlets
    assert req["2018-03-02"]["num_mentions"] == 2 and req["2018-03-02"]["num_sources"] == 2
    assert req["2018-05-20"]["num_mentions"] == 1  # months later: its own cluster
    assert store.clusters(type="STATEMENT") == []  # negated events are not clustered
    assert n == 2
    a1, a2 = store.events(type="REQUEST")[:2]
    assert a1["cluster_id"] == a2["cluster_id"] is not None
    assert store.cluster_events(window_days=1) == n  # rebuilding gives the same


def test_duplicates_and_dedupe(tmp_path: Path) -> None:
    base = " ".join(f"كلمة{i} خبر عن العراق والقوات الأمريكية" for i in range(40))
    copy = base.replace("كلمة3 ", "كلمة٣ ").replace("أ", "ا")  # spelling variants
    other = " ".join(f"موضوع{i} مختلف تماما عن الرياضة والفن" for i in range(40))
    d = Deduper(threshold=0.8)
    assert d.check("orig", base)[0] is None
    m, sig = d.check("copy", copy)
    assert m is not None and m.duplicate_of == "orig" and m.similarity >= 0.8 and sig
    assert d.check("other", other)[0] is None
    assert d.check("short", "نص قصير")[0] is None  # too short to call a duplicate
    # Signatures survive a round trip through the store.
    with Store(tmp_path / "d.db") as s:
        a = make_analysis("orig", TEXT1, "2018-03-02", "alarabia")
        s.write(a, minhash=d.to_bytes(d.signature(base)))
        assert s.add_duplicate(Article(text=copy, source="bbc", published="2018-03-02"), "orig", similarity=0.9)
        assert not s.add_duplicate(Article(text=copy, source="bbc"), "orig")  # idempotent
        d2 = Deduper()
        assert d2.load(s.signatures()) == 1
        assert d2.check("again", copy)[0].duplicate_of == "orig"
        dup = s.duplicates("orig")
        assert len(dup) == 1 and dup[0]["source"] == "bbc"
        s.cluster_events()
        c = s.clusters(type="REQUEST")[0]
        assert (c["num_mentions"], c["num_articles"], c["num_sources"]) == (2, 2, 2)
        assert s.get_analysis(dup[0]["id"]) is None
        assert {h["id"] for h in s.search("كلمة7")} == {dup[0]["id"]}  # duplicates stay searchable


def test_exports(store: Store, tmp_path: Path) -> None:
    store.cluster_events()
    n = export(store, tmp_path / "e.plover.jsonl", "plover", type="REQUEST")
    recs = [json.loads(x) for x in (tmp_path / "e.plover.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n == len(recs) == 3
    r = recs[0]
    for k in ("id", "date", "actor", "recipient", "event", "mode", "context", "event_text", "quad_code",
              "event_scale", "text_info", "cite_info"):
        assert k in r, k
    assert r["date"] == "2018-03-02" and r["event"] == ["REQUEST"] and r["actor"][0]["code"] == "IRQ"
    assert r["actor"][0]["sector"] == "LEG" and r["recipient"][0]["code"] == "USA"
    ev = r["marsad"]["trigger"]
    assert TEXT1[ev["start"]:ev["end"]] == ev["text"] == r["event_text"][0]
    assert r["text_info"]["start"] == 0 and r["cite_info"]["url"] == "https://example.org/a1"

    rows = list(csv.reader(io.StringIO(export_string(store, "gdelt", type="REQUEST"))))
    assert tuple(rows[0]) == GDELT_COLUMNS and len(rows) == 4
    g = dict(zip(rows[0], rows[1]))
    assert g["SQLDATE"] == "20180302" and g["EventCode"] == "1056" and g["EventRootCode"] == "10"
    assert g["Actor1CountryCode"] == "IRQ" and g["NumSources"] == "2" and g["QuadClass"] == "2"

    rows = list(csv.reader(io.StringIO(export_string(store, "csv"))))
    assert tuple(rows[0]) == EVENT_COLUMNS and len(rows) == 7

    import pyarrow.parquet as pq

    assert export(store, tmp_path / "e.parquet", "parquet", actor="USA") == 3
    t = pq.read_table(tmp_path / "e.parquet")
    assert t.num_rows == 3 and t.schema.field("trigger_start").type == "int64"
    assert t.column("negated").to_pylist() == [False] * 3
    with pytest.raises(ValueError):
        export(store, tmp_path / "x", "xml")


def test_stats(store: Store) -> None:
    st = store.stats()
    assert st["articles"] == 3 and st["events"] == 6
    assert st["articles_by_source"] == {"alarabia": 1, "bbc": 1, "cnn": 1}
    assert st["events_by_type"] == {"REQUEST": 3, "STATEMENT": 3}
    assert st["events_by_month"] == {"2018-03": 4, "2018-05": 2}


def test_not_a_marsad_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="not a Marsad database"):
        Store(other)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(junk)
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.db", readonly=True)


def test_locked_database_gives_clear_error_and_no_damage(tmp_path: Path) -> None:
    p = tmp_path / "l.db"
    with Store(p) as s:
        s.write(make_analysis("a1", TEXT1, "2018-03-02", "alarabia"))
    holder = sqlite3.connect(p, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        s2 = Store(p, timeout=0.2)
        with pytest.raises(StoreError, match="locked"):
            s2.write(make_analysis("a2", TEXT2, "2018-03-03", "bbc", trigger="دعا"))
        assert s2.count_articles() == 1  # reading still works (WAL)
        s2.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(p) as s3:
        assert s3.integrity_check() == "ok" and s3.article_ids() == {"a1"}


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "n.db"
    Store(p).close()
    con = sqlite3.connect(p)
    con.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(p)
