"""Checks on the hand-curated actor registry and event lexicons (data only, no rasd code involved).

Fast and offline. The gold-coverage tests read ``shared/eval`` beside the repository and skip when it is absent.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "rasd" / "data"
ACTORS_DIR = DATA / "actors"
EVENTS_DIR = DATA / "lexicons" / "events"
SHARED = Path(__file__).resolve().parents[2] / "shared"

ACLED_TYPES: dict[str, set[str]] = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
SUB_TYPES = {s for subs in ACLED_TYPES.values() for s in subs}
INTER = {
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
}
DATE_RE = re.compile(r"^(\d{4})(-\d{2}(-\d{2})?)?$")

HEADERS = {
    ACTORS_DIR / "actors.tsv": [
        "id",
        "canonical",
        "name_ar",
        "aliases_ar",
        "aliases_en",
        "inter",
        "parent",
        "affiliation",
        "country",
        "valid_from",
        "valid_to",
        "generic",
        "note",
    ],
    ACTORS_DIR / "people.tsv": [
        "id",
        "name_ar",
        "aliases_ar",
        "name_en",
        "actor_id",
        "role",
        "valid_from",
        "valid_to",
        "note",
    ],
    ACTORS_DIR / "garrisons.tsv": ["place_id", "actor_ids", "held_from", "held_to", "source", "note"],
    EVENTS_DIR / "triggers.tsv": ["cue", "event_type", "sub_event_type", "pattern_kind", "weight", "note"],
    EVENTS_DIR / "weapons.tsv": ["cue", "weapon_class", "implies_sub_event_type", "note"],
    EVENTS_DIR / "casualties.tsv": ["cue", "kind", "note"],
    EVENTS_DIR / "reporting.tsv": ["cue", "claim_type", "note"],
    EVENTS_DIR / "modality.tsv": ["cue", "kind", "note"],
    EVENTS_DIR / "outlets.tsv": ["name_ar", "name_en", "domain", "note"],
    EVENTS_DIR / "roles.tsv": ["list", "word", "note"],
    DATA / "text" / "relative_dates.tsv": ["cue", "offset_days", "precision", "kind", "note"],
    DATA / "text" / "weekdays.tsv": ["name", "weekday", "note"],
}


def read_tsv(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text, f"{path.name}: use LF line endings"
    lines = text.split("\n")
    assert lines[-1] == "", f"{path.name}: must end with a newline"
    header = lines[0].split("\t")
    assert header == HEADERS[path], f"{path.name}: header {header}"
    rows = []
    for n, line in enumerate(lines[1:-1], start=2):
        cells = line.split("\t")
        assert len(cells) == len(header), (
            f"{path.name}:{n}: {len(cells)} cells, expected {len(header)}: {line!r}"
        )
        assert all(c == c.strip() for c in cells), f"{path.name}:{n}: stray whitespace"
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


# ------------------------------------------------------------------ Arabic normalization used by the checks
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_PUNCT = re.compile(r"[\"'“”«»‘’„()\[\]«»،,.:؛;!؟?\-–—/]")


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    s = _DIACRITICS.sub("", s)
    s = _PUNCT.sub(" ", s)
    s = s.translate(str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"}))
    return " ".join(s.split())


def variants(s: str) -> set[str]:
    """Forms equal up to one clitic و/ب/ل/ف and a leading ال on the first word."""
    out = {norm(s)}
    for v in list(out):
        if len(v) > 3 and v[0] in "وبلف":
            out.add(v[1:])
            if v.startswith("لل"):
                out.add("ا" + v[1:])
    for v in list(out):
        if v.startswith("ال") and len(v) > 4:
            out.add(v[2:])
        else:
            out.add("ال" + v)
    return out


def names_of(row: dict[str, str]) -> list[str]:
    return [row["name_ar"], *[a for a in row["aliases_ar"].split("|") if a]]


# ------------------------------------------------------------------ actors.tsv
@pytest.fixture(scope="module")
def actors() -> list[dict[str, str]]:
    return read_tsv(ACTORS_DIR / "actors.tsv")


@pytest.fixture(scope="module")
def people() -> list[dict[str, str]]:
    return read_tsv(ACTORS_DIR / "people.tsv")


def test_actor_rows_are_well_formed(actors: list[dict[str, str]]) -> None:
    assert len(actors) >= 150
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids)), "duplicate ids"
    canon = [a["canonical"] for a in actors]
    assert len(canon) == len(set(canon)), "duplicate canonical names"
    idset = set(ids)
    for a in actors:
        where = a["id"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a["id"]), where
        assert a["canonical"], where
        assert a["name_ar"] and re.search(r"[\u0600-\u06ff]", a["name_ar"]), where
        assert a["inter"] in INTER, (where, a["inter"])
        assert a["parent"] == "" or a["parent"] in idset, (where, a["parent"])
        assert a["parent"] != a["id"], where
        assert a["country"] == "" or re.fullmatch(r"[A-Z]{2}", a["country"]), where
        assert a["generic"] in {"0", "1"}, where
        for key in ("valid_from", "valid_to"):
            assert a[key] == "" or DATE_RE.match(a[key]), (where, key, a[key])
        if a["valid_from"] and a["valid_to"]:
            assert a["valid_from"] <= a["valid_to"], where
        aliases = [x for x in a["aliases_ar"].split("|") if x]
        assert all(x.strip() == x and x for x in aliases), where
        assert len({norm(x) for x in aliases}) == len(aliases), f"{where}: repeated alias"
        for x in aliases:
            assert re.search(r"[\u0600-\u06ff]", x), (where, x)


def test_required_actors_present(actors: list[dict[str, str]]) -> None:
    canon = {a["canonical"] for a in actors}
    for name in [
        "Military Forces of Syria (2000-2024)",
        "Military Forces of Syria (2024-)",
        "Tribal Army (Deir ez-Zor)",
        "Arab Tribal Militia (Syria)",
        "Military Forces of the United States (2021-)",
        "Islamic Resistance in Iraq",
        "Unidentified Armed Group (Syria)",
        "Unidentified Armed Group (Iraq)",
        "Unidentified Military Forces",
        "Civilians (Syria)",
        "Civilians (Iraq)",
        "Protesters (Syria)",
        "Rioters (Syria)",
        "Islamic State (Syria)",
        "Islamic State (Iraq)",
        "Hezbollah",
        "Military Forces of Russia (2000-)",
        "Military Forces of Israel (2022-)",
        "Military Forces of Turkey (2016-)",
    ]:
        assert name in canon, name
    generic = {a["canonical"] for a in actors if a["generic"] == "1"}
    assert {
        "Unidentified Armed Group (Syria)",
        "Civilians (Syria)",
        "Unidentified Military Forces",
    } <= generic
    by = {a["canonical"]: a for a in actors}
    assert by["Military Forces of Syria (2000-2024)"]["valid_to"] == "2024-12-08"
    assert by["Military Forces of Syria (2024-)"]["valid_from"] == "2024-12-08"
    assert by["Tribal Army (Deir ez-Zor)"]["valid_from"].startswith("2023-09")


def _overlap(a: dict[str, str], b: dict[str, str]) -> bool:
    lo_a, hi_a = a["valid_from"] or "0000", a["valid_to"] or "9999"
    lo_b, hi_b = b["valid_from"] or "0000", b["valid_to"] or "9999"
    return lo_a < hi_b and lo_b < hi_a


def test_arabic_names_unambiguous_within_a_period(actors: list[dict[str, str]]) -> None:
    """One Arabic name points to one actor at any date (rows of successive periods may share names)."""
    seen: dict[str, list[dict[str, str]]] = {}
    clashes = []
    for a in actors:
        for name in {norm(n) for n in names_of(a)}:
            for other in seen.get(name, []):
                if _overlap(a, other):
                    clashes.append((name, other["id"], a["id"]))
            seen.setdefault(name, []).append(a)
    assert not clashes, "\n".join(map(str, clashes))


def test_people_link_to_actors(actors: list[dict[str, str]], people: list[dict[str, str]]) -> None:
    ids = {a["id"] for a in actors}
    pids = [p["id"] for p in people]
    assert len(pids) == len(set(pids))
    assert len(people) >= 10
    for p in people:
        assert p["actor_id"] in ids, (p["id"], p["actor_id"])
        assert p["name_ar"] and p["name_en"] and p["role"], p["id"]
        for key in ("valid_from", "valid_to"):
            assert p[key] == "" or DATE_RE.match(p[key]), (p["id"], key)
    names = {norm(n) for p in people for n in [p["name_ar"], *p["aliases_ar"].split("|")] if n}
    for must in [
        "إبراهيم الهفل",
        "مظلوم عبدي",
        "هاشم السطام",
        "أحمد الشرع",
        "أبو محمد الجولاني",
        "بشار الأسد",
    ]:
        assert norm(must) in names, must


# ------------------------------------------------------------------ gold coverage
def _gold_files() -> list[Path]:
    files = sorted((SHARED / "eval" / "dev").glob("*.json"))
    seed = SHARED / "seed" / "seed-gold.json"
    if seed.exists():
        files.append(seed)
    return files


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    files = _gold_files()
    if not files:
        pytest.skip(f"gold files not found under {SHARED} (shared/ absent)")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def test_gold_canonicals_exist(actors: list[dict[str, str]], gold: list[dict]) -> None:
    canon = {a["canonical"] for a in actors}
    used = set()
    for doc in gold:
        for ev in doc.get("events", []):
            used.update(x for x in (ev.get("actor1"), ev.get("actor2")) if x)
        used.update(m["canonical"] for m in doc.get("actors_mentioned", []))
    missing = sorted(used - canon)
    print("gold canonicals missing from actors.tsv:", missing)
    assert not missing


def test_gold_mentions_found_among_names(actors: list[dict[str, str]], gold: list[dict]) -> None:
    by = {a["canonical"]: a for a in actors}
    missing = []
    total = 0
    for doc in gold:
        for m in doc.get("actors_mentioned", []):
            total += 1
            row = by.get(m["canonical"])
            if row is None:
                missing.append((doc["id"], m["text"], m["canonical"], "no row"))
                continue
            have = set().union(*(variants(n) for n in names_of(row)))
            if not variants(m["text"]) & have:
                missing.append((doc["id"], m["text"], m["canonical"]))
    print(f"gold mentions: {total}, not found: {len(missing)}")
    for item in missing:
        print("  missing:", item)
    assert not missing


# ------------------------------------------------------------------ event lexicons
@pytest.fixture(scope="module")
def triggers() -> list[dict[str, str]]:
    return read_tsv(EVENTS_DIR / "triggers.tsv")


def test_triggers_cover_every_acled_sub_event_type(triggers: list[dict[str, str]]) -> None:
    assert len(triggers) >= 300
    counts: dict[str, int] = {s: 0 for s in SUB_TYPES}
    seen = set()
    for t in triggers:
        assert t["event_type"] in ACLED_TYPES, t
        assert t["sub_event_type"] in ACLED_TYPES[t["event_type"]], t
        assert t["pattern_kind"] in {"word", "phrase", "exact", "verb_object"}, t
        assert t["weight"] in {"1", "2", "3"}, t
        assert t["cue"] and re.search(r"[\u0600-\u06ff]", t["cue"]), t
        if t["pattern_kind"] in ("word", "exact"):
            assert " " not in t["cue"], t
        elif t["pattern_kind"] == "verb_object":
            assert t["cue"].count(" ") == 1, t  # the verb and its object; the subject may stand between
        else:
            assert " " in t["cue"], t
        key = (norm(t["cue"]), t["sub_event_type"])
        assert key not in seen, f"duplicate trigger {key}"
        seen.add(key)
        counts[t["sub_event_type"]] += 1
    thin = {s: n for s, n in counts.items() if n < 3}
    assert not thin, f"sub-event types with fewer than 3 cues: {thin}"
    assert len(SUB_TYPES) == 25


def test_weapons() -> None:
    rows = read_tsv(EVENTS_DIR / "weapons.tsv")
    classes = {
        "artillery",
        "mortar",
        "rocket",
        "missile",
        "drone",
        "aircraft",
        "helicopter",
        "IED",
        "landmine",
        "car bomb",
        "suicide",
        "grenade",
        "small arms",
        "sniper",
        "chemical",
        "air defence",
        "tank",
        "anti-tank",
        "incendiary",
        "explosive",
        "unexploded ordnance",
        "cold weapon",
        "less lethal",
    }
    assert len(rows) >= 60
    for r in rows:
        assert r["weapon_class"] in classes, r
        assert r["implies_sub_event_type"] == "" or r["implies_sub_event_type"] in SUB_TYPES, r
    got = {r["weapon_class"] for r in rows}
    assert {
        "artillery",
        "mortar",
        "rocket",
        "missile",
        "drone",
        "aircraft",
        "IED",
        "landmine",
        "car bomb",
        "grenade",
        "small arms",
        "sniper",
        "chemical",
    } <= got
    assert len({norm(r["cue"]) for r in rows}) == len(rows), "duplicate weapon cue"


@pytest.mark.parametrize(
    ("name", "field", "allowed", "minimum"),
    [
        ("casualties.tsv", "kind", {"killed", "injured", "missing", "captured"}, 40),
        (
            "reporting.tsv",
            "claim_type",
            {"denial", "accusation", "attribution", "threat", "statement", "source"},
            50,
        ),
        (
            "modality.tsv",
            "kind",
            {"negation", "future", "modal", "hypothetical", "historical", "roundup"},
            40,
        ),
    ],
)
def test_closed_class_lexicons(name: str, field: str, allowed: set[str], minimum: int) -> None:
    rows = read_tsv(EVENTS_DIR / name)
    assert len(rows) >= minimum
    keys = set()
    for r in rows:
        assert r[field] in allowed, r
        assert r["cue"], r
        key = (norm(r["cue"]), r[field])
        assert key not in keys, f"{name}: duplicate {key}"
        keys.add(key)
    assert {r[field] for r in rows} == allowed, f"{name}: every class needs cues"


def test_relative_dates_live_in_the_text_layer() -> None:
    """Relative dates are the text layer's (data/text/relative_dates.tsv + weekdays.tsv), not an events lexicon."""
    text_dir = EVENTS_DIR.parents[1] / "text"
    rows = read_tsv(text_dir / "relative_dates.tsv")
    cues = {norm(r["cue"]): r for r in rows}
    assert len(cues) == len(rows)
    for r in rows:
        assert r["precision"] in {"1", "2", "3"}, r
        assert re.fullmatch(r"-?\d+", r["offset_days"]), r
    assert cues[norm("اليوم")]["offset_days"] == "0"
    assert cues[norm("أمس")]["offset_days"] == "-1"
    assert cues[norm("أول أمس")]["offset_days"] == "-2"
    assert cues[norm("الأسبوع الماضي")]["precision"] == "2"
    assert cues[norm("الشهر الماضي")]["precision"] == "3"
    weekdays = read_tsv(text_dir / "weekdays.tsv")
    assert sorted({int(r["weekday"]) for r in weekdays}) == list(range(7))


def test_outlets(actors: list[dict[str, str]]) -> None:
    rows = read_tsv(EVENTS_DIR / "outlets.tsv")
    assert len(rows) >= 30
    names = [norm(r["name_ar"]) for r in rows]
    assert len(names) == len(set(names))
    actor_names = {norm(n) for a in actors for n in names_of(a)}
    clash = sorted(set(names) & actor_names)
    assert not clash, f"outlet names that are also actor names: {clash}"
    for must in ["الميادين", "فرات بوست", "سانا", "المرصد السوري لحقوق الإنسان", "عنب بلدي"]:
        assert norm(must) in names, must


@pytest.mark.parametrize("folder", [ACTORS_DIR, EVENTS_DIR])
def test_catalogue_entries(folder: Path) -> None:
    entries = json.loads((DATA / "catalogue.json").read_text(encoding="utf-8"))["files"]
    tsvs = {str(p.relative_to(DATA)) for p in folder.glob("*.tsv")}
    assert tsvs <= set(entries)
    for key in tsvs:
        assert {"version", "licence", "source", "builder", "description", "sha256"} <= set(entries[key]), key
    assert (folder / "SOURCES.md").is_file()


def test_role_word_lists_are_the_ones_the_stages_use() -> None:
    rows = read_tsv(EVENTS_DIR / "roles.tsv")
    pairs = [(r["list"], r["word"]) for r in rows]
    assert len(pairs) == len(set(pairs)), "a word listed twice in one list"
    assert all(r["word"].strip() == r["word"] and r["word"] for r in rows)
    in_file = {name for name, _word in pairs}
    src = DATA.parent
    used = set()
    for path in (src / "stages").glob("*.py"):
        used.update(re.findall(r'word_(?:list|tuple)\("([a-z_.]+)"\)', path.read_text(encoding="utf-8")))
    assert used == in_file, f"unused lists {sorted(in_file - used)}, missing lists {sorted(used - in_file)}"
    for name in in_file:  # each list says what it is for, on its first row or in the code beside it
        assert name.split(".")[0] in ("events", "claims")


def test_garrisons_link_bases_to_dated_actor_rows(actors: list[dict[str, str]]) -> None:
    rows = read_tsv(ACTORS_DIR / "garrisons.tsv")
    with (DATA / "gazetteer" / "places.tsv").open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        places = {
            row[0]: dict(zip(header, row, strict=False))
            for row in (line.rstrip("\n").split("\t") for line in fh)
        }
    by_id = {a["id"]: a for a in actors}
    assert len(rows) >= 8
    for row in rows:
        assert row["place_id"] in places, row
        assert places[row["place_id"]]["feature"].startswith("site_"), row  # bases, fields, airports
        ids = row["actor_ids"].split("|")
        assert ids and all(i in by_id for i in ids), row
        assert len({by_id[i]["canonical"].split(" (")[0] for i in ids}) == 1, row  # one force, its periods
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["held_from"]), row
        assert row["held_to"] == "" or row["held_from"] < row["held_to"], row
        assert row["source"], row
