"""Grammatical gender of nouns and verbs for verb-subject agreement (matching forms).

In VSO order a singular Arabic verb agrees with its subject in gender (قال الوزير / قالت
الحكومة / أعلنت إيران); a speech verb without a subject (وأضافت) continues a speaker of its
own gender. Only clear cases are decided: ``None`` means unknown.
"""

from __future__ import annotations

from importlib import resources

from marsad.text.normalize import normalize


def parse_agreement(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(masculine heads, masculine places) of an ``agreement.tsv`` text; ValueError on a bad line."""
    heads, places = set(), set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or parts[0] not in ("masc_head", "masc_place"):
            raise ValueError(f"agreement.tsv line {n}: expected 'masc_head|masc_place<TAB>word', got {line!r}")
        (heads if parts[0] == "masc_head" else places).add(normalize(parts[1].strip()))
    return frozenset(heads), frozenset(places)


def _load() -> tuple[frozenset[str], frozenset[str]]:
    return parse_agreement(resources.files("marsad.resources.events").joinpath("agreement.tsv").read_text(encoding="utf-8"))


# titles and bodies that are grammatically masculine, and masculine place names (matching forms;
# resources/events/agreement.tsv, read once: constants)
MASC_HEADS, MASC_PLACES = _load()
# the masculine title standing alone as a subject ("وطالب الوزير إيران"): definite forms only,
# so that a construct ("رئيس الحكومة") is not read as one
MASC_SUBJECT_WORDS = frozenset(w for w in MASC_HEADS if w.startswith("ال"))


def strip_conj(w: str) -> str:
    """وال... / فال... → ال..."""
    return w[1:] if w[:1] in "وف" and len(w) > 3 and w[1:3] == "ال" else w


def noun_gender(text: str, *, place: bool = False, person: bool = False, title: str = "") -> str | None:
    """Gender of an actor's surface text when it is clear ("m" / "f"), else None.

    Place names are feminine (إيران، السعودية، الولايات المتحدة) except a few (لبنان) and
    definite ones without ة (العراق، الأردن: masculine, left unknown); bodies whose head ends in
    ة (الحكومة، وزارة، المنظمة) are feminine, but not persons (أسامة); titles (الوزير، رئيس) and
    bodies such as الجيش are masculine, and so is a person after a masculine title ``title``."""
    words = text.split()
    if not words:
        return None
    first = strip_conj(normalize(words[0]))
    if place:
        if normalize(text) in MASC_PLACES:
            return None
        if not first.startswith("ال") or words[0].endswith("ة") or words[-1].endswith("ة"):
            return "f"
        return None
    if first in MASC_HEADS:
        return "m"
    if person:
        return "m" if strip_conj(normalize(title)) in MASC_HEADS else None
    if words[0].endswith("ة") and len(words[0]) > 3:
        return "f"
    return None
