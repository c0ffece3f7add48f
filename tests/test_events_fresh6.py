"""Actor attribution on fresh ANT articles (sentences written for the tests): a verb that
carries an object pronoun pointing back to the noun before it, with its own subject after it
("في خطوة انتقدتها روسيا", "اتهامات نفتها موسكو", "عقوبات فرضتها واشنطن"). Its subject is the
subject of that verb: not governed by the preposition before the noun, not the subject of an
earlier verb of judging, and, after a verb of denial, the accused rather than the accuser."""

from __future__ import annotations

from functools import lru_cache

from marsad.pipeline import Pipeline


@lru_cache(maxsize=1)
def _pipe():
    return Pipeline(event_gate=False, event_attach=False)


def _key(p):
    if p is None:
        return None
    return p.country or (p.sector if p.sector in ("IGO", "NGO") else None)


def code(text):
    an = _pipe().analyze(text, published="2018-05-01")
    return [(e.plover, _key(e.source), _key(e.target)) for e in an.events]


def of(events, plover):
    return [e for e in events if e[0] == plover]


# --- "في خطوة انتقدتها X": X criticises the step of the sentence's subject
def test_step_criticised_by_subject_after_verb():
    ev = of(code("وافتتحت إسرائيل سفارتها في خطوة انتقدتها روسيا."), "ACCUSE")
    assert ("ACCUSE", "RUS", "ISR") in ev


def test_step_criticised_after_a_place():
    ev = of(code("وافتتحت إسرائيل سفارتها في القدس في خطوة انتقدتها الولايات المتحدة."), "ACCUSE")
    assert ev and ev[0][1] == "USA" and ev[0][2] == "ISR"


def test_preposition_still_governs_a_name_after_a_plain_noun():
    # no verb in between: "في مدينة روسيا" style phrases keep their preposition
    ev = of(code("وانتقدت روسيا بشدة العملية العسكرية في سوريا."), "ACCUSE")
    assert ev and all(e[1] == "RUS" for e in ev) and all(e[2] != "SYR" for e in ev if e[1] != "RUS")


# --- "اتهامات نفتها X": X is accused, not the accuser
def test_denied_accusations_fall_on_the_denier():
    ev = of(code("وشهدت العلاقات توترا، وهي اتهامات نفتها موسكو."), "ACCUSE")
    assert ev and all(e[1] != "RUS" for e in ev) and ("ACCUSE", None, "RUS") in ev


def test_accusations_made_by_subject_after_verb():
    # "وجّهها": the subject made them (unchanged)
    ev = of(code("وشهدت العلاقات توترا بسبب اتهامات وجهها الرئيس السوداني عمر البشير للسلطات المصرية."), "ACCUSE")
    assert ("ACCUSE", "SDN", "EGY") in ev


# --- the subject of an embedded verb is not the subject of the verb of judging before it
def test_embedded_subject_is_not_the_describer():
    ev = of(code("بعد بيان غاضب من جانب بيونغ يانغ، وصفت فيه عقوبات فرضتها واشنطن عليها بأنها عمل حرب."), "ACCUSE")
    assert ev and all(e[1] != "USA" for e in ev)


def test_attack_verb_keeps_the_attacker_of_the_embedded_clause():
    # "قتل X نتيجة هجمات شنتها Y": Y kills (an attack, not a judgement)
    ev = of(code("قتل 12 مدنيا نتيجة هجمات شنتها القوات الحكومية السورية في الغوطة الشرقية."), "ASSAULT")
    assert ev and ev[0][1] == "SYR"


def test_plain_vso_unchanged():
    ev = of(code("وانتقدت روسيا قرار الولايات المتحدة."), "ACCUSE")
    assert ev and ev[0][1] == "RUS"


# --- "أدانتها X" read as the noun إدانة + ها: a noun with a pronoun takes no genitive, so X is
# the subject of the verb and the pronoun (the step of the sentence's subject) its object
def test_condemned_step_targets_the_subject_of_the_sentence():
    ev = of(code("وكانت إسرائيل رفضت منح شاكر، الذي يحمل الجنسية الأميركية، تصريح إقامة، في خطوة أدانتها الولايات المتحدة."),
            "ACCUSE")
    assert ("ACCUSE", "USA", "ISR") in ev


def test_condemned_step_not_the_place_it_went_to():
    ev = of(code("ونقلت تركيا سفارتها إلى القدس في خطوة أدانتها السعودية."), "ACCUSE")
    assert ev and ev[0][1] == "SAU" and ev[0][2] != "ISR"


def test_noun_with_own_genitive_keeps_its_pronoun_source():
    # "إدانتها للهجوم": the pronoun is who condemns (no name right after the noun)
    ev = of(code("وأعلنت مصر إدانتها للهجوم على الكنيسة."), "ACCUSE")
    assert ev and ev[0][1] == "EGY"


def test_ta_marbuta_is_not_an_object_pronoun():
    # "قادة" (leaders) is not "قاده" (led him): its genitive stays the subject
    ev = code("سيلتقي قادة روسيا وتركيا وإيران")
    assert sorted(e[1:] for e in ev) == [("RUS", "IRN"), ("RUS", "TUR"), ("TUR", "IRN")]
