"""Marsad (مرصد): Arabic news to political event data.

>>> import marsad
>>> a = marsad.analyze("قال وزير الخارجية العراقي أمس إن ...", published="2020-02-11")
>>> [a.text[s.start:s.end] for s in a.sentences]  # doctest: +SKIP
"""

from marsad.model import (
    Actor, Analysis, Article, Entity, Event, Location, Participant, Place, Quote, Sentence, Span,
    TimeExpr, Token,
)
from marsad.pipeline import Pipeline, analyze

__version__ = "0.1.0"

__all__ = [
    "Actor", "Analysis", "Article", "Entity", "Event", "Location", "Participant", "Place", "Pipeline",
    "Quote", "Sentence", "Span", "TimeExpr", "Token", "analyze", "__version__",
]
