"""Event types found in fresh articles by the types5 round (sentences written for the tests):
a military operation launched (أطلق ... عملية عسكرية), military targets destroyed (دمّر ... مواقع),
an arrival on a visit (وصل ... في زيارة), recognition as a noun (اعتراف ... بالقدس), blame in a
circumstantial participle (، محمّلا X مسؤولية) — and their look-alikes (a campaign of another
kind, floods destroying houses, an arrival without a visit, an admission,
a lorry loaded with goods, an appeal made during a meeting)."""

from __future__ import annotations

from event_helpers import rule_events as events


def types(text):
    return sorted(e[0] for e in events(text))


# --- launching a military operation
def test_launching_a_military_operation_is_an_attack():
    evs = events("وكانت تركيا قد أطلقت في يناير الماضي عملية عسكرية في منطقة عفرين السورية.")
    assert [(e[0], e[1]) for e in evs] == [("ASSAULT", "TUR")]
    assert types("وأطلق الجيش العراقي عملية برية واسعة لملاحقة عناصر داعش.") == ["ASSAULT"]


def test_launching_other_campaigns_is_not_an_attack():
    assert "ASSAULT" not in types("وأطلقت وزارة الصحة المصرية حملة توعية ضد التدخين.")
    assert "ASSAULT" not in types("وأطلق الحزب الحاكم في تركيا حملته الانتخابية أمس.")


# --- destroying military targets
def test_destroying_military_targets_is_an_attack():
    assert types("ودمرت مقاتلات التحالف العربي مواقع وآليات للحوثيين في صعدة.") == ["ASSAULT"]
    assert types("وقال الجيش المصري إنه دمر مخازن أسلحة للعناصر الإرهابية في سيناء.") == ["ASSAULT"]


def test_destruction_of_houses_by_nature_is_not_an_attack():
    assert types("ودمرت الفيضانات عشرات المنازل في ولاية كيرالا الهندية.") == []


# --- arriving on a visit
def test_arrival_on_a_visit_is_a_visit_by_the_subject():
    evs = events("ووصل وزير الخارجية الأمريكي مايك بومبيو إلى بغداد، الأربعاء، في زيارة لم يعلن عنها مسبقا.")
    assert [e[0] for e in evs] == ["CONSULT"]
    assert evs[0][3] == "ووصل"
    assert evs[0][1] == "USA"


def test_arrival_without_a_visit_is_not_an_event():
    assert types("ووصل عدد القتلى في الفيضانات إلى 40 شخصا.") == []
    assert types("ووصلت قافلة مساعدات إلى المدينة المحاصرة.") == []


# --- recognition (noun) and blame in a participle
def test_recognition_noun_is_support():
    assert types("وتدهورت العلاقات منذ اعتراف الولايات المتحدة بالقدس عاصمة لإسرائيل.") == ["SUPPORT"]


def test_admission_is_not_recognition():
    assert "SUPPORT" not in types("ودعت منظمة العفو الدولية التحالف الدولي إلى الاعتراف بحجم الدمار في الرقة.")


def test_circumstantial_blame_participle_is_an_accusation_by_the_subject():
    evs = events("ورحب وزير الخارجية اليمني خالد اليماني بالقرار، محملا إيران مسؤولية التصعيد في اليمن.")
    blame = [e for e in evs if e[3] == "محملا"]
    assert blame and blame[0][0] == "ACCUSE" and blame[0][2] == "IRN"


def test_loaded_lorry_is_not_blame():
    assert "ACCUSE" not in types("وضبطت الشرطة شاحنة محملة بالأسلحة قرب الحدود، محملا السائق بضائع أخرى.")


# --- a call for a meeting is an intent to meet (AGREE 036), other calls stay appeals
def test_call_for_a_meeting_is_an_intent_to_meet():
    evs = events("ودعت روسيا إلى اجتماع عاجل لمجلس الأمن الدولي لبحث الوضع في سوريا.")
    assert [(e[0], e[1]) for e in evs] == [("AGREE", "RUS")]
    assert types("وكانت بريطانيا قد دعت لعقد قمة أوروبية طارئة.") == ["AGREE"]
    assert types("ودعا الرئيس المصري إلى إجراء حوار وطني شامل.") == ["AGREE"]


def test_call_during_a_meeting_is_still_an_appeal():
    assert types("ودعا الرئيس الفرنسي خلال اجتماع مع نظيره الروسي إلى وقف القتال في سوريا.") == ["REQUEST"]
    assert types("ودعت الأمم المتحدة إلى وقف إطلاق النار في اليمن.") == ["REQUEST"]


# --- fighting reported as going on (تدور / دارت) without naming the sides
def test_fighting_that_rages_is_reported_without_named_sides():
    assert types("وقال المرصد إن معارك عنيفة تدور على حدود المدينة الشمالية.") == ["ASSAULT"]
    assert types("ودارت اشتباكات في محيط المطار حتى ساعات الصباح.") == ["ASSAULT"]


def test_fighting_named_as_a_reference_is_not_reported():
    assert types("وتحدث الكاتب عن المعارك في كتابه الجديد.") == []


# --- وزارته is "his ministry", not "she visited him"
def test_his_ministry_is_not_a_visit():
    assert types("وقال وزير الخارجية الألماني هايكو ماس إن وزارته تتابع الوضع في سوريا.") == []
    assert types("وأكد وزير الخارجية السوداني إبراهيم غندور أمام البرلمان أن وزارته لا تستطيع سداد إيجارات السفارات.") == []


# --- إطلاق النار inside وقف إطلاق النار is the ceasefire, not a firing
def test_ceasefire_is_not_a_firing():
    assert types("وفشل إعلان وقف إطلاق النار الذي أقره مجلس الأمن الدولي في وقف القتال في الغوطة، كما أن القصف "
                 "استمر بالمنطقة خلال هدنة الساعات الخمس التي أعلنتها موسكو.") == []
    assert "ASSAULT" not in types("وانتهك الحوثيون اتفاق وقف لإطلاق النار في الحديدة.")


def test_firing_is_still_a_firing():
    assert types("وأدى إطلاق النار على المتظاهرين إلى مقتل 3 أشخاص.") == ["ASSAULT"]


# --- a projectile reported as fired, its shooter unnamed
def test_projectile_fired_by_an_unnamed_shooter_is_an_attack():
    assert types("وسقط صاروخ أطلق من غزة، الخميس، قرب بئر السبع جنوبي إسرائيل.") == ["ASSAULT"]


def test_projectile_named_without_being_fired_is_not_an_attack():
    assert types("ويملك الجيش صواريخ بعيدة المدى.") == []
