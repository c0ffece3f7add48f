import re

from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.text.normalize import _EXPAND_RE, NormalizedText, normalize


def test_hamza_alef_forms():
    assert normalize("أإآٱ") == "اااا"


def test_maqsura_and_ta_marbuta():
    assert normalize("مستشفى الحكومة") == "مستشفي الحكومه"


def test_diacritics_and_tatweel_removed():
    assert normalize("الرَّئِيسُ") == "الرئيس"
    assert normalize("مُحَمَّدٌ") == "محمد"
    assert normalize("هـذا") == "هذا"
    assert normalize("رحمٰن") == "رحمن"  # dagger alef


def test_digits_to_ascii():
    assert normalize("٢٠٢٠") == "2020"
    assert normalize("۱۳۹۸") == "1398"


def test_presentation_forms_nfkc():
    assert normalize("ﻻ") == "لا"
    assert normalize("ﺑﻐﺪاد") == "بغداد"


def test_controls_removed():
    assert normalize("بغ\u200fداد\u200b") == "بغداد"
    assert normalize("\u202bنص\u202c") == "نص"


def test_arabic_punctuation():
    assert normalize("قال، نعم؛ لماذا؟ «هنا»") == 'قال, نعم; لماذا? "هنا"'


def test_offsets_map_back_with_diacritics():
    s = "أَعْلَنَ الرَّئِيسُ"
    nt = NormalizedText(s)
    assert nt.text == "اعلن الرئيس"
    i = nt.text.index("الرئيس")
    assert nt.original_span(i, i + len("الرئيس")) == "الرَّئِيسُ"
    assert nt.original_span(0, 4) == "أَعْلَنَ"


def test_offsets_map_back_with_expansion():
    s = "قال ﻻ أعرف"
    nt = NormalizedText(s)
    assert nt.text == "قال لا اعرف"
    assert nt.original_span(4, 6) == "ﻻ"
    assert nt.original_span(7, 11) == "أعرف"


def test_identity_map_for_plain_text():
    s = "قال الوزير في بغداد"
    nt = NormalizedText(s)
    assert nt.to_original(4, 10) == (4, 10)


arabicish = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(list(" .،\u200f\u200b\u0640ـ٣abc\n«»")),
        st.characters(),
    ),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(arabicish)
def test_property_spans_map_back(s):
    nt = NormalizedText(s)
    assert nt.text == normalize(s)
    n = len(nt.text)
    for m in re.finditer(r"\S+", nt.text):
        a, b = nt.to_original(m.start(), m.end())
        assert 0 <= a <= b <= len(s)
        # the original characters normalize back to the matched text (exactly, unless a
        # compatibility character expanded into several, e.g. a ligature)
        back = normalize(s[a:b])
        assert m.group() in back
        if not _EXPAND_RE.search(s):
            assert back == m.group()
    for a_ in range(0, n, max(1, n // 7)):
        for b_ in range(a_ + 1, n + 1, max(1, n // 5)):
            oa, ob = nt.to_original(a_, b_)
            assert 0 <= oa <= ob <= len(s)
            assert nt.text[a_:b_] in normalize(s[oa:ob])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_property_normalize_idempotent(s):
    once = normalize(s)
    assert normalize(once) == once
