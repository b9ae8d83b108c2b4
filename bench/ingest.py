"""Benchmark: what storage costs on top of the pipeline, and how incident merging scales as the store grows.

    python bench/ingest.py [--articles 2000] [--sizes 1000,10000,100000]

1. Ingest of N real articles (../shared/corpus/*.jsonl, CC BY-NC-SA, not shipped) into a fresh SQLite file,
   against running the same pipeline on the same documents without storing, in the same run. Goal: storage
   adds ≤ 25%.
2. Incident merging over synthetic copies of stored events (shifted dates and places) at growing sizes: the time
   per event must stay about flat (indexed candidate lookup, never all pairs).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

from rasd.incidents import merge_incidents
from rasd.ingest import Reader
from rasd.pipeline import Pipeline
from rasd.store import schema
from rasd.store.db import Store, now
from rasd.store.ingest import ingest

REPO = Path(__file__).resolve().parents[1]
CORPORA = [REPO.parent / "shared" / "corpus" / "saudinewsnet-syria-violence.jsonl",
           REPO.parent / "shared" / "corpus" / "saudinewsnet-2000.jsonl"]  # fmt: skip


def sample(tmp: Path, n: int) -> Path:
    out = tmp / "sample.jsonl"
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for corpus in CORPORA:
            for line in corpus.open(encoding="utf-8"):
                if count >= n:
                    break
                fh.write(line)
                count += 1
    return out


def merge_scaling(sizes: list[int]) -> list[dict[str, float]]:
    results = []
    rng = random.Random(20261126)
    places = [
        (f"p{i}", 35.0 + rng.random() * 2, 38.5 + rng.random() * 3, f"A1-{i % 14}", f"A3-{i % 270}")
        for i in range(3000)
    ]
    types = ["Shelling/artillery/missile attack", "Air/drone strike", "Armed clash", "Arrests"]
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(f"sqlite:///{tmp}/merge.db")
            store.migrate()
            with store.engine.begin() as conn:
                docs = [{"id": f"d{i}", "status": "ok", "issues_json": "[]", "trace_json": "[]", "versions_json": "{}",
                         "ingested_at": now(), "updated_at": now(), "outlet": f"outlet{i % 7}"} for i in range(size // 3 + 1)]  # fmt: skip
                conn.execute(insert(schema.documents), docs)
                events = []
                for i in range(size):
                    place = places[rng.randrange(len(places))]
                    day = 1 + rng.randrange(365 * 3)
                    date = f"{2022 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + (day % 31) % 28:02d}"
                    events.append({
                        "event_id": f"e{i}", "document_id": f"d{i // 3}", "event_date": date, "time_precision": 1,
                        "event_type": "Explosions/Remote violence", "sub_event_type": types[i % 4],
                        "actor1": "Unidentified Armed Group (Syria)", "admin1": place[3], "admin3": place[4],
                        "place_id": place[0], "latitude": place[1], "longitude": place[2], "geo_precision": 1,
                        "fatalities": i % 3, "tags_json": "[]", "evidence_start": 0, "evidence_end": 1,
                        "evidence_text": "x", "field_evidence_json": "{}", "confidence": 0.5, "reviewed": False,
                    })  # fmt: skip
                conn.execute(insert(schema.events), events)
            start = time.perf_counter()
            merge_incidents(store)
            elapsed = time.perf_counter() - start
            with store.engine.connect() as conn:
                incidents = len(conn.execute(select(schema.incidents.c.incident_id)).all())
            store.close()
        results.append(
            {
                "events": size,
                "seconds": round(elapsed, 2),
                "us_per_event": round(elapsed / size * 1e6),
                "incidents": incidents,
            }
        )
        print(
            f"merge {size:>7} events: {elapsed:7.2f} s ({elapsed / size * 1e6:6.0f} µs/event), {incidents} incidents"
        )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "ingest.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = sample(Path(tmp), args.articles)
        pipeline = Pipeline()
        docs = list(Reader().read([str(path)]))
        pipeline.run(docs[0])
        start = time.perf_counter()
        for doc in docs:
            pipeline.run(doc)
        t_pipeline = time.perf_counter() - start
        store = Store(f"sqlite:///{tmp}/bench.db")
        store.migrate()
        start = time.perf_counter()
        summary = ingest([str(path)], store, batch_size=100)
        t_ingest = time.perf_counter() - start
        store.close()
    n = len(docs)
    overhead = t_ingest / t_pipeline - 1
    print(f"pipeline alone: {n / t_pipeline:.0f} articles/s; ingest into SQLite: {n / t_ingest:.0f} articles/s; "
          f"storage adds {overhead:.0%} (goal ≤ 25%); {summary.events} events, {summary.incidents} incidents")  # fmt: skip
    scaling = merge_scaling([int(s) for s in args.sizes.split(",") if s])
    result = {
        "articles": n,
        "pipeline_articles_per_s": round(n / t_pipeline),
        "ingest_articles_per_s": round(n / t_ingest),
        "storage_overhead": round(overhead, 3),
        "events": summary.events,
        "incidents": summary.incidents,
        "merge_scaling": scaling,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
