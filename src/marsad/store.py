"""The Marsad store: analysed articles and their events in one SQLite file.

One module owns the database. The file is plain SQLite (WAL mode) with tables and columns
named for what they hold, so any SQLite tool can read it (``sqlite3 marsad.db``).

Python API (stable)
-------------------

``Store(path, *, readonly=False, timeout=10.0)``
    Open (and create or migrate) a Marsad database. Raises :class:`StoreError` with a clear
    message when the file is not SQLite, is not a Marsad database, is newer than this
    version, or stays locked by another process for ``timeout`` seconds. Use as a context
    manager or call ``close()``. One ``Store`` per thread; any number of processes may read
    while one writes (WAL).

Writing (each call is one transaction unless inside ``with store.transaction():``)
    ``write(analysis, *, article=None, minhash=None, search_text=None) -> bool``
        Store one :class:`marsad.model.Analysis` (sentences, entities, dates, places, quotes,
        events with their spans, the full analysis JSON, the full-text index). ``article``
        (the :class:`~marsad.model.Article` it came from) adds category/author. Idempotent:
        an article id already stored changes nothing and returns False.
    ``write_many(items) -> int``
        Batched: ``items`` are ``Analysis`` objects or ``(analysis, article, minhash)``
        tuples, written in one transaction; returns how many were new.
    ``add_duplicate(article, duplicate_of, *, similarity=None) -> bool``
        Record a near-duplicate article (kept, searchable, linked to the article it
        duplicates, not analysed).
    ``cluster_events(window_days=1) -> int``
        Rebuild the event clusters (see *Event clusters* below); returns their number.
    ``transaction()``
        Context manager: everything inside commits together or not at all.

Reading
    ``has_article(id) -> bool``, ``article_ids() -> set[str]``, ``count_articles() -> int``
    ``article(id) -> dict | None``            the article row (text, source, url, ...)
    ``get_analysis(id) -> Analysis | None``   the full stored analysis (tokens not stored)
    ``articles(source=None, since=None, until=None, limit=100, offset=0) -> list[dict]``
    ``events(actor=None, type=None, cameo=None, source=None, since=None, until=None,
             article_id=None, cluster_id=None, limit=None, offset=0) -> list[dict]``
        ``actor`` matches the source or target actor code (``IRQGOV``) or country (``IRQ``);
        ``type`` is a PLOVER type (``REQUEST``); ``source`` is the outlet; dates are ISO
        (``since``/``until`` inclusive) on the event date (the date the text gives, else
        the publication date).
    ``iter_events(**same filters, export=False) -> Iterator[dict]``   one row at a time (large
        exports); ``export=True`` adds the article's ``ingested_at``, the sentence's
        ``sentence_start``/``sentence_end`` and the cluster's ``cluster_*`` counts (joined).
    ``search(query, limit=20, offset=0) -> list[dict]``
        Full-text search over titles and texts (see *Search* below), best first, each hit
        with a snippet of the original text.
    ``clusters(type=None, actor=None, since=None, until=None, limit=None) -> list[dict]``
    ``duplicates(article_id=None) -> list[dict]``
    ``stats() -> dict``   counts: totals, by source, by PLOVER type, by month.
    ``signatures() -> Iterator[(article_id, bytes)]``   stored MinHash signatures.

Helpers: ``search_form(text) -> str`` (the indexed form), ``article_search_text(analysis)``,
``fts_query(query) -> str``, ``event_filters(actors=, types=, cameos=, outlet=, since=, until=,
article_id=, cluster_id=) -> (conditions, args)`` (the SQL of the event filters, shared with the
API's queries), ``event_actor_filter(actors, since, until)`` (its actor condition over
``event_actors``).

Search
------
Titles and texts are indexed in an FTS5 table (``articles_fts``) in their *search form*:
:func:`marsad.text.normalize.normalize` (hamza forms → ا, ى → ي, ة → ه, diacritics and
tatweel removed, digits ASCII), then each word loses its proclitics (:func:`stem_word`):
leading و ف ب ل ك one by one while three letters remain, the article ال, then again those
letters (وبالعراق، للعراق، العراق، عراق → عراق). The query gets exactly the same treatment,
so ``القوات``, ``قوات``, ``والقوات``, ``القُوّات``, ``بانسحاب`` and ``إنسحاب``/``انسحاب`` match
the same articles. This light stemming favours recall: words that differ only by such
leading letters match each other (a phrase query narrows). Words in a query must all
occur (AND); a query in double quotes is a phrase.

Event clusters
--------------
Events (not negated ones) reported by several articles are grouped when they have the same
PLOVER type, the same source actor and target actor (code, else country, else none), the
same location (country, else none), and event dates within ``window_days`` (default 1) of
the earliest event of the cluster. Near-duplicate articles count as extra mentions of the
events of the article they duplicate. ``num_mentions`` = events in the cluster + the
duplicates of their articles; ``num_articles`` = distinct articles (duplicates included);
``num_sources`` = distinct outlets (like GDELT's NumMentions/NumArticles/NumSources).

Schema
------
``meta`` (key, value: ``application`` = marsad, ``schema_version``), ``articles``,
``sentences``, ``entities``, ``dates``, ``places``, ``quotes``, ``events``,
``event_actors`` (actor lookup index, with the event's type and quad class from schema 2),
``event_counts`` (events per day, type and quad class: all, per actor key, per country; kept
by every write, schema 2), ``event_clusters``, ``article_minhash``, ``articles_fts``. Migrations in ``MIGRATIONS`` are
applied in order when a file is opened writable (version 2 adds the indexes of the API's
filters and ``event_actors.plover/quad``); an older file opened read-only is read as it is
when its version is at least ``READABLE_FROM`` (``Store.outdated`` is then True and the
readers use the version-1 queries). ``Store.analyze()`` refreshes the query planner's
statistics (``marsad ingest`` runs it at the end).
"""

from __future__ import annotations

import contextlib
import hashlib
from functools import lru_cache
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from marsad.model import Analysis, Article
from marsad.text.normalize import normalize

APPLICATION = "marsad"
SCHEMA_VERSION = 2
#: the oldest schema this code can read without migrating it: the migrations after it only add
#: indexes and columns the readers can do without (see ``Store.outdated``), so a read-only open
#: of such a file works (slower queries) instead of failing.
READABLE_FROM = 1


class StoreError(Exception):
    """A database that cannot be used (not SQLite, not Marsad, locked, too new)."""


# --------------------------------------------------------------------------- search form

_WORD_RE = re.compile(r"\w+")
_PROCLITICS = "وفبلك"
_ORIG_WORD_RE = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]+")


@lru_cache(maxsize=500_000)
def stem_word(word: str) -> str:
    """Search form of one normalized word: leading و ف ب ل ك removed one by one while at
    least three letters remain, then the article ال (when two letters remain), then again
    the leading letters. Applied identically to texts and queries, so it is consistent:
    ``stem_word(c + w) == stem_word(w)`` for any of those letters c (وبالعراق, للعراق,
    العراق, عراق → عراق)."""
    if not word or not ("\u0600" <= word[0] <= "\u06ff"):
        return word.lower()
    w = word
    while len(w) > 3 and w[0] in _PROCLITICS:
        w = w[1:]
    if w.startswith("ال") and len(w) >= 4:
        w = w[2:]
        while len(w) > 3 and w[0] in _PROCLITICS:
            w = w[1:]
    return w


def search_form(text: str) -> str:
    """The form in which texts are indexed and queries are matched."""
    return " ".join(stem_word(w) for w in _WORD_RE.findall(normalize(text or "")))


def article_search_text(a: Analysis) -> tuple[str, str]:
    """(title, body) of an analysed article in search form, as indexed."""
    body = a.text[a.body_start:] if a.title and a.text.startswith(a.title.strip()) else a.text
    return search_form(a.title or ""), search_form(body)


def fts_query(query: str) -> str:
    """An FTS5 query (all words, or the phrase when ``query`` is in double quotes)."""
    q = query.strip()
    phrase = len(q) >= 2 and q[0] in "\"“«" and q[-1] in "\"”»"
    words = search_form(q).split()
    if not words:
        return ""
    if phrase:
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{w}"' for w in words)


def _snippet(text: str, query_words: set[str], width: int = 80) -> str:
    for m in _ORIG_WORD_RE.finditer(text):
        w = normalize(m.group())
        if stem_word(w) in query_words:
            a = max(0, m.start() - width // 2)
            b = min(len(text), m.end() + width // 2)
            s = " ".join(text[a:b].split())
            return ("…" if a > 0 else "") + s + ("…" if b < len(text) else "")
    s = " ".join(text[:width].split())
    return s + ("…" if len(text) > width else "")


# --------------------------------------------------------------------------- schema

_SCHEMA_V1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE articles (
    id            TEXT PRIMARY KEY,      -- the article's stable id
    source        TEXT,                  -- outlet
    url           TEXT,
    title         TEXT,
    published     TEXT,                  -- YYYY-MM-DD
    category      TEXT,
    author        TEXT,
    text          TEXT NOT NULL,         -- the analysed document (title + abstract + body)
    body_start    INTEGER NOT NULL DEFAULT 0,
    duplicate_of  TEXT,                  -- id of the article this one near-duplicates, else NULL
    similarity    REAL,                  -- estimated Jaccard similarity to duplicate_of
    n_sentences   INTEGER NOT NULL DEFAULT 0,
    n_entities    INTEGER NOT NULL DEFAULT 0,
    n_events      INTEGER NOT NULL DEFAULT 0,
    warnings      TEXT,                  -- JSON list
    analysis_json TEXT,                  -- Analysis.to_dict(tokens=False) without "text"; NULL for duplicates
    ingested_at   TEXT NOT NULL
);
CREATE INDEX articles_source_published ON articles(source, published);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of);

CREATE TABLE sentences (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE entities (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    text TEXT, start INTEGER, "end" INTEGER, type TEXT,
    actor_code TEXT, country TEXT, sector TEXT, name_en TEXT,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX entities_actor ON entities(actor_code);
CREATE INDEX entities_country ON entities(country);

CREATE TABLE dates (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    text TEXT, start INTEGER, "end" INTEGER, value TEXT,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE places (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    text TEXT, start INTEGER, "end" INTEGER, name_en TEXT, country TEXT,
    lat REAL, lon REAL, geonames_id INTEGER, feature_type TEXT, precision TEXT,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;
CREATE INDEX places_country ON places(country);

CREATE TABLE quotes (
    article_id TEXT NOT NULL, idx INTEGER NOT NULL,
    text TEXT, start INTEGER, "end" INTEGER,
    speaker TEXT, speaker_start INTEGER, speaker_end INTEGER, speaker_code TEXT,
    PRIMARY KEY (article_id, idx)
) WITHOUT ROWID;

CREATE TABLE events (
    id             TEXT PRIMARY KEY,     -- <article_id>:<index in the analysis>
    article_id     TEXT NOT NULL,
    idx            INTEGER NOT NULL,
    sentence       INTEGER,
    plover         TEXT NOT NULL,        -- PLOVER event type
    cameo          TEXT,                 -- CAMEO code
    quad           INTEGER,
    goldstein      REAL,
    mode           TEXT,
    event_date     TEXT,                 -- as coded: YYYY, YYYY-MM, YYYY-MM-DD or A/B
    date_start     TEXT,                 -- first day it covers (YYYY-MM-DD), for sorting/filtering
    date_from      TEXT,                 -- text | published
    source_code TEXT, source_country TEXT, source_sector TEXT, source_name TEXT,
    source_text TEXT, source_start INTEGER, source_end INTEGER,
    target_code TEXT, target_country TEXT, target_sector TEXT, target_name TEXT,
    target_text TEXT, target_start INTEGER, target_end INTEGER,
    trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,
    location_name TEXT, location_country TEXT, lat REAL, lon REAL,
    negated INTEGER NOT NULL DEFAULT 0,
    future INTEGER NOT NULL DEFAULT 0,
    confidence REAL,
    cluster_id INTEGER
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_type_date ON events(plover, date_start);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_cluster ON events(cluster_id);

-- One row per (event, actor key): the source/target code and country, for fast actor queries.
CREATE TABLE event_actors (
    actor TEXT NOT NULL, date_start TEXT, event_id TEXT NOT NULL, role TEXT NOT NULL,
    PRIMARY KEY (actor, date_start, event_id, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_event ON event_actors(event_id);

CREATE TABLE event_clusters (
    id INTEGER PRIMARY KEY,
    plover TEXT, date_start TEXT, date_end TEXT,
    source_actor TEXT, target_actor TEXT, location_country TEXT,
    first_event TEXT,                    -- the earliest event (id)
    num_mentions INTEGER, num_articles INTEGER, num_sources INTEGER
);
CREATE INDEX event_clusters_type_date ON event_clusters(plover, date_start);

CREATE TABLE article_minhash (article_id TEXT PRIMARY KEY, signature BLOB NOT NULL) WITHOUT ROWID;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    article_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 0'
);
"""

# Version 2: covering and compound indexes for the filters of the API and the dashboard
# (docs/api.md, "Performance"), and event_actors.plover/quad. A version-1 file opened
# read-only still works: the readers use the new columns only when ``Store.outdated`` is False.
_SCHEMA_V2 = """
-- timelines and date-ordered pages: day, then type and quad class (covering)
CREATE INDEX IF NOT EXISTS events_day_type_quad ON events(date_start, plover, quad);
-- type and quad-class filters (a quad filter is rewritten to the types that have it), covering
-- for timelines and counts
CREATE INDEX IF NOT EXISTS events_type_day_quad ON events(plover, date_start, quad);
-- country filters, alone or with types: source or target country (two indexes, one OR)
CREATE INDEX IF NOT EXISTS events_source_country ON events(source_country, plover, date_start, quad);
CREATE INDEX IF NOT EXISTS events_target_country ON events(target_country, plover, date_start, quad);
-- CAMEO code / root prefixes (queried as a range), covering for timelines and counts
CREATE INDEX IF NOT EXISTS events_cameo ON events(cameo, date_start, plover, quad);
-- actor filters that go through event_actors to event ids: date, type and quad without the row
CREATE INDEX IF NOT EXISTS events_id_day_type_quad ON events(id, date_start, plover, quad);
-- the event's type and quad class beside each actor key, so an actor's timeline, or its events
-- of some types, are read from the event_actors key alone
ALTER TABLE event_actors ADD COLUMN plover TEXT;
ALTER TABLE event_actors ADD COLUMN quad INTEGER;
UPDATE event_actors SET plover = (SELECT e.plover FROM events e WHERE e.id = event_actors.event_id),
                        quad = (SELECT e.quad FROM events e WHERE e.id = event_actors.event_id);
-- Event counts per day ('' for an event with no date), type and quad class (0: none), kept up
-- to date by every write (the store only adds events): for all events (key ''), for each actor
-- key as in event_actors ('a:' + code or country) and for each source or target country
-- ('c:' + country); an event counts once per key. Timelines and totals of such filters read
-- these instead of the events.
CREATE TABLE IF NOT EXISTS event_counts (
    key TEXT NOT NULL, date_start TEXT NOT NULL, plover TEXT NOT NULL, quad INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (key, date_start, plover, quad)
) WITHOUT ROWID;
INSERT INTO event_counts(key, date_start, plover, quad, n)
    SELECT '', coalesce(date_start, ''), plover, coalesce(quad, 0), count(*) FROM events GROUP BY 2, 3, 4;
INSERT INTO event_counts(key, date_start, plover, quad, n)
    SELECT 'a:' || actor, coalesce(date_start, ''), plover, coalesce(quad, 0), count(DISTINCT event_id)
    FROM event_actors WHERE plover IS NOT NULL GROUP BY 1, 2, 3, 4;
INSERT INTO event_counts(key, date_start, plover, quad, n)
    SELECT 'c:' || c, coalesce(date_start, ''), plover, coalesce(quad, 0), count(*) FROM (
        SELECT id, date_start, plover, quad, source_country AS c FROM events WHERE source_country IS NOT NULL
        UNION SELECT id, date_start, plover, quad, target_country FROM events WHERE target_country IS NOT NULL)
    WHERE c <> '' GROUP BY 1, 2, 3, 4;
"""

#: schema version -> SQL that brings a database from version-1 to version.
MIGRATIONS: dict[int, str] = {1: _SCHEMA_V1, 2: _SCHEMA_V2}


def _like_prefix(value: str) -> str:
    """A LIKE pattern matching values that start with ``value`` taken literally (% and _ in
    user input are not wildcards)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _prefix_end(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix`` (SQLite's
    BINARY collation compares UTF-8 bytes, i.e. code points)."""
    last = ord(prefix[-1])
    if last >= 0x10FFFF:
        return prefix + "\U0010ffff"  # pragma: no cover - not a code
    return prefix[:-1] + chr(last + 1)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _date_start(value: str | None) -> str | None:
    """First day of an ISO date value (YYYY, YYYY-MM, YYYY-MM-DD or A/B)."""
    if not value:
        return None
    v = value.split("/")[0].strip()
    if re.fullmatch(r"\d{4}", v):
        return v + "-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return v + "-01"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", v):
        return v[:10]
    return None


def _day(value: str | dt.date | None, name: str) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    v = str(value).strip()
    if re.fullmatch(r"\d{4}", v):
        return v + "-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        return v + "-01"
    try:
        return dt.date.fromisoformat(v[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{name}: not a date: {value!r} (expected YYYY-MM-DD)") from None


def _until_day(value: str | dt.date | None) -> str | None:
    """Inclusive upper bound: 2018-03 means up to the end of March."""
    if value is None or value == "":
        return None
    v = str(value).strip()
    if re.fullmatch(r"\d{4}", v):
        return v + "-12-31"
    if re.fullmatch(r"\d{4}-\d{2}", v):
        y, m = int(v[:4]), int(v[5:])
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    return _day(value, "until")


def event_actor_filter(actors: list[str], since: str | None = None,
                       until: str | None = None) -> tuple[str, list[Any]]:
    """SQL condition over ``event_actors`` (whose key is actor, then date) and its arguments:
    one of ``actors`` (codes or countries as stored), an event date within ``since``..``until``
    (inclusive ISO days, already parsed)."""
    sql = f"actor IN ({','.join('?' * len(actors))})"
    args: list[Any] = list(actors)
    if since:
        sql += " AND date_start >= ?"
        args.append(since)
    if until:
        sql += " AND date_start <= ?"
        args.append(until)
    return sql, args


def event_filters(*, actors: list[str] | None = None, types: list[str] | None = None,
                  cameos: list[str] | None = None, outlet: str | None = None, since: str | None = None,
                  until: str | None = None, article_id: str | None = None,
                  cluster_id: int | None = None, date_index: bool | None = None) -> tuple[list[str], list[Any]]:
    """The event filters of :meth:`Store.events` and of the API (:mod:`marsad.web.queries`):
    SQL conditions over ``events e JOIN articles a`` (to combine with AND) and their
    arguments. ``actors``: source or target actor codes or countries, as stored; ``types``:
    PLOVER types; ``cameos``: CAMEO code prefixes; ``outlet``: the article's source;
    ``since``/``until``: inclusive ISO days (already parsed) on the event date. ``date_index``
    False keeps SQLite from answering the date bounds with a date index (``+e.date_start``):
    in a news corpus most events fall in the period it covers, so a date range selects little
    and an index on the other filter is the better path (None: False when CAMEO codes are
    given, which SQLite otherwise gets wrong)."""
    where: list[str] = []
    args: list[Any] = []
    if actors:
        sub, sargs = event_actor_filter(actors, since, until)
        where.append(f"e.id IN (SELECT event_id FROM event_actors WHERE {sub})")
        args += sargs
    if types:
        where.append(f"e.plover IN ({','.join('?' * len(types))})")
        args += types
    if cameos:
        # the codes are prefixes taken literally, as a range (which the cameo index answers):
        # the strings that start with p are those in [p, p with its last character + 1)
        parts = []
        for c in cameos:
            if not c:
                continue
            parts.append("(e.cameo >= ? AND e.cameo < ?)")
            args += [c, _prefix_end(c)]
        if parts:
            where.append("(" + " OR ".join(parts) + ")")
    if outlet:
        where.append("a.source = ?")
        args.append(outlet)
    day = "e.date_start" if (date_index if date_index is not None else not cameos) else "+e.date_start"
    if since:
        where.append(f"{day} >= ?")
        args.append(since)
    if until:
        where.append(f"{day} <= ?")
        args.append(until)
    if article_id:
        where.append("e.article_id = ?")
        args.append(article_id)
    if cluster_id is not None:
        where.append("e.cluster_id = ?")
        args.append(int(cluster_id))
    return where, args


class Store:
    """A Marsad database (see the module documentation for the API)."""

    def __init__(self, path: str | Path, *, readonly: bool = False, timeout: float = 10.0):
        self.path = Path(path)
        self.readonly = readonly
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such database")
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a directory, not a database file")
        try:
            if readonly:
                uri = f"file:{self.path.resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None,
                                            check_same_thread=False)
            else:
                self.conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None,
                                            check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from None
        self.conn.row_factory = sqlite3.Row
        self._depth = 0
        self.file_schema_version = 0
        #: the schema version this open migrated the file from (None: no migration ran)
        self.migrated_from: int | None = None
        try:
            self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._check_and_migrate()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            msg = str(exc)
            if "locked" in msg or "busy" in msg:
                raise StoreError(f"{self.path}: database is locked by another process ({msg})") from None
            if "not a database" in msg or "malformed" in msg or "encrypted" in msg:
                raise StoreError(f"{self.path}: not an SQLite database ({msg})") from None
            raise StoreError(f"{self.path}: {msg}") from None
        except StoreError:
            self.conn.close()
            raise

    # ------------------------------------------------------------------ lifecycle

    def _check_and_migrate(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        version = 0
        if tables:
            if "meta" not in tables:
                raise StoreError(f"{self.path}: not a Marsad database (it has other tables: "
                                 f"{', '.join(sorted(tables)[:5])})")
            meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("application") != APPLICATION:
                raise StoreError(f"{self.path}: not a Marsad database (no 'application = marsad' in meta)")
            version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this Marsad "
                             f"({SCHEMA_VERSION}); upgrade Marsad")
        self.file_schema_version = version
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            if version >= READABLE_FROM:
                return  # readable as is; it lacks the newer indexes until opened writable
            if version == 0:
                raise StoreError(f"{self.path}: an empty database (no Marsad tables yet); "
                                 f"create it with: marsad ingest FILE --db {self.path}")
            raise StoreError(f"{self.path}: schema version {version} is too old to read; migrate it "
                             f"first: marsad migrate --db {self.path}")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for v in range(version + 1, SCHEMA_VERSION + 1):
                for stmt in _split_sql(MIGRATIONS[v]):
                    self.conn.execute(stmt)
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('application', ?)",
                                  (APPLICATION,))
                self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                                  (str(v),))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.migrated_from = version
        self.file_schema_version = SCHEMA_VERSION
        if version >= 1:  # an existing store got new indexes: give the query planner their statistics
            self.analyze()

    def analyze(self) -> None:
        """Refresh the statistics SQLite's query planner uses to choose between indexes
        (``ANALYZE`` on a sample of each index: well under a second on the whole ANT corpus).
        ``marsad ingest`` runs it at the end; it matters when filters could use several
        indexes (a country and a type)."""
        if self.readonly:
            return
        self.conn.execute("PRAGMA analysis_limit = 1000")
        self.conn.execute("ANALYZE")

    @property
    def outdated(self) -> bool:
        """True for a file of an older schema opened read-only (it works, without the newer
        indexes and ``event_actors.plover/quad``: queries can be slower). Opening it writable
        once migrates it."""
        return self.file_schema_version < SCHEMA_VERSION

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes: all commit together, or none (on an exception)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if self.conn.in_transaction:  # left open by a transaction interrupted at its start
            self.conn.execute("ROLLBACK")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: database is locked by another process ({exc})") from None
        self._depth = 1
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            # (a KeyboardInterrupt may come at any point, even between COMMIT and here)
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        finally:
            self._depth = 0

    # ------------------------------------------------------------------ writing

    def has_article(self, article_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone() is not None

    def article_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT id FROM articles")}

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def write(self, analysis: Analysis, *, article: Article | None = None, minhash: bytes | None = None,
              search_text: tuple[str, str] | None = None) -> bool:
        """Store one analysis; False (and nothing changed) when its id is already stored.
        ``search_text``: (title, body) already in search form (:func:`article_search_text`),
        to spare the writer the work when a worker process computed it."""
        with self.transaction():
            return self._write(analysis, article, minhash, search_text)

    def write_many(self, items: Iterable[Analysis | tuple[Analysis, Article | None, bytes | None]]) -> int:
        """Store many analyses in one transaction; returns how many were new."""
        n = 0
        with self.transaction():
            for item in items:
                if isinstance(item, Analysis):
                    n += self._write(item, None, None)
                else:
                    a, art, mh = item
                    n += self._write(a, art, mh)
        return n

    def _write(self, a: Analysis, article: Article | None, minhash: bytes | None,
               search_text: tuple[str, str] | None = None) -> bool:
        c = self.conn
        if self.has_article(a.id):
            return False
        d = a.to_dict(tokens=False)
        d.pop("text", None)
        c.execute(
            "INSERT INTO articles(id, source, url, title, published, category, author, text, body_start,"
            " n_sentences, n_entities, n_events, warnings, analysis_json, ingested_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.source, a.url, a.title, a.published, article.category if article else None,
             article.author if article else None, a.text, a.body_start, len(a.sentences),
             len(a.entities), len(a.events), json.dumps(list(a.warnings), ensure_ascii=False),
             json.dumps(d, ensure_ascii=False, separators=(",", ":")), _now()),
        )
        c.executemany('INSERT INTO sentences(article_id, idx, start, "end") VALUES (?,?,?,?)',
                      [(a.id, i, s.start, s.end) for i, s in enumerate(a.sentences)])
        c.executemany(
            'INSERT INTO entities(article_id, idx, text, start, "end", type, actor_code, country, sector, name_en)'
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(a.id, i, e.text, e.start, e.end, e.type, e.actor.code if e.actor else None,
              e.actor.country if e.actor else None, e.actor.sector if e.actor else None,
              e.actor.name_en if e.actor else None) for i, e in enumerate(a.entities)])
        c.executemany('INSERT INTO dates(article_id, idx, text, start, "end", value) VALUES (?,?,?,?,?,?)',
                      [(a.id, i, t.text, t.start, t.end, t.value) for i, t in enumerate(a.dates)])
        c.executemany(
            'INSERT INTO places(article_id, idx, text, start, "end", name_en, country, lat, lon, geonames_id,'
            " feature_type, precision) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [(a.id, i, p.text, p.start, p.end, p.name_en, p.country, p.lat, p.lon, p.geonames_id,
              p.feature_type, p.precision) for i, p in enumerate(a.places)])
        c.executemany(
            'INSERT INTO quotes(article_id, idx, text, start, "end", speaker, speaker_start, speaker_end,'
            " speaker_code) VALUES (?,?,?,?,?,?,?,?,?)",
            [(a.id, i, q.text, q.start, q.end, q.speaker, q.speaker_start, q.speaker_end,
              q.speaker_actor.code if q.speaker_actor else None) for i, q in enumerate(a.quotes)])
        ev_rows = []
        actor_rows = []
        counts: dict[tuple[str, str, str, int], int] = {}
        for i, e in enumerate(a.events):
            eid = f"{a.id}:{i}"
            event_date = e.date or a.published
            start = _date_start(event_date)
            s, t, loc = e.source, e.target, e.location
            ev_rows.append((
                eid, a.id, i, e.sentence, e.plover, e.cameo, e.quad, e.goldstein, e.mode, event_date, start,
                e.date_from if e.date else "published",
                s.code if s else None, s.country if s else None, s.sector if s else None,
                s.name_en if s else None, s.text if s else None, s.start if s else None, s.end if s else None,
                t.code if t else None, t.country if t else None, t.sector if t else None,
                t.name_en if t else None, t.text if t else None, t.start if t else None, t.end if t else None,
                e.trigger.text, e.trigger.start, e.trigger.end,
                loc.name_en if loc else None, loc.country if loc else None,
                loc.lat if loc else None, loc.lon if loc else None,
                int(e.negated), int(e.future), e.confidence,
            ))
            keys: set[str] = {""}
            for role, p in (("source", s), ("target", t)):
                if p is None:
                    continue
                for key in {p.code, p.country} - {None, ""}:
                    actor_rows.append((key, start, eid, role, e.plover, e.quad))
                    keys.add("a:" + key)
                if p.country:
                    keys.add("c:" + p.country)
            for key in keys:
                ck = (key, start or "", e.plover, e.quad or 0)
                counts[ck] = counts.get(ck, 0) + 1
        c.executemany(
            "INSERT INTO events(id, article_id, idx, sentence, plover, cameo, quad, goldstein, mode, event_date,"
            " date_start, date_from, source_code, source_country, source_sector, source_name, source_text,"
            " source_start, source_end, target_code, target_country, target_sector, target_name, target_text,"
            " target_start, target_end, trigger_text, trigger_start, trigger_end, location_name,"
            " location_country, lat, lon, negated, future, confidence)"
            " VALUES (" + ",".join("?" * 36) + ")", ev_rows)
        c.executemany("INSERT OR IGNORE INTO event_actors(actor, date_start, event_id, role, plover, quad)"
                      " VALUES (?,?,?,?,?,?)", actor_rows)
        c.executemany("INSERT INTO event_counts(key, date_start, plover, quad, n) VALUES (?,?,?,?,?)"
                      " ON CONFLICT(key, date_start, plover, quad) DO UPDATE SET n = n + excluded.n",
                      [(*k, n) for k, n in counts.items()])
        title_form, body_form = search_text or article_search_text(a)
        c.execute("INSERT INTO articles_fts(article_id, title, body) VALUES (?,?,?)", (a.id, title_form, body_form))
        if minhash is not None:
            c.execute("INSERT OR REPLACE INTO article_minhash(article_id, signature) VALUES (?,?)", (a.id, minhash))
        return True

    def add_duplicate(self, article: Article, duplicate_of: str, *, similarity: float | None = None) -> bool:
        """Record ``article`` as a near-duplicate of ``duplicate_of`` (not analysed)."""
        with self.transaction():
            aid = article.stable_id()
            if self.has_article(aid):
                return False
            try:
                pub = article.published_date()
            except ValueError:
                pub = None
            text, body_start = article.document()
            self.conn.execute(
                "INSERT INTO articles(id, source, url, title, published, category, author, text, body_start,"
                " duplicate_of, similarity, warnings, analysis_json, ingested_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)",
                (aid, article.source, article.url, article.title, pub.isoformat() if pub else None,
                 article.category, article.author, text, body_start, duplicate_of, similarity, "[]", _now()))
            self.conn.execute("INSERT INTO articles_fts(article_id, title, body) VALUES (?,?,?)",
                              (aid, search_form(article.title or ""), search_form(article.text)))
            return True

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        for r in self.conn.execute("SELECT article_id, signature FROM article_minhash"):
            yield r[0], bytes(r[1])

    # ------------------------------------------------------------------ reading

    def article(self, article_id: str) -> dict[str, Any] | None:
        r = self.conn.execute(
            "SELECT id, source, url, title, published, category, author, text, body_start, duplicate_of,"
            " similarity, n_sentences, n_entities, n_events, warnings, ingested_at FROM articles WHERE id=?",
            (article_id,)).fetchone()
        if r is None:
            return None
        d = dict(r)
        d["warnings"] = json.loads(d["warnings"] or "[]")
        return d

    def get_analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis (tokens are not stored); None when the id is unknown or the
        article is a near-duplicate that was not analysed (see ``article(id)['duplicate_of']``)."""
        r = self.conn.execute("SELECT text, analysis_json FROM articles WHERE id=?", (article_id,)).fetchone()
        if r is None or r["analysis_json"] is None:
            return None
        d = json.loads(r["analysis_json"])
        d["text"] = r["text"]
        return Analysis.from_dict(d)

    def articles(self, source: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        where, args = [], []
        if source:
            where.append("source = ?")
            args.append(source)
        if since:
            where.append("published >= ?")
            args.append(_day(since, "since"))
        if until:
            where.append("published <= ?")
            args.append(_until_day(until))
        sql = ("SELECT id, source, url, title, published, duplicate_of, n_events FROM articles"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY published, id LIMIT ? OFFSET ?")
        args += [-1 if limit is None else int(limit), int(offset)]
        return [dict(r) for r in self.conn.execute(sql, args)]

    _EVENT_COLS = (
        "e.id, e.article_id, e.idx, e.sentence, e.plover, e.cameo, e.quad, e.goldstein, e.mode, e.event_date,"
        " e.date_start, e.date_from, e.source_code, e.source_country, e.source_sector, e.source_name,"
        " e.source_text, e.source_start, e.source_end, e.target_code, e.target_country, e.target_sector,"
        " e.target_name, e.target_text, e.target_start, e.target_end, e.trigger_text, e.trigger_start,"
        " e.trigger_end, e.location_name, e.location_country, e.lat, e.lon, e.negated, e.future,"
        " e.confidence, e.cluster_id, a.source AS outlet, a.url, a.title, a.published"
    )

    _EXPORT_COLS = (
        ", a.ingested_at, s.start AS sentence_start, s.\"end\" AS sentence_end,"
        " c.id AS cluster_found, c.num_mentions AS cluster_mentions, c.num_articles AS cluster_articles,"
        " c.num_sources AS cluster_sources"
    )

    def events(self, actor: str | None = None, type: str | None = None, cameo: str | None = None,
               source: str | None = None, since: str | dt.date | None = None,
               until: str | dt.date | None = None, article_id: str | None = None,
               cluster_id: int | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Events matching all the filters given, by date then id."""
        sql, args = self._events_sql(actor, type, cameo, source, since, until, article_id, cluster_id, limit, offset)
        return list(self._event_rows(sql, args))

    def _events_sql(self, actor: str | None = None, type: str | None = None, cameo: str | None = None,
                    source: str | None = None, since: str | dt.date | None = None,
                    until: str | dt.date | None = None, article_id: str | None = None,
                    cluster_id: int | None = None, limit: int | None = None,
                    offset: int = 0, export: bool = False) -> tuple[str, list[Any]]:
        where, args = event_filters(actors=[actor.upper()] if actor else None,
                                    types=[type.upper()] if type else None, cameos=[cameo] if cameo else None,
                                    outlet=source, since=_day(since, "since"), until=_until_day(until),
                                    article_id=article_id, cluster_id=cluster_id)
        frm = "events e JOIN articles a ON a.id = e.article_id"
        cols = self._EVENT_COLS
        if export:  # what the exports add, joined row by row (nothing held in memory)
            cols += self._EXPORT_COLS
            frm += (" LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence"
                    " LEFT JOIN event_clusters c ON c.id = e.cluster_id")
        sql = (f"SELECT {cols} FROM {frm}"
               + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY e.date_start, e.article_id, e.idx LIMIT ? OFFSET ?")
        args += [-1 if limit is None else int(limit), int(offset)]
        return sql, args

    def iter_events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Like :meth:`events` (same filters) but one row at a time, for large exports.
        With ``export=True`` each row also has ``ingested_at`` (the article's), the
        ``sentence_start``/``sentence_end`` offsets of the event's sentence and the
        ``cluster_mentions``/``cluster_articles``/``cluster_sources`` counts of its cluster
        (``sentence_start`` is None without a stored sentence, ``cluster_found`` without a
        cluster). Do not write through this Store while iterating."""
        filters.setdefault("limit", None)
        sql, args = self._events_sql(**filters)
        yield from self._event_rows(sql, args, all_at_once=False)

    def _event_rows(self, sql: str, args: list[Any], all_at_once: bool = True) -> Iterator[dict[str, Any]]:
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples + zip: much faster than sqlite3.Row for many rows
        cur.execute(sql, args)
        cols = [c[0] for c in cur.description]
        ineg, ifut = cols.index("negated"), cols.index("future")
        rows = cur.fetchall() if all_at_once else cur
        for r in rows:
            d = dict(zip(cols, r, strict=True))
            d["negated"] = bool(r[ineg])
            d["future"] = bool(r[ifut])
            yield d

    def search(self, query: str, limit: int | None = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Articles matching ``query`` (see *Search*), best first."""
        q = fts_query(query)
        if not q:
            return []
        words = set(search_form(query.strip("\"“”«»")).split())
        try:
            rows = self.conn.execute(
                "SELECT f.article_id AS id, bm25(articles_fts) AS score, a.title, a.source, a.published, a.url,"
                " a.duplicate_of, a.n_events, a.text FROM articles_fts f JOIN articles a ON a.id = f.article_id"
                " WHERE articles_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?",
                (q, -1 if limit is None else int(limit), int(offset))).fetchall()
        except sqlite3.OperationalError as exc:
            raise ValueError(f"cannot search for {query!r}: {exc}") from None
        out = []
        for r in rows:
            d = dict(r)
            d["snippet"] = _snippet(d.pop("text"), words)
            d["score"] = -d["score"]
            out.append(d)
        return out

    def duplicates(self, article_id: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT id, duplicate_of, similarity, source, published, title FROM articles"
               " WHERE duplicate_of IS NOT NULL")
        args: list[Any] = []
        if article_id:
            sql += " AND (duplicate_of = ? OR id = ?)"
            args = [article_id, article_id]
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY duplicate_of, id", args)]

    def clusters(self, type: str | None = None, actor: str | None = None, since: str | None = None,
                 until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where, args = [], []
        if type:
            where.append("plover = ?")
            args.append(type.upper())
        if actor:
            where.append("(source_actor = ? OR target_actor = ? OR source_actor LIKE ? ESCAPE '\\' "
                         "OR target_actor LIKE ? ESCAPE '\\')")
            a = actor.upper()
            args += [a, a, _like_prefix(a), _like_prefix(a)]
        if since:
            where.append("date_start >= ?")
            args.append(_day(since, "since"))
        if until:
            where.append("date_start <= ?")
            args.append(_until_day(until))
        sql = ("SELECT * FROM event_clusters" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY num_mentions DESC, date_start, id LIMIT ?")
        return [dict(r) for r in self.conn.execute(sql, [*args, -1 if limit is None else int(limit)])]

    def stats(self) -> dict[str, Any]:
        c = self.conn

        def pairs(sql: str) -> dict[str, int]:
            return {(r[0] if r[0] is not None else "?"): r[1] for r in c.execute(sql)}

        return {
            "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0],
            "analysed": c.execute("SELECT count(*) FROM articles WHERE analysis_json IS NOT NULL").fetchone()[0],
            "duplicates": c.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "events": c.execute("SELECT count(*) FROM events").fetchone()[0],
            "entities": c.execute("SELECT count(*) FROM entities").fetchone()[0],
            "clusters": c.execute("SELECT count(*) FROM event_clusters").fetchone()[0],
            "articles_by_source": pairs("SELECT source, count(*) FROM articles GROUP BY source ORDER BY 2 DESC"),
            "articles_by_month": pairs("SELECT substr(published, 1, 7), count(*) FROM articles GROUP BY 1 ORDER BY 1"),
            "events_by_type": pairs("SELECT plover, count(*) FROM events GROUP BY plover ORDER BY 2 DESC"),
            "events_by_month": pairs("SELECT substr(date_start, 1, 7), count(*) FROM events GROUP BY 1 ORDER BY 1"),
            "events_by_source": pairs(
                "SELECT a.source, count(*) FROM events e JOIN articles a ON a.id = e.article_id"
                " GROUP BY a.source ORDER BY 2 DESC"),
        }

    # ------------------------------------------------------------------ clusters

    def cluster_events(self, window_days: int = 1) -> int:
        """Rebuild ``event_clusters`` and ``events.cluster_id`` (rule in the module doc)."""
        c = self.conn
        dup_rows = c.execute("SELECT duplicate_of, id, source FROM articles WHERE duplicate_of IS NOT NULL")
        dups: dict[str, list[tuple[str, str | None]]] = {}
        for orig, aid, src in dup_rows:
            dups.setdefault(orig, []).append((aid, src))
        rows = c.execute(
            "SELECT e.id, e.article_id, e.plover, e.date_start, coalesce(e.source_code, e.source_country, ''),"
            " coalesce(e.target_code, e.target_country, ''), coalesce(e.location_country, ''), a.source"
            " FROM events e JOIN articles a ON a.id = e.article_id"
            " WHERE e.negated = 0 AND e.date_start IS NOT NULL").fetchall()
        groups: dict[tuple[str, str, str, str], list[tuple[str, str, str, str | None]]] = {}
        for eid, aid, plover, day, src, tgt, loc, outlet in rows:
            groups.setdefault((plover, src, tgt, loc), []).append((day, eid, aid, outlet))
        clusters = []
        assign = []
        for key in sorted(groups):
            items = sorted(groups[key])
            cur: list[tuple[str, str, str, str | None]] = []
            first_day: dt.date | None = None
            for item in items:
                day = dt.date.fromisoformat(item[0])
                if cur and first_day is not None and (day - first_day).days > window_days:
                    clusters.append((key, cur))
                    cur = []
                if not cur:
                    first_day = day
                cur.append(item)
            if cur:
                clusters.append((key, cur))
        clusters.sort(key=lambda kc: (kc[1][0][0], kc[1][0][1]))
        cluster_rows = []
        for key, items in clusters:
            # A stable id (from the cluster's first event) so a rebuild rewrites only what changed.
            cid = int(hashlib.sha1(items[0][1].encode()).hexdigest()[:15], 16)
            articles = {aid: outlet for _, _, aid, outlet in items}
            mentions = len(items)
            for aid in list({aid for _, _, aid, _ in items}):
                for dup_id, dup_src in dups.get(aid, ()):
                    articles[dup_id] = dup_src
                    mentions += sum(1 for it in items if it[2] == aid)
            sources = {s for s in articles.values() if s}
            cluster_rows.append((cid, key[0], items[0][0], items[-1][0], key[1] or None, key[2] or None,
                                 key[3] or None, items[0][1], mentions, len(articles), len(sources)))
            assign.extend((cid, it[1]) for it in items)
        current = dict(c.execute("SELECT id, cluster_id FROM events").fetchall())
        clustered = {eid for _, eid in assign}
        changes = [(cid, eid) for cid, eid in assign if current.get(eid) != cid]
        changes += [(None, eid) for eid, cid in current.items() if cid is not None and eid not in clustered]
        with self.transaction():
            c.execute("DELETE FROM event_clusters")
            c.executemany("INSERT INTO event_clusters(id, plover, date_start, date_end, source_actor, target_actor,"
                          " location_country, first_event, num_mentions, num_articles, num_sources)"
                          " VALUES (?,?,?,?,?,?,?,?,?,?,?)", cluster_rows)
            c.executemany("UPDATE events SET cluster_id = ? WHERE id = ?", changes)
        return len(cluster_rows)

    def has_unclustered_events(self) -> bool:
        """Whether some event that :meth:`cluster_events` would place has no cluster yet (an
        ingest stopped before clustering)."""
        return self.conn.execute("SELECT 1 FROM events WHERE cluster_id IS NULL AND negated = 0"
                                 " AND date_start IS NOT NULL LIMIT 1").fetchone() is not None

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (comments removed; no semicolons inside statements)."""
    script = re.sub(r"--[^\n]*", "", script)
    return [part.strip() for part in script.split(";") if part.strip()]


def open_store(path: str | Path, **kw: Any) -> Store:
    """``Store(path, **kw)``."""
    return Store(path, **kw)


__all__ = ["Store", "StoreError", "SCHEMA_VERSION", "MIGRATIONS", "search_form", "fts_query", "stem_word",
           "article_search_text", "event_filters", "event_actor_filter",
           "open_store"]

