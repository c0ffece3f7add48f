"""Temporal tagger: finds Arabic date expressions and resolves them against the
publication date.

Values follow ``shared/data/gold/ANNOTATION.md``: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or a
range ``A/B``. Matching runs on the normalized text (hamza forms, ta marbuta, digits
unified) and spans are mapped back to the original characters.

The language knowledge (month names in both naming systems and the Hijri calendar,
weekdays, relative words, number words, names that are not dates) is in
``marsad/resources/dates/*.tsv``; this module holds the grammar that combines them:

- explicit Gregorian dates: [weekday] [part] [day(s)] [من] [شهر] MONTH[/MONTH] [year |
  من العام الماضي | الماضي/المقبل/الجاري]
- years: عام 2018، في 2014، عامي 2014 و2017، أواخر 2013
- Hijri dates and years (converted with hijridate)
- relative days (أمس، اليوم، غدا، أمس الأول …), weekdays (الخميس، أمس السبت، الأحد الماضي),
  periods (الأسبوع الماضي، هذا الشهر، مطلع العام الجاري), "منذ/قبل N units"
- ranges and lists (بين … و …، من … إلى …، يومي 12 و13 فبراير)
- anaphora (اليوم نفسه، في ذلك الوقت) resolved to the previous expression.

Resolution without a publication date keeps only expressions with an explicit year.

Speed: the article's words (the pipeline's tokens, or a split) are intersected with the
anchor words (month/weekday names, relative words, years ...) as sets, so an article with
no candidate costs one set operation; the rules (regexes compiled from the tables as tries)
are then tried only at each anchor and at the date words just before it.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from bisect import bisect_left
from functools import lru_cache
from itertools import compress
from operator import attrgetter
from importlib import resources
from typing import Any

from marsad.model import Analysis, TimeExpr
from marsad.text.normalize import normalize

#: How far back a word start is looked for. The nearest space or newline before a position
#: is found within this window; a "word" longer than that (no date word is) is not searched
#: to its start, so that looking back costs O(1), not O(distance to the last newline).
_WORD_WINDOW = 64


def _word_start(text: str, x: int, default: int | None = None) -> int:
    """``max(text.rfind(" ", 0, x), text.rfind("\\n", 0, x)) + 1`` when that is within
    _WORD_WINDOW characters of ``x``; else ``default`` (None: ``x - _WORD_WINDOW``)."""
    lo = max(0, x - _WORD_WINDOW)
    i = max(text.rfind(" ", lo, x), text.rfind("\n", lo, x)) + 1
    if i == 0 and lo > 0:
        return x - _WORD_WINDOW if default is None else default
    return i


# ---------------------------------------------------------------------------- resources

def _rows(name: str) -> list[list[str]]:
    path = resources.files("marsad") / "resources" / "dates" / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append([c.strip() for c in line.split("\t")])
    return out


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, tuple[str, int, bool]]  # norm form -> (calendar, month, ambiguous)
    weekdays: dict[str, int]
    rel_days: dict[str, int]
    directions: dict[str, int]
    units: dict[str, tuple[str, int]]
    periods: dict[str, str]
    parts: dict[str, str]
    cardinals: dict[str, int]
    ordinals: dict[str, int]
    times_of_day: tuple[str, ...]
    names: tuple[str, ...]
    after_today: tuple[str, ...]
    before_today: frozenset[str]
    events: dict[str, tuple[int, int]]
    seasons: dict[str, tuple[int, int]]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    n = normalize
    months = {n(r[0]): (r[1], int(r[2]), r[3] == "1") for r in _rows("months.tsv")}
    nums = _rows("numbers.tsv")
    nd = _rows("not_dates.tsv")
    return Lexicon(
        months=months,
        weekdays={n(r[0]): int(r[1]) for r in _rows("weekdays.tsv")},
        rel_days={n(r[0]): int(r[1]) for r in _rows("relative_days.tsv")},
        directions={n(r[0]): int(r[1]) for r in _rows("directions.tsv")},
        units={n(r[0]): (r[1], int(r[2])) for r in _rows("units.tsv")},
        periods={n(r[0]): r[1] for r in _rows("periods.tsv")},
        parts={n(r[0]): r[1] for r in _rows("parts.tsv")},
        cardinals={n(r[0]): int(r[1]) for r in nums if r[2] == "cardinal"},
        ordinals={n(r[0]): int(r[1]) for r in nums if r[2] == "ordinal"},
        times_of_day=tuple(n(r[0]) for r in _rows("times_of_day.tsv")),
        names=tuple(n(r[1]) for r in nd if r[0] == "name"),
        after_today=tuple(n(r[1]) for r in nd if r[0] == "after_today"),
        before_today=frozenset(n(r[1]) for r in nd if r[0] == "before_today"),
        events={n(r[0]): (int(r[1]), int(r[2])) for r in _rows("events.tsv")},
        seasons={n(r[0]): (int(r[1]), int(r[2])) for r in _rows("seasons.tsv")},
    )


def _alt(forms: Iterable[str]) -> str:
    """Regex for a set of word forms, compiled as a trie (fast to match); spaces match any
    whitespace, and a leading ال may be written لل after the preposition ل (للعام)."""
    words = set()
    for f in forms:
        words.add(f)
        if f.startswith("ال"):
            words.add("\x00" + f[2:])
    return "(?:" + _trie_regex(words) + ")"


# A token start: not inside a word, optionally after the proclitics و ف ب ل ك.
_START = r"(?<!\w)(?:[وف]?[بلك]?)"
_END = r"(?!\w)"
_SEP = r"\s*(?:/|\(|-|–)\s*"


_TRIE_CHAR = {" ": r"\s+", "\x00": r"(?<=ل)ل"}


def _trie_regex(words: Iterable[str]) -> str:
    """A regex alternation of literal words compiled as a trie (shared prefixes are
    matched once), which the regex engine scans much faster than a flat alternation."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [_TRIE_CHAR.get(ch, re.escape(ch)) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(trie)


@dataclass(frozen=True)
class Grammar:
    lex: Lexicon
    anchor_kinds: dict[str, tuple[str, ...]]
    variants: dict[str, tuple[str, int]]  # anchor with proclitics -> (anchor, proclitic length)
    variant_set: frozenset[str]
    periods_or_time: frozenset[str]  # anchors that are dates only beside certain words
    period_next: re.Pattern[str]
    prefix_words: frozenset[str]
    rules: tuple[tuple[str, re.Pattern[str]], ...]
    names: re.Pattern[str] | None
    event_forms: re.Pattern[str]
    ordinal_words: frozenset[str]
    name_words: re.Pattern[str]  # the word of each name that is not a date word
    prep_before: re.Pattern[str]
    range_between: re.Pattern[str]
    range_from: re.Pattern[str]
    within: re.Pattern[str]


#: the tokens that may hold a year (2018, 2018م, 1441ه)
_YEAR_TOKENS = {f"{pre}{y}{suf}": str(y) for y in range(1000, 2101) for suf in ("", "م", "ه")
                for pre in ("", "و", "ف", "ب", "ل")}
_ANAPHOR_BEFORE = frozenset({"نفس", "ذلك"})
_RX_ANAPHOR_NEXT = re.compile(r"\s*(?:نفس|ذات|التالي)")
_RX_SINCE = re.compile(r"منذ\s*$")
_RX_TWO = re.compile(r"(?:كلا|بين|ال\w+ين)\s+$")  # الاثنين = "the two" after these
_RX_QUOTED = re.compile(r'"\w+\s*$')
_RX_AND = re.compile(r"\s*و\s*")
_RX_TO = re.compile(r"\s*(?:الي|حتي|ولغايه|لغايه|وحتي)\s*")
_RX_STOP = re.compile(r"[.!?؟\n]")
_YEAR_SET = frozenset(_YEAR_TOKENS)
_PERIOD_BEFORE = frozenset({"هذا", "هذه", "ذلك", "نفس", "عطله", "تلك"})
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
#: punctuation turned into spaces for the fast anchor scan
_GLUE = "/()-,.:;\"'?!#–"
_PREPS = "في|منذ|حتي|بحلول|قبل|بعد|خلال|من|الي|بين|اواخر|مطلع|بدايه|نهايه|منتصف|اوائل|حلول|ابان|مستهل|وفي|ومنذ|وحتي|وبحلول"


@lru_cache(maxsize=1)
def build_grammar() -> Grammar:
    lex = load_lexicon()
    greg = [f for f, (c, _, _) in lex.months.items() if c == "gregorian"]
    hij = [f for f, (c, _, _) in lex.months.items() if c == "hijri"]
    MON = _alt(greg)
    HMON = _alt(hij)
    WD = _alt(lex.weekdays)
    DIR = _alt(lex.directions)
    PART = _alt(lex.parts)
    ORD = _alt(lex.ordinals)
    CARD = _alt(lex.cardinals)
    UNIT = _alt(lex.units)
    PER = _alt(lex.periods)
    TOD = _alt(lex.times_of_day)
    REL = _alt(lex.rel_days)
    FORD = "الاولي|الثانيه|الثالثه|الرابعه|الخامسه|السادسه|السابعه|الثامنه|التاسعه|العاشره|الاخيره|الحاديه"
    DAY = rf"(?:(?:ال\s*)?[0-3]?\d(?!\d)|{ORD})"
    YEAR_KW = r"(?:عام|العام|سنه|السنه)"
    not_today = _alt(lex.after_today)

    gdate = (
        rf"(?:(?:يوم\s+)?(?P<wd>{WD})\s*,?\s+(?:الموافق\s+)?)?"
        rf"(?:(?P<part>{PART})\s+)?"
        rf"(?:(?:يومي|يوم)\s+)?"
        rf"(?:(?P<d1>{DAY})(?:\s*(?:و|-|–|الي|حتي|وحتي|والي|ولغايه|لغايه)\s*(?P<d2>{DAY}))?\s*(?:من\s+)?)?"
        rf"(?P<shahr>شهر\s+)?"
        rf"(?P<m1>{MON})(?:(?:{_SEP}|\s+)(?P<m2>{MON})\s*\)?)?"
        rf"(?:\s*,?\s*(?:من\s+)?(?:{YEAR_KW}\s+)?(?P<y>(?:1[89]|20)\d\d)(?!\d)(?:\s*م{_END})?"
        rf"|\s+(?:من\s+)?{YEAR_KW}\s+(?P<ydir>{DIR}|قبل\s+الماضي)"
        rf"|\s+(?P<mdir>{DIR}))?"
    )
    hdate = (
        rf"(?:(?P<d1>{DAY})\s+(?:من\s+)?)?(?P<shahr>شهر\s+)?(?P<m1>{HMON})"
        rf"(?:\s*,?\s*(?:من\s+)?(?:{YEAR_KW}\s+)?(?P<y>1[3-4]\d\d)(?!\d)(?:\s*(?:ه|هجري|هجريه|للهجره){_END})?)?"
    )
    hyear = rf"(?:{YEAR_KW}\s+)?(?P<y>1[2-4]\d\d)\s*(?:ه|هجري|هجريه|للهجره){_END}"
    year = (
        rf"(?:(?P<part>{PART})\s+)?(?:(?P<kw>{YEAR_KW}|عامي)\s+)?"
        rf"(?P<y1>\d{{4}})(?!\d|\s*[-/.,]\d|\s*%)(?:\s*م{_END})?"
        rf"(?:\s*(?:و|-|–|الي|حتي)\s*(?P<y2>\d{{4}})(?!\d))?"
    )
    numdate = (
        r"(?<![\d/.-])(?:(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>(?:19|20)\d\d)"
        r"|(?P<y2>(?:19|20)\d\d)[/.-](?P<m2>[01]?\d)[/.-](?P<d2>[0-3]?\d))(?![\d/.-])"
    )
    hnum = (
        r"(?<![\d/.-])(?P<d>[0-3]?\d)\s*[/.-]\s*(?P<m>[01]?\d)\s*[/.-]\s*(?P<y>1[34]\d\d)\s*"
        r"(?:ه|هجري|هجريه|للهجره)"
    )
    weekday = (
        rf"(?:(?P<tod>{TOD})\s+)?(?:(?P<yom>يومي|يوم)\s+)?(?:(?P<rel>امس|اليوم|غدا)\s+)?"
        rf"(?P<w1>{WD})(?!\s+(?:عشر|{FORD}){_END})(?:\s*(?:و|او)\s*(?P<w2>{WD}))?(?:\s+(?P<dir>{DIR}))?"
    )
    reldays = (
        rf"(?:(?P<tod>{TOD})\s+)?(?:(?:في\s+)?وقت\s+(?:سابق|لاحق|متاخر)\s+(?:من\s+)?)?"
        rf"(?P<rel>{REL}|الغد)(?!\s+{not_today})"
    )
    period = (
        rf"(?:(?P<weekend>عطله\s+)?(?P<part>{PART})\s+)?(?:(?:هذا|هذه)\s+(?P<u1>{PER})"
        rf"|(?P<u2>{PER})(?:\s+(?P<dir>{DIR}|قبل\s+الماضي))?)"
    )
    ago = (
        rf"(?P<pre>منذ|قبل)\s+(?:(?:نحو|حوالي|قرابه|زهاء|اكثر\s+من|اقل\s+من)\s+)?"
        rf"(?:(?P<n>\d{{1,3}}|{CARD})\s+)?(?P<unit>{UNIT})(?!\w|\s*\d|\s+(?:من|علي){_END})"
    )
    anaphor = (
        r"(?:في\s+)?(?:(?P<u1>اليوم|الشهر|العام|الاسبوع|السنه)\s+(?:نفسه|ذاته|نفسها|ذاتها)"
        r"|نفس\s+(?P<u2>اليوم|الشهر|العام|السنه)|ذلك\s+(?P<u3>اليوم|الشهر|العام))"
        r"|في\s+ذلك\s+(?P<u4>الوقت|الحين)"
        r"|(?:(?:في|صباح|مساء|ظهر|فجر)\s+)?(?P<u5>اليوم|العام|الشهر|السنه)\s+(?P<nx>التالي|التاليه)"
    )
    season = (
        rf"(?:(?P<part>{PART})\s+)?(?:(?:هذا|هذه)\s+(?P<s1>{_alt(lex.seasons)})"
        rf"|(?P<s2>{_alt(lex.seasons)})(?:\s+(?:(?:عام|العام|سنه)\s+)?(?P<y>(?:19|20)\d\d)(?!\d)|\s+(?P<dir>{DIR}))?)"
    )
    dayofmonth = (
        rf"(?:يوم\s+)?(?P<d1>{DAY})\s+(?:من\s+)?(?:هذا\s+الشهر|الشهر\s+(?P<dir>{DIR}))"
    )
    quarter = (
        rf"(?P<q>(?:الربع|الفصل)\s+(?:{ORD}|الاخير)|النصف\s+(?:الاول|الثاني))\s+(?:من\s+)?"
        rf"(?:(?:{YEAR_KW}\s+)?(?P<y>(?:19|20)\d\d)(?!\d)|(?:هذا\s+)?{YEAR_KW}(?:\s+(?P<dir>{DIR}))?)"
    )
    event = rf"(?P<part>{PART}|اندلاع|انتهاء)\s+(?P<ev>{_alt(lex.events)})"

    rules = {
        "gdate": gdate, "hdate": hdate, "hyear": hyear, "hnum": hnum, "year": year, "numdate": numdate,
        "weekday": weekday, "reldays": reldays, "period": period, "ago": ago,
        "anaphor": anaphor, "event": event, "season": season,
        "dayofmonth": dayofmonth, "quarter": quarter,
    }
    compiled = tuple((k, re.compile(_START + "(?P<x>" + v + ")" + _END)) for k, v in rules.items())
    # Anchors: the core word every expression contains. One trie regex finds them; the
    # rules are then only tried at the anchor and the few date words just before it.
    kinds: dict[str, set[str]] = {}

    def add(forms: Iterable[str], *ks: str) -> None:
        for f in forms:
            w = f.split()[0]
            for v in (w, "ل" + w[2:] if w.startswith("ال") else None):
                if v:
                    kinds.setdefault(v, set()).update(ks)

    add(greg, "gdate")
    add(hij, "hdate")
    # (a weekday before a date, الخميس 12 فبراير, is reached from the month; أمس السبت
    # from the weekday: the walk back over date words finds their start)
    add(lex.weekdays, "weekday")
    add(["اليوم", "امس", "الامس", "البارحه", "الليله", "غدا", "الغد", "غد", "يومنا"], "reldays", "anaphor")
    add(lex.periods, "period", "anaphor", "dayofmonth")
    add(["الربع", "الفصل", "النصف"], "quarter")
    add(["منذ", "قبل"], "ago")
    add(["الوقت", "الحين"], "anaphor")  # في ذلك الوقت; اليوم نفسه etc. are anchored on اليوم
    add(lex.seasons, "season")
    add(lex.events, "event")
    anchor_kinds = {k: tuple(sorted(v)) for k, v in kinds.items()}
    prefix = set(lex.weekdays) | set(lex.parts) | set(lex.times_of_day) | set(lex.rel_days) | set(lex.periods)
    for forms in (lex.ordinals, lex.cardinals, lex.times_of_day, lex.rel_days, lex.units, lex.events):
        for f in forms:
            prefix.update(f.split())
    prefix.update("يوم يومي في الموافق من شهر هذا هذه عطله وقت سابق لاحق متاخر بين ما عامي عام سنه "
                  "نحو حوالي قرابه زهاء اكثر اقل منذ قبل اول ليل اندلاع انتهاء نفس ذلك بعد غضون خلال الي حتي و "
                  "لغايه ال وحتي والي ولغايه".split())
    date_words = set(anchor_kinds) | {"العامه"}
    names = re.compile(r"(?<!\w)(?:[وف]?[بلك]?)(?:" + _trie_regex(lex.names) + ")" + _END) if lex.names else None
    return Grammar(
        lex=lex,
        anchor_kinds=anchor_kinds,
        variants={p + w: (w, len(p)) for w in anchor_kinds for p in _PROCLITICS},
        variant_set=frozenset(p + w for w in anchor_kinds for p in _PROCLITICS),
        periods_or_time=frozenset(w for w in anchor_kinds
                                  if lex.periods.get(w if w.startswith("ال") else "ا" + w) or w in ("الوقت", "الحين")),
        period_next=re.compile(rf"\s*(?:{DIR}|قبل\s+الماضي|نفس|ذات|التالي)"),
        prefix_words=frozenset(prefix),
        rules=compiled,
        names=names,
        event_forms=re.compile(_alt(lex.events)),
        ordinal_words=frozenset(f.split()[0] for f in lex.ordinals),
        name_words=re.compile(_trie_regex({min((w for w in nm.split() if w not in date_words), key=len, default=nm)
                                           for nm in lex.names}) or "(?!)"),
        prep_before=re.compile(rf"(?:^|\s)(?:{_PREPS}|شهر)\s*$"),
        range_between=re.compile(r"(?:^|\s)[وف]?(?:(?:بين|ما\s+بين)(?:\s+(?:عامي|يومي|شهري))?|شهري|يومي|عامي)\s*$"),
        range_from=re.compile(r"(?:^|\s)[وف]?(?:من|منذ)\s*$"),
        within=re.compile(rf"(?:في\s+غضون|خلال)\s+(?P<n>\d{{1,3}}|{CARD})\s+(?P<unit>{UNIT})\s+(?:بعد|من)\s*$"),
    )


# ---------------------------------------------------------------------------- values


@dataclass(slots=True)
class Value:
    """A resolved time: [start, end] inclusive at a granularity (day/month/year)."""

    start: dt.date
    end: dt.date
    gran: str  # day | month | year
    explicit_year: bool = False
    range: bool = False

    def render(self) -> str:
        a, b = self._fmt(self.start), self._fmt(self.end)
        if self.range and a != b:
            return f"{a}/{b}"
        if self.gran == "week":
            return f"{self.start.isoformat()}/{self.end.isoformat()}"
        return a

    def _fmt(self, d: dt.date) -> str:
        if self.gran == "year":
            return f"{d.year:04d}"
        if self.gran == "month":
            return f"{d.year:04d}-{d.month:02d}"
        return d.isoformat()


def _day(d: dt.date, explicit: bool = False) -> Value:
    return Value(d, d, "day", explicit)


def _month(y: int, m: int, explicit: bool = False) -> Value:
    return Value(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), "month", explicit)


def _year(y: int, explicit: bool = True) -> Value:
    return Value(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", explicit)


def _span(a: Value, b: Value) -> Value:
    gran = a.gran if a.gran == b.gran else "day"
    return Value(a.start, b.end if b.end >= a.start else a.end, gran, a.explicit_year or b.explicit_year, True)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _week(d: dt.date, k: int = 0) -> Value:
    monday = d - dt.timedelta(days=d.weekday()) + dt.timedelta(weeks=k)
    return Value(monday, monday + dt.timedelta(days=6), "week")


def _nearest_month_year(pub: dt.date, m: int, day: int | None, mode: str) -> int:
    """Year for a month (and day) given without one: the nearest to publication, or the
    last one not after it (mode 'past'), or the next one after it (mode 'next')."""
    ref = pub.year * 12 + pub.month - 1
    cands = []
    for y in (pub.year - 1, pub.year, pub.year + 1):
        t = y * 12 + m - 1
        if mode == "past" and t > ref:
            continue
        if mode == "prev" and t >= ref:
            continue
        if mode == "next" and t <= ref:
            continue
        if day is not None:
            try:
                dist = abs((dt.date(y, m, day) - pub).days)
            except ValueError:
                dist = abs(t - ref) * 31
        else:
            dist = abs(t - ref) * 31
        if t > ref or (day is not None and t == ref and day > pub.day):
            dist *= 1.25  # news more often looks back: a tie goes to the past
        cands.append((dist, y))
    return min(cands)[1]


# ---------------------------------------------------------------------------- tagger


@dataclass(slots=True)
class Found:
    start: int  # normalized offsets
    end: int
    value: Value | None
    kind: str
    incomplete: bool = False  # month/day without a year of its own
    month: int | None = None
    day: int | None = None
    day2: int | None = None


class DateTagger:
    name = "dates"

    def __init__(self) -> None:
        self.g = build_grammar()
        self._rules = {k: (i, rx) for i, (k, rx) in enumerate(self.g.rules)}
        self._resolvers = {k: getattr(self, "_" + k) for k in self._rules}

    def _anchors_from_tokens(self, norm: Any, tokens: Any) -> list[tuple[int, int, str, int]]:
        """The anchors, found from the pipeline's tokens: their normalized forms are
        intersected with the anchor forms as sets (an article without a candidate costs
        that), and the few hits are placed by their offsets."""
        norms = list(map(_NORM, tokens))
        toks = set(norms)
        hits = toks & self.g.variant_set
        years = toks & _YEAR_SET
        if not hits and not years:
            return []
        text = norm.text
        omap = getattr(norm, "_map", False)
        if omap is False:
            return self._anchors(text, toks)
        want = hits | years
        variants = self.g.variants
        out: list[tuple[int, int, str, int]] = []
        for i in compress(range(len(norms)), map(want.__contains__, norms)):
            v = norms[i]
            o = tokens[i].start
            start = o if omap is None else bisect_left(omap, o)
            if not text.startswith(v, start):
                return self._anchors(text, toks)  # offsets do not line up: search instead
            if v in variants:
                w, cl = variants[v]
                out.append((start + cl, start + len(v), w, start))
            else:
                y = _YEAR_TOKENS[v]
                a = start + v.index(y)
                k = _word_start(text, a, default=a)
                out.append((a, a + 4, y, k))
        out.sort()
        return out

    def _anchors(self, text: str, words: set[str] | None = None) -> list[tuple[int, int, str, int]]:
        """The anchor words of ``text``: (start, end, anchor, start of its token).

        The fast path: the words of the text are intersected with the anchor forms (with
        their proclitics) as sets, so an article without a candidate costs one split."""
        if words is None:
            spaced = text
            for c in _GLUE:
                if c in spaced:
                    spaced = spaced.replace(c, " ")
            toks = set(spaced.split())
        else:
            toks = words
        hits = toks & self.g.variant_set
        out: list[tuple[int, int, str, int]] = []
        n = len(text)
        for v in hits:
            w, cl = self.g.variants[v]
            lv = len(v)
            i = text.find(v)
            while i >= 0:
                if (i == 0 or not _is_word(text[i - 1])) and (i + lv == n or not _is_word(text[i + lv])):
                    out.append((i + cl, i + lv, w, i))
                i = text.find(v, i + lv)
        years = {_YEAR_TOKENS[t] for t in toks & _YEAR_SET}
        for y in years:
            i = text.find(y)
            while i >= 0:
                if (i == 0 or not text[i - 1].isdigit()) and (i + 4 == n or not text[i + 4].isdigit()):
                    k = _word_start(text, i, default=i)
                    out.append((i, i + 4, y, k))
                i = text.find(y, i + 4)
        out.sort()
        return out

    def _is_day_start(self, text: str, st: int) -> bool:
        """Whether a day number (15, الـ15, الخامس عشر) starts at ``st``."""
        if text[st:st + 1].isdigit() or (text.startswith("ال", st) and text[st + 2:st + 4].strip()[:1].isdigit()):
            return True
        e = st
        while e < len(text) and not text[e].isspace():
            e += 1
        return text[st:e] in self.g.ordinal_words

    def _anaphor_context(self, text: str, k: int, b: int) -> bool:
        """اليوم نفسه، نفس اليوم، ذلك العام، اليوم التالي، في ذلك الوقت: the words around."""
        if _RX_ANAPHOR_NEXT.match(text, b):
            return True
        w = self._prev_word(text, k)
        return w in _ANAPHOR_BEFORE or w[1:] in _ANAPHOR_BEFORE

    def _period_context(self, text: str, k: int, b: int) -> bool:
        """الأسبوع / الشهر / العام are dates only with a direction after them (الماضي) or a
        part, هذا, ذلك, نفس before them (الأمين العام is no date)."""
        if self.g.period_next.match(text, b):
            return True
        j = k - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        i = _word_start(text, j)
        w = text[i:j + 1]
        return w in _PERIOD_BEFORE or w[1:] in _PERIOD_BEFORE or w in self.g.lex.parts or w[1:] in self.g.lex.parts

    def _in_name(self, text: str, s: int, e: int) -> bool:
        """Whether text[s:e] overlaps a name that contains a date word (بغداد اليوم)."""
        g = self.g
        # cheap test first: a name's words must stand in or right around the span
        window = text[max(0, s - 30):e + 30]
        if g.name_words.search(window) is None:
            return False
        assert g.names is not None
        for m in g.names.finditer(text, max(0, s - 30), min(len(text), e + 30)):
            if m.start() < e and s < m.end():
                return True
        return False

    def _starts(self, text: str, k: int) -> list[int]:
        """Where an expression containing the anchor whose token starts at ``k`` may start:
        there, and at the date words (days, parts, weekdays...) just before it."""
        starts = [k]
        pw = self.g.prefix_words
        for _ in range(8):
            j = k - 1
            if j < 0 or not text[j].isspace():
                break
            while j >= 0 and text[j].isspace() and k - j <= 3:
                j -= 1
            if j < 0 or text[j].isspace():
                break
            i = _word_start(text, j)  # > 20 back when no separator is near: the loop stops
            if j - i > 20:
                break
            raw = text[i:j + 1]
            w = raw.strip(",()/-–")
            if not w:
                if raw in ("-", "–", "/"):
                    starts.append(i)
                    k = i
                    continue
                break
            if not (w in pw or w.isdigit() or w[1:] in pw or w[1:].isdigit() or w[2:] in pw or w[2:].isdigit()):
                break
            starts.append(i)
            k = i
        return starts

    # --- public
    def __call__(self, doc: Any, analysis: Analysis) -> Analysis:
        # the pipeline's tokens (normalized, with offsets) spare the tagger its own split
        return dataclasses.replace(analysis, dates=tuple(self.tag(doc.norm, doc.published, doc.text, doc.tokens)))

    def tag(self, norm: Any, published: dt.date | None, original: str,
            tokens: Any = None) -> list[TimeExpr]:
        """Date expressions of a document: ``norm`` is its NormalizedText, ``original`` the
        text, ``tokens`` (optional) its tokens from :func:`marsad.text.segment.tokenize`."""
        text = norm.text
        anchors = self._anchors_from_tokens(norm, tokens) if tokens else None
        found = self.find(text, published, anchors)
        out = []
        for f in found:
            if f.value is None:
                continue
            s, e = norm.to_original(f.start, f.end)
            out.append(TimeExpr(text=original[s:e], start=s, end=e, value=f.value.render()))
        return out

    def find(self, text: str, pub: dt.date | None,
             anchors: list[tuple[int, int, str, int]] | None = None) -> list[Found]:
        g = self.g
        rules = self._rules
        cands: list[tuple[int, int, int, str, re.Match[str]]] = []
        seen: set[tuple[int, str]] = set()
        for a, b, word, k in (self._anchors(text) if anchors is None else anchors):
            if word[0].isdigit():
                ks: tuple[str, ...] = ("year",)
                if "ه" in text[b:b + 3]:
                    ks += ("hyear", "hnum")
                if k < a and text[a - 1] in "/.-":
                    ks += ("numdate",)
            else:
                ks = g.anchor_kinds[word]
                if word in g.periods_or_time and not self._period_context(text, k, b):
                    continue
                if "anaphor" in ks and not self._anaphor_context(text, k, b):
                    ks = tuple(x for x in ks if x != "anaphor")
                if "event" in ks and not g.event_forms.match(text, a):
                    continue
            starts = (k,) if ks == ("ago",) else self._starts(text, k)
            if "dayofmonth" in ks and not any(self._is_day_start(text, st) for st in starts[1:]):
                ks = tuple(x for x in ks if x != "dayofmonth")
            for st in starts:
                for kind in ks:
                    if (st, kind) in seen:
                        continue
                    seen.add((st, kind))
                    prio, rx = rules[kind]
                    m = rx.match(text, st)
                    if m is None:
                        continue
                    s, e = m.span("x")
                    if s <= a and e >= b:
                        cands.append((s, e, prio, kind, m))
        if not cands:
            return []
        if g.names is not None:
            cands = [c for c in cands if c[3] not in _NAME_KINDS or not self._in_name(text, c[0], c[1])]
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
        taken: list[tuple[int, int, str, re.Match[str]]] = []
        used = bytearray(len(text) + 1)
        for s, e, _, kind, m in cands:
            if used.find(1, s, e) != -1:
                continue
            used[s:e] = b"\x01" * (e - s)
            taken.append((s, e, kind, m))
        taken.sort(key=lambda t: t[0])
        found: list[Found] = []
        for s, e, kind, m in taken:
            try:
                f = self._resolvers[kind](m, text, pub, s, e, found)
            except (ValueError, OverflowError):
                f = None  # a date outside the calendar (year 0 or 10000)
            if f is not None:
                found.append(f)
        return self._combine(found, text, pub)

    # --- rules
    def _ctx_before(self, text: str, s: int) -> str:
        return text[max(0, s - 25):s]

    def _gdate(self, m, text, pub, s, e, prev) -> Found | None:
        lex = self.g.lex
        m1 = lex.months[_norm_ws(m["m1"])]
        mon = m1[1]
        if m["m2"]:
            m2 = lex.months.get(_norm_ws(m["m2"]))
            if m2 is None or m2[1] != mon:
                return None
        d1 = self._day_num(m["d1"])
        d2 = self._day_num(m["d2"])
        has_context = bool(d1 or m["y"] or m["ydir"] or m["mdir"] or m["m2"] or m["shahr"] or m["part"])
        before = self._ctx_before(text, s)
        if m1[2] and not has_context and not self.g.prep_before.search(before):
            return None
        if m["d1"] and d1 is None:
            return None
        explicit = bool(m["y"])
        incomplete = False
        if m["y"]:
            y = int(m["y"])
        elif pub is None:
            return Found(s, e, None, "gdate", True, mon, d1, d2)
        elif m["ydir"]:
            k = -2 if m["ydir"].startswith("قبل") else lex.directions[_norm_ws(m["ydir"])]
            y = pub.year + k
        elif m["mdir"]:
            k = lex.directions[_norm_ws(m["mdir"])]
            mode = {-1: "prev", 0: "cur", 1: "next"}[k]
            y = pub.year if mode == "cur" else _nearest_month_year(pub, mon, None, mode)
        else:
            incomplete = True
            mode = "past" if _RX_SINCE.search(before) else "near"
            y = _nearest_month_year(pub, mon, d1, mode)
        try:
            if d1 is not None:
                v = _day(dt.date(y, mon, d1), explicit)
                if d2 is not None:
                    v = _span(v, _day(dt.date(y, mon, d2)))
            else:
                v = _month(y, mon, explicit)
        except ValueError:
            return None
        return Found(s, e, v, "gdate", incomplete, mon, d1, d2)

    def _day_num(self, tok: str | None) -> int | None:
        if not tok:
            return None
        tok = _norm_ws(tok)
        if tok.startswith("ال") and tok[2:].strip().isdigit():
            tok = tok[2:].strip()
        if tok.isdigit():
            n = int(tok)
            return n if 1 <= n <= 31 else None
        return self.g.lex.ordinals.get(tok)

    def _hdate(self, m, text, pub, s, e, prev) -> Found | None:
        from hijridate import Gregorian, Hijri

        hm = self.g.lex.months[_norm_ws(m["m1"])][1]
        d = self._day_num(m["d1"])
        if m["d1"] and d is None:
            return None
        if not (d or m["y"] or m["shahr"]):
            return None
        try:
            if m["y"]:
                hy = int(m["y"])
            elif pub is not None:
                cur = Gregorian(pub.year, pub.month, pub.day).to_hijri()
                best = None
                for y in (cur.year - 1, cur.year, cur.year + 1):
                    g0 = Hijri(y, hm, d or 1).to_gregorian()
                    dist = abs((g0 - pub).days)
                    if best is None or dist < best[0]:
                        best = (dist, y)
                hy = best[1]
            else:
                return None
            if d is not None:
                g0 = Hijri(hy, hm, d).to_gregorian()
                v = _day(dt.date(g0.year, g0.month, g0.day), bool(m["y"]))
            else:
                a = Hijri(hy, hm, 1)
                g0 = a.to_gregorian()
                g1 = Hijri(hy, hm, a.month_length()).to_gregorian()
                v = Value(dt.date(g0.year, g0.month, g0.day), dt.date(g1.year, g1.month, g1.day), "day",
                          bool(m["y"]), True)
        except (ValueError, OverflowError):
            return None
        return Found(s, e, v, "hdate")

    def _hyear(self, m, text, pub, s, e, prev) -> Found | None:
        from hijridate import Hijri

        hy = int(m["y"])
        try:
            g0 = Hijri(hy, 1, 1).to_gregorian()
            last = Hijri(hy, 12, 1)
            g1 = Hijri(hy, 12, last.month_length()).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return Found(s, e, Value(dt.date(g0.year, g0.month, g0.day), dt.date(g1.year, g1.month, g1.day),
                                 "day", True, True), "hyear")

    def _hnum(self, m, text, pub, s, e, prev) -> Found | None:
        from hijridate import Hijri

        try:
            g0 = Hijri(int(m["y"]), int(m["m"]), int(m["d"])).to_gregorian()
        except (ValueError, OverflowError):
            return None
        return Found(s, e, _day(dt.date(g0.year, g0.month, g0.day), True), "hnum")

    def _year(self, m, text, pub, s, e, prev) -> Found | None:
        y1 = int(m["y1"])
        y2 = int(m["y2"]) if m["y2"] else None
        if m["kw"]:
            lo = 1000
        else:
            lo = 1900
            if not m["part"] and not self.g.prep_before.search(self._ctx_before(text, s)) \
                    and not m["x"].rstrip().endswith("م"):
                return None
        if not (lo <= y1 <= 2100) or (y2 is not None and not (lo <= y2 <= 2100 and y2 > y1)):
            return None
        v = _year(y1)
        if y2 is not None:
            v = _span(v, _year(y2))
        return Found(s, e, v, "year")

    def _numdate(self, m, text, pub, s, e, prev) -> Found | None:
        try:
            if m["y"]:
                d = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            else:
                d = dt.date(int(m["y2"]), int(m["m2"]), int(m["d2"]))
        except ValueError:
            return None
        return Found(s, e, _day(d, True), "numdate")

    def _weekday(self, m, text, pub, s, e, prev) -> Found | None:
        if pub is None:
            return None
        lex = self.g.lex
        wd = lex.weekdays[_norm_ws(m["w1"])]
        # "الاثنين" also means "the two": only read it as Monday where a date is likely
        if wd == 0 and _RX_TWO.search(self._ctx_before(text, s)) and not m["rel"]:
            return None
        rel = m["rel"]
        if rel:
            # أمس السبت: the Saturday nearest the day before publication (a story written
            # late and published after midnight still names the right weekday)
            target = pub + dt.timedelta(days=lex.rel_days[rel])
            delta = (wd - target.weekday()) % 7
            d = target + dt.timedelta(days=delta if delta <= 3 else delta - 7)
            v = _day(d)
        else:
            k = lex.directions[_norm_ws(m["dir"])] if m["dir"] else 0
            back = (pub.weekday() - wd) % 7
            if k == 1:
                fwd = (wd - pub.weekday()) % 7 or 7
                d = pub + dt.timedelta(days=fwd)
            elif k == -1:
                d = pub - dt.timedelta(days=back or 7)
            elif self._future_context(text, s):
                # سيعقد الاجتماع الأحد / من المقرر أن ... الخميس: the next one (or today)
                d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7)
            else:
                d = pub - dt.timedelta(days=back)
            v = _day(d)
        if m["w2"]:
            w2 = lex.weekdays[_norm_ws(m["w2"])]
            d2 = v.start + dt.timedelta(days=(w2 - wd) % 7)
            v = _span(v, _day(d2))
        return Found(s, e, v, "weekday")

    def _future_context(self, text: str, s: int) -> bool:
        """Whether the clause before position ``s`` announces something to come (a verb with
        the future prefix س or after لن/سوف, or من المقرر / المزمع)."""
        left = text[max(0, s - 45):s]
        cut = max(left.rfind(c) for c in ".,;:!?\n")
        if cut >= 0:
            left = left[cut + 1:]
        words = left.split()[-2:]
        return any(_FUTURE.fullmatch(w) for w in words) or "من المقرر" in left or "من المتوقع" in left

    @staticmethod
    def _prev_word(text: str, s: int) -> str:
        j = s - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        i = _word_start(text, j)
        return text[i:j + 1].strip("\"'(:,")

    def _reldays(self, m, text, pub, s, e, prev) -> Found | None:
        if pub is None:
            return None
        rel = _norm_ws(m["rel"])
        if rel == "الغد" and not m["tod"]:
            return None
        off = 1 if rel == "الغد" else self.g.lex.rel_days[rel]
        if off == 0 and not m["tod"] and self._prev_word(text, s) in self.g.lex.before_today:
            return None  # كان اليوم من أسوأ الأيام: "the day", not today
        if off == 0 and e < len(text) and text[e] == '"' and _RX_QUOTED.search(text[max(0, s - 20):s]):
            return None  # "اليمن اليوم": a quoted outlet name
        return Found(s, e, _day(pub + dt.timedelta(days=off)), "reldays")

    def _period(self, m, text, pub, s, e, prev) -> Found | None:
        if pub is None:
            return None
        lex = self.g.lex
        u = lex.periods[_norm_ws(m["u1"] or m["u2"])]
        part = lex.parts.get(_norm_ws(m["part"])) if m["part"] else None
        if m["u2"] and not m["dir"]:
            if not part:
                return None  # a bare الشهر / العام is not a date (الأمين العام)
            k = 0
        elif m["dir"]:
            k = -2 if m["dir"].startswith("قبل") else lex.directions[_norm_ws(m["dir"])]
        else:
            k = 0
        if u == "week":
            if part == "end" or m["weekend"]:
                # the weekend (Friday-Saturday) of that week, or the last one for k = 0
                base = pub + dt.timedelta(weeks=k) if k else pub
                fri = base - dt.timedelta(days=(base.weekday() - 4) % 7)
                if k == 1:
                    fri = pub + dt.timedelta(days=(4 - pub.weekday()) % 7 or 7)
                return Found(s, e, _span(_day(fri), _day(fri + dt.timedelta(days=1))), "period")
            return Found(s, e, _week(pub, k), "period")
        if u == "month":
            y, mo = _shift_month(pub.year, pub.month, k)
            return Found(s, e, _month(y, mo), "period")
        y = pub.year + k
        if part == "begin":
            return Found(s, e, _month(y, 1), "period")
        if part == "mid":
            return Found(s, e, _month(y, 6), "period")
        if part == "end":
            return Found(s, e, _month(y, 12), "period")
        return Found(s, e, _year(y, False), "period")

    def _ago(self, m, text, pub, s, e, prev) -> Found | None:
        if pub is None:
            return None
        lex = self.g.lex
        unit, count = lex.units[_norm_ws(m["unit"])]
        if m["n"]:
            tok = _norm_ws(m["n"])
            n = int(tok) if tok.isdigit() else lex.cardinals.get(tok)
            if n is None or count == 2:
                return None
        else:
            if count == 0:
                return None  # منذ سنوات: no number, no date
            n = count
        if n <= 0 or n > 200:
            return None
        if unit == "day":
            v = _day(pub - dt.timedelta(days=n))
        elif unit == "week":
            v = _day(pub - dt.timedelta(weeks=n))
        elif unit == "month":
            y, mo = _shift_month(pub.year, pub.month, -n)
            v = _month(y, mo)
        else:
            v = _year(pub.year - n, False)
        return Found(s, e, v, "ago")

    def _anaphor(self, m, text, pub, s, e, prev) -> Found | None:
        if not prev or s - prev[-1].end > 400 or prev[-1].value is None:
            return None
        p = prev[-1].value
        if m["u5"]:
            # اليوم التالي / العام التالي: the one after the previous expression
            u = _norm_ws(m["u5"])
            if u == "اليوم":
                return Found(s, e, _day(p.end + dt.timedelta(days=1)), "anaphor") if p.gran == "day" else None
            if u == "الشهر":
                if p.gran not in ("day", "month"):
                    return None
                return Found(s, e, _month(*_shift_month(p.end.year, p.end.month, 1)), "anaphor")
            return Found(s, e, _year(p.end.year + 1), "anaphor")
        u = m["u1"] or m["u2"] or m["u3"]
        if u is None:
            return Found(s, e, p, "anaphor")
        u = _norm_ws(u)
        if u == "اليوم":
            if p.gran != "day":
                return None
            return Found(s, e, _day(p.start), "anaphor")
        if u == "الشهر":
            if p.gran not in ("day", "month"):
                return None
            return Found(s, e, _month(p.start.year, p.start.month), "anaphor")
        if u == "الاسبوع":
            return None
        return Found(s, e, _year(p.start.year), "anaphor")

    def _event(self, m, text, pub, s, e, prev) -> Found | None:
        lex = self.g.lex
        a, b = lex.events[_norm_ws(m["ev"])]
        part = lex.parts.get(_norm_ws(m["part"]), "begin" if m["part"] == "اندلاع" else "end")
        return Found(s, e, _year(a if part == "begin" else b), "event")

    def _season(self, m, text, pub, s, e, prev) -> Found | None:
        lex = self.g.lex
        word = _norm_ws(m["s1"] or m["s2"])
        first, last = lex.seasons[word]
        if not (m["part"] or m["s1"] or m["y"] or m["dir"]):
            return None
        if m["y"]:
            y = int(m["y"])
        elif pub is None:
            return None
        else:
            k = lex.directions[_norm_ws(m["dir"])] if m["dir"] else 0
            cands = []
            for yy in (pub.year - 1, pub.year, pub.year + 1):
                a = dt.date(yy, first, 1)
                ly, lm = (yy + 1, last) if last < first else (yy, last)
                b = dt.date(ly, lm, calendar.monthrange(ly, lm)[1])
                if k == -1 and b >= pub or k == 1 and a <= pub:
                    continue
                dist = 0 if a <= pub <= b else min(abs((a - pub).days), abs((b - pub).days))
                cands.append((dist, yy))
            y = min(cands)[1]
        months = []
        yy, mm = y, first
        while True:
            months.append((yy, mm))
            if mm == last:
                break
            yy, mm = _shift_month(yy, mm, 1)
        part = lex.parts.get(_norm_ws(m["part"])) if m["part"] else None
        if part == "begin":
            months = months[:2]
        elif part == "end":
            months = months[-2:]
        elif part == "mid":
            months = months[len(months) // 2 - (1 - len(months) % 2): len(months) // 2 + 1]
        v = _month(*months[0], bool(m["y"]))
        if len(months) > 1:
            v = _span(v, _month(*months[-1]))
        return Found(s, e, v, "season")

    def _dayofmonth(self, m, text, pub, s, e, prev) -> Found | None:
        d = self._day_num(m["d1"])
        if pub is None or d is None:
            return None
        k = self.g.lex.directions[_norm_ws(m["dir"])] if m["dir"] else 0
        y, mo = _shift_month(pub.year, pub.month, k)
        try:
            return Found(s, e, _day(dt.date(y, mo, d)), "dayofmonth")
        except ValueError:
            return None

    def _quarter(self, m, text, pub, s, e, prev) -> Found | None:
        q = _norm_ws(m["q"]).split()
        if q[0] == "النصف":
            first, size = (1 if q[1] == "الاول" else 7), 6
        else:
            n = 4 if q[1] == "الاخير" else self.g.lex.ordinals.get(" ".join(q[1:]))
            if n is None or not 1 <= n <= 4:
                return None
            first, size = 3 * (n - 1) + 1, 3
        if m["y"]:
            y = int(m["y"])
        elif pub is None:
            return None
        else:
            y = pub.year + (self.g.lex.directions[_norm_ws(m["dir"])] if m["dir"] else 0)
        v = _span(_month(y, first, bool(m["y"])), _month(y, first + size - 1))
        return Found(s, e, v, "quarter")

    # --- ranges and year inheritance
    def _combine(self, found: list[Found], text: str, pub: dt.date | None) -> list[Found]:
        g = self.g
        out: list[Found] = []
        i = 0
        while i < len(found):
            f = found[i]
            nxt = found[i + 1] if i + 1 < len(found) else None
            if nxt is not None and f.value is not None or (nxt is not None and f.kind == "gdate"):
                gap = text[f.end:nxt.start]
                before = text[max(0, f.start - 20):f.start]
                is_and = _RX_AND.fullmatch(gap) is not None
                is_to = _RX_TO.fullmatch(gap) is not None
                between = is_and and g.range_between.search(before)
                from_to = is_to and g.range_from.search(before)
                if (between or from_to) and nxt.value is not None:
                    a = f
                    if f.incomplete and f.kind == "gdate" and nxt.value.gran in ("day", "month") \
                            and nxt.kind == "gdate":
                        y = nxt.value.start.year - (1 if (f.month or 0) > nxt.value.start.month else 0)
                        a = self._with_year(f, y)
                    if a.value is not None and (between or f.incomplete or
                                                (f.value and f.value.gran == nxt.value.gran == "year")):
                        out.append(Found(f.start, nxt.end, _span(a.value, nxt.value), "range"))
                        i += 2
                        continue
            if f.incomplete and f.kind == "gdate" and f.day is not None:
                # a day and month without a year take it from a dated expression that
                # follows closely in the same sentence (في 17 ديسمبر ... من 1 يناير 1997)
                for later in found[i + 1:i + 3]:
                    if later.value is None or not later.value.explicit_year or later.value.gran != "day":
                        continue
                    gap = text[f.end:later.start]
                    if len(gap) > 100 or _RX_STOP.search(gap):
                        break
                    y = later.value.start.year - (1 if (f.month or 0) > later.value.start.month else 0)
                    f = self._with_year(f, y)
                    break
            out.append(f)
            i += 1
        # the "within N days after DATE" construction
        final: list[Found] = []
        for f in out:
            if f.value is not None and f.value.gran == "day" and not f.value.range:
                w0 = max(0, f.start - 60)
                m = g.within.search(text[w0:f.start])
                if m:
                    tok = _norm_ws(m["n"])
                    n = int(tok) if tok.isdigit() else g.lex.cardinals.get(tok)
                    unit = g.lex.units[_norm_ws(m["unit"])][0]
                    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * (n or 0)
                    if days and f.value.start.year < 9999:
                        start = w0 + m.start()
                        final.append(f)
                        final.append(Found(start, f.end, _span(f.value, _day(f.value.start + dt.timedelta(days=days))),
                                           "within"))
                        continue
            final.append(f)
        # keep them non-overlapping: a construction replaces the plain date it contains
        final.sort(key=lambda f: (f.start, -(f.end - f.start)))
        res: list[Found] = []
        for f in final:
            if res and f.start < res[-1].end:
                if f.end - f.start > res[-1].end - res[-1].start:
                    res[-1] = f
                continue
            res.append(f)
        return res

    def _with_year(self, f: Found, y: int) -> Found:
        try:
            if f.day is not None:
                v = _day(dt.date(y, f.month, f.day), True)
                if f.day2 is not None:
                    v = _span(v, _day(dt.date(y, f.month, f.day2)))
            else:
                v = _month(y, f.month, True)
        except (ValueError, TypeError, OverflowError):
            return f
        return dataclasses.replace(f, value=v, incomplete=False)


_FUTURE = re.compile(
    r"(?:[وف]?(?!سيار|سياس|سيطر|سيد|سيول|سيف|سين|سيم|ستين|سته|ستار|ستو|سنو|سنه|سنغ|سنت|ستراتيج)"
    r"س[يتن]\w{3,}|[وف]?سوف|[وف]?لن|المقرر|المزمع|المرتقب|المتوقع|المنتظر|المقرر)"
)

_NORM = attrgetter("norm")

#: the rules whose expressions may sit inside a name of not_dates.tsv (بغداد اليوم، الأمين العام)
_NAME_KINDS = frozenset({"reldays", "weekday", "period", "anaphor"})


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


@lru_cache(maxsize=4096)
def _norm_ws(s: str) -> str:
    """A matched word group in lexicon form: single spaces, and the article restored
    where it was written لل after the preposition ل."""
    s = " ".join(s.split())
    if s.startswith("ل") and not s.startswith("ال"):
        return "ا" + s
    return s


def make_component(options: dict[str, Any] | None = None) -> DateTagger:
    return DateTagger()


def tag_text(text: str, published: str | dt.date | None = None) -> list[TimeExpr]:
    """Convenience: tag plain text (no pipeline)."""
    from marsad.text.normalize import NormalizedText

    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    return DateTagger().tag(NormalizedText(text), published, text)


__all__ = ["DateTagger", "make_component", "tag_text", "load_lexicon", "Value"]
