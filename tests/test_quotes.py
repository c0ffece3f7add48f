"""Quotes: direct («…», "…", after a colon) and reported speech, with the speaker resolved
to its entity and actor code (hand-made entities; no entity component needed)."""

from __future__ import annotations

import json

from event_helpers import analyse

ACTORS = {
    "ينس ستولتنبرج": ("PER", None, "IGO"),
    "ستولتنبرج": ("PER", None, "IGO"),
    "لجنة الدفاع بالبرلمان العراقي": ("ORG", "IRQ", "LEG"),
    "فرنسا": ("LOC", "FRA", None),
    "وزير الخارجية اليمني": ("PER", "YEM", "GOV"),
}


def quotes(text):
    return analyse(text, ACTORS, components=("quotes",)).quotes


def test_direct_quote_after_verb_and_colon():
    (q,) = quotes('وأضاف ستولتنبرج: "نحن على اتصال وثيق بالحكومة العراقية"')
    assert q.text == "نحن على اتصال وثيق بالحكومة العراقية"
    assert q.speaker == "ستولتنبرج" and q.speaker_actor.sector == "IGO"


def test_guillemets_and_svo_speaker():
    (q,) = quotes("وزير الخارجية اليمني قال «إن الحكومة لن تقبل بهذه الشروط»")
    assert q.text.startswith("إن الحكومة") and q.speaker_actor.country == "YEM"


def test_colon_without_quotation_marks():
    (q,) = quotes("وتابع ستولتنبرج: نعمل مع الأردن على قضايا مشتركة")
    assert q.text == "نعمل مع الأردن على قضايا مشتركة" and q.speaker == "ستولتنبرج"


def test_reported_speech_vso_speaker_is_resolved():
    (q,) = quotes("قالت لجنة الدفاع بالبرلمان العراقي إن فرنسا تقدمت بطلب للعمليات المشتركة")
    assert q.text == "فرنسا تقدمت بطلب للعمليات المشتركة"
    assert q.speaker == "لجنة الدفاع بالبرلمان العراقي" and q.speaker_actor.code == "IRQLEG"


def test_speaker_carries_over_to_a_verb_without_subject():
    qs = quotes('وأضاف ستولتنبرج: "نحن على اتصال وثيق بالحكومة"\nوأكد أن "وجود الناتو في العراق ضروري لضمان هزيمة داعش"')
    assert len(qs) == 2 and qs[1].speaker == "ستولتنبرج"
    assert qs[1].text.startswith("وجود الناتو")


def test_unnamed_speaker_with_nationality():
    (q,) = quotes("وقال مسؤولون أمريكيون إنهم يريدون استمرار أنشطة التحقق في إيران")
    assert q.speaker == "مسؤولون أمريكيون" and q.speaker_actor.country == "USA"


def test_quoted_names_are_not_quotes():
    assert quotes('وتتزامن التحركات مع تقارير عن تمكن "داعش" من تنظيم صفوفه') == ()


def test_offsets_point_into_the_text():
    text = "قالت لجنة الدفاع بالبرلمان العراقي إن فرنسا تقدمت بطلب"
    a = analyse(text, ACTORS, components=("quotes",))
    for q in a.quotes:
        assert a.text[q.start:q.end] == q.text
        assert a.text[q.speaker_start:q.speaker_end] == q.speaker


def test_reference_article_quotes(shared_data):
    from marsad.evaluate import Scores, score_article
    from marsad.model import Article

    art = json.loads((shared_data / "gold" / "seed_article.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = json.loads((shared_data / "gold" / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    a = analyse(Article(text=art["text"], id=art["id"], published=art["published"]), ACTORS, components=("quotes",))
    r = score_article(a, gold, Scores())
    assert r["quotes"]["f1"] >= 0.8, r["quotes"]


def test_definite_head_noun_speaker_refers_to_the_named_entity():
    spec = dict(ACTORS, **{"منظمة العفو الدولية": ("ORG", None, "NGO")})
    a = analyse("انتقدت منظمة العفو الدولية الحكومة. وأوضحت المنظمة المعنية بحقوق الإنسان أن الضحايا كانوا مدنيين",
                spec, components=("quotes",))
    q = [q for q in a.quotes if q.text.startswith("الضحايا")]
    assert q and q[0].speaker_actor is not None and q[0].speaker_actor.sector == "NGO"
    # no antecedent with that head: unresolved, not guessed
    a = analyse("وأوضحت الوكالة أن الضحايا كانوا مدنيين", spec, components=("quotes",))
    assert a.quotes and a.quotes[0].speaker_actor is None


def test_grave_accusation_in_a_quote_needs_no_named_accused():
    spec = dict(ACTORS, **{"منظمة العفو الدولية": ("ORG", None, "NGO")})
    a = analyse("وقالت منظمة العفو الدولية إن هذه الهجمات تصل إلى حد جرائم الحرب", spec,
                components=("quotes", "events"))
    acc = [e for e in a.events if e.plover == "ACCUSE"]
    assert acc and acc[0].source.sector == "NGO"
    a = analyse("وقالت منظمة العفو الدولية إن التصعيد مستمر", spec, components=("quotes", "events"))
    assert not [e for e in a.events if e.plover == "ACCUSE"]
