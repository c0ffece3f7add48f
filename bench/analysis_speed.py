"""Speed of the full analysis (all installed components) on one core.

Reads the first N articles of ``news/ant_2018.jsonl.gz`` (development data), analyses
them with one Pipeline, and prints articles/s, words/s and the peak memory (RSS) of the
whole process. The pipeline is built (resources loaded) before the clock starts; the
load time is printed separately.

    .venv/bin/python bench/analysis_speed.py [-n 2000] [--no-ner]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.model import Article  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000, help="number of articles (default 2000)")
    ap.add_argument("--no-ner", action="store_true", help="entities from the actor dictionary only (ner=False)")
    args = ap.parse_args()
    path = shared_data() / "news" / "ant_2018.jsonl.gz"
    arts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            arts.append(Article(text=d.get("text") or "", id=d.get("id"), published=d.get("published"),
                                title=d.get("title"), abstract=d.get("abstract"), source=d.get("source")))
            if len(arts) >= args.n:
                break
    t0 = time.perf_counter()
    pipe = Pipeline(ner=False) if args.no_ner else Pipeline()
    load = time.perf_counter() - t0
    words = sum(len(a.text.split()) for a in arts)
    events = 0
    t0 = time.perf_counter()
    for a in arts:
        events += len(pipe.analyze(a).events)
    dt = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"components: {', '.join(pipe.component_names)} (loaded in {load:.2f} s)")
    print(f"{len(arts)} articles, {words:,} words in {dt:.2f} s: {len(arts) / dt:.1f} articles/s, "
          f"{words / dt:,.0f} words/s; {events} events; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
