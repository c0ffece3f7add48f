"""The learned PROTEST / ASSAULT gate (marsad.coding.event_gate): loading, errors, and its
effect on sentences written for the test."""

from __future__ import annotations

import json
import math

import pytest

from marsad.coding.event_gate import ALL_GROUPS, FORMAT, EventGate, GateError, expand, features
from marsad.coding.events import EventCoder
from marsad.pipeline import Pipeline
from marsad.text.segment import tokenize

PUBLISHED = "2024-03-10"


@pytest.fixture(scope="module")
def pipes():
    return Pipeline(event_gate=False), Pipeline(event_gate_mode="drop")


def gated(pipes, text, types=("PROTEST", "ASSAULT")):
    off, on = pipes
    pick = lambda a: [(e.plover, e.trigger.text) for e in a.events if e.plover in types and not e.negated]  # noqa: E731
    return pick(off.analyze(text, published=PUBLISHED)), pick(on.analyze(text, published=PUBLISHED))


def test_shipped_gate_loads():
    gate = EventGate.load()
    assert gate.types == {"PROTEST", "ASSAULT"}
    for t in gate.types:
        assert 0.0 < gate.threshold[t] < 1.0
    assert len(gate.weights) > 20
    assert gate.groups <= ALL_GROUPS
    assert EventCoder({}).gate is not None  # on by default
    assert EventCoder({"event_gate": False}).gate is None


def test_scoring_is_a_logistic_regression():
    gate = EventGate.from_dict({"format": FORMAT, "types": {"PROTEST": {"bias": -1.0, "threshold": 0.5}},
                                "shared": True, "weights": {"PROTEST|cue:ref": -2.0, "kind:V": 1.5}})
    assert gate.score_features({"kind:V"}, "PROTEST") == pytest.approx(1 / (1 + math.exp(-0.5)))
    assert gate.score_features({"kind:V", "cue:ref"}, "PROTEST") == pytest.approx(1 / (1 + math.exp(1.5)))
    assert gate.keeps(0.6, "PROTEST") and not gate.keeps(0.4, "PROTEST")
    # per-type names and shared names
    assert expand({"kind:V"}, "PROTEST", True) == ["PROTEST|kind:V", "kind:V"]
    assert expand({"kind:V", "w:x"}, "ASSAULT", False, frozenset({"words"})) == ["ASSAULT|w:x"]


def test_features_see_trigger_and_cues():
    toks = list(tokenize("وكان المتظاهرون قد احتجوا منذ الشهر الماضي على قرار الحكومة"))
    k = next(i for i, t in enumerate(toks) if t.text == "احتجوا")
    f = features(toks, k, "PROTEST", kind="V")
    assert "trig:احتجوا" in f and "n-1:قد" in f
    assert {"cue:ref", "cue_after:ref", "cue:cond", "kind:V"} <= f


@pytest.mark.parametrize("content, why", [
    (None, "cannot read"),
    ("{not json", "not valid JSON"),
    (json.dumps({"format": "something else"}), "not a Marsad event-gate file"),
    (json.dumps({"format": FORMAT, "types": {"PROTEST": {"bias": 0}}, "weights": {}}), "malformed"),
    (json.dumps({"format": FORMAT, "types": {"PROTEST": {"bias": 0, "threshold": 0.5}},
                 "weights": {"x": "heavy"}}), "malformed"),
])
def test_bad_weights_file_is_a_clear_error(tmp_path, content, why):
    path = tmp_path / "gate.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GateError, match=why) as exc:
        EventGate.load(path)
    assert str(path) in str(exc.value)
    with pytest.raises(GateError):
        Pipeline(components=["events"], event_gate=str(path))


def test_broken_shipped_gate_falls_back_with_a_warning(monkeypatch):
    def broken(cls, path=None):
        raise GateError("marsad/resources/events/gate.json: not valid JSON")

    monkeypatch.setattr(EventGate, "load", classmethod(broken))
    with pytest.warns(RuntimeWarning, match="not gated"):
        coder = EventCoder({})
    assert coder.gate is None


def test_reported_events_pass(pipes):
    for text, etype in [
        ("تظاهر آلاف الطلاب أمس في القاهرة احتجاجا على ارتفاع الأسعار.", "PROTEST"),
        ("خرج مئات المتظاهرين صباح اليوم في شوارع بغداد للمطالبة بإسقاط الحكومة.", "PROTEST"),
        ("قتل خمسة جنود وأصيب عشرة آخرون في هجوم انتحاري استهدف حاجزا للجيش في الموصل أمس.", "ASSAULT"),
        ("شن مسلحون هجوما على مركز للشرطة في بنغازي فجر اليوم مما أسفر عن مقتل ثلاثة عناصر.", "ASSAULT"),
    ]:
        before, after = gated(pipes, text, (etype,))
        assert before, text
        assert after, text


def test_confidence_is_the_gate_probability(pipes):
    _, on = pipes
    gate = EventGate.load()
    a = on.analyze("تظاهر آلاف الطلاب أمس في القاهرة احتجاجا على ارتفاع الأسعار.", published=PUBLISHED)
    ev = [e for e in a.events if e.plover == "PROTEST"]
    assert ev and all(gate.threshold["PROTEST"] <= e.confidence <= 1.0 for e in ev)


def test_mentions_that_report_nothing_are_dropped(pipes):
    for text in [
        "وكان المتظاهرون قد احتجوا على قرار الحكومة في الشهر الماضي.",  # background
        "أدانت الحكومة البريطانية قصف القوات الروسية للمدنيين.",  # condemnation
    ]:
        before, after = gated(pipes, text)
        assert before, text  # the rules find one: the test is about the gate
        assert not after, text


def test_score_mode_keeps_events_with_the_probability(pipes):
    gate = EventGate.load()
    p = Pipeline(event_gate_mode="score")
    a = p.analyze("أدانت الحكومة البريطانية قصف القوات الروسية للمدنيين.", published=PUBLISHED)
    ev = [e for e in a.events if e.plover == "ASSAULT"]
    assert ev and all(e.confidence < gate.threshold["ASSAULT"] for e in ev)
    with pytest.raises(ValueError, match="event_gate_mode"):
        EventCoder({"event_gate_mode": "maybe"})


def test_a_plan_is_not_reported_as_done(pipes):
    _, on = pipes
    a = on.analyze("سيتظاهر العمال في باريس الأسبوع المقبل احتجاجا على إصلاح نظام التقاعد.", published=PUBLISHED)
    assert not [e for e in a.events if e.plover == "PROTEST" and not e.future and not e.negated]


def test_other_event_types_untouched(pipes):
    off, on = pipes
    text = ("اعتقلت الشرطة المصرية عشرة أشخاص في القاهرة أمس، واجتمع وزير الخارجية الأمريكي "
            "بنظيره الفرنسي في باريس، وأدانت الحكومة الهجوم.")
    key = lambda a: [(e.plover, e.trigger.start, e.confidence) for e in a.events  # noqa: E731
                     if e.plover not in ("PROTEST", "ASSAULT")]
    a0, a1 = off.analyze(text, published=PUBLISHED), on.analyze(text, published=PUBLISHED)
    assert key(a0) and key(a0) == key(a1)
