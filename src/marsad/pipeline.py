"""``analyze(article) -> Analysis``: the pipeline.

The pipeline is a list of components, each a pure function of the working document and
the analysis so far that returns the analysis with its part filled in. A ``Pipeline``
holds the components and the resources they loaded (dictionaries, models); it is
immutable after construction, so one instance can serve threads, processes and workers.

Components are registered by name in ``COMPONENTS`` (name -> factory taking the pipeline
options); ``Pipeline(components=[...])`` chooses and orders them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from marsad.model import Analysis, Article, Sentence, Token, parse_date
from marsad.text.normalize import NormalizedText
from marsad.text.segment import split_sentences, tokenize

#: Articles longer than this (in characters) are truncated, with a warning.
DEFAULT_MAX_CHARS = 200_000


@dataclass(frozen=True)
class Doc:
    """The working document the components read (never part of the output)."""

    text: str
    norm: NormalizedText
    published: dt.date | None
    body_start: int
    sentences: tuple[Sentence, ...]
    tokens: tuple[Token, ...]


class Component(Protocol):
    name: str

    def __call__(self, doc: Doc, analysis: Analysis) -> Analysis: ...


ComponentFactory = Callable[[dict[str, Any]], Component]


def _registry() -> dict[str, str]:
    """Component name -> 'module:factory'. Imported lazily so that a missing optional
    component never breaks the text layer."""
    return {
        "entities": "marsad.extract.entities:make_component",
        "dates": "marsad.extract.dates:make_component",
        "places": "marsad.extract.places:make_component",
        "quotes": "marsad.extract.quotes:make_component",
        "events": "marsad.coding.events:make_component",
    }


DEFAULT_COMPONENTS: tuple[str, ...] = ("entities", "dates", "places", "quotes", "events")


def available_components() -> list[str]:
    """Names of the registered components whose module is present."""
    import importlib.util

    out = []
    for name, target in _registry().items():
        if importlib.util.find_spec(target.split(":")[0]) is not None:
            out.append(name)
    return out


def _load_component(name: str, options: dict[str, Any]) -> Component:
    import importlib

    target = _registry().get(name)
    if target is None:
        raise ValueError(f"unknown component {name!r}; known: {', '.join(_registry())}")
    module, factory = target.split(":")
    return getattr(importlib.import_module(module), factory)(options)


class Pipeline:
    """The configured analysis. ``Pipeline().analyze(text, published=...)``.

    ``components``: names to run, in order (default: all that are installed).
    ``options``: passed to each component factory (e.g. ``actors=[path]`` for user
    actor dictionaries).
    """

    def __init__(
        self,
        components: Sequence[str] | None = None,
        *,
        max_chars: int = DEFAULT_MAX_CHARS,
        **options: Any,
    ):
        names = list(components) if components is not None else [
            c for c in DEFAULT_COMPONENTS if c in available_components()
        ]
        if not isinstance(max_chars, int) or max_chars < 1:
            raise ValueError(f"max_chars must be a positive number of characters, not {max_chars!r}")
        self.max_chars = max_chars
        self.options = dict(options)
        self.components: tuple[Component, ...] = tuple(_load_component(n, self.options) for n in names)

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components]

    def analyze(self, article: Article | str, published: str | dt.date | None = None) -> Analysis:
        if isinstance(article, str):
            article = Article(text=article)
        if published is not None:
            article = dataclasses.replace(
                article, published=published.isoformat() if isinstance(published, dt.date) else published
            )
        warnings: list[str] = []
        try:
            pub = article.published_date()
        except ValueError as exc:
            warnings.append(f"published date ignored: {exc}")
            pub = None
        text, body_start = article.document()
        if len(text) > self.max_chars:
            warnings.append(f"article truncated from {len(text):,} to {self.max_chars:,} characters")
            text = text[: self.max_chars]
        if not text.strip():
            warnings.append("empty article: nothing to analyse")
        elif not any("\u0600" <= ch <= "\u06ff" for ch in text[:5000]):
            warnings.append("no Arabic text found: Marsad analyses Arabic")
        norm = NormalizedText(text)
        sentences = tuple(split_sentences(text))
        tokens = tuple(tokenize(text, norm))
        analysis = Analysis(
            id=article.stable_id(),
            text=text,
            published=pub.isoformat() if pub else None,
            body_start=min(body_start, len(text)),
            source=article.source,
            url=article.url,
            title=article.title,
            sentences=sentences,
            tokens=tokens,
            warnings=tuple(warnings),
        )
        doc = Doc(text, norm, pub, analysis.body_start, sentences, tokens)
        for component in self.components:
            analysis = component(doc, analysis)
        return analysis


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The pipeline with all installed components and built-in resources (built once)."""
    return Pipeline()


def analyze(
    article: Article | str,
    published: str | dt.date | None = None,
    *,
    pipeline: Pipeline | None = None,
) -> Analysis:
    """Analyse one article (or plain text) and return its :class:`Analysis`.

    >>> a = analyze("قال الرئيس العراقي أمس إن ...", published="2020-02-11")
    >>> a.sentences[0].start
    0
    """
    return (pipeline or default_pipeline()).analyze(article, published)


__all__ = ["Pipeline", "Doc", "Component", "analyze", "default_pipeline", "parse_date"]
