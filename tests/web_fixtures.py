"""A small synthetic Marsad store for the API and dashboard tests (no shared data needed).

It holds a few Arabic articles with entities, dates, places and events, and one hostile
article whose text, title, URL, actor and place names carry HTML/JS payloads."""

from __future__ import annotations

from pathlib import Path

from marsad.model import Actor, Analysis, Entity, Event, Location, Participant, Place, Sentence, Span, TimeExpr
from marsad.store import Store

XSS_TITLE = '<b onmouseover="window.__xss=3">عنوان</b><script>window.__xss=4</script>'
XSS_TEXT = ('هاجم مسلحون قرية <script>window.__xss=1</script> قرب الموصل. '
            'وقال بيان <img src=x onerror="window.__xss=2"> إن الهجوم javascript:alert(1) أسفر عن قتلى.')
XSS_URL = "javascript:window.__xss=5"


def _span(text: str, needle: str, start_at: int = 0) -> tuple[int, int]:
    i = text.index(needle, start_at)
    return i, i + len(needle)


def _sentences(text: str) -> tuple[Sentence, ...]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == ".":
            out.append(Sentence(start, i + 1))
            start = i + 2
    if start < len(text):
        out.append(Sentence(start, len(text)))
    return tuple(out)


def _sent_of(sents: tuple[Sentence, ...], pos: int) -> int:
    return next(i for i, s in enumerate(sents) if s.start <= pos < s.end)


def _part(text: str, needle: str, code: str, country: str | None, sector: str | None, name: str) -> Participant:
    a, b = _span(text, needle)
    return Participant(text=needle, start=a, end=b, country=country, sector=sector, code=code, name_en=name)


def _event(text: str, sents: tuple[Sentence, ...], trigger: str, plover: str, cameo: str, quad: int,
           source: Participant | None, target: Participant | None, date: str, loc: Location | None = None,
           negated: bool = False, future: bool = False) -> Event:
    a, b = _span(text, trigger)
    return Event(sentence=_sent_of(sents, a), trigger=Span(a, b, trigger), cameo=cameo, plover=plover, quad=quad,
                 goldstein=-5.0 if quad >= 3 else 3.0, source=source, target=target, date=date, date_from="text",
                 location=loc, negated=negated, future=future, confidence=0.8)


def _entity(text: str, needle: str, typ: str, code: str | None = None, country: str | None = None,
            sector: str | None = None, name: str | None = None) -> Entity:
    a, b = _span(text, needle)
    return Entity(text=needle, start=a, end=b, type=typ,
                  actor=Actor(code=code, country=country, sector=sector, name_en=name) if code else None)


BAGHDAD = Location("Baghdad", "IRQ", 33.34, 44.40)
DAMASCUS = Location("Damascus", "SYR", 33.51, 36.29)
MOSUL = Location("<svg onload=window.__xss=6>Mosul", "IRQ", 36.34, 43.13)


def analyses() -> list[Analysis]:
    out = []

    t1 = ("تظاهر آلاف العراقيين في بغداد يوم الأحد احتجاجا على الفساد. "
          "وطالب المتظاهرون الحكومة العراقية بإجراء إصلاحات عاجلة. "
          "وقال رئيس الوزراء إن الحكومة سترسل وفدا إلى طهران الشهر المقبل.")
    s1 = _sentences(t1)
    civ = _part(t1, "العراقيين", "IRQCVL", "IRQ", "CVL", "Iraqi civilians")
    gov = _part(t1, "الحكومة العراقية", "IRQGOV", "IRQ", "GOV", "Iraqi government")
    iran = _part(t1, "طهران", "IRN", "IRN", None, "Iran")
    out.append(Analysis(
        id="syn-protest-1", text=t1, published="2018-03-04", source="alarabia", url="https://example.org/a1",
        title=None, sentences=s1,
        entities=(_entity(t1, "بغداد", "LOC", "IRQ", "IRQ", None, "Baghdad"),
                  _entity(t1, "الحكومة العراقية", "ORG", "IRQGOV", "IRQ", "GOV", "Iraqi government"),
                  _entity(t1, "رئيس الوزراء", "PER", "IRQGOV", "IRQ", "GOV", "Iraqi prime minister"),
                  _entity(t1, "طهران", "LOC", "IRN", "IRN", None, "Iran")),
        dates=(TimeExpr("يوم الأحد", *_span(t1, "يوم الأحد"), "2018-03-04"),
               TimeExpr("الشهر المقبل", *_span(t1, "الشهر المقبل"), "2018-04")),
        places=(Place("بغداد", *_span(t1, "بغداد"), "Baghdad", "IRQ", 33.34, 44.40, 98182, "PPLC", "city"),
                Place("طهران", *_span(t1, "طهران"), "Tehran", "IRN", 35.69, 51.42, 112931, "PPLC", "city")),
        events=(_event(t1, s1, "تظاهر", "PROTEST", "141", 3, civ, None, "2018-03-04", BAGHDAD),
                _event(t1, s1, "وطالب", "REQUEST", "10", 3, _part(t1, "المتظاهرون", "IRQCVL", "IRQ", "CVL",
                                                                    "protesters"), gov, "2018-03-04", BAGHDAD),
                _event(t1, s1, "سترسل", "CONSULT", "043", 1, gov, iran, "2018-04", None, future=True)),
    ))

    t2 = ("قصفت طائرات حربية مواقع في دمشق أمس. "
          "ونفت الحكومة السورية أن تكون قد هاجمت المدنيين.")
    s2 = _sentences(t2)
    syr = _part(t2, "الحكومة السورية", "SYRGOV", "SYR", "GOV", "Syrian government")
    out.append(Analysis(
        id="syn-assault-2", text=t2, published="2018-05-12", source="aljazeera", url="https://example.org/a2",
        sentences=s2,
        entities=(_entity(t2, "دمشق", "LOC", "SYR", "SYR", None, "Syria"),
                  _entity(t2, "الحكومة السورية", "ORG", "SYRGOV", "SYR", "GOV", "Syrian government")),
        dates=(TimeExpr("أمس", *_span(t2, "أمس"), "2018-05-11"),),
        places=(Place("دمشق", *_span(t2, "دمشق"), "Damascus", "SYR", 33.51, 36.29, 170654, "PPLC", "city"),),
        events=(_event(t2, s2, "قصفت", "ASSAULT", "195", 4, None, _part(t2, "دمشق", "SYR", "SYR", None, "Syria"),
                       "2018-05-11", DAMASCUS),
                _event(t2, s2, "هاجمت", "ASSAULT", "190", 4, syr, None, "2018-05-11", DAMASCUS, negated=True)),
    ))

    t3 = XSS_TITLE + "\n" + XSS_TEXT
    s3 = _sentences(t3)
    armed = _part(t3, "مسلحون", "<IMG>", "IRQ", "REB", '<img src=x onerror="window.__xss=7">')
    out.append(Analysis(
        id="syn-xss-3", text=t3, published="2018-05-20", source="<i>evil</i>", url=XSS_URL, title=XSS_TITLE,
        body_start=len(XSS_TITLE) + 1, sentences=s3,
        entities=(_entity(t3, "<script>window.__xss=1</script>", "ORG", "XSS", "IRQ", None,
                          "<script>window.__xss=8</script>"),),
        places=(Place("الموصل", *_span(t3, "الموصل"), "<svg onload=window.__xss=6>Mosul", "IRQ", 36.34, 43.13,
                      99072, "PPLA", "city"),),
        events=(_event(t3, s3, "هاجم", "ASSAULT", "190", 4, armed, None, "2018-05-19", MOSUL),
                _event(t3, s3, "javascript:alert(1)", "ACCUSE", "112", 3, armed, None, "2018-05-19", None)),
    ))
    return out


def build_store(path: Path) -> Path:
    with Store(path) as st:
        for a in analyses():
            st.write(a)
        st.cluster_events()
    return path
