import json

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import (
    Actor, Analysis, Article, Entity, Event, Location, Participant, Place, Quote, Sentence, Span,
    TimeExpr, Token, parse_date,
)
import pytest


def _sample() -> Analysis:
    return Analysis(
        id="a1", text="قال الرئيس العراقي", published="2020-02-11", body_start=0,
        sentences=(Sentence(0, 18),),
        tokens=(Token(0, 3, "قال", "قال", ("قال",)),),
        entities=(Entity("الرئيس العراقي", 4, 18, "PER", Actor("IRQGOV", "IRQ", "GOV", "Iraqi president")),),
        dates=(TimeExpr("أمس", 0, 3, "2020-02-10"),),
        places=(Place("بغداد", 0, 5, "Baghdad", "IRQ", 33.34, 44.4, 98182, "PPLC", "city"),),
        quotes=(Quote("نص", 0, 2, "الرئيس", 4, 10, Actor("IRQGOV", "IRQ", "GOV")),),
        events=(Event(0, Span(0, 3, "قال"), "106", "REQUEST", 3, -5.0, None,
                      Participant("الرئيس", 4, 10, "IRQ", "GOV", "IRQGOV"), None, "2020-02-10", "text",
                      Location("Baghdad", "IRQ", 33.34, 44.4), False, True, 0.8),),
        warnings=("w",),
    )


def test_analysis_round_trips_through_json():
    a = _sample()
    d = json.loads(json.dumps(a.to_dict(), ensure_ascii=False))
    assert Analysis.from_dict(d) == a


def test_types_are_immutable():
    a = _sample()
    with pytest.raises(Exception):
        a.id = "x"  # type: ignore[misc]


def test_unknown_fields_are_ignored():
    d = _sample().to_dict()
    d["future_field"] = 1
    assert Analysis.from_dict(d).id == "a1"


def test_without_tokens():
    assert "tokens" not in _sample().to_dict(tokens=False)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30), st.integers(0, 100), st.integers(0, 100), st.sampled_from(["PER", "ORG", "LOC"]),
       st.none() | st.builds(Actor, st.text(max_size=6), st.none() | st.text(max_size=3)))
def test_entity_round_trip(text, s, e, typ, actor):
    ent = Entity(text, s, e, typ, actor)
    assert Entity.from_dict(json.loads(json.dumps(ent.to_dict()))) == ent


def test_article_document_and_ids():
    a = Article(text="النص الكامل للخبر", title="العنوان", abstract="النص الكامل")
    doc, body = a.document()
    assert doc == "العنوان\n\nالنص الكامل للخبر" and doc[body:] == a.text
    b = Article(text="نص", abstract="ملخص مختلف")
    assert b.document()[0].startswith("ملخص مختلف\n\n")
    assert Article(text="x").stable_id() == Article(text="x").stable_id() != Article(text="y").stable_id()
    assert Article(text="x", id="id1").stable_id() == "id1"


def test_parse_date():
    assert str(parse_date("2020-02-11")) == "2020-02-11"
    assert str(parse_date("2020-02-11T23:30:00+03:00")) == "2020-02-11"
    assert parse_date(None) is None
    with pytest.raises(ValueError, match="not an ISO date"):
        parse_date("11/02/2020")
