"""Throughput of the analysis over the first N articles of the ANT corpus, one core.

Prints articles/s, words/s and peak memory (whole process), for the text layer alone
(normalization, sentences, tokens with clitic analysis) and for the full pipeline.

    python bench/throughput.py --limit 2000
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.model import Article  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402


def load(limit: int) -> list[Article]:
    path = shared_data() / "news" / "ant_2018.jsonl.gz"
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            d = json.loads(line)
            out.append(Article(text=d["text"], id=d["id"], title=d.get("title"), abstract=d.get("abstract"),
                               published=d.get("published"), source=d.get("source")))
    return out


def run(name: str, pipeline: Pipeline, articles: list[Article]) -> None:
    words = sum(len(a.document()[0].split()) for a in articles)
    t0 = time.perf_counter()
    c0 = time.process_time()
    n_events = 0
    for a in articles:
        n_events += len(pipeline.analyze(a).events)
    dt = time.perf_counter() - t0
    ct = time.process_time() - c0
    print(f"{name:<22} {len(articles) / dt:8.1f} articles/s  {words / dt:10.0f} words/s  wall  | "
          f"{len(articles) / ct:8.1f} articles/s CPU time  ({len(articles)} articles, {words} words, "
          f"{n_events} events)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=2000, help="number of articles (default 2000)")
    ap.add_argument("--text-only", action="store_true", help="only the text layer")
    ap.add_argument("--no-event-gate", action="store_true", help="rules only for PROTEST / ASSAULT (no learned gate)")
    args = ap.parse_args()
    articles = load(args.limit)
    run("text layer", Pipeline(components=[]), articles)
    if not args.text_only:
        t0 = time.perf_counter()
        full = Pipeline(event_gate=False) if args.no_event_gate else Pipeline()
        print(f"pipeline load          {time.perf_counter() - t0:.2f} s  components: {', '.join(full.component_names) or '-'}")
        run("full analysis", full, articles)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory            {peak:.0f} MB (whole process)")


if __name__ == "__main__":
    main()
