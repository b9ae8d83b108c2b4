"""The data catalogue: every shipped data file with its version, sha256, licence, source and builder.

Reads: ``catalogue.json`` and the files it lists, under ``rasd/data`` or ``$RASD_DATA_DIR``. Writes: nothing.

A data file that differs from its catalogue entry fails loudly at load with the file name and both hashes: a
hand-edited lexicon that was not re-catalogued is exactly the kind of silent change a reviewed, versioned
knowledge base exists to prevent. ``tools/catalogue.py --update`` re-hashes after a reviewed edit.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

from rasd.errors import DataError

CATALOGUE = "catalogue.json"


def data_dir() -> Path:
    """The knowledge-base directory: ``$RASD_DATA_DIR`` when set, else the package's ``data/``."""
    override = os.environ.get("RASD_DATA_DIR")
    if override:
        return Path(override)
    return Path(str(resources.files("rasd") / "data"))


def load_catalogue(directory: Path | None = None) -> dict[str, Any]:
    directory = directory or data_dir()
    path = directory / CATALOGUE
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataError(f"data catalogue not found: {path}", code="data.missing") from exc
    except ValueError as exc:
        raise DataError(f"data catalogue is not valid JSON: {path}: {exc}", code="data.invalid") from exc
    if not isinstance(data.get("files"), dict):
        raise DataError(f"data catalogue has no 'files' table: {path}", code="data.invalid")
    return data


def read_data_file(relpath: str, *, directory: Path | None = None) -> bytes:
    """The bytes of one catalogued data file, verified against its sha256."""
    directory = directory or data_dir()
    entry = load_catalogue(directory)["files"].get(relpath)
    if entry is None:
        raise DataError(f"data file {relpath} is not in {directory / CATALOGUE}", code="data.uncatalogued")
    path = directory / relpath
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(f"data file missing: {path}", code="data.missing") from exc
    actual = hashlib.sha256(data).hexdigest()
    if actual != entry.get("sha256"):
        raise DataError(
            f"data file {path} was modified: catalogue sha256 {entry.get('sha256')} != actual {actual}; "
            "review the change and run `python tools/catalogue.py --update`",
            code="data.modified",
        )
    return data


def verify_catalogue(directory: Path | None = None) -> list[str]:
    """Check every catalogued file; returns the list of problems (empty when all is well)."""
    directory = directory or data_dir()
    problems = []
    required = ("version", "sha256", "licence", "source", "builder")
    for relpath, entry in sorted(load_catalogue(directory)["files"].items()):
        missing = [key for key in required if not entry.get(key)]
        if missing:
            problems.append(f"{relpath}: catalogue entry lacks {', '.join(missing)}")
        try:
            read_data_file(relpath, directory=directory)
        except DataError as exc:
            problems.append(str(exc))
    return problems
