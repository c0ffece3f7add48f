import json

from click.testing import CliRunner

from marsad.cli import main
from marsad.evaluate import Scores, dedupe_mentions, names_match, score_article
from marsad.model import Actor, Analysis, Entity, Event, Participant, Place, Quote, Span, TimeExpr

TEXT = "قال وزير الخارجية العراقي فؤاد حسين أمس في بغداد إن العراق يطالب القوات الأمريكية بالانسحاب."

GOLD = {
    "id": "t1",
    "published": "2020-02-11",
    "entities": [
        {"text": "فؤاد حسين", "type": "PER", "country": "IRQ", "sector": "GOV"},
        {"text": "بغداد", "type": "LOC", "country": "IRQ", "sector": None},
        {"text": "العراق", "type": "LOC", "country": "IRQ", "sector": None},
        {"text": "القوات الأمريكية", "type": "ORG", "country": "USA", "sector": "MIL"},
    ],
    "places": [{"text": "بغداد", "name_en": "Baghdad", "country": "IRQ", "lat": 33.31, "lon": 44.36}],
    "dates": [{"text": "أمس", "value": "2020-02-10"}],
    "quotes": [{"speaker": "فؤاد حسين", "quote": "العراق يطالب القوات الأمريكية بالانسحاب"}],
    "events": [{"plover": "REQUEST", "source": {"country": "IRQ"}, "target": {"country": "USA", "sector": "MIL"}}],
}


def _span(s):
    i = TEXT.index(s)
    return i, i + len(s)


def _analysis():
    ents = (
        Entity("حسين", *_span("حسين"), "PER", Actor("IRQGOV", "IRQ", "GOV")),
        Entity("فؤاد حسين", *_span("فؤاد حسين"), "PER", Actor("IRQGOV", "IRQ", "GOV")),
        Entity("ببغداد", *_span("بغداد"), "LOC", Actor("IRQ", "IRQ")),
        Entity("القوات الامريكية", *_span("القوات الأمريكية"), "ORG", Actor("USAMIL", "IRQ", "MIL")),
        Entity("الخارجية", *_span("الخارجية"), "ORG", None),
    )
    return Analysis(
        id="t1", text=TEXT, published="2020-02-11",
        entities=ents,
        places=(Place("بغداد", *_span("بغداد"), "Baghdad", "IRQ", 33.34, 44.4, None, "PPLC", "city"),),
        dates=(TimeExpr("أمس", *_span("أمس"), "2020-02-09"), TimeExpr("2020", 0, 1, "2020")),
        quotes=(Quote("العراق يطالب", *_span("العراق يطالب"), "فؤاد حسين"),),
        events=(Event(0, Span(*_span("يطالب"), "يطالب"), "100", "REQUEST",
                      source=Participant("العراق", *_span("العراق"), "IRQ", None, "IRQ"),
                      target=Participant(None, country="USA", sector="MIL")),
                Event(0, Span(0, 3, "قال"), "010", "CONSULT")),
    )


def test_names_match_clitics_spelling_and_subsets():
    assert names_match("ببغداد", "بغداد")
    assert names_match("للقوات العراقية", "القوات العراقيه")
    assert names_match("الأمم المتحدة", "الامم المتحده")
    assert names_match("ستولتنبرج", "ينس ستولتنبرج")
    assert not names_match("بغداد", "دمشق")


def test_dedupe_counts_contained_mentions_once():
    kept = dedupe_mentions([{"text": "حسين", "type": "PER"}, {"text": "فؤاد حسين", "type": "PER"},
                            {"text": "فؤاد حسين", "type": "PER"}])
    assert [k["text"] for k in kept] == ["فؤاد حسين"]


def test_score_article_by_hand():
    scores = Scores()
    row = score_article(_analysis(), GOLD, scores)
    # entities: system {فؤاد حسين, ببغداد, القوات الامريكية, الخارجية} vs 4 gold: 3 match
    assert row["entities"]["tp"] == 3 and row["entities"]["system"] == 4 and row["entities"]["gold"] == 4
    # country right for فؤاد حسين and بغداد, wrong for القوات الامريكية
    assert row["entity_country"] == {"accuracy": round(2 / 3, 4), "right": 2, "total": 3}
    assert row["places"]["f1"] == 1.0 and row["place_coordinates"]["right"] == 1
    assert row["dates_found"]["recall"] == 1.0 and row["dates_found"]["precision"] == 0.5
    assert row["dates_right"]["recall"] == 0.0
    assert row["quotes"]["f1"] == 1.0
    assert row["events"]["tp"] == 1 and row["events"]["system"] == 2
    assert row["event_types"]["precision"] == 0.5


def test_evaluate_command_runs(tmp_path):
    arts = tmp_path / "a.jsonl"
    gold = tmp_path / "g.jsonl"
    arts.write_text(json.dumps({"id": "t1", "text": TEXT, "published": "2020-02-11"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    gold.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["evaluate", "--gold", str(gold), "--articles", str(arts), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["articles"] == 1
    assert d["entities"]["gold"] == 4
    assert 0.0 <= d["entities"]["f1"] <= 1.0
