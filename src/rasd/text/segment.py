"""Sentences, word tokens and clitic candidates for Arabic news text.

Reads: ``doc.text`` (and its ``Normalized`` form for clitics), ``data/text/abbreviations.txt`` and
``data/text/clitics.json``. Writes: sentence spans, ``Tokens`` (word spans), clitic split candidates.

Sentences end at ``. ! ? ؟`` followed by a space, a closing quote or the end, and at every line break (the
extract stage puts each paragraph on its own line) — but not inside quotes (« » “ ” "), not after an
abbreviation or a one-letter initial (``د.`` "Dr", ``أ.`` initials), not inside numbers (``3.5``), not at ".."
(a separator in headlines: ``توقف معارك دير الزور .. هدنة روسية``), and never at the Arabic comma ``،``.

Tokens are word spans (letters, digits, and the diacritics and tatweel inside words). Arabic attaches
conjunctions, prepositions, the article and pronouns to words, so ``والبوليل`` (wa-l-Būlīl, "and al-Bulayl")
is one token. Its split is not decided here: :func:`clitic_candidates` lists every linguistically valid split —
``والبوليل``, ``البوليل`` (w + البوليل), ``بوليل`` (w + al + بوليل) — with spans into ``doc.text``, and the
gazetteer decides which one is a name. ``بقرص`` (Buqrus, a village) therefore survives: the candidate ``قرص``
(b + qurṣ, "disc") only wins if the lexicon prefers it.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from rasd.document import Span
from rasd.kb.catalogue import read_data_file
from rasd.text.normalize import Normalized, occurrences

_WORD = re.compile(r"[\w\u0640\u064B-\u065F\u0670]+")
# the characters a boundary mark begins with: a quote, a line break or a stop (see ``_marks``)
_MARK_CHARS = '«»“”"\n.!?؟'
_STOPS = frozenset(".!?؟")
# up to the last whitespace or opening quote or bracket before a stop: the word before it starts after that
# (a greedy .* and one step back per character, where [^\s(«“"]+$ is tried from every position of the window)
_LAST_BREAK = re.compile(r".*[\s(«“\"]", re.DOTALL)
_OPENING = frozenset("«“")
_CLOSING = frozenset("»”")
_AFTER_TERMINATOR = frozenset(" \t\n»”\"')]…")


@functools.cache
def abbreviations() -> frozenset[str]:
    lines = read_data_file("text/abbreviations.txt").decode("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@dataclass(frozen=True)
class CliticRules:
    conjunctions: tuple[str, ...]
    prepositions: tuple[str, ...]
    future: tuple[str, ...]
    future_stem_initials: frozenset[str]
    article: str
    lam_article: str
    enclitics: tuple[str, ...]
    min_stem: int
    min_stem_with_enclitic: int
    prefixes: tuple[tuple[str, bool], ...]  # (normalized prefix, ends with the article), longest first


@functools.cache
def clitic_rules() -> CliticRules:
    data = json.loads(read_data_file("text/clitics.json").decode("utf-8"))
    conj = ("", *data["conjunctions"])
    prep = ("", *data["prepositions"])
    article = data["article"]
    prefixes: set[tuple[str, bool]] = set()
    for c in conj:
        for p in prep:
            prefixes.add((c + p, False))
            # ل + ال is written لل (li-l-): the alef drops
            prefixes.add((c + data["lam_article"], True) if p == "ل" else (c + p + article, True))
        for f in data["future"]:
            prefixes.add((c + f, False))
    prefixes.discard(("", False))
    ordered = tuple(sorted(prefixes, key=lambda item: (-len(item[0]), item)))
    return CliticRules(
        conjunctions=tuple(data["conjunctions"]),
        prepositions=tuple(data["prepositions"]),
        future=tuple(data["future"]),
        future_stem_initials=frozenset(data["future_stem_initials"]),
        article=article,
        lam_article=data["lam_article"],
        enclitics=tuple(sorted(data["enclitics"], key=len, reverse=True)),
        min_stem=int(data["min_stem"]),
        min_stem_with_enclitic=int(data["min_stem_with_enclitic"]),
        prefixes=ordered,
    )


def sentences(text: str) -> tuple[Span, ...]:
    """Sentence spans of ``text`` (see the module docstring for the rules)."""
    abbrev = abbreviations()
    size = len(text)
    out: list[Span] = []
    start = 0
    depth = 0  # open « “ quotes; a plain " toggles
    in_plain_quote = False
    for at, mark_end in _marks(text):
        mark = text[at]  # (a stop's first character: the mark is text[at:mark_end])
        if mark == "\n":
            _add_sentence(text, start, at, out)
            start = mark_end
            depth, in_plain_quote = 0, False
            continue
        if mark in _OPENING:
            depth += 1
            continue
        if mark in _CLOSING:
            if depth:
                depth -= 1
            continue
        if mark == '"':
            in_plain_quote = not in_plain_quote
            continue
        if depth or in_plain_quote or (mark == "." and text[at + 1 : at + 2] == "."):
            continue  # (a run of dots, "..": a separator in headlines)
        end = mark_end
        if end < size and text[end] not in _AFTER_TERMINATOR:
            continue  # 3.5, U.S.A, a.m.: no space after the stop
        if mark == "." and end == at + 1 and _is_abbreviation(text, at, abbrev):
            continue
        # keep closing quotes/brackets that follow the stop with the sentence
        while end < size and text[end] in "»”\"')]":
            end += 1
        _add_sentence(text, start, end, out)
        start = end
    _add_sentence(text, start, size, out)
    return tuple(out)


def _marks(text: str) -> list[tuple[int, int]]:
    """The boundary marks of ``text`` in order, as (start, end): a quote, a line break, a run of dots ("..") or a
    run of stops ("؟!", "."). The same as the matches of ``[«»“”"\\n]|\\.{2,}|[.!?؟]+``, found with one
    ``str.find`` per mark character (fast scans in C; a regex that starts with a class of characters tests every
    character of the text against it, several times the instructions), then put in order."""
    found = sorted(at for char in _MARK_CHARS for at in occurrences(text, char))
    size = len(text)
    marks: list[tuple[int, int]] = []
    taken = 0  # the end of the last mark: the stops inside a run are part of it
    for at in found:
        if at < taken:
            continue
        end = at + 1
        char = text[at]
        if char in _STOPS:
            if char == "." and end < size and text[end] == ".":
                while end < size and text[end] == ".":
                    end += 1  # "..", "...": the dots only ("..!" is ".." and "!")
            else:
                while end < size and text[end] in _STOPS:
                    end += 1
        marks.append((at, end))
        taken = end
    return marks


def _is_abbreviation(text: str, dot: int, abbrev: frozenset[str]) -> bool:
    start = max(0, dot - 24)
    # the word ends at the stop, or before a line break right before it (as $ matched before a final newline)
    end = dot - 1 if dot and text[dot - 1] == "\n" else dot
    # only the last few characters can hold an abbreviation (no longer than the longest listed, "أ.ف.ب", or one
    # letter): read those first, and a word longer than them ("المنطقة.") is none without looking further back
    reach = _abbreviation_reach()
    near = max(start, end - reach)
    tail = text[near:end]
    if tail.isalpha():  # no break among them (a break is a space, a quote or a bracket, never a letter)
        return near == start and (tail in abbrev or len(tail) == 1)
    match = _LAST_BREAK.match(text, near, end)
    if match is None and near > start:
        return False  # the word goes back further than the reach
    word = text[match.end() if match else near : end]
    if not word:
        return False
    return word in abbrev or (len(word) == 1 and word.isalpha())


@functools.cache
def _abbreviation_reach() -> int:
    """One more character than the longest abbreviation (and than one letter): a word this long is none."""
    return max([1, *map(len, abbreviations())]) + 1


def _add_sentence(text: str, start: int, end: int, out: list[Span]) -> None:
    # the span without its surrounding whitespace (read off the text: no copies of the sentence; most sentences
    # start and end right at the bounds or one space inside)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Span(start, end, "sentence"))


class Tokens:
    """Word tokens as two parallel tuples of offsets into ``doc.text`` (compact: one article has hundreds).

    Immutable, compared and shown like a frozen dataclass of ``starts`` and ``ends``. ``tokenize`` returns them
    unread: the words are found on first use (the pipeline's stages never read them, ``rasd`` shows them on
    request), which saves every article a regex pass over its whole text.
    """

    __slots__ = ("_ends", "_starts", "_text")

    def __init__(self, starts: tuple[int, ...] = (), ends: tuple[int, ...] = ()) -> None:
        self._text: str | None = None  # the text still to read, if any
        self._starts = starts
        self._ends = ends

    @classmethod
    def of(cls, text: str) -> Tokens:
        """The tokens of ``text``, found when first read."""
        tokens = cls()
        tokens._text = text
        return tokens

    @property
    def starts(self) -> tuple[int, ...]:
        if self._text is not None:
            self._read()
        return self._starts

    @property
    def ends(self) -> tuple[int, ...]:
        if self._text is not None:
            self._read()
        return self._ends

    def _read(self) -> None:
        assert self._text is not None
        starts: list[int] = []
        ends: list[int] = []
        for match in _WORD.finditer(self._text):
            starts.append(match.start())
            ends.append(match.end())
        self._starts, self._ends, self._text = tuple(starts), tuple(ends), None

    def __len__(self) -> int:
        return len(self.starts)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Tokens)
        return (self.starts, self.ends) == (other.starts, other.ends)

    def __hash__(self) -> int:
        return hash((self.starts, self.ends))

    def __repr__(self) -> str:
        return f"Tokens(starts={self.starts!r}, ends={self.ends!r})"

    def span(self, index: int) -> Span:
        return Span(self.starts[index], self.ends[index], "token")

    def spans(self) -> tuple[Span, ...]:
        return tuple(Span(s, e, "token") for s, e in zip(self.starts, self.ends, strict=True))


def tokenize(text: str) -> Tokens:
    """The word tokens of ``text`` (read on first use, see ``Tokens``)."""
    return Tokens.of(text)


@dataclass(frozen=True, slots=True)
class CliticSplit:
    """One reading of a token: ``prefix`` + stem ``[start, end)`` + ``suffix`` (offsets into ``doc.text``)."""

    start: int
    end: int
    prefix: str = ""
    suffix: str = ""
    article: bool = False  # the prefix ends with the definite article (ال / لل)


def clitic_candidates(text: str, norm: Normalized, start: int, end: int) -> tuple[CliticSplit, ...]:
    """Every valid split of the token at original ``[start, end)``, whole word first.

    Prefixes and suffixes are matched on the normalized token (so ``وَالبوليل`` with a fatha splits like
    ``والبوليل``); stems are returned as original spans. With an article prefix, the stem is also offered
    *with* its article (``البوليل`` from ``والبوليل``), since names are listed both ways.
    """
    rules = clitic_rules()
    n_start, n_end = norm.to_normalized(start), norm.to_normalized(end)
    word = norm.text[n_start:n_end]
    found: dict[tuple[int, int], CliticSplit] = {(start, end): CliticSplit(start, end)}

    def add(n_s: int, n_e: int, prefix: str, suffix: str, article: bool) -> None:
        o_s, o_e = norm.span_to_original(n_start + n_s, n_start + n_e)
        found.setdefault((o_s, o_e), CliticSplit(o_s, o_e, prefix, suffix, article))

    for prefix, has_article in rules.prefixes:
        if not word.startswith(prefix):
            continue
        stem_len = len(word) - len(prefix)
        if stem_len < rules.min_stem:
            continue
        if (
            prefix[-1:] in rules.future
            and not has_article
            and prefix not in rules.conjunctions
            and word[len(prefix)] not in rules.future_stem_initials
        ):
            continue  # sa- only before an imperfect verb (ي ت ن ا)
        add(len(prefix), len(word), prefix, "", has_article)
        if has_article:
            # the same stem with its article: ب+الميادين → الميادين; لل+قامشلي → القامشلي is not in the text
            article_len = 2 if prefix.endswith(rules.article) else 0
            if article_len:
                add(len(prefix) - article_len, len(word), prefix[:-article_len], "", False)
    for split in list(found.values()):
        s_start, s_end = norm.to_normalized(split.start), norm.to_normalized(split.end)
        stem = norm.text[s_start:s_end]
        for suffix in rules.enclitics:
            if suffix == "ه" and text[norm.to_original(s_end - 1)] == "ة":
                continue  # ة (ta marbuta) normalizes to ه but is no pronoun: ثلاثة is not ثلاث + ه
            if stem.endswith(suffix) and len(stem) - len(suffix) >= rules.min_stem_with_enclitic:
                local_s, local_e = s_start - n_start, s_end - n_start - len(suffix)
                add(local_s, local_e, split.prefix, suffix, split.article)
                break
    return tuple(sorted(found.values(), key=lambda c: (len(c.prefix) + len(c.suffix), c.start, -c.end)))
