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
import csv
import io
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from marsad.store import Store, StoreError
from marsad.web import queries as Q

STATIC = Path(__file__).parent / "web" / "static"
DEFAULT_MAX_ANALYZE_BYTES = 200_000
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


class _StorePool:
    """One read-only Store per thread (SQLite connections are not shared between threads)."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        with self._lock:
            first = Store(path, readonly=True)  # fail early, with the store's clear message
            self._local.store = first
            self._all.append(first)

    def get(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = Store(self.path, readonly=True)
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


class AnalyzeRequest(BaseModel):
    """Text to analyse."""

    text: str = Field(..., min_length=1, description="Arabic text (the body of an article).")
    title: str | None = Field(None, description="Optional headline.")
    published: str | None = Field(None, description="Publication date (YYYY-MM-DD), used to resolve relative dates.")
    tokens: bool = Field(False, description="Include tokens in the output.")


def _page(total: int, limit: int, offset: int, items: list[Any]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def event_filter(
    actor: Annotated[str | None, Query(description="Source or target actor code or country, e.g. IRQ or IRQGOV "
                                                   "(comma-separated for several).")] = None,
    country: Annotated[str | None, Query(description="Source or target actor country (ISO alpha-3), e.g. IRQ.")] = None,
    sector: Annotated[str | None, Query(description="Source or target actor sector, e.g. GOV, MIL.")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type(s), e.g. PROTEST,ASSAULT.")] = None,  # noqa: A002
    cameo: Annotated[str | None, Query(description="CAMEO code or root prefix, e.g. 14 or 0311.")] = None,
    quad: Annotated[str | None, Query(description="Quad class(es): 1 verbal coop., 2 material coop., "
                                                  "3 verbal conflict, 4 material conflict.")] = None,
    since: Annotated[str | None, Query(description="From this event date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.")] = None,
    until: Annotated[str | None, Query(description="Up to this event date, inclusive.")] = None,
    place: Annotated[str | None, Query(description="Location name (substring) or location country code.")] = None,
    bbox: Annotated[str | None, Query(description="Bounding box min_lon,min_lat,max_lon,max_lat.")] = None,
    negated: Annotated[bool | None, Query(description="Only negated (true) or only affirmed (false) events.")] = None,
    future: Annotated[bool | None, Query(description="Only future/planned (true) or only past (false) events.")] = None,
    outlet: Annotated[str | None, Query(description="The news outlet (article source).")] = None,
    article_id: Annotated[str | None, Query(description="Only events of this article.")] = None,
    q: Annotated[str | None, Query(description="Full-text search on the articles (Arabic-aware).")] = None,
) -> Q.EventFilter:
    return Q.EventFilter(actor=actor, country=country, sector=sector, type=type, cameo=cameo, quad=quad,
                         since=since, until=until, place=place, bbox=bbox, negated=negated, future=future,
                         outlet=outlet, article_id=article_id, q=q)


Filters = Annotated[Q.EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip (pagination).")]


def create_app(db_path: str | Path, *, max_analyze_bytes: int = DEFAULT_MAX_ANALYZE_BYTES,
               title: str = "Marsad") -> Any:
    """The ASGI application for the database at ``db_path`` (opened read-only; raises
    :class:`~marsad.store.StoreError` when it cannot be used)."""
    pool = _StorePool(Path(db_path))
    pipeline_lock = threading.Lock()
    pipeline_box: list[Any] = []

    def pipeline() -> Any:
        with pipeline_lock:
            if not pipeline_box:
                from marsad.pipeline import Pipeline

                pipeline_box.append(Pipeline())
            return pipeline_box[0]

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:  # noqa: ARG001
        yield
        pool.close()

    app = FastAPI(
        title=f"{title} API",
        version=_version(),
        description="Political events coded from Arabic news, with the evidence (character offsets) of "
                    "each event. All list endpoints are paginated (`limit`, `offset`) and the event "
                    "endpoints (`/api/events`, `/api/actors`, `/api/timeline`, `/api/network`) accept the "
                    "same filters. Dashboard: [/](/).",
        docs_url=None, redoc_url=None, lifespan=lifespan,
    )
    app.add_middleware(_Guard, max_body=max_analyze_bytes)
    app.state.store_pool = pool
    app.state.db_path = str(db_path)

    @app.exception_handler(ValueError)
    async def bad_value(request: Request, exc: ValueError) -> JSONResponse:  # noqa: ARG001
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def store() -> Store:
        return pool.get()

    DB = Annotated[Store, Depends(store)]

    # ------------------------------------------------------------------ API

    @app.get("/api/overview", tags=["overview"], summary="Counts: articles, events, types, quad classes")
    def get_overview(st: DB) -> dict[str, Any]:
        return Q.overview(st)

    @app.get("/api/articles", tags=["articles"], summary="Articles: full-text search, outlet, date range")
    def list_articles(st: DB,
                      q: Annotated[str | None, Query(description="Full-text query (Arabic-aware; all words "
                                                                  "must occur; quotes for a phrase).")] = None,
                      outlet: Annotated[str | None, Query(description="The news outlet.")] = None,
                      since: Annotated[str | None, Query(description="Published from (inclusive).")] = None,
                      until: Annotated[str | None, Query(description="Published up to (inclusive).")] = None,
                      limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        total, rows = Q.articles(st, q=q, outlet=outlet, since=since, until=until, limit=limit, offset=offset)
        return _page(total, limit, offset, rows)

    @app.get("/api/articles/{article_id}", tags=["articles"],
             summary="One article with its full analysis (entities, dates, places, quotes, events, spans)")
    def get_article(article_id: str, st: DB) -> dict[str, Any]:
        art = st.article(article_id)
        if art is None:
            raise HTTPException(404, f"no article {article_id!r}")
        analysis = st.get_analysis(article_id)
        art["analysis"] = analysis.to_dict(tokens=False) if analysis else None
        if art["analysis"] is not None:
            art["analysis"].pop("text", None)  # the same as art["text"]
        art["events"] = Q.events(st, Q.EventFilter(article_id=article_id), limit=MAX_LIMIT, sort="date")
        art["duplicates"] = st.duplicates(article_id)
        return art

    @app.get("/api/events", tags=["events"], summary="Events, filtered; as JSON, CSV or PLOVER JSONL",
             responses={200: {"content": {"application/json": {}, "text/csv": {},
                                          "application/x-ndjson": {}}}})
    def list_events(st: DB, f: Filters, limit: Limit = 50, offset: Offset = 0,
                    sort: Annotated[str, Query(description="Sort by: " + ", ".join(Q.SORT_COLUMNS))] = "date",
                    order: Literal["asc", "desc"] = "asc",
                    format: Literal["json", "csv", "plover"] = "json") -> Any:  # noqa: A002
        rows = Q.events(st, f, limit=limit, offset=offset, sort=sort, order=order)
        total = Q.count_events(st, f)
        headers = {"X-Total-Count": str(total)}
        if format == "csv":
            from marsad.export import EVENT_COLUMNS

            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(EVENT_COLUMNS)
            for r in rows:
                w.writerow([_csv_cell(r[c]) for c in EVENT_COLUMNS])
            headers["Content-Disposition"] = 'attachment; filename="events.csv"'
            return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
        if format == "plover":
            from marsad.export import plover_record

            lines = []
            for r in rows:
                span = (r["sentence_start"], r["sentence_end"]) if r["sentence_start"] is not None else None
                lines.append(json.dumps(plover_record(r, span), ensure_ascii=False))
            headers["Content-Disposition"] = 'attachment; filename="events.plover.jsonl"'
            return Response("\n".join(lines) + ("\n" if lines else ""),
                            media_type="application/x-ndjson; charset=utf-8", headers=headers)
        return JSONResponse(_page(total, limit, offset, rows), headers=headers)

    @app.get("/api/actors", tags=["events"], summary="Actors with how often they act (source) and are acted on")
    def list_actors(st: DB, f: Filters, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        total, rows = Q.actors(st, f, limit=limit, offset=offset)
        return _page(total, limit, offset, rows)

    @app.get("/api/timeline", tags=["events"], summary="Event counts per day, week or month by type or quad class")
    def get_timeline(st: DB, f: Filters, interval: Literal["day", "week", "month"] = "month",
                     by: Literal["quad", "type", "none"] = "quad") -> dict[str, Any]:
        return Q.timeline(st, f, interval=interval, by=by)

    @app.get("/api/network", tags=["events"], summary="Actor network: source → target edges with event counts")
    def get_network(st: DB, f: Filters, limit: Annotated[int, Query(ge=1, le=2000)] = 100,
                    min_count: Annotated[int, Query(ge=1)] = 1) -> dict[str, Any]:
        return Q.network(st, f, limit=limit, min_count=min_count)

    @app.post("/api/analyze", tags=["analysis"],
              summary=f"Analyse a text (not stored); bodies over {max_analyze_bytes:,} bytes are refused (413)")
    def analyze(req: AnalyzeRequest) -> dict[str, Any]:
        from marsad.model import Article

        if req.published:
            from marsad.model import parse_date

            parse_date(req.published)  # ValueError → 400 with the message
        a = pipeline().analyze(Article(text=req.text, title=req.title, published=req.published))
        return a.to_dict(tokens=req.tokens)

    @app.get("/api/health", tags=["overview"], summary="Liveness and the database in use")
    def health(st: DB) -> dict[str, Any]:
        return {"status": "ok", "database": Path(app.state.db_path).name, "schema_version": st.schema_version}

    # ------------------------------------------------------------------ docs and dashboard

    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/docs-assets", StaticFiles(directory=swagger), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML.replace("{title}", f"{title} API"))

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    return app


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

__all__ = ["create_app", "StoreError", "CSP", "DEFAULT_MAX_ANALYZE_BYTES"]
