"""Sentence-level PROTEST / ASSAULT detection on the Arabic event GSR (dev part).

A sentence labelled ``yes`` should yield an event of the file's type; ``easy no`` and
``difficult no`` should not; ``ambiguous`` is skipped. Prints precision, recall and F1 per
type for the default pipeline (``event_gate_mode="auto"``: a lone sentence is gated at the
type's threshold, as ``"drop"``), for ``"floor"`` (what the default does to articles: drops
the events the learned gate scores below the type's low floor), for the rules alone
(``"score"``: nothing dropped), and for a keyword baseline. The gate was trained on these very sentences, so the gated rows are optimistic:
scripts/train_event_gate.py prints the cross-validated figures. ``--errors`` lists the
default pipeline's false positives and negatives.

    .venv/bin/python bench/event_detection.py [--errors N] [--half A|B]
"""

from __future__ import annotations

import argparse
import hashlib
import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.pipeline import Pipeline  # noqa: E402

KEYWORDS = {
    "PROTEST": re.compile(r"تظاهر|مظاهر|احتجا|اعتصا|مسير|إضراب|اضراب"),
    "ASSAULT": re.compile(r"قتل|هجوم|قصف|غار|اشتباك|انفجار|تفجير|اغتيال|خطف"),
}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", type=int, default=0, help="print N false positives / negatives per type")
    ap.add_argument("--half", choices=["A", "B"], help="only sentences whose md5 is even (A) or odd (B)")
    args = ap.parse_args()
    base = shared_data() / "events" / "arabic_event_gsr_dev"
    pipe, rules_only, floor = Pipeline(), Pipeline(event_gate_mode="score"), Pipeline(event_gate_mode="floor")
    for etype, fname in (("PROTEST", "protest_gsr.csv"), ("ASSAULT", "assault_gsr.csv")):
        counts = {"sys": [0, 0, 0], "rules": [0, 0, 0], "gate": [0, 0, 0], "kw": [0, 0, 0]}
        fps, fns = [], []
        with open(base / fname, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                label = row["label"].strip()
                if label == "ambiguous":
                    continue
                gold = label == "yes"
                text = row["text"]
                if args.half and (hashlib.md5(text.encode("utf-8")).digest()[0] % 2) != (args.half == "B"):
                    continue
                pred, rules, gated = (any(e.plover == etype and not e.negated for e in p.analyze(text).events)
                                      for p in (pipe, rules_only, floor))
                kw = bool(KEYWORDS[etype].search(text))
                for name, p in (("sys", pred), ("rules", rules), ("gate", gated), ("kw", kw)):
                    c = counts[name]
                    if p and gold:
                        c[0] += 1
                    elif p and not gold:
                        c[1] += 1
                    elif gold:
                        c[2] += 1
                if pred and not gold:
                    fps.append(text)
                if gold and not pred:
                    fns.append(text)
        for name, label in (("sys", "marsad (default)"), ("rules", "rules (gate=score)"),
                            ("gate", "gate=floor"), ("kw", "keyword baseline")):
            tp, fp, fn = counts[name]
            p, r, f = prf(tp, fp, fn)
            print(f"{etype:8s} {label:18s} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} fp={fp} fn={fn})")
        for t in fps[: args.errors]:
            print("   FP:", t[:160])
        for t in fns[: args.errors]:
            print("   FN:", t[:160])


if __name__ == "__main__":
    main()
