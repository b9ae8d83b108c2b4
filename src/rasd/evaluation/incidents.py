"""``rasd eval incidents``: pairwise precision and recall of cross-document incident merging.

Reads: gold articles (``../shared/eval/dev``). Writes: pairwise figures.

The gold set of same-incident groups is derived from the gold annotations themselves, not from rasd: two gold
events of *different* articles are the same incident when they have the same sub-event type, places that match
(equal normalized names, or one containing the other) and dates within one day. The dev articles are ingested
into a temporary store; each stored event is mapped to the gold event it matches in its own article (the
``rasd eval events`` matching), and every pair of mapped events from different articles is scored: predicted
same incident (same ``incident_id``) against gold same incident.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from itertools import combinations
from pathlib import Path
from typing import Any

from rasd.evaluation.events import _days, _place_match
from rasd.evaluation.places import gold_documents, names_match
from rasd.incidents import merge_incidents
from rasd.pipeline import Pipeline
from rasd.store import schema
from rasd.store.db import Store


def _same_gold(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if a["sub_event_type"] != b["sub_event_type"]:
        return False
    if not names_match(a.get("location_ar") or "", b.get("location_ar") or ""):
        return False
    days = _days(a.get("event_date"), b.get("event_date"))
    return days is not None and days <= 1


def evaluate(directory: Path) -> dict[str, Any]:
    pipeline = Pipeline(
        ["normalize", "segment", "entities", "geocode", "actors", "events", "claims"],
        provided=frozenset({"raw", "source", "text"}),
    )
    resources = pipeline.ctx.resources

    def lookup(name: str) -> list[Any]:
        return [resources.places[e.index] for e, _ in resources.find(name, kind="place")] if name else []

    mapped: list[tuple[str, int, str]] = []  # (article id, gold event index, our event id)
    gold_events: dict[tuple[str, int], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/incidents.db")
        store.migrate()
        docs = []
        for gold, doc in gold_documents(directory):
            processed = pipeline.run(doc)
            # the gold files have no outlet field beyond "source"; keep it so sources are listed
            processed = dataclasses.replace(
                processed, source=dataclasses.replace(processed.source, outlet=gold.get("source"))
            )
            docs.append(processed)
            predicted = [e.to_json(processed.text) for e in processed.events]
            used: set[int] = set()
            for gi, g in enumerate(gold.get("events", [])):
                gold_events[(gold["id"], gi)] = g
                for pi, p in enumerate(predicted):
                    if pi in used or g["event_type"] != p["event_type"] or not _place_match(g, p, lookup):
                        continue
                    days = _days(g.get("event_date"), p.get("event_date"))
                    if days is not None and days > 1:
                        continue
                    used.add(pi)
                    mapped.append((gold["id"], gi, p["event_id"]))
                    break
        store.save(docs, {"eval": "incidents"})
        merge_incidents(store)
        with store.engine.connect() as conn:
            incident_of = dict(
                conn.execute(
                    schema.events.select().with_only_columns(
                        schema.events.c.event_id, schema.events.c.incident_id
                    )
                ).all()
            )
        store.close()
    tp = fp = fn = 0
    for (art_a, gi_a, ev_a), (art_b, gi_b, ev_b) in combinations(mapped, 2):
        if art_a == art_b:
            continue
        gold_same = _same_gold(gold_events[(art_a, gi_a)], gold_events[(art_b, gi_b)])
        pred_same = incident_of.get(ev_a) is not None and incident_of.get(ev_a) == incident_of.get(ev_b)
        tp += gold_same and pred_same
        fp += pred_same and not gold_same
        fn += gold_same and not pred_same
    gold_pairs = sum(
        1
        for (a, ga), (b, gb) in combinations(list(gold_events), 2)
        if a != b and _same_gold(gold_events[(a, ga)], gold_events[(b, gb)])
    )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "mapped_events": len(mapped),
        "gold_same_incident_pairs": gold_pairs,
        "gold_pairs_among_mapped": tp + fn,
        "predicted_pairs": tp + fp,
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "measured_on": dt.date.today().isoformat(),
    }
