"""Peak memory of reading large web inputs (``marsad.ingest.read_paths``) on synthetic files:
a WARC (gzip per record) of many non-HTML responses plus some HTML pages, and an RSS feed of
many items. Each file is read in a fresh process (all records consumed, nothing kept) and
the figure is that process's peak RSS (VmHWM, Linux) above its RSS after the imports
(lxml, trafilatura, warcio), next to the same figure for a tiny file of the same kind.

    python bench/read_memory.py                     # WARC of about 150 MB, feed of about 40 MB
    python bench/read_memory.py --warc-mb 300 --feed-mb 0
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGE = ("<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>خبر {n}</title></head><body>"
        "<article><h1>خبر رقم {n}</h1><p>{body}</p></article></body></html>")
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"

READER = """
import sys
from marsad.ingest import read_paths
import lxml.etree, lxml.html, trafilatura, warcio.archiveiterator, marsad.ingest.web

def hwm():  # peak RSS of this process, KB (not ru_maxrss: Linux carries that over exec from the parent)
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1])

imports = hwm()
n = e = 0
for rec in read_paths([sys.argv[1]]):
    n += rec.article is not None
    e += rec.error is not None
print(n, e, imports, hwm())
"""


def _words(rnd: random.Random, n: int) -> str:
    return " ".join("".join(rnd.choice(LETTERS) for _ in range(rnd.randint(3, 8))) for _ in range(n))


def write_warc(path: Path, mb: int, pages: int = 20, seed: int = 1) -> int:
    """Records of about 100 KB: binary downloads (read, then skipped) and ``pages`` HTML pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rnd = random.Random(seed)
    n = max(pages + 1, mb * 10)
    every = max(1, n // pages)
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        for i in range(n):
            if i % every == 0:
                body = PAGE.format(n=i, body=_words(rnd, 300)).encode("utf-8")
                ctype = "text/html; charset=utf-8"
            else:
                body = rnd.randbytes(100_000)
                ctype = "application/octet-stream"
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(f"https://example.iq/{i}", "response",
                                                payload=io.BytesIO(body), http_headers=http))
    return n


def write_feed(path: Path, mb: int, seed: int = 2) -> int:
    rnd = random.Random(seed)
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>أخبار</title>\n")
        while fh.tell() < mb * 2**20:
            n += 1
            fh.write(f"<item><title>خبر {n}</title><link>https://example.iq/a/{n}</link>"
                     f"<pubDate>Mon, 05 Mar 2018 10:00:00 +0300</pubDate>"
                     f"<description>&lt;p&gt;{_words(rnd, 250)}&lt;/p&gt;</description></item>\n")
        fh.write("</channel></rss>\n")
    return n


def peak(path: Path) -> tuple[int, int, int, int, float]:
    """(articles, errors, RSS after the imports, peak RSS (KB), seconds) of reading ``path`` in a
    fresh process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", READER, str(path)], capture_output=True, text=True, env=env,
                         check=True).stdout.split()
    return int(out[0]), int(out[1]), int(out[2]), int(out[3]), time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warc-mb", type=int, default=150)
    ap.add_argument("--feed-mb", type=int, default=40)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows = []
        if args.warc_mb:
            small, big = tmp / "small.warc.gz", tmp / "big.warc.gz"
            write_warc(small, 1, pages=2)
            n = write_warc(big, args.warc_mb)
            rows.append(("WARC (gzip per record)", big, small, n))
        if args.feed_mb:
            small, big = tmp / "small.xml", tmp / "big.xml"
            write_feed(small, 0)
            n = write_feed(big, args.feed_mb)
            rows.append(("RSS feed", big, small, n))
            gz = tmp / "big.xml.gz"
            gz.write_bytes(gzip.compress(big.read_bytes(), 1))
            rows.append(("RSS feed, gzip", gz, small, n))
        for name, big, small, n in rows:
            tiny = peak(small)
            arts, errs, base, kb, secs = peak(big)
            print(f"{name}: {big.stat().st_size / 2**20:,.0f} MB on disk, {n:,} records/items, {arts:,} articles, "
                  f"{errs} errors: peak RSS {kb / 1024:,.0f} MB = {(kb - base) / 1024:,.0f} MB above the imports "
                  f"({base / 1024:,.0f} MB; a tiny file: {(tiny[3] - tiny[2]) / 1024:,.0f} MB above); {secs:.1f} s",
                  flush=True)


if __name__ == "__main__":
    main()
