"""Event TYPE detection on fresh ANT articles annotated by the team (not in the dev gold).

``bench/data/fresh_types.tsv`` holds our own labels — article id, the families the annotator
coded, whether the article was studied while writing rules or kept unseen until the end, and
the number of events of each PLOVER type — never article text. Family sets: "violent"
(ASSAULT COERCE PROTEST MOBILIZE SANCTION RETREAT AID THREATEN), "verbal" (ACCUSE REQUEST REJECT
CONSULT AGREE SUPPORT COOPERATE) and "all" (every PLOVER type). The texts are read from the
ANT corpus in ../shared (this bench is skipped with a message where it is absent). For each
article the system's events of the annotated families are counted per type (body only, as in
the dev gold) and compared as multisets: precision, recall and F1 per split and per family
set, as `marsad evaluate`'s event_types.

    .venv/bin/python bench/fresh_types.py [--per-article] [--split studied|unstudied]

The labels were written by helper sessions before they looked at the system's output for the
article (see the CHANGELOG); "studied" articles were then used to find and fix constructions,
so their figures are optimistic; "unstudied" ones were scored only at the end of a round.
Later rounds studied none of them, but every rule written since was written knowing these
figures: treat the whole set as a regression check, not a held-out test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from devdata import shared_data  # noqa: E402

from marsad.ingest.readers import read_bytes  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "fresh_types.tsv"
FAMILIES = {
    "violent": {"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "SANCTION", "RETREAT", "AID", "THREATEN"},
    "verbal": {"ACCUSE", "REQUEST", "REJECT", "CONSULT", "AGREE", "SUPPORT", "COOPERATE"},
}
FAMILIES["all"] = FAMILIES["violent"] | FAMILIES["verbal"] | {"CONCEDE"}


def load_labels(path: Path) -> dict[str, dict]:
    """id → {"families": name, "split": ..., "gold": Counter of types}."""
    out: dict[str, dict] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 5:
            raise SystemExit(f"{path}:{n}: expected id, families, split, type, count")
        aid, fam, split, typ, count = cols
        if fam not in FAMILIES:
            raise SystemExit(f"{path}:{n}: unknown family set {fam!r}")
        rec = out.setdefault(aid, {"families": fam, "split": split, "gold": Counter()})
        if typ != "-":
            if typ not in FAMILIES[fam]:
                raise SystemExit(f"{path}:{n}: {typ} is not in the {fam} families")
            rec["gold"][typ] += int(count)
    return out


def prf(tp: int, ns: int, ng: int) -> tuple[float, float, float]:
    p = tp / ns if ns else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--per-article", action="store_true", help="print each article's counts")
    ap.add_argument("--split", choices=["studied", "unstudied"], help="only this split")
    args = ap.parse_args()
    labels = load_labels(DATA)
    if args.split:
        labels = {k: v for k, v in labels.items() if v["split"] == args.split}
    try:
        corpus = shared_data() / "news" / "ant_2018.jsonl.gz"
    except SystemExit as exc:
        print(f"skipped: {exc}")
        return
    if not corpus.exists():
        print(f"skipped: {corpus} not found (the ANT corpus is in ../shared/data)")
        return
    lines: dict[str, bytes] = {}
    with gzip.open(corpus, "rb") as fh:
        for raw in fh:
            aid = json.loads(raw).get("id")
            if aid in labels:
                lines[aid] = raw
    missing = sorted(set(labels) - set(lines))
    if missing:
        print(f"warning: {len(missing)} labelled ids not in the corpus: {', '.join(missing[:5])}")
    pipe = Pipeline()
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for aid in sorted(lines):
        rec = labels[aid]
        article = next(r.article for r in read_bytes(lines[aid], aid, "jsonl") if r.article is not None)
        an = pipe.analyze(article)
        fam = FAMILIES[rec["families"]]
        sys_types = Counter(e.plover for e in an.events if e.plover in fam
                            and an.sentences[e.sentence].start >= an.body_start)
        tp = sum((sys_types & rec["gold"]).values())
        row = (tp, sum(sys_types.values()), sum(rec["gold"].values()))
        for key in ((rec["split"], rec["families"]), (rec["split"], "(total)"), ("(total)", "")):
            for k in range(3):
                totals[key][k] += row[k]
        if args.per_article:
            print(f"{aid}  [{rec['split']}, {rec['families']}]  gold {dict(rec['gold'])}  system {dict(sys_types)}")
    print(f"{len(lines)} articles ({DATA.name}); type multisets per article, annotated families only")
    for key in sorted(totals):
        p, r, f = prf(*totals[key])
        tp, ns, ng = totals[key]
        print(f"  {key[0]:9} {key[1]:8} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} system={ns} gold={ng})")


if __name__ == "__main__":
    main()
