"""The trained Arabic named-entity tagger (PER, ORG, LOC).

A linear-chain CRF over features of each word and its ±2 neighbours:
normalized form, clitic stems, prefixes and suffixes, shape, word clusters learned from
unlabeled news, a corpus statistic (how often the word takes the article ال) and gazetteer
flags (countries, places, persons and organizations of the actor dictionaries; titles and
organization cue words). The model and its
word lists live in ``marsad/resources/ner/`` (see the README there); they are built by
``scripts/train_ner.py`` (``make model`` or ``marsad train-ner``), which trains with
python-crfsuite and exports the weights (:func:`export_weights`); tagging itself needs only
numpy.

Two stages (a "stacked" tagger, Krishnan & Manning 2006): the first CRF tags every sentence
of a document; a second CRF, with the same features plus document features
(:func:`doc_features`: how the first stage tagged the same word elsewhere in the nearby
sentences), gives the final tags, so a name recognised once in an article helps recognise
it where the sentence alone says little. :meth:`NerModel.tag_many` takes a document's
sentences together for this; :meth:`NerModel.tag` sees one sentence only.

    >>> m = NerModel.load()
    >>> m.tag(["قال", "الرئيس", "الفرنسي", "إيمانويل", "ماكرون", "في", "باريس"])
    ['O', 'O', 'O', 'B-PER', 'I-PER', 'O', 'B-LOC']
"""

from __future__ import annotations

import bisect
import functools
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from marsad.model import Token
from marsad.text.normalize import normalize
from marsad.text.segment import clitic_stems

RESOURCE_DIR = Path(__file__).resolve().parents[1] / "resources" / "ner"
MODEL_FILE = "model.npz"
CLUSTER_FILE = "clusters.tsv"
GAZETTEER_FILE = "gazetteer.tsv"
TYPES = ("PER", "ORG", "LOC")
_CACHE_LIMIT = 200_000  # word types whose features a (training) FeatureExtractor remembers
_SCORE_CACHE_LIMIT = 100_000  # word types whose label scores one NerModel remembers (~28 MB)
_WINDOW = (-2, -1, 1, 2)
_BATCH = 64  # sentences decoded together
_AFFIX = [(k, f"p{k}=", f"s{k}=") for k in (1, 2, 3, 4)]
# An O token becomes an entity token when P(entity) = 1 - P(O) exceeds the threshold of the
# type of its most probable entity label; tuned on the entity-disjoint dev split of ANERcorp
# train (see scripts/train_ner.py --dev). ENTITY_THRESHOLD is the value for a type not listed.
# Per-type values (ORG 0.15, PER 0.2) raised dev F1 by 0.007 on that split but only by
# -0.001..+0.010 on three other splits, not clearly better, so all types share 0.25.
ENTITY_THRESHOLD = 0.25
ENTITY_THRESHOLDS: dict[str, float] = {"ORG": 0.25, "PER": 0.25, "LOC": 0.25}


class ModelError(Exception):
    """The NER model or one of its files is missing or unreadable."""


Clusters = dict[str, tuple[int, ...]]
Gazetteer = dict[str, tuple[str, ...]]


def _shape(w: str) -> str:
    if w.isalpha():  # (a letter is never a digit)
        return "arab" if "\u0600" <= w[0] <= "\u06ff" else "latin"
    if w.isdigit():
        return "digit"
    if any(c.isdigit() for c in w):
        return "hasdigit"
    return "punct:" + w if len(w) == 1 else "other"


class FeatureExtractor:
    """Features of word types (cached, bounded) and of tokens in a sentence."""

    def __init__(self, clusters: Clusters, gazetteer: Gazetteer, cache_limit: int = _CACHE_LIMIT) -> None:
        self.clusters = clusters
        self.gazetteer = gazetteer
        self._cache: dict[str, tuple[list[str], dict[int, list[str]], str]] = {}
        self._limit = cache_limit

    def type_features(self, word: str) -> tuple[list[str], list[str], str]:
        """The features of a word type: its own (``own``), those its neighbours see
        (``ctx``, prefixed with the offset in a sentence) and its normalized form."""
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
            for k, pk, sk in _AFFIX:
                if ln <= k:
                    break
                own.append(pk + n[:k])
                own.append(sk + n[-k:])
            if bare != n:
                for k in (2, 3):
                    if len(bare) > k:
                        own.append(f"bs{k}=" + bare[-k:])
            own.append("len=" + str(min(ln, 8)))
            vowels = bare.count("ا") + bare.count("و") + bare.count("ي")
            own.append("vow=" + str(min(4, round(4 * vowels / len(bare)))))
            if n.startswith("ال"):
                own.append("al")
            cl = self.clusters.get(n)
            if cl is None:
                own.append("unk")
                ctx.append("unk")
            else:
                own += [f"c64={cl[0]}", f"c256={cl[1]}", f"c1k={cl[2]}", f"cdet={cl[3]}"]
                ctx += [f"c256={cl[1]}", f"c1k={cl[2]}", f"cdet={cl[3]}"]
            for s in stems[1:]:
                scl = self.clusters.get(s)
                if scl is not None:
                    own += [f"sc64={scl[0]}", f"sc256={scl[1]}", f"sc1k={scl[2]}", f"scdet={scl[3]}"]
                    ctx += [f"sc256={scl[1]}", f"sc1k={scl[2]}"]
                    break
            else:
                own.append("sunk")
            flags: set[str] = set()
            for s in stems:
                g = self.gazetteer.get(s)
                if g:
                    flags.update(("g" if s == n else "gs") + f for f in g)
            for f in sorted(flags):
                own.append("gz=" + f)
                ctx.append("gz=" + f)
        return own, ctx, n

    def _type(self, word: str) -> tuple[list[str], dict[int, list[str]], str]:
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        own, ctx, n = self.type_features(word)
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


DOC_WINDOW = 25  # sentences on each side whose first-stage tags the second stage reads


@functools.lru_cache(maxsize=100_000)
def _doc_keys(word: str) -> tuple[str, str]:
    """Matching keys of a word for the document features: its normalized form and its
    barest clitic stem (وبالعراق → العراق... → عراق)."""
    n = normalize(word) or word
    if not n[0].isalpha():
        return n, ""
    return n, clitic_stems(n)[-1]


def doc_features(sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]],
                 window: int = DOC_WINDOW, keys: Any = None, own_tag: bool = True) -> list[list[list[str]]]:
    """Document-level features of each token (a "stacked" tagger, Krishnan & Manning 2006):
    how the first-stage tagger labelled the same word elsewhere in the ±``window`` sentences
    around it (the token itself excluded). Per key (the normalized word ``w``, its bare stem
    ``b``): ``dwM=TYPE`` the type it was most often part of, ``dwB=TYPE``/``dwI=TYPE`` it began
    / continued an entity of that type somewhere, ``dwF=hi|lo`` whether most of its other
    occurrences were in an entity; and (``own_tag``) ``s1=TAG``, the token's own first-stage
    tag."""
    key_of = keys or _doc_keys
    sent_keys = [[key_of(w) for w in words] for words in sentences]
    # keys (word, stem) ever inside an entity; only their occurrences matter
    ent_keys: set[tuple[int, str]] = set()
    for ks, tg in zip(sent_keys, tags, strict=True):
        for (n, b), t in zip(ks, tg, strict=True):
            if t != "O":
                ent_keys.add((0, n))
                if b:
                    ent_keys.add((1, b))
    occ: dict[tuple[int, str], list[tuple[int, str]]] = {k: [] for k in ent_keys}  # (sentence, tag)
    if ent_keys:
        for s, (ks, tg) in enumerate(zip(sent_keys, tags)):
            for (n, b), t in zip(ks, tg):
                x = occ.get((0, n))
                if x is not None:
                    x.append((s, t))
                x = occ.get((1, b))
                if x is not None:
                    x.append((s, t))
    # per key that was ever in an entity: sentence numbers and running counts per tag, so
    # the counts within a window are two look-ups
    table: dict[tuple[int, str], tuple[list[int], dict[str, list[int]]]] = {}
    for key in ent_keys:
        lst = occ[key]
        cum: dict[str, list[int]] = {t: [0] * (len(lst) + 1) for t in {t for _, t in lst}}
        for i, (_, t) in enumerate(lst):
            for u, c in cum.items():
                c[i + 1] = c[i] + (u == t)
        table[key] = ([x for x, _ in lst], cum)
    out: list[list[list[str]]] = []
    for s, (ks, tg) in enumerate(zip(sent_keys, tags, strict=True)):
        feats_s: list[list[str]] = []
        for (n, b), own in zip(ks, tg, strict=True):
            f: list[str] = ["s1=" + own] if own_tag else []
            if not table:
                feats_s.append(f)
                continue
            for key, p in (((0, n), "dw"), ((1, b), "db")):
                hit = table.get(key)
                if hit is None:
                    continue
                idx, cum = hit
                lo, hi = bisect.bisect_left(idx, s - window), bisect.bisect_right(idx, s + window)
                by_type: dict[str, int] = {}
                n_o = 0
                for t, c in cum.items():
                    k = c[hi] - c[lo] - (t == own)  # (the token itself excluded)
                    if not k:
                        continue
                    if t == "O":
                        n_o = k
                    else:
                        f.append(f"{p}{t[0]}={t[2:]}")
                        by_type[t[2:]] = by_type.get(t[2:], 0) + k
                if by_type:
                    f.append(f"{p}M=" + max(sorted(by_type), key=by_type.__getitem__))
                    f.append(f"{p}F=" + ("hi" if sum(by_type.values()) >= n_o else "lo"))
            feats_s.append(f)
        out.append(feats_s)
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


def stage2_path(model: Path) -> Path:
    """The second-stage weights file that goes with the first-stage file ``model``."""
    return model.with_name(model.name.removesuffix(".npz") + ".stage2.npz")


def model_digest(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


_FORMAT = 1  # version of the weights file layout


def export_weights(crfsuite_model: str | Path, out: str | Path) -> None:
    """Write the weights of a trained CRFsuite model (needs python-crfsuite, the ``train``
    extra) as the compact numpy file the tagger reads, plus ``<out>.sha256``.

    Arrays: ``labels`` and ``attrs`` (UTF-8, newline-separated), one row per non-zero state
    feature in ``f_attr``/``f_label``/``f_weight`` (attribute index, label index, weight) and
    the label-to-label ``transitions`` matrix."""
    import pycrfsuite

    tg = pycrfsuite.Tagger()
    tg.open(str(crfsuite_model))
    labels = list(tg.labels())
    info = tg.info()
    lab = {x: i for i, x in enumerate(labels)}
    attrs: dict[str, int] = {}
    rows = [(attrs.setdefault(a, len(attrs)), lab[y], w) for (a, y), w in info.state_features.items() if w]
    trans = np.zeros((len(labels), len(labels)))
    for (a, b), w in info.transitions.items():
        trans[lab[a], lab[b]] = w
    blob = lambda xs: np.frombuffer("\n".join(xs).encode("utf-8"), dtype=np.uint8)  # noqa: E731
    out = Path(out)
    with open(out, "wb") as fh:
        np.savez_compressed(
            fh, format=np.array([_FORMAT]), labels=blob(labels), attrs=blob(list(attrs)),
            f_attr=np.array([r[0] for r in rows], dtype=np.int32),
            f_label=np.array([r[1] for r in rows], dtype=np.int8),
            f_weight=np.array([r[2] for r in rows], dtype=np.float64), transitions=trans)
    out.with_name(out.name + ".sha256").write_text(f"{model_digest(out.read_bytes())}  {out.name}\n",
                                                   encoding="utf-8")


class CrfWeights:
    """The CRF's weights arranged for tagging: per attribute a vector of label scores.

    ``own``: attribute of the token itself → row of ``w_own`` (labels);
    ``ctx``: attribute of a neighbour (without its ``-2:``… prefix) → row of ``w_ctx``
    (offsets -2, -1, +1, +2 × labels); ``pad``: scores when a neighbour is outside the
    sentence (offsets × labels); ``bg_prev``/``bg_next``: word-pair (``prev|word``,
    ``word|next``) → row of ``w_bg``; ``transitions``: label × next label."""

    def __init__(self, labels: list[str], attrs: list[str], f_attr: Any, f_label: Any, f_weight: Any,
                 transitions: Any) -> None:
        L = len(labels)
        self.labels = labels
        self.transitions = np.asarray(transitions, dtype=np.float64)
        self.own: dict[str, int] = {}
        self.ctx: dict[str, int] = {}
        self.bg_prev: dict[str, int] = {}
        self.bg_next: dict[str, int] = {}
        offset_slot = {f"{off}:": k for k, off in enumerate(_WINDOW)}
        # where each attribute goes: (kind, row, slot)
        place: list[tuple[int, int, int]] = []
        pad_kind, own_kind, ctx_kind, bg_kind = 0, 1, 2, 3
        n_bg = 0
        for a in attrs:
            head, sep, rest = a.partition(":")
            slot = offset_slot.get(head + sep) if sep else None
            if slot is not None:
                if rest == "pad":
                    place.append((pad_kind, 0, slot))
                else:
                    place.append((ctx_kind, self.ctx.setdefault(rest, len(self.ctx)), slot))
            elif a.startswith(("bg-=", "bg+=")):
                table = self.bg_prev if a[2] == "-" else self.bg_next
                table[a[4:]] = n_bg
                place.append((bg_kind, n_bg, 0))
                n_bg += 1
            else:
                place.append((own_kind, self.own.setdefault(a, len(self.own)), 0))
        self.w_own = np.zeros((len(self.own), L))
        self.w_ctx = np.zeros((len(self.ctx), len(_WINDOW), L))
        self.w_pad = np.zeros((len(_WINDOW), L))
        self.w_bg = np.zeros((n_bg, L))
        kinds = np.array([p[0] for p in place], dtype=np.int8).reshape(-1)
        rows = np.array([p[1] for p in place], dtype=np.int64).reshape(-1)
        slots = np.array([p[2] for p in place], dtype=np.int64).reshape(-1)
        fa, fl, fw = np.asarray(f_attr), np.asarray(f_label), np.asarray(f_weight)
        k, r, s = kinds[fa], rows[fa], slots[fa]
        for kind, target in ((own_kind, None), (ctx_kind, None), (pad_kind, None), (bg_kind, None)):
            m = k == kind
            if kind == own_kind:
                np.add.at(self.w_own, (r[m], fl[m]), fw[m])
            elif kind == ctx_kind:
                np.add.at(self.w_ctx, (r[m], s[m], fl[m]), fw[m])
            elif kind == pad_kind:
                np.add.at(self.w_pad, (s[m], fl[m]), fw[m])
            else:
                np.add.at(self.w_bg, (r[m], fl[m]), fw[m])

    @classmethod
    def read(cls, p: Path) -> CrfWeights:
        """Read an :func:`export_weights` file, checking ``<file>.sha256`` when present."""
        import zipfile

        try:
            data = p.read_bytes()
        except OSError as exc:
            raise ModelError(f"NER model file unreadable: {p} ({exc})") from None
        digest_file = p.with_name(p.name + ".sha256")
        if digest_file.is_file():
            want = digest_file.read_text(encoding="utf-8").split()[:1]
            if want != [model_digest(data)]:
                raise ModelError(f"NER model file corrupt (SHA-256 differs from {digest_file.name}): {p}")
        bad = f"NER model file corrupt (not a Marsad NER weights file): {p}"
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                if int(z["format"][0]) != _FORMAT:
                    raise ModelError(f"NER model file has an unknown format version: {p}")
                labels = bytes(z["labels"]).decode("utf-8").split("\n")
                attrs = bytes(z["attrs"]).decode("utf-8").split("\n")
                f_attr, f_label, f_weight = z["f_attr"], z["f_label"], z["f_weight"]
                trans = z["transitions"]
        except ModelError:
            raise
        except (OSError, ValueError, KeyError, IndexError, EOFError, UnicodeDecodeError,
                zipfile.BadZipFile) as exc:
            raise ModelError(f"{bad} ({type(exc).__name__})") from None
        L = len(labels)
        if ("O" not in labels or trans.shape != (L, L) or not len(f_attr) == len(f_label) == len(f_weight)
                or (len(f_attr) and (f_attr.min() < 0 or f_attr.max() >= len(attrs)
                                     or f_label.min() < 0 or f_label.max() >= L))
                or not np.isfinite(f_weight).all() or not np.isfinite(trans).all()):
            raise ModelError(bad)
        return cls(labels, attrs, f_attr, f_label, f_weight, trans)


def _segment_sums(table: Any, idx: list[int], starts: list[int]) -> Any:
    """Sums of ``table`` rows ``idx[starts[k]:starts[k+1]]`` for each k (empty → zeros)."""
    out = np.zeros((len(starts), *table.shape[1:]))
    if not idx:
        return out
    st = np.array(starts)
    nonempty = st < len(idx)
    nonempty[:-1] &= st[:-1] != st[1:]
    out[nonempty] = np.add.reduceat(table[idx], st[nonempty], axis=0)
    return out


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
    """A loaded tagger; build once and reuse (it keeps a bounded per-word score cache).

    Tagging needs only numpy: every feature belongs to one word type (the word itself, or
    a neighbour at offset -2…+2) except the two word-pair features, so the label scores
    each word type contributes are computed once and cached; a sentence's score matrix is
    then a sum of cached rows plus the few word-pair scores. Viterbi and forward–backward
    run on that lattice exactly as CRFsuite's would."""

    def __init__(self, weights: CrfWeights, features: FeatureExtractor, path: Path,
                 entity_threshold: float | dict[str, float] | None = None, cache_limit: int = _SCORE_CACHE_LIMIT,
                 stage2: CrfWeights | None = None, doc_window: int = DOC_WINDOW) -> None:
        self.weights = weights
        self.features = features
        self.path = path
        if entity_threshold is None:
            entity_threshold = dict(ENTITY_THRESHOLDS)
        self.entity_threshold = entity_threshold
        self.labels = list(weights.labels)
        L = len(self.labels)
        self._o = self.labels.index("O")
        self._entity_idx = np.array([i for i, lab in enumerate(self.labels) if lab != "O"])
        # per entity label: the threshold of its type
        self._entity_thr = np.array([self.threshold(self.labels[i][2:]) for i in self._entity_idx])
        T = weights.transitions
        # forward and backward passes run stacked: [T, Tᵀ]
        self._tmax = np.stack([T, T.T])
        self._texp = np.exp(self._tmax - T.max())
        # per word type: scores as itself (slot 0) and as neighbour at -2, -1, +1, +2
        # (slots 1-4); row 0 is the sentence padding
        self._limit = max(16, cache_limit)
        self._rows: dict[str, int] = {}
        self._norms: list[str] = ["\0pad"]
        self._vecs = np.zeros((1024, 1 + len(_WINDOW), L))
        self._vecs[0, 1:] = weights.w_pad
        self.doc_window = doc_window
        self.stage2: NerModel | None = None
        if stage2 is not None:
            self.stage2 = NerModel(stage2, features, path, entity_threshold, cache_limit)

    def threshold(self, typ: str) -> float:
        """The entity threshold of type ``typ`` (PER, ORG, LOC): ``entity_threshold`` when it
        is a number, else its value for ``typ`` (:data:`ENTITY_THRESHOLD` if not listed)."""
        t = self.entity_threshold
        return float(t.get(typ, ENTITY_THRESHOLD)) if isinstance(t, dict) else float(t)

    @classmethod
    def load(cls, path: str | Path | None = None) -> NerModel:
        """Load the weights file ``path`` (default: the shipped model); the cluster and
        gazetteer files are read from the same folder, and so is the second stage,
        ``<name>.stage2.npz`` (``model.stage2.npz``), when there is one."""
        p = Path(path) if path is not None else RESOURCE_DIR / MODEL_FILE
        if not p.is_file():
            raise ModelError(f"NER model file not found: {p}")
        folder = p.parent
        clusters = load_clusters(folder / CLUSTER_FILE)
        gazetteer = load_gazetteer(folder / GAZETTEER_FILE)
        p2 = stage2_path(p)
        stage2 = CrfWeights.read(p2) if p2.is_file() else None
        return cls(CrfWeights.read(p), FeatureExtractor(clusters, gazetteer), p, stage2=stage2)

    def _add_types(self, words: Sequence[str], shared: dict[str, Any] | None = None) -> None:
        """Compute and cache the label scores of new word types (one batch of numpy work);
        ``shared``: word features computed for the other stage (read and filled)."""
        w = self.weights
        r0 = len(self._norms)
        need = r0 + len(words)
        if need > len(self._vecs):
            size = len(self._vecs)
            while size < need:
                size *= 2
            grown = np.zeros((size, *self._vecs.shape[1:]))
            grown[:r0] = self._vecs[:r0]
            self._vecs = grown
        own_idx: list[int] = []
        own_start: list[int] = []
        ctx_idx: list[int] = []
        ctx_start: list[int] = []
        go, gc = w.own.get, w.ctx.get
        norms = self._norms
        for k, word in enumerate(words):
            if shared is None:
                own, ctx, norm = self.features.type_features(word)
            else:
                hit = shared.get(word)
                if hit is None:
                    hit = shared[word] = self.features.type_features(word)
                own, ctx, norm = hit
            own_start.append(len(own_idx))
            own_idx += [i for i in map(go, own) if i is not None]
            ctx_start.append(len(ctx_idx))
            ctx_idx += [i for i in map(gc, ctx) if i is not None]
            self._rows[word] = r0 + k
            norms.append(norm)
        block = self._vecs[r0:need]
        block[:, 0] = _segment_sums(w.w_own, own_idx, own_start)
        block[:, 1:] = _segment_sums(w.w_ctx, ctx_idx, ctx_start)

    def _rows_of(self, sentences: Sequence[Sequence[str]], shared: dict[str, Any] | None = None) -> list[list[int]]:
        """Cache rows of the words of ``sentences``, computing the new word types."""
        rows = self._rows
        g = rows.get
        out = [[g(wd) for wd in words] for words in sentences]
        if any(None in r for r in out):
            new = list(dict.fromkeys(wd for words, r in zip(sentences, out) for wd, i in zip(words, r)
                                     if i is None))
            if len(self._norms) + len(new) > self._limit:
                # bounded: keep the words seen first (the frequent ones, mostly), drop the rest
                keep = self._limit // 2
                self._rows = rows = {wd: i for wd, i in rows.items() if i < keep}
                del self._norms[keep:]
                new = list(dict.fromkeys(wd for words in sentences for wd in words if wd not in rows))
            self._add_types(new, shared)
            out = [[rows[wd] for wd in words] for words in sentences]
        return out

    def emissions(self, words: Sequence[str]) -> Any:
        """Label scores (tokens × labels) of one sentence, before transitions (of the
        first-stage model)."""
        return self._emissions([words])[0] if words else np.zeros((0, len(self.labels)))

    def _emissions(self, sentences: Sequence[Sequence[str]],
                   extra: Sequence[Sequence[Sequence[str]]] | None = None,
                   shared: dict[str, Any] | None = None) -> tuple[Any, list[int]]:
        """Label scores of the tokens of non-empty ``sentences``, one after the other
        (tokens × labels), and the sentence lengths; ``extra``: more features of each token
        (the document features of a second stage)."""
        r = [0, 0]
        for rs in self._rows_of(sentences, shared):
            r += rs
            r += (0, 0)  # padding row between sentences: scores "outside the sentence"
        A = self._vecs[r]
        E = A[2:-2, 0] + A[:-4, 1] + A[1:-3, 2] + A[3:-1, 3] + A[4:, 4]
        norms = self._norms
        keep = [k for k, x in enumerate(r[2:-2]) if x]
        w = self.weights
        bp, bn, wbg = w.bg_prev, w.bg_next, w.w_bg
        # word pairs; row k of E is the word of r[k + 2] (row 0 of the cache: outside)
        for k in keep:
            word = norms[r[k + 2]]
            x = r[k + 1]
            j = bp.get((norms[x] if x else "<s>") + "|" + word)
            if j is not None:
                E[k] += wbg[j]
            x = r[k + 3]
            j = bn.get(word + "|" + (norms[x] if x else "</s>"))
            if j is not None:
                E[k] += wbg[j]
        E = E[keep]
        if extra is not None:  # per-token features: (token, weight row) pairs, added at once
            go = w.own.get
            tok: list[int] = []
            row: list[int] = []
            k = 0
            for feats in extra:
                for f in feats:
                    for i in map(go, f):
                        if i is not None:
                            tok.append(k)
                            row.append(i)
                    k += 1
            if tok:
                np.add.at(E, tok, w.w_own[row])
        return E, [len(x) for x in sentences]

    def tag(self, words: Sequence[str]) -> list[str]:
        """BIO tags (B-PER, I-ORG, O...) for one sentence of raw token texts."""
        return self.tag_many([words])[0]

    def tag_many(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for the sentences of one document (or a run of text) at once.

        Without a second stage the result is :meth:`tag` on each sentence (faster: the
        sentences are decoded together, by similar length). With one (``stage2``), the
        first-stage tags of the whole list feed the document features
        (:func:`doc_features`) of the second stage, so a name tagged in one sentence helps
        tag it in another: pass a document's sentences together."""
        if self.stage2 is None:
            return self._tag_plain(sentences)
        shared: dict[str, Any] = {}  # features of new word types, computed once for both stages
        tags = self._tag_plain(sentences, shared=shared)
        return self.stage2._tag_plain(sentences, doc_features(sentences, tags, self.doc_window), shared)

    def _tag_plain(self, sentences: Sequence[Sequence[str]],
                   extra: Sequence[Sequence[Sequence[str]]] | None = None,
                   shared: dict[str, Any] | None = None) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: len(sentences[i]))
        labels = self.labels
        for c in range(0, len(order), _BATCH):
            chunk = order[c: c + _BATCH]
            flat = self._decode(*self._emissions([sentences[i] for i in chunk],
                                                 None if extra is None else [extra[i] for i in chunk], shared))
            pos = 0
            for i in chunk:
                n = len(sentences[i])
                out[i] = [labels[k] for k in flat[pos: pos + n]]
                pos += n
        return out

    def _decode(self, Ev: Any, lengths: list[int]) -> list[int]:
        """Label numbers of the tokens of sentences with emission scores ``Ev`` (tokens ×
        labels, one sentence after the other, of ``lengths``): Viterbi, then the recall-oriented fix — a token left O whose
        marginal probability of O is below 1 - the threshold (:meth:`threshold`) of the type
        of its most probable entity label gets that label (the CRF is precise but cautious on unseen names).

        All sentences' forward and backward passes run together, step by step, on stacked
        arrays (a sentence's backward pass reads it reversed; steps past its end are never
        read). The Viterbi path is read off the max-marginals (best score of a path
        through each label), which equals back-tracking whenever the best path is unique."""
        B = len(lengths)
        if B == 1:  # one sentence: plain views
            Lmax = len(Ev)
            EE = np.stack([Ev, Ev[::-1]], axis=1)  # steps × 2 × labels

            def both(X: Any) -> Any:
                return X[:, 0] + X[::-1, 1]

            def both_prod(X: Any) -> Any:
                return X[:, 0] * X[::-1, 1]
        else:
            lens = np.array(lengths)
            N, Lmax = len(Ev), int(lens.max())
            E = np.concatenate([Ev, np.zeros((1, Ev.shape[1]))])  # last row: padding
            ends = np.cumsum(lens)
            starts = ends - lens
            t = np.arange(Lmax)[:, None]
            inside = t < lens[None, :]
            fwd = np.where(inside, starts[None, :] + t, N)
            bwd = np.where(inside, ends[None, :] - 1 - t, N)
            EE = E[np.concatenate([fwd, bwd], axis=1)]  # steps × 2B × labels
            # where each token's forward and backward results are: (step, row)
            sent = np.repeat(np.arange(B), lens)
            pos = np.arange(N) - starts[sent]
            f_at, b_at = (pos, sent), (lens[sent] - 1 - pos, B + sent)

            def both(X: Any) -> Any:
                return X[f_at] + X[b_at]

            def both_prod(X: Any) -> Any:
                return X[f_at] * X[b_at]
        D = np.empty_like(EE)
        S = D[0] = EE[0]
        tm = self._tmax if B == 1 else np.repeat(self._tmax, B, axis=0)
        for k in range(1, Lmax):
            S = D[k] = (S[:, :, None] + tm).max(1) + EE[k]
        best = both(D) - Ev  # max-marginals
        out = best.argmax(1)
        o = self._o
        if self._entity_thr.min(initial=1.0) >= 1.0 or not (out == o).any():
            return out.tolist()
        # marginals, scaled: each emission row ∝ exp(E - row max)
        P = np.exp(EE - EE.max(2, keepdims=True))
        F = np.empty_like(P)
        S = F[0] = P[0]
        te = self._texp if B == 1 else np.repeat(self._texp, B, axis=0)
        for k in range(1, Lmax):
            S = (S[:, None, :] @ te)[:, 0] * P[k]
            if not k & 15:
                S /= S.max(1, keepdims=True)
            F[k] = S
        M = both_prod(F) / np.exp(Ev - Ev.max(1, keepdims=True))
        M /= M.sum(1, keepdims=True)
        best_ent = M[:, self._entity_idx].argmax(1)
        fix = (out == o) & (M[:, o] < 1.0 - self._entity_thr[best_ent])
        if fix.any():
            out = np.where(fix, self._entity_idx[best_ent], out)
        return out.tolist()

    def spans(self, tokens: Sequence[Token]) -> list[tuple[int, int, str]]:
        """Entity token ranges [i, j) with their type (PER, ORG, LOC) in one sentence."""
        return bio_spans(self.tag([t.text for t in tokens]))

    def spans_many(self, sentences: Sequence[Sequence[Token]]) -> list[list[tuple[int, int, str]]]:
        """:meth:`spans` of several sentences (faster than one by one)."""
        return [bio_spans(t) for t in self.tag_many([[t.text for t in s] for s in sentences])]


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
