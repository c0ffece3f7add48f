"""Event coding: each construction on sentences written for the test, with hand-made
entities (so that the tests do not depend on the entity component)."""

from __future__ import annotations

import json

import pytest

from event_helpers import analyse, tuples
from marsad.coding.lexicon import Lexicon, verb_forms
from marsad.model import Article

ACTORS = {
    "القوات الإسرائيلية": ("ORG", "ISR", "MIL"),
    "حركة حماس": ("ORG", "PSE", "REB"),
    "ميليشيات الحوثي": ("ORG", "YEM", "REB"),
    "الجيش اليمني": ("ORG", "YEM", "MIL"),
    "الحكومة العراقية": ("ORG", "IRQ", "GOV"),
    "الولايات المتحدة": ("LOC", "USA", None),
    "فرنسا": ("LOC", "FRA", None),
    "ألمانيا": ("LOC", "DEU", None),
    "أستراليا": ("LOC", "AUS", None),
    "لجنة الدفاع بالبرلمان العراقي": ("ORG", "IRQ", "LEG"),
    "إيران": ("LOC", "IRN", None),
    "روسيا": ("LOC", "RUS", None),
    "تركيا": ("LOC", "TUR", None),
    "قوات التحالف": ("ORG", None, "MIL"),
    "مستشفى دار الشفاء": ("ORG", "SYR", "HLH"),
    "الشرطة": ("ORG", "EGY", "COP"),
    "المتظاهرين": ("ORG", "EGY", "CVL"),
}


def one(text, **kw):
    a = analyse(text, ACTORS, components=("events",), **kw)
    return a, tuples(a)


def test_lexicon_generates_inflections():
    forms = verb_forms("هاجم", "هاجم")
    for f in ("هاجم", "هاجمت", "هاجموا", "يهاجم", "تهاجم", "يهاجمون", "نهاجم"):
        assert f in forms
    lex = Lexicon.load()
    assert any(e.info.plover == "ASSAULT" for e in lex.forms["غاره"])
    assert lex.demonyms["امريكيه"] == "USA"
    assert lex.cameo["0841"].plover == "RETREAT"
    assert lex.cameo["195"].quad == 4 and lex.cameo["195"].goldstein == -10.0


def test_vso_and_svo():
    _, t = one("هاجمت القوات الإسرائيلية مواقع حركة حماس في غزة")
    assert t == [("ASSAULT", "ISR", "PSE")]
    _, t = one("وقال مسؤول إن القوات الإسرائيلية هاجمت حركة حماس")
    assert t == [("ASSAULT", "ISR", "PSE")]


def test_reported_speech_sources_are_the_reported_actors():
    a, t = one("وأمس الإثنين، قالت لجنة الدفاع بالبرلمان العراقي إن فرنسا وألمانيا وأستراليا "
               "تقدمت بطلب للحكومة العراقية لوضع جدول زمني")
    assert t == [("REQUEST", "AUS", "IRQ"), ("REQUEST", "DEU", "IRQ"), ("REQUEST", "FRA", "IRQ")]
    assert all(e.source.sector != "LEG" for e in a.events)


def test_compound_actors_one_event_per_pair():
    _, t = one("وقعت فرنسا وألمانيا اتفاقا مع إيران وروسيا")
    assert t == [("SUPPORT", c1, c2) for c1 in ("DEU", "FRA") for c2 in ("IRN", "RUS")] or \
        sorted(t) == sorted(("SUPPORT", s, d) for s in ("FRA", "DEU") for d in ("IRN", "RUS"))


def test_nationality_adjectives_as_actors():
    _, t = one("وجاء ذلك على خلفية قصف إيراني لمواقع قوات التحالف")
    assert t == [("ASSAULT", "IRN", None)]
    a, _ = one("وجاء ذلك على خلفية قصف إيراني لمواقع قوات التحالف")
    ev = a.events[0]
    assert ev.source.text == "إيراني" and ev.target.text == "قوات التحالف"
    a, _ = one("قتل عشرة مدنيين في غارة أمريكية على مواقع حركة حماس")
    assert [e.source.country for e in a.events] == ["USA"]


def test_killing_noun_takes_source_of_the_strike():
    a, t = one("ردا على مقتل قائد حركة حماس في غارة أمريكية")
    assert t == [("ASSAULT", "USA", "PSE")]


def test_passive_exposed_to():
    a, t = one("تعرض مستشفى دار الشفاء للقصف من قبل القوات الإسرائيلية")
    assert t == [("ASSAULT", "ISR", "SYR")]


def test_relative_clause():
    _, t = one("الجيش اليمني الذي هاجمته ميليشيات الحوثي")
    assert t == [("ASSAULT", "YEM", "YEM")]
    a, _ = one("وقالت الحكومة إن ميليشيات الحوثي التي هاجمت الجيش اليمني تراجعت")
    ev = [e for e in a.events if e.plover == "ASSAULT"][0]
    assert ev.source.text == "ميليشيات الحوثي" and ev.target.text == "الجيش اليمني"


@pytest.mark.parametrize("text,target", [
    ("شنت ميليشيات الحوثي هجوما على الجيش اليمني", "الجيش اليمني"),
    ("نددت تركيا بالعقوبات ضد إيران", None),
    ("اتفقت تركيا مع روسيا على وقف القتال", "روسيا"),
    ("دعت فرنسا إلى الحوار ودعت روسيا إلى ضبط النفس", None),
    ("قدمت الولايات المتحدة مساعدات للحكومة العراقية", "الحكومة العراقية"),
    ("انسحبت تركيا من الاتفاق مع إيران", "إيران"),
])
def test_targets_introduced_by_prepositions(text, target):
    a, _ = one(text)
    assert a.events, text
    if target:
        assert any(e.target and e.target.text.endswith(target.split()[-1]) for e in a.events), a.events


def test_negation_and_future_flags():
    a, _ = one("لم تهاجم القوات الإسرائيلية حركة حماس")
    assert a.events and all(e.negated for e in a.events)
    a, _ = one("نفت تركيا أنها قصفت مواقع الجيش اليمني")
    assert a.events and all(e.negated for e in a.events)
    a, _ = one("ستهاجم القوات الإسرائيلية حركة حماس")
    assert a.events and all(e.future and not e.negated for e in a.events)
    a, _ = one("من المقرر أن يلتقي وزير خارجية تركيا نظيره في روسيا الأسبوع المقبل")
    a, t = one("تعتزم تركيا الاجتماع مع روسيا")
    assert a.events and a.events[0].future and a.events[0].plover == "AGREE" and a.events[0].cameo == "036"
    a, _ = one("لن تقبل تركيا بالعقوبات")
    # refusing is an event of its own (REJECT), not a negated acceptance
    assert [(e.plover, e.negated) for e in a.events] == [("REJECT", False)]


def test_questions_and_hypotheticals_are_not_events():
    assert one("هل هاجمت القوات الإسرائيلية حركة حماس؟")[1] == []
    assert one("إذا هاجمت القوات الإسرائيلية حركة حماس فإن الحرب ستندلع")[1] == []


def test_no_default_code_and_no_actorless_events():
    assert one("وتضم البعثة نحو 500 عنصر وتشكلت عام 2018")[1] == []
    assert one("وعقد اجتماع في المدينة")[1] == []  # no actor: no event
    # attacks and protests are reported without naming who did them: unnamed actors
    a, _ = one("وقع هجوم في المدينة")
    assert [(e.plover, e.source, e.target) for e in a.events] == [("ASSAULT", None, None)]


def test_events_only_in_body_and_fields():
    art = Article(title="القوات الإسرائيلية تهاجم حركة حماس", text="وصل الوفد إلى المدينة.")
    a = analyse(art, ACTORS, components=("events",))
    assert a.events == ()
    a, _ = one("وأمس هاجمت القوات الإسرائيلية حركة حماس")
    ev = a.events[0]
    assert ev.cameo == "190" and ev.plover == "ASSAULT" and ev.quad == 4 and ev.goldstein is not None
    assert a.text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    assert a.text[ev.source.start:ev.source.end] == ev.source.text
    assert ev.date == "2020-02-11" and ev.date_from == "published"
    assert ev.sentence == 0 and 0 < ev.confidence <= 1


def test_plain_statements_are_not_events():
    assert one("قال الجيش اليمني إن الوضع هادئ")[1] == []


def test_dates_of_background_events(monkeypatch):
    from marsad.pipeline import available_components

    if "dates" not in available_components():
        pytest.skip("dates component not installed")
    a = analyse("وفي سبتمبر/أيلول 2014، هاجمت القوات الإسرائيلية حركة حماس", ACTORS,
                components=("dates", "events"))
    assert a.events[0].date == "2014-09" and a.events[0].date_from == "text"


def test_reference_article_with_marked_actors(shared_data, seed_text):
    """Regression on the reference article, actors marked by hand (no entity component)."""
    from marsad.evaluate import Scores, score_article

    spec = json.loads((__import__("pathlib").Path(__file__).parent / "data" / "seed_actors.json").read_text())
    art = json.loads((shared_data / "gold" / "seed_article.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = json.loads((shared_data / "gold" / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    a = analyse(Article(text=art["text"], id=art["id"], published=art["published"]),
                {k: tuple(v) for k, v in spec.items()}, components=("quotes", "events"))
    scores = Scores()
    r = score_article(a, gold, scores)
    assert r["events"]["f1"] >= 0.75, r["events"]
    assert r["quotes"]["f1"] >= 0.8, r["quotes"]


def test_pronoun_complementizer_takes_the_main_subject():
    a, t = one("وأعلنت تركيا أنها اعتقلت عناصر من حركة حماس")
    assert ("COERCE", "TUR", "PSE") in t


def test_reciprocal_events_between_compound_subjects():
    _, t = one("توصلت تركيا والولايات المتحدة إلى اتفاق")
    assert t == [("AGREE", "TUR", "USA")]
    _, t = one("سيلتقي قادة روسيا وتركيا وإيران")
    assert sorted(t) == [("AGREE", "RUS", "IRN"), ("AGREE", "RUS", "TUR"), ("AGREE", "TUR", "IRN")]


def test_passive_with_agent():
    _, t = one("وقتل 120 فلسطينيا على أيدي القوات الإسرائيلية")
    assert t == [("ASSAULT", "ISR", "PSE")]


def test_clashes_between_two_sides_go_both_ways():
    _, t = one("وأفاد مراسل بوقوع اشتباكات عنيفة بين ميليشيات الحوثي والقوات الإسرائيلية")
    assert t == [("ASSAULT", "ISR", "YEM"), ("ASSAULT", "YEM", "ISR")]


def test_blaming_reported_speech_is_an_accusation_by_the_speaker():
    spec = dict(ACTORS, **{"وزير الخارجية اليمني": ("PER", "YEM", "GOV")})
    a = analyse("وقال وزير الخارجية اليمني إن ميليشيات الحوثي تعرقل المشاورات", spec)
    assert [(e.plover, e.source.sector, e.target.text) for e in a.events] == [
        ("ACCUSE", "GOV", "ميليشيات الحوثي")]
    # a neutral report of the same speaker is not an accusation
    a = analyse("وقال وزير الخارجية اليمني إن ميليشيات الحوثي وصلت إلى جنيف", spec)
    assert a.events == ()


def test_bare_national_body_takes_the_country_of_the_place():
    from marsad.model import Place

    class _Places:
        name = "places"

        def __call__(self, doc, analysis):
            import dataclasses as dc
            k = analysis.text.find("بغداد")
            return dc.replace(analysis, places=(Place("بغداد", k, k + 5, "Baghdad", "IRQ", 33.3, 44.4,
                                                      precision="city", feature_type="PPLC"),))

    from event_helpers import _components, _FixedEntities
    from marsad.pipeline import Pipeline

    p = Pipeline(components=[])
    p.components = (_FixedEntities({}), _Places()) + _components(("events",))
    a = p.analyze("واعتقلت الشرطة عشرات المتظاهرين في بغداد", published="2020-02-11")
    ev = a.events[0]
    assert (ev.plover, ev.source.country, ev.source.sector) == ("COERCE", "IRQ", "COP")
    assert ev.location.name_en == "Baghdad"


# --- constructions added for issue 5 (second pass) ---------------------------------------
ACTORS2 = dict(ACTORS, **{
    "بيلاروسيا": ("LOC", "BLR", None),
    "ترامب": ("PER", "USA", "GOV"),
    "النيابة العامة": ("ORG", "EGY", "JUD"),
    "الملك سلمان": ("PER", "SAU", "GOV"),
    "الأمير محمد": ("PER", "SAU", "GOV"),
    "بوتين": ("PER", "RUS", "GOV"),
    "منظمة العفو الدولية": ("ORG", None, "NGO"),
    "منظمة اليونسكو": ("ORG", None, "IGO"),
})


def two(text, **kw):
    a = analyse(text, ACTORS2, components=("events",), **kw)
    return a, tuples(a)


def test_event_noun_genitive_after_a_preposition_is_its_agent():
    # the preposition before the noun does not govern the noun's genitive
    a, t = two("وتحدث الوزير عن انسحاب ترامب من الاتفاق مع إيران")
    assert ("SANCTION", "USA", "IRN") in t


def test_subject_pronoun_on_the_complementizer():
    _, t = two("وأعلنت بيلاروسيا أنها أوقفت أربعة مغربيين")
    assert t == [("COERCE", "BLR", "MAR")]


def test_domestic_coercion_implies_a_target_of_the_same_country():
    a, t = two("وأحالت النيابة العامة راهبين إلى المحاكمة")
    assert t == [("COERCE", "EGY", "EGY")]
    assert a.events[0].target.text is None


def test_noun_after_verb_of_expression_takes_its_subject():
    _, t = two("وأعرب الملك سلمان، خادم الحرمين، والأمير محمد عن ترحيبهما بزيارة الرئيس بوتين إلى الرياض")
    assert ("SUPPORT", "SAU", "RUS") in t
    assert t.count(("SUPPORT", "SAU", "RUS")) == 2


def test_rejecting_accusations_targets_the_accuser():
    a, t = two("واتهمت منظمة العفو الدولية الولايات المتحدة بقتل مدنيين، وهي اتهامات رفضها الجيش اليمني")
    assert ("ACCUSE", "NGO", "USA") in [(e.plover, e.source.sector if e.source.country is None else e.source.country,
                                        e.target and e.target.country) for e in a.events]
    assert sum(e.plover == "ACCUSE" for e in a.events) == 1  # the noun اتهامات names the same event
    rej = [e for e in a.events if e.plover == "REJECT"]
    assert rej and rej[0].source.country == "YEM" and rej[0].target.text == "منظمة العفو الدولية"


def test_coordinated_verbs_share_the_subject():
    a = analyse("وانسحب ترامب من الاتفاق مع إيران، وانسحب من منظمة اليونسكو", ACTORS2, components=("events",))
    assert [(e.plover, e.source and e.source.country, e.target and (e.target.country or e.target.sector))
            for e in a.events] == [("SANCTION", "USA", "IRN"), ("SANCTION", "USA", "IGO")]


def test_modal_qad_with_imperfect_is_future():
    a, _ = two("وقال الوزير إن الخطة قد توضع خلال محادثات مع روسيا")
    ev = [e for e in a.events if e.trigger.text == "محادثات"]
    assert ev and ev[0].future and ev[0].plover == "AGREE"


def test_topic_of_talks_is_not_an_actor():
    _, t = two("وأرجأت الولايات المتحدة التصويت على مشروع قرار للتحضير لمحادثات بشأن إيران")
    assert not any(x[1] == "IRN" for x in t)


def test_pronoun_on_a_patient_noun_is_the_patient():
    # "ترحيلهم إلى روسيا": Russia is the destination, not who is deported
    _, t = two("وقد تفرض عليهم غرامات قبل ترحيلهم إلى روسيا")
    assert ("COERCE", None, "RUS") not in t


@pytest.mark.parametrize("text", [
    "ووجه القاضي إلى الرجل تهم قتل عشرة مدنيين",                  # a charge
    "وتخشى الأجهزة الأمنية أن تؤدي العملية إلى قتل الجنود",          # a fear
    "وقال إن أي ضربة جوية ضد إيران ستكون خطأ",                      # any strike
    "وشنت الحكومة العراقية حملة دبلوماسية ضد إيران",                 # figurative
    "في الذكرى الثانية لاغتيال النائب بتفجير استهدف موكبه",           # part of a reference
])
def test_attacks_that_are_not_reported(text):
    a, _ = two(text)
    assert not [e for e in a.events if e.plover == "ASSAULT" and not e.negated], a.events


def test_reported_attack_still_coded():
    _, t = two("وقتلت القوات الإسرائيلية عشرة مدنيين في غارة على غزة")
    assert t and t[0][:2] == ("ASSAULT", "ISR")


@pytest.mark.parametrize("text", [
    "قتل 28 شخصا وجرح نحو 60 آخرين في هجوم انتحاري استهدف ثكنة عسكرية",
    "وقد قتل شخصان واصيب خمسة في انفجار سيارة مفخخة قرب المحكمة",
    "وأعلنت مصادر أمنية مقتل أربعة أشخاص في انفجار سيارة مفخخة وسط بغداد",
])
def test_unnamed_attacks_reported_through_casualties(text):
    a, _ = two(text)
    assault = [e for e in a.events if e.plover == "ASSAULT" and not e.negated]
    assert len(assault) == 1, a.events  # one attack, not one per word


def test_attack_noun_without_casualties_or_occurrence_is_not_coded():
    a, _ = two("وتحدث الوزير في مؤتمر عن هجوم انتحاري")
    assert not [e for e in a.events if e.plover == "ASSAULT"]


def test_adverbial_clause_shares_the_main_subject():
    a, _ = two("واقترحت روسيا تعديلات على النص بعد أن اشتكت من أنه يفتقر إلى التوازن")
    acc = [e for e in a.events if e.plover == "ACCUSE"]
    assert acc and acc[0].source.country == "RUS"


def test_joint_operations_are_cooperation():
    a, t = two("وستبدأ القوات الإسرائيلية والأمريكية مناورات مشتركة")
    assert any(x[0] == "COOPERATE" and {x[1], x[2]} == {"ISR", "USA"} for x in t), t


def test_victims_of_an_unnamed_attack_belong_to_its_place():
    from marsad.model import Entity, Place  # noqa: F401
    a = analyse("وقتل 28 شخصا في هجوم انتحاري في بغداد", ACTORS2, components=("places", "quotes", "events"))
    ev = [e for e in a.events if e.plover == "ASSAULT"]
    assert ev and ev[0].source is None and ev[0].target.country == "IRQ" and ev[0].target.text is None


def test_second_conjunct_shares_the_preposition():
    # "بين أفغانستان وباكستان": neither is the kidnapper
    a, _ = two("وكان الاثنان مسافرين قرب الحدود مع روسيا وتركيا حيث اختطفا")
    assert all(e.source is None or e.source.country not in ("RUS", "TUR") for e in a.events), a.events


def test_investigation_into_an_attack_is_not_an_attack():
    a, _ = two("وتواصلت التحقيقات في التفجير الذي استهدف دورية للقوات الإسرائيلية")
    assert not [e for e in a.events if e.plover == "ASSAULT" and e.trigger.text == "التفجير"]


def test_with_the_support_of():
    a, _ = two("وهاجمت القوات الإسرائيلية مواقع حركة حماس بدعم من الولايات المتحدة")
    aid = [e for e in a.events if e.plover == "AID"]
    assert aid and aid[0].source.country == "USA" and aid[0].target.country == "ISR"
    # دعم not right before من is not "with the support of"
    a, _ = two("وأكدت الولايات المتحدة دعم الحكومة العراقية في الحرب على الإرهاب من جديد")
    assert not [e for e in a.events if e.plover == "AID"]


def test_adjacent_next_word_in_lexicon(tmp_path):
    from marsad.coding.lexicon import Lexicon
    f = tmp_path / "lex.tsv"
    f.write_text("N\tتجربه\t070\t=من\ttest\n", encoding="utf-8")
    lex = Lexicon.load([f])
    e = lex.forms["تجربه"][0]
    assert e.adjacent and e.next == frozenset({"من"})


def test_definite_protest_noun_refers_to_a_reported_protest():
    a, _ = two("وجرت التظاهرة بهدوء وسط المدينة")
    assert not [e for e in a.events if e.plover == "PROTEST"]
    a, _ = two("وتظاهر الآلاف للاحتجاج على زيارة الرئيس")
    assert [e for e in a.events if e.plover == "PROTEST"]


def test_definite_attack_noun_without_actor_or_casualties_is_a_back_reference():
    a, _ = two("وقال المسؤول إن الهجوم استمر لعدة ساعات")
    assert not [e for e in a.events if e.plover == "ASSAULT"]
    a, _ = two("وأسفر الهجوم عن مقتل عشرة أشخاص")
    assert [e for e in a.events if e.plover == "ASSAULT"]


def test_compound_subject_of_a_light_verb_before_the_noun():
    a, t = two("وقالت الوكالة إن القوات الإسرائيلية والأمريكية ستبدأ عملية مشتركة في المنطقة")
    coop = [x for x in t if x[0] == "COOPERATE"]
    assert coop and {coop[0][1], coop[0][2]} == {"ISR", "USA"}, t


def test_place_of_the_same_country_does_not_absorb_a_nationality_plural():
    a, _ = analyse("تظاهر آلاف الإسرائيليين مساء أمس في تل أبيب", dict(ACTORS2, **{"تل أبيب": ("LOC", "ISR", None)}),
                   components=("events",)), None
    ev = [e for e in a.events if e.plover == "PROTEST"]
    assert ev and ev[0].source is not None and ev[0].source.country == "ISR"


@pytest.mark.parametrize("text", [
    "وعملية التفجير التي وقعت في منطقة سنية استهدفت مرقدا",
    "وقال إن دبابات روسية فتحت النار على سكان القرية",
    "وقال سكان إن دبابات أميركية أطلقت نيرانها على المنطقة",
    "13 يونيو 2007: اغتيال النائب وليد عيدو، عضو كتلة المستقبل النيابية، بانفجار سيارة مفخخة في بيروت",
])
def test_attacks_reported_in_other_words(text):
    a, _ = two(text)
    assert [e for e in a.events if e.plover == "ASSAULT" and not e.negated], a.events


def test_undergoing_an_investigation():
    a, _ = two("ويخضع ترامب للتحقيق في هذه القضية")
    ev = [e for e in a.events if e.plover == "ACCUSE"]
    assert ev and ev[0].target.country == "USA" and ev[0].source.country == "USA" and ev[0].source.text is None


def test_expressed_displeasure_is_criticism():
    a, _ = two('وأعرب ترامب عن شعوره "بالاستياء" من موقف روسيا')
    ev = [e for e in a.events if e.plover == "ACCUSE"]
    assert ev and ev[0].source.country == "USA"


def test_unnamed_protesters_belong_to_the_place():
    a = analyse("وتظاهرت حشود غاضبة في بغداد أمس", ACTORS2, components=("places", "quotes", "events"))
    ev = [e for e in a.events if e.plover == "PROTEST"]
    assert ev and ev[0].source is not None and ev[0].source.country == "IRQ" and ev[0].source.text is None


def test_what_a_statement_is_about_is_a_reference():
    a, _ = two("وفيما يتعلق بالهجوم على القوات الإسرائيلية قال الوزير إنه يدرس الأمر")
    assert not [e for e in a.events if e.plover == "ASSAULT"]
