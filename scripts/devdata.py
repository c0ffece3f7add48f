"""Where the development data is: MARSAD_DATA, else the first ``shared/data`` found in
the checkout's parent folders (``../shared/data`` for a normal checkout)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path:
    env = os.environ.get("MARSAD_DATA")
    if env and Path(env).is_dir():
        return Path(env)
    for p in [ROOT, *ROOT.parents]:
        cand = p / "shared" / "data"
        if cand.is_dir():
            return cand
    sys.exit("development data not found: put it in ../shared/data or set MARSAD_DATA")
