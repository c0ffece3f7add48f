"""Readers for web material: HTML pages (trafilatura), RSS/Atom feed files, WARC archives.

Each function yields :class:`marsad.ingest.readers.Record` objects (an article or an
error with where it happened), so one bad page, item or record never stops the others.
Articles get no id here: :meth:`marsad.model.Article.stable_id` gives them a content hash.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import logging
import re
from collections.abc import Iterator
from typing import IO
from functools import lru_cache
from urllib.parse import urlparse

from marsad.ingest.readers import Record
from marsad.model import Article

#: A page (WARC payload, after content decoding) larger than this is skipped.
MAX_PAGE_BYTES = 20 * 1024 * 1024

#: Pages whose extracted main text is shorter than this are reported as "no article".
MIN_ARTICLE_CHARS = 25


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlparse(url).hostname
    except ValueError:  # "http://[x": an invalid IPv6 address, from a hostile feed or page
        return None
    return host[4:] if host and host.startswith("www.") else host


def html_article(data: bytes | str, where: str, url: str | None = None) -> Record:
    """The main article of an HTML page: text, title, date, author, site (trafilatura)."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - declared dependency
        return Record(where, error=f"{where}: cannot read HTML ({exc}); install trafilatura and lxml_html_clean")
    try:
        doc = trafilatura.bare_extraction(data, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        return Record(where, error=f"{where}: cannot parse HTML ({type(exc).__name__}: {exc})")
    if hasattr(doc, "as_dict"):
        doc = doc.as_dict()
    text = ((doc or {}).get("text") or "").strip()
    if len(text) < MIN_ARTICLE_CHARS:
        return Record(where, error=f"{where}: no article text found in the HTML page")
    url = url or doc.get("url")
    published = doc.get("date") or None
    title = (doc.get("title") or "").strip() or None
    if title and text.startswith(title) and len(text) > len(title) + MIN_ARTICLE_CHARS:
        text = text[len(title):].lstrip()  # the headline is kept once, as the title
    return Record(where, article=Article(
        text=text, title=title, published=published,
        source=doc.get("sitename") or doc.get("hostname") or _host(url), url=url,
        author=doc.get("author") or None))


# --------------------------------------------------------------------------- feeds

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child(el, *names: str):  # noqa: ANN001, ANN202 - lxml element
    for c in el:
        if _local(c.tag) in names:
            return c
    return None


def _child_text(el, *names: str) -> str | None:  # noqa: ANN001
    c = _child(el, *names)
    if c is None:
        return None
    t = "".join(c.itertext()).strip()
    return t or None


def _feed_date(value: str | None) -> str | None:
    if not value:
        return None
    v = value.strip()
    try:
        return dt.datetime.fromisoformat(v.replace("Z", "+00:00")).isoformat()
    except ValueError:
        pass
    try:
        d = email.utils.parsedate_to_datetime(v)
        return d.isoformat() if d else None
    except (TypeError, ValueError, IndexError, OverflowError):  # a day of 10**12 overflows
        return None


def _html_to_text(s: str) -> str:
    if "<" not in s:
        return s.strip()
    import lxml.html

    try:
        frag = lxml.html.fromstring(s)
    except Exception:  # noqa: BLE001 - fall back to removing tags
        return re.sub(r"<[^>]+>", " ", s).strip()
    for br in frag.iter("br", "p", "div", "li"):
        br.tail = "\n" + (br.tail or "")
    return re.sub(r"[ \t]+", " ", frag.text_content()).strip()


def _feed_item(it, loc: str, site: str | None) -> Record:  # noqa: ANN001 - lxml element
    title = _child_text(it, "title")
    link = None
    for c in it:
        if _local(c.tag) == "link":
            link = (c.get("href") or (c.text or "")).strip() or None
            if c.get("rel") in (None, "alternate"):
                break
    body = _child_text(it, "encoded", "content") or _child_text(it, "description", "summary")
    text = _html_to_text(body or "")
    if not text:
        return Record(loc, error=f"{loc}: feed item has no text (no content, description or summary)")
    raw_date = _child_text(it, "pubdate", "published", "date", "updated", "issued")
    published = _feed_date(raw_date)
    warning = None
    if raw_date and published is None:
        warning = f"{loc}: unreadable date {raw_date[:40]!r}; relative dates in this item stay unresolved"
    author = _child_text(it, "author", "creator")
    return Record(loc, article=Article(text=text, title=title, published=published,
                                      source=site or _host(link), url=link, author=author),
                  warning=warning)


def iter_feed(data: bytes | IO[bytes], where: str) -> Iterator[Record]:
    """Items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed file, one article each (the text is
    the item's full content when present, else its summary/description). ``data``: the bytes
    of the file or a binary file object, parsed as it is read (each item is dropped from the
    tree once read, so a large feed never sits in memory whole). The site name is the
    feed's title (``channel/title``, else the root's ``title``) as far as read before the item."""
    from lxml import etree

    src = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    events = etree.iterparse(src, events=("start", "end"), resolve_entities=False, no_network=True,
                             recover=True, huge_tree=False, remove_comments=True, remove_pis=True)
    root = None
    titles: dict[str, str] = {}  # "channel" / "root": the feed's title
    n = 0
    try:
        for event, el in events:
            if event == "start":
                if root is None:
                    root = el
                continue
            name = _local(el.tag)
            parent = el.getparent()
            if name in ("item", "entry"):
                n += 1
                yield _feed_item(el, f"{where}#item{n}", titles.get("channel") or titles.get("root"))
                el.clear(keep_tail=False)
                if parent is not None:
                    parent.remove(el)  # read: its memory goes
            elif name == "title" and parent is not None:
                if parent is root and "root" not in titles:
                    titles["root"] = "".join(el.itertext()).strip()
                elif _local(parent.tag) == "channel" and parent.getparent() is root and "channel" not in titles:
                    titles["channel"] = "".join(el.itertext()).strip()
    except etree.XMLSyntaxError as exc:
        if n == 0:
            yield Record(where, error=f"{where}: not a valid feed ({exc})")
        else:
            yield Record(f"{where}#item{n + 1}", error=f"{where}: broken XML after item {n} ({exc}); the items "
                                                       "before it were read")
        return
    if root is None:
        yield Record(where, error=f"{where}: not a valid feed (no XML root)")
    elif n == 0:
        yield Record(where, error=f"{where}: feed ({_local(root.tag)}) has no items")


def looks_like_feed(head: bytes) -> bool:
    h = head[:2000].lstrip().lower()
    return h.startswith(b"<?xml") and (b"<rss" in h or b"<feed" in h or b"<rdf:rdf" in h) \
        or h.startswith((b"<rss", b"<feed"))


def looks_like_html(head: bytes) -> bool:
    h = head[:2000].lstrip().lower()
    return h.startswith((b"<!doctype html", b"<html")) or (b"<html" in h and b"<body" in h.lower())


# --------------------------------------------------------------------------- WARC

def _no_raw_uri_in_log(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Replacing spaces in invalid WARC-Target-URI")


@lru_cache(maxsize=1)
def _quiet_warcio_log() -> None:
    """warcio logs a WARC-Target-URI that holds spaces, raw (control characters and terminal
    escapes of a hostile archive included), and with no logging set up Python prints it on
    stderr. The URI is kept, with its spaces as %20, so the message is dropped."""
    logging.getLogger("warcio.recordloader").addFilter(_no_raw_uri_in_log)


class CorruptCompressedData(Exception):
    """Compressed data (a gzip member of a WARC file, a gzip or deflate HTTP payload) that
    breaks after its first bytes decompressed."""


@lru_cache(maxsize=1)
def _strict_readers() -> tuple[type, type]:
    """warcio's buffered readers, except that compressed data that breaks midway raises
    :class:`CorruptCompressedData` (warcio itself writes the bare zlib message to stderr and
    goes on as if the data had ended)."""
    from warcio.bufferedreaders import BufferedReader, ChunkedDataReader, DecompressingBufferedReader

    class Strict:
        compressed = False  # some data decompressed: what follows (later gzip members too) must

        def _decompress(self, data):  # noqa: ANN001, ANN202 - warcio's signature
            if not (self.decompressor and data):  # type: ignore[attr-defined]
                return data
            if self.num_block_read or self.compressed:  # type: ignore[attr-defined]
                try:
                    return self.decompressor.decompress(data)  # type: ignore[attr-defined]
                except Exception as exc:  # noqa: BLE001 - zlib.error, brotli.error
                    raise CorruptCompressedData(str(exc)) from None
            out = super()._decompress(data)  # type: ignore[misc] - the first block: warcio's guess
            self.compressed = self.decompressor is not None  # type: ignore[attr-defined]
            return out

    class StrictMembers(Strict, DecompressingBufferedReader):
        pass

    class StrictChunked(Strict, ChunkedDataReader):
        pass

    class StrictPayload(Strict, BufferedReader):
        pass

    return StrictMembers, (StrictChunked, StrictPayload, BufferedReader)


def _content_stream(rec):  # noqa: ANN001, ANN202 - warcio record and stream
    """``rec.content_stream()`` (HTTP chunking and content encoding undone) with the strict
    readers of :func:`_strict_readers`."""
    if not rec.http_headers:
        return rec.raw_stream
    _, (chunked, payload, base) = _strict_readers()
    encoding = (rec.http_headers.get_header("content-encoding") or "").lower() or None
    if encoding not in base.get_supported_decompressors():
        encoding = None
    if rec.http_headers.get_header("transfer-encoding") == "chunked":
        return chunked(rec.raw_stream, decomp_type=encoding)
    if encoding:
        return payload(rec.raw_stream, decomp_type=encoding)
    return rec.raw_stream


def _brief(exc: BaseException, n: int = 160) -> str:
    """``Type: message`` on one line, at most ``n`` characters (warcio puts the raw first
    line of what it could not parse, of any length, in its messages)."""
    msg = " ".join(str(exc).split())
    if len(msg) > n:
        msg = msg[: n - 1] + "…"
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


def iter_warc(data: bytes, where: str) -> Iterator[Record]:
    """HTML responses of a WARC (or ARC) file, gzip per record read transparently. A
    truncated or corrupt record is reported (with the byte offset where it starts) and ends
    the file; what came before is kept. ``data``: the bytes of the file, or a binary file
    object open on it (read as it goes)."""
    from warcio.archiveiterator import ArchiveIterator

    _quiet_warcio_log()

    class _Quiet(ArchiveIterator):
        INC_RECORD = ""  # warcio writes raw bytes of a bad record to stderr; we report it as a record error

    fh = io.BytesIO(data) if isinstance(data, (bytes, bytearray, memoryview)) else data
    n = 0
    end = 0  # where the last complete record ended
    stream = _Quiet(fh, arc2warc=True)
    members, _ = _strict_readers()
    stream.reader = members(stream.fh, block_size=stream.reader.block_size)

    def corrupt(loc: str, exc: BaseException) -> Record:
        if isinstance(exc, CorruptCompressedData):
            what = f"corrupt gzip data ({_brief(exc, 80).split(': ', 1)[-1]})"
        elif _gzip_at(fh, end) and "Unknown archive format" in str(exc):
            what = "corrupt gzip data (the record's gzip member cannot be decompressed)"
        else:
            what = f"corrupt or truncated WARC record ({_brief(exc)})"
        return Record(loc, error=f"{loc}: {what} in the record starting at byte {end:,}; the records before it "
                                 "were read")

    while True:
        try:
            rec = next(stream)
        except StopIteration:
            break
        except Exception as exc:  # warcio raises ArchiveLoadFailed, EOFError, zlib errors...
            yield corrupt(f"{where}#record{n + 1}", exc)
            return
        n += 1
        loc = f"{where}#record{n}"
        out = None
        try:
            out = _warc_record(rec, loc)
            stream.read_to_end(rec)
            end = stream.get_record_offset() + stream.get_record_length()
        except CorruptCompressedData as exc:
            out = corrupt(loc, exc)
        except Exception as exc:  # noqa: BLE001 - truncated payload, bad chunking, bad encoding
            out = Record(loc, error=f"{loc}: truncated or unreadable WARC record ({_brief(exc)}) in the record "
                                    f"starting at byte {end:,}")
        if out is not None:
            yield out
            if out.error:
                return
    size = _size(fh)
    if size - end > 4 and _rest_is_not_blank(fh, end):
        yield Record(f"{where}#record{n + 1}",
                     error=f"{where}: truncated WARC record after record {n} ({size - end:,} bytes left "
                           "that are not a complete record); the records before it were read")
        return
    if n == 0:
        yield Record(where, error=f"{where}: no WARC records found")


def _gzip_at(fh, offset: int) -> bool:  # noqa: ANN001 - binary file object
    try:
        pos = fh.tell()
        fh.seek(offset)
        head = fh.read(2)
        fh.seek(pos)
    except (OSError, ValueError):
        return False
    return head == b"\x1f\x8b"


def _size(fh) -> int:  # noqa: ANN001
    pos = fh.tell()
    size = fh.seek(0, io.SEEK_END)
    fh.seek(pos)
    return size


def _rest_is_not_blank(fh, offset: int) -> bool:  # noqa: ANN001
    """Whether the file holds more than blank bytes from ``offset`` on (read in chunks)."""
    fh.seek(offset)
    while chunk := fh.read(1 << 20):
        if chunk.strip(b"\r\n\x00 "):
            return True
    return False


def _read_at_most(stream, n: int) -> bytes:  # noqa: ANN001 - warcio stream
    """Up to ``n`` bytes (reads may return less than asked before the end)."""
    out = bytearray()
    while len(out) < n:
        chunk = stream.read(min(1 << 20, n - len(out)))
        if not chunk:
            break
        out += chunk
    return bytes(out)


def _warc_record(rec, loc: str) -> Record | None:  # noqa: ANN001 - warcio ArcWarcRecord
    """An article from one WARC record (None for records that are not HTML pages)."""
    if rec.length is None or not rec.rec_headers.get_header("WARC-Type"):
        return Record(loc, error=f"{loc}: truncated WARC record (incomplete headers); the records before it were read")
    if rec.rec_type not in ("response", "resource"):
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI")
    if rec.http_headers is not None:
        ctype = rec.http_headers.get_header("Content-Type") or ""
    else:
        ctype = rec.rec_headers.get_header("Content-Type") or ""
    if rec.rec_type == "response" and rec.http_headers is not None:
        status = rec.http_headers.get_statuscode()
        if status and not str(status).startswith("2"):
            return None
    body = _read_at_most(_content_stream(rec), MAX_PAGE_BYTES + 1)  # the payload may be a gzip bomb
    if len(body) > MAX_PAGE_BYTES:
        return Record(loc, error=f"{loc}: HTML page larger than {MAX_PAGE_BYTES // 2**20} MB (skipped)")
    left = getattr(rec.raw_stream, "limit", 0) or 0
    if rec.length is None or left > 0:
        got = f"; {left:,} of its {rec.length:,} bytes are missing" if rec.length else " (no Content-Length)"
        return Record(loc, error=f"{loc}: truncated WARC record{got}; the records before it were read")
    if "html" not in ctype.lower() and not looks_like_html(body):
        return None
    return html_article(body, f"{loc} {url or ''}".strip(), url=url)
