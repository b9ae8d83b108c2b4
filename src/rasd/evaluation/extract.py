"""``rasd eval extract``: how close extracted article text is to a hand-written expected text.

Reads: a directory of page/expected pairs — ``NAME.html`` (or ``.htm``, ``.txt``) with ``NAME.expected.txt``,
or ``NAME.txt`` beside ``NAME.html`` (the layout of newspaper's fixtures), or an explicit TSV manifest of
``page<TAB>expected`` paths. Writes: per-page and mean character precision, recall and F1.

Character scores come from the longest matching blocks between the two texts after whitespace is collapsed
(``difflib.SequenceMatcher`` without its junk heuristic): precision = matched / extracted characters, recall =
matched / expected characters. This rewards getting the paragraphs and their order right, and punishes both
leaked boilerplate (precision) and lost paragraphs (recall).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rasd.document import MediaType, Raw, Source, new_document
from rasd.pipeline import Pipeline

PAGE_SUFFIXES = (".html", ".htm", ".txt")


@dataclass(frozen=True)
class PageScore:
    page: str
    precision: float
    recall: float
    f1: float
    extracted_chars: int
    expected_chars: int


def char_scores(extracted: str, expected: str) -> tuple[float, float, float]:
    a, b = " ".join(extracted.split()), " ".join(expected.split())
    if not a and not b:
        return 1.0, 1.0, 1.0
    if not a or not b:
        return 0.0, 0.0, 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    precision, recall = matched / len(a), matched / len(b)
    f1 = 2 * precision * recall / (precision + recall) if matched else 0.0
    return precision, recall, f1


def find_pairs(directory: Path, manifest: Path | None = None) -> Iterator[tuple[Path, Path]]:
    if manifest is not None:
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                page_name, expected_name = line.split("\t")[:2]
                yield (manifest.parent / page_name, manifest.parent / expected_name)
        return
    for page in sorted(directory.iterdir()):
        if page.suffix not in PAGE_SUFFIXES or page.name.endswith(".expected.txt"):
            continue
        expected = page.with_name(page.stem + ".expected.txt")
        if not expected.exists() and page.suffix != ".txt":
            expected = page.with_suffix(".txt")
        if expected.exists() and expected != page:
            yield page, expected


def evaluate(pairs: list[tuple[Path, Path]], *, pipeline: Pipeline | None = None) -> list[PageScore]:
    pipeline = pipeline or Pipeline(["extract"])
    scores = []
    for page, expected_path in pairs:
        data = page.read_bytes()
        media: MediaType = "text/plain" if page.suffix == ".txt" else "text/html"
        doc = pipeline.run(new_document(Raw(data, media), Source(input_path=str(page))))
        expected = expected_path.read_text(encoding="utf-8")
        precision, recall, f1 = char_scores(doc.text, expected)
        scores.append(PageScore(page.name, precision, recall, f1, len(doc.text), len(expected)))
    return scores
