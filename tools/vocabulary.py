"""Build ``src/rasd/data/text/vocabulary.tsv``: the words of general Arabic news, to find words run together.

    python tools/vocabulary.py [--corpus FILE ...] [--min-df 2]

Scraped pages lose the space where a link or a bold run was stripped: ``مصادرالميادين`` (Al Mayadeen's sources),
``الطائراتاستهداف``. ``rasd.text.normalize.glued_words`` splits a token the vocabulary does not know into two it
does. The vocabulary is every normalized word found in at least ``--min-df`` articles of the general news corpora
(SaudiNewsNet: 2,000 articles on all topics, 828 on Syria; duplicates by id counted once), with its document
frequency, plus every word of a gazetteer or actor name (flagged ``name``: those are words however rare).

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

OUT = REPO / "src" / "rasd" / "data" / "text" / "vocabulary.tsv"
CORPORA = ("saudinewsnet-2000.jsonl", "saudinewsnet-syria-violence.jsonl")
WORD = re.compile(r"[\u0621-\u064A]+")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="+",
        default=[REPO.parent / "shared" / "corpus" / name for name in CORPORA],
    )
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    df: Counter[str] = Counter()
    seen_ids: set[str] = set()
    for corpus in args.corpus:
        with corpus.open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row.get("id") in seen_ids:
                    continue
                seen_ids.add(row.get("id"))
                text = f"{row.get('title') or ''}\n{row.get('text') or ''}"
                df.update(set(WORD.findall(normalize(text, vocabulary=False).text)))
    names: set[str] = set()
    for key in load_resources().index:
        names.update(WORD.findall(key))
    words = {w for w, c in df.items() if c >= args.min_df} | names
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("word\tdf\tname\n")
        for word in sorted(words, key=lambda w: (-df[w], w)):
            fh.write(f"{word}\t{df[word]}\t{int(word in names)}\n")
    print(f"wrote {len(words)} words from {len(seen_ids)} articles to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
