"""Word clusters and corpus statistics for the NER tagger, learned from unlabeled news.

Reads the ANT news articles (``news/ant_2018.jsonl.gz`` under the shared data), normalizes
and tokenizes them like :func:`marsad.text.segment.tokenize`, and computes for the most
frequent words:

- cluster ids at three granularities (64, 256, 1024), from k-means over a truncated SVD of the
  positive PMI matrix of word × (left word, right word) co-occurrences;
- a "takes the article" bucket: how often ``ال`` + word occurs compared with the word itself
  (proper nouns rarely take the article; common nouns often do).

Intermediate files are cached in ``--cache`` (default /tmp/marsad-ner), outside the repo.
Used by ``scripts/train_ner.py``; run alone with ``python scripts/ner_clusters.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from devdata import shared_data  # noqa: E402

from marsad.text.normalize import normalize  # noqa: E402
from marsad.text.segment import _TOKEN_RE  # noqa: E402

GRANULARITIES = (64, 256, 1024)


def log(msg: str) -> None:
    print(f"[clusters {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def corpus_ids(news: Path, cache: Path, vocab_size: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The vocabulary (most frequent first), its counts and the corpus as an id array
    (-1 = rare word, -2 = sentence/paragraph break or non-word)."""
    f = cache / "corpus.npz"
    if f.exists():
        d = np.load(f, allow_pickle=False)
        return [str(w) for w in d["vocab"]], d["counts"], d["ids"]
    log(f"reading {news}")
    docs: list[list[str]] = []
    counts: Counter[str] = Counter()
    with gzip.open(news, "rt", encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            text = "\n".join(str(a.get(k) or "") for k in ("title", "abstract", "text"))
            toks = [m.group() for m in _TOKEN_RE.finditer(normalize(text))]
            toks = [t if t[0].isalpha() else "<s>" for t in toks]
            counts.update(toks)
            docs.append(toks)
    counts.pop("<s>", None)
    vocab = [w for w, _ in counts.most_common(vocab_size)]
    index = {w: i for i, w in enumerate(vocab)}
    ids = np.fromiter((index.get(t, -1 if t != "<s>" else -2) for doc in docs for t in doc + ["<s>"]),
                      dtype=np.int32)
    cnt = np.array([counts[w] for w in vocab], dtype=np.int64)
    log(f"{len(ids):,} tokens, {len(counts):,} types")
    np.savez(f, vocab=np.array(vocab), counts=cnt, ids=ids)
    return vocab, cnt, ids


def ppmi_svd(ids: np.ndarray, n_vocab: int, n_ctx: int, dim: int, seed: int) -> np.ndarray:
    from scipy import sparse

    rows, cols = [], []
    for off, base in ((-1, 0), (1, n_ctx), (-2, 2 * n_ctx), (2, 3 * n_ctx)):
        a = ids[max(0, -off): len(ids) - max(0, off)]
        b = ids[max(0, off): len(ids) - max(0, -off)]
        ok = (a >= 0) & (a < n_vocab) & (b >= 0) & (b < n_ctx)
        rows.append(a[ok])
        cols.append(b[ok] + base)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    m = sparse.coo_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(n_vocab, 4 * n_ctx)).tocsr()
    m.sum_duplicates()
    total = m.sum()
    rs = np.asarray(m.sum(axis=1)).ravel()
    cs = np.asarray(m.sum(axis=0)).ravel() ** 0.75  # context distribution smoothing
    cs = cs / cs.sum() * total
    coo = m.tocoo()
    pmi = np.log(coo.data * total / (rs[coo.row] * cs[coo.col] + 1e-9))
    keep = pmi > 0
    p = sparse.csr_matrix((pmi[keep].astype(np.float32), (coo.row[keep], coo.col[keep])), shape=m.shape)
    log(f"PPMI {p.shape} nnz={p.nnz:,}")
    # randomized SVD (Halko et al.)
    rng = np.random.default_rng(seed)
    omega = rng.standard_normal((p.shape[1], dim + 20)).astype(np.float32)
    y = p @ omega
    for _ in range(3):
        q, _r = np.linalg.qr(y)
        y = p @ (p.T @ q)
    q, _r = np.linalg.qr(y)
    b = (p.T @ q).T
    ub, s, _vt = np.linalg.svd(b, full_matrices=False)
    u = (q @ ub)[:, :dim]
    vec = u * np.sqrt(s[:dim])
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    return vec.astype(np.float32)


def kmeans(x: np.ndarray, k: int, seed: int, iters: int = 25) -> np.ndarray:
    rng = np.random.default_rng(seed)
    cent = x[rng.choice(len(x), k, replace=False)].copy()
    sq = (x * x).sum(1)
    lab = np.zeros(len(x), dtype=np.int32)
    for _ in range(iters):
        d = sq[:, None] - 2 * x @ cent.T + (cent * cent).sum(1)[None, :]
        new = d.argmin(1).astype(np.int32)
        if (new == lab).all():
            break
        lab = new
        for j in range(k):
            sel = x[lab == j]
            cent[j] = sel.mean(0) if len(sel) else x[rng.integers(len(x))]
    return lab


def build(cache: Path, n_words: int = 50_000, n_ctx: int = 5_000, dim: int = 100, seed: int = 13) -> dict[str, tuple[int, ...]]:
    """word → (c64, c256, c1024, det_bucket) for the ``n_words`` most frequent words."""
    cache.mkdir(parents=True, exist_ok=True)
    out = cache / f"clusters_{n_words}_{n_ctx}_{dim}_{seed}.tsv"
    if out.exists():
        res = {}
        for line in out.read_text(encoding="utf-8").splitlines():
            w, *v = line.split("\t")
            res[w] = tuple(int(x) for x in v)
        return res
    news = shared_data() / "news" / "ant_2018.jsonl.gz"
    vocab, counts, ids = corpus_ids(news, cache, n_words)
    vec = ppmi_svd(ids, len(vocab), n_ctx, dim, seed)
    labels = []
    for k in GRANULARITIES:
        log(f"k-means k={k}")
        labels.append(kmeans(vec, k, seed))
    freq = dict(zip(vocab, counts.tolist()))
    res = {}
    for i, w in enumerate(vocab):
        det = 0
        if not w.startswith("ال"):
            n = freq.get(w, 0)
            a = freq.get("ال" + w, 0)
            ratio = a / (a + n) if a + n else 0.0
            det = 1 if ratio < 0.05 else 2 if ratio < 0.3 else 3
        res[w] = (int(labels[0][i]), int(labels[1][i]), int(labels[2][i]), det)
    out.write_text("".join(f"{w}\t" + "\t".join(map(str, v)) + "\n" for w, v in res.items()), encoding="utf-8")
    log(f"wrote {out}")
    return res


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/marsad-ner", type=Path)
    args = ap.parse_args()
    build(args.cache)
