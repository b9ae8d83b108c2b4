"""``spark-submit … -m rasd.spark.submit INPUT... -o OUTPUT``: the job under an existing Spark session."""

from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str] | None = None) -> int:
    from pyspark.sql import SparkSession

    from rasd.spark.job import run

    parser = argparse.ArgumentParser(prog="rasd.spark.submit", description=__doc__)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--partitions", type=int)
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("rasd").getOrCreate()
    counters = run(args.inputs, args.output, spark=spark, partitions=args.partitions)
    print(json.dumps(counters, ensure_ascii=False), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
