"""Readers: HTML, RSS/Atom, WARC, folders, streamed JSONL, and bad input of each kind."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from marsad.ingest import ReadError, read_path, read_paths

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>البرلمان العراقي يطالب بانسحاب القوات الأجنبية</title>
<meta name="author" content="أحمد علي">
<meta property="article:published_time" content="2018-03-05T10:00:00+03:00">
<meta property="og:site_name" content="أخبار بغداد"></head><body><nav>الرئيسية | سياسة | اقتصاد</nav>
<article><h1>البرلمان العراقي يطالب بانسحاب القوات الأجنبية</h1>
<p>صوّت مجلس النواب العراقي، يوم الخميس، على قرار يطالب الحكومة بوضع جدول زمني لانسحاب القوات الأجنبية من البلاد.</p>
<p>وقال رئيس المجلس إن القرار جاء استجابة لمطالب شعبية واسعة، مؤكدا أن العراق قادر على حماية أمنه بنفسه.</p>
<p>ولم يصدر تعليق فوري من الحكومة العراقية على القرار الذي اعتبره مراقبون خطوة رمزية.</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>أخبار بغداد</title><link>https://example.iq/</link>
<item><title>وزير الخارجية يلتقي نظيره الإيراني</title><link>https://example.iq/a/1</link>
<pubDate>Mon, 05 Mar 2018 10:00:00 +0300</pubDate>
<description>&lt;p&gt;التقى وزير الخارجية العراقي نظيره الإيراني في بغداد لبحث العلاقات.&lt;/p&gt;</description></item>
<item><title>احتجاجات في البصرة</title><link>https://example.iq/a/2</link>
<pubDate>Tue, 06 Mar 2018 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>تظاهر مئات المواطنين في البصرة احتجاجا على نقص الخدمات.</p>]]></content:encoded></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title>
<entry><title>قمة عربية</title><link href="https://example.org/x"/><published>2018-04-15T08:00:00Z</published>
<summary>انعقدت القمة العربية في الظهران بمشاركة القادة العرب.</summary></entry></feed>"""


def _articles(recs):
    return [r.article for r in recs if r.article is not None]


def _errors(recs):
    return [r.error for r in recs if r.error]


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    p = tmp_path / "page.html"
    p.write_text(PAGE, encoding="utf-8")
    recs = list(read_paths([p]))
    [a] = _articles(recs)
    assert a.title == "البرلمان العراقي يطالب بانسحاب القوات الأجنبية"
    assert a.published == "2018-03-05"
    assert a.source == "أخبار بغداد"
    assert a.author == "أحمد علي"
    assert "جدول زمني لانسحاب القوات" in a.text
    assert "الرئيسية" not in a.text and "جميع الحقوق" not in a.text  # boilerplate removed
    assert not a.text.startswith(a.title)  # headline kept once
    assert len(a.stable_id()) == 16  # content hash


def test_html_without_article_is_an_error_and_others_go_on(tmp_path: Path) -> None:
    (tmp_path / "a_empty.html").write_text("<html><head><title>x</title></head><body><nav>a</nav></body></html>")
    (tmp_path / "b_page.html").write_text(PAGE, encoding="utf-8")
    recs = list(read_paths([tmp_path]))
    assert len(_articles(recs)) == 1
    [err] = _errors(recs)
    assert "a_empty.html" in err and "no article text" in err


def test_rss_and_atom(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "atom.atom").write_text(ATOM, encoding="utf-8")
    arts = _articles(read_paths([tmp_path / "feed.xml", tmp_path / "atom.atom"]))
    assert [a.title for a in arts] == ["وزير الخارجية يلتقي نظيره الإيراني", "احتجاجات في البصرة", "قمة عربية"]
    assert arts[0].url == "https://example.iq/a/1" and arts[0].source == "أخبار بغداد"
    assert arts[0].published == "2018-03-05T10:00:00+03:00"
    assert arts[0].text.startswith("التقى وزير الخارجية")  # HTML in the description removed
    assert "<p>" not in arts[1].text
    assert arts[2].published.startswith("2018-04-15T08:00:00")
    assert arts[2].url == "https://example.org/x"


def test_feed_with_no_items(tmp_path: Path) -> None:
    p = tmp_path / "empty.rss"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>')
    recs = list(read_paths([p]))
    assert _articles(recs) == []
    assert "has no items" in _errors(recs)[0]


def _warc(pages: list[tuple[str, str]], gz: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for url, html in pages:
        body = html.encode("utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


def test_warc_responses(tmp_path: Path) -> None:
    other = PAGE.replace("البرلمان العراقي يطالب", "مجلس الأمن يناقش").replace("الخميس", "الأحد")
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(_warc([("https://example.iq/1", PAGE), ("https://example.iq/2", other)]))
    arts = _articles(read_paths([p]))
    assert [a.url for a in arts] == ["https://example.iq/1", "https://example.iq/2"]
    assert arts[0].source == "أخبار بغداد"


def test_truncated_warc_keeps_earlier_records(tmp_path: Path) -> None:
    first = _warc([("https://example.iq/1", PAGE)], gz=False)
    both = _warc([("https://example.iq/1", PAGE), ("https://example.iq/2", PAGE.replace("الخميس", "الجمعة"))],
                 gz=False)
    p = tmp_path / "cut.warc"
    p.write_bytes(both[: len(first) + 300])  # second record cut in its headers/payload
    recs = list(read_paths([p]))
    assert [a.url for a in _articles(recs)] == ["https://example.iq/1"]
    errs = _errors(recs)
    assert len(errs) == 1 and "cut.warc" in errs[0] and ("truncated" in errs[0] or "corrupt" in errs[0])


def _big_page(seed: int) -> str:
    import random

    rnd = random.Random(seed)  # words that compress badly: a gzip member of several blocks
    words = " ".join("".join(rnd.choice("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") for _ in range(6)) for _ in range(20000))
    return PAGE.replace("</article>", f"<p>{words}</p></article>")


@pytest.mark.parametrize("where", ["late", "early"])
def test_warc_gzip_member_corrupt_midway_is_one_clear_error(tmp_path: Path, where: str,
                                                              capfd: pytest.CaptureFixture[str]) -> None:
    pages = [("https://example.iq/1", PAGE), ("https://example.iq/2", _big_page(1)), ("https://example.iq/3", PAGE)]
    data = bytearray(_warc(pages))
    starts = [i for i in range(len(data)) if data[i:i + 4] == b"\x1f\x8b\x08\x00"]
    assert len(starts) == 3
    a, b = starts[1], starts[2]
    at = a + (b - a) * 2 // 3 if where == "late" else a + 40  # inside the second member's deflate data
    data[at:at + 64] = bytes(64)
    p = tmp_path / "crawl.warc.gz"
    p.write_bytes(bytes(data))
    recs = list(read_paths([p]))
    assert [a.url for a in _articles(recs)] == ["https://example.iq/1"]
    errs = _errors(recs)
    assert len(errs) == 1, errs
    assert errs[0].startswith(f"{p}#record2: corrupt gzip data") and f"starting at byte {a:,}" in errs[0]
    assert "the records before it were read" in errs[0]
    assert capfd.readouterr().err == ""  # warcio printed "Error -3 while decompressing data" here


def test_warc_error_message_is_bounded(tmp_path: Path) -> None:
    good = _warc([("https://example.iq/1", PAGE)], gz=False)
    p = tmp_path / "junk.warc"
    p.write_bytes(good + b"NOT-A-WARC " + b"x" * 100_000 + b"\r\n\r\n" + good)
    recs = list(read_paths([p]))
    errs = _errors(recs)
    assert [a.url for a in _articles(recs)] == ["https://example.iq/1"] and len(errs) == 1
    assert "junk.warc#record2" in errs[0] and len(errs[0]) < 400 and "xxxxxxxxxx" in errs[0]


def test_corrupt_and_truncated_gzip(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"x{i}", "text": f"نص الخبر رقم {i} " * 20}, ensure_ascii=False) for i in range(200)]
    data = gzip.compress("\n".join(lines).encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    garbage = tmp_path / "garbage.txt.gz"
    garbage.write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip" * 10)
    good = tmp_path / "good.jsonl"
    good.write_text(lines[0] + "\n", encoding="utf-8")
    recs = list(read_paths([cut, garbage, good]))
    arts = _articles(recs)
    ids = [a.id for a in arts]
    assert ids[-1] == "x0" and len(ids) > 1  # the readable part of the cut file, then the good file
    errs = _errors(recs)
    assert any("cut.jsonl.gz" in e and "gzip" in e for e in errs)
    assert any("garbage.txt.gz" in e and "gzip" in e for e in errs)


def test_non_utf8_is_reported_and_read(tmp_path: Path) -> None:
    p = tmp_path / "cp1256.txt"
    p.write_bytes("قال الرئيس".encode("cp1256"))
    recs = list(read_paths([p]))
    assert recs[0].article is not None
    assert "not valid UTF-8" in (recs[0].warning or "")
    j = tmp_path / "bad.jsonl"
    j.write_bytes(b'{"id": "a", "text": "\xff\xfe ok"}\n{"id": "b", "text": "good"}\n')
    recs = list(read_paths([j]))
    assert [r.article.id for r in recs] == ["a", "b"]
    assert "not valid UTF-8" in (recs[0].warning or "") and recs[1].warning is None


def test_jsonl_lines_with_unicode_line_separators(tmp_path: Path) -> None:
    p = tmp_path / "sep.jsonl"
    p.write_text(json.dumps({"id": "s", "text": "سطر\u2028آخر\x85ثالث"}, ensure_ascii=False) + "\n", encoding="utf-8")
    [r] = list(read_paths([p]))
    assert r.article is not None and r.article.text == "سطر\u2028آخر\x85ثالث"


def test_folder_walk_and_missing(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "one.txt").write_text("خبر أول عن العراق", encoding="utf-8")
    (tmp_path / "two.txt").write_text("خبر ثان عن سوريا", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    recs = list(read_paths([tmp_path, tmp_path / "nope.txt"]))
    assert sorted(a.text for a in _articles(recs)) == ["خبر أول عن العراق", "خبر ثان عن سوريا"]
    assert "no such file" in _errors(recs)[0]
    with pytest.raises(ReadError):
        list(read_path(tmp_path))


def test_ant_corpus_streams(shared_data: Path) -> None:
    recs = read_paths([shared_data / "news" / "ant_2018.jsonl.gz"])
    first = [next(recs) for _ in range(3)]
    assert all(r.article and r.article.id and r.article.source for r in first)


def test_html_in_windows_1256_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "legacy.html"
    p.write_bytes(PAGE.replace('charset="utf-8"', 'charset="windows-1256"').encode("cp1256"))
    [a] = _articles(read_paths([p]))
    assert a.title == "البرلمان العراقي يطالب بانسحاب القوات الأجنبية"


def test_feed_item_with_unreadable_date_warns(tmp_path: Path) -> None:
    p = tmp_path / "bad_date.xml"
    p.write_text(RSS.replace("Mon, 05 Mar 2018 10:00:00 +0300", "الاثنين الماضي"), encoding="utf-8")
    recs = list(read_path(p))
    assert [r.article.published is None for r in recs] == [True, False]
    assert recs[0].warning and "unreadable date" in recs[0].warning
    assert recs[1].warning is None


def _rss_items(n: int) -> str:
    items = "".join(f"<item><title>خبر {i}</title><description>نص الخبر رقم {i} عن الحكومة والبرلمان "
                    f"{'والوزير ' * 50}</description></item>" for i in range(n))
    return RSS.replace("</channel>", items + "</channel>")


def test_feed_is_read_as_a_stream_and_a_broken_gzip_keeps_the_items_before(tmp_path: Path) -> None:
    from marsad.ingest.web import iter_feed

    text = _rss_items(300)
    whole = list(iter_feed(text.encode("utf-8"), "f.xml"))
    streamed = list(iter_feed(io.BytesIO(text.encode("utf-8")), "f.xml"))
    assert [r.article for r in streamed] == [r.article for r in whole] and len(whole) == 302
    assert {r.article.source for r in whole} == {"أخبار بغداد"}
    z = gzip.compress(text.encode("utf-8"))
    (tmp_path / "cut.xml.gz").write_bytes(z[: len(z) // 2])
    recs = list(read_paths([tmp_path / "cut.xml.gz"]))
    arts, errs = _articles(recs), _errors(recs)
    assert 50 < len(arts) < 302 and arts[0].title == "وزير الخارجية يلتقي نظيره الإيراني"
    assert len(errs) == 1 and "cut.xml.gz" in errs[0] and "truncated gzip data" in errs[0]
    assert "the items before it were read" in errs[0]


def test_warc_from_a_file_object_same_as_from_bytes() -> None:
    from marsad.ingest.web import iter_warc

    data = _warc([("https://example.iq/1", PAGE), ("https://example.iq/2", _big_page(2))])
    a = [(r.where, r.error, r.article) for r in iter_warc(data, "x.warc.gz")]
    b = [(r.where, r.error, r.article) for r in iter_warc(io.BytesIO(data), "x.warc.gz")]
    assert a == b and len(a) == 2 and all(r[2] is not None for r in a)


def test_large_text_file_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.ingest import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 1000)
    p = tmp_path / "big.txt"
    p.write_text("قال الوزير إن الحكومة ترفض القرار. " * 20_000, encoding="utf-8")  # 1.2 MB
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    [rec] = list(read_paths([p]))
    assert rec.article is not None and len(rec.article.text.encode("utf-8")) <= 1000
    assert rec.warning and "input is 1 MB; only the first 0 MB are read" in rec.warning  # the file's size
