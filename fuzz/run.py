"""Coverage-guided fuzzing with atheris (libFuzzer) of the targets in fuzz/targets.py.

    python fuzz/run.py TARGET [--seconds 60] [--corpus DIR]   # one target
    python fuzz/run.py all --seconds 30                        # each target in turn
    make fuzz                                                  # all targets + property tests x5 (FUZZ_SCALE)

Targets: jsonl text html feed warc files actors lexicon gazetteer analyze. The seed
corpus is fuzz/targets.py:SEEDS (written to the corpus folder, default
fuzz/corpus/TARGET, ignored by git). A crash (an unhandled exception or a broken
invariant) stops the run with the input saved as crash-* in the current folder: turn it
into a regression test in tests/test_fuzz_regressions.py and fix the cause.
Needs the fuzz extra: pip install -e '.[fuzz]'.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

#: Target names (fuzz/targets.py:TARGETS), listed here so that the modules are first
#: imported after atheris is set up.
TARGETS = ("jsonl", "text", "html", "feed", "warc", "files", "actors", "lexicon", "gazetteer", "analyze")


def fuzz_one(name: str, seconds: int, corpus: Path) -> None:
    import atheris

    from fuzz import targets as T

    # import what the targets import lazily, then instrument every loaded function
    # (Marsad and the parsers it calls: trafilatura, warcio, ...) for coverage
    import marsad.coding.actors  # noqa: F401
    import marsad.coding.lexicon  # noqa: F401
    import marsad.extract.places  # noqa: F401
    import marsad.ingest.web  # noqa: F401
    import trafilatura  # noqa: F401
    import warcio.archiveiterator  # noqa: F401

    if name == "analyze":
        T.pipeline()  # load the resources once, outside the measured inputs
    atheris.instrument_all()
    target = T.TARGETS[name]
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(T.SEEDS[name]):
        (corpus / f"seed-{i}").write_bytes(seed)
    print(f"fuzz {name}: {seconds} s (libFuzzer prints the inputs run as 'Done N runs')", flush=True)
    one = target
    max_len = {"analyze": 4096, "lexicon": 2048, "gazetteer": 4096}.get(name, 16384)
    atheris.Setup([sys.argv[0], f"-max_total_time={seconds}", f"-max_len={max_len}", "-rss_limit_mb=3072",
                   "-timeout=30", "-print_final_stats=1", str(corpus)], one)
    atheris.Fuzz()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("target")
    ap.add_argument("--seconds", type=int, default=int(os.environ.get("FUZZ_SECONDS", "60")))
    ap.add_argument("--corpus", type=Path, default=None)
    args = ap.parse_args()
    if args.target == "all":
        failed = []
        for name in TARGETS:  # one process per target: libFuzzer runs once per process
            r = subprocess.run([sys.executable, __file__, name, "--seconds", str(args.seconds)], cwd=ROOT)
            if r.returncode != 0:
                failed.append(name)
        if failed:
            sys.exit(f"fuzz: crashes in {', '.join(failed)} (see crash-* files)")
        return
    if args.target not in TARGETS:
        sys.exit(f"unknown target {args.target!r}; one of: all {' '.join(TARGETS)}")
    fuzz_one(args.target, args.seconds, args.corpus or ROOT / "fuzz" / "corpus" / args.target)


if __name__ == "__main__":
    main()
