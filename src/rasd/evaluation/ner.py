"""``rasd eval ner``: rasd's mention finder scored as a named-entity tagger on ANERcorp (conlleval-style).

Reads: a BIO file, one ``token TAG`` per line (ANERcorp's approximate test split in ``../shared/eval/ner``).
Writes: entity-level precision, recall and F1 for LOC, PERS and ORG (exact span and type), and overall.

The tokens are joined with spaces into chunks ending at a full stop, run through ``normalize``, ``segment``
and ``entities``, and the mentions are mapped back to tokens: places → LOC, people → PERS, actors and outlets
→ ORG. rasd's knowledge base is built for Syrian conflict reporting (villages, armed groups), not for the
general 2007 news of ANERcorp, so this measures how far the gazetteer-and-rules approach generalizes; MISC
is not predicted. No tagger is trained on ANERcorp: its licence (research use) does not allow shipping a
model derived from it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

from rasd.document import Raw, Source, new_document
from rasd.pipeline import Pipeline

KIND_TO_TYPE = {"place": "LOC", "person": "PERS", "actor": "ORG", "outlet": "ORG"}
TYPES = ("LOC", "PERS", "ORG")


def read_bio(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.rsplit(" ", 1)
        if len(parts) == 2 and parts[0]:
            rows.append((parts[0], parts[1]))
    return rows


def entities_of(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) spans from BIO tags (an I- without a B- starts an entity, as conlleval does)."""
    spans = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        if start >= 0 and (prefix != "I" or label != kind):
            spans.add((start, i, kind))
            start, kind = -1, ""
        if prefix == "B" or (prefix == "I" and start < 0):
            start, kind = i, label
    return spans


def _chunks(rows: list[tuple[str, str]], size: int = 200) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, (token, _tag) in enumerate(rows):
        if (token in (".", "؟", "!") and i - start > 5) or i - start >= size:
            out.append((start, i + 1))
            start = i + 1
    if start < len(rows):
        out.append((start, len(rows)))
    return out


def predict(rows: list[tuple[str, str]], pipeline: Pipeline) -> list[str]:
    tags = ["O"] * len(rows)
    for lo, hi in _chunks(rows):
        tokens = [token for token, _ in rows[lo:hi]]
        offsets, pos = [], 0
        for token in tokens:
            offsets.append((pos, pos + len(token)))
            pos += len(token) + 1
        text = " ".join(tokens)
        base = new_document(Raw(text.encode("utf-8"), "text/plain"), Source())
        doc = pipeline.run(dataclasses.replace(base, text=text, layers=base.layers | {"text"}))
        for mention in doc.mentions:
            label = KIND_TO_TYPE.get(mention.kind)
            if label is None:
                continue
            covered = [i for i, (s, e) in enumerate(offsets) if s < mention.end and mention.start < e]
            if not covered or any(tags[lo + i] != "O" for i in covered):
                continue
            for n, i in enumerate(covered):
                tags[lo + i] = ("B-" if n == 0 else "I-") + label
    return tags


def evaluate(path: Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    pipeline = pipeline or Pipeline(
        ["normalize", "segment", "entities"], provided=frozenset({"raw", "source", "text"})
    )
    rows = read_bio(path)
    gold = entities_of([tag for _, tag in rows])
    guess = entities_of(predict(rows, pipeline))
    report: dict[str, Any] = {"tokens": len(rows), "types": {}}
    totals: Counter[str] = Counter()
    for kind in TYPES:
        g = {e for e in gold if e[2] == kind}
        p = {e for e in guess if e[2] == kind}
        tp = len(g & p)
        totals.update(tp=tp, gold=len(g), guess=len(p))
        report["types"][kind] = _prf(tp, len(p), len(g))
    report["overall"] = _prf(totals["tp"], totals["guess"], totals["gold"])
    report["gold_misc_not_predicted"] = sum(1 for e in gold if e[2] == "MISC")
    return report


def _prf(tp: int, guessed: int, gold: int) -> dict[str, float | int]:
    precision = tp / guessed if guessed else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "gold": gold}
