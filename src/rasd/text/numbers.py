"""Numbers in Arabic text: digits in any script, number words, ACLED's vague quantities, duals, ranges.

Reads: ``Normalized`` text and ``data/text/numbers.tsv``. Writes: ``NumberSpan`` values with spans into
``doc.text``.

* Digits: ``15``, ``١٥`` (normalized to ASCII first), ``1,200``.
* Words, composed the Arabic way (units before tens, joined by و): ``ثلاثة`` 3, ``ثلاثة وعشرون`` 23,
  ``مئة وخمسون`` 150, ``ثلاثة آلاف`` 3000, ``ألفين`` 2000; a leading و/ب/ل/ف clitic is allowed (``وثلاثة``).
* ACLED's rules for unnumbered quantities: ``بضعة/عدة/عدد من`` (several) → 3, ``عشرات`` (dozens) → 12,
  ``مئات`` (hundreds) → 100.
* Duals: ``قتيلين`` (two dead), ``شخصين`` (two people) → 2.
* Ranges: ``بين 5 و7``, ``من 5 إلى 7``, ``5-7`` → the lowest value, 5 (ACLED takes the lowest figure).

Weekday names that look like numbers are excluded: ``الاثنين`` (Monday) and ``الأحد`` (Sunday) carry the
article, which cardinals in counts do not.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass

from rasd.document import quick_init
from rasd.kb.catalogue import read_data_file
from rasd.text.normalize import Normalized, WordPattern, normalize_key
from rasd.text.trie import trie_pattern

_CLITICS = "وفبل"
_CLITIC = f"(?:[{_CLITICS}])?"


@quick_init  # (built by the dozen per article: see rasd.document.quick_init)
@dataclass(frozen=True, slots=True)
class NumberSpan:
    start: int
    end: int
    value: int | float
    kind: str  # digits | word | vague | dual | range

    def to_json(self, text: str) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "label": "NUMBER",
            "value": self.value,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class NumberLexicon:
    words: dict[str, tuple[int, str]]  # normalized word → (value, kind)
    pattern: WordPattern
    phrases: tuple[tuple[str, tuple[int, str]], ...]  # the entries of several words ("عدد من"), in order


@functools.cache
def number_lexicon() -> NumberLexicon:
    text = read_data_file("text/numbers.tsv").decode("utf-8")
    words: dict[str, tuple[int, str]] = {}
    for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
        words.setdefault(normalize_key(row["word"]), (int(row["value"]), row["kind"]))
    alternation = trie_pattern(words)
    digits = r"\d+(?:[.,]\d+)*"
    item = rf"(?:{_CLITIC}(?:{alternation})|{digits})"
    # a run begins with a word (its first word where it has several), after a clitic or not, or with any digit
    # \d matches (every decimal digit, not only 0-9)
    heads = [clitic + word.split(" ")[0] for clitic in ("", *_CLITICS) for word in words]
    # a run of number items: "ثلاثة وعشرون", "مئة وخمسون", "ثلاثة آلاف"
    pattern = WordPattern(
        rf"(?<![\w])(?P<run>{item}(?:\s+(?:و\s*)?{item})*)(?![\w])", heads, digit_heads=True
    )
    phrases = tuple((word, entry) for word, entry in words.items() if " " in word)
    return NumberLexicon(words, pattern, phrases)


def _digit_value(token: str) -> int | float | None:
    if not token[:1].isdecimal():
        # a word ("ثلاثة", "وخمسون"): int() and float() would both fail, and a raised error costs more than this
        # test (a token of a run begins with a letter or a digit, never a sign, a space or "inf")
        return None
    cleaned = token.replace(",", "")
    try:
        return int(cleaned)
    except ValueError:
        try:
            return float(cleaned)
        except ValueError:
            return None


def _compose(items: list[tuple[int, str]]) -> int:
    """Arabic composition: units + tens, hundreds, and multipliers (ثلاثة آلاف = 3 × 1000)."""
    total = 0
    current = 0
    for value, kind in items:
        if kind == "multiplier":
            current = max(current, 1) * value if current else value
            total += current
            current = 0
        elif value == 100 and 0 < current < 10:
            current *= 100  # ثلاث مئة
        else:
            current += value
    return total + current


def find_numbers(norm: Normalized) -> tuple[NumberSpan, ...]:
    """Every number in the text, with its value (see the module docstring)."""
    lex = number_lexicon()
    text = norm.text
    found: list[tuple[int, int, int | float, str]] = []
    for match in lex.pattern.finditer(text):
        found.extend(_split_run(text, match.start("run"), match.end("run"), lex))
    found = _merge_ranges(text, found)
    return tuple(_span(norm, start, end, value, kind) for start, end, value, kind in found)


_RANGE_GAP = re.compile(r"\s*(?:-|–|الي|حتي|و)\s*")
_RANGE_HEAD = re.compile(r"(?:بين|من)\s+$")


def _merge_ranges(
    text: str, found: list[tuple[int, int, int | float, str]]
) -> list[tuple[int, int, int | float, str]]:
    """``بين 5 و7``, ``من 5 إلى 7``, ``5-7``: two digit numbers joined by a range word become one, the lowest."""
    out: list[tuple[int, int, int | float, str]] = []
    i = 0
    while i < len(found):
        current = found[i]
        if i + 1 < len(found) and current[3] == "digits" and found[i + 1][3] == "digits":
            following = found[i + 1]
            gap = text[current[1] : following[0]]
            low, high = current[2], following[2]
            head = _RANGE_HEAD.search(text, max(0, current[0] - 6), current[0])
            conjunction = gap.strip() == "و"
            if (
                _RANGE_GAP.fullmatch(gap)
                and low < high < 1900
                and (head is not None or not conjunction)
                and not _is_date_like(text, current[0], following[1])
            ):
                start = head.start() if head is not None else current[0]
                out.append((start, following[1], low, "range"))
                i += 2
                continue
        out.append(current)
        i += 1
    return out


_TOKEN = re.compile(r"\S+")


def _split_run(
    text: str, start: int, end: int, lex: NumberLexicon
) -> list[tuple[int, int, int | float, str]]:
    """One run may hold several numbers ("5 7" is two); words compose into one value, digits stand alone."""
    results: list[tuple[int, int, int | float, str]] = []
    words: list[tuple[int, str]] = []
    word_start = word_end = -1
    covered = start  # a multi-word entry ("مدنيين اثنين") consumes the tokens it spans
    for m in _TOKEN.finditer(text, start, end):
        token_start, token_end = m.start(), m.end()
        token = m.group()
        if token == "و" or token_start < covered:
            continue
        digit = _digit_value(token)
        if digit is not None:
            if words:
                results.append((word_start, word_end, _compose(words), "word"))
                words = []
            results.append((token_start, token_end, digit, "digits"))
            continue
        bare = token
        entry = lex.words.get(bare)
        if entry is None and bare[:1] in "وفبل":
            bare = bare[1:]
            entry = lex.words.get(bare)
            token_start += 1
            digit = _digit_value(bare)
            if digit is not None:  # "و7" in "بين 5 و7"
                if words:
                    results.append((word_start, word_end, _compose(words), "word"))
                    words = []
                results.append((token_start, token_end, digit, "digits"))
                continue
        if entry is None:
            # a multi-word vague entry ("عدد من") spans tokens: look it up on the rest of the run
            rest = text[token_start:end]
            for word, value_kind in lex.phrases:
                if rest.startswith(word):
                    if words:
                        results.append((word_start, word_end, _compose(words), "word"))
                        words = []
                    results.append((token_start, token_start + len(word), value_kind[0], value_kind[1]))
                    covered = token_start + len(word)
                    break
            continue
        value, kind = entry
        if kind in ("vague", "dual") or (words and kind != "multiplier" and _closes(words, value)):
            if words:
                results.append((word_start, word_end, _compose(words), "word"))
                words = []
            if kind in ("vague", "dual"):
                results.append((token_start, token_end, value, kind))
                continue
        if not words:
            word_start = token_start
        words.append((value, kind))
        word_end = token_end
    if words:
        results.append((word_start, word_end, _compose(words), "word"))
    return results


def _closes(words: list[tuple[int, str]], value: int) -> bool:
    """Whether a number word starts a new number instead of extending the current one.

    It extends when magnitudes descend (مئة وخمسون, مئتين وثلاثة), when units come before tens (ثلاثة
    وعشرون), or with a hundred after a unit (ثلاث مئة); ``ثلاثة ثلاثة`` is two numbers.
    """
    last_value, last_kind = words[-1]
    if last_kind == "multiplier":
        return value >= last_value
    teens = value == 10 and last_value < 10 and len(words) == 1  # أحد عشر، ثلاثة عشر
    extends = (
        value < last_value
        or teens
        or (last_value < 10 and 20 <= value < 100)
        or (value == 100 and last_value < 10)
    )
    return not extends


def _is_date_like(text: str, start: int, end: int) -> bool:
    return (end < len(text) and text[end : end + 1] in "/-") or (start > 0 and text[start - 1] in "/-")


def _span(norm: Normalized, start: int, end: int, value: int | float, kind: str) -> NumberSpan:
    o_start, o_end = norm.span_to_original(start, end)
    return NumberSpan(o_start, o_end, value, kind)
