"""Build the web map's offline base layer: simplified Syrian admin 1 and 2 boundaries as GeoJSON.

Reads ../shared/data/gazetteer/ocha-cod-ab-2020/shapes/syr_admin{1,2}.{shp,dbf} (OCHA COD-AB 2020, CC BY-IGO).
Writes src/rasd/data/geo/syria-admin.geojson: rings simplified (Douglas-Peucker, 0.01°, ≈ 1 km) and rounded
to 4 decimals, properties pcode, level, name_en, name_ar. Then run ``python tools/catalogue.py --update``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from build import read_dbf_column, read_shp_polygons

Ring = list[tuple[float, float]]


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker, iterative (rings have thousands of points); a closed ring is split at its far point."""
    if len(points) < 4:
        return points
    if points[0] == points[-1]:
        x0, y0 = points[0]
        far = max(range(len(points)), key=lambda i: (points[i][0] - x0) ** 2 + (points[i][1] - y0) ** 2)
        if 0 < far < len(points) - 1:
            return _simplify(points[: far + 1], tolerance) + _simplify(points[far:], tolerance)[1:]
    return _simplify(points, tolerance)


def _simplify(points: Ring, tolerance: float) -> Ring:
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, index = 0.0, -1
        for i in range(first + 1, last):
            x, y = points[i]
            distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def features(shapes: Path, level: int, tolerance: float) -> list[dict[str, object]]:
    stem = shapes / f"syr_admin{level}"
    pcodes = read_dbf_column(stem.with_suffix(".dbf"), f"adm{level}_pcode")
    names_en = read_dbf_column(stem.with_suffix(".dbf"), f"adm{level}_name")
    names_ar = read_dbf_column(stem.with_suffix(".dbf"), f"adm{level}_name1")
    out = []
    for pcode, en, ar, rings in zip(
        pcodes, names_en, names_ar, read_shp_polygons(stem.with_suffix(".shp")), strict=True
    ):
        polygons = []
        for ring in rings:
            small = simplify(ring, tolerance)
            if len(small) >= 4:
                polygons.append([[[round(x, 4), round(y, 4)] for x, y in small]])
        if polygons:
            out.append({
                "type": "Feature",
                "properties": {"pcode": pcode, "level": level, "name_en": en, "name_ar": ar},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            })  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    repo = Path(__file__).resolve().parents[2]
    parser.add_argument("--shared", type=Path, default=repo.parent / "shared")
    parser.add_argument("--tolerance", type=float, default=0.01)
    args = parser.parse_args(argv)
    shapes = args.shared / "data" / "gazetteer" / "ocha-cod-ab-2020" / "shapes"
    collection = {
        "type": "FeatureCollection",
        "features": features(shapes, 1, args.tolerance) + features(shapes, 2, args.tolerance),
    }
    out = repo / "src" / "rasd" / "data" / "geo" / "syria-admin.geojson"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {len(collection['features'])} boundaries, {out.stat().st_size // 1024} KB, to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
