"""Verb-subject agreement in argument assignment, on sentences written for the tests: in VSO
order a singular verb agrees with its subject in gender (قال الوزير، قالت الحكومة، أعلنت
إيران), so a feminine country right after a masculine verb is its object, a masculine noun
right after a feminine verb too, and a pro-drop verb does not take a subject of the other
gender from the previous sentence. Unclear cases keep the earlier behaviour."""

from __future__ import annotations

from event_helpers import analyse, tuples
from marsad.coding.events import _Mention, _mention_gender, _verb_gender
from marsad.coding.lexicon import Lexicon
from marsad.model import Participant

ACTORS = {
    "الولايات المتحدة": ("LOC", "USA", None),
    "إيران": ("LOC", "IRN", None),
    "العراق": ("LOC", "IRQ", None),
    "لبنان": ("LOC", "LBN", None),
    "بومبيو": ("PER", "USA", "GOV"),
    "ترامب": ("PER", "USA", "GOV"),
    "وزير الخارجية الأمريكي": ("PER", "USA", "GOV"),
    "الحكومة العراقية": ("ORG", "IRQ", "GOV"),
    "حركة حماس": ("ORG", "PSE", "REB"),
    "الجيش اليمني": ("ORG", "YEM", "MIL"),
}


def run(text):
    a = analyse(text, ACTORS, components=("events",))
    return a, tuples(a)


def _entry(form):
    return next(e for e in Lexicon.load().forms[form] if e.kind == "V")


def test_verb_gender_reads_the_person_marking():
    assert _verb_gender("طالبت", _entry("طالبت")) == "f"
    assert _verb_gender("تطالب", _entry("تطالب")) == "f"
    assert _verb_gender("يطالب", _entry("يطالب")) == "m"
    assert _verb_gender("هاجم", _entry("هاجم")) == "m"
    assert _verb_gender("طالبوا", _entry("طالبوا")) is None  # plural
    assert _verb_gender("اتفقتا", _entry("اتفقتا")) is None  # dual
    # a past form in ت inside a quotation may be the first person (طالبتُ)
    assert _verb_gender("طالبت", _entry("طالبت"), quoted=True) is None


def test_a_bare_past_that_is_also_a_verbal_noun_counts_only_as_a_verb():
    e = _entry("رفض")
    assert _verb_gender("رفض", e, "رفض", "مع") is None  # "مع رفض طوكيو": the refusal of Tokyo
    assert _verb_gender("رفض", e, "ورفض", "") == "m"
    assert _verb_gender("رفض", e, "رفض", "قد") == "m"


def _m(text, **kw):
    return _Mention(0, 1, Participant(text=text, start=0, end=len(text)), **kw)


def test_mention_gender_is_given_only_when_clear():
    assert _mention_gender(_m("إيران", is_loc=True)) == "f"
    assert _mention_gender(_m("الولايات المتحدة", is_loc=True)) == "f"
    assert _mention_gender(_m("العراق", is_loc=True)) is None  # masculine: left unknown
    assert _mention_gender(_m("لبنان", is_loc=True)) is None
    assert _mention_gender(_m("الحكومة العراقية")) == "f"
    assert _mention_gender(_m("وزارة الخارجية")) == "f"
    assert _mention_gender(_m("الجيش اليمني")) == "m"
    assert _mention_gender(_m("وزير الخارجية الأمريكي", person=True)) == "m"
    assert _mention_gender(_m("أسامة", person=True)) is None  # a man's name in ة
    assert _mention_gender(_m("بومبيو", person=True)) is None
    assert _mention_gender(_m("بومبيو", person=True), "الوزير") == "m"


def test_feminine_country_after_a_masculine_title_is_the_object():
    _, t = run("التقى بومبيو مسؤولين في بغداد. وطالب الوزير إيران بالإفراج عن المعتقلين.")
    assert ("REQUEST", "USA", "IRN") in t
    assert not any(s == "IRN" for p, s, _ in t if p == "REQUEST")


def test_feminine_country_right_after_a_masculine_verb_is_the_object():
    _, t = run("ألقى ترامب خطابا في البيت الأبيض. وانتقد إيران بشدة.")
    assert ("ACCUSE", "USA", "IRN") in t
    assert not any(s == "IRN" for p, s, _ in t if p == "ACCUSE")


def test_masculine_noun_right_after_a_feminine_verb_is_the_object():
    _, t = run("أصدرت حركة حماس بيانا مساء الأحد. وانتقدت الجيش اليمني بشدة.")
    assert ("ACCUSE", "PSE", "YEM") in t
    assert not any(s == "YEM" for p, s, _ in t if p == "ACCUSE")


def test_agreeing_subjects_are_kept():
    _, t = run("وطالبت إيران الولايات المتحدة بسحب قواتها من المنطقة.")
    assert ("REQUEST", "IRN", "USA") in t
    # a title in construct with a feminine body ("رئيس الحكومة") is not a subject of its own
    _, t = run("وطالب رئيس الحكومة العراقية الولايات المتحدة بسحب قواتها.")
    assert ("REQUEST", "IRQ", "USA") in t


def test_a_pro_drop_verb_does_not_take_a_topic_of_the_other_gender():
    _, t = run("وصل وزير الخارجية الأمريكي إلى بغداد مساء الأحد. وانتقدت الجيش اليمني بشدة.")
    assert not any(p == "ACCUSE" and s in ("USA", "YEM") for p, s, _ in t)
    # a masculine verb keeps the topic
    _, t = run("وصل وزير الخارجية الأمريكي إلى بغداد مساء الأحد. وانتقد إيران بشدة.")
    assert ("ACCUSE", "USA", "IRN") in t


def _quotes(text):
    return analyse(text, ACTORS, components=("quotes",)).quotes


def test_speech_verb_without_subject_continues_a_speaker_of_its_gender():
    text = ("قال وزير الخارجية الأمريكي إن العقوبات ستستمر حتى نهاية العام. "
            "وقالت الحكومة العراقية إن الاتفاق لا يزال قائما رغم الخلافات. "
            "وأضاف أن بلاده لن تتراجع عن موقفها مهما حدث.")
    qs = _quotes(text)
    assert len(qs) == 3
    # وأضاف (masculine) continues the minister, not the government that spoke last
    assert qs[2].speaker == "وزير الخارجية الأمريكي"
    text = ("قالت الحكومة العراقية إن الاتفاق لا يزال قائما رغم الخلافات. "
            "وأضافت أن المفاوضات ستستأنف الأسبوع المقبل في بغداد.")
    qs = _quotes(text)
    assert qs[1].speaker == "الحكومة العراقية"  # agreeing: carried over as before


def test_a_place_is_not_carried_to_a_masculine_speech_verb():
    qs = _quotes("وقالت إيران إن الاتفاق النووي لا يزال قائما رغم الانسحاب. "
                 "وأضاف أن أوروبا يجب أن تتحرك بسرعة لإنقاذه.")
    assert qs[0].speaker == "إيران"
    assert qs[1].speaker is None


def test_agreement_file_is_read_and_checked():
    from marsad.coding.agreement import MASC_HEADS, MASC_PLACES, parse_agreement

    assert "الوزير" in MASC_HEADS and "الامير" in MASC_HEADS  # normalised (الأمير)
    assert "لبنان" in MASC_PLACES
    heads, places = parse_agreement("# comment\nmasc_head\tالقائد\nmasc_place\tلبنان\n")
    assert heads == {"القائد"} and places == {"لبنان"}
    import pytest

    with pytest.raises(ValueError, match="line 1"):
        parse_agreement("fem_head\tالوزيرة\n")
