"""Event-lexicon cues in normalized text: triggers, weapons, casualties, reporting verbs, modality.

Reads: the event lexicons of ``Resources`` (``lexicons/events/*.tsv``). Writes: ``CueHit`` values with
normalized offsets. One Aho-Corasick automaton holds every cue of every lexicon; a hit counts when it is a whole
word, or a word behind proclitics (``وقصفت`` → قصفت, ``بالمدفعية`` → المدفعية) and before an enclitic
(``استهدفتها``), like names (``Resources.scan``). Built once per knowledge base.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

import ahocorasick

from rasd.document import LastValue
from rasd.kb.resources import Resources, frequent_first
from rasd.text.normalize import normalize_key

LEXICONS = ("triggers", "weapons", "casualties", "reporting", "modality")
_SPLIT = "split"  # the table entry of a verb-object phrase's verb (no cue of its own)


class CueHit(NamedTuple):
    """A cue found in a normalized text, as normalized offsets, with its lexicon and its row there.

    (A named tuple rather than a frozen dataclass: an article has about fifty hits, and a tuple is built faster.)
    """

    start: int
    end: int
    lexicon: str
    row: dict[str, str]


@dataclass(frozen=True)
class CueIndex:
    automaton: object
    prefixes: frozenset[str]
    suffixes: frozenset[str]
    prefix_ends: frozenset[str] = frozenset()  # the last letters of the prefixes: a quick first test
    last: LastValue[str, CueHits] = field(init=False, compare=False, repr=False)  # the last text's hits

    def __post_init__(self) -> None:
        object.__setattr__(self, "last", LastValue(lambda norm_text: CueHits(self.find(norm_text))))

    def scan(self, norm_text: str) -> CueHits:
        """All the cues of a text, to slice by sentence (``CueHits.within``). The last text's hits are kept:
        the events and claims stages run one after the other on one document and scan it once."""
        return self.last(norm_text)

    def find(self, norm_text: str, start: int = 0, end: int | None = None) -> list[CueHit]:
        """The cues of ``norm_text[start:end]`` (its edges count as word edges), in the automaton's order."""
        segment = norm_text[start:end]
        size = len(segment)
        prefixes, suffixes, prefix_ends = self.prefixes, self.suffixes, self.prefix_ends
        head_of, tail_of, hit = _HEAD.search, _TAIL.match, _new_hit
        found: list[CueHit] = []
        for last, (length, entries) in self.automaton.iter(segment):  # type: ignore[attr-defined]
            # most hits sit on word boundaries: look at the letters around them only when there are some
            # ("لا" and "لم" inside every word with "الا…", "الم…": the letter before them ends no prefix)
            # (the letter before the hit is at last - length; a space, the most common, needs no isalnum call)
            if last >= length and (before := segment[last - length]) != " " and before.isalnum():
                if before not in prefix_ends:
                    continue
                s = last + 1 - length
                # (the letters of the word before the hit, read from 5 back: a longer run is no prefix either)
                if head_of(segment, s - 5 if s > 5 else 0, s).group() not in prefixes:  # type: ignore[union-attr]
                    continue
            else:
                s = last + 1 - length
            e = last + 1
            if e == size or (after := segment[e]) == " " or not after.isalnum():
                for lexicon, row in entries:
                    if lexicon == _SPLIT:
                        # a verb-object phrase with the subject between ("سلّمت قسد نقاطها"): its object follows
                        match = row["_after"].match(segment, e)
                        if match is not None:
                            found.append(hit((start + s, start + match.end(1), row["_lexicon"], row["_row"])))
                        continue
                    found.append(hit((start + s, start + e, lexicon, row)))
                continue
            # (the letters of the word after the hit, read up to 4: a longer run is no suffix either)
            tail = tail_of(segment, e, e + 4).group()  # type: ignore[union-attr]
            if tail not in suffixes:
                continue
            for lexicon, row in entries:
                if lexicon == _SPLIT or row.get("pattern_kind") == "exact":
                    continue  # this form only: "سيطرت" (took control), not "سيطرتها" (its control)
                if tail == "ي" and lexicon == "triggers":
                    continue  # a nisba adjective names a weapon (مدفعي، صاروخي); after a verb it makes a noun (قتلى)
                found.append(hit((start + s, start + e, lexicon, row)))
        return found


class CueHits:
    """Every cue of one text, found in one pass, sliced by range: stages that look at many sentences of a
    document scan it once instead of once per sentence."""

    def __init__(self, hits: list[CueHit]) -> None:
        self.hits = sorted(hits, key=attrgetter("start", "end"))
        self.starts = [h.start for h in self.hits]

    def within(self, start: int, end: int) -> list[CueHit]:
        """The hits that start in [start, end) and end by ``end``."""
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [h for h in self.hits[lo:hi] if h.end <= end]


# a CueHit from its four values, made by tuple.__new__ itself (a named tuple's __new__ is a Python function
# that only calls it: about fifty hits an article)
_new_hit = functools.partial(tuple.__new__, CueHit)
# the letters (str.isalnum) of the same word before the end of a search and after its start
_HEAD = re.compile(r"[^\W_]*\Z")
_TAIL = re.compile(r"[^\W_]*")


_NOMINAL = frozenset(
    {"triggers", "casualties"}
)  # lexicons whose phrases name an event (not a weapon in flight)
_FUNCTION_WORDS = frozenset(
    normalize_key(w)
    for w in ["في", "على", "من", "عن", "إلى", "الى", "مع", "بين", "يد", "قبل", "بعد", "لم", "لا"]
)


def _definite_forms(key: str) -> list[str]:
    """The definite forms of an indefinite noun phrase: a noun and its adjective both take the article
    (براميل متفجرة → البراميل المتفجرة), a noun and its genitive only the last word (إطلاق نار → إطلاق النار).
    Phrases with a preposition or particle, or with an article already, are left as the lexicon wrote them."""
    words = key.split()
    if len(words) < 2 or any(w.startswith("ال") or w in _FUNCTION_WORDS or len(w) < 3 for w in words):
        return []
    return [" ".join("ال" + w for w in words), " ".join([*words[:-1], "ال" + words[-1]])]


def _dual_forms(key: str) -> list[str]:
    """The duals of a noun ending in ة, whose ة turns to ت before the ending (غارة → غارتين، غارتان;
    مجزرة → مجزرتين): a suffix check on the lexicon's form cannot see them."""
    if " " in key or not key.endswith("ه") or len(key) < 4:
        return []
    stem = key[:-1] + "ت"
    return [stem + "ين", stem + "ان"]


def cue_index(resources: Resources) -> CueIndex:
    def build() -> CueIndex:
        from rasd.text.segment import clitic_rules

        table: dict[str, list[tuple[str, dict[str, str]]]] = {}
        for lexicon in LEXICONS:
            for row in resources.lexicons.get(lexicon, ()):
                key = normalize_key(row["cue"])
                if key:
                    table.setdefault(key, []).append((lexicon, row))
        for key, entries in list(table.items()):
            for variant in _definite_forms(key) + _dual_forms(key):
                if variant not in table:
                    table[variant] = [(lexicon, row) for lexicon, row in entries if lexicon in _NOMINAL]
        # a verb-object phrase also waits at its verb for its object one to three words on (the subject between)
        for lexicon in LEXICONS:
            for row in resources.lexicons.get(lexicon, ()):
                words = normalize_key(row["cue"]).split()
                if row.get("pattern_kind") == "verb_object" and len(words) == 2:
                    after = re.compile(r"\s+(?:\S+\s+){1,3}?(" + re.escape(words[1]) + r")(?=[\s،,.؛:]|$)")
                    split: dict[str, Any] = {"_after": after, "_lexicon": lexicon, "_row": row}
                    table.setdefault(words[0], []).append((_SPLIT, split))
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for key in frequent_first(table):  # (the order that reads a text fastest)
            automaton.add_word(key, (len(key), tuple(table[key])))
        automaton.make_automaton()
        rules = clitic_rules()
        prefixes = frozenset(p for p, _article in rules.prefixes)
        # verbs take object pronouns (استهدفتها، قصفوهم) and feminine, dual and plural endings the lexicon may
        # not list (تفجيران، استهدفتا)
        # (no lone ه: after normalization it is also the ta marbuta — سيطرة "control" is no سيطر + ه)
        suffixes = frozenset(
            {
                *(e for e in rules.enclitics if e != "ه"),
                "ت",
                "وا",
                "ا",
                "ن",
                "ات",
                "ين",
                "ون",
                "ي",
                "ان",
                "تا",
            }
        )
        # (``find`` reads 5 letters before a hit and 4 after it: one more than the longest clitic)
        assert max(map(len, prefixes)) < 5 and max(map(len, suffixes)) < 4, "a clitic longer than find reads"
        return CueIndex(automaton, prefixes, suffixes, frozenset(p[-1] for p in prefixes))

    index: CueIndex = resources.memo("cues.index", build)
    return index
