"""The ``entities`` component: people, organizations and places, with actor codes.

Two sources, merged:

1. the actor dictionary (:mod:`marsad.coding.actors`): names of countries, cities,
   organizations, groups and well-known persons, and composed noun phrases
   (الحكومة العراقية → ORG IRQ GOV);
2. the trained NER model (:mod:`marsad.extract.ner`) when it is installed: names the
   dictionary does not know. A model span that contains a dictionary name takes its
   code (المحكمة المركزية في سول → KOR); a person after a title takes the title's code
   (وزير الخارجية الياباني تارو كونو → JPN GOV).

Then light in-article coreference: a later short form (ستولتنبرج، الحلف) gets the code
of the earlier full mention.

Options: ``actors`` — list of user actor TSV files merged over the built-in ones;
``ner`` — False to run on the dictionary alone.
"""

from __future__ import annotations

import bisect
import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.coding.actors import ActorDictionary, Mention
from marsad.model import Actor, Analysis, Entity, Token

#: Single words a model span may not consist of (titles and everyday words the tagger
#: sometimes marks as names).
_PUNCT_GAP = frozenset({",", "،", "-", ":"})


@dataclass
class _Ent:
    i: int
    j: int
    type: str
    actor: Actor | None
    source: str  # dict | ner | ref


def _load_ner(options: dict[str, Any]) -> Any:
    if options.get("ner") is False:
        return None
    try:
        from marsad.extract import ner  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        return ner.NerModel.load(options.get("ner_model"))
    except ner.ModelError as exc:
        warnings.warn(f"NER model not used, entities come from the actor dictionary only: {exc}", stacklevel=2)
        return None


class EntityComponent:
    name = "entities"

    def __init__(self, dictionary: ActorDictionary, ner: Any = None):
        self.dictionary = dictionary
        self.ner = ner

    # ------------------------------------------------------------------------------
    def __call__(self, doc: Any, analysis: Analysis) -> Analysis:
        tokens: Sequence[Token] = doc.tokens
        if not tokens:
            return analysis
        ents = self.find(tokens, doc.sentences, doc.published)
        text = doc.text
        out = []
        for e in ents:
            s, t = tokens[e.i].start, tokens[e.j - 1].end
            out.append(Entity(text[s:t], s, t, e.type, e.actor))
        return dataclasses.replace(analysis, entities=tuple(out))

    # ------------------------------------------------------------------------------
    def find(self, tokens: Sequence[Token], sentences: Sequence[Any], published: Any) -> list[_Ent]:
        mentions = self.dictionary.mentions(tokens, published)
        ents: list[_Ent] = [_Ent(m.i, m.j, m.type, m.actor, "dict") for m in mentions if m.type]
        if self.ner is not None:
            ents = self._merge_ner(tokens, sentences, mentions, ents)
        ents.sort(key=lambda e: (e.i, -e.j))
        ents = self._resolve_refs(tokens, mentions, ents)
        self._coref_persons(tokens, ents)
        return ents

    def _merge_ner(self, tokens: Sequence[Token], sentences: Sequence[Any], mentions: list[Mention],
                   ents: list[_Ent]) -> list[_Ent]:
        starts = [t.start for t in tokens]
        spans: list[tuple[int, int, str]] = []
        for s in sentences:
            a = bisect.bisect_left(starts, s.start)
            b = bisect.bisect_left(starts, s.end)
            if b > a:
                spans.extend((a + i, a + j, typ) for i, j, typ in self.ner.spans(tokens[a:b]))
        covered_other = {}  # token -> non-entity mention covering it
        for m in mentions:
            if m.type is None:
                for k in range(m.i, m.j):
                    covered_other[k] = m
        roles_by_end = {m.j: m for m in mentions if m.kind == "ROLE"}
        result = list(ents)
        for i, j, typ in spans:
            over = [e for e in result if e.i < j and i < e.j]
            if all(k in covered_other for k in range(i, j)):
                continue  # a title, an adjective or a group word, not a name
            if not over:
                actor = None
                if typ == "PER":
                    actor = _role_actor(tokens, roles_by_end, i)
                else:
                    nat = [covered_other[k] for k in range(i, j) if k in covered_other and covered_other[k].kind == "NAT"]
                    if nat and nat[0].actor is not None:
                        c = nat[0].actor.country
                        actor = Actor(c or "", c, None, None)
                result.append(_Ent(i, j, typ, actor, "ner"))
                continue
            if all(i <= e.i and e.j <= j for e in over) and (j - i) > max(e.j - e.i for e in over):
                inner = over[0]
                if inner.type == typ:
                    for e in over:
                        result.remove(e)
                    result.append(_Ent(i, j, typ, inner.actor, "ner"))
                else:
                    c = inner.actor.country if inner.actor else None
                    actor = None
                    if c:
                        actor = Actor(c, c, None, None) if typ == "LOC" else Actor(c, c, None, None)
                    elif inner.actor is not None and typ == "ORG" and inner.type == "ORG":
                        actor = inner.actor
                    result.append(_Ent(i, j, typ, actor, "ner"))
            # a model span crossing or inside a dictionary name: the dictionary wins
        return result

    def _resolve_refs(self, tokens: Sequence[Token], mentions: list[Mention], ents: list[_Ent]) -> list[_Ent]:
        refs = [m for m in mentions if m.ref]
        if not refs:
            return ents
        out = list(ents)
        for r in refs:
            earlier = [e for e in ents if e.j <= r.i and e.actor is not None and r.actor is not None
                       and e.actor.code == r.actor.code]
            if earlier and not any(e.i < r.j and r.i < e.j for e in out):
                src = earlier[0]
                out.append(_Ent(r.i, r.j, src.type, src.actor, "ref"))
        out.sort(key=lambda e: (e.i, -e.j))
        return out

    def _coref_persons(self, tokens: Sequence[Token], ents: list[_Ent]) -> None:
        """A person's short name (ستولتنبرج) takes the code of the full mention."""
        full: dict[str, Actor] = {}
        for e in ents:
            if e.type == "PER" and e.actor is not None and e.actor.name_en and e.j - e.i > 1:
                for k in range(e.i, e.j):
                    w = tokens[k].norm
                    if len(w) > 2:
                        full.setdefault(w, e.actor)
        for n, e in enumerate(ents):
            if e.type != "PER" or (e.actor is not None and e.actor.name_en):
                continue
            for k in range(e.j - 1, e.i - 1, -1):
                hit = full.get(tokens[k].norm)
                if hit is None:
                    for s in tokens[k].stems[1:2]:
                        hit = full.get(s)
                if hit is not None:
                    ents[n] = dataclasses.replace(e, actor=hit, source="ref")
                    break


def _role_actor(tokens: Sequence[Token], roles_by_end: dict[int, Mention], i: int) -> Actor | None:
    """The actor of a title right before token i (allowing a comma and a rank between)."""
    k = i
    for _ in range(3):
        if k in roles_by_end:
            role = roles_by_end[k]
            a = role.actor
            if a is not None and (a.country is not None or a.sector in ("IGO", "NGO")):
                return Actor(a.code, a.country, a.sector, None)
            k = role.i
            continue
        if k - 1 >= 0 and tokens[k - 1].norm in _PUNCT_GAP:
            k -= 1
            continue
        break
    return None


def make_component(options: dict[str, Any]) -> EntityComponent:
    """Build the component once: load the dictionaries (built-in + ``options['actors']``)
    and the NER model when installed."""
    paths = options.get("actors") or ()
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    dictionary = ActorDictionary.load(paths)
    return EntityComponent(dictionary, _load_ner(options))


__all__ = ["EntityComponent", "make_component"]
