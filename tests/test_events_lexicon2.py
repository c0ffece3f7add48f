"""Event triggers and constructions added in session 7, on sentences written for the tests:
nominal and multiword events (charges, remand, release, human shields, uprisings, storming,
court sentences, sending troops, shooting down aircraft, suspending aid, brandishing
threats), the plural past verb before an object pronoun (قتلوهم), the subject of a control
verb as the agent of a verbal noun (قررت النيابة حبس …), and plots (خطط لاغتيال …)."""

from __future__ import annotations

import pytest

from event_helpers import analyse, tuples
from marsad.coding.lexicon import Lexicon, verb_forms

ACTORS7 = {
    "النيابة العامة": ("ORG", "EGY", "JUD"),
    "المحكمة": ("ORG", "EGY", "JUD"),
    "محكمة تركية": ("ORG", "TUR", "JUD"),
    "الصحفي": ("PER", "EGY", "MED"),
    "الصحفيين": ("PER", "EGY", "MED"),
    "القس الأمريكي": ("PER", "USA", "REL"),
    "تنظيم داعش": ("ORG", None, "REB"),
    "المدنيين": ("PER", "SYR", "CVL"),
    "السوريون": ("PER", "SYR", "CVL"),
    "نظام الأسد": ("ORG", "SYR", "GOV"),
    "الجيش اليمني": ("ORG", "YEM", "MIL"),
    "ميليشيات الحوثي": ("ORG", "YEM", "REB"),
    "المتظاهرون": ("PER", "IRQ", "CVL"),
    "القنصلية الإيرانية": ("ORG", "IRN", "GOV"),
    "القوات التركية": ("ORG", "TUR", "MIL"),
    "الدفاعات السورية": ("ORG", "SYR", "MIL"),
    "إسرائيل": ("LOC", "ISR", None),
    "الولايات المتحدة": ("LOC", "USA", None),
    "الفلسطينيين": ("PER", "PSE", "CVL"),
    "واشنطن": ("LOC", "USA", None),
    "إيران": ("LOC", "IRN", None),
    "فرنسا": ("LOC", "FRA", None),
    "الحكومة البريطانية": ("ORG", "GBR", "GOV"),
    "البرلمان": ("ORG", "GBR", "LEG"),
    "الشرطة": ("ORG", "EGY", "COP"),
    "الناشطين": ("PER", "EGY", "CVL"),
    "مسلحون": ("PER", None, "REB"),
    "الرئيس الأمريكي": ("PER", "USA", "GOV"),
}


def codes(text):
    a = analyse(text, ACTORS7)
    return a, {e.cameo for e in a.events}, tuples(a)


def test_plural_past_before_an_object_pronoun_is_generated():
    forms = verb_forms("قتل", "قتل")
    assert "قتلو" in forms  # قتلوهم → قتلو + هم
    lex = Lexicon.load()
    assert any(e.info.plover == "ASSAULT" for e in lex.forms["اختطفو"])


def test_plural_past_with_object_pronoun_reports_the_event():
    a, c, t = codes("وقال الجيش اليمني إن ميليشيات الحوثي اختطفوهم من منازلهم في صنعاء.")
    assert "181" in c
    a, c, t = codes("أفاد التقرير بأن مسلحي تنظيم داعش استخدموهم دروعا بشرية خلال المعركة.")
    assert "184" in c


def test_human_shields_noun_and_verb():
    a, c, t = codes("استخدم تنظيم داعش المدنيين دروعا بشرية في الموصل.")
    assert ("ASSAULT", None, "SYR") in t and "184" in c
    # using something else is not an event
    a, c, t = codes("استخدم الجيش اليمني طائرات مسيرة في العملية.")
    assert "184" not in c


def test_charges_brought():
    a, c, t = codes("وجهت النيابة العامة إلى الصحفي تهمة نشر أخبار كاذبة.")
    assert ("ACCUSE", "EGY", "EGY") in t
    a, c, t = codes("ونفى الصحفي التهم الموجهة إليه من النيابة العامة.")
    assert "112" in c
    # وجّه without a charge (a letter, a call) is not an accusation
    a, c, t = codes("وجهت الحكومة البريطانية رسالة إلى البرلمان بشأن الميزانية.")
    assert "112" not in c


def test_remand_and_release():
    a, c, t = codes("قررت النيابة العامة حبس الصحفيين 15 يوما على ذمة التحقيق.")
    assert ("COERCE", "EGY", "EGY") in t
    a, c, t = codes("أخلت محكمة تركية سبيل القس الأمريكي بعد عامين من احتجازه.")
    assert ("RETREAT", "TUR", "USA") in t
    # أخلى without سبيل is "evacuate", not a release
    a, c, t = codes("أخلت الشرطة المبنى بعد العثور على حقيبة مشبوهة.")
    assert "0841" not in c


def test_control_verb_subject_is_the_agent_of_the_verbal_noun():
    a, c, t = codes("تريد الحكومة البريطانية إقناع البرلمان بضرورة طرح الاتفاق على استفتاء.")
    assert ("REQUEST", "GBR", "GBR") in t
    ev = next(e for e in a.events if e.plover == "REQUEST")
    assert ev.source.text == "الحكومة البريطانية" and ev.target.text == "البرلمان"


def test_uprising_against_but_not_a_controversy():
    a, c, t = codes("ثار السوريون ضد نظام الأسد عام 2011.")
    assert "140" in c
    a, c, t = codes("ثار جدل واسع في الولايات المتحدة بعد القرار.")
    assert not a.events


def test_repelling_an_attack():
    a, c, t = codes("تصدت قوات الجيش اليمني لهجوم شنته ميليشيات الحوثي على مواقعها.")
    assert any(p == "ASSAULT" for p, _s, _t in t)


def test_storming_by_forces_and_by_protesters():
    a, c, t = codes("اقتحم المتظاهرون مبنى القنصلية الإيرانية في البصرة.")
    assert "145" in c and "190" not in c
    a, c, t = codes("اقتحمت القوات التركية مقر الحزب في أنقرة.")
    assert "190" in c
    # a footballer "storming" the line-up, fans on the pitch: no place is stormed
    a, c, t = codes("اقتحم اللاعب التشكيلة المثالية للدوري هذا الموسم.")
    assert not a.events


def test_court_sentences():
    a, c, t = codes("قضت المحكمة بسجن الصحفي ثلاث سنوات.")
    assert ("COERCE", "EGY", "EGY") in t
    a, c, t = codes("أصدرت المحكمة حكما بالسجن على الناشطين.")
    assert "173" in c
    # حكم as "rule" is not an event
    a, c, t = codes("حكم الرئيس الأمريكي البلاد ثماني سنوات.")
    assert "173" not in c


def test_sending_troops_or_aid_and_shooting_down():
    a, c, t = codes("أرسلت فرنسا تعزيزات عسكرية إلى مالي.")
    assert "154" in c
    a, c, t = codes("أرسلت فرنسا مساعدات إنسانية إلى الفلسطينيين.")
    assert "070" in c
    a, c, t = codes("أسقطت الدفاعات السورية طائرة مسيرة أطلقتها إسرائيل.")
    assert "190" in c
    a, c, t = codes("أرسلت فرنسا رسالة إلى إيران.")
    assert not a.events


def test_suspending_aid_and_brandishing_threats():
    a, c, t = codes("علقت الولايات المتحدة المساعدات المقدمة إلى الفلسطينيين.")
    assert ("SANCTION", "USA", "PSE") in t
    a, c, t = codes("لوحت واشنطن بفرض عقوبات جديدة على إيران.")
    assert ("THREATEN", "USA", "IRN") in t
    # علّق على: a comment, not a suspension
    a, c, t = codes("وعلق الرئيس الأمريكي على المحادثات مع إيران قائلا إنها مفيدة.")
    assert "164" not in c


@pytest.mark.parametrize("text", [
    "أدانت محكمة تركية سبعة مسلحين خططوا لاغتيال الرئيس الأمريكي.",
    "كشفت الشرطة عن مخطط لتفجير مبنى في القاهرة.",
])
def test_a_plot_is_not_the_act(text):
    a = analyse(text, ACTORS7)
    assert not any(e.plover == "ASSAULT" for e in a.events)


def test_the_act_itself_is_still_coded():
    a, c, t = codes("اغتال مسلحون الرئيس الأمريكي في بغداد.")
    assert "186" in c


def test_infiltration_attempt_curfew_and_concluded_agreement():
    a, c, t = codes("أحبط الجيش اليمني محاولة تسلل لعناصر ميليشيات الحوثي في الحديدة.")
    assert "190" in c
    a, c, t = codes("فرضت الشرطة حظر التجول في القاهرة.")
    assert "1723" in c
    a, c, t = codes("أبرمت فرنسا اتفاقا تجاريا مع إيران.")
    assert ("SUPPORT", "FRA", "IRN") in t
    # تسلل alone (offside, smuggled ideas) is not an attack
    a, c, t = codes("وألغى الحكم الهدف بداعي التسلل.")
    assert not a.events
