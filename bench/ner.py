"""NER accuracy and speed on ANERcorp test (PER/ORG/LOC, MISC → O, CoNLL exact spans).

    python bench/ner.py [--model PATH] [--test PATH]

Prints per-type precision/recall/F1, the overall F1, and tokens/s of tagging on one core
(a fresh model, so the per-word feature cache starts empty).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.extract.ner import NerModel, read_conll, score  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=None, help="model file (default: the shipped one)")
    ap.add_argument("--test", default=None, help="CoNLL file (default: shared ner/anercorp/test.txt)")
    args = ap.parse_args()
    test = Path(args.test) if args.test else shared_data() / "ner" / "anercorp" / "test.txt"
    sents = read_conll(test)
    model = NerModel.load(args.model)
    n_tok = sum(len(w) for w, _ in sents)
    t0 = time.perf_counter()
    pred = [model.tag(w) for w, _ in sents]
    dt = time.perf_counter() - t0
    res = score([t for _, t in sents], pred)
    print(f"ANERcorp test: {len(sents)} sentences, {n_tok} tokens ({test})")
    print(f"{'type':5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'sys':>5} {'gold':>5}")
    for typ, r in res.items():
        print(f"{typ:5} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['tp']:5} {r['system']:5} {r['gold']:5}")
    print(f"overall F1 {res['ALL']['f1']:.3f}")
    print(f"speed {n_tok / dt:,.0f} tokens/s (cold feature cache, {dt:.2f}s)")
    t0 = time.perf_counter()
    for w, _ in sents:
        model.tag(w)
    dt = time.perf_counter() - t0
    print(f"speed {n_tok / dt:,.0f} tokens/s (warm feature cache)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
