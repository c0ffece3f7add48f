"""Speed of the temporal tagger on real news.

    .venv/bin/python bench/dates.py [--n 2000] [--dateparser]

Reads the first N articles of shared/data/news/ant_2018.jsonl.gz and prints (by default
against the analysis by all the other installed components; --text-only against the text
layer alone, the cheapest possible analysis):
- the base analysis time (text layer only: normalization, sentences, tokens) and the time
  of the ``dates`` component on the same documents, in CPU seconds, and the overhead in %,
- the tagger: articles/s, expressions/s and words/s, and how many articles the fast path
  (the article's words intersected with the anchor words as sets) lets skip the grammar,
- with --dateparser (if installed; it is not a dependency): dateparser's
  ``search_dates`` on the same texts, in words/s, for comparison.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

from devdata import shared_data  # noqa: E402

from marsad.extract.dates import DateTagger  # noqa: E402
from marsad.model import Article  # noqa: E402
from marsad.pipeline import Doc, Pipeline, available_components  # noqa: E402
from marsad.text.normalize import NormalizedText  # noqa: E402


def load(n: int) -> list[Article]:
    out = []
    with gzip.open(shared_data() / "news" / "ant_2018.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(Article.from_dict(json.loads(line)))
            if len(out) >= n:
                break
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--dateparser", action="store_true", help="also time dateparser.search_dates")
    ap.add_argument("--text-only", action="store_true",
                    help="compare with the text layer alone instead of all the other installed components")
    args = ap.parse_args()
    arts = load(args.n)

    # Per article: the analysis without dates (text layer: normalization, sentences, tokens)
    # and the tagger on the same document, timed in CPU time of this process so that other
    # jobs on the machine count less. (Timing two pipelines one after the other favours the
    # second, which finds the tokenizer caches warm.)
    others = [] if args.text_only else [c for c in available_components() if c != "dates"]
    base = Pipeline(components=others)
    print(f"analysis: text layer + {', '.join(others) or 'nothing else'}")
    tagger = DateTagger()
    base.analyze(arts[0])
    t_base = t_dates = 0.0
    n_expr = skipped = words = 0
    clock = time.process_time
    # garbage collection runs outside the timed parts (it would bill one stage for the
    # garbage of another)
    gc.disable()
    for i, a in enumerate(arts):
        if i % 50 == 0:
            gc.collect()
        t0 = clock()
        an = base.analyze(a)
        t1 = clock()
        # the same working document the pipeline hands to the component
        doc = Doc(an.text, NormalizedText(an.text), a.published_date(), an.body_start, an.sentences, an.tokens)
        t2 = clock()
        out = tagger(doc, an)
        t3 = clock()
        t_base += t1 - t0
        t_dates += t3 - t2
        n_expr += len(out.dates)
        skipped += not tagger._anchors(doc.norm.text)
        words += len(an.text.split())
    gc.enable()
    print(f"articles: {len(arts)}  words: {words:,}")
    print(f"analysis without dates: {t_base:.2f} s CPU   dates component: {t_dates:.2f} s CPU   "
          f"overhead: {100 * t_dates / t_base:.1f} %")
    print(f"tagger: {len(arts) / t_dates:,.0f} articles/s  {n_expr / t_dates:,.0f} expressions/s  "
          f"{words / t_dates:,.0f} words/s  ({n_expr} expressions; {skipped} articles without a candidate)")
    docs = [(NormalizedText(a.document()[0]), a.published_date(), a.document()[0]) for a in arts]

    if args.dateparser:
        try:
            from dateparser.search import search_dates
        except ImportError:
            print("dateparser not installed: skipped")
            return
        import datetime as dt

        sample = docs[:200]
        w = sum(len(t.split()) for _, _, t in sample)
        t0 = time.perf_counter()
        found = 0
        for _, pub, text in sample:
            base_dt = dt.datetime.combine(pub, dt.time()) if pub else None
            res = search_dates(text, languages=["ar"],
                               settings={"RELATIVE_BASE": base_dt} if base_dt else None) or []
            found += len(res)
        d = time.perf_counter() - t0
        print(f"dateparser.search_dates on {len(sample)} articles: {d:.2f} s  {w / d:,.0f} words/s  "
              f"({found} expressions)")


if __name__ == "__main__":
    main()
