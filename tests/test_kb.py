"""The knowledge base in memory: loading, lookups with clitics, scanning, the `rasd kb` commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasd.cli import cli
from rasd.errors import DataError
from rasd.kb.catalogue import data_dir
from rasd.kb.resources import Resources, load_resources
from rasd.text.normalize import normalize
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def kb() -> Resources:
    return load_resources()


def _gold_files() -> list[dict]:  # type: ignore[type-arg]
    files = sorted(shared_path("eval", "dev").glob("*.json"))
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def test_kb_loads_once_and_is_shared(kb: Resources) -> None:
    assert load_resources() is kb
    stats = kb.stats()
    assert stats["places"] > 1000 and stats["actors"] >= 150 and stats["people"] > 20
    assert stats["places_by_feature"]["admin3"] == 272


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("والبوليل", "place", "البوليل"),
        ("بقرص", "place", "بقرص"),
        ("والقورية", "place", "القورية"),
        ("الكشمة", "place", "الكشمة"),
        ("بالميادين", "place", "الميادين"),
        ("دير الزور", "place", "دير الزور"),
        ("مطار القامشلي", "place", "مطار القامشلي"),
    ],
)
def test_kb_find_places_with_clitics(kb: Resources, name: str, kind: str, expected: str) -> None:
    names = {kb.record(e).name_ar for e, _ in kb.find(name, kind=kind)}  # type: ignore[union-attr]
    assert expected in names


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("قسد", "Syrian Democratic Forces"),
        ("لقسد", "Syrian Democratic Forces"),
        ("جيش العشائر", "Tribal Army (Deir ez-Zor)"),
        ("الحرس الثوري الإيراني", "Islamic Revolutionary Guard Corps"),
        ("ميليشيا الباقر", "Al-Baqir Brigade"),
        ("داعش", "Islamic State (Syria)"),
    ],
)
def test_kb_find_actors(kb: Resources, name: str, canonical: str) -> None:
    canonicals = {kb.record(e).canonical for e, _ in kb.find(name, kind="actor")}  # type: ignore[union-attr]
    assert canonical in canonicals


def test_kb_homonyms_stay_separate(kb: Resources) -> None:
    kashma = [kb.record(e) for e, _ in kb.find("الكشمة", kind="place")]
    assert len(kashma) >= 2


def test_kb_every_gold_place_and_actor_resolves(kb: Resources) -> None:
    missing_places, missing_actors = [], []
    for gold in _gold_files():
        for place in gold.get("places_mentioned", []):
            if not kb.find(place["name_ar"], kind="place"):
                missing_places.append(place["name_ar"])
        for actor in gold.get("actors_mentioned", []):
            canonicals = {kb.record(e).canonical for e, _ in kb.find(actor["text"], kind="actor")}  # type: ignore[union-attr]
            if actor["canonical"] not in canonicals:
                missing_actors.append((actor["text"], actor["canonical"]))
    assert not missing_places, f"gold places not found: {sorted(set(missing_places))}"
    assert not missing_actors, f"gold actors not resolved: {sorted(set(missing_actors))}"


def test_kb_scan_is_clitic_aware(kb: Resources) -> None:
    text = "قصفت قسد والبوليل وبقرص، وقال بشرية إن الخسائر بشرية."
    norm = normalize(text)
    found = {(text[slice(*norm.span_to_original(h.start, h.end))], h.prefix) for h in kb.scan(norm.text)}
    assert ("البوليل", "و") in found and ("بقرص", "و") in found and ("قسد", "") in found
    assert not any(name == "بشري" for name, _ in found)  # ة is no enclitic ه


def test_kb_modified_file_fails_at_load(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    with (copy / "actors" / "actors.tsv").open("a", encoding="utf-8") as fh:
        fh.write("x\n")
    with pytest.raises(DataError) as info:
        load_resources(copy)
    assert "actors.tsv" in str(info.value)


def test_cli_kb_find_and_stats() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["kb", "find", "والبوليل", "--format", "json"])
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert records[0]["name_ar"] == "البوليل" and records[0]["admin1"] == "Deir-ez-Zor"
    assert runner.invoke(cli, ["kb", "find", "مكان غير موجود إطلاقا"]).exit_code == 1
    stats = json.loads(runner.invoke(cli, ["kb", "stats", "--format", "json"]).stdout)
    assert stats["actors"] >= 150
    assert runner.invoke(cli, ["kb", "verify"]).exit_code == 0


def test_cli_kb_coverage(tmp_path: Path) -> None:
    names = tmp_path / "places.csv"
    names.write_text(
        "name_ar,lat,lon\nالميادين,35.0183,40.4500\nالقورية,35.0025,40.5419\nقرية لا وجود لها,35.0,40.0\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["kb", "coverage", str(names), "--format", "json"])
    report = json.loads(result.stdout)
    assert report["total"] == 3 and report["found"] == 2 and report["missing"] == ["قرية لا وجود لها"]
    assert report["with_reference"] == 3 and report["within_km"] >= 1
