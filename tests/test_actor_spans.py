"""Actor noun phrases: hashtags, descriptor + head chains, group adjectives, head-noun
references, honorifics, and the country of a bare armed group in events (issue 5).
The sentences are written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from marsad.coding.actors import ActorDictionary, hashtag_view, read_actor_file
from marsad.model import Article
from marsad.pipeline import Pipeline
from marsad.text.segment import tokenize

DAY = dt.date(2018, 6, 1)


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


def mentions(d: ActorDictionary, text: str):
    toks = tokenize(text)
    return [(text[toks[m.i].start:toks[m.j - 1].end], m.type, m.actor) for m in d.mentions(toks, DAY)]


def get(items, phrase):
    for t, typ, actor in items:
        if t == phrase:
            return typ, actor
    raise AssertionError(f"{phrase!r} not among {[t for t, _, _ in items]}")


# ---- hashtags ---------------------------------------------------------------------------
def test_hashtag_view_drops_only_glue_marks():
    toks = tokenize("قال #وزير_الخارجية إن _ و # منفصلة")
    keep = hashtag_view(toks)
    assert keep is not None
    kept = [toks[k].text for k in keep]
    assert "#" in kept and "_" in kept  # a lone mark between spaces is text, not glue
    assert "وزير" in kept and "الخارجية" in kept
    assert kept.count("#") == 1 and kept.count("_") == 1
    assert hashtag_view(tokenize("لا وسم هنا")) is None


def test_hashtag_words_are_read_as_a_name(dictionary):
    items = mentions(dictionary, "أعلن #البرلمان_الصيني وصول وفد من #الاتحاد_الأوروبي إلى #كوريا_الشمالية")
    typ, actor = get(items, "البرلمان_الصيني")
    assert (typ, actor.code) == ("ORG", "CHNLEG")
    assert get(items, "الاتحاد_الأوروبي")[1].code == "EU"
    assert get(items, "كوريا_الشمالية")[1].country == "PRK"  # not كوريا alone (KOR)


def test_hashtag_group_name(dictionary):
    items = mentions(dictionary, "هاجمت #ميليشيات_الحوثي مواقع في المدينة")
    assert get(items, "ميليشيات_الحوثي")[1].code == "HOUTHI"


# ---- descriptor + head --------------------------------------------------------------------
def test_descriptor_before_a_body_is_one_actor(dictionary):
    items = mentions(dictionary, "تقدمت قوات الجيش العراقي نحو المدينة")
    typ, actor = get(items, "قوات الجيش العراقي")
    assert actor.code == "IRQMIL" and typ == "ORG"
    # the descriptor is not left alone as an actor of its own
    assert not any(t == "قوات" for t, _, _ in items)


def test_descriptor_takes_the_sector_of_the_body(dictionary):
    items = mentions(dictionary, "انتشرت قوات الشرطة المصرية في الميدان")
    assert get(items, "قوات الشرطة المصرية")[1].code == "EGYCOP"


def test_group_with_nationality(dictionary):
    items = mentions(dictionary, "رشق المتظاهرون الفلسطينيون الجنود بالحجارة")
    typ, actor = get(items, "المتظاهرون الفلسطينيون")
    assert typ is None and (actor.country, actor.sector) == ("PSE", "CVL")


def test_group_adjective_of_a_named_group(dictionary):
    items = mentions(dictionary, "قصفت الميليشيات الحوثية حيا سكنيا")
    actor = get(items, "الميليشيات الحوثية")[1]
    assert (actor.country, actor.sector) == ("YEM", "REB")
    items = mentions(dictionary, "وأعلنت الجماعة الحوثية مسؤوليتها")
    assert get(items, "الجماعة الحوثية")[1].country == "YEM"


def test_adjective_of_the_same_kind_makes_one_group(dictionary):
    items = mentions(dictionary, "اختطفت الميليشيات الانقلابية عددا من المواطنين")
    typ, actor = get(items, "الميليشيات الانقلابية")
    assert typ is None and actor.sector == "REB"


def test_descriptor_before_an_organisation(dictionary):
    # the organisation stays the entity; the descriptor alone is not an actor
    items = mentions(dictionary, "وقال إن مسلحي داعش فروا من القرية")
    assert get(items, "داعش")[1].code == "ISIS"
    assert not any(t.startswith("مسلحي") for t, _, _ in items)
    items = mentions(dictionary, "تصدت القوات لتسلل لعناصر ميليشيات الحوثي")
    typ, actor = get(items, "ميليشيات الحوثي")
    assert typ == "ORG" and actor.code == "HOUTHI"
    assert not any(t.startswith("لعناصر") for t, _, _ in items)


def test_descriptor_without_head_is_nothing(dictionary):
    items = mentions(dictionary, "اعتقلت الشرطة خمسة عناصر أمس")
    assert not any("عناصر" in t for t, _, _ in items)
    items = mentions(dictionary, "ستتولى شركات مصرية أعمال الحفر")
    assert get(items, "شركات مصرية")[1].code == "EGYBUS"
    assert not any(t == "الشركة" for t, _, _ in mentions(dictionary, "وقالت الشركة في بيان"))


def test_people_of_a_place(dictionary):
    items = mentions(dictionary, "خرج سكان غزة إلى الشوارع")
    typ, actor = get(items, "سكان")
    assert typ is None and (actor.country, actor.sector) == ("PSE", "CVL")
    assert get(items, "غزة")[0] == "LOC"  # the place stays an entity


def test_dash_code_is_accepted_in_user_files(tmp_path):
    p = tmp_path / "mine.tsv"
    p.write_text("text\tkind\tcode\tcountry\tsector\tname_en\tfrom\tto\nمقاتلو|مقاتلي\tGROUP\t-\t\tREB\t\t\t\n",
                 encoding="utf-8")
    rows = read_actor_file(p)
    assert rows and all(r.code == "-" and r.sector == "REB" for r in rows)


# ---- with the NER model: head nouns, honorifics ---------------------------------------------
@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(["entities"])


def entities(pipe: Pipeline, text: str):
    a = pipe.analyze(Article(text=text, published="2018-06-01"))
    return [(e.text, e.type, e.actor) for e in a.entities]


def test_head_noun_refers_to_the_one_name_with_that_head(pipe):
    text = ("اتهمت منظمة العفو الدولية قوات الأمن باستخدام القوة. "
            "وقالت المنظمة في تقرير إن الضحايا مدنيون.")
    ents = entities(pipe, text)
    refs = [a for t, _, a in ents if t == "المنظمة"]
    assert refs and refs[0] is not None and refs[0].code == "AMNESTY" and refs[0].sector == "NGO"


def test_head_noun_with_two_possible_names_is_left_alone(pipe):
    text = ("التقى وفد من حزب العدالة والتنمية مع وفد من حزب المحافظين البريطاني. "
            "وقال الحزب في بيان إن اللقاء كان مثمرا.")
    ents = entities(pipe, text)
    assert not any(t == "الحزب" for t, _, _ in ents)


def test_honorifics_are_not_names(pipe):
    text = "وقال الوزير: نرحب بزيارة الصديق العزيز معالي شي جين بينغ إلى بلادنا."
    ents = entities(pipe, text)
    names = [t for t, typ, _ in ents if typ == "PER"]
    assert "العزيز" not in names and not any(t.startswith("معالي") for t in names)


# ---- events: a bare armed group -------------------------------------------------------------
def test_bare_armed_group_is_the_named_group_of_the_article():
    pipe = Pipeline()
    text = ("قالت الحكومة اليمنية إن ميليشيات الحوثي قصفت مدينة تعز. "
            "وأضافت أن الميليشيات الانقلابية اختطفت عشرات المدنيين في صنعاء.")
    a = pipe.analyze(Article(text=text, published="2018-06-01"))
    groups = [ev.source for ev in a.events if ev.source is not None and ev.source.text
              and ev.source.text.startswith("الميليشيات")]
    assert groups and groups[0].country == "YEM" and groups[0].sector == "REB"


def test_title_of_one_country_codes_the_person(pipe):
    ents = entities(pipe, "وقالت السيناتور جين دو من ولاية أيوا إن المحادثات مع كوريا الشمالية متعثرة.")
    person = [a for t, typ, a in ents if typ == "PER"]
    assert person and person[0] is not None and (person[0].country, person[0].sector) == ("USA", "LEG")


def test_more_descriptors_with_nationality(dictionary):
    items = mentions(dictionary, "وقال مسؤولون أمريكيون إن طائرات حربية إسرائيلية قصفت مواقع قرب الجنود الأتراك")
    assert get(items, "مسؤولون أمريكيون")[1].code == "USAGOV"
    assert get(items, "طائرات حربية إسرائيلية")[1].code == "ISRMIL"
    assert get(items, "الجنود الأتراك")[1].code == "TURMIL"
    # a weapon alone is not an actor
    assert not any("طائرات" in t for t, _, _ in mentions(dictionary, "حلقت طائرات فوق المدينة"))


def test_forces_of_a_government_are_military(dictionary):
    assert get(mentions(dictionary, "شنت قوات الحكومة السورية هجوما"), "قوات الحكومة السورية")[1].code == "SYRMIL"
    assert get(mentions(dictionary, "تقدمت قوات النظام نحو المدينة"), "قوات النظام")[1].sector == "MIL"
    assert get(mentions(dictionary, "وصل وفد الحكومة اليمنية"), "وفد الحكومة اليمنية")[1].code == "YEMGOV"


def test_descriptor_of_another_sector_keeps_its_sector(dictionary):
    assert get(mentions(dictionary, "وكان تلفزيون النظام قد ذكر"), "تلفزيون النظام")[1].sector == "MED"
    assert get(mentions(dictionary, "غارات تنفذها طائرات النظام"), "طائرات النظام")[1].sector == "MIL"
    assert get(mentions(dictionary, "قالت شركة الطيران إن"), "شركة الطيران")[1].sector == "BUS"
    assert get(mentions(dictionary, "انسحب مقاتلي المعارضة"), "مقاتلي المعارضة")[1].sector == "OPP"
