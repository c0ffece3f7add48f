#!/usr/bin/env python3
"""Where the API's time goes, without HTTP: the events and timeline handlers' work (filters,
SQL, rows, orjson) called in this process on requests drawn like ``bench/api_load.py``'s
(``--queries distinct``, no response cache), and SQLite's plan for each filter combination.

Prints the CPU per request, the share spent inside SQLite, the mean time per kind of filter
(the costliest first), and with ``--plans`` the ``EXPLAIN QUERY PLAN`` of the page, the total
(COUNT) and the timeline of each filter combination of the dashboard.

Usage:
    .venv/bin/python bench/api_queries.py --db ant.db [--requests 800] [--plans]
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import dataclasses
import pstats
import random
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_load  # noqa: E402  (bench/api_load.py: the same query generator)

from marsad.api import _json, _page, parse_filter  # noqa: E402
from marsad.store import Store  # noqa: E402
from marsad.web import queries as Q  # noqa: E402

PLAN_FILTERS = [
    {}, {"type": "PROTEST"}, {"quad": "4"}, {"quad": "1,3"}, {"country": "IRQ"}, {"country": "IRQ", "type": "ASSAULT"},
    {"actor": "USA"}, {"actor": "USA", "type": "ACCUSE"}, {"actor": "IRQ,IRN"}, {"cameo": "14"},
    {"cameo": "19", "since": "2018-02", "until": "2018-08"}, {"type": "ASSAULT", "since": "2018-05", "until": "2018-05"},
    {"since": "2018-03", "until": "2018-03"}, {"sector": "GOV"}, {"negated": True}, {"place": "بغداد"},
]


def handler(st: Store, quad_types: dict, kind: str, url: str) -> bytes:
    qp = dict(parse_qsl(urlsplit(url).query))
    f = parse_filter(qp)
    if f.quad:
        f = dataclasses.replace(f, quad_types=quad_types)
    if kind == "events":
        rows = Q.events(st, f, limit=int(qp.get("limit", 50)), offset=int(qp.get("offset", 0)),
                        sort=qp.get("sort", "date"), order=qp.get("order", "asc"))
        return _json(_page(Q.count_events(st, f), 50, 0, rows)).body
    return _json(Q.timeline(st, f, interval=qp.get("interval", "month"), by=qp.get("by", "quad"))).body


def plans(st: Store, quad_types: dict) -> None:
    captured: list[tuple[str, list]] = []
    original = Q._rows

    def spy(store: Store, sql: str, args: list) -> list:
        captured.append((sql, list(args)))
        return original(store, sql, args)

    Q._rows = spy
    original_execute = Q._execute

    def spy_execute(cur, sql, args):  # noqa: ANN001, ANN202
        captured.append((sql, list(args)))
        return original_execute(cur, sql, args)

    Q._execute = spy_execute
    try:
        for fd in PLAN_FILTERS:
            f = Q.EventFilter(**fd, quad_types=quad_types)
            print(f"\n{fd or 'no filter'}")
            for name, call in (("page", lambda: Q.events(st, f, limit=50)), ("total", lambda: Q.count_events(st, f)),
                               ("timeline", lambda: Q.timeline(st, f))):
                captured.clear()
                t0 = time.perf_counter()
                call()
                ms = (time.perf_counter() - t0) * 1000
                steps = []
                for sql, args in captured:
                    if sql.startswith("SELECT"):
                        steps += [r[3] for r in st.conn.execute("EXPLAIN QUERY PLAN " + sql, args)]
                print(f"  {name:<9} {ms:6.1f} ms  " + " | ".join(dict.fromkeys(steps)))
    finally:
        Q._rows = original
        Q._execute = original_execute


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--requests", type=int, default=800)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--plans", action="store_true", help="also print EXPLAIN QUERY PLAN per filter combination")
    args = ap.parse_args()
    if not args.db.exists():
        ap.error(f"{args.db}: no such database")
    st = Store(args.db, readonly=True)
    st.conn.execute("PRAGMA mmap_size = 4294967296")  # as marsad serve
    st.conn.execute("PRAGMA cache_size = -32768")
    qt = Q.quad_types(st)
    values = api_load.store_values(args.db)
    queries = api_load.Queries(values, "distinct", 10, args.seed)
    rnd = random.Random(args.seed)
    kinds = ("events", "timeline")
    urls = [(k, queries.next(rnd, k)) for _ in range(args.requests // 2) for k in kinds]
    for k, u in urls[:100]:  # warm the page cache
        handler(st, qt, k, u)
    prof = cProfile.Profile()
    cpu0 = time.process_time()
    prof.enable()
    for k, u in urls:
        handler(st, qt, k, u)
    prof.disable()
    cpu = time.process_time() - cpu0
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    in_sqlite = sum(v[2] for (_, _, name), v in stats.items()
                    if name in ("<method 'execute' of 'sqlite3.Cursor' objects>",
                                "<method 'fetchall' of 'sqlite3.Cursor' objects>",
                                "<method 'fetchone' of 'sqlite3.Cursor' objects>"))
    total = sum(v[2] for v in stats.values())
    print(f"store {args.db} (schema {st.schema_version}{', outdated: read as it is' if st.outdated else ''}): "
          f"{values.n_events:,} events; {len(urls)} requests, no response cache")
    print(f"CPU {1000 * cpu / len(urls):.2f} ms a request; inside SQLite (execute/fetch) "
          f"{100 * in_sqlite / max(total, 1e-9):.0f}% of the profiled time")
    agg: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
    for k, u in urls:
        qp = dict(parse_qsl(urlsplit(u).query))
        key = k + ": " + "+".join(sorted(x for x in qp if x in ("actor", "country", "type", "quad", "cameo", "since",
                                                                    "sort")))
        t0 = time.perf_counter()
        handler(st, qt, k, u)
        agg[key][0] += 1
        agg[key][1] += time.perf_counter() - t0
    spent = sum(v[1] for v in agg.values())
    print(f"\n{'kind of request':<32} {'n':>5} {'mean ms':>8} {'share':>6}")
    for key, (n, t) in sorted(agg.items(), key=lambda kv: -kv[1][1])[:15]:
        print(f"{key:<32} {n:>5} {1000 * t / n:>8.1f} {100 * t / spent:>5.1f}%")
    if args.plans:
        plans(st, qt)
    st.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
