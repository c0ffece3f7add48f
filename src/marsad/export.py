"""Export stored events: PLOVER JSONL, GDELT-style CSV, flat CSV, Parquet.

``export(store, out, fmt, **filters) -> int`` writes the events matching ``filters`` (the
keyword arguments of :meth:`marsad.store.Store.events`: actor, type, cameo, source, since,
until) to ``out`` (a path, or ``"-"`` for stdout with the text formats) and returns how many
were written. The formats and their fields are documented in ``docs/store.md``.

- ``plover``: one JSON object a line with the PLOVER record fields (id, date, actor,
  recipient, event, mode, context, event_text, quad_code, event_scale, event_loc,
  text_info, cite_info, coder, coded_date) plus ``marsad`` (evidence offsets: trigger,
  source and target spans, sentence span, CAMEO code, negation, cluster).
- ``gdelt``: CSV with a header, with the GDELT 2.0 event-table columns that apply
  (GLOBALEVENTID, SQLDATE, Actor1*/Actor2*, EventCode, QuadClass, GoldsteinScale,
  NumMentions/NumSources/NumArticles from the event cluster, ActionGeo_*, DATEADDED,
  SOURCEURL); actor country codes are CAMEO/ISO 3166 alpha-3 as in GDELT, the
  ``ActionGeo_CountryCode`` is FIPS 10-4 as in GDELT (``resources/places/fips.tsv``; a place in
  the Gaza Strip is GZ, not the West Bank's WE: ``resources/places/fips_regions.tsv``).
- ``csv``: every column of :meth:`Store.events`, with a header.
- ``parquet``: the same columns with the Arrow schema ``parquet_schema()``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from marsad.store import Store

FORMATS = ("plover", "gdelt", "csv", "parquet")
CODER = "marsad"
CODEBOOK = "plover-0.8"

EVENT_COLUMNS = (
    "id", "article_id", "idx", "sentence", "plover", "cameo", "quad", "goldstein", "mode", "event_date",
    "date_start", "date_from", "source_code", "source_country", "source_sector", "source_name",
    "source_text", "source_start", "source_end", "target_code", "target_country", "target_sector",
    "target_name", "target_text", "target_start", "target_end", "trigger_text", "trigger_start",
    "trigger_end", "location_name", "location_country", "lat", "lon", "negated", "future",
    "confidence", "cluster_id", "outlet", "url", "title", "published",
)

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_Lat", "ActionGeo_Long",
    "DATEADDED", "SOURCEURL", "MarsadEventID", "PLOVER",
)


FIPS_TABLE = Path(__file__).resolve().parent / "resources" / "places" / "fips.tsv"


@lru_cache(maxsize=1)
def fips_codes() -> Mapping[str, str]:
    """ISO 3166-1 alpha-3 → FIPS 10-4 country code (``resources/places/fips.tsv``, built by
    ``scripts/build_fips.py`` from GeoNames)."""
    table: dict[str, str] = {}
    with open(FIPS_TABLE, encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
    if not lines or lines[0].split("\t")[:2] != ["iso3", "fips"]:
        raise ValueError(f"{FIPS_TABLE}: expected a header line 'iso3<TAB>fips<TAB>name'")
    for n, ln in enumerate(lines[1:], 2):
        cells = ln.split("\t")
        if len(cells) < 2 or len(cells[0]) != 3 or len(cells[1]) != 2:
            raise ValueError(f"{FIPS_TABLE}: bad line {n}: {ln!r}")
        table[cells[0]] = cells[1]
    return MappingProxyType(table)


def fips_code(iso3: str | None) -> str:
    """The FIPS 10-4 code GDELT uses for the country ``iso3`` ("" when none or unknown)."""
    return fips_codes().get(iso3, "") if iso3 else ""


FIPS_REGIONS_TABLE = FIPS_TABLE.parent / "fips_regions.tsv"


@dataclass(frozen=True)
class FipsRegion:
    iso3: str
    fips: str
    south: float
    north: float
    west: float
    east: float
    names: tuple[str, ...]

    def holds(self, name: str | None, lat: float | None, lon: float | None) -> bool:
        if lat is not None and lon is not None:
            return self.south <= lat <= self.north and self.west <= lon <= self.east
        low = (name or "").casefold()
        return any(n.casefold() in low for n in self.names)


@lru_cache(maxsize=1)
def fips_regions() -> tuple[FipsRegion, ...]:
    """Parts of countries with their own FIPS code in GDELT (``resources/places/fips_regions.tsv``:
    the Gaza Strip, GZ, in the Palestinian territories, WE)."""
    with open(FIPS_REGIONS_TABLE, encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if ln.strip() and not ln.startswith("#")]
    head = "iso3 fips south north west east names region".split()
    if not lines or lines[0].split("\t") != head:
        raise ValueError(f"{FIPS_REGIONS_TABLE}: expected a header line {'<TAB>'.join(head)!r}")
    out = []
    for n, ln in enumerate(lines[1:], 2):
        cells = ln.split("\t")
        try:
            iso3, fips, *box, names, _ = cells
            south, north, west, east = (float(x) for x in box)
        except ValueError:
            raise ValueError(f"{FIPS_REGIONS_TABLE}: bad line {n}: {ln!r}") from None
        if len(iso3) != 3 or len(fips) != 2 or not (south <= north and west <= east):
            raise ValueError(f"{FIPS_REGIONS_TABLE}: bad line {n}: {ln!r}")
        out.append(FipsRegion(iso3, fips, south, north, west, east,
                              tuple(x.strip() for x in names.split("|") if x.strip())))
    return tuple(out)


def place_fips(iso3: str | None, name: str | None = None, lat: float | None = None,
               lon: float | None = None) -> str:
    """The FIPS 10-4 code GDELT gives a place of the country ``iso3``: the code of a part
    of it listed in ``fips_regions.tsv`` that holds the place (by its coordinates, else by its
    name), else the country's (:func:`fips_code`)."""
    if not iso3:
        return ""
    for region in fips_regions():
        if region.iso3 == iso3 and region.holds(name, lat, lon):
            return region.fips
    return fips_code(iso3)


def parquet_schema():  # noqa: ANN201 - pyarrow.Schema
    """The Arrow schema of the Parquet export (documented in docs/store.md)."""
    import pyarrow as pa

    s, i, f, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    types = {
        "idx": i, "sentence": i, "quad": i, "goldstein": f, "source_start": i, "source_end": i,
        "target_start": i, "target_end": i, "trigger_start": i, "trigger_end": i, "lat": f, "lon": f,
        "negated": b, "future": b, "confidence": f, "cluster_id": i,
    }
    return pa.schema([(c, types.get(c, s)) for c in EVENT_COLUMNS])


def _rows(store: Store, filters: dict[str, Any], export: bool = False) -> Iterator[dict[str, Any]]:
    # One read cursor over the whole result; with ``export`` each row also carries its
    # sentence span, cluster counts and ingest time (joined in SQL, nothing kept in memory).
    yield from store.iter_events(**filters, export=export)


@contextlib.contextmanager
def _text_out(out: str | Path) -> Iterator[IO[str]]:
    if str(out) == "-":
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        yield fh


def _entity(prefix: str, r: dict[str, Any]) -> dict[str, Any] | None:
    code, country = r[f"{prefix}_code"], r[f"{prefix}_country"]
    if not (code or country or r[f"{prefix}_text"]):
        return None
    ent: dict[str, Any] = {"code": country or (code[:3] if code else None)}
    if r[f"{prefix}_sector"]:
        ent["sector"] = r[f"{prefix}_sector"]
    if r[f"{prefix}_text"]:
        ent["entity_text"] = r[f"{prefix}_text"]
    if r[f"{prefix}_name"]:
        ent["identifier_text"] = r[f"{prefix}_name"]
    if code:
        ent["actor_code"] = code
    return ent


def plover_record(r: dict[str, Any], sentence: tuple[int, int] | None = None) -> dict[str, Any]:
    """A PLOVER record (with Marsad's evidence under ``marsad``) for one event row."""
    rec: dict[str, Any] = {"id": f"marsad-{r['id']}", "has_event": True, "date": r["date_start"]}
    actor = _entity("source", r)
    rec["actor"] = [actor] if actor else []
    recipient = _entity("target", r)
    if recipient:
        rec["recipient"] = [recipient]
    rec["event"] = [r["plover"]]
    rec["mode"] = [r["mode"]] if r["mode"] else []
    rec["context"] = []
    rec["event_text"] = [r["trigger_text"]] if r["trigger_text"] else []
    if r["quad"] is not None:
        rec["quad_code"] = r["quad"]
    if r["goldstein"] is not None:
        rec["event_scale"] = r["goldstein"]
    if r["location_name"] or r["location_country"]:
        rec["event_loc"] = {k: v for k, v in (("resolved_place", r["location_name"]),
                                                 ("country_code", r["location_country"]),
                                                 ("lat", r["lat"]), ("lon", r["lon"])) if v is not None}
    ti: dict[str, Any] = {"sequence": r["sentence"]}
    if sentence:
        ti["start"], ti["end"] = sentence
    rec["text_info"] = ti
    rec["cite_info"] = {k: v for k, v in (("corpus", r["outlet"]), ("citation", r["article_id"]),
                                            ("url", r["url"]), ("title", r["title"]), ("language", "ar"),
                                            ("publication", r["outlet"]), ("coder", CODER),
                                            ("codebook", CODEBOOK)) if v is not None}
    rec["coder"] = CODER
    rec["coded_date"] = dt.date.today().isoformat()

    def span(prefix: str) -> dict[str, Any] | None:
        if r[f"{prefix}_start"] is None:
            return None
        return {"start": r[f"{prefix}_start"], "end": r[f"{prefix}_end"], "text": r[f"{prefix}_text"]}

    rec["marsad"] = {
        "article_id": r["article_id"], "published": r["published"], "cameo": r["cameo"],
        "date_as_coded": r["event_date"], "date_from": r["date_from"],
        "trigger": span("trigger"), "source": span("source"), "target": span("target"),
        "sentence": {"index": r["sentence"], "start": sentence[0], "end": sentence[1]} if sentence else None,
        "negated": r["negated"], "future": r["future"], "confidence": r["confidence"],
        "cluster_id": r["cluster_id"],
    }
    return rec


def _sentence_span(r: dict[str, Any]) -> tuple[int, int] | None:
    """The event's sentence (start, end) from a row of ``iter_events(export=True)``."""
    if r["sentence_start"] is None:
        return None
    return (r["sentence_start"], r["sentence_end"])


def _cluster(r: dict[str, Any]) -> dict[str, Any] | None:
    """The cluster counts of a row of ``iter_events(export=True)`` (None without a cluster)."""
    if r["cluster_found"] is None:
        return None
    return {"num_mentions": r["cluster_mentions"], "num_articles": r["cluster_articles"],
            "num_sources": r["cluster_sources"]}


def gdelt_row(r: dict[str, Any], cluster: dict[str, Any] | None, rownum: int,
              added: str | None) -> list[Any]:
    day = r["date_start"] or ""
    y = m = d = None
    if len(day) == 10:
        y, m, d = int(day[:4]), int(day[5:7]), int(day[8:10])
    frac = round(y + ((m - 1) * 30 + d) / 365, 4) if y else ""
    cameo = r["cameo"] or ""
    geo_type = ""
    if r["location_name"] or r["location_country"]:
        geo_type = 4 if r["lat"] is not None and r["location_name"] else 1
    return [
        rownum, f"{y:04d}{m:02d}{d:02d}" if y else "", f"{y:04d}{m:02d}" if y else "", y or "", frac,
        r["source_code"] or r["source_country"] or "", r["source_name"] or r["source_text"] or "",
        r["source_country"] or "", r["source_sector"] or "",
        r["target_code"] or r["target_country"] or "", r["target_name"] or r["target_text"] or "",
        r["target_country"] or "", r["target_sector"] or "",
        1 if (r["sentence"] or 0) <= 1 else 0, cameo, cameo[:3], cameo[:2],
        r["quad"] if r["quad"] is not None else "", r["goldstein"] if r["goldstein"] is not None else "",
        cluster["num_mentions"] if cluster else 1, cluster["num_sources"] if cluster else 1,
        cluster["num_articles"] if cluster else 1,
        geo_type, r["location_name"] or "", place_fips(r["location_country"], r["location_name"], r["lat"], r["lon"]),
        r["lat"] if r["lat"] is not None else "", r["lon"] if r["lon"] is not None else "",
        added or "", r["url"] or "", r["id"], r["plover"],
    ]


def export(store: Store, out: str | Path, fmt: str, **filters: Any) -> int:
    """Write the events matching ``filters`` to ``out`` in ``fmt``; returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "parquet":
        return _export_parquet(store, out, filters)
    with _text_out(out) as fh:
        return _write_text(store, fh, fmt, filters)


def _write_text(store: Store, fh: IO[str], fmt: str, filters: dict[str, Any]) -> int:
    n = 0
    if fmt == "plover":
        for r in _rows(store, filters, export=True):
            fh.write(json.dumps(plover_record(r, _sentence_span(r)), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        w = csv.writer(fh)
        w.writerow(EVENT_COLUMNS)
        for r in _rows(store, filters):
            w.writerow(["" if r[c] is None else r[c] for c in EVENT_COLUMNS])
            n += 1
    else:
        w = csv.writer(fh)
        w.writerow(GDELT_COLUMNS)
        for r in _rows(store, filters, export=True):
            n += 1
            stamp = r["ingested_at"] or ""
            stamp = "".join(ch for ch in stamp[:19] if ch.isdigit())
            w.writerow(gdelt_row(r, _cluster(r), n, stamp))
    return n


def _export_parquet(store: Store, out: str | Path, filters: dict[str, Any]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    if str(out) == "-":
        raise ValueError("Parquet is binary: give an output file, not '-'")
    schema = parquet_schema()
    n = 0
    with pq.ParquetWriter(str(out), schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for r in _rows(store, filters):
            batch.append({c: r[c] for c in EVENT_COLUMNS})
            if len(batch) >= 5000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def export_string(store: Store, fmt: str, **filters: Any) -> str:
    """The text formats as a string (for small exports and the REST API)."""
    if fmt == "parquet":
        raise ValueError("Parquet is binary")
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    buf = io.StringIO()
    _write_text(store, buf, fmt, filters)
    return buf.getvalue()


# --------------------------------------------------------------------------- dataset tables
# The Parquet dataset written by ``marsad run`` (docs/distributed.md): one table per kind of
# record. ``events`` has exactly the export schema above (``cluster_id`` is filled only by the
# store); the others follow the store's tables. Every table is partitioned by the article's
# publication month (``month=YYYY-MM`` folders, ``month=unknown`` without a date).

ARTICLE_COLUMNS = (
    "id", "source", "url", "title", "published", "category", "author", "text", "body_start",
    "n_sentences", "n_entities", "n_events", "warnings", "seq", "part", "input", "minhash",
    "search_title", "search_body", "article_json", "analysis_json",
)
ENTITY_COLUMNS = ("article_id", "idx", "text", "start", "end", "type", "actor_code", "country", "sector",
                  "name_en", "published")
PLACE_COLUMNS = ("article_id", "idx", "text", "start", "end", "name_en", "country", "lat", "lon",
                 "geonames_id", "feature_type", "precision", "published")
QUOTE_COLUMNS = ("article_id", "idx", "text", "start", "end", "speaker", "speaker_start", "speaker_end",
                 "speaker_code", "published")
TABLE_COLUMNS = {"articles": ARTICLE_COLUMNS, "entities": ENTITY_COLUMNS, "events": EVENT_COLUMNS,
                 "places": PLACE_COLUMNS, "quotes": QUOTE_COLUMNS}


def table_schema(table: str):  # noqa: ANN201 - pyarrow.Schema
    """The Arrow schema of one table of the Parquet dataset (``events``: ``parquet_schema()``)."""
    import pyarrow as pa

    if table == "events":
        return parquet_schema()
    if table not in TABLE_COLUMNS:
        raise ValueError(f"unknown table {table!r} (known: {', '.join(TABLE_COLUMNS)})")
    i, f = pa.int64(), pa.float64()
    types = {
        "idx": i, "start": i, "end": i, "body_start": i, "n_sentences": i, "n_entities": i, "n_events": i,
        "speaker_start": i, "speaker_end": i, "geonames_id": i, "lat": f, "lon": f, "minhash": pa.binary(),
    }
    return pa.schema([(c, types.get(c, pa.string())) for c in TABLE_COLUMNS[table]])


__all__ = ["export", "export_string", "plover_record", "gdelt_row", "FORMATS", "EVENT_COLUMNS", "GDELT_COLUMNS",
           "parquet_schema", "TABLE_COLUMNS", "table_schema", "fips_code", "fips_codes",
           "place_fips", "fips_regions"]
