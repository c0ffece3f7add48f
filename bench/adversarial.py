"""Hostile texts against the analysis: time per text and ratio to a normal article of the
same size (real Arabic news text, the example article repeated), at two sizes to show the
growth (time x4 for size x4 is linear; x16 would be quadratic).

    python bench/adversarial.py                 # 1 MB (and 256 KB), truncation disabled
    python bench/adversarial.py --size 200000   # smaller
    python bench/adversarial.py --default-limit # with the default max_chars (truncation)

Prints one line per text: seconds at size/4 and at size, growth exponent, ratio to normal.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def normal_text(n: int) -> str:
    base = (ROOT / "examples" / "seed_article.txt").read_text(encoding="utf-8")
    return (base + "\n\n") * (n // (len(base) + 2) + 1)


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def adversarial_texts(n: int) -> dict[str, str]:
    """Name -> text of about ``n`` characters."""
    normal = normal_text(n)[:n]
    one_sentence = " ".join(w.strip(".،؛:؟!«»\"()") for w in normal.split())
    k = n // 7
    return {
        "normal": normal,
        "one letter": "ب" * n,
        "diacritics": "\u064e" * n,
        "letter+diacritics": _fill("بَّ", n),
        "nested quotes": ("«قال " * k + "» " * k)[:n],
        "open quotes": _fill("«", n),
        "digits": "7" * n,
        "arabic digits": _fill("١٢٣٤", n),
        "number words": _fill("2020 ", n),
        "one sentence": one_sentence[:n],
        "short lines": _fill("خبر\n", n),  # 1 MB: 250,000 lines of 3 letters
        "dates": _fill("يوم الاثنين ١١ شباط ٢٠٢٠ ", n),
        "actor names": _fill("الرئيس العراقي عادل عبد المهدي ", n),
        "punctuation": _fill(".،!؟", n),
        "spaces": " " * n,
        "newlines": "\n" * n,
    }


def time_analysis(pipeline, text: str, repeat: int = 1) -> float:  # noqa: ANN001
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        pipeline.analyze(text)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=1_000_000, help="characters per text (default 1 MB)")
    ap.add_argument("--default-limit", action="store_true", help="keep the default max_chars (truncation)")
    ap.add_argument("--only", nargs="*", help="names of texts to run")
    args = ap.parse_args()
    from marsad.pipeline import DEFAULT_MAX_CHARS, Pipeline

    limit = DEFAULT_MAX_CHARS if args.default_limit else args.size + 1
    pipe = Pipeline(max_chars=limit)
    small, big = args.size // 4, args.size
    pipe.analyze(normal_text(small)[:small])  # warm up (the word caches fill on the first run)
    ref_small = time_analysis(pipe, adversarial_texts(small)["normal"])
    ref_big = time_analysis(pipe, adversarial_texts(big)["normal"])
    print(f"max_chars={limit:,}; sizes {small:,} and {big:,} characters")
    print(f"{'text':<20}{'s @size/4':>11}{'s @size':>10}{'growth':>8}{'ratio':>8}")
    texts_small, texts_big = adversarial_texts(small), adversarial_texts(big)
    worst = 0.0
    for name in texts_big:
        if args.only and name not in args.only:
            continue
        ts = ref_small if name == "normal" else time_analysis(pipe, texts_small[name])
        tb = ref_big if name == "normal" else time_analysis(pipe, texts_big[name])
        growth = math.log(max(tb, 1e-6) / max(ts, 1e-6), 4)  # 1.0 = linear, 2.0 = quadratic
        ratio = tb / ref_big
        worst = max(worst, ratio)
        print(f"{name:<20}{ts:>11.2f}{tb:>10.2f}{growth:>8.2f}{ratio:>8.2f}", flush=True)
    print(f"worst ratio to normal text of the same size: {worst:.2f}")


if __name__ == "__main__":
    main()
