"""The event gate's per-type models and its "window" features (the words around the
trigger), on sentences written for the test."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

from marsad.coding.event_gate import ALL_GROUPS, FORMAT, WINDOW, EventGate, GateError, features, group_of
from marsad.pipeline import Pipeline
from marsad.text.segment import tokenize

PUBLISHED = "2024-03-10"


def _trig(toks, word):
    return next(i for i, t in enumerate(toks) if t.text == word)


def test_window_features_are_the_stems_near_the_trigger():
    text = ("وقال المتحدث باسم الشرطة في مؤتمر صحافي عقده في العاصمة بعد ظهر اليوم إن مسلحين "
            "هاجموا بالقنابل حاجزا للجيش على الطريق الدولي")
    toks = list(tokenize(text))
    k = _trig(toks, "هاجموا")
    f = features(toks, k, "ASSAULT", kind="V")
    win = {x for x in f if x.startswith("win:")}
    assert "win:مسلحين" in win and "win:قنابل" in win  # clitics removed: بالقنابل → قنابل
    assert "win:هاجموا" not in win  # the trigger itself is not a window word
    assert "win:متحدث" not in win  # far before the trigger (but a sentence word)
    assert "s:متحدث" in f
    assert all(abs(i - k) <= WINDOW for i, t in enumerate(toks) if "win:" + t.norm in win)
    assert {group_of(x) for x in win} == {"window"}
    assert "window" in ALL_GROUPS


def test_each_type_scores_with_its_own_feature_groups():
    gate = EventGate.from_dict({
        "format": FORMAT, "shared": False, "groups": ["cues", "window"],
        "types": {"PROTEST": {"bias": 0.0, "threshold": 0.5, "groups": ["cues"]},
                  "ASSAULT": {"bias": 0.0, "threshold": 0.5, "groups": ["cues", "window"]}},
        "weights": {"PROTEST|win:شرطه": 2.0, "ASSAULT|win:شرطه": 2.0, "PROTEST|cue:ref": -1.0}})
    assert gate.type_groups == {"PROTEST": frozenset({"cues"}), "ASSAULT": frozenset({"cues", "window"})}
    feats = {"win:شرطه", "cue:ref"}
    # PROTEST's model has no window features: its window weight is not used
    assert gate.score_features(feats, "PROTEST") == pytest.approx(1 / (1 + math.exp(1.0)))
    assert gate.score_features(feats, "ASSAULT") == pytest.approx(1 / (1 + math.exp(-2.0)))


def test_a_file_without_per_type_groups_uses_the_common_ones():
    gate = EventGate.from_dict({"format": FORMAT, "shared": False, "groups": ["window"],
                                "types": {"ASSAULT": {"bias": 0.0, "threshold": 0.5}},
                                "weights": {"ASSAULT|win:شرطه": 1.0}})
    assert gate.type_groups is None
    assert gate.score_features({"win:شرطه"}, "ASSAULT") == pytest.approx(1 / (1 + math.exp(-1.0)))


@pytest.mark.parametrize("groups", [["cues", "grammar"], "cues"])
def test_unknown_per_type_groups_are_a_clear_error(tmp_path, groups):
    path = tmp_path / "gate.json"
    path.write_text(json.dumps({"format": FORMAT, "weights": {},
                                "types": {"ASSAULT": {"bias": 0.0, "threshold": 0.5, "groups": groups}}}),
                    encoding="utf-8")
    with pytest.raises(GateError, match="gate.json"):
        EventGate.load(path)


def test_shipped_gate_has_a_model_per_type():
    gate = EventGate.load()
    assert gate.type_groups is not None and set(gate.type_groups) == {"PROTEST", "ASSAULT"}
    for t, groups in gate.type_groups.items():
        assert groups <= ALL_GROUPS and groups, t
    assert not gate.shared  # separate models: no weight is shared between the types
    assert all("|" in name for name in gate.weights)


@pytest.fixture(scope="module")
def drop():
    return Pipeline(event_gate_mode="drop")


@pytest.mark.parametrize("text", [
    "انفجرت سيارة مفخخة صباح اليوم قرب مركز للشرطة في كركوك مما أدى إلى مقتل أربعة أشخاص.",
    "قتل مسلحون مجهولون ثلاثة من عناصر الأمن في هجوم على نقطة تفتيش شمال بغداد أمس.",
    "أطلق جنود الاحتلال النار على المتظاهرين في نابلس فأصابوا سبعة منهم بجروح.",
])
def test_reported_attacks_pass_the_gate(drop, text):
    ev = [e for e in drop.analyze(text, published=PUBLISHED).events if e.plover == "ASSAULT" and not e.negated]
    assert ev, text


@pytest.mark.parametrize("text", [
    "يذكر أن الجماعة نفذت عشرات الهجمات ضد قوات الأمن خلال السنوات الماضية.",  # background
    "وكانت الميليشيات قد هاجمت المدينة مرات عدة منذ عام 2015.",  # background
])
def test_mentions_of_attacks_are_dropped(drop, text):
    score = Pipeline(event_gate_mode="score")
    assert [e for e in score.analyze(text, published=PUBLISHED).events if e.plover == "ASSAULT"], text
    assert not [e for e in drop.analyze(text, published=PUBLISHED).events
                if e.plover == "ASSAULT" and not e.negated and not e.future], text


def test_training_script_parses_per_type_configs(monkeypatch, capsys):
    scripts = Path(__file__).resolve().parents[1] / "scripts"
    monkeypatch.syspath_prepend(str(scripts))
    import train_event_gate as tg

    monkeypatch.setattr(sys, "argv", ["train_event_gate.py", "--config", "ASSAULT:nothing,0.3"])
    with pytest.raises(SystemExit):
        tg.main()
    assert "--config" in capsys.readouterr().err
    assert {"local", "local+stems+window", "all"} <= set(tg.GROUP_SETS)
    assert all(g <= ALL_GROUPS for g in tg.GROUP_SETS.values())
