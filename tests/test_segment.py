import gzip
import itertools
import json

from marsad.text.segment import clitic_stems, split_sentences, tokenize


def _sents(text):
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_reference_article_one_sentence_per_line(seed_text):
    lines = [ln.strip() for ln in seed_text.split("\n") if ln.strip()]
    assert _sents(seed_text) == lines


def test_full_stops_and_question_marks():
    t = "قال الوزير إن القوات انسحبت. وأضاف أن المحادثات مستمرة؟ لا أحد يعرف! انتهى"
    assert _sents(t) == ["قال الوزير إن القوات انسحبت.", "وأضاف أن المحادثات مستمرة؟", "لا أحد يعرف!", "انتهى"]


def test_semicolon_and_ellipsis():
    assert _sents("بدأ الاجتماع؛ ثم انتهى… وغادر الوفد") == ["بدأ الاجتماع؛", "ثم انتهى…", "وغادر الوفد"]


def test_decimal_numbers_do_not_split():
    assert _sents("ارتفع النمو إلى 3.5 في المئة. وتراجع التضخم") == [
        "ارتفع النمو إلى 3.5 في المئة.", "وتراجع التضخم"]


def test_abbreviations_do_not_split():
    t = "وقال د. محمد علي إن الوضع صعب. ونقلت أ.ف.ب. عن مصدر أن م. خالد وصل"
    assert _sents(t) == ["وقال د. محمد علي إن الوضع صعب.", "ونقلت أ.ف.ب. عن مصدر أن م. خالد وصل"]


def test_quotes_kept_together():
    t = 'وقال الوزير: «لن ننسحب. سنبقى هنا». ثم غادر'
    assert _sents(t) == ['وقال الوزير: «لن ننسحب. سنبقى هنا».', "ثم غادر"]
    t2 = 'وأضاف "الوضع خطير. نحن مستعدون" قبل أن يغادر. وانتهى'
    assert _sents(t2) == ['وأضاف "الوضع خطير. نحن مستعدون" قبل أن يغادر.', "وانتهى"]


def test_headline_then_body():
    t = "عنوان الخبر هنا\n\nقال المتحدث إن الاجتماع انتهى."
    assert _sents(t) == ["عنوان الخبر هنا", "قال المتحدث إن الاجتماع انتهى."]


def test_real_ant_articles(shared_data):
    with gzip.open(shared_data / "news" / "ant_2018.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 200):
            text = json.loads(line)["text"]
            sents = split_sentences(text)
            assert sents or not text.strip()
            prev = 0
            for s in sents:
                assert prev <= s.start < s.end <= len(text)
                assert text[s.start:s.end] == text[s.start:s.end].strip()
                prev = s.end
            # every non-space character is in some sentence
            covered = sum(s.end - s.start for s in sents)
            assert covered >= len("".join(text.split())) * 0.9


def test_tokens_keep_surface_and_offsets():
    t = "وبالعراق، قال الرَّئِيسُ ١٢ مرة"
    toks = tokenize(t)
    for tok in toks:
        assert t[tok.start:tok.end] == tok.text
    words = [tok.text for tok in toks]
    assert words == ["وبالعراق", "،", "قال", "الرَّئِيسُ", "١٢", "مرة"]
    assert toks[3].norm == "الرئيس"
    assert toks[4].norm == "12"


def test_clitic_stems_proclitics():
    assert clitic_stems("وبالعراق")[0] == "وبالعراق"
    for stem in ("بالعراق", "العراق", "عراق"):
        assert stem in clitic_stems("وبالعراق")
    assert "القوات" in clitic_stems("للقوات")
    assert "الحكومه" in clitic_stems("فالحكومه")
    assert "يقول" in clitic_stems("سيقول") or "يقول" in clitic_stems("وسيقول")
    assert "يقول" in clitic_stems("وسيقول")


def test_clitic_stems_enclitics():
    assert "حكومه" in clitic_stems("حكومته")  # ta marbuta restored (normalized ه)
    assert "قوات" in clitic_stems("قواتها")
    assert "بلاد" in clitic_stems("وبلادهم")
    assert "عمليات" in clitic_stems("عملياتنا")


def test_clitic_stems_keep_short_words():
    assert clitic_stems("في") == ("في",)
    assert all(len(s) >= 2 for s in clitic_stems("ولد"))
