"""Helpers for event/quote tests: analyse a text with hand-made entities (no NER needed)."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from marsad.model import Actor, Entity
from marsad.pipeline import Pipeline


def entities_for(text: str, spec: dict[str, tuple[str, str | None, str | None]]) -> tuple[Entity, ...]:
    """``spec``: surface text → (type, country, sector); every occurrence becomes an entity."""
    out = []
    for surface, (typ, country, sector) in spec.items():
        start = text.find(surface)
        while start != -1:
            code = (country or "") + (sector or "")
            if text[start + len(surface): start + len(surface) + 1].isalpha():
                start = text.find(surface, start + 1)
                continue
            out.append(Entity(surface, start, start + len(surface), typ,
                              Actor(code or "UNK", country, sector)))
            start = text.find(surface, start + 1)
    # a name inside a longer marked name (العراق in البرلمان العراقي) is not a mention of its own
    keep = [e for e in out if not any(o is not e and o.start <= e.start and e.end <= o.end
                                      and o.end - o.start > e.end - e.start for o in out)]
    return tuple(sorted(keep, key=lambda e: e.start))


class _FixedEntities:
    name = "entities"

    def __init__(self, spec):
        self.spec = spec

    def __call__(self, doc, analysis):
        return dataclasses.replace(analysis, entities=entities_for(analysis.text, self.spec))


@lru_cache(maxsize=8)
def _components(components: tuple[str, ...]):
    """The real components, built once per test session (they are immutable). The learned
    PROTEST / ASSAULT gate is off: these helpers test the rules, on sentences analysed without
    the places and dates the gate also looks at (tests/test_event_gate.py tests the gate). The
    learned argument attachment is off as well (tests/test_event_attach.py tests it)."""
    return Pipeline(components=list(components), event_gate=False, event_attach=False).components


def analyse(text, spec: dict, published: str = "2020-02-11", components=("quotes", "events")):
    p = Pipeline(components=[])
    p.components = (_FixedEntities(spec),) + _components(tuple(components))
    return p.analyze(text, published=published)


def tuples(analysis):
    return sorted(
        (e.plover, e.source.country if e.source else None, e.target.country if e.target else None)
        for e in analysis.events
    )


@lru_cache(maxsize=1)
def rules_pipeline() -> Pipeline:
    """The whole pipeline with the rules alone (no learned gate or attachment), built once."""
    return Pipeline(event_gate=False, event_attach=False)


def actor_key(p) -> str | None:
    """An actor as the tests compare it: its country, else its sector for bodies without one."""
    if p is None:
        return None
    return p.country or (p.sector if p.sector in ("IGO", "NGO", "COP", "JUD") else None)


def rule_events(text: str, published: str = "2018-05-01") -> list[tuple]:
    """(type, source key, target key, trigger text) of each event the rules find in ``text``."""
    an = rules_pipeline().analyze(text, published=published)
    return [(e.plover, actor_key(e.source), actor_key(e.target), an.text[e.trigger.start:e.trigger.end])
            for e in an.events]
