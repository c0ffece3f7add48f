#!/usr/bin/env python3
"""Build ``src/marsad/resources/actors/countries.tsv`` from the country gazetteer.

Reads ``gazetteer/countries_ar.json`` (mledoze/countries, ODbL) from the development data
and the hand-checked ``country_overrides.tsv`` next to the output, and writes every
country's Arabic short and long names (kind LOC) and its nationality adjectives in all
genders and numbers, with and without the article (kind NAT).

Adjectives are generated from the short name by rule (سوريا → سوري, كندا → كندي,
السعودية → سعودي, لبنان → لبناني) unless the override file gives them (ADJ) or forbids
them (NOADJ); FORM rows add irregular forms (الأتراك) as they are.

It also writes ``persons_up.tsv``: persons from the UniversalPetrarch Arabic actor
dictionary (``dictionaries/universalpetrarch_ar/actor_dict_ar_v4.txt``, MIT). Its entries
are UDPipe lemmas joined by ``_``; person names survive lemmatization, so names of two to
four words are kept, with words joined by spaces; role phrases (وزير_خارجية_مصري_), one-word
entries (too ambiguous: قاعدة), names already in the hand-checked ``persons.tsv`` and rows
whose code has no valid country are left out. Its date ranges are repaired: an end before
the start (UP writes 18000101 for "open") means open-ended, ``>D`` means from D.

Usage: python scripts/build_actors.py
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import shared_data  # noqa: E402

from marsad.text.normalize import normalize  # noqa: E402

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
    build_up_persons(set(english), english)


ROLE_WORDS = set("""رئيس وزير أمير امير ملك سفير مدير عمدة ممثل جندي قائد زعيم شيخ نائب عضو متحدث ناطق
مسؤول حكومة وزارة مجلس حزب حركة جيش قوة شرطة محكمة لجنة منظمة جامعة اتحاد هيئة بنك شركة وكالة
سابق أعلى عام رئاسة ديوان الديوان عاهل دبابة قام قوات مسلح مسلحين رجل امرأة طفل شعب أهالي سكان مواطن مستشار سلطان ولي جنرال عقيد لواء رائد مبعوث مندوب مفوض قاضي نواب برلمان""".split())


def _up_dates(spec: str) -> tuple[str, str] | None:
    import re

    spec = spec.strip()
    if not spec:
        return "", ""
    m = re.fullmatch(r"(\d{8})-(\d{8})", spec)
    if m:
        a, b = m.groups()
        a_iso = f"{a[:4]}-{a[4:6]}-{a[6:]}"
        b_iso = f"{b[:4]}-{b[4:6]}-{b[6:]}"
        return (a_iso, "") if b <= a else (a_iso, b_iso)
    m = re.fullmatch(r">\s*(\d{8})", spec)
    if m:
        a = m.group(1)
        return f"{a[:4]}-{a[4:6]}-{a[6:]}", ""
    m = re.fullmatch(r"<\s*(\d{8})", spec)
    if m:
        b = m.group(1)
        return "", f"{b[:4]}-{b[4:6]}-{b[6:]}"
    return None


def build_up_persons(countries: set[str], english: dict[str, str]) -> None:
    import re

    sectors = {"GOV", "MIL", "LEG", "JUD", "COP", "REB", "OPP", "PTY", "CVL", "MED", "NGO", "IGO", "BUS",
               "REL", "EDU", "HLH", "REF", "UAF", "SPY", "ELI"}
    src = shared_data() / "dictionaries" / "universalpetrarch_ar" / "actor_dict_ar_v4.txt"
    hand = set()
    for fname in ("persons.tsv", "igos.tsv", "groups.tsv", "places.tsv", "media.tsv"):
        for line in (OUT_DIR / fname).read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                hand.update(normalize(a.strip()) for a in line.split("\t")[0].split("|"))
    nat_words = set()
    for line in (OUT_DIR / "countries.tsv").read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) > 1 and cols[1] == "NAT":
            nat_words.update(cols[0].split())
            nat_words.update(w[2:] for w in cols[0].split() if w.startswith("ال"))
    entries: list[tuple[str, list[str]]] = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        if line[:1] in " \t" and line.strip().startswith("["):
            if entries:
                entries[-1][1].extend(codes)
            continue
        name = line.split("[")[0].strip()
        entries.append((name, codes))
    rows: list[list[str]] = []
    groups: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {}
    for name, codes in entries:
        words = [w for w in name.replace("\u0670", "").split("_") if w]
        if not 2 <= len(words) <= 4 or any(len(w) < 2 or w in ROLE_WORDS for w in words):
            continue
        if not all(re.fullmatch(r"[\u0621-\u064A]+", w) for w in words):
            continue
        if len(words) == 2 and words[0] in ("عبد", "ابو", "أبو", "بن", "ابن"):
            continue  # a given name (عبد العزيز), not a person
        if words[0].startswith("ال") or any(w in nat_words for w in words):
            continue  # a nationality adjective: a role phrase, not a name
        text = " ".join(words)
        key = normalize(text)
        if key in hand:
            continue
        if key not in groups:
            groups[key] = (text, [])
        kept = groups[key][1]
        for c in codes:
            parts = c.split(None, 1)
            code = parts[0].lstrip("~")
            span = _up_dates(parts[1] if len(parts) > 1 else "")
            if span is None:
                continue
            country = code[:3] if code[:3] in countries else ""
            rest = code[3:] if country else code
            sector = "ELI" if rest.endswith("ELI") and len(rest) > 3 else rest[:3]
            if rest.startswith("IGO"):
                sector = "IGO"
            if not country and sector != "IGO":
                continue
            if sector not in sectors:
                sector = ""
            if not sector:
                continue  # a bare country code: a place or a people, not a person
            # drop a later row that overlaps an earlier one with another code
            lo, hi = span[0] or "0000", span[1] or "9999"
            if any((k[0], k[1]) != (country, sector) and lo < (k[3] or "9999") and (k[2] or "0000") < hi for k in kept):
                continue
            if (country, sector, span[0], span[1]) not in kept:
                kept.append((country, sector, span[0], span[1]))
    for text, kept in groups.values():
        for country, sector, a, b in kept:
            rows.append([text, "PER", f"{country}{sector}", country, sector, "", a, b,
                         "UniversalPetrarch (machine-translated; not hand-checked)"])
    out = OUT_DIR / "persons_up.tsv"
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("# GENERATED by scripts/build_actors.py from the UniversalPetrarch Arabic actor dictionary (MIT); "
                "do not edit by hand: correct a person in persons.tsv, which wins.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(HEADER)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
