"""Build ``src/rasd/data/lexicons/common_words.tsv``: place names that are also everyday Arabic words.

    python tools/common_words.py [--corpus ../shared/corpus/saudinewsnet-2000.jsonl] [--min-df 0.004]

Method: every single-word gazetteer key is counted in how many articles of a general Arabic news corpus it
occurs as a word (document frequency). A key found in more than ``--min-df`` (0.2%) of general news (about sports,
economy, culture — not Syrian villages) is an everyday word there: حول (about), عنه (about him), حديثه (his
talk), الشماليه (northern), قدم (foot). Such names then need place context (a head like قرية, a preposition,
a place list) before the entities stage takes them for places. Names that are primarily places — countries,
governorates, districts and cities of 100,000 people or more — are listed only when they occur in more than
``--function-word-df`` (5%) of articles, i.e. when the key is really a function word (وان: "and that", not Van).

Everyday words that are no place name at all — found in more than ``--everyday-df`` (1%) of general news, or a
quarter of that for adjective shapes ending in ة/ي: آمنة (safe), محاصرة (besieged), شيعية (Shiite), طريق (road)
— are listed too: a name the entities stage reads off
a head word ("منطقة آمنة", "بلدات محاصرة") must not be one of them.

The output holds words and counts only (facts about word frequency), no corpus text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from rasd.kb.resources import load_resources  # noqa: E402
from rasd.text.normalize import normalize  # noqa: E402

OUT = REPO / "src" / "rasd" / "data" / "lexicons" / "common_words.tsv"
WORD = re.compile(r"[^\W\d_]+")
PRIMARY = {"admin1", "admin2", "region"}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "saudinewsnet-2000.jsonl"
    )
    parser.add_argument("--min-df", type=float, default=0.002)
    parser.add_argument("--function-word-df", type=float, default=0.05)
    parser.add_argument("--everyday-df", type=float, default=0.01)
    args = parser.parse_args()
    resources = load_resources()
    texts = []
    with args.corpus.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("text"):
                texts.append(normalize(row["text"]).text)
    df: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for text in texts:
        seen = {h.key for h in resources.scan(text) if " " not in h.key}
        df.update(seen)
        words.update({w for w in WORD.findall(text) if len(w) > 2})
    rows = []
    for key, count in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])):
        if count / len(texts) < args.min_df:
            continue
        places = [resources.record(e) for e in resources.index[key] if e.kind == "place"]
        if not places or any(e.kind != "place" for e in resources.index[key]):
            continue
        primary = any(
            p.feature in PRIMARY or (p.feature == "city" and (p.population or 0) >= 100_000) for p in places
        )  # type: ignore[union-attr]
        if primary and count / len(texts) < args.function_word_df:
            continue  # a real country/governorate/city; only a function word (وان "and that") is listed anyway
        rows.append((key, count))
    everyday = [
        (word, count)
        for word, count in sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))
        if word not in resources.index
        and (
            count / len(texts) >= args.everyday_df
            # adjective shapes (nisba, feminine: شيعية، محاصرة، عازلة) are words at a quarter of that
            or (count / len(texts) >= args.everyday_df / 4 and word.endswith(("ه", "ي")))
        )
    ]
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("word\tdf\tnote\n")
        for key, count in rows:
            fh.write(f"{key}\t{count}\tin {count} of {len(texts)} general news articles\n")
        for word, count in everyday:
            fh.write(f"{word}\t{count}\teveryday word, no place name: in {count} of {len(texts)} articles\n")
    rows += everyday
    print(f"wrote {len(rows)} words to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
