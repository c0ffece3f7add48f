"""Learned argument attachment: which actor mention of the sentence is an event's source / target?

The rules of :mod:`marsad.coding.events` choose the arguments of a trigger; this module
scores every candidate (each actor mention of the sentence, and "none") for each role with a
small logistic regression over readable features — the rules' own choice, the position and
distance of the candidate, the preposition before it, whether a clause boundary or a
complementizer lies between, the kind and sector of the actor, the trigger's kind and type —
and replaces the rules' choice when the best candidate scores clearly higher (``margin``).

Weights are a JSON file written by ``scripts/train_event_attach.py`` (trained on the dev gold
articles, evaluated by cross-validation across articles)::

    {"format": "marsad-event-attach", "version": 1, "margin": 0.2,
     "roles": {"source": {"bias": -1.0, "weights": {"rule": 2.1, ...}}, "target": {...}},
     "cv": {...}}

Inference is plain Python: a dictionary look-up per feature.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = "marsad-event-attach"
ROLES = ("source", "target")


class AttachError(ValueError):
    """A missing or malformed attachment weights file."""


@dataclass(frozen=True)
class Attacher:
    roles: dict[str, tuple[float, dict[str, float]]]
    margin: float
    replace: bool = True  # False: only fill a role the rules left empty

    @classmethod
    def load(cls, path: str | Path) -> "Attacher":
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise AttachError(f"{p}: attachment weights not found") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AttachError(f"{p}: not a readable JSON weights file ({exc})") from None
        return cls.from_dict(data, str(p))

    @classmethod
    def from_dict(cls, data: Any, name: str = "weights") -> "Attacher":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise AttachError(f"{name}: not a {FORMAT} file")
        roles = {}
        try:
            for r in ROLES:
                d = data["roles"][r]
                roles[r] = (float(d["bias"]), {str(k): float(v) for k, v in d["weights"].items()})
            margin = float(data.get("margin", 0.0))
            replace = bool(data.get("replace", True))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AttachError(f"{name}: malformed weights ({exc!r})") from None
        return cls(roles, margin, replace)

    def score(self, role: str, feats: list[str]) -> float:
        bias, w = self.roles[role]
        z = bias + sum(w.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, role: str, cands: list[tuple[Any, list[str]]], rule_index: int) -> int:
        """Index of the chosen candidate: the rules' one (``rule_index``) unless another one
        scores at least ``margin`` higher. Candidate 0 is "no actor": it is never chosen over
        an actor the rules found (re-attaching an argument must not drop the event)."""
        scores = [self.score(role, f) for _, f in cands]
        # "none" (candidate 0) only stays "none": the attachment re-attaches, it does not drop events
        if rule_index != 0 and not self.replace:
            return rule_index
        pool = [k for k in (range(len(cands)) if rule_index == 0 else range(1, len(cands)))
                if k == rule_index or ("coded:False" not in cands[k][1]      # only a coded actor,
                                       and "other:True" not in cands[k][1])]  # not the other argument
        best = max(pool, key=lambda k: scores[k])
        if best != rule_index and scores[best] - scores[rule_index] >= self.margin:
            return best
        return rule_index
