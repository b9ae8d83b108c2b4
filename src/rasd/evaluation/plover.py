"""``rasd eval plover``: violence vs demonstration on the 645 Arabic PLOVER validation sentences.

Reads: UniversalPetrarch validation XML (``<Sentence category="ASSAULT|PROTEST"><Text>…``) from
``../shared/eval/plover-ar``. Writes: accuracy, per-class precision/recall, and how many sentences carried a
trigger at all.

Each sentence's trigger cues (the events lexicon, negation and modality as in the events stage) vote for ACLED
event types; Protests and Riots are PROTEST, the other violent types (Battles, Explosions/Remote violence,
Violence against civilians) ASSAULT. Strategic developments do not vote. A sentence with no violent or protest
cue is predicted ASSAULT, the majority class, and counted as "no cue".
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

from rasd.document import Raw, Source, Span, new_document
from rasd.kb.cues import cue_index
from rasd.pipeline import Pipeline
from rasd.stages.events import _blocked, _Sentence

PROTEST_TYPES = frozenset({"Protests", "Riots"})
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})


def read_sentences(path: Path) -> list[tuple[str, str]]:
    files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    out: dict[str, tuple[str, str]] = {}
    for file in files:
        # one of the distributed files is truncated: parse leniently and keep every complete sentence
        root = etree.parse(str(file), etree.XMLParser(recover=True, huge_tree=True)).getroot()
        if root is None:
            continue
        for sentence in root.iter("Sentence"):
            category = sentence.get("category")
            text = (sentence.findtext("Text") or "").strip()
            if category in ("ASSAULT", "PROTEST") and text:
                out.setdefault(sentence.get("id") or text, (text, category))
    return list(out.values())


def classify(text: str, pipeline: Pipeline) -> str | None:
    base = new_document(Raw(text.encode("utf-8"), "text/plain"), Source())
    doc = pipeline.run(dataclasses.replace(base, text=text, layers=base.layers | {"text"}))
    assert doc.norm is not None
    index = cue_index(pipeline.ctx.resources)
    sentence = _Sentence(Span(0, len(doc.text), "sentence"), 0, 0, len(doc.norm.text))
    sentence.cues = list(index.find(doc.norm.text))
    votes: dict[str, float] = {"ASSAULT": 0.0, "PROTEST": 0.0}
    for cue in sentence.cues:
        if cue.lexicon != "triggers" or _blocked(doc.norm.text, sentence, cue):
            continue
        event_type = cue.row["event_type"]
        weight = float(cue.row.get("weight") or 1)
        if event_type in PROTEST_TYPES:
            votes["PROTEST"] += weight
        elif event_type in VIOLENT_TYPES:
            votes["ASSAULT"] += weight
    if not any(votes.values()):
        return None
    return max(sorted(votes), key=lambda k: votes[k])


def evaluate(path: Path) -> dict[str, Any]:
    pipeline = Pipeline(["normalize", "segment"], provided=frozenset({"raw", "source", "text"}))
    rows = read_sentences(path)
    confusion: Counter[tuple[str, str]] = Counter()
    no_cue = 0
    for text, category in rows:
        guess = classify(text, pipeline)
        if guess is None:
            no_cue += 1
            guess = "ASSAULT"
        confusion[(category, guess)] += 1
    total = len(rows)
    correct = sum(v for (g, p), v in confusion.items() if g == p)
    per_class: dict[str, dict[str, float | int]] = {}
    for label in ("ASSAULT", "PROTEST"):
        tp = confusion[(label, label)]
        predicted = sum(v for (_g, guess), v in confusion.items() if guess == label)
        gold = sum(v for (truth, _p), v in confusion.items() if truth == label)
        per_class[label] = {
            "precision": round(tp / predicted, 4) if predicted else 0.0,
            "recall": round(tp / gold, 4) if gold else 0.0,
            "gold": gold,
        }
    return {
        "sentences": total,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "no_cue": no_cue,
        "classes": per_class,
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
    }
