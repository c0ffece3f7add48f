"""The data types every stage reads and writes.

All types are frozen dataclasses. Offsets are code-point indices into the analysed
document text (``Analysis.text``). ``to_dict``/``from_dict`` give JSON-ready dicts that
round-trip exactly: ``T.from_dict(x.to_dict()) == x``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

T = TypeVar("T", bound="_Record")


class _Record:
    """Mixin giving JSON conversion to the frozen dataclasses below.

    Nested records and tuples of records are converted by the field types declared in
    ``_nested``; everything else is a plain JSON value.
    """

    _nested: ClassVar[dict[str, type]] = {}
    _nested_lists: ClassVar[dict[str, type]] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            v = getattr(self, f.name)
            if isinstance(v, _Record):
                v = v.to_dict()
            elif isinstance(v, tuple):
                v = [x.to_dict() if isinstance(x, _Record) else x for x in v]
            out[f.name] = v
        return out

    @classmethod
    def from_dict(cls: type[T], d: dict[str, Any]) -> T:
        kwargs: dict[str, Any] = {}
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for k, v in d.items():
            if k not in names:
                continue  # fields may be added; readers ignore what they do not know
            if k in cls._nested and v is not None:
                v = cls._nested[k].from_dict(v)
            elif k in cls._nested_lists:
                v = tuple(cls._nested_lists[k].from_dict(x) for x in (v or ()))
            elif isinstance(v, list):
                v = tuple(v)
            kwargs[k] = v
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Span(_Record):
    """A piece of the document: ``text == document[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token(_Record):
    """A surface token with its matching form and clitic analysis.

    ``norm`` is the normalized form (see :mod:`marsad.text.normalize`); ``stems`` are
    candidate stems after removing proclitics/enclitics, most likely first (the
    normalized token itself is always the first candidate).
    """

    start: int
    end: int
    text: str
    norm: str
    stems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Sentence(_Record):
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Actor(_Record):
    """A coded actor: ISO3 country (or None) + sector, e.g. IRQ + GOV = IRQGOV."""

    code: str
    country: str | None = None
    sector: str | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Entity(_Record):
    text: str
    start: int
    end: int
    type: str  # PER | ORG | LOC
    actor: Actor | None = None
    _nested: ClassVar[dict[str, type]] = {"actor": Actor}


@dataclass(frozen=True, slots=True)
class TimeExpr(_Record):
    """A date expression. ``value`` is YYYY, YYYY-MM, YYYY-MM-DD or a range A/B."""

    text: str
    start: int
    end: int
    value: str


@dataclass(frozen=True, slots=True)
class Place(_Record):
    text: str
    start: int
    end: int
    name_en: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature_type: str | None = None
    precision: str | None = None  # city | admin1 | country | region


@dataclass(frozen=True, slots=True)
class Quote(_Record):
    text: str
    start: int
    end: int
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_actor: Actor | None = None
    _nested: ClassVar[dict[str, type]] = {"speaker_actor": Actor}


@dataclass(frozen=True, slots=True)
class Participant(_Record):
    """Source or target of an event; ``text`` and offsets are None when implied."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    name_en: str | None = None


@dataclass(frozen=True, slots=True)
class Location(_Record):
    name_en: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Event(_Record):
    sentence: int
    trigger: Span
    cameo: str | None
    plover: str
    quad: int | None = None
    goldstein: float | None = None
    mode: str | None = None
    source: Participant | None = None
    target: Participant | None = None
    date: str | None = None
    date_from: str = "published"  # text | published
    location: Location | None = None
    negated: bool = False
    future: bool = False
    confidence: float = 0.5
    _nested: ClassVar[dict[str, type]] = {
        "trigger": Span,
        "source": Participant,
        "target": Participant,
        "location": Location,
    }


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """An input article. ``document()`` is the text that is analysed.

    Title and abstract are put before the body (an abstract that repeats the body is
    left out), separated by blank lines, so that every extracted span quotes the
    article exactly.
    """

    text: str
    id: str | None = None
    published: str | None = None  # ISO date or datetime as given
    title: str | None = None
    abstract: str | None = None
    source: str | None = None
    url: str | None = None
    category: str | None = None
    author: str | None = None

    def document(self) -> tuple[str, int]:
        """Return (document text, offset where the body starts)."""
        head = []
        if self.title and self.title.strip():
            head.append(self.title.strip())
        ab = (self.abstract or "").strip()
        if ab and ab not in self.text:
            head.append(ab)
        if not head:
            return self.text, 0
        prefix = "\n\n".join(head) + "\n\n"
        return prefix + self.text, len(prefix)

    def stable_id(self) -> str:
        """The given id, else a content hash of the text (first 16 hex digits of SHA-1)."""
        if self.id:
            return str(self.id)
        return hashlib.sha1(self.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def published_date(self) -> dt.date | None:
        return parse_date(self.published)


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Parse an ISO date or datetime (``2020-02-11``, ``2020-02-11T12:00:00+03:00``).

    The calendar date is the one written (local to the outlet), not converted to UTC.
    Raises ``ValueError`` with a clear message on anything else.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    try:
        if len(s) == 10:
            return dt.date.fromisoformat(s)
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"not an ISO date: {value!r} (expected e.g. 2020-02-11)") from None


@dataclass(frozen=True, slots=True)
class Analysis(_Record):
    """Everything Marsad extracts from one article."""

    id: str
    text: str
    published: str | None = None
    body_start: int = 0
    source: str | None = None
    url: str | None = None
    title: str | None = None
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = ()
    entities: tuple[Entity, ...] = ()
    dates: tuple[TimeExpr, ...] = ()
    places: tuple[Place, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    _nested_lists: ClassVar[dict[str, type]] = {
        "sentences": Sentence,
        "tokens": Token,
        "entities": Entity,
        "dates": TimeExpr,
        "places": Place,
        "quotes": Quote,
        "events": Event,
    }

    def to_dict(self, tokens: bool = True) -> dict[str, Any]:  # type: ignore[override]
        d = _Record.to_dict(self)
        if not tokens:
            d.pop("tokens")
        return d

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing ``offset`` (-1 if none)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return -1
