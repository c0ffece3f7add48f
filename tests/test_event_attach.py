"""The learned argument attachment (marsad.coding.attach): loading, the choice rule, and its
effect in the coder with hand-set weights."""

from __future__ import annotations

import json

import pytest

from event_helpers import _FixedEntities
from marsad.coding.attach import FORMAT, AttachError, Attacher
from marsad.pipeline import Pipeline

ACTORS = {"إيران": ("LOC", "IRN", None), "الولايات المتحدة": ("LOC", "USA", None),
          "روسيا": ("LOC", "RUS", None)}


def weights(source=None, target=None, margin=0.0, replace=False):
    return {"format": FORMAT, "version": 1, "margin": margin, "replace": replace,
            "roles": {"source": {"bias": 0.0, "weights": source or {}},
                      "target": {"bias": 0.0, "weights": target or {}}}}


def test_malformed_weights_are_clear_errors(tmp_path):
    with pytest.raises(AttachError, match="not a marsad-event-attach"):
        Attacher.from_dict({"format": "other"})
    with pytest.raises(AttachError, match="malformed"):
        Attacher.from_dict({"format": FORMAT, "roles": {"source": {"bias": 0}}})
    with pytest.raises(AttachError, match="not found"):
        Attacher.load(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(AttachError, match="JSON"):
        Pipeline(components=["events"], event_attach=str(bad))


def test_choice_rule():
    att = Attacher.from_dict(weights(target={"good": 3.0}))
    none = (None, ["none"])
    good = ("m1", ["good", "coded:True", "other:False"])
    uncoded = ("m2", ["good", "good", "coded:False", "other:False"])
    other = ("m3", ["good", "good", "coded:True", "other:True"])
    # fills an empty role with the best coded candidate that is not the other argument
    assert att.choose("target", [none, uncoded, other, good], 0) == 3
    # fill-only weights never replace an actor the rules chose
    assert att.choose("target", [none, good, ("m4", ["coded:True"])], 2) == 2
    # with replacement, "none" is never chosen over an actor (no event is dropped)
    rep = Attacher.from_dict(weights(target={"none": 9.0}, replace=True))
    assert rep.choose("target", [none, good], 1) == 1
    # the margin keeps the rules' choice unless the best candidate is clearly better
    strict = Attacher.from_dict(weights(target={"good": 0.1}, margin=0.5))
    assert strict.choose("target", [none, good], 0) == 0


def _coder(attach):
    p = Pipeline(components=[])
    p.components = (_FixedEntities(ACTORS),) + Pipeline(components=["events"], event_gate=False,
                                                        event_attach=attach).components
    return p


def test_fills_the_missing_argument_of_a_coded_event():
    text = "انتقدت إيران بشدة أمس في طهران السياسة التي تتبعها الولايات المتحدة"
    rules = _coder(False).analyze(text, published="2020-02-11")
    ev = [e for e in rules.events if e.plover == "ACCUSE"]
    assert ev and ev[0].source.country == "IRN" and ev[0].target is None
    learned = _coder(Attacher.from_dict(weights(target={"p:a0": 2.0, "coded:True": 1.0}))).analyze(
        text, published="2020-02-11")
    ev = [e for e in learned.events if e.plover == "ACCUSE"]
    assert [(e.source.country, e.target.country) for e in ev] == [("IRN", "USA")]
    # it re-attaches, it does not create events: the same triggers are coded
    assert [e.trigger.start for e in learned.events] == [e.trigger.start for e in rules.events]


def test_shipped_weights_beat_the_rules_under_cross_validation():
    from importlib import resources

    data = json.loads(resources.files("marsad.resources.events").joinpath("attach.json").read_text(encoding="utf-8"))
    Attacher.from_dict(data)
    assert data["cv"]["cv"]["tuple_f1"] > data["cv"]["rules"]["tuple_f1"]
