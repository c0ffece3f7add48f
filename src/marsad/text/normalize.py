"""Arabic normalization for matching, with an exact way back to the original text.

``normalize(s)`` returns the matching form of a string; ``NormalizedText(s)`` keeps, in
addition, an offset map so that any span found in the normalized text maps back to the
exact original characters (``to_original(start, end)``).

The matching form:
- hamza/alef forms أ إ آ ٱ → ا; alef maqsura ى → ي; ta marbuta ة → ه;
- tatweel, diacritics (harakat, shadda, sukun, tanwin, dagger alef, Quranic marks) removed;
- Arabic-Indic and Persian digits → ASCII; Arabic punctuation → ASCII (، ؛ ؟ « » ٪);
- presentation forms and other compatibility characters via NFKC (ﻻ → لا);
- zero-width and bidi control characters removed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array

_DELETE = (
    [chr(c) for c in range(0x064B, 0x0660)]  # harakat, tanwin, shadda, sukun, maddah, hamza marks
    + ["\u0670", "\u0640"]  # dagger alef, tatweel
    + [chr(c) for c in range(0x0610, 0x061B)]  # Quranic honorifics and small marks
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u08f0", "\u08f1", "\u08f2", "\u08f3"]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u061c", "\u00ad"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
)

_REPLACE = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ى": "ي", "ی": "ي", "ي": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ە": "ه",
    "،": ",", "؛": ";", "؟": "?", "«": '"', "»": '"', "٪": "%", "٫": ".", "٬": ",",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
}
for _i in range(10):
    _REPLACE[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic
    _REPLACE[chr(0x06F0 + _i)] = str(_i)  # Persian (Extended Arabic-Indic)

_KEEP = {"\u2026"}  # the ellipsis stays one character (the sentence splitter reads it)


def _build_tables() -> tuple[dict[int, str | None], dict[int, str]]:
    """One-to-one/deleting table for str.translate, and the characters that expand."""
    table: dict[int, str | None] = {ord(c): None for c in _DELETE}
    table.update({ord(k): v for k, v in _REPLACE.items()})
    expand: dict[int, str] = {}
    for cp in range(0xA0, 0x10000):
        if cp in table or 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        if ch in _KEEP:
            continue
        k = unicodedata.normalize("NFKC", ch)
        if k == ch:
            continue
        k = "".join(table.get(ord(c), c) or "" if ord(c) in table else c for c in k)
        if len(k) <= 1:
            table[cp] = k or None
        else:
            expand[cp] = k
    return table, expand


_TABLE, _EXPAND = _build_tables()
_EXPAND_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _EXPAND) + "]")
_DELETED = "".join(re.escape(chr(c)) for c, v in _TABLE.items() if v is None)
_DELETED_RE = re.compile("[" + _DELETED + "]+")


def normalize(text: str) -> str:
    """Matching form of ``text`` (no offsets)."""
    if _EXPAND_RE.search(text) is None:
        return text.translate(_TABLE)
    return NormalizedText(text).text


class NormalizedText:
    """A normalized copy of ``original`` with a map back to original offsets."""

    __slots__ = ("original", "text", "_map")

    def __init__(self, original: str):
        self.original = original
        if _EXPAND_RE.search(original) is None:
            self.text = original.translate(_TABLE)
            if len(self.text) == len(original):
                self._map = None  # identity
            else:
                m = array("l")
                prev = 0
                for d in _DELETED_RE.finditer(original):
                    m.extend(range(prev, d.start()))
                    prev = d.end()
                m.extend(range(prev, len(original)))
                self._map = m
        else:
            parts: list[str] = []
            m = array("l")
            for i, ch in enumerate(original):
                r = _EXPAND.get(ord(ch))
                if r is None:
                    r = ch.translate(_TABLE)
                if r:
                    parts.append(r)
                    m.extend([i] * len(r))
            self.text = "".join(parts)
            self._map = m

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized span [start, end) to the original span that produced it.

        Characters removed by normalization (diacritics, tatweel, controls) that follow
        the last character of the span belong to it, so a span ends where the next kept
        character begins.
        """
        if self._map is None:
            return start, end
        n = len(self._map)
        s = self._map[start] if start < n else len(self.original)
        if end <= start:
            return s, s
        e = self._map[end] if end < n else len(self.original)
        # an expanded character maps several normalized chars to one original char
        e = max(e, self._map[end - 1] + 1)
        if end < n and self._map[end] == self._map[end - 1]:
            e = self._map[end - 1] + 1
        return s, e

    def original_span(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]
