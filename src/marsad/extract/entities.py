"""The ``entities`` component: people, organizations and places, with actor codes.

Two sources, merged:

1. the actor dictionary (:mod:`marsad.coding.actors`): names of countries, cities,
   organizations, groups and well-known persons, and composed noun phrases
   (الحكومة العراقية → ORG IRQ GOV);
2. the trained NER model (:mod:`marsad.extract.ner`) when it is installed: names the
   dictionary does not know. A model span that contains a dictionary name takes its
   code (المحكمة المركزية في سول → KOR); a person after a title takes the title's code
   (وزير الخارجية الياباني تارو كونو → JPN GOV), and a person after a title with a
   possessive pronoun the code of the body it refers to (منظمة التعاون الإسلامي على لسان
   أمينها العام ... → OIC).

Then light in-article coreference: a later short form (ستولتنبرج، الحلف) gets the code
of the earlier full mention.

Options: ``actors`` — list of user actor TSV files merged over the built-in ones;
``ner`` — False to run on the dictionary alone.
"""

from __future__ import annotations

import bisect
from collections import Counter
import dataclasses
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.coding.actors import ActorDictionary, Mention, hashtag_view, load_dictionary
from marsad.model import Actor, Analysis, Entity, Token

#: Single words a model span may not consist of (titles and everyday words the tagger
#: sometimes marks as names).
_PUNCT_GAP = frozenset({",", "،", "-", ":"})
#: Words that make an organisation international (no country from context).
_INTERNATIONAL = frozenset(
    "الدولي الدوليه دوليه الامم الامميه الاممي العالمي العالميه الاوروبي الاوروبيه الافريقي العربيه العربي".split()
)


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
    from marsad.extract import ner

    try:
        return ner.NerModel.load(options.get("ner_model"))
    except ner.ModelError as exc:
        warnings.warn(f"NER model not used, entities come from the actor dictionary only: {exc}", stacklevel=2)
        return None


class EntityComponent:
    name = "entities"

    def __init__(self, dictionary: ActorDictionary, ner: Any = None, not_names: frozenset[str] = frozenset()):
        self.dictionary = dictionary
        self.ner = ner
        self.not_names = not_names

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
        self._context_countries(tokens, mentions, ents)
        return ents

    def _context_countries(self, tokens: Sequence[Token], mentions: list[Mention], ents: list[_Ent]) -> None:
        """Names the dictionary does not know (from the model), and named bodies written
        without their country (الحكومة الشرعية، النيابة العامة), belong to the country the
        article is about: the country mentioned most often, when one stands out."""
        counts: Counter[str] = Counter()
        for m in mentions:
            # places and nationalities say what the article is about (people travel)
            if m.actor is not None and m.actor.country and (m.type in ("LOC", "ORG") or m.kind == "NAT"):
                counts[m.actor.country] += 1
        if not counts:
            return
        (top, n_top), *rest = counts.most_common(2) + [("", 0)]
        if n_top < 2 or n_top == rest[0][1]:
            return
        for n, e in enumerate(ents):
            if e.source != "ner" or (e.actor is not None and (e.actor.country or e.actor.sector in ("IGO", "NGO"))):
                continue
            # a named actor of the dictionary with no country is transnational on purpose
            # (داعش، القاعدة): the model's longer span (تنظيم داعش الإرهابي) keeps it so
            if e.actor is not None and e.actor.name_en:
                continue
            if e.type == "ORG" and any(tokens[k].norm in _INTERNATIONAL for k in range(e.i, e.j)):
                continue
            sector = e.actor.sector if e.actor is not None else None
            ents[n] = dataclasses.replace(e, actor=Actor(f"{top}{sector or ''}", top, sector, None))
        # named bodies without a country
        taken = {k for e in ents for k in range(e.i, e.j)}
        extra = []
        for m in mentions:
            # (a descriptor before a one-word body, وقوات الجيش, is not a name)
            if m.kind == "AGENT" and m.type is None and m.j - max(m.i, m.name_i) > 1 and m.actor is not None \
                    and not any(k in taken for k in range(m.i, m.j)):
                sector = m.actor.sector
                extra.append(_Ent(m.i, m.j, "ORG", Actor(f"{top}{sector or ''}", top, sector, None), "context"))
        if extra:
            ents.extend(extra)
            ents.sort(key=lambda e: (e.i, -e.j))

    def _merge_ner(self, tokens: Sequence[Token], sentences: Sequence[Any], mentions: list[Mention],
                   ents: list[_Ent]) -> list[_Ent]:
        starts = [t.start for t in tokens]
        spans: list[tuple[int, int, str, int]] = []
        bounds = [(bisect.bisect_left(starts, s.start), bisect.bisect_left(starts, s.end)) for s in sentences]
        bounds = [(a, b) for a, b in bounds if b > a]
        # the model reads a hashtag's words without its marks (#سارة_نتنياهو = سارة نتنياهو)
        views = [hashtag_view(tokens[a:b]) or list(range(b - a)) for a, b in bounds]
        sents = [[tokens[a + k] for k in v] for (a, _b), v in zip(bounds, views, strict=True)]
        many = getattr(self.ner, "spans_many", None)  # all sentences at once: decoded together
        found_all = many(sents) if many is not None else [self.ner.spans(s) for s in sents]
        for (a, _b), v, found in zip(bounds, views, found_all, strict=True):
            spans.extend((a + v[i], a + v[j - 1] + 1, typ, a) for i, j, typ in found if j > i)
        covered_other = {}  # token -> non-entity mention covering it
        for m in mentions:
            if m.type is None:
                for k in range(m.i, m.j):
                    covered_other[k] = m
        roles_by_end = {m.j: m for m in mentions if m.kind == "ROLE"}
        result = list(ents)
        # token -> the entities of ``result`` covering it (so that overlaps cost the span
        # length, not the number of entities: linear in the article)
        cover: dict[int, list[_Ent]] = {}

        def add(e: _Ent) -> None:
            result.append(e)
            for k in range(e.i, e.j):
                cover.setdefault(k, []).append(e)

        for e in ents:
            for k in range(e.i, e.j):
                cover.setdefault(k, []).append(e)
        for i, j, typ, sent_start in spans:
            if typ == "PER":
                # honorifics and epithets are not (part of) a name: معالي، الصديق العزيز
                while i < j and self._not_name(tokens[i]):
                    i += 1
                if i == j or (j - i == 1 and self._not_name(tokens[i])):
                    continue
            over = list({id(e): e for k in range(i, j) for e in cover.get(k, ())}.values())
            if all(k in covered_other for k in range(i, j)):
                continue  # a title, an adjective or a group word, not a name
            if not over:
                actor = None
                if typ == "PER":
                    actor = (_possessive_actor(tokens, mentions, i, sent_start)
                             or _role_actor(tokens, roles_by_end, i) or _role_after(tokens, mentions, j)
                             or _near_actor(mentions, i, sent_start))
                else:
                    nat = [covered_other[k] for k in range(i, j) if k in covered_other and covered_other[k].kind == "NAT"]
                    if nat and nat[0].actor is not None:
                        c = nat[0].actor.country
                        actor = Actor(c or "", c, None, None)
                add(_Ent(i, j, typ, actor, "ner"))
                continue
            if len(over) == 1 and over[0].i >= i and over[0].j <= j and (j - i) > (over[0].j - over[0].i):
                inner = over[0]
                if inner.type == typ:
                    if typ == "PER" and inner.i == i and inner.actor is not None and inner.actor.name_en:
                        continue  # a known name followed by another word (ترامب كومي): keep the name
                    result.remove(inner)
                    for k in range(inner.i, inner.j):
                        cover[k] = [x for x in cover[k] if x is not inner]
                    add(_Ent(i, j, typ, inner.actor, "ner"))
                elif typ != "PER":
                    # a place inside an organisation or a bigger place (المحكمة المركزية في سول)
                    c = inner.actor.country if inner.actor else None
                    actor = Actor(c, c, None, None) if c else None
                    add(_Ent(i, j, typ, actor, "ner"))
            # a model span crossing or inside a dictionary name: the dictionary wins
        return result

    def _not_name(self, tok: Token) -> bool:
        return bool(self.not_names) and any(s in self.not_names for s in tok.stems[:3])

    def _resolve_refs(self, tokens: Sequence[Token], mentions: list[Mention], ents: list[_Ent]) -> list[_Ent]:
        refs = [m for m in mentions if m.ref]
        if not refs:
            return ents
        out = list(ents)
        # per actor code, its entities in order; tokens covered by ``out`` (the loop costs
        # the length of the refs, not refs x entities)
        by_code: dict[str, list[_Ent]] = {}
        for e in ents:
            if e.actor is not None:
                by_code.setdefault(e.actor.code, []).append(e)
        ordered = all(a.i <= b.i for a, b in zip(ents, ents[1:]))
        covered = {k for e in out for k in range(e.i, e.j)}
        heads: dict[str, list[_Ent]] | None = None
        ner_at: dict[int, int] | None = None  # token -> index in ``out`` of the model span starting there
        for r in refs:
            src = None
            for e in by_code.get(r.actor.code, ()) if r.actor is not None else ():
                if e.j <= r.i:
                    src = e
                    break
                if ordered and e.i >= r.i:
                    break  # the later ones start after the reference too
            if src is None:
                # المنظمة، التنظيم: the last coded name with the same head word
                if heads is None:
                    heads = _heads(tokens, ents)
                src = _head_antecedent(tokens, heads, r.i)
                if src is None:
                    continue
                # the model's span that starts with the head (المنظمة المعنية بحقوق الإنسان)
                # refers to it too, when the model did not code it
                if ner_at is None:
                    ner_at = {e.i: n for n, e in enumerate(out) if e.source == "ner"}
                k = ner_at.get(r.i)
                if k is not None and out[k].actor is None:
                    out[k] = dataclasses.replace(out[k], actor=src.actor, source="ref")
                    continue
            if not any(k in covered for k in range(r.i, r.j)):
                out.append(_Ent(r.i, r.j, src.type, src.actor, "ref"))
                covered.update(range(r.i, r.j))
        out.sort(key=lambda e: (e.i, -e.j))
        return out

    def _coref_persons(self, tokens: Sequence[Token], ents: list[_Ent]) -> None:
        """A person's short name (ستولتنبرج) takes the code of the full mention, before
        or after it in the article."""
        full: dict[str, Actor] = {}
        for e in ents:
            if e.type == "PER" and e.actor is not None and e.actor.country is not None or \
                    e.type == "PER" and e.actor is not None and e.actor.sector in ("IGO", "NGO"):
                if e.j - e.i > 1:
                    for k in range(e.i, e.j):
                        w = tokens[k].norm
                        if len(w) > 2:
                            full.setdefault(w, e.actor)
        if not full:
            return
        for n, e in enumerate(ents):
            if e.type != "PER" or (e.actor is not None and (e.actor.name_en or e.actor.country)):
                continue
            for k in range(e.j - 1, e.i - 1, -1):
                hit = full.get(tokens[k].norm)
                if hit is None:
                    for s in tokens[k].stems[1:2]:
                        hit = full.get(s)
                if hit is not None:
                    ents[n] = dataclasses.replace(e, actor=hit, source="ref")
                    break


def _head_antecedent(tokens: Sequence[Token], heads: dict[str, list[_Ent]], i: int) -> _Ent | None:
    """The coded name before token i that starts with the same noun as the head noun at i
    (المنظمة → منظمة العفو الدولية, التنظيم → تنظيم داعش), when there is only one.
    ``heads``: the coded organisations by the stems of their first word, in text order."""
    core = next((w[2:] for w in tokens[i].stems if w.startswith("ال") and len(w) > 4), None)
    if core is None:
        return None
    best = None
    codes = set()
    for e in heads.get(core, ()):
        if e.j > i:
            break
        codes.add(e.actor.code if e.actor is not None else "")
        best = e
    # two different names with that head before it (two parties): which one is unclear
    return best if len(codes) == 1 else None


def _heads(tokens: Sequence[Token], ents: list[_Ent]) -> dict[str, list[_Ent]]:
    """Coded organisations indexed by the stems of their first word, in text order."""
    out: dict[str, list[_Ent]] = {}
    for e in sorted(ents, key=lambda e: e.i):
        if e.actor is None or e.type != "ORG" or not e.actor.code:
            continue
        for w in tokens[e.i].stems:
            lst = out.setdefault(w, [])
            if not lst or lst[-1] is not e:
                lst.append(e)
    return out


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


#: Titles written with a possessive pronoun (أمينها العام، رئيسه، وزير خارجيتها، المتحدث
#: باسمها): the stem before the pronoun, and the word that may come before it.
_POSS_TITLES = frozenset("رئيس امين زعيم قائد امير سفير مدير نائب مندوب ممثل خارجيت باسم".split())
_GOV_TITLES = frozenset("رئيس زعيم امير سفير خارجيت باسم مندوب ممثل".split())
_POSS_AFTER = frozenset({"العام", "الرسمي", "الاعلي", "الدائم"})
#: Feminine plurals heading a body (الأمم المتحدة، الولايات المتحدة، القوات): "ها" refers to them.
_FEM_HEADS = frozenset({"امم", "ولايات", "دول", "قوات"})


def _title_pronoun(tokens: Sequence[Token], i: int) -> tuple[str, str] | None:
    """(gender "f" or "m", title stem) when a title with a possessive pronoun stands right before token i
    (أمينها العام يوسف العثيمين → ("f", "امين")), else None. Written ة (رئيسة، ملكة) is not a pronoun."""
    k = i - 1
    if k >= 0 and tokens[k].norm in _PUNCT_GAP:
        k -= 1
    if k >= 0 and tokens[k].norm in _POSS_AFTER:
        k -= 1
    if k < 0:
        return None
    tok = tokens[k]
    for w in _strip_proclitics(tok.norm):
        if w.endswith("ها") and w[:-2] in _POSS_TITLES:
            return "f", w[:-2]
        if w.endswith("ه") and w[:-1] in _POSS_TITLES and tok.text.rstrip()[-1:] == "ه":
            return "m", w[:-1]
    return None


def _strip_proclitics(norm: str) -> tuple[str, ...]:
    out = [norm]
    for p in ("و", "ف"):
        if norm.startswith(p):
            out.append(norm[1:])
    for w in list(out):
        if w[:1] in ("ل", "ب") and len(w) > 4:
            out.append(w[1:])
    return tuple(out)


def _gender(tokens: Sequence[Token], m: Mention) -> str:
    """The grammatical gender of a coded name ("f", "m", or "fm" when it may be either):
    a head ending in ة or a feminine plural (منظمة، الجامعة، الأمم المتحدة) is feminine,
    another organisation or a person masculine (حزب الله، الاتحاد), a place either
    (فرنسا ... رئيسها، العراق ... رئيسه)."""
    head = tokens[max(m.i, m.name_i)].norm
    head = head[2:] if head.startswith("ال") else head
    if m.type == "LOC":
        # فرنسا، كوريا، السعودية، الولايات المتحدة are feminine; العراق، لبنان، مصر either
        return "f" if head.endswith(("ا", "ه")) or head in _FEM_HEADS else "fm"
    return "f" if head.endswith("ه") or head in _FEM_HEADS else "m"


def _possessive_actor(tokens: Sequence[Token], mentions: list[Mention], i: int, sent_start: int) -> Actor | None:
    """The actor of a person named after a title with a possessive pronoun: the pronoun
    refers to the nearest preceding country or body of its gender in the sentence
    (منظمة التعاون الإسلامي على لسان أمينها العام يوسف العثيمين → the OIC, not his nationality)."""
    found = _title_pronoun(tokens, i)
    if found is None:
        return None
    g, title = found
    best: Mention | None = None
    place: Mention | None = None
    for m in mentions:
        if m.j > i or m.i < sent_start or m.actor is None:
            continue
        if m.type not in ("ORG", "LOC") and m.kind != "AGENT":
            continue
        a = m.actor
        # a news outlet quoted as the source (لـ"العربية.نت") is not whose the title is
        if not (a.country or a.sector in ("IGO", "NGO")) or a.sector == "MED":
            continue
        if g not in _gender(tokens, m):
            continue
        if m.type == "LOC" and best is not None and best.j == m.i - 1 and tokens[best.j].norm in ("في", "لدي"):
            # a body and where it is (السفارة الأمريكية لدى إسرائيل ... سفيرها): the body
            continue
        if m.type == "LOC" and g == "m":
            # "ه" refers to a body (التنظيم، النادي) before a country (العراق)
            if place is None or m.j > place.j:
                place = m
            continue
        if best is None or m.j > best.j:
            best = m
    if best is None and place is not None:
        a = place.actor
        return Actor(a.country, a.country, None, None) if a.country else None
    if best is None:
        return None
    a = best.actor
    if best.type == "LOC":
        if not a.country:
            return None
        # a country's president, leader, foreign minister or envoy is its government
        sector = "GOV" if title in _GOV_TITLES else None
        return Actor(f"{a.country}{sector or ''}", a.country, sector, None)
    return Actor(a.code, a.country, a.sector, None)


def _role_after(tokens: Sequence[Token], mentions: list[Mention], j: int) -> Actor | None:
    """The code of a title right after a person's name, in apposition
    (تيرو فارغورانتا، نائب المدير العام للوكالة الدولية للطاقة الذرية)."""
    start = j + 1 if j < len(tokens) and tokens[j].norm in _PUNCT_GAP else j
    for m in mentions:
        if m.kind == "ROLE" and start <= m.i <= start + 3 and m.actor is not None:
            if m.actor.country or m.actor.sector in ("IGO", "NGO"):
                a = m.actor
                return Actor(a.code, a.country, a.sector, None)
        if m.i > start + 3:
            break
    return None


def _near_actor(mentions: list[Mention], i: int, sent_start: int, window: int = 6) -> Actor | None:
    """The country (or international body) of the nearest coded phrase just before a
    person's name in the same sentence (المتحدث باسم حرس الحدود الفنلندي ماركو ساريكس).
    An indefinite nationality word right before the name is a first name (تركي المالكي)."""
    best: Mention | None = None
    for m in mentions:
        if m.j > i or m.i < sent_start or i - m.j > window or m.actor is None:
            continue
        if m.kind not in ("NAT", "AGENT", "ORG", "ROLE"):
            continue
        if not (m.actor.country or m.actor.sector in ("IGO", "NGO")):
            continue
        if m.kind == "NAT" and m.j == i and m.j - m.i == 1:
            continue
        if best is None or m.j > best.j:
            best = m
    if best is None:
        return None
    a = best.actor
    if a.country is None:
        return Actor(a.code, None, a.sector, None)
    return Actor(a.country, a.country, None, None)


def make_component(options: dict[str, Any]) -> EntityComponent:
    """Build the component once: load the dictionaries (built-in + ``options['actors']``)
    and the NER model when installed."""
    paths = options.get("actors") or ()
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    dictionary = load_dictionary(tuple(str(p) for p in paths))
    return EntityComponent(dictionary, _load_ner(options), load_not_names())


def load_not_names() -> frozenset[str]:
    """The normalized words of ``resources/actors/not_names.txt``: honorifics and epithets
    that the NER model may not take as (the start of) a person's name."""
    from importlib import resources

    from marsad.text.normalize import normalize

    text = (resources.files("marsad") / "resources" / "actors" / "not_names.txt").read_text(encoding="utf-8")
    return frozenset(normalize(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#"))


__all__ = ["EntityComponent", "make_component"]
