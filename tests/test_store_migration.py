"""Schema 2 (indexes for the API's filters, event_actors.plover/quad, event_counts): migrating a version-1
store, reading one read-only without migrating it, and the API's fast paths and caches giving
the same answers as the plain SQL."""

from __future__ import annotations

import dataclasses
import sqlite3
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from web_fixtures import analyses, build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from marsad.api import cache_key, create_app
from marsad.cli import main
from marsad.store import SCHEMA_VERSION, Store, StoreError
from marsad.web import queries as Q

V2_INDEXES = {"events_day_type_quad", "events_type_day_quad", "events_source_country", "events_target_country",
              "events_cameo", "events_id_day_type_quad"}


def _downgrade_to_v1(path: Path) -> None:
    """Make ``path`` what Marsad with schema 1 wrote: no v2 indexes, event_actors without
    plover/quad, schema_version 1."""
    con = sqlite3.connect(path)
    for name in V2_INDEXES:
        con.execute(f"DROP INDEX {name}")
    con.executescript("""
        CREATE TABLE ea1 (actor TEXT NOT NULL, date_start TEXT, event_id TEXT NOT NULL, role TEXT NOT NULL,
                          PRIMARY KEY (actor, date_start, event_id, role)) WITHOUT ROWID;
        INSERT INTO ea1 SELECT actor, date_start, event_id, role FROM event_actors;
        DROP TABLE event_actors;
        ALTER TABLE ea1 RENAME TO event_actors;
        CREATE INDEX event_actors_event ON event_actors(event_id);
        DROP TABLE IF EXISTS sqlite_stat1;
        DROP TABLE IF EXISTS event_counts;
        UPDATE meta SET value = '1' WHERE key = 'schema_version';
    """)
    con.commit()
    con.close()


def _indexes(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        con.close()


@pytest.fixture()
def v1_db(tmp_path: Path) -> Path:
    p = build_store(tmp_path / "v1.db")
    _downgrade_to_v1(p)
    return p


def test_a_new_store_has_schema_2(tmp_path: Path) -> None:
    p = build_store(tmp_path / "new.db")
    assert SCHEMA_VERSION == 2 and V2_INDEXES <= _indexes(p)
    with Store(p, readonly=True) as st:
        assert st.schema_version == 2 and not st.outdated
        # every actor row carries its event's type and quad class
        wrong = st.conn.execute(
            "SELECT count(*) FROM event_actors ea JOIN events e ON e.id = ea.event_id"
            " WHERE ea.plover IS NOT e.plover OR ea.quad IS NOT e.quad").fetchone()[0]
        assert wrong == 0 and st.conn.execute("SELECT count(*) FROM event_actors").fetchone()[0] > 0


FILTERS = [{}, {"actor": "IRQ", "type": "PROTEST,ASSAULT,REQUEST"}, {"actor": "IRQ"}, {"country": "IRQ"},
           {"country": "USA", "quad": "3,4"}, {"quad": "4"}, {"type": "ASSAULT", "since": "2018-03"},
           {"until": "2018-03-05"}, {"actor": "IRQ,USA"}, {"country": "IRQ", "cameo": "1"}]


def _answers(st: Store) -> list:
    out = []
    for fd in FILTERS:
        f = Q.EventFilter(**fd)
        out.append((Q.timeline(st, f, interval="week", by="quad"), Q.timeline(st, f, interval="day", by="type"),
                    Q.count_events(st, f), sorted(e["id"] for e in Q.events(st, f, limit=1000))))
    return out


def test_version_1_store_reads_read_only_and_migrates_when_opened_writable(v1_db: Path) -> None:
    assert not (V2_INDEXES & _indexes(v1_db))
    with Store(v1_db, readonly=True) as st:  # no migration, no traceback: it works as is
        assert st.outdated and st.schema_version == 1
        f = Q.EventFilter(actor="IRQ", type="PROTEST,ASSAULT,REQUEST")
        old_tl = Q.timeline(st, f, interval="week", by="quad")
        old_count = Q.count_events(st, f)
        old_page = [e["id"] for e in Q.events(st, f, limit=50)]
        old_cameo = {e["id"] for e in st.events(cameo="1")}
        old_answers = _answers(st)
        assert old_answers[0][2] > 0 and any(a[2] for a in old_answers[1:])
    assert not (V2_INDEXES & _indexes(v1_db))  # reading did not change the file
    with Store(v1_db) as st:
        assert st.migrated_from == 1 and st.schema_version == 2 and not st.outdated
        wrong = st.conn.execute(
            "SELECT count(*) FROM event_actors ea JOIN events e ON e.id = ea.event_id"
            " WHERE ea.plover IS NOT e.plover OR ea.quad IS NOT e.quad").fetchone()[0]
        assert wrong == 0
    assert V2_INDEXES <= _indexes(v1_db)
    with Store(v1_db, readonly=True) as st:  # the fast paths answer exactly as the plain SQL did
        f = Q.EventFilter(actor="IRQ", type="PROTEST,ASSAULT,REQUEST")
        assert Q.timeline(st, f, interval="week", by="quad") == old_tl
        assert Q.count_events(st, f) == old_count
        assert [e["id"] for e in Q.events(st, f, limit=50)] == old_page
        assert {e["id"] for e in st.events(cameo="1")} == old_cameo
        assert _answers(st) == old_answers  # the event_counts and event_actors paths too
    with Store(v1_db) as st:
        assert st.migrated_from is None  # nothing left to do


def test_counts_kept_by_writes_equal_the_migration_s(tmp_path: Path) -> None:
    written = build_store(tmp_path / "w.db")  # event_counts kept up by each write
    migrated = build_store(tmp_path / "m.db")
    _downgrade_to_v1(migrated)  # drops event_counts
    Store(migrated).close()  # the migration fills it again from the events

    def table(p: Path) -> list:
        con = sqlite3.connect(p)
        try:
            return con.execute("SELECT * FROM event_counts ORDER BY 1, 2, 3, 4").fetchall()
        finally:
            con.close()

    rows = table(written)
    assert rows == table(migrated) and any(r[0].startswith("a:") for r in rows) and any(
        r[0].startswith("c:") for r in rows)
    with Store(written, readonly=True) as st:
        n_events = st.conn.execute("SELECT count(*) FROM events").fetchone()[0]
    assert sum(r[4] for r in rows if r[0] == "") == n_events


def test_migrate_command_and_serving_an_old_store(v1_db: Path) -> None:
    app = create_app(v1_db)
    assert app.state.store_outdated
    with TestClient(app) as c:
        health = c.get("/api/health").json()
        assert health["schema_version"] == 1 and health["outdated_schema"] is True
        assert c.get("/api/timeline", params={"actor": "IRQ"}).status_code == 200
    r = CliRunner().invoke(main, ["migrate", "--db", str(v1_db)])
    assert r.exit_code == 0 and "migrated from version 1 to 2" in r.output
    r = CliRunner().invoke(main, ["migrate", "--db", str(v1_db)])
    assert r.exit_code == 0 and "already at schema version 2" in r.output
    r = CliRunner().invoke(main, ["migrate", "--db", str(v1_db.parent / "missing.db")])
    assert r.exit_code == 2 and "no such database" in r.output


def test_a_store_older_than_readable_gives_a_message(tmp_path: Path) -> None:
    p = tmp_path / "empty.db"
    sqlite3.connect(p).close()
    with pytest.raises(StoreError, match="empty database"):
        Store(p, readonly=True)


def test_cameo_prefix_is_a_literal_range(tmp_path: Path) -> None:
    p = build_store(tmp_path / "c.db")
    with Store(p, readonly=True) as st:
        rows = st.conn.execute("SELECT id, cameo FROM events").fetchall()
        for prefix in ("1", "14", "145", "0", "9", "%", "_1"):
            want = {i for i, c in rows if c and c.startswith(prefix)}
            assert {e["id"] for e in st.events(cameo=prefix)} == want, prefix


def test_timeline_buckets_weeks_from_monday(tmp_path: Path) -> None:
    p = build_store(tmp_path / "t.db")
    with Store(p, readonly=True) as st:
        days = dict(st.conn.execute("SELECT date_start, count(*) FROM events WHERE date_start IS NOT NULL"
                                    " GROUP BY 1").fetchall())
        tl = Q.timeline(st, Q.EventFilter(), interval="week", by="none")
    import datetime as dt

    want: dict[str, int] = {}
    for d, n in days.items():
        day = dt.date.fromisoformat(d)
        monday = (day - dt.timedelta(days=day.weekday())).isoformat()
        want[monday] = want.get(monday, 0) + n
    assert {b["bucket"]: b["total"] for b in tl["buckets"]} == want
    assert [b["bucket"] for b in tl["buckets"]] == sorted(want)


def test_cache_key_is_normalised() -> None:
    a = cache_key("/api/events", b"type=ASSAULT&since=&actor=IRQ")
    assert a == cache_key("/api/events", b"actor=IRQ&type=ASSAULT") == cache_key("/api/events", b"actor=IRQ&type=ASSAULT&q=")
    assert a != cache_key("/api/events", b"actor=IRQ&type=PROTEST")
    assert a != cache_key("/api/timeline", b"actor=IRQ&type=ASSAULT")


def test_response_cache_hits_and_stays_within_its_bytes(tmp_path: Path) -> None:
    db = build_store(tmp_path / "c.db")
    limit = 20_000
    app = create_app(db, cache_bytes=limit)
    with TestClient(app) as c:
        first = c.get("/api/events", params={"type": "PROTEST", "since": ""})
        again = c.get("/api/events", params={"type": "PROTEST"})
        assert first.headers["x-cache"] == "miss" and again.headers["x-cache"] == "hit"
        assert first.content == again.content
        assert again.headers["content-security-policy"]  # the security headers on cached answers too
        cache = _find_cache(app)
        for i in range(40):  # many different answers: the oldest are evicted, the total stays bounded
            assert c.get("/api/events", params={"limit": 1 + i}).status_code == 200
            assert cache.size <= limit
        assert cache.size == sum(cache._cost(k, e[2]) for k, e in cache.entries.items())
        # a long query string counts too: junk parameters cannot grow the cache past its bound
        for i in range(20):
            assert c.get("/api/health", params={"junk": str(i) * 1500}).status_code == 200
            assert cache.size <= limit
        big = c.get("/api/articles/" + analyses()[0].id)  # larger than 1/8 of the cache: not kept
        assert big.status_code == 200 and len(big.content) > limit // 8
        assert c.get("/api/articles/" + analyses()[0].id).headers["x-cache"] == "miss"
    with TestClient(create_app(db, cache_bytes=0)) as c:
        assert "x-cache" not in c.get("/api/events").headers


def _find_cache(app):  # noqa: ANN001, ANN202
    """The _ResponseCache instance in the app's middleware stack (built on first request)."""
    from marsad.api import _ResponseCache

    node = app.middleware_stack
    while node is not None:
        if isinstance(node, _ResponseCache):
            return node
        node = getattr(node, "app", None)
    raise AssertionError("no response cache in the middleware stack")


def test_count_cache_follows_database_changes(tmp_path: Path) -> None:
    db = build_store(tmp_path / "k.db")
    with TestClient(create_app(db, cache_bytes=0)) as c:
        n = c.get("/api/events", params={"type": "PROTEST"}).json()["total"]
        assert c.get("/api/events", params={"type": "PROTEST", "offset": 1}).json()["total"] == n
        with Store(db) as st:
            a = analyses()[0]
            st.write(dataclasses.replace(a, id="syn-protest-again"))
        assert c.get("/api/events", params={"type": "PROTEST", "offset": 1}).json()["total"] == n + 1
