"""List event-coding errors against the dev gold, per sentence, for one half of the articles.

    .venv/bin/python scripts/event_errors.py --half A      # study errors on half A only
    .venv/bin/python scripts/event_errors.py --half B --summary   # scores only

Halves: articles sorted by id, even positions = A, odd = B; B1 / B2 split B the same way
(session 2 studied A, session 4 studied B1 and kept B2 unseen). Scores are the evaluate.py
multiset tuple (PLOVER, source key, target key) and type-only scores, micro-averaged.
Each listed line: ``+`` system event matching a gold one in the same sentence, ``-`` gold
event missed there, ``*`` spurious system event.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import shared_data  # noqa: E402

from marsad.evaluate import _actor_key  # noqa: E402
from marsad.model import Article  # noqa: E402
from marsad.pipeline import Pipeline  # noqa: E402


def prf(tp, ns, ng):
    p = tp / ns if ns else 0.0
    r = tp / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", choices=["A", "B", "B1", "B2", "all"], default="A")
    ap.add_argument("--summary", action="store_true")
    args = ap.parse_args()
    gold_dir = shared_data() / "gold"
    golds = {}
    for line in open(gold_dir / "dev_gold.jsonl", encoding="utf-8"):
        if line.strip():
            g = json.loads(line)
            golds[g["id"]] = g
    arts = {}
    for line in open(gold_dir / "dev_articles.jsonl", encoding="utf-8"):
        if line.strip():
            d = json.loads(line)
            arts[d["id"]] = d
    ids = sorted(golds)
    if args.half == "A":
        ids = ids[0::2]
    elif args.half == "B":
        ids = ids[1::2]
    elif args.half in ("B1", "B2"):  # quarters of B: B1 = its even positions, B2 = its odd ones
        ids = ids[1::2][0::2] if args.half == "B1" else ids[1::2][1::2]
    pipe = Pipeline()
    tot = Counter()
    for aid in ids:
        a = pipe.analyze(Article.from_dict(arts[aid]) if hasattr(Article, "from_dict") else arts[aid])
        g = golds[aid]
        st = Counter((e.plover, _actor_key(e.source and e.source.to_dict()), _actor_key(e.target and e.target.to_dict()))
                     for e in a.events)
        gt = Counter((e["plover"], _actor_key(e.get("source")), _actor_key(e.get("target"))) for e in g["events"])
        sty = Counter(e.plover for e in a.events)
        gty = Counter(e["plover"] for e in g["events"])
        tot["tp"] += sum((st & gt).values())
        tot["ns"] += sum(st.values())
        tot["ng"] += sum(gt.values())
        tot["ttp"] += sum((sty & gty).values())
        tot["tns"] += sum(sty.values())
        tot["tng"] += sum(gty.values())
        if args.summary:
            continue
        print(f"=== {aid}  tuples {sum((st & gt).values())}/{sum(st.values())} sys /{sum(gt.values())} gold")
        # per sentence
        rows: dict[int, dict[str, list]] = {}
        for e in g["events"]:
            pos = a.text.find(e["sentence"][:40])
            si = a.sentence_of(pos) if pos >= 0 else -1
            rows.setdefault(si, {"g": [], "s": []})["g"].append(e)
        for e in a.events:
            rows.setdefault(e.sentence, {"g": [], "s": []})["s"].append(e)
        for si in sorted(rows):
            r = rows[si]
            sent = a.text[a.sentences[si].start:a.sentences[si].end] if si >= 0 else r["g"][0]["sentence"]
            gk = [((e["plover"], _actor_key(e.get("source")), _actor_key(e.get("target"))), e) for e in r["g"]]
            sk = [((e.plover, _actor_key(e.source and e.source.to_dict()), _actor_key(e.target and e.target.to_dict())), e)
                  for e in r["s"]]
            left = Counter(k for k, _ in gk)
            lines = []
            for k, e in sk:
                tag = "+" if left[k] > 0 else "*"
                if left[k] > 0:
                    left[k] -= 1
                src = e.source.text if e.source else None
                tgt = e.target.text if e.target else None
                fl = ("N" if e.negated else "") + ("F" if e.future else "")
                lines.append(f"  {tag} {k} [{e.trigger.text}] {src} -> {tgt} {fl}")
            matched = Counter(k for k, _ in sk)
            for k, e in gk:
                if matched[k] > 0:
                    matched[k] -= 1
                    continue
                s = (e.get("source") or {}).get("text")
                t = (e.get("target") or {}).get("text")
                lines.append(f"  - {k} [{e['trigger']}] {s} -> {t} cameo={e.get('cameo')}")
            if any(l.startswith(("  -", "  *")) for l in lines):
                print(f"[{si}] {sent.strip()[:300]}")
                print("\n".join(lines))
    p, r, f = prf(tot["tp"], tot["ns"], tot["ng"])
    tp_, tr, tf = prf(tot["ttp"], tot["tns"], tot["tng"])
    print(f"half {args.half}: {len(ids)} articles  tuple P={p:.3f} R={r:.3f} F1={f:.3f} "
          f"(tp={tot['tp']} sys={tot['ns']} gold={tot['ng']})  type P={tp_:.3f} R={tr:.3f} F1={tf:.3f}")


if __name__ == "__main__":
    main()
