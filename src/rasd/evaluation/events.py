"""``rasd eval GOLD_DIR``: events and claims against gold articles, by the metric ``../shared/eval/README.md`` defines.

Reads: gold files. Writes: per-article and total figures (table or JSON).

An output event matches a gold event when the event_type is the same, the place matches (the same gazetteer
entry, equal normalized Arabic names or one containing the other — ``معبر البوكمال`` / ``البوكمال`` — or ≤ 10 km)
and the dates are within one day when both are known. Matching is greedy and one-to-one per article, preferring
pairs with the same sub-type and actor1. Precision, recall and F1 count matches; over matched pairs: sub-type
accuracy, actor1 and actor2 agreement, fatalities exact match and mean absolute error. Claims match on type and
overlapping evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.document import Document
from rasd.evaluation.places import gold_documents, names_match
from rasd.kb.coverage import haversine_km
from rasd.pipeline import Pipeline

STAGES = ("normalize", "segment", "entities", "geocode", "actors", "events", "claims")


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    subtype_ok: int = 0
    actor1_ok: int = 0
    actor2_ok: int = 0
    fatalities_ok: int = 0
    fatalities_abs_error: int = 0
    claims_gold: int = 0
    claims_predicted: int = 0
    claims_matched: int = 0
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in [
            "gold",
            "predicted",
            "matched",
            "subtype_ok",
            "actor1_ok",
            "actor2_ok",
            "fatalities_ok",
            "fatalities_abs_error",
            "claims_gold",
            "claims_predicted",
            "claims_matched",
        ]:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> dict[str, float | int]:
        p = self.matched / self.predicted if self.predicted else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        cp = self.claims_matched / self.claims_predicted if self.claims_predicted else 0.0
        cr = self.claims_matched / self.claims_gold if self.claims_gold else 0.0
        m = self.matched or 1
        return {
            "gold_events": self.gold,
            "predicted_events": self.predicted,
            "matched": self.matched,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "subtype_accuracy": round(self.subtype_ok / m, 4),
            "actor1_accuracy": round(self.actor1_ok / m, 4),
            "actor2_accuracy": round(self.actor2_ok / m, 4),
            "fatalities_exact": round(self.fatalities_ok / m, 4),
            "fatalities_mae": round(self.fatalities_abs_error / m, 3),
            "claims_gold": self.claims_gold,
            "claims_predicted": self.claims_predicted,
            "claims_precision": round(cp, 4),
            "claims_recall": round(cr, 4),
            "claims_f1": round(2 * cp * cr / (cp + cr), 4) if cp + cr else 0.0,
        }


def _days(a: str | None, b: str | None) -> int | None:
    if not a or not b:
        return None
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def _place_match(gold: dict[str, Any], event: dict[str, Any], lookup: Any) -> bool:
    if names_match(gold.get("location_ar") or "", event.get("location_ar") or ""):
        return True
    if event.get("latitude") is None:
        return False
    for ref in lookup(gold.get("location_ar") or ""):
        if (
            ref.lat is not None
            and haversine_km(ref.lat, ref.lon, event["latitude"], event["longitude"]) <= 10
        ):
            return True
    return False


def score_article(gold: dict[str, Any], doc: Document, lookup: Any) -> Counts:
    predicted = [e.to_json(doc.text) for e in doc.events]
    counts = Counts(gold=len(gold.get("events", [])), predicted=len(predicted))
    pairs = []
    for gi, g in enumerate(gold.get("events", [])):
        for pi, p in enumerate(predicted):
            if g["event_type"] != p["event_type"] or not _place_match(g, p, lookup):
                continue
            days = _days(g.get("event_date"), p.get("event_date"))
            if days is not None and days > 1:
                continue
            preference = (g["sub_event_type"] == p["sub_event_type"]) * 2 + (
                g.get("actor1") == p.get("actor1")
            )
            pairs.append((-preference, gi, pi))
    used_g, used_p = set(), set()
    for _pref, gi, pi in sorted(pairs):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        g, p = gold["events"][gi], predicted[pi]
        counts.matched += 1
        counts.subtype_ok += g["sub_event_type"] == p["sub_event_type"]
        counts.actor1_ok += g.get("actor1") == p.get("actor1")
        counts.actor2_ok += (g.get("actor2") or None) == (p.get("actor2") or None)
        counts.fatalities_ok += int(g.get("fatalities") or 0) == int(p.get("fatalities") or 0)
        counts.fatalities_abs_error += abs(int(g.get("fatalities") or 0) - int(p.get("fatalities") or 0))
    for gi, g in enumerate(gold.get("events", [])):
        if gi not in used_g:
            counts.misses.append(f"{g['sub_event_type']} @ {g.get('location_ar')} ({g.get('actor1')})")
    for pi, p in enumerate(predicted):
        if pi not in used_p:
            counts.spurious.append(f"{p['sub_event_type']} @ {p.get('location_ar')} ({p.get('actor1')})")
    # claims: type + overlapping evidence
    gold_claims = gold.get("claims", [])
    counts.claims_gold = len(gold_claims)
    counts.claims_predicted = len(doc.claims)
    used: set[int] = set()
    for claim in doc.claims:
        ours = doc.text[claim.evidence.start : claim.evidence.end]
        for ci, g in enumerate(gold_claims):
            if ci in used or g["type"] != claim.type:
                continue
            if _overlap(ours, g["evidence"]):
                used.add(ci)
                counts.claims_matched += 1
                break
    return counts


def _overlap(a: str, b: str) -> bool:
    a, b = " ".join(a.split()), " ".join(b.split())
    if not a or not b:
        return False
    return (
        a in b or b in a or len(set(a.split()) & set(b.split())) >= 0.5 * min(len(a.split()), len(b.split()))
    )


def evaluate(directory: Path, *, pipeline: Pipeline | None = None) -> dict[str, Any]:
    pipeline = pipeline or Pipeline(list(STAGES), provided=frozenset({"raw", "source", "text"}))
    resources = pipeline.ctx.resources

    def lookup(name: str) -> list[Any]:
        return [resources.places[e.index] for e, _ in resources.find(name, kind="place")] if name else []

    total = Counts()
    articles = []
    for gold, doc in gold_documents(directory):
        counts = score_article(gold, pipeline.run(doc), lookup)
        total.add(counts)
        articles.append(
            {"id": gold["id"], **counts.summary(), "misses": counts.misses, "spurious": counts.spurious}
        )
    return {"articles": articles, "total": total.summary()}
