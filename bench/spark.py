"""Benchmark: the Spark job in local mode with 1 and 2 cores on the same input (scaling ratio).

    python bench/spark.py [--parts 16]

Input: ../shared/corpus/saudinewsnet-syria-violence.jsonl (828 real articles, CC BY-NC-SA, not shipped) split
into ``--parts`` files. Each mode runs once to start its Python workers, then is timed. Also times the pipeline
step alone (no DataFrames, writes or incidents) at 1 core, to show where the time goes. Goal: 2 cores ≥ 1.7× 1.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet-syria-violence.jsonl"


def main() -> int:
    from pyspark.sql import SparkSession

    from rasd.spark import job
    from rasd.store.ingest import versions

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parts", type=int, default=16)
    args = parser.parse_args()
    lines = CORPUS.read_text(encoding="utf-8").splitlines(keepends=True)
    results: dict[str, object] = {"articles": len(lines), "corpus": f"{CORPUS.name} in {args.parts} parts"}
    with tempfile.TemporaryDirectory() as tmp:
        parts = Path(tmp) / "in"
        parts.mkdir()
        for i in range(args.parts):
            (parts / f"part-{i:02d}.jsonl").write_text("".join(lines[i :: args.parts]), encoding="utf-8")
        for cores in (1, 2):
            spark = (SparkSession.builder.master(f"local[{cores}]").appName("rasd-bench")
                     .config("spark.ui.enabled", "false").getOrCreate())  # fmt: skip
            spark.sparkContext.setLogLevel("ERROR")
            job.run([str(parts / "part-00.jsonl")], f"{tmp}/warm{cores}", spark=spark)
            start = time.perf_counter()
            counters = job.run([str(parts)], f"{tmp}/out{cores}", spark=spark, partitions=args.parts)
            elapsed = time.perf_counter() - start
            results[f"local[{cores}]"] = {"seconds": round(elapsed, 1), "articles_per_s": round(len(lines) / elapsed, 1),
                                          "events": counters["events"]}  # fmt: skip
            if cores == 1:
                sc = spark.sparkContext
                meta = json.dumps(versions(job._pipeline()))
                files = sorted(str(p) for p in parts.iterdir())
                start = time.perf_counter()
                sc.parallelize(files, len(files)).mapPartitions(
                    lambda p, meta=meta: job._process_paths(p, meta, {})
                ).count()
                step = time.perf_counter() - start
                results["pipeline_step_local[1]"] = {
                    "seconds": round(step, 1),
                    "articles_per_s": round(len(lines) / step, 1),
                }
            spark.stop()
    one, two = results["local[1]"], results["local[2]"]
    results["scaling_2_vs_1"] = round(two["articles_per_s"] / one["articles_per_s"], 2)  # type: ignore[index]
    print(json.dumps(results, indent=1))
    (REPO / "bench" / "results" / "spark.json").write_text(
        json.dumps(results, indent=1) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
