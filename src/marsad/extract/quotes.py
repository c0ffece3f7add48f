"""Quotes: direct speech («…», "…", “…”, after a colon) and reported speech
(قال / أضاف / أكد / تابع / أوضح / أشار / كشف … + إن / أن / عن), with the speaker resolved
to its entity and actor code.

The speaker is the mention after the speech verb (VSO: ``قالت لجنة الدفاع إن``) or before it
(SVO), else, for a verb without a subject (``وأضاف:``, ``وأكد أن``), the previous speaker of
the article. Speech words are in ``resources/quotes/speech_verbs.tsv``.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from importlib import resources
from typing import Any

from marsad.coding.agreement import noun_gender
from marsad.model import Actor, Analysis, Entity, Quote, Token
from marsad.text.normalize import normalize

_PAIRS = {"«": "»", "“": "”", '"': '"', "„": "“"}
_COMPLEMENTIZERS = {"ان", "بان", "انه", "انها", "انهم", "انهما", "اننا", "بانه", "بانها", "بانهم", "باننا", "انني"}


def _load_speech() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("marsad.resources.quotes").joinpath("speech_verbs.tsv").read_text(encoding="utf-8")
    verbs, nouns = set(), set()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, forms = line.split("\t")[:2]
        target = verbs if kind == "V" else nouns
        target.update(normalize(f.strip()) for f in forms.split(",") if f.strip())
    return frozenset(verbs), frozenset(nouns)


_QUOTE_MARKS = (("«", "»"), ("“", "”"), ('"', '"'))


def _direct_quotes(s: str) -> list[tuple[int, int]]:
    """Inner spans of «…», “…” and "…" (at least two characters, no closing mark inside),
    left to right, not overlapping: what ``re.finditer(r'«([^»]{2,})»|“([^”]{2,})”|"([^"]{2,})"')``
    finds, in linear time (the regex backtracks quadratically on a run of opening marks)."""
    out: list[tuple[int, int]] = []
    nxt = {o: s.find(o) for o, _ in _QUOTE_MARKS}
    close_at = {o: -2 for o, _ in _QUOTE_MARKS}  # cached next closing mark (-1: none left)
    i = 0
    while True:
        live = [(j, o, c) for o, c in _QUOTE_MARKS if (j := nxt[o]) != -1]
        if not live:
            return out
        j, o, c = min(live)
        if close_at[o] != -1 and close_at[o] <= j:
            close_at[o] = s.find(c, j + 1)
        k = close_at[o]
        if k == -1:
            nxt[o] = -1  # no closing mark after this opening one, nor after any later one
            continue
        if k - j - 1 >= 2:
            out.append((j + 1, k))
            i = k + 1
        else:
            i = j + 1
        for o2, _ in _QUOTE_MARKS:
            if nxt[o2] != -1 and nxt[o2] < i:
                nxt[o2] = s.find(o2, i)


def _after_colon(s: str) -> int | None:
    """Where the unquoted speech after the first usable colon starts: what
    ``re.search(r":\\s*(?![«\"“])(\\S.{8,})$", s).start(1)`` gives, in linear time."""
    core = s[:-1] if s.endswith("\n") else s
    last_nl = core.rfind("\n")
    for m in re.finditer(r":\s*", s):
        q = m.end()
        if q < len(core) and q > last_nl and len(core) - q >= 9 and s[q] not in '«"“':
            return q
    return None


class QuoteExtractor:
    name = "quotes"

    def __init__(self, options: dict[str, Any]):
        self.verbs, self.nouns = _load_speech()
        from marsad.coding.lexicon import Lexicon

        self.demonyms = Lexicon.load().demonyms if options.get("quote_demonyms", True) else {}

    def _speech_at(self, tok: Token) -> bool:
        return any(s in self.verbs or s in self.nouns for s in tok.stems[:4])

    def __call__(self, doc: Any, analysis: Analysis) -> Analysis:
        text = analysis.text
        toks = analysis.tokens
        starts = [t.start for t in toks]
        ents = sorted(analysis.entities, key=lambda e: e.start)
        ent_starts = [e.start for e in ents]
        quotes: list[Quote] = []
        last: tuple[str | None, int | None, int | None, Actor | None] | None = None
        last_sent = -10
        speakers: list[tuple[int, tuple]] = []  # (sentence, speaker) of the last quotes
        for si, sent in enumerate(analysis.sentences):
            a = bisect.bisect_left(starts, sent.start)
            b = bisect.bisect_left(starts, sent.end)
            st = toks[a:b]
            if not st:
                continue
            found: list[tuple[int, int, int]] = []  # (start, end, verb token index or -1)
            # direct quotes
            stext = text[sent.start:sent.end]
            for a_, b_ in _direct_quotes(stext):
                g = stext[a_:b_]
                qs = sent.start + a_
                qe = qs + len(g)
                words = len(g.split())
                vi = self._verb_before(st, qs)
                colon = text[max(sent.start, qs - 3):qs].strip().endswith(":")
                if words >= 3 and (vi is not None or colon) or (words >= 2 and vi is not None and qs - st[vi].end < 40):
                    found.append((qs, qe, vi if vi is not None else -1))
            # after a colon, without quotation marks
            cq = _after_colon(stext)
            if cq is not None:
                qs = sent.start + cq
                vi = self._verb_before(st, qs)
                if vi is not None and qs - st[vi].end < 60 and not any(s <= qs < e for s, e, _ in found):
                    found.append((qs, sent.start + len(stext.rstrip(" .")), vi))
            # reported speech: verb ... إن / أن / عن
            for k, t in enumerate(st):
                if not self._speech_at(t):
                    continue
                for j in range(k + 1, min(len(st), k + 12)):
                    n = st[j].norm
                    if n in _COMPLEMENTIZERS or (n == "عن" and j == k + 1 + self._subject_len(st, k)):
                        qs = st[j + 1].start if j + 1 < len(st) else None
                        if qs is None:
                            break
                        qe = sent.start + len(stext.rstrip(" ."))
                        if n == "عن":
                            # كشف عن X: up to the next comma
                            c = text.find("،", qs, qe)
                            qe = c if c != -1 else qe
                        inner = [f for f in found if qs <= f[0] < qe or f[0] <= qs < f[1] or f[0] <= st[j].start < f[1]]
                        if inner:
                            break  # the direct quote inside is the quote
                        if len(text[qs:qe].split()) >= 3:
                            found.append((qs, qe, k))
                        break
                    if st[j].norm in ("،", ".", ":") or self._speech_at(st[j]):
                        break
            for qs, qe, vi in sorted(set(found)):
                spk = self._speaker(st, vi, ents, ent_starts, text) if vi >= 0 else None
                if spk is None and last is not None and si - last_sent <= 3:
                    spk = last
                    vg = self._verb_gender(st[vi]) if vi >= 0 else None
                    if vg is not None and _speaker_gender(last, ents) not in (None, vg):
                        # "وأضافت ..." after a man spoke: the last earlier speaker of her gender, else none
                        spk = next((h for hs, h in reversed(speakers) if si - hs <= 3 and
                                    _speaker_gender(h, ents) == vg), None)
                q_text = text[qs:qe].strip()
                lead = len(text[qs:qe]) - len(text[qs:qe].lstrip())
                qs += lead
                qe = qs + len(q_text)
                if spk is not None:
                    last, last_sent = spk, si
                    speakers = speakers[-5:] + [(si, spk)]
                quotes.append(Quote(text=q_text, start=qs, end=qe,
                                    speaker=spk[0] if spk else None,
                                    speaker_start=spk[1] if spk else None,
                                    speaker_end=spk[2] if spk else None,
                                    speaker_actor=spk[3] if spk else None))
        return dataclasses.replace(analysis, quotes=tuple(quotes))

    def _verb_gender(self, tok: Token) -> str | None:
        """"f" for a feminine past speech verb (قالت، وأضافت), "m" for a masculine one (وأضاف),
        else None (present, plural, nouns)."""
        w = tok.norm[1:] if tok.norm[:1] in "وف" and len(tok.norm) > 3 else tok.norm
        if w.endswith("ت") and w[:-1] in self.verbs:
            return "f"
        if w in self.verbs and w + "ت" in self.verbs:
            return "m"
        return None

    def _verb_before(self, st: list[Token], pos: int) -> int | None:
        n = 0  # tokens ending at or before pos (token ends are increasing)
        lo, hi = 0, len(st)
        while lo < hi:
            mid = (lo + hi) // 2
            if st[mid].end <= pos:
                lo = mid + 1
            else:
                hi = mid
        n = lo
        for k in range(n - 1, max(-1, n - 13), -1):
            if self._speech_at(st[k]):
                return k
        return None

    @staticmethod
    def _antecedent(word: Token, ents: list[Entity], ent_starts: list[int], before: int) -> Actor | None:
        """"وأوضحت المنظمة": a definite head noun names the last entity with that head
        (منظمة العفو الدولية) earlier in the article."""
        w = word.norm[1:] if word.norm[:1] in "وف" and word.norm[1:3] == "ال" else word.norm
        if not w.startswith("ال") or len(w) < 5:
            return None
        head = w[2:]
        k = bisect.bisect_left(ent_starts, before)
        for e in reversed(ents[max(0, k - 60):k]):
            if e.actor is None or e.type == "LOC":
                continue
            first = normalize(e.text.split()[0]) if e.text.split() else ""
            first = first[1:] if first[:1] in "وفبل" and first[1:3] == "ال" else first
            if first in (head, "ال" + head):
                return e.actor
        return None

    def _subject_len(self, st: list[Token], k: int) -> int:
        """Words between the verb at ``k`` and a following عن (its subject)."""
        for j in range(k + 1, min(len(st), k + 10)):
            if st[j].norm == "عن":
                return j - k - 1
        return 99

    def _speaker(self, st: list[Token], vi: int, ents: list[Entity], ent_starts: list[int], text: str):
        verb = st[vi]
        sent_start, sent_end = st[0].start, st[-1].end
        # VSO: an entity right after the verb (within 4 words, before the complementizer)
        limit = st[min(len(st) - 1, vi + 5)].end
        k = bisect.bisect_left(ent_starts, verb.end)
        cand = None
        if k < len(ents) and ents[k].start < limit and ents[k].end <= sent_end:
            between = text[verb.end:ents[k].start]
            if not re.search(r"[،:«\"“]|(^|\s)(ان|أن|إن|عن)(\s|$)", between):
                cand = ents[k]
        if cand is None:
            k = bisect.bisect_left(ent_starts, verb.start) - 1
            if k >= 0 and ents[k].start >= sent_start and verb.start - ents[k].end < 40:
                cand = ents[k]
        if cand is not None:
            # widen to "title of ENTITY" when the entity is the complement of a title noun
            return (cand.text, cand.start, cand.end, cand.actor)
        # a speaker that is not a named entity: the words up to the complementizer or colon
        words = []
        for t in st[vi + 1: vi + 7]:
            if t.norm in _COMPLEMENTIZERS or t.norm in ("عن", ":", "،", "«", '"', "في", "خلال") or not t.norm[:1].isalpha():
                break
            words.append(t)
        if words and len(words) <= 5:
            actor = None
            for t in words:
                c = next((self.demonyms[s] for s in t.stems if s in self.demonyms), None)
                if c:
                    actor = Actor(code=c + "GOV", country=c, sector="GOV")
                    break
            if actor is None:
                actor = self._antecedent(words[0], ents, ent_starts, verb.start)
            return (text[words[0].start:words[-1].end], words[0].start, words[-1].end, actor)
        return None


def _speaker_gender(spk: tuple, ents: list[Entity]) -> str | None:
    """Gender of a speaker (text, start, end, actor) when clear: places and persons by their
    entity type (:func:`marsad.coding.agreement.noun_gender`)."""
    text, start = spk[0] or "", spk[1]
    ent = next((e for e in ents if e.start == start and e.text == text), None)
    typ = ent.type if ent is not None else None
    return noun_gender(text, place=typ == "LOC", person=typ == "PER")


def make_component(options: dict[str, Any]) -> QuoteExtractor:
    return QuoteExtractor(options)
