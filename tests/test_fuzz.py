"""Property tests (hypothesis) and mutation fuzzing on every user-facing input: the
readers, the dictionary loaders and ``analyze``. The contracts are in ``fuzz/targets.py``
(shared with the coverage-guided fuzzer in ``fuzz/run.py``).

One test per target (``test_fuzz_target[NAME]``) runs 10,000 distinct generated inputs
(x ``MARSAD_FUZZ_SCALE``) through it, counted by a hash of each input:

- first hypothesis strategies that build structured input (JSON lines with odd field
  types, HTML/feeds/WARC records assembled from parts, TSV rows with bad values, articles),
  then mutate it, in batches of unique inputs per example (hypothesis's own cost per
  example is larger than the cheap targets');
- then a fast seeded mutation fuzzer (``fuzz/mutate.py``) until the count is reached;
  an input already run is skipped, not counted.

The count is asserted and printed (``fuzz NAME: N distinct inputs, 0 crashes (...)``);
with ``MARSAD_FUZZ_REPORT=FILE`` it is also appended to FILE as a JSON line.
``make fuzz`` runs x5 with a fresh seed (``MARSAD_FUZZ_SEED``); ``make test`` is
deterministic, so a failure is reproducible. Crashes found are kept as regression tests in
``test_fuzz_regressions.py``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fuzz import mutate as M  # noqa: E402
from fuzz import targets as T  # noqa: E402
from marsad.model import Article  # noqa: E402

SCALE = float(os.environ.get("MARSAD_FUZZ_SCALE", "1"))
FUZZING = "MARSAD_FUZZ_SCALE" in os.environ


def fuzz(n: int):  # noqa: ANN201 - settings decorator
    return settings(max_examples=max(1, int(n * SCALE)), deadline=None, derandomize=not FUZZING,
                    database=None, suppress_health_check=list(HealthCheck))


# ------------------------------------------------------------------------ building blocks

WORDS = ("قال أعلن أكد الرئيس العراقي وزير الخارجية الحكومة البرلمان بغداد دمشق طهران واشنطن "
         "القوات الأمريكية حلف شمال الأطلسي هاجم قتل اعتقل انسحاب يوم الاثنين أمس الماضي كانون الثاني "
         "شباط 2020 ١٤٤١ هـ م في من إلى على إن أن وبالعراق للحكومة سليماني عادل عبد المهدي "
         "الأمم المتحدة مجلس الأمن محافظة نينوى الموصل").split()
MARKS = list("«»\"“”‘’'()[]{}<>.,،؛;:؟?!-–—/\\|*#@&%\n\t\r ") + ["\u200f", "\u200e", "\u0640", "\ufeff"]
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670"]
DIGITS = list("0123456789") + [chr(c) for c in range(0x0660, 0x066A)] + [chr(c) for c in range(0x06F0, 0x06FA)]

piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(MARKS),
    st.sampled_from(DIACRITICS),
    st.sampled_from(DIGITS),
    st.text(min_size=1, max_size=4),  # any code point, surrogates excluded by hypothesis
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF).map(str),
)
arabic_text = st.lists(st.one_of(piece, st.just(" ")), max_size=120).map("".join)
short_text = st.lists(st.one_of(piece, st.just(" ")), max_size=20).map("".join)


@st.composite
def mutated(draw, base: st.SearchStrategy[bytes]) -> bytes:
    """Bytes of a well-formed input, then cut, spliced or overwritten at random."""
    data = bytearray(draw(base))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["cut", "insert", "flip", "none"]))
        pos = draw(st.integers(0, len(data)))
        if op == "cut":
            del data[pos:]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(max_size=8))
        elif op == "flip" and pos < len(data):
            data[pos] = draw(st.integers(0, 255))
    return bytes(data)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | short_text,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3),
    max_leaves=6,
)
article_obj = st.fixed_dictionaries(
    {}, optional={k: st.one_of(short_text, json_value) for k in
                  ("id", "title", "abstract", "text", "published", "source", "url", "author", "category")})


@st.composite
def jsonl_bytes(draw) -> bytes:
    lines = draw(st.lists(st.one_of(article_obj, json_value), max_size=5))
    sep = draw(st.sampled_from(["\n", "\r\n", "\n\n", "\u2028\n"]))
    text = sep.join(json.dumps(x, ensure_ascii=draw(st.booleans())) for x in lines)
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data


TAGS = ["html", "head", "body", "title", "p", "div", "article", "h1", "script", "style", "nav", "br", "a",
        "meta", "span", "table", "td", "!--", "![CDATA["]


@st.composite
def html_bytes(draw) -> bytes:
    parts = [draw(st.sampled_from(["", "<!DOCTYPE html>", "<?xml version='1.0'?>"]))]
    for _ in range(draw(st.integers(0, 12))):
        tag = draw(st.sampled_from(TAGS))
        attrs = draw(st.sampled_from(["", ' lang="ar" dir="rtl"', ' href="javascript:alert(1)"',
                                      ' onerror="x()"', ' content="2020-02-11" property="article:published_time"',
                                      ' charset="windows-1256"', " a='"]))
        close = draw(st.booleans())
        parts.append(f"<{tag}{attrs}>{draw(arabic_text)}" + (f"</{tag}>" if close else ""))
    return "".join(parts).encode(draw(st.sampled_from(["utf-8", "utf-16", "cp1256"])), "replace")


@st.composite
def feed_bytes(draw) -> bytes:
    atom = draw(st.booleans())
    items = []
    for _ in range(draw(st.integers(0, 4))):
        fields = draw(st.lists(st.sampled_from(
            ["title", "link", "description", "pubDate", "content:encoded", "summary", "updated", "author",
             "dc:creator", "guid"]), max_size=6))
        body = "".join(f"<{f}>{draw(st.one_of(arabic_text, st.sampled_from(['<![CDATA[<p>نص</p>]]>', '&lt;b&gt;x', '&amp;', '&xxe;', 'Tue, 11 Feb 2020 10:00:00 +0300', '2020-02-30T25:00:00Z'])))}</{f.split(' ')[0]}>" for f in fields)
        items.append(f"<entry>{body}</entry>" if atom else f"<item>{body}</item>")
    dtd = draw(st.sampled_from(["", '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
                                '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>']))
    if atom:
        doc = f'<?xml version="1.0"?>{dtd}<feed xmlns="http://www.w3.org/2005/Atom"><title>{draw(short_text)}</title>{"".join(items)}</feed>'
    else:
        doc = f'<?xml version="1.0"?>{dtd}<rss version="2.0"><channel><title>{draw(short_text)}</title>{"".join(items)}</channel></rss>'
    return doc.encode("utf-8", "surrogatepass")


@st.composite
def warc_bytes(draw) -> bytes:
    out = b""
    for _ in range(draw(st.integers(0, 3))):
        html = draw(html_bytes())
        http = draw(st.sampled_from([b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n",
                                     b"HTTP/1.1 404 Not Found\r\n\r\n", b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                                     b"", b"garbage\r\n\r\n"]))
        payload = http + html
        length = len(payload) + draw(st.sampled_from([0, 0, 0, -3, 5]))
        kind = draw(st.sampled_from(["response", "resource", "request", "warcinfo", ""]))
        uri = draw(st.sampled_from(["http://example.com/a", "", "not a url", "http://ex.com/\u0639"]))
        head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
                f"WARC-Date: 2020-02-11T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
                f"Content-Length: {length}\r\n\r\n").encode("utf-8")
        rec = head + payload + b"\r\n\r\n"
        out += gzip.compress(rec, mtime=0) if draw(st.booleans()) else rec
    return out


ACTOR_COLS = ("text", "kind", "code", "country", "sector", "name_en", "from", "to")


@st.composite
def actors_tsv(draw) -> str:
    cols = list(draw(st.permutations(ACTOR_COLS)))
    if draw(st.integers(0, 9)) == 0:
        cols = cols[: draw(st.integers(0, len(cols)))]
    field = {
        "text": st.one_of(short_text, st.sampled_from(["الحكومة العراقية", "|", " | ", "و", "ال"])),
        "kind": st.sampled_from(["PER", "org", "LOC", "NAT", "AGENT", "ROLE", "GROUP", "REF", "", "XX"]),
        "code": st.sampled_from(["IRQGOV", "", "nato", "A B", "ع", "X-1"]),
        "country": st.sampled_from(["IRQ", "", "iq", "ÄÖÜ", "١٢٣", "USA "]),
        "sector": st.sampled_from(["GOV", "", "mil", "XYZ"]),
        "name_en": short_text,
        "from": st.sampled_from(["", "2020", "2020-02", "2020-02-11", "2020-13", "20", "٢٠٢٠", "2020-02-30"]),
        "to": st.sampled_from(["", "2019", "2021-01", "2020-02-11", "x"]),
    }
    rows = ["\t".join(cols), *["# comment"] * draw(st.integers(0, 1))]
    for _ in range(draw(st.integers(0, 6))):
        vals = [draw(field.get(c, short_text)) for c in cols]
        vals = vals[: draw(st.integers(0, len(vals)))] if draw(st.integers(0, 5)) == 0 else vals
        rows.append("\t".join(vals))
    return draw(st.sampled_from(["\n", "\r\n"])).join(rows)


@st.composite
def lexicon_tsv(draw) -> bytes:
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        kind = draw(st.sampled_from(["V", "N", "", "X"]))
        forms = draw(st.sampled_from(["هاجم/هاجم", "هجوم,هجمات", "", ",", "/", "قتل/قتل,اغتيال", "ا/"]))
        forms = forms if draw(st.booleans()) else draw(short_text)
        code = draw(st.sampled_from(["190", "0", "ASSAULT:", "ASSAULT:beat", ":", "999", ""]))
        nxt = draw(st.sampled_from(["-", "", "القوات|الجيش", "|", "||"]))
        cols = [kind, forms, code, nxt, draw(short_text)][: draw(st.integers(0, 5))]
        rows.append("\t".join(cols))
    return "\n".join(rows).encode("utf-8", "surrogatepass")


@st.composite
def gazetteer_bytes(draw) -> bytes:
    rows = ["# gazetteer", "geonames_id\tname_en\tcc\tlat\tlon\tpop\tfeature\tprecision\tnames_ar"]
    for _ in range(draw(st.integers(0, 4))):
        vals = [draw(st.sampled_from(["98182", "", "x", "1e3"])), draw(short_text),
                draw(st.sampled_from(["IQ", "", "ع"])), draw(st.sampled_from(["33.3", "", "nan", "inf", "x"])),
                draw(st.sampled_from(["44.4", "-1e400", ""])), draw(st.sampled_from(["0", "", "-5", "1.5"])),
                draw(st.sampled_from(["PPLC", ""])), draw(st.sampled_from(["city", "country", "admin1", ""])),
                draw(st.one_of(short_text, st.sampled_from(["بغداد|بغداد الجديدة", "|", "ال", "الكويت", "-"])))]
        rows.append("\t".join(vals[: draw(st.sampled_from([9, 9, 9, 8, 10]))]))
    stop = ["name\tkind", *[f"{draw(short_text)}\t{draw(st.sampled_from(['never', 'cue', '', 'x']))}"
                            for _ in range(draw(st.integers(0, 3)))]]
    return ("\n".join(rows) + "\x00" + "\n".join(stop)).encode("utf-8", "surrogatepass")


# ------------------------------------------------------------------------ per-target plan

#: Distinct inputs each target must run without a crash in ``make test`` (x MARSAD_FUZZ_SCALE).
PER_TARGET = 10_000

#: Hypothesis part of each target: (strategy of one input, examples, inputs per example).
#: Where the target is cheap, hypothesis's own cost per example dominates, so an example
#: is a batch of inputs. The mutation fuzzer then runs new inputs until the target has had
#: PER_TARGET distinct ones.
HYPOTHESIS: dict[str, tuple[st.SearchStrategy, int, int]] = {
    "jsonl": (st.one_of(mutated(jsonl_bytes()), st.binary(max_size=64)), 500, 10),
    "text": (st.one_of(arabic_text.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=64),
                       mutated(st.sampled_from([b"\x1f\x8b\x08\x00", gzip.compress("قال".encode(), mtime=0)]))), 300, 5),
    "html": (st.one_of(mutated(html_bytes()), st.binary(max_size=64)), 200, 3),
    "feed": (st.one_of(mutated(feed_bytes()), st.binary(max_size=64)), 500, 10),
    "warc": (st.one_of(mutated(warc_bytes()), st.binary(max_size=64)), 150, 3),
    "files": (st.one_of(mutated(jsonl_bytes()), mutated(jsonl_bytes().map(lambda b: gzip.compress(b, mtime=0))), st.binary(max_size=64)),
              200, 5),
    "actors": (st.one_of(actors_tsv(), short_text).map(lambda s: s.encode("utf-8", "surrogatepass")), 500, 10),
    "lexicon": (st.one_of(lexicon_tsv(), st.binary(max_size=32)), 300, 10),
    "gazetteer": (gazetteer_bytes(), 300, 10),
    # analyze: (text, title, published) -> an Article
    "analyze": (st.tuples(arabic_text, st.one_of(st.none(), short_text),
                          st.one_of(st.none(), st.sampled_from(["2020-02-11", "2020-02-11T10:00:00+03:00", "2020-02-30",
                                                                "x", "", "0001-01-01", "9999-12-31", "1441-06-17"]))),
                200, 5),
}


class Tally:
    """Distinct inputs a target has handled (a hash of each), by source."""

    def __init__(self) -> None:
        self.seen: set[bytes] = set()
        self.by_source: Counter[str] = Counter()

    @staticmethod
    def key(x: object) -> bytes:
        raw = x if isinstance(x, bytes) else repr(x).encode("utf-8", "surrogatepass")
        return hashlib.blake2b(raw, digest_size=16).digest()

    def __len__(self) -> int:
        return len(self.seen)

    def add(self, key: bytes, source: str) -> None:
        self.seen.add(key)
        self.by_source[source] += 1


def _runner(name: str, folder: Path):  # noqa: ANN202 - (input -> None, input -> key)
    """The target and the identity of one input (analyze: the article it becomes)."""
    if name == "analyze":
        def run(x: object) -> None:
            art = x if isinstance(x, Article) else T.article_from_bytes(x)
            T.analyze_article(art)

        def ident(x: object) -> object:
            art = x if isinstance(x, Article) else T.article_from_bytes(x)
            return (art.text, art.title, art.published)
        return run, ident
    if name == "files":
        return (lambda x: T.target_files(x, folder)), (lambda x: x)
    return T.TARGETS[name], (lambda x: x)


def _report(name: str, tally: Tally, runs: int, seconds: float, seed: int, capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the count (also under -q) and, with MARSAD_FUZZ_REPORT=FILE, appends it as JSON."""
    line = (f"fuzz {name}: {len(tally):,} distinct inputs, 0 crashes (hypothesis {tally.by_source['hypothesis']:,}"
            f" + mutation {tally.by_source['mutation']:,}; {runs:,} runs; seed {seed}; {seconds:.1f} s)")
    with capsys.disabled():
        print("\n" + line, flush=True)
    path = os.environ.get("MARSAD_FUZZ_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"target": name, "distinct": len(tally), "hypothesis": tally.by_source["hypothesis"],
                                 "mutation": tally.by_source["mutation"], "runs": runs, "seed": seed,
                                 "scale": SCALE, "seconds": round(seconds, 1)}) + "\n")


@pytest.mark.parametrize("name", list(T.TARGETS))
def test_fuzz_target(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PER_TARGET (x scale) distinct generated inputs through one target: first hypothesis
    (structured inputs, shrunk to a minimal example on failure), then the seeded mutation
    fuzzer until the count is reached. Any exception out of the target fails the test with
    its input. The count is asserted and printed."""
    import time

    t0 = time.perf_counter()
    total = max(1, int(PER_TARGET * SCALE))
    seed = int(os.environ.get("MARSAD_FUZZ_SEED", "0"))
    run, ident = _runner(name, tmp_path)
    tally = Tally()
    runs = 0

    strategy, examples, batch = HYPOTHESIS[name]
    if name == "analyze":
        strategy = strategy.map(lambda t: Article(text=t[0], title=t[1], published=t[2]))

    @fuzz(examples)
    @given(st.lists(strategy, min_size=batch, max_size=batch, unique=True))
    def hypothesis_part(inputs: list) -> None:
        nonlocal runs
        for x in inputs:
            k = Tally.key(ident(x))
            if k in tally.seen:
                continue
            runs += 1
            run(x)  # an exception propagates: hypothesis shrinks and reports the input
            tally.add(k, "hypothesis")  # counted once handled (a failing input is re-run when shrinking)

    hypothesis_part()

    failures = []
    budget = 3 * total  # the mutation fuzzer repeats itself now and then; duplicates are skipped
    for i, data in enumerate(M.inputs(T.SEEDS[name], budget, seed, T.TOKENS.get(name, ()))):
        if len(tally) >= total:
            break
        k = Tally.key(ident(data))
        if k in tally.seen:
            continue
        runs += 1
        try:
            run(data)
        except Exception as exc:  # noqa: BLE001 - every crash is reported with its input
            failures.append(f"input #{i} (seed {seed}): {type(exc).__name__}: {exc!s:.300}\n  {data[:400]!r}")
            if len(failures) >= 3:
                break
            continue
        tally.add(k, "mutation")
    assert not failures, "\n".join(failures)
    assert len(tally) >= total, f"{name}: only {len(tally):,} distinct inputs of {total:,}"
    _report(name, tally, runs, time.perf_counter() - t0, seed, capsys)
