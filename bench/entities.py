"""Benchmark: entities + geocode + actors over real articles vs a regex word split, one core.

    python bench/entities.py [--articles 1000]

Articles: the first N with text from ../shared/corpus/saudinewsnet-syria-violence.jsonl (real Arabic reports
that mention Syria and violence; CC BY-NC-SA, not shipped) — the kind of text these stages are for. The text
layer (normalize, segment) runs before the timer; the timed part is the three knowledge-base stages. Baseline:
``re.findall(r"\\w+")`` on the same texts in the same run. Goal: ≥ 1,000 articles/s.
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
from rasd.text.normalize import clear_word_caches

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet-syria-violence.jsonl"
WORD = re.compile(r"\w+")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL with a text field")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "entities.json")
    args = parser.parse_args()
    text_layer = Pipeline(["normalize", "segment"], provided=frozenset({"raw", "source", "text"}))
    kb_stages = Pipeline(
        ["entities", "geocode", "actors"],
        provided=frozenset({"raw", "source", "text", "norm", "tokens", "sentences", "numbers", "dates"}),
    )
    docs = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if not row.get("text"):
                continue
            base = new_document(
                Raw(row["text"].encode("utf-8"), "text/plain"), Source(published=row.get("published"))
            )
            doc = dataclasses.replace(base, text=row["text"], layers=base.layers | {"text"})
            docs.append(text_layer.run(doc))
            if len(docs) >= args.articles:
                break
    kb_stages.run(docs[0])  # warm-up (the knowledge base is loaded when the pipeline is built)
    t_kb = t_base = float("inf")
    places = actors = 0
    for _ in range(args.repeat):
        clear_word_caches()  # (each pass reads the articles as new: no key of theirs is cached yet)
        start = time.perf_counter()
        for doc in docs:
            WORD.findall(doc.text)
        t_base = min(t_base, time.perf_counter() - start)
        start = time.perf_counter()
        out = [kb_stages.run(doc) for doc in docs]
        t_kb = min(t_kb, time.perf_counter() - start)
        places = sum(len(d.places) for d in out)
        actors = sum(len(d.actors) for d in out)
    n = len(docs)
    result = {
        "corpus": args.corpus.name,
        "articles": n,
        "entities_geocode_actors_articles_per_s": round(n / t_kb),
        "regex_articles_per_s": round(n / t_base),
        "ratio": round(t_kb / t_base, 2),
        "places_per_article": round(places / n, 1),
        "actors_per_article": round(actors / n, 1),
        "goal_articles_per_s": 1000,
    }
    print(
        f"entities+geocode+actors: {n / t_kb:.0f} articles/s; regex word split: {n / t_base:.0f} articles/s; ratio {t_kb / t_base:.1f}x"
    )
    print(f"{places / n:.1f} places and {actors / n:.1f} actors per article")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
