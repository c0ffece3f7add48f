"""``marsad run`` on the ANT corpus with 1 and 2 local Dask worker processes: articles/s for
each, the speed-up, and the peak memory (RSS) of each worker process.

    python bench/dask_scaling.py                  # the whole corpus (31,501 articles)
    python bench/dask_scaling.py --limit 4000     # the first 4,000 articles
    python bench/dask_scaling.py --workers 1,2,4 --partition-size 250

Method: the corpus (or its first --limit lines) is decompressed once to a temporary JSONL
file (so that partitions are read from byte offsets, not decompressed from the start of the
gzip stream). For each worker count a LocalCluster (processes, one thread each) is started;
a warm-up run on a few articles makes every worker import Marsad and build its pipeline;
then the timed ``marsad.distributed.run`` writes the full Parquet dataset. The rate is
articles / wall time of that run (reading, analysis, MinHash, search form, Parquet writing;
cluster start-up and pipeline building excluded), and articles per CPU-second of the
worker tasks (contention-independent: what one free core does). Peak memory is each worker process's
``ru_maxrss`` as reported in the partition manifests. The in-process rate of
``Pipeline.analyze`` alone (no Dask, no writing) is printed for comparison.

Targets (issue 8): speed-up >= 1.7 with 2 workers on a 2-core machine; < 1 GB per worker.
The figures depend on what else runs on the machine: the load average is printed.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))


def _subset(src: Path, dst: Path, limit: int | None) -> int:
    n = 0
    with gzip.open(src, "rb") as fh, open(dst, "wb") as out:
        for line in itertools.islice(fh, limit):
            out.write(line)
            n += 1
    return n


def _sequential_rate(data: Path, n: int) -> float:
    from marsad.ingest import read_path
    from marsad.pipeline import Pipeline

    p = Pipeline()
    arts = [r.article for r in itertools.islice(read_path(data), n) if r.article is not None]
    t0 = time.perf_counter()
    for a in arts:
        p.analyze(a)
    return len(arts) / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", type=Path, help="JSONL(.gz) corpus (default: shared ANT 2018)")
    ap.add_argument("--limit", type=int, default=None, help="first N articles (default: all)")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (default: 1,2)")
    ap.add_argument("--partition-size", type=int, default=None,
                    help="articles per partition (default: about 16 partitions per worker, 50..1000)")
    ap.add_argument("--keep", type=Path, help="keep the dataset of the last run here")
    args = ap.parse_args()

    from distributed import Client, LocalCluster

    from marsad import distributed as dist

    if args.input is None:
        from devdata import shared_data

        args.input = shared_data() / "news" / "ant_2018.jsonl.gz"
    counts = [int(x) for x in args.workers.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="marsad-dask-bench-"))
    try:
        data = tmp / "corpus.jsonl"
        n = _subset(args.input, data, args.limit)
        warm = tmp / "warm.jsonl"
        with open(data, "rb") as fh, open(warm, "wb") as out:
            out.writelines(itertools.islice(fh, 4 * max(counts)))
        print(f"{n:,} articles from {args.input.name}; {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f} at start")
        seq = _sequential_rate(data, min(n, 300))
        print(f"Pipeline.analyze in-process, no Dask, no writing: {seq:,.1f} articles/s (first {min(n, 300)})")
        rates: dict[int, float] = {}
        cpu: dict[int, float] = {}
        for w in counts:
            size = args.partition_size or max(50, min(1000, n // (16 * max(counts)) or 1))
            out = tmp / f"ds{w}"
            t0 = time.perf_counter()
            with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                    Client(cluster) as client:
                started = time.perf_counter() - t0
                dist.run([warm], tmp / f"warm{w}", client=client, partition_size=1)
                c0 = time.process_time()
                st = dist.run([data], out, client=client, partition_size=size)
                driver = time.process_time() - c0
            if st.failed or st.articles == 0:
                sys.exit(f"run failed: {st.messages[:3]}")
            rates[w] = st.articles / st.seconds
            mem = ", ".join(f"{v:,.0f} MB" for v in sorted(st.workers.values(), reverse=True))
            cpu[w] = st.articles / st.cpu_seconds
            print(f"{w} worker(s): {st.articles:,} articles in {st.seconds:,.1f} s = {rates[w]:,.1f} articles/s "
                  f"({rates[w] / w:,.1f} per worker); {cpu[w]:,.1f} articles per worker CPU-second; "
                  f"{st.partitions} partitions of {size}; "
                  f"cluster start {started:.1f} s; driver+scheduler CPU {driver:.1f} s; peak RSS per worker: {mem}; "
                  f"load average {os.getloadavg()[0]:.1f}")
            if args.keep and w == counts[-1]:
                shutil.rmtree(args.keep, ignore_errors=True)
                shutil.copytree(out, args.keep)
            shutil.rmtree(out, ignore_errors=True)
        base = counts[0]
        for w in counts[1:]:
            print(f"speed-up {w} vs {base} worker(s): {rates[w] / rates[base]:.2f}x wall-clock; "
                  f"CPU cost per article with {w} vs {base}: {cpu[base] / cpu[w]:.2f}x "
                  f"(1.00 = the workers do not slow each other; the wall-clock speed-up needs idle cores)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
