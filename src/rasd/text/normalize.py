"""Offset-preserving Arabic normalization: a matching form of ``doc.text`` with a map back to it.

Reads: a string and the charmap ``data/text/charmap.json``. Writes: ``Normalized`` — the normalized string and
a piecewise map from its positions back to the original's — and, for short phrases, ``normalize_key``.

Matching (gazetteer, actors, lexicons) runs on the normalized string; results are mapped back, so evidence is
always shown as the outlet wrote it. The rules are data (JSON), applied per character:

* alef forms أ إ آ ٱ → ا, ى → ي, ة → ه (matching only), ؤ → و, ئ → ي, Persian ک/ھ → ك/ه;
* tatweel, harakat/tanween/shadda/sukun, the dagger alef and Quranic marks, zero-width and bidi controls → removed;
* Arabic-Indic and Persian digits → ASCII, ٫ ٬ → . , ; exotic spaces → space; ASCII upper → lower;
* presentation forms (ﻻ, ﷲ, isolated/final glyph code points) → their NFKC letters, then the rules above.

So ``مسيّرةٌ`` (musayyaratun, "drone") normalizes to ``مسيره`` and its span maps back to all seven original
characters; ``والبوليل`` keeps its length, so the name البوليل at normalized 2..8 is original 2..8.

The map costs nothing when nothing is deleted or expanded (an identity map) and one breakpoint per deleted or
expanded character otherwise, found where one regex pass replaces the rare characters; the common letters
(ة ى أ …) are replaced first, by one ``str.replace`` each.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from rasd.kb.catalogue import read_data_file

CHARMAP_FILE = "text/charmap.json"
VOCABULARY_FILE = "text/vocabulary.tsv"


@dataclass(frozen=True)
class _Tables:
    table: dict[int, str]  # every mapped code point → its replacement (may be "" or several characters)
    by_char: dict[str, str]  # the table keyed by character
    common: tuple[tuple[str, str], ...]  # (character, replacement) for the letters almost every article holds
    rare: re.Pattern[str]  # every other mapped code point


def _expand_rule(rule: dict[str, Any], out: dict[int, str]) -> None:
    for source, target in rule.get("map", {}).items():
        out[ord(source)] = target
    for first, last, target in rule.get("ranges", []):
        lo, hi = int(first, 16), int(last, 16)
        for cp in range(lo, hi + 1):
            # "" deletes; a one-character target starts a run ("0" maps 0660..0669 to 0..9)
            out[cp] = "" if target == "" else chr(ord(target) + (cp - lo))


@functools.cache
def tables() -> _Tables:
    """The translation table from the charmap, built once per process on first use."""
    charmap = json.loads(read_data_file(CHARMAP_FILE).decode("utf-8"))
    base: dict[int, str] = {}
    for rule in charmap["rules"]:
        _expand_rule(rule, base)

    def apply(text: str) -> str:
        return "".join(base.get(ord(ch), ch) for ch in text)

    table = dict(base)
    for first, last in charmap["nfkc_ranges"]["ranges"]:
        for cp in range(int(first, 16), int(last, 16) + 1):
            char = chr(cp)
            if unicodedata.category(char) == "Cn":
                continue
            decomposed = unicodedata.normalize("NFKC", char)
            if decomposed != char:
                table[cp] = apply(decomposed)
    by_char = {chr(cp): rep for cp, rep in table.items()}
    changed = {char for char, rep in by_char.items() if rep != char}
    # replacing one character at a time equals one simultaneous substitution only when no replacement holds a
    # mapped character (ﻷ → لا, its alef already folded, never لأ): checked so a charmap change cannot break it
    if any(ch in changed for rep in by_char.values() for ch in rep):
        raise ValueError(f"{CHARMAP_FILE}: a replacement holds a character that is itself mapped")
    common = tuple((char, by_char[char]) for char in _COMMON if char in changed)
    # (``_normalize`` looks for deleted and expanded characters among the rare ones only)
    if any(len(rep) != 1 for _char, rep in common):
        raise ValueError(f"{CHARMAP_FILE}: a common letter is deleted or expanded")
    rare = re.compile("[" + "".join(re.escape(c) for c in sorted(changed - set(_COMMON))) + "]")
    return _Tables(table=table, by_char=by_char, common=common, rare=rare)


# ة ى أ إ ئ ؤ آ: in nearly every article, so replaced by str.replace unconditionally (a C pass each, far cheaper
# than a regex callback per occurrence); the rarer marks (harakat, tatweel, Latin capitals) are replaced by one
# regex pass after them
_COMMON = "ةىأإئؤآ"


def _apply(t: _Tables, text: str) -> str:
    return _apply_rare(t, text)[0]


def _apply_rare(t: _Tables, text: str) -> tuple[str, list[tuple[int, int]]]:
    """``_apply``, and where the text holds a deleted or expanded character, with the length of what replaces it
    (``_normalize`` builds its offset map from them, instead of searching the text again)."""
    for char, rep in t.common:
        text = text.replace(char, rep)
    by_char = t.by_char
    changes: list[tuple[int, int]] = []

    def replace(match: re.Match[str]) -> str:
        rep = by_char[match[0]]
        if len(rep) != 1:
            changes.append((match.start(), len(rep)))
        return rep

    # one pass that finds and replaces the rare characters (a dozen per article, most often none or a few kinds),
    # where finding them and then a str.replace pass per kind read the text three or four times
    return t.rare.sub(replace, text), changes


_bisect_right = bisect.bisect_right


@dataclass(frozen=True, slots=True)
class Normalized:
    """A normalized string and the map from its positions back to the original text.

    The map is a list of segments: from normalized position ``norm_starts[i]`` on, positions map to
    ``orig_starts[i] + offset`` (``linear[i]``) or all to ``orig_starts[i]`` (the characters one original
    character expanded into, e.g. ﻻ → لا).
    """

    text: str
    original_length: int
    norm_starts: tuple[int, ...] = (0,)
    orig_starts: tuple[int, ...] = (0,)
    linear: tuple[bool, ...] = (True,)
    # ``to_normalized`` results found so far (not part of the value: left out of comparisons and repr)
    _positions: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)
    # and ``key_of`` results, by original span
    _keys: dict[tuple[int, int], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def to_original(self, pos: int) -> int:
        """The original index of the normalized character at ``pos`` (``len(text)`` → original length)."""
        if pos >= len(self.text):
            return self.original_length
        if len(self.norm_starts) == 1:  # one segment (most often the identity map): no search
            return self.orig_starts[0] + pos if self.linear[0] else self.orig_starts[0]
        i = bisect.bisect_right(self.norm_starts, pos) - 1
        base = self.orig_starts[i]
        return base + (pos - self.norm_starts[i]) if self.linear[i] else base

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span covering normalized ``[start, end)``.

        Removed characters right after the span (a word's final diacritics, as in ``مسيّرةٌ``) are included, so
        the evidence shows the whole written word; a span inside an expansion keeps its one source character.
        """
        # (to_original three times over, written out: the stages map tens of spans per article, and the calls
        # cost more than the arithmetic)
        size = len(self.text)
        length = self.original_length
        norm_starts = self.norm_starts
        if len(norm_starts) == 1:  # one segment (most often the identity map): no search
            base = self.orig_starts[0]
            step = 1 if self.linear[0] else 0
            begin = base + start * step if start < size else length
            if end <= start:
                return begin, begin
            last = (base + (end - 1) * step if end - 1 < size else length) + 1
            after = base + end * step if end < size else length
            return begin, last if last > after else after
        orig_starts, linear = self.orig_starts, self.linear
        if start < size:
            i = _bisect_right(norm_starts, start) - 1
            begin = orig_starts[i] + (start - norm_starts[i]) if linear[i] else orig_starts[i]
        else:
            begin = length
        if end <= start:
            return begin, begin
        if end - 1 < size:
            i = _bisect_right(norm_starts, end - 1) - 1
            last = (orig_starts[i] + (end - 1 - norm_starts[i]) if linear[i] else orig_starts[i]) + 1
        else:
            last = length + 1
        if end < size:
            i = _bisect_right(norm_starts, end) - 1
            after = orig_starts[i] + (end - norm_starts[i]) if linear[i] else orig_starts[i]
        else:
            after = length
        return begin, last if last > after else after

    def to_normalized(self, pos: int) -> int:
        """The normalized position of original index ``pos`` (a deleted character → the next kept one)."""
        orig_starts = self.orig_starts  # (read once: the stages call this hundreds of times per article)
        if len(orig_starts) == 1:  # one segment (most often the identity map): no search
            if pos >= self.original_length:
                return len(self.text)
            return min(pos - orig_starts[0], len(self.text)) if self.linear[0] else 0
        # the stages ask for the same positions again and again (a sentence's bounds, a word's): each is
        # searched for once per document and then read back
        positions = self._positions
        found = positions.get(pos)
        if found is not None:
            return found
        if pos >= self.original_length:
            found = len(self.text)
        elif (i := _bisect_right(orig_starts, pos) - 1) < 0:
            # a character deleted before the first segment (a leading mark or BOM)
            found = self.norm_starts[0]
        else:
            # among segments starting at the same original index, take the first (the start of an expansion)
            while i > 0 and orig_starts[i - 1] == orig_starts[i]:
                i -= 1
            norm_starts = self.norm_starts
            found = norm_starts[i]
            if self.linear[i]:
                candidate = found + (pos - orig_starts[i])
                following = norm_starts[i + 1] if i + 1 < len(norm_starts) else len(self.text)
                found = candidate if candidate < following else following
        positions[pos] = found
        return found


# ة and ى end a word; followed by a letter they are two words run together where markup was stripped
# ("المقاومةقاعدة", "إلىالميادين"): the normalized form gets the missing space (an expansion: ة → "ه ")
# (one pattern per letter: a literal first lets re jump between occurrences, five times faster than a class)
_GLUE = (re.compile(r"ة(?=[\u0621-\u064A])"), re.compile(r"ى(?=[\u0621-\u064A])"))


def normalize(text: str, *, vocabulary: bool = True) -> Normalized:
    """The normalized form of ``text`` with its offset map (see the module docstring).

    With ``vocabulary`` (the default) words run together without a final ة/ى are split too, where the
    vocabulary (``data/text/vocabulary.tsv``) knows both halves and not the whole: ``مصادرالميادين`` →
    ``مصادر الميادين`` (see ``glued_words``).
    """
    # a run of spaces is one space ("حقل  العمر" is حقل العمر): the extra ones are read as zero-width spaces,
    # which the charmap deletes, so the offset map stays exact
    if "\u00a0" in text:
        text = _SPACE_RUN.sub(_one_space, text)
    elif "  " in text:  # (most articles have neither: no regex pass at all)
        text = _ASCII_SPACE_RUN.sub(_one_space, text)
    base = _normalize(text, ())
    if not vocabulary:
        return base
    extra = glued_words(base)
    return _normalize(text, extra) if extra else base


_SPACE_RUN = re.compile(r"[ \u00a0][ \u00a0]+")  # (a class first, not a repeat: re skips ahead to a space)
_ASCII_SPACE_RUN = re.compile(r"  +")  # the same without a no-break space in the text (a literal prefix)


def _one_space(match: re.Match[str]) -> str:
    return match.group()[0] + "\u200b" * (len(match.group()) - 1)


def _normalize(text: str, extra_glue: tuple[int, ...]) -> Normalized:
    normalized, irregular = _apply_rare(tables(), text)
    glue = [m.start() for pattern in _GLUE for m in pattern.finditer(text)]
    if extra_glue or glue:
        glue = sorted(set(glue).union(extra_glue))
    # every deleted or expanded character is a rare one (the common letters map one to one), found where it was
    # replaced: when there is none, the map is the identity
    if len(normalized) == len(text) and not glue and not irregular:
        return Normalized(normalized, len(text))
    changes = [(j, 2) for j in glue]
    changes.extend(irregular)
    changes.sort()
    norm_starts = [0]
    orig_starts = [0]
    linear = [True]
    shift = 0  # normalized position - original position, within the current linear segment
    spaces: list[int] = []  # where, in the glue-free normalized string, a space goes
    glued = set(glue)
    for j, width in changes:
        at = j + shift  # where this character's output starts in the normalized string
        if j in glued:
            spaces.append(at + 1 - len(spaces))
        if width:
            _push(norm_starts, orig_starts, linear, at, j, False)
        _push(norm_starts, orig_starts, linear, at + width, j + 1, True)
        shift += width - 1
    if spaces:
        pieces: list[str] = []
        last = 0
        for cut in spaces:
            pieces.append(normalized[last:cut])
            last = cut
        pieces.append(normalized[last:])
        normalized = " ".join(pieces)
    return Normalized(normalized, len(text), tuple(norm_starts), tuple(orig_starts), tuple(linear))


# a token long enough to hide two words: a 3-letter word + an article and 2 letters, or two 4-letter words
_LONG_TOKEN = re.compile(r"[\u0621-\u064A]{7,}")
# the same tokens after the space before them (a token is a whole run of letters: one that does not open the
# text follows a non-letter, most often a space): re jumps from space to space as fast as str.find, where a
# pattern that starts with a class tests every character; those after any other non-letter are read in the
# pass that finds the other starts (see ``_starts_and_digits``)
_LONG_TOKEN_AFTER_SPACE = re.compile(r" ([\u0621-\u064A]{7,}+)")
_ARTICLE = "ال"
# a clitic run that ends in the article is a prefix, never a word of its own before one (بال+الاف)
_ARTICLE_PREFIXES = frozenset({"بال", "وال", "فال", "كال", "لل", "وبال", "فبال", "وكال", "ولل", "فلل"})
_PLURAL_SUFFIX = re.compile(
    r"(?:ات|ان)(?:ه|ها|هم|هما|هن|كم|نا)$"
)  # توقعاتهم is توقع+اتهم, دورانها not دور+انها
_COMPLEMENTIZER = "ان"  # أن/إن after normalization
_GLUED_PARTICLES = (
    "بعد",
    "قبل",
    "منذ",
    "حيث",
    "عند",
    "خلال",
    "ضمن",
)  # three-letter particles that follow a word
_SHORT_WORDS = frozenset({"في", "من", "عن"})  # prepositions after a glued name (الميادينفي)


@dataclass(frozen=True)
class _Vocabulary:
    df: dict[str, int]  # normalized word → in how many general news articles it occurs (names: NAME_DF)
    known: int  # a whole token this frequent is a word, never split
    common: int  # both halves of a split without the article must be this frequent
    known_words: frozenset[str]  # the words at least ``known`` frequent (a set difference finds the others)


NAME_DF = 1_000  # place and actor name tokens count as common words


@functools.cache
def vocabulary() -> _Vocabulary:
    """The word list that finds run-together words, loaded once per process on first use."""
    rows = read_data_file(VOCABULARY_FILE).decode("utf-8").splitlines()
    df: dict[str, int] = {}
    for row in rows[1:]:
        word, count, name = row.split("\t")
        df[word] = NAME_DF if name == "1" else int(count)
    known = 2
    known_words = frozenset(word for word, count in df.items() if count >= known)
    return _Vocabulary(df=df, known=known, common=20, known_words=known_words)


def glued_words(norm: Normalized) -> tuple[int, ...]:
    """Original indices after which a space is missing: two words run together where markup was stripped.

    A token of the normalized text that the vocabulary does not know is split where both halves are words:

    * before the article, when the left half (3+ letters, not a clitic run like بال) is a word seen in 5+
      articles and the right half is a word — ``مصادرالميادين``, ``وراءالهجوم``, ``العمرالنفطي``; the right half
      may itself end in a glued preposition or word (``مراسلالميادينفي``, ``مصادرالمياديناكدت``);
    * elsewhere, when both halves have 4+ letters and are common words (20+ articles) — ``الطائراتاستهداف``,
      ``استهدافقاعدة``;
    * after أن, when what follows starts with ا and is a common word — ``وسبق أناستهدف``;
    * before في/من/عن after a place name — ``دبلانفي``.

    Morphology is never split: a clitic or suffix is not a word of 4+ letters, and the article must follow a
    whole word. The index returned is the left half's last letter (like the ة of the ة/ى glue).
    """
    text = norm.text
    vocab = vocabulary()
    # most long tokens are words the vocabulary knows, and most unknown ones are rare words, not two run
    # together: find the glued ones first (cached per word), and positions only when there are any
    tokens = set(_LONG_TOKEN_AFTER_SPACE.findall(text))
    tokens.update(_starts_and_digits(text)[2])  # (the segment stage reads the same pass off its cache)
    if (first := _LONG_TOKEN.match(text)) is not None:
        tokens.add(first.group())
    glued = {w for w in tokens - vocab.known_words if _split_cached(w)}
    if not glued:
        return ()
    cuts: list[int] = []
    for m in _LONG_TOKEN.finditer(text):
        word = m.group()
        if word not in glued:
            continue
        parts = _split_cached(word)
        assert parts is not None
        at = m.start()
        for part in parts[:-1]:
            at += len(part)
            cuts.append(at - 1)
    out: list[int] = []
    for pos in cuts:
        orig = norm.to_original(pos)
        if norm.to_normalized(orig) == pos:  # a letter kept one-to-one, not inside an expansion
            out.append(orig)
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def _split_cached(word: str) -> tuple[str, ...] | None:
    parts = _split(word, vocabulary())
    return tuple(parts) if parts else None


def _article_stem(word: str) -> int:
    """How many letters follow a leading article or clitic+article run (the whole length when there is none)."""
    for prefix in ("وبال", "فبال", "وكال", "بال", "وال", "فال", "كال", "ال", "لل"):
        if word.startswith(prefix):
            return len(word) - len(prefix)
    return len(word)


def _word_df(word: str, df: dict[str, int]) -> int:
    """A word's frequency; ``لل`` + X (to the X) counts as ``ال`` + X."""
    count = df.get(word, 0)
    if not count and word.startswith("لل"):
        count = df.get("ا" + word[1:], 0)
    return count


def _split(word: str, vocab: _Vocabulary) -> list[str] | None:
    df = vocab.df
    for i in range(3, len(word) - 3):
        left, right = word[:i], word[i:]
        if not right.startswith((_ARTICLE, "لل")) or left in _ARTICLE_PREFIXES or df.get(left, 0) < 5:
            continue
        if _article_stem(left) < 3 or _article_stem(right) < 3:
            continue  # و+قتال+هم read as وقت+الهم, ال+مسالتين as المس+التين: a scrap, not a word
        if _word_df(right, df) >= vocab.known:
            return [left, right]
        rest = _split_tail(right, vocab)
        if rest:
            return [left, *rest]
    best: tuple[int, int] | None = None
    for i in range(4, len(word) - 3):
        left, right = word[:i], word[i:]
        if _article_stem(left) < 3 or _article_stem(right) < 3 or _PLURAL_SUFFIX.match(right):
            continue  # والان+شقاق, توقع+اتهم: an article or a suffix with a scrap of a word is one word
        score = min(df.get(left, 0), df.get(right, 0))
        if score >= vocab.common and (best is None or score > best[0]):
            best = (score, i)
    if best is not None:
        return [word[: best[1]], word[best[1] :]]
    for tail in _GLUED_PARTICLES:
        head = word[: -len(tail)]
        if word.endswith(tail) and len(head) >= 5 and df.get(head, 0) >= vocab.common:
            return [head, tail]  # a common word with a particle run on: "العسكريبعد" → العسكري بعد
    if word.startswith(_COMPLEMENTIZER + "ا") and len(word) >= 7 and df.get(word[2:], 0) >= vocab.common:
        return [word[:2], word[2:]]  # أن run into its verb: "وسبق أناستهدف" → أن استهدف
    head, tail = word[:-2], word[-2:]
    if tail in _SHORT_WORDS and len(head) >= 4 and df.get(head, 0) == NAME_DF:
        return [head, tail]  # a place name with its preposition run on: دبلانفي
    return None


def _split_tail(word: str, vocab: _Vocabulary) -> list[str] | None:
    """A glued article word with one more word run onto it: ``الميادينفي``, ``المياديناكدت``."""
    df = vocab.df
    for i in range(len(word) - 2, 3, -1):
        head, tail = word[:i], word[i:]
        if _word_df(head, df) >= vocab.known and (
            tail in _SHORT_WORDS or tail == _COMPLEMENTIZER or (len(tail) >= 3 and df.get(tail, 0) >= 5)
        ):
            return [head, tail]
    return None


def _push(
    norm_starts: list[int], orig_starts: list[int], linear: list[bool], at: int, orig: int, lin: bool
) -> None:
    if norm_starts[-1] == at:  # an empty segment (consecutive deletions): the newer one replaces it
        norm_starts.pop()
        orig_starts.pop()
        linear.pop()
    norm_starts.append(at)
    orig_starts.append(orig)
    linear.append(lin)


_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


# (a space needs no replacing: leaving it out of the class saves most of the substitutions; the Arabic letters,
# a-z and 0-9 are word characters, listed so that re rules them out by a range test before the slower \w lookup
# of the lookbehind: the same characters as [^\w ], a fifth fewer instructions)
_NON_WORD_CHAR = re.compile(r"[^\u0621-\u064Aa-z0-9 ](?<!\w)", re.UNICODE)


@functools.lru_cache(maxsize=65536)
def normalize_key(text: str) -> str:
    """A comparison key for short phrases: the charmap applied, punctuation → space, spaces collapsed.

    ``إقرأ أيضاً:`` and ``اقرا ايضا`` both give ``اقرا ايضا``. (Cached: the stages key the same words and
    lexicon phrases over and over.)
    """
    folded = _apply(tables(), text).lower()
    return " ".join(_NON_WORD.sub(" ", folded).split())


def clear_word_caches() -> None:
    """Forget the keys and run-together splits computed so far (``normalize_key``, ``glued_words``): the
    benchmarks call it before each repeat, so that every pass reads its articles as new, as a stream does."""
    normalize_key.cache_clear()
    _split_cached.cache_clear()


@functools.lru_cache(maxsize=4)
def keyed_text(text: str) -> str | None:
    """The whole normalized text lowered with every non-word character made a space, position for position
    (None where lowering changes the length): ``key_of`` slices it instead of running a regex per window."""
    keyed = _NON_WORD_CHAR.sub(" ", text.lower())
    return keyed if len(keyed) == len(text) else None


def key_of(norm: Normalized, start: int, end: int) -> str:
    """``normalize_key`` of ``text[start:end]`` (original offsets) read off the already normalized text: the
    same key without normalizing the slice again."""
    keys = norm._keys  # (the stages key the same spans again: a sentence, a word, found once per document)
    key = keys.get((start, end))
    if key is not None:
        return key
    n_start, n_end = norm.to_normalized(start), norm.to_normalized(end)
    keyed = keyed_text(norm.text)
    if keyed is not None:
        # the keyed text holds word characters and spaces only: " ".join(piece.split()) is its runs of spaces
        # made one and its ends trimmed (a replace pass or two in C, not a string per word)
        key = keyed[n_start:n_end]
        while "  " in key:
            key = key.replace("  ", " ")
        key = key.strip()
    else:
        piece = norm.text[n_start:n_end].lower()
        key = " ".join(_NON_WORD.sub(" ", piece).split())
    keys[(start, end)] = key
    return key


# a character other than a space that may stand before a word: anything but an ASCII letter or digit or an
# Arabic letter (a superset of \W that re tests with a table lookup; the pattern's own (?<![\w]) then decides)
_BEFORE_WORD = r"[^0-9A-Za-z\u0621-\u064A ]"
_WORD_START = r"(?<![\w])"


class WordPattern:
    r"""A pattern whose matches begin a word (it starts with ``(?<![\w])``), tried only where a word begins.

    ``re`` tries a pattern that starts with a lookbehind at every position of the text, the ``ت`` and ``ل`` inside
    ``قتل`` too. Here it is searched after a space (``" "`` first: ``re`` jumps from space to space as fast as
    ``str.find``) and matched after each other character that precedes a word character (found once per text
    for every pattern, see ``_other_starts``), and the two are merged. Given ``heads``, strings one of which
    begins every match (the first word of each alternative), it is matched only after a space followed by a
    head: a long alternation is then not tried after every space. The heads of every word pattern are found
    together, in one Aho-Corasick pass per text (see ``_HeadIndex.starts``); with ``digit_heads`` a match may also
    begin with any decimal digit (0-9 as heads too, the other digits read off ``_other_starts``). ``finditer``
    gives exactly the matches ``re.finditer`` gives, in half the time, but ``match.start()`` and
    ``match.group()`` include the character before the word: read spans through named groups. The pattern must
    not match the empty string, and its matches begin with a word character.
    """

    __slots__ = ("_after_other", "_after_space", "_first", "_slot")

    def __init__(
        self, pattern: str, heads: Iterable[str] | None = None, *, digit_heads: bool = False
    ) -> None:
        if not pattern.startswith(_WORD_START):
            raise ValueError(f"a word pattern starts with {_WORD_START}: {pattern[:40]!r}")
        # a match at the very start of the text, where no character precedes the word
        self._first = re.compile(pattern)
        # (a space is never a word character: the lookbehind has nothing to check there)
        self._after_space = re.compile(" (?:" + pattern.removeprefix(_WORD_START) + ")")
        self._after_other = re.compile(f"{_BEFORE_WORD}(?:{pattern})")
        if heads is None and digit_heads:
            raise ValueError("digit_heads goes with heads")
        self._slot = None if heads is None else _HEADS.register(heads, digit_heads)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The pattern's non-overlapping matches, leftmost first."""
        match = self._first.match(text)
        end = 0
        if match is not None:
            end = match.end()
            yield match
        # the next match of each kind, kept while it lies after the last match: a word at ``end`` or later
        # has its preceding character at ``end - 1`` or later
        pos = max(end - 1, 0)
        spaces = None
        if self._slot is not None:
            spaces = _HEADS.starts(text)[self._slot]
        others = _other_starts(text)
        space_index = other_index = 0  # the next of ``spaces`` and ``others`` to try
        if spaces is None:
            space = self._after_space.search(text, pos)
        else:
            space, space_index = _next_match(self._after_space.match, text, spaces, space_index, pos)
        other, other_index = _next_match(self._after_other.match, text, others, other_index, pos)
        while space is not None or other is not None:
            first_space = other is None or (space is not None and space.start() < other.start())
            match = space if first_space else other
            assert match is not None
            pos = match.end() - 1
            yield match
            if space is not None and space.start() < pos:
                if spaces is None:
                    space = self._after_space.search(text, pos)
                else:
                    space, space_index = _next_match(self._after_space.match, text, spaces, space_index, pos)
            if other is not None and other.start() < pos:
                other, other_index = _next_match(self._after_other.match, text, others, other_index, pos)


class _HeadIndex:
    """The heads of every ``WordPattern``, in one automaton: each text is read once for all of them.

    A pattern registers its heads and gets a slot; ``starts(text)`` gives, for each slot, the sorted offsets of
    the spaces its heads follow (and, for a pattern with digit heads, of every space before a digit). The
    automaton is rebuilt when a pattern registers (a few times, as the lexicons load); the last texts' starts
    are kept (the segment stage runs several patterns on one text).
    """

    def __init__(self) -> None:
        self._heads: list[frozenset[str]] = []
        self._digits: list[int] = []  # the slots whose matches may begin with any digit
        self._automaton: Any = None
        self._last: list[tuple[str, list[list[int]]]] = []  # (text, starts) of the last texts

    def register(self, heads: Iterable[str], digits: bool = False) -> int:
        self._heads.append(frozenset(heads))
        if digits:
            self._digits.append(len(self._heads) - 1)
        self._automaton = None
        self._last = []
        return len(self._heads) - 1

    def _build(self) -> Any:
        slots: dict[str, list[int]] = {}
        for slot, heads in enumerate(self._heads):
            for head in heads:
                slots.setdefault(head, []).append(slot)
        # 0-9 as heads of the patterns with digit heads: the automaton passes every space anyway, where a regex
        # for " (?=\d)" stopped at each one (the other decimal digits are rare: see ``starts``)
        for digit in "0123456789":
            of = slots.setdefault(digit, [])
            of.extend(slot for slot in self._digits if slot not in of)
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for head, of in slots.items():
            automaton.add_word(" " + head, (len(head), tuple(of)))  # from the key's end back to the space
        automaton.make_automaton()
        self._automaton = automaton
        return automaton

    def starts(self, text: str) -> list[list[int]]:
        for seen, found in self._last:
            if seen is text:
                return found
        automaton = self._automaton if self._automaton is not None else self._build()
        hits: list[list[int]] = [[] for _ in self._heads]
        for end, (size, slots) in automaton.iter(text):
            start = end - size
            for slot in slots:
                hits[slot].append(start)
        if self._digits:
            # a space before a decimal digit other than 0-9 (١ in a text not normalized, ०): every such digit is
            # one of the other starts
            spaces = [
                at - 1 for at in _other_starts(text) if at and text[at - 1] == " " and text[at].isdecimal()
            ]
            for slot in self._digits if spaces else ():
                hits[slot].extend(spaces)
        found = [sorted(set(h)) for h in hits]
        self._last = [(text, found), *self._last[:3]]
        return found


_HEADS = _HeadIndex()


def _next_match(
    match: Callable[[str, int], re.Match[str] | None], text: str, starts: Sequence[int], index: int, pos: int
) -> tuple[re.Match[str] | None, int]:
    """The first match at one of ``starts[index:]`` that lies at ``pos`` or later, and the index after it."""
    while index < len(starts):
        start = starts[index]
        index += 1
        if start >= pos and (found := match(text, start)) is not None:
            return found, index
    return None, index


# a character before a word that is not a space, where a word character follows (and any decimal digit
# other than 0-9, for the digit heads: it is no character before a word, no pattern matches after it)
_OTHER_START = re.compile(rf"{_BEFORE_WORD}(?:(?=\w)|(?<=\d))")


# the same with 0-9 in the class: a digit is always a hit (it is \d), so one pass finds the other starts and every
# decimal digit (the dates read their numbers at the digits, see ``decimal_digits``); and with A-Z and a-z in the
# class, for the long tokens of ``glued_words`` that follow a character other than a space (group 1: the run of
# seven or more letters after the character; a Latin letter is an other start only through it, never itself)
_OTHER_START_OR_DIGIT = re.compile(
    r"[^\u0621-\u064A ](?:([\u0621-\u064A]{7,})|(?<=[^A-Za-z])(?:(?=\w)|(?<=\d)))"
)


@functools.lru_cache(maxsize=4)
def _other_starts(text: str) -> tuple[int, ...]:
    """Where each word that follows a character other than a space begins (the character's offset): the same
    for every WordPattern, so one search serves them all (a fifth of the marks and line ends are followed by a
    word; ``re`` would try each pattern after every one). With them, every decimal digit other than 0-9."""
    return _starts_and_digits(text)[0]


def decimal_digits(text: str) -> tuple[int, ...]:
    """The offset of every decimal digit of ``text`` (any script: what ``\\d`` matches), in order. A pattern whose
    matches begin with a digit can be matched at these alone (see ``rasd.text.dates``), where ``re`` would
    test every character of the text against ``\\d``; found in the pass that finds ``_other_starts``."""
    return _starts_and_digits(text)[1]


@functools.lru_cache(maxsize=4)
def _starts_and_digits(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[str, ...]]:
    """The other starts, the decimal digits and the runs of seven or more letters (U+0621..U+064A) that follow
    a character other than a space, in one pass (``glued_words`` reads the last, the same pass as the others:
    every letter of that range is a word character, so a character before such a run is an other start unless
    it is a Latin letter or 0-9)."""
    others: list[int] = []
    digits: list[int] = []
    tokens: list[str] = []
    for match in _OTHER_START_OR_DIGIT.finditer(text):
        at = match.start()
        char = text[at]
        token = match[1]
        if token is not None:
            tokens.append(token)
            if "a" <= char <= "z" or "A" <= char <= "Z":
                continue
        if "0" <= char <= "9":
            digits.append(at)
            continue
        others.append(at)
        if char.isdecimal():
            digits.append(at)
    return tuple(others), tuple(digits), tuple(tokens)


def occurrences(text: str, word: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where ``word`` starts in ``text[start:end]`` (offsets into ``text``), overlapping occurrences too, in
    order: ``str.find`` from one to the next, a scan in C (where a regex over a class of characters tests every
    character of the text)."""
    out = []
    at = text.find(word, start, end)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1, end)
    return out


ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def arabic_ratio(text: str) -> float:
    """Share of Arabic-script letters among all letters (0.0 when there are no letters)."""
    letters = len(LETTER.findall(text))
    if not letters:
        return 0.0
    return len(ARABIC_LETTER.findall(text)) / letters
