"""Speed of the entities component on real news (ANT corpus), one core.

    python bench/entities.py [N]

Prints milliseconds per article for tokenization alone, the entities component on the
dictionary alone, and with the NER model, over the first N articles (default 500).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.model import Article  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    arts = []
    with gzip.open(shared_data() / "news" / "ant_2018.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            arts.append(Article(text=d["text"], title=d.get("title"), published=d.get("published")))
            if len(arts) >= n:
                break
    words = sum(len(a.text.split()) for a in arts)
    print(f"{len(arts)} articles, {words / len(arts):.0f} words each on average")
    results = {}
    for label, pipe in (
        ("text layer only", Pipeline([])),
        ("entities, dictionary only", Pipeline(["entities"], ner=False)),
        ("entities, dictionary + NER", Pipeline(["entities"])),
    ):
        pipe.analyze(arts[0])  # warm caches
        t = time.perf_counter()
        ents = 0
        for a in arts:
            ents += len(pipe.analyze(a).entities)
        ms = (time.perf_counter() - t) * 1000 / len(arts)
        results[label] = ms
        print(f"{label:28s} {ms:7.2f} ms/article  ({1000 / ms:6.1f} articles/s, {ents / len(arts):.1f} entities/article)")
    base = results["text layer only"]
    print(f"entities component alone: {results['entities, dictionary only'] - base:.2f} ms/article (dictionary), "
          f"{results['entities, dictionary + NER'] - base:.2f} ms/article (with NER)")


if __name__ == "__main__":
    main()
