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


def read_groups(path: Path) -> list[dict[str, Any]]:
    """Gold same-incident groups: ``incident, event_date, places (|), documents (space), note`` per line."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, date, places, documents, *note = line.split("\t")
        groups.append(
            {
                "incident": name,
                "event_date": date,
                "places": [p for p in places.split("|") if p],
                "documents": documents.split(),
                "note": note[0] if note else "",
            }
        )
    return groups


def _mentions(row: dict[str, Any], group: dict[str, Any]) -> bool:
    """Does this stored event report the gold incident: a matching place name, a date within a day?"""
    days = _days(group["event_date"], row["event_date"])
    if days is None or days > 1:
        return False
    return any(names_match(row["location_ar"] or "", name) for name in group["places"])


def evaluate_groups(gold: Path, corpus: list[str], *, workers: int = 1) -> dict[str, Any]:
    """Pairwise merging quality on hand-built same-incident groups of real articles (``eval/incidents``).

    The whole corpus is ingested into a temporary store, as a user would, so unrelated articles can cause wrong
    merges too. Each (article, gold incident) is a mention, mapped to the article's stored events whose place
    matches one of the gold names and whose date is within a day of the incident's; every pair of mentions from
    different articles is scored (predicted same: their events share an incident).
    """
    from rasd.store.ingest import ingest

    groups = read_groups(gold)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/incidents.db")
        store.migrate()
        ingest(corpus, store, workers=workers)
        with store.engine.connect() as conn:
            rows = [
                dict(r)
                for r in conn.execute(
                    schema.events.select()
                    .with_only_columns(
                        schema.events.c.incident_id,
                        schema.events.c.event_date,
                        schema.events.c.location_ar,
                        schema.events.c.fatalities,
                        schema.documents.c.source_id,
                    )
                    .join_from(schema.events, schema.documents)
                ).mappings()
            ]
        store.close()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(row["source_id"], []).append(row)
    mentions: list[tuple[str, str, frozenset[str]]] = []  # (document, gold incident, its incident ids)
    unmapped: list[str] = []
    for group in groups:
        for document in group["documents"]:
            incidents = frozenset(
                row["incident_id"]
                for row in by_doc.get(document, [])
                if row["incident_id"] and _mentions(row, group)
            )
            mentions.append((document, group["incident"], incidents))
            if not incidents:
                unmapped.append(f"{document} {group['incident']}")
    tp = fp = fn = fn_extracted = 0
    errors: list[str] = []
    for (doc_a, gold_a, inc_a), (doc_b, gold_b, inc_b) in combinations(mentions, 2):
        if doc_a == doc_b:
            continue
        gold_same = gold_a == gold_b
        pred_same = bool(inc_a & inc_b)
        tp += gold_same and pred_same
        fp += pred_same and not gold_same
        fn += gold_same and not pred_same
        fn_extracted += gold_same and not pred_same and bool(inc_a) and bool(inc_b)
        if pred_same and not gold_same:
            errors.append(f"merged: {doc_a} ({gold_a}) + {doc_b} ({gold_b})")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "groups": len(groups),
        "mentions": len(mentions),
        "mentions_without_event": len(unmapped),
        "unmapped": unmapped,
        "gold_pairs": tp + fn,
        "predicted_pairs": tp + fp,
        "pairwise_precision": round(precision, 4),
        "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        # recall over the pairs whose both articles yielded an event of the incident: merging alone
        "pairwise_recall_extracted": round(tp / (tp + fn_extracted), 4) if tp + fn_extracted else 0.0,
        "wrong_merges": errors,
        "measured_on": dt.date.today().isoformat(),
    }
