"""types4 (fresh ANT articles, all types; sentences written for the tests): طالب as a noun
(asylum seeker, student) is not a demand; "ما يدعو" (cause for) is not a call; the dateline of a
CNN report (مدينة، بلد (CNN)--) names no actor; a person subject followed by a comma and a
state is not one compound subject; closing an embassy, a consulate or a border crossing
(إغلاق) is a sanction whose genitive is what is closed."""

from __future__ import annotations

from functools import lru_cache

from marsad.pipeline import Pipeline


@lru_cache(maxsize=1)
def _pipe():
    return Pipeline(event_gate=False, event_attach=False)


def code(text):
    an = _pipe().analyze(text, published="2018-05-01")
    return [(e.plover, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in an.events]


def types(text):
    return sorted(e[0] for e in code(text))


# --- طالب the noun
def test_asylum_seeker_is_not_a_demand():
    assert "REQUEST" not in types("وأصدرت محكمة فرنسية حكما على طالب لجوء مغربي بالسجن خمس سنوات.")
    assert "REQUEST" not in types("وكان طالب اللجوء الأفغاني قد وصل إلى ألمانيا قبل عامين.")
    assert "REQUEST" not in types("واستقبلت السويد نحو مئة ألف طالب من العراق.")


def test_student_after_a_preposition_is_not_a_demand():
    assert "REQUEST" not in types("وقعت الحادثة على يد طالب سابق في المدرسة الثانوية بتكساس.")


def test_demand_verb_is_still_a_request():
    assert ("REQUEST", None, "IRN") in [(t, None, c) for t, _, c in code("وطالب الوزير إيران بالإفراج عن البحارة.")]
    assert "REQUEST" in types("طالب وزير الخارجية الأردني أيمن الصفدي إسرائيل بوقف الاستيطان.")


# --- ما يدعو
def test_cause_for_is_not_a_call():
    assert "REQUEST" not in types("وقال وزير الخارجية الألماني إن ألمانيا لا ترى ما يدعو لمعاقبة روسيا.")
    assert "REQUEST" not in types("ورأى الرئيس الفرنسي أن ما يدعوه للتفاؤل هو موقف إيران.")


def test_call_verb_is_still_a_request():
    assert "REQUEST" in types("ودعا الرئيس الفرنسي إيران إلى احترام الاتفاق النووي.")


# --- CNN dateline
def test_cnn_dateline_names_no_actor():
    ev = code("بيروت، لبنان (CNN)-- اتهم وزير الخارجية السعودي عادل الجبير إيران بدعم الإرهاب.")
    assert ev and all(t == "ACCUSE" for t, _, _ in ev)
    assert all(s != "LBN" and c != "LBN" for _, s, c in ev)
    assert ("ACCUSE", "SAU", "IRN") in ev


def test_cnn_dateline_with_long_dash():
    ev = code("عمان، الأردن (CNN)— انتقد رئيس الوزراء الأردني عمر الرزاز الحكومة الإسرائيلية.")
    assert ev and all(s != "JOR" or c != "JOR" for _, s, c in ev)
    assert ("ACCUSE", "JOR", "ISR") in ev


# --- person subject, comma, object list
def test_person_then_comma_then_states_is_the_object_list():
    ev = code("اتهم وزير الخارجية القطري الشيخ محمد بن عبدالرحمن، السعودية والإمارات بمحاولة تغيير نظام الحكم.")
    assert ev and all(s == "QAT" for _, s, _ in ev)  # (not SAU, ARE: the accused)


def test_comma_list_of_states_is_still_one_compound():
    ev = code("وأدانت مصر، السعودية والإمارات الهجوم على المسجد في سيناء.")
    assert {s for _, s, _ in ev} >= {"EGY", "SAU", "ARE"} or not ev


# --- إغلاق
def test_closing_a_consulate_is_a_sanction_on_its_owner():
    ev = code("وقال لافروف إن موسكو قررت أيضا إغلاق القنصلية الأمريكية في مدينة سان بطرسبرغ.")
    assert ev and all(t == "SANCTION" and c == "USA" for t, _, c in ev)  # (the consulate is not the agent)


def test_ordered_closure_of_a_crossing_is_a_sanction():
    assert "SANCTION" in types("وأمرت الحكومة المصرية بإغلاق معبر رفح مع قطاع غزة حتى إشعار آخر.")


def test_airspace_closed_by_a_fire_is_not_a_sanction():
    assert "SANCTION" not in types("وقال البيان إن الحريق أجبر السلطات على إغلاق المجال الجوي القريب.")


# --- an indefinite plural of people as the subject right after a past verb
def test_unnamed_plural_subject_after_a_past_verb():
    assert types("كما هدد قادة أوروبيون بفرض عقوبات جديدة على المسؤولين.") == ["THREATEN"]
    assert types("وطالب نواب بفتح تحقيق في صفقة الأسلحة.") == ["REQUEST"]
    assert "ACCUSE" in types("وانتقد ناشطون قرار المحكمة بسجن المدونين.")


def test_present_verb_with_plural_people_is_not_reported():
    # a present verb is a habit or a possibility, not a report: no unnamed subject
    assert types("ويطالب سكان المدينة منذ سنوات بتحسين الخدمات.") == []


# --- fighting that "goes on" (تدور / دارت): reported, even without named sides
def test_fighting_going_on_is_an_assault():
    assert "ASSAULT" in types("وتدور اشتباكات عنيفة جنوب المدينة منذ صباح اليوم.")
    assert "ASSAULT" in types("ودارت معارك في محيط المطار طوال الليل.")


def test_fighting_noun_without_an_occurrence_verb_is_still_a_reference():
    assert "ASSAULT" not in types("وتطرق الاجتماع إلى المعارك الأخيرة.")


# --- an arrest of a number of people by an uncoded body (الشرطة، قوات الأمن)
def test_counted_arrest_by_the_police_is_reported():
    assert types("وألقت الشرطة القبض على سبعة أشخاص في المدينة.") == ["COERCE"]
    assert types("وأعلنت قوات الأمن اعتقال 15 شخصا بعد المداهمة.") == ["COERCE"]


def test_uncounted_nominal_arrest_by_an_uncoded_body_stays_dropped():
    assert types("وتحدث الشهود عن اعتقال الشرطة للمتظاهرين.") == []


# --- protesters burning or throwing things
def test_protesters_burning_or_throwing_is_a_protest():
    assert "PROTEST" in types("وأحرق متظاهرون غاضبون مقر الحزب في المدينة.")
    assert "PROTEST" in types("وأضرم محتجون النار في إطارات السيارات.")
    assert "PROTEST" in types("وألقى محتجون زجاجات حارقة على مبنى المحافظة.")


def test_police_arresting_protesters_is_not_protesters_throwing():
    assert "PROTEST" not in types("وألقت الشرطة القبض على المتظاهرين.")
    assert types("وألقى الرئيس كلمة أمام البرلمان.") == []


def test_definite_protesters_burning_describe_a_protest_already_reported():
    assert "PROTEST" not in types("وهتفوا ضد الحكومة، فيما أحرق المتظاهرون أعلاما أمريكية.")


# --- هاجم in words: a politician, a ministry or the press attacks (no weapon, no casualty)
def test_politician_attacking_in_words_is_an_accusation():
    assert types("وهاجم الرئيس الأميركي دونالد ترامب وزير الخارجية السابق جون كيري بسبب تصريحاته.") == ["ACCUSE"]
    assert types("هاجمت وزارة الخارجية الإسرائيلية نادي ريال مدريد بسبب تكريمه للناشطة.") == ["ACCUSE"]


def test_physical_attack_stays_an_assault():
    assert types("وهاجم رجل مسلح بسكين التلاميذ أثناء عودتهم من المدرسة.") == ["ASSAULT"]
    assert "ASSAULT" in types("وهاجمت حركة الشباب بسيارة ملغومة موكبا عسكريا خارج مقديشو.")
    assert "ACCUSE" not in types("أقر شاب بأنه هاجم الصحفية فيكتوريا مارينوفا التي أثار مقتلها موجة غضب.")
