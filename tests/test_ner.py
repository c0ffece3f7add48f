"""The trained NER tagger: loading, tagging, error messages and the CoNLL scorer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from marsad.extract.ner import (
    CLUSTER_FILE,
    GAZETTEER_FILE,
    MODEL_FILE,
    RESOURCE_DIR,
    ModelError,
    NerModel,
    bio_spans,
    doc_features,
    read_conll,
    stage2_path,
    score,
)
from marsad.text.segment import tokenize


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel.load()


def test_model_loads_from_package(model: NerModel) -> None:
    assert model.path == RESOURCE_DIR / MODEL_FILE
    assert model.path.stat().st_size < 5_000_000


def test_tagging_does_not_need_crfsuite() -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['pycrfsuite'] = None\n"
            "from marsad.extract.ner import NerModel\n"
            "print(NerModel.load().tag(['زار', 'ماكرون', 'باريس']))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().startswith("['O', 'B-PER'")


def test_small_cache_gives_same_tags(model: NerModel) -> None:
    sents = [s.split() for s in (
        "قال الرئيس الفرنسي إيمانويل ماكرون في باريس",
        "وزار وزير الخارجية الأمريكي مايك بومبيو بغداد أمس",
        "وأعلنت الأمم المتحدة في جنيف عن مؤتمر جديد للسلام في سوريا",
    )] * 3
    small = NerModel(model.weights, model.features, model.path, cache_limit=16)
    assert [small.tag(w) for w in sents] == [model.tag(w) for w in sents]


def test_tags_person_and_place(model: NerModel) -> None:
    words = "قال الرئيس الفرنسي إيمانويل ماكرون في باريس".split()
    tags = model.tag(words)
    assert len(tags) == len(words)
    spans = bio_spans(tags)
    assert (3, 5, "PER") in spans
    assert (6, 7, "LOC") in spans


def test_spans_on_runtime_tokens(model: NerModel) -> None:
    # tokenize() splits punctuation off and attaches clitics as ANERcorp does
    text = "وقال وزير الخارجية الأمريكي مايك بومبيو، في واشنطن، إن الولايات المتحدة لن تنسحب."
    toks = tokenize(text)
    found = {(" ".join(t.text for t in toks[i:j]), typ) for i, j, typ in model.spans(toks)}
    assert ("مايك بومبيو", "PER") in found
    assert ("واشنطن", "LOC") in found
    assert all(typ in {"PER", "ORG", "LOC"} for _, typ in found)


def test_empty_sentence(model: NerModel) -> None:
    assert model.tag([]) == []
    assert model.spans([]) == []


def _copy_model(tmp_path: Path) -> Path:
    for name in (MODEL_FILE, MODEL_FILE + ".sha256", CLUSTER_FILE, GAZETTEER_FILE):
        shutil.copy(RESOURCE_DIR / name, tmp_path / name)
    return tmp_path / MODEL_FILE


def test_missing_model_file(tmp_path: Path) -> None:
    missing = tmp_path / "nothing.npz"
    with pytest.raises(ModelError, match="not found") as exc:
        NerModel.load(missing)
    assert str(missing) in str(exc.value)
    assert "\n" not in str(exc.value)


def test_corrupt_model_file(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    (tmp_path / (MODEL_FILE + ".sha256")).unlink()  # without a checksum the format checks catch it
    path.write_bytes(b"this is not a CRF model at all")
    with pytest.raises(ModelError, match="corrupt") as exc:
        NerModel.load(path)
    assert str(path) in str(exc.value)
    assert "\n" not in str(exc.value)


def test_truncated_model_file(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    (tmp_path / (MODEL_FILE + ".sha256")).unlink()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ModelError, match="corrupt") as exc:
        NerModel.load(path)
    assert str(path) in str(exc.value)


def test_weights_file_with_wrong_arrays(tmp_path: Path) -> None:
    import numpy as np

    path = _copy_model(tmp_path)
    (tmp_path / (MODEL_FILE + ".sha256")).unlink()
    with np.load(path) as z:
        arrays = dict(z)
    arrays["f_label"] = arrays["f_label"] + 50  # label numbers out of range
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    with pytest.raises(ModelError, match="corrupt"):
        NerModel.load(path)
    del arrays["transitions"]
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    with pytest.raises(ModelError, match="corrupt"):
        NerModel.load(path)


def test_missing_or_corrupt_cluster_file(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    (tmp_path / CLUSTER_FILE).write_text("word\tx\ty\n", encoding="utf-8")
    with pytest.raises(ModelError, match="corrupt") as exc:
        NerModel.load(path)
    assert CLUSTER_FILE in str(exc.value)
    (tmp_path / CLUSTER_FILE).unlink()
    with pytest.raises(ModelError, match="not found"):
        NerModel.load(path)


def test_bio_spans() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG", "O", "B-ORG"]
    assert bio_spans(tags) == [(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG"), (7, 8, "ORG")]


def test_scorer_on_hand_example() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    res = score(gold, pred)
    # gold: PER(0,2) LOC(3,4) ORG(0,2); predicted: PER(0,2) ORG(3,4) ORG(0,1): one exact match
    assert res["PER"]["precision"] == 1.0 and res["PER"]["recall"] == 1.0
    assert res["LOC"]["recall"] == 0.0 and res["LOC"]["system"] == 0
    assert res["ORG"]["tp"] == 0 and res["ORG"]["system"] == 2 and res["ORG"]["gold"] == 1
    assert res["ALL"]["precision"] == pytest.approx(1 / 3)
    assert res["ALL"]["recall"] == pytest.approx(1 / 3)
    assert res["ALL"]["f1"] == pytest.approx(1 / 3)


def test_read_conll_maps_misc_and_pers(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("زار B-PERS\nكأس B-MISC\nالعالم I-MISC\n\nفي O\nلندن B-LOC\n", encoding="utf-8")
    assert read_conll(f) == [(["زار", "كأس", "العالم"], ["B-PER", "O", "O"]), (["في", "لندن"], ["O", "B-LOC"])]


def test_anercorp_sample_accuracy(model: NerModel, shared_data: Path) -> None:
    sents = read_conll(shared_data / "ner" / "anercorp" / "test.txt")[:200]
    res = score([t for _, t in sents], [model.tag(w) for w, _ in sents])
    assert res["ALL"]["f1"] > 0.6


def test_model_with_flipped_byte_fails_checksum(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256") as exc:
        NerModel.load(path)
    assert str(path) in str(exc.value)


def test_numpy_decoder_matches_crfsuite(tmp_path: Path, shared_data: Path) -> None:
    """A small CRF trained here: the numpy tagger reproduces CRFsuite's Viterbi tags and,
    with the recall-oriented fix, CRFsuite's marginals."""
    pycrfsuite = pytest.importorskip("pycrfsuite")
    from marsad.extract.ner import CrfWeights, export_weights

    base = NerModel.load()
    fx = base.features
    sents = read_conll(shared_data / "ner" / "anercorp" / "train.txt")[:400]
    tr = pycrfsuite.Trainer(verbose=False)
    for words, tags in sents[:300]:
        tr.append(fx.sentence(words), tags)
    tr.set_params({"c1": 0.05, "c2": 0.1, "max_iterations": 30, "feature.possible_transitions": True})
    crf = tmp_path / "small.crfsuite"
    tr.train(str(crf))
    npz = tmp_path / "small.npz"
    export_weights(crf, npz)
    tg = pycrfsuite.Tagger()
    tg.open(str(crf))
    test = [w for w, _ in sents[300:]]
    viterbi = NerModel(CrfWeights.read(npz), fx, npz, entity_threshold=1.0)
    for words in test:
        assert viterbi.tag(words) == list(tg.tag(fx.sentence(words)))
    recall = NerModel(CrfWeights.read(npz), fx, npz, entity_threshold=0.4)
    labels = [lab for lab in tg.labels() if lab != "O"]
    changed = 0
    for words in test:
        tg.set(fx.sentence(words))
        want = list(tg.tag())
        for i, t in enumerate(want):
            if t == "O" and tg.marginal("O", i) < 0.6:
                want[i] = max(labels, key=lambda lab: tg.marginal(lab, i))
                changed += 1
        assert recall.tag(words) == want
    assert changed > 0  # the marginal criterion was exercised
    # per-type thresholds: a type's threshold applies to tokens whose best entity label is of
    # that type (here only PER is recovered)
    per_only = NerModel(CrfWeights.read(npz), fx, npz, entity_threshold={"PER": 0.4, "ORG": 1.0, "LOC": 1.0})
    assert per_only.threshold("PER") == 0.4 and per_only.threshold("ORG") == 1.0
    changed = 0
    for words in test:
        tg.set(fx.sentence(words))
        want = list(tg.tag())
        for i, t in enumerate(want):
            best = max(labels, key=lambda lab: tg.marginal(lab, i))
            if t == "O" and best.endswith("PER") and tg.marginal("O", i) < 0.6:
                want[i] = best
                changed += 1
        assert per_only.tag(words) == want
    assert changed > 0


def test_tag_many_equals_tag_one_by_one(model: NerModel, shared_data: Path) -> None:
    sents = [w for w, _ in read_conll(shared_data / "ner" / "anercorp" / "test.txt")[:150]]
    sents.insert(3, [])
    # first stage alone: batch decoding gives the same tags as one sentence at a time
    first = NerModel(model.weights, model.features, model.path)
    assert first.tag_many(sents) == [first.tag(w) for w in sents]
    # with the second stage, each sentence's document features come from the whole list;
    # batched decoding still equals decoding one by one with the same features
    fresh = NerModel.load()
    assert fresh.stage2 is not None and model.stage2 is not None
    tags = fresh.tag_many(sents)
    docf = doc_features(sents, first.tag_many(sents), fresh.doc_window)
    assert tags == [model.stage2._tag_plain([w], [f])[0] for w, f in zip(sents, docf)]
    assert model.tag(sents[0]) == model.tag_many([sents[0]])[0]
    toks = [tokenize(" ".join(w)) for w in sents[:20]]
    texts = [[t.text for t in s] for s in toks]
    assert model.spans_many(toks) == [bio_spans(t) for t in model.tag_many(texts)]
    assert [model.spans(t) for t in toks] == [bio_spans(model.tag(t)) for t in texts]


def test_doc_features_read_other_sentences() -> None:
    sents = [["قال", "الرئيس", "إيمانويل", "ماكرون"], ["وقال", "ماكرون", "إن"], ["في", "باريس"]]
    tags = [["O", "O", "B-PER", "I-PER"], ["O", "O", "O"], ["O", "B-LOC"]]
    f = doc_features(sents, tags, window=5)
    # ماكرون in sentence 2, left O by the first stage, was inside a person name in sentence 1
    assert {"s1=O", "dwI=PER", "dwM=PER", "dwF=hi"} <= set(f[1][1])
    # وقال ~ قال (same bare stem) were never in an entity: only the token's own first-stage
    # tag; a token does not see itself
    assert f[1][0] == ["s1=O"] and f[2][1] == ["s1=B-LOC"]
    # ماكرون of sentence 1 sees only an O elsewhere: no document feature
    assert f[0][3] == ["s1=I-PER"]
    # outside the window the other sentences are not read
    assert doc_features(sents, tags, window=0)[1][1] == ["s1=O"]
    assert doc_features(sents, tags, window=0, own_tag=False)[1][1] == []


def test_corrupt_second_stage_file(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    assert NerModel.load(path).stage2 is None  # no second-stage file: first stage only
    p2 = stage2_path(path)
    p2.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="corrupt") as exc:
        NerModel.load(path)
    assert str(p2) in str(exc.value)
