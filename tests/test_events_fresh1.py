"""Event coding, precision patterns found on fresh ANT articles (session 3, fresh1): the
outlet or network that reports the news is not a party to it; a first-person verb in a
quotation is the speaker's; a condition spans its clauses, and "حتى يتم" (until) reports
nothing yet; an indefinite noun before a verb with its pronoun is that verb's object; "any
crime" blames no one. Sentences written for the test, with hand-made entities; the learned
attachment and gate are off (rules only)."""

from __future__ import annotations

from event_helpers import analyse, tuples
from marsad.coding.lexicon import Lexicon
from test_events import ACTORS2

ACTORS_F1 = dict(ACTORS2, **{
    "وكالة رويترز": ("ORG", "GBR", "MED"),
    "المرصد السوري لحقوق الإنسان": ("ORG", "SYR", "NGO"),
    "تويتر": ("ORG", "USA", "BUS"),
    "كوريا الشمالية": ("LOC", "PRK", None),
    "الصين": ("LOC", "CHN", None),
    "ميشال بارنييه": ("PER", None, "IGO"),
    "تيريزا ماي": ("PER", "GBR", "GOV"),
    "شتاينتز": ("PER", "ISR", "GOV"),
    "الأسد": ("PER", "SYR", "GOV"),
    "مجلس الشيوخ الأمريكي": ("ORG", "USA", "LEG"),
    "تركيا": ("LOC", "TUR", None),
    "برونسون": ("PER", "USA", None),
    "محكمة تركية": ("ORG", "TUR", "JUD"),
})


def f1(text, **kw):
    a = analyse(text, ACTORS_F1, **kw)
    return a, tuples(a)


def parties(a):
    return {p.text for e in a.events for p in (e.source, e.target) if p is not None}


# --- the channel of the news is not a participant

def test_news_agency_after_attribution_is_not_a_participant():
    _, t = f1("انسحبت القوات الإيرانية من المدينة وفق ما ذكرت وكالة رويترز.")
    assert t == [("RETREAT", "IRN", None)]
    _, t = f1("أفرجت إيران عن المعتقلين بحسب وكالة رويترز.")
    assert t == [("RETREAT", "IRN", None)]


def test_news_agency_as_the_actor_stays():
    # no attribution word before it: the agency is the one accused
    _, t = f1("طردت إيران مراسل وكالة رويترز.")
    assert ("SANCTION", "IRN", "GBR") in t, t


def test_social_network_is_where_it_was_said():
    _, t = f1("دعا ترامب في تغريدة على تويتر الصين إلى وقف دعم كوريا الشمالية.")
    assert t == [("REQUEST", "USA", "CHN")]
    _, t = f1("انتقد ترامب على تويتر الصين.")
    assert t == [("ACCUSE", "USA", "CHN")]


# --- first person singular inside a quotation

def test_first_person_singular_verb_in_a_quote_is_the_speaker():
    a, t = f1('وقال ترامب: "أطالب الصين بوقف دعم كوريا الشمالية".')
    req = [e for e in a.events if e.plover == "REQUEST"]
    assert req and req[0].source.text == "ترامب" and req[0].target.country == "CHN"


def test_first_person_singular_forms_exclude_past_tense_homographs():
    lex = Lexicon.load()
    assert "ارحب" in lex.first_singular and "اطالب" in lex.first_singular
    assert "اتهم" not in lex.first_singular  # the past of اتهم, not "I accuse"


def test_first_person_singular_outside_a_quote_is_read_as_before():
    # (no quotation: the form is not taken for the first person)
    a, _ = f1("أدان ترامب الهجوم على الصين.")
    assert any(e.plover == "ACCUSE" and e.source and e.source.text == "ترامب" for e in a.events)


# --- conditions and "until"

def test_condition_runs_over_commas_and_complementizers():
    _, t = f1('وقال شتاينتز: "إذا سمح الأسد لإيران بأن تجعل من سوريا قاعدة، وأن تهاجمنا من الأراضي السورية، '
              'فستكون النهاية".')
    assert not any(p == "ASSAULT" for p, _s, _t in t)


def test_attack_without_condition_is_coded():
    _, t = f1('وقال شتاينتز: "سمح الأسد لإيران بأن تجعل من سوريا قاعدة، وهاجمت إيران إسرائيل من الأراضي السورية".')
    assert any(p == "ASSAULT" for p, _s, _t in t)


def test_until_it_happens_is_not_an_event():
    a, _ = f1("ودعا مجلس الشيوخ الأمريكي إلى تعليق مبيعات الأسلحة إلى تركيا حتى يتم إطلاق سراح برونسون.")
    assert not any(e.plover == "RETREAT" for e in a.events)


def test_until_with_a_past_verb_reports_it():
    # "حتى انسحبت": it did withdraw
    _, t = f1("استمرت المعارك حتى انسحبت القوات الإيرانية من المدينة.")
    assert any(p == "RETREAT" for p, _s, _t in t)


# --- an indefinite head and a verb with its pronoun

def test_indefinite_head_of_a_resumptive_verb_is_the_target():
    a, _ = f1("قضت محكمة تركية بتمديد سجن قس أمريكي تتهمه بتهم إرهابية.")
    acc = [e for e in a.events if e.plover == "ACCUSE"]
    assert acc and acc[0].target is not None and acc[0].target.country == "USA"
    assert acc[0].source is None or acc[0].source.country != "USA"


def test_definite_subject_before_a_resumptive_verb_stays_the_source():
    a, _ = f1("وكانت إيران تتهمه بدعم الإرهاب منذ سنوات.")
    acc = [e for e in a.events if e.plover == "ACCUSE"]
    assert not acc or acc[0].source is None or acc[0].source.country == "IRN"


# --- words of blame under "any"

def test_any_crime_blames_no_one():
    a, _ = f1('وقال ترامب: "لا أرى أي مؤشر على ارتكاب برونسون لأي جريمة".')
    assert not any(e.plover == "ACCUSE" for e in a.events)


def test_a_crime_in_a_quote_blames():
    a, _ = f1('وقال ترامب: "ارتكبت إيران جريمة بحق برونسون".')
    assert any(e.plover == "ACCUSE" and e.source.text == "ترامب" for e in a.events)


# --- a title before a named person is read as a whole

def test_title_words_before_a_person_are_not_read_one_by_one():
    # "الزعيم الكوري الشمالي كيم": كوري alone would be South Korea
    a = analyse("وحذر ترامب الزعيم الكوري الشمالي كيم جونغ أون من اللعب مع الولايات المتحدة.",
                dict(ACTORS_F1, **{"كيم جونغ أون": ("PER", "PRK", "GOV")}))
    assert tuples(a) == [("THREATEN", "USA", "PRK")]


def test_title_before_another_name_keeps_its_nationality():
    # no person after the title: its nationality adjective is still the actor
    _, t = f1("وحذر وزير الخارجية الإيراني الولايات المتحدة من أي هجوم.")
    assert t == [("THREATEN", "IRN", "USA")]


# --- "اتهم X بـ": one name between the verb and the charge is the accused

def test_single_name_before_the_charge_is_accused():
    a, _ = f1("ويتهم برونسون بدعم ميليشيات كردية.")
    acc = [e for e in a.events if e.plover == "ACCUSE"]
    assert acc and acc[0].target is not None and acc[0].target.text == "برونسون"
    assert acc[0].source is None or acc[0].source.text != "برونسون"


def test_pro_drop_accuser_is_the_previous_sentence_actor():
    _, t = f1("وقال ترامب إن الاتفاق سيئ. واتهم إيران بدعم الإرهاب.")
    assert ("ACCUSE", "USA", "IRN") in t


def test_subject_and_object_before_the_charge_stay():
    _, t = f1("واتهم ترامب إيران بدعم الإرهاب.")
    assert t == [("ACCUSE", "USA", "IRN")]
    _, t = f1("وتتهم الولايات المتحدة إيران بزعزعة استقرار المنطقة.")
    assert t == [("ACCUSE", "USA", "IRN")]
