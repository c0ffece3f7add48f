"""Sentences, tokens and clitics.

- ``split_sentences(text)``: sentence spans over the original text. Line breaks always end
  a sentence (news often has no full stops at all); inside a line . ! ? ؟ … ؛ end one, except
  in decimal numbers (3.5), abbreviations (د. م. أ.ف.ب.) and inside a quotation that closes
  on the same line.
- ``tokenize(text)``: tokens with their normalized form and candidate stems, offsets in the
  original text.
- ``clitic_stems(word)``: candidate stems of a normalized word after removing proclitics
  (و ف ب ل ك س ال and their combinations) and enclitic pronouns (ه ها هم هما كم كن نا ي...).
"""

from __future__ import annotations

import re
from functools import lru_cache

from marsad.model import Sentence, Token
from marsad.text.normalize import NormalizedText

_TERMINATORS = ".!?؟…؛"
_CANDIDATE_RE = re.compile(r"(?:\.{1,3}|[!?؟…؛]+)[\"'»”’)\]]*(?=\s|$)")
_OPENERS = {"«": "»", "“": "”", "(": ")"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
# Abbreviations that end in a full stop and do not end a sentence (normalized forms).
# Single letters (د. م. أ.) are handled by rule; these are the longer ones.
_ABBREVIATIONS = {"هـ", "ه", "ق.م", "Dr", "Mr", "Mrs", "Ms", "St", "No", "etc", "Jr", "vs", "Inc", "Co"}


def _quote_depth_positions(line: str) -> list[bool]:
    """For each character of ``line``, whether it lies inside a quotation that closes."""
    inside = [False] * len(line)
    stack: list[tuple[str, int]] = []
    dq_open: int | None = None
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(line):
        if ch in _OPENERS and ch != "(":
            stack.append((ch, i))
        elif ch in _CLOSERS and ch != ")":
            if stack and stack[-1][0] == _CLOSERS[ch]:
                spans.append((stack.pop()[1], i))
        elif ch == '"':
            if dq_open is None:
                dq_open = i
            else:
                spans.append((dq_open, i))
                dq_open = None
    for s, e in spans:
        if e - s > 1:
            for j in range(s + 1, e - 1):
                inside[j] = True
    return inside


def _line_boundaries(line: str) -> list[int]:
    """End offsets (exclusive, relative to ``line``) of sentences inside one line."""
    ends: list[int] = []
    inside: list[bool] | None = None
    for m in _CANDIDATE_RE.finditer(line):
        punct = m.group()
        if punct[0] == ".":
            before = line[: m.start()].rsplit(None, 1)
            word = before[-1] if before else ""
            core = word.lstrip("(\"'«")
            if core and ("." in core or core in _ABBREVIATIONS or (len(core) == 1 and core.isalpha())):
                continue
        if inside is None:
            inside = _quote_depth_positions(line)
        if inside[m.start()]:
            continue
        ends.append(m.end())
    return ends


#: A "sentence" longer than this (a page without punctuation) is cut at white space into
#: pieces of at most this many characters, so that the per-sentence work of the components
#: stays bounded and the analysis linear in the length of the text.
MAX_SENTENCE_CHARS = 2000


def _pieces(line: str, a: int, b: int) -> list[tuple[int, int]]:
    """``line[a:b]`` (stripped) cut at white space into pieces of at most MAX_SENTENCE_CHARS."""
    out = []
    while b - a > MAX_SENTENCE_CHARS:
        cut = max(line.rfind(" ", a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS),
                  line.rfind("\t", a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS))
        if cut <= a:
            cut = a + MAX_SENTENCE_CHARS
        end = cut
        while end > a and line[end - 1].isspace():
            end -= 1
        if end > a:
            out.append((a, end))
        a = cut
        while a < b and line[a].isspace():
            a += 1
    if a < b:
        out.append((a, b))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans of ``text`` (stripped of surrounding white space; very long ones cut,
    see MAX_SENTENCE_CHARS)."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        start = 0
        for end in _line_boundaries(line) + [len(line)]:
            seg = line[start:end]
            stripped = seg.strip()
            if stripped:
                lead = len(seg) - len(seg.lstrip())
                a = start + lead
                if len(stripped) <= MAX_SENTENCE_CHARS:
                    out.append(Sentence(line_start + a, line_start + a + len(stripped)))
                else:
                    out.extend(Sentence(line_start + x, line_start + y) for x, y in _pieces(line, a, a + len(stripped)))
            start = end
    return out


_TOKEN_RE = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+|\S")

_CONJ = ("", "و", "ف")
_PREP = ("", "ب", "ل", "ك", "س")
_ENCLITICS = ("هما", "كما", "كم", "كن", "هم", "هن", "ها", "نا", "ه", "ي", "ك")


@lru_cache(maxsize=200_000)
def clitic_stems(word: str) -> tuple[str, ...]:
    """Candidate stems of the normalized ``word``, the word itself first, then by
    increasing amount removed. Stems keep at least two letters."""
    cands: list[str] = [word]
    if len(word) < 3 or not word.isalpha():
        return tuple(cands)
    for conj in _CONJ:
        if conj and not word.startswith(conj):
            continue
        w1 = word[len(conj):]
        for prep in _PREP:
            if prep:
                if not w1.startswith(prep):
                    continue
                w2 = w1[1:]
                if prep == "س" and (not w2 or w2[0] not in "يتنا"):
                    continue
                if prep == "ل" and w2.startswith("ل") and len(w2) > 3:
                    w2 = "ا" + w2  # لل = ل + ال
            else:
                w2 = w1
            for det in ("", "ال"):
                if det:
                    if not w2.startswith(det) or prep == "س":
                        continue
                    w3 = w2[2:]
                else:
                    w3 = w2
                if len(w3) < 2:
                    continue
                cands.append(w3)
                if det:
                    continue
                for enc in _ENCLITICS:
                    if w3.endswith(enc) and len(w3) - len(enc) >= 2:
                        base = w3[: -len(enc)]
                        if base.endswith("ت") and len(base) >= 3:
                            cands.append(base[:-1] + "ه")  # حكومته → حكومه (ta marbuta)
                        cands.append(base)
    seen: dict[str, None] = {}
    for c in cands:
        seen.setdefault(c, None)
    return tuple(seen)


def tokenize(text: str, normalized: NormalizedText | None = None) -> list[Token]:
    """Tokens of ``text``: words, numbers and single punctuation marks."""
    nt = normalized or NormalizedText(text)
    out: list[Token] = []
    to_orig = nt.to_original
    for m in _TOKEN_RE.finditer(nt.text):
        s, e = to_orig(m.start(), m.end())
        norm = m.group()
        out.append(Token(s, e, text[s:e], norm, clitic_stems(norm) if norm[0].isalpha() else (norm,)))
    return out
