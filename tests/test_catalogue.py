from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rasd.errors import DataError
from rasd.kb.catalogue import data_dir, read_data_file, verify_catalogue
from rasd.text.boilerplate import BoilerplateLexicon


def test_catalogue_matches_every_shipped_file() -> None:
    """Every data file is catalogued; SOURCES.md files are the attribution that ships beside the data."""
    assert verify_catalogue() == []
    listed = set(__import__("json").loads((data_dir() / "catalogue.json").read_text())["files"])
    shipped = {
        str(p.relative_to(data_dir()))
        for p in data_dir().rglob("*")
        if p.is_file() and p.name not in ("catalogue.json", "SOURCES.md") and "__pycache__" not in p.parts
    }
    assert shipped == listed, "every data file must be catalogued (tools/catalogue.py --update)"


def test_modified_data_file_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    with (copy / "lexicons" / "boilerplate.tsv").open("a", encoding="utf-8") as fh:
        fh.write("عبارة\tshare\n")
    monkeypatch.setenv("RASD_DATA_DIR", str(copy))
    with pytest.raises(DataError) as info:
        BoilerplateLexicon.load()
    assert info.value.code == "data.modified"
    assert "boilerplate.tsv" in str(info.value) and "!=" in str(info.value)


def test_missing_catalogue_entry_is_an_error(tmp_path: Path) -> None:
    shutil.copytree(data_dir(), tmp_path / "data")
    with pytest.raises(DataError, match="not in"):
        read_data_file("lexicons/unknown.tsv", directory=tmp_path / "data")
