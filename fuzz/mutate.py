"""A small, fast, deterministic mutation fuzzer (no coverage feedback): start from seed
inputs and apply random byte-level edits — flips, inserts of interesting bytes and
format tokens, deletions, duplications, splices of two seeds, truncation. ``make test``
uses it for the high example counts (it is ~100x cheaper per input than hypothesis);
``fuzz/run.py`` uses atheris (coverage-guided) for the long runs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

INTERESTING = [
    b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\x80", b"\xc3", b"\xed\xa0\x80",  # bad UTF-8, BOMs
    b"\n", b"\r\n", b"\r", b"\t", b" ", b"\xe2\x80\xa8", b"\xc2\x85",  # line ends
    "ع".encode(), "\u064e".encode(), "«".encode(), "»".encode(), "\u200f".encode(), "ـ".encode(),
    b'"', b"\\", b"\\u", b"\\ud800", b"{", b"}", b"[", b"]", b":", b",", b"null", b"1e999", b"-0",
    b"<", b">", b"</", b"/>", b"&", b"&amp;", b"&#0;", b"&#x110000;", b"<![CDATA[", b"]]>", b"<!--", b"-->",
    b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b"Content-Length: ", b"99999999999", b"-1", b"\r\n\r\n",
    b"%", b"|", b"#", b"'", b";", b"--", b"' OR 1=1 --",
]


def mutate(data: bytes, rnd: random.Random, seeds: Sequence[bytes], tokens: Sequence[bytes] = ()) -> bytes:
    buf = bytearray(data)
    pool = [*INTERESTING, *tokens]
    for _ in range(rnd.choice((1, 1, 2, 3, 4, 8))):
        op = rnd.randrange(8)
        pos = rnd.randint(0, len(buf))
        if op == 0 and buf:  # flip a bit
            i = rnd.randrange(len(buf))
            buf[i] ^= 1 << rnd.randrange(8)
        elif op == 1:  # insert an interesting byte string or a format token
            buf[pos:pos] = rnd.choice(pool)
        elif op == 2:  # delete a range
            del buf[pos:pos + rnd.randint(1, 16)]
        elif op == 3 and buf:  # duplicate a range
            j = rnd.randint(pos, min(len(buf), pos + 64))
            buf[pos:pos] = buf[pos:j] * rnd.randint(1, 8)
        elif op == 4 and seeds:  # splice with another seed
            other = rnd.choice(seeds)
            k = rnd.randint(0, len(other))
            buf = buf[:pos] + bytearray(other[k:])
        elif op == 5:  # truncate
            del buf[pos:]
        elif op == 6:  # random bytes
            buf[pos:pos] = rnd.randbytes(rnd.randint(1, 8))
        elif op == 7 and buf:  # overwrite with a random byte
            buf[rnd.randrange(len(buf))] = rnd.randrange(256)
    return bytes(buf)


def inputs(seeds: Sequence[bytes], n: int, seed: int = 0, tokens: Sequence[bytes] = ()) -> Iterator[bytes]:
    """``n`` inputs: the seeds themselves, then mutants (of seeds and of earlier mutants)."""
    rnd = random.Random(seed)
    recent: list[bytes] = list(seeds)
    for s in seeds[:n]:
        yield s
    for _ in range(max(0, n - len(seeds))):
        base = rnd.choice(recent) if rnd.random() < 0.3 else rnd.choice(seeds)
        out = mutate(base, rnd, seeds, tokens)
        if len(out) < 64 * 1024:
            recent.append(out)
            if len(recent) > 256:
                recent.pop(len(seeds) + rnd.randrange(len(recent) - len(seeds)))
        yield out
