"""Event types of the verbal and diplomatic families on fresh ANT articles (sentences written
for the tests): circumstantial participles of event verbs ("، داعيا X إلى", "، متهما X بـ"),
a long name between commas, investigations and charges (فتح تحقيقا، وجّه اتهامات), blame
(ألقى باللوم على), and words that look like events but are not
(حقق "achieve", "ما وصفه X بأنه", استقبل of refugees or casualties)."""

from __future__ import annotations

from event_helpers import rule_events


def code(text):
    return [e[:3] for e in rule_events(text)]


def types(text):
    return sorted(e[0] for e in code(text))


# --- participles after the clause: the sentence's subject acts
def test_participle_call_takes_the_sentence_subject():
    ev = code("وأعلن وزير الخارجية الفرنسي جان إيف لودريان دعم بلاده للحل السياسي، داعيا إيران إلى وقف تدخلها في اليمن.")
    assert ("REQUEST", "FRA", "IRN") in ev


def test_participle_accuse_takes_the_sentence_subject():
    ev = code("ونفى الجيش الإسرائيلي مسؤوليته عن الانفجار، متهما حركة حماس بتخزين أسلحة في المنطقة.")
    assert any(e[0] == "ACCUSE" and e[1] == "ISR" and e[2] == "PSE" for e in ev)


def test_participle_demand_after_a_quote():
    ev = code('وقال وزير الخارجية السعودي عادل الجبير إن "الحوار هو السبيل الوحيد"، مطالبا قطر بوقف دعم الإرهاب.')
    assert ("REQUEST", "SAU", "QAT") in ev


def test_second_participle_does_not_take_the_first_ones_object_as_subject():
    ev = code("وتابع قائلا إن الاتهامات باطلة، مطالبا السعودية بوقف حملتها، داعيا الأطراف إلى الحوار.")
    assert not any(e[0] == "REQUEST" and e[1] == "SAU" for e in ev)


def test_accused_person_is_not_an_accusation():
    assert "ACCUSE" not in types("وقضت المحكمة العسكرية في مصر بإعدام 17 متهما وسجن 29 آخرين.")
    assert "ACCUSE" not in types("ويحاكم القس في تركيا متهما بالتجسس لصالح جماعة محظورة.")


# --- a name of three words or more between commas is an apposition
def test_long_name_between_commas_is_the_subject():
    ev = code("دعا الرئيس المصري، عبد الفتاح السيسي، الخميس، إثيوبيا إلى استئناف المفاوضات.")
    assert ("REQUEST", "EGY", "ETH") in ev
    ev = code("انتقد الرئيس التركي، رجب طيب أردوغان، الأربعاء، فرنسا.")
    assert ("ACCUSE", "TUR", "FRA") in ev


# --- investigations and charges
def test_opening_an_investigation():
    assert "ACCUSE" in types("فتحت الشرطة البريطانية تحقيقا عقب العثور على طرد مشبوه في لندن.")
    assert "ACCUSE" in types("وقالت النيابة العامة الفرنسية إنها فتحت تحقيقا في الحادث.")


def test_calling_for_an_investigation_is_not_one():
    assert types("دعا الرئيس الأمريكي دونالد ترامب إلى فتح تحقيق في تسريب الوثائق.") == ["REQUEST"]


def test_bringing_charges_and_criticism():
    assert "ACCUSE" in types("ووجهت النيابة الأمريكية إلى المتهم اتهامات بالاحتيال.")
    ev = code("ووجه الرئيس الفرنسي إيمانويل ماكرون انتقادات حادة إلى إيطاليا.")
    assert ("ACCUSE", "FRA", "ITA") in ev


def test_charges_he_denies_are_not_new_ones():
    assert "ACCUSE" not in types("ويواصل رئيس الوزراء الماليزي السابق نجيب عبد الرزاق إنكار ما يوجه إليه من اتهامات.")


def test_achieve_is_not_investigate():
    assert "ACCUSE" not in types("حقق الرئيس الروسي فلاديمير بوتين فوزا كبيرا في الانتخابات الرئاسية.")
    assert "ACCUSE" not in types("وحقق المنتخب البرازيلي فوزه الأول في البطولة على كوستاريكا.")
    assert "ACCUSE" not in types("ويسعى أردوغان إلى استثمار ما حققه في عفرين في الانتخابات.")
    assert "ACCUSE" in types("وتحقق الشرطة الإسرائيلية مع بنيامين نتنياهو في قضايا فساد.")


def test_what_someone_called_it_is_not_a_criticism():
    assert "ACCUSE" not in types("وأجرت السفن تدريبات في بحر الصين الجنوبي، فيما وصفته البحرية الصينية بأنه تدريب روتيني.")
    assert "ACCUSE" in types("ووصف الرئيس الأمريكي دونالد ترامب إيران بأنها راعية للإرهاب.")


# --- blame, receptions
def test_laying_the_blame():
    ev = code("وألقت بريطانيا باللوم على روسيا في تسميم الجاسوس السابق.")
    assert ("ACCUSE", "GBR", "RUS") in ev
    ev = code("وتنحي الحكومة السورية باللائمة على المعارضة في انهيار الهدنة.")
    assert any(e[0] == "ACCUSE" and e[1] == "SYR" for e in ev)


def test_hosting_refugees_or_casualties_is_not_a_meeting():
    assert "CONSULT" not in types("واستقبلت ألمانيا نحو مليون لاجئ خلال العامين الماضيين.")
    assert "CONSULT" not in types("وذكرت المصادر أن مستشفى الثورة في الحديدة استقبل 20 قتيلا.")
    assert "CONSULT" in types("واستقبل الرئيس المصري عبد الفتاح السيسي وزير الخارجية الأمريكي مايك بومبيو في القاهرة.")


# --- "الجانبان / الطرفان / الزعيمان": the last two countries named
def test_the_two_sides_are_the_last_two_countries():
    ev = code("استقبل الرئيس الروسي فلاديمير بوتين المستشارة الألمانية أنغيلا ميركل في سوتشي. "
              "واتفق الزعيمان على مواصلة المشاورات بشأن أوكرانيا.")
    agree = [e for e in ev if e[0] == "AGREE"]
    assert agree and {agree[0][1], agree[0][2]} == {"RUS", "DEU"}



def test_praise_of_what_was_announced():
    ev = code("وأشاد الرئيس الفرنسي إيمانويل ماكرون بما أعلنته الجامعة العربية.")
    assert any(e[0] == "SUPPORT" and e[1] == "FRA" for e in ev)
