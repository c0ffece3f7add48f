"""Actor dictionaries and the actor coding of mentions.

The dictionary is a set of TSV files (format: ``resources/actors/README.md``): the
built-in ones in ``marsad/resources/actors/`` and, merged over them, any user files
(``marsad analyze --actors my_actors.tsv``, ``Pipeline(actors=[path])``). A user row
replaces the built-in rows for the same name.

``ActorDictionary.mentions(tokens, published)`` finds dictionary names in a token
sequence (on normalized tokens, through proclitics: بالبرلمان → البرلمان) and composes
them inside a noun phrase:

- an agent with a nationality adjective or a country: الحكومة العراقية → IRQ GOV;
- an agent attached by a preposition to a coded body: لجنة الأمن والدفاع بالبرلمان
  العراقي → IRQ LEG;
- a role before a person: قائد فيلق القدس قاسم سليماني → the person gets IRN MIL
  (from the dictionary entry of the person when there is one, resolved with the
  publication date, else from the role phrase).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from marsad.model import Actor, Token
from marsad.text.segment import tokenize

#: Sector codes (ANNOTATION.md), plus a few CAMEO ones kept for user dictionaries.
SECTORS = frozenset(
    "GOV MIL LEG JUD COP REB OPP PTY CVL MED NGO IGO BUS REL EDU HLH REF UAF SPY AGR LAB ELI".split()
)
#: Row kinds: named entities (PER ORG LOC), nationality adjectives (NAT), bodies that
#: need a country to become an entity (AGENT), titles (ROLE), groups of people (GROUP),
#: and short back-references that count only after a full mention (REF).
KINDS = frozenset("PER ORG LOC NAT AGENT ROLE GROUP REF".split())
COLUMNS = ("text", "kind", "code", "country", "sector", "name_en", "from", "to")
ENTITY_KINDS = frozenset({"PER", "ORG", "LOC"})
_KIND_RANK = {"PER": 0, "ORG": 0, "LOC": 0, "NAT": 1, "AGENT": 2, "ROLE": 3, "GROUP": 4, "REF": 5}
BUILTIN_FILES = (
    "countries.tsv", "igos.tsv", "groups.tsv", "media.tsv", "places.tsv", "persons.tsv", "persons_up.tsv", "agents.tsv",
)


class ActorFileError(ValueError):
    """A bad row or file in an actor dictionary; the message names file and line."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary row for one written form."""

    words: tuple[str, ...]
    text: str
    kind: str
    code: str
    country: str | None
    sector: str | None
    name_en: str | None
    start: dt.date | None
    end: dt.date | None
    where: str  # file:line

    def actor(self) -> Actor:
        return Actor(self.code, self.country, self.sector, self.name_en)

    def valid_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def distance(self, day: dt.date) -> int:
        if self.valid_on(day):
            return 0
        if self.start is not None and day < self.start:
            return (self.start - day).days
        return (day - self.end).days if self.end else 0


def words_of(text: str) -> tuple[str, ...]:
    """The normalized words of a dictionary name, as the tokenizer splits them."""
    return tuple(t.norm for t in tokenize(text))


def _parse_date(value: str, where: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ActorFileError(f"{where}: bad date {value!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)") from None


def read_actor_file(path: str | Path, text: str | None = None) -> list[Entry]:
    """Parse one TSV file; raise :class:`ActorFileError` naming file and line."""
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ActorFileError(f"{name}: actor dictionary not found") from None
        except UnicodeDecodeError:
            raise ActorFileError(f"{name}: not UTF-8 text") from None
        except OSError as exc:
            raise ActorFileError(f"{name}: cannot read ({exc.strerror})") from None
    out: list[Entry] = []
    header: list[str] | None = None
    for n, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        where = f"{name}:{n}"
        if header is None:
            header = [c.strip() for c in cols]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ActorFileError(
                    f"{where}: header lacks column(s) {', '.join(missing)} "
                    f"(expected tab-separated: {' '.join(COLUMNS)})"
                )
            continue
        if len(cols) < len(header):
            # trailing empty columns may be left out, but not the required ones
            last_needed = max(header.index(c) for c in ("text", "kind"))
            if len(cols) <= last_needed:
                raise ActorFileError(
                    f"{where}: missing column(s): found {len(cols)} of {len(header)} "
                    f"({' '.join(header)}); are the columns separated by tabs?"
                )
            cols = cols + [""] * (len(header) - len(cols))
        row = {h: cols[i].strip() for i, h in enumerate(header) if i < len(cols)}
        kind = row["kind"].upper()
        if kind not in KINDS:
            raise ActorFileError(f"{where}: unknown kind {row['kind']!r} (one of {', '.join(sorted(KINDS))})")
        sector = row["sector"].upper() or None
        if sector is not None and sector not in SECTORS:
            raise ActorFileError(f"{where}: unknown sector {row['sector']!r} (one of {', '.join(sorted(SECTORS))})")
        country = row["country"].upper() or None
        if country is not None and (len(country) != 3 or not country.isalpha()):
            raise ActorFileError(f"{where}: country {row['country']!r} is not an ISO 3166 alpha-3 code")
        start, end = _parse_date(row["from"], where), _parse_date(row["to"], where)
        if start and end and end < start:
            raise ActorFileError(f"{where}: bad date range: 'to' {row['to']} is before 'from' {row['from']}")
        code = row["code"].upper() or f"{country or ''}{sector or ''}"
        if not all(ch.isascii() and (ch.isalnum() or ch in "_-") for ch in code):
            raise ActorFileError(f"{where}: code {row['code']!r} must be letters and digits only (e.g. IRQGOV, NATO)")
        if not code and kind not in {"AGENT", "ROLE", "GROUP"}:
            raise ActorFileError(f"{where}: a {kind} row needs a code, a country or a sector")
        if not row["text"]:
            raise ActorFileError(f"{where}: empty text")
        for alt in row["text"].split("|"):
            alt = alt.strip()
            ws = words_of(alt)
            if not ws:
                continue
            out.append(Entry(ws, alt, kind, code, country, sector, row["name_en"] or None, start, end, where))
    if header is None:
        raise ActorFileError(f"{name}: empty actor dictionary (no header row)")
    return out


def _overlap(a: Entry, b: Entry) -> bool:
    lo_a, hi_a = a.start or dt.date.min, a.end or dt.date.max
    lo_b, hi_b = b.start or dt.date.min, b.end or dt.date.max
    return lo_a < hi_b and lo_b < hi_a


@dataclass(frozen=True)
class Match:
    """A dictionary name found at tokens [i, j)."""

    i: int
    j: int
    entries: tuple[Entry, ...]
    stripped: bool  # the first token carried a proclitic (بالبرلمان)

    @property
    def kind(self) -> str:
        return self.entries[0].kind

    def entry(self, day: dt.date | None) -> Entry:
        if len(self.entries) == 1 or day is None:
            # without a date: the most recent role
            return max(self.entries, key=lambda e: e.start or dt.date.min)
        return min(self.entries, key=lambda e: (e.distance(day), -(e.start or dt.date.min).toordinal()))


@dataclass(frozen=True)
class Mention:
    """A coded mention over tokens [i, j). ``type`` is PER/ORG/LOC for entities, None
    for mentions that are not named entities (a bare role, a group of people)."""

    i: int
    j: int
    type: str | None
    kind: str
    actor: Actor | None
    name_i: int = -1  # for composites: where the head name starts (else i)
    ref: bool = False


_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


@lru_cache(maxsize=100_000)
def prefix_stems(word: str) -> tuple[str, ...]:
    """The word and its forms without proclitics و ف + ب ل ك (لل → ال), least stripped first."""
    out = [word]
    if len(word) < 4 or not word.isalpha():
        return tuple(out)
    rest = [word]
    if word[0] in _CONJ:
        rest.append(word[1:])
    for w in list(rest):
        if w[:1] in _PREP and len(w) > 3:
            if w.startswith("لل"):
                out.append("ال" + w[2:])
            out.append(w[1:])
        if w is not word:
            out.append(w)
    seen: dict[str, None] = {}
    for w in out:
        if len(w) >= 2:
            seen.setdefault(w, None)
    return tuple(seen)


_GAP_OK = frozenset({"-", "،", ","})
_PREP_WORDS = frozenset({"في", "لدي", "الي", "من", "ضد", "مع"})


@dataclass
class ActorDictionary:
    """All dictionary entries, indexed by their first word."""

    entries: dict[tuple[str, ...], tuple[Entry, ...]]
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        lens: dict[str, set[int]] = {}
        for ws in self.entries:
            lens.setdefault(ws[0], set()).add(len(ws))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lens.items()}

    # ---- loading -------------------------------------------------------------------
    @classmethod
    def load(cls, user_files: Iterable[str | Path] = (), builtin: bool = True) -> ActorDictionary:
        layers: list[list[Entry]] = []
        if builtin:
            base = resources.files("marsad") / "resources" / "actors"
            built: list[Entry] = []
            for fname in BUILTIN_FILES:
                res = base / fname
                built.extend(read_actor_file(f"marsad/resources/actors/{fname}", res.read_text(encoding="utf-8")))
            layers.append(built)
        for p in user_files:
            layers.append(read_actor_file(p))
        merged: dict[tuple[str, ...], list[Entry]] = {}
        notes: list[str] = []
        for layer in layers:
            seen_here: set[tuple[str, ...]] = set()
            for e in layer:
                key = e.words
                if key not in seen_here:
                    # a new layer replaces what earlier layers said about this name
                    if key in merged and layer is not layers[0]:
                        merged[key] = []
                    seen_here.add(key)
                cur = merged.setdefault(key, [])
                for o in cur:
                    if o.kind == e.kind and o.code != e.code and _overlap(o, e) and o.where != e.where:
                        msg = (f"{e.where}: {e.text!r} is already coded {o.code} at {o.where}; "
                               f"both codes kept, the first wins when dates overlap")
                        notes.append(msg)
                        warnings.warn(msg, stacklevel=2)
                        break
                cur.append(e)
        out: dict[tuple[str, ...], tuple[Entry, ...]] = {}
        for k, v in merged.items():
            best = min(_KIND_RANK[e.kind] for e in v)
            out[k] = tuple(e for e in v if _KIND_RANK[e.kind] == best)
        return cls(out, warnings=notes)

    # ---- matching ------------------------------------------------------------------
    def match_at(self, tokens: Sequence[Token], i: int) -> Match | None:
        best: Match | None = None
        n = len(tokens)
        for k, key in enumerate(prefix_stems(tokens[i].norm)):
            lens = self.lengths.get(key)
            if not lens:
                continue
            for L in lens:
                if i + L > n or (best and L <= best.j - best.i):
                    continue
                ws = (key,) + tuple(tokens[i + m].norm for m in range(1, L))
                hit = self.entries.get(ws)
                if hit is None and L > 1:
                    # inner words may carry و (لجنة الأمن والدفاع)
                    ws2 = (key,) + tuple(
                        t.norm[1:] if t.norm.startswith("و") and len(t.norm) > 3 and
                        (key,) + tuple(x.norm for x in tokens[i + 1:i + m]) + (t.norm[1:],) == tuple(ws[:m]) + (t.norm[1:],)
                        else t.norm
                        for m, t in ((m, tokens[i + m]) for m in range(1, L))
                    )
                    hit = self.entries.get(ws2)
                if hit is not None and not _crosses_line(tokens, i, i + L):
                    best = Match(i, i + L, hit, k > 0)
                    break
        return best

    def matches(self, tokens: Sequence[Token]) -> list[Match]:
        """Longest dictionary names, left to right, not overlapping."""
        out: list[Match] = []
        i, n = 0, len(tokens)
        lengths = self.lengths
        while i < n:
            tok = tokens[i]
            if tok.norm[0].isalpha() and any(s in lengths for s in prefix_stems(tok.norm)):
                m = self.match_at(tokens, i)
                if m is not None:
                    out.append(m)
                    i = m.j
                    continue
            i += 1
        return out

    def mentions(self, tokens: Sequence[Token], published: dt.date | None = None) -> list[Mention]:
        """Coded mentions (entities and other actor mentions), composed inside noun phrases.
        Hashtags are read as the words they join (#ميليشيات_الحوثي = ميليشيات الحوثي)."""
        keep = hashtag_view(tokens)
        if keep is None:
            return compose(tokens, self.matches(tokens), published)
        sub = [tokens[k] for k in keep]
        return [dataclasses.replace(m, i=keep[m.i], j=keep[m.j - 1] + 1,
                                    name_i=keep[m.name_i] if 0 <= m.name_i < len(keep) else m.name_i)
                for m in compose(sub, self.matches(sub), published)]


@lru_cache(maxsize=8)
def load_dictionary(user_files: tuple[str, ...] = ()) -> ActorDictionary:
    """The built-in dictionary with ``user_files`` merged over it, loaded once per
    process for each set of files (components that need it share one copy; treat it as
    read-only)."""
    return ActorDictionary.load(user_files)


# the marks that glue a hashtag's words (#ميليشيات_الحوثي); shared with the event coder
HASHTAG_MARKS = frozenset({"_", "#"})


def hashtag_view(tokens: Sequence[Token]) -> list[int] | None:
    """The indices of ``tokens`` without the marks that glue a hashtag's words
    (``#`` before a word, ``_`` between two words, written without spaces), or None
    when there are none."""
    drop = []
    n = len(tokens)
    for k, t in enumerate(tokens):
        if t.text not in HASHTAG_MARKS or k + 1 >= n or tokens[k + 1].start != t.end:
            continue
        if t.text == "#" or (k > 0 and tokens[k - 1].end == t.start):
            drop.append(k)
    if not drop:
        return None
    gone = set(drop)
    return [k for k in range(n) if k not in gone]


def _crosses_line(tokens: Sequence[Token], i: int, j: int) -> bool:
    return any(tokens[k].start - tokens[k - 1].end > 3 for k in range(i + 1, j))


def _adjacent(tokens: Sequence[Token], a_end: int, b_start: int, text_gap: bool = True) -> bool:
    """Whether b follows a in the same phrase: directly, or over one definite adjective."""
    if b_start == a_end:
        return True
    if b_start == a_end + 1:
        t = tokens[a_end]
        return t.norm.startswith("ال") and len(t.norm) > 3 and t.norm[0].isalpha()
    return False


def _attached(tokens: Sequence[Token], a_end: int, m: Match) -> bool:
    """Whether match m is attached to the phrase ending at a_end by a preposition
    (بالبرلمان، لحلف، في البرلمان، لدى الوكالة)."""
    if m.i == a_end and m.stripped and tokens[m.i].norm[:1] in "بلك":
        return True
    if m.i == a_end and m.stripped and tokens[m.i].norm[:2] in ("وب", "ول"):
        return False
    if m.i == a_end + 1 and tokens[a_end].norm in _PREP_WORDS:
        return True
    return False


def _country_name(e: Entry) -> str | None:
    """English name of the country of a place or person entry (Baghdad → IRQ)."""
    return e.name_en if e.kind == "LOC" and e.code == e.country else e.country


def _composite(country: str, sector: str | None, country_en: str | None, agent_en: str | None) -> Actor:
    name = f"{country_en} {agent_en}" if country_en and agent_en else None
    return Actor(f"{country}{sector or ''}", country, sector, name)


def _head(tokens: Sequence[Token], matches: list[Match], ents: list[Entry], k: int) -> tuple[Actor | None, int, int, str | None]:
    """The actor an agent or role at matches[k] gets from what directly follows it:
    a nationality adjective (الحكومة العراقية), a country, city or person in the genitive
    (بعثة الولايات المتحدة، إدارة ترامب) or an organisation (بعثة الحلف الأطلسي).
    Returns (actor, end token, matches used, kind of the modifier)."""
    m, e = matches[k], ents[k]
    if k + 1 >= len(matches):
        return None, m.j, 0, None
    nxt, ne = matches[k + 1], ents[k + 1]
    sector = e.sector
    if nxt.stripped:
        return None, m.j, 0, None
    if nxt.kind == "NAT" and _adjacent(tokens, m.j, nxt.i) and ne.country:
        return _composite(ne.country, sector, ne.name_en, e.name_en), nxt.j, 1, "NAT"
    if nxt.i != m.j:
        return None, m.j, 0, None
    if nxt.kind in ("LOC", "PER") and ne.country:
        return _composite(ne.country, sector, _country_name(ne), e.name_en), nxt.j, 1, nxt.kind
    if nxt.kind == "ORG":
        keep = ne.sector if sector is None or ne.sector in ("IGO", "NGO") or ne.country is None else sector
        code = ne.code if keep == ne.sector else f"{ne.country or ''}{keep or ''}"
        return Actor(code, ne.country, keep, ne.name_en), nxt.j, 1, "ORG"
    return None, m.j, 0, None


def _one(tokens: Sequence[Token], matches: list[Match], ents: list[Entry], k: int) -> tuple[list[Mention], int]:
    """Mentions for the phrase starting at matches[k]; returns them and the next k."""
    m, e = matches[k], ents[k]
    kind = m.kind
    n = len(matches)
    if kind in ENTITY_KINDS:
        j, used = m.j, 0
        # a named body followed by its nationality: الحرس الثوري الإيراني
        if kind == "ORG" and k + 1 < n and matches[k + 1].kind == "NAT" and matches[k + 1].i == m.j \
                and ents[k + 1].country in (e.country, None):
            j, used = matches[k + 1].j, 1
        return [Mention(m.i, j, kind, kind, e.actor(), m.i)], k + 1 + used
    if kind == "AGENT" and k + 1 < n and matches[k + 1].kind == "AGENT" and matches[k + 1].i == m.j \
            and not matches[k + 1].stripped and not _definite(tokens[m.i].norm):
        # a descriptor in the construct state before a body: قوات الجيش الوطني، وفد الحكومة
        # السورية, one actor with the body's code
        sub, k2 = _one(tokens, matches, ents, k + 1)
        head = sub[0] if sub else None
        if head is not None and head.i == m.j and head.actor is not None:
            actor = head.actor
            if e.sector and e.sector != "GOV" and actor.sector == "GOV":
                # قوات الحكومة السورية، قوات النظام: the government's forces
                actor = Actor(f"{actor.country or ''}{e.sector}", actor.country, e.sector, None)
            return [Mention(m.i, head.j, head.type, kind, actor, head.i), *sub[1:]], k2
    if kind == "GROUP":
        return _group(tokens, matches, ents, k)
    if kind in ("AGENT", "ROLE"):
        actor, j, used, how = _head(tokens, matches, ents, k)
        if kind == "ROLE" and how in ("ORG", "PER", "LOC"):
            # the organisation stays an entity of its own; the role takes its code
            j, used = m.j, 0
        if actor is None and k + 1 < n and _attached(tokens, m.j, matches[k + 1]):
            sub, k2 = _one(tokens, matches, ents, k + 1)
            head = sub[0] if sub else None
            if head is not None and head.actor is not None and head.type in ("ORG", "LOC") and head.i == matches[k + 1].i:
                a, sector = head.actor, e.sector
                if sector is None or a.sector == "IGO" or (a.country is None and kind == "ROLE"):
                    actor = Actor(a.code, a.country, a.sector if sector is None or a.sector == "IGO" else sector, None)
                elif a.country:
                    cname = a.name_en.rsplit(" ", 1)[0] if a.name_en and " " in a.name_en else None
                    actor = _composite(a.country, sector, cname, e.name_en)
                if actor is not None:
                    typ = "ORG" if kind == "AGENT" and len(m.entries[0].words) > 1 else None
                    return [Mention(m.i, m.j, typ, kind, actor, m.i), *sub], k2
        if actor is None and e.country:
            actor = e.actor()  # a title of one country (السيناتور → USA LEG)
        elif actor is None and e.sector:
            actor = Actor(e.sector, None, e.sector, None)
        typ = "ORG" if kind == "AGENT" and how is not None else None
        return [Mention(m.i, j, typ, kind, actor, m.i)], k + 1 + used
    if kind == "REF":
        # a head noun without code (المنظمة) refers to the last name with the same head: no actor here
        return [Mention(m.i, m.j, None, "REF", None if _no_code(e) else e.actor(), m.i, ref=True)], k + 1
    if kind == "NAT":
        # a country's adjective has no sector; a group's adjective keeps it ("قناص حوثي": REB)
        return [Mention(m.i, m.j, None, "NAT", Actor(e.code, e.country, e.sector, e.name_en), m.i)], k + 1
    return [Mention(m.i, m.j, None, kind, e.actor(), m.i)], k + 1


def _definite(norm: str) -> bool:
    """Whether a word carries the article (القوات، والقوات، بالقوات، للقوات)."""
    return any(w.startswith("ال") for w in prefix_stems(norm))


def _group(tokens: Sequence[Token], matches: list[Match], ents: list[Entry], k: int) -> tuple[list[Mention], int]:
    """A group of people and what names it: a nationality (المتظاهرين الفلسطينيين، الميليشيات
    الحوثية), an adjective of the same kind (الميليشيات الانقلابية), a body or organisation
    in the genitive (عناصر الشرطة، مسلحي داعش، عناصر ميليشيات الحوثي) or a place (سكان غزة).
    A descriptor row without code (عناصر، أفراد) is an actor only with such a head."""
    m, e = matches[k], ents[k]
    n = len(matches)
    construct = not _definite(tokens[m.i].norm)
    if k + 1 < n and not matches[k + 1].stripped:
        nxt, ne = matches[k + 1], ents[k + 1]
        if nxt.kind == "NAT" and _adjacent(tokens, m.j, nxt.i) and ne.country:
            sector = e.sector or ne.sector  # الجماعة الحوثية: the adjective of a group gives its sector
            return [Mention(m.i, nxt.j, None, "GROUP", _composite(ne.country, sector, ne.name_en, e.name_en),
                            m.i)], k + 2
        if nxt.i == m.j and nxt.kind == "GROUP" and ne.sector and ne.sector == e.sector and not _no_code(e):
            # الميليشيات الانقلابية، الانقلابيين الحوثيين: one group; a coded part gives its code
            sub, k2 = _group(tokens, matches, ents, k + 1)
            head = sub[0] if sub else None
            if head is not None and head.i == nxt.i:
                actor = head.actor if head.actor is not None and head.actor.country else e.actor()
                return [Mention(m.i, head.j, head.type, "GROUP", actor, m.i), *sub[1:]], k2
        if nxt.i == m.j and (construct or (e.sector in _ARMED and ne.sector in _ARMED)) and \
                nxt.kind in ("ORG", "AGENT", "GROUP"):
            # a descriptor before the body or group it belongs to takes its code
            sub, k2 = _one(tokens, matches, ents, k + 1)
            head = sub[0] if sub else None
            if head is not None and head.i == nxt.i and head.actor is not None and (
                    head.actor.country or head.actor.sector):
                if head.type is not None:
                    # مسلحي داعش، لعناصر ميليشيات الحوثي: the named organisation is the actor
                    # and the entity; the descriptor adds nothing
                    return sub, k2
                # عناصر القوات الخاصة: still the body (its name starts at name_i)
                kind = "AGENT" if head.kind == "AGENT" else "GROUP"
                actor = head.actor
                if e.sector and e.sector != actor.sector and (actor.sector == "GOV" or e.sector in _OWN_SECTOR):
                    # طائرات النظام (MIL)، تلفزيون النظام (MED)، شركة الطيران (BUS): the descriptor
                    # says what it is, the body whose it is
                    kind = "GROUP"
                    actor = Actor(f"{actor.country or ''}{e.sector}", actor.country, e.sector, None)
                return [Mention(m.i, head.j, None, kind, actor, head.name_i if kind == "AGENT" else head.i),
                        *sub[1:]], k2
        if nxt.i == m.j and construct and nxt.kind == "LOC" and ne.country:
            # سكان غزة: the place stays an entity of its own
            actor = _composite(ne.country, e.sector, _country_name(ne), e.name_en)
            if e.sector:
                return [Mention(m.i, m.j, None, "GROUP", actor, m.i)], k + 1
    if _no_code(e):
        return [], k + 1
    return [Mention(m.i, m.j, None, "GROUP", e.actor(), m.i)], k + 1


def _no_code(e: Entry) -> bool:
    """A row whose code is ``-`` (or empty): a descriptor (عناصر، شركات) or a head noun
    (المنظمة) that gets its code from the phrase or the earlier name it refers to."""
    return e.code in ("", "-")


#: sectors of armed groups, which may follow one another in apposition (الانقلابيين الحوثيين)
_ARMED = frozenset({"REB", "UAF", "MIL"})
#: descriptors of these sectors keep their sector before a body of another one
#: (شركة الطيران is a company, ميليشيا جيش المهدي a militia)
_OWN_SECTOR = frozenset({"BUS", "MED", "CVL", "REF", "REB"})


def compose(tokens: Sequence[Token], matches: list[Match], published: dt.date | None) -> list[Mention]:
    """Turn dictionary matches into coded mentions (see the module docstring)."""
    ents = [m.entry(published) for m in matches]
    out: list[Mention] = []
    k = 0
    while k < len(matches):
        ms, k = _one(tokens, matches, ents, k)
        out.extend(ms)
    return out


__all__ = ["ActorDictionary", "hashtag_view", "load_dictionary", "ActorFileError", "Entry", "Match", "Mention", "read_actor_file", "compose",
           "prefix_stems", "SECTORS", "KINDS", "COLUMNS"]
