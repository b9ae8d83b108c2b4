"""Benchmark: the Arabic text layer (normalize + sentences + tokens + numbers + dates) vs a regex word split.

    python bench/text.py [--articles 1000] [--repeat 5]

Articles: the first N with text from ../shared/corpus/saudinewsnet-2000.jsonl (real Arabic news, CC BY-NC-SA,
not shipped). Baseline: ``re.findall(r"\\w+", text)`` on the same texts, in the same run. One core.
Goals: ≥ 2,000 articles/s, ≤ 5× the baseline.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

from rasd.text.dates import find_dates
from rasd.text.normalize import clear_word_caches, normalize
from rasd.text.numbers import find_numbers
from rasd.text.segment import sentences, tokenize

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "saudinewsnet-2000.jsonl"
WORD = re.compile(r"\w+")


def load(n: int) -> list[tuple[str, dt.date | None]]:
    out = []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text"):
                published = dt.date.fromisoformat(row["published"][:10]) if row.get("published") else None
                out.append((row["text"], published))
            if len(out) >= n:
                break
    return out


def text_layer(text: str, published: dt.date | None) -> int:
    norm = normalize(text)
    found = len(sentences(text)) + len(tokenize(text)) + len(find_numbers(norm))
    found += len(find_dates(norm.text, published=published))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "text.json")
    args = parser.parse_args()
    articles = load(args.articles)
    text_layer(*articles[0])  # warm-up: data files and regexes are built once

    def run_layer() -> None:
        for text, published in articles:
            text_layer(text, published)

    def run_baseline() -> None:
        for text, _ in articles:
            WORD.findall(text)

    t_layer = t_base = float("inf")
    for _ in range(args.repeat):  # interleaved, best of N each
        clear_word_caches()  # (each pass reads the articles as new: no split of theirs is cached yet)
        start = time.perf_counter()
        run_baseline()
        t_base = min(t_base, time.perf_counter() - start)
        start = time.perf_counter()
        run_layer()
        t_layer = min(t_layer, time.perf_counter() - start)
    n = len(articles)
    chars = sum(len(t) for t, _ in articles)
    result = {
        "articles": n,
        "mean_chars": round(chars / n),
        "baseline_articles_per_s": round(n / t_base),
        "text_layer_articles_per_s": round(n / t_layer),
        "ratio": round(t_layer / t_base, 2),
        "goal_articles_per_s": 2000,
        "goal_ratio": 5,
    }
    print(f"{'side':<34}{'articles/s':>12}")
    print(f"{'regex word split (baseline)':<34}{n / t_base:>12.0f}")
    print(f"{'text layer (norm+sent+tok+num+date)':<34}{n / t_layer:>12.0f}")
    print(f"ratio = {t_layer / t_base:.2f}x over {n} articles of {chars // n} characters on average")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
