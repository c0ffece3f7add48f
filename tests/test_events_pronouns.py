"""Event coding, session 4 constructions: attached pronouns as arguments, verbs whose required
word comes after a long subject, agents (من طرف), accusative nouns, verbs beginning with أل,
light verbs وجّه / ألقى, dispersed protests, long titles before a person's name. Sentences
written for the test, with hand-made entities; the learned attachment is off (rules only)."""

from __future__ import annotations

from event_helpers import analyse, tuples
from marsad.coding.lexicon import Lexicon
from test_events import ACTORS2

ACTORS3 = dict(ACTORS2, **{"سيرغي لافروف": ("PER", "RUS", "GOV"), "مايك بومبيو": ("PER", "USA", "GOV")})


def three(text, **kw):
    a = analyse(text, ACTORS3, components=("events",), **kw)
    return a, tuples(a)


def by_trigger(a, word):
    return [e for e in a.events if e.trigger.text == word]


def test_object_pronoun_points_to_the_last_group():
    a, _ = three("احتشد آلاف المتظاهرين أمام البرلمان. واعتقلتهم الشرطة بعد ساعات")
    ev = by_trigger(a, "واعتقلتهم")
    # هم stands for a group (المتظاهرين), not for the body البرلمان named after it
    assert ev and ev[0].source.text == "الشرطة" and ev[0].target.text == "المتظاهرين"


def test_pronoun_after_the_genitive_of_an_event_noun():
    _, t = three("وصل ترامب إلى لندن. ونشرت الصحف اتهامات إيران له بدعم الإرهاب")
    assert ("ACCUSE", "IRN", "USA") in t


def test_possessor_of_an_event_noun_is_its_source():
    a, t = three("وكان ترامب قد وصل إلى المدينة أمس. وجاءت قمته مع بوتين بعد أشهر من التوتر")
    assert t == [("CONSULT", "USA", "RUS")]


def test_a_ta_marbuta_is_not_a_pronoun():
    # "زيارة" ends in ة: no possessor to resolve, the rules' own reading stands
    a, _ = three("وصل ترامب إلى لندن. وبدأت زيارة رسمية")
    assert all(e.source is None or e.source.text != "ترامب" for e in a.events)


def test_resumptive_pronoun_stays_inside_its_relative_clause():
    a, _ = three("وصل ترامب إلى لندن. وكانت حركة حماس، التي هاجمتها القوات الإسرائيلية، قد أعلنت ذلك")
    ev = by_trigger(a, "هاجمتها")
    assert ev and ev[0].target.country == "PSE" and ev[0].source.country == "ISR"


def test_passive_pronoun_is_the_target():
    a, _ = three("وقال ترامب إن حركة حماس تخشى أن يتم قصفها")
    ev = [e for e in a.events if e.plover == "ASSAULT"]
    assert all(e.source is None or e.source.country != "PSE" for e in ev)


def test_required_word_after_a_long_subject():
    _, t = three("وحمّل وزير الخارجية الأمريكي مايك بومبيو مساء أمس إيران مسؤولية الهجوم")
    assert ("ACCUSE", "USA", "IRN") in t


def test_required_word_does_not_cross_a_complementizer():
    # مسؤولية belongs to the reported clause, not to حمّل (which means "loaded" here)
    _, t = three("وحمّل ترامب الشاحنات وقال إن إيران تتحمل مسؤولية")
    assert not any(p == "ACCUSE" and s == "USA" for p, s, _t in t)


def test_agent_after_min_taraf():
    _, t = three("تعرضت حركة حماس لهجوم من طرف القوات الإسرائيلية")
    assert t == [("ASSAULT", "ISR", "PSE")]


def test_accusative_nouns_and_the_light_verb_wajjaha():
    lex = Lexicon.load()
    assert "اتهاما" in lex.forms and "انتقادا" in lex.forms
    assert "اطلاقا" not in lex.forms  # "إطلاقا" is an adverb ("at all")
    _, t = three("ووجهت إيران انتقادا حادا إلى الولايات المتحدة")
    assert t == [("ACCUSE", "IRN", "USA")]


def test_verbs_beginning_with_al_are_verbs():
    _, t = three("والتقى ترامب مع وزير الخارجية الروسي سيرغي لافروف")
    assert t == [("CONSULT", "USA", "RUS")]  # and the title before the name is five words long
    a, t = three("وألقت الشرطة القبض على ترامب أمس")
    assert ("COERCE", "EGY", "USA") in t


def test_dispersing_a_protest_reports_both():
    a, _ = three("إلى ذلك فرقت الشرطة بالغاز المسيل للدموع مظاهرة نظمها طلاب الجامعة")
    types = {e.plover for e in a.events}
    assert "PROTEST" in types
    force = [e for e in a.events if e.trigger.text == "فرقت"]
    # the verb is not a title word: إلى does not make the police a target
    assert force and force[0].source is not None and force[0].source.text == "الشرطة"


def test_deplore_family():
    _, t = three("وشجبت إيران الهجوم الذي نفذته القوات الإسرائيلية")
    assert ("ACCUSE", "IRN", None) in t or ("ACCUSE", "IRN", "ISR") in t
