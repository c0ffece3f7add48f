"""NER accuracy and speed on ANERcorp test (PER/ORG/LOC, MISC → O, CoNLL exact spans).

    python bench/ner.py [--model PATH] [--test PATH] [--crfsuite MODEL.crfsuite]

Prints per-type precision/recall/F1, the overall F1, and tokens/s of tagging on one core,
sentence by sentence (``tag``) and all sentences at once (``tag_many``, as the pipeline
does per document), each with a fresh model (empty per-word score cache: "cold") and again
("warm").
With --crfsuite (the CRFsuite file training left in /tmp/marsad-ner/model.crfsuite; needs
python-crfsuite) it also tags with CRFsuite itself and reports how many tags agree (with the
first stage's tags, when the model has a second stage).

With a second stage (document features, ``model.stage2.npz``), ``tag_many`` on the whole test
file reads the first-stage tags of the ±DOC_WINDOW sentences around each sentence (ANERcorp
is running news text without article boundaries), and ``tag`` one sentence only.
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
    ap.add_argument("--crfsuite", default=None, help="also compare with this CRFsuite model file")
    args = ap.parse_args()
    test = Path(args.test) if args.test else shared_data() / "ner" / "anercorp" / "test.txt"
    sents = read_conll(test)
    model = NerModel.load(args.model)
    n_tok = sum(len(w) for w, _ in sents)
    words = [w for w, _ in sents]
    pred = model.tag_many(words)
    res = score([t for _, t in sents], pred)
    print(f"ANERcorp test: {len(sents)} sentences, {n_tok} tokens ({test})")
    print(f"{'type':5} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'sys':>5} {'gold':>5}")
    for typ, r in res.items():
        print(f"{typ:5} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} {r['tp']:5} {r['system']:5} {r['gold']:5}")
    print(f"overall F1 {res['ALL']['f1']:.3f}")
    # wall-clock and CPU-time rates: on a shared machine the CPU-time rate is the one-core speed
    for how in ("tag", "tag_many"):
        fresh = NerModel.load(args.model)  # empty per-word score cache
        for cache in ("cold", "warm"):
            t0, c0 = time.perf_counter(), time.process_time()
            if how == "tag":
                out = [fresh.tag(w) for w in words]
            else:
                out = fresh.tag_many(words)
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
            if how == "tag_many":
                assert out == pred
            elif cache == "cold" and model.stage2 is not None:
                # one sentence at a time: the second stage sees no other sentence
                print(f"tag() sentence by sentence (no document context): overall F1 "
                      f"{score([t for _, t in sents], out)['ALL']['f1']:.3f}")
            print(f"speed {how + '()':11} {cache}: {n_tok / dc:9,.0f} tokens/s CPU  ({n_tok / dt:,.0f} wall)")
    # as the pipeline runs: one call per article (here: runs of 15 sentences, ~ an article),
    # the model built once
    docs = [words[k: k + 15] for k in range(0, len(words), 15)]
    for cache in ("cold", "warm"):
        if cache == "cold":
            fresh = NerModel.load(args.model)
        c0 = time.process_time()
        out = [t for d in docs for t in fresh.tag_many(d)]
        dc = time.process_time() - c0
        print(f"speed tag_many() per 15 sentences {cache}: {n_tok / dc:9,.0f} tokens/s CPU"
              + (f"; overall F1 {score([t for _, t in sents], out)['ALL']['f1']:.3f}" if cache == "cold" else ""))
    if args.crfsuite:
        # CRFsuite runs the first stage only: compare with the first stage's tags
        compare(model, args.crfsuite, sents, model._tag_plain(words) if model.stage2 is not None else pred)
    return 0


def compare(model: NerModel, crf: str, sents: list, pred: list) -> None:
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(crf)
    labels = [lab for lab in tg.labels() if lab != "O"]
    ref = []
    c0 = time.process_time()
    for words, _ in sents:
        tg.set(model.features.sentence(words))
        tags = list(tg.tag())
        for i, t in enumerate(tags):
            if t == "O":
                best = max(labels, key=lambda lab: tg.marginal(lab, i))
                if tg.marginal("O", i) < 1.0 - model.threshold(best[2:]):
                    tags[i] = best
        ref.append(tags)
    dc = time.process_time() - c0
    n_tok = sum(len(t) for t in ref)
    same = sum(a == b for r, p in zip(ref, pred) for a, b in zip(r, p))
    f1 = score([t for _, t in sents], ref)["ALL"]["f1"]
    print(f"CRFsuite ({crf}): F1 {f1:.3f}, {n_tok / dc:,.0f} tokens/s CPU; identical tags "
          f"{same}/{n_tok} ({100 * same / n_tok:.2f}%), identical sentences "
          f"{sum(r == p for r, p in zip(ref, pred))}/{len(ref)}")


if __name__ == "__main__":
    sys.exit(main())
