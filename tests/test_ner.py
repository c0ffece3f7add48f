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
    read_conll,
    score,
)
from marsad.text.segment import tokenize


@pytest.fixture(scope="module")
def model() -> NerModel:
    return NerModel.load()


def test_model_loads_from_package(model: NerModel) -> None:
    assert model.path == RESOURCE_DIR / MODEL_FILE
    assert model.path.stat().st_size < 5_000_000


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
    missing = tmp_path / "nothing.crfsuite"
    with pytest.raises(ModelError, match="not found") as exc:
        NerModel.load(missing)
    assert str(missing) in str(exc.value)
    assert "\n" not in str(exc.value)


def test_corrupt_model_file(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    path.write_bytes(b"this is not a CRF model at all")
    with pytest.raises(ModelError, match="corrupt") as exc:
        NerModel.load(path)
    assert str(path) in str(exc.value)


def test_truncated_model_file(tmp_path: Path) -> None:
    path = _copy_model(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[:200])
    with pytest.raises(ModelError) as exc:
        NerModel.load(path)
    assert str(path) in str(exc.value)


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
