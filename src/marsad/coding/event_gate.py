"""A learned gate for PROTEST and ASSAULT events: does the sentence *report* the event?

The rule-based coder (:mod:`marsad.coding.events`) finds a protest or an attack wherever a
trigger word has an actor; many such sentences only mention one (background, plans,
condemnations, anniversaries, references). The gate is a small logistic regression over
sparse, readable features of the sentence around the event's trigger (words, clitic stems,
the trigger and its neighbours, the words within WINDOW tokens of it, modality and
reference cues, casualty figures, dates; each type's model uses the feature groups that
cross-validation chose for it). Its
weights are a JSON file (``resources/events/gate.json``) written by
``scripts/train_event_gate.py``; inference is plain Python (a dictionary look-up per feature).

For an event of a gated type the probability becomes the event's ``confidence``; what is
dropped depends on the coder's ``event_gate_mode``: ``"floor"`` drops the events below the
type's ``floor`` (a low bar: only sentences very unlikely to report the event), ``"drop"``
those below the type's ``threshold`` (chosen by cross-validation on the GSR sentences, best
for lone sentences), ``"score"`` none, and ``"auto"`` (default) is "drop" for a text of at
most SHORT_TEXT_SENTENCES sentences and "floor" for a longer one (an article, where the
probabilities run low). Events matching a pattern of ``gate_vetoes.tsv`` get probability 0.
Events of other types are untouched.

Weights file (JSON)::

    {"format": "marsad-event-gate", "version": 1,
     "types": {"PROTEST": {"bias": -0.3, "threshold": 0.45, "floor": 0.25}, ...},
     "shared": true,            # features are also given per type ("PROTEST|w:مظاهره")
     "groups": ["trigger", "cues", "other"],   # the feature groups used (see GROUPS); a type
                                               # may have its own ("types": {"ASSAULT": {"groups": [...]}})
     "weights": {"w:مظاهره": 0.8, "PROTEST|cue:condemn": -1.1, ...},
     "source": "...", "cv": {...}}
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from marsad.model import Analysis, Event, Token
from marsad.text.normalize import normalize as normalize_digits

FORMAT = "marsad-event-gate"
_RES = "marsad.resources.events"
DEFAULT_PATH = "gate.json"  # inside marsad/resources/events
MODES = ("auto", "floor", "drop", "score")
# "auto": a text of at most this many sentences (a lone sentence, a headline: what the gate was
# trained and cross-validated on) is gated at the threshold, a longer one (an article) at the floor
SHORT_TEXT_SENTENCES = 1
VETOES_PATH = "gate_vetoes.tsv"  # sentence patterns that never report the event

# cue word classes (matching form, see marsad.text.normalize); a token matches a class when
# one of its clitic stems is in it
CUES: dict[str, frozenset[str]] = {
    "neg": frozenset({"لم", "لن", "لا", "ما", "ليس", "ليست", "غير", "عدم", "دون", "بدون", "نفي", "نفت", "ينفي"}),
    "future": frozenset({"سوف", "يعتزم", "تعتزم", "يعتزمون", "اعتزام", "ينوي", "تنوي", "المقرر", "مقرر", "يستعد",
                         "تستعد", "يستعدون", "سيتم", "المزمع", "مزمع", "دعا", "دعت", "دعوا", "يدعو", "تدعو", "دعوه",
                         "تهدد", "يهدد", "هدد", "هددت", "تهديد", "حذر", "حذرت", "يحذر", "تحذير"}),
    "cond": frozenset({"اذا", "لو", "لولا", "حال", "ربما", "هل", "قد", "ان", "يمكن", "احتمال"}),
    "condemn": frozenset({"ادان", "ادانت", "ادانه", "يدين", "تدين", "استنكر", "استنكرت", "استنكار", "يستنكر",
                          "شجب", "شجبت", "ندد", "نددت", "تنديد", "يندد", "تندد", "اعرب", "اعربت", "رفض", "رفضت",
                          "تضامن", "تعازي", "تعزيه", "عزاء", "اسف", "قلق", "القلق", "وصف", "وصفت"}),
    "ref": frozenset({"منذ", "بعد", "اثر", "عقب", "ذكري", "جراء", "خلفيه", "سابق", "سابقه", "الماضي", "الماضيه",
                      "قبل", "خلال", "ابان", "اعقاب", "تاريخ", "عام", "اعوام", "سنوات", "حرب", "ثوره"}),
    "report": frozenset({"امس", "اليوم", "صباح", "مساء", "ليل", "فجر", "ظهر", "السبت", "الاحد", "الاثنين",
                         "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "مصادر", "شهود", "مراسل", "افاد", "افادت"}),
    "casualty": frozenset({"قتل", "مقتل", "قتلي", "قتيل", "قتيلا", "قتلوا", "اصيب", "اصيبوا", "اصابه", "جرح",
                           "جرحي", "جريح", "مصرع", "مصابين", "اصابات", "شهيد", "شهداء", "ضحايا", "جثث"}),
    "speech": frozenset({"قال", "قالت", "اكد", "اكدت", "اضاف", "اضافت", "اوضح", "اوضحت", "اعلن", "اعلنت",
                         "صرح", "راي", "يري", "يقول", "تقول", "بيان", "تصريح", "اعتبر", "اعتبرت"}),
}
_PRESENT_PREFIX = ("ي", "ت", "ن")
# the "window" feature group: the clitic stems of the words within this many tokens of the
# trigger (the sentence's other words are farther clauses, often another event's)
WINDOW = 6
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def resolve_mode(mode: str, n_sentences: int) -> str:
    """The mode that applies to a text of ``n_sentences`` sentences ("auto" → "drop" for a
    one-sentence text, "floor" for a longer one; other modes as they are)."""
    if mode == "auto":
        return "drop" if n_sentences <= SHORT_TEXT_SENTENCES else "floor"
    return mode


@dataclass(frozen=True)
class Veto:
    """A sentence pattern where a trigger does not report its event (gate_vetoes.tsv)."""
    etype: str
    triggers: frozenset[str]  # empty = any trigger of the type
    context: tuple[tuple[str, ...], ...]  # alternatives, each one or more consecutive words
    where: str  # before / after / around
    window: int
    note: str
    unless: tuple[tuple[str, ...], ...] = ()  # alternatives that cancel the pattern in the same window

    def matches(self, toks: list[Token], trig: int, etype: str) -> bool:
        if etype != self.etype:
            return False
        tt = toks[trig]
        if self.triggers and not (tt.norm in self.triggers or any(st in self.triggers for st in tt.stems)):
            return False
        lo = trig - self.window if self.where in ("before", "around") else trig + 1
        hi = trig + self.window if self.where in ("after", "around") else trig - 1
        lo, hi = max(0, lo), min(len(toks) - 1, hi)

        def same(word: str, tok: Token) -> bool:
            # short words (من، لو) only as they are written: clitic stems would find them in منها
            return word == tok.norm or (len(word) > 2 and word in tok.stems)

        def found(alts: tuple[tuple[str, ...], ...], lo: int, hi: int) -> bool:
            return any(all(k + j != trig and same(alt[j], toks[k + j]) for j in range(len(alt)))
                       for alt in alts for k in range(lo, hi - len(alt) + 2))

        # "unless" words are looked for up to two tokens beyond the window ("ما إذا كان الهجوم")
        return found(self.context, lo, hi) and not (
            self.unless and found(self.unless, max(0, lo - 2), min(len(toks) - 1, hi + 2)))


def load_vetoes(text: str, source: str = "gate_vetoes.tsv") -> tuple[Veto, ...]:
    """Parse a vetoes file (see resources/events/gate_vetoes.tsv); a bad line is a GateError."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        try:
            etype, trig, ctx, where, window, *note = cols
            if where not in ("before", "after", "around"):
                raise ValueError(f"where must be before / after / around, not {where!r}")
            win = int(window)
            if win < 1:
                raise ValueError("window must be at least 1")
            words = [w.strip() for w in ctx.split(",") if w.strip()]
            alts = tuple(tuple(normalize_digits(w) for w in a.split()) for a in words if not a.startswith("-"))
            unless = tuple(tuple(normalize_digits(w) for w in a[1:].split()) for a in words if a.startswith("-"))
            if not alts:
                raise ValueError("no context words")
        except ValueError as exc:
            raise GateError(f"{source}, line {n}: {exc}") from None
        trigs = frozenset() if trig.strip() == "*" else frozenset(normalize_digits(w) for w in trig.split(",") if w.strip())
        out.append(Veto(etype.strip(), trigs, alts, where, win, note[0] if note else "", unless))
    return tuple(out)


@lru_cache(maxsize=1)
def default_vetoes() -> tuple[Veto, ...]:
    ref = resources.files(_RES).joinpath(VETOES_PATH)
    try:
        raw = ref.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return ()
    return load_vetoes(raw, f"marsad/resources/events/{VETOES_PATH}")


def vetoed(toks: list[Token], trig: int, etype: str, vetoes: Iterable[Veto] | None = None) -> Veto | None:
    """The first veto pattern matching the event (``None``: the gate decides)."""
    for v in default_vetoes() if vetoes is None else vetoes:
        if v.matches(toks, trig, etype):
            return v
    return None


def _stem(tok: Token) -> str:
    """The shortest clitic stem (وبالعراق → عراق)."""
    return min(tok.stems, key=len) if tok.stems else tok.norm


def _is_word(tok: Token) -> bool:
    return tok.norm[:1].isalpha()


def features(toks: list[Token], trig: int, etype: str, *, kind: str | None = None,
             event: Event | None = None, analysis: Analysis | None = None) -> set[str]:
    """Sparse binary features of one event: ``toks`` are the sentence's tokens, ``trig`` the
    index of the trigger token among them, ``kind`` the trigger's lexicon kind (V / N)."""
    f: set[str] = {"bias_type"}
    words = [t for t in toks if _is_word(t)]
    norms = [t.norm for t in words]
    f.update("w:" + n for n in norms)
    f.update("s:" + _stem(t) for t in words)
    f.update("b:" + a + "_" + b for a, b in zip(norms, norms[1:]))
    tt = toks[trig]
    f.add("trig:" + _stem(tt))
    f.add("trigw:" + tt.norm)
    for d in (-3, -2, -1, 1, 2, 3):
        k = trig + d
        if 0 <= k < len(toks):
            t = toks[k]
            if abs(d) == 1:
                f.add(f"n{d:+d}:" + (_stem(t) if _is_word(t) else t.norm))
            if _is_word(t):
                f.add("near:" + _stem(t))
    # modality and reference cues: anywhere in the sentence, and right before the trigger
    for k, t in enumerate(toks):
        st = set(t.stems) | {t.norm}
        for name, ws in CUES.items():
            if st & ws:
                f.add("cue:" + name)
                if trig - 4 <= k < trig:
                    f.add("cue_before:" + name)
                elif trig < k <= trig + 4:
                    f.add("cue_after:" + name)
    if kind:
        f.add("kind:" + kind)
        core = tt.norm.lstrip("وف") if len(tt.norm) > 3 else tt.norm
        if kind == "V":
            if core.startswith("س") and core[1:2] in _PRESENT_PREFIX + ("ا",):
                f.add("tense:future")
            elif core.startswith("ي"):
                f.add("tense:present")
            else:
                f.add("tense:past_or_t")
    # numbers next to casualty words ("قتل 12 شخصا")
    for k, t in enumerate(toks):
        if t.norm[:1].isdigit():
            f.add("has_number")
            if any(set(toks[j].stems) & CUES["casualty"] for j in range(max(0, k - 3), min(len(toks), k + 4))):
                f.add("casualty_number")
    for k in range(max(0, trig - WINDOW), min(len(toks), trig + WINDOW + 1)):
        if k != trig and _is_word(toks[k]):
            f.add("win:" + _stem(toks[k]))
    pos = trig / max(1, len(toks) - 1)
    f.add("pos:" + ("start" if pos < 0.2 else "mid" if pos < 0.7 else "end"))
    n = len(words)
    f.add("len:" + ("short" if n < 12 else "mid" if n < 30 else "long"))
    if toks and toks[-1].norm in ("؟", "?"):
        f.add("question")
    if event is not None:
        f.add("has_source" if event.source is not None and event.source.text else "no_source")
        f.add("has_target" if event.target is not None and event.target.text else "no_target")
        if event.location is not None:
            f.add("has_location")
        if event.future:
            f.add("flag:future")
    if analysis is not None and toks:
        # only dates that name their year: relative ones (أمس، الأحد) are resolved only when
        # the publication date is known, which the training sentences lack
        s0, s1 = toks[0].start, toks[-1].end
        if any(s0 <= d.start < s1 and _YEAR.search(normalize_digits(d.text)) for d in analysis.dates):
            f.add("date:year")
        tpos = tt.start
        if any(q.start <= tpos < q.end for q in analysis.quotes):
            f.add("in_quote")
    return f


# feature groups (by name prefix); a weights file says which groups it was trained with
GROUPS = {"w": "words", "s": "stems", "b": "bigrams", "trig": "trigger", "trigw": "trigger", "n-1": "trigger",
          "n+1": "trigger", "near": "trigger", "cue": "cues", "cue_before": "cues", "cue_after": "cues",
          "win": "window"}
ALL_GROUPS = frozenset({"words", "stems", "bigrams", "trigger", "cues", "other", "window"})


def group_of(name: str) -> str:
    return GROUPS.get(name.split(":", 1)[0], "other") if ":" in name else "other"


def expand(feats: Iterable[str], etype: str, shared: bool, groups: frozenset[str] = ALL_GROUPS) -> list[str]:
    """Feature names as the weights file knows them: per type, and also shared ones."""
    if groups != ALL_GROUPS:
        feats = [x for x in feats if group_of(x) in groups]
    out = [etype + "|" + x for x in feats]
    if shared:
        out.extend(x for x in feats if x != "bias_type")
    return out


class GateError(ValueError):
    """The weights file is missing or not a valid gate."""


@dataclass(frozen=True)
class EventGate:
    weights: dict[str, float]
    bias: dict[str, float]
    threshold: dict[str, float]
    shared: bool = True
    source: str = ""
    groups: frozenset[str] = ALL_GROUPS
    floor: dict[str, float] | None = None  # per type; a file without floors drops nothing in "floor" mode
    # per type: the feature groups of that type's model (a type without an entry uses ``groups``)
    type_groups: dict[str, frozenset[str]] | None = None

    @property
    def types(self) -> frozenset[str]:
        return frozenset(self.bias)

    @classmethod
    def from_dict(cls, data: Any, source: str = "") -> "EventGate":
        try:
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise GateError(f"{source or 'gate'}: not a Marsad event-gate file (format != {FORMAT!r})")
            types = data["types"]
            bias = {t: float(v["bias"]) for t, v in types.items()}
            thr = {t: float(v["threshold"]) for t, v in types.items()}
            floor = {t: float(v.get("floor", 0.0)) for t, v in types.items()}
            bad = sorted(t for t in types if not 0.0 <= floor[t] <= thr[t])
            if bad:
                raise ValueError(f"floor outside [0, threshold] for {bad}")
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            groups = frozenset(data.get("groups", ALL_GROUPS))
            type_groups = {t: frozenset(v["groups"]) for t, v in types.items() if "groups" in v}
            unknown = groups.union(*type_groups.values()) - ALL_GROUPS
            if unknown:
                raise ValueError(f"unknown feature groups {sorted(unknown)}")
        except GateError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise GateError(f"{source or 'gate'}: malformed event-gate file ({type(exc).__name__}: {exc})") from None
        if not all(math.isfinite(x) for x in [*bias.values(), *thr.values(), *weights.values()]):
            raise GateError(f"{source or 'gate'}: malformed event-gate file (non-finite number)")
        return cls(weights, bias, thr, bool(data.get("shared", True)), source, groups, floor, type_groups or None)

    @classmethod
    def load(cls, path: str | Path | None = None) -> "EventGate":
        """Load a weights file (default: the one shipped with Marsad). Raises GateError
        with a readable message when it is missing or malformed."""
        if path is None:
            ref = resources.files(_RES).joinpath(DEFAULT_PATH)
            name = f"marsad/resources/events/{DEFAULT_PATH}"
            try:
                raw = ref.read_text(encoding="utf-8")
            except (FileNotFoundError, OSError) as exc:
                raise GateError(f"{name}: cannot read the event gate ({exc.__class__.__name__})") from None
        else:
            name = str(path)
            try:
                raw = Path(path).read_text(encoding="utf-8")
            except (FileNotFoundError, OSError, UnicodeDecodeError) as exc:
                raise GateError(f"{name}: cannot read the event gate ({exc.__class__.__name__}: {exc})") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise GateError(f"{name}: not valid JSON ({exc})") from None
        return cls.from_dict(data, name)

    @staticmethod
    def default_exists() -> bool:
        ref = resources.files(_RES).joinpath(DEFAULT_PATH)
        return ref.is_file()

    def score_features(self, feats: Iterable[str], etype: str) -> float:
        w = self.weights
        groups = (self.type_groups or {}).get(etype, self.groups)
        z = self.bias[etype] + sum(w.get(x, 0.0) for x in expand(feats, etype, self.shared, groups))
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        ez = math.exp(z)
        return ez / (1.0 + ez)

    def probability(self, toks: list[Token], trig: int, event: Event, *, kind: str | None = None,
                    analysis: Analysis | None = None) -> float:
        """The probability that the sentence reports the event; 0 where a pattern of
        gate_vetoes.tsv says it does not."""
        if vetoed(toks, trig, event.plover) is not None:
            return 0.0
        feats = features(toks, trig, event.plover, kind=kind, event=event, analysis=analysis)
        return self.score_features(feats, event.plover)

    def keeps(self, prob: float, etype: str, mode: str = "drop") -> bool:
        """Whether an event of type ``etype`` with this probability is kept: ``mode`` "drop"
        = at or above the threshold, "floor" = at or above the floor, "score" = always."""
        if mode == "drop":
            return prob >= self.threshold[etype]
        if mode == "floor":  # probability 0 = a veto (gate_vetoes.tsv): dropped even with floor 0
            return prob > 0.0 and prob >= (self.floor or {}).get(etype, 0.0)
        if mode == "score":
            return True
        if mode == "auto":
            raise ValueError('gate mode "auto" depends on the text: resolve it first (resolve_mode)')
        raise ValueError(f"gate mode must be one of {', '.join(MODES)}, not {mode!r}")
