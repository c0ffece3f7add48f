"""Fuzz targets: each takes raw bytes (what a fuzzer produces) and checks the contract of
one user-facing entry point. A target returns normally when the input was handled (read,
or refused with the entry point's documented error) and raises anything else: an
unhandled exception or an ``AssertionError`` for a broken invariant is a crash.

Contracts:

- readers (``read_bytes`` for each format, ``read_paths`` for files): records only, each
  an article or an error (or a warning); only :class:`ReadError` may be raised, and only
  by ``read_bytes`` on input that cannot be read at all;
- actor dictionary (``read_actor_file``): entries or :class:`ActorFileError`;
- event lexicon (``Lexicon.load``) and gazetteer (``load_gazetteer``): a loaded table or
  ``ValueError`` (:class:`GazetteerError` is one) with a message naming the line;
- ``analyze``: an :class:`Analysis` whose spans lie inside its text and quote it, that
  serialises to JSON and back.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from marsad.ingest.readers import ReadError, Record, read_bytes, read_paths
from marsad.model import Analysis, Article

# ------------------------------------------------------------------------ readers


def _check_records(recs: list[Record]) -> None:
    for r in recs:
        assert isinstance(r, Record), r
        assert isinstance(r.where, str)
        if r.article is not None:
            assert r.error is None, r
            a = r.article
            assert isinstance(a.text, str), r  # may be empty: analyze() warns "empty article"
            for f in ("title", "abstract", "published", "source", "url", "author", "id"):
                v = getattr(a, f, None)
                assert v is None or isinstance(v, str), (f, v)
            a.stable_id()
            doc, start = a.document()
            assert 0 <= start <= len(doc)
        else:
            assert r.error is not None or r.warning is not None, r
            assert r.error is None or isinstance(r.error, str)


def read(data: bytes, fmt: str | None, name: str) -> list[Record]:
    try:
        recs = list(read_bytes(data, name, fmt))
    except ReadError as exc:
        assert str(exc).startswith(name), exc  # says which input
        return []
    _check_records(recs)
    return recs


def target_jsonl(data: bytes) -> None:
    read(data, "jsonl", "fuzz.jsonl")


def target_text(data: bytes) -> None:
    read(data, "text", "fuzz.txt")
    read(data, None, "fuzz")  # format guessed from the content


def target_html(data: bytes) -> None:
    read(data, "html", "fuzz.html")


def target_feed(data: bytes) -> None:
    read(data, "feed", "fuzz.xml")


def target_warc(data: bytes) -> None:
    read(data, "warc", "fuzz.warc")


def target_files(data: bytes, folder: Path | None = None) -> None:
    """``read_paths`` on a file (the streaming JSONL reader, gzip included): never raises.
    The files are written to ``folder`` (overwritten on each call) or to a fresh temporary
    folder."""
    if folder is None:
        with tempfile.TemporaryDirectory() as d:
            target_files(data, Path(d))
        return
    for name in ("a.jsonl", "a.jsonl.gz", "a.txt"):
        p = folder / name
        p.write_bytes(data)
        _check_records(list(read_paths([p])))


# ------------------------------------------------------------------------ loaders

def target_actors(data: bytes) -> None:
    from marsad.coding.actors import ActorDictionary, ActorFileError, read_actor_file

    text = data.decode("utf-8", errors="replace")
    try:
        entries = read_actor_file("fuzz.tsv", text)
    except ActorFileError as exc:
        assert str(exc).startswith("fuzz.tsv"), exc
        return
    for e in entries:
        assert e.words and all(e.words), e
        e.actor()
    d = ActorDictionary({e.words: (e,) for e in entries})
    assert set(d.lengths) == {e.words[0] for e in entries}


def _with_file(data: bytes, fn: Callable[[str], object], suffix: str = ".tsv") -> object:
    fd, path = tempfile.mkstemp(suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return fn(path)
    finally:
        os.unlink(path)


def target_lexicon(data: bytes) -> None:
    from marsad.coding.lexicon import Lexicon

    try:
        lex = _with_file(data, lambda p: Lexicon.load([p]))
    except ValueError as exc:
        assert "tsv" in str(exc) or ":" in str(exc), exc
        return
    assert lex.forms


def target_gazetteer(data: bytes) -> None:
    from marsad.extract.places import GazetteerError, load_gazetteer

    gaz, _, stop = data.partition(b"\x00")
    try:
        _with_file(gaz, lambda g: _with_file(stop, lambda s: load_gazetteer(g, s)))
    except GazetteerError:
        return


# ------------------------------------------------------------------------ analyze

@lru_cache(maxsize=1)
def pipeline():  # noqa: ANN201
    from marsad.pipeline import Pipeline

    return Pipeline()


def check_analysis(a: Analysis) -> None:
    n = len(a.text)
    assert 0 <= a.body_start <= n
    last = -1
    for s in a.sentences:
        assert 0 <= s.start <= s.end <= n and s.start >= last, s
        last = s.end
    for t in a.tokens:
        assert 0 <= t.start < t.end <= n and a.text[t.start:t.end] == t.text, t
    for group in (a.entities, a.dates, a.places):
        for x in group:
            assert 0 <= x.start < x.end <= n and a.text[x.start:x.end] == x.text, x
    for q in a.quotes:
        assert 0 <= q.start <= q.end <= n, q
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= n, q
    for e in a.events:
        tr = e.trigger
        assert 0 <= tr.start < tr.end <= n and a.text[tr.start:tr.end] == tr.text, e
        assert 0 <= e.sentence < len(a.sentences), e
        for p in (e.source, e.target):
            if p is not None and getattr(p, "start", None) is not None:
                assert 0 <= p.start <= p.end <= n, p
    d = a.to_dict()
    back = Analysis.from_dict(json.loads(json.dumps(d, ensure_ascii=False)))
    assert back == a


def analyze_article(article: Article) -> Analysis:
    a = pipeline().analyze(article)
    check_analysis(a)
    return a


def article_from_bytes(data: bytes) -> Article:
    """Bytes → article: the first line is the title, a second part after NUL the date."""
    text = data.decode("utf-8", errors="replace")
    body, _, published = text.partition("\x00")
    title, _, rest = body.partition("\n")
    return Article(text=rest or title, title=title if rest else None, published=published or None)


def target_analyze(data: bytes) -> None:
    analyze_article(article_from_bytes(data))


TARGETS: dict[str, Callable[[bytes], None]] = {
    "jsonl": target_jsonl,
    "text": target_text,
    "html": target_html,
    "feed": target_feed,
    "warc": target_warc,
    "files": target_files,
    "actors": target_actors,
    "lexicon": target_lexicon,
    "gazetteer": target_gazetteer,
    "analyze": target_analyze,
}


# ------------------------------------------------------------------------ seeds

_AR = "قال وزير الخارجية العراقي محمد علي الحكيم أمس الاثنين في بغداد إن «الحكومة ترفض الهجوم» على القوات."
_HTML = (f"<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='utf-8'><title>خبر</title>"
         f"<meta property='article:published_time' content='2020-02-11'></head><body><nav>قائمة</nav>"
         f"<article><h1>عنوان الخبر</h1><p>{_AR}</p><p>{_AR}</p><script>alert(1)</script></article>"
         f"</body></html>")
_RSS = (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0' "
        f"xmlns:content='http://purl.org/rss/1.0/modules/content/'><channel><title>موقع</title>"
        f"<item><title>خبر</title><link>http://ex.com/1</link><pubDate>Tue, 11 Feb 2020 10:00:00 +0300</pubDate>"
        f"<description>{_AR}</description></item><item><title>ب</title>"
        f"<content:encoded><![CDATA[<p>{_AR}</p><br/>x]]></content:encoded></item></channel></rss>")
_ATOM = (f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>موقع</title><entry>"
         f"<title>خبر</title><link rel='alternate' href='http://ex.com/2'/><updated>2020-02-11T10:00:00Z</updated>"
         f"<summary>{_AR}</summary></entry></feed>")


def _warc(html: str, gz: bool = False) -> bytes:
    import gzip

    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    rec = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://ex.com/a\r\n"
           b"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\nWARC-Date: 2020-02-11T00:00:00Z\r\n"
           b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
           + str(len(payload)).encode() + b"\r\n\r\n" + payload + b"\r\n\r\n")
    return gzip.compress(rec, mtime=0) if gz else rec


_ACTORS = ("text\tkind\tcode\tcountry\tsector\tname_en\tfrom\tto\n"
           "# comment\n"
           "الحكومة العراقية|حكومة العراق\tORG\tIRQGOV\tIRQ\tGOV\tIraqi government\t\t\n"
           "عادل عبد المهدي\tPER\t\tIRQ\tGOV\tAdil Abdul-Mahdi\t2018-10\t2020-05-07\n"
           "وزير\tROLE\t\t\tGOV\t\t\t\nالعراقي\tNAT\tIRQ\tIRQ\t\t\t\t\n")
_LEXICON = "# kind\tforms\tcameo\tnext\tnote\nV\tهاجم/هاجم\t190\t-\tattack\nN\tهجوم,هجمات\t190\t\t\nV\tدعا/دعو\t0\tالي|ل\t\nN\tضرب\tASSAULT:beat\t-\t\n"
_GAZ = ("# gazetteer\ngeonames_id\tname_en\tcc\tlat\tlon\tpop\tfeature\tprecision\tnames_ar\n"
        "98182\tBaghdad\tIQ\t33.34\t44.40\t7216000\tPPLC\tcity\tبغداد|بغداد الجديدة\n"
        "285570\tKuwait\tKW\t29.5\t47.75\t4100000\tPCLI\tcountry\tالكويت\n"
        "\x00name\tkind\nبغداد الجديدة\tnever\nالقدس\tcue\n")

SEEDS: dict[str, list[bytes]] = {
    "jsonl": [json.dumps({"id": "a", "title": "خبر", "text": _AR, "published": "2020-02-11", "source": "x"},
                         ensure_ascii=False).encode() + b"\n" + json.dumps({"text": _AR}).encode() + b"\n",
              b'{"text": 5}\n[1,2]\n{"text": "x", "published": {"a": 1}}\n', b"\xef\xbb\xbf{\"text\": \"\"}\n"],
    "text": [_AR.encode(), (_AR + "\n\n" + _AR).encode(), b"", __import__("gzip").compress(_AR.encode(), mtime=0),
             b"<html><body>" + _AR.encode() + b"</body></html>", b"{\"text\": \"x\"}"],
    "html": [_HTML.encode(), _HTML.encode("utf-16"), _HTML.replace("utf-8", "windows-1256").encode("cp1256", "replace"),
             b"<html><body><p>x</p></body></html>"],
    "feed": [_RSS.encode(), _ATOM.encode(),
             b"<?xml version='1.0'?><!DOCTYPE r [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><rss><channel><item>"
             b"<description>&x;</description></item></channel></rss>"],
    "warc": [_warc(_HTML), _warc(_HTML, gz=True), _warc(_HTML) + _warc("<html><body>قصير</body></html>")],
    "files": [json.dumps({"text": _AR}, ensure_ascii=False).encode() + b"\n",
              __import__("gzip").compress(json.dumps({"text": _AR}).encode() + b"\n" * 2, mtime=0)],
    "actors": [_ACTORS.encode()],
    "lexicon": [_LEXICON.encode()],
    "gazetteer": [_GAZ.encode()],
    "analyze": [("خبر عاجل\n" + _AR + "\x002020-02-11").encode(), _AR.encode(),
                ("«" * 50 + _AR + "»" * 50).encode(), "١٢ كانون الثاني ٢٠٢٠ الساعة 10:30 يوم 2020-02-11".encode()],
}

TOKENS: dict[str, list[bytes]] = {
    "jsonl": [b'"text"', b'"published"', b'"title"', b'"id"', b'"2020-02-11"', b"true", b"{}", b"[]"],
    "html": [b"<p>", b"</p>", b"<article>", b"<script>", b"<meta charset='", b"<title>", b"<body>", b"<br>"],
    "feed": [b"<item>", b"</item>", b"<entry>", b"<description>", b"<link href='", b"<pubDate>", b"<!ENTITY "],
    "warc": [b"WARC-Type: response\r\n", b"WARC-Type: resource\r\n", b"HTTP/1.1 200 OK\r\n",
             b"Content-Type: text/html\r\n", b"Transfer-Encoding: chunked\r\n"],
    "actors": [b"\tPER\t", b"\tNAT\t", b"\tIRQ\t", b"\tGOV\t", b"\t2020-02\t", b"|", b"\n"],
    "lexicon": [b"V\t", b"N\t", b"\t190\t", b"/", b",", b"ASSAULT:", b"\n"],
    "gazetteer": [b"\t", b"\tcountry\t", b"|", b"\x00", b"\tnever\n", b"nan", b"1e400"],
    "analyze": ["قال".encode(), "«".encode(), "»".encode(), "\u064b".encode(), "٢٠٢٠".encode(), " ".encode(),
                ".".encode(), "\n".encode(), "الرئيس".encode(), "أمس".encode(), "بغداد".encode()],
}
