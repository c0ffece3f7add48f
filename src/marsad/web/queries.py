"""Read-only queries behind the API and the dashboard.

They read the documented Marsad schema (``marsad.store``) through a read-only
:class:`~marsad.store.Store` connection and share one filter set, :class:`EventFilter`,
so events, actors, the timeline and the network accept the same filters.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sqlite3
from typing import Any

import datetime as dt

from marsad.store import Store, event_actor_filter, event_filters, fts_query

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}

_CODE_RE = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")

SORT_COLUMNS = {
    "date": "e.date_start", "type": "e.plover", "cameo": "e.cameo", "quad": "e.quad",
    "source": "coalesce(e.source_code, e.source_country)", "target": "coalesce(e.target_code, e.target_country)",
    "outlet": "a.source", "place": "e.location_name", "confidence": "e.confidence", "goldstein": "e.goldstein",
}


_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def date_bounds(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """Inclusive day bounds from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ValueError otherwise)."""
    for name, v in (("since", since), ("until", until)):
        if v:
            v = v.strip()
            ok = bool(_DATE_RE.match(v))
            if ok:
                parts = [int(x) for x in v.split("-")]
                try:
                    dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
                except ValueError:
                    ok = False
            if not ok:
                raise ValueError(f"{name}: not a date: {v!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    lo = hi = None
    if since and since.strip():
        p = [int(x) for x in since.strip().split("-")]
        lo = dt.date(p[0], p[1] if len(p) > 1 else 1, p[2] if len(p) > 2 else 1).isoformat()
    if until and until.strip():
        p = [int(x) for x in until.strip().split("-")]
        if len(p) == 3:
            hi = dt.date(*p).isoformat()
        elif len(p) == 2:  # the last day of the month
            hi = (dt.date(p[0] + p[1] // 12, p[1] % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
        else:
            hi = f"{p[0]:04d}-12-31"
    if lo and hi and lo > hi:
        raise ValueError(f"since ({lo}) is after until ({hi})")
    return lo, hi


def _codes(value: str | None, name: str) -> list[str]:
    """A comma-separated list of codes (upper-cased), validated."""
    if not value:
        return []
    out = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        if not _CODE_RE.match(part):
            raise ValueError(f"{name}: not a code: {part!r}")
        out.append(part.upper())
    return out


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``min_lon,min_lat,max_lon,max_lat`` → a tuple, or a ValueError with a clear message."""
    if not value:
        return None
    parts = value.split(",")
    if len(parts) != 4:
        raise ValueError("bbox: expected min_lon,min_lat,max_lon,max_lat")
    try:
        w, s, e, n = (float(p) for p in parts)
    except ValueError:
        raise ValueError("bbox: expected four numbers: min_lon,min_lat,max_lon,max_lat") from None
    if not (-180 <= w <= 180 and -180 <= e <= 180 and -90 <= s <= n <= 90):
        raise ValueError("bbox: out of range (lon -180..180, lat -90..90, min_lat <= max_lat)")
    return w, s, e, n


def _quads(value: str | None) -> list[int]:
    """A comma-separated list of quad classes, validated."""
    if not value:
        return []
    try:
        quads = sorted({int(x) for x in value.split(",") if x.strip()})
    except ValueError:
        raise ValueError("quad: expected numbers 1-4 (comma-separated)") from None
    if any(x not in QUAD_NAMES for x in quads):
        raise ValueError("quad: expected numbers 1-4 (1 verbal coop., 2 material coop., "
                         "3 verbal conflict, 4 material conflict)")
    return quads


@dataclasses.dataclass(frozen=True)
class EventFilter:
    """The filters every event endpoint accepts (all optional, combined with AND)."""

    actor: str | None = None        # source or target actor code or country (IRQ, IRQGOV), comma list
    country: str | None = None      # source or target actor country (ISO alpha-3), comma list
    sector: str | None = None       # source or target actor sector (GOV, MIL, ...), comma list
    type: str | None = None         # PLOVER type(s), comma list
    cameo: str | None = None        # CAMEO code or prefix / root (e.g. 14), comma list
    quad: str | None = None         # quad class(es) 1-4, comma list
    since: str | None = None
    until: str | None = None
    place: str | None = None        # location name (substring) or location country code
    bbox: str | None = None         # min_lon,min_lat,max_lon,max_lat
    negated: bool | None = None
    future: bool | None = None
    outlet: str | None = None       # the article's source (outlet)
    article_id: str | None = None
    q: str | None = None            # full-text search on the article
    #: optional hint, not a filter: {PLOVER type: set of its quad classes in the store}, which
    #: lets a quad filter use the type index (see :func:`quad_types`)
    quad_types: dict[str, frozenset[int]] | None = dataclasses.field(default=None, compare=False, repr=False)

    def where(self) -> tuple[str, list[Any]]:
        """SQL (over ``events e JOIN articles a``) and its arguments."""
        lo, hi = date_bounds(self.since, self.until)
        actors = _codes(self.actor, "actor")
        by_actor = (("country", _codes(self.country, "country")), ("sector", _codes(self.sector, "sector")))
        types, cameos = _codes(self.type, "type"), _codes(self.cameo, "cameo")
        # a country or CAMEO index beats the date index (most events are in the corpus' period)
        date_index = None if not self.country else False
        where, args = event_filters(actors=actors, types=types, cameos=cameos, outlet=self.outlet, since=lo,
                                    until=hi, article_id=self.article_id, date_index=date_index)
        for col, vals in by_actor:
            if vals:
                marks = ",".join("?" * len(vals))
                where.append(f"(e.source_{col} IN ({marks}) OR e.target_{col} IN ({marks}))")
                args += vals + vals
        if self.quad:
            quads = _quads(self.quad)
            if quads and self.quad_types is not None:
                # exact rewrite: types whose events all have one of these quads need no row check
                qs = set(quads)
                pure = sorted(t for t, tq in self.quad_types.items() if tq <= qs)
                mixed = sorted(t for t, tq in self.quad_types.items() if tq & qs and not tq <= qs)
                parts = []
                if pure:
                    parts.append(f"e.plover IN ({','.join('?' * len(pure))})")
                    args += pure
                if mixed:
                    parts.append(f"(e.plover IN ({','.join('?' * len(mixed))}) AND e.quad IN "
                                 f"({','.join('?' * len(quads))}))")
                    args += mixed + quads
                where.append("(" + " OR ".join(parts) + ")" if parts else "0")
            elif quads:
                where.append(f"e.quad IN ({','.join('?' * len(quads))})")
                args += quads
        if self.place:
            p = self.place.strip()
            where.append("(e.location_name LIKE ? ESCAPE '\\' OR e.location_country = ?)")
            esc = p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            args += [f"%{esc}%", p.upper()]
        box = parse_bbox(self.bbox)
        if box:
            w, s, e, n = box
            where.append("e.lat BETWEEN ? AND ?")
            args += [s, n]
            if w <= e:
                where.append("e.lon BETWEEN ? AND ?")
                args += [w, e]
            else:  # crosses the antimeridian
                where.append("(e.lon >= ? OR e.lon <= ?)")
                args += [w, e]
        if self.negated is not None:
            where.append("e.negated = ?")
            args.append(int(self.negated))
        if self.future is not None:
            where.append("e.future = ?")
            args.append(int(self.future))
        if self.q and self.q.strip():
            fq = fts_query(self.q)
            if fq:
                where.append("e.article_id IN (SELECT article_id FROM articles_fts WHERE articles_fts MATCH ?)")
                args.append(fq)
        return (" WHERE " + " AND ".join(where)) if where else "", args


_FROM = " FROM events e JOIN articles a ON a.id = e.article_id"


def _execute(cur: sqlite3.Cursor, sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    try:
        cur.execute(sql, args)
        return cur.fetchall()
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc) or "MATCH" in str(exc):
            raise ValueError(f"q: cannot search for this text ({exc})") from None
        raise


def _rows(store: Store, sql: str, args: list[Any]) -> list[dict[str, Any]]:
    cur = store.conn.cursor()
    cur.row_factory = None  # plain tuples: much faster than dict(sqlite3.Row)
    rows = _execute(cur, sql, args)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in rows]


def events_fingerprint(store: Store) -> int:
    """Changes when events are added (the store only adds events): the largest rowid."""
    return int(store.conn.execute("SELECT coalesce(max(rowid), 0) FROM events").fetchone()[0])


def quad_types(store: Store) -> dict[str, frozenset[int]]:
    """{PLOVER type: the quad classes its events have} (one pass over the events)."""
    out: dict[str, set[int]] = {}
    for plover, quad in store.conn.execute("SELECT DISTINCT plover, quad FROM events"):
        out.setdefault(plover, set()).add(quad)
    return {k: frozenset(v) for k, v in out.items()}


def _from(where: str) -> str:
    """The FROM clause: the articles table is joined only when a filter needs it."""
    return _FROM if "a." in where else " FROM events e"


def _actor_only(f: EventFilter, store: Store | None = None) -> tuple[str, list[Any]] | None:
    """For a filter on actors (and dates; and types and quad classes when the store has
    ``event_actors.plover/quad``, schema 2): SQL over ``event_actors`` alone (its primary key,
    actor then date, covers it), which spares reading every matching event row."""
    actors = _codes(f.actor, "actor")
    if not actors:
        return None
    denormalised = store is not None and not store.outdated
    keep = ("type", "quad") if denormalised else ()
    other = dataclasses.replace(f, actor=None, since=None, until=None, **{k: None for k in keep})
    if other != EventFilter():
        return None
    lo, hi = date_bounds(f.since, f.until)
    sql, args = event_actor_filter(actors, lo, hi)
    more, more_args = _types_quads(f)
    return sql + more, args + more_args


def _types_quads(f: EventFilter) -> tuple[str, list[Any]]:
    """`` AND plover IN (…) AND quad IN (…)`` for the filter's types and quad classes, over a
    table that has both columns (``event_actors`` and ``event_counts`` in schema 2)."""
    sql, args = "", []
    types = _codes(f.type, "type")
    if types:
        sql += f" AND plover IN ({','.join('?' * len(types))})"
        args += types
    quads = _quads(f.quad)
    if quads:
        sql += f" AND quad IN ({','.join('?' * len(quads))})"
        args += quads
    return sql, args


def _from_counts(f: EventFilter, store: Store) -> tuple[str, list[Any]] | None:
    """For a filter on types, quad classes and dates, with at most one actor or one country:
    the condition over ``event_counts`` (schema 2) whose ``sum(n)`` answers it exactly."""
    if store.outdated:
        return None
    actors, countries = _codes(f.actor, "actor"), _codes(f.country, "country")
    if len(actors) + len(countries) > 1:
        return None
    other = dataclasses.replace(f, actor=None, country=None, type=None, quad=None, since=None, until=None)
    if other != EventFilter():
        return None
    key = ("a:" + actors[0]) if actors else ("c:" + countries[0]) if countries else ""
    sql, args = "key = ?", [key]
    lo, hi = date_bounds(f.since, f.until)
    if lo:
        sql += " AND date_start >= ?"
        args.append(lo)
    if hi:
        sql += " AND date_start <= ?" + ("" if lo else " AND date_start <> ''")  # '': no date
        args.append(hi)
    more, more_args = _types_quads(f)
    return sql + more, args + more_args


def count_events(store: Store, f: EventFilter) -> int:
    counted = _from_counts(f, store)
    if counted:  # the per-day counts kept by the store
        w, a = counted
        return int(_rows(store, f"SELECT coalesce(sum(n), 0) AS n FROM event_counts WHERE {w}", a)[0]["n"])
    fast = _actor_only(f, store)
    if fast:
        w, a = fast
        # GROUP BY in the key's order (an event with the actor on both sides has two rows)
        return int(_rows(store, f"SELECT count(*) AS n FROM (SELECT 1 FROM event_actors WHERE {w}"
                                " GROUP BY date_start, event_id)", a)[0]["n"])
    where, args = f.where()
    return int(_rows(store, "SELECT count(*) AS n" + _from(where) + where, args)[0]["n"])


def events(store: Store, f: EventFilter, *, limit: int = 50, offset: int = 0, sort: str = "date",
           order: str = "asc") -> list[dict[str, Any]]:
    """A page of events (with their article's outlet/url/title and their sentence's span). The
    page is chosen on the events table alone, then joined, so a small page stays cheap."""
    if sort not in SORT_COLUMNS:
        raise ValueError(f"sort: one of {', '.join(SORT_COLUMNS)}")
    direction = "DESC" if order == "desc" else "ASC"
    col = SORT_COLUMNS[sort]
    fast = _actor_only(f, store) if sort == "date" else None
    if fast:  # the page straight from the event_actors key (date, then event id)
        where, args = fast
        order_by = f" ORDER BY e.date_start {direction}, e.id {direction}"
        pick = (f"SELECT event_id AS pid FROM event_actors WHERE {where} GROUP BY date_start, event_id"
                f" ORDER BY date_start {direction}, event_id {direction} LIMIT ? OFFSET ?")
        join = "e.id = p.pid"
    else:  # date, then insertion order (the rowid: the article's events in order); the type+date
        # index then answers type filters without reading the rows
        where, args = f.where()
        order_by = f" ORDER BY {col} {direction}, e.rowid {direction}"
        frm = _FROM if ("a." in where or col.startswith("a.")) else " FROM events e"
        pick = "SELECT e.rowid AS pid" + frm + where + order_by + " LIMIT ? OFFSET ?"
        join = "e.rowid = p.pid"
    sql = (f"SELECT {Store._EVENT_COLS}, s.start AS sentence_start, s.\"end\" AS sentence_end,"
           " substr(a.text, s.start + 1, s.\"end\" - s.start) AS sentence_text"
           f" FROM ({pick}) p JOIN events e ON {join} JOIN articles a ON a.id = e.article_id"
           " LEFT JOIN sentences s ON s.article_id = e.article_id AND s.idx = e.sentence" + order_by)
    out = _rows(store, sql, [*args, int(limit), int(offset)])
    for d in out:
        d["negated"] = bool(d["negated"])
        d["future"] = bool(d["future"])
    return out


def actors(store: Store, f: EventFilter, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Actors (code, else country) with how often they are source and target."""
    where, args = f.where()
    inner = ("SELECT coalesce(e.{p}_code, e.{p}_country) AS actor, e.{p}_name AS name, e.{p}_country AS country,"
             " e.{p}_sector AS sector, {s} AS as_source, {t} AS as_target" + _from(where) + where
             + " AND coalesce(e.{p}_code, e.{p}_country) IS NOT NULL")
    if not where:
        inner = inner.replace(" AND coalesce", " WHERE coalesce")
    union = inner.format(p="source", s=1, t=0) + " UNION ALL " + inner.format(p="target", s=0, t=1)
    grouped = (f"SELECT actor, max(name) AS name, max(country) AS country, max(sector) AS sector,"
               f" sum(as_source) AS as_source, sum(as_target) AS as_target,"
               f" sum(as_source) + sum(as_target) AS events FROM ({union}) GROUP BY actor")
    total = int(_rows(store, f"SELECT count(*) AS n FROM ({grouped})", args + args)[0]["n"])
    rows = _rows(store, grouped + " ORDER BY events DESC, actor LIMIT ? OFFSET ?",
                 [*args, *args, int(limit), int(offset)])
    return total, rows


@functools.lru_cache(maxsize=100_000)
def _bucket(day: str, interval: str) -> str:
    """The bucket of an ISO day: itself, its week's Monday, or its month (YYYY-MM)."""
    if interval == "month":
        return day[:7]
    if interval == "week":
        try:
            d = dt.date.fromisoformat(day[:10])
        except ValueError:
            return day
        return (d - dt.timedelta(days=d.weekday())).isoformat()
    return day


def timeline(store: Store, f: EventFilter, *, interval: str = "month", by: str = "quad") -> dict[str, Any]:
    """Event counts per day / week (starting Monday) / month, split by PLOVER type or quad class.

    SQLite counts per (day, type, quad) in the order of the (date_start, plover, quad) index
    (no sort, no per-row date arithmetic); the days are put into weeks or months here, over a
    few thousand rows at most."""
    if interval not in ("day", "week", "month"):
        raise ValueError("interval: one of day, week, month")
    if by not in ("quad", "type", "none"):
        raise ValueError("by: one of quad, type, none")
    counted = _from_counts(f, store)
    fast = _actor_only(f, store) if not store.outdated and counted is None else None
    if counted:  # the per-day counts kept by the store
        w, args = counted
        sql = (f"SELECT date_start, plover, nullif(quad, 0), sum(n) FROM event_counts WHERE {w}"
               " AND date_start <> '' GROUP BY date_start, plover, quad")
    elif fast:  # from the event_actors key alone (an event with the actor on both sides counts once)
        w, args = fast
        sql = ("SELECT date_start, plover, quad, count(*) FROM (SELECT date_start, plover, quad FROM event_actors"
               f" WHERE {w} AND date_start IS NOT NULL GROUP BY date_start, event_id)"
               " GROUP BY date_start, plover, quad")
    else:
        where, args = f.where()
        cond = " AND e.date_start IS NOT NULL" if where else " WHERE e.date_start IS NOT NULL"
        sql = ("SELECT e.date_start AS d, e.plover AS t, e.quad AS q, count(*) AS n" + _from(where) + where + cond
               + " GROUP BY e.date_start, e.plover, e.quad")
    buckets: dict[str, dict[str, int]] = {}
    series: dict[str, int] = {}
    cur = store.conn.cursor()
    cur.row_factory = None
    for day, typ, quad, n in _execute(cur, sql, args):
        k = (("?" if quad is None else str(quad)) if by == "quad"
             else ("?" if typ is None else typ) if by == "type" else "all")
        counts = buckets.setdefault(_bucket(day, interval), {})
        counts[k] = counts.get(k, 0) + n
        series[k] = series.get(k, 0) + n
    return {
        "interval": interval, "by": by,
        "series": [{"key": k, "label": QUAD_NAMES.get(int(k), k) if by == "quad" and k.isdigit() else k,
                    "total": n} for k, n in sorted(series.items(), key=lambda kv: (-kv[1], kv[0]))],
        "buckets": [{"bucket": b, "total": sum(c.values()), "counts": dict(sorted(c.items()))}
                    for b, c in sorted(buckets.items())],
    }


def network(store: Store, f: EventFilter, *, limit: int = 100, min_count: int = 1) -> dict[str, Any]:
    """Source → target edges (actor code, else country) with counts, the strongest first."""
    where, args = f.where()
    cond = ("AND" if where else "WHERE") + (" coalesce(e.source_code, e.source_country) IS NOT NULL"
                                             " AND coalesce(e.target_code, e.target_country) IS NOT NULL")
    sql = ("SELECT coalesce(e.source_code, e.source_country) AS source, coalesce(e.target_code, e.target_country)"
           " AS target, count(*) AS events, max(e.source_name) AS source_name, max(e.target_name) AS target_name,"
           " max(e.source_country) AS source_country, max(e.target_country) AS target_country,"
           " group_concat(DISTINCT e.plover) AS types" + _from(where) + where + " " + cond
           + " GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC, source, target LIMIT ?")
    edges = _rows(store, sql, [*args, int(min_count), int(limit)])
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        e["types"] = sorted((e["types"] or "").split(",")) if e["types"] else []
        for role in ("source", "target"):
            n = nodes.setdefault(e[role], {"id": e[role], "name": e[f"{role}_name"],
                                           "country": e[f"{role}_country"], "out": 0, "in": 0})
            n["out" if role == "source" else "in"] += e["events"]
    for n in nodes.values():
        n["events"] = n["out"] + n["in"]
    return {"nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])), "edges": edges}


def articles(store: Store, *, q: str | None = None, outlet: str | None = None, since: str | None = None,
             until: str | None = None, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Articles by full-text query (best first) or by date, with source and date filters."""
    where, args = [], []
    if outlet:
        where.append("a.source = ?")
        args.append(outlet)
    lo, hi = date_bounds(since, until)
    if lo:
        where.append("a.published >= ?")
        args.append(lo)
    if hi:
        where.append("a.published <= ?")
        args.append(hi)
    cols = "a.id, a.source, a.url, a.title, a.published, a.duplicate_of, a.n_events, a.n_entities"
    fq = fts_query(q) if q and q.strip() else ""
    if fq:
        frm = " FROM articles_fts f JOIN articles a ON a.id = f.article_id"
        where.insert(0, "articles_fts MATCH ?")
        args.insert(0, fq)
        order = " ORDER BY bm25(articles_fts), a.id"
    else:
        frm = " FROM articles a"
        order = " ORDER BY a.published DESC, a.id"
    w = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(_rows(store, "SELECT count(*) AS n" + frm + w, args)[0]["n"])
    rows = _rows(store, f"SELECT {cols}, substr(a.text, a.body_start + 1, 240) AS lead" + frm + w + order
                 + " LIMIT ? OFFSET ?", [*args, int(limit), int(offset)])
    return total, rows


def overview(store: Store) -> dict[str, Any]:
    c = store.conn

    def one(sql: str) -> Any:
        return c.execute(sql).fetchone()[0]

    return {
        "articles": one("SELECT count(*) FROM articles"),
        "analysed": one("SELECT count(*) FROM articles WHERE analysis_json IS NOT NULL"),
        "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "events": one("SELECT count(*) FROM events"),
        "entities": one("SELECT count(*) FROM entities"),
        "places": one("SELECT count(*) FROM places"),
        "located_events": one("SELECT count(*) FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL"),
        "first_date": one("SELECT min(date_start) FROM events"),
        "first_published": one("SELECT min(published) FROM articles"),
        "last_published": one("SELECT max(published) FROM articles"),
        "last_date": one("SELECT max(date_start) FROM events"),
        "outlets": [r[0] for r in c.execute("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL"
                                            " ORDER BY 1")],
        "types": [{"type": r[0], "events": r[1]} for r in
                  c.execute("SELECT plover, count(*) FROM events GROUP BY plover ORDER BY 2 DESC, 1")],
        "quads": [{"quad": r[0], "label": QUAD_NAMES.get(r[0], "?"), "events": r[1]} for r in
                  c.execute("SELECT quad, count(*) FROM events GROUP BY quad ORDER BY 1")],
    }
