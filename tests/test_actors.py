"""Actor dictionary: loading and its errors, composition in noun phrases, coreference,
user dictionaries, and the entities component on the reference article."""

from __future__ import annotations

import datetime as dt
import json
import warnings

import pytest

from marsad.coding.actors import ActorDictionary, ActorFileError, prefix_stems, read_actor_file
from marsad.model import Actor
from marsad.pipeline import Pipeline
from marsad.text.segment import tokenize

HEADER = "text\tkind\tcode\tcountry\tsector\tname_en\tfrom\tto\n"


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(["entities"], ner=False)


def coded(d: ActorDictionary, text: str, day: dt.date | None = dt.date(2020, 2, 11)):
    toks = tokenize(text)
    return [(text[toks[m.i].start:toks[m.j - 1].end], m.type, m.actor) for m in d.mentions(toks, day)]


def find(items, phrase):
    for t, typ, actor in items:
        if t == phrase:
            return typ, actor
    raise AssertionError(f"{phrase!r} not among {[t for t, _, _ in items]}")


# ---- loading -------------------------------------------------------------------------

def write(tmp_path, body: str, name: str = "a.tsv"):
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def test_builtin_dictionary_loads_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        d = ActorDictionary.load()
    assert d.warnings == []
    assert len(d.entries) > 3000


def test_user_row_is_read(tmp_path):
    p = write(tmp_path, HEADER + "لواء الاختبار|كتائب الاختبار\tORG\tTESTMIL\tIRQ\tREB\tTest Brigade\t2015\t\n")
    rows = read_actor_file(p)
    assert [r.text for r in rows] == ["لواء الاختبار", "كتائب الاختبار"]
    assert rows[0].country == "IRQ" and rows[0].sector == "REB" and rows[0].start == dt.date(2015, 1, 1)


@pytest.mark.parametrize("body, message", [
    ("text\tkind\tcountry\n", "header lacks column(s) code, sector, name_en, from, to"),
    (HEADER + "حزب\n", "missing column"),
    (HEADER + "حزب\tORG\tX\tIRQ\tXYZ\t\t\t\n", "unknown sector 'XYZ'"),
    (HEADER + "حزب\tTHING\tX\tIRQ\tPTY\t\t\t\n", "unknown kind 'THING'"),
    (HEADER + "حزب\tORG\tX\tIRQ\tPTY\t\t2019-13-01\t\n", "bad date '2019-13-01'"),
    (HEADER + "حزب\tORG\tX\tIRQ\tPTY\t\t2020-01-01\t2019-01-01\n", "bad date range"),
    (HEADER + "حزب\tORG\tX\tIRAQ\tPTY\t\t\t\n", "not an ISO 3166 alpha-3 code"),
    (HEADER + "حزب\tORG\tTHE PARTY\tIRQ\tPTY\t\t\t\n", "must be letters and digits only"),
])
def test_bad_rows_name_file_and_line(tmp_path, body, message):
    p = write(tmp_path, "# a comment\n" + body)
    with pytest.raises(ActorFileError) as exc:
        read_actor_file(p)
    text = str(exc.value)
    assert message in text
    assert f"{p}:" in text
    line = 2 if body.startswith("text\tkind\tcountry") else 3
    assert f"{p}:{line}:" in text


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ActorFileError, match="not found"):
        ActorDictionary.load([tmp_path / "nope.tsv"])


def test_conflicting_duplicate_warns(tmp_path):
    p = write(tmp_path, HEADER + "فصيل الاختبار\tORG\tAAA\tIRQ\tREB\t\t\t\n"
                                  "فصيل الاختبار\tORG\tBBB\tSYR\tREB\t\t\t\n")
    with pytest.warns(UserWarning, match=r"a\.tsv:3: 'فصيل الاختبار' is already coded AAA at .*a\.tsv:2"):
        d = ActorDictionary.load([p], builtin=False)
    assert len(d.warnings) == 1


def test_dated_roles_are_not_duplicates(tmp_path):
    p = write(tmp_path, HEADER + "فلان الفلاني\tPER\t\tIRQ\tGOV\t\t2010\t2014\n"
                                  "فلان الفلاني\tPER\t\tIRQ\tOPP\t\t2014\t\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ActorDictionary.load([p], builtin=False)


# ---- matching and composition --------------------------------------------------------

def test_prefix_stems():
    assert prefix_stems("وبالعراق")[:1] == ("وبالعراق",)
    assert "العراق" in prefix_stems("وبالعراق")
    assert "العراق" in prefix_stems("للعراق")
    assert prefix_stems("بغداد")[0] == "بغداد"


def test_country_and_adjectives(dictionary):
    items = coded(dictionary, "زار وفد من العراق والأردن وقال مسؤولون عراقيون إن القوات الأميركية باقية")
    assert find(items, "العراق") == ("LOC", Actor("IRQ", "IRQ", None, "Iraq"))
    assert find(items, "والأردن")[1].country == "JOR"
    typ, actor = find(items, "القوات الأميركية")
    assert typ == "ORG" and (actor.country, actor.sector) == ("USA", "MIL")


def test_government_with_adjective(dictionary):
    typ, actor = find(coded(dictionary, "نحن على اتصال وثيق بالحكومة العراقية"), "بالحكومة العراقية")
    assert typ == "ORG" and (actor.code, actor.country, actor.sector) == ("IRQGOV", "IRQ", "GOV")


def test_committee_attached_to_parliament(dictionary):
    items = coded(dictionary, "أعلنت لجنة الأمن والدفاع بالبرلمان العراقي أن")
    typ, actor = find(items, "لجنة الأمن والدفاع")
    assert typ == "ORG" and (actor.country, actor.sector) == ("IRQ", "LEG")
    assert find(items, "بالبرلمان العراقي")[1].code == "IRQLEG"


def test_role_organisation_person(dictionary):
    items = coded(dictionary, "ردا على مقتل قائد فيلق القدس قاسم سليماني")
    assert find(items, "فيلق القدس")[1].country == "IRN"
    typ, actor = find(items, "قاسم سليماني")
    assert typ == "PER" and (actor.country, actor.sector, actor.name_en) == ("IRN", "MIL", "Qasem Soleimani")


def test_secretary_general_of_nato(dictionary):
    items = coded(dictionary, "كشف الأمين العام لحلف شمال الأطلسي، ينس ستولتنبرج، عن")
    typ, nato = find(items, "لحلف شمال الأطلسي")
    assert typ == "ORG" and (nato.code, nato.country, nato.sector) == ("NATO", None, "IGO")
    typ, person = find(items, "ينس ستولتنبرج")
    assert typ == "PER" and (person.code, person.country, person.sector) == ("NATO", None, "IGO")
    assert person.name_en == "Jens Stoltenberg"


def test_person_role_depends_on_date(dictionary):
    text = "قال ينس ستولتنبرج"
    assert find(coded(dictionary, text, dt.date(2012, 5, 1)), "ينس ستولتنبرج")[1].code == "NORGOV"
    assert find(coded(dictionary, text, dt.date(2020, 2, 11)), "ينس ستولتنبرج")[1].code == "NATO"


def test_role_and_adjective_code_unknown_person():
    # the person is not in the dictionary: the title gives the code
    from marsad.extract.entities import EntityComponent, _role_actor

    d = ActorDictionary.load()
    toks = tokenize("قال وزير الخارجية الياباني فلان الفلاني")
    ms = d.mentions(toks, None)
    roles = {m.j: m for m in ms if m.kind == "ROLE"}
    actor = _role_actor(toks, roles, 4)
    assert (actor.country, actor.sector) == ("JPN", "GOV")
    assert isinstance(EntityComponent(d), EntityComponent)


def test_everyday_words_are_not_places(dictionary):
    items = coded(dictionary, "أكد أن الدولة كانت تعمل على الأمن في المدينة وأن الدعم المالي مستمر "
                              "منذ الخميس وقالت السلطات إن مدينة كبيرة قم بزيارتها")
    assert [t for t, typ, _ in items if typ] == []


# ---- the component: coreference, user dictionaries -----------------------------------

def test_coreference_short_name_and_alliance(pipe):
    text = ("كشف الأمين العام لحلف شمال الأطلسي، ينس ستولتنبرج، عن خطة جديدة.\n"
            "وأضاف ستولتنبرج أن الحلف سيبقى في العراق.")
    a = pipe.analyze(text, published="2020-02-11")
    by_text = {e.text: e for e in a.entities}
    assert by_text["ستولتنبرج"].type == "PER"
    assert by_text["ستولتنبرج"].actor.code == "NATO"
    assert by_text["الحلف"].type == "ORG" and by_text["الحلف"].actor.code == "NATO"
    for e in a.entities:
        assert a.text[e.start:e.end] == e.text


def test_back_reference_needs_the_full_name(pipe):
    a = pipe.analyze("قال الحلف إن الاجتماع انتهى.", published="2020-02-11")
    assert [e.text for e in a.entities] == []


def test_user_dictionary_adds_and_overrides(tmp_path):
    p = write(tmp_path, HEADER + "لواء الاختبار\tORG\t\tIRQ\tREB\tTest Brigade\t\t\n"
                                  "حزب الله\tORG\tHZB\tLBN\tPTY\tHezbollah (party)\t\t\n")
    pipe = Pipeline(["entities"], actors=[str(p)], ner=False)
    a = pipe.analyze("هاجم لواء الاختبار مواقع وانتقده حزب الله.", published="2020-02-11")
    by_text = {e.text: e for e in a.entities}
    assert by_text["لواء الاختبار"].actor == Actor("IRQREB", "IRQ", "REB", "Test Brigade")
    assert by_text["حزب الله"].actor.code == "HZB"
    # the built-in dictionary is untouched for other pipelines
    b = Pipeline(["entities"], ner=False).analyze("انتقده حزب الله.", published="2020-02-11")
    assert b.entities[0].actor.code == "HEZBOLLAH"


def test_bad_user_dictionary_stops_the_pipeline(tmp_path):
    p = write(tmp_path, HEADER + "لواء\tORG\t\tIRQ\tWARLORDS\t\t\t\n")
    with pytest.raises(ActorFileError, match=r"a\.tsv:2: unknown sector"):
        Pipeline(["entities"], actors=[str(p)], ner=False)


# ---- the reference article -----------------------------------------------------------

SEED_EXPECTED = {
    "حلف شمال الأطلسي": ("ORG", None, "IGO"),
    "ينس ستولتنبرج": ("PER", None, "IGO"),
    "العراق": ("LOC", "IRQ", None),
    "بروكسل": ("LOC", "BEL", None),
    "بالحكومة العراقية": ("ORG", "IRQ", "GOV"),
    "لجنة الأمن والدفاع": ("ORG", "IRQ", "LEG"),
    "فيلق القدس": ("ORG", "IRN", "MIL"),
    "قاسم سليماني": ("PER", "IRN", "MIL"),
    "بعثة الحلف الأطلسي": ("ORG", None, "IGO"),
    "للقوات العراقية": ("ORG", "IRQ", "MIL"),
}


def test_reference_article_entities(pipe, seed_text):
    a = pipe.analyze(seed_text, published="2020-02-11")
    seen = {}
    for e in a.entities:
        seen.setdefault("حلف" + e.text[4:] if e.text.startswith("لحلف") else e.text, e)
    for name, (typ, country, sector) in SEED_EXPECTED.items():
        assert name in seen, f"{name} not found"
        e = seen[name]
        assert (e.type, e.actor.country, e.actor.sector) == (typ, country, sector), name


def test_reference_article_against_gold(pipe, shared_data):
    from marsad.evaluate import Scores, score_article
    from marsad.model import Article

    art = json.loads((shared_data / "gold" / "seed_article.jsonl").read_text(encoding="utf-8").splitlines()[0])
    gold = json.loads((shared_data / "gold" / "seed_gold.jsonl").read_text(encoding="utf-8").splitlines()[0])
    a = pipe.analyze(Article.from_dict(art))
    scores = Scores()
    score_article(a, gold, scores)
    assert scores.entities.recall >= 0.85
    assert scores.entities.precision >= 0.8
    assert scores.entity_country.value >= 0.95


# ---- merging with the NER model (a stand-in tagger) ----------------------------------

class FakeNer:
    """Tags the token ranges given as (first word, number of words, type)."""

    def __init__(self, spans):
        self.want = spans

    def spans(self, tokens):
        out = []
        for k, t in enumerate(tokens):
            for word, n, typ in self.want:
                if t.text == word:
                    out.append((k, k + n, typ))
        return out


def ner_entities(text, spans, published="2018-07-09"):
    from marsad.extract.entities import EntityComponent

    comp = EntityComponent(ActorDictionary.load(), FakeNer(spans))
    pipe = Pipeline([], ner=False)
    pipe.components = (comp,)
    return {e.text: e for e in pipe.analyze(text, published=published).entities}


def test_court_attached_to_a_city(dictionary):
    typ, actor = find(coded(dictionary, "أصدرت المحكمة المركزية في سول حكمها"), "المحكمة المركزية")
    assert typ == "ORG" and (actor.country, actor.sector) == ("KOR", "JUD")


def test_model_person_after_title_takes_its_code():
    ents = ner_entities("وقال وزير الخارجية الياباني فلان علان إن", [("فلان", 2, "PER")])
    assert ents["فلان علان"].type == "PER"
    assert (ents["فلان علان"].actor.country, ents["فلان علان"].actor.sector) == ("JPN", "GOV")


def test_model_span_around_a_known_place_takes_its_country():
    ents = ner_entities("أصدرت هيئة النزاهة في سول تقريرها", [("هيئة", 4, "ORG")])
    assert ents["هيئة النزاهة في سول"].actor.country == "KOR"
    assert ents["سول"].type == "LOC"


def test_known_name_is_not_swallowed_by_a_model_span():
    ents = ner_entities("انتقد ترامب كومي بشدة", [("ترامب", 2, "PER")])
    assert "ترامب" in ents and "ترامب كومي" not in ents
    assert ents["ترامب"].actor.code == "USAGOV"


def test_model_person_without_title_takes_the_article_country():
    text = "وصل الوفد إلى دمشق.\nقال مسؤولون في سوريا إن الوضع هادئ في حلب.\nوقال فلان علان إن المعارك توقفت."
    ents = ner_entities(text, [("فلان", 2, "PER")])
    assert ents["فلان علان"].actor.country == "SYR"


def test_model_span_around_a_transnational_group_keeps_no_country():
    # the article is about Syria, but ISIS is not Syrian: a model span that runs past the
    # dictionary name (تنظيم داعش الإرهابي) keeps the group's own code, with no country
    text = "وصل الوفد إلى دمشق.\nقال مسؤولون في سوريا إن تنظيم داعش الإرهابي هاجم حلب."
    ents = ner_entities(text, [("تنظيم", 3, "ORG")])
    e = ents["تنظيم داعش الإرهابي"]
    assert (e.actor.code, e.actor.country, e.actor.sector) == ("ISIS", None, "REB")


def test_missing_model_falls_back_to_the_dictionary(monkeypatch):
    from marsad.extract import entities

    class Broken:
        class ModelError(Exception):
            pass

        class NerModel:
            @staticmethod
            def load(path=None):
                raise Broken.ModelError("NER model file not found: /nowhere")

    import marsad.extract as pkg
    monkeypatch.setattr(pkg, "ner", Broken, raising=False)
    monkeypatch.setitem(__import__("sys").modules, "marsad.extract.ner", Broken)
    with pytest.warns(UserWarning, match="actor dictionary only: NER model file not found"):
        comp = entities.make_component({})
    assert comp.ner is None


def test_model_person_surname_takes_the_full_mention_code():
    text = "وقال وزير الخارجية الياباني فلان علان إن بلاده مستعدة.\nوأضاف علان أن المحادثات مستمرة."
    ents = ner_entities(text, [("فلان", 2, "PER"), ("علان", 1, "PER")])
    assert ents["علان"].actor.country == "JPN"


@pytest.mark.parametrize("word, country", [
    ("العراق", "IRQ"), ("العراقي", "IRQ"), ("العراقية", "IRQ"), ("العراقيون", "IRQ"), ("العراقيين", "IRQ"),
    ("الأمريكية", "USA"), ("الأميركية", "USA"), ("الأمريكان", "USA"), ("السعوديين", "SAU"), ("السورية", "SYR"),
    ("الكوري الشمالي", "PRK"), ("الألمانية", "DEU"), ("اللبنانيون", "LBN"), ("الأتراك", "TUR"),
])
def test_country_names_and_adjectives(dictionary, word, country):
    from marsad.coding.actors import words_of

    entries = dictionary.entries[words_of(word)]
    assert {e.country for e in entries} == {country}
