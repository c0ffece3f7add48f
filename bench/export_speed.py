"""Time ``marsad export`` on an existing store, each format in its own process, and print
wall time, CPU time, peak memory (the process's max RSS) and the output size.

    python bench/export_speed.py --db ant.db                  # plover, gdelt, csv, parquet
    python bench/export_speed.py --db ant.db --formats plover gdelt --repeat 3

The store is opened read-only (nothing is written to it); outputs go to a temporary folder
(or ``--keep DIR``). With ``--repeat N`` the figures are the median of N runs. To compare
two versions of the code, run it with each on ``PYTHONPATH`` (``PYTHONPATH=old/src python
bench/export_speed.py ...``): the child processes inherit it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from marsad.export import export
from marsad.store import Store
db, fmt, out = sys.argv[1:4]
t0, c0 = time.perf_counter(), time.process_time()
with Store(db, readonly=True) as st:
    n = export(st, out, fmt)
print(json.dumps({"n": n, "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(db: str, fmt: str, out: Path) -> dict:
    p = subprocess.run([sys.executable, "-c", CHILD, db, fmt, str(out)], capture_output=True, text=True,
                       env=os.environ.copy(), check=False)
    if p.returncode:
        sys.exit(f"export {fmt} failed:\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--formats", nargs="+", default=["plover", "gdelt", "csv", "parquet"])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--keep", help="write the outputs to this folder")
    args = ap.parse_args()
    if not Path(args.db).is_file():
        sys.exit(f"no such store: {args.db}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{'format':8} {'events':>8} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'out MB':>7}")
        for fmt in args.formats:
            out = folder / f"export.{fmt}"
            runs = [run(args.db, fmt, out) for _ in range(args.repeat)]
            med = {k: statistics.median(r[k] for r in runs) for k in ("wall", "cpu", "rss_mb")}
            print(f"{fmt:8} {runs[0]['n']:>8,} {med['wall']:>7.2f} {med['cpu']:>7.2f} {med['rss_mb']:>8.1f}"
                  f" {out.stat().st_size / 2**20:>7.1f}")


if __name__ == "__main__":
    main()
