"""Readers for plain text and JSONL (ANT fields), gzip read transparently."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.model import Article

#: Inputs larger than this are cut (with a warning) before decoding.
MAX_BYTES = 50 * 1024 * 1024

ARTICLE_FIELDS = ("id", "title", "abstract", "text", "published", "source", "url", "category", "author")


class ReadError(Exception):
    """An input that cannot be read at all (missing, binary, corrupt)."""


@dataclass(frozen=True)
class Record:
    """One item read from an input: an article or an error, with where it came from."""

    where: str
    article: Article | None = None
    error: str | None = None
    warning: str | None = None


def _decode(data: bytes, where: str) -> tuple[str, str | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return (
            data.decode("utf-8", errors="replace"),
            f"{where}: not valid UTF-8 (first bad byte at offset {exc.start}); undecodable bytes replaced",
        )


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    return b"\x00" in head


def _article_from_json(obj: object) -> Article:
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("no 'text' field" if text is None else "'text' is not a string")
    kw = {}
    for k in ARTICLE_FIELDS:
        v = obj.get(k)
        if v is not None and k != "text":
            kw[k] = str(v)
    return Article(text=text, **kw)


def iter_jsonl(text: str, where: str) -> Iterator[Record]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        loc = f"{where}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Record(loc, error=f"{loc}: not JSON ({exc.msg} at column {exc.colno})")
            continue
        try:
            yield Record(loc, article=_article_from_json(obj))
        except ValueError as exc:
            yield Record(loc, error=f"{loc}: {exc}")


def _is_jsonl(name: str, text: str) -> bool:
    lower = name.lower()
    if lower.endswith((".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson")):
        return True
    if lower.endswith((".txt", ".txt.gz")):
        return False
    return text.lstrip()[:1] == "{"


def read_bytes(data: bytes, where: str = "<stdin>", fmt: str | None = None) -> Iterator[Record]:
    """Records from raw bytes. ``fmt``: 'jsonl', 'text' or None (guess)."""
    warning = None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise ReadError(f"{where}: corrupt gzip data ({exc})") from None
        where_name = where[:-3] if where.endswith(".gz") else where
    else:
        where_name = where
    if _looks_binary(data):
        raise ReadError(f"{where}: looks like a binary file, not text or JSONL")
    if len(data) > MAX_BYTES:
        warning = f"{where}: input is {len(data) / 2**20:.0f} MB; only the first {MAX_BYTES // 2**20} MB are read"
        data = data[:MAX_BYTES]
    text, dec_warning = _decode(data, where)
    warning = "; ".join(w for w in (warning, dec_warning) if w) or None
    if fmt == "jsonl" or (fmt is None and _is_jsonl(where_name, text)):
        first = True
        for rec in iter_jsonl(text, where):
            if first and warning:
                rec = Record(rec.where, rec.article, rec.error, warning)
            first = False
            yield rec
        if first and warning:
            yield Record(where, warning=warning)
    else:
        yield Record(where, article=Article(text=text), warning=warning)


def read_path(path: str | Path, fmt: str | None = None) -> Iterator[Record]:
    """Records from a file (gzip read transparently)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"{p}: no such file")
    if p.is_dir():
        raise ReadError(f"{p}: is a directory (give a file)")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReadError(f"{p}: cannot read ({exc.strerror})") from None
    yield from read_bytes(data, str(p), fmt)
