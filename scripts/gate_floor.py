"""What a drop floor on the PROTEST / ASSAULT gate does to whole articles (the dev gold).

Analyses the gold articles with the gate scoring only (``event_gate_mode="score"``: nothing
dropped, the probability is each event's ``confidence``), then, for each floor, with the
shipped gate's floors replaced by it (for the types given) in ``event_gate_mode="floor"``,
and scores with marsad.evaluate. Per floor it prints how many events were
removed, how many of those cost a type match (the article's count of that type falls to or
below the gold's) and the event tuple / type F1, for all articles and per half
(A / B1 / B2 as in scripts/event_errors.py; B2 is the unseen half: summary figures only).

    .venv/bin/python scripts/gate_floor.py [--floors 0,0.05,0.1,...] [--gold dev|seed]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import shared_data  # noqa: E402

from marsad.coding.event_gate import EventGate  # noqa: E402
from marsad.evaluate import evaluate  # noqa: E402
from marsad.model import Article  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402

GATED = ("PROTEST", "ASSAULT")


def gated(e) -> bool:
    return e.plover in GATED and not e.negated and not e.future and e.confidence is not None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--floors", default="0,0.05,0.1,0.15,0.2,0.25,0.3")
    ap.add_argument("--gold", choices=["dev", "seed"], default="dev")
    ap.add_argument("--types", default=",".join(GATED),
                    help="the gated types the floor applies to (the others keep the shipped floor)")
    ap.add_argument("--list", action="store_true", help="print each gated event with its confidence (halves A and B1 only)")
    args = ap.parse_args()
    floors = [float(x) for x in args.floors.split(",")]
    types = set(args.types.split(","))
    gdir = shared_data() / "gold"
    golds = [json.loads(x) for x in open(gdir / f"{args.gold}_gold.jsonl", encoding="utf-8") if x.strip()]
    aname = "dev_articles.jsonl" if args.gold == "dev" else "seed_article.jsonl"
    arts = {d["id"]: d for x in open(gdir / aname, encoding="utf-8") if x.strip() for d in [json.loads(x)]}
    ids = sorted(g["id"] for g in golds)
    halves = {"all": ids}
    if args.gold == "dev":
        halves.update({"A": ids[0::2], "B1": ids[1::2][0::2], "B2": ids[1::2][1::2]})
    pipe = Pipeline(event_gate_mode="score")
    analyses = {aid: pipe.analyze(Article.from_dict(arts[aid])) for aid in ids}
    gold_by = {g["id"]: g for g in golds}
    if args.list:
        for aid in sorted(set(halves.get("A", ids)) | set(halves.get("B1", []))):
            a = analyses[aid]
            gty = Counter(e["plover"] for e in gold_by[aid]["events"])
            for e in a.events:
                if gated(e):
                    s = a.sentences[e.sentence]
                    print(f"{e.confidence:.2f} {e.plover} gold={gty[e.plover]} {aid}: {a.text[s.start:s.end][:150]}")
    print(f"{'floor':>6} {'half':>4} {'removed':>7} {'type-hit':>8} {'tuple-hit':>9} {'tuple F1':>8} {'type F1':>8}")
    for fl in floors:
        gate = EventGate.load()
        floors_now = {t: (fl if t in types else (gate.floor or {}).get(t, 0.0)) for t in gate.types}
        fpipe = Pipeline(event_gate=dataclasses.replace(gate, floor=floors_now), event_gate_mode="floor")
        floored = {aid: fpipe.analyze(Article.from_dict(arts[aid])) for aid in ids}
        for hname, hids in halves.items():
            kept = {aid: floored[aid] for aid in hids}
            removed = sum(len(analyses[i].events) - len(kept[i].events) for i in hids)
            tot, per = evaluate(kept.values(), [gold_by[i] for i in hids])
            base, _ = evaluate((analyses[i] for i in hids), [gold_by[i] for i in hids])
            type_hit = base["event_types"]["tp"] - tot["event_types"]["tp"]
            tuple_hit = base["events"]["tp"] - tot["events"]["tp"]
            print(f"{fl:6.2f} {hname:>4} {removed:7d} {type_hit:8d} {tuple_hit:9d} "
                  f"{tot['events']['f1']:8.3f} {tot['event_types']['f1']:8.3f}")


if __name__ == "__main__":
    main()
