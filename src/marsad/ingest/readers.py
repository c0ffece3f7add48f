"""Readers for plain text, JSONL (ANT fields), HTML, RSS/Atom feeds and WARC files; gzip is
read transparently, folders are walked. HTML, feed and WARC parsing live in
:mod:`marsad.ingest.web`.

Formats (``fmt``): ``jsonl``, ``text``, ``html``, ``feed``, ``warc`` or None (guess from the
file name, then from the content)."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

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


def _json_record(line: str, loc: str, warning: str | None = None) -> Record:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(loc, error=f"{loc}: not JSON ({exc.msg} at column {exc.colno})", warning=warning)
    try:
        return Record(loc, article=_article_from_json(obj), warning=warning)
    except ValueError as exc:
        return Record(loc, error=f"{loc}: {exc}", warning=warning)


def iter_jsonl(text: str, where: str) -> Iterator[Record]:
    # Lines end at "\n" only: JSON strings may hold U+2028/U+0085, which splitlines() would cut.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        yield _json_record(line, f"{where}:{n}")


def _is_jsonl(name: str, text: str) -> bool:
    lower = name.lower()
    if lower.endswith((".jsonl", ".jsonl.gz", ".json", ".json.gz", ".ndjson")):
        return True
    if lower.endswith((".txt", ".txt.gz")):
        return False
    return text.lstrip()[:1] == "{"


FORMATS = ("jsonl", "text", "html", "feed", "warc")

_WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
_FEED_SUFFIXES = (".rss", ".atom", ".xml", ".rss.gz", ".atom.gz", ".xml.gz")


def _guess_format(name: str, head: bytes) -> str | None:
    """Format from the file name, else from the first bytes (None: text or JSONL)."""
    from marsad.ingest.web import looks_like_feed, looks_like_html

    lower = name.lower()
    if lower.endswith(_WARC_SUFFIXES) or head.startswith(b"WARC/"):
        return "warc"
    if lower.endswith(_HTML_SUFFIXES):
        return "html"
    if lower.endswith(_FEED_SUFFIXES) or looks_like_feed(head):
        return "feed"
    if looks_like_html(head):
        return "html"
    return None


def _gunzip(data: bytes, limit: int) -> tuple[bytes, bool]:
    """Decompress gzip data (all members), at most ``limit`` bytes of output (a gzip bomb
    never fills the memory). Returns (data, whether it was cut)."""
    out = bytearray()
    rest = data
    while rest[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(wbits=31)
        out += d.decompress(rest, limit + 1 - len(out))
        if len(out) > limit:
            return bytes(out[:limit]), True
        if not d.eof:
            raise EOFError("compressed file ended before the end-of-stream marker was reached")
        rest = d.unused_data
    return bytes(out), False


def read_bytes(data: bytes, where: str = "<stdin>", fmt: str | None = None, *,
               size: int | None = None) -> Iterator[Record]:
    """Records from raw bytes. ``fmt``: one of ``FORMATS`` or None (guess). ``size``: the
    size of the whole input when ``data`` is only its beginning (a large file)."""
    from marsad.ingest import web

    if fmt not in (None, *FORMATS):
        raise ReadError(f"{where}: unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    if fmt == "warc" or (fmt is None and where.lower().endswith(_WARC_SUFFIXES)):
        yield from web.iter_warc(data, where)  # gzip is per record in WARC files
        return
    warning = None
    if data[:2] == b"\x1f\x8b":
        try:
            data, cut = _gunzip(data, MAX_BYTES)
        except (OSError, EOFError, zlib.error) as exc:
            raise ReadError(f"{where}: corrupt gzip data ({exc})") from None
        if cut:
            warning = f"{where}: decompresses to more than {MAX_BYTES // 2**20} MB; only the first {MAX_BYTES // 2**20} MB are read"
        where_name = where[:-3] if where.endswith(".gz") else where
    else:
        where_name = where
    if fmt is None:
        fmt = _guess_format(where_name, data[:4096])
    if fmt == "warc":
        yield from web.iter_warc(data, where)
        return
    if _looks_binary(data):
        raise ReadError(f"{where}: looks like a binary file, not text or JSONL")
    if fmt == "html":
        if len(data) > MAX_BYTES:
            raise ReadError(f"{where}: HTML page of {(size or len(data)) / 2**20:.0f} MB is too large")
        yield web.html_article(data, where)
        return
    if fmt == "feed":
        yield from web.iter_feed(data, where)
        return
    if len(data) > MAX_BYTES:
        warning = f"{where}: input is {(size or len(data)) / 2**20:.0f} MB; only the first {MAX_BYTES // 2**20} MB are read"
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
        raise ReadError(f"{p}: is a directory (give a file, or use read_paths)")
    name = p.name.lower()
    if fmt == "jsonl" or (fmt is None and name.endswith((".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz"))):
        yield from stream_jsonl(p)
        return
    if fmt not in (None, *FORMATS):
        raise ReadError(f"{p}: unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    try:
        with p.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise ReadError(f"{p}: cannot read ({exc.strerror})") from None
    if fmt == "warc" or (fmt is None and (name.endswith(_WARC_SUFFIXES) or head.startswith(b"WARC/"))):
        yield from _stream_warc(p)
        return
    if fmt in (None, "feed"):
        feed = _stream_feed(p, head, fmt)
        if feed is not None:
            yield from feed
            return
    size = None
    try:
        with p.open("rb") as fh:
            if head[:2] == b"\x1f\x8b":
                data = fh.read()  # (decompressed with a limit by read_bytes)
            else:  # beyond MAX_BYTES nothing is read: never the whole of a huge file in memory
                data = fh.read(MAX_BYTES + 1)
                if len(data) > MAX_BYTES:
                    size = max(p.stat().st_size, len(data))
    except OSError as exc:
        raise ReadError(f"{p}: cannot read ({exc.strerror})") from None
    yield from read_bytes(data, str(p), fmt, size=size)


def _stream_warc(p: Path) -> Iterator[Record]:
    """A WARC file read as it goes (warcio decompresses each gzip member when it gets to it)."""
    from marsad.ingest import web

    try:
        with p.open("rb") as fh:
            yield from web.iter_warc(fh, str(p))
    except OSError as exc:  # the file itself cannot be read (the data's faults are records)
        yield Record(str(p), error=f"{p}: cannot read ({exc.strerror or exc})")


class _Capped(io.RawIOBase):
    """At most ``limit`` bytes of a binary stream (``cut`` tells whether there was more)."""

    def __init__(self, fh: IO[bytes], limit: int) -> None:
        self.fh, self.left, self.cut = fh, limit, False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # noqa: ANN001 - a writable buffer
        if self.left <= 0:
            self.cut = self.cut or bool(self.fh.read(1))
            return 0
        data = self.fh.read(min(len(b), self.left))
        self.left -= len(data)
        b[: len(data)] = data
        return len(data)


def _stream_feed(p: Path, head: bytes, fmt: str | None) -> Iterator[Record] | None:
    """The items of ``p`` read as it goes (gzip too) when it is a feed, else None."""
    from marsad.ingest import web

    gz = head[:2] == b"\x1f\x8b"
    name = p.name[:-3] if gz and p.name.lower().endswith(".gz") else p.name
    if gz:
        try:
            with gzip.open(p, "rb") as g:
                head = g.read(4096)
        except (OSError, EOFError, zlib.error):
            return None  # read whole: the usual message for corrupt gzip data
    if _looks_binary(head) or (fmt is None and _guess_format(name, head) != "feed"):
        return None

    def items() -> Iterator[Record]:
        n = 0
        try:
            with (gzip.open if gz else open)(p, "rb") as fh:  # type: ignore[operator]
                src = _Capped(fh, MAX_BYTES) if gz else fh  # (a gzip bomb is cut)
                for rec in web.iter_feed(src, str(p)):
                    n += 1
                    yield rec
                if gz and src.cut:  # type: ignore[union-attr]
                    yield Record(str(p), warning=f"{p}: decompresses to more than {MAX_BYTES // 2**20} MB; "
                                                 f"only the first {MAX_BYTES // 2**20} MB are read")
        except (OSError, EOFError, zlib.error) as exc:
            what = "truncated gzip data" if isinstance(exc, EOFError) else \
                f"corrupt gzip data ({exc})" if gz else f"unreadable data ({exc})"
            yield Record(f"{p}#item{n + 1}", error=f"{p}: {what} after item {n}; the items before it were read")

    return items()


#: A JSONL line longer than this is reported as an error (not read).
MAX_LINE_BYTES = 20 * 1024 * 1024


def _bounded_lines(fh, limit: int) -> Iterator[bytes | None]:  # noqa: ANN001 - binary file
    """Lines of a binary file, never holding more than ``limit`` bytes of one line in memory:
    a longer line is skipped (read through in chunks) and given as None."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the line
                chunk = fh.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def stream_jsonl(p: Path, *, start: int = 1, stop: int | None = None,
                 offset: int | None = None) -> Iterator[Record]:
    """JSONL read line by line (any size; gzip transparent): lines ``start`` (1-based) up to
    ``stop`` (excluded; None: to the end). ``offset``: the byte offset of line ``start`` in an
    uncompressed file (else the lines before it are skipped). A corrupt or truncated gzip
    stream is reported at the line where it broke; the lines before it are kept. Raises
    :class:`ReadError` when the file cannot be opened or is binary."""
    try:
        with p.open("rb") as raw:
            gz = raw.read(2) == b"\x1f\x8b"
    except OSError as exc:
        raise ReadError(f"{p}: cannot read ({exc.strerror})") from None
    opener = gzip.open if gz else open
    n = start - 1
    try:
        with opener(p, "rb") as fh:  # type: ignore[operator]
            if offset is not None:
                fh.seek(offset)
            lines = _bounded_lines(fh, MAX_LINE_BYTES)
            if offset is None:
                for _ in itertools.islice(lines, start - 1):
                    pass
            for n, line in enumerate(lines, start):  # noqa: B007 - n used after the loop
                if stop is not None and n >= stop:
                    break
                loc = f"{p}:{n}"
                if line is None:
                    yield Record(loc, error=f"{loc}: line longer than {MAX_LINE_BYTES // 2**20} MB is too long")
                    continue
                if not line.strip():
                    continue
                if n == 1 and b"\x00" in line[:8192]:
                    raise ReadError(f"{p}: looks like a binary file, not JSONL")
                warning = None
                try:
                    text = line.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError as exc:
                    text = line.decode("utf-8", errors="replace")
                    warning = f"{loc}: not valid UTF-8 (first bad byte at column {exc.start}); undecodable bytes replaced"
                yield _json_record(text, loc, warning)
    except (OSError, EOFError, zlib.error) as exc:
        if isinstance(exc, EOFError):
            what = "truncated gzip data"
        else:
            what = f"corrupt gzip data ({exc})" if gz else f"unreadable data ({exc})"
        yield Record(f"{p}:{n + 1}", error=f"{p}: {what} after line {n}; the lines before it were read")


def _walk(p: Path) -> Iterator[Path]:
    for child in sorted(p.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _walk(child)
        elif child.is_file():
            yield child


def read_paths(paths: Iterable[str | Path], fmt: str | None = None) -> Iterator[Record]:
    """Records from files and folders (walked recursively, hidden files skipped, in name
    order). Never raises for bad input: a file that cannot be read gives an error record
    and the others go on."""
    for path in paths:
        p = Path(path)
        files: Iterable[Path] = _walk(p) if p.is_dir() else [p]
        for f in files:
            try:
                yield from read_path(f, fmt)
            except ReadError as exc:
                yield Record(str(f), error=str(exc))
