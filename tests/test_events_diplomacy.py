"""Diplomatic and military constructions (sentences written for the tests):

- "تلقى X اتصالا من Y": Y calls, X receives (source Y, target X);
- an indefinite accusative noun ("أجرى X اتصالا هاتفيا بالرئيس") has no genitive: the name
  after it is not its agent; the subject of the light verb is, even after a title and a name;
  the accusative adjective (هاتفيا) satisfies the noun's required word;
- تباحث reports talks;
- signing an agreement (CAMEO 057) by "مصر والسودان" is one event between the two;
- armed forces "التابعة لـ X" are X's: X is the actor, not a target;
- an armed group introduced by ل right after an attack noun (هجوم لتنظيم داعش) attacks."""

from __future__ import annotations

from functools import lru_cache

from marsad.pipeline import Pipeline


@lru_cache(maxsize=1)
def _pipe():
    return Pipeline(event_gate_mode="floor", event_attach=False)


def code(text):
    an = _pipe().analyze(text, published="2018-05-01")
    return [(e.plover, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in an.events]


def test_received_call_comes_from_the_caller():
    ev = code("تلقى العاهل السعودي الملك سلمان اتصالا هاتفيا من الرئيس الأمريكي دونالد ترامب.")
    assert ev == [("CONSULT", "USA", "SAU")]


def test_placed_call_the_caller_is_the_subject_of_the_light_verb():
    ev = code("أجرى العاهل السعودي الملك سلمان اتصالا هاتفيا بالرئيس التركي رجب طيب أردوغان.")
    assert ev and ev[0][:2] == ("CONSULT", "SAU")


def test_phone_call_with_accusative_adjective():
    ev = code("أجرى الرئيس الفرنسي إيمانويل ماكرون اتصالا هاتفيا مع العاهل الأردني الملك عبد الله الثاني.")
    assert ("CONSULT", "FRA", "JOR") in ev


def test_tabahatha_is_talks():
    ev = code("تباحث وزير الخارجية القطري مع نظيره الكويتي في الدوحة.")
    assert [p for p, _s, _t in ev] == ["CONSULT"]
    assert ev[0][1] == "QAT"


def test_signing_by_two_countries_is_one_event_between_them():
    ev = code("وقعت مصر والسودان اتفاقية للتعاون العسكري.")
    assert ev == [("SUPPORT", "EGY", "SDN")]


def test_signing_with_is_unchanged():
    assert code("وقعت مصر اتفاقية مع السودان.") == [("SUPPORT", "EGY", "SDN")]


def test_aircraft_belonging_to_the_coalition_attack():
    an = _pipe().analyze("وشنت الطائرات الحربية التابعة للتحالف العربي غارات على مواقع الحوثيين في صعدة.",
                         published="2018-05-01")
    ev = [e for e in an.events if e.plover == "ASSAULT"]
    assert ev and ev[0].source.code == "ARABCOALITION"
    assert ev[0].target is not None and "الحوثي" in ev[0].target.text


def test_forces_belonging_to_a_government_are_that_government():
    ev = code("اقتحمت القوات التابعة للحكومة الليبية مقر الميليشيات في طرابلس.")
    assert ev and ev[0][:2] == ("ASSAULT", "LBY")


def test_pro_iranian_militias_are_not_iran():
    ev = code("وهاجمت الميليشيات الموالية لإيران مواقع الجيش السوري الحر.")
    assert not any(s == "IRN" for _p, s, _t in ev)


def test_nationality_adjective_after_indefinite_attack_noun():
    ev = code("وأحبطت القوات البحرية هجوما حوثيا على ناقلة نفط سعودية.")
    assert any(p == "ASSAULT" and s == "YEM" for p, s, _t in ev)


def test_armed_group_after_attack_noun_with_lam_is_the_attacker():
    an = _pipe().analyze("لقي عشرة جنود سوريين مصرعهم في هجوم لتنظيم داعش في دير الزور.", published="2018-05-01")
    ev = [e for e in an.events if e.plover == "ASSAULT"]
    assert ev and ev[0].source is not None and "داعش" in ev[0].source.text


def test_solidarity_is_support():
    assert code("وأكدت مصر تضامنها مع السعودية ضد التدخلات الإيرانية.")[:1] == [("SUPPORT", "EGY", "SAU")]


def test_standing_by_is_support():
    assert ("SUPPORT", "ARE", "SAU") in code("وأكد ولي العهد وقوف الإمارات إلى جانب السعودية.")
    assert ("SUPPORT", "KWT", "BHR") in code("وقال الوزير إن الكويت تقف إلى جانب البحرين.")


def test_ceasefire_is_not_standing_by():
    assert not any(p == "SUPPORT" for p, _s, _t in code("ودعت الأمم المتحدة إلى وقف إطلاق النار في اليمن."))


def test_speaking_with_is_consult_but_speaking_about_is_not():
    assert ("CONSULT", "USA", "SAU") in code("وقال إن ترامب تحدث مع الملك سلمان بشأن الأزمة.")
    ev = code("وتحدث الرئيس الروسي فلاديمير بوتين هاتفيا مع نظيره الأرميني.")
    assert ev and ev[0][:2] == ("CONSULT", "RUS")
    an = _pipe().analyze("وتحدث الوزير السعودي عن مفاوضات مع الحوثيين.", published="2018-05-01")
    assert not any(e.trigger.text == "وتحدث" for e in an.events)


def test_wish_or_readiness_to_meet_is_intent_to_meet():
    for text in ("قال الرئيس الأمريكي دونالد ترامب إنه مستعد للقاء الرئيس الإيراني حسن روحاني.",
                 "وأبدى الرئيس الكوري الجنوبي رغبته في لقاء الزعيم الكوري الشمالي كيم جونغ أون."):
        an = _pipe().analyze(text, published="2018-05-01")
        ev = [e for e in an.events if e.trigger.text.endswith("لقاء")]
        assert ev and all(e.plover == "AGREE" and e.cameo == "036" and e.future for e in ev), text


def test_meeting_that_took_place_stays_consult():
    an = _pipe().analyze("والتقى الرئيس الأمريكي دونالد ترامب الرئيس الإيراني حسن روحاني في نيويورك.",
                         published="2018-05-01")
    assert [e.plover for e in an.events] == ["CONSULT"]


def test_passive_written_with_damma_has_no_subject_as_source():
    an = Pipeline(event_gate_mode="floor").analyze(
        "وفي وقت سابق هذا الشهر، أُطلقت ثلاث قذائف هاون تجاه المنطقة الخضراء، مقر السفارة الأمريكية، في بغداد.",
        published="2018-05-01")
    ev = [e for e in an.events if e.plover == "ASSAULT"]
    assert ev and ev[0].source is None


def test_passive_killing_in_an_attack_by_a_group():
    an = _pipe().analyze("وقُتل جنديان إسرائيليان في هجوم لحركة حماس.", published="2018-05-01")
    ev = [e for e in an.events if e.plover == "ASSAULT"]
    assert ev and "حماس" in ev[0].source.text and ev[0].target.country == "ISR"


def test_victim_of_passive_killing_is_the_target():
    an = _pipe().analyze("وقُتل الرئيس المصري أنور السادات خلال عرض عسكري في القاهرة عام 1981.",
                         published="2018-05-01")
    ev = [e for e in an.events if e.plover == "ASSAULT"]
    assert ev and ev[0].source is None and ev[0].target is not None and ev[0].target.text == "أنور السادات"


def test_attending_a_multilateral_meeting_is_not_a_consultation():
    an = _pipe().analyze("وقال وزير الخارجية الأمريكي مايك بومبيو خلال وجوده في نيويورك لحضور اجتماعات الجمعية العامة "
                         "للأمم المتحدة إن إيران تهدد المنطقة.", published="2018-05-01")
    assert not any(e.plover == "CONSULT" for e in an.events)


def test_attending_ones_own_summit_stays_a_meeting():
    an = _pipe().analyze("وتوجه الرئيس الأمريكي دونالد ترامب إلى سنغافورة لحضور قمته مع الزعيم الكوري الشمالي كيم جونغ أون.",
                         published="2018-05-01")
    assert any(e.plover in ("CONSULT", "AGREE") for e in an.events)
