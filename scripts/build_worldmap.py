#!/usr/bin/env python3
"""Build the dashboard's offline world base map: src/marsad/web/static/world.geojson.

Source: Natural Earth 1:110m admin-0 countries (public domain, naturalearthdata.com) as
shipped in the ``geopandas`` 0.14 wheel (``geopandas/datasets/naturalearth_lowres``), read
with ``pyshp``. The outlines are simplified (Douglas-Peucker, 0.15°) and rounded to 0.01°,
which keeps the file small (~100 KB) while the countries stay recognisable.

Usage (needs network access to PyPI only, through pip):
    .venv/bin/pip install pyshp
    .venv/bin/python scripts/build_worldmap.py            # fetches the wheel with pip download
    .venv/bin/python scripts/build_worldmap.py --wheel geopandas-0.14.4-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "marsad" / "web" / "static" / "world.geojson"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"


def _perp(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (iterative)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0.0, -1
        for k in range(i + 1, j):
            d = _perp(points[k], points[i], points[j])
            if d > best:
                best, idx = d, k
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep) if k]


def build(wheel: Path, tol: float = 0.15) -> dict:
    import shapefile  # pyshp

    with zipfile.ZipFile(wheel) as z:
        shp = io.BytesIO(z.read(MEMBER + ".shp"))
        dbf = io.BytesIO(z.read(MEMBER + ".dbf"))
        shx = io.BytesIO(z.read(MEMBER + ".shx"))
    reader = shapefile.Reader(shp=shp, dbf=dbf, shx=shx, encoding="latin-1")
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for sr in reader.iterShapeRecords():
        rec = dict(zip(fields, sr.record))
        shape = sr.shape
        parts = list(shape.parts) + [len(shape.points)]
        rings = []
        for a, b in zip(parts, parts[1:]):
            ring = simplify([(float(x), float(y)) for x, y in shape.points[a:b]], tol)
            ring = [(round(x, 2), round(y, 2)) for x, y in ring]
            dedup = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
            if len(dedup) >= 4:
                rings.append([list(p) for p in dedup])
        if not rings:
            continue
        features.append({"type": "Feature",
                         "properties": {"iso": rec.get("iso_a3"), "name": rec.get("name")},
                         "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in rings]}})
    return {"type": "FeatureCollection",
            "attribution": "Made with Natural Earth (public domain), 1:110m admin-0 countries, simplified",
            "features": features}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", type=Path, help="geopandas 0.14.x wheel (default: pip download it)")
    ap.add_argument("--tolerance", type=float, default=0.15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "geopandas==0.14.4",
                            "-d", tmp], check=True)
            wheel = next(Path(tmp).glob("geopandas-*.whl"))
        data = build(wheel, args.tolerance)
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(data['features'])} countries, {OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
