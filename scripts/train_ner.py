"""Train the Arabic NER tagger and write it into src/marsad/resources/ner/.

    python scripts/train_ner.py              # clusters (cached) + gazetteer + final model
    python scripts/train_ner.py --dev        # also score on an entity-disjoint dev split of train
    python scripts/train_ner.py --dev-only   # tune: dev score only, write nothing

Steps:
1. word clusters from the unlabeled news (scripts/ner_clusters.py, cached in --cache);
2. a gazetteer of word flags from the country list and the UniversalPetrarch actor dictionary;
3. a CRF (python-crfsuite, L-BFGS with L1+L2) on ANERcorp train (MISC → O).

The dev split never shares an entity string with the part trained on: sentences are drawn
at random for dev, and train sentences mentioning any dev entity string are left out.
Test (anercorp/test.txt) is only used by bench/ner.py for reporting.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ner_clusters  # noqa: E402
from devdata import ROOT, shared_data  # noqa: E402

from marsad.extract.ner import (  # noqa: E402
    CLUSTER_FILE,
    GAZETTEER_FILE,
    MODEL_FILE,
    RESOURCE_DIR,
    model_digest,
    FeatureExtractor,
    bio_spans,
    read_conll,
    score,
)
from marsad.text.normalize import normalize  # noqa: E402
from marsad.text.segment import clitic_stems  # noqa: E402

N_CLUSTER_WORDS = 50_000


def log(msg: str) -> None:
    print(f"[train-ner {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _nationality(country: str) -> list[str]:
    base = country[2:] if country.startswith("ال") else country
    stem = base[:-1] if base.endswith("ا") else base
    return [stem + "ي", stem + "يه", stem + "يون", stem + "يين"]


def build_gazetteer(data: Path, clusters: dict[str, tuple[int, ...]]) -> dict[str, set[str]]:
    """word → flags: C country name, Cw word of a multi-word country name, N nationality
    adjective, A1 single-word actor (mostly places), Aw word of a multi-word actor,
    PF/PL first/last word of a person-like actor entry."""
    freq_rank = {w: i for i, w in enumerate(clusters)}  # clusters are in frequency order
    gaz: dict[str, set[str]] = {}

    def add(word: str, flag: str) -> None:
        if len(word) < 2 or not word.isalpha() or freq_rank.get(word, 10**9) < 150:
            return
        gaz.setdefault(word, set()).add(flag)

    countries = json.loads((data / "gazetteer" / "countries_ar.json").read_text(encoding="utf-8"))
    for c in countries:
        for name in {c["ar"]["common"], c["ar"]["official"]}:
            words = normalize(name).split()
            if len(words) == 1:
                add(words[0], "C")
                for adj in _nationality(words[0]):
                    add(adj, "N")
            else:
                for w in words:
                    add(w, "Cw")
    agents: set[str] = set()
    for line in (data / "dictionaries" / "universalpetrarch_ar" / "agents.all.ar_v3.txt").read_text(
            encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for w in re.split(r"[_\s\[\]]+", normalize(line)):
            agents.add(w)
    for line in (data / "dictionaries" / "universalpetrarch_ar" / "actor_dict_ar_v4.txt").read_text(
            encoding="utf-8").splitlines():
        if not line.strip() or line[0].isspace() or line.startswith("#"):
            continue
        entry = normalize(line.split("[")[0]).strip().strip("_").strip()
        words = [w for w in re.split(r"[_\s]+", entry) if w]
        if not words or not all(w.isalpha() for w in words):
            continue
        if len(words) == 1:
            add(words[0], "A1")
            continue
        for w in words:
            add(w, "Aw")
        # person-like: 2-4 words, none a role/agent word, none usually taking the article
        if 2 <= len(words) <= 4 and not any(w in agents for w in words) and all(
                clusters.get(w, (0, 0, 0, 1))[3] <= 1 for w in words if w not in ("بن", "ابو", "عبد", "ال")):
            add(words[0], "PF")
            add(words[-1], "PL")
    return gaz


def write_resources(out: Path, clusters: dict[str, tuple[int, ...]], gaz: dict[str, set[str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    head = "# word\tc64\tc256\tc1024\tarticle-bucket (see README.md); trained on ANT news 2018\n"
    (out / CLUSTER_FILE).write_text(head + "".join(f"{w}\t" + "\t".join(map(str, v)) + "\n"
                                                   for w, v in clusters.items()), encoding="utf-8")
    head = "# word\tflags (see README.md); from countries_ar.json and the UniversalPetrarch actor dictionary\n"
    (out / GAZETTEER_FILE).write_text(head + "".join(f"{w}\t{','.join(sorted(f))}\n"
                                                     for w, f in sorted(gaz.items())), encoding="utf-8")


def entity_split(sents: list, dev_frac: float, seed: int) -> tuple[list, list]:
    """Dev = random sentences whose entity strings are all rare (in at most 2 sentences);
    train = the other sentences minus any that mention a dev entity string."""
    def names(s: tuple) -> set[str]:
        w, t = s
        return {normalize(" ".join(w[a:b])) for a, b, _ in bio_spans(t)}

    per_sent = [names(s) for s in sents]
    df: dict[str, int] = {}
    for ns in per_sent:
        for n in ns:
            df[n] = df.get(n, 0) + 1
    cands = [i for i, ns in enumerate(per_sent) if ns and all(df[n] <= 2 for n in ns)]
    rng = random.Random(seed)
    rng.shuffle(cands)
    dev_idx = set(cands[: int(len(sents) * dev_frac)])
    dev_names = set().union(*(per_sent[i] for i in dev_idx))
    dev = [sents[i] for i in sorted(dev_idx)]
    train = [s for i, s in enumerate(sents) if i not in dev_idx and not (per_sent[i] & dev_names)]
    return train, dev


def train(sents: list, fx: FeatureExtractor, model_path: Path, c1: float, c2: float, iters: int) -> None:
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for words, tags in sents:
        tr.append(fx.sentence(words), tags)
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True,
                   "feature.minfreq": 1})
    t0 = time.time()
    tr.train(str(model_path))
    log(f"trained on {len(sents)} sentences in {time.time() - t0:.0f}s → {model_path} "
        f"({model_path.stat().st_size / 1e6:.1f} MB)")


def evaluate(model_path: Path, fx: FeatureExtractor, sents: list) -> dict:
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(model_path))
    pred = [tg.tag(fx.sentence(w)) for w, _ in sents]
    return score([t for _, t in sents], pred)


def show(name: str, res: dict) -> None:
    parts = [f"{k} P{v['precision']:.3f} R{v['recall']:.3f} F{v['f1']:.3f}" for k, v in res.items()]
    print(f"{name}: " + " | ".join(parts), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/marsad-ner"))
    ap.add_argument("--out", type=Path, default=RESOURCE_DIR)
    ap.add_argument("--dev", action="store_true", help="also report F1 on an entity-disjoint dev split")
    ap.add_argument("--dev-only", action="store_true", help="only the dev experiment; write nothing")
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    data = shared_data()
    clusters = ner_clusters.build(args.cache, n_words=N_CLUSTER_WORDS)
    gaz = build_gazetteer(data, clusters)
    log(f"{len(clusters)} cluster words, {len(gaz)} gazetteer words")
    fx = FeatureExtractor(clusters, {w: tuple(sorted(f)) for w, f in gaz.items()})
    sents = read_conll(data / "ner" / "anercorp" / "train.txt")
    if args.dev or args.dev_only:
        tr, dev = entity_split(sents, 0.12, args.seed)
        log(f"dev split: {len(tr)} train / {len(dev)} dev sentences (entity-disjoint)")
        tmp = args.cache / "dev.crfsuite"
        train(tr, fx, tmp, args.c1, args.c2, args.iters)
        show("dev", evaluate(tmp, fx, dev))
        if args.dev_only:
            return 0
    write_resources(args.out, clusters, gaz)
    model = args.out / MODEL_FILE
    train(sents, fx, model, args.c1, args.c2, args.iters)
    model.with_name(model.name + ".sha256").write_text(
        f"{model_digest(model.read_bytes())}  {model.name}\n", encoding="utf-8")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
