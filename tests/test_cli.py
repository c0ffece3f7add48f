import gzip
import json

from click.testing import CliRunner

from marsad.cli import main


def run(args, input=None):
    return CliRunner().invoke(main, args, input=input)


def test_analyze_text_file_json(tmp_path, seed_text):
    p = tmp_path / "a.txt"
    p.write_text(seed_text, encoding="utf-8")
    r = run(["analyze", str(p), "--published", "2020-02-11"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["published"] == "2020-02-11"
    assert len(d["sentences"]) == 17
    assert d["tokens"] and all(d["text"][t["start"]:t["end"]] == t["text"] for t in d["tokens"])


def test_analyze_stdin_table(seed_text):
    r = run(["analyze", "-", "--published", "2020-02-11", "--format", "table"], input=seed_text.encode())
    assert r.exit_code == 0
    assert "Sentences" in r.stdout and "17 sentences" in r.stdout


def test_analyze_jsonl_gz_with_bad_lines(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "قال الوزير إن الاجتماع انتهى.", "published": "2018-03-01"}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "b", "title": "لا نص"}),
        json.dumps({"id": "c", "text": "وصل الوفد إلى بغداد."}, ensure_ascii=False),
    ]
    p = tmp_path / "in.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    r = run(["analyze", str(p), "--format", "jsonl", "--no-tokens"])
    assert r.exit_code == 1
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "c"]
    assert "tokens" not in out[0]
    assert "in.jsonl.gz:2: not JSON" in r.stderr
    assert "in.jsonl.gz:3: no 'text' field" in r.stderr
    assert "Traceback" not in r.output


def test_bad_inputs_give_messages_not_tracebacks(tmp_path):
    cases = {
        "empty.txt": b"",
        "blank.txt": b"   \n\t \n",
        "english.txt": b"The quick brown fox jumps over the lazy dog.",
        "latin1.txt": "قال".encode("utf-8") + b"\xff\xfe bad",
        "binary.bin": bytes(range(256)) * 10,
    }
    for name, data in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        r = run(["analyze", str(p)])
        assert "Traceback" not in r.output, name
        assert r.exception is None or isinstance(r.exception, SystemExit), name
        assert r.stderr.strip(), f"{name}: expected a message on stderr"
    r = run(["analyze", str(tmp_path / "binary.bin")])
    assert r.exit_code == 1 and "binary" in r.stderr
    r = run(["analyze", str(tmp_path / "latin1.txt")])
    assert "not valid UTF-8" in r.stderr and r.exit_code == 0
    r = run(["analyze", str(tmp_path / "english.txt")])
    assert "no Arabic text" in r.stderr
    r = run(["analyze", str(tmp_path / "missing.txt")])
    assert r.exit_code == 1 and "no such file" in r.stderr


def test_bad_published_date_warns(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("قال الوزير.", encoding="utf-8")
    r = run(["analyze", str(p), "--published", "yesterday"])
    assert r.exit_code == 0
    assert "not an ISO date" in r.stderr
    assert json.loads(r.stdout)["published"] is None


def test_large_input_truncated_with_warning(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(("قال الوزير إن الوضع مستقر. " * 40) * 1000, encoding="utf-8")  # ~1 MB
    r = run(["analyze", str(p), "--format", "jsonl", "--no-tokens"])
    assert r.exit_code == 0
    assert "truncated" in r.stderr
    assert len(json.loads(r.stdout)["text"]) <= 200_000


def test_python_api_mirrors_cli():
    import marsad

    a = marsad.analyze("قال الوزير. وغادر الوفد", published="2020-02-11")
    assert a.published == "2020-02-11"
    assert [a.text[s.start:s.end] for s in a.sentences] == ["قال الوزير.", "وغادر الوفد"]


def test_event_gate_option_keeps_what_the_default_drops(tmp_path):
    # a cultural "تظاهرة" (a festival) is vetoed by the gate: dropped by default, kept with
    # --event-gate score (with confidence 0), in analyze and in ingest alike
    text = "وتشارك لبنان في خمسة عروض مسرحية ضمن تظاهرة المسرح اللبناني في المهرجان."
    protests = {}
    for mode in ("auto", "score"):
        r = run(["analyze", "-", "--published", "2018-06-01", "--no-tokens", "--event-gate", mode],
                input=text.encode())
        assert r.exit_code == 0, r.output
        protests[mode] = [e for e in json.loads(r.stdout)["events"] if e["plover"] == "PROTEST"]
    assert not protests["auto"]
    assert protests["score"] and all(e["confidence"] == 0.0 for e in protests["score"])
    r = run(["analyze", "-", "--event-gate", "sometimes"], input=text.encode())
    assert r.exit_code == 2 and "sometimes" in r.output

    src = tmp_path / "a.txt"
    src.write_text(text, encoding="utf-8")
    counts = {}
    for mode in ("auto", "score"):
        db = tmp_path / f"{mode}.db"
        r = run(["ingest", str(src), "--db", str(db), "--workers", "1", "--quiet", "--no-dedupe",
                 "--event-gate", mode])
        assert r.exit_code == 0, r.output
        r = run(["events", "--db", str(db), "--type", "PROTEST", "--format", "csv"])
        assert r.exit_code == 0, r.output
        counts[mode] = len([line for line in r.stdout.splitlines()[1:] if line.strip()])
    assert counts["auto"] == 0 and counts["score"] >= 1
