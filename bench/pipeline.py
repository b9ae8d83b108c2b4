"""Benchmark: the whole pipeline, article text → events and claims, vs a regex word split, one core.

    python bench/pipeline.py [--articles 1000] [--corpus FILE]

Articles: the first N with text from ../shared/corpus/saudinewsnet-syria-violence.jsonl by default (real
Arabic conflict reports, CC BY-NC-SA, not shipped); the stages are normalize, segment, entities, geocode,
actors, events and claims (extraction from HTML has its own benchmark). Goal: ≥ 300 articles/s.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from pathlib import Path

from rasd.document import Raw, Source, new_document
from rasd.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet-syria-violence.jsonl"
WORD = re.compile(r"\w+")
STAGES = ["normalize", "segment", "entities", "geocode", "actors", "events", "claims"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "pipeline.json")
    args = parser.parse_args()
    pipeline = Pipeline(STAGES, provided=frozenset({"raw", "source", "text"}))
    docs = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text"):
                base = new_document(
                    Raw(row["text"].encode("utf-8"), "text/plain"), Source(published=row.get("published"))
                )
                docs.append(dataclasses.replace(base, text=row["text"], layers=base.layers | {"text"}))
            if len(docs) >= args.articles:
                break
    pipeline.run(docs[0])
    t_run = t_base = float("inf")
    events = claims = sentences = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        for doc in docs:
            WORD.findall(doc.text)
        t_base = min(t_base, time.perf_counter() - start)
        start = time.perf_counter()
        out = [pipeline.run(doc) for doc in docs]
        t_run = min(t_run, time.perf_counter() - start)
        events = sum(len(d.events) for d in out)
        claims = sum(len(d.claims) for d in out)
        sentences = sum(len(d.sentences) for d in out)
    n = len(docs)
    result = {
        "corpus": args.corpus.name,
        "articles": n,
        "pipeline_articles_per_s": round(n / t_run),
        "pipeline_sentences_per_s": round(sentences / t_run),
        "regex_articles_per_s": round(n / t_base),
        "ratio": round(t_run / t_base, 1),
        "events_per_article": round(events / n, 2),
        "claims_per_article": round(claims / n, 2),
        "goal_articles_per_s": 300,
    }
    print(
        f"pipeline text→events: {n / t_run:.0f} articles/s ({sentences / t_run:.0f} sentences/s); regex word split {n / t_base:.0f} articles/s; ratio {t_run / t_base:.0f}x"
    )
    print(f"{events / n:.2f} events and {claims / n:.2f} claims per article")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
