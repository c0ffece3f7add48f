"""The gate's default "floor" mode and the veto patterns (resources/events/gate_vetoes.tsv),
on sentences written for the test."""

from __future__ import annotations

import dataclasses
import json

import pytest

from marsad.coding.event_gate import (
    FORMAT,
    SHORT_TEXT_SENTENCES,
    EventGate,
    GateError,
    default_vetoes,
    load_vetoes,
    resolve_mode,
    vetoed,
)
from marsad.coding.events import EventCoder
from marsad.pipeline import Pipeline
from marsad.text.segment import tokenize

PUBLISHED = "2024-03-10"


@pytest.fixture(scope="module")
def pipes():
    return Pipeline(event_gate_mode="score"), Pipeline()


def veto_note(text: str, trigger: str, etype: str) -> str | None:
    toks = list(tokenize(text))
    k = next(i for i, t in enumerate(toks) if t.text == trigger)
    v = vetoed(toks, k, etype)
    return v.note if v else None


@pytest.mark.parametrize("text, trigger, etype, note", [
    ("وتشارك تونس في ثلاثة عروض ضمن تظاهرة المسرح العربي في المهرجان.", "تظاهرة", "PROTEST", "cultural"),
    ("افتتحت أمس تظاهرة ثقافية كبرى في مدينة فاس.", "تظاهرة", "PROTEST", "cultural"),
    ("وقد اعتصمت الحكومة السورية بالصمت إزاء هذه الاتهامات.", "اعتصمت", "PROTEST", "silent"),
    ("توقفت المباراة دقائق إثر احتجاج اللاعبين على ركلة الجزاء.", "احتجاج", "PROTEST", "sports"),
    ("وفي كلمة أمام آلاف المتظاهرين في الساحة للاحتجاج على الغلاء، قال الزعيم إن الحكومة فشلت.",
     "للاحتجاج", "PROTEST", "speech"),
    ("وكانت الشرطة تفرق المظاهرات بالقوة في الستينات من القرن الماضي.", "المظاهرات", "PROTEST", "decade"),
    ("وحذر الوزير من أنه إذا قصفت القوات المدينة فإن الرد سيكون قاسيا.", "قصفت", "ASSAULT", "hypothetical"),
    ("وتعمل الشركة على منع هذا النوع من الهجمات الإلكترونية.", "الهجمات", "ASSAULT", "possible actions"),
])
def test_vetoes_match_non_reports(text, trigger, etype, note):
    found = veto_note(text, trigger, etype)
    assert found is not None and note.split()[0] in found


@pytest.mark.parametrize("text, trigger, etype", [
    ("تظاهر آلاف الطلاب أمس أمام المسرح الوطني في القاهرة.", "تظاهر", "PROTEST"),  # a real demonstration
    ("اعتصم مئات العمال أمام مقر الوزارة أمس.", "اعتصم", "PROTEST"),
    ("وقتل رجل في الخمسينات من عمره في القصف أمس.", "القصف", "ASSAULT"),  # an age, not a decade
    ("لا يمكن تأكيد ما إذا كان الهجوم من تنفيذ التنظيم.", "الهجوم", "ASSAULT"),  # whether, not if
    ("واقترب المسلحون منها قبيل الهجوم على القرية فجرا.", "الهجوم", "ASSAULT"),  # منها is not من
    ("خرج آلاف المتظاهرين للاحتجاج على الغلاء في الساحة.", "للاحتجاج", "PROTEST"),
    ("توقفت المباراة دقائق إثر احتجاج اللاعبين على ركلة الجزاء.", "احتجاج", "ASSAULT"),  # other type
])
def test_vetoes_leave_reports_alone(text, trigger, etype):
    assert veto_note(text, trigger, etype) is None


def test_vetoes_file_parses_and_bad_lines_are_errors():
    vs = default_vetoes()
    assert len(vs) >= 8 and {v.etype for v in vs} == {"PROTEST", "ASSAULT"}
    v = load_vetoes("# comment\nPROTEST\t*\tمن نوع,-ما اذا\tbefore\t3\tnote\n")[0]
    assert v.triggers == frozenset() and v.context == (("من", "نوع"),) and v.unless == (("ما", "اذا"),)
    for bad, why in [("PROTEST\t*\tx\tinside\t3\tn", "where"), ("PROTEST\t*\tx\tafter\tzero\tn", "line 1"),
                     ("PROTEST\t*\t-x\tafter\t2\tn", "no context"), ("PROTEST\t*", "line 1")]:
        with pytest.raises(GateError, match=why):
            load_vetoes(bad)


def test_floor_mode_keeps_between_floor_and_threshold():
    gate = EventGate.from_dict({"format": FORMAT, "types": {"PROTEST": {"bias": 0, "threshold": 0.5, "floor": 0.2}},
                                "weights": {}})
    assert gate.keeps(0.3, "PROTEST", "floor") and not gate.keeps(0.3, "PROTEST", "drop")
    assert not gate.keeps(0.1, "PROTEST", "floor") and gate.keeps(0.1, "PROTEST", "score")
    assert not gate.keeps(0.0, "PROTEST", "floor")  # a veto, even with floor 0
    no_floor = dataclasses.replace(gate, floor=None)
    assert no_floor.keeps(0.01, "PROTEST", "floor")
    assert EventCoder({}).gate_mode == "auto"
    with pytest.raises(ValueError, match="auto"):
        gate.keeps(0.3, "PROTEST", "auto")
    with pytest.raises(ValueError, match="floor"):
        EventCoder({"event_gate_mode": "sometimes"})
    shipped = EventGate.load()
    for t in shipped.types:
        assert 0.0 < shipped.floor[t] < shipped.threshold[t]


def test_floor_above_threshold_is_a_clear_error(tmp_path):
    path = tmp_path / "gate.json"
    path.write_text(json.dumps({"format": FORMAT, "types": {"PROTEST": {"bias": 0, "threshold": 0.3, "floor": 0.6}},
                                "weights": {}}), encoding="utf-8")
    with pytest.raises(GateError, match="floor"):
        EventGate.load(path)


def test_default_pipeline_drops_a_vetoed_event_that_score_mode_keeps(pipes):
    score, default = pipes
    text = "وتشارك لبنان في خمسة عروض مسرحية ضمن تظاهرة المسرح اللبناني في المهرجان."
    a0 = score.analyze(text, published=PUBLISHED)
    a1 = default.analyze(text, published=PUBLISHED)
    before = [e for e in a0.events if e.plover == "PROTEST"]
    assert before and all(e.confidence == 0.0 for e in before)
    assert not [e for e in a1.events if e.plover == "PROTEST"]


def test_default_pipeline_keeps_a_plain_report(pipes):
    _, default = pipes
    for text, etype in [("تظاهر آلاف الطلاب أمس في القاهرة احتجاجا على ارتفاع الأسعار.", "PROTEST"),
                        ("قتل خمسة جنود في هجوم على حاجز للجيش في الموصل أمس.", "ASSAULT")]:
        a = default.analyze(text, published=PUBLISHED)
        assert [e for e in a.events if e.plover == etype], text


@pytest.mark.parametrize("text, trigger, note", [
    ("شن وزير الخارجية الألماني اليوم الجمعة هجوما حادا على الرئيس الأميركي.", "هجوما", "verbal"),
    ("خطف الممثل البريطاني غاري أولدمان جائزة أفضل ممثل في الحفل.", "خطف", "prize"),
    ("ونجح روما في خطف هدف الفوز في الدقيقة الأخيرة.", "خطف", "goal"),
    ("قتل 11 شخصا على الأقل بسبب زلزال ضرب هايتي مساء السبت.", "قتل", "disaster"),
    ("قتل ثلاثة أشخاص في حادث سير على الطريق السريع.", "قتل", "disaster"),
])
def test_assault_vetoes(text, trigger, note):
    found = veto_note(text, trigger, "ASSAULT")
    assert found is not None and note in found


@pytest.mark.parametrize("text, trigger", [
    ("خطف مسلحون ثلاثة مهندسين أتراك عند نقطة تفتيش في شمال العراق أمس.", "خطف"),
    ("وتشن قوات النظام منذ أسبوع هجوما عنيفا على الغوطة الشرقية.", "هجوما"),  # عنيفا: often real
    ("قتل خمسة جنود في هجوم انتحاري استهدف حاجزا للجيش أمس.", "قتل"),
])
def test_assault_reports_not_vetoed(text, trigger):
    assert veto_note(text, trigger, "ASSAULT") is None


def test_auto_mode_gates_a_short_text_at_the_threshold_and_an_article_at_the_floor():
    assert resolve_mode("auto", 1) == resolve_mode("auto", SHORT_TEXT_SENTENCES) == "drop"
    assert resolve_mode("auto", SHORT_TEXT_SENTENCES + 1) == "floor"
    assert resolve_mode("score", 1) == "score" and resolve_mode("floor", 1) == "floor"
    gate = EventGate.load()
    # a mention between the floor and the threshold: dropped alone, kept inside an article
    mention = "أدانت الحكومة البريطانية قصف القوات الروسية للمدنيين في حلب."
    p = EventGate.load().threshold["ASSAULT"]
    score = Pipeline(event_gate_mode="score").analyze(mention, published=PUBLISHED)
    conf = [e.confidence for e in score.events if e.plover == "ASSAULT"]
    assert conf and all(gate.floor["ASSAULT"] <= c < p for c in conf)
    alone = Pipeline().analyze(mention, published=PUBLISHED)
    assert not [e for e in alone.events if e.plover == "ASSAULT"]
    article = " ".join([
        "وصل وزير الخارجية البريطاني إلى أنقرة أمس في زيارة رسمية.",
        "والتقى الوزير نظيره التركي في مقر الوزارة.",
        "وبحث الجانبان العلاقات الثنائية بين البلدين.",
        mention,
    ])
    a = Pipeline().analyze(article, published=PUBLISHED)
    assert len(a.sentences) > SHORT_TEXT_SENTENCES
    assert [e for e in a.events if e.plover == "ASSAULT"]
