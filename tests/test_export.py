"""Exports: FIPS country codes in the GDELT export, and the joined export query gives what the
former per-row lookups gave (sentence spans, cluster counts, ingest times)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from test_store import store as plain_store  # noqa: F401 - the store fixture of test_store

from marsad.export import FIPS_TABLE, GDELT_COLUMNS, export_string, fips_code, fips_codes, gdelt_row, plover_record
from marsad.store import Store


@pytest.fixture
def store(plain_store: Store) -> Store:  # noqa: F811 - the same three articles, clustered
    plain_store.cluster_events()
    return plain_store


@pytest.mark.parametrize(("iso3", "fips"), [
    ("IRQ", "IZ"), ("DEU", "GM"), ("GBR", "UK"), ("SAU", "SA"), ("USA", "US"), ("SYR", "SY"),
    ("YEM", "YM"), ("LBN", "LE"), ("ISR", "IS"), ("TUR", "TU"), ("RUS", "RS"), ("SSD", "OD"),
    ("SDN", "SU"), ("UNK", "KV"), ("XKX", "KV"),
])
def test_fips_codes(iso3: str, fips: str) -> None:
    assert fips_code(iso3) == fips


def test_fips_unknown_is_empty() -> None:
    assert fips_code(None) == fips_code("") == fips_code("ZZZ") == ""


def test_fips_table_covers_the_gazetteer_countries() -> None:
    table = fips_codes()
    assert len(table) > 240 and all(len(k) == 3 and len(v) == 2 for k, v in table.items())
    gaz = FIPS_TABLE.parent / "gazetteer.tsv"
    countries = set()
    with open(gaz, encoding="utf-8") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(cells) < 3 or cells[0] == "geonames_id":
                continue
            if cells[2]:
                countries.add(cells[2])
    # GeoNames gives these three no FIPS code (Åland, Caribbean Netherlands, US outlying islands)
    missing = countries - set(table) - {"ALA", "BES", "UMI"}
    assert not missing, sorted(missing)


def test_gdelt_geo_country_is_fips_actor_country_stays_iso3(store: Store) -> None:
    rows = list(csv.reader(io.StringIO(export_string(store, "gdelt", type="REQUEST"))))
    assert tuple(rows[0]) == GDELT_COLUMNS
    g = dict(zip(rows[0], rows[1], strict=True))
    assert g["ActionGeo_CountryCode"] == "IZ" and g["ActionGeo_FullName"] == "Iraq"
    assert g["Actor1CountryCode"] == "IRQ" and g["Actor2CountryCode"] == "USA"


def _old_plover(store: Store) -> str:
    """The PLOVER export as it was written before the export query joined the sentences."""
    out = []
    for r in store.iter_events():
        row = None
        if r["sentence"] is not None:
            row = store.conn.execute('SELECT start, "end" FROM sentences WHERE article_id=? AND idx=?',
                                     (r["article_id"], r["sentence"])).fetchone()
        out.append(json.dumps(plover_record(r, (row[0], row[1]) if row else None), ensure_ascii=False) + "\n")
    return "".join(out)


def _old_gdelt(store: Store) -> str:
    """The GDELT export as it was written with in-memory article and cluster dictionaries."""
    clusters = {c["id"]: c for c in store.clusters()}
    added = {row[0]: row[1] for row in store.conn.execute("SELECT id, ingested_at FROM articles")}
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(GDELT_COLUMNS)
    for n, r in enumerate(store.iter_events(), 1):
        stamp = "".join(ch for ch in (added.get(r["article_id"]) or "")[:19] if ch.isdigit())
        w.writerow(gdelt_row(r, clusters.get(r["cluster_id"]), n, stamp))
    return buf.getvalue()


def test_joined_export_equals_per_row_lookups(store: Store) -> None:
    # one event without a cluster and one whose sentence is missing: the joins must give None
    store.conn.execute("UPDATE events SET cluster_id = NULL WHERE id = 'a3:1'")
    store.conn.execute("DELETE FROM sentences WHERE article_id = 'a2' AND idx = 1")
    store.conn.commit()
    plover = export_string(store, "plover")
    assert plover == _old_plover(store)
    recs = [json.loads(x) for x in plover.splitlines()]
    assert len(recs) == 6
    assert sum(1 for r in recs if r["marsad"]["sentence"] is None) == 1
    assert all(r["text_info"].get("end") for r in recs if r["marsad"]["sentence"])
    gdelt = export_string(store, "gdelt")
    assert gdelt == _old_gdelt(store)
    rows = list(csv.DictReader(io.StringIO(gdelt)))
    assert len(rows) == 6 and all(len(r["DATEADDED"]) == 14 for r in rows)
    assert {r["NumSources"] for r in rows} >= {"1", "2"}


@pytest.mark.parametrize(("iso3", "name", "lat", "lon", "fips"), [
    ("PSE", "Gaza", 31.5016, 34.4667, "GZ"),              # Gaza City
    ("PSE", "Khān Yūnis", 31.3402, 34.3063, "GZ"),        # by its coordinates, whatever the name
    ("PSE", "Rafaḩ", 31.2972, 34.2436, "GZ"),
    ("PSE", "Bayt Ḩānūn", 31.5353, 34.5358, "GZ"),
    ("PSE", "Ramallah", 31.8996, 35.2042, "WE"),          # the West Bank
    ("PSE", "Hebron", 31.5294, 35.0938, "WE"),
    ("PSE", "Gaza Strip", None, None, "GZ"),               # no coordinates: by the name
    ("PSE", "قطاع غزة", None, None, "GZ"),
    ("PSE", "Nablus", None, None, "WE"),
    ("PSE", None, None, None, "WE"),                       # the country only
    ("ISR", "Sderot", 31.525, 34.5969, "IS"),             # next to the strip, another country
    ("MOZ", "Gaza", -23.0, 32.5, "MZ"),                    # Gaza province, Mozambique
    ("MOZ", "Gaza", None, None, "MZ"),
    (None, "Gaza", 31.5, 34.46, ""),
])
def test_gaza_strip_is_gz_not_we(iso3: str | None, name: str | None, lat: float | None, lon: float | None,
                                 fips: str) -> None:
    from marsad.export import place_fips

    assert place_fips(iso3, name, lat, lon) == fips


def test_gdelt_row_codes_a_gaza_event_gz(store: Store) -> None:
    r = next(iter(store.iter_events()))
    gaza = {**dict(r), "location_name": "Gaza", "location_country": "PSE", "lat": 31.5016, "lon": 34.4667}
    ramallah = {**gaza, "location_name": "Ramallah", "lat": 31.8996, "lon": 35.2042}
    col = GDELT_COLUMNS.index("ActionGeo_CountryCode")
    assert gdelt_row(gaza, None, 1, None)[col] == "GZ"
    assert gdelt_row(ramallah, None, 1, None)[col] == "WE"
