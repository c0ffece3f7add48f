"""Scoring analyses against gold annotations (format: ``shared/data/gold/ANNOTATION.md``).

Per article, then micro-averaged over articles:

- entities: a system entity matches a gold one of the same type when the names are equal
  up to leading clitics (و ف ب ل ك ال) and hamza / alef maqsura / ta marbuta spelling, or
  when every word of one stands in the other. Mentions whose words all stand in a longer
  mention of the same type count once. Actor-country accuracy is over matched entities.
- places: matched the same way (no type); coordinates right within 0.5°, or, for a
  country-level place, when the country is right.
- dates: a gold expression is *found* when a system expression overlaps (one occurrence
  of) its text, and *right* when the value is equal as well.
- quotes: match when the texts overlap.
- events: the tuple (PLOVER type, source key, target key), where an actor's key is its
  country, else its sector if IGO/NGO, else "-"; and the type alone. Multisets per article.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.model import Analysis
from marsad.text.normalize import normalize

_PROCLITICS = ("و", "ف")
_PREPS = ("ب", "ل", "ك")


def _word_variants(word: str) -> frozenset[str]:
    """A normalized word and its forms without leading و ف ب ل ك ال."""
    out = {word}
    frontier = [word]
    while frontier:
        w = frontier.pop()
        nxt = []
        if w[:1] in _PROCLITICS or w[:1] in _PREPS:
            nxt.append(w[1:])
            if w.startswith("لل"):
                nxt.append("ال" + w[2:])
        if w.startswith("ال"):
            nxt.append(w[2:])
        for n in nxt:
            if len(n) >= 2 and n not in out:
                out.add(n)
                frontier.append(n)
    return frozenset(out)


def _words(text: str) -> list[frozenset[str]]:
    norm = normalize(text)
    cleaned = "".join(ch if ch.isalnum() else " " for ch in norm)
    return [_word_variants(w) for w in cleaned.split()]


def _word_eq(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a.isdisjoint(b)


def names_match(a: str, b: str) -> bool:
    """Equal up to clitics and spelling, or every word of one stands in the other."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    if len(wa) == len(wb) and all(_word_eq(x, y) for x, y in zip(wa, wb)):
        return True
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return all(any(_word_eq(s, l) for l in long_) for s in short)


def _contained(short: str, long_: str) -> bool:
    ws, wl = _words(short), _words(long_)
    return len(ws) < len(wl) and all(any(_word_eq(s, l) for l in wl) for s in ws)


def dedupe_mentions(items: Sequence[dict[str, Any]], typed: bool = True) -> list[dict[str, Any]]:
    """Keep one mention per name; drop mentions whose words all stand in a longer one."""
    kept: list[dict[str, Any]] = []
    for it in items:
        if any(
            (not typed or k.get("type") == it.get("type")) and names_match(k["text"], it["text"])
            and len(_words(k["text"])) == len(_words(it["text"]))
            for k in kept
        ):
            continue
        kept.append(it)
    return [
        it for it in kept
        if not any(
            (not typed or o.get("type") == it.get("type")) and _contained(it["text"], o["text"])
            for o in kept if o is not it
        )
    ]


@dataclass
class PRF:
    """Precision/recall/F1. ``tp`` counts gold items found (recall); ``tp_sys`` counts
    system items that hit a gold one (precision) where matching is not one-to-one."""

    tp: int = 0
    n_sys: int = 0
    n_gold: int = 0
    tp_sys: int = 0

    def add(self, tp: int, n_sys: int, n_gold: int, tp_sys: int | None = None) -> None:
        self.tp += tp
        self.n_sys += n_sys
        self.n_gold += n_gold
        self.tp_sys += tp if tp_sys is None else tp_sys

    @property
    def precision(self) -> float:
        return self.tp_sys / self.n_sys if self.n_sys else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "system": self.n_sys, "gold": self.n_gold}


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class Scores:
    entities: PRF = field(default_factory=PRF)
    entity_country: Ratio = field(default_factory=Ratio)
    places: PRF = field(default_factory=PRF)
    place_coords: Ratio = field(default_factory=Ratio)
    dates_found: PRF = field(default_factory=PRF)
    dates_right: PRF = field(default_factory=PRF)
    quotes: PRF = field(default_factory=PRF)
    events: PRF = field(default_factory=PRF)
    event_types: PRF = field(default_factory=PRF)
    articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "entities": self.entities.to_dict(),
            "entity_country": self.entity_country.to_dict(),
            "places": self.places.to_dict(),
            "place_coordinates": self.place_coords.to_dict(),
            "dates_found": self.dates_found.to_dict(),
            "dates_right": self.dates_right.to_dict(),
            "quotes": self.quotes.to_dict(),
            "events": self.events.to_dict(),
            "event_types": self.event_types.to_dict(),
        }


def _greedy_match(gold: list[dict], system: list[dict], same: Any) -> list[tuple[dict, dict]]:
    """Pairs (gold, system): exact-name matches first, then partial ones."""
    pairs: list[tuple[dict, dict]] = []
    used: set[int] = set()
    for exact in (True, False):
        for g in gold:
            if any(g is pg for pg, _ in pairs):
                continue
            for i, s in enumerate(system):
                if i in used or not same(g, s):
                    continue
                wg, ws = _words(g["text"]), _words(s["text"])
                is_exact = len(wg) == len(ws) and all(_word_eq(x, y) for x, y in zip(wg, ws))
                if exact and not is_exact:
                    continue
                if not exact and not names_match(g["text"], s["text"]):
                    continue
                pairs.append((g, s))
                used.add(i)
                break
    return pairs


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    out = []
    if not needle:
        return out
    start = text.find(needle)
    while start != -1:
        out.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    if not out:  # tolerate spelling differences: search in normalized text
        from marsad.text.normalize import NormalizedText

        nt = NormalizedText(text)
        nn = normalize(needle)
        s = nt.text.find(nn)
        while s != -1 and nn:
            out.append(nt.to_original(s, s + len(nn)))
            s = nt.text.find(nn, s + 1)
    return out


def _overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _actor_key(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "-"
    if actor.get("country"):
        return str(actor["country"])
    if actor.get("sector") in ("IGO", "NGO"):
        return str(actor["sector"])
    return "-"


def score_article(analysis: Analysis, gold: dict[str, Any], scores: Scores) -> dict[str, Any]:
    """Add one article's counts to ``scores``; return the article's own counts."""
    text = analysis.text
    local = Scores()
    local.articles = 1

    # entities
    sys_ents = dedupe_mentions([
        {"text": e.text, "type": e.type, "country": e.actor.country if e.actor else None}
        for e in analysis.entities
    ])
    gold_ents = dedupe_mentions(list(gold.get("entities", [])))
    pairs = _greedy_match(gold_ents, sys_ents, lambda g, s: g.get("type") == s.get("type"))
    local.entities.add(len(pairs), len(sys_ents), len(gold_ents))
    for g, s in pairs:
        local.entity_country.total += 1
        local.entity_country.right += int((g.get("country") or None) == (s.get("country") or None))

    # places
    sys_places = dedupe_mentions([
        {"text": p.text, "country": p.country, "lat": p.lat, "lon": p.lon, "precision": p.precision}
        for p in analysis.places
    ], typed=False)
    gold_places = dedupe_mentions(list(gold.get("places", [])), typed=False)
    pairs = _greedy_match(gold_places, sys_places, lambda g, s: True)
    local.places.add(len(pairs), len(sys_places), len(gold_places))
    for g, s in pairs:
        local.place_coords.total += 1
        ok = False
        if s.get("lat") is not None and g.get("lat") is not None:
            ok = abs(s["lat"] - g["lat"]) <= 0.5 and abs(s["lon"] - g["lon"]) <= 0.5
        if not ok and s.get("precision") == "country" and g.get("country"):
            ok = s.get("country") == g.get("country")
        local.place_coords.right += int(ok)

    # dates
    gold_dates = list(gold.get("dates", []))
    gold_spans = [(_occurrences(text, d["text"]), d.get("value")) for d in gold_dates]
    found = right = 0
    for occ, value in gold_spans:
        hits = [t for t in analysis.dates if _overlaps((t.start, t.end), occ)]
        found += bool(hits)
        right += any(t.value == value for t in hits)
    sys_found = sum(any(_overlaps((t.start, t.end), occ) for occ, _ in gold_spans) for t in analysis.dates)
    sys_right = sum(
        any(_overlaps((t.start, t.end), occ) and t.value == v for occ, v in gold_spans) for t in analysis.dates
    )
    local.dates_found.add(found, len(analysis.dates), len(gold_dates), sys_found)
    local.dates_right.add(right, len(analysis.dates), len(gold_dates), sys_right)

    # quotes
    gold_quotes = list(gold.get("quotes", []))
    gq_spans = [_occurrences(text, q.get("quote") or q.get("text") or "") for q in gold_quotes]
    q_found = sum(any(_overlaps((q.start, q.end), occ) for q in analysis.quotes) for occ in gq_spans)
    q_sys_ok = sum(any(_overlaps((q.start, q.end), occ) for occ in gq_spans) for q in analysis.quotes)
    local.quotes.add(q_found, len(analysis.quotes), len(gold_quotes), q_sys_ok)

    # events
    sys_tuples = Counter()
    sys_types = Counter()
    for ev in analysis.events:
        sys_tuples[(ev.plover, _actor_key(ev.source and ev.source.to_dict()),
                    _actor_key(ev.target and ev.target.to_dict()))] += 1
        sys_types[ev.plover] += 1
    gold_tuples = Counter()
    gold_types = Counter()
    for ev in gold.get("events", []):
        gold_tuples[(ev.get("plover"), _actor_key(ev.get("source")), _actor_key(ev.get("target")))] += 1
        gold_types[ev.get("plover")] += 1
    local.events.add(sum((sys_tuples & gold_tuples).values()), sum(sys_tuples.values()), sum(gold_tuples.values()))
    local.event_types.add(sum((sys_types & gold_types).values()), sum(sys_types.values()), sum(gold_types.values()))

    _merge(scores, local)
    out = local.to_dict()
    out["id"] = analysis.id
    return out


def _merge(total: Scores, local: Scores) -> None:
    total.articles += local.articles
    for name in ("entities", "places", "dates_found", "dates_right", "quotes", "events", "event_types"):
        a, b = getattr(total, name), getattr(local, name)
        a.add(b.tp, b.n_sys, b.n_gold, b.tp_sys)
    for name in ("entity_country", "place_coords"):
        a, b = getattr(total, name), getattr(local, name)
        a.right += b.right
        a.total += b.total


def load_jsonl(path: str) -> list[dict[str, Any]]:
    import gzip

    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(analyses: Iterable[Analysis], gold: Iterable[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score analyses against gold records matched by id. Returns (totals, per article)."""
    by_id = {str(g["id"]): g for g in gold}
    scores = Scores()
    per_article = []
    for a in analyses:
        g = by_id.get(a.id)
        if g is None:
            continue
        per_article.append(score_article(a, g, scores))
    return scores.to_dict(), per_article
