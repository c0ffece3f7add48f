"""Train the PROTEST / ASSAULT event gate (src/marsad/resources/events/gate.json).

Reads the Arabic event GSR dev sentences (shared/data/events/arabic_event_gsr_dev, MIT,
openeventdata/arabic_event_gsr) through scripts/devdata.py, runs the rule-based coder with
the gate off, and for every sentence where the rules find a (non-negated, non-future) event of the file's
type, learns whether the sentence reports one (label ``yes``) or only mentions one (``easy
no`` / ``difficult no``; ``ambiguous`` is skipped). One example per event, labelled with its
sentence; a sentence is predicted when its best event passes. Events a pattern of
resources/events/gate_vetoes.tsv matches are not examples (their probability is 0).

Model: L2-regularised logistic regression (numpy + scipy, train-time only), features from
marsad.coding.event_gate.features. Regularisation and the per-type threshold are chosen by
5-fold cross-validation grouped by sentence text (identical sentences share a fold), never on
the full set; the script prints out-of-fold detection P/R/F1 of the rules and of rules + gate
(also with the threshold chosen without the scored fold, and per md5 half as in
bench/event_detection.py) and at a grid of drop floors, then trains on everything and writes
the weights file, with the default pipeline's floors (FLOORS below, or --floor TYPE=VALUE).

    .venv/bin/pip install -e '.[train]'
    nice .venv/bin/python scripts/train_event_gate.py [--out PATH] [--folds 5] [--seed 13] [--dry-run]
        [--config local,0.3,no] [--floors 0.1,0.2,...] [--floor ASSAULT=0.12]
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
C_GRID = (0.3, 1.0)
# feature-group sets compared by cross-validation (see marsad.coding.event_gate.GROUPS)
GROUP_SETS = {
    "all": ALL_GROUPS,
    "no-bigrams": ALL_GROUPS - {"bigrams"},
    "local": frozenset({"trigger", "cues", "other"}),
    "local+stems": frozenset({"trigger", "cues", "other", "stems"}),
}
MIN_COUNT = 2
# drop floors (below the threshold) whose out-of-fold detection scores are printed
FLOOR_GRID = (0.05, 0.1, 0.12, 0.15, 0.18, 0.2, 0.25, 0.3)
# the default pipeline's floors (event_gate_mode="floor"), written into the weights file: chosen
# jointly on the out-of-fold GSR scores printed here and on whole articles (scripts/gate_floor.py
# on the dev gold), where the probabilities run lower than on the GSR sentences; see
# resources/events/README.md for the figures. A floor above the threshold is lowered to it.
FLOORS = {"PROTEST": 0.3, "ASSAULT": 0.12}


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "marsad" / "resources" / "events" / "gate.json")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dry-run", action="store_true", help="cross-validate only, write nothing")
    ap.add_argument("--config", metavar="FEATURES,C,SHARED",
                    help="skip model selection, e.g. local,0.3,no (features: " + ", ".join(GROUP_SETS) + ")")
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

    examples, sentences = load_examples()
    tnames = [t for t, _ in TYPES]
    for t in tnames:
        n = sum(ex["type"] == t for ex in examples)
        pos = sum(ex["type"] == t and ex["y"] for ex in examples)
        print(f"{t}: {len(sentences[t])} scored sentences, {n} gated events ({pos} in 'yes' sentences)")

    groups = sorted({ex["group"] for ex in examples} | {r["group"] for rs in sentences.values() for r in rs})
    rng = np.random.default_rng(args.seed)
    order = rng.permutation(len(groups))
    fold_of = {groups[i]: k % args.folds for k, i in enumerate(order)}

    def oof(C: float, shared: bool, groups) -> dict[str, dict[int, float]]:
        prob: dict[str, dict[int, float]] = {t: {} for t in tnames}
        for k in range(args.folds):
            train = [ex for ex in examples if fold_of[ex["group"]] != k]
            test = [ex for ex in examples if fold_of[ex["group"]] == k]
            *_, p = train_predict(train, test, C, shared, tnames, groups)
            for ex, pi in zip(test, p):
                d = prob[ex["type"]]
                d[ex["sid"]] = max(d.get(ex["sid"], 0.0), float(pi))
        return prob

    # model selection: features, regularisation and sharing by mean out-of-fold F1 at the CV
    # threshold (ties: the simpler feature set, the stronger regularisation)
    results = {}
    grid = [(g, sh, c) for g in GROUP_SETS for sh in (True, False) for c in C_GRID]
    if args.config:
        try:
            g, c, sh = args.config.split(",")
            grid = [(g, {"yes": True, "no": False}[sh], float(c))]
            GROUP_SETS[g]
        except (ValueError, KeyError):
            ap.error(f"--config: expected FEATURES,C,yes|no with FEATURES one of {', '.join(GROUP_SETS)}")
    for gname, shared, C in grid:
        groups = GROUP_SETS[gname]
        prob = oof(C, shared, groups)
        fs = []
        for t in tnames:
            th = best_threshold(sentences[t], prob[t])
            fs.append(score(sentences[t], lambda r: r["ungated"] or (r["id"] in prob[t] and prob[t][r["id"]] >= th))[2])
        results[(gname, C, shared)] = (round(float(np.mean(fs)), 4), -len(groups), -C, prob)
        print(f"  features={gname:12s} C={C:<4} shared={shared!s:5}  out-of-fold F1 "
              + " ".join(f"{t}={f:.3f}" for t, f in zip(tnames, fs)), flush=True)
    (gname, C, shared), (*_, prob) = max(results.items(), key=lambda kv: kv[1][:3])
    groups = GROUP_SETS[gname]
    print(f"chosen: features={gname} C={C} shared={shared}")

    cv: dict[str, dict] = {}
    thresholds: dict[str, float] = {}
    for t in tnames:
        rows, pr = sentences[t], prob[t]
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
        cv[t] = {"threshold": th, "rules": rules[:3], "gate": gated[:3], "gate_nested_threshold": nested[:3],
                 "gate_at_0.5": soft[:3], "halves_rules_gate_f1": halves}
        print(f"{t}: threshold {th:.3f} (per-fold thresholds {', '.join(f'{v:.2f}' for v in nested_th.values())})")
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

    if args.dry_run:
        return
    vocab, w, b, _ = train_predict(examples, [], C, shared, tnames, groups)
    weights = {n: round(float(w[i]), 4) for n, i in vocab.items() if abs(w[i]) >= 1e-3}
    out = {
        "format": FORMAT, "version": 1,
        "source": "scripts/train_event_gate.py on the Arabic event GSR dev sentences "
                  "(openeventdata/arabic_event_gsr, MIT)",
        "trained": dt.date.today().isoformat(),
        "C": C, "shared": shared, "groups": sorted(groups), "folds": args.folds, "seed": args.seed,
        "types": {t: {"bias": round(float(b[i]), 4), "threshold": round(thresholds[t], 4),
                      "floor": round(min(default_floors[t], thresholds[t]), 4)} for i, t in enumerate(tnames)},
        "cv": cv,
        "weights": dict(sorted(weights.items(), key=lambda kv: -abs(kv[1]))),
    }
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(weights)} weights)")


if __name__ == "__main__":
    main()
