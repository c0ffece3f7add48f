"""Train the Arabic NER tagger and write it into src/marsad/resources/ner/.

    python scripts/train_ner.py              # clusters (cached) + gazetteer + final model
    python scripts/train_ner.py --dev        # also score on an entity-disjoint dev split of train
    python scripts/train_ner.py --dev-only   # tune: dev score only, write nothing
    python scripts/train_ner.py --stack-dev 7,11 --windows 10,25 --variants own,base
                                             # tune the second stage on dev splits; write nothing

Steps:
1. word clusters from the unlabeled news (scripts/ner_clusters.py, cached in --cache);
2. a gazetteer of word flags from the country list and the UniversalPetrarch actor dictionary;
3. a CRF (python-crfsuite, L-BFGS with L1+L2) on ANERcorp train (MISC → O), written to the
   cache folder and exported as the numpy weights file the tagger reads (model.npz);
4. the second stage (unless --no-stack): train is cut into --folds contiguous blocks, each
   tagged by a first-stage CRF trained on the others ("jackknife"); a second CRF is trained
   on the same features plus the document features those tags give (marsad.extract.ner.
   doc_features) and exported as model.stage2.npz.

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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ner_clusters  # noqa: E402
from devdata import ROOT, shared_data  # noqa: E402

from marsad.extract.ner import (  # noqa: E402
    CLUSTER_FILE,
    GAZETTEER_FILE,
    MODEL_FILE,
    RESOURCE_DIR,
    DOC_WINDOW,
    CrfWeights,
    FeatureExtractor,
    NerModel,
    export_weights,
    stage2_path,
    bio_spans,
    doc_features,
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
    _add_marsad_lists(gaz, add)
    return gaz


def _names(path: Path, kinds: set[str]) -> list[list[str]]:
    """Normalized names (as word lists) of the rows of a Marsad TSV whose kind is in ``kinds``
    (actors: ``text`` column, ``|``-separated; places gazetteer: ``names_ar``)."""
    out: list[list[str]] = []
    header: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        row = line.split("\t")
        if header is None:
            header = row
            continue
        rec = dict(zip(header, row))
        if "kind" in rec and rec["kind"] not in kinds:
            continue
        for name in (rec.get("text") or rec.get("names_ar") or "").split("|"):
            words = normalize(name).split()
            if words and all(w.isalpha() for w in words):
                out.append(words)
    return out


def _add_marsad_lists(gaz: dict[str, set[str]], add: Callable[[str, str], None]) -> None:
    """Flags from Marsad's own resources: L1/Lw one-word place name / word of a longer one
    (places gazetteer, actors/places.tsv), PF/PL first/last word of a person's name
    (actors/persons.tsv), O1/Ow one-word organization name / word of a longer one, OF first
    word of a longer organization or body name (actors igos/groups/media/agents), and the
    hand-written cue words of resources/ner/cue_words.tsv (T title, OF organization word)."""
    actors = RESOURCE_DIR.parent / "actors"
    places = _names(RESOURCE_DIR.parent / "places" / "gazetteer.tsv", set()) + _names(
        actors / "places.tsv", {"LOC"})
    for words in places:
        if len(words) == 1:
            add(words[0], "L1")
        else:
            for w in words:
                add(w, "Lw")
    # (persons_up.tsv, machine-translated, is left out: it lowered dev F1, 0.602 vs 0.614)
    for words in _names(actors / "persons.tsv", {"PER"}):
        if len(words) >= 2:
            add(words[0], "PF")
            add(words[-1], "PL")
    for f in ("igos.tsv", "groups.tsv", "media.tsv", "agents.tsv"):
        for words in _names(actors / f, {"ORG", "AGENT", "GROUP"}):
            if len(words) == 1:
                add(words[0], "O1")
            else:
                add(words[0], "OF")
                for w in words:
                    add(w, "Ow")
    for row in (RESOURCE_DIR / "cue_words.tsv").read_text(encoding="utf-8").splitlines():
        if row.strip() and not row.startswith("#"):
            word, flag = row.split("\t")[:2]
            gaz.setdefault(normalize(word), set()).add(flag)  # cue words may be frequent


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
    tr, dev = entity_split_idx(sents, dev_frac, seed)
    return [sents[i] for i in tr], [sents[i] for i in dev]


def entity_split_idx(sents: list, dev_frac: float, seed: int) -> tuple[list[int], list[int]]:
    """:func:`entity_split` as sentence numbers (in file order)."""
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
    train = [i for i in range(len(sents)) if i not in dev_idx and not (per_sent[i] & dev_names)]
    return train, sorted(dev_idx)


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


def stage1_tags(model_path: Path, fx: FeatureExtractor, words: list) -> list:
    """First-stage tags (exported weights, runtime decoding) of sentences ``words``."""
    weights = model_path.with_suffix(".npz")
    export_weights(model_path, weights)
    return NerModel(CrfWeights.read(weights), fx, weights).tag_many(words)


def jackknife(sents: list, fx: FeatureExtractor, cache: Path, folds: int, c1: float, c2: float,
              iters: int) -> list:
    """First-stage tags of each sentence of ``sents`` from a model trained on the others:
    ``folds`` contiguous blocks (a name repeated in neighbouring sentences stays unseen)."""
    out: list = [None] * len(sents)
    bounds = [round(k * len(sents) / folds) for k in range(folds + 1)]
    for k in range(folds):
        a, b = bounds[k], bounds[k + 1]
        path = cache / f"fold{k}.crfsuite"
        train(sents[:a] + sents[b:], fx, path, c1, c2, iters)
        out[a:b] = stage1_tags(path, fx, [w for w, _ in sents[a:b]])
    return out


def train_stage2(sents: list, docf: list, fx: FeatureExtractor, model_path: Path, c1: float, c2: float,
                 iters: int) -> None:
    """The second stage: the first stage's features plus the document features ``docf``."""
    import pycrfsuite

    tr = pycrfsuite.Trainer(verbose=False)
    for (words, tags), extra in zip(sents, docf, strict=True):
        tr.append([f + d for f, d in zip(fx.sentence(words), extra, strict=True)], tags)
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True,
                   "feature.minfreq": 1})
    t0 = time.time()
    tr.train(str(model_path))
    log(f"stage 2 trained on {len(sents)} sentences in {time.time() - t0:.0f}s → {model_path}")


def eval_stage2(model1: Path, model2: Path, fx: FeatureExtractor, sents: list, docf: list) -> dict:
    w2 = model2.with_suffix(".npz")
    export_weights(model2, w2)
    m = NerModel(CrfWeights.read(model1.with_suffix(".npz")), fx, model1, stage2=CrfWeights.read(w2))
    assert m.stage2 is not None
    return score([t for _, t in sents], m.stage2._tag_plain([w for w, _ in sents], docf))


def stack_dev(sents: list, fx: FeatureExtractor, args: argparse.Namespace, seed: int) -> None:
    """Dev experiment for the stacked tagger on one entity-disjoint split."""
    tr_idx, dev_idx = entity_split_idx(sents, 0.12, seed)
    cache = args.cache
    tr = [sents[i] for i in tr_idx]
    dev = [sents[i] for i in dev_idx]
    m1 = cache / "dev.crfsuite"
    train(tr, fx, m1, args.c1, args.c2, args.iters)
    tags = stage1_tags(m1, fx, [w for w, _ in sents])  # all non-train sentences: unseen by m1
    show(f"seed {seed} stage1 dev", score([t for _, t in dev], [tags[i] for i in dev_idx]))
    jk = jackknife(tr, fx, cache, args.folds, args.c1, args.c2, args.iters)
    for i, t in zip(tr_idx, jk, strict=True):
        tags[i] = t
    show(f"seed {seed} stage1 jackknife train", score([t for _, t in tr], jk))
    words = [w for w, _ in sents]
    for win in args.windows:
        for variant in args.variants.split(","):
            # "own": also the token's own first-stage tag (kept); "base": without
            docf = doc_features(words, tags, win, own_tag=variant == "own")
            m2 = cache / "dev2.crfsuite"
            train_stage2(tr, [docf[i] for i in tr_idx], fx, m2, args.c1, args.c2, args.iters)
            show(f"seed {seed} stage2 window {win} {variant} dev",
                 eval_stage2(m1, m2, fx, dev, [docf[i] for i in dev_idx]))


def evaluate(model_path: Path, fx: FeatureExtractor, sents: list) -> dict:
    """Score the exported weights with the runtime tagger (recall-oriented decoding included)."""
    weights = model_path.with_suffix(".npz")
    export_weights(model_path, weights)
    tagger = NerModel(CrfWeights.read(weights), fx, weights)
    return score([t for _, t in sents], [tagger.tag(w) for w, _ in sents])


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
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--stack-dev", type=str, default="", help="seeds (comma-separated): stacked dev runs")
    ap.add_argument("--windows", type=str, default=str(DOC_WINDOW),
                    help="--stack-dev: document windows to try (sentences each side, comma-separated)")
    ap.add_argument("--variants", type=str, default="own",
                    help="--stack-dev: own (with the token's own first-stage tag, as shipped) and/or base")
    ap.add_argument("--folds", type=int, default=5, help="jackknife folds for the second stage")
    ap.add_argument("--no-stack", action="store_true", help="first stage only (no document features)")
    args = ap.parse_args(argv)

    data = shared_data()
    clusters = ner_clusters.build(args.cache, n_words=N_CLUSTER_WORDS)
    gaz = build_gazetteer(data, clusters)
    log(f"{len(clusters)} cluster words, {len(gaz)} gazetteer words")
    fx = FeatureExtractor(clusters, {w: tuple(sorted(f)) for w, f in gaz.items()})
    sents = read_conll(data / "ner" / "anercorp" / "train.txt")
    if args.stack_dev:
        args.windows = [int(x) for x in args.windows.split(",")]
        for seed in args.stack_dev.split(","):
            stack_dev(sents, fx, args, int(seed))
        return 0
    if args.dev or args.dev_only:
        tr, dev = entity_split(sents, 0.12, args.seed)
        log(f"dev split: {len(tr)} train / {len(dev)} dev sentences (entity-disjoint)")
        tmp = args.cache / "dev.crfsuite"
        train(tr, fx, tmp, args.c1, args.c2, args.iters)
        show("dev", evaluate(tmp, fx, dev))
        if args.dev_only:
            return 0
    write_resources(args.out, clusters, gaz)
    crf = args.cache / "model.crfsuite"
    train(sents, fx, crf, args.c1, args.c2, args.iters)
    model = args.out / MODEL_FILE
    export_weights(crf, model)
    log(f"exported {crf} → {model} ({model.stat().st_size / 1e6:.1f} MB)")
    model2 = stage2_path(model)
    if args.no_stack:
        model2.unlink(missing_ok=True)
        model2.with_name(model2.name + ".sha256").unlink(missing_ok=True)
    else:
        # second stage: document features from jackknifed first-stage tags
        jk = jackknife(sents, fx, args.cache, args.folds, args.c1, args.c2, args.iters)
        show("stage1 jackknife train", score([t for _, t in sents], jk))
        docf = doc_features([w for w, _ in sents], jk, DOC_WINDOW)
        crf2 = args.cache / "model.stage2.crfsuite"
        train_stage2(sents, docf, fx, crf2, args.c1, args.c2, args.iters)
        export_weights(crf2, model2)
        log(f"exported {crf2} → {model2} ({model2.stat().st_size / 1e6:.1f} MB)")
    log(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
