"""``rasd kb coverage``: how much of a list of place names the gazetteer knows, and how well it pins them.

Reads: a file of names — plain lines, or CSV/TSV with a ``name_ar`` (or ``name``) column and optional
``lat``/``lon`` reference coordinates. Writes: a report dict (found / total, within-km / with-reference,
the missing names).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from rasd.kb.resources import Place, Resources


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _read(path: Path) -> list[tuple[str, float | None, float | None]]:
    text = path.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    if "\t" in first or "," in first:
        delimiter = "\t" if "\t" in first else ","
        rows = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        out = []
        for row in rows:
            name = (row.get("name_ar") or row.get("name") or "").strip()
            if not name:
                continue
            try:
                lat = float(row["lat"]) if row.get("lat") else None
                lon = float(row["lon"]) if row.get("lon") else None
            except ValueError:
                lat = lon = None
            out.append((name, lat, lon))
        return out
    return [
        (line.strip(), None, None) for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]


def coverage(resources: Resources, path: Path, *, km: float = 5.0) -> dict[str, Any]:
    names = _read(path)
    found = within = with_reference = 0
    missing: list[str] = []
    for name, lat, lon in names:
        places = [resources.places[e.index] for e, _form in resources.find(name, kind="place")]
        if places:
            found += 1
        else:
            missing.append(name)
        if lat is not None and lon is not None:
            with_reference += 1
            if any(_near(p, lat, lon, km) for p in places):
                within += 1
    total = len(names)
    return {
        "total": total,
        "found": found,
        "found_ratio": found / total if total else 0.0,
        "with_reference": with_reference,
        "within_km": within,
        "within_ratio": within / with_reference if with_reference else 0.0,
        "km": km,
        "missing": missing,
    }


def _near(place: Place, lat: float, lon: float, km: float) -> bool:
    return (
        place.lat is not None and place.lon is not None and haversine_km(place.lat, place.lon, lat, lon) <= km
    )
