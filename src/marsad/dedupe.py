"""Near-duplicate articles: MinHash signatures and LSH (datasketch).

An article's fingerprint is the set of its word 3-grams ("shingles") of the normalized text
(:func:`marsad.text.normalize.normalize`: hamza forms, diacritics, digits unified), hashed
with CRC-32, so that the same wire story reprinted with other diacritics, hamza spelling or
a changed sentence still matches. Two
articles are near-duplicates when the estimated Jaccard similarity of their shingle sets
is at least ``threshold`` (default 0.8). Texts with fewer than ``min_shingles`` shingles
are never called duplicates (too short to tell).

``Deduper.check(article_id, text)`` returns the article it duplicates (or None) and the
signature to store; ``Deduper.add`` indexes an original. The signatures are kept in the
store (``article_minhash``) so a later ``marsad ingest`` finds duplicates of articles
ingested earlier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

import re
import zlib

from marsad.text.normalize import normalize

DEFAULT_THRESHOLD = 0.8
DEFAULT_NUM_PERM = 64
SHINGLE = 3
#: datasketch's hashing scheme; stored signatures are only comparable within one scheme.
SCHEME = "affine32"


@dataclass(frozen=True)
class Match:
    duplicate_of: str
    similarity: float


_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(normalize(text))
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


class Deduper:
    """MinHash LSH index of the originals seen so far (one per ingest run)."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = DEFAULT_NUM_PERM,
                 min_shingles: int = 10):
        from datasketch import MinHashLSH

        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        self.min_shingles = min_shingles
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._template = None  # permutations are computed once, then shared
        self._sigs: dict[str, object] = {}

    def signature(self, text: str):  # noqa: ANN201 - datasketch.MinHash | None
        from datasketch import MinHash

        sh = shingles(text)
        if len(sh) < self.min_shingles:
            return None
        m = MinHash(num_perm=self.num_perm, scheme=SCHEME, hashfunc=zlib.crc32, permutations=self._permutations())
        m.update_batch(list(sh))
        return m

    def _permutations(self):  # noqa: ANN202
        """The permutations of the hashing scheme, computed once (each new MinHash would
        otherwise draw them again: ~0.2 ms, and their own copy in memory)."""
        from datasketch import MinHash

        if self._template is None:
            self._template = MinHash(num_perm=self.num_perm, scheme=SCHEME, hashfunc=zlib.crc32)
        return self._template.permutations

    def to_bytes(self, m) -> bytes:  # noqa: ANN001
        return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()

    def from_bytes(self, data: bytes):  # noqa: ANN201
        from datasketch import MinHash

        hv = np.frombuffer(data, dtype=np.uint64)
        if len(hv) != self.num_perm:
            return None
        return MinHash(num_perm=self.num_perm, hashvalues=hv.copy(), scheme=SCHEME, hashfunc=zlib.crc32,
                       permutations=self._permutations())

    def load(self, pairs: Iterable[tuple[str, bytes]]) -> int:
        """Index stored signatures (article_id, bytes); returns how many."""
        n = 0
        for aid, data in pairs:
            m = self.from_bytes(data)
            if m is not None and aid not in self._sigs:
                self.add(aid, m)
                n += 1
        return n

    def add(self, article_id: str, m) -> None:  # noqa: ANN001
        if m is None or article_id in self._sigs:
            return
        self.lsh.insert(article_id, m)
        self._sigs[article_id] = m

    def find(self, m) -> Match | None:  # noqa: ANN001
        """The most similar indexed article at or above the threshold."""
        if m is None:
            return None
        best: Match | None = None
        for cand in self.lsh.query(m):
            sim = float(m.jaccard(self._sigs[cand]))
            if sim >= self.threshold and (best is None or sim > best.similarity
                                          or (sim == best.similarity and cand < best.duplicate_of)):
                best = Match(cand, sim)
        return best

    def check(self, article_id: str, text: str) -> tuple[Match | None, bytes | None]:
        """(match, signature bytes). An original is indexed at once, so a later copy in the
        same run is found; a duplicate is not indexed."""
        m = self.signature(text)
        if m is None:
            return None, None
        match = self.find(m)
        if match is None:
            self.add(article_id, m)
        return match, self.to_bytes(m)

    def __len__(self) -> int:
        return len(self._sigs)


__all__ = ["Deduper", "Match", "shingles", "DEFAULT_THRESHOLD", "DEFAULT_NUM_PERM"]
