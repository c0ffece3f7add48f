"""No GPL-family-only runtime dependency (scripts/check_licenses.py; choices made in NOTICE)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import check_licenses as C  # noqa: E402


@pytest.mark.parametrize("lic, only", [
    ("GPL-2.0-only", True),
    ("GNU General Public License v3 (GPLv3)", True),
    ("LGPL-2.1 | GNU Lesser General Public License v2 (LGPLv2)", True),
    ("GPL-3.0-or-later AND MIT", True),  # both apply
    ("MPL-1.1 OR GPL-2.0-only OR LGPL-2.1-or-later", False),  # tld: used under MPL-1.1
    ("MIT", False),
    ("BSD | BSD License", False),
    ("MPL-2.0 AND (Apache-2.0 OR MIT)", False),
])
def test_copyleft_only(lic: str, only: bool) -> None:
    assert C.copyleft_only(lic) is only


def test_installed_runtime_dependencies_have_a_permissive_choice() -> None:
    tree = C.runtime_tree()
    assert {"trafilatura", "warcio", "fastapi"} <= set(tree)  # the walk found the tree
    assert "hypothesis" not in tree and "dask" not in tree  # extras are not runtime
    bad = {name: lic for name, (_, lic, _) in tree.items() if C.copyleft_only(lic)}
    assert not bad, f"GPL-family-only runtime dependencies: {bad}"
    if "tld" in tree:  # a choice of licenses; NOTICE says which one Marsad takes
        assert "MPL-1.1" in tree["tld"][1]
        assert "tld" in (Path(__file__).resolve().parents[1] / "NOTICE").read_text(encoding="utf-8")
