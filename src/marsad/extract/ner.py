"""The trained Arabic named-entity tagger (PER, ORG, LOC).

A linear-chain CRF (python-crfsuite) over features of each word and its ±2 neighbours:
normalized form, clitic stems, prefixes and suffixes, shape, word clusters learned from
unlabeled news, a corpus statistic (how often the word takes the article ال) and gazetteer
flags (countries, persons and organizations of the actor dictionary). The model and its
word lists live in ``marsad/resources/ner/`` (see the README there); they are built by
``scripts/train_ner.py`` (``make model`` or ``marsad train-ner``).

    >>> m = NerModel.load()
    >>> m.tag(["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس"])
    ['O', 'O', 'O', 'B-PER', 'I-PER', 'O', 'B-LOC']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from marsad.model import Token
from marsad.text.normalize import normalize
from marsad.text.segment import clitic_stems

RESOURCE_DIR = Path(__file__).resolve().parents[1] / "resources" / "ner"
MODEL_FILE = "model.crfsuite"
CLUSTER_FILE = "clusters.tsv"
GAZETTEER_FILE = "gazetteer.tsv"
TYPES = ("PER", "ORG", "LOC")
_CACHE_LIMIT = 200_000  # word types whose features one model instance remembers
_WINDOW = (-2, -1, 1, 2)


class ModelError(Exception):
    """The NER model or one of its files is missing or unreadable."""


Clusters = dict[str, tuple[int, ...]]
Gazetteer = dict[str, tuple[str, ...]]


def _shape(w: str) -> str:
    if w.isdigit():
        return "digit"
    if any(c.isdigit() for c in w):
        return "hasdigit"
    if w.isalpha():
        return "arab" if "\u0600" <= w[0] <= "\u06ff" else "latin"
    return "punct:" + w if len(w) == 1 else "other"


class FeatureExtractor:
    """Features of word types (cached, bounded) and of tokens in a sentence."""

    def __init__(self, clusters: Clusters, gazetteer: Gazetteer, cache_limit: int = _CACHE_LIMIT) -> None:
        self.clusters = clusters
        self.gazetteer = gazetteer
        self._cache: dict[str, tuple[list[str], dict[int, list[str]], str]] = {}
        self._limit = cache_limit

    def _type(self, word: str) -> tuple[list[str], dict[int, list[str]], str]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        n = normalize(word) or word
        own: list[str] = ["b", "w=" + n, "sh=" + _shape(n)]
        ctx: list[str] = ["w=" + n]
        if n[0].isalpha():
            stems = clitic_stems(n)
            for s in stems[1:4]:
                own.append("st=" + s)
            bare = stems[-1]
            own.append("bare=" + bare)
            ctx.append("bare=" + bare)
            ln = len(n)
            for k in (1, 2, 3):
                if ln > k:
                    own.append(f"p{k}=" + n[:k])
                    own.append(f"s{k}=" + n[-k:])
            own.append("len=" + str(min(ln, 8)))
            if n.startswith("ال"):
                own.append("al")
            cl = self.clusters.get(n)
            src = "c"
            if cl is None:
                src = "sc"
                for s in stems[1:]:
                    cl = self.clusters.get(s)
                    if cl is not None:
                        break
            if cl is None:
                own.append("unk")
                ctx.append("unk")
            else:
                own += [f"{src}64={cl[0]}", f"{src}256={cl[1]}", f"{src}1k={cl[2]}", f"{src}det={cl[3]}"]
                ctx += [f"{src}256={cl[1]}", f"{src}1k={cl[2]}", f"{src}det={cl[3]}"]
            flags: set[str] = set()
            for s in stems:
                g = self.gazetteer.get(s)
                if g:
                    flags.update(("g" if s == n else "gs") + f for f in g)
            for f in sorted(flags):
                own.append("gz=" + f)
                ctx.append("gz=" + f)
        prefixed = {off: [f"{off}:{f}" for f in ctx] for off in _WINDOW}
        entry = (own, prefixed, n)
        if len(self._cache) >= self._limit:
            self._cache.clear()
        self._cache[word] = entry
        return entry

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        types = [self._type(w) for w in words]
        n = len(types)
        out: list[list[str]] = []
        for i, (own, _pref, norm) in enumerate(types):
            f = list(own)
            for off in _WINDOW:
                j = i + off
                if 0 <= j < n:
                    f += types[j][1][off]
                else:
                    f.append(f"{off}:pad")
            f.append("bg-=" + (types[i - 1][2] if i else "<s>") + "|" + norm)
            f.append("bg+=" + norm + "|" + (types[i + 1][2] if i + 1 < n else "</s>"))
            out.append(f)
        return out


def _read_tsv(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(f"NER resource file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"NER resource file unreadable: {path} ({exc})") from None
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def load_clusters(path: Path) -> Clusters:
    out: Clusters = {}
    for i, row in enumerate(_read_tsv(path), 1):
        try:
            out[row[0]] = tuple(int(x) for x in row[1:5])
            if len(out[row[0]]) != 4:
                raise ValueError
        except (ValueError, IndexError):
            raise ModelError(f"NER cluster file corrupt: {path}, row {i}: {row!r}") from None
    return out


def load_gazetteer(path: Path) -> Gazetteer:
    out: Gazetteer = {}
    for i, row in enumerate(_read_tsv(path), 1):
        if len(row) != 2 or not row[1]:
            raise ModelError(f"NER gazetteer file corrupt: {path}, row {i}: {row!r}")
        out[row[0]] = tuple(row[1].split(","))
    return out


def model_digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _check_model_file(p: Path) -> None:
    """Reject a damaged CRFsuite file before the C library reads it (it would crash):
    header magic, recorded size and offsets, and the SHA-256 in ``<model>.sha256`` when
    that file exists (the training script writes it)."""
    import struct

    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ModelError(f"NER model file unreadable: {p} ({exc})") from None
    bad = f"NER model file corrupt (not a complete CRFsuite model): {p}"
    if len(data) < 48 or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ModelError(bad)
    size = struct.unpack_from("<I", data, 4)[0]
    offsets = struct.unpack_from("<5I", data, 28)
    if size != len(data) or not all(48 <= o < size for o in offsets):
        raise ModelError(bad)
    digest_file = p.with_name(p.name + ".sha256")
    if digest_file.is_file():
        want = digest_file.read_text(encoding="utf-8").split()[:1]
        if want != [model_digest(data)]:
            raise ModelError(f"NER model file corrupt (SHA-256 differs from {digest_file.name}): {p}")


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Entity spans [i, j) of a BIO tag sequence (CoNLL: an I- after O or another type starts
    a new entity)."""
    spans: list[tuple[int, int, str]] = []
    start, typ = -1, ""
    for i, t in enumerate(list(tags) + ["O"]):
        if t.startswith("I-") and start >= 0 and t[2:] == typ:
            continue
        if start >= 0:
            spans.append((start, i, typ))
            start, typ = -1, ""
        if t.startswith(("B-", "I-")):
            start, typ = i, t[2:]
    return spans


class NerModel:
    """A loaded tagger; build once and reuse (it keeps a bounded per-word feature cache)."""

    def __init__(self, tagger: object, features: FeatureExtractor, path: Path) -> None:
        self._tagger = tagger
        self.features = features
        self.path = path

    @classmethod
    def load(cls, path: str | Path | None = None) -> NerModel:
        """Load the model file ``path`` (default: the shipped model); the cluster and
        gazetteer files are read from the same folder."""
        import pycrfsuite

        p = Path(path) if path is not None else RESOURCE_DIR / MODEL_FILE
        if not p.is_file():
            raise ModelError(f"NER model file not found: {p}")
        folder = p.parent
        clusters = load_clusters(folder / CLUSTER_FILE)
        gazetteer = load_gazetteer(folder / GAZETTEER_FILE)
        _check_model_file(p)
        tagger = pycrfsuite.Tagger()
        try:
            tagger.open(str(p))
            labels = set(tagger.labels())
        except (OSError, ValueError) as exc:
            raise ModelError(f"NER model file corrupt or unreadable: {p} ({exc})") from None
        if "O" not in labels:
            raise ModelError(f"NER model file has no usable labels: {p}")
        return cls(tagger, FeatureExtractor(clusters, gazetteer), p)

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (B-PER, I-ORG, O...) for one sentence of raw token texts."""
        if not words:
            return []
        return list(self._tagger.tag(self.features.sentence(words)))  # type: ignore[attr-defined]

    def spans(self, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """Entity token ranges [i, j) with their type (PER, ORG, LOC) in one sentence."""
        return bio_spans(self.tag([t.text for t in tokens]))


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict[str, dict[str, float]]:
    """CoNLL entity-level exact-span precision/recall/F1 per type and overall ("ALL")
    over sentences of BIO tags."""
    tp: dict[str, int] = {}
    ns: dict[str, int] = {}
    ng: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        gs, ps = set(bio_spans(g)), set(bio_spans(p))
        for s in gs:
            ng[s[2]] = ng.get(s[2], 0) + 1
        for s in ps:
            ns[s[2]] = ns.get(s[2], 0) + 1
        for s in gs & ps:
            tp[s[2]] = tp.get(s[2], 0) + 1
    out: dict[str, dict[str, float]] = {}
    for typ in sorted(set(ng) | set(ns)) + ["ALL"]:
        if typ == "ALL":
            t, s, g = sum(tp.values()), sum(ns.values()), sum(ng.values())
        else:
            t, s, g = tp.get(typ, 0), ns.get(typ, 0), ng.get(typ, 0)
        p = t / s if s else 0.0
        r = t / g if g else 0.0
        out[typ] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                    "tp": t, "system": s, "gold": g}
    return out


def read_conll(path: str | Path, keep: Sequence[str] = TYPES) -> list[tuple[list[str], list[str]]]:
    """Sentences of (words, BIO tags) from a ``token TAG`` file; PERS → PER, types not in
    ``keep`` (MISC) → O."""
    sents: list[tuple[list[str], list[str]]] = []
    words: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                if words:
                    sents.append((words, tags))
                words, tags = [], []
                continue
            w, t = parts[0], parts[-1]
            if t != "O":
                pre, typ = t.split("-", 1)
                typ = "PER" if typ == "PERS" else typ
                t = f"{pre}-{typ}" if typ in keep else "O"
            words.append(w)
            tags.append(t)
    if words:
        sents.append((words, tags))
    return sents
