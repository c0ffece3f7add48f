"""Refusals and undergone attacks (sentences written for the tests):

- a verb of acceptance right after لا / لن / لم is a refusal (REJECT), the negation being
  part of its meaning, so the event is not flagged negated ("لن نقبل", "لم توافق على");
  the same verb without the negation is no refusal, and قبل without it is "before";
- an attack noun after تعرض ("تعرض المستشفى للقصف") reports an attack that happened, even
  when its author is not named in the sentence;
- an event noun after a demonstrative (هذه الضربات، هذا الطلب) names an event reported before;
- a sentence that restates an earlier one nearly word for word does not code its events again."""

from __future__ import annotations

from functools import lru_cache

from marsad.pipeline import Pipeline


@lru_cache(maxsize=1)
def _pipe():
    # whole-article behaviour: the PROTEST/ASSAULT gate keeps what is above its floor
    return Pipeline(event_gate_mode="floor", event_attach=False)


def events(text):
    return _pipe().analyze(text, published="2018-05-01").events


def kinds(text):
    return [(e.plover, e.negated) for e in events(text)]


def test_will_not_accept_is_a_refusal():
    evs = [e for e in events("أكدت الحكومة اليمنية أنها لن تقبل بأي حل يفرضه الحوثيون.") if e.plover == "REJECT"]
    assert evs, "لن تقبل is a refusal"
    assert not evs[0].negated and not evs[0].future
    assert evs[0].source.country == "YEM"
    assert evs[0].trigger.text == "تقبل"


def test_does_not_accept_with_la():
    assert ("REJECT", False) in kinds("وقال الوزير إن الحكومة العراقية لا تقبل بوجود قوات أجنبية.")


def test_did_not_agree_is_a_refusal_not_a_negated_agreement():
    k = kinds("ولم توافق إسرائيل على المقترح المصري.")
    assert ("REJECT", False) in k
    assert not any(p == "AGREE" for p, _ in k)


def test_agreement_without_negation_stays_agreement():
    k = kinds("ووافقت إسرائيل على المقترح المصري.")
    assert ("AGREE", False) in k
    assert not any(p == "REJECT" for p, _ in k)


def test_qabla_without_negation_is_before():
    assert not any(p == "REJECT" for p, _ in kinds("وذلك قبل أن تقبل إيران العرض الأوروبي."))


def test_refusal_with_sawfa_is_future():
    evs = [e for e in events("وقال المتحدث إن الحكومة السورية سوف لن تقبل بذلك.") if e.plover == "REJECT"]
    assert evs and evs[0].future and not evs[0].negated


def test_undergone_shelling_is_reported():
    evs = [e for e in events("وقال المتحدث باسم المستشفى إن المستشفى تعرض للقصف خلال أربع غارات جوية.")
           if e.plover == "ASSAULT"]
    assert len(evs) == 1
    assert evs[0].trigger.text == "للقصف"


def test_undergone_attack_in_the_feminine():
    assert any(e.plover == "ASSAULT" for e in events("وتعرض موكب المحافظ لهجوم بعبوة ناسفة في عدن."))


def test_definite_shelling_without_occurrence_word_is_not_new():
    # "the shelling" mentioned without a word reporting it happening and without its author
    assert not any(e.plover == "ASSAULT" for e in events("وقال المتحدث إن القصف لم يعد يخيف السكان."))


def test_demonstrative_event_noun_refers_back():
    # "تلك الهجمات" names attacks reported before: only the killing it led to is new here
    evs = events("وأسفرت تلك الهجمات التي شنتها حركة طالبان عن مقتل 13 شخصا.")
    assert [e.trigger.text for e in evs if e.plover == "ASSAULT"] == ["مقتل"]


def test_indefinite_event_noun_is_kept():
    evs = events("وشنت طائرات حربية إسرائيلية ضربات جوية على مواقع لحركة حماس في قطاع غزة.")
    assert any(e.plover == "ASSAULT" for e in evs)


def test_negated_copula_does_not_negate_the_event_noun():
    evs = [e for e in events("لم يكن انسحاب الولايات المتحدة من الاتفاق النووي مع إيران الأول من نوعه.")
           if e.plover == "SANCTION"]
    assert evs and not evs[0].negated
    evs = [e for e in events("ولم تنسحب الولايات المتحدة من الاتفاق النووي مع إيران.") if e.plover == "SANCTION"]
    assert evs and evs[0].negated


def test_a_restated_sentence_does_not_code_its_events_twice():
    text = ("قصفت طائرات حربية إسرائيلية أكثر من 12 موقعا لحركة حماس في قطاع غزة. "
            "وقال مسؤولون إن الوضع هادئ في المدينة. "
            "وأعلن الجيش الإسرائيلي أن طائرات حربية إسرائيلية قصفت أكثر من 12 موقعا لحركة حماس في غزة.")
    evs = [e for e in events(text) if e.plover == "ASSAULT"]
    assert [e.sentence for e in evs] == [0]


def test_a_new_attack_by_the_same_actors_is_coded_again():
    text = ("قصفت طائرات حربية إسرائيلية أكثر من 12 موقعا لحركة حماس في قطاع غزة. "
            "وفي وقت لاحق، قصفت الطائرات الإسرائيلية مقرا أمنيا لحماس في خان يونس بعد إطلاق صواريخ من القطاع.")
    evs = [e for e in events(text) if e.plover == "ASSAULT" and e.trigger.text == "قصفت"]
    assert len(evs) == 2
