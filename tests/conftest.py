"""Shared fixtures. Development data lives in ``../shared/data`` beside the checkout (or
wherever MARSAD_DATA points); tests that need it skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def find_shared_data() -> Path | None:
    env = os.environ.get("MARSAD_DATA")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for p in [ROOT, *ROOT.parents]:
        cand = p / "shared" / "data"
        if cand.is_dir():
            return cand
    return None


SHARED = find_shared_data()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if SHARED is None:
        pytest.skip("development data ../shared/data not available (set MARSAD_DATA)")
    return SHARED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (ROOT / "examples" / "seed_article.txt").read_text(encoding="utf-8")
