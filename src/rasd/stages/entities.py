"""Stage ``entities``: every place, armed actor, person and outlet named in the text.

Reads: ``doc.text``, ``doc.norm``, ``doc.tokens`` and the knowledge base (``ctx.resources``). Writes:
``doc.mentions`` — spans of ``doc.text`` (the name itself, clitics excluded) with their candidate ids.

1. **Known names**: one Aho-Corasick pass of every gazetteer, actor, person and outlet key over the normalized
   text (``Resources.scan``); a hit must start at a word start or right after proclitics (``والبوليل`` →
   ``البوليل``, ``لقسد`` → ``قسد``) and end at a word end or before an enclitic. Overlaps: the longest match
   wins (``جيش العشائر`` over ``العشائر``, ``ريف دير الزور الشرقي`` over ``دير الزور``).
2. **Outlets are not places**: ``الميادين`` is both a town and a TV channel. It is the channel after
   ``قناة/مصادر/مراسل/بحسب …``, before ``نت``, or as ``لـ/للميادين`` after a reporting verb or source
   (``أكد مصدر ميداني للميادين``); otherwise the town. An outlet-only name is never a place.
3. **Names that are also words** (gazetteer rows flagged ``needs_context``: الخير، الحرية …) count as places
   only with place context: a head (``قرية``, ``بلدة``), a preposition (``في``, ``ب``) or a place list.
4. **Unknown places** from context patterns: ``قرية/بلدة/مدينة/حي/ريف/مخيم/حقل/معبر/جسر + Name`` and lists
   after a plural head (``قرى X وY وZ``) become place mentions with no ids (gazetteer candidates).
5. **People**: known people from the registry, and names after a title (``القيادي``, ``الشيخ``, ``العميد``,
   ``المدعو``); ``قائد جيش العشائر إبراهيم الهفل`` ties the person to the group mentioned between (``link``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import replace
from operator import attrgetter
from typing import NamedTuple

from rasd.document import Document, Mention, evolve
from rasd.kb.resources import SCAN_CUE_KINDS, Hit, Resources
from rasd.pipeline import Context
from rasd.text.normalize import NAME_DF, Normalized, vocabulary
from rasd.text.trie import trie_pattern

NAME = "entities"
VERSION = "1.0.0"
REQUIRES = frozenset({"text", "norm", "tokens"})
USES_RESOURCES = True
PROVIDES = frozenset({"mentions"})

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP_AFTER_HEAD = frozenset(
    [
        "في",
        "من",
        "علي",
        "الي",
        "عن",
        "مع",
        "بين",
        "قرب",
        "شرق",
        "غرب",
        "شمال",
        "جنوب",
        "شرقي",
        "غربي",
        "شمالي",
        "جنوبي",
        "التي",
        "الذي",
        "الذين",
        "وسط",
        "بريف",
        "ريف",
        "الواقعه",
        "الواقع",
        "المجاوره",
        "المجاور",
        "حيث",
        "منذ",
        "بعد",
        "قبل",
        "خلال",
        "اثر",
        "جراء",
    ]
)
_NAME_HEADS = frozenset({"جبل", "تله", "تل"})  # heads that belong to the name they introduce
_PREPOSITIONS = frozenset(
    {"في", "من", "الي", "نحو", "باتجاه", "داخل", "علي", "عند", "مدخل", "وسط", "اهالي", "سكان"}
)


def run(doc: Document, ctx: Context) -> Document:
    if doc.norm is None:
        return doc
    resources = ctx.resources
    norm = doc.norm
    text = norm.text
    cue_words: list[tuple[int, str]] = []  # (where place heads and titles may stand, found by the same scan)
    known = _known_mentions(resources, text, cue_words)
    cues = _cues(resources)
    mentions = [_classify(resources, cues, text, hit, known) for hit in known]
    kept = [m for m in mentions if m is not None]
    kept.extend(_short_forms(resources, text, kept))
    heads, titles = _head_and_title_matches(resources, text, cue_words)
    kept.extend(_pattern_places(resources, text, kept, heads))
    kept.extend(_titled_people(resources, text, kept, titles))
    kept.sort(key=attrgetter("start", "end"))
    # (where nothing was deleted or expanded, normalized offsets are the original ones)
    mentions_out = kept if _identity(norm) else _to_original(norm, kept)
    original = doc.text
    # (only a place can be no name: the others need no call)
    return evolve(
        doc, mentions=tuple(m for m in mentions_out if m.kind != "place" or not _not_a_name(original, m))
    )


_TANWEEN = "\u064b\u064c\u064d"
_TANWEEN_MARK = re.compile(f"[{_TANWEEN}]")
_MARKS = re.compile("[\u064b-\u0652]*")


def _not_a_name(original: str, mention: Mention) -> bool:
    """What the written text shows a place can't be, though its normalized form matched:

    * a word with tanween — names take none: "صيداً سهلاً" (easy prey), not Sidon;
    * a name after a head written with ه, not ة: "بلده" is "his country", not "بلدة" (town): "يحارب بلده ويقتل".

    ``mention`` is a place (``run`` asks about places only).
    """
    # the name and the marks written after it (tanween, short vowels, shadda, sukun: U+064B–U+0652)
    end = _MARKS.match(original, mention.end).end()  # type: ignore[union-attr]
    if _TANWEEN_MARK.search(original, mention.start, end):
        return True
    if mention.source == "pattern" and mention.head and mention.head.endswith("ه"):
        head = original[max(0, mention.start - 20) : mention.start].rstrip().rsplit(maxsplit=1)[-1:]
        return bool(head) and head[0].rstrip(_TANWEEN + "\u064e\u064f\u0650\u0651\u0652").endswith("ه")
    return False


def _known_mentions(resources: Resources, text: str, cue_words: list[tuple[int, str]]) -> list[Hit]:
    """Knowledge-base hits, longest first where they overlap (and the cue words the scan found)."""
    spans = resources.scan_spans(text, cue_words)
    if not spans:
        return []
    # longest first, then leftmost (no two spans have the same ends): the span numbers sorted by their keys, a
    # list's own __getitem__ as the key function rather than a Python one
    order = [(start - end, start) for start, end, _key, _entries, _prefix, _suffix in spans]
    covered = bytearray(len(text) + 1)
    kept: list[Hit] = []
    for i in sorted(range(len(spans)), key=order.__getitem__):
        span = spans[i]
        start, end = span[0], span[1]
        if covered.find(1, start, end) != -1:
            continue
        covered[start:end] = b"\x01" * (end - start)
        kept.append(_new_hit(span))
    kept.sort(key=attrgetter("start"))
    return kept


# a Hit from a span, which holds its six values in order, made by tuple.__new__ itself (a named tuple's __new__ is
# a Python function that only calls it)
_new_hit = functools.partial(tuple.__new__, Hit)


_PUNCT = "،,.:;؛!؟?()[]«»\"'“”-–—"


def _words_before(text: str, pos: int, n: int = 3) -> list[str]:
    words: list[str] = []
    for word in reversed(text[max(0, pos - 40) : pos].split()):
        word = word.strip(_PUNCT)
        if word:
            words.append(word)
            if len(words) == n:
                break
    words.reverse()
    return words


def _word_before(text: str, pos: int) -> str:
    """The last of ``_words_before`` (or ""): most often the last word of the window, found without splitting
    all of it."""
    tail = text[max(0, pos - 40) : pos].rsplit(None, 1)
    if tail:
        word = tail[-1].strip(_PUNCT)
        if word:
            return word
    words = _words_before(text, pos, 1)  # (the last word is only punctuation: look further back)
    return words[0] if words else ""


def _bare(word: str, cues: frozenset[str]) -> str:
    """A context cue without a leading conjunction or preposition (وقرية → قرية, بمدينة → مدينة); a word
    that is itself a cue (بلدة, whose ب is no preposition) stays as it is."""
    if word in cues or len(word) < 4 or word[0] not in "وفب":
        return word
    return word[1:] if word[1:] in cues else word


def _word_after(text: str, pos: int) -> str:
    match = _WORD.search(text, pos, min(len(text), pos + 30))
    return match.group() if match else ""


def _context_cues(resources: Resources) -> frozenset[str]:
    def build() -> frozenset[str]:
        words = resources.cues("place_head") + resources.cues("place_head_plural") + resources.cues("near")
        return frozenset(words) | _PREPOSITIONS

    cues: frozenset[str] = resources.memo("entities.context_cues", build)
    return cues


def _cue_pattern(resources: Resources, kinds: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for the cue words of some kinds (with an optional و/ب before them), built once."""

    def build() -> re.Pattern[str]:
        words = [w for kind in kinds for w in resources.cues(kind)]
        return re.compile(rf"(?<![^\W_])[وب]?(?:{trie_pattern(words)})(?![^\W_])")

    pattern: re.Pattern[str] = resources.memo("entities.cues." + ".".join(kinds), build)
    return pattern


_HEAD_KINDS = ("place_head", "place_head_plural")
_TITLE_KINDS = ("person_title", "person_title_of")


def _head_and_title_matches(
    resources: Resources, text: str, cue_words: list[tuple[int, str]]
) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """The matches of the place-head and the title patterns (``_cue_pattern``) in ``text``, the same as their
    ``finditer`` gives, found faster: the scan for names found where the cues' first words occur (``cue_words``),
    and each pattern is tried only there and one letter before (a و/ب) — a regex tried at every position of a
    text costs more than the whole scan."""

    def build() -> dict[str, int]:
        # (the scan reports the first words of the cues of SCAN_CUE_KINDS only)
        assert set(_HEAD_KINDS + _TITLE_KINDS) <= set(SCAN_CUE_KINDS), "a cue kind the scan does not find"
        groups: dict[str, int] = {}  # a first word → 1 (a place head's), 2 (a title's) or both
        for bit, kinds in ((1, _HEAD_KINDS), (2, _TITLE_KINDS)):
            for kind in kinds:
                for cue in resources.cues(kind):
                    if cue.split():
                        first = cue.split()[0]
                        groups[first] = groups.get(first, 0) | bit
        return groups

    groups: dict[str, int] = resources.memo("entities.head_title_groups", build)
    starts: tuple[set[int], set[int]] = (set(), set())
    for start, word in cue_words:
        bits = groups.get(word, 0)
        for group, bit in ((0, 1), (1, 2)):
            if bits & bit:
                starts[group].add(start)
                if start and text[start - 1] in "وب":
                    starts[group].add(start - 1)
    return (
        _matches_at(_cue_pattern(resources, _HEAD_KINDS), text, starts[0]),
        _matches_at(_cue_pattern(resources, _TITLE_KINDS), text, starts[1]),
    )


def _matches_at(pattern: re.Pattern[str], text: str, starts: set[int]) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` where matches can only start at ``starts``: the pattern is tried there, left
    to right, skipping the starts inside the last match."""
    found: list[re.Match[str]] = []
    after = 0
    for start in sorted(starts):
        if start >= after and (match := pattern.match(text, start)) is not None:
            found.append(match)
            after = match.end()
    return found


class _Cues(NamedTuple):
    """The cue sets the classification reads, gathered once per knowledge base (``_cues``)."""

    context: frozenset[str]  # context words: place heads, near-words, prepositions
    place_head: frozenset[str]
    place_heads: frozenset[str]  # singular or plural
    near: frozenset[str]
    outlet_before: frozenset[str]
    outlet_after: frozenset[str]
    report_verb: frozenset[str]
    adjective_of: frozenset[str]
    facts: dict[str, _KeyFacts]  # per key, filled on first use


class _KeyFacts(NamedTuple):
    """What a knowledge-base key stands for, worked out once per key (shared by every hit of it)."""

    context_word: bool  # the key is a context cue itself
    outlets: tuple[str, ...]  # the ids it names, by kind
    people: tuple[str, ...]
    actors: tuple[str, ...]
    places: tuple[str, ...]
    outlet_only: bool  # an outlet and nothing else
    countries_only: bool  # places, all of them countries
    common_word: bool  # a place name that is also a word (``common_words``)
    needs_context: bool  # a common word, or a name whose places all need context (``_quarter_or_word``)
    has_head: bool  # the name as written starts with a place head: "حي القصور"


def _cues(resources: Resources) -> _Cues:
    def build() -> _Cues:
        return _Cues(
            context=_context_cues(resources),
            place_head=resources.cue_set("place_head"),
            place_heads=_place_heads(resources),
            near=resources.cue_set("near"),
            outlet_before=resources.cue_set("outlet_before"),
            outlet_after=resources.cue_set("outlet_after"),
            report_verb=resources.cue_set("report_verb"),
            adjective_of=resources.cue_set("adjective_of"),
            facts={},
        )

    cues: _Cues = resources.memo("entities.classify_cues", build)
    return cues


def _key_facts(resources: Resources, cues: _Cues, key: str) -> _KeyFacts:
    """The facts of a key, worked out and kept in ``cues.facts`` (read there first)."""
    kinds = _kinds(resources, key)
    places = tuple(kinds.get("place", ()))
    common_word = key in resources.common_words
    facts = cues.facts[key] = _KeyFacts(
        context_word=key in cues.context,
        outlets=tuple(kinds.get("outlet", ())),
        people=tuple(kinds.get("person", ())),
        actors=tuple(kinds.get("actor", ())),
        places=places,
        outlet_only="outlet" in kinds and len(kinds) == 1,
        countries_only=bool(places) and all(p.startswith(_COUNTRY) for p in places),
        common_word=common_word,
        needs_context=bool(places) and (common_word or _quarter_or_word(resources, places)),
        has_head=key.split()[0] in cues.place_head,
    )
    return facts


def _classify(resources: Resources, cues: _Cues, text: str, hit: Hit, hits: list[Hit]) -> Mention | None:
    facts = cues.facts.get(hit.key) or _key_facts(resources, cues, hit.key)
    if facts.context_word:
        return None  # "مدينة" in "مدينة البصيرة", "شمالي" in "شمالي محافظة": context words, not places
    pos = hit.start - len(hit.prefix)
    if facts.outlets:
        before = _words_before(text, pos)
        last: str | None = before[-1] if before else ""
        after = _word_after(text, hit.end + len(hit.suffix))
        outlet_context = (
            (last and last in cues.outlet_before)
            or after in cues.outlet_after
            # told to the outlet: "أكد مصدر للميادين", "في حديث إلى الميادين"
            or ((hit.prefix in ("ل", "لل") or last == "الي") and any(w in cues.report_verb for w in before))
        )
        if outlet_context or facts.outlet_only:
            return Mention(hit.start, hit.end, "outlet", hit.key, facts.outlets)
    else:
        last = None
    if facts.people:
        return Mention(hit.start, hit.end, "person", hit.key, facts.people)
    if last is None:
        last = _word_before(text, pos)  # (only the word right before the name is read from here on)
    # ("مؤتمر صحافي" is a press conference, not journalists)
    if facts.actors and not (last and last in cues.adjective_of):
        return Mention(hit.start, hit.end, "actor", hit.key, facts.actors)
    places = facts.places
    if not places or (facts.countries_only and hit.prefix.endswith("ال")):
        return (
            None  # "المعارضة السورية", "القوات التركية": with the article a country's name is its adjective
        )
    head = _bare(last, cues.context) if last else ""
    if facts.needs_context and not _place_context(cues, text, hit, head, facts.has_head, hits):
        return None
    if facts.common_word and head not in cues.place_heads:
        return (
            None  # an everyday word (المدينة "the city", حول "about") is a place only after قرية/بلدة/مدينة …
        )
    named_head = head in cues.place_heads or head in cues.near
    return Mention(hit.start, hit.end, "place", hit.key, places, head=head if named_head else "")


def _quarter_or_word(resources: Resources, places: tuple[str, ...]) -> bool:
    """Whether every place a key names needs context: a name that is also a word (``needs_context``), or a city
    quarter's, which often is an everyday word too (الليلية "nightly", النصر, الشهداء): with no other reading it
    needs place context (حي X, في X, a list of places)."""
    return all(
        resources.by_id[p].needs_context or resources.by_id[p].feature == "quarter"  # type: ignore[union-attr]
        for p in places
    )


def _place_heads(resources: Resources) -> frozenset[str]:
    """The heads that name a place's kind, singular or plural (قرية، بلدات …)."""
    heads: frozenset[str] = resources.memo(
        "entities.place_heads",
        lambda: resources.cue_set("place_head") | resources.cue_set("place_head_plural"),
    )
    return heads


_SHORT_FORM = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_]+)+")


def _short_forms(resources: Resources, text: str, found: list[Mention]) -> list[Mention]:
    """An actor named in full once and then by the first words of that name: "القيادة المركزية الأميركية"
    … "وقالت القيادة المركزية"; "المقاومة الإسلامية في العراق" … "المقاومة الإسلامية". Two words at least,
    after the full name, and only where the short form is no name of its own."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in found]
    done: set[str] = set()
    for mention in found:
        if mention.kind != "actor" or not mention.ids or mention.key in done or mention.key.count(" ") < 2:
            continue
        done.add(mention.key)
        words = mention.key.split()
        for size in range(len(words) - 1, 1, -1):
            short = " ".join(words[:size])
            if short in resources.index or words[size - 1] in ("في", "من", "ل"):
                continue
            out.extend(_named_again(text, short, mention.ids, mention.end, taken))
            break
    out.extend(_head_forms(resources, text, found, taken))
    return out


def _head_forms(
    resources: Resources, text: str, found: list[Mention], taken: list[tuple[int, int]]
) -> list[Mention]:
    """An actor named in full once and then by its head noun alone: "المقاومة الإسلامية في العراق" …
    "استهدفت المقاومة قاعدة حقل العمر". Only organisation heads (``short_head`` in the entities lexicon: المقاومة،
    التحالف، الحشد … — not الجيش or القوات, which name many), where one actor in the article has that head, the head
    is no name of its own, and no modifier follows it ("المقاومة الشعبية" is another group)."""
    heads: dict[str, set[tuple[str, ...]]] = {}
    first_at: dict[str, int] = {}
    for mention in found:
        if mention.kind != "actor" or not mention.ids:
            continue  # (tested before the key is split: most mentions are places)
        words = mention.key.split()
        if len(words) < 2 or not words[0].startswith("ال"):
            continue
        heads.setdefault(words[0], set()).add(mention.ids)
        first_at.setdefault(words[0], mention.end)
    not_modifiers = resources.cue_set("not_a_modifier")

    def unmodified(end: int) -> bool:
        rest = text[end : end + 12].split()
        return not (rest and rest[0].startswith("ال") and rest[0] not in not_modifiers)

    out: list[Mention] = []
    for head, owners in heads.items():
        if len(owners) != 1 or head not in resources.cue_set("short_head") or head in resources.index:
            continue
        (ids,) = owners
        out.extend(_named_again(text, head, ids, first_at[head], taken, unmodified))
    return out


def _named_again(
    text: str,
    name: str,
    ids: tuple[str, ...],
    after: int,
    taken: list[tuple[int, int]],
    fits: Callable[[int], bool] | None = None,
) -> list[Mention]:
    """The whole-word uses of ``name`` after ``after`` not inside another mention (``taken``, which grows), and
    for which ``fits(end)`` holds: mentions of the actor ``ids`` by a shorter name."""
    out: list[Mention] = []
    at = text.find(name, after)
    while at != -1:
        end = at + len(name)
        whole = (end == len(text) or not text[end].isalnum()) and _short_form_start(text, at)
        if whole and (fits is None or fits(end)) and not any(s < end and at < e for s, e in taken):
            taken.append((at, end))
            out.append(Mention(at, end, "actor", name, ids, source="short form"))
        at = text.find(name, end)
    return out


def _short_form_start(text: str, at: int) -> bool:
    """A short form starts a word, or follows a proclitic (و، ب، ل) or an article run (وال، بال)."""
    i = at
    while i > 0 and text[i - 1].isalnum() and at - i < 3:
        i -= 1
    return (i == 0 or not text[i - 1].isalnum()) and text[i:at] in ("", "و", "ب", "ل", "وال", "بال", "ال")


def _kinds(resources: Resources, key: str) -> dict[str, list[str]]:
    """The ids a key stands for, grouped by kind (place, actor, person, outlet)."""
    found: dict[str, list[str]] = {}
    for entry in resources.index[key]:
        record = resources.record(entry)
        ident = record.id if hasattr(record, "id") else f"outlet:{record['name_ar']}"
        found.setdefault(entry.kind, []).append(ident)
    return found


_GAP_AND = re.compile(r"[\s،,]*")
_GAP_COMMA = re.compile(r"\s*[،,]\s*")


def _place_context(cues: _Cues, text: str, hit: Hit, head: str, has_head: bool, hits: list[Hit]) -> bool:
    if head in cues.place_heads:
        return True
    if has_head:
        return True  # the name as written carries its head: "حي القصور"
    if head in cues.near or head in _PREPOSITIONS:
        return True
    if hit.prefix.endswith("ب") or hit.prefix in ("وب", "فب"):
        return True
    # a list of places: "في الميادين والبوليل وبقرص" — the previous name is a place, only "و"/"،" between
    # (the hits do not overlap and are sorted by start, so by end too: the previous one is found by bisection)
    start = hit.start - len(hit.prefix)
    before = bisect.bisect_right(hits, start, key=lambda h: h.end)
    if before:
        last = hits[before - 1]
        gap = text[last.end + len(last.suffix) : start]
        if (_GAP_AND.fullmatch(gap) and hit.prefix.startswith("و")) or _GAP_COMMA.fullmatch(gap):
            return any(e.kind == "place" for e in last.entries)
    return False


_LIST_GAP = re.compile(r"\s*(?:،|,)?\s*و?")  # between the names of a list: "قرى X وY"، "بلدات X، Y و Z"


def _pattern_places(
    resources: Resources, text: str, found: list[Mention], matches: list[re.Match[str]]
) -> list[Mention]:
    """Places named after a head word (``قرية X``) or in a list after a plural head (``قرى X وY``)."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in found]
    plural = resources.cue_set("place_head_plural")
    any_head = _place_heads(resources)
    cues_all = _context_cues(resources)
    not_names = resources.memo("entities.not_names", lambda: resources.cue_set("not_a_name") | cues_all)
    for match in matches:  # (the place-head pattern's matches)
        word = match.group()
        bare = word[1:] if word[:1] in "وب" and word[1:] in any_head else word
        if bare not in any_head:
            continue
        pos = match.end()
        names = []
        while True:
            name = _name_after(text, pos)
            if name is None:
                break
            start, end = name
            names.append(name)
            if bare not in plural:
                break
            # a list: "قرى X وY وZ", "بلدات X، Y و Z"
            nxt = _LIST_GAP.match(text, end)
            if not nxt or not nxt.group().strip() or end + len(nxt.group()) >= len(text):
                break
            pos = end + len(nxt.group()) - (1 if nxt.group().endswith("و") else 0)
            if text[pos : pos + 1] == "و":
                pos += 1
        for start, end in names:
            if any(start < e and s < end for s, e in taken):
                continue
            first = text[start:end].split()[0]
            if first in not_names or _bare(first, cues_all) in cues_all or first in resources.common_words:
                continue
            if not first.startswith("ال") and first in resources.everyday_words:
                continue  # "منطقة آمنة", "بلدات محاصرة", "قرى شيعية": an adjective or a word, not a name
            if _verb_shaped(first):
                continue  # "قرية يسيطر عليها تنظيم داعش": a relative clause's verb, not the village's name
            if _everyday(first, bare, resources.cues("generic_head")):
                continue  # "منطقة الحادث", "منطقة الألغام": the area of something, not a place's name
            if bare in _NAME_HEADS:
                start = match.end() - len(bare)  # "جبل الزاوية", "تل أبيض": the head is part of the name
            taken.append((start, end))
            out.append(Mention(start, end, "place", text[start:end], (), source="pattern", head=bare))
    return out


_COUNTRY = "rasd:country-"


def _everyday(word: str, head: str, generic_heads: tuple[str, ...]) -> bool:
    """A word of general news rather than a name: seen in 20+ articles of the vocabulary after a generic head
    (منطقة), in 100+ after a town's or village's, and no word of a known name."""
    count = vocabulary().df.get(word, 0)
    if count >= NAME_DF:
        return False
    return count >= (20 if head in generic_heads else 100)


def _verb_shaped(word: str) -> bool:
    """An imperfect verb of general news (يسيطر، تقع، تضم): a prefix ي/ت/ن and seen in 20+ articles of the
    vocabulary, and no word of a known name."""
    if word[:1] not in ("ي", "ت", "ن"):
        return False
    count = vocabulary().df.get(word, 0)
    return 20 <= count < NAME_DF


# one or two words after a place head (``قرية X``, ``تل أبيض``); the spaces after a title; the gap between a
# name and a title after it (``X، قائد …``); up to three words after a person's title
_NAME_AFTER = re.compile(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_SPACES = re.compile(r"\s+")
_COMMA_GAP = re.compile(r"\s*[،,]?\s*")
_PERSON_AFTER = re.compile(r"[\s،,]*([^\W\d_]+)(?:\s+([^\W\d_]+))?(?:\s+([^\W\d_]+))?")


def _name_after(text: str, pos: int) -> tuple[int, int] | None:
    """One or two words after ``pos`` that can be a place name (stop at prepositions and punctuation)."""
    match = _NAME_AFTER.match(text[pos : pos + 60])
    if not match:
        return None
    first = match.group(1)
    if first in _STOP_AFTER_HEAD or len(first) < 2:
        return None
    start = pos + match.start(1)
    end = pos + match.end(1)
    second = match.group(2)
    if (
        second
        and second not in _STOP_AFTER_HEAD
        and not second.startswith(("و", "ب", "ل"))
        and first in ("ابو", "ام", "تل", "عين", "دير", "جسر", "راس", "بير", "خربه", "كفر", "بيت", "خان")
    ):
        end = pos + match.end(2)
    return start, end


def _titled_people(
    resources: Resources, text: str, found: list[Mention], matches: list[re.Match[str]]
) -> list[Mention]:
    """People after a title; a title + group + name ("قائد جيش العشائر إبراهيم الهفل") links name → group."""
    out: list[Mention] = []
    taken = [(m.start, m.end) for m in found]
    titles = resources.cue_set("person_title")
    titles_of = resources.cue_set("person_title_of")
    actors_by_start = {m.start: m for m in found if m.kind == "actor"}
    people = {m.start: m for m in found if m.kind == "person"}
    for match in matches:  # (the title pattern's matches)
        word = match.group()
        title = word if word in titles or word in titles_of else ""
        if not title:
            continue
        pos = match.end()
        link = ""
        if title in titles_of:
            # "قائد <actor> <name>": skip over the group, remember it
            nxt = _SPACES.match(text, pos)
            group_start = nxt.end() if nxt else pos
            group = actors_by_start.get(group_start)
            if group is None:
                continue
            link = group.ids[0] if group.ids else ""
            pos = group.end
        if link:
            # "X، قائد <group>": the name stands before the title
            previous = next(
                (m for m in reversed(found) if m.kind == "person" and m.end <= match.start()), None
            )
            if previous is not None and _COMMA_GAP.fullmatch(text, previous.end, match.start()):
                out.append(replace(previous, link=link, head=title))
                found.remove(previous)
                continue
        person = _person_name_after(text, pos)
        if person is None:
            continue
        if link and text[person[0] : person[0] + 2] == "ال" and people.get(person[0]) is None:
            continue  # "قائد جيش العشائر المدعوم …": an adjective, not a name
        start, end = person
        known = people.get(start)
        if known is not None:
            if link and not known.link:
                out.append(replace(known, link=link, head=title))
                found.remove(known)
            continue
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        out.append(Mention(start, end, "person", text[start:end], (), source="title", head=title, link=link))
    return out


def _person_name_after(text: str, pos: int) -> tuple[int, int] | None:
    match = _PERSON_AFTER.match(text[pos : pos + 60])
    if not match or match.group(1) in _STOP_AFTER_HEAD:
        return None
    end = match.end(1)
    for group in (2, 3):
        word = match.group(group)
        if not word or word in _STOP_AFTER_HEAD or word.startswith("و"):
            break
        end = match.end(group)
        if group == 2 and not word.startswith("ال") and not (match.group(3) or "").startswith("ال"):
            break  # "إبراهيم الهفل", "أبو محمد الجولاني": stop after two words unless a nisba follows
    return pos + match.start(1), pos + end


def _identity(norm: Normalized) -> bool:
    """Whether the normalized text maps back to the original position for position (nothing was deleted or
    expanded: one linear segment from 0, and the same length), so every span maps to itself."""
    return (
        norm.norm_starts == (0,)
        and norm.orig_starts == (0,)
        and norm.linear == (True,)
        and norm.original_length == len(norm.text)
    )


def _to_original(norm: Normalized, mentions: list[Mention]) -> list[Mention]:
    """The mentions with spans of the original text (``Normalized.span_to_original``)."""
    span_to_original = norm.span_to_original
    out: list[Mention] = []
    for m in mentions:
        start, end = span_to_original(m.start, m.end)
        if start == m.start and end == m.end:
            out.append(m)  # (a span before the first deleted character maps to itself)
        else:
            out.append(Mention(start, end, m.kind, m.key, m.ids, m.source, m.head, m.link))
    return out
