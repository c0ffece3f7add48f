"""Event constructions added in session 5, on sentences written for the tests: hashtags,
future retaliation, asides and appositions, protests framed by another event, weapons fired
from a place, a country and its own government, purpose clauses, passive arrests."""

from __future__ import annotations

from event_helpers import analyse, tuples
from marsad.coding.lexicon import Lexicon

ACTORS5 = {
    "الولايات المتحدة": ("LOC", "USA", None),
    "إيران": ("LOC", "IRN", None),
    "روسيا": ("LOC", "RUS", None),
    "تركيا": ("LOC", "TUR", None),
    "إسرائيل": ("LOC", "ISR", None),
    "غزة": ("LOC", "PSE", None),
    "اليمن": ("LOC", "YEM", None),
    "بومبيو": ("PER", "USA", "GOV"),
    "ترامب": ("PER", "USA", "GOV"),
    "بوريس جونسون": ("PER", "GBR", "GOV"),
    "تركي المالكي": ("PER", "SAU", "MIL"),
    "تحالف دعم الشرعية": ("ORG", None, "MIL"),
    "ميليشيات الحوثي": ("ORG", "YEM", "REB"),
    "عبدالملك_المخلافي": ("PER", "YEM", "GOV"),
    "القوات الإسرائيلية": ("ORG", "ISR", "MIL"),
    "حركة حماس": ("ORG", "PSE", "REB"),
    "الجيش اليمني": ("ORG", "YEM", "MIL"),
}


def run(text, components=("events",)):
    a = analyse(text, ACTORS5, components=components)
    return a, tuples(a)


def test_hashtag_words_are_read_without_their_marks():
    a, t = run("شدد وزير الخارجية اليمني #عبدالملك_المخلافي، على أن قضية بلاده بدأت تأخذ أولوية "
               "بسبب تزايد #التدخل_الإيراني في المنطقة.", components=("quotes", "events"))
    assert ("ACCUSE", "YEM", "IRN") in t


def test_blame_word_followed_by_a_nationality_names_the_country():
    a, t = run("وقال بومبيو إن التدخل الإيراني في المنطقة يهدد السلام.", components=("quotes", "events"))
    assert ("ACCUSE", "USA", "IRN") in t


def test_future_retaliation_is_a_threat_and_a_past_reply_is_not():
    _, t = run("وأكد بومبيو أن الولايات المتحدة سترد بسرعة على إيران.")
    assert ("THREATEN", "USA", "IRN") in t
    a, t = run("ورد ترامب على إيران في مؤتمر صحفي.")
    assert not any(e.plover == "THREATEN" for e in a.events)


def test_lexicon_reads_future_only_lines():
    lex = Lexicon.load()
    entries = lex.forms["ترد"]
    assert any(e.future_only and e.info.plover == "THREATEN" for e in entries)


def test_future_holding_responsible_is_a_threat():
    a, t = run("وقال بومبيو إن الولايات المتحدة ستحمل إيران مسؤولية أي هجوم.")
    assert ("THREATEN", "USA", "IRN") in t


def test_relative_clause_aside_does_not_hide_the_required_word():
    # "حمّل X ... مسؤولية": the relative clause between commas is skipped
    _, t = run("وحمّل ترامب، الذي يزور اليابان هذا الأسبوع في جولة آسيوية طويلة تشمل عدة دول، "
               "إيران مسؤولية الهجوم.")
    assert ("ACCUSE", "USA", "IRN") in t


def test_apposition_after_the_subject_is_not_the_object():
    a, t = run("وحمّل وزير الخارجية البريطاني، بوريس جونسون، روسيا مسؤولية الهجوم.")
    assert t == [("ACCUSE", "GBR", "RUS")]


def test_named_spokesman_in_apposition_is_the_source():
    a, t = run("وحمّل المتحدث باسم تحالف دعم الشرعية في اليمن، العقيد الركن تركي المالكي، "
               "ميليشيات الحوثي، مسؤولية تعطيل دخول السفن.")
    assert t == [("ACCUSE", "SAU", "YEM")]


def test_a_list_joined_by_commas_and_wa_stays_one_group():
    _, t = run("وقالت روسيا، تركيا، وإيران في بيان مشترك إنها اتفقت على وقف إطلاق النار.")
    assert ("AGREE", "RUS", "TUR") in t and ("AGREE", "TUR", "IRN") in t


def test_protest_framed_by_a_killing_takes_the_victims_as_source():
    _, t = run("وقتل 120 فلسطينيا على أيدي القوات الإسرائيلية خلال مظاهرات حاشدة على حدود غزة.")
    assert ("ASSAULT", "ISR", "PSE") in t
    assert ("PROTEST", "PSE", "ISR") in t


def test_shells_fired_from_a_place_at_someone():
    _, t = run("وقال الجيش إن أربع قذائف أطلقت من غزة على إسرائيل.")
    assert ("ASSAULT", "PSE", "ISR") in t


def test_fire_verb_with_accusative_weapon():
    _, t = run("وأطلقت حركة حماس صاروخا على إسرائيل صباح اليوم.")
    assert ("ASSAULT", "PSE", "ISR") in t


def test_passive_fire_verb_takes_no_subject_after_its_weapon():
    a, _ = run("وأُطلقت ثلاث قذائف تجاه الولايات المتحدة أمس.")
    assert all(e.source is None or e.source.country != "USA" for e in a.events)


def test_a_country_and_its_own_government_are_not_two_parties():
    _, t = run("وتصاعد التوتر بين إيران والولايات المتحدة بعد انسحاب ترامب من الاتفاق النووي.")
    assert ("SANCTION", "USA", "USA") not in t


def test_purpose_clause_is_not_an_event():
    a, _ = run("وتسعى روسيا وتركيا لتتفق على الوضع الراهن.")
    assert not any(e.plover == "AGREE" for e in a.events)


def test_passive_arrest_is_coded_with_the_state_of_the_place():
    a, t = run("وقُبض على عشرة أشخاص في القاهرة بعد رصد نشاطهم.", components=("places", "events"))
    assert ("COERCE", "EGY", "EGY") in t
    ev = next(e for e in a.events if e.plover == "COERCE")
    assert ev.source.sector == "GOV" and ev.target.sector == "CVL"
    a, _ = run("ولم يُعتقل أحد في القاهرة.", components=("places", "events"))
    assert not any(e.plover == "COERCE" and not e.negated for e in a.events)


def test_nationality_of_an_event_noun_is_not_the_subject():
    # "انتقد العقوبات الأمريكية": the adjective belongs to the object (an event noun)
    a, t = run("وانتقد العقوبات الأمريكية على إيران.")
    assert not any(e.source is not None and e.source.country == "USA" for e in a.events)
    _, t = run("وانتقد الرئيس الأمريكي إيران بشدة.")
    assert ("ACCUSE", "USA", "IRN") in t


def test_named_speaker_after_a_title_carries_to_the_next_sentence():
    spec = dict(ACTORS5, **{"سيرغي لافروف": ("PER", "RUS", "GOV")})
    a = analyse("قال وزير الخارجية الروسي سيرغي لافروف إن موسكو لن تتخلى عن حلفائها. "
                "وطالب بوقف التصعيد فورا.", spec, components=("events",))
    assert ("REQUEST", "RUS", None) in tuples(a)


def test_killing_that_results_from_a_coded_clash_is_not_another_event():
    a, _ = run("وأفاد مراسل بوقوع اشتباكات عنيفة بين ميليشيات الحوثي والجيش اليمني "
               "أدت إلى مقتل عدد من عناصر الميليشيات.")
    assert [e.trigger.text for e in a.events if e.plover == "ASSAULT"] == ["اشتباكات", "اشتباكات"]


def test_auspices_is_mediation_but_care_is_not():
    spec = dict(ACTORS5, **{"الأمم المتحدة": ("ORG", None, "IGO")})
    a = analyse("وكانت جرت جولة مفاوضات حول الصحراء الغربية برعاية الأمم المتحدة في 2008.", spec,
                components=("events",))
    assert any(e.cameo == "045" and e.source.sector == "IGO" for e in a.events)
    a = analyse("وأشادت الأمم المتحدة بالرعاية الصحية في إيران.", spec, components=("events",))
    assert not any(e.cameo == "045" for e in a.events)
