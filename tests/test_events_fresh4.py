"""Actor attribution on fresh ANT articles (sentences written for the tests): a nationality
adjective right after a named group is not a second actor; who reports an event (before a verb
of speech and its complementizer) is not its target; a social network found as a speaker
yields to the person named before it; a state's arrests fall on its own bodies; who condemns an
event named by a noun (دانت البحرين إطلاق صواريخ) is not a party to it."""

from __future__ import annotations

from functools import lru_cache

from marsad.pipeline import Pipeline


@lru_cache(maxsize=1)
def _pipe():
    # the learned attachment stays on: two of the rules act on its candidates
    return Pipeline(event_gate=False)


def _key(p):
    """As the evaluation scores an actor: its country, else IGO / NGO, else None."""
    if p is None:
        return None
    return p.country or (p.sector if p.sector in ("IGO", "NGO") else None)


def code(text):
    an = _pipe().analyze(text, published="2018-03-26")
    return [(e.plover, _key(e.source), _key(e.target)) for e in an.events]


def of(events, plover):
    return [e for e in events if e[0] == plover]


# --- a nationality adjective after a named group describes it
def test_adjective_after_group_is_not_an_actor():
    ev = of(code("هاجمت ميليشيات الحوثي الإيرانية مواقع الجيش اليمني."), "ASSAULT")
    assert ev and all("IRN" not in e for e in ev)
    assert ("ASSAULT", "YEM", "YEM") in ev


def test_adjective_after_group_not_the_victim_of_a_launch():
    ev = of(code("أطلقت ميليشيات الحوثي الإيرانية صاروخا باليستيا على السعودية."), "ASSAULT")
    assert ("ASSAULT", "YEM", "SAU") in ev and all(e[2] != "IRN" for e in ev)


def test_coordinated_adjective_stays_a_second_actor():
    # "القوات التركية والأمريكية": two armies, not one described by the other
    ev = code("وقالت الوكالة إن القوات التركية والأمريكية ستبدأ عملية مشتركة في منبج.")
    assert any("USA" in e[1:] for e in ev)


# --- who reports is not the target of what is reported
def test_reporter_is_not_the_target():
    ev = of(code("وذكرت منظمة العفو الدولية أن إيران اعتقلت 300 شخص."), "COERCE")
    assert ev and all(e[1] == "IRN" and e[2] in ("IRN", None) for e in ev)
    ev = of(code("وقالت الأمم المتحدة إن إسرائيل هدمت 20 منزلا."), "ASSAULT")
    assert ev and all(e[1] == "ISR" and e[2] != "IGO" for e in ev)


def test_reporting_subject_still_the_source_through_the_pronoun():
    ev = of(code("أعلنت الحكومة التركية أنها اعتقلت عشرين شخصا في إسطنبول."), "COERCE")
    assert ev and ev[0][1] == "TUR"


# --- a social network is the channel, not the speaker
def test_platform_speaker_yields_to_the_person():
    ev = of(code('جاء ذلك في سلسلة من التغريدات لقرقاش على صفحته بموقع التواصل الاجتماعي، تويتر، حيث قال: '
                 '"تتضح جوانب التدخل الإيراني في اليمن بمرور كل يوم".'), "ACCUSE")
    assert ev and all(e[1] != "USA" for e in ev)
    assert ("ACCUSE", "ARE", "IRN") in ev


def test_named_speaker_unchanged():
    ev = of(code('وقال وزير الدولة الإماراتي للشؤون الخارجية أنور قرقاش: "التدخل الإيراني في اليمن مرفوض".'), "ACCUSE")
    assert ("ACCUSE", "ARE", "IRN") in ev


# --- a state's coercion falls on its own bodies, not on the country of a place named nearby
def test_arrested_soldiers_are_of_the_arresting_state():
    ev = of(code("أمر الادعاء التركي باحتجاز 70 ضابطا بالجيش للاشتباه في صلتهم برجل دين مقيم في الولايات المتحدة."),
            "COERCE")
    assert ev and all(e[1] == "TUR" and e[2] != "USA" for e in ev)


def test_named_foreigners_keep_their_country():
    ev = of(code("اعتقلت الشرطة الإسرائيلية ثلاثة فلسطينيين في القدس."), "COERCE")
    assert ("COERCE", "ISR", "PSE") in ev


# --- who condemns an event is not a party to it
def test_condemner_is_not_the_victim():
    ev = of(code("دانت البحرين بشدة، الأحد، إطلاق عدة صواريخ بالستية من قبل ميليشيات الحوثي، استهدفت تجمعات "
                 "سكانية في بعض المناطق بالسعودية."), "ASSAULT")
    assert ev and all(e[2] != "BHR" and e[1] != "BHR" for e in ev)


def test_subject_of_a_light_verb_still_the_attacker():
    # "شنت إسرائيل، الأحد، غارات": not a verb of reaction, its subject carries out the attack
    ev = of(code("شنت إسرائيل، الأحد، غارات جوية على مواقع حركة حماس في قطاع غزة."), "ASSAULT")
    assert ev and all(e[1] == "ISR" for e in ev)


# --- a verb joined by و to the clause's coded verb shares its subject
def test_coordinated_verb_shares_the_subject():
    ev = code("وكان ترامب قد انتقد في وقت سابق الإجراءات الحدودية وحث الكونغرس على تبني قوانين أشد.")
    req = [e for e in ev if e[0] == "REQUEST"]
    assert req and all(e[1] == "USA" and e[2] == "USA" for e in req)
    ev = of(code("وأضاف البيان أن ميركل نددت بهجمات إيران على مواقع الجيش في الجولان ودعت إيران إلى الإسهام في "
                 "وقف التصعيد."), "REQUEST")
    assert ("REQUEST", "DEU", "IRN") in ev


def test_coordinated_verb_with_its_own_subject_and_object():
    # "وهاجمت إسرائيل مواقع": a name followed by a bare object is the verb's own subject
    ev = of(code("اتهمت إيران السعودية بدعم الإرهاب وهاجمت إسرائيل مواقع في سوريا."), "ASSAULT")
    assert ev and all(e[1] == "ISR" for e in ev)
