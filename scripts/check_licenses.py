"""The licenses of Marsad's runtime dependencies, as installed (extras excluded).

    python scripts/check_licenses.py          # table of every runtime dependency
    python scripts/check_licenses.py --check  # exit 1 if one is GPL/LGPL/AGPL only

Walks the requirements of the installed ``marsad`` distribution, then theirs, reading each
package's metadata (License-Expression, License, license classifiers). A package offered
under a choice that includes a permissive or file-level license (tld: "MPL-1.1 OR
GPL-2.0-only OR LGPL-2.1-or-later") passes; the choice made is written in NOTICE.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import sys

from packaging.requirements import Requirement

COPYLEFT = re.compile(r"\b(A?GPL|LGPL|GNU (Affero |Lesser )?General Public)", re.I)


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def license_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    expr = meta.get("License-Expression")
    if expr:
        return expr.strip()
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    text = (meta.get("License") or "").strip().splitlines()
    first = text[0][:80] if text else ""
    return " | ".join(x for x in (first, " OR ".join(classifiers)) if x)


def copyleft_only(lic: str) -> bool:
    """True when every alternative of the license is GPL-family (no permissive choice)."""
    alternatives = re.split(r"\s+OR\s+|\s*\|\s*|;\s*", lic)
    alternatives = [a for a in alternatives if a.strip()]
    return bool(alternatives) and all(COPYLEFT.search(a) for a in alternatives)


def runtime_tree(root: str = "marsad") -> dict[str, tuple[str, str, str]]:
    """name -> (version, license, required by), the dependencies of ``root`` without extras."""
    out: dict[str, tuple[str, str, str]] = {}

    def walk(name: str, parent: str, extras: tuple[str, ...]) -> None:
        key = _key(name)
        if key in out:
            return
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            out[key] = ("-", "NOT INSTALLED", parent)
            return
        out[key] = (dist.version, license_of(dist), parent)
        for r in dist.requires or []:
            req = Requirement(r)
            if req.marker and not any(req.marker.evaluate({"extra": e}) for e in (*extras, "")):
                continue
            walk(req.name, key, tuple(req.extras))

    for r in md.distribution(root).requires or []:
        req = Requirement(r)
        if req.marker and not req.marker.evaluate({"extra": ""}):
            continue
        walk(req.name, root, tuple(req.extras))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 on a GPL/LGPL-only runtime dependency")
    args = ap.parse_args()
    tree = runtime_tree()
    bad = []
    for name, (version, lic, parent) in sorted(tree.items()):
        flag = ""
        if lic == "NOT INSTALLED":
            flag = "  <- not installed"
        elif copyleft_only(lic):
            flag = "  <- GPL-family only"
            bad.append(name)
        elif COPYLEFT.search(lic):
            flag = "  <- GPL-family among alternatives: see NOTICE"
        print(f"{name:22s} {version:18s} <- {parent:16s} {lic}{flag}")
    print(f"{len(tree)} runtime dependencies, {len(bad)} GPL-family only{': ' + ', '.join(bad) if bad else ''}")
    if args.check and bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
