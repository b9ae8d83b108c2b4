"""A regular expression from a word list, factored as a trie (``ثلاث(?:ه|ون|ين)?``).

Reads: words. Writes: a pattern string. Python's ``re`` tries alternatives one by one at every position, so an
alternation of a hundred literal words costs a hundred attempts per position; the same words factored by their
shared prefixes cost a few. Used for number words, month and weekday names, relative-date cues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def trie_pattern(words: Iterable[str], *, space: str = r"\s+") -> str:
    """A non-capturing pattern matching exactly the given words (longest alternatives first).

    A space inside a word matches ``space`` (one or more whitespace characters by default).
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie, space)


def _emit(node: dict[str, dict], space: str) -> str:  # type: ignore[type-arg]
    end = "" in node
    branches = []
    for char in sorted((c for c in node if c), key=lambda c: (-_depth(node[c]), c)):
        piece = space if char == " " else re.escape(char)
        branches.append(piece + _emit(node[char], space))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return f"(?:{body})?"
    return body


def _depth(node: dict[str, dict]) -> int:  # type: ignore[type-arg]
    return 1 + max((_depth(child) for child in node.values()), default=0)
