"""Event coding: CAMEO / PLOVER events with source, target, date, place and modality.

Without a parser, per sentence of the body:

1. **Triggers** come from the lexicon (:mod:`marsad.coding.lexicon`): a token whose clitic
   stems include a lexicon form, and, for multi-word patterns, the required following word
   within three words. Verb forms never carry the article; triggers inside an actor's name
   (``قوات التحالف``) are skipped.
2. **Clauses**: a trigger's clause runs from the last boundary before it (punctuation, a
   complementizer إن / أن / بأن, a relative pronoun, an opening quote) to the next one, so
   that in reported speech the speaker is not a candidate for the reported event.
3. **Arguments** are actor mentions (entities of ``analysis.entities``, and nationality
   adjectives such as ``إيراني``) in the clause. Verbs: the subject after the verb (VSO), else
   the nearest mention before it (SVO), else — inside a quotation in the first person —
   the speaker, else the actor of the previous sentence (pro-drop). The target is the next
   mention after the trigger (direct object or introduced by على ضد مع إلى ل من ب عن).
   Nouns: an adjective or genitive right after the noun is the source (the target for
   nouns of killing, arrest or release), ``ل`` / ``على`` / ``ضد`` introduce the target, ``من
   قبل`` / ``على يد`` the source. Passives (``تم`` / ``تعرض ل`` + noun) swap the roles.
   Mentions joined by و are compound actors: one event per source–target pair.
   Attached pronouns are arguments: the object of a verb (اعتقلتهم), ``له / لها / لهم`` after the
   trigger, the patient of a passive (يتم قصفها) and the possessor of an event noun (قمته)
   stand for the nearest earlier actor that agrees (هم: a group; ها: a place or a feminine
   body; ه: a man or a masculine body), in the sentence or the two before; a resumptive
   pronoun stands for the head of its relative clause. Singular verbs agree with their subject
   in gender (:mod:`marsad.coding.agreement`): a feminine country or body right after a
   masculine verb (or after a masculine title: "وطالب الوزير إيران") is its object, so is a
   masculine noun right after a feminine verb, and a pro-drop verb does not take a previous
   subject of the other gender. When the rules find one argument only,
   the learned attachment (:mod:`marsad.coding.attach`) may fill the other from the sentence.
4. **Modality**: negation (لم لن لا ما ليس غير عدم دون, نفى) sets ``negated``; سـ / سوف, plans
   and intentions (يعتزم ينوي من المقرر قرب ...) and a date after publication set ``future``;
   questions and conditionals (إذا لو في حال) are not coded.
5. **Date** is the nearest date expression of the sentence (``date_from="text"``), else the
   publication date; **location** is the nearest place of the sentence, else none.
6. **References are not reports**: nouns after words that name a past, alleged or feared event
   (منذ، ذكرى، بتهمة، للاشتباه، التحقيق في، فيما يتعلق ب، مخاوف، تخشى، أي) and nouns nested in
   such a reference are skipped; figurative uses (حملة دبلوماسية، الانفجار المالي) too; a
   definite protest or attack noun without its own actor (وجرت التظاهرة، إن الهجوم استمر)
   refers back to one already reported. An attack noun without actors is reported when
   casualties are reported around it (قتل شخصان في انفجار سيارة مفخخة).
7. **Implied actors** (text None, country filled): a bare national body takes the country of
   the place, else of the article; victims of an attack without a named attacker and unnamed
   protesters are people of the place; arrests, trials and searches by a state's police or
   courts fall on its own people; an investigation without an investigator is by the target's
   authorities. Speakers (المنظمة) resolve to the last entity with that head noun (quotes).
8. **Reported without a named actor**: besides protests and attacks, an event is kept with
   unnamed actors only when its construction reports it as done: a passive (تم الإفراج عن،
   أُفرج عن; not in a relative or time clause, not a present habit), an order or ruling
   issued (صدرت أوامر إفراج; not an arrest warrant), charges brought to a pronoun (وجهت إليه
   تهمة; the courts of the place are the source), accusations exchanged (تبادلت الأطراف
   الاتهامات; named sides accuse each other), a past "began" verb (انطلقت المحادثات), or a
   past verb right before its bare-noun subject (واتهم المحافظ مسؤولا). Released people are
   released by the authorities of the place, as arrested ones.

No event is produced without an actor except as above; there is no default code.
"""

from __future__ import annotations

import bisect
import dataclasses
import json
from importlib import resources
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from marsad.coding.actors import HASHTAG_MARKS
from marsad.coding.agreement import MASC_SUBJECT_WORDS, noun_gender, strip_conj
from marsad.coding.attach import AttachError, Attacher
from marsad.coding.event_gate import MODES as GATE_MODES
from marsad.coding.event_gate import EventGate, GateError
from marsad.coding.event_gate import resolve_mode as resolve_gate_mode
from marsad.coding.lexicon import Entry, Lexicon, load_blame_words
from marsad.model import Analysis, Entity, Event, Location, Participant, Place, Quote, Span, Token
from marsad.text.normalize import normalize as normalize_word

# --- function words (matching form) -------------------------------------------------------
_COMPLEMENTIZERS = {"ان", "بان", "وان", "فان", "لان", "انه", "انها", "انهم", "بانه", "بانها", "بانهم"}
_RELATIVES = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي"}
_BOUNDARY_PUNCT = set("،,؛;:«»\"“”()[]")
_NEG = {"لم", "لن", "لا", "ما", "ليس", "ليست", "غير", "عدم", "دون", "بدون", "ولم", "ولن", "ولا", "وما",
        "فلم", "فلن", "لما", "بعدم", "وعدم", "بدون", "ودون"}
# the share of the shorter sentence's words that another sentence must repeat to restate it
_RESTATE_OVERLAP = 0.6
# attending a meeting or a summit (not meeting someone): "لحضور اجتماعات الجمعية العامة"
_ATTEND = {"حضور", "لحضور", "بحضور", "وحضور", "المشاركه", "للمشاركه", "مشاركه", "بالمشاركه", "شارك", "شاركت",
           "يشارك", "تشارك", "يشاركون", "شاركوا"}
# copulas: "لم يكن انسحاب X الأول" denies what is said of the event noun, not the event
_COPULAS = {"يكن", "تكن", "يكون", "تكون", "يعد", "تعد", "يعتبر", "تعتبر", "ليس", "ليست"}
# particles that turn a verb of acceptance into a refusal (lexicon kind VN): لن نقبل، لم يوافق
_REFUSAL_NEG = {"لا", "لن", "لم", "ولا", "ولن", "ولم", "فلا", "فلن", "فلم"}
_NEG_VERBS = {"نفي", "نفت", "ينفي", "تنفي", "نفوا", "نفيه", "ونفي", "ونفت", "نفى"}
_FUTURE_WORDS = {"سوف", "يعتزم", "تعتزم", "يعتزمون", "اعتزام", "ينوي", "تنوي", "ينوون", "نيه", "المقرر",
                 "المزمع", "مزمع", "قرب", "يخطط", "تخطط", "يخططون", "خطه", "يتوقع", "ستتم", "سيتم",
                 "يرتقب", "المرتقب", "مرتقب", "المقبل", "المقبله", "القادم", "القادمه", "تستعد", "يستعد",
                 "سيجري", "ستجري", "ستعقد", "سيعقد", "يرتقب",
                 # wishes and readiness: "أبدى رغبته في لقاء", "مستعدة للتفاوض", "تريد إقناع"
                 "رغبه", "رغبته", "رغبتها", "رغبتهم", "يرغب", "ترغب", "يرغبون", "نرغب", "استعداد",
                 "استعداده", "استعدادها", "استعدادهم", "مستعد", "مستعده", "مستعدون", "مستعدين", "جاهز",
                 "جاهزه", "جاهزون", "جاهزين", "يريد", "تريد", "يريدون", "نريد", "يامل", "تامل", "نامل"}
_HYPOTHETICAL = {"اذا", "لو", "لولا", "حال", "حاله", "ربما", "هل"}
_PASSIVE_MARKERS = {"تم", "يتم", "جري", "يجري", "سيتم", "وتم", "ويتم"}
# "صدرت أوامر إفراج بحق", "صدر حكم بسجن": an order or ruling issued (passive, no agent named)
_ISSUED = {"صدر", "صدرت", "يصدر", "تصدر", "وصدر", "وصدرت", "ويصدر", "وتصدر", "صدور", "بصدور", "وصدور"}
_ORDERS = {"امر", "اوامر", "قرار", "قرارات", "حكم", "احكام"}
# "يواجه المعتقلون اتهامات بالإرهاب": charges someone faces (brought by unnamed authorities)
_FACE = {"يواجه", "تواجه", "يواجهون", "يواجهان", "تواجهان", "واجه", "واجهت", "واجهوا", "ويواجه", "وتواجه",
         "ويواجهون", "وواجه", "وواجهت"}
# "تبادلت الأطراف الاتهامات": both sides did it (the sides are often unnamed)
_EXCHANGE = {"تبادل", "تبادلت", "تبادلا", "تبادلوا", "تبادلتا", "يتبادل", "تتبادل", "يتبادلان", "تتبادلان",
             "يتبادلون", "وتبادل", "وتبادلت", "وتبادلا", "وتبادلوا", "ويتبادل", "وتتبادل"}
# "وبدأ التحقيق", "انطلقت المفاوضات", "استؤنفت المحادثات": an event that began (no agent named)
# (past verbs only: "صعوبة استئناف المفاوضات", "عشية بدء القمة", "تبدأ بالانسحاب" are not reports)
_STARTED = {"بدا", "بدات", "انطلقت", "انطلق", "استؤنفت", "استؤنف", "استانفت", "بداوا"}
_WHEN = {"عندما", "حين", "حينما", "منذ", "بعدما", "لما", "يوم"}
_SIDES = {"الاطراف", "الجانبين", "الطرفين", "البلدين", "البلدان", "الخصمين", "الخصمان"}  # "تبادلت الأطراف"
# "وجهت إليه اتهامات": a light verb followed by its indirect object (a pronoun) and no subject
_TO_HIM = {"اليه", "اليها", "اليهم", "اليهما", "له", "لها", "لهم", "لهما", "ضده", "ضدها", "ضدهم", "ضدهما"}
_EXPOSED = {"تعرض", "تعرضت", "يتعرض", "تتعرض", "تعرضوا", "وتعرض", "وتعرضت",
            "خضع", "خضعت", "يخضع", "تخضع", "يخضعون", "ويخضع", "وتخضع", "وخضع", "وخضعت"}  # "يخضع X للتحقيق"
_AGENT_MARKERS = (("من", "قبل"), ("علي", "يد"), ("علي", "ايدي"), ("بواسطه",), ("من", "طرف"), ("من", "جانب"))
_LIGHT_VERBS = {"شن", "شنت", "نفذ", "نفذت", "قام", "قامت", "اجري", "اجرت", "عقد", "عقدت", "نظم", "نظمت",
                "بدا", "بدات", "يبدا", "تبدا", "واصل", "واصلت", "يواصل", "تواصل", "يشن", "تشن", "ينفذ", "تنفذ", "يقوم", "تقوم", "اطلق", "اطلقت",
                "وجه", "وجهت", "وجهوا", "يوجه", "توجه",  # "وجّه اتهاما / انتقادا / ضربة"
                "القي", "القت", "القوا", "يلقي", "تلقي",  # "ألقت الشرطة القبض على"
                "فرض", "فرضت", "فرضوا", "يفرض", "تفرض",  # "وتفرض الميليشيات حصارا خانقا على المدينة"
                "رد", "ردت", "ردوا", "يرد", "ترد"}  # "وردت موسكو بطرد 60 دبلوماسيا"
# "القوات التابعة للنظام", "الطائرات الحربية التابعة للتحالف": armed forces belonging to X
_AFFILIATED = {"التابعه", "التابع", "التابعين", "التابعون"}  # (not الموالية: pro-Iranian militias are not Iran)
_FORCE_HEADS = {"قوات", "طائرات", "مقاتلات", "حربيه", "ميليشيات", "مليشيات", "فصائل", "عناصر",
                "مسلحين", "مسلحون", "وحدات", "قطع", "سفن", "زوارق", "دوريات", "كتائب", "الويه", "طائره", "مروحيات"}
# "تلقى X اتصالا / دعوة من Y": Y is the source, X the target
_RECEIVE_VERBS = {"تلقي", "تلقت", "تلقوا", "يتلقي", "تتلقي", "يتلقون", "تسلم", "تسلمت", "يتسلم", "تتسلم"}
# verbs whose subject is the agent of the verbal noun that follows ("قررت النيابة حبس X",
# "تريد الحكومة إقناع البرلمان", "حاولت الميليشيات اقتحام"); matched without the article
_CONTROL_VERBS = {"قرر", "قررت", "قرروا", "يقرر", "تقرر", "امر", "امرت", "يامر", "تامر",
                  "اراد", "ارادت", "يريد", "تريد", "يريدون", "سعي", "سعت", "يسعي", "تسعي", "يسعون",
                  "حاول", "حاولت", "حاولوا", "يحاول", "تحاول", "يحاولون"}

# "أعلنت النيابة إطلاق سراح ثمانية نشطاء": who announces an act (not an attack, a protest) did it
_ANNOUNCE_VERBS = {"اعلن", "اعلنت", "اعلنوا", "يعلن", "تعلن", "يعلنون", "اعلنا", "اعلنتا"}
_TARGET_PREPS = {"علي", "ضد", "مع", "الي", "من", "عن", "تجاه", "بحق", "لدي"}
_LOCATIVE = {"في", "داخل", "قرب", "شمال", "جنوب", "شرق", "غرب", "وسط", "عبر"}
_SPEECH_VERBS = {"قال", "قالت", "يقول", "تقول", "اضاف", "اضافت", "اكد", "اكدت", "تابع", "تابعت", "اوضح",
                 "اوضحت", "اشار", "اشارت", "ذكر", "ذكرت", "اعلن", "اعلنت", "كشف", "كشفت", "صرح", "صرحت"}
# nouns whose genitive is the one who undergoes the event (مقتل X = X was killed)
_PATIENT_NOUN_CODES = ("186", "1823", "181", "173", "174", "0841", "190:مقتل")
_PATIENT_NOUN_LEMMAS = {"مقتل", "اغتيال", "اعتقال", "احتجاز", "خطف", "اختطاف", "ترحيل", "افراج", "الافراج",
                        "طرد", "اطلاق", "القبض", "استقاله",
                        "اغلاق"}  # "إغلاق القنصلية الأمريكية": what is closed
_INHERENT_FUTURE = {"THREATEN"}
_UNNAMED_OK = {"PROTEST", "ASSAULT"}
_BY_FIRE = {"برصاص", "بنيران"}  # "برصاص الجيش": shot by (the agent follows)
_BY_FIRE_VICTIM = {"سقط", "سقطوا", "سقطت", "سقطا", "اصيب", "اصيبوا", "اصيبت", "اصيبا", "اصابه", "اصابته",
                   "اصابتها", "اصابتهم", "باصابه", "باصابته", "باصابتها", "اصابات", "استشهد", "استشهدوا", "استشهدت",
                   "استشهاد", "استشهاده", "توفي", "توفيت", "جرح", "جرحوا", "جرحي", "بجروح", "جريح", "جريحا", "قتلي",
                   "قتيل", "قتيلا", "قتيلان", "قتيلين", "شهيد", "شهيدا", "شهداء", "متاثرا", "متاثره", "ضحايا", "ضحيه"}
_DETENTION_CODES = {"173", "174"}  # arrest, expel / deport
_COUNTED_CODES = {"173", "174", "0841"}  # arrest, deport, release: "اعتقال 300 شخص", "الإفراج عن ثمانية"
_COUNT_WORDS = {"اثنين", "اثنان", "ثلاثه", "اربعه", "خمسه", "سته", "سبعه", "ثمانيه", "تسعه", "عشره", "ثلاث",
                "اربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر", "عشرات", "مئات", "الاف", "الالاف", "العشرات",
                "المئات", "مئه", "الف", "عشرين", "ثلاثين", "اربعين", "خمسين"}


def _is_count(norm: str) -> bool:
    """A number of people: digits or a number word (ثمانية، عشرات، 300)."""
    w = norm[1:] if norm[:1] == "و" and len(norm) > 3 else norm
    return w[:1].isdigit() or w in _COUNT_WORDS
_RESULT_VERBS = {"ادت", "ادي", "اسفر", "اسفرت", "خلف", "خلفت", "اوقع", "اوقعت", "تسبب", "تسببت"}  # (attack) led to
_INTERNATIONAL_OWNERS = {"التحالف", "الامم", "الحلف", "الاتحاد", "الناتو", "المنظمه", "الوكاله", "البعثه",
                         "المجتمع", "حلف", "تحالف", "الجامعه"}
_NATIONAL_SECTORS = {"GOV", "MIL", "COP", "LEG", "JUD", "CVL", "OPP", "SPY", "REL", "PTY", "MED", "EDU", "HLH", "BUS"}
_EXPRESS_VERBS = {"اعرب", "اعربت", "اعربوا", "يعرب", "تعرب", "عبر", "عبرت", "عبروا", "يعبر", "تعبر", "ابدي",
                  "ابدت", "يبدي", "تبدي", "جدد", "جددت", "يجدد", "تجدد"}
# (_ANNOUNCE_VERBS, above: "أعلنت الشرطة عن اعتقال 300 شخص", "أعلن الفصيل عن وقف لإطلاق النار":
# who announces an arrest, a release, a ceasefire or a sanction did it, not a killing)
_OWN_ACT_TYPES = {"COERCE", "RETREAT", "SANCTION", "MOBILIZE"}
# words that make what follows the content of a charge, not a reported event ("بتهمة قتل")
_CHARGES = {"تهمه", "بتهمه", "تهم", "التهم", "بتهم", "متهم", "متهمه", "متهمين", "متهمون", "اشتباه", "للاشتباه",
            "بالاشتباه", "يشتبه", "اتهامه", "اتهامها", "اتهامهم", "تورط", "تورطه", "بتورط"}
# fears: what follows is feared, not reported
# a plan or plot: "خططت لاغتيال الرئيس", "مخطط لتفجير الطائرة" names an intended act, not one done
_PLAN = {"خطط", "خططت", "خططوا", "يخطط", "تخطط", "يخططون", "خطه", "مخطط", "مخططا", "مخططات", "مؤامره",
         "التخطيط", "تخطيط", "المخطط", "الخطه", "الخطط"}
_FEAR = {"هاجس", "مخاوف", "خشيه", "تخشي", "يخشي", "نخشي", "يخشون", "تخوف", "تخوفا", "مخافه", "خوفا", "يخاف", "تخاف"}
# adjectives that make a violent word figurative
_NONVIOLENT = {"دبلوماسيه", "الدبلوماسيه", "اعلاميه", "الاعلاميه", "اعلامي", "الاعلامي", "انتخابيه", "الانتخابيه",
               "سياسي", "السياسي", "سياسيه", "كلامي", "الكلامي", "لفظي", "اللفظي", "مالي", "المالي", "السكاني",
               "سكاني", "اقتصادي", "الاقتصادي", "اقتصاديه", "دعائيه", "الدعائيه", "لاذع", "لاذعا", "اعلاميا",
               "تبرعات", "توعيه", "التوعيه", "تفتيش", "اعتقالات", "مداهمات", "شعبيه"}
# words reporting casualties: an attack noun near them reports an attack
_CASUALTY = {"قتل", "مقتل", "قتلي", "قتيل", "قتيلا", "قتلوا", "اصيب", "اصيبوا", "اصابه", "جرح", "جرحي", "جريح",
             "حتفهم", "حتفه", "حتفها", "مصرع", "سقوط", "مصابين", "اصابات", "ضحايا", "دمر", "دمرت", "تدمير"}
# accusations grave enough to be coded without naming the accused (violations, war crimes)
_GRAVE_BLAME = {"1122", "1123", "1124"}
_DEMONSTRATIVES = {"هذه", "هذا", "تلك", "ذلك", "هذين", "هاتين"}
_TOPIC_PREPS = {"بشان", "حول", "بخصوص", "ازاء", "حيال"}
_STATE_SECTORS = {"GOV", "COP", "JUD", "MIL", "SPY"}
_MUTUAL_NOUNS = {"اشتباكات", "اشتباك", "معارك", "مواجهات"}
# a preposition carrying the pronoun of a relative clause's head ("التي قتل فيها"): the head
# is a place or circumstance of the event
_PREP_RESUMPTIVES = {"فيه", "فيها", "فيهم", "خلاله", "خلالها", "بها", "منها", "منه"}
# participles that report ("، مشيرا إلى أن"): their complement is not the main verb's
_HAL_REPORT = {"مشيرا", "مشيره", "لافتا", "لافته", "مضيفا", "مضيفه", "موضحا", "موضحه", "قائلا", "قائله"}
# "إن بلاده / حكومته / قواتها ...": the speaker's own side is the subject of what he reports
_SPEAKERS_OWN = ("بلاد", "حكومت", "دولت", "قوات", "وزارت", "جيش", "ادارت", "اداره")
# particles after which الأخير / الأخيرة is a pronoun ("the latter"), not an adjective
_LATTER_AFTER = {"ان", "بان", "لان", "حيث", "بعدما", "عندما", "فيما", "بينما", "كما", "قد", "لم", "لن", "ما", "كان",
                 "كانت", "الا", "لكن"}
# participles of speech that open a circumstantial clause whose subject is the sentence's:
# "..., مؤكدا رفضه", "..., معربة عن دعمها"
_HAL_SPEECH = {"مؤكدا", "مؤكده", "مشددا", "مشدده", "مجددا", "مجدده", "معربا", "معربه", "معلنا", "معلنه",
               "مبديا", "مبديه", "معبرا", "معبره"}
# participles of an event verb that open a circumstantial clause ("، داعيا الحكومة إلى",
# "، متهما الحوثيين بـ"): the act is the sentence's subject's, its object the target. Their
# forms are listed in lexicon.tsv after the verb's stems; this set says which ones are participles.
_HAL_EVENT = {"داعيا", "مطالبا", "مناشدا", "متهما", "منتقدا", "رافضا", "مشيدا", "مرحبا", "منحيا", "ملقيا",
               "محملا"}
# indefinite plural subjects of people ("كما هدد قادة أوروبيون", "واتهم نواب الحكومة"): an
# unnamed subject right after a past verb
_PEOPLE_PLURAL = {"مسؤولون", "قاده", "زعماء", "نواب", "برلمانيون", "مشرعون", "ناشطون", "معارضون", "سياسيون",
                  "دبلوماسيون", "وزراء", "اعضاء", "محتجون", "متظاهرون", "مواطنون", "سكان", "قضاه", "محامون"}
_HAL_ACCUSED_OBJ = {"اياه", "اياها", "اياهم", "اياهما"}
# short words that begin with the preposition بـ (too short for _proclitic_preps): "أشاد بما"
_SHORT_B_WORDS = {"بما", "به", "بها", "بهم", "بهما"}
# duals naming the two sides of a meeting or an agreement ("اتفق الجانبان"): not البلدان (also "the countries")
_DUAL_PARTIES = {"الجانبان", "الجانبين", "الطرفان", "الطرفين", "الزعيمان", "الزعيمين", "الرئيسان", "الرئيسين",
                 "الوزيران", "الوزيرين", "الدولتان", "الدولتين"}
# adverbs that may come between حقق "investigate" and its في / مع
_INQUIRY_ADVERBS = {"حاليا", "ايضا", "رسميا", "مجددا", "بدوره", "بدورها", "الان", "حتي"}
# what one achieves (حقق فوزه، حققت مكاسب): حقق is then not "investigate"
_ACHIEVEMENTS = {"فوز", "انتصار", "انتصارات", "نجاح", "نجاحات", "تقدم", "مكاسب", "ارباح", "اهداف", "هدف", "انجاز",
                 "انجازات", "رقم", "عوائد", "نمو", "تعادل", "حلم", "مطالب", "نتائج", "نتيجه", "لقب", "القاب"}
# counts after استقبل: people hosted or admitted ("استقبلت ألمانيا نحو مليون لاجئ"), not a visitor
_HOSTED_NUMBERS = {"نحو", "حوالي", "قرابه", "مليون", "ملايين", "الف", "الاف", "مئات", "عشرات", "اكثر"}
_PRONOUN_COMPLEMENTIZERS = {"انه", "انها", "انهم", "انهما", "بانه", "بانها", "بانهم", "وانه", "وانها"}
# events that two or more actors do together: "سيلتقي بوتين وأردوغان وروحاني" → each pair
_RECIPROCAL = {"CONSULT", "AGREE", "COOPERATE"}
_RECIPROCAL_CODES = {"057"}  # signing an agreement (PLOVER SUPPORT): "وقعت مصر والسودان اتفاقية"
_OCCUR = {"وقع", "وقعت", "جري", "جرت", "اندلع", "اندلعت", "شهد", "شهدت", "خرجت", "خرج", "نظم", "نظمت", "نظمها",
          "اسفر", "اسفرت", "ادي", "ادت", "اسفر", "تسبب", "تسببت", "نفذ", "نفذت", "شن", "شنت", "تبني", "تبنت", "عمت",
          "استهدف", "استهدفت", "ينفذ", "تنفذ", "يشن", "تشن",
          # "تعرض المستشفى للقصف": what was undergone happened
          "تعرض", "تعرضت", "تعرضوا", "تعرضا", "تعرضتا", "يتعرض", "تتعرض", "يتعرضون", "تعرضه", "تعرضها", "تعرضهم",
          "قام", "قامت", "قاموا",  # "قامت الميليشيات بحملة اختطافات"
          "دارت", "تدور", "يدور"}  # "معارك تدور على حدود المدينة" (not تواصلت: a continuation of what was reported)
# "fired" right after a projectile noun (صاروخ أطلق من غزة، قذائف أطلقت على): the attack happened
_FIRED = {"اطلق", "اطلقت", "اطلقه", "اطلقها", "اطلقوا"}
# protests only: the present and relative forms of "witness" ("ضمن تظاهرات كبيرة تشهدها المحافظة",
# "ويشهد الأردن احتجاجات"); with attacks they mostly frame a past one in a sentence about
# something else ("لم يصب أحد في الانفجارات التي شهدتها المدينة")
_OCCUR_PROTEST = {"تشهد", "يشهد", "تشهدها", "يشهدها", "شهدها", "شهدتها", "تندلع", "يندلع"}
# "لم يتوقع أن تشن تركيا عملية", "يستبعد أن تهاجم": an act expected or ruled out, not reported
_EXPECT = {"يتوقع", "تتوقع", "توقع", "توقعت", "يتوقعون", "يستبعد", "تستبعد", "استبعد", "استبعدت", "يرجح",
           "ترجح", "رجح", "رجحت", "يعتقد", "تعتقد", "اعتقد"}
# nouns after these words name a past or hypothetical event, not one reported here
_REFERENCE = {"يتعلق", "تتعلق", "التحقيق", "التحقيقات", "تحقيق", "تحقيقات", "للتحقيق", "ذكري", "الذكري", "لذكري", "بحث", "لبحث", "مناقشه", "لمناقشه", "بشان", "حول", "تمهيد",
              "تمهيدا", "ادانه", "لادانه", "للتنديد", "التنديد", "تنديدا", "خشيه", "مخاوف", "احتمال", "امكانيه"}
_VERB_OBJ_SUFFIXES = {"", "ه", "ها", "هم", "هما", "هن", "كم", "ني", "نا", "ك"}
_SUBJECT_SUFFIXES = ("وا", "ون", "ان", "تا", "ين")
_HEAD_NOUNS = {"مواقع", "موقع", "مقر", "مقرات", "قوات", "عناصر", "اهداف", "مراكز", "مركز", "قاعده", "قواعد",
               "مواقعه", "مواقعها", "تجمعات", "معاقل", "مخيم", "مخيمات", "منازل", "مقاتلي", "مسلحي"}
# words after which a verb/noun homograph (قصف، طلب) is read as a noun
_NOUN_CONTEXT = {"خلفيه", "بعد", "قبل", "اثر", "جراء", "عن", "علي", "في", "من", "الي", "ضد", "خلال", "منذ",
                 "بسبب", "عقب", "تم", "يتم", "جري", "ردا", "اعقاب", "وقف", "استمرار", "تعرض", "تعرضت"}
_MAX_EVENTS_PER_SENTENCE = 8
# verbs of reaction whose object is an event noun ("دانت البحرين إطلاق صواريخ من قبل الحوثيين"):
# their subject takes no part in that event
_REACTION_PAST = {"دان", "دانت", "ادان", "ادانت", "ندد", "نددت", "استنكر", "استنكرت", "انتقد", "انتقدت",
                  "رحب", "رحبت"}
_REACTION_VERBS = _REACTION_PAST | {"يدين", "تدين", "يندد", "تندد", "يستنكر", "تستنكر", "شجب", "شجبت", "يشجب",
                                    "تشجب", "ينتقد", "تنتقد", "يرحب", "ترحب", "استنكروا", "دانوا", "ادانوا",
                                    "نددوا", "انتقدوا"}
# "أن" with its clitics (a complementizer after a verb of speech)
_AN_FORMS = ("ان", "بان", "وان", "فان")


def _reaction_verb(toks: list[Token], i: int) -> int:
    """The verb of reaction (دان، ندد، انتقد، رحب ...) at most six words before ``i`` whose
    object the word at ``i`` is (no conjunction on it, no clause boundary between), else -1."""
    if toks[i].norm[:1] in "وف" and _core(toks[i].norm) != toks[i].norm:
        return -1
    for k in range(i - 1, max(-1, i - 7), -1):
        n = toks[k].norm
        if n in _COMPLEMENTIZERS or n in _RELATIVES or n in (":", "؛", ";", '"', "«", "»", "“", "”", "."):
            return -1
        if _core(n) in _REACTION_VERBS:
            return k
    return -1
# verbs whose object is followed by the charge: "اتهم X بـ..." (X is accused)
_CHARGE_VERBS = frozenset({"اتهم"})
_ANY = ("اي", "لاي", "باي")
_ANY_NEG = set(_ANY) | {"عدم", "دون", "بدون", "لا", "لم", "لن", "ليس", "غير"}
# "وفق ما ذكرت وكالة رويترز", "بحسب المرصد", "نقلا عن الوزارة": the outlet or body that
# reports the news is its channel, not a party to the events it reports
_ATTRIBUTION = {"وفق", "وفقا", "حسب", "بحسب", "نقلا"}
_ATTRIBUTION_FILLERS = {"ما", "لما", "عن", "ل", "ذكر", "ذكرت", "ذكره", "ذكرته", "ذكرها", "افاد", "افادت", "افاده",
                        "افادته", "اورد", "اوردت", "اورده", "اوردته", "نقل", "نقلت", "نقله", "نقلته", "قال", "قالت",
                        "قاله", "قالته", "اعلن", "اعلنت", "اعلنه", "اعلنته", "اكد", "اكدت", "اكده", "اكدته", "نشر",
                        "نشرت", "نشره", "نشرته", "بث", "بثت", "بثته", "اوضح", "اوضحت", "افادات", "تقارير",
                        "تقرير", "بيان", "مصادر", "وسائل", "اعلام", "الاعلام"}
# "كتب على موقع تويتر", "في تغريدة على حسابه في فيسبوك": a platform is where it was said
_PLATFORMS = {"تويتر", "فيسبوك", "فيس", "يوتيوب", "انستغرام", "انستجرام", "تلغرام", "تلجرام", "تليغرام",
              "سناب", "واتساب", "تيك"}
_CHANNEL_NOUNS = {"حساب", "حسابه", "حسابها", "حسابهم", "حسابات", "صفحه", "صفحته", "صفحتها", "صفحات",
                  "منصه", "تغريده", "تغريدات", "تدوينه"}
_PRONOUNS = {"ه", "ها", "هم", "هما"}
_ATTACH_WINDOW = 25  # words around a trigger where its arguments are looked for by the learned attachment
_LAM_PRONOUNS = {"له", "لها", "لهم", "لهما"}


# --- verb-subject agreement -----------------------------------------------------------
# In VSO order a singular verb agrees with its subject in gender (قال الوزير / قالت الحكومة /
# أعلنت إيران). Used only where both sides are clear; otherwise nothing changes.
_VERBAL_CONTEXT = {"اذ", "قد", "لقد", "ثم", "كما", "حيث", "وقد", "فقد"}


def _verb_gender(stem: str, e: Entry, word: str = "", prev: str = "", quoted: bool = False) -> str | None:
    """"m" / "f" for a singular verb form whose person marks the gender, else None.

    ``word`` is the token (matching form), ``prev`` the word before it. A bare past form that is
    also a verbal noun (رفض، دعم، تعهد: "مع رفض طوكيو") counts only with و / ف or after a
    verbal word (إذ، قد، ثم); a past form in ت inside a quotation may be the first person
    (طالبتُ), and so may lemma + ت of a defective verb (التقيت)."""
    if e.kind != "V" or not stem:
        return None
    lemma = e.lemma
    if stem == lemma:
        if len(lemma) <= 3 or lemma[:1] == "ت":
            if not (word[:1] in "وف" and word[1:] == stem) and prev not in _VERBAL_CONTEXT:
                return None
        return "m"
    if lemma[-1:] in "يا" and stem == lemma[:-1] + "ت" or stem == lemma + "ت" and lemma[-1:] not in "يا":
        return None if quoted else "f"
    if stem.startswith(lemma) or stem.endswith(_SUBJECT_SUFFIXES):
        return None  # duals, plurals and other forms
    if stem[:1] == "ي":
        return "m"
    if stem[:1] == "ت":
        return "f"
    return None


def _mention_gender(m: "_Mention", title: str = "") -> str | None:
    """Grammatical gender of an actor mention when it is clear ("m" / "f"), else None
    (:func:`marsad.coding.agreement.noun_gender`); ``title`` is the word before the mention."""
    if m.demonym:
        return None
    return noun_gender(m.part.text, place=m.is_loc, person=m.person, title=title)


@dataclass(frozen=True, slots=True)
class _Mention:
    """An actor mention in a sentence: token range [ti, tj) and its participant."""

    ti: int
    tj: int
    part: Participant
    is_loc: bool = False
    demonym: bool = False
    venue: bool = False  # a city that is not a capital: a place where things happen, rarely an actor
    named: bool = False  # a named entity (not a bare body such as الحكومة)
    person: bool = False  # a named person (PER)
    latter: bool = False  # الأخير / الأخيرة standing for the actor named before it


def _charges_trigger(word: str) -> bool:
    """"وجهت إليه", "توجيه", "التهم" (charges brought), not the verb اتهم nor اتهامات (also
    a politician's accusations: "وهي اتهامات نفتها موسكو")."""
    n = normalize_word(word)  # (وجهت: its و is the root's, so the plain form is tried too)
    return any(x.startswith(("تهم", "التهم", "بالتهم", "وجه", "توجيه")) for x in (n, _core(n)))


def _key(p: Participant | None) -> str:
    if p is None:
        return "-"
    if p.country:
        return p.country
    return p.sector if p.sector in ("IGO", "NGO") else "-"


def _same_government(s: "_Mention | None", t: "_Mention | None") -> bool:
    """One argument is a country's name and the other that country's government (or its
    name again): coreferent, not two parties."""
    if s is None or t is None:
        return False
    a, b = s.part, t.part
    return bool(a.country) and a.country == b.country and a.sector in ("GOV", None) and \
        b.sector in ("GOV", None) and (s.is_loc or t.is_loc)


def _core_is_verb_only(norm: str, stem: str) -> bool:
    """The word is the verb form itself (with و/ف/س at most), no attached object pronoun."""
    c = _core(norm)
    return c == stem or (c[:1] == "س" and c[1:] == stem)


# unions of the word sets above, built once (they are looked up per token)
_FACE_OR_EXCHANGE = _FACE | _EXCHANGE
_COUNT_CONTEXT = _CASUALTY | _BY_FIRE_VICTIM | _HOSTED_NUMBERS
_HAL_ANY = _HAL_EVENT | _HAL_SPEECH | _HAL_REPORT
_DUAL_OR_SIDES = _DUAL_PARTIES | _SIDES


def _force_head(norm: str) -> bool:
    """An armed-forces head noun, with or without its article (القوات، الطائرات الحربية، ألوية)."""
    c = _core(norm)
    return c in _FORCE_HEADS or c.removeprefix("ال") in _FORCE_HEADS


def _damma_passive(text: str) -> bool:
    """A past verb written with the passive's damma: on its first letter (أُطلقت، قُتل، وقُتل، فُرضت)
    or, in the derived forms, on the ت after ا/است (اعتُقل، اختُطف، استُهدفت). Not a present
    prefix (يُطلق is active)."""
    t = text[1:] if len(text) > 3 and text[0] in "وف" and text[1] != "\u064f" else text
    if len(t) > 2 and t[1] == "\u064f" and t[0] not in "يتن":
        return True
    return len(t) > 4 and t[0] in "اأإ" and t[3] == "\u064f" and (t[1:3] == "ست" or t[2] == "ت")


def _core(norm: str) -> str:
    return norm[1:] if len(norm) > 3 and norm[0] in "وف" else norm


# forms of a listed verb or noun that are nearly always another word (checked on ANT 2018
# political articles, where each fired only in that other sense): توقّف "stopped, a halt" (not
# تُوقِف "she arrests"), رحلته "his trip" (not رحّلته "she deported him")
_OTHER_WORD_FORMS = {("اوقف", "توقف"), ("رحل", "رحلته"), ("رحل", "رحلتها"), ("رحل", "رحلتهم"), ("رحل", "رحلتنا"),
                     # "وكانت وزارته قالت": his / her ministry, not "and she visited him"
                     ("زار", "وزارته"), ("زار", "وزارتها"), ("زار", "وزارتهم"), ("زار", "وزارتهما")}
# words before مقاطعة that make it a province, not a boycott ("في مقاطعة كيبيك", "حاكم مقاطعة")
_PROVINCE_BEFORE = {"في", "حاكم", "شريف", "سكان", "شرطه", "ولايه", "عاصمه", "برلمان", "حكومه", "باسم", "داخل",
                    "شمال", "جنوب", "شرق", "غرب", "وسط", "بلديه", "محكمه"}


# what a thing "threatens" when it endangers it, not an actor threatening another ("ألغام تهدد
# حياة المدنيين", "أعمال تهدد الاستقرار", "بهدف تهديد أمن المملكة"; a threat is "هدد بـ ...")
_ENDANGERED = {"حياه", "الحياه", "امن", "الامن", "استقرار", "الاستقرار", "سلامه", "السلام", "السلم", "النظام",
               "كيان", "بقاء", "مستقبل", "مصالح", "وحده", "سياده", "الملاحه", "صحه", "الصحه", "الاقتصاد",
               "اقتصاد", "وجود", "حياتهم", "حياته", "حياتها", "امنها", "امنه", "استقرارها", "سلامتها", "سلامته",
               "كيانها", "مصالحها", "بقاءها", "وجودها", "مستقبلها", "الامان", "السلامه"}


# a verbal noun right after one of these names the body or the text, not an act: "منظمة حظر
# الأسلحة الكيميائية", "اتفاقية حظر الانتشار", "قانون حظر التصوير", "هيئة الإغاثة"
_NAMING_HEADS = {"منظمه", "منظمات", "اتفاقيه", "معاهده", "قانون", "مشروع", "لجنه", "هيئه", "هيئات", "وكاله",
                 "جمعيه", "جمعيات", "صندوق", "برنامج", "مكتب"}


def _homograph(toks: list[Token], i: int, e: Entry) -> bool:
    """The trigger word is here another word that is written the same (see the sets above), or
    has another sense (تهدد حياة المدنيين: endangers)."""
    core = _core(toks[i].norm)
    if i > 0 and (e.kind == "N" or core == e.lemma) and not _has_article(toks[i].norm) and core[:1] not in "بل":
        head = _core(toks[i - 1].norm)
        for pre in ("بال", "لل", "ال", "ب", "ل"):
            if head.startswith(pre) and head[len(pre):] in _NAMING_HEADS:
                head = head[len(pre):]
                break
        if head in _NAMING_HEADS or toks[i - 1].norm in _NAMING_HEADS:  # (وكالة: its و is the root's)
            # (not "مكتبه أوقف الحارس": his office suspended the guard)
            return True
    if e.info.plover == "ASSAULT" and e.lemma == "اطلاق" and i > 0 and "وقف" in toks[i - 1].stems:
        return True  # "اتفاق وقف إطلاق النار": the ceasefire, not a firing
    if e.info.plover == "THREATEN" and e.lemma in ("هدد", "تهديد") and i + 1 < len(toks):
        return toks[i + 1].norm in _ENDANGERED or _core(toks[i + 1].norm) in _ENDANGERED  # (وحدة، وجود)
    if (e.lemma, core) in _OTHER_WORD_FORMS or (e.lemma, toks[i].norm) in _OTHER_WORD_FORMS:
        return True
    if e.lemma == "مقاطعه" and e.info.plover == "PROTEST":
        prev = _core(toks[i - 1].norm) if i > 0 else ""
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        return prev in _PROVINCE_BEFORE or (nxt[:1].isascii() and nxt[:1].isalpha())
    return False


# what a call (دعا إلى ...) may propose that is a meeting: the call is then an intent to meet (AGREE 036)
_MEETING_NOUNS = {"اجتماع", "اجتماعا", "قمه", "لقاء", "مؤتمر", "محادثات", "مفاوضات", "حوار", "جلسه", "مشاورات"}


def _calls_meeting(toks: list[Token], i: int) -> bool:
    """"دعت روسيا إلى اجتماع عاجل", "دعا الصدر البرلمان إلى عقد جلسة", "دعت لعقد قمة": the call
    at i proposes a meeting (within the clause: not "دعا خلال اجتماع إلى وقف القتال")."""
    for k in range(i + 1, min(len(toks), i + 12)):
        w = toks[k].norm
        if w in ("،", ",", ".", ":", "؛", ";", '"', "«", "»"):
            return False
        if _core(w) == "الي":  # إلى [عقد / إجراء] اجتماع
            j = k + 1
            if j < len(toks) and _core(toks[j].norm) in ("عقد", "اجراء"):
                j += 1
        elif w.startswith(("ل", "ول")) and "عقد" in toks[k].stems:  # لعقد اجتماع
            j = k + 1
        else:
            continue
        return j < len(toks) and bool(_MEETING_NOUNS & set(toks[j].stems))
    return False


# "طالب لجوء سوري", "مليون طالب", "على يد طالب سابق": the noun (asylum seeker, student), not
# the verb "demand" (checked on 40 + 25 ANT sentences: every "طالب لجوء" is the noun)
_SEEKER_NEXT = {"لجوء", "اللجوء", "سابق", "جامعي", "جامعه", "الجامعه", "ثانوي", "مدرسه"}
_SEEKER_PREV = {"يد", "اي", "الف", "مليون", "ملايين", "انا", "هو", "وهو", "كل"}
# who attacks in words when the verb is هاجم (a person, a ministry, a party, the press) and the
# words that make it a physical attack all the same ("هاجم بسكين", "هاجمت بسيارة ملغومة")
_VERBAL_SECTORS = {"GOV", "LEG", "MED", "PTY", "JUD", "NGO", "IGO", "REL", "EDU", "BUS"}
_WEAPONS = {"سكين", "سكاكين", "سلاح", "اسلحه", "مسلح", "مسلحه", "مسلحون", "مسلحين", "رصاص", "نار", "النار",
            "قذائف", "قذيفه", "صواريخ", "صاروخ", "متفجرات", "ناسفه", "ملغومه", "مفخخه", "قنابل", "قنبله",
            "عبوه", "طائرات", "طائره", "مسيره", "دبابات", "مدفعيه", "غارات", "بندقيه", "عصي", "حجاره",
            "ميليشيات", "ميليشيا", "مليشيات", "مليشيا", "مقتل", "مقتلها", "مقتله", "اغتيال", "تمساح", "التمساح"}
# protesters' acts listed in the lexicon with indefinite protesters as their subject (أحرق متظاهرون)
_RIOT_ACTS = {"احرق", "اضرم", "القي"}
# "ما يدعو للقلق", "لا يرى ما يدعوه لتصديق": what gives cause for, not a call (23 ANT sentences)
_CAUSE_WHAT = {"ما", "مما", "لما"}


def _homograph_more(toks: list[Token], i: int, e: Entry) -> bool:
    """طالب as a noun (asylum seeker, student) and دعا after ما ("cause for")."""
    core = _core(toks[i].norm)
    prev = _core(toks[i - 1].norm) if i > 0 else ""
    if e.lemma == "طالب" and core == "طالب" and toks[i].norm == core:
        nxt = _core(toks[i + 1].norm) if i + 1 < len(toks) else ""
        return (nxt in _SEEKER_NEXT or prev in _SEEKER_PREV or prev in _NOUN_CONTEXT
                or prev[:1].isdigit())
    if e.lemma == "دعا" and e.info.plover == "REQUEST" and prev in _CAUSE_WHAT:
        return True
    if e.info.code == "145" and e.lemma in _RIOT_ACTS:
        # "فيما أحرق المتظاهرون أعلاما": definite protesters, a protest already reported (the
        # lexicon's next words are indefinite; their stems also match the definite form)
        for t in toks[i + 1:i + 4]:
            if e.next & set(t.stems):
                return _has_article(_core(t.norm))
    return False


# "دبي، الإمارات العربية المتحدة (CNN)-- اتهم": the place line of a CNN report (not actors)
def _dateline_end(toks: list[Token]) -> int:
    """The index of the first word after a "CITY، COUNTRY (CNN)--" dateline that opens the
    sentence, else 0."""
    for k in range(1, min(len(toks) - 1, 12)):
        if toks[k].text.upper() == "CNN" and toks[k - 1].text == "(" and toks[k + 1].text == ")":
            j = k + 2
            while j < len(toks) and toks[j].text and set(toks[j].text) <= set("-—–"):
                j += 1
            return j if j > k + 2 else 0
    return 0


def _names_platform(text: str | None) -> bool:
    """The text names a social network or platform (تويتر، فيسبوك ...): a channel, not an actor."""
    return any(st in _PLATFORMS for w in normalize_word(text or "").split() for st in (w, _core(w)))


# verbs that deny / reject what the noun before them names ("اتهامات نفتها موسكو"): their subject
# is who is accused, not who accuses
_DENY_BASES = {"نفت", "نفا", "نفي", "ينفي", "تنفي", "نفوا", "ينفون", "رفضت", "رفض", "يرفض", "ترفض", "رفضوا"}
# verbs that judge what the noun before them names ("خطوة انتقدتها روسيا"): their subject is not
# a party to the act the noun names
_JUDGE_BASES = _REACTION_PAST | {"وصفت", "وصف", "اعتبرت", "اعتبر"}


_DO_BASES = {"اتخذ", "اتخذت", "ارتكب", "ارتكبت", "ارتكبوا", "فرض", "فرضت", "خاض", "خاضت", "قاد", "قادت"}


def _resumptive_base(tok: Token, forms: dict) -> str:
    """The verb a word is, when it carries an object pronoun that points back to the noun before
    it ("هجمات شنتها القوات", "خطوة انتقدتها روسيا"): the verb without the pronoun, else ""."""
    if tok.text.rstrip("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652").endswith("ة"):
        return ""  # "قادة روسيا": a ta marbuta, not a pronoun
    for c in dict.fromkeys((tok.norm, _core(tok.norm))):  # (فرضتها: the ف is the verb's own)
        for suf in ("هما", "هم", "ها", "ه"):
            if c.endswith(suf) and len(c) - len(suf) >= 3:
                base = c[:-len(suf)]
                if base in _LIGHT_VERBS or base in _DENY_BASES or base in _JUDGE_BASES or \
                        base in _DO_BASES or any(x.kind == "V" for x in forms.get(base, ())):
                    return base
                break
    return ""


# words that begin with ب / ل without it being an attached preposition (بأن is a complementizer)
_NOT_PREP_WORDS = {"بعد", "بسبب", "بين", "بينما", "بينها", "بينهم", "بشان", "بدون", "بعض", "بلاده", "بلادها", "بلاد", "لكن",
                   "لكنه", "لكنها", "لدي", "لدينا", "لديه", "لديها", "لذلك", "لهذا", "لهذه", "لان", "لانه", "لانها", "ليس", "ليست", "لقد",
                   "لعدم", "لمده", "لاحقا", "بدوره", "بدورها", "بحسب", "بموجب", "بالتزامن", "باسم", "بقياده"}


def _proclitic_preps(norm: str) -> tuple[str, ...]:
    """The preposition attached to a word ("باستضافة" → ب), so that a lexicon entry that
    requires "ب" (أشاد ب، اتصل ب، اعترف ب) matches it as written."""
    c = _core(norm)
    if len(c) > 3 and c[0] in "بل" and c.isalpha() and c not in _NOT_PREP_WORDS and not c.startswith("بان"):
        return (c[0],)
    return ()


def _stems(tok: Token) -> tuple[str, ...]:
    """The token's clitic stems, and for a word that begins with لام written after ل
    ("للقاء" = ل + لقاء) the word itself: the segmenter reads لل as ل + ال only."""
    c = _core(tok.norm)
    if len(c) > 4 and c.startswith("لل") and c.isalpha() and c[1:] not in tok.stems:
        return tok.stems + (c[1:],)
    return tok.stems


_PERSON_NOUNS = {"طفل", "طفله", "طفلا", "اطفال", "امراه", "نساء", "رجل", "رجال", "شاب", "شابا", "شابه", "شبان", "مواطن",
                 "مواطنا", "مواطنه", "مواطنين", "صحفي", "صحفيا", "صحفيه", "صحفيين", "طالب", "طالبا", "طالبه", "طلاب",
                 "سائح", "سائحا", "سياح", "عامل", "عمال", "مدني", "مدنيا", "مدنيين", "شخص", "شخصا", "اشخاص", "لاجئ", "لاجئا",
                 "لاجئين", "مهاجر", "مهاجرا", "مهاجرين", "ناشط", "ناشطا", "ناشطين", "ناشطه", "معارض", "معارضا", "معارضين"}


def _people_demonym(toks: list[Token], k: int) -> bool:
    """Whether the nationality word at ``k`` names people ("المغربيين", "فلسطينيا", "على فرنسية",
    "طفلة يمنية", "3 سوريين") rather than qualifying a thing or a body ("مواقع سورية")."""
    w = _core(toks[k].norm)
    if w.endswith(("يين", "يون", "يات")) or (w.endswith("يا") and not w.endswith("ايا")):
        return True
    if k == 0:
        return False
    prev = _core(toks[k - 1].norm)
    return prev in ("علي", "بحق", "ضد") or prev.isdigit() or prev in _PERSON_NOUNS or \
        any(st in _PERSON_NOUNS for st in toks[k - 1].stems)


def _has_article(norm: str) -> bool:
    c = _core(norm)
    return c.startswith(("ال", "بال", "لل", "كال"))


def _participant(e: Entity) -> Participant:
    a = e.actor
    if a is None:
        return Participant(text=e.text, start=e.start, end=e.end)
    sector = a.sector
    if sector is None and e.type == "LOC" and a.country:
        sector = "GOV"  # a country acting as a state
    code = a.code or ((a.country or "") + (sector or "")) or None
    return Participant(text=e.text, start=e.start, end=e.end, country=a.country, sector=sector,
                       code=code, name_en=a.name_en)


class EventCoder:
    name = "events"

    def __init__(self, options: dict[str, Any]):
        extra = options.get("event_lexicon")
        if isinstance(extra, (str, bytes)) or hasattr(extra, "__fspath__"):
            extra = [extra]
        self.lexicon = Lexicon.load(list(extra) if extra else None)
        self.blame = load_blame_words()
        # bodies and groups that are not named entities (الحكومة، المتظاهرين) come from the
        # actor dictionary, when the actors module is installed
        self.actor_dict = None
        if options.get("event_agents", True):
            try:
                from marsad.coding.actors import ActorDictionary
            except ImportError:  # pragma: no cover - entities not installed
                ActorDictionary = None  # type: ignore[assignment]
            if ActorDictionary is not None:
                paths = options.get("actors") or ()
                if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
                    paths = [paths]
                self.actor_dict = ActorDictionary.load(paths)
        self.gate = self._load_gate(options.get("event_gate"))
        # learned argument attachment (resources/events/attach.json when shipped; False = rules only)
        self.attacher = self._load_attacher(options.get("event_attach"))
        # training only: a list that receives the candidates of every trigger (scripts/train_event_attach.py)
        self.attach_record = options.get("event_attach_record")
        # the gate's probability becomes the confidence; "floor": events below the type's
        # floor are dropped; "drop": those below its threshold; "score": none; "auto"
        # (default): "drop" for a one-sentence text, "floor" for an article
        # (see resources/events/README.md)
        self.gate_mode = options.get("event_gate_mode", "auto")
        if self.gate_mode not in GATE_MODES:
            raise ValueError(f"event_gate_mode must be one of {', '.join(map(repr, GATE_MODES))}, "
                             f"not {self.gate_mode!r}")

    @staticmethod
    def _load_attacher(opt: Any) -> Attacher | None:
        if opt is False:
            return None
        if isinstance(opt, Attacher):
            return opt
        if opt is None or opt is True:
            path = resources.files("marsad.resources.events").joinpath("attach.json")
            if not path.is_file():
                return None
            try:
                return Attacher.from_dict(json.loads(path.read_text(encoding="utf-8")), "attach.json")
            except (AttachError, ValueError) as exc:
                warnings.warn(f"{exc}; arguments are chosen by the rules only", RuntimeWarning, stacklevel=3)
                return None
        return Attacher.load(opt)

    @staticmethod
    def _load_gate(opt: Any) -> EventGate | None:
        """``event_gate``: None / True (default) = the shipped weights when present; False =
        rules only; a path = that weights file (an unreadable one raises GateError)."""
        if opt is False:
            return None
        if opt is None or opt is True:
            if not EventGate.default_exists():
                return None
            try:
                return EventGate.load()
            except GateError as exc:
                warnings.warn(f"{exc}; PROTEST / ASSAULT events are not gated", RuntimeWarning, stacklevel=3)
                return None
        if isinstance(opt, EventGate):
            return opt
        return EventGate.load(opt)

    def _apply_gate(self, analysis: Analysis, toks: list[Token], events: list[Event]) -> list[Event]:
        """The learned gate's probability becomes the confidence of PROTEST / ASSAULT events;
        those below the type's floor (``event_gate_mode="floor"``) or threshold (``"drop"``)
        are dropped; ``"auto"`` (default) is "drop" for a one-sentence text, "floor" for a
        longer one. Negated and future events are left as they are: the text already says
        they did not (yet) happen."""
        gate = self.gate
        if gate is None or not any(e.plover in gate.types and not e.negated and not e.future for e in events):
            return events
        out: list[Event] = []
        probs: dict[tuple[int, str], float] = {}
        mode = resolve_gate_mode(self.gate_mode, len(analysis.sentences))
        for e in events:
            if e.plover not in gate.types or e.negated or e.future:
                out.append(e)
                continue
            key = (e.trigger.start, e.plover)
            p = probs.get(key)
            if p is None:
                k = next((j for j, t in enumerate(toks) if t.start == e.trigger.start), None)
                if k is None:
                    out.append(e)
                    continue
                m = self._match(toks, k)
                p = probs[key] = gate.probability(toks, k, e, kind=m[0].kind if m else None, analysis=analysis)
            if gate.keeps(p, e.plover, mode):
                out.append(dataclasses.replace(e, confidence=round(p, 2)))
        return out

    # ------------------------------------------------------------------ helpers
    def _match(self, toks: list[Token], i: int) -> tuple[Entry, str] | None:
        tok = toks[i]
        if not tok.norm[:1].isalpha():
            return None
        forms = self.lexicon.forms
        follow: set[str] | None = None
        far: set[str] | None = None
        nounish = _has_article(tok.norm)
        if not nounish and i > 0:
            prev = _core(toks[i - 1].norm)
            nounish = prev in _NOUN_CONTEXT
        if not nounish and i + 1 < len(toks):
            nounish = any(st in self.lexicon.demonyms for st in toks[i + 1].stems)
        for stem in _stems(tok):
            entries = forms.get(stem)
            if not entries:
                continue
            if nounish and any(e.kind == "N" for e in entries):
                entries = tuple(e for e in entries if e.kind == "N")
            elif stem == tok.norm or stem == _core(tok.norm):
                pass
            else:  # prefixed form (بقصف، لقصف): a noun reading first
                entries = tuple(sorted(entries, key=lambda e: e.kind != "N"))
            core = _core(tok.norm)
            at = core.find(stem)
            prefix = core[:at] if at > 0 else ""
            suffix = core[at + len(stem):] if at >= 0 else ""
            for e in entries:
                if e.negated_only and not (i > 0 and _core(toks[i - 1].norm) in _REFUSAL_NEG):
                    continue  # "لن نقبل" is a refusal; "قبل" alone is mostly "before"
                if e.info.code == "036" and e.lemma == "دعا" and not _calls_meeting(toks, i):
                    continue  # "دعا إلى وقف القتال" is an appeal; "دعا إلى عقد اجتماع" proposes to meet
                if e.future_only and not (
                        core == "س" + stem or (i > 0 and _core(toks[i - 1].norm) == "سوف")
                        or (i > 1 and _core(toks[i - 2].norm) == "سوف")):
                    continue  # "سترد على أي هجوم" is a threat; "رد على الاتهامات" a reply
                # (a verb's own أل / إل / آل is not the article: التقى، ألغى، ألقى، ألزم)
                if e.kind == "V" and ((_has_article(tok.norm) and not stem.startswith("ال")) or "ب" in prefix or "ك" in prefix
                                      or suffix not in _VERB_OBJ_SUFFIXES
                                      or (suffix == "ه" and tok.text.endswith("ة"))):
                    continue
                if e.next and e.adjacent:
                    if i + 1 >= len(toks) or not (e.next & set(toks[i + 1].stems)):
                        continue
                elif e.next and e.kind == "V" and e.info.plover not in _UNNAMED_OK:
                    # a verb's required word may come after its subject and object ("حمّل
                    # المتحدث باسم التحالف، العقيد …، الميليشيات مسؤولية"): up to twelve words,
                    # not past a complementizer, a colon or a quotation mark (violent and protest
                    # phrases are compact: "شن هجوما", "فرق المتظاهرين")
                    if far is None:
                        far = set()
                        words = 0
                        k = i + 1
                        while k < len(toks) and words < 15:
                            t = toks[k]
                            if t.norm in ("،", ",") and k + 1 < len(toks) and toks[k + 1].norm in _RELATIVES:
                                # "وحمّل بومبيو، الذي يضع ... على رأس أولوياته، جماعات ... مسؤولية":
                                # a relative clause between commas is skipped, not counted
                                end = next((x for x in range(k + 2, min(len(toks), k + 26))
                                            if toks[x].norm in ("،", ",")), None)
                                if end is not None:
                                    k = end + 1
                                    continue
                            if not (k > i + 1 and _core(toks[k - 1].norm) == "علي"):
                                # (a word governed by على is not the verb's object: "علّق على
                                # المحادثات" is a comment, "علّق المحادثات" a suspension)
                                far.update(t.stems)
                                far.update(_proclitic_preps(t.norm))
                                if _core(t.norm) in _SHORT_B_WORDS:
                                    far.add("ب")  # "أشاد بما أعلنته القمة", "أشاد به
                            if t.norm in _COMPLEMENTIZERS or t.norm in (":", "«", "»", '"', "“", "”", "؛"):
                                break
                            if t.norm[:1].isalnum():
                                words += 1
                            k += 1
                    if not (e.next & far):
                        continue
                elif e.next:
                    if follow is None:
                        follow = set()
                        for t in toks[i + 1: i + 7]:
                            follow.update(t.stems)
                            follow.update(_proclitic_preps(t.norm))
                            if _core(t.norm) in _SHORT_B_WORDS:
                                follow.add("ب")
                    if not (e.next & follow):
                        continue
                return e, stem
        return None

    def _mentions(self, analysis: Analysis, toks: list[Token], starts: list[int], published: Any = None,
                  entities: Any = None, places: Any = None) -> list[_Mention]:
        out: list[_Mention] = []
        if not toks:
            return out
        s0, s1 = toks[0].start, toks[-1].end
        covered: set[int] = set()
        person_starts: set[int] = set()  # tokens where a named person begins
        entities = analysis.entities if entities is None else entities
        places = analysis.places if places is None else places
        for e in entities:
            if e.start < s0 or e.end > s1:
                continue
            ti = bisect.bisect_right(starts, e.start) - 1
            tj = bisect.bisect_left(starts, e.end)
            if ti < 0:
                continue
            venue = e.type == "LOC" and any(
                p.start < e.end and e.start < p.end and p.precision == "city" and p.feature_type != "PPLC"
                for p in places)
            out.append(_Mention(ti, tj, _participant(e), is_loc=e.type == "LOC", venue=venue, named=True,
                                person=e.type == "PER"))
            if e.type == "PER":
                person_starts.add(ti)
            covered.update(range(ti, tj))
        if self.actor_dict is not None and published is not False:
            for am in self.actor_dict.mentions(toks, published):
                if am.kind in ("GROUP", "ORG") and am.i not in covered:
                    # "وميلشيات الحوثي" with الحوثي a named group: the descriptor belongs to the name
                    # (so that "بين ألوية العمالقة وميلشيات الحوثي" joins the two sides)
                    own = next((x for x, m in enumerate(out) if am.i < m.ti <= am.j and not m.is_loc and m.part.sector
                                and am.actor is not None and am.actor.sector in (None, m.part.sector)), None)
                    if own is not None:
                        covered.update(range(am.i, out[own].ti))
                        out[own] = dataclasses.replace(out[own], ti=am.i)
                        continue
                if am.type or am.actor is None or any(k in covered for k in range(am.i, am.j)):
                    continue
                if am.kind == "ROLE" and any(am.j <= k < am.j + 4 for k in covered):
                    # "قائد فيلق القدس قاسم سليماني": the person is the actor (and the words of
                    # the title are not read again one by one: "الزعيم الكوري الشمالي كيم" is
                    # not South Korean because of كوري)
                    if am.j in person_starts:
                        covered.update(range(am.i, am.j))
                    continue
                a_ = am.actor
                s, e_ = toks[am.i].start, toks[am.j - 1].end
                part = Participant(text=analysis.text[s:e_], start=s, end=e_, country=a_.country, sector=a_.sector,
                                   code=a_.code, name_en=a_.name_en)
                if am.kind == "NAT" and a_.sector != "REB":
                    part = dataclasses.replace(part, sector=None, code=a_.country)
                # (the adjective of an armed group, "قناص حوثي", keeps its sector: not the state's)
                out.append(_Mention(am.i, am.j, part, demonym=am.kind == "NAT"))
                covered.update(range(am.i, am.j))
        for k, t in enumerate(toks):
            if k in covered:
                continue
            for stem in t.stems:
                c = self.lexicon.demonyms.get(stem)
                if c:
                    out.append(_Mention(k, k + 1, Participant(text=t.text, start=t.start, end=t.end,
                                                              country=c, sector=None, code=c), demonym=True))
                    break
        # "الرئيس الإيراني، حسن روحاني": the adjective only describes the named actor
        named = [m for m in out if not m.demonym and not m.is_loc]  # a place does not absorb it ("الإسرائيليين في تل أبيب")
        out = [m for m in out if not m.demonym or not any(
            n.part.country == m.part.country and (0 <= n.ti - m.tj <= 3 or 0 <= m.ti - n.tj <= 1) for n in named)]
        # "ميليشيات الحوثي الإيرانية": a nationality adjective right after a named group or body
        # of a known country (not a person, not a place) describes it (its backer), even of another
        # country; it is not a second actor ("المعتقلين الإيرانيين": people, kept; "فيلق الحدود
        # الباكستاني": the adjective gives a body with no country its own, kept)
        out = [m for m in out if not m.demonym or not any(
            n.named and not n.person and n.tj == m.ti and n.part.sector and n.part.country for n in named) or _people_demonym(toks, m.ti)
            or toks[m.ti].norm.startswith("و")]  # "القوات التركية والأمريكية": a second actor
        out.sort(key=lambda m: m.ti)
        out = self._drop_channels(toks, out)
        out = self._drop_affiliated_heads(toks, out)
        return self._the_latter(toks, out)

    @staticmethod
    def _drop_affiliated_heads(toks: list[Token], mentions: list[_Mention]) -> list[_Mention]:
        """"القوات التابعة لحكومة الوفاق": the bare forces are the owner's; the owner named after
        التابعة stands for them (one actor, not two; not after الموالية: pro-Iranian militias are not Iran)."""
        owners = {m.ti for m in mentions if m.ti > 1 and toks[m.ti].norm[:1] == "ل"
                  and _core(toks[m.ti - 1].norm) in _AFFILIATED}
        if not owners:
            return mentions
        return [m for m in mentions if not (not m.named and not m.is_loc and m.tj + 1 in owners
                                            and _force_head(toks[m.tj - 1].norm))]

    def _the_latter(self, toks: list[Token], mentions: list[_Mention]) -> list[_Mention]:
        """"إجراءات ضد كندا، بعدما طلبت الأخيرة ...": الأخير / الأخيرة used as a pronoun (after a
        verb or a particle, not as the adjective of a noun: "ألبومها الأخير") stands for the
        nearest actor mentioned before it in the sentence."""
        added: list[_Mention] = []
        for k in range(1, len(toks)):
            if _core(toks[k].norm) not in ("الاخير", "الاخيره") or any(m.ti <= k < m.tj for m in mentions):
                continue
            prev = toks[k - 1].norm
            if not (_core(prev) in _LATTER_AFTER or prev in _LATTER_AFTER or _core(prev) in _SPEECH_VERBS or any(
                    x.kind == "V" for st in toks[k - 1].stems[:2] for x in self.lexicon.forms.get(st, ()))):
                continue
            ante = [m for m in mentions if m.tj < k and k - m.tj <= 25 and not m.venue and not m.demonym
                    and (m.part.country or m.part.sector)]
            if ante:
                a = ante[-1]
                t = toks[k]
                added.append(_Mention(k, k + 1, dataclasses.replace(a.part, text=t.text, start=t.start, end=t.end),
                                      named=a.named, person=a.person, latter=True))
        if not added:
            return mentions
        return sorted(mentions + added, key=lambda m: m.ti)

    @staticmethod
    def _drop_channels(toks: list[Token], mentions: list[_Mention]) -> list[_Mention]:
        """Leave out the mentions that name where the news was reported (an agency after
        وفق ما ذكرت، بحسب، نقلا عن; a social network after على، عبر, a page or an account):
        they report the events, they do not take part in them."""
        out: list[_Mention] = []
        dropped_end = -1
        for m in mentions:
            channel = False
            # "بحسب وكالة رويترز ووكالة فرانس برس": the second outlet of the same attribution
            if dropped_end >= 0 and m.ti == dropped_end and toks[m.ti].norm.startswith("و"):
                channel = True
            k = m.ti - 1
            while not channel and k >= 0 and m.ti - k <= 4:
                c = _core(toks[k].norm)
                if c in _ATTRIBUTION or toks[k].norm in _ATTRIBUTION:
                    channel = True
                elif c not in _ATTRIBUTION_FILLERS and toks[k].norm not in _ATTRIBUTION_FILLERS:
                    break
                k -= 1
            first = toks[m.ti]
            if not channel and (first.norm in _PLATFORMS or _core(first.norm) in _PLATFORMS or
                                any(st in _PLATFORMS for st in first.stems)) and m.ti > 0 and \
                    any(_core(toks[x].norm) in ("علي", "عبر", "موقع", "بموقع", "في") or
                        _core(toks[x].norm) in _CHANNEL_NOUNS for x in range(max(0, m.ti - 2), m.ti)):
                channel = True
            if not channel and m.ti > 0 and (_core(toks[m.ti - 1].norm) in _CHANNEL_NOUNS or
                                             toks[m.ti - 1].norm in _CHANNEL_NOUNS):
                channel = True
            if channel:
                dropped_end = m.tj
                continue
            out.append(m)
        return out

    @staticmethod
    def _boundaries(toks: list[Token]) -> list[bool]:
        """b[k] is True when a clause boundary lies right before token k."""
        b = [False] * (len(toks) + 1)
        for k, t in enumerate(toks):
            n = t.norm
            if n in _BOUNDARY_PUNCT or (len(n) == 1 and not n.isalnum() and n not in ".-/"):
                b[k] = True
                b[k + 1] = True
            elif n in _COMPLEMENTIZERS or n in _RELATIVES:
                b[k + 1] = True
        # a short parenthesis between commas ("اتهمت المنظمة، الثلاثاء، التحالف") does not cut
        commas = [k for k, t in enumerate(toks) if t.norm in ("،", ",")]
        for a, c in zip(commas, commas[1:]):
            if 1 <= c - a - 1 <= 2:
                b[a] = b[a + 1] = b[c] = b[c + 1] = False
        return b

    # ------------------------------------------------------------------ main
    def __call__(self, doc: Any, analysis: Analysis) -> Analysis:
        tokens = analysis.tokens
        starts = [t.start for t in tokens]
        ents = sorted(analysis.entities, key=lambda e: e.start)
        ent_starts = [e.start for e in ents]
        places = sorted(analysis.places, key=lambda p: p.start)
        place_starts = [p.start for p in places]
        # quotes and dates are looked up per sentence (linear in the article, not events x all)
        quotes = sorted(analysis.quotes, key=lambda q: q.start)
        quote_starts = [q.start for q in quotes]
        dates = sorted(analysis.dates, key=lambda d: d.start)
        date_starts = [d.start for d in dates]
        events: list[Event] = []
        topic: list[_Mention] | None = None  # actor of the previous sentence (pro-drop)
        topic_sent = -10
        history: list[tuple[int, list[_Mention]]] = []  # (sentence, actor mentions) of the last sentences
        for si, sent in enumerate(analysis.sentences):
            if sent.end <= analysis.body_start:
                continue
            a = bisect.bisect_left(starts, sent.start)
            b = bisect.bisect_left(starts, sent.end)
            # hashtag marks are not words: "#التدخل_الإيراني" reads as "التدخل الإيراني"
            toks = [t for t in tokens[a:b] if t.norm not in HASHTAG_MARKS]
            toks = toks[_dateline_end(toks):]
            if not toks:
                continue
            sstarts = [t.start for t in toks]
            forms = self.lexicon.forms
            cands = [k for k, t in enumerate(toks) if any(st in forms for st in _stems(t))]
            cands = [k for k in cands if self._match(toks, k)]
            e0, e1 = bisect.bisect_left(ent_starts, sent.start), bisect.bisect_left(ent_starts, sent.end)
            p0, p1 = bisect.bisect_left(place_starts, sent.start), bisect.bisect_left(place_starts, sent.end)
            mentions = self._mentions(analysis, toks, sstarts, doc.published if cands else False,
                                      ents[e0:e1], places[p0:p1])
            q0, q1 = bisect.bisect_left(quote_starts, sent.start), bisect.bisect_left(quote_starts, sent.end)
            d0, d1 = bisect.bisect_left(date_starts, sent.start), bisect.bisect_left(date_starts, sent.end)
            view = dataclasses.replace(analysis, quotes=tuple(quotes[q0:q1]), dates=tuple(dates[d0:d1])) \
                if cands else analysis  # the sentence's quotes and dates (quotes stay inside their sentence)
            earlier = [m for hs, ms in history if si - hs <= 2 for m in ms]
            sent_events = self._code_sentence(doc, view, si, toks, mentions,
                                              topic if si - topic_sent <= 2 else None, cands,
                                              places=places[p0:p1], earlier=earlier) if cands else []
            history = history[-2:] + [(si, [dataclasses.replace(m, ti=-1, tj=-1)
                                             for m in mentions if not m.venue])]
            # the subject of this sentence becomes the topic for pro-drop in the next ones
            subj = [m for m in mentions if not m.is_loc and not m.demonym and m.named]
            if sent_events and sent_events[0].source is not None and sent_events[0].source.text:
                src = sent_events[0].source
                topic = [m for m in mentions if m.part.start == src.start and m.named] or topic
                topic_sent = si
            elif subj and (subj[0].ti <= 3 or (subj[0].ti <= 6 and subj[0].person and not any(
                    t.norm in ("،", ",", ":") or t.norm in _COMPLEMENTIZERS for t in toks[:subj[0].ti]))):
                # "قال وزير الخارجية الروسي سيرغي لافروف ...": the named person after the title
                topic = [subj[0]]
                topic_sent = si
            events.extend(self._apply_gate(analysis, toks, sent_events[:_MAX_EVENTS_PER_SENTENCE]))
        events = self._drop_restatements(analysis, events, starts)
        events.extend(self._quote_accusations(analysis, events, ents, ent_starts))
        events = self._implied_countries(analysis, events)
        events.sort(key=lambda e: (e.sentence, e.trigger.start))
        return dataclasses.replace(analysis, events=tuple(events))

    @staticmethod
    def _drop_restatements(analysis: Analysis, events: list[Event], starts: list[int]) -> list[Event]:
        """A sentence that restates an earlier one nearly word for word ("قصفت طائرات إسرائيلية 12
        موقعا لحماس" and, next, "أعلن الجيش أن طائرات إسرائيلية قصفت 12 موقعا لحماس") reports the
        same events again: those of the same type and actors are not coded twice."""
        if len(events) < 2:
            return events
        tokens = analysis.tokens  # (``starts``: their offsets, as the caller has them)
        words: dict[int, set[str]] = {}

        def bag(si: int) -> set[str]:
            if si not in words:
                sent = analysis.sentences[si]
                a, b = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
                words[si] = {min(t.stems, key=len) if t.stems else t.norm for t in tokens[a:b] if t.norm[:1].isalpha()}
            return words[si]

        def key(ev: Event) -> tuple:
            return (ev.plover, _key(ev.source), _key(ev.target))

        out: list[Event] = []
        for ev in events:
            mine = bag(ev.sentence)
            if any(o.sentence < ev.sentence and key(o) == key(ev) and "-" not in key(ev)[1:]
                   and len(mine & bag(o.sentence)) >= _RESTATE_OVERLAP * min(len(mine), len(bag(o.sentence)))
                   for o in out):
                continue
            out.append(ev)
        return out

    @staticmethod
    def _implied_countries(analysis: Analysis, events: list[Event]) -> list[Event]:
        """A bare national body (الحكومة، الجيش، الشرطة، المتظاهرون) belongs to the country of
        the event's place, else to the article's main country (the one most of its coded
        entities belong to, when it is clearly dominant)."""
        from collections import Counter

        counts = Counter(e.actor.country for e in analysis.entities
                         if e.actor is not None and e.actor.country and e.start >= analysis.body_start)
        total = sum(counts.values())
        main = None
        if counts:
            c, n = counts.most_common(1)[0]
            if n >= 3 and n / total >= 0.4:
                main = c
        named = {e.start for e in analysis.entities}
        rebels = Counter(e.actor.country for e in analysis.entities if e.actor is not None and e.actor.sector == "REB")
        rebel = None  # the country of the armed group the article is about, when one stands out
        if rebels:
            (rebel, n_r), *rest = rebels.most_common(2)
            if rest and rest[0][1] * 2 >= n_r:
                rebel = None
        tstarts = [t.start for t in analysis.tokens]

        def owned(p: Participant) -> bool:
            """"قوات التحالف": a body followed by its owner (a definite noun) is not national."""
            k = bisect.bisect_left(tstarts, p.end)
            return k < len(tstarts) and _core(analysis.tokens[k].norm) in _INTERNATIONAL_OWNERS and \
                analysis.tokens[k].start - p.end <= 1

        out = []
        for ev in events:
            country = (ev.location.country if ev.location is not None else None) or main
            changed = {}
            for role in ("source", "target"):
                p = getattr(ev, role)
                # armed groups (الميليشيات الانقلابية) are the armed group the article names, else of
                # the country where they act (not the article's main country)
                local = None
                if p is not None and p.sector == "REB":
                    local = rebel or (ev.location.country if ev.location is not None else None)
                own = None
                if role == "target" and ev.plover == "COERCE" and ev.source is not None and ev.source.country and \
                        ev.source.sector in _STATE_SECTORS:
                    # "أمر الادعاء التركي باحتجاز 70 ضابطا بالجيش": a state's arrests, trials and
                    # dismissals fall on its own bodies, not on those of a place named nearby
                    own = ev.source.country
                if p is not None and p.country is None and (p.sector in _NATIONAL_SECTORS and (own or country) or local) \
                        and p.text and p.start not in named and not owned(p):
                    c = local or own or country
                    changed[role] = dataclasses.replace(p, country=c, code=c + p.sector)
            if changed:
                ev = dataclasses.replace(ev, **changed)
                if ev.source and ev.target and ev.source.text == ev.target.text:
                    continue
            src = ev.source
            if ev.plover == "ASSAULT" and ev.target is None and country and not ev.negated and not ev.future and (
                    src is None):
                # "قتل 28 شخصا في هجوم انتحاري في دلس": the victims of an attack are people of
                # the place where it happened (else of the article's country)
                ev = dataclasses.replace(ev, target=Participant(country=country, sector="CVL", code=country + "CVL"))
            elif ev.plover == "PROTEST" and src is None and country and not ev.negated:
                # "تظاهر الآلاف في بغداد": protesters are people of the place (else of the article's country)
                ev = dataclasses.replace(ev, source=Participant(country=country, sector="CVL", code=country + "CVL"))
            elif ev.cameo and ev.cameo.startswith("09") and src is None and ev.target is not None and ev.target.country:
                # "يخضع نجيب رزاق للتحقيق": investigated by the authorities of his country
                ev = dataclasses.replace(ev, source=Participant(country=ev.target.country, sector="JUD",
                                                                code=ev.target.country + "JUD"))
            elif ev.cameo in _COUNTED_CODES and src is None and ev.target is None and country and not ev.negated:
                # "قُبض على 17 شخصا": arrested by the state's authorities, people of that state
                # (and "تم الإفراج عن المعتقلين": released by them)
                ev = dataclasses.replace(ev, source=Participant(country=country, sector="GOV", code=country + "GOV"),
                                         target=Participant(country=country, sector="CVL", code=country + "CVL"))
            elif ev.cameo == "112" and src is None and (country or (ev.target is not None and ev.target.country)) and \
                    not ev.negated and _charges_trigger(ev.trigger.text):
                # "وجهت إليه اتهامات", "يواجه نتنياهو اتهامات": charges brought by the courts
                # and prosecutors of the place (else of the person's country)
                c = (ev.target.country if ev.target is not None else None) or country
                ev = dataclasses.replace(ev, source=Participant(country=c, sector="JUD", code=c + "JUD"))
            elif ev.plover == "COERCE" and ev.target is None and src is not None and src.country and \
                    src.sector in _STATE_SECTORS and (ev.location is None or ev.location.country in (None, src.country)):
                # "أحالت النيابة العامة راهبين إلى المحاكمة": arrests, trials and searches by a
                # state's police or courts fall on people of that state unless the text says otherwise
                ev = dataclasses.replace(ev, target=Participant(country=src.country, sector="CVL",
                                                                code=src.country + "CVL"))
            out.append(ev)
        return out

    def _quote_accusations(self, analysis: Analysis, events: list[Event], ents: list[Entity],
                           ent_starts: list[int]) -> list[Event]:
        """Reported speech that blames another actor ("قال اليماني إن ميليشيات الحوثي تعرقل
        المشاورات") is an accusation by the speaker: one ACCUSE event per quote."""
        out: list[Event] = []
        tokens = analysis.tokens
        starts = [t.start for t in tokens]
        for q in analysis.quotes:
            a = q.speaker_actor
            if a is None or q.start < analysis.body_start:
                continue
            t0, t1 = bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)
            qtoks = tokens[t0:t1]
            hit = None
            hit_k = -1
            for hit_k, t in enumerate(qtoks):
                code = next((self.blame[st] for st in t.stems[:3] if st in self.blame), None)
                if code is None and hit_k + 1 < len(qtoks):  # two-word entries: "لا يرغبون", "غير لائق"
                    w2 = qtoks[hit_k + 1].norm
                    code = self.blame.get(t.norm + " " + w2) or self.blame.get(t.norm + w2)
                if code and any(_core(qtoks[x].norm) in _ANY_NEG for x in range(max(0, hit_k - 2), hit_k)):
                    code = None  # "لا يرى أي مؤشر على ارتكابه لأي جريمة": no crime is alleged
                if code:
                    hit = (t, code)
                    break
            if hit is None:
                continue
            si = analysis.sentence_of(hit[0].start)
            if any(e.sentence == si and e.plover == "ACCUSE" for e in events):
                continue
            k0, k1 = bisect.bisect_left(ent_starts, q.start), bisect.bisect_left(ent_starts, q.end)
            tgt = None
            # "التدخل الإيراني" / "#التدخل_الإيراني": the nationality adjective after the word
            # of blame names the blamed country
            nxt = next((t for t in qtoks[hit_k + 1: hit_k + 3] if t.norm not in HASHTAG_MARKS), None)
            country = nxt is not None and next((self.lexicon.demonyms[st] for st in nxt.stems
                                                if st in self.lexicon.demonyms), None)
            if country and country != a.country:
                tgt = Participant(text=nxt.text, start=nxt.start, end=nxt.end, country=country,
                                  sector="GOV", code=country + "GOV")
            for e in ([] if tgt is not None else ents[k0:k1]):
                if e.actor is None or e.end > q.end:
                    continue
                p = _participant(e)
                if p.start == q.speaker_start or (p.country and p.country == a.country and p.sector == a.sector):
                    continue
                if e.type == "LOC" and p.sector not in (None, "GOV"):
                    continue
                tgt = p
                break
            if tgt is None and hit[1] not in _GRAVE_BLAME:
                continue  # a weak word of blame needs the blamed actor in the quote
            info = self.lexicon.cameo.get(hit[1])
            if info is None:
                continue
            src = Participant(text=q.speaker, start=q.speaker_start, end=q.speaker_end, country=a.country,
                              sector=a.sector, code=a.code, name_en=a.name_en)
            if _names_platform(q.speaker):
                # "في سلسلة من التغريدات لقرقاش على صفحته بموقع تويتر، حيث قال": the network is
                # the channel; the speaker is the person or body named before it in the sentence
                ssi = analysis.sentence_of(q.speaker_start)
                sent = analysis.sentences[ssi] if ssi >= 0 else None
                own = [x for x in ents if sent is not None and sent.start <= x.start and x.end <= q.speaker_start
                       and x.type in ("PER", "ORG") and x.actor is not None and (x.actor.country or x.actor.sector)
                       and not _names_platform(x.text)]
                if not own:
                    continue
                src = _participant(own[-1])
                if tgt is not None and tgt.country and tgt.country == src.country and tgt.sector == src.sector:
                    continue
            date = analysis.published
            out.append(Event(sentence=si, trigger=Span(hit[0].start, hit[0].end, hit[0].text), cameo=info.code,
                             plover=info.plover, quad=info.quad, goldstein=info.goldstein, mode=info.mode,
                             source=src, target=tgt, date=date, date_from="published", location=None,
                             confidence=0.4))
        return out

    def _code_sentence(self, doc: Any, analysis: Analysis, si: int, toks: list[Token],
                       mentions: list[_Mention], topic: list[_Mention] | None, cands: list[int],
                       places: Sequence[Place] | None = None,
                       earlier: Sequence[_Mention] = ()) -> list[Event]:
        text = analysis.text
        sent = analysis.sentences[si]
        stext = text[sent.start:sent.end].strip()
        first = _core(toks[0].norm)
        if stext.endswith(("؟", "?")) or first == "هل":
            return []  # questions are not events that happened
        bnd = self._boundaries(toks)
        for m in mentions:
            # "دعا الرئيس اليمني، عبد ربه منصور هادي، الجيش": a person's name of three words or
            # more between commas is an apposition, not a clause (two words: see _boundaries)
            if m.person and 3 <= m.tj - m.ti <= 5 and m.ti > 0 and m.tj < len(toks) and \
                    toks[m.ti - 1].norm in ("،", ",") and toks[m.tj].norm in ("،", ","):
                bnd[m.ti - 1] = bnd[m.ti] = bnd[m.tj] = bnd[m.tj + 1] = False
        in_mention = {}
        for m in mentions:
            for k in range(m.ti, m.tj):
                in_mention[k] = m
        found: list[tuple[int, Entry, str]] = []
        for i in cands:
            if i in in_mention:
                continue
            hit = self._match(toks, i)
            if hit and not _homograph(toks, i, hit[0]) and not _homograph_more(toks, i, hit[0]):
                found.append((i, hit[0], hit[1]))
        if not found:
            return []
        out: list[Event] = []
        seen: set[tuple] = set()
        suppressed: set[int] = set()
        emitted: set[int] = set()  # triggers coded as events
        referenced: set[int] = set()  # triggers that name a past or alleged event (ذكرى، بتهمة)
        prev_sources: list[_Mention] = []  # the source of the last event coded in this sentence
        repression: tuple[int, list[_Mention], list[_Mention]] | None = None  # last ASSAULT/COERCE: (i, src, tgt)
        prev_plover = None
        verb_types: set[str] = set()
        verb_codes: set[str | None] = set()
        mention_starts = [m.ti for m in mentions]  # sorted (``_mentions`` sorts by position)
        # a killing noun followed by "in an air strike / attack" takes that attack's source
        for n, (i, e, stem) in enumerate(found):
            if i in suppressed:
                continue
            lo = i
            while lo > 0 and not bnd[lo]:
                lo -= 1
            hi = i + 1
            while hi < len(toks) and not bnd[hi]:
                hi += 1
            # modality
            negated = future = False
            core = _core(toks[i].norm)
            # the verb itself is in the future (ستشن، سوف تستهدف)
            verb_future = e.kind == "V" and core.startswith("س") and core[1:] == stem
            future = verb_future
            for k in range(max(lo, i - 3), i):
                w = toks[k].norm
                if w in _NEG and not (e.kind == "N" and any(_core(toks[x].norm) in _COPULAS for x in range(k + 1, i))
                                      and not any(toks[x].norm in ("هناك", "هنالك") for x in range(k + 1, i))):
                    # ("لم يكن انسحاب واشنطن الأول من نوعه": the copula's predicate is denied, not the
                    # event; "لن تكون هناك مفاوضات" denies the event)
                    negated = True
                    if _core(w) == "لن":
                        future = True
                if w in ("سوف", "وسوف"):
                    future = verb_future = e.kind == "V"
                if _core(w) == "قد" and toks[k + 1].norm[:1] in "يتن":
                    future = True  # "قد يوضع خلال محادثات": a possibility, not a fact
            for k in range(max(0, i - 6), i):
                w = toks[k].norm
                if w in _NEG_VERBS:
                    negated = True
                if _core(w) in _FUTURE_WORDS or w in _FUTURE_WORDS:
                    future = True
            hypothetical = any(_core(toks[k].norm) in _HYPOTHETICAL or toks[k].norm in _HYPOTHETICAL
                               for k in range(lo, i))
            if not hypothetical:
                # "إذا سمح الأسد لإيران بأن ...، وأن تهاجمنا": a condition runs over the commas and
                # complementizers of its clauses (not past a colon or a quotation mark)
                for k in range(i - 1, max(-1, i - 16), -1):
                    w = toks[k].norm
                    if w in (":", '"', "«", "»", "“", "”", "؛", ";"):
                        break
                    if _core(w) in ("اذا", "لو") or w in ("اذا", "لو", "واذا", "ولو") or (
                            _core(w) == "حال" and k > 0 and _core(toks[k - 1].norm) == "في"):
                        hypothetical = True
                        break
            if not hypothetical:
                # "حتى يتم إطلاق سراحه", "حتى تنسحب القوات": until it happens, so not yet
                for k in range(max(lo, i - 2), i):
                    if _core(toks[k].norm) == "حتي" and k + 1 <= i and (
                            _core(toks[k + 1].norm) in _PASSIVE_MARKERS or
                            (k + 1 == i and e.kind == "V" and stem[:1] in "يتن" and not stem.startswith(e.lemma))):
                        hypothetical = True
            if not hypothetical and e.kind == "V" and i > 1 and _core(toks[i - 1].norm) == "ان" and \
                    stem[:1] in "يتن" and any(_core(toks[k].norm) in _EXPECT for k in range(max(0, i - 4), i - 1)):
                hypothetical = True  # "لم يتوقع زيباري أن تشن تركيا عملية عسكرية"
            if hypothetical:
                continue
            if e.kind == "V" and core[:1] == "ل" and core[1:] == stem and stem[:1] in "يتن":
                continue  # "لتتفق على الوضع الراهن": a purpose (in order to agree), not an event
            for k in range(i + 1, min(hi, i + 6)):
                if toks[k].norm in ("المقبل", "المقبله", "القادم", "القادمه"):
                    future = True
            if e.negated_only:
                # "لن تقبل الحكومة بـ": the negation is part of the meaning (a refusal, now)
                negated = False
                future = core == "س" + stem or any(toks[k].norm in ("سوف", "وسوف") for k in range(max(lo, i - 3), i))
            if e.info.plover in _INHERENT_FUTURE or e.info.code == "036":
                future = True
            bare = e.kind == "V" and stem == e.lemma == _core(toks[i].norm)  # قتل: a verb or its verbal noun
            if (e.kind == "N" or bare) and any(_core(toks[k].norm) in _REFERENCE or _core(toks[k].norm) in _CHARGES
                                               for k in range(max(lo, i - 2), i)):
                referenced.add(i)
                continue
            if e.kind == "N" and e.info.plover == "ASSAULT" and any(j in emitted and fe.info.plover == "ASSAULT"
                                                                   for j, fe, _ in found[:n]) and \
                    any(_core(toks[k].norm) in _RESULT_VERBS for k in range(max(lo, i - 3), i)):
                continue  # "اشتباكات أدت إلى مقتل عدد من العناصر": the result of the attack coded already
            if e.kind == "N" and e.info.plover == "CONSULT" and i > 0 and _core(toks[i].norm).endswith(stem) and (
                    _core(toks[i - 1].norm) in _ATTEND or (i > 1 and _core(toks[i - 1].norm) == "في"
                                                            and _core(toks[i - 2].norm) in _ATTEND)):
                continue  # "لحضور اجتماعات الجمعية العامة", "المشاركة في القمة": attending, not meeting
                # someone (but "حضور قمته": his own meeting)
            if e.kind == "N" and i > 0 and _core(toks[i - 1].norm) in _DEMONSTRATIVES and _has_article(toks[i].norm):
                continue  # "وأوضح البيان أن هذه الضربات جاءت ردا على": the event named before
            if e.kind == "N" and i > 0 and _core(toks[i - 1].norm) in _ANY:
                continue  # "أي ضربة جوية ضد إيران": any strike, none reported
            if _core(toks[i].norm).startswith("ل") and not stem.startswith("ل") and any(
                    _core(toks[k].norm) in _PLAN or toks[k].norm in _PLAN for k in range(max(lo, i - 3), i)):
                continue  # "خططت لاغتيال الرئيس": a plot, not the act
            if any(_core(toks[k].norm) in _FEAR for k in range(max(0, i - 8), i)):
                continue  # "مخاوف من وقوع هجمات", "تخشى أن تؤدي عملية إلى قتل": feared, not reported
            head = i
            if e.next:  # "شنت الحكومة حملة دبلوماسية": the adjective follows the required word
                head = next((k for k in range(i + 1, min(len(toks), i + 7)) if e.next & set(toks[k].stems)), i)
            if e.kind == "V" and e.lemma == "حقق" and (
                    (core != stem and core.startswith(stem)) or (i > 0 and (toks[i - 1].norm in _RELATIVES or _core(toks[i - 1].norm) == "ما") and core.startswith("ت")) or
                    any(k not in in_mention and (toks[k].norm.endswith("ا") and _core(toks[k].norm) not in _INQUIRY_ADVERBS
                                                 or any(st in _ACHIEVEMENTS for st in toks[k].stems))
                        for k in range(i + 1, next((x for x in range(i + 1, min(len(toks), i + 9))
                                                    if toks[x].norm in ("في", "مع", "بشان", "حول")), i + 1)))):
                # "حقق فوزا في", "حقق فوزه الأول في", "ما حققه في عفرين", "الذي تحقق في": achieve
                continue
            if e.kind == "V" and e.lemma == "وصف" and i > 0 and toks[i - 1].norm in ("ما", "مما", "فيما", "لما", "عما", "بما"):
                continue  # "فيما وصفه المحللون بأنه عرض للقوة": what someone called it, not a criticism
            if e.next and i > 0 and toks[i - 1].norm in ("ما", "عما", "مما") and head > i + 1 and \
                    toks[head - 1].norm == "من":
                continue  # "إنكار ما يوجه إليه من اتهامات": what is said of him, not a new charge
            if e.info.plover in ("ASSAULT", "PROTEST") and head + 1 < len(toks) and \
                    _core(toks[head + 1].norm) in _NONVIOLENT:
                continue  # "حملة دبلوماسية", "الانفجار المالي", "هجوم إعلامي": figurative
            if e.kind == "N" and any(j in referenced and 0 < i - j <= 8 and not any(bnd[x] for x in range(j + 1, i + 1))
                                     for j, _fe, _ in found):
                referenced.add(i)
                continue  # "لمناسبة ذكرى اغتيال النائب بتفجير استهدف موكبه": part of the reference
            if e.kind == "N" and e.info.plover in verb_types and not e.info.plover in _UNNAMED_OK and not (
                    toks[i].norm.startswith("و") and not toks[i].norm.startswith(stem) and e.info.code not in verb_codes):
                # ("طرد السفير الكندي واستدعاء سفيرها": a second act joined by و, of another code)
                continue  # "اتهمت X Y ...، وهي اتهامات رفضها ...": the noun names the event already coded
            # a noun trigger inside the complement of a demand/threat/plan is not an event
            # ("قتل 28 شخصا في هجوم انتحاري": the attack is the killing itself, one event, when
            # the verb was coded)
            if e.kind == "N" and not e.adjacent and any(j < i and i - j <= 8 and (fe.kind == "V" or fe.info.plover in ("REQUEST", "THREATEN", "AGREE", "REJECT"))
                                     and not any(bnd[x] for x in range(j + 1, i + 1))
                                     and not (fe.info.plover == e.info.plover == "ASSAULT" and j not in emitted)
                                     and not (e.info.plover == "PROTEST" and fe.info.plover in ("ASSAULT", "COERCE"))
                                     # "خرجوا احتجاجا على توقيف الشرطة لأحد أتباعهم": what is protested
                                     # against happened (a demand, "للمطالبة باعتقال", still blocks)
                                     and not (fe.info.plover == "PROTEST" and e.info.plover in ("ASSAULT", "COERCE"))
                                     for j, fe, _ in found):
                continue
            if bare and i > 0 and any(
                    j < i and i - j <= 8 and fe.info.plover == "REQUEST" and not any(bnd[x] for x in range(j + 1, i + 1))
                    and (j == i - 1 or _core(toks[i - 1].norm) == "الي") for j, fe, _ in found):
                continue  # "دعا ترامب إلى فتح تحقيق", "يطلب فتح تحقيق": what is called for, not done
            if e.kind == "N" and e.lemma in _BY_FIRE and any(
                    j < i and i - j <= 8 and fe.info.plover == "ASSAULT" and not any(bnd[x] for x in range(j + 1, i + 1))
                    for j, fe, _ in found):
                continue  # "اغتيل برصاص قناص": only the agent of the killing before it, coded (or not) there
            if e.kind == "N" and e.lemma in _BY_FIRE and not any(
                    _core(toks[k].norm) in _BY_FIRE_VICTIM or toks[k].norm in _BY_FIRE_VICTIM
                    for k in range(max(lo, i - 5), i)):
                continue  # on its own only after a casualty: "سقطوا برصاص", "أصيب بنيران"
            sources, targets, conf = self._arguments(toks, i, e, stem, lo, hi, mentions, bnd, topic, analysis,
                                                     prev_sources)
            sources, targets = self._pronoun_arguments(toks, i, e, stem, lo, mentions, earlier, sources, targets)
            if e.info.plover == "REQUEST" and i + 2 < len(toks) and _core(toks[i + 1].norm) == "من" and \
                    toks[i].norm in ("طلب", "بطلب", "طلبا", "دعوه", "بدعوه") and \
                    (toks[i].norm.startswith("ب") or toks[i].norm.endswith("ا") or
                     (i > 0 and _core(toks[i - 1].norm) in ("علي", "تلقي", "تلقت", "تلقوا", "بعد"))):
                # "بناء على طلب من الرئيس", "بطلب من الحكومة", "تلقى طلبا من الأردن": the noun's
                # "من X" is who asks (the verb's "طلب من X" is whom one asks)
                asker = [m for m in mentions if i + 2 <= m.ti <= i + 5 and not m.venue and not m.is_loc or
                         m.ti == i + 2 and m.part.country]
                asker = [m for m in asker if not any(toks[k].norm in _COMPLEMENTIZERS or _core(toks[k].norm) in _TARGET_PREPS
                                                     for k in range(i + 2, m.ti))]
                if asker:
                    sources = self._group(mentions, asker[0], toks)
                    targets = [m for m in targets if m not in sources]
            exchange_pairs = None
            role_fill = self._unnamed_report(toks, i, e, in_mention, self.lexicon.forms) if e.info.plover == "ACCUSE" and e.kind == "N" else ""
            if role_fill in ("faced", "exchanged") and not (role_fill == "exchanged" and len(sources) + len(targets) >= 2):
                # "ويواجه نتنياهو اتهامات من المعارضة": who faces them is the target, "من X"
                # after the noun the source; "تبادلت الرياض والدوحة الاتهامات", "تبادل
                # اتهامات بين حماس والسلطة": the parties accuse each other
                k0 = next((k for k in range(i - 1, max(-1, i - 7), -1)
                           if toks[k].norm in _FACE_OR_EXCHANGE or _core(toks[k].norm) in _FACE_OR_EXCHANGE), i - 1)
                between = [m for m in mentions if k0 < m.ti and m.tj <= i and not m.venue]
                after = []
                # ("انتقادات شديدة من الحزب": an adjective may come first)
                kp = next((k for k in range(i + 1, min(hi, i + 3)) if _core(toks[k].norm) in ("من", "بين")), None)
                if kp is not None:
                    after = [m for m in mentions if kp < m.ti < hi and not m.venue]
                    after = self._group(mentions, after[0], toks) if after and after[0].ti <= kp + 2 else []
                if role_fill == "faced":
                    # only with who brings them named ("تواجه الحكومة انتقادات من البرلمان"): a
                    # person who faces charges (واجه نجيب رزاق اتهامات) is background, not an event
                    subj = between[:1] or [m for m in sources + targets if m.tj <= k0][:1]
                    if subj and after and kp is not None and _core(toks[kp].norm) == "من":
                        sources, targets = after[:1], subj
                else:
                    parties = between or after
                    if len(parties) >= 2:
                        exchange_pairs = [(a_, b_) for x, a_ in enumerate(parties) for b_ in parties[x + 1:]]
                        sources, targets = parties[:1], parties[1:2]
            if e.info.plover == "REJECT" and not targets and prev_sources and _core(toks[i].norm) != stem and \
                    _core(toks[i].norm)[len(stem):] in ("ه", "ها", "هم", "هما") and prev_plover != "REJECT":
                # "اتهمت المنظمة التحالف ...، وهي اتهامات رفضها الجيش": rejecting what the
                # previous actor of the sentence said or did
                targets = [m for m in prev_sources if m not in sources]
            mutual = conf < 0
            if mutual:
                conf = 0.6
            # merge "مقتل X في غارة أمريكية": the attack noun lends its source
            attack_noun = None
            if e.info.plover == "ASSAULT" and not sources:
                for j, fe, fstem in found[n + 1:]:
                    if j - i > 16 or fe.info.plover != "ASSAULT" or fe.kind != "N":
                        continue
                    if not any(_core(toks[x].norm) in ("في", "جراء", "اثر", "بعد") or toks[x].norm.startswith(("ب", "وب"))
                               for x in range(i + 1, j + 1)):
                        continue
                    s2, t2, _c = self._arguments(toks, j, fe, fstem, j, min(len(toks), j + 8), mentions, bnd, None, analysis)
                    attack_noun = j
                    if s2:
                        sources = s2
                        suppressed.add(j)
                        targets = [m for m in targets if m not in s2] or t2
                    break
            if mutual:
                pairs = list(zip(sources, targets))
            elif len(sources) >= 2 and (e.info.plover in _RECIPROCAL or e.info.code in _RECIPROCAL_CODES) and (
                    not targets or self._prep_before(toks, targets[0], mentions) not in ("مع", None)):
                pairs = [(a_, b_) for x, a_ in enumerate(sources) for b_ in sources[x + 1:]]
            else:
                pairs = exchange_pairs
            if e.kind == "N" and e.info.plover == "ASSAULT" and not sources and (
                    e.lemma in _PATIENT_NOUN_LEMMAS or e.info.code in ("186", "181", "1823")) and attack_noun is None and \
                    not self._occurs(toks, i, e.info.plover == "ASSAULT"):
                continue  # "منذ اغتيال الحريري": a killing named as a reference, not reported here
            if e.kind == "N" and (e.info.plover == "PROTEST" or e.info.plover == "ASSAULT" and (
                    not targets or e.lemma in _MUTUAL_NOUNS) and not self._occurs(toks, i)) and not sources and (
                    _core(toks[i].norm).startswith(("ال", "بال")) or (i > 0 and _core(toks[i - 1].norm) in _DEMONSTRATIVES)):
                continue  # "وجرت التظاهرة بهدوء": the protest already reported, not a new one
            if e.info.plover == "PROTEST" and e.kind == "N" and not sources and repression and \
                    0 < i - repression[0] <= 12 and repression[2] and i > 0 and \
                    _core(toks[i - 1].norm) in ("خلال", "اثناء", "وسط", "في"):
                # "قتل 120 فلسطينيا على أيدي القوات الإسرائيلية خلال مظاهرات": the victims
                # protested, against those who struck them
                sources, targets = list(repression[2]), list(repression[1])
            if not targets and e.info.plover not in _UNNAMED_OK:
                # "واتفق الجانبان على ...": the two sides are the last two countries named (not
                # only the previous sentence's subject)
                s2, t2 = self._dual_parties(toks, i, lo, hi, mentions, earlier)
                if s2 and (not sources or sources[0].part.country in (s2[0].part.country, t2[0].part.country)):
                    sources, targets = s2, t2
            if not sources and not targets:
                # protests and attacks are reported without naming who did them ("تظاهر الآلاف",
                # "انفجرت عبوة ناسفة"): coded with unnamed actors when a verb reports them
                # a bare stem (قتل، خطف) may be a noun: an inflected past form (قتلوا، انفجرت) reports one
                past = e.kind == "V" and stem.startswith(e.lemma) and stem != e.lemma
                # "قُبض على 17 شخصا", "تم ترحيل المهاجرين": an arrest or expulsion in the passive
                # is done by the authorities of the place (filled in by _implied_countries)
                detained = e.info.code in _DETENTION_CODES and not negated and (
                    _damma_passive(toks[i].text) or (i > 0 and (_core(toks[i - 1].norm) in _PASSIVE_MARKERS
                                                                or toks[i - 1].norm in _PASSIVE_MARKERS)))
                if not detained and e.kind == "N" and e.info.code in _COUNTED_CODES and not negated:
                    # "اعتقال 300 شخص", "إفراج مؤقت بحق ثمانية متهمين": an arrest or release of a
                    # number of people is reported even when who made it is not named here
                    detained = any(_is_count(toks[k].norm) for k in range(i + 1, min(len(toks), i + 5)))
                # "تم الإفراج عن المعتقلين", "صدرت أوامر إفراج", "وجهت إليه اتهامات", "يواجهون
                # اتهامات", "تبادلت الأطراف الاتهامات": reported without naming who did it
                unnamed = not detained and e.info.plover not in _UNNAMED_OK and not negated and \
                    self._unnamed_report(toks, i, e, in_mention, self.lexicon.forms) not in ("", "faced")
                detained = detained or bool(unnamed)
                # "سقط صاروخ أطلق من غزة": a projectile reported as fired (its shooter unnamed)
                fired = e.kind == "N" and e.info.plover == "ASSAULT" and i + 1 < len(toks) and \
                    _core(toks[i + 1].norm) in _FIRED
                if not detained and not (e.info.plover in _UNNAMED_OK and (past or fired or attack_noun is not None or self._occurs(toks, i, e.info.plover == "ASSAULT"))):
                    continue
                if attack_noun is not None:
                    suppressed.add(attack_noun)  # "قتل 28 شخصا في هجوم انتحاري": one event
            if e.kind == "N" and (sources or targets) and not any(_key(m.part) != "-" for m in sources + targets) \
                    and not (e.info.plover in _UNNAMED_OK and self._occurs(toks, i, e.info.plover == "ASSAULT")) \
                    and not (e.info.plover not in _UNNAMED_OK and not negated and
                             self._unnamed_report(toks, i, e, in_mention, self.lexicon.forms) not in ("", "faced")) \
                    and not (mutual and all(m.part.sector for m in sources + targets)) \
                    and not (e.info.code in _COUNTED_CODES and not negated and
                             any(_is_count(toks[k].norm) for k in range(i + 1, min(len(toks), i + 5)))):
                # ("اشتباكات بين القوات الشرعية والمتمردين": two named sides, their country is
                # the place's, filled in by _implied_countries; "ألقت الشرطة القبض على سبعة
                # أشخاص": an arrest of a number of people is reported, as without the police)
                continue  # a nominal event between unnamed, uncoded parties: too vague
            if pairs is None and e.info.plover != "PROTEST" and (self.attacher is not None or self.attach_record is not None):
                # (protesters' targets are seldom named, and the PROTEST gate learnt on the rules' arguments)
                # the event stands: the learned attachment may complete its arguments
                sources, targets = self._attach(toks, i, e, lo, hi, mentions, bnd, sources, targets, si,
                                                mention_starts)
            if e.info.plover == "ASSAULT" and pairs is None and sources:
                # "قتل ثلاثة فلسطينيين برصاص جنود إسرائيليين": the shooter is named after برصاص /
                # بنيران (the killing is passive), the others are its victims
                for j, fe, _fs in found[n + 1:]:
                    if j - i > 12 or any(bnd[x] for x in range(i + 1, j + 1)):
                        break
                    if fe.kind != "N" or fe.lemma not in _BY_FIRE:
                        continue
                    agents = [m for m in sources + targets if j < m.ti <= j + 2]
                    if agents:
                        targets = [m for m in sources + targets if m not in agents]
                        sources = agents
                        suppressed.add(j)
                    break
            if e.info.mode == "resign":
                # "إعلان الحريري استقالته من الرياض": one resigns from an office, not against
                # someone; a name after the trigger is where or what, not a target
                sources = sources or [m for m in targets[:1] if not m.is_loc]
                targets = []
                suffix = next((x for x in ("هما", "هم", "ها", "ه") if _core(toks[i].norm).endswith("ت" + x)), None)
                if not sources and suffix:
                    # "أعلن رئيس الوزراء سعد الحريري استقالته": the pronoun is who resigns
                    m = self._antecedent(toks, i, lo, mentions, earlier, suffix, set())
                    sources = [m] if m is not None else []
            if e.info.code == "043" and (not targets or all(t.part.sector in ("CVL", "REF", "HLH") or (
                    t.demonym and _people_demonym(toks, t.ti)) for t in targets) or any(
                    toks[k].norm.isdigit() or _core(toks[k].norm) in _COUNT_CONTEXT
                    for k in range(i + 1, min(len(toks), i + 4)))):
                continue  # "استقبلت ألمانيا السوريين", "استقبل المستشفى 20 قتيلا": no visitor received
            date, date_from = self._date(analysis, toks, i, lo)
            if date_from == "text" and analysis.published and date[:10] > analysis.published[:10] and \
                    "/" not in date and len(date) == 10:
                future = True
            elif date_from == "text" and analysis.published and date.split("/")[0] > analysis.published[:10] and len(date) >= 10:
                future = True
            loc = self._location(analysis, toks, i, [m.part for m in sources + targets], places)
            info = e.info
            cameo, plover, mode, quad, gs = info.code, info.plover, info.mode, info.quad, info.goldstein
            if plover == "CONSULT" and future:
                t036 = self.lexicon.cameo.get("036")
                if t036:
                    cameo, plover, mode, quad, gs = t036.code, t036.plover, t036.mode, t036.quad, t036.goldstein
            elif plover == "ASSAULT" and verb_future and not negated and sources and not any(
                    _core(toks[k].norm) in ("متي", "كيف", "لماذا", "ماذا") for k in range(max(lo, i - 4), i)):
                # "قال أردوغان إن تركيا ستستهدف المنطقة", "سنضرب عمق المستوطنات": an attack announced
                # in the future tense by its author is a threat of force (CAMEO 138), as "سترد على"
                t138 = self.lexicon.cameo.get("138")
                if t138:
                    cameo, plover, mode, quad, gs = t138.code, t138.plover, t138.mode, t138.quad, t138.goldstein
            if plover == "ASSAULT" and e.lemma == "هاجم" and e.kind == "V" and sources and all(
                    m.person or (not m.is_loc and not m.demonym and m.part.sector in _VERBAL_SECTORS)
                    for m in sources) and not any(
                    st in _WEAPONS or st in _CASUALTY for t in toks for st in t.stems[:3]):
                # "هاجم ترامب وزير الخارجية السابق جون كيري", "هاجمت وزارة الخارجية النادي": a
                # politician, a ministry or a newspaper attacks in words (no weapon, no casualty)
                t111 = self.lexicon.cameo.get("111")
                if t111:
                    cameo, plover, mode, quad, gs = t111.code, t111.plover, t111.mode, t111.quad, t111.goldstein
            emitted.add(i)
            if sources:
                prev_sources, prev_plover = sources, plover
            if plover in ("ASSAULT", "COERCE") and pairs is None:
                repression = (i, list(sources), list(targets))
            if e.kind == "V":
                verb_types.add(e.info.plover)
                verb_codes.add(e.info.code)
            trig = Span(toks[i].start, toks[i].end, toks[i].text)
            all_pairs = pairs or [(s, t) for s in (sources or [None]) for t in (targets or [None])]
            if plover not in ("PROTEST", "ASSAULT"):
                # "انسحاب ترامب ... وفرض العقوبات على إيران والولايات المتحدة": one country's
                # government and that country's name are the same actor, not two parties
                kept = [(s, t) for s, t in all_pairs if not _same_government(s, t)]
                if len(kept) < len(all_pairs):
                    src_left = {id(s) for s, _t in kept}
                    kept += [(s, None) for s, t in all_pairs if _same_government(s, t) and id(s) not in src_left]
                    all_pairs = kept
            for s, t in all_pairs:
                if True:
                    sp = s.part if s else None
                    tp = t.part if t else None
                    if sp and tp and (sp.start == tp.start or (sp.country and sp.country == tp.country and sp.sector == tp.sector and sp.text == tp.text)):
                        continue
                    key = (plover, sp.start if sp else None, tp.start if tp else None)
                    if key in seen:
                        continue
                    seen.add(key)
                    if s is not None and s.demonym and sp is not None and sp.sector is None:
                        sp = dataclasses.replace(sp, sector="MIL" if quad == 4 else "GOV",
                                                 code=(sp.country or "") + ("MIL" if quad == 4 else "GOV"))
                    if t is not None and t.demonym and tp is not None and tp.sector is None:
                        # "اعتقال المغربيين", "قتل طفلة يمنية", "حكما بالسجن على فرنسية": people
                        # arrested, tried or killed are civilians, not their state
                        sec = "CVL" if plover in ("COERCE", "ASSAULT") and _people_demonym(toks, t.ti) else "GOV"
                        tp = dataclasses.replace(tp, sector=sec, code=(tp.country or "") + sec)
                    out.append(Event(
                        sentence=si, trigger=trig, cameo=cameo, plover=plover, quad=quad, goldstein=gs,
                        mode=mode, source=sp, target=tp, date=date, date_from=date_from, location=loc,
                        negated=negated, future=future,
                        confidence=round(conf * (1.0 if (sp and tp) else 0.8), 2),
                    ))
        return out

    # ------------------------------------------------------------------ arguments
    def _group(self, mentions: list[_Mention], m: _Mention, toks: list[Token]) -> list[_Mention]:
        """``m`` and the mentions joined to it by و (compound actors)."""
        group = [m]
        comma_only: list[bool] = []
        idx = mentions.index(m)
        last = m
        for nxt in mentions[idx + 1:]:
            gap = toks[last.tj:nxt.ti]
            joined = (not gap and toks[nxt.ti].norm.startswith("و")) or \
                     (len(gap) == 1 and gap[0].norm in ("و", "،", ",")) or \
                     (len(gap) == 2 and gap[0].norm in ("،", ",") and gap[1].norm == "و")
            if not joined or nxt.is_loc != m.is_loc and not (nxt.is_loc or m.is_loc):
                break
            if len(gap) == 1 and gap[0].norm in ("،", ",") and last.person != nxt.person:
                # "اتهم الوزير محمد بن عبدالرحمن، السعودية والإمارات": a person then a state
                # after a comma is the verb's object list, not one compound subject
                break
            group.append(nxt)
            comma_only.append(len(gap) == 1 and gap[0].norm in ("،", ",") and not toks[nxt.ti].norm.startswith("و"))
            last = nxt
        # a list ends with و ("روسيا، تركيا، وإيران"); names joined by commas alone are not one
        # ("وحمّل وزير الخارجية، بوريس جونسون، روسيا مسؤولية": subject, apposition, object)
        while comma_only and comma_only[-1]:
            comma_only.pop()
            group.pop()
        return group

    @staticmethod
    def _apposition(toks: list[Token], mentions: list[_Mention], sources: list[_Mention]) -> _Mention | None:
        """A person named between commas right after the subject ("المتحدث باسم التحالف، العقيد
        تركي المالكي،") is that subject."""
        if not sources:
            return None
        end = sources[-1].tj
        for m in mentions:
            if m.ti <= end:
                continue
            if m.is_loc and m.person is False and m.ti - end <= 3 and toks[m.ti - 1].norm not in ("،", ","):
                end = m.tj  # "المتحدث باسم التحالف في اليمن، العقيد ...": part of the subject's name
                continue
            if m.person and 0 < m.ti - end <= 4 and toks[end].norm in ("،", ",") and \
                    not any(t.norm in ("،", ",") or t.norm.startswith("و") for t in toks[end + 1:m.ti + 1]) and \
                    m.tj < len(toks) and toks[m.tj].norm in ("،", ","):
                return m
            return None
        return None

    @staticmethod
    def _disagrees(toks: list[Token], i: int, m: _Mention, vg: str) -> bool:
        """Mention ``m`` after the verb at ``i`` (gender ``vg``) cannot be its subject: a
        feminine noun after a masculine verb, right after it or after a masculine title that is
        the subject ("وطالب الوزير إيران"); a masculine noun right after a feminine verb."""
        title = toks[m.ti - 1].norm if m.ti > 0 else ""
        g = _mention_gender(m, title)
        if g is None or g == vg:
            return False
        if m.ti == i + 1:
            return True
        if vg == "f":
            return False  # "شنت مقاتلات التحالف": the genitive of an unnamed feminine subject
        return any(strip_conj(toks[k].norm) in MASC_SUBJECT_WORDS for k in range(i + 1, m.ti))

    def _prep_before(self, toks: list[Token], m: _Mention, mentions: list[_Mention] | None = None,
                     floor: int = -1) -> str | None:
        """The preposition introducing mention ``m`` (a separate word or an attached ب/ل)."""
        n = toks[m.ti].norm
        if mentions and n[:1] == "و" and m.ti > 0:
            # "مع أفغانستان وباكستان": the second conjunct shares the first one's preposition
            head = next((o for o in mentions if o.tj == m.ti and o is not m), None)
            if head is not None:
                return self._prep_before(toks, head, mentions, floor)
        if m.ti > 1 and n[:1] == "ل" and _core(toks[m.ti - 1].norm) in _AFFILIATED and _force_head(toks[m.ti - 2].norm):
            # "الطائرات الحربية التابعة للتحالف": forces belonging to X are X's, as "قوات X"
            return None
        if n.startswith(("لل", "ولل", "فلل")) or (n[:1] == "ل" and len(n) > 3 and not n.startswith("لا")):
            return "ل"
        if n.startswith(("بال", "وبال")) or (n[:1] == "ب" and m.demonym is False and n[1:2] in "ا"):
            return "ب"
        if m.ti > 0:
            p = _core(toks[m.ti - 1].norm)
            if p in _TARGET_PREPS or p in _LOCATIVE or p in ("ل", "ب", "بين"):
                return p
            if p in _TOPIC_PREPS:
                return "topic"
            if m.ti > 1 and (_core(toks[m.ti - 2].norm), toks[m.ti - 1].norm) in _AGENT_MARKERS:
                return "agent"
            if p in ("بقياده", "قياده", "بزعامه", "برئاسه"):
                return "led"
            # "لمواقع X" / "على مواقع X": the preposition governs the head noun before X
            prev = toks[m.ti - 1].norm
            if prev[:1].isalpha() and not _has_article(prev):
                c = _core(prev)
                if c[:1] == "ل" and len(c) > 3 and not c.startswith("لا") and not any(
                        e.kind == "V" for w in (prev, c) for e in self.lexicon.forms.get(w, ())):
                    return "ل"  # (not a verb that starts with ل: "لوحت واشنطن بفرض عقوبات")
                if m.ti > 1 and _core(toks[m.ti - 2].norm) in _TARGET_PREPS and c in _HEAD_NOUNS:
                    return _core(toks[m.ti - 2].norm)
            elif prev[:1].isalpha():
                c = _core(prev)
                if c.startswith("لل"):
                    return "ل"
                if c.startswith("بال"):
                    return "ب"
            # "مع وزير الخارجية الياباني X": a preposition before the title words of X
            occupied = {k for o in mentions for k in range(o.ti, o.tj)} if mentions else set()
            # titles before a person's name run longer ("مع وزير الخارجية الياباني تارو كونو")
            reach = 5 if m.person else 3
            for k in range(m.ti - 1, max(-1, m.ti - 1 - reach), -1):
                t = toks[k].norm
                if not t[:1].isalpha() or (k in occupied and k < m.ti):
                    break
                if k == floor:
                    break  # "من انسحاب ترامب": the event noun governs its genitive, not the preposition
                if not _has_article(t) and any(e.kind == "V" for w in (t, c) for e in self.lexicon.forms.get(w, ())):
                    break  # "إلى ذلك فرقت الشرطة": a verb is not a title word
                if k == m.ti - 1 and _resumptive_base(toks[k], self.lexicon.forms):
                    break  # "في خطوة انتقدتها روسيا": the preposition governs the noun, not the verb's subject
                c = _core(t)
                if k > 0 and (_core(toks[k - 1].norm), t) in _AGENT_MARKERS:
                    return "agent"
                if c in _TARGET_PREPS or c in _LOCATIVE or c == "بين":
                    return c
        return None

    def _arguments(self, toks, i, e: Entry, stem, lo, hi, mentions, bnd, topic, analysis, prev_sources=None):
        conf = 0.7
        before = [m for m in mentions if lo <= m.ti and m.tj <= i]
        after = [m for m in mentions if m.ti > i and m.ti < hi]
        # extend the right window for targets a little past a comma-less clause end
        sources: list[_Mention] = []
        targets: list[_Mention] = []
        passive = False
        if i > 0 and (_core(toks[i - 1].norm) in _PASSIVE_MARKERS or toks[i - 1].norm in _PASSIVE_MARKERS):
            passive = True
        if e.kind == "V" and _damma_passive(toks[i].text):
            passive = True  # "أُطلقت ثلاث قذائف", "قُتل جنديان": the passive written with its damma
        exposed = i > 0 and any(toks[k].norm in _EXPOSED for k in range(max(lo, i - 6), i))
        agent = [m for m in after if self._prep_before(toks, m, mentions) == "agent"]

        def usable(m: _Mention) -> bool:
            if m.venue:
                return False
            p = self._prep_before(toks, m, mentions)
            if m.is_loc and p in _LOCATIVE | {"ب", "في"}:
                return False
            return p != "topic"  # "محادثات بشأن الصحراء الغربية": what it is about, not who

        hal = self._hal_speech(toks, i)
        if hal is not None and (e.kind == "N" or stem == e.lemma == _core(toks[i].norm)) and \
                e.lemma not in _PATIENT_NOUN_LEMMAS and stem not in _PATIENT_NOUN_LEMMAS:
            # "قالت الخارجية الروسية ...، مؤكدة رفضها تسييس الملف": the act named after a
            # participle of speech is the sentence's subject's (the speaker's), not a name in between
            subj = [m for m in mentions if m.tj <= hal and not m.venue and (not m.is_loc or m.part.country)
                    and self._prep_before(toks, m, mentions) is None]
            if subj:
                src = self._group(mentions, subj[0], toks)
                return src, self._first_target(toks, i, hi, mentions, src, usable), 0.6

        if e.kind == "V" and _core(toks[i].norm) in _HAL_EVENT:
            # ", داعيا الحكومة إلى": the subject of the sentence acts (or the previous sentence's)
            if i == 0 or toks[i - 1].norm.isdigit() or _core(toks[i - 1].norm) in ("علي", "ضد", "بحق", "من"):
                return [], [], 0.0  # "بإعدام 17 متهما": the accused, a noun
            if e.info.plover == "ACCUSE" and not (
                    any(m.ti == i + 1 for m in mentions) or (i + 1 < len(toks) and toks[i + 1].norm in _HAL_ACCUSED_OBJ)
                    or (e.next and any(e.next & set(toks[k].stems) for k in range(i + 1, min(len(toks), i + 3))))):
                # (", ملقيا باللوم على", ", منحيا عليها باللائمة": the blame words follow)
                return [], [], 0.0  # "يحاكم متهما بالتجسس": accused (of), not accusing
            # (before the first participle: "، مطالبا السعودية بـ ...، داعيا": not its object)
            first = next(k for k in range(i + 1) if k == i or _core(toks[k].norm) in _HAL_ANY)
            subj = [m for m in mentions if m.tj <= first and not m.venue and (not m.is_loc or m.part.country)
                    and self._prep_before(toks, m, mentions) is None]
            src = self._group(mentions, subj[0], toks) if subj else list(topic or [])
            return src, self._first_target(toks, i, hi, mentions, src, usable), 0.6

        if exposed:
            # "تعرض X لقصف / تعرضت X للقصف": X is the target
            subj = [m for m in mentions if lo <= m.ti < i and self._prep_before(toks, m, mentions) is None]
            if subj:
                targets = self._group(mentions, subj[-1], toks)
            if agent:
                sources = self._group(mentions, agent[0], toks)
            else:
                for m in after:
                    if m.demonym and m.ti == i + 1:
                        sources = [m]
            return sources, targets, conf

        if e.kind == "V" and agent:
            # "وقتل 120 فلسطينيا على أيدي القوات الإسرائيلية": a passive with its agent
            src = self._group(mentions, agent[0], toks)
            tg = [m for m in before + after if m not in src and usable(m) and self._prep_before(toks, m, mentions) != "agent"]
            return src, (self._group(mentions, tg[0], toks) if tg else []), 0.6
        if e.kind == "V" and not passive:
            svo_cands = [m for m in before if self._prep_before(toks, m, mentions) in (None, "led") and usable(m)]
            present = stem[:1] in "يت" and not stem.startswith(e.lemma)
            quote = self._quote_at(analysis, toks[i].start)
            first_person = stem in self.lexicon.first_person or (
                quote is not None and stem in self.lexicon.first_singular)
            if first_person:
                if quote is not None and quote.speaker_actor is not None and not _names_platform(quote.speaker):
                    # (a speaker found as "تويتر" in "قال في تغريدة على تويتر" is the channel)
                    return [self._speaker_mention(quote)], self._first_target(toks, i, hi, mentions, [], usable), 0.6
                return [], [], 0.0
            if e.lemma in _CHARGE_VERBS and _core_is_verb_only(toks[i].norm, stem):
                # "ويتهم برونسون بدعم ميليشيات": one name between "accuse" and the charge (بـ) is
                # the accused, whether the verb is passive or its subject unnamed
                nxt = [m for m in after if m.ti == i + 1]
                if nxt and self._prep_before(toks, nxt[0], mentions) is None and nxt[0].tj < len(toks) and \
                        toks[nxt[0].tj].norm.startswith(("ب", "وب")) and \
                        not any(m.ti == nxt[0].tj for m in mentions) and \
                        not any(_core(toks[x].norm) in _SPEECH_VERBS for x in range(i + 1, nxt[0].ti)):
                    src = [svo_cands[-1]] if svo_cands and svo_cands[-1].tj >= i - 1 else []
                    tgt = self._group(mentions, nxt[0], toks)
                    if not src and topic and not any(t.part.start == m.part.start or t.part.text == m.part.text
                                                     for t in tgt for m in topic):
                        src = list(topic)  # "... قال الرئيس. واتهم الحوثيين بـ": the previous sentence's actor
                    return src, tgt, 0.6
            # relative clause: "الميليشيات التي هاجمت الجيش" (head = source) or
            # "القرية التي هاجمتها الميليشيات" (resumptive pronoun: head = target)
            rel = next((k for k in range(max(0, i - 2), i) if toks[k].norm in _RELATIVES), None)
            vso_subject = any(m.ti - i <= 2 and self._prep_before(toks, m, mentions) is None and not m.demonym
                              for m in after)
            core_r = _core(toks[i].norm)
            resumptive = core_r != stem and core_r.startswith(stem) and core_r[len(stem):] in ("ه", "ها", "هم", "هما")
            agrees = False
            if rel is not None:
                rn = toks[rel].norm
                if rn == "الذين":
                    agrees = stem.endswith(("وا", "ون"))
                else:
                    fem_verb = stem.startswith("ت") or stem == e.lemma + "ت"
                    agrees = fem_verb == (rn in ("التي", "اللتين", "اللاتي", "اللواتي"))
            if rel is None and resumptive and i > 0:
                # "سجن قس أمريكي تتهمه بتهم إرهابية": an indefinite head needs no relative
                # pronoun; the pronoun on the verb stands for it, so the head is the target
                head = [m for m in mentions if m.tj == i and not m.named and not m.is_loc and
                        not _has_article(toks[m.ti].norm)]
                if head:
                    others = [m for m in after if m.ti - i <= 2 and self._prep_before(toks, m, mentions) is None
                              and usable(m)]
                    return (self._group(mentions, others[0], toks) if others else []), [head[-1]], 0.6
            if rel is not None and rel > 0 and (resumptive or agrees or not vso_subject):
                head = [m for m in mentions if m.tj <= rel and rel - m.tj <= 1]
                if head and not resumptive and (head[-1].venue or (
                        i + 1 < len(toks) and toks[i + 1].norm in _PREP_RESUMPTIVES)):
                    # "معركة الحديدة، التي قتل فيها 374 شخصا": the head is where (a town, or what
                    # a preposition on the pronoun points back to), not who acts
                    head = []
                if head:
                    core_t = _core(toks[i].norm)
                    resumptive = core_t != stem and core_t.startswith(stem) and core_t[len(stem):] in ("ه", "ها", "هم", "هما")
                    hg = [head[-1]]
                    others = [m for m in after if self._prep_before(toks, m, mentions) not in _LOCATIVE and usable(m)]
                    if resumptive:
                        return (self._group(mentions, others[0], toks) if others else []), hg, 0.6
                    return hg, self._first_target(toks, i, hi, mentions, hg, usable), 0.6
            # "أعلنت بيلاروسيا أنها أوقفت أربعة مغربيين": the pronoun on the complementizer is
            # the subject; what follows the verb is its object
            if lo > 0 and toks[lo - 1].norm in _PRONOUN_COMPLEMENTIZERS and i - lo <= 1:
                main = self._main_subject(toks, lo - 1, mentions)
                if main:
                    return main, self._first_target(toks, i, hi, mentions, main, usable), 0.5
            # VSO: a subject right after the verb (not introduced by a preposition)
            core_t = _core(toks[i].norm)
            plural_subject = stem != e.lemma and (stem.endswith(_SUBJECT_SUFFIXES) or stem == e.lemma + "و") \
                and not stem.startswith("ا")
            # "أُطلقت ثلاث قذائف تجاه X": the verb's required object comes right after it, so no
            # subject follows (a passive, or the subject came before)
            obj_first = bool(e.next) and not e.adjacent and any(
                e.next & set(toks[k].stems) for k in range(i + 1, min(len(toks), i + 3))) and not any(
                i < m.ti < i + 3 for m in after)
            vg = _verb_gender(stem, e, toks[i].norm, _core(toks[i - 1].norm) if i > 0 else "", quote is not None)
            if prev_sources and toks[i].norm[:1] in "وف" and toks[i].norm[1:] == stem and \
                    all(m.tj <= i and m.ti >= 0 for m in prev_sources) and not plural_subject:
                # "انتقد ترامب الإجراءات وحث الكونغرس على ...": a verb joined by و to the clause's
                # coded verb shares its subject; the name after it is its object (not a new
                # subject), unless a comma, a complementizer or the verb's gender says otherwise
                end = max(m.tj for m in prev_sources)
                nxt = next((m for m in after if m.ti == i + 1), None)
                # ("وهاجمت إسرائيل مواقع في سوريا": a name followed by a bare object is a new subject)
                obj_like = nxt is not None and (nxt.tj >= len(toks) or not toks[nxt.tj].norm[:1].isalpha() or
                                                _core(toks[nxt.tj].norm) in _TARGET_PREPS or
                                                bool(_proclitic_preps(toks[nxt.tj].norm)))
                if obj_like and not any(bnd[k] for k in range(end, i + 1)) and \
                        not any(toks[k].norm in _COMPLEMENTIZERS for k in range(end, i)) and \
                        (vg is None or all(_mention_gender(m) in (None, vg) for m in prev_sources[:1])):
                    src = list(prev_sources)
                    return src, self._first_target(toks, i, hi, mentions, src, usable), 0.5
            for m in ([] if plural_subject else after):
                if m.ti - i > 6:
                    break
                p = self._prep_before(toks, m, mentions)
                if p == "led":
                    sources = self._group(mentions, m, toks)
                    break
                if m.latter and m.ti == i + 1:
                    sources = [m]  # "استقبل الأخير وفدا": "the latter" after a verb is its subject
                    break
                if obj_first:
                    continue  # only "بقيادة X" names the subject after the object
                if m.ti - 1 > i and p is None and e.info.plover not in ("ASSAULT", "COERCE") and \
                        _resumptive_base(toks[m.ti - 1], self.lexicon.forms):
                    continue  # "وصفت فيه عقوبات فرضتها واشنطن": Washington imposed, it did not describe
                if vg is not None and p is None and usable(m) and self._disagrees(toks, i, m, vg):
                    break  # "وطالب الوزير إيران", "هاجمت الرئيس": the object, the subject is elsewhere
                if m.ti - 1 > i and p is None and _proclitic_preps(toks[m.ti - 1].norm) and not any(
                        x.ti <= m.ti - 1 < x.tj for x in mentions) and not any(
                        self.lexicon.forms.get(st) for st in toks[m.ti - 1].stems[:1]):
                    continue  # "أشاد باستضافة روسيا": the genitive of a prepositional phrase, not the subject
                if m.demonym and m.ti - 1 > i and any(
                        any(x.kind == "N" for x in self.lexicon.forms.get(st, ())) for st in toks[m.ti - 1].stems[:3]):
                    continue  # "انتقد العقوبات الأمريكية": the adjective of an event noun (the object), not the subject
                if p is None and usable(m) and not (
                        svo_cands and (present or svo_cands[-1].tj >= i - 1)):
                    sources = self._group(mentions, m, toks)
                    break
                if p is not None:
                    break
            if not sources:
                # SVO: nearest mention before the verb in the clause, not after a preposition
                cands = [m for m in before if self._prep_before(toks, m, mentions) in (None, "led") and usable(m)]
                if cands:
                    last = cands[-1]
                    # take the whole compound group ending at ``last``
                    for m in cands:
                        g = self._group(mentions, m, toks)
                        if last in g:
                            sources = g
                            break
                    conf = 0.6
            if not sources and lo > 0 and toks[lo - 1].norm in _PRONOUN_COMPLEMENTIZERS:
                # "أعلنت بيلاروسيا أنها أوقفت ...": the pronoun is the subject of the main clause
                sources = self._main_subject(toks, lo - 1, mentions)
                if sources:
                    conf = 0.5
            if not sources and lo > 1 and toks[lo - 1].norm in ("ان", "أن") and \
                    _core(toks[lo - 2].norm) in ("بعد", "قبل", "منذ", "حتي", "لبعد"):
                # "اقترحت روسيا تعديلات بعد أن اشتكت من ...": an adverbial clause shares the subject
                sources = self._main_subject(toks, lo - 2, mentions)
                conf = 0.5
            if not sources and lo > 0 and any(toks[k].norm in ("حيث", "وحيث") for k in range(lo, i)) and \
                    not any(m.ti < i for m in mentions if lo <= m.ti):
                # "وكان السيسي في مقدمة مستقبليه، حيث رحب بالشيخ محمد": a حيث clause without a
                # subject of its own continues the sentence's subject, not the previous sentence's
                sources = self._main_subject(toks, lo, mentions)
                conf = 0.5
            if not sources and prev_sources and toks[i].norm[:1] in "وف" and toks[i].norm[1:] == stem:
                # "سبق لترامب أن انسحب من الاتفاق، وانسحب من اليونسكو": coordinated verbs share the subject
                sources = list(prev_sources)
                conf = 0.5
            if not sources and topic and vg is not None and e.info.plover not in ("ASSAULT", "COERCE") and \
                    e.info.code not in _DETENTION_CODES and any(
                    _mention_gender(m) not in (None, vg) for m in topic[:1]):
                topic = None  # "وأضافت ..." after a man was the subject: the verb is about someone else
            if not sources:
                if topic and not bnd[i] and not any(toks[k].norm in _COMPLEMENTIZERS for k in range(lo, i)):
                    sources = topic
                    conf = 0.45
                elif topic and lo == 0:
                    sources = topic
                    conf = 0.45
            appos = self._apposition(toks, mentions, sources) if sources and sources[0].ti > i else None
            # (the subject and its apposition are not the object)
            hi_t = hi
            aside: list[_Mention] = []
            close = -1
            if appos is not None:  # the clause goes on after the apposition's closing comma
                hi_t = next((k for k in range(appos.tj + 1, len(toks)) if bnd[k]), len(toks))
            elif sources and sources[-1].ti > i and sources[-1].tj + 1 < len(toks) and \
                    toks[sources[-1].tj].norm in ("،", ",") and toks[sources[-1].tj + 1].norm in _RELATIVES:
                # "وحمّل ترامب، الذي يزور اليابان، إيران مسؤولية": the object follows the aside
                close = next((k for k in range(sources[-1].tj + 2, min(len(toks), sources[-1].tj + 27))
                              if toks[k].norm in ("،", ",")), -1)
                if close >= 0:
                    aside = [m for m in mentions if sources[-1].tj < m.ti < close]
                    hi_t = next((k for k in range(close + 2, len(toks)) if bnd[k]), len(toks))
            targets = self._first_target(toks, i, hi_t, mentions, sources + ([appos] if appos else []) + aside, usable,
                                         skip_to=close)
            if appos is not None and not any(m.person for m in sources):
                sources = [appos]  # the named person rather than "the spokesman of X"
            if e.info.plover in ("ASSAULT", "COERCE") and sources and all(
                    m.part.sector in ("CVL", "REF") and m.ti > i for m in sources):
                # "قتل عشرة مدنيين": civilians after the verb are its victims (passive reading)
                return [], sources, 0.5
            if e.info.mode == "resign":
                return (sources or targets[:1]), [], conf
            return sources, targets, conf

        # nouns (and passive verbs)
        patient = e.lemma in _PATIENT_NOUN_LEMMAS or stem in _PATIENT_NOUN_LEMMAS or e.info.code in ("186", "1823", "181", "173", "174", "0841")
        if passive and e.kind == "V":
            patient = True
        # "توجه بومبيو إلى إسرائيل للقاء نتانياهو": a meeting as a purpose; the genitive is who is
        # met, the subject of the sentence meets
        purpose_meet = e.kind == "N" and e.info.plover == "CONSULT" and stem == "لقاء" and \
            _core(toks[i].norm) in ("ل" + stem, "ول" + stem)
        if purpose_meet:
            patient = True
        if e.kind == "N":
            # "تلقى الملك اتصالا هاتفيا من الرئيس": who is named after من calls (invites, asks),
            # the subject of تلقى receives
            recv = next((k for k in range(max(lo, i - 7), i) if _core(toks[k].norm) in _RECEIVE_VERBS), None)
            if recv is not None:
                frm = next((m for m in after if self._prep_before(toks, m, mentions) == "من" and usable(m)), None)
                subj = [m for m in mentions if (recv < m.ti and m.tj <= i or lo <= m.ti and m.tj <= recv)
                        and not m.is_loc and self._prep_before(toks, m, mentions) is None]
                if frm is not None:
                    return (self._group(mentions, frm, toks),
                            (self._group(mentions, subj[0], toks) if subj else []), 0.6)
        # an indefinite accusative ("أجرى اتصالا هاتفيا بالرئيس") has no genitive after it
        indefinite = e.kind == "N" and stem.endswith("ا") and stem[:-1] in self.lexicon.forms
        genitive = None
        adj = None
        for m in after:
            gap = toks[i + 1:m.ti]
            if m.demonym and m.ti == i + 1:
                adj = m  # "هجوما حوثيا": the nationality adjective, also after an indefinite noun
            elif m.venue or indefinite:
                pass  # "محادثات جنيف": the place of the talks; "اتصالا هاتفيا بالرئيس": no genitive
            elif len(gap) <= 3 and self._prep_before(toks, m, mentions, floor=i) is None and not any(
                    bnd[k] for k in range(i + 1, m.ti + 1)) and not any(
                    _core(t.norm) in _TARGET_PREPS or _core(t.norm) in _LOCATIVE for t in gap) and (
                    patient or len(gap) <= 3):
                genitive = m
            break
        if genitive is not None and genitive.ti > i + 1:
            base = next((b for b in (_resumptive_base(t, self.lexicon.forms) for t in toks[i + 1:genitive.ti]) if b), "")
            if base in _DENY_BASES:
                # "اتهامات نفتها موسكو": who denies the accusations is accused
                targets = self._group(mentions, genitive, toks)
                genitive = None
            elif base in _JUDGE_BASES:
                genitive = None  # "هجمات دانتها مصر": who condemns is not a party to the attacks
        if adj is not None:
            sources = [adj]
        for m in after:
            p = self._prep_before(toks, m, mentions)
            if p == "agent" or p == "led":
                sources = self._group(mentions, m, toks)
                break
        core_i = _core(toks[i].norm)
        at = core_i.rfind(stem)
        suffix = core_i[at + len(stem):] if at >= 0 else ""
        if patient and e.kind == "N" and suffix in ("ه", "ها", "هم", "هما") and not (
                suffix == "ه" and toks[i].text.endswith("ة")):
            # "قبل ترحيلهم إلى روسيا": the attached pronoun is who undergoes it; what follows is
            # a destination or a circumstance
            return sources, [], 0.5
        # "قررت النيابة العامة في مصر حبس X", "تريد الحكومة إقناع البرلمان": the subject of a
        # control verb right before the verbal noun is its agent; the noun's genitive its object
        ctrl = self._control_subject(toks, i, lo, mentions, e.info.plover) if e.kind == "N" and not sources else []
        if ctrl and genitive is not None and not patient and genitive not in ctrl:
            sources = ctrl
            targets = self._group(mentions, genitive, toks)
            genitive = None
        elif ctrl:
            sources = ctrl
        if genitive is not None:
            if patient:
                # "اعتقال الشرطة لـ X": the genitive is the agent when ل introduces the patient
                # (a verbal noun's own ل right after the genitive; not "قُتل جنديان في هجوم لحماس")
                lam = [m for m in after if e.kind == "N" and genitive.tj - 1 < m.ti <= genitive.tj + 1
                       and self._prep_before(toks, m, mentions) == "ل"]
                if lam and not sources:
                    sources = self._group(mentions, genitive, toks)
                    targets = self._group(mentions, lam[0], toks)
                else:
                    targets = self._group(mentions, genitive, toks)
            elif not sources:
                sources = self._group(mentions, genitive, toks)
        if purpose_meet and not sources:
            own = [m for m in mentions if lo <= m.ti and m.tj <= i and not m.is_loc and m not in targets
                   and self._prep_before(toks, m, mentions) is None]
            sources = self._group(mentions, own[0], toks) if own else \
                [m for m in self._main_subject(toks, i, mentions) if m not in targets]
        if e.kind == "N" and e.info.plover == "ASSAULT" and not patient and not sources:
            # "القصف المكثف للقوات الحكومية": an army introduced by ل right after an attack
            # noun is who attacks ("قصف لمواقع الحوثيين": a position is what is attacked)
            lam = next((m for m in after if m.ti - i <= 3 and not any(bnd[k] for k in range(i + 1, m.ti + 1))
                        and self._prep_before(toks, m, mentions) == "ل" and m.part.sector in ("MIL", "COP", "REB")
                        and not m.is_loc), None)
            if lam is not None:
                sources = self._group(mentions, lam, toks)
                targets = [m for m in targets if m not in sources]
        if e.info.plover == "ASSAULT" and not sources and not targets:
            # "أربع قذائف أطلقت من غزة على إسرائيل": fired from a place at someone: the place
            # stands for the attacker
            frm = next((m for m in after if m.is_loc and m.ti - i <= 6 and self._prep_before(toks, m, mentions) == "من"), None)
            if frm is not None:
                at = next((m for m in after if m.ti > frm.ti and m.ti - frm.tj <= 3 and usable(m)
                           and (self._prep_before(toks, m, mentions) in ("علي", "ضد", "تجاه")
                                or _core(toks[m.ti - 1].norm) in ("باتجاه", "تجاه", "نحو"))), None)
                if at is not None:
                    return [frm], self._group(mentions, at, toks), 0.5
        if not targets:
            used = {id(m) for m in sources}
            for m in after:
                if id(m) in used or m.ti - i > 8 or not usable(m):
                    continue
                p = self._prep_before(toks, m, mentions)
                if p in ("ل", "علي", "ضد", "مع", "الي", "بحق", "تجاه", "من", "عن", "ب") and p not in _LOCATIVE:
                    if p == "من" and e.info.plover in ("REQUEST", "AID") and m.ti <= i + 3 and not sources:
                        # "بطلب من X": X asked; "بدعم من X": X helped the subject of the sentence
                        sources = self._group(mentions, m, toks)
                        if e.info.plover == "AID":
                            targets = [o for o in self._main_subject(toks, i, mentions) if o not in sources]
                            break
                        continue
                    targets = self._group(mentions, m, toks)
                    break
        words_before = [_core(t.norm) for t in toks[max(0, i - 4):i] if t.norm[:1].isalpha()]
        if i > 1 and words_before and (words_before[-1] == "عن" or len(words_before) > 1 and words_before[-2] == "عن"
                                       and toks[i].norm.startswith("بال")):  # "أعرب عن شعوره بالاستياء"
            # "أعرب X و Y عن ترحيبهما / إدانته ...": the subject of the verb of expression
            for k in range(i - 2, max(-1, i - 45), -1):
                if (_core(toks[k].norm) in _EXPRESS_VERBS or (
                        _core(toks[k].norm) in _ANNOUNCE_VERBS and e.info.plover in _OWN_ACT_TYPES)) and not (
                        toks[k].norm == "عبر" and k > 0 and toks[k - 1].norm[:1].isalpha()):  # عبر "via"
                    cands = [m for m in mentions if k < m.ti < i and not m.is_loc
                             and (m.ti == k + 1 or self._prep_before(toks, m, mentions) is None)]
                    if not cands:
                        cands = [m for m in mentions if m.tj <= k and self._prep_before(toks, m, mentions) is None][-1:]
                    if cands:
                        sources = self._group(mentions, cands[0], toks)
                        # "عبر X، نائب ...، و Y ... عن ترحيبهما": coordinated subjects past appositions
                        if toks[i].norm.endswith(("هما", "هم")):
                            sources += [m for m in cands[1:] if m not in sources and (
                                toks[m.ti].norm.startswith("و") or toks[m.ti - 1].norm.startswith("و"))]
                        # the target is the first actor of the complement ("بالزيارة التاريخية للرئيس الصيني شي")
                        nxt = [m for m in mentions if i < m.ti <= i + 10 and m not in sources and not m.venue
                               and self._prep_before(toks, m, mentions) not in _LOCATIVE | {"في"}]
                        targets = self._group(mentions, nxt[0], toks) if nxt else []
                    break
        if not sources:
            # "شنت X غارات / نفذ X هجوما": the subject of a light verb before the noun
            # ("أجرى العاهل السعودي الملك سلمان اتصالا": a title and a name between them)
            for k in range(max(lo, i - 7), i):
                if any(st in _LIGHT_VERBS for st in toks[k].stems[:3]):
                    cands = [m for m in mentions if k < m.ti < i and self._prep_before(toks, m, mentions) is None]
                    if not cands:
                        before = [m for m in mentions if lo <= m.ti and m.tj <= k and self._prep_before(toks, m, mentions) is None]
                        # the whole compound ending right before the light verb ("القوات التركية والأمريكية ستبدأ")
                        cands = next(([m] for m in before if before[-1] in self._group(mentions, m, toks)), [])
                    if cands:
                        sources = self._group(mentions, cands[0], toks)
                    break
            else:
                # "وتنفذ حركة الشباب الصومالية المتشددة المرتبطة بتنظيم القاعدة تفجيرات": a long
                # subject (its adjectives and relative phrase) right after the light verb
                for k in range(i - 8, max(lo, i - 11) - 1, -1):  # (the loop above saw i-7 … i-1)
                    if any(st in _LIGHT_VERBS for st in toks[k].stems[:3]):
                        subj = next((m for m in mentions if m.ti == k + 1 and m.tj < i and not m.is_loc), None)
                        if subj is not None and not any(toks[x].norm in _COMPLEMENTIZERS or bnd[x]
                                                        for x in range(k + 1, i)):
                            sources = self._group(mentions, subj, toks)
                        break
        if e.lemma in _MUTUAL_NOUNS:
            # "اشتباكات بين X و Y": each side against the other
            bn = next((m for m in after if m.ti - i <= 4 and self._prep_before(toks, m, mentions) == "بين"), None)
            if bn is not None:
                g = self._group(mentions, bn, toks)
                if len(g) >= 2:
                    return g[:1] + g[1:2], g[1:2] + g[:1], -1.0
        if not sources and targets and e.info.plover in _RECIPROCAL:
            # "... بومبيو ... قبل لقاء مع اليابان": the subject of the sentence meets
            subj = [m for m in mentions if m.tj <= i and m.named and not m.is_loc
                    and self._prep_before(toks, m, mentions) is None and m not in targets]
            if subj:
                sources = [subj[0]]
        if not sources:
            quote = self._quote_at(analysis, toks[i].start)
            if quote is not None and quote.speaker_actor is not None and re.search(
                    r"(^|\s)(نحن|اننا|إننا|إنّنا|لدينا)(\s|$)", analysis.text[quote.start:toks[i].start]):
                sources = [self._speaker_mention(quote)]
        conf = 0.6
        return sources, targets, conf

    def _attach_features(self, toks, i, e: Entry, m: _Mention | None, by_rule: bool, other_role: bool,
                         bnd, mentions, lo, hi, nearest: set[int]) -> list[str]:
        """Readable features of candidate ``m`` (None: no actor) for one role of trigger ``i``."""
        kind, ptype = e.kind, e.info.plover
        if m is None:
            return ["none", f"none|{kind}", f"none|{ptype}", f"none|rule:{by_rule}"]
        pos = "b" if m.tj <= i else "a"
        d = (i - m.tj + 1) if pos == "b" else (m.ti - i)
        db = "1" if d <= 1 else "2" if d <= 2 else "4" if d <= 4 else "8" if d <= 8 else "far"
        p = self._prep_before(toks, m, mentions, floor=i if pos == "a" else -1) or "0"
        a_, b_ = (m.tj, i) if pos == "b" else (i + 1, m.ti + 1)
        cut = any(bnd[k] for k in range(a_, b_))
        comp = any(toks[k].norm in _COMPLEMENTIZERS for k in range(min(i, m.ti), max(i, m.ti)))
        what = "dem" if m.demonym else "loc" if m.is_loc else "per" if m.person else "named" if m.named else "body"
        return [f"rule:{by_rule}", f"other:{other_role}", f"pos:{pos}", f"d:{pos}{db}", f"p:{pos}{p}",
                f"pk:{kind}{pos}{p}", f"what:{what}", f"what:{pos}{what}", f"sec:{m.part.sector or '0'}",
                f"cut:{pos}{cut}", f"comp:{comp}", f"k:{kind}{pos}", f"t:{ptype}{pos}", f"tp:{ptype}{p}",
                f"coded:{_key(m.part) != '-'}", f"near:{pos}{m.ti in nearest}", f"clause:{lo <= m.ti < hi}",
                f"speech:{any(toks[k].norm in _SPEECH_VERBS for k in range(min(i, m.ti), max(i, m.tj)))}"]

    def _attach(self, toks, i, e: Entry, lo, hi, mentions, bnd, sources, targets, si, mention_starts=None):
        """Score the sentence's actor mentions for each role and keep or replace the rules'
        choice (:mod:`marsad.coding.attach`); with ``event_attach_record`` record the candidates."""
        zone = self._speaker_zone(toks, i, bnd)

        def usable(m: _Mention) -> bool:  # as in _arguments: not a venue, a place of the event or a topic
            if zone is not None and zone[0] <= m.ti < zone[1]:
                return False  # the speaker of the reported clause (the rules' own choice stays)
            p = self._prep_before(toks, m, mentions)
            return not m.venue and p != "topic" and not (m.is_loc and p in _LOCATIVE | {"ب", "في"})

        # actors within _ATTACH_WINDOW words of the trigger (bounded work in a very long sentence)
        a0 = bisect.bisect_left(mention_starts, i - _ATTACH_WINDOW) if mention_starts is not None else 0
        a1 = bisect.bisect_right(mention_starts, i + _ATTACH_WINDOW) if mention_starts is not None else len(mentions)
        cands: list[_Mention | None] = [None] + [m for m in mentions[a0:a1] if m.ti >= 0 and not (m.ti <= i < m.tj)
                                                 and abs(m.ti - i) <= _ATTACH_WINDOW and usable(m)]
        before = [m.ti for m in cands[1:] if m.tj <= i]
        after = [m.ti for m in cands[1:] if m.ti > i]
        nearest = {max(before)} if before else set()
        if after:
            nearest.add(min(after))
        out = {"source": sources, "target": targets}
        rec = {}
        # "وذكر مكتب حقوق الإنسان التابع للأمم المتحدة أن تركيا احتجزت 160 ألف شخص": who reports
        # (before a verb of speech and its complementizer) is not who undergoes the reported event
        comp = next((k for k in range(i - 1, max(-1, i - _ATTACH_WINDOW), -1) if toks[k].norm in _COMPLEMENTIZERS), -1)
        speech = -1
        for k in range(comp - 1, max(-1, comp - _ATTACH_WINDOW), -1) if comp > 0 else ():
            if toks[k].norm in _COMPLEMENTIZERS:
                break  # "أوضحت أن إيران عليها أن تفهم أن ...": the verb of speech governs another clause
            if _core(toks[k].norm) in _SPEECH_VERBS or toks[k].norm in _SPEECH_VERBS:
                speech = k
                break
        reporters = {id(c) for c in cands[1:] if speech >= 0 and speech < c.ti and c.tj <= comp} | \
            {id(c) for c in cands[1:] if speech >= 0 and c.tj <= speech and speech - c.tj <= 1}
        # "دانت البحرين إطلاق صواريخ من قبل الحوثيين": who condemns is no party to what is condemned
        rv = _reaction_verb(toks, i) if e.kind == "N" and i > 0 else -1
        reactors = {id(c) for c in cands[1:] if rv >= 0 and (rv < c.ti and c.tj <= i or 0 <= rv - c.tj <= 1)}
        for role, chosen, other in (("source", sources, targets), ("target", targets, sources)):
            if chosen and not any(chosen[0] is c for c in cands[1:]):
                continue  # a speaker or an antecedent from another sentence: the rules' choice stays
            if role == "source" and not chosen and e.kind == "V" and _damma_passive(toks[i].text):
                continue  # "أُطلقت قذائف ...": a passive without a named agent has no source
            cands_r = cands
            if role == "target" and reporters and not any(id(c) in reporters for c in chosen):
                # (as the source a reporter is often right: "أعلنت الشرطة أنها ألقت القبض")
                cands_r = [c for c in cands if id(c) not in reporters]
            if reactors and not any(id(c) in reactors for c in chosen):
                cands_r = [c for c in cands_r if id(c) not in reactors]
            rule_k = next((k for k, c in enumerate(cands_r) if c is not None and chosen and c is chosen[0]), 0)
            other_starts = {m.part.start for m in other}
            feats = [self._attach_features(toks, i, e, c, k == rule_k, c is not None and c.part.start in other_starts,
                                           bnd, mentions, lo, hi, nearest) for k, c in enumerate(cands_r)]
            if self.attach_record is not None:
                rec[role] = ([_key(c.part) if c is not None else "-" for c in cands_r], feats, rule_k)
            if self.attacher is not None and (sources or targets):  # re-attaches; never creates an event
                k = self.attacher.choose(role, list(zip(cands_r, feats)), rule_k)
                if k != rule_k:
                    c = cands_r[k]
                    out[role] = [] if c is None else (self._group(mentions, c, toks) if c in mentions else [c])
        if self.attach_record is not None and rec:
            self.attach_record.append({"sentence": si, "trigger": toks[i].start, "plover": e.info.plover, **rec})
        src, tgt = out["source"], out["target"]
        if src is not sources or tgt is not targets:
            starts = {m.part.start for m in src}
            tgt = [m for m in tgt if m.part.start not in starts]
        return src, tgt

    @staticmethod
    def _unnamed_report(toks: list[Token], i: int, e: Entry, in_mention: dict, forms: dict) -> str:
        """How an event with no named actor is still reported as done ("" when it is not): a
        passive (تم / جرى + verbal noun, a verb written with a damma), an order or ruling issued
        (صدرت أوامر إفراج), charges faced or brought to a pronoun (يواجه اتهامات، وجهت إليه
        تهمة), or an exchange (تبادلت الأطراف الاتهامات)."""
        before = [_core(toks[k].norm) for k in range(max(0, i - 3), i)]
        before_raw = [toks[k].norm for k in range(max(0, i - 3), i)]
        if i > 1 and (toks[i - 2].norm in _RELATIVES or _core(toks[i - 2].norm) == "ما"):
            return ""  # "البنود التي تم الاتفاق عليها": named as done before, not reported here
        if e.kind == "N" and i > 0 and (_core(toks[i - 1].norm) in _PASSIVE_MARKERS or toks[i - 1].norm in _PASSIVE_MARKERS):
            return "passive"
        if e.kind == "V" and _damma_passive(toks[i].text) and not (i > 0 and toks[i - 1].norm in _RELATIVES) and \
                not any(w in _WHEN for w in before[-2:]):
            # (not "عندما طُرد مئات الآلاف من منازلهم في عام 1948": a time given by a past event)
            core = _core(toks[i].norm)
            if core[:1] not in "يت" or (i > 0 and toks[i - 1].norm in ("سوف", "وسوف")):
                return "passive"  # (a present passive, "يُطلب من العمال", is a habit, not an event)
            return ""
        if e.kind == "N" and i > 0 and (toks[i - 1].norm in _STARTED or _core(toks[i - 1].norm) in _STARTED) and \
                e.info.plover not in ("THREATEN", "ACCUSE", "REJECT"):
            # "انطلقت المفاوضات", "بدأت هدنة": it began ("بدأ التهديد والوعيد بين الطرفين" sums
            # up the threats reported around it)
            return "started"
        if e.kind == "V" and i + 1 < len(toks) and i + 1 not in in_mention and (
                _has_article(toks[i + 1].norm) or _core(toks[i + 1].norm) in _PEOPLE_PLURAL) and \
                _core(toks[i].norm) == e.lemma and (i == 0 or not toks[i - 1].norm[:1].isalpha() or
                                                    toks[i].norm[:1] == "و" or
                                                    _core(toks[i - 1].norm) in _VERBAL_CONTEXT) and \
                not any(en.kind == "N" for en in forms.get(e.lemma, ())):
            # "واتهم المحافظ مسؤولا بالفساد", "كما هدد قادة أوروبيون بعقوبات": a past verb and
            # its (unnamed) subject
            return "subject"
        if e.kind == "V" and i == 0 and toks[i].norm[:1] in "وف" and _core(toks[i].norm) in (e.lemma + "ت", e.lemma + "وا") and \
                not any(en.kind == "N" for en in forms.get(e.lemma, ())) and len(toks) > 1 and 1 not in in_mention and \
                (toks[1].norm in ("من", "الي", "علي", "عن", "في") or toks[1].norm[:1] in "بل"):
            # (no subject after the verb: it continues the previous sentence's unnamed actor)
            return "prodrop"  # "وتعهدت باستمرار المظاهرات": the previous sentence's actor, unnamed here
        if e.kind == "N" and e.info.code not in _DETENTION_CODES and any(w in _ORDERS for w in before[-2:]) and \
                any(w in _ISSUED or r in _ISSUED for w, r in zip(before, before_raw)):
            return "issued"  # (an arrest or deportation order, صدرت مذكرة توقيف / أوامر ترحيل, is not yet done)
        if e.info.plover == "ACCUSE" and e.kind == "N" and any(w in _FACE or r in _FACE for w, r in zip(before, before_raw)):
            return "faced"
        if e.info.plover == "ACCUSE" and e.kind == "V" and e.next and (
                toks[i].norm in _LIGHT_VERBS or _core(toks[i].norm) in _LIGHT_VERBS) and \
                i + 1 < len(toks) and toks[i + 1].norm in _TO_HIM:
            return "brought"
        if e.kind == "N" and e.info.plover == "ACCUSE":
            # "تبادل الطرفان الاتهامات", "تبادلت الرياض والدوحة الاتهامات": the accusations are
            # what is exchanged (not "تبادل التصريحات والتهديدات")
            for k in range(i - 1, max(-1, i - 6), -1):
                if toks[k].norm in _EXCHANGE or _core(toks[k].norm) in _EXCHANGE:
                    return "exchanged"
                if not (k in in_mention or _core(toks[k].norm) in _DUAL_OR_SIDES):
                    break
        return ""

    @staticmethod
    def _hal_speech(toks: list[Token], i: int) -> int | None:
        """The participle of speech right before trigger ``i`` ("مؤكدا رفضه", "معربة عن دعمها")."""
        for k in (i - 1, i - 2):
            if k >= 1 and _core(toks[k].norm) in _HAL_SPEECH and (k == i - 1 or toks[i - 1].norm == "عن"):
                return k
        return None

    @staticmethod
    def _speaker_zone(toks: list[Token], i: int, bnd: list[bool]) -> tuple[int, int] | None:
        """Tokens [a, b) of the clause that reports the one of trigger ``i``: "قال مدير المرصد
        رامي عبد الرحمن لوكالة فرانس برس إن ..." or "... لوكالة فرانس برس: «...»". The speaker
        and the words about him are not the actors of an event he reports (the one who reports
        an attack is neither its attacker nor its victim). With "أنه / أنها" the speaker is the
        subject of the reported clause: no zone."""
        for k in range(i - 1, max(-1, i - 41), -1):
            n = toks[k].norm
            if n in (".", "؟", "!") or n in _RELATIVES:
                return None
            if _core(n) in _SPEECH_VERBS or n in _SPEECH_VERBS:
                if any(_core(toks[x].norm) in _HAL_SPEECH for x in range(k + 2, i)):
                    return None  # (", مؤكدا رفضه": the speaker's own act)
                for c in range(k + 1, i):
                    m = toks[c].norm
                    if m in _PRONOUN_COMPLEMENTIZERS or m in _RELATIVES:
                        return None
                    if m in _AN_FORMS and c + 1 < i and \
                            _core(toks[c + 1].norm).startswith(_SPEAKERS_OWN) and \
                            _core(toks[c + 1].norm).endswith(("ه", "ها", "هم")):
                        return None  # "قال الجبير إن بلاده ترفض": his country acts

                    if _core(m) in _HAL_SPEECH or _core(m) in _HAL_REPORT or c - k > 22:
                        # "أعلنت الوكالة مقتل 6 برصاص الجيش، لافتة إلى أن ...": what lies before
                        # the participle is what was announced, not who announced it
                        return None
                    if m in _AN_FORMS or m in (":", '"', "«", "“"):
                        a = k
                        while a > 0 and not bnd[a]:
                            a -= 1
                        return a, c
                return None
        return None

    def _dual_parties(self, toks, i, lo, hi, mentions, earlier) -> tuple[list[_Mention], list[_Mention]]:
        """A dual that names the two sides ("اتفق الجانبان", "ناقش الطرفان", "الزعيمان بحثا") as the
        subject next to the trigger stands for the last two countries named before it (in the
        sentence or the two before): one of them the source, the other the target."""
        near = [k for k in range(max(lo, i - 2), min(hi, i + 3)) if k != i and _core(toks[k].norm) in _DUAL_PARTIES]
        if not near or (near[0] > 0 and _core(toks[near[0] - 1].norm) in ("بين", "من", "الي", "علي", "مع", "لدي")):
            return [], []
        seen: list[_Mention] = []
        for m in reversed(list(earlier) + [m for m in mentions if m.tj <= near[0]]):  # this sentence's first
            c = m.part.country
            if c and not m.venue and not any(x.part.country == c for x in seen):
                seen.append(m)
            if len(seen) == 2:
                return [seen[1]], [seen[0]]
        return [], []

    def _pronoun_arguments(self, toks, i, e: Entry, stem, lo, mentions, earlier, sources, targets):
        """Attached pronouns as arguments: the object of a verb (استخدموهم، ترحيلهم), ``له / لها /
        لهم`` right after the trigger (اتهامات كوريا الشمالية له) and the possessor of an event noun
        (قمته مع كيم) point back to the nearest earlier actor that agrees with the pronoun: in the
        sentence before the trigger, then in the two sentences before it."""
        core = _core(toks[i].norm)
        at = core.rfind(stem)
        suffix = core[at + len(stem):] if at >= 0 else ""
        if at < 0 and stem.endswith("ه") and stem[:-1] + "ت" in core:  # قمه → قمته: ة is written ت before a pronoun
            suffix = core[core.rfind(stem[:-1] + "ت") + len(stem):]
        if suffix == "ه" and toks[i].text.endswith("ة"):
            suffix = ""  # a ta marbuta, not a pronoun
        if suffix not in _PRONOUNS and e.kind == "V" and stem.endswith("وا") and core.startswith(stem[:-1]):
            rest = core[len(stem) - 1:]
            suffix = rest if rest in _PRONOUNS else ""  # استخدموهم: the alif of وا drops before a pronoun
        lam = ""
        k = i + 1
        gen = next((m for m in mentions if m.ti == k), None)
        if gen is not None and e.kind == "N" and sources and gen in sources:
            k = gen.tj  # "اتهامات كوريا الشمالية له": after the noun's genitive
        if k < len(toks) and toks[k].norm in _LAM_PRONOUNS:
            lam = toks[k].norm[1:]
        if not suffix and not lam:
            return sources, targets
        patient = e.lemma in _PATIENT_NOUN_LEMMAS or stem in _PATIENT_NOUN_LEMMAS or \
            e.info.code in ("186", "1823", "181", "173", "174", "0841")
        exclude = {m.part.start for m in sources + targets}
        if i > 0 and (_core(toks[i - 1].norm) in _PASSIVE_MARKERS or toks[i - 1].norm in _PASSIVE_MARKERS):
            patient = True  # "أن يتم قصفها": the pronoun undergoes it
        if not targets and (lam or (suffix and (e.kind == "V" or patient))):
            m = self._antecedent(toks, i, lo, mentions, earlier, lam or suffix, exclude)
            if m is not None:
                targets = [m]
        elif not sources and suffix and e.kind == "N" and not patient:
            m = self._antecedent(toks, i, lo, mentions, earlier, suffix, exclude)
            if m is not None:
                sources = [m]
        elif not targets and suffix and e.kind == "N" and not patient and e.info.plover != "REJECT" and \
                sources and sources[0].ti == i + 1 \
                and self._prep_before(toks, sources[0], mentions) is None:
            # "في خطوة أدانتها السعودية": a noun with a pronoun takes no genitive, so the word is
            # the verb (أدانتها, not إدانتها); the name after it is its subject, the pronoun its object
            # ("وهي اتهامات رفضها الجيش": a rejection targets the accuser, set by the caller)
            # (the act of a party, not a place it went to: "نقلت تركيا سفارتها إلى القدس")
            places = {m.part.start for m in mentions if m.is_loc and self._prep_before(toks, m, mentions) is not None}
            m = self._antecedent(toks, i, lo, mentions, earlier, suffix, exclude | places)
            if m is not None:
                targets = [m]
        return sources, targets

    def _antecedent(self, toks, i, lo, mentions, earlier, pron, exclude) -> _Mention | None:
        """The nearest actor before token ``i`` that pronoun ``pron`` (ه ها هم هما) can stand for."""
        def agrees(m: _Mention) -> bool:
            if m.venue or m.part.start in exclude or (m.is_loc and not m.part.country):
                return False
            t = normalize_word(m.part.text)
            plural = t.endswith(("ين", "ون", "ات")) or m.part.sector in ("CVL", "REF")
            if pron in ("هم", "هما"):
                return plural  # a group (المتظاهرين، قوات، الحوثيين), not a body (الشرطة، البرلمان)
            if m.demonym:
                return False  # a bare adjective is rarely what a singular pronoun stands for
            if pron == "ها":
                return m.is_loc or t.endswith("ه") or (not m.named and not plural)
            return not m.is_loc and not t.endswith(("ه", "ات"))  # ه: a man or a masculine body
        here = [m for m in mentions if m.tj <= i and i - m.ti <= _ATTACH_WINDOW and (m.ti >= lo or m.named)]
        rel = next((k for k in range(max(0, i - 2), i) if toks[k].norm in _RELATIVES), None)
        if rel is not None:
            # "الراهب، الذي جردته الكنيسة": a resumptive pronoun stands for the head of the relative
            head = [m for m in here if m.tj <= rel and rel - m.tj <= 1]
            return head[-1] if head and agrees(head[-1]) else None
        for m in reversed(here):
            if agrees(m) and self._prep_before(toks, m, mentions) not in _LOCATIVE | {"في", "topic"}:
                return m
        for m in reversed(list(earlier)):
            if agrees(m):
                return m
        return None

    def _control_subject(self, toks, i, lo, mentions, plover: str = "") -> list[_Mention]:
        """The subject of a control verb (قرر، أمر، يريد، يسعى، حاول) at most eight words before
        the verbal noun ``i`` in its clause, between the verb and the noun (VSO: "قررت النيابة
        حبس") or right before the verb (SVO: "الحكومة تريد إقناع")."""
        for k in range(i - 1, max(lo, i - 8) - 1, -1):
            announce = toks[k].norm in _ANNOUNCE_VERBS or _core(toks[k].norm) in _ANNOUNCE_VERBS
            if announce and plover not in _UNNAMED_OK:
                # (only with the noun right after its subject: "أعلنت الحكومة التركية فرض عقوبات")
                vso = [m for m in mentions if k < m.ti and m.tj == i and not m.is_loc
                       and self._prep_before(toks, m, mentions) is None]
                if vso and vso[0].ti == k + 1:
                    return self._group(mentions, vso[0], toks)
                return []
            if _core(toks[k].norm) not in _CONTROL_VERBS:
                continue
            if any(toks[x].norm in _COMPLEMENTIZERS or toks[x].norm in ("،", ",", ":") for x in range(k + 1, i)):
                return []
            vso = [m for m in mentions if k < m.ti and m.tj <= i and not m.is_loc
                   and self._prep_before(toks, m, mentions) is None]
            if vso:
                return self._group(mentions, vso[0], toks)
            svo = [m for m in mentions if lo <= m.ti and m.tj == k and not m.is_loc
                   and self._prep_before(toks, m, mentions) is None]
            return self._group(mentions, svo[-1], toks) if svo else []
        return []

    def _main_subject(self, toks, k, mentions) -> list[_Mention]:
        """The subject of the main clause before token ``k`` (a named actor, not after a preposition)."""
        main = [m for m in mentions if m.tj <= k and m.named and (not m.is_loc or m.part.country)
                and self._prep_before(toks, m, mentions) is None]
        return self._group(mentions, main[0], toks) if main else []

    def _first_target(self, toks, i, hi, mentions, sources, usable, skip_to: int = -1) -> list[_Mention]:
        used = {id(m) for m in sources}
        # the object follows the verb's subject (VSO): count the distance from the subject's end
        # (or from the end of an aside after it)
        base = max([i, skip_to] + [m.tj - 1 for m in sources if m.ti > i])
        for m in mentions:
            if m.ti <= i or m.ti >= hi or id(m) in used or m.ti - base > 9 or not usable(m):
                continue
            p = self._prep_before(toks, m, mentions)
            if p in _LOCATIVE or p in ("agent", "led"):
                continue
            return self._group(mentions, m, toks)
        return []

    @staticmethod
    def _occurs(toks: list[Token], i: int, attack: bool = True) -> bool:
        """A noun reported as happening: "وقع هجوم", "أسفر الانفجار عن", "قتل شخصان في انفجار"."""
        for k in range(max(0, i - 3), min(len(toks), i + 4)):
            if k != i and (_core(toks[k].norm) in _OCCUR or toks[k].norm in _OCCUR):  # وقعت: و is part of the root
                return True
            if k != i and not attack and (_core(toks[k].norm) in _OCCUR_PROTEST or toks[k].norm in _OCCUR_PROTEST):
                return True
        # casualties reported around an attack noun introduced by في / جراء / إثر / بـ
        prev = _core(toks[i - 1].norm) if i > 0 else ""
        if not attack and prev in ("خلال", "اثناء", "وسط") and not _has_article(toks[i].norm):
            return True  # "قتل 120 فلسطينيا خلال مظاهرات حاشدة": the frame presupposes the protests
        if not attack and prev == "في" and not _has_article(toks[i].norm) and any(
                st in _CASUALTY for k in range(max(0, i - 14), i) for st in toks[k].stems[:3]):
            return True  # "ارتفاع عدد القتلى إلى 3 أشخاص في احتجاجات عنيفة": casualties of the protests
        if attack and (prev in ("في", "جراء", "اثر", "بسبب", "خلال") or _core(toks[i].norm)[:1] == "ب"):
            for k in range(max(0, i - 14), min(len(toks), i + 8)):
                if k != i and any(st in _CASUALTY for st in toks[k].stems[:3]):
                    return True
        return False

    @staticmethod
    def _speaker_mention(quote: Quote) -> _Mention:
        a = quote.speaker_actor
        assert a is not None
        return _Mention(-1, -1, Participant(text=quote.speaker, start=quote.speaker_start, end=quote.speaker_end,
                                            country=a.country, sector=a.sector, code=a.code, name_en=a.name_en))

    # ------------------------------------------------------------------ context
    @staticmethod
    def _quote_at(analysis: Analysis, offset: int) -> Quote | None:
        for q in analysis.quotes:
            if q.start <= offset < q.end:
                return q
        return None

    @staticmethod
    def _date(analysis: Analysis, toks: list[Token], i: int, lo: int) -> tuple[str | None, str]:
        s0, s1 = toks[0].start, toks[-1].end
        cands = [d for d in analysis.dates if s0 <= d.start and d.end <= s1]
        if cands:
            pos = toks[i].start
            before = [d for d in cands if d.end <= pos]
            d = before[-1] if before else min(cands, key=lambda d: abs(d.start - pos))
            return d.value, "text"
        return analysis.published, "published"

    @staticmethod
    def _location(analysis: Analysis, toks: list[Token], i: int, parts: list[Participant | None],
                  places: Sequence[Place] | None = None) -> Location | None:
        """The place of the sentence introduced by a locative (في بغداد، ببغداد), not an actor.
        ``places``: those of the sentence (default: all; per sentence keeps coding linear)."""
        s0, s1 = toks[0].start, toks[-1].end
        starts = [t.start for t in toks]
        taken = [(p.start, p.end) for p in parts if p is not None and p.start is not None]
        cands = []
        for p in (analysis.places if places is None else places):
            if not (s0 <= p.start and p.end <= s1) or any(a < p.end and p.start < b for a, b in taken):
                continue
            k = bisect.bisect_right(starts, p.start) - 1
            if k < 0:
                continue
            n = toks[k].norm
            prev = _core(toks[k - 1].norm) if k > 0 else ""
            if prev in _LOCATIVE or prev in ("في", "الي", "من", "قرب") or (toks[k].start < p.start and _core(n)[:1] == "ب"):
                cands.append(p)
        if not cands:
            return None
        pos = toks[i].start
        after = [p for p in cands if p.start >= pos]
        p = after[0] if after else cands[-1]
        return Location(name_en=p.name_en, country=p.country, lat=p.lat, lon=p.lon)


def make_component(options: dict[str, Any]) -> EventCoder:
    return EventCoder(options)
