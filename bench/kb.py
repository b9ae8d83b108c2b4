"""Benchmark: knowledge-base load time and memory, and name matching throughput vs a regex word split.

    python bench/kb.py [--articles 1000]

Load is measured in a fresh subprocess (time to ``load_resources()`` and its peak RSS, including Python and
the libraries). Matching: ``Resources.scan`` (Aho-Corasick over every normalized gazetteer/actor/people/outlet
key, with clitic-aware boundaries) on the normalized text of N real articles from
../shared/corpus/saudinewsnet-2000.jsonl, against ``re.findall(r"\\w+")`` on the same texts.
Goals: load ≤ 1.5 s, resident memory for the full KB ≤ 250 MB.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from rasd.kb.resources import load_resources
from rasd.text.normalize import normalize

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet-2000.jsonl"
WORD = re.compile(r"\w+")

_LOAD_PROBE = """
import resource, time, json
start = time.perf_counter()
from rasd.kb.resources import load_resources
resources = load_resources()
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "keys": len(resources.index)}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "kb.json")
    args = parser.parse_args()

    baseline_rss = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import resource, json; print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    loads = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _LOAD_PROBE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    load = min(loads, key=lambda r: r["seconds"])

    texts = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text"):
                texts.append(normalize(row["text"]).text)
            if len(texts) >= args.articles:
                break
    resources = load_resources()
    t_scan = t_base = float("inf")
    hits = 0
    for _ in range(3):
        start = time.perf_counter()
        for text in texts:
            WORD.findall(text)
        t_base = min(t_base, time.perf_counter() - start)
        start = time.perf_counter()
        hits = sum(1 for text in texts for _ in resources.scan(text))
        t_scan = min(t_scan, time.perf_counter() - start)
    n = len(texts)
    result = {
        "load_seconds": round(load["seconds"], 3),
        "load_peak_rss_mb": round(load["rss_mb"], 1),
        "python_only_rss_mb": round(baseline_rss, 1),
        "keys": load["keys"],
        "articles": n,
        "scan_articles_per_s": round(n / t_scan),
        "regex_articles_per_s": round(n / t_base),
        "ratio": round(t_scan / t_base, 2),
        "hits_per_article": round(hits / n, 1),
        "goals": {"load_seconds": 1.5, "rss_mb": 250},
    }
    print(
        f"load_resources(): {load['seconds']:.3f} s, peak RSS {load['rss_mb']:.0f} MB (bare Python {baseline_rss:.0f} MB), {load['keys']} keys"
    )
    print(
        f"scan: {n / t_scan:.0f} articles/s vs regex word split {n / t_base:.0f} articles/s (ratio {t_scan / t_base:.2f}x), {hits / n:.1f} hits/article"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
