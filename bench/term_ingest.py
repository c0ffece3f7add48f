"""Stopping under load: ``marsad ingest`` (a real subprocess, 2 workers) gets SIGTERM (or
SIGINT) once some batches are committed, optionally while busy loops load every core.
Prints, per run, how long it took to exit, its exit status and its last stderr line, and
whether everything committed before the signal is still there and a second run completes.

A run that has not exited 30 s after the signal gets SIGUSR1 (which makes the ingest dump the
stack of all its threads to stderr with faulthandler, see the wrapper below), then SIGKILL.

    python bench/term_ingest.py --runs 10 --burn 2       # 10 SIGTERMs with both cores busy
    python bench/term_ingest.py --runs 5 --signal INT
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("العراق سوريا لبنان الحكومة البرلمان الوزير الرئيس القوات الجيش الشرطة المعارضة الانتخابات "
         "الاتفاق المفاوضات العقوبات الاحتجاجات بغداد دمشق بيروت أعلن قال أكد طالب دعا رفض هاجم").split()
WRAPPER = ("import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
           "from marsad.cli import main; sys.argv[0] = 'marsad'; main()")


def write_corpus(path: Path, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(rnd.choice(WORDS) for _ in range(40)) + "."
            fh.write(json.dumps({"id": f"t-{i:05d}", "text": text, "title": f"خبر {i}",
                                 "published": f"2018-0{1 + i % 9}-1{i % 10}"}, ensure_ascii=False) + "\n")


def committed(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def one_run(tmp: Path, n: int, sig: int, after: int) -> dict:
    src, db = tmp / "c.jsonl", tmp / f"k{time.monotonic_ns()}.db"
    if not src.exists():
        write_corpus(src, n)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-c", WRAPPER, "ingest", str(src), "--db", str(db), "--workers", "2",
           "--batch-size", "10", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    seen = 0
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        seen = committed(db)
        if seen >= after:
            break
        time.sleep(0.01)
    t0 = time.monotonic()
    proc.send_signal(sig)
    hung = False
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        hung = True
        proc.send_signal(signal.SIGUSR1)
        time.sleep(2)
        proc.kill()
        proc.wait()
    took = time.monotonic() - t0
    err = proc.stderr.read().decode(errors="replace")
    after_kill = committed(db)
    r = subprocess.run(cmd[:3] + cmd[3:], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    final = committed(db)
    return {"seconds": round(took, 2), "rc": proc.returncode, "hung": hung, "seen": seen,
            "after_signal": after_kill, "lost": after_kill < seen, "resume_rc": r.returncode,
            "complete": final == n, "last": err.strip().splitlines()[-1][:160] if err.strip() else "",
            "stderr": err if hung or proc.returncode not in (130, 0) else ""}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--burn", type=int, default=0, help="busy-loop processes while the runs go on")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--after", type=int, default=20, help="signal once this many articles are committed")
    ap.add_argument("--signal", default="TERM", choices=["TERM", "INT"])
    args = ap.parse_args()
    sig = getattr(signal, f"SIG{args.signal}")
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.burn)]
    bad = 0
    times = []
    try:
        with tempfile.TemporaryDirectory() as d:
            for i in range(args.runs):
                res = one_run(Path(d), args.articles, sig, args.after)
                times.append(res["seconds"])
                ok = (not res["hung"] and res["rc"] in (130, 0) and not res["lost"] and res["resume_rc"] == 0
                      and res["complete"])
                bad += not ok
                print(f"run {i + 1}: {'ok ' if ok else 'BAD'} exit {res['rc']} after {res['seconds']} s; "
                      f"{res['seen']} committed before, {res['after_signal']} after; resume exit "
                      f"{res['resume_rc']}, complete {res['complete']}; last: {res['last']}", flush=True)
                if res["stderr"]:
                    print(res["stderr"][-6000:], flush=True)
    finally:
        for b in burners:
            b.kill()
            b.wait()
    print(f"{args.runs - bad}/{args.runs} runs ok; seconds from signal to exit: max {max(times):.2f}, "
          f"mean {sum(times) / len(times):.2f} (burners: {args.burn})")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
