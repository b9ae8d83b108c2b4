"""``rasd eval places``: place mentions and geocoding against the gold articles.

Reads: gold files (``../shared/eval/dev/*.json``, schema in ``../shared/eval/README.md``). Writes: per-article
and total figures.

* **Mention recall/precision**: the gold ``places_mentioned`` names against the names of rasd's place mentions.
  Names match when their normalized forms are equal or one contains the other (``معبر البوكمال`` /
  ``البوكمال``), ignoring a leading و or ال. The gold lists are complete for the names they list but may miss
  rare spellings, so precision is a lower bound.
* **Place accuracy**: for each gold event location (``location_ar`` with its ``admin1``), the place rasd pinned
  for a mention of that name must lie in the same governorate (ACLED admin1 spelling); the gold has no
  coordinates, so "same entry or ≤ 10 km" is approximated by name + admin1. Locations rasd did not find count
  as misses.
* **Outlet false positives**: place mentions whose text is an outlet's name in an article where the gold does
  not list that name as a place (``الميادين`` the channel taken for the town).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rasd.document import Document, Raw, Source, new_document
from rasd.pipeline import Pipeline
from rasd.text.normalize import normalize_key

STAGES = ("normalize", "segment", "entities", "geocode", "actors")


def gold_documents(directory: Path) -> list[tuple[dict[str, Any], Document]]:
    """Each gold article as (gold record, text-level Document) — the gold text is the article as given."""
    out = []
    for path in sorted(directory.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        base = new_document(
            Raw(gold["text"].encode("utf-8"), "text/plain"),
            Source(
                id=gold["id"],
                url=gold.get("url"),
                outlet=gold.get("source"),
                published=gold.get("published"),
                title=gold.get("title"),
            ),
        )
        out.append((gold, replace(base, text=gold["text"], layers=base.layers | {"text"})))
    return out


def _key(name: str) -> str:
    key = normalize_key(name)
    for prefix in ("و", "ال"):
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            key = key[len(prefix) :]
    return key.replace(" ", "")


def names_match(a: str, b: str) -> bool:
    ka, kb = _key(a), _key(b)
    return bool(ka and kb) and (ka == kb or ka in kb or kb in ka)


@dataclass
class ArticleScore:
    id: str
    gold_places: int
    found_places: int
    matched_gold: int
    matched_found: int
    locations: int
    locations_found: int
    locations_correct: int
    outlet_false_positives: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def score_article(gold: dict[str, Any], doc: Document, outlets: set[str]) -> ArticleScore:
    ours = [(doc.text[m.start : m.end], i) for i, m in enumerate(doc.mentions) if m.kind == "place"]
    our_names = sorted({name for name, _ in ours})
    gold_names = sorted({p["name_ar"] for p in gold.get("places_mentioned", [])})
    matched_gold = [g for g in gold_names if any(names_match(g, o) for o in our_names)]
    matched_found = [o for o in our_names if any(names_match(g, o) for g in gold_names)]
    outlet_fp = [
        o for o in our_names if _key(o) in outlets and not any(names_match(g, o) for g in gold_names)
    ]
    refs = {ref.mention: ref for ref in doc.places}
    locations = found = correct = 0
    wrong = []
    for event in gold.get("events", []):
        location = event.get("location_ar")
        if not location:
            continue
        locations += 1
        candidates = [refs[i] for name, i in ours if i in refs and names_match(location, name)]
        if not candidates:
            continue
        found += 1
        if any(ref.admin1 == event.get("admin1") for ref in candidates):
            correct += 1
        else:
            wrong.append(f"{location}: {candidates[0].admin1} (gold {event.get('admin1')})")
    return ArticleScore(
        id=gold["id"],
        gold_places=len(gold_names),
        found_places=len(our_names),
        matched_gold=len(matched_gold),
        matched_found=len(matched_found),
        locations=locations,
        locations_found=found,
        locations_correct=correct,
        outlet_false_positives=outlet_fp,
        missing=[g for g in gold_names if g not in matched_gold],
        wrong=wrong,
    )


def evaluate(directory: Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    pipeline = pipeline or Pipeline(list(STAGES), provided=frozenset({"raw", "source", "text"}))
    resources = pipeline.ctx.resources
    outlets = {_key(row["name_ar"]) for row in resources.lexicons["outlets"]}
    articles = [score_article(gold, pipeline.run(doc), outlets) for gold, doc in gold_documents(directory)]
    gold_total = sum(a.gold_places for a in articles)
    found_total = sum(a.found_places for a in articles)
    locations = sum(a.locations for a in articles)
    return {
        "articles": [a.__dict__ for a in articles],
        "total": {
            "articles": len(articles),
            "mention_recall": sum(a.matched_gold for a in articles) / gold_total if gold_total else 0.0,
            "mention_precision": sum(a.matched_found for a in articles) / found_total if found_total else 0.0,
            "place_accuracy": sum(a.locations_correct for a in articles) / locations if locations else 0.0,
            "locations_found": sum(a.locations_found for a in articles) / locations if locations else 0.0,
            "outlet_false_positives": sum(len(a.outlet_false_positives) for a in articles),
            "gold_places": gold_total,
            "event_locations": locations,
        },
    }
