"""The gazetteer data file (src/rasd/data/gazetteer/places.tsv, built by tools/gazetteer/build.py)."""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TSV = REPO / "src" / "rasd" / "data" / "gazetteer" / "places.tsv"
SHARED = Path(__file__).resolve().parents[2] / "shared"

COLUMNS = [
    "id", "name_ar", "name_en", "aliases_ar", "aliases_en", "feature",
    "admin1_pcode", "admin1_en", "admin1_ar", "admin2_pcode", "admin2_en", "admin2_ar",
    "admin3_pcode", "admin3_en", "admin3_ar", "lat", "lon", "population", "needs_context", "source", "note",
]  # fmt: skip
FEATURES = set(
    [
        "admin1",
        "admin2",
        "admin3",
        "city",
        "town",
        "village",
        "quarter",
        "camp",
        "site_oilfield",
        "site_gasfield",
        "site_base",
        "site_airport",
        "site_crossing",
        "site_bridge",
        "site_dam",
        "site_prison",
        "site_other",
        "region",
    ]
)
# Syria and its neighbours (Turkey, Iraq, Jordan, Lebanon), generously.
LAT_RANGE, LON_RANGE = (28.0, 43.0), (25.0, 50.0)

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def norm(text: str) -> str:
    text = _DIACRITICS.sub("", text)
    text = re.sub("[أإآٱ]", "ا", text).replace("ى", "ي").replace("ة", "ه")
    return " ".join(text.split())


def keys(text: str) -> set[str]:
    """The normalised name, with and without a leading ال."""
    key = norm(text)
    return {key, key[2:]} if key.startswith("ال") and len(key) > 3 else {key}


@lru_cache(maxsize=1)
def rows() -> list[dict[str, str]]:
    with TSV.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header == COLUMNS
        out = []
        for n, values in enumerate(reader, start=2):
            assert len(values) == len(COLUMNS), f"line {n}: {len(values)} fields"
            out.append(dict(zip(COLUMNS, values, strict=True)))
    return out


@lru_cache(maxsize=1)
def name_index() -> dict[str, list[dict[str, str]]]:
    index: dict[str, list[dict[str, str]]] = {}
    for row in rows():
        names = [row["name_ar"], *[a for a in row["aliases_ar"].split("|") if a]]
        for name in names:
            for key in keys(name):
                index.setdefault(key, []).append(row)
    return index


def lookup(name: str) -> list[dict[str, str]]:
    index = name_index()
    for key in keys(name):
        if key in index:
            return index[key]
    # a conjunction glued to the name in running text ("ودرنج" = "و" + "درنج")
    if name.startswith("و") and len(name) > 3:
        return lookup(name[1:])
    return []


def test_header_ids_names_features() -> None:
    data = rows()
    assert len(data) > 1000
    ids = [r["id"] for r in data]
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert ids == sorted(ids), "rows are not sorted by id"
    for r in data:
        assert r["name_ar"], r["id"]
        assert r["feature"] in FEATURES, (r["id"], r["feature"])
        assert r["needs_context"] in ("", "1"), r["id"]


def test_coordinates_are_sane_and_sourced() -> None:
    for r in rows():
        lat, lon = r["lat"], r["lon"]
        assert bool(lat) == bool(lon), r["id"]
        if not lat:
            continue
        assert LAT_RANGE[0] <= float(lat) <= LAT_RANGE[1], r["id"]
        assert LON_RANGE[0] <= float(lon) <= LON_RANGE[1], r["id"]
        assert r["source"].strip(), f"{r['id']} has coordinates but no source"


def test_admin_units_complete() -> None:
    by_feature: dict[str, int] = {}
    for r in rows():
        by_feature[r["feature"]] = by_feature.get(r["feature"], 0) + 1
    assert by_feature["admin1"] == 14
    assert by_feature["admin2"] == 62
    assert by_feature["admin3"] == 272
    for r in rows():
        if r["admin3_pcode"]:
            assert r["admin3_pcode"].startswith(r["admin2_pcode"]) and r["admin2_pcode"].startswith(
                r["admin1_pcode"]
            )


def _gold_files() -> list[Path]:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not available: {SHARED}")
    files = sorted((SHARED / "eval" / "dev").glob("*.json"))
    seed = SHARED / "seed" / "seed-gold.json"
    if seed.exists():
        files.append(seed)
    if not files:
        pytest.skip("no gold files under shared/eval/dev or shared/seed")
    return files


def test_gold_places_are_in_the_gazetteer() -> None:
    wanted: set[str] = set()
    for path in _gold_files():
        doc = json.loads(path.read_text(encoding="utf-8"))
        wanted |= {p["name_ar"] for p in doc.get("places_mentioned", []) if p.get("name_ar")}
        wanted |= {e["location_ar"] for e in doc.get("events", []) if e.get("location_ar")}
    missing = sorted(name for name in wanted if not lookup(name))
    assert not missing, f"{len(missing)} gold places missing from the gazetteer: {missing}"


def test_seed_villages_resolve() -> None:
    names = ["الميادين", "البوليل", "بقرص", "القورية", "الكشمة"]
    found = {name: lookup(name) for name in names}
    assert all(found.values()), [n for n, hits in found.items() if not hits]
    assert any(
        r["lat"] for hits in found.values() for r in hits if r["feature"] in ("city", "town", "village")
    )
    for name in names:
        assert any(r["admin1_pcode"] == "SY09" for r in found[name]), name


def test_homonyms_are_kept() -> None:
    for name in ("الكشمة", "الصالحية"):
        same = [r for r in rows() if norm(r["name_ar"]) == norm(name)]
        assert len(same) > 1, name
