"""Place names: find them in the article and geocode them from the gazetteer.

Resources (``marsad/resources/places/``, see the README there): ``gazetteer.tsv`` (built
by ``scripts/build_gazetteer.py``) and ``stoplist.tsv`` (names that are everyday words or
need a cue word such as مدينة / محافظة before them).

Matching works on the normalized tokens of the document: the first word of a name may
carry proclitics (و ف ب ل ك and ال, as in ببغداد، وبغداد، لبغداد، للعراق), the other
words must match exactly; the longest name wins. Each name has one or more candidate
places; the choice takes, in order of weight, the cue word before the name (محافظة →
a division, مدينة → a town), the countries the article names, the feature type
(country > division/region > capital > town) and the population.
"""

from __future__ import annotations

import bisect
import itertools

import math
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from marsad.model import Analysis, Place, Token
from marsad.text.normalize import normalize

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "places"

_TANWIN_FATH = ("اً", "ًا", "ً")
_PRECISION_RANK = {"country": 3.0, "region": 2.0, "admin1": 2.0, "city": 0.0}
#: Cue words before a name (normalized) and the precision they point to.
_CUES = {
    "محافظه": "admin1", "ولايه": "admin1", "اقليم": "admin1", "مقاطعه": "admin1", "اماره": "admin1",
    "مدينه": "city", "بلده": "city", "قريه": "city", "العاصمه": "city", "مدينتي": "city", "بلدتي": "city",
    "ميناء": "city", "مخيم": "city", "حي": "city", "ناحيه": "city", "قضاء": "city", "مدن": "city",
    "منطقه": "any", "دوله": "country", "بلاد": "country",
}


@dataclass(frozen=True, slots=True)
class Entry:
    geonames_id: int | None
    name_en: str
    country: str | None
    lat: float
    lon: float
    population: int
    feature: str
    precision: str


class GazetteerError(ValueError):
    """A gazetteer or stop-list file that cannot be read."""


@dataclass(frozen=True)
class Gazetteer:
    """Names (tuples of normalized words) → candidate places."""

    names: dict[tuple[str, ...], tuple[Entry, ...]]
    first_words: dict[str, int]  # first word → most words in a name starting with it
    never: frozenset[tuple[str, ...]]
    cue_only: frozenset[tuple[str, ...]]
    short: dict[str, frozenset[str]]  # two-letter normalized name → its exact spellings

    def lookup(self, name: str) -> tuple[Entry, ...]:
        return self.names.get(tuple(normalize(name).split()), ())


def _resource(name: str) -> str:
    return (RESOURCES / name).read_text(encoding="utf-8")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of the data lines of a TSV file (after its header; blank and
    ``#`` comment lines skipped)."""
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.startswith("#")]
    return [(n, ln.split("\t")) for n, ln in lines[1:]]


def load_gazetteer(path: str | Path | None = None, stoplist: str | Path | None = None) -> Gazetteer:
    """Load the gazetteer (default: the one shipped with Marsad)."""
    try:
        gtext = Path(path).read_text(encoding="utf-8") if path else _resource("gazetteer.tsv")
        stext = Path(stoplist).read_text(encoding="utf-8") if stoplist else _resource("stoplist.tsv")
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"cannot read gazetteer: not UTF-8 text (bad byte at offset {exc.start})") from None
    names: dict[tuple[str, ...], list[Entry]] = {}
    short: dict[str, set[str]] = {}
    for i, r in _rows(gtext):
        if len(r) != 9:
            raise GazetteerError(f"gazetteer line {i}: expected 9 tab-separated fields, got {len(r)}")
        gid, name_en, cc, lat, lon, pop, feature, precision, names_ar = r
        try:
            e = Entry(int(gid) if gid else None, name_en, cc or None, float(lat), float(lon),
                      int(pop or 0), feature, precision)
        except ValueError as exc:
            raise GazetteerError(f"gazetteer line {i}: {exc}") from exc
        keys = set()
        for n in names_ar.split("|"):
            k = tuple(normalize(n).replace("-", " ").split())
            if k:
                keys.add(k)
                if len(k) == 1 and len(k[0]) <= 2:
                    short.setdefault(k[0], set()).add(n.strip())
                if precision == "country" and len(k) == 1 and k[0].startswith("ال") and len(k[0]) > 4:
                    keys.add((k[0][2:],))  # كويت for الكويت
        for k in keys:
            names.setdefault(k, []).append(e)
    never, cue = set(), set()
    for i, r in _rows(stext):
        if len(r) < 2 or r[1].strip() not in ("never", "cue"):
            raise GazetteerError(f"stoplist line {i}: expected 'name<TAB>never|cue'")
        k = tuple(normalize(r[0]).split())
        if not k:
            raise GazetteerError(f"stoplist line {i}: empty name")
        (never if r[1].strip() == "never" else cue).add(k)
    for k in never | cue:
        names.setdefault(k, [])  # stop-list names compete in longest match (فيلق القدس)
    first: dict[str, int] = {}
    for k in names:
        first[k[0]] = max(first.get(k[0], 0), len(k))
    return Gazetteer({k: tuple(v) for k, v in names.items()}, first, frozenset(never), frozenset(cue),
                     {k: frozenset(v) for k, v in short.items()})


def _first_word_forms(tok: Token) -> list[str]:
    """The token and its forms without proclitics (no enclitic removal), longest first."""
    norm = tok.norm
    out = []
    for s in tok.stems:
        if s == norm:
            out.append(s)
            continue
        if len(s) < 3:
            continue
        if norm.endswith(s):
            if not norm[: len(norm) - len(s)].endswith("ال"):  # السورية is not سورية
                out.append(s)
        elif s.startswith("ال") and norm.endswith(s[2:]) and norm.startswith(("لل", "ولل", "فلل")):
            out.append(s)
    return out


def _name_start(tok: Token, form: str) -> int:
    """Where the name starts inside its first token: after the proclitics (ببغداد → بغداد);
    the whole token when the name is not a plain suffix of it (للعراق)."""
    if tok.norm == form:
        return tok.start
    for k in range(1, len(tok.text)):
        if normalize(tok.text[k:]) == form:
            return tok.start + k
    return tok.start


@dataclass(frozen=True, slots=True)
class _Match:
    start_tok: int
    end_tok: int  # exclusive
    key: tuple[str, ...]
    cue: str | None


class PlaceComponent:
    name = "places"

    def __init__(self, gazetteer: Gazetteer, all_names: bool = False):
        self.gaz = gazetteer
        self.all_names = all_names

    # -- matching ---------------------------------------------------------
    def find(self, tokens: tuple[Token, ...], text: str) -> list[_Match]:
        gaz = self.gaz
        out: list[_Match] = []
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            if not tok.norm[:1].isalpha():
                i += 1
                continue
            best: _Match | None = None
            for form in _first_word_forms(tok):
                maxw = gaz.first_words.get(form)
                if not maxw:
                    continue
                for w in range(min(maxw, n - i), 0, -1):
                    key = (form,) + tuple(t.norm for t in tokens[i + 1:i + w])
                    if key in gaz.names:
                        if best is None or w > best.end_tok - best.start_tok:
                            best = _Match(i, i + w, key, None)
                        break
            if best is None:
                i += 1
                continue
            if best.key in gaz.never or not gaz.names[best.key] and best.key not in gaz.cue_only:
                i = best.end_tok
                continue
            if tokens[best.end_tok - 1].text.endswith(_TANWIN_FATH):
                i = best.end_tok  # indefinite accusative (دوراً، كبيراً): a common noun
                continue
            # two-letter names (إب): only the exact spelling, without clitics
            if len(best.key) == 1 and len(best.key[0]) <= 2 and tok.text not in gaz.short.get(best.key[0], ()):
                i += 1
                continue
            cue = None
            if i > 0:
                prev = tokens[i - 1]
                for s in prev.stems:
                    if s in _CUES:
                        cue = _CUES[s]
                        break
                    if s.startswith("ال") and s[2:] in _CUES:
                        cue = _CUES[s[2:]]
                        break
            if best.key in gaz.cue_only and cue is None or not gaz.names[best.key]:
                i = best.end_tok
                continue
            if best.end_tok < n and self._is_club(best.key, tokens[best.end_tok]):
                i = best.end_tok
                continue
            out.append(replace(best, cue=cue))
            i = best.end_tok
        return out

    def _is_club(self, key: tuple[str, ...], nxt: Token) -> bool:
        """A town followed by a masculine nationality adjective names a club (ليفربول
        الإنجليزي، ميلان الإيطالي); a town takes the feminine (إسطنبول التركية)."""
        w = nxt.norm
        if not (w.startswith("ال") and w.endswith("ي") and len(w) > 5):
            return False
        cands = self.gaz.names.get(key, ())
        return bool(cands) and all(e.precision == "city" for e in cands)

    # -- disambiguation ---------------------------------------------------
    def _score(self, e: Entry, cue: str | None, context: Counter) -> float:
        s = _PRECISION_RANK.get(e.precision, 0.0)
        if cue and cue != "any":
            s += 4.0 if e.precision == cue else 0.0
        if e.country and context.get(e.country):
            s += 1.5 + min(context[e.country], 5) * 0.2
        if e.feature == "PPLC":
            s += 2.5
        s += math.log10(e.population + 10) * 0.5
        return s

    def __call__(self, doc: Any, analysis: Analysis) -> Analysis:
        tokens = doc.tokens
        text = doc.text
        matches = self.find(tokens, text)
        named = [(e.start, e.end) for e in analysis.entities if e.type in ("PER", "ORG")]
        if named:  # a name inside a person or organization (قناة الجزيرة، بشار الأسد) is not a place
            # inside some (s, e) <=> the largest end among names starting at or before the
            # match reaches its end (bisect: linear in the article, not matches x names)
            named.sort()
            n_starts = [s for s, _ in named]
            max_end = list(itertools.accumulate((e for _, e in named), max))

            def inside(a: int, b: int) -> bool:
                k = bisect.bisect_right(n_starts, a) - 1
                return k >= 0 and max_end[k] >= b

            matches = [m for m in matches if not inside(tokens[m.start_tok].start, tokens[m.end_tok - 1].end)]
        context: Counter = Counter()
        for m in matches:
            cands = self.gaz.names[m.key]
            countries = {e.country for e in cands if e.country}
            if any(e.precision == "country" for e in cands):
                context.update(e.country for e in cands if e.precision == "country" and e.country)
            elif len(countries) == 1:
                context.update(countries)
        chosen = [max(self.gaz.names[m.key], key=lambda c: self._score(c, m.cue, context)) for m in matches]
        # the name a place is given: its fullest name in the article, else its first
        # (الولايات المتحدة over أمريكا); its other names are left out unless all_names
        name_of: dict[tuple, tuple[str, ...]] = {}
        for m, e in zip(matches, chosen):
            ident = (e.geonames_id, e.name_en, e.country)
            if ident not in name_of or len(m.key) > len(name_of[ident]):
                name_of[ident] = m.key
        places: list[Place] = []
        for m, e in zip(matches, chosen):
            if not self.all_names and name_of[(e.geonames_id, e.name_en, e.country)] != m.key:
                continue
            s, end = _name_start(tokens[m.start_tok], m.key[0]), tokens[m.end_tok - 1].end
            places.append(Place(text=text[s:end], start=s, end=end, name_en=e.name_en, country=e.country,
                                lat=round(e.lat, 4), lon=round(e.lon, 4), geonames_id=e.geonames_id,
                                feature_type=e.feature, precision=e.precision))
        return replace(analysis, places=tuple(places))


def make_component(options: dict[str, Any]) -> PlaceComponent:
    """Factory for the pipeline. Options: ``gazetteer`` (path to a gazetteer TSV),
    ``place_stoplist`` (path to a stop-list TSV), ``place_all_names`` (keep the mentions of a
    place under every name it is given; by default a place keeps the name it is first given
    in the article and its other names are left out, as in the gold annotations)."""
    return PlaceComponent(load_gazetteer(options.get("gazetteer"), options.get("place_stoplist")),
                          all_names=bool(options.get("place_all_names", False)))
