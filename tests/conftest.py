"""Shared fixtures. Tests read ../shared (the project's shared data) directly; tiers that need it skip clearly
when it is absent."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from rasd.document import Document, Raw, Source, new_document
from rasd.pipeline import Pipeline
from rasd.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_configure(config: pytest.Config) -> None:
    """RASD_RUN_SLOW=1 (set by .ci/run) runs the slow tests too, with the very same pytest command."""
    if os.environ.get("RASD_RUN_SLOW") == "1" and config.option.markexpr == "not slow":
        config.option.markexpr = ""


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not available: {path}")
    return path


@pytest.fixture(scope="session")
def extract_pipeline() -> Pipeline:
    return Pipeline(["extract"], settings=Settings(), on_error="raise")


def make_raw_doc(data: bytes | str, media_type: str = "text/plain", **source: str) -> Document:
    """A reader-level Document from bytes or text (str is encoded as UTF-8)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return new_document(Raw(raw, media_type), Source(**source))  # type: ignore[arg-type]


_MARKUP = re.compile(r"\[([^\[\]|]+)\|([A-Z]+)\]")


def make_doc(markup: str) -> tuple[Document, list[tuple[int, int, str]]]:
    """A text-level Document from bracket markup, plus the marked spans.

    ``قُتل [ثلاثة|NUM] مدنيين في [الميادين|LOC]`` → text without brackets and spans (start, end, label) that
    point into it. Later stages' tests use it to build documents at the layer they need.
    """
    text_parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    length = 0
    for match in _MARKUP.finditer(markup):
        before = markup[pos : match.start()]
        text_parts.append(before)
        length += len(before)
        spans.append((length, length + len(match.group(1)), match.group(2)))
        text_parts.append(match.group(1))
        length += len(match.group(1))
        pos = match.end()
    text_parts.append(markup[pos:])
    text = "".join(text_parts)
    doc = new_document(Raw(text.encode("utf-8"), "text/plain"), Source())
    return Document(id=doc.id, source=doc.source, raw=doc.raw, text=text, layers=doc.layers | {"text"}), spans
