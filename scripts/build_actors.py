#!/usr/bin/env python3
"""Build ``src/marsad/resources/actors/countries.tsv`` from the country gazetteer.

Reads ``gazetteer/countries_ar.json`` (mledoze/countries, ODbL) from the development data
and the hand-checked ``country_overrides.tsv`` next to the output, and writes every
country's Arabic short and long names (kind LOC) and its nationality adjectives in all
genders and numbers, with and without the article (kind NAT).

Adjectives are generated from the short name by rule (سوريا → سوري, كندا → كندي,
السعودية → سعودي, لبنان → لبناني) unless the override file gives them (ADJ) or forbids
them (NOADJ); FORM rows add irregular forms (الأتراك) as they are.

Usage: python scripts/build_actors.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import shared_data  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "marsad" / "resources" / "actors"
HEADER = ["text", "kind", "code", "country", "sector", "name_en", "from", "to", "note"]


def read_overrides(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "country":
                continue
            if len(cols) < 3 or cols[1] not in {"NAME", "ADJ", "NOADJ", "DROP", "FORM"}:
                sys.exit(f"{path}:{n}: expected country<TAB>NAME|ADJ|NOADJ|DROP|FORM<TAB>text")
            rows.append((cols[0], cols[1], cols[2].strip()))
    return rows


def adjective_base(name: str) -> str | None:
    """Masculine singular nationality adjective of a one-word country name, by rule."""
    if " " in name:
        return None
    w = name[2:] if name.startswith("ال") else name
    if len(w) < 3:
        return None
    if w.endswith("ية"):  # السعودية → سعودي
        return w[:-1]
    if w.endswith("ة"):
        return w[:-1] + "ي"
    if w.endswith("يا"):  # سوريا → سوري, ألمانيا → ألماني
        return w[:-1]
    if w.endswith("ا"):  # كندا → كندي
        return w[:-1] + "ي"
    if w.endswith("ي"):
        return None  # مالي, جيبوتي: the adjective equals the name, given by hand if wanted
    return w + "ي"  # لبنان → لبناني, الإمارات → إماراتي


def adjective_forms(base: str) -> list[str]:
    """All genders and numbers, with and without ال, of a (possibly two-word) adjective."""
    words = base.split()
    endings = ["", "ة", "ون", "ين", "ات", "ان", "تان", "تين"]
    out = []
    for end in endings:
        forms = [w + end for w in words]
        out.append(" ".join(forms))
        out.append(" ".join("ال" + w for w in forms))
    return out


def main() -> None:
    data = json.loads((shared_data() / "gazetteer" / "countries_ar.json").read_text(encoding="utf-8"))
    overrides = read_overrides(OUT_DIR / "country_overrides.tsv")
    names: dict[str, list[str]] = {}
    english: dict[str, str] = {}
    for c in data:
        code = c["cca3"]
        english[code] = c["name"]
        for key in ("common", "official"):
            n = (c.get("ar") or {}).get(key, "").strip()
            if n and n not in names.setdefault(code, []):
                names[code].append(n)
    drops = {(c, t) for c, a, t in overrides if a == "DROP"}
    noadj = {(c, t) for c, a, t in overrides if a == "NOADJ"}
    for c, a, t in overrides:
        if a == "NAME" and t not in names.setdefault(c, []):
            names[c].append(t)
    rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()

    def add(text: str, kind: str, code: str, note: str) -> None:
        if (text, code) in seen:
            return
        seen.add((text, code))
        rows.append([text, kind, code, code, "", english.get(code, code), "", "", note])

    for code in sorted(names):
        for n in names[code]:
            if (code, n) in drops:
                continue
            add(n, "LOC", code, "name")
        given = [t for c, a, t in overrides if c == code and a == "ADJ"]
        bases = list(given)
        if not given:
            short = names[code][0]
            if (code, short) not in noadj and (code, short) not in drops:
                b = adjective_base(short)
                if b:
                    bases.append(b)
        for b in bases:
            for form in adjective_forms(b):
                add(form, "NAT", code, "adjective" if b in given else "adjective (rule)")
        for c, a, t in overrides:
            if c == code and a == "FORM":
                add(t, "NAT", code, "irregular form")
    # a form claimed by two countries is ambiguous: keep it for neither
    owners: dict[str, set[str]] = {}
    for r in rows:
        owners.setdefault(r[0], set()).add(r[2])
    rows = [r for r in rows if len(owners[r[0]]) == 1]
    out = OUT_DIR / "countries.tsv"
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("# GENERATED by scripts/build_actors.py from mledoze/countries (ODbL) and country_overrides.tsv; do not edit by hand.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
