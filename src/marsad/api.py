"""Marsad's HTTP API and dashboard (FastAPI, served by ``marsad serve``).

``create_app(db_path, *, max_analyze_bytes=..., title=...)`` returns an ASGI application that
opens the store read-only (one SQLite connection per worker thread) and serves:

- ``/api/...``: JSON endpoints documented by the OpenAPI schema (``/openapi.json``) and the
  interactive docs page ``/docs`` (Swagger UI files shipped by the ``fastapi-offline`` package,
  no CDN);
- ``/``: the dashboard (overview, events, map, network, article reader), all assets shipped in
  ``marsad/web/static``.

Every response carries a strict Content-Security-Policy (scripts, styles, images and
connections from this server only); ``POST /api/analyze`` refuses bodies larger than
``max_analyze_bytes`` (413). There are no write endpoints.
"""


import contextlib
import dataclasses
import csv
import io
import json
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

import orjson
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from marsad.store import Store, StoreError
from marsad.web import queries as Q

STATIC = Path(__file__).parent / "web" / "static"
DEFAULT_MAX_ANALYZE_BYTES = 200_000
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
DEFAULT_THREADS: int | None = None
MAX_LIMIT = 10_000

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def _swagger_dir() -> Path | None:
    """Swagger UI's files as shipped by the ``fastapi-offline`` package (Swagger UI 5)."""
    try:
        import fastapi_offline
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    d = Path(fastapi_offline.__file__).parent / "static"
    return d if (d / "swagger-ui-bundle.js").is_file() else None


def _tune(st: Store) -> None:
    """Read connections share the file through a memory map (one copy in the OS page cache
    instead of a private page cache per thread) and get a larger cache of their own."""
    st.conn.execute("PRAGMA mmap_size = 4294967296")
    st.conn.execute("PRAGMA cache_size = -32768")


class _StorePool:
    """One read-only Store per thread (SQLite connections are not shared between threads)."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        with self._lock:
            first = Store(path, readonly=True)  # fail early, with the store's clear message
            _tune(first)
            self._local.store = first
            self._all.append(first)

    def get(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = Store(self.path, readonly=True)
            _tune(st)
            self._local.store = st
            with self._lock:
                self._all.append(st)
        return st

    def close(self) -> None:
        with self._lock:
            for st in self._all:
                st.close()
            self._all.clear()


class _Guard:
    """ASGI middleware: security headers on every response; a body-size limit on POSTs."""

    def __init__(self, app: Any, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names]
            await send(message)

        if scope["method"] in ("POST", "PUT", "PATCH"):
            declared = dict(scope.get("headers") or []).get(b"content-length")
            too_big = False
            if declared is not None:
                try:
                    too_big = int(declared) > self.max_body
                except ValueError:
                    too_big = True
            chunks: list[bytes] = []
            size = 0
            if not too_big:
                while True:
                    msg = await receive()
                    if msg["type"] == "http.disconnect":
                        return
                    body = msg.get("body", b"")
                    size += len(body)
                    if size > self.max_body:
                        too_big = True
                        break
                    chunks.append(body)
                    if not msg.get("more_body"):
                        break
            if too_big:
                resp = JSONResponse({"detail": f"request body too large (limit {self.max_body:,} bytes)"},
                                    status_code=413)
                await resp(scope, receive, send_with_headers)
                return
            data = b"".join(chunks)
            done = False

            async def replay() -> dict:
                nonlocal done
                if not done:
                    done = True
                    return {"type": "http.request", "body": data, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


class _ChangeWatch:
    """Tells when the database changes: SQLite's ``PRAGMA data_version`` on one dedicated
    read-only connection (it changes when another connection, e.g. an ingest, commits), plus
    the file's identity and size (a file replaced under the same name). Per app, thread-safe."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        self._store: Store | None = Store(path, readonly=True)

    def token(self) -> tuple[int, ...]:
        with self._lock:
            if self._store is None:  # closed by a previous lifespan: reopen
                self._store = Store(self.path, readonly=True)
            version = self._store.conn.execute("PRAGMA data_version").fetchone()[0]
        try:
            st = os.stat(self.path)
            ident: tuple[int, ...] = (st.st_ino, st.st_dev)
        except OSError:
            ident = (0, 0)
        return (version, *ident)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


def cache_key(path: str, query_string: bytes) -> bytes:
    """The normalised form of a request: the path and its query parameters sorted, empty ones
    dropped (``?type=ASSAULT&since=`` and ``?since=&type=ASSAULT`` are one entry)."""
    pairs = sorted((k, v) for k, v in parse_qsl(query_string.decode("latin-1"), keep_blank_values=False))
    return (path + "?" + urlencode(pairs)).encode()


class _ResponseCache:
    """ASGI middleware: successful GET /api/ responses kept in an LRU cache bounded in bytes,
    keyed by the normalised request (:func:`cache_key`), valid while the database is unchanged
    (:class:`_ChangeWatch`). One per app (each ``--workers`` process has its own). Responses
    carry ``X-Cache: hit`` or ``miss``."""

    def __init__(self, app: Any, watch: _ChangeWatch | None, max_bytes: int):
        self.app = app
        self.watch = watch
        self.max_bytes = max_bytes
        self.max_entry = max(1, max_bytes // 8)  # no single answer takes more than 1/8 of it
        self.size = 0
        self.entries: OrderedDict[bytes, tuple[tuple[int, ...], list[Any], bytes]] = OrderedDict()
        self.lock = threading.Lock()
        self.hits = self.misses = 0

    @staticmethod
    def _cost(key: bytes, body: bytes) -> int:
        """Bytes an entry counts for: its answer, its key (a long query string is not free) and
        a little for the headers and the bookkeeping."""
        return len(body) + len(key) + 256

    def _evict(self) -> None:
        while self.size > self.max_bytes and self.entries:
            key, (_, _, body) = self.entries.popitem(last=False)
            self.size -= self._cost(key, body)

    async def __call__(self, scope: dict, receive: Callable[[], Awaitable[dict]], send: Callable) -> None:
        if (scope["type"] != "http" or scope["method"] != "GET" or not self.max_bytes or self.watch is None
                or not scope["path"].startswith("/api/")):
            await self.app(scope, receive, send)
            return
        key = cache_key(scope["path"], scope.get("query_string", b""))
        token = self.watch.token()
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None and hit[0] == token:
                self.entries.move_to_end(key)
                self.hits += 1
            else:
                if hit is not None:  # stale: the database changed
                    del self.entries[key]
                    self.size -= self._cost(key, hit[2])
                hit = None
                self.misses += 1
        if hit is not None:
            await send({"type": "http.response.start", "status": 200, "headers": [*hit[1], (b"x-cache", b"hit")]})
            await send({"type": "http.response.body", "body": hit[2]})
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []
        size = 0

        async def capture(message: dict) -> None:
            nonlocal size
            if message["type"] == "http.response.start":
                start.update(message)
                message = {**message, "headers": [*message.get("headers", []), (b"x-cache", b"miss")]}
            elif message["type"] == "http.response.body" and size <= self.max_entry:
                body = message.get("body", b"")
                size += len(body)
                chunks.append(body)
            await send(message)

        await self.app(scope, receive, capture)
        if start.get("status") == 200 and self._cost(key, b"") + size <= self.max_entry:
            body = b"".join(chunks)
            with self.lock:
                old = self.entries.pop(key, None)
                if old is not None:
                    self.size -= self._cost(key, old[2])
                self.entries[key] = (token, list(start.get("headers", [])), body)
                self.size += self._cost(key, body)
                self._evict()


class _CountCache:
    """Totals of event filters (the COUNT behind each page's ``total``), so paging through
    one filter counts once; bounded LRU, valid while the database is unchanged."""

    def __init__(self, size: int = 4096):
        self.size = size
        self.entries: OrderedDict[Any, int] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], int]) -> int:
        if not self.size:
            return compute()
        with self.lock:
            n = self.entries.get(key)
            if n is not None:
                self.entries.move_to_end(key)
                return n
        n = compute()
        with self.lock:
            self.entries[key] = n
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return n


class AnalyzeRequest(BaseModel):
    """Text to analyse."""

    text: str = Field(..., min_length=1, description="Arabic text (the body of an article).")
    title: str | None = Field(None, description="Optional headline.")
    published: str | None = Field(None, description="Publication date (YYYY-MM-DD), used to resolve relative dates.")
    tokens: bool = Field(False, description="Include tokens in the output.")


def _page(total: int, limit: int, offset: int, items: list[Any]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# The filters shared by /api/events, /api/actors, /api/timeline and /api/network: parsed by
# hand from the query string (FastAPI's per-parameter validation costs ~2 ms a request) and
# described in the OpenAPI schema from the same table.
FILTER_PARAMS: list[tuple[str, str, str]] = [
    ("actor", "string", "Source or target actor code or country, e.g. IRQ or IRQGOV (comma-separated for several)."),
    ("country", "string", "Source or target actor country (ISO alpha-3), e.g. IRQ."),
    ("sector", "string", "Source or target actor sector, e.g. GOV, MIL."),
    ("type", "string", "PLOVER event type(s), e.g. PROTEST,ASSAULT."),
    ("cameo", "string", "CAMEO code or root prefix, e.g. 14 or 0311."),
    ("quad", "string", "Quad class(es): 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict."),
    ("since", "string", "From this event date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
    ("until", "string", "Up to this event date, inclusive."),
    ("place", "string", "Location name (substring) or location country code."),
    ("bbox", "string", "Bounding box min_lon,min_lat,max_lon,max_lat (only located events)."),
    ("negated", "boolean", "Only negated (true) or only affirmed (false) events."),
    ("future", "boolean", "Only future/planned (true) or only past (false) events."),
    ("outlet", "string", "The news outlet (article source)."),
    ("article_id", "string", "Only events of this article."),
    ("q", "string", "Full-text search on the articles (Arabic-aware)."),
]
_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def _param(name: str, typ: str, desc: str, default: Any = None, enum: list[str] | None = None,
           minimum: int | None = None, maximum: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": typ}
    for k, v in (("default", default), ("enum", enum), ("minimum", minimum), ("maximum", maximum)):
        if v is not None:
            schema[k] = v
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}


def _params(*extra: dict[str, Any], filters: bool = True) -> dict[str, Any]:
    out = [_param(n, t, d) for n, t, d in FILTER_PARAMS] if filters else []
    return {"parameters": out + list(extra)}


PAGE_PARAMS = (_param("limit", "integer", "Page size.", 50, minimum=1, maximum=MAX_LIMIT),
               _param("offset", "integer", "Items to skip (pagination).", 0, minimum=0))


def parse_filter(qp: Any) -> Q.EventFilter:
    kw: dict[str, Any] = {}
    for name, typ, _ in FILTER_PARAMS:
        v = qp.get(name)
        if v is None or v == "":
            continue
        if typ == "boolean":
            if v.lower() not in _BOOLS:
                raise ValueError(f"{name}: expected true or false, not {v!r}")
            kw[name] = _BOOLS[v.lower()]
        else:
            kw[name] = v
    return Q.EventFilter(**kw)


def int_param(qp: Any, name: str, default: int, lo: int, hi: int | None = None) -> int:
    v = qp.get(name)
    if v is None or v == "":
        return default
    try:
        n = int(v)
    except ValueError:
        raise ValueError(f"{name}: expected a whole number, not {v!r}") from None
    if n < lo or (hi is not None and n > hi):
        raise ValueError(f"{name}: must be between {lo} and {hi}" if hi is not None else f"{name}: must be >= {lo}")
    return n


def choice_param(qp: Any, name: str, default: str, choices: tuple[str, ...]) -> str:
    v = qp.get(name) or default
    if v not in choices:
        raise ValueError(f"{name}: one of {', '.join(choices)} (not {v!r})")
    return v


def create_app(db_path: str | Path, *, max_analyze_bytes: int = DEFAULT_MAX_ANALYZE_BYTES,
               cache_bytes: int = DEFAULT_CACHE_BYTES, threads: int | None = DEFAULT_THREADS,
               title: str = "Marsad") -> Any:
    """The ASGI application for the database at ``db_path`` (opened read-only; raises
    :class:`~marsad.store.StoreError` when it cannot be used). ``cache_bytes``: how many bytes
    of API responses to keep while the database is unchanged (0: no response cache; the
    totals of event filters are still remembered). ``threads``: how many requests run their
    queries at once in this process (None: anyio's default, 40)."""
    pool = _StorePool(Path(db_path))
    watch = _ChangeWatch(Path(db_path))
    counts = _CountCache()
    pipeline_lock = threading.Lock()
    analyze_lock = threading.Lock()
    pipeline_box: list[Any] = []

    def pipeline() -> Any:
        with pipeline_lock:
            if not pipeline_box:
                from marsad.pipeline import Pipeline

                pipeline_box.append(Pipeline())
            return pipeline_box[0]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:  # noqa: ARG001
        if threads:
            # Fewer query threads than anyio's default 40: a request waits for a free thread in
            # order instead of many threads taking turns at the GIL (each row SQLite returns
            # takes it again). On the shared development machine an A/B test of 4 against 40
            # was within the noise, so the default stays anyio's.
            import anyio.to_thread

            anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        pool.close()
        watch.close()

    app = FastAPI(
        title=f"{title} API",
        version=_version(),
        description="Political events coded from Arabic news, with the evidence (character offsets) of "
                    "each event. All list endpoints are paginated (`limit`, `offset`) and the event "
                    "endpoints (`/api/events`, `/api/actors`, `/api/timeline`, `/api/network`) accept the "
                    "same filters. Dashboard: [/](/).",
        docs_url=None, redoc_url=None, lifespan=lifespan,
    )
    app.add_middleware(_ResponseCache, watch=watch, max_bytes=cache_bytes)
    app.add_middleware(_Guard, max_body=max_analyze_bytes)  # outermost: headers on cached responses too
    app.state.store_pool = pool
    app.state.db_path = str(db_path)
    #: an older schema read as is (no newer indexes): marsad serve warns, /api/health says so
    app.state.store_outdated = pool.get().outdated

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> JSONResponse:  # noqa: ARG001
        return JSONResponse({"detail": str(exc)}, status_code=400)

    async def store() -> Store:
        return pool.get()

    # The query endpoints are plain functions: FastAPI runs them in its thread pool, so a slow
    # query does not hold up the others and SQLite works on several cores; each thread has its
    # own read-only connection (pool.get() in the thread that runs the query).
    quad_cache: dict[str, Any] = {"fp": None, "map": None}
    quad_lock = threading.Lock()

    def filters(qp: Any, st: Store) -> Q.EventFilter:
        f = parse_filter(qp)
        if f.quad:
            fp = Q.events_fingerprint(st)
            with quad_lock:
                known = quad_cache["map"] if quad_cache["fp"] == fp else None
            if known is None:
                known = Q.quad_types(st)
                with quad_lock:
                    quad_cache.update(fp=fp, map=known)
            f = dataclasses.replace(f, quad_types=known)
        return f

    DB = Annotated[Store, Depends(store)]

    # ------------------------------------------------------------------ API

    @app.get("/api/overview", tags=["overview"], summary="Counts: articles, events, types, quad classes")
    async def get_overview(st: DB) -> Response:
        return _json(Q.overview(st))

    @app.get("/api/articles", tags=["articles"], summary="Articles: full-text search, outlet, date range",
             openapi_extra=_params(
                 _param("q", "string", "Full-text query (Arabic-aware; all words must occur; quotes for a phrase)."),
                 _param("outlet", "string", "The news outlet (also accepted as `source`)."),
                 _param("since", "string", "Published from (YYYY, YYYY-MM or YYYY-MM-DD), inclusive."),
                 _param("until", "string", "Published up to, inclusive."), *PAGE_PARAMS, filters=False))
    def list_articles(request: Request) -> Response:
        st, qp = pool.get(), request.query_params
        limit, offset = int_param(qp, "limit", 50, 1, MAX_LIMIT), int_param(qp, "offset", 0, 0)
        total, rows = Q.articles(st, q=qp.get("q"), outlet=qp.get("outlet") or qp.get("source"), since=qp.get("since"),
                                 until=qp.get("until"), limit=limit, offset=offset)
        return _json(_page(total, limit, offset, rows))

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="One article with its full analysis (entities, dates, places, quotes, events, spans)")
    def get_article(article_id: str) -> Response:
        st = pool.get()
        art = st.article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id!r}")
        analysis = st.get_analysis(article_id)
        art["analysis"] = analysis.to_dict(tokens=False) if analysis else None
        if art["analysis"] is not None:
            art["analysis"].pop("text", None)  # the same as art["text"]
        art["events"] = Q.events(st, Q.EventFilter(article_id=article_id), limit=MAX_LIMIT, sort="date")
        art["duplicates"] = st.duplicates(article_id)
        return _json(art)

    formats = ("json", "csv", "plover")

    @app.get("/api/events", tags=["events"], summary="Events, filtered; as JSON, CSV or PLOVER JSONL",
             responses={200: {"content": {"application/json": {}, "text/csv": {}, "application/x-ndjson": {}}}},
             openapi_extra=_params(
                 *PAGE_PARAMS,
                 _param("sort", "string", "Sort column.", "date", enum=list(Q.SORT_COLUMNS)),
                 _param("order", "string", "Sort order.", "asc", enum=["asc", "desc"]),
                 _param("format", "string", "json (a page), csv (columns of docs/store.md) or plover (PLOVER "
                        "JSONL with the evidence offsets).", "json", enum=list(formats))))
    def list_events(request: Request) -> Response:
        st, qp = pool.get(), request.query_params
        f = filters(qp, st)
        limit, offset = int_param(qp, "limit", 50, 1, MAX_LIMIT), int_param(qp, "offset", 0, 0)
        sort = choice_param(qp, "sort", "date", tuple(Q.SORT_COLUMNS))
        order = choice_param(qp, "order", "asc", ("asc", "desc"))
        fmt = choice_param(qp, "format", "json", formats)
        rows = Q.events(st, f, limit=limit, offset=offset, sort=sort, order=order)
        total = counts.get((f, watch.token()), lambda: Q.count_events(st, f))
        headers = {"X-Total-Count": str(total)}
        if fmt == "csv":
            from marsad.export import EVENT_COLUMNS

            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(EVENT_COLUMNS)
            for r in rows:
                w.writerow([_csv_cell(r[c]) for c in EVENT_COLUMNS])
            headers["Content-Disposition"] = 'attachment; filename="events.csv"'
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
        if fmt == "plover":
            from marsad.export import plover_record

            lines = []
            for r in rows:
                span = (r["sentence_start"], r["sentence_end"]) if r["sentence_start"] is not None else None
                lines.append(json.dumps(plover_record(r, span), ensure_ascii=False))
            headers["Content-Disposition"] = 'attachment; filename="events.plover.jsonl"'
            return Response("\n".join(lines) + ("\n" if lines else ""),
                            media_type="application/x-ndjson; charset=utf-8", headers=headers)
        return _json(_page(total, limit, offset, rows), headers=headers)

    @app.get("/api/actors", tags=["events"], summary="Actors with how often they act (source) and are acted on",
             openapi_extra=_params(*PAGE_PARAMS))
    def list_actors(request: Request) -> Response:
        st, qp = pool.get(), request.query_params
        f = filters(qp, st)
        limit, offset = int_param(qp, "limit", 50, 1, MAX_LIMIT), int_param(qp, "offset", 0, 0)
        total, rows = Q.actors(st, f, limit=limit, offset=offset)
        return _json(_page(total, limit, offset, rows))

    @app.get("/api/timeline", tags=["events"], summary="Event counts per day, week or month by type or quad class",
             openapi_extra=_params(
                 _param("interval", "string", "Bucket size (weeks start on Monday).", "month",
                        enum=["day", "week", "month"]),
                 _param("by", "string", "Split the counts by quad class, PLOVER type, or not.", "quad",
                        enum=["quad", "type", "none"])))
    def get_timeline(request: Request) -> Response:
        st, qp = pool.get(), request.query_params
        f = filters(qp, st)
        interval = choice_param(qp, "interval", "month", ("day", "week", "month"))
        by = choice_param(qp, "by", "quad", ("quad", "type", "none"))
        return _json(Q.timeline(st, f, interval=interval, by=by))

    @app.get("/api/network", tags=["events"], summary="Actor network: source → target edges with event counts",
             openapi_extra=_params(
                 _param("limit", "integer", "At most this many edges (the strongest).", 100, minimum=1, maximum=2000),
                 _param("min_count", "integer", "Only edges with at least this many events.", 1, minimum=1)))
    def get_network(request: Request) -> Response:
        st, qp = pool.get(), request.query_params
        f = filters(qp, st)
        limit, min_count = int_param(qp, "limit", 100, 1, 2000), int_param(qp, "min_count", 1, 1)
        return _json(Q.network(st, f, limit=limit, min_count=min_count))

    @app.post("/api/analyze", tags=["analysis"],
              summary=f"Analyse a text (not stored); bodies over {max_analyze_bytes:,} bytes are refused (413)")
    def analyze(req: AnalyzeRequest) -> dict[str, Any]:
        from marsad.model import Article

        if req.published:
            from marsad.model import parse_date

            parse_date(req.published)  # ValueError → 400 with the message
        pipe = pipeline()
        with analyze_lock:  # one analysis at a time: the components keep per-call state
            a = pipe.analyze(Article(text=req.text, title=req.title, published=req.published))
        return a.to_dict(tokens=req.tokens)

    app.add_api_route("/analyze", analyze, methods=["POST"], include_in_schema=False)  # short alias

    @app.get("/api/health", tags=["overview"], summary="Liveness and the database in use")
    async def health(st: DB) -> Response:
        return _json({"status": "ok", "database": Path(app.state.db_path).name,
                      "schema_version": st.schema_version, "outdated_schema": st.outdated})

    # ------------------------------------------------------------------ docs and dashboard

    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/docs-assets", StaticFiles(directory=swagger), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML.replace("{title}", f"{title} API"))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    return app


def app_from_environment() -> Any:
    """The app for ``MARSAD_SERVE_DB`` (used by ``marsad serve --workers N``: uvicorn builds
    one app per worker process from this factory)."""
    return create_app(os.environ["MARSAD_SERVE_DB"],
                      max_analyze_bytes=int(os.environ.get("MARSAD_SERVE_MAX_ANALYZE_BYTES", DEFAULT_MAX_ANALYZE_BYTES)),
                      cache_bytes=int(os.environ.get("MARSAD_SERVE_CACHE_BYTES", DEFAULT_CACHE_BYTES)),
                      threads=int(os.environ.get("MARSAD_SERVE_THREADS") or 0) or None)


def _json(obj: Any, headers: dict[str, str] | None = None) -> Response:
    """JSON (UTF-8, Arabic as is) without FastAPI's response-model round trip."""
    return Response(orjson.dumps(obj, default=str), media_type="application/json", headers=headers)


def _csv_cell(v: Any) -> Any:
    """A CSV cell; text starting like a spreadsheet formula gets a leading apostrophe."""
    if v is None:
        return ""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("marsad")
    except Exception:  # noqa: BLE001 - not installed
        return "0"


DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/docs-assets/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg">
</head><body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/static/docs-init.js"></script>
</body></html>
"""

__all__ = ["create_app", "cache_key", "StoreError", "CSP", "DEFAULT_MAX_ANALYZE_BYTES", "DEFAULT_CACHE_BYTES"]
