"""Places: gazetteer build and load, clitic and multi-word matching, stop-list,
disambiguation by the article's countries."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from marsad.extract.places import GazetteerError, load_gazetteer, make_component
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(components=["places"])


def places(pipe: Pipeline, text: str) -> list:
    return list(pipe.analyze(text).places)


def test_gazetteer_loads_with_arabic_names():
    g = load_gazetteer()
    (baghdad,) = [e for e in g.lookup("بغداد") if e.precision == "city"]
    assert baghdad.country == "IRQ" and abs(baghdad.lat - 33.34) < 0.1
    assert any(e.precision == "country" and e.country == "SAU" for e in g.lookup("المملكة العربية السعودية"))
    assert any(e.precision == "admin1" for e in g.lookup("ريف دمشق"))
    assert any(e.precision == "region" for e in g.lookup("الشرق الأوسط"))
    # no Persian/Kurdish spellings: every key is plain Arabic letters
    for key in g.names:
        assert not any(ch in "پچژگکیۆێە" for w in key for ch in w), key


def test_bad_gazetteer_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "g.tsv"
    bad.write_text("h\nonly\ttwo\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="9 tab-separated"):
        load_gazetteer(bad)


def test_clitics(pipe):
    for text in ("وصل الوفد ببغداد أمس", "عاد الوفد وبغداد هادئة", "رسالة لبغداد من واشنطن"):
        got = [p for p in places(pipe, text) if p.name_en == "Baghdad"]
        assert got, text
        assert got[0].text == text[got[0].start:got[0].end] == "بغداد"
    (iraq,) = [p for p in places(pipe, "زار الوزير للعراق") if p.country == "IRQ"]
    assert iraq.precision == "country"


def test_multi_word_names(pipe):
    ps = places(pipe, "وقعت الولايات المتحدة والمملكة العربية السعودية اتفاقا")
    assert [(p.text, p.country) for p in ps] == [("الولايات المتحدة", "USA"), ("المملكة العربية السعودية", "SAU")]


def test_adjectives_are_not_places(pipe):
    assert places(pipe, "قالت الحكومة العراقية إن الحرب السورية مستمرة") == []


def test_stop_list_false_friends(pipe):
    text = "كان الرئيس قد قال إن الأمن مستتب وأن الجيش تحرك الجمعة، وفق بيان لوكالة فرانس برس"
    assert places(pipe, text) == []
    assert places(pipe, "قدم دوراً كبيراً") == []


def test_two_letter_names_need_exact_spelling(pipe):
    assert [p.name_en for p in places(pipe, "وصل الجنود إلى إب")] == ["Ibb"]
    assert places(pipe, "قال الأب إنه") == []


def test_washington_is_the_capital(pipe):
    (w,) = places(pipe, "أعلنت واشنطن فرض عقوبات")
    assert w.country == "USA" and abs(w.lat - 38.9) < 0.2 and abs(w.lon + 77.0) < 0.2


def test_context_disambiguates_quneitra(pipe):
    syr = [p for p in places(pipe, "قصفت القوات السورية مواقع في القنيطرة جنوب سوريا") if p.text == "القنيطرة"]
    assert syr and syr[0].country == "SYR"
    mar = [p for p in places(pipe, "افتتح مصنع في القنيطرة شمال المغرب") if p.text == "القنيطرة"]
    assert mar and mar[0].country == "MAR"


def test_cue_word_selects_division():
    comp = make_component({})
    p = Pipeline(components=["places"])
    (d,) = p.analyze("في محافظة نينوى").places
    assert d.precision == "admin1" and d.country == "IRQ"
    assert comp.name == "places"


def test_other_names_of_a_named_place_are_folded(pipe):
    ps = places(pipe, "الولايات المتحدة تقول إن أمريكا لن تنسحب")
    assert [p.text for p in ps] == ["الولايات المتحدة"]
    all_names = Pipeline(components=["places"], place_all_names=True)
    assert len(all_names.analyze("الولايات المتحدة تقول إن أمريكا لن تنسحب").places) == 2


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "scripts"))
    spec.loader.exec_module(mod)
    return mod


def test_build_on_tiny_input(tmp_path):
    mod = _load_build_script()
    assert mod.arabic_names(["Baghdad", "بغداد", "بەغداد", "پاریس", "باريس"]) == ["بغداد", "باريس"]
    countries = [{"cca2": "IQ", "cca3": "IRQ", "name": "Iraq", "ar": {"common": "العراق", "official": "جمهورية العراق"},
                  "capital": ["Baghdad"], "latlng": [33.0, 44.0]}]
    cities = {
        "98182": {"geonameid": 98182, "name": "Baghdad", "latitude": 33.34, "longitude": 44.4, "countrycode": "IQ",
                  "population": 7216000, "alternatenames": ["Baghdad", "بغداد", "بەغداد"]},
        "1": {"geonameid": 1, "name": "Nowhere", "latitude": 0, "longitude": 0, "countrycode": "IQ",
              "population": 10, "alternatenames": ["Nowhere", "نۆوێر"]},
    }
    gn = {"IQ": {"iso3": "IRQ", "geonameid": 99237, "population": 40000000, "capital": "Baghdad"}}
    res = tmp_path / "res"
    res.mkdir()
    (res / "city_names.tsv").write_text("geonames_id\tname_en\tnames_ar\n", encoding="utf-8")
    (res / "admin1.tsv").write_text("names_ar\tname_en\tcountry\tlat\tlon\tfeature\nنينوى\tNineveh\tIRQ\t36\t42.5\tADM1\n", encoding="utf-8")
    (res / "regions.tsv").write_text("names_ar\tname_en\tcountry\tlat\tlon\tfeature\n", encoding="utf-8")
    rows = mod.build(countries, cities, gn, res, 100_000)
    out = tmp_path / "g.tsv"
    mod.write(rows, out)
    (tmp_path / "s.tsv").write_text("name\trule\n", encoding="utf-8")
    g = load_gazetteer(out, tmp_path / "s.tsv")
    assert g.lookup("بغداد")[0].feature == "PPLC"
    assert g.lookup("العراق")[0].precision == "country"
    assert g.lookup("نينوى")[0].precision == "admin1"
    assert not any("Nowhere" == e.name_en for es in g.names.values() for e in es)


def test_everyday_word_filter():
    mod = _load_build_script()
    counts = {"بيان": 500, "البيان": 400, "بيانات": 300, "حيس": 50, "بغداد": 900}
    bad = mod.everyday_words({"بيان", "حيس", "بغداد"}, counts, 1_000_000, {"بيان": 30000, "حيس": 0, "بغداد": 7_000_000})
    assert bad == {"بيان"}


def test_gold_places_score(shared_data):
    from marsad.evaluate import evaluate, load_jsonl
    from marsad.model import Article

    pipe = Pipeline(components=["places"])
    gold = load_jsonl(shared_data / "gold" / "dev_gold.jsonl")
    arts = load_jsonl(shared_data / "gold" / "dev_articles.jsonl")
    totals, _ = evaluate((pipe.analyze(Article.from_dict(a)) for a in arts), gold)
    assert totals["places"]["f1"] >= 0.85
    assert totals["place_coordinates"]["accuracy"] >= 0.9


def test_town_followed_by_masculine_nationality_is_a_club(pipe):
    assert [p.name_en for p in places(pipe, "فاز ليفربول الإنجليزي على روما")] == ["Rome"]
    assert [p.name_en for p in places(pipe, "وقع انفجار في ليفربول البريطانية")] == ["Liverpool"]


def test_place_inside_a_named_entity_is_skipped():
    import dataclasses

    from marsad.model import Analysis, Entity

    pipe = Pipeline(components=[])
    comp = make_component({})
    text = "قال بشار الأسد في دمشق"
    a = pipe.analyze(text)
    doc_tokens = a.tokens

    class _Doc:
        pass

    doc = _Doc()
    doc.text, doc.tokens = text, doc_tokens
    with_ent = dataclasses.replace(a, entities=(Entity("بشار الأسد", 4, 14, "PER"),))
    assert [p.text for p in comp(doc, with_ent).places] == ["دمشق"]
    assert isinstance(comp(doc, a), Analysis)


def test_stop_list_name_blocks_shorter_stems(pipe):
    # فرانس is a stop-list word: its stem رانس (Reims) must not be matched either
    assert places(pipe, "وكالة فرانس برس") == []
    assert places(pipe, "في المشهد الدولي") == []
