"""Train the PROTEST / ASSAULT event gate (src/marsad/resources/events/gate.json).

Reads the Arabic event GSR dev sentences (shared/data/events/arabic_event_gsr_dev, MIT,
openeventdata/arabic_event_gsr) through scripts/devdata.py, runs the rule-based coder with
the gate off, and for every sentence where the rules find a (non-negated, non-future) event of the file's
type, learns whether the sentence reports one (label ``yes``) or only mentions one (``easy
no`` / ``difficult no``; ``ambiguous`` is skipped). One example per event, labelled with its
sentence; a sentence is predicted when its best event passes. Events a pattern of
resources/events/gate_vetoes.tsv matches are not examples (their probability is 0).

Model: L2-regularised logistic regression (numpy + scipy, train-time only), features from
marsad.coding.event_gate.features, one model per type. Each type's feature groups
(GROUP_SETS) and regularisation (C_GRID) are chosen by 5-fold cross-validation grouped by
sentence text (identical sentences share a fold), by the mean out-of-fold F1 over
SELECTION_SEEDS fold assignments with each fold's threshold chosen on the other folds; the
per-type threshold is the one that maximises the out-of-fold F1, never fit on the full set.
The script prints out-of-fold detection P/R/F1 of the rules and of rules + gate (also with
the threshold chosen without the scored fold, and per md5 half as in
bench/event_detection.py) and at a grid of drop floors; ``--nested`` also estimates the whole
procedure (model choice included) by nested cross-validation. It then trains each type's
model on everything and writes the weights file, with the default pipeline's floors (FLOORS
below, or --floor TYPE=VALUE).

    .venv/bin/pip install -e '.[train]'
    nice .venv/bin/python scripts/train_event_gate.py [--out PATH] [--folds 5] [--seed 13] [--dry-run]
        [--nested] [--selection-seeds 5] [--config [TYPE:]FEATURES,C] [--floors 0.1,0.2,...]
        [--floor ASSAULT=0.12]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import ROOT, shared_data  # noqa: E402

from marsad.coding.event_gate import ALL_GROUPS, FORMAT, expand, features, resolve_mode, vetoed  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402
from marsad.text.normalize import normalize  # noqa: E402

TYPES = (("PROTEST", "protest_gsr.csv"), ("ASSAULT", "assault_gsr.csv"))
C_GRID = (0.3, 0.5, 1.0)
# fold assignments whose mean out-of-fold F1 chooses each type's model (one is noisy: the
# GSR has 25 PROTEST and 114 ASSAULT reports; with 3, nested cross-validation showed the
# PROTEST choice flipping between folds)
SELECTION_SEEDS = 5
# feature-group sets compared by cross-validation (see marsad.coding.event_gate.GROUPS)
GROUP_SETS = {
    "all": ALL_GROUPS - {"window"},
    "no-bigrams": ALL_GROUPS - {"bigrams", "window"},
    "local": frozenset({"trigger", "cues", "other"}),
    "local+stems": frozenset({"trigger", "cues", "other", "stems"}),
    "local+stems+window": frozenset({"trigger", "cues", "other", "stems", "window"}),
}
# the sets model selection compares (the others only with --config): the sentence's words
# and bigrams were never better than its stems in cross-validation, and are slow to fit;
# a shorter list also makes the choice less noisy on so few reports
SELECTION_SETS = ("local", "local+stems", "local+stems+window")
MIN_COUNT = 2
# drop floors (below the threshold) whose out-of-fold detection scores are printed
FLOOR_GRID = (0.05, 0.1, 0.12, 0.15, 0.18, 0.2, 0.25, 0.3)
# the default pipeline's floors (event_gate_mode="floor"), written into the weights file: chosen
# jointly on the out-of-fold GSR scores printed here and on whole articles (scripts/gate_floor.py
# on the dev gold), where the probabilities run lower than on the GSR sentences; see
# resources/events/README.md for the figures. A floor above the threshold is lowered to it.
# (2026-11-29, gate3: the ASSAULT model reads the sentence's stems and its probabilities run
# lower on articles: 0.04 is the highest floor that loses no gold-matching dev event (0.045
# loses a headline) and drops about as many of the ASSAULT events of 250 ANT world / Middle
# East articles as 0.12 did with the old model, mostly calls, plans and references; PROTEST
# 0.25 would lose one dev event, 0.2 none)
FLOORS = {"PROTEST": 0.2, "ASSAULT": 0.04}


def load_examples() -> tuple[list[dict], dict[str, list[dict]]]:
    """Examples (one per gated event) and, per type, every scored sentence."""
    base = shared_data() / "events" / "arabic_event_gsr_dev"
    pipe = Pipeline(event_gate=False)
    coder = next(c for c in pipe.components if c.name == "events")
    examples: list[dict] = []
    sentences: dict[str, list[dict]] = {}
    for etype, fname in TYPES:
        rows = sentences.setdefault(etype, [])
        with open(base / fname, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                label = row["label"].strip()
                if label == "ambiguous":
                    continue
                text = row["text"]
                a = pipe.analyze(text)
                sid = len(rows)
                evs = [e for e in a.events if e.plover == etype and not e.negated]
                gate_evs = [e for e in evs if not e.future]  # the gate leaves future events alone
                rows.append({"id": sid, "text": text, "gold": label == "yes", "rules": bool(evs),
                             "mode": resolve_mode("auto", len(a.sentences)),
                             "ungated": len(gate_evs) < len(evs),
                             "group": hashlib.md5(normalize(text).encode("utf-8")).hexdigest(),
                             "half": "B" if hashlib.md5(text.encode("utf-8")).digest()[0] % 2 else "A"})
                done: set[int] = set()
                for e in gate_evs:
                    if e.trigger.start in done:
                        continue
                    done.add(e.trigger.start)
                    sent = a.sentences[e.sentence]
                    toks = [t for t in a.tokens if sent.start <= t.start < sent.end]
                    k = next(j for j, t in enumerate(toks) if t.start == e.trigger.start)
                    if vetoed(toks, k, etype) is not None:  # probability 0 whatever the weights
                        continue
                    m = coder._match(toks, k)
                    f = features(toks, k, etype, kind=m[0].kind if m else None, event=e, analysis=a)
                    examples.append({"type": etype, "sid": sid, "y": label == "yes", "feats": f,
                                     "group": rows[-1]["group"]})
    return examples, sentences


def fit(X: np.ndarray, y: np.ndarray, C: float, types: np.ndarray, n_types: int) -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression, L2 on the weights (not on the per-type biases)."""
    n, d = X.shape

    def loss(theta):
        w, b = theta[:d], theta[d:]
        z = X @ w + b[types]
        p = 1.0 / (1.0 + np.exp(-z))
        ll = np.sum(np.logaddexp(0.0, z) - y * z)
        g = p - y
        gw = X.T @ g + w / C
        gb = np.bincount(types, weights=g, minlength=n_types)
        return ll + 0.5 * np.dot(w, w) / C, np.concatenate([gw, gb])

    res = minimize(loss, np.zeros(d + n_types), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x[:d], res.x[d:]


def vectorize(examples: list[dict], vocab: dict[str, int], shared: bool, groups) -> np.ndarray:
    X = np.zeros((len(examples), len(vocab)))
    for i, ex in enumerate(examples):
        for name in expand(ex["feats"], ex["type"], shared, groups):
            j = vocab.get(name)
            if j is not None:
                X[i, j] = 1.0
    return X


def build_vocab(examples: list[dict], shared: bool, groups) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ex in examples:
        for name in expand(ex["feats"], ex["type"], shared, groups):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT and not n.endswith("|bias_type"))
    return {n: i for i, n in enumerate(names)}


def train_predict(train: list[dict], test: list[dict], C: float, shared: bool, tnames: list[str], groups=ALL_GROUPS):
    vocab = build_vocab(train, shared, groups)
    tix = {t: i for i, t in enumerate(tnames)}
    X = vectorize(train, vocab, shared, groups)
    y = np.array([ex["y"] for ex in train], dtype=float)
    ty = np.array([tix[ex["type"]] for ex in train])
    w, b = fit(X, y, C, ty, len(tnames))
    if not test:
        return vocab, w, b, np.zeros(0)
    Xt = vectorize(test, vocab, shared, groups)
    z = Xt @ w + b[np.array([tix[ex["type"]] for ex in test])]
    return vocab, w, b, 1.0 / (1.0 + np.exp(-z))


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp, fp, fn


def score(rows: list[dict], pred) -> tuple:
    tp = fp = fn = 0
    for r in rows:
        p = pred(r)
        tp += p and r["gold"]
        fp += p and not r["gold"]
        fn += (not p) and r["gold"]
    return prf(tp, fp, fn)


def best_threshold(rows: list[dict], prob: dict[int, float]) -> float:
    """Threshold maximising F1 over ``rows`` (ties: the lowest); rows without a rule event
    are false negatives whatever the threshold."""
    cands = sorted({round(p, 4) for r in rows if (p := prob.get(r["id"])) is not None})
    best, best_t = -1.0, 0.0
    for t in [0.0, *cands]:
        f = score(rows, lambda r: r["ungated"] or (r["id"] in prob and prob[r["id"]] >= t))[2]
        if f > best + 1e-12:
            best, best_t = f, t
    return best_t


def make_folds(keys: list[str], n: int, seed: int) -> dict[str, int]:
    order = np.random.default_rng(seed).permutation(len(keys))
    return {keys[i]: k % n for k, i in enumerate(order)}


def oof(examples: list[dict], fold_of: dict[str, int], folds: int, C: float, groups, etype: str) -> dict[int, float]:
    """Out-of-fold probability per sentence (its best event) for one type's model."""
    prob: dict[int, float] = {}
    for k in range(folds):
        train = [ex for ex in examples if fold_of[ex["group"]] != k]
        test = [ex for ex in examples if fold_of[ex["group"]] == k]
        if not test:
            continue
        *_, p = train_predict(train, test, C, False, [etype], groups)
        for ex, pi in zip(test, p):
            prob[ex["sid"]] = max(prob.get(ex["sid"], 0.0), float(pi))
    return prob


def nested_f1(rows: list[dict], prob: dict[int, float], fold_of: dict[str, int], folds: int) -> float:
    """F1 with each fold's threshold chosen on the other folds' out-of-fold probabilities."""
    th = {k: best_threshold([r for r in rows if fold_of[r["group"]] != k], prob) for k in range(folds)}
    return score(rows, lambda r: r["ungated"] or (r["id"] in prob and prob[r["id"]] >= th[fold_of[r["group"]]]))[2]


def select(examples: list[dict], rows: list[dict], etype: str, grid: list[tuple[str, float]],
           fold_seeds: list[dict[str, int]], folds: int, log=None) -> tuple[str, float]:
    """The (features, C) of ``grid`` with the best mean nested-threshold F1 over the fold
    assignments ``fold_seeds`` (ties: the fewer feature groups, the stronger regularisation)."""
    results = {}
    for gname, C in grid:
        fs = [nested_f1(rows, oof(examples, fo, folds, C, GROUP_SETS[gname], etype), fo, folds) for fo in fold_seeds]
        results[(gname, C)] = float(np.mean(fs))
        if log:
            log(f"  {etype:8s} features={gname:18s} C={C:<4} out-of-fold F1 (nested threshold) "
                f"{np.mean(fs):.3f}  [" + ", ".join(f"{f:.3f}" for f in fs) + "]")
    return max(results, key=lambda k: (round(results[k], 4), -len(GROUP_SETS[k[0]]), -k[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "resources" / "events" / "gate.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--selection-seeds", type=int, default=SELECTION_SEEDS,
                    help="fold assignments (seeds SEED, SEED+1, ...) averaged to choose each type's model")
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    ap.add_argument("--nested", action="store_true",
                    help="also estimate the whole procedure (model choice and threshold) by nested "
                         "cross-validation: each fold's model chosen on the other folds only (slower)")
    ap.add_argument("--config", action="append", default=[], metavar="[TYPE:]FEATURES,C",
                    help="skip model selection (for TYPE, or for every type), e.g. local,0.3 or "
                         "ASSAULT:all,0.3 (features: " + ", ".join(GROUP_SETS) + ")")
    ap.add_argument("--floors", default=",".join(str(x) for x in FLOOR_GRID),
                    help="drop floors whose out-of-fold detection scores are printed")
    ap.add_argument("--floor", action="append", default=[], metavar="TYPE=VALUE",
                    help=f"the default pipeline's drop floor of a type (default {FLOORS})")
    args = ap.parse_args()
    default_floors = dict(FLOORS)
    for item in args.floor:
        t, _, v = item.partition("=")
        try:
            default_floors[t] = float(v)
        except ValueError:
            ap.error(f"--floor: expected TYPE=NUMBER, not {item!r}")
        if t not in FLOORS or not 0.0 <= default_floors[t] < 1.0:
            ap.error(f"--floor: expected one of {', '.join(FLOORS)} with a value in [0, 1), not {item!r}")
    floor_grid = sorted({float(x) for x in args.floors.split(",") if x.strip()})
    tnames = [t for t, _ in TYPES]
    fixed: dict[str, tuple[str, float]] = {}
    for item in args.config:
        t, _, cfg = item.rpartition(":")
        try:
            g, c, *rest = cfg.split(",")
            if g not in GROUP_SETS or rest not in ([], ["no"]) or (t and t not in tnames):
                raise ValueError
            for tt in ([t] if t else tnames):
                fixed[tt] = (g, float(c))
        except ValueError:
            ap.error(f"--config: expected [TYPE:]FEATURES,C with FEATURES one of {', '.join(GROUP_SETS)}, not {item!r}")
    if args.selection_seeds < 1:
        ap.error("--selection-seeds must be at least 1")

    examples, sentences = load_examples()
    for t in tnames:
        n = sum(ex["type"] == t for ex in examples)
        pos = sum(ex["type"] == t and ex["y"] for ex in examples)
        print(f"{t}: {len(sentences[t])} scored sentences, {n} gated events ({pos} in 'yes' sentences)")

    keys = sorted({ex["group"] for ex in examples} | {r["group"] for rs in sentences.values() for r in rs})
    fold_of = make_folds(keys, args.folds, args.seed)
    fold_seeds = [fold_of] + [make_folds(keys, args.folds, args.seed + i) for i in range(1, args.selection_seeds)]
    grid = [(g, c) for g in SELECTION_SETS for c in C_GRID]

    # model selection, per type (each type has its own model: the few PROTEST sentences want
    # few, general features; ASSAULT gains from the words around the trigger): features and
    # regularisation by mean out-of-fold F1, the threshold of each fold chosen on the others
    chosen: dict[str, tuple[str, float]] = {}
    for t in tnames:
        ex_t = [ex for ex in examples if ex["type"] == t]
        chosen[t] = fixed.get(t) or select(ex_t, sentences[t], t, grid, fold_seeds, args.folds,
                                           log=lambda m: print(m, flush=True))
        print(f"chosen for {t}: features={chosen[t][0]} C={chosen[t][1]}", flush=True)

    cv: dict[str, dict] = {}
    thresholds: dict[str, float] = {}
    for t in tnames:
        rows = sentences[t]
        gname, C = chosen[t]
        pr = oof([ex for ex in examples if ex["type"] == t], fold_of, args.folds, C, GROUP_SETS[gname], t)
        th = best_threshold(rows, pr)
        thresholds[t] = th
        rules = score(rows, lambda r: r["rules"])
        gated = score(rows, lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= th))
        # the threshold for each fold chosen on the other folds only (an honest estimate)
        nested_th = {k: best_threshold([r for r in rows if fold_of[r["group"]] != k], pr) for k in range(args.folds)}
        nested = score(rows, lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= nested_th[fold_of[r["group"]]]))
        soft = score(rows, lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= 0.5))
        halves = {h: (score([r for r in rows if r["half"] == h], lambda r: r["rules"])[2],
                      score([r for r in rows if r["half"] == h], lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= th))[2])
                  for h in "AB"}
        cv[t] = {"features": gname, "C": C, "threshold": th, "rules": rules[:3], "gate": gated[:3],
                 "gate_nested_threshold": nested[:3], "gate_at_0.5": soft[:3], "halves_rules_gate_f1": halves}
        print(f"{t}: features={gname} C={C} threshold {th:.3f} (per-fold thresholds {', '.join(f'{v:.2f}' for v in nested_th.values())})")
        for name, s in (("rules", rules), ("rules+gate (CV threshold)", gated),
                        ("rules+gate (nested threshold)", nested), ("rules+gate (0.5)", soft)):
            print(f"  {name:30s} P={s[0]:.3f} R={s[1]:.3f} F1={s[2]:.3f}  (tp={s[3]} fp={s[4]} fn={s[5]})")
        print("  F1 per half (rules -> gate): " + ", ".join(f"{h}: {a:.3f} -> {b:.3f}" for h, (a, b) in halves.items()))
        floors = {}
        for fl in floor_grid:
            s = score(rows, lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= fl))
            floors[str(fl)] = s[:3]
            print(f"  drop below {fl:<5} P={s[0]:.3f} R={s[1]:.3f} F1={s[2]:.3f}  (tp={s[3]} fp={s[4]} fn={s[5]})")
        cv[t]["floors"] = floors
        fl = min(default_floors[t], th)
        s = score(rows, lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= fl))
        cv[t]["default_floor"] = s[:3]
        print(f"  default floor {fl:<5} P={s[0]:.3f} R={s[1]:.3f} F1={s[2]:.3f}  (tp={s[3]} fp={s[4]} fn={s[5]})")
        # the default pipeline ("auto"): a one-sentence text at the fold's nested threshold,
        # a longer one at the floor
        s = score(rows, lambda r: r["ungated"] or (r["id"] in pr and pr[r["id"]] >= (
            nested_th[fold_of[r["group"]]] if r["mode"] == "drop" else fl)))
        cv[t]["default_auto"] = s[:3]
        print(f"  default (auto, nested)  P={s[0]:.3f} R={s[1]:.3f} F1={s[2]:.3f}  (tp={s[3]} fp={s[4]} fn={s[5]})")

    if args.nested:
        # the whole procedure cross-validated: for each outer fold, the model (features, C) and
        # the threshold are chosen by cross-validation on the other folds only, then that model
        # is trained on them and scores the held-out fold
        print("nested cross-validation of the whole procedure (model choice inside the outer folds):")
        for t in tnames:
            rows, ex_t = sentences[t], [ex for ex in examples if ex["type"] == t]
            pred: dict[int, bool] = {}
            picks = []
            for k in range(args.folds):
                inner_keys = [g for g in keys if fold_of[g] != k]
                inner = [make_folds(inner_keys, args.folds - 1, args.seed + 100 + i) for i in range(args.selection_seeds)]
                tr = [ex for ex in ex_t if fold_of[ex["group"]] != k]
                tr_rows = [r for r in rows if fold_of[r["group"]] != k]
                g, C = fixed.get(t) or select(tr, tr_rows, t, grid, inner, args.folds - 1)
                picks.append(f"{g},{C}")
                th = best_threshold(tr_rows, oof(tr, inner[0], args.folds - 1, C, GROUP_SETS[g], t))
                te = [ex for ex in ex_t if fold_of[ex["group"]] == k]
                *_, p = train_predict(tr, te, C, False, [t], GROUP_SETS[g])
                best: dict[int, float] = {}
                for ex, pi in zip(te, p):
                    best[ex["sid"]] = max(best.get(ex["sid"], 0.0), float(pi))
                fl = min(default_floors[t], th)
                for r in rows:
                    if fold_of[r["group"]] == k:
                        pred[r["id"]] = r["ungated"] or (r["id"] in best and best[r["id"]] >= (th if r["mode"] == "drop" else fl))
            s = score(rows, lambda r: pred[r["id"]])
            cv[t]["nested_procedure"] = s[:3]
            print(f"  {t:8s} default (auto), fully nested  P={s[0]:.3f} R={s[1]:.3f} F1={s[2]:.3f}  "
                  f"(tp={s[3]} fp={s[4]} fn={s[5]}; models chosen: {'; '.join(picks)})", flush=True)

    if args.dry_run:
        return
    weights: dict[str, float] = {}
    bias: dict[str, float] = {}
    for t in tnames:
        gname, C = chosen[t]
        vocab, w, b, _ = train_predict([ex for ex in examples if ex["type"] == t], [], C, False, [t], GROUP_SETS[gname])
        weights.update({n: round(float(w[i]), 4) for n, i in vocab.items() if abs(w[i]) >= 1e-3})
        bias[t] = round(float(b[0]), 4)
    all_groups = frozenset().union(*(GROUP_SETS[g] for g, _ in chosen.values()))
    out = {
        "format": FORMAT, "version": 1,
        "source": "scripts/train_event_gate.py on the Arabic event GSR dev sentences "
                  "(openeventdata/arabic_event_gsr, MIT)",
        "trained": dt.date.today().isoformat(),
        "shared": False, "groups": sorted(all_groups), "folds": args.folds, "seed": args.seed,
        "types": {t: {"bias": bias[t], "threshold": round(thresholds[t], 4),
                      "floor": round(min(default_floors[t], thresholds[t]), 4),
                      "groups": sorted(GROUP_SETS[chosen[t][0]]), "C": chosen[t][1]} for t in tnames},
        "cv": cv,
        "weights": dict(sorted(weights.items(), key=lambda kv: -abs(kv[1]))),
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
