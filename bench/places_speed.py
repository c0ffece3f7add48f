"""Speed of the places component: milliseconds per article over the dev articles
(title + abstract + body), excluding tokenization. Prints figures; asserts nothing."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from devdata import shared_data

from marsad.evaluate import load_jsonl
from marsad.model import Article
from marsad.pipeline import Pipeline


def main() -> None:
    t0 = time.perf_counter()
    pipe = Pipeline(components=["places"])
    load_s = time.perf_counter() - t0
    base = Pipeline(components=[])
    arts = [Article.from_dict(a) for a in load_jsonl(str(shared_data() / "gold" / "dev_articles.jsonl"))]
    words = sum(len(a.document()[0].split()) for a in arts)
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        for a in arts:
            base.analyze(a)
    t_base = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(reps):
        for a in arts:
            pipe.analyze(a)
    t_pl = time.perf_counter() - t0
    n = reps * len(arts)
    per = (t_pl - t_base) / n * 1000
    print(f"gazetteer load: {load_s * 1000:.0f} ms")
    print(f"articles: {len(arts)}, mean words: {words / len(arts):.0f}")
    print(f"places component: {per:.2f} ms/article ({per / (words / len(arts)) * 300:.2f} ms per 300 words)")


if __name__ == "__main__":
    main()
