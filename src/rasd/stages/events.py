"""Stage ``events``: ACLED-typed events with actors, place, date, fatalities and the evidence for each field.

Reads: ``doc.sentences``, ``doc.norm``, ``doc.mentions``/``places``/``actors``, ``doc.numbers``, ``doc.dates``,
``doc.source.published`` and the event lexicons. Writes: ``doc.events``.

Per clause (a sentence splits before ``كما``, ``فيما``, ``بينما``, ``في حين`` and at ``؛``; the evidence is the
sentence). The rules and why they were chosen: decisions 0006 and 0009.

1. **Type**: trigger cues vote with their weights (a word inside a phrase cue votes once, with the phrase);
   weapons, a casualty, a military target (``على نقاط لقسد``) or towns as the object (``دخلت بلدات``) confirm
   a weak cue; an outcome (``أدت إلى نزوح``) is the news. The tactic comes from what names it, not from a
   generic verb: any aircraft or drone → Air/drone strike, small arms in an assault → Armed clash; drone and
   artillery in one report are two events; a takeover with a withdrawal and no fight is a handover.
2. **Not an event**: a negated, rejected (``يرفض``), future, intended (``من أجل``), modal or hypothetical trigger;
   a question; a trigger pointed back at (``هذا الحصار``); a cause told after the reported event (``…، بعد
   حملة اعتقالات`` weighs half); background — a date a week or more back (a day anywhere in the sentence; a
   month or ``قبل أسبوعين`` next to the trigger or opening the clause), and the sentences that continue such a
   story (``كما …``, ``وتزامن …``) until one is dated anew.
3. **Place**: one event per distinct place the clause names for itself (``قصف على الميادين والبوليل وبقرص`` is
   three events). Names that only locate another (``حقل العمر في ريف دير الزور``, ``ذيبان، شرقي دير الزور``),
   say where fire came from or a line ran (``أطلقت من … بين مدينتي …``), where the reporter is, a governorate
   reading (``محافظة الرقة``), a cause phrase, or name another event (``هجوم سوروتش``) give way to it. A clause
   without a place borrows those of the clauses before it, or of the one after it when that only says where.
4. **Actors**: actor1 is the agent named before the trigger (or after it in verb-subject order, or after
   ``من قبل``), else the subject of the sentence's earlier clause, else a nationality on the attack (``غارات
   أميركية``); actor2 the target (``على``, ``مواقع``, ``تعرّض … لقصف``, a nationality on the base). ``بين X وY``
   gives both sides of a clash or an agreement. Who controls an area is no side; civilians, students and
   protesters never wage violence; the displaced are the actor of a displacement. People killed by shelling or
   a strike on a town with no military target named are civilians. Unclaimed attacks fall back to ACLED's
   generic actors; American and Israeli strikes come from the air unless artillery or rockets are named. An
   attack on a foreign-held base that names no target hits its holder (``data/actors/garrisons.tsv``); a siege
   is laid on whoever holds the areas besieged; the target decides clash or attack, and who took the ground
   decides Government regains or Non-state actor overtakes territory; protesters are actor1 of a protest and
   the force used on them actor2.
5. **Fatalities** by ACLED's rules: the lowest number next to a killed-cue (a number before ``وأصيب`` counts
   the dead); an unnumbered plural counts 3; injuries do not count; a total over several places is split.
6. **Date**: the sentence's most precise date (relative to publication), else the paragraph's, else the
   publication date at precision 2; unknown → none at precision 3.

Repeated reports in one article (same date, place, sub-type) merge; an event at a region that repeats one at a
named place inside it (the headline and the lead) merges into the place, and an undated headline event into the
dated body event it sums up. ``confidence`` starts from the trigger
strength and drops for an inherited place, a generic actor or no date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import operator
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from rasd.document import (
    ActorRef,
    Document,
    Event,
    LastValue,
    Mention,
    PlaceRef,
    Span,
    content_id,
    evolve,
    mentions_in,
)
from rasd.kb.coverage import haversine_km
from rasd.kb.cues import CueHit, CueHits, cue_index
from rasd.kb.resources import Actor, Resources
from rasd.kb.words import word_list, word_tuple
from rasd.pipeline import Context
from rasd.text.dates import DateSpan
from rasd.text.normalize import key_of, normalize_key, occurrences

NAME = "events"
VERSION = "1.0.0"
REQUIRES = frozenset({"sentences", "norm", "mentions", "places", "actors", "numbers", "dates"})
USES_RESOURCES = True
PROVIDES = frozenset({"events"})

DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Riots": "Political violence",
    "Protests": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
INTER_CODES = {
    "State forces": 1,
    "Rebel group": 2,
    "Political militia": 3,
    "Identity militia": 4,
    "Rioters": 5,
    "Protesters": 6,
    "Civilians": 7,
    "External/Other forces": 8,
}
SPECIFIC = frozenset(
    {"city", "town", "village", "quarter", "camp", "site_airport", "site_base", "site_oilfield", "site_gasfield",
     "site_crossing", "site_bridge", "site_dam", "site_prison", "site_other", "unknown", "ambiguous"}
)  # fmt: skip
MIN_VOTES = 2.0
VIOLENT_TYPES = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})
STRONG_VOTES = 3.0
MULTI_TYPE = False
INHERIT_PLACES = False
CLAUSES = True
AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"
UNIDENTIFIED_GROUND = "uag-syria"
UNIDENTIFIED_AIR = "umf"
CIVILIANS = "civ-syria"
_CIVILIAN_WORDS = word_list("events.civilian_words")
_AGENT_MARKERS = word_tuple("events.agent_markers")
_TARGET_MARKERS = word_list("events.target_markers")
_NOT_AGENTS = frozenset(
    {"journalists-syria", "un"}
)  # reporters and the UN speak of attacks, they do not wage them
_TOWN_HEADS = word_list("events.town_heads")
_NOT_TROOPS = word_list("events.not_troops")
_MILITARY_TARGETS = word_list("events.military_targets")
_GENERIC_ATTACK = word_list("events.generic_attack")
_DESTINATION = word_list("events.destination")
# words that place one name relative to another: "حقل العمر في ريف دير الزور", "ذيبان، شرقي دير الزور", "قاعدة
# حرير المجاورة لمطار أربيل", "على بعد 7 كم غربي مدينة البوكمال" — the second name locates the first
_LOCATOR = word_list("events.locator")
# a place after these is where an attack came from or a line between two places, not where it happened
_PARTITIVE = word_list("events.partitive")
_ORIGIN = word_list("events.origin")
_AREA_WORDS = word_list("events.area_words")
_RUN_UP = re.compile(r"(?:^|\s)(?:و?بعيد|و?عقب|غداه|بالتزامن مع|تزامنا مع|في اعقاب)(?=\s)")
_RUN_UP_WORDS = ("بعيد", "عقب", "غداه", "تزامن")  # one of them is in every _RUN_UP match
_EVENT_NAMES = word_list("events.event_names")
_PLACE_HEADS = word_list("events.place_heads")
_REPORTER = re.compile(r"(?:مراسل|مصادر|مصدر|موفد)\S*(?:\s+(?:\S+\s+)?ف?ي)?\s*(?:مدينه|محافظه|العاصمه)?\s*$")
_AIRCRAFT = frozenset({"aircraft", "helicopter"})
_SPEAKER_PLACE = word_tuple("events.speaker_place")
_MEANS = word_list("events.means")


ActorItem = tuple[int, ActorRef]  # (mention index, resolved actor)
DateInfo = tuple[dt.date | None, int, Span | None]  # (date, ACLED time precision, span of the date)


@dataclass(slots=True)
class _Sentence:
    """A clause of a sentence — the unit that is typed and placed — with the sentence as its evidence.

    (Slotted: an article makes about twenty, most read once, and a slotted one is built and read faster.)"""

    span: Span
    paragraph: int
    n_start: int  # normalized bounds (-1 until read, for a one-clause sentence: see ``_normalized_bounds``)
    n_end: int
    cues: list[CueHit] = field(default_factory=list)
    evidence: Span | None = None  # the whole sentence (defaults to span)
    dates: tuple[DateSpan, ...] | None = (
        None  # doc.dates in the sentence, in their order (None: not read yet)
    )

    @property
    def sentence(self) -> Span:
        return self.evidence or self.span


def _normalized_bounds(doc: Document, sentence: _Sentence) -> None:
    """Give a clause whose normalized bounds are not read yet (-1) its bounds: ``_sentences`` leaves them to be
    read for the clauses that need them (most sentences name no place and are never read)."""
    if sentence.n_end < 0:
        assert doc.norm is not None
        sentence.n_start = doc.norm.to_normalized(sentence.span.start)
        sentence.n_end = doc.norm.to_normalized(sentence.span.end)


def _dates_of(doc: Document, sentence: _Sentence) -> tuple[DateSpan, ...]:
    """The dates that may fall in the sentence: those read off it by ``_sentences`` (most sentences have none),
    else all of the document's. Callers still test the clause's or sentence's range."""
    return doc.dates if sentence.dates is None else sentence.dates


def run(doc: Document, ctx: Context) -> Document:
    if doc.norm is None or not doc.sentences:
        return doc
    resources = ctx.resources
    index = cue_index(resources)
    norm = doc.norm
    published = _date(doc.source.published)
    hits = index.scan(norm.text)
    sentences = _split_coordinated(doc, _sentences(doc), hits)
    actor_of = {ref.mention: ref for ref in doc.actors}
    place_of = {ref.mention: ref for ref in doc.places}
    events: list[Event] = []
    last_places: dict[int, list[tuple[PlaceRef, int]]] = {}
    lead_places: list[tuple[PlaceRef, int]] = []
    lead_fighting: list[tuple[PlaceRef, int]] = []  # where the first violence the article reports took place
    # a paragraph's dated clauses so far (by number): an undated clause that reports an event takes the date of
    # the last of them that gives one, read only then (most clauses that hold a date report nothing, and their
    # dates are never asked for)
    dated_clauses: dict[int, list[int]] = {}
    dates_read: dict[int, DateInfo] = {}
    carried = previous_old = False
    # round-up words ("مرّات عديدة", "خلال الأيام الماضية"): few articles hold any
    roundups = [c for c in hits.hits if c.lexicon == "modality" and c.row.get("kind") == "roundup"]
    # where the place names the geocoder placed start, in order: an event is coded only at a place named in its
    # sentence (its own clause's or a neighbour clause's, see _neighbour_places), so the kinds of a sentence
    # that names none are not worked out
    place_starts = sorted(doc.mentions[i].start for i in place_of if doc.mentions[i].kind == "place")
    for number, sentence in enumerate(sentences):
        # (most sentences hold no date: the date rules are not asked about them)
        dated = sentence.dates is None or bool(sentence.dates)
        if sentence.evidence is None or sentence.span.start == sentence.evidence.start:
            # a story told weeks back goes on in the sentences that continue it ("وقبل أسبوعين، قصفت قسد …" —
            # "وتزامن القصف مع هجوم …" — "كما هاجمت العشائر …") until one is dated anew
            carried = (roundups and _roundup(doc, sentence, roundups)) or (
                previous_old and _continues(doc, sentence) and not _dated_recently(doc, sentence, published)
            )
            previous_old = carried or (dated and _dated_back(doc, sentence, published))
        if carried:
            continue
        places = None
        if INHERIT_PLACES:
            _normalized_bounds(doc, sentence)
            sentence.cues = hits.within(sentence.n_start, sentence.n_end)
            places = _sentence_places(doc, sentence, place_of)
        if places:
            last_places[sentence.paragraph] = places
            if not lead_places:
                lead_places = places
        if dated:
            dated_clauses.setdefault(sentence.paragraph, []).append(number)
        if not INHERIT_PLACES:
            whole = sentence.sentence
            at = bisect.bisect_left(place_starts, whole.start)
            if at == len(place_starts) or place_starts[at] >= whole.end:
                continue  # (most sentences: no place named, no event to code)
            # (the clause's cues and normalized bounds, read only now: nothing before asks for them)
            _normalized_bounds(doc, sentence)
            sentence.cues = hits.within(sentence.n_start, sentence.n_end)
        kinds = _event_kinds(doc, sentence, published)
        if not kinds:
            continue
        # (the date before the places: a clause that tells of long ago is skipped before its places are read)
        date = _read_date(doc, sentences, number, published, dates_read) if dated else _NO_DATE
        if date[0] is None and _aside(doc, sentence):
            # "الجدير ذكره أنّ الطائرات الأميركية نفذت غارتين …": told again, its day not given
            date = (None, 3, None)
        elif date[0] is None:
            earlier = (
                _read_date(doc, sentences, n, published, dates_read)
                for n in reversed(dated_clauses.get(sentence.paragraph, ()))
            )
            date = next((d for d in earlier if d[0] is not None), None) or _fallback_date(published)
            if _long_before(date, published):
                continue  # the paragraph tells of 2008 or of last spring: its undated sentences go on with that
        if _far_back(date, published):
            continue  # "في حزيران 1979", "في فبراير 1260": history told in passing, never this week's news
        if places is None:
            places = _sentence_places(doc, sentence, place_of)  # only where an event is reported
        inherited = False
        # (a clause that is its whole sentence has no neighbour clause to borrow from — its span differs from the
        # sentence's by the label only — and is not asked)
        whole = sentence.sentence
        if whole.start < sentence.span.start or sentence.span.end < whole.end:
            if not places:
                places = _neighbour_places(doc, sentence, place_of, hits)
            elif _points_back(doc, sentence, min(doc.mentions[i].start for _r, i in places)):
                # "… قاعدة عين الأسد، بعد أن كانت قد استهدفتها الأربعاء بالإضافة إلى قاعدة حرير": the pronoun is
                # the place named before, beside the clause's own
                before = _neighbour_places(doc, sentence, place_of, hits)
                places = before + [p for p in places if p[0].place_id not in {b[0].place_id for b in before}]
        if not places and INHERIT_PLACES:
            places = last_places.get(sentence.paragraph) or lead_places
            inherited = True
        if not places:
            continue
        fled_from = _outcome_places(doc, sentence, kinds, places)
        for sub_type, event_type, strength in kinds:
            where, borrowed = places, inherited
            outcome = event_type == "Strategic developments" and sub_type == "Other"
            if fled_from and outcome:
                where = [p for p in places if p[1] in fled_from]  # "… أسفرت عن فك الحصار عن القامشلي"
            elif fled_from:
                # "القصف … أدت إلى نزوح عشرات العائلات من الأحياء …": the families fled those quarters; the
                # attacks that drove them out are where the article's lead puts the fighting
                own = [p for p in places if p[1] not in fled_from]
                where = own or (lead_fighting if event_type in VIOLENT_TYPES else [])
                borrowed = borrowed or not own
                if not where:
                    continue
            elif event_type in VIOLENT_TYPES and not inherited and not lead_fighting:
                lead_fighting = places
            made = _make_events(
                doc,
                resources,
                sentence,
                number,
                sub_type,
                event_type,
                strength,
                where,
                borrowed,
                date,
                actor_of,
            )
            if (
                event_type == "Explosions/Remote violence"
                # (the word looked for first, by str.find: the regex cannot skip ahead to it)
                and norm.text.find("متبادل", sentence.n_start, sentence.n_end) >= 0
                and _MUTUAL.search(norm.text, sentence.n_start, sentence.n_end)
            ):
                # "القصف المتبادل بين الطرفين": each side's fire at the other is an event of its own
                made = [
                    replace(e, tags=(*e.tags, "mutual")) if e.actor2 and e.actor1 != e.actor2 else e
                    for e in made
                ]
                made += [_reversed(doc, resources, e) for e in made if "mutual" in e.tags]
            events.extend(made)
    merged = _merge(_known_opponents(resources, events))
    return evolve(doc, events=tuple(_headline_dated_by_body(doc, merged)))


_NO_DATE: DateInfo = (None, 3, None)


def _read_date(
    doc: Document,
    sentences: list[_Sentence],
    number: int,
    published: dt.date | None,
    read: dict[int, DateInfo],
) -> DateInfo:
    """``_sentence_date`` of clause ``number``, worked out once (``read`` keeps those asked for)."""
    date = read.get(number)
    if date is None:
        date = read[number] = _sentence_date(doc, sentences[number], published)
    return date


def _headline_dated_by_body(doc: Document, events: list[Event]) -> list[Event]:
    """A headline event with no date of its own (publication day by default) that the body reports with a date
    (same place, sub-type and actor1) is the body's event: "القيادة المركزية تعلن اعتقال قيادي …" above "وقالت
    إن قواتها اعتقلت قيادياً … يوم السبت"."""
    line_end = doc.text.find("\n")
    if line_end <= 0:
        return events

    def dated(e: Event) -> bool:
        return any(name == "event_date" for name, _span in e.field_evidence)

    body = [e for e in events if e.evidence.start > line_end and dated(e)]
    return [
        e
        for e in events
        if not (
            e.evidence.end <= line_end
            and not dated(e)
            and any(
                (b.place_id or b.location_ar) == (e.place_id or e.location_ar)
                and b.sub_event_type == e.sub_event_type
                and b.actor1 == e.actor1
                and b.event_date != e.event_date
                for b in body
            )
        )
    ]


def _known_opponents(resources: Resources, events: list[Event]) -> list[Event]:
    """A fight whose other side the clause does not name ("قوات العشائر دخلت بلدات …") is fought against the
    side the article last had this actor fight ("هجوم العشائر العربية على قسد")."""
    by_name = resources.memo("events.actors_by_canonical", lambda: {a.canonical: a for a in resources.actors})
    last: dict[str, str] = {}
    out = []
    for event in events:
        generic = event.actor1.startswith("Unidentified")
        if event.event_type == "Battles" and event.actor2 is None and not generic and event.actor1 in last:
            other = by_name.get(last[event.actor1])
            if other is not None:
                codes = sorted(c for c in (INTER_CODES.get(event.inter1), INTER_CODES.get(other.inter)) if c)
                event = replace(
                    event,
                    actor2=other.canonical,
                    inter2=other.inter,
                    interaction=codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None,
                )
        if (
            event.event_type in ("Battles", "Explosions/Remote violence")
            and event.actor2
            and not generic
            and not event.actor2.startswith(("Civilians", "Unidentified"))
        ):
            last[event.actor1] = event.actor2
        out.append(event)
    return out


_MUTUAL = re.compile(r"(?:^|\s)(?:ال)?متبادل(?:ه|ين)?(?:\s|$)")


def _reversed(doc: Document, resources: Resources, event: Event) -> Event:
    """The same fire the other way: "القصف المتبادل بين الطرفين" is each side's shelling of the other (gold:
    mutual fire is coded once per initiating side)."""
    inter1, inter2 = event.inter2 or "", event.inter1
    codes = sorted(c for c in (INTER_CODES.get(inter1), INTER_CODES.get(inter2 or "")) if c)
    return replace(
        event,
        event_id=content_id(event.event_id, "reversed"),
        actor1=event.actor2 or event.actor1,
        actor2=event.actor1,
        inter1=inter1,
        inter2=inter2,
        interaction=codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None,
        civilian_targeting="",
    )


def _neighbour_places(
    doc: Document, sentence: _Sentence, place_of: dict[int, PlaceRef], hits: CueHits
) -> list[tuple[PlaceRef, int]]:
    """A clause without a place of its own takes those of the clauses before it in its sentence ("… في
    بلدتي X وY، كما سيطرت …"), else those of the clause after it when that one only says where ("بقصف
    عشوائي أدى إلى خسائر في الأرواح، كما حدث في الميادين والبوليل") — not a clause with news of its own
    ("وإطباق حصار على تلك المنطقة، بينما نفى … المجزرة في قرية دحلة")."""
    assert doc.norm is not None and sentence.evidence is not None
    norm = doc.norm
    parts = []
    if sentence.evidence.start < sentence.span.start:
        parts.append(Span(sentence.evidence.start, sentence.span.start, "clause"))
    if sentence.span.end < sentence.evidence.end:
        parts.append(Span(sentence.span.end, sentence.evidence.end, "clause"))
    for part in parts:
        n_start, n_end = norm.to_normalized(part.start), norm.to_normalized(part.end)
        if part.start > sentence.span.start and any(
            c.lexicon == "triggers" or (c.lexicon == "reporting" and c.row["claim_type"] != "source")
            for c in hits.within(n_start, n_end)
        ):
            continue
        places = _sentence_places(doc, _Sentence(part, sentence.paragraph, n_start, n_end), place_of)
        if places:
            return places
    return []


def _points_back(doc: Document, sentence: _Sentence, first_place: int) -> bool:
    """A trigger verb of the clause carries an object pronoun for a place ("استهدفتها", "قصفوها") before the
    clause names a place of its own: its target was named before the clause."""
    assert doc.norm is not None
    text = doc.norm.text
    for cue in sentence.cues:
        if cue.lexicon == "triggers" and " " not in cue.row["cue"]:
            rest = text[cue.end : cue.end + 4]
            for suffix in ("ها", "وها"):
                # a verb, not a noun with a possessive ("تقدمها", "قصفها لمناطق"): the pronoun follows a subject
                # marker ("استهدفتها", "قصفوها") or an imperfect verb's ("يستهدفها")
                verb = text[cue.start : cue.end] + suffix[:-2]
                if (
                    rest.startswith(suffix)
                    and not rest[len(suffix) : len(suffix) + 1].isalpha()
                    and (verb.endswith(("ت", "و")) or verb.startswith("ي"))
                    and doc.norm.span_to_original(cue.start, cue.end)[0] < first_place
                ):
                    return True
    return False


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


# every clause break holds one of these: a sentence with none of them is one clause (most sentences), and no
# break is looked for in it
_CLAUSE_WORDS = ("كما", "فيما", "بينما", "في حين", "ن كان", "؛")
# a clause break's word (and before "بعد أن كانت … قد": what had happened before is an event of its own, with its
# own date), written first so that re skips ahead to its first letters; the word boundary before it and an
# optional "، " are tested by hand (``_clause_breaks``)
_BREAK_WORD = re.compile(r"(?:كما|فيما|بينما|في حين|بعد [أا]ن كان(?:ت|وا)?)\b|؛")


def _clause_breaks(text: str, start: int, end: int, candidates: list[int] | None = None) -> list[int]:
    """Where clauses break in ``text[start:end]``: at "؛", and before "كما", "فيما", "بينما", "في حين", "بعد أن
    كان(ت/وا)" as whole words — at the comma when "، " comes before the word (the match starts of the clause-break
    pattern in ``tests/test_events.py``). ``candidates``: ``_break_candidates(text)``, when the caller has them."""
    # (the break word is matched only where one of its words starts, in order — the first that matches is where
    # a search from there would find it — not searched for: the pattern has no literal to skip ahead to, and re
    # tries every alternative at every letter, about a third of the stage's time before)
    if candidates is None:
        candidates = _break_candidates(text)
    out = []
    pos = start
    for i in range(bisect.bisect_left(candidates, start), len(candidates)):
        at = candidates[i]
        if at >= end:
            break
        if at < pos or (match := _BREAK_WORD.match(text, at, end)) is None:
            continue
        if text[at] != "؛":
            if at and (text[at - 1].isalnum() or text[at - 1] == "_"):
                pos = at + 1  # no word boundary ("حكما"): look on from the next letter
                continue
            back = at
            while back > pos and text[back - 1].isspace():
                back -= 1
            if back > pos and text[back - 1] in "،,":
                at = back - 1  # "، كما": the break starts at the comma
        out.append(at)
        pos = match.end()
    return out


def _clause_words(text: str) -> list[tuple[str, int]]:
    """(word, start) of every clause word (``_CLAUSE_WORDS``) in ``text``."""
    return [(word, at) for word in _CLAUSE_WORDS for at in occurrences(text, word)]


def _break_candidates(text: str, found: list[tuple[str, int]] | None = None) -> list[int]:
    """Where a clause break's word may start in ``text``, in order: where a clause word stands ("بعد أن كان" five
    letters before its "ن كان"). ``found``: the (word, start) of every clause word, when the caller has them."""
    if found is None:
        found = _clause_words(text)
    return sorted({at - 5 if word == "ن كان" else at for word, at in found if word != "ن كان" or at >= 5})


def _sentences(doc: Document) -> list[_Sentence]:
    """Clauses: a sentence splits before "كما", "فيما", "بينما", "في حين" and at "؛" — "قصفت قسد بلدة X، كما
    سيطرت على نقاط في Y" reports two things in two places."""
    assert doc.norm is not None
    text = doc.text
    to_normalized = doc.norm.to_normalized
    out = []
    paragraph = 0
    previous_end = 0
    # the dates by start (the text layer gives them in order)
    dates_in = doc.dates
    date_starts = [d.start for d in dates_in]
    in_order = all(a <= b for a, b in itertools.pairwise(date_starts))
    # where the clause words stand in the text, found once (a str.find pass per word over the whole text costs
    # half what a search of each sentence for each word costs; an article holds few): (start, end) in order
    found = _clause_words(text)
    bounds = sorted((at, at + len(word)) for word, at in found)
    word_starts = [at for at, _end in bounds]
    word_ends = [end for _at, end in bounds]
    candidates = _break_candidates(text, found) if found else []
    for span in doc.sentences:
        start, end = span.start, span.end
        if text.find("\n", previous_end, start) >= 0:
            paragraph += 1
        previous_end = end
        if not date_starts:
            dates: tuple[DateSpan, ...] = ()
        elif in_order:
            dates = dates_in[bisect.bisect_left(date_starts, start) : bisect.bisect_left(date_starts, end)]
        else:
            dates = tuple(d for d in dates_in if start <= d.start < end)
        # a sentence without a clause word is one clause (most sentences): no break is looked for in it
        at = bisect.bisect_left(word_starts, start)
        while at < len(word_starts) and word_starts[at] < end and word_ends[at] > end:
            at += 1  # (a word that runs past the sentence's end is not in it)
        if not CLAUSES or at == len(word_starts) or word_starts[at] >= end:
            # (its normalized bounds are read only where they are needed: ``_normalized_bounds``; its span is the
            # sentence's own — the same range, no new Span made: a clause's label is never read)
            out.append(_Sentence(span, paragraph, -1, -1, evidence=span, dates=dates))
            continue
        cuts = [start]
        for at in _clause_breaks(text, start, end, candidates):
            if at - cuts[-1] > 15:
                cuts.append(at)
        cuts.append(end)
        n_cuts = [to_normalized(cut) for cut in cuts]  # a clause ends where the next starts
        for i in range(len(cuts) - 1):
            clause = Span(cuts[i], cuts[i + 1], "clause")
            out.append(_Sentence(clause, paragraph, n_cuts[i], n_cuts[i + 1], evidence=span, dates=dates))
    return out


def _probe_words(words: frozenset[str]) -> tuple[str, ...]:
    """The words of a list that hold no other of its words: every word of the list holds one of them, so a text
    that holds none of these holds no word of the list (a few str.find passes, not one per word)."""
    return tuple(sorted(w for w in words if not any(o != w and o in w for o in words)))


_FIGHT_TYPES = frozenset({"Battles", "Explosions/Remote violence"})
# "، و" + a verbal noun that opens an act of its own ("، واستهداف قواعد …", "، وقصف …")
_COORDINATED_ACT = (
    r"\s*و(?:" + "|".join(sorted(word_list("events.coordinated_acts"), key=len, reverse=True)) + r")(?=\s|$)"
)
_COORDINATED = re.compile(r"[،,]" + _COORDINATED_ACT)
# the same, one pattern per comma: a literal first lets re jump from comma to comma (the class makes it test every
# letter), so most articles, which hold no match, are read five times faster
_COORDINATED_BY_COMMA = (re.compile("،" + _COORDINATED_ACT), re.compile("," + _COORDINATED_ACT))
_MOURNING = word_list("events.mourning")  # a group mourning its own dead
# the mourning words that hold no other (زف, نعت, نعي): every mourning word holds one of them
_MOURNING_PROBES = _probe_words(_MOURNING)


def _split_coordinated(doc: Document, clauses: list[_Sentence], hits: CueHits) -> list[_Sentence]:
    """A clause that reports a fight and, after "، و" and an act's verbal noun, another: "اندلاع اشتباكات عنيفة
    في دير الزور بين الجيش السوري وقسد، واستهداف قواعد الاحتلال في حقل كونيكو بالصواريخ" is a clash in one
    place and shelling in another; "باستهداف قاعدة حقل العمر بـ 4 صواريخ، واستهداف قاعدة خراب الجير بـ 3
    صواريخ ومسيّرة" is two attacks, each with its own weapons (ACLED codes each where and how it happened)."""
    assert doc.norm is not None
    norm = doc.norm
    if all(pattern.search(norm.text) is None for pattern in _COORDINATED_BY_COMMA):
        return clauses  # (most articles: a regex pass per comma)
    out = []
    for clause in clauses:
        _normalized_bounds(doc, clause)
        matches = list(_COORDINATED.finditer(norm.text, clause.n_start, clause.n_end))
        if not matches:
            out.append(clause)
            continue
        strong = [
            c
            for c in hits.within(clause.n_start, clause.n_end)
            if c.lexicon == "triggers"
            and float(c.row.get("weight") or 1) >= 2
            and c.row["event_type"] in _FIGHT_TYPES
        ]
        n_cuts = [clause.n_start]
        for match in matches:
            at = match.start()
            before = any(n_cuts[-1] <= c.start and c.end <= at for c in strong)
            after = any(c.start >= at for c in strong)
            if before and after:
                n_cuts.append(at)
        if len(n_cuts) == 1:
            out.append(clause)
            continue
        cuts = [clause.span.start] + [norm.to_original(n) for n in n_cuts[1:]] + [clause.span.end]
        n_cuts.append(clause.n_end)
        for i in range(len(cuts) - 1):
            out.append(
                replace(
                    clause,
                    span=Span(cuts[i], cuts[i + 1], "clause"),
                    n_start=n_cuts[i],
                    n_end=n_cuts[i + 1],
                    evidence=clause.sentence,
                )
            )
    return out


# ---- type -----------------------------------------------------------------------------------------------------


def _event_kinds(
    doc: Document, sentence: _Sentence, published: dt.date | None
) -> list[tuple[str, str, float]]:
    """The (sub_event_type, event_type, strength) this sentence reports, or [] when it reports none."""
    assert doc.norm is not None
    text = doc.norm.text
    cues = sentence.cues
    for c in cues:
        if c.lexicon == "triggers" or c.lexicon == "weapons":
            break
    else:
        return []  # most clauses: nothing that could report an event
    if text[sentence.n_start : sentence.n_end].rstrip(" \t\n\"'”»)").endswith(("؟", "?")):
        return []  # a question speculates ("هدنة روسية أم هدوء ما قبل العاصفة؟")
    # the cues that may block a trigger or date the clause back (modality, reporting), picked once
    modal = [c for c in cues if c.lexicon == "modality" or c.lexicon == "reporting"]
    votes: dict[tuple[str, str], float] = defaultdict(float)
    specific: dict[tuple[str, str], float] = defaultdict(
        float
    )  # votes from tactic-specific cues (not "استهدف", "هجوم")
    first_trigger: dict[tuple[str, str], int] = {}
    weapons: set[str] = set()
    outcomes: set[tuple[str, str]] = set()  # strategic developments the violence led to ("أدت إلى نزوح")
    old_dates = _old_dates(doc, sentence, published, modal)
    silenced = 0
    triggers = [c for c in cues if c.lexicon == "triggers"]
    after_connector = _after_connector(text, sentence, triggers)
    # a word inside a phrase cue ("اعتقالات" in "حملة اعتقالات") votes once, with the phrase (inflected
    # variants of one word — "استهدف"/"استهدفت" — both count, as the lexicon weights assume)
    phrases = [(c.start, c.end) for c in triggers if " " in c.row["cue"]]
    inner = (
        {
            (c.start, c.end)
            for c in triggers
            if " " not in c.row["cue"] and any(s <= c.start and c.end <= e for s, e in phrases)
        }
        if phrases
        else set()
    )
    for cue in cues:
        if cue.lexicon == "triggers":
            word_start = _word_start(text, sentence.n_start, cue.start)  # before "الحصار", not before "حصار"
            if _blocked(text, sentence, cue, word_start, modal) or (cue.start, cue.end) in inner:
                continue
            definite = text.startswith("ال", word_start)
            if _purpose(text, sentence, cue, word_start):
                continue  # "أرسلت طائرات لقصف أهداف", "في محاولة جديدة لانتزاع السيطرة": what it is for
            if text[max(sentence.n_start, word_start - 6) : word_start].split()[-1:] in _DEMONSTRATIVES:
                continue  # "من هذا الحصار", "تلك الاشتباكات": the event told before, pointed at again
            if (
                cue.row["event_type"] == "Strategic developments" or cue.row["sub_event_type"] in _TERRITORY
            ) and text[max(sentence.n_start, word_start - 10) : word_start].split()[-1:] in (
                ["محاوله"],
                ["ومحاوله"],
                ["محاولات"],
            ):
                # "لمنع وصول تعزيزات ومحاولة فك الحصار عن قادته": an outcome attempted is not reached (an attempted
                # attack — "محاولة اغتيال" — is still an attack)
                continue
            preceding = text[max(sentence.n_start, word_start - 14) : word_start].split()
            if definite and (
                (preceding[-1:] and preceding[-1] in _EXPLAINING)
                or text[sentence.n_start : sentence.n_start + 8].split()[:1] in _EXPLAINING_OPENERS
            ):
                # "وجاءت الاشتباكات في دير الزور بعد …", "وجاء الترتيب لعملية الاعتقال تزامناً مع …": explaining an
                # event already told (its definite name points back)
                continue
            if definite and preceding[-1:] and preceding[-1] in _COMPLEMENTIZERS and _goes_on(doc, sentence):
                continue  # "وأوضحت المصادر أنّ الاشتباكات أسفرت عن …": details of the fighting told before
            if preceding[-2:] and _HEARD.intersection(preceding[-2:]) and _goes_on(doc, sentence):
                continue  # "وبيّن مراسلنا أن الاستهدافين تمّا … بعد سماع دوي انفجارات": how it was noticed
            if preceding[-1:] and _strip_proclitic(preceding[-1], _NAMED_AFTER) in _NAMED_AFTER:
                continue  # "ميدان التحرير", "شارع الثورة", "مدرسة الشهداء": part of a name
            if definite and preceding[-1:] and preceding[-1] in _SCENE:
                continue  # "تعزيزات إلى منطقة الاشتباكات": the scene of the fighting told before, as a place
            if definite and " ".join(preceding[-2:]) in _CONCURRENT:
                continue  # "تحليق مكثف للطيران … تزامناً مع الاشتباكات": the backdrop, told before
            if cue.row["sub_event_type"] in _TERRITORY and _toll_follows(text, sentence, cue):
                continue  # "سقوط 30 قتيلا": victims fall, not a town
            if "حصار" in cue.row["cue"] and _ECONOMIC.intersection(
                text[sentence.n_start : sentence.n_end].split()
            ):
                continue  # "ترفع العقوبات والحصار": an economic blockade, not a siege
            if old_dates and _near(doc, sentence, cue, old_dates):
                silenced += 1
                continue  # "وقام مسلحون في أيار الماضي بخطف …": dated weeks back
            key = (cue.row["sub_event_type"], cue.row["event_type"])
            weight = float(cue.row.get("weight") or 1)
            if cue.start in after_connector:
                weight *= (
                    0.5  # "مسلحون يهاجمون حاجزين لقسد، بعد حملة اعتقالات نفذتها": the cause, told before
                )
            if cue.row["event_type"] == "Strategic developments" and _OUTCOME.search(
                text, max(sentence.n_start, cue.start - 14), cue.start
            ):
                weight += 3.0  # "… والقصف المتبادل أدت إلى نزوح عشرات العائلات": the outcome is the news
                outcomes.add(key)
            votes[key] += weight
            if normalize_key(cue.row["cue"]) not in _GENERIC_ATTACK:
                specific[key] += weight
            first_trigger.setdefault(key, cue.start)
        elif cue.lexicon == "weapons":
            weapons.add(cue.row["weapon_class"])
            implied = cue.row.get("implies_sub_event_type")
            if implied:
                votes[(implied, _event_type_of(implied))] += 1.5 if votes else 0.0
                specific[(implied, _event_type_of(implied))] += 1.5
    if not votes or _background(doc, sentence, published, modal) or _pluperfect(text, sentence):
        return []
    if silenced and not first_trigger:
        return []  # every trigger dated weeks back: weapons and casualties alone do not make it current
    # a casualty in the same sentence confirms a weak cue: "انفجار … أسفر عن مقتل 27 شخصا" is an event
    if _hurt(sentence):
        military_victims = _military_words(text[sentence.n_start : sentence.n_end])
        for key in list(votes):
            if key[1] == "Battles" and not specific.get(key) and not military_victims:
                # "هجوم … أسفر عن مقتل 30": an attack with (civilian) victims may be a bombing, not a clash;
                # "مقتل 5 عناصر من قوات النظام بهجوم لخلايا داعش" is a fight
                continue
            if key[1] in VIOLENT_TYPES and 0 < votes[key] < MIN_VOTES:
                votes[key] += 1.0
    # a military target confirms a weak attack cue ("شنّت قوات العشائر هجوماً … على نقاط عسكرية لقسد"); towns
    # as the object confirm a weak entry ("قوات العشائر دخلت بلدات الكشكية وغرانيج"), not a convoy's
    # (only a weak fight's vote can grow: most clauses have none, and the triggers are not read again)
    weak = any(0 < v < MIN_VOTES and k[1] == "Battles" for k, v in votes.items())
    for cue in triggers if weak else ():
        key = (cue.row.get("sub_event_type", ""), cue.row.get("event_type", ""))
        if key in votes and 0 < votes[key] < MIN_VOTES and key[1] == "Battles":
            after = text[cue.end : min(sentence.n_end, cue.end + 60)].split()
            if key[0] == "Non-state actor overtakes territory":
                near = [_strip_proclitic(w, _TOWN_HEADS) for w in after[:4]]
                if (
                    any(w in _TOWN_HEADS for w in near)
                    and not any(w in _NOT_TROOPS for w in after[:4])
                    and not any(w in ("الي", "نحو") for w in after[:2])
                ):
                    votes[key] += 1.0
            elif any(_strip_proclitic(w, _TARGET_MARKERS) in _MILITARY_TARGETS for w in after):
                votes[key] += 1.0
    # one weak cue (weight 1: a noun such as "سيطرة" in "نقاط سيطرة قسد") does not make an event
    votes = {k: v for k, v in votes.items() if v >= MIN_VOTES}
    if not votes:
        return []
    best = max(votes.items(), key=lambda kv: (kv[1], -first_trigger.get(kv[0], 10**9)))
    remote = [kv for kv in votes.items() if kv[0][1] == "Explosions/Remote violence"]
    if best[0] == ("Attack", "Violence against civilians") and remote:
        # "قتل 5 أشخاص جراء قصف طائرات التحالف": people killed by shelling or an air strike are its victims
        best = max(remote, key=lambda kv: kv[1])
    best = _tactic(best, specific, weapons, sentence)
    intervention = ("Protest with intervention", "Protests")
    if best[0] == ("Peaceful protest", "Protests") and votes.get(intervention, 0) >= MIN_VOTES:
        best = (
            intervention,
            best[1],
        )  # "فرقت قوات الأمن المظاهرة بالغاز المسيل للدموع": dispersed, not left alone
    if best[0][1] == "Protests" and (
        (weapons & {"small arms", "sniper"} and "less lethal" not in weapons)
        or _protesters_hit(text, sentence)
    ):
        # "أطلقت قوات قسد النار على متظاهرين، ما أدى إلى مقتل شاب": lethal force on a protest (ACLED sub-type)
        best = (("Excessive force against protesters", "Protests"), best[1])
    takeover = ("Non-state actor overtakes territory", "Battles")
    if best[0] == ("Armed clash", "Battles") and votes.get(takeover, 0) >= MIN_VOTES:
        # "سيطرت على 3 نقاط … حيث اندلعت اشتباكات": ground changing hands in a fight is coded as the takeover
        # (ACLED's precedence; gold guideline 7)
        best = (takeover, best[1])
    kinds = [(best[0][0], best[0][1], best[1])]
    if MULTI_TYPE:
        # a sentence can report several things: "… قصفت بلدة X، كما سيطرت على نقاط …", "… أدت إلى نزوح …"
        for key, weight in sorted(specific.items(), key=lambda kv: -kv[1]):
            if key != best[0] and weight >= STRONG_VOTES and key[0] not in (AIR, SHELLING):
                kinds.append((key[0], key[1], weight))
    # the displacement the attacks led to is an event of its own (gold guideline 9), beside the attacks; and
    # when the outcome is the news, what led to it is one too ("هدنة … أسفرت عن فك الحصار")
    kinds += [(k[0], k[1], votes[k]) for k in outcomes if k != best[0] and votes.get(k, 0) >= MIN_VOTES]
    if best[0] in outcomes:
        causes = [kv for kv in votes.items() if kv[0] not in outcomes and kv[1] >= MIN_VOTES]
        if causes:
            cause = _tactic(max(causes, key=lambda kv: kv[1]), specific, weapons, sentence)
            kinds.insert(0, (cause[0][0], cause[0][1], cause[1]))
    # a drone (or aircraft) and artillery/rockets in one report are two events (one per tactic)
    air = specific.get((AIR, "Explosions/Remote violence"), 0)
    shelling = specific.get((SHELLING, "Explosions/Remote violence"), 0)
    # ("الغارات الجوية قصفت مواقع": the verb قصف names no second tactic — a ground weapon must be named)
    ground = weapons & _GROUND_FIRE
    if best[0][0] in (AIR, SHELLING) and air >= 2 and shelling >= 2 and ground:
        other = SHELLING if best[0][0] == AIR else AIR
        kinds.append((other, "Explosions/Remote violence", min(air, shelling)))
    return kinds


_GROUND_FIRE = frozenset({"rocket", "artillery", "missile", "mortar", "anti-tank", "tank"})
_ASSAULT = word_list("events.assault")


def _tactic(
    best: tuple[tuple[str, str], float],
    specific: dict[tuple[str, str], float],
    weapons: set[str],
    sentence: _Sentence,
) -> tuple[tuple[str, str], float]:
    """The sub-type of a remote-violence report comes from what names the tactic, not from a generic verb
    ("استهدفت طائرات إسرائيلية شاحنة" is an air strike, though "استهدف" votes for shelling); small arms in
    an assault make it a clash ("شنّت قوات العشائر هجوماً بالأسلحة الرشاشة والقذائف الصاروخية على نقاط
    قسد"); any aircraft or drone makes it an air/drone strike (gold guideline 6)."""
    (sub_type, event_type), strength = best
    shot_down = ("Disrupted weapons use", "Strategic developments")
    if event_type == "Explosions/Remote violence" and (
        specific.get(shot_down, 0) >= STRONG_VOTES
        or (
            specific.get(shot_down, 0) > 0
            and weapons & {"aircraft", "helicopter", "drone", "rocket", "missile"}
        )
    ):
        return shot_down, strength  # "أسقط الجيش طائرة مسيرة", "أسقطت عدداً من الصواريخ": what was shot down
    if sub_type == "Non-state actor overtakes territory":
        rows = [c.row for c in sentence.cues if c.lexicon == "triggers"]
        handover = any(r["sub_event_type"] == "Non-violent transfer of territory" for r in rows)
        fighting = any(r["sub_event_type"] == "Armed clash" for r in rows) or bool(weapons)
        if handover and not fighting:
            # "سيطروا على حواجز الشرطة العسكرية، بالتزامن مع قيام الشرطة بسحب عدّة حواجز": no fight
            return ("Non-violent transfer of territory", "Strategic developments"), strength
    if event_type != "Explosions/Remote violence":
        return best
    if weapons & {"aircraft", "helicopter", "drone"} and not weapons & _GROUND_FIRE:
        return (AIR, event_type), strength  # "قصفت الطائرة السيارة": the verb قصف names no ground weapon
    assault = any(c.lexicon == "triggers" and normalize_key(c.row["cue"]) in _ASSAULT for c in sentence.cues)
    if "small arms" in weapons and assault and not weapons & {"artillery", "mortar", "missile"}:
        return ("Armed clash", "Battles"), strength
    tactics = {k: v for k, v in specific.items() if k[1] == event_type and v > 0}
    if tactics and specific.get((sub_type, event_type), 0) == 0:
        return max(tactics.items(), key=lambda kv: kv[1])[0], strength
    return best


_OUTCOME = re.compile(r"(?:ادي|ادت|اديا|ادتا)\s+الي\s+$|(?:اسفر|اسفرت)\s+عن\s+$|(?:تسبب|تسببت)\s+ب?")
_ECONOMIC = word_list("events.economic")
_TERRITORY = frozenset({"Non-state actor overtakes territory", "Government regains territory"})


def _toll_follows(text: str, sentence: _Sentence, cue: CueHit) -> bool:
    """A casualty word right after the cue: "سقوط 30 قتيلاً", "سقوط ضحايا" (not "سيطرت على 3 نقاط")."""
    return any(c.lexicon == "casualties" and cue.end <= c.start <= cue.end + 14 for c in sentence.cues)


_EXPLAINING = word_list("events.explaining")
_EXPLAINING_OPENERS = [[w] for w in sorted(_EXPLAINING)]
_HEARD = word_list("events.heard")
_NAMED_AFTER = word_list("events.named_after")
_SCENE = word_list("events.scene")
_COMPLEMENTIZERS = word_list("events.complementizers")
# verbs with which a source goes on with the details of what it has reported
_GOING_ON_VERBS = word_list("events.going_on_verbs")


def _goes_on(doc: Document, sentence: _Sentence) -> bool:
    """The sentence opens with a source going on with details ("وأوضحت المصادر", "وشدد المصدر على أن")."""
    assert doc.norm is not None
    start = sentence.sentence.start
    words = key_of(doc.norm, start, min(sentence.sentence.end, start + 30)).split()[:2]
    return any(w in _GOING_ON_VERBS or w[1:] in _GOING_ON_VERBS for w in words)


_CONCURRENT = word_list("events.concurrent")
_DEMONSTRATIVES = [[normalize_key(w)] for w in ["هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"]]
_CONNECTOR = re.compile(r"(?:^|\s)(?:و?بعد|عقب|اثر|في اعقاب|علي خلفيه)(?=\s)")
# a clause is searched for _CONNECTOR only when it holds one of these words; a match starts this many letters
# before the word: " وبعد", " بعد"; " عقب"; " اثر"; " علي خلفيه" (or at the text's start, with ^)
_CONNECTOR_WORDS = {"بعد": (2, 1), "عقب": (1,), "اثر": (1,), "خلفيه": (5,)}


def _connectors(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The (start, end) of the matches of ``_CONNECTOR.finditer(text, start, end)`` — none where the range
    holds none of ``_CONNECTOR_WORDS`` (most clauses): the regex, which cannot skip ahead to a first letter, is
    tried only where a connector word puts a match's start."""
    candidates: set[int] = set()
    for word, backs in _CONNECTOR_WORDS.items():
        for at in occurrences(text, word, start, end):
            # (one at the range's start may begin with ^ or be a word cut off: the regex tells)
            candidates.update(max(at - back, start) for back in backs)
    if not candidates:
        return []
    # " في اعقاب" holds none of the words: it is read only in a clause that holds one of them
    candidates.update(max(at - 4, start) for at in occurrences(text, "اعقاب", start, end))
    out: list[tuple[int, int]] = []
    for at in sorted(candidates):
        if out and at < out[-1][1]:
            continue  # inside the match before (finditer goes on from its end)
        match = _CONNECTOR.match(text, at, end)
        if match is not None:
            out.append((match.start(), match.end()))
    return out


def _after_connector(text: str, sentence: _Sentence, trigger_cues: list[CueHit]) -> set[int]:
    """Trigger positions in a "بعد/عقب/إثر …" phrase that follows another trigger of the clause: what the
    clause gives as the cause or the run-up of the event it reports, reported before or elsewhere.
    ``trigger_cues``: the clause's trigger cues."""
    if len(trigger_cues) < 2:
        return set()
    triggers = sorted(c.start for c in trigger_cues)
    strong = [c.start for c in trigger_cues if float(c.row.get("weight") or 1) >= 2]
    out: set[int] = set()
    for connector_start, connector_end in _connectors(text, sentence.n_start, sentence.n_end):
        if not any(t < connector_start for t in strong):
            # "وجاء ذلك بعد أن شنّت …": the connector opens the clause; "أصوات انفجارين هزا المنطقة إثر استهداف
            # حقل العمر": what came before is no event of its own — what follows is the news
            continue
        out.update(t for t in triggers if connector_end <= t <= connector_end + 30)
    return out


def _event_type_of(sub_type: str) -> str:
    return {
        AIR: "Explosions/Remote violence",
        SHELLING: "Explosions/Remote violence",
        "Remote explosive/landmine/IED": "Explosions/Remote violence",
        "Suicide bomb": "Explosions/Remote violence",
        "Grenade": "Explosions/Remote violence",
        "Chemical weapon": "Explosions/Remote violence",
        "Armed clash": "Battles",
        "Attack": "Violence against civilians",
    }.get(sub_type, "Explosions/Remote violence")


# verbs and nouns that govern ل: "تعرّضت القاعدة لقصف", "تصدّت لهجوم", "نتيجة لقصف" report the event itself
_GOVERNS_LAM = word_list("events.governs_lam")


def _purpose(text: str, sentence: _Sentence, cue: CueHit, word_start: int) -> bool:
    """A trigger after the purpose ل ("لقصف", "لاستهداف", "للسيطرة"): what something is for, not what happened
    — unless a verb of exposure in the clause governs it ("تعرّض حقل العمر، في ريف دير الزور، لقصف") or the
    word before does ("تصدّت لهجوم", "نتيجة لقصف")."""
    if text[word_start : word_start + 1] != "ل" or cue.start - word_start not in (1, 2):
        return False  # not ل + the trigger (لقصف) nor ل + its article (للقصف)
    if cue.start - word_start == 2 and text[word_start + 1] != "ل":
        return False
    before = text[sentence.n_start : word_start].split()
    if before and before[-1].lstrip("و") in _GOVERNS_LAM:
        return False
    return not any(_strip_proclitic(w, _EXPOSED) in _EXPOSED for w in before)


_PLUPERFECT = re.compile(r"\s*و?كان(?:ت|وا|تا)?\s+(?:\S+\s+){0,8}?قد\s+(\S+)")


def _pluperfect(text: str, sentence: _Sentence) -> bool:
    """A sentence opening in the pluperfect ("وكان المئات من التنظيم قد قتلوا في محاولة الاستيلاء على كوباني")
    recalls what had happened before the news: background. An earlier report of the news ("وكان مراسلنا قد
    أفاد بـ…") is still the news."""
    if sentence.span.start != sentence.sentence.start:
        return False
    match = _PLUPERFECT.match(text, sentence.n_start, sentence.n_end)
    if match is None:
        return False
    verb_at = match.start(1)
    return not any(c.lexicon == "reporting" and c.start <= verb_at < c.end + 3 for c in sentence.cues)


def _word_start(text: str, floor: int, at: int) -> int:
    """Where the word holding ``at`` begins, with its article and proclitics (not before ``floor``)."""
    while at > floor and text[at - 1].isalnum():
        at -= 1
    return at


def _blocked(
    text: str,
    sentence: _Sentence,
    trigger: CueHit,
    word_start: int | None = None,
    modal: list[CueHit] | None = None,
) -> bool:
    """Negated, future, modal or hypothetical: a modality cue in the clause before the trigger; or what is to
    be stopped or has broken down ("اتفاق يقضي بوقف الاشتباكات", "انهارت الهدنة"). ``word_start``: where the
    trigger's word starts, and ``modal``: the clause's modality and reporting cues, if the caller has them
    already."""
    if word_start is None:
        word_start = _word_start(text, sentence.n_start, trigger.start)  # (a cue after an article: "الهدنة")
    before = text[max(sentence.n_start, word_start - 16) : word_start].split()[-1:]
    if before and _strip_proclitic(before[0], _HALTED) in _HALTED:
        return True
    if modal is None:
        modal = [c for c in sentence.cues if c.lexicon == "modality" or c.lexicon == "reporting"]
    if not modal:
        return False  # (most clauses: no cue that could block it)
    clause_start = max(sentence.n_start, text.rfind("،", sentence.n_start, trigger.start) + 1)
    window_start = max(clause_start, trigger.start - 40)
    for cue in modal:
        if (
            cue.lexicon == "reporting"
            and sentence.n_start <= cue.start < trigger.start
            and cue.row.get("claim_type") in ("denial", "threat", "accusation")
        ):
            # "نفى الهفل … التوصل إلى هدنة", "اتهموا الجيش بقصف …": what is denied, threatened or alleged in
            # the sentence is a claim, not an event
            return True
        if cue.lexicon not in ("modality", "reporting") or not (window_start <= cue.start < trigger.start):
            continue
        kind = cue.row.get("kind") or cue.row.get("claim_type")
        if (
            kind == "negation"
            and text[cue.end : cue.end + 12].split()[:1]
            and _strip_proclitic(text[cue.end : cue.end + 12].split()[0], _NOT_NEGATING) in _NOT_NEGATING
        ):
            continue  # "ولا تزال الاشتباكات مستمرة", "لم تتوقف", "ما لا يقل عن 12": still going on, at least
        if kind in ("negation", "future", "hypothetical"):
            return True
        if kind == "modal" and normalize_key(cue.row["cue"]) == "قد":
            following = text[cue.end : cue.end + 3].strip()
            if following[:1] in ("ي", "ت", "ن"):
                return True  # قد + imperfect: "may"; قد + perfect is an emphatic past
        elif kind == "modal":
            return True
    return False


def _background(doc: Document, sentence: _Sentence, published: dt.date | None, modal: list[CueHit]) -> bool:
    """Historical background: a date a week or more before publication, or a historical cue. ``modal``: the
    sentence's modality and reporting cues."""
    if any(c.lexicon == "modality" and c.row.get("kind") == "historical" for c in modal):
        return True
    if published is None:
        return False
    for date in _dates_of(doc, sentence):
        if sentence.sentence.start <= date.start < sentence.sentence.end and date.value is not None:
            if date.kind == "future":
                continue
            if date.kind == "year" and date.value.year < published.year:
                return True
            if date.kind in ("absolute", "hijri") and (published - date.value).days >= 7:
                return True
    return False


_BACKGROUND_REACH = 50  # characters between a month/span-back date and a trigger it dates


def _old_dates(
    doc: Document, sentence: _Sentence, published: dt.date | None, modal: list[CueHit]
) -> list[int]:
    """Positions of a month without a day ("في شباط/فبراير الماضي") or a span back ("قبل أسبوعين") a week or
    more before publication in the clause. Such a date often dates only a side remark ("قصفت الطائرات أريحا
    التي سقطت في يد الفصائل في أيار الماضي"), so it silences the triggers next to it, not the sentence.
    ``modal``: the clause's modality and reporting cues."""
    assert doc.norm is not None
    # round-up words ("عدة مرّات في الأيام الماضية") silence the triggers next to them like an old date
    out = [
        doc.norm.span_to_original(c.start, c.end)[0]
        for c in modal
        if c.lexicon == "modality" and c.row.get("kind") == "roundup"
    ]
    if published is None:
        return out
    for date in _dates_of(doc, sentence):
        if not (sentence.span.start <= date.start < sentence.span.end) or date.value is None:
            continue
        if (date.kind == "month" and (published - _month_end(date.value)).days >= 7) or (
            date.kind == "relative" and date.precision < 3 and (published - date.value).days >= 10
        ):
            out.append(date.start)
    return out


def _near(doc: Document, sentence: _Sentence, cue: CueHit, positions: list[int]) -> bool:
    """Is the trigger dated by one of these old dates: next to it, or opening the clause before its first
    trigger ("ففي آذار/مارس الماضي، استُهدفت منطقة الصالحية … بغارات أميركية")?"""
    assert doc.norm is not None
    start = doc.norm.span_to_original(cue.start, cue.end)[0]
    first = min(
        (doc.norm.span_to_original(c.start, c.end)[0] for c in sentence.cues if c.lexicon == "triggers"),
        default=start,
    )
    return any(abs(start - p) <= _BACKGROUND_REACH or p < first <= start for p in positions)


_CONTINUATION = word_list("events.continuation")


def _continues(doc: Document, sentence: _Sentence) -> bool:
    """Does the sentence open by continuing the one before ("كما …", "وتزامن القصف مع …", "وأدت تلك …")?"""
    assert doc.norm is not None
    start = sentence.sentence.start
    words = key_of(doc.norm, start, min(sentence.sentence.end, start + 16)).split()
    return bool(words) and words[0] in _CONTINUATION


def _dated_back(doc: Document, sentence: _Sentence, published: dt.date | None) -> bool:
    """The sentence names a date a week or more before publication (a day, a month or a span back)."""
    if published is None:
        return False
    for date in _dates_of(doc, sentence):
        if not (sentence.sentence.start <= date.start < sentence.sentence.end) or date.value is None:
            continue
        if date.kind in ("absolute", "hijri") and (published - date.value).days >= 7:
            return True
        if date.kind == "month" and (published - _month_end(date.value)).days >= 7:
            return True
        if date.kind == "relative" and date.precision < 3 and (published - date.value).days >= 10:
            return True
    return False


def _roundup(doc: Document, sentence: _Sentence, roundups: list[CueHit]) -> bool:
    """The sentence sums up days of events with no day of its own ("واستهدفت المقاومة قاعدة عين الأسد مرّات
    عديدة … كما استهدفت قاعدة التنف"): none of its clauses is coded (gold guideline 3). A round-up that then
    names a day ("… عدة مرّات في الأيام الماضية، بحيث أفاد مراسلنا، يوم الجمعة الماضي، بأنّ قصفاً استهدف …")
    reports that day's event; only the triggers next to the round-up words are silenced (``_old_dates``).
    ``roundups``: the document's round-up cues."""
    assert doc.norm is not None
    n_start = doc.norm.to_normalized(sentence.sentence.start)
    n_end = doc.norm.to_normalized(sentence.sentence.end)
    if not any(n_start <= c.start and c.end <= n_end for c in roundups):
        return False
    return not any(
        sentence.sentence.start <= d.start < sentence.sentence.end
        and d.precision == 1
        and d.kind in ("absolute", "relative", "weekday", "hijri")
        for d in _dates_of(doc, sentence)
    )


def _dated_recently(doc: Document, sentence: _Sentence, published: dt.date | None) -> bool:
    if published is None:
        return False
    return any(
        sentence.sentence.start <= d.start < sentence.sentence.end
        and d.value is not None
        and d.kind != "future"
        and 0 <= (published - d.value).days < 7
        for d in _dates_of(doc, sentence)
    )


def _month_end(first: dt.date) -> dt.date:
    end = _MONTH_ENDS.get(first)  # (a few months per article, asked again for every clause that names them)
    if end is None:
        end = _MONTH_ENDS[first] = (first.replace(day=28) + dt.timedelta(days=4)).replace(
            day=1
        ) - dt.timedelta(days=1)
    return end


_MONTH_ENDS: dict[dt.date, dt.date] = {}


# ---- places, dates ------------------------------------------------------------------------------------------------


_DATELINE = re.compile(r"\s*(?:\([^)\n]{1,30}\)\s*)?[-–—:]")


def _dateline(text: str, sentence_start: int, start: int, end: int) -> bool:
    """A place that opens its paragraph and is followed by a dash or colon: "حلب – وكالات:", "دمشق (سانا) -"."""
    if _DATELINE.match(text, end) is None:
        return False  # (most names: no dash or colon after them, and the line before is not read)
    line_start = text.rfind("\n", 0, start) + 1
    return not text[max(line_start, sentence_start) : start].strip()


def _sentence_places(
    doc: Document, sentence: _Sentence, place_of: dict[int, PlaceRef]
) -> list[tuple[PlaceRef, int]]:
    found = []
    inside = mentions_in(doc, sentence.span.start, sentence.span.end)
    # (the document's outlets, listed once per document: most articles name none)
    outlets = [o for o in _outlets(doc) if sentence.span.start <= o.start < sentence.span.end]
    for index in inside:
        mention = doc.mentions[index]
        if mention.kind == "place":
            ref = place_of.get(index)
            if ref is None:
                continue
            before = normalize_key(
                doc.text[max(sentence.span.start, mention.start - 30) : mention.start]
            ).split()
            where = doc.text[mention.end : mention.end + 8].lstrip(
                " ،,"
            )  # "إلى مدينة مارع، حيث اندلعت اشتباكات"
            if _destination(before[-5:]) and not where.startswith("حيث"):
                continue  # "نزوح … إلى مناطق أكثر أماناً مثل دمشق وحلب": destinations are not where it happened
            if any(
                0 <= mention.start - o.end <= 6 and doc.text[o.end : mention.start].strip() == "في"
                for o in outlets
            ):
                continue  # "مراسل الميادين في حلب": where the reporter is, not where it happened
            if _dateline(doc.text, sentence.span.start, mention.start, mention.end):
                continue  # "دير الزور – الشرق السوري: قُتل …": where the story was filed, not where it happened
            found.append((ref, index))
    if not found:
        return []
    norm = doc.norm
    assert norm is not None
    # the words before each name (normalized, 40 characters back), read by both of the next two
    leads = {
        index: key_of(
            norm, max(sentence.span.start, doc.mentions[index].start - 40), doc.mentions[index].start
        )
        for _ref, index in found
    }
    # (a road's ends follow a road word: a clause whose normalized text holds none — most — has none, and its
    # names are not read for one; a name that only locates another needs another: with one name — about half
    # the clauses asked — the choice below comes out the same whether or not it is subordinate, and only a
    # road's end counts)
    clause = norm.text[norm.to_normalized(sentence.span.start) : norm.to_normalized(sentence.span.end)]
    roads = any(word in clause for word in _ROAD_PROBES)
    subordinate = _road_ends(doc, sentence, found) if roads else set()
    if len(found) > 1:
        subordinate |= _subordinate_places(doc, sentence, found, leads)

    def main(candidates: list[tuple[PlaceRef, int]]) -> list[tuple[PlaceRef, int]]:
        return [(r, i) for r, i in candidates if i not in subordinate]

    specific = [
        (r, i)
        for r, i in found
        if r.feature in SPECIFIC and r.feature != "ambiguous" and not _governorate_reading(doc, i)
    ]
    # a countryside, region or district; a governorate or country alone is too coarse to code an event on
    areas = [(r, i) for r, i in found if r.place_id and r.feature in ("region", "admin2", "admin3")]
    areas = [(r, i) for r, i in areas if not r.place_id.startswith("rasd:country")]  # type: ignore[union-attr]
    # a place the sentence names for itself first ("قرب جبل الطار السبيعي … عند الحدود بين الرقة وحماه" →
    # the mountain); names that only locate, bound or source come last
    fired = _fired_from(doc, sentence, found, leads)
    # (where fire was launched from is no place it happened: "اشتباكات … انطلاقاً من مناطق يحتلونها شرق الفرات")
    own_specific = [x for x in specific if x[1] not in fired]
    own_areas = [x for x in areas if x[1] not in fired]
    chosen = main(own_specific) or main(own_areas)
    if chosen and all((r, i) in areas or _rural(doc, doc.mentions[i]) for r, i in chosen):
        # "على طريق القامشلي - عامودا في ريف الحسكة": the road is where it happened, the countryside named after
        # it only locates the road — coded near the road's first end, not at the area
        ends = _road_ends(doc, sentence, own_specific) if roads else set()
        first_end = min(ends, default=None)
        if first_end is not None and all(index > first_end for _ref, index in chosen):
            chosen = [_on_road(next(x for x in own_specific if x[1] == first_end))]
    if not chosen:
        # with no place of its own, a name that only locates will do ("في ريف دير الزور") — not where the fire
        # came from ("اُستهدفت القاعدة بصواريخ أطلقت من البادية بين مدينتي الميادين والبوكمال")
        chosen = own_specific or own_areas
        ends = _road_ends(doc, sentence, chosen) if roads else set()
        if ends:
            # "على طريق الحسكة - الشدادي": somewhere on the road — coded once, near its first end (ACLED
            # geo_precision 2), not at both towns
            # ("… على أوتوستراد حلب - دمشق قرب مدينة سراقب": the town it is near, if one is named)
            # (but "… على طريق القامشلي - عامودا في ريف الحسكة": a countryside only locates the road)
            first = next(x for x in chosen if x[1] in ends)
            chosen = [x for x in chosen if x[1] not in ends and not _rural(doc, doc.mentions[x[1]])] or [
                _on_road(first)
            ]
    # a place not in the gazetteer ("حي المزة في دمشق") is coded at the known place the sentence locates it in
    # (ACLED geo_precision 2), not left without coordinates
    chosen = [
        _located_in(found, subordinate, ref, index) if ref.place_id is None else (ref, index)
        for ref, index in chosen
    ]
    unique: dict[str, tuple[PlaceRef, int]] = {}
    for ref, index in chosen:
        unique.setdefault(ref.place_id or ref.name_ar, (ref, index))
    return list(unique.values())


def _on_road(place: tuple[PlaceRef, int]) -> tuple[PlaceRef, int]:
    """A road's first town as where an event on the road happened: somewhere along it (ACLED geo_precision 2)."""
    ref, index = place
    return replace(ref, geo_precision=max(2, ref.geo_precision)), index


def _destination(words: list[str]) -> bool:
    """A destination word among the last four words before a place ("إلى", "مثل"; ``words`` holds five) — not
    "بالإضافة إلى" ("in addition to") with the act named after it ("بالإضافة إلى استهداف قاعدة حرير": another
    place it happened)."""
    last = len(words)
    for i in range(max(0, last - 4), last):
        if words[i] not in _DESTINATION:
            continue
        between = [_strip_proclitic(w, _TOWN_HEADS) for w in words[i + 1 :]]
        if i and words[i - 1] in _IN_ADDITION and any(w not in _TOWN_HEADS for w in between):
            continue
        return True
    return False


_IN_ADDITION = word_list("events.in_addition")


def _located_in(
    found: list[tuple[PlaceRef, int]], subordinate: set[int], ref: PlaceRef, index: int
) -> tuple[PlaceRef, int]:
    """The known place named right after an unknown one, as where it is ("حي المزة في دمشق" → دمشق)."""
    for other, other_index in found:
        if other_index > index and other_index in subordinate and other.place_id and other.lat is not None:
            return replace(other, geo_precision=max(2, other.geo_precision)), other_index
    return ref, index


def _road_ends(doc: Document, sentence: _Sentence, found: list[tuple[PlaceRef, int]]) -> set[int]:
    """Mentions (by index) of the towns a road is named by ("طريق الحسكة - الشدادي", "أوتوستراد حلب - دمشق",
    "الطريق الواصل بين دير الزور والميادين"): the first right after the road word, the rest joined to it."""
    assert doc.norm is not None
    ends: set[int] = set()
    previous_end: int | None = None
    for _ref, index in found:
        mention = doc.mentions[index]
        words = [
            w.strip(_PUNCT_CHARS)
            for w in key_of(doc.norm, max(sentence.span.start, mention.start - 30), mention.start).split()
        ]
        words = [w for w in words if w]
        if previous_end is not None and ends:
            gap = [
                w.strip(_PUNCT_CHARS + "-–") for w in key_of(doc.norm, previous_end, mention.start).split()
            ]
            if all(not w or w in ("و", "الي", "حتي") for w in gap):
                ends.add(index)
                previous_end = mention.end
                continue
        # the road word, before "بين" and a link ("الطريق الواصل بين …") or before a link alone ("الطريق الدولي …")
        between = words[-1:] == ["بين"]
        at = len(words) - 2 if between else len(words) - 1
        if at >= 0 and words[at] in (_JOINING if between else _ROAD_LINKS):
            at -= 1
        road = at >= 0 and _strip_proclitic(words[at], _ROADS) in _ROADS
        if road and not (at >= 1 and _strip_proclitic(words[at - 1], _STREET_NAMES) in _STREET_NAMES):
            # (not "حي طريق السد": a quarter named after a road)
            ends.add(index)
        previous_end = mention.end
    return ends


_ROADS = word_list("events.roads")
# the road words that hold no other (طريق, طرق, اوتوستراد): every road word holds one of them
_ROAD_PROBES = _probe_words(_ROADS)
_JOINING = ("الواصل", "الرابط")  # "الطريق الواصل بين X وY"
_ROAD_LINKS = (*_JOINING, "الدولي", "العام", "السريع")  # "الطريق الدولي X"
_STREET_NAMES = word_list("events.street_names")


def _speaker_place(before: str) -> bool:
    """A place named as who speaks or as the source ("بحسب أنقرة", "وهو ما تنفيه أنقرة") or as where someone
    spoke ("في مؤتمر صحافي في شانلي أورفة"): ``before`` is the normalized text before it."""
    return before.endswith(_SPEAKER_PLACE)


_PHRASE_BREAK = re.compile(r"[،,:؛.]")  # where the phrase before a place starts
_CLAUSE_PUNCT = re.compile(r"[،,:؛]")
# launched from, right before the place ("أُطلقت من البادية", "انطلاقاً من مناطق يحتلونها شرق الفرات", "مصدرها
# البادية") — not fired toward ("أطلقت 3 صواريخ باتجاه بادية الميادين"), nor "أطلقت أكثر من 300 قذيفة على قرى …"
# — and where an air strike came from ("عدواناً جوياً من اتجاه الجولان السوري المحتل مستهدفاً نقاطاً في ريف
# دمشق", "من فوق الأراضي اللبنانية", "من أجواء البحر"), never "باتجاه" (toward)
_LAUNCHED = re.compile(
    r"(?:^|\s)(?:(?:و?اطلق\S*|انطلاقا)\s(?:\S+\s){0,3}?(?<!اكثر )(?<!اقل )(?<!عدد )من|مصدرها|مصدره"
    r"|من\s(?:اتجاه|فوق|اجواء))\s(?:\S+\s){0,3}$"
)


def _launched(phrase: str) -> bool:
    # (every _LAUNCHED match holds one of these words: most phrases have none, and the regex is not run on them)
    return (
        any(word in phrase for word in ("اطلق", "انطلاقا", "مصدره", "من اتجاه", "من فوق", "من اجواء"))
        and _LAUNCHED.search(phrase) is not None
    )


def _fired_from(
    doc: Document, sentence: _Sentence, found: list[tuple[PlaceRef, int]], leads: dict[int, str]
) -> set[int]:
    """Mentions (by index) named as where fire was launched from: after "أُطلقت من"/"انطلاقاً من" in the same
    phrase, and the names listed with them. ``leads``: the key of the 40 characters before each name."""
    assert doc.norm is not None
    fired: set[int] = set()
    previous: int | None = None
    for _ref, index in found:
        mention = doc.mentions[index]
        phrase = _PHRASE_BREAK.split(doc.text[max(sentence.span.start, mention.start - 60) : mention.start])[
            -1
        ]
        listed = (
            previous in fired
            and doc.text[doc.mentions[previous].end : mention.start].strip(" ،,") in ("", "و")
            and doc.text[mention.start : mention.start + 1] != "و"
        )  # "من البادية بين مدينتي الميادين والبوكمال": named with the one before
        if listed or _launched(" " + normalize_key(phrase) + " ") or _speaker_place(leads[index]):
            fired.add(index)  # (and a place that only speaks, or where someone spoke: never the event's)
        previous = index
    return fired


def _cause_starts(doc: Document, sentence: _Sentence) -> list[int]:
    """Where (original offsets) a "بعد/عقب/إثر …" phrase starts after a trigger of the clause: what follows is
    the cause or the run-up of the reported event, and its places are not the event's."""
    assert doc.norm is not None
    if not sentence.cues:
        return []
    triggers = [c.start for c in sentence.cues if c.lexicon == "triggers"]
    out: list[int] = []
    text = doc.norm.text
    for connector_start, connector_end in _connectors(text, sentence.n_start, sentence.n_end):
        following = text[connector_end : connector_end + 20].split()[:1]
        if following and _strip_proclitic(following[0], _MEANS) in _MEANS:
            continue  # "اعتقلت قيادات المجلس بعد مداهمة منازلهم في حي خشمان": the raid is how, and where
        if any(t < connector_start for t in triggers):
            out.append(doc.norm.span_to_original(connector_start, connector_end)[0])
    return out


def _letters(value: str | None) -> str:
    return "".join(ch for ch in (value or "").lower() if ch.isalpha())


def _names_an_area(ref: PlaceRef) -> bool:
    """A governorate, district or region — or a city that gives its name to one (دير الزور, الحسكة): "شرقي
    دير الزور" is an area; "جنوب مدينة كوباني" is a place near a town, an event location of its own."""
    if ref.feature in ("region", "admin1", "admin2", "admin3"):
        return True
    return ref.feature == "city" and _letters(ref.name_en) in {_letters(ref.admin1), _letters(ref.admin2)}


_GOVERNORATE = word_list("events.governorate")
_GOVERNORATE_STEM = "محافظ"  # in every word of _GOVERNORATE ("محافظه", "بمحافظه", "محافظتي" …)
# whether the last document's normalized text holds _GOVERNORATE_STEM
_holds_governorate_stem: LastValue[str, bool] = LastValue(lambda norm_text: _GOVERNORATE_STEM in norm_text)


def _governorate_reading(doc: Document, index: int) -> bool:
    """ "في محافظة الرقة": the governorate, not its capital city — too coarse to code an event on."""
    assert doc.norm is not None
    mention = doc.mentions[index]
    # (the word before the name is keyed only in an article that holds "محافظ" at all: about half hold none)
    norm_text = doc.norm.text
    if _holds_governorate_stem(norm_text):
        before = key_of(doc.norm, max(0, mention.start - 12), mention.start).split()
        if before and before[-1] in _GOVERNORATE:
            return True
    # "في محافظات دمشق، ريف دمشق، حلب، إدلب …": every name of a list after the plural
    head = doc.text.rfind("محافظات", max(0, mention.start - 200), mention.start)
    if head < 0:
        return False
    rest = doc.text[head + len("محافظات") : mention.start]
    for i in mentions_in(doc, head, mention.start):
        m = doc.mentions[i]
        if m.kind == "place":
            rest = rest.replace(doc.text[m.start : m.end], " ")
    return all(w in ("و", "ريف", "،", ",") for w in re.findall(r"\w+|[،,]", rest))


def _strip_proclitic(word: str, vocabulary: frozenset[str]) -> str:
    """``word`` without up to two proclitic letters, the first of its three readings the vocabulary holds
    ("والقاعده" → "القاعده"); the word itself when it holds none."""
    # (unrolled, no loop: the stage calls this ~85 times per article)
    if word in vocabulary:
        return word
    if word[1:] in vocabulary:
        return word[1:]
    if word[2:] in vocabulary:
        return word[2:]
    return word


def _subordinate_places(
    doc: Document, sentence: _Sentence, found: list[tuple[PlaceRef, int]], leads: dict[int, str]
) -> set[int]:
    """Mentions (by index) of places that are not where an event happened when the sentence names another: a
    name that only locates the one before it ("حقل العمر في ريف دير الزور", "ذيبان، شرقي دير الزور"), the
    origin of fire or a line between places ("صواريخ أطلقت من البادية بين مدينتي الميادين والبوكمال"), or
    where the reporter is ("مراسل الميادين في مدينة حلب"). ``leads``: the key of the 40 characters before each
    name."""
    assert doc.norm is not None
    subordinate: set[int] = set()
    previous_end: int | None = None
    previous: int | None = None
    causes = _cause_starts(doc, sentence)
    for ref, index in found:
        mention = doc.mentions[index]
        before = leads[index]
        if _REPORTER.search(before) or _speaker_place(before):
            # "مراسل الميادين في حلب"; "بحسب أنقرة", "وهو ما تنفيه أنقرة", "في مؤتمر صحافي في شانلي أورفة"
            previous_end, previous = mention.end, index
            subordinate.add(index)
            continue
        words = [w.strip(_PUNCT_CHARS) for w in before.split()]
        words = [w for w in words if w]
        tail = [w for w in words[-3:]]
        while tail and _strip_proclitic(tail[-1], _PLACE_HEADS) in _PLACE_HEADS:
            tail.pop()
        origin = (
            bool(tail)
            and _strip_proclitic(tail[-1], _ORIGIN) in _ORIGIN
            # "في كلّ من مدينتي الحسكة والقامشلي", "عدد من القرى": a partitive "من", not where fire came from
            and not (tail[-1] == "من" and len(tail) > 1 and tail[-2] in _PARTITIVE)
        )
        # "في شرقي دير الزور، ولا سيما في بلدة الباغوز", "في ريف دير الزور": an area around the name
        origin = origin or (
            bool(tail) and _strip_proclitic(tail[-1], _AREA_WORDS) in _AREA_WORDS and _names_an_area(ref)
        )
        # "بالتزامن مع هجوم سوروتش، فجّر انتحاري نفسه في كوباني": a place naming another event
        origin = origin or (bool(tail) and _strip_proclitic(tail[-1], _EVENT_NAMES) in _EVENT_NAMES)
        # "وبعيد هذا التفجير الأول في مدينة سوروتش، استهدف هجوم آخر … كوباني": the run-up, told before
        if not origin:
            segment = doc.text[max(sentence.span.start, mention.start - 80) : mention.start]
            segment = normalize_key(_CLAUSE_PUNCT.split(segment)[-1])
            origin = any(w in segment for w in _RUN_UP_WORDS) and _RUN_UP.search(segment) is not None
        # "قسد تواصل حصارها …، بعد اتهامها الأجهزة الأمنية بالوقوف وراء الهجوم … عليها في دير الزور"
        origin = origin or any(c < mention.start for c in causes)
        locator = False
        if previous_end is not None:
            gap = key_of(doc.norm, previous_end, mention.start)
            gap_words = [w.strip(_PUNCT_CHARS) for w in gap.split()]
            gap_words = [w for w in gap_words if w]
            if gap_words in ([], ["و"]) and previous in subordinate:
                origin = True  # "بين مدينتي الميادين والبوكمال": the list shares the role of its first name
            coordinated = any(w.startswith("و") and w not in _LOCATOR for w in gap_words)  # "X وقرية Y"
            locator = (
                bool(gap_words)
                and not coordinated
                and all(w.isdigit() or _strip_proclitic(w, _LOCATOR) in _LOCATOR for w in gap_words)
            )
        previous_end, previous = mention.end, index
        if locator or origin:
            subordinate.add(index)
    toward = _fired_toward(doc, sentence)
    if toward is not None and any(doc.mentions[i].start > toward for _r, i in found):
        # "القوات الأميركية في حقل العمر أطلقت 3 صواريخ باتجاه بادية الميادين": where the fire went, not where
        # the shooters are
        subordinate.update(i for _r, i in found if doc.mentions[i].start < toward)
    return subordinate


_TOWARD = re.compile(r"(?:^|\s)و?(?:اطلق\S*|قصف\S*)\s+(?:\S+\s+){0,8}?(?:باتجاه|نحو|صوب|تجاه)\s")


def _fired_toward(doc: Document, sentence: _Sentence) -> int | None:
    """Where (original offset) "… أطلقت صواريخ باتجاه/نحو X" turns to the target of the fire, if it does."""
    assert doc.norm is not None
    clause = doc.norm.text[sentence.n_start : sentence.n_end]
    if not ("اطلق" in clause or "قصف" in clause) or not any(w in clause for w in ("نحو", "صوب", "تجاه")):
        return None  # (the words _TOWARD needs: most clauses have none, and the regex is not run on them)
    match = _TOWARD.search(doc.norm.text, sentence.n_start, sentence.n_end)
    if match is None:
        return None
    return doc.norm.span_to_original(match.end(), match.end())[0]


_PUNCT_CHARS = "،,.:;؛!؟?()[]«»\"'“”-–—/"


def _sentence_date(doc: Document, sentence: _Sentence, published: dt.date | None) -> DateInfo:
    """The sentence's most precise date ("في وقت سابق من يوم أمس الخميس": أمس الخميس, not في وقت سابق), the
    first of equals."""
    best = None
    dates = _dates_of(doc, sentence)
    if not dates:
        return None, 3, None
    own = any(
        sentence.span.start <= d.start < sentence.span.end and d.kind != "future" and d.value for d in dates
    )
    scope = (
        sentence.span if own else sentence.sentence
    )  # a clause's own date first ("بعد أن كانت قد استهدفتها
    # الأربعاء"), else the sentence's
    for date in dates:
        if (
            scope.start <= date.start < scope.end
            and date.kind != "future"
            and date.value
            and (best is None or date.precision < best.precision)
        ):
            best = date
    if best is not None and best.value is not None:
        return best.value, best.precision, Span(best.start, best.end, "date")
    return None, 3, None


def _outcome_places(
    doc: Document,
    sentence: _Sentence,
    kinds: list[tuple[str, str, float]],
    places: list[tuple[PlaceRef, int]],
) -> set[int]:
    """The places of an outcome (mention indices) when the clause reports an event that led to it: those after
    the outcome's trigger — where people fled ("أدت إلى نزوح عشرات العائلات من الأحياء الواقعة قرب النهر"),
    where a siege was lifted ("هدنة جرت في مطار القامشلي وأسفرت عن فك الحصار عن القامشلي والحسكة")."""
    assert doc.norm is not None
    if not (
        any(k[1] != "Strategic developments" or k[0] != "Other" for k in kinds)
        and any(k[:2] == ("Other", "Strategic developments") for k in kinds)
    ):
        return set()
    text = doc.norm.text
    outcome = next(
        (
            c
            for c in sentence.cues
            if c.lexicon == "triggers"
            and c.row["event_type"] == "Strategic developments"
            and _OUTCOME.search(text, max(sentence.n_start, c.start - 14), c.start)
        ),
        None,
    )
    if outcome is None:
        return set()
    after = doc.norm.span_to_original(outcome.start, outcome.end)[1]
    return {index for _ref, index in places if doc.mentions[index].start >= after}


FAR_BACK_DAYS = 30


def _far_back(date: DateInfo, published: dt.date | None) -> bool:
    """A date a month or more before publication: background whatever the sentence says (gold guideline 2
    codes what happened within about a week; a date this old is never a misread "this week")."""
    value = date[0]
    if value is None or published is None:
        return False
    if date[1] >= 3:
        return value.year < published.year  # a year alone: only an earlier year is surely history
    end = _month_end(value) if date[1] == 2 else value
    return (published - end).days >= FAR_BACK_DAYS


def _long_before(date: DateInfo, published: dt.date | None) -> bool:
    """A date a week or more before publication (a month by its last day, a year by its end)."""
    value, precision = date[0], date[1]
    if value is None or published is None:
        return False
    if precision >= 3:
        return value.year < published.year
    if precision == 2:
        return (published - _month_end(value)).days >= 7
    return (published - value).days >= 7


_ASIDES = word_list("events.asides")


def _aside(doc: Document, sentence: _Sentence) -> bool:
    """The sentence opens as an aside that recalls news told before ("الجدير ذكره أنّ …", "تجدر الإشارة إلى
    أنّ …"): with no date of its own, its day is unknown (ACLED time_precision 3), not the publication day."""
    assert doc.norm is not None
    start = sentence.sentence.start
    n_start = doc.norm.to_normalized(start)
    opening = doc.norm.text[n_start : n_start + 16]
    if "جدير" not in opening and "تجدر" not in opening:
        return False  # (most sentences: no aside word opens them)
    words = key_of(doc.norm, start, min(sentence.sentence.end, start + 24)).split()[:2]
    return bool(words) and (words[0] in _ASIDES or " ".join(words) in _ASIDES)


def _fallback_date(published: dt.date | None) -> DateInfo:
    if published is not None:
        return published, 2, None
    return None, 3, None


# ---- actors, fatalities -------------------------------------------------------------------------------------------


def _actors_in(doc: Document, sentence: _Sentence, actor_of: dict[int, ActorRef]) -> list[ActorItem]:
    return [
        (i, actor_of[i]) for i in mentions_in(doc, sentence.span.start, sentence.span.end) if i in actor_of
    ]


def _roles(
    doc: Document,
    resources: Resources,
    sentence: _Sentence,
    trigger_pos: int,
    actor_of: dict[int, ActorRef],
    sides: bool = False,
    violent: bool = False,
    protest: bool = False,
    crowd: bool = False,
    siege: bool = False,
) -> tuple[ActorItem | None, ActorItem | None]:
    """(actor1 ref, actor2 ref): the named agent and target around the trigger (original offsets). In a
    protest or riot (``crowd``) the crowd acts: state and foreign forces named are what it faces. A siege
    (``siege``) is laid on the side that holds the areas besieged."""
    assert doc.norm is not None
    agents: list[ActorItem] = []
    targets: list[ActorItem] = []
    after: list[ActorItem] = []
    marked = False  # an agent named by a marker (من قبل، على يد، هجوم لـ …)
    owners: list[ActorItem] = []  # named as an attack's owner ("هجوماً لمسلحي العشائر")
    outlets = _outlets(doc)
    # the clause's weapon and trigger cues, picked once for all its names
    weapon_cues = [c for c in sentence.cues if c.lexicon == "weapons"]
    trigger_cues = [c for c in sentence.cues if c.lexicon == "triggers"]
    hurt = _hurt(sentence)
    # (the words around each name are keyed for a mourning word only where the clause holds one: most hold none)
    norm = doc.norm
    clause = norm.text[norm.to_normalized(sentence.span.start) : norm.to_normalized(sentence.span.end)]
    mourning = any(word in clause for word in _MOURNING_PROBES)
    for index, ref in _actors_in(doc, sentence, actor_of):
        mention = doc.mentions[index]
        actor_id = getattr(ref, "actor_id", "")
        if actor_id in _NOT_AGENTS or any(0 <= o.start - mention.end <= 2 for o in outlets):
            continue  # "مراسل الميادين": the outlet's correspondent reports, does not act
        if getattr(ref, "via", "") == "generic" and key_of(
            doc.norm, max(sentence.span.start, mention.start - 6), mention.start
        ).split()[-1:] == ["الي"]:
            continue  # "اقتادتهم إلى جهة مجهولة": an unknown destination, not an unknown party
        lead = key_of(doc.norm, max(sentence.span.start, mention.start - 40), mention.start).split()
        if siege and mention.start > trigger_pos and any(w in _CONTROL for w in lead[-2:]):
            targets.append((index, ref))  # "حصارها على مناطق سيطرة الحكومة السورية": the holder is besieged
            continue
        if any(w in _CONTROL for w in lead[-2:]) or any(w in _CHARGE for w in lead[-5:]):
            # "بلدة دبلان الواقعة تحت سيطرة الجيش السوري", "بتهمة التعامل مع خلايا داعش": who holds the area,
            # or what someone is charged with, is no side of the event
            continue
        if any(w.lstrip("و") in _SUPPORT for w in lead[-3:]):
            continue  # "القوات الحكومية، مدعومة بقوات حزب الله": a supporter, not the other side
        n_start, n_end = doc.norm.to_normalized(mention.start), doc.norm.to_normalized(mention.end)
        if any(
            (c.start < n_end and n_start < c.end)
            or 0 <= n_start - c.end <= 1
            or (0 < n_start - c.end <= 16 and _units_between(doc.norm.text, c.end, n_start))
            for c in weapon_cues
        ) or any(c.start < n_start and n_end <= c.end for c in trigger_cues):
            # "قصف … بالبراميل المتفجرة", "برصاص قوات الأمن", "قُتل شاب برصاص مجهولين": an actor named by its weapon
            # (or inside the cue that names the weapon and its owner) is whoever fired it
            agents.insert(0, (index, ref))
            marked = True
            continue
        if any(w.lstrip("و") in _SURVIVED for w in lead[-4:]):
            targets.append((index, ref))  # "نجا قائد في قسد من محاولة اغتيال": who survived was the target
            continue
        if _victims_of(doc, sentence, mention, hurt):
            targets.append((index, ref))  # "قُتل أربعة عناصر من القوات الحكومية إثر انفجار عبوة": the killed
            continue
        if mourning:
            around = key_of(doc.norm, max(sentence.span.start, mention.start - 12), mention.start).split()
            around = (
                around[-1:]
                + key_of(doc.norm, mention.end, min(sentence.span.end, mention.end + 24)).split()[:3]
            )
            if any(w.lstrip("و") in _MOURNING for w in around):
                # "كتائب سيد الشهداء تزف المجاهد … شهيداً … من جراء عدوان أميركي": the group mourning its dead lost
                # them — the target, not the attacker
                targets.append((index, ref))
                continue
        if crowd and getattr(ref, "inter", "") in _ARMED:
            # "سكان قرية حامو ينجحون في طرد رتل للجيش الأميركي", "أطلقت قوات قسد النار على متظاهرين": the crowd
            # acts, armed forces are what it faces
            targets.append((index, ref))
            continue
        if any(w.lstrip("و") in _AFFILIATION for w in lead[-2:]) and mention.start > trigger_pos:
            # "استهدفت الفرقة الأولى التابعة للجيش الحر مراكز …": the unit's owner acts when the unit is the
            # verb's subject; "مواقع تابعة لقسد" is a target's owner
            span_words = key_of(doc.norm, trigger_pos, mention.start).split()
            owned = span_words[1:]
            places_held = _MILITARY_TARGETS | _TOWN_HEADS
            if any(_strip_proclitic(w, places_held) in places_held for w in owned):
                targets.append((index, ref))
                continue
            if violent and any(_strip_proclitic(w, _UNITS) in _UNITS for w in span_words[:2]):
                # ("… جراء استهداف مسيّرة تابعة لقسد نقطة للجيش": the trigger word may be the unit itself; not
                # "اعتقال خلية تابعة لداعش": who is arrested is the object)
                agents.insert(0, (index, ref))
                marked = True
                continue
        if actor_id == CIVILIANS or (violent and getattr(ref, "inter", "") in ("Civilians", "Protesters")):
            # civilians (students, journalists, IDPs …) suffer violence, never wage it; the people protesting are
            # the protesters, not the protest's target
            if not protest:
                targets.append((index, ref))
            continue
        before = key_of(doc.norm, max(sentence.span.start, mention.start - 16), mention.start)
        words = before.split()
        marker_agent = before.endswith(_AGENT_MARKERS)
        last = words[-1].lstrip("وبل") if words else ""
        marker_target = bool(words) and (words[-1] in _TARGET_MARKERS or last in _TARGET_MARKERS)
        if marker_target and last in _FIGHTERS and mention.start < trigger_pos:
            marker_target = False  # "مسلحي قسد هاجموا": the fighters named before the verb are its subject
        wider = key_of(doc.norm, max(sentence.span.start, mention.start - 30), mention.start).split()
        # "تعرّض القاعدة العسكرية الأميركية لقصف": what is exposed to the attack is its target
        marker_target = marker_target or any(w.lstrip("و") in _EXPOSED for w in wider[-3:])
        # "مقتل 5 عناصر بهجوم لخلايا تنظيم داعش": the attack's owner, named with ل right after the trigger word
        owner = (
            mention.start > trigger_pos
            and _OWNER.match(key_of(doc.norm, trigger_pos, mention.start)) is not None
        ) or _attack_of(wider)
        if (
            not (marker_agent or owner or marker_target)
            and mention.end <= trigger_pos
            and _reported_by(key_of(doc.norm, mention.end, trigger_pos).split())
        ):
            continue  # "قال مبعوث الأمم المتحدة إن الغارات …": the speaker, not the agent ("إنها" would be)
        if marker_agent or owner:
            agents.insert(0, (index, ref))
            marked = True
            if owner:
                owners.append((index, ref))
        elif marker_target:
            targets.append((index, ref))
        elif mention.start < trigger_pos:
            agents.append((index, ref))
        else:
            after.append((index, ref))
    between = _between_sides(doc, sentence, trigger_pos, agents + targets + after) if sides else None
    if between is not None:
        return between  # "اشتباكات بين عناصر مجلس دير الزور وعناصر الشرطة العسكرية التابعة لقسد"
    if _names_two_sides(doc.norm.text) and _THE_TWO_SIDES.search(
        key_of(doc.norm, sentence.span.start, sentence.span.end)
    ):  # (the word looked for in the whole text first: few articles hold it)
        earlier = _sides_named_before(doc, sentence, actor_of)
        if earlier is not None:
            return earlier  # "القصف المتبادل بين الطرفين": the two sides the article named last
    if sides and not targets and not marked:
        named = sorted(agents, key=lambda item: doc.mentions[item[0]].start)
        distinct = [a for i, a in enumerate(named) if all(a[1].actor_id != b[1].actor_id for b in named[:i])]
        if len(distinct) >= 2:
            return distinct[0], distinct[1]  # "وقّعت الحكومة السورية وقسد اتفاقاً": both sides, in order
    # the closest named agent before the trigger is the subject
    agents.sort(key=lambda item: abs(trigger_pos - doc.mentions[item[0]].start))
    if owners and _repelled(doc, sentence, trigger_pos):
        # "صدت قسد هجوماً لمسلحي العشائر", "أحبطت قسد هجوماً لخلايا داعش": the attack's owner attacked, the
        # subject of the verb that repelled it is the other side
        agents = owners[:1] + [a for a in agents if a not in owners[:1]]
        sides = True
    actor1 = agents[0] if agents else None
    if actor1 is None and after and _right_after(doc, trigger_pos, doc.mentions[after[0][0]].start):
        # verb-subject order: "استهدفت طائرات إسرائيلية …", "هاجم مسلحو قسد …" — not the object's owner
        # ("اعتقلت قيادياً في تنظيم داعش")
        actor1, after = after[0], after[1:]
    rest = targets + after + (agents[1:] if sides else [])  # a fight's other side may be named first
    # "استهدفت بالقذائف بلدة دبلان، ونصبت مدافع هاون في مواجهة نقاط الجيش": a name in a later conjoined clause
    # is that clause's, not this attack's target
    rest = [t for t in rest if not _NEXT_CLAUSE.search(doc.text, trigger_pos, doc.mentions[t[0]].start)]
    same = getattr(actor1[1], "actor_id", None) if actor1 else None
    actor2 = next(
        (
            t
            for t in rest
            if getattr(t[1], "actor_id", None) != same and not (actor1 and _one_state(resources, actor1, t))
        ),
        None,
    )
    if sides and actor1 is not None and actor2 is None:
        # "قوات العشائر دخلت بلدات …" in an article about the tribes' fight with قسد: the other side of the
        # fight the article named ("بين جيش العشائر وقسد")
        earlier = _sides_named_before(doc, sentence, actor_of)
        if earlier is not None and earlier[0] is not None and earlier[1] is not None:
            ids = [earlier[0][1].actor_id, earlier[1][1].actor_id]
            if actor1[1].actor_id in ids:
                actor2 = earlier[1] if ids[0] == actor1[1].actor_id else earlier[0]
    return actor1, actor2


# does the last document's text hold "الطرفين" anywhere (few articles do)? Read once per document, not per clause
_names_two_sides: LastValue[str, bool] = LastValue(lambda norm_text: "الطرفين" in norm_text)
# the last document's outlet mentions ("الميادين" in "مراسل الميادين"), listed once per document (``_roles`` asks
# for every clause that reports an event)
_outlet_mentions: LastValue[tuple[Mention, ...], list[Mention]] = LastValue(
    lambda mentions: [m for m in mentions if m.kind == "outlet"]
)


def _outlets(doc: Document) -> list[Mention]:
    """The document's outlet mentions, listed once per document."""
    return _outlet_mentions(doc.mentions)


_RELATIVES = word_list("events.relatives")
_SUBJECT_FILLER = word_list("events.subject_filler")


def _right_after(doc: Document, trigger_pos: int, start: int) -> bool:
    """Is a name right after the verb — its subject in verb-first order — with only the rest of the verb
    word, a time or the subject's own head between ("استهدفت، فجر اليوم، طائرات إسرائيلية")?"""
    assert doc.norm is not None
    if start - trigger_pos >= 40:
        return False
    words = [w.strip(_PUNCT_CHARS) for w in key_of(doc.norm, trigger_pos, start).split()[1:]]
    words = [w for w in words if w]
    if len(words) >= 2 and words[0] in _RELATIVES and words[1].endswith(("ها", "ه", "هم")):
        words = words[2:]  # "الغارات التي تشنها قوات النظام": the relative clause's subject launches them
    return all(_filler(w) for w in words)


def _filler(word: str) -> bool:
    """A word that may stand between a verb and its subject: a time, or the subject's own head noun."""
    return _strip_proclitic(word, _SUBJECT_FILLER) in _SUBJECT_FILLER


def _victims_of(doc: Document, sentence: _Sentence, mention: Mention, casualties: list[CueHit]) -> bool:
    """Is the actor named as the ones killed or wounded ("قُتل أربعة عناصر من القوات الحكومية", "مقتل 5
    عناصر من قسد", "عشرات القتلى في صفوف القوات")? Victims are never the attackers. ``casualties``: the
    sentence's ``_hurt`` cues, found once by the caller for all its names (with none, no one is a victim)."""
    assert doc.norm is not None
    if not casualties:
        return False
    n_start = doc.norm.to_normalized(mention.start)
    for c in casualties:
        # "أعلنت قسد مقتل أحد عناصرها بانفجار عبوة": the group named before the toll lost its own members
        if c.start > n_start and any(
            _own_members(w) for w in doc.norm.text[c.end : min(sentence.n_end, c.end + 30)].split()[:4]
        ):
            return True
    words = doc.norm.text[max(sentence.n_start, n_start - 40) : n_start].split()
    member_of = len(words) >= 2 and words[-1] == "في" and _strip_proclitic(words[-2], _MEMBERS) in _MEMBERS
    if not words or (words[-1] not in ("من", "صفوف", "بصفوف") and not member_of):
        return False  # ("استُشهد مستشار في الحرس الثوري": a member of the group, killed)
    return any(n_start - 40 <= c.start < n_start for c in casualties)


_MEMBERS = word_list("events.members")


def _own_members(word: str) -> bool:
    """ "عناصرها", "مقاتليه", "جنودهم": members of a group the text has named, by a pronoun."""
    for suffix in ("ها", "هم", "ه"):
        if word.endswith(suffix) and _strip_proclitic(word[: -len(suffix)], _MEMBERS) in _MEMBERS:
            return True
    return False


def _one_state(resources: Resources, a: ActorItem, b: ActorItem) -> bool:
    """Two arms of one state ("طيران النظام" and "النظام السوري"): not the two sides of an event."""
    first = resources.by_id.get(getattr(a[1], "actor_id", ""))
    second = resources.by_id.get(getattr(b[1], "actor_id", ""))
    if not isinstance(first, Actor) or not isinstance(second, Actor):
        return False
    state = ("State forces",)
    return (
        first.inter in state
        and second.inter in state
        and bool(first.country)
        and first.country == second.country
    )


_CONTROL = word_list("events.control")
_SIEGE = word_list("events.siege")  # the trigger words of a siege laid or lifted


def _units_between(text: str, start: int, end: int) -> bool:
    """Only a unit word between a weapon and a name ("برصاص عناصر من قسد", "بقذائف مدفعية قوات النظام"): the
    name owns the weapon. Normalized offsets."""
    words = text[start:end].split()
    return 0 < len(words) <= 3 and all(w == "من" or _strip_proclitic(w, _UNITS) in _UNITS for w in words)


def _reported_by(words: list[str]) -> bool:
    """Between a name and the trigger, a bare complementizer ("قال المبعوث إن الغارات …"): the name is who
    says it. "إنها كثفت قصفها" or "إن قواتها اعتقلت" keeps the speaker as the one who acted."""
    for i, word in enumerate(words):
        if word in _COMPLEMENTIZERS:
            return not any(
                w.endswith(("ها", "هم", "ه"))
                and _strip_proclitic(w[:-2] if w.endswith(("ها", "هم")) else w[:-1], _UNITS) in _UNITS
                for w in words[i + 1 :]
            )
    return False


_SUPPORT = word_list("events.support")
_AFFILIATION = word_list("events.affiliation")
# the units that fight (a verb's subject when named right after it), not the places they hold
_UNITS = word_list("events.units")
_CHARGE = word_list("events.charge")


def _hurt(sentence: _Sentence) -> list[CueHit]:
    """The casualty cues of the sentence that tell of people killed or wounded."""
    return [
        c for c in sentence.cues if c.lexicon == "casualties" and c.row.get("kind") in ("killed", "injured")
    ]


def _protesters_hit(text: str, sentence: _Sentence) -> bool:
    """Protesters are the ones killed or fired on: "مقتل متظاهر", "أطلقت النار على متظاهرين، ما أدى إلى مقتل شاب"
    — not a killing the protest is about ("اعتصام … احتجاجاً على قتل عقيد في الجيش")."""
    words = text[sentence.n_start : sentence.n_end].split()
    after_on = any(
        w == "علي" and _strip_proclitic(n, _PROTESTERS) in _PROTESTERS for w, n in itertools.pairwise(words)
    )
    hurt = _hurt(sentence)
    if after_on and hurt:
        return True
    return any(
        _strip_proclitic(w, _PROTESTERS) in _PROTESTERS
        for c in hurt
        for w in text[c.end : c.end + 30].split()[:3]
    )


_PROTESTERS = word_list("events.protesters")


def _attack_of(words: list[str]) -> bool:
    """ "… في هجوم لتنظيم داعش", "بغارة للتحالف": an attack noun owned, with ل, by the actor named next — whatever
    the sentence's trigger ("قتل 5 عناصر من الجيش … في هجوم لتنظيم داعش")."""
    if not words or not words[-1].startswith("ل") or len(words[-1]) > 6:
        return False  # "ل" alone (the name follows it) or a short owner word ("لخلايا", "لعناصر")
    return any(_strip_proclitic(word, _OWNED_ATTACKS) in _OWNED_ATTACKS for word in words[-3:-1])


_OWNED_ATTACKS = word_list("events.owned_attacks")
_REPELLING = word_list("events.repelling")


def _repelled(doc: Document, sentence: _Sentence, trigger_pos: int) -> bool:
    """A repelling verb is the trigger or comes just before it ("صدت قسد هجوماً", "أحبطت قسد هجوماً")."""
    assert doc.norm is not None
    at = key_of(doc.norm, trigger_pos, min(sentence.span.end, trigger_pos + 10)).split()[:1]
    before = key_of(doc.norm, max(sentence.span.start, trigger_pos - 24), trigger_pos).split()[-3:]
    return bool(_REPELLING.intersection(at + before))


# (a nisba adjective may come between: "قصف مدفعي لقوات النظام"; not a noun: "استهدفت مواقع لقسد")
_OWNER = re.compile(r"^\S+(?:\s+\S+(?:ي|يه))?\s+ل\S*(?:\s+\S+)?\s*$")
_FIGHTERS = word_list("events.fighters")
_EXPOSED = word_list("events.exposed")
_BETWEEN = re.compile(r"(?:^|\s)بين\s")


_FIGHTING = re.compile(r"(?:اشتباك|معارك|معركه|قصف|القصف|مواجهات|قتال|متبادل)")
_NEXT_CLAUSE = re.compile(r"[،,]\s*و[\u0621-\u064A\u064B-\u0652]{2,}(?:ت|وا)\s")
_THE_TWO_SIDES = re.compile(r"(?:^|\s)بين\s+الطرفين(?:\s|$)")


def _sides_named_before(
    doc: Document, sentence: _Sentence, actor_of: dict[int, ActorRef]
) -> tuple[ActorItem | None, ActorItem | None] | None:
    """The last two sides the article named with "بين X وY" before this clause: what "الطرفين" points back to."""
    assert doc.norm is not None
    text = doc.norm.text
    for match in reversed(list(_BETWEEN.finditer(text, 0, sentence.n_start))):
        opening = max(text.rfind(".", 0, match.start()), text.rfind("\n", 0, match.start())) + 1
        if not _FIGHTING.search(text, max(opening, match.start() - 60), match.start()):
            continue  # "هدنة بين قسد والنظام": the sides of a truce are not the sides of the fire
        start = doc.norm.span_to_original(match.end(), match.end())[0]
        stops = [p for p in (doc.text.find(".", start), doc.text.find("\n", start)) if p != -1]
        limit = min([start + 90, len(doc.text), *stops])  # the two sides are named in the same sentence
        items = [(i, actor_of[i]) for i in mentions_in(doc, start, limit) if i in actor_of]
        distinct: list[ActorItem] = []
        for item in items:
            lead = key_of(doc.norm, max(start, doc.mentions[item[0]].start - 30), doc.mentions[item[0]].start)
            if any(w.lstrip("و") in _SUPPORT for w in lead.split()[-3:]):
                continue  # "بين جيش العشائر المدعوم من النظام السوري وقسد": the supporter is no side
            if all(item[1].actor_id != d[1].actor_id for d in distinct):
                distinct.append(item)
        if len(distinct) >= 2:
            return distinct[0], distinct[1]
    return None


def _between_sides(
    doc: Document, sentence: _Sentence, trigger_pos: int, items: list[ActorItem]
) -> tuple[ActorItem | None, ActorItem | None] | None:
    """ "اشتباكات بين X وY", "هدنة بين قسد والنظام": the two sides in the order named (X acts first)."""
    assert doc.norm is not None
    n_trigger = doc.norm.to_normalized(trigger_pos)
    n_start = max(sentence.n_start, n_trigger - 60) if sentence.n_end else n_trigger
    match = _BETWEEN.search(doc.norm.text, n_start, min(sentence.n_end or n_trigger + 40, n_trigger + 40))
    if match is None:
        return None
    start = doc.norm.span_to_original(match.end(), match.end())[0]
    sides = sorted(
        (item for item in items if start <= doc.mentions[item[0]].start < start + 90),
        key=lambda item: doc.mentions[item[0]].start,
    )
    distinct: list[ActorItem] = []
    for item in sides:
        if all(getattr(item[1], "actor_id", None) != getattr(d[1], "actor_id", None) for d in distinct):
            distinct.append(item)
    if len(distinct) < 2:
        return None
    return distinct[0], distinct[1]


def _fatalities(doc: Document, sentence: _Sentence) -> tuple[int, bool, Span | None]:
    """(killed, stated as a number?, span) in the sentence by ACLED's rules; (0, False, None) if none."""
    assert doc.norm is not None
    text = doc.norm.text
    killed = [c for c in sentence.cues if c.lexicon == "casualties" and c.row.get("kind") == "killed"]
    injured = [c for c in sentence.cues if c.lexicon == "casualties" and c.row.get("kind") == "injured"]
    if not killed:
        return 0, False, None
    best: tuple[int, bool, Span | None] | None = None
    for cue in killed:
        if any(0 < other.start - cue.end <= 2 for other in killed):
            continue  # "ارتقاء شهداء": the verbal noun before the victims' noun counts nothing of its own
        window = text[max(sentence.n_start, cue.start - 12) : cue.start]
        if any(w in window.split() for w in ("دون", "بدون", "لا", "لم", "عدم", "اي")):
            continue  # "دون وقوع قتلى": no one died
        number = _number_near(doc, cue, injured)
        if number is not None:
            value, span = number
            candidate = (int(value), True, span)
        else:
            o_start, o_end = doc.norm.span_to_original(cue.start, cue.end)
            plural = normalize_key(doc.text[o_start:o_end]) in _PLURAL_KILLED
            candidate = (3 if plural else 1, False, Span(o_start, o_end, "fatalities"))
        # the lowest figure reported; a number beats an unnumbered plural ("عدد ضحايا القصف … إلى 7 قتلى": 7,
        # not "victims" = 3)
        if best is None or (candidate[1], -candidate[0]) > (best[1], -best[0]):
            best = candidate
    return best if best is not None else (0, False, None)


_PLURAL_KILLED = word_list("events.plural_killed")
_TOLL_BREAKS = '|،,؛;:.()«»"\n'  # a number across one of these is not the toll the cue tells


def _number_near(doc: Document, cue: CueHit, injured: list[CueHit]) -> tuple[float, Span] | None:
    assert doc.norm is not None
    start, end = doc.norm.span_to_original(cue.start, cue.end)
    best = None
    for number in doc.numbers:
        if number.kind == "vague" and number.value >= 1000:
            continue
        gap = min(abs(number.start - end), abs(start - number.end))
        if gap > 25:
            continue
        between = doc.text[number.end : start] if number.end <= start else doc.text[end : number.start]
        if any(mark in between for mark in _TOLL_BREAKS):
            continue  # "دير الزور 24 | قُتل شاب": an outlet's name, not the toll; "مقتل شخص، و5 جرحى"
        closer_injured = False
        for other in injured:
            o_start, o_end = doc.norm.span_to_original(other.start, other.end)
            if number.start >= o_end:
                injured_gap = number.start - o_end  # "وأصيب 8 آخرون"
            else:
                words_between = doc.text[number.end : o_start].split()
                # "8 جرحى" is the wounded toll; "14 مدنياً وأصيب" counts the dead of the verb before it
                injured_gap = (
                    o_start - number.end if not any(w.startswith("و") for w in words_between) else 10**6
                )
            if injured_gap < gap:
                closer_injured = True
        if closer_injured:
            continue
        if best is None or gap < best[0]:
            best = (gap, number)
    if best is None:
        return None
    number = best[1]
    return float(number.value), Span(number.start, number.end, "fatalities")


# ---- assembly -------------------------------------------------------------------------------------------------------


def _make_events(
    doc: Document,
    resources: Resources,
    sentence: _Sentence,
    number: int,
    sub_type: str,
    event_type: str,
    strength: float,
    places: list[tuple[PlaceRef, int]],
    inherited: bool,
    date: DateInfo,
    actor_of: dict[int, ActorRef],
) -> list[Event]:
    assert doc.norm is not None
    trigger = next(
        (c for c in sentence.cues if c.lexicon == "triggers" and c.row["sub_event_type"] == sub_type),
        next((c for c in sentence.cues if c.lexicon in ("triggers", "weapons")), None),
    )
    trigger_pos = doc.norm.span_to_original(trigger.start, trigger.end)[0] if trigger else sentence.span.start
    two_sided = event_type == "Battles" or sub_type == "Agreement"
    violent = event_type in VIOLENT_TYPES
    first_ref, second_ref = _roles(
        doc,
        resources,
        sentence,
        trigger_pos,
        actor_of,
        sides=two_sided,
        violent=violent,
        protest=event_type == "Protests",
        crowd=event_type in ("Protests", "Riots"),
        siege=trigger is not None and bool(_SIEGE.intersection(normalize_key(trigger.row["cue"]).split())),
    )
    generic_first = first_ref is not None and getattr(first_ref[1], "via", "") == "generic"
    if (
        (first_ref is None or generic_first)
        and sentence.evidence is not None
        and sentence.evidence.start < sentence.span.start
    ):
        # subject continuity across clauses: "هاجم مسلحو قسد مواقع للجيش السوري، كما استهدفوا قرى …" — the
        # subject of the clauses before, found around their own first trigger; it also beats a generic one
        # ("قوات قسد استهدفت بقرص، كما سيطرت على نقاط يوجد فيها مسلحون …")
        before = Span(sentence.evidence.start, sentence.span.start, "clause")
        n_start, n_end = doc.norm.to_normalized(before.start), doc.norm.to_normalized(before.end)
        earlier = _Sentence(before, sentence.paragraph, n_start, n_end)
        earlier.cues = list(cue_index(resources).find(doc.norm.text, n_start, n_end))
        first = next((c for c in earlier.cues if c.lexicon == "triggers"), None)
        if first is not None:
            first_pos = doc.norm.span_to_original(first.start, first.end)[0]
            earlier_first, _other = _roles(doc, resources, earlier, first_pos, actor_of, violent=violent)
            # (the earlier clause's target is its own: "هاجموا مواقع للجيش، كما استهدفوا قرى …")
            if earlier_first is not None and not (
                generic_first and getattr(earlier_first[1], "via", "") == "generic"
            ):
                first_ref = earlier_first
    nationality_1, nationality_2 = _nationality_actors(doc, resources, sentence)
    weapons = {c.row["weapon_class"] for c in sentence.cues if c.lexicon == "weapons"}
    killed, stated, fatality_span = _fatalities(doc, sentence)
    if sub_type in ("Peaceful protest", "Protest with intervention"):
        # no one died at it (else the force was excessive): a death the protest is about is not its toll
        killed, stated, fatality_span = 0, False, None
    sentence_norm = doc.norm.text[sentence.n_start : sentence.n_end]
    injured = any(c.lexicon == "casualties" and c.row.get("kind") == "injured" for c in sentence.cues)
    actor1 = _armed_forces(resources, _record(resources, first_ref))
    actor2 = _armed_forces(resources, _record(resources, second_ref))
    if actor1 is None and nationality_1 is not None:
        actor1 = nationality_1  # "بغارات أميركية", "طائرات حربية إسرائيلية", "العدوان الأميركي"
    if actor1 is None:
        actor1 = _country_subject(doc, resources, sentence, trigger_pos)  # "قصفت تركيا مواقع لداعش"
    if actor2 is None and nationality_2 is not None and nationality_2 != actor1:
        actor2 = nationality_2  # "تعرّض القاعدة الأميركية لقصف"
    if (
        sub_type == SHELLING
        and actor1 is not None
        and actor1.id in _AIR_POWERS
        and not weapons & {"artillery", "rocket", "missile", "mortar", "anti-tank"}
    ):
        # "العدوان الأميركي الذي استهدف مدن دير الزور والبوكمال": American and Israeli strikes in Syria come from
        # the air unless the text names artillery, rockets or missiles
        sub_type = AIR
    if event_type == "Protests":
        # the protesters protest: a name after the trigger is what they protest against (تطالب بإسقاط الجولاني);
        # an armed force named before it is the one that dispersed or fired on them — actor2, never actor1
        if actor1 is not None and actor1.inter in _ARMED and (actor2 is None or actor2.inter not in _ARMED):
            first_ref, second_ref, actor1, actor2 = None, first_ref, None, actor1
        elif first_ref is not None and doc.mentions[first_ref[0]].start > trigger_pos:
            first_ref, actor1 = None, None
        if sub_type == "Peaceful protest" or actor2 is None or actor2.inter not in _ARMED:
            second_ref, actor2 = None, None
        if (
            sub_type == "Excessive force against protesters"
            and actor2 is None
            and not weapons & {"small arms", "sniper"}
        ):
            # a death the protest is about ("اعتصام احتجاجاً على قتل العقيد"), with no force named firing on it
            sub_type = "Peaceful protest"
    if (
        sub_type == "Other"
        and trigger is not None
        and _DISPLACEMENT.search(normalize_key(trigger.row["cue"]))
    ):
        # displacement: ACLED codes the people who fled ("نزوح عشرات العائلات"), whoever caused it
        actor1, actor2 = _registry_actor(resources, CIVILIANS) or actor1, None
        first_ref = second_ref = None  # no name in the text stands for them
    generic = False
    if actor1 is None:
        generic = True
        if event_type == "Protests":
            fallback = "protesters-syria"
        elif event_type == "Riots":
            fallback = "rioters-syria"
        elif sub_type == AIR and "drone" not in weapons and (weapons & _AIRCRAFT or _air_raid(sentence)):
            # warplanes and helicopters are a state's; a drone (طائرة مسيرة: "طائرة" too) may be anyone's
            fallback = UNIDENTIFIED_AIR
        else:
            fallback = UNIDENTIFIED_GROUND
        actor1 = _registry_actor(resources, fallback)
    if (
        actor2 is None
        and event_type != "Battles"
        and (
            ((killed or injured) and _civilians_named(sentence_norm))
            or (event_type == "Explosions/Remote violence" and killed and not _military_words(sentence_norm))
        )
    ):
        # civilians named among the victims — or people killed by shelling or an air strike on a town with no
        # military target named ("استشهاد شخص … من جراء قصف تعرضت له مدينة الميادين"; gold guideline 8)
        actor2 = _registry_actor(resources, CIVILIANS)
    if (
        sub_type == "Non-violent transfer of territory"
        and trigger is not None
        and actor2 is not None
        and (
            normalize_key(trigger.row["cue"]).split()[0] in _HANDING_OVER
            or (
                trigger.row["sub_event_type"] == sub_type
                and any(
                    c.lexicon == "triggers"
                    and c.row["sub_event_type"] in _TERRITORY
                    and c.start > trigger.start
                    for c in sentence.cues
                )
            )
        )
    ):
        # ("انسحبت قوات النظام من مواقعها في قرية الطيبة وسيطرت عليها فصائل المعارضة": who withdrew is the
        # subject of the withdrawal told first, who took over the ground after it is actor1)
        # "سلّمت قسد نقاطها إلى الجيش السوري": the side it is handed to takes the ground (actor1), the giver hands it
        first_ref, second_ref, actor1, actor2 = second_ref, first_ref, actor2, actor1
    if sub_type in _TERRITORY and actor1 is not None and not generic:
        # who took the ground decides: the state regains it, anyone else overtakes it ("سيطر الجيش السوري على
        # بلدة السخنة" is the government regaining territory, whatever verb says so)
        # (a foreign army taking ground is no government regaining its own)
        own_state = actor1.inter == "State forces" and actor1.country in ("SY", "IQ")
        sub_type = "Government regains territory" if own_state else "Non-state actor overtakes territory"
    if actor2 is None and sub_type == "Attack" and event_type == "Violence against civilians":
        # an attack on people no armed side is named for ("أعدم تنظيم داعش 3 أشخاص", "اغتال مجهولون مختار
        # البلدة") targets civilians, by ACLED's definition of the event type
        actor2 = _registry_actor(resources, CIVILIANS)
    if actor2 is None and sub_type == "Arrests" and _civilians_named(sentence_norm):
        # "اعتقال 4 شبان من أبناء بلدة الشحيل": civilians detained
        actor2 = _registry_actor(resources, CIVILIANS)
    if sub_type == "Armed clash" and actor2 is not None and actor2.inter in _UNARMED:
        # "هاجم مسلحون منزل أحد المدنيين وأطلقوا النار عليه": no fight with the unarmed — an attack on them
        event_type, sub_type = "Violence against civilians", "Attack"
    elif sub_type == "Attack" and actor2 is not None and actor2.inter in _ARMED:
        # "قُتل 3 عناصر من قسد بهجوم لمسلحين على حاجز": violence against an armed side is a battle (ACLED)
        event_type, sub_type = "Battles", "Armed clash"
    share, remainder = divmod(killed, len(places)) if places else (killed, 0)
    out = []
    first_actor2 = actor2
    for position, (ref, mention_index) in enumerate(places):
        actor2 = first_actor2
        if actor2 is None and event_type in ("Battles", "Explosions/Remote violence"):
            # "استهداف حقل العمر النفطي بقذيفتين": an attack on a foreign-held base hits the force holding it
            actor2 = _garrison(resources, ref.place_id, date[0], actor1)
        if _country(ref) == "Iraq":
            # "Civilians (Iraq)", "Protesters (Iraq)", "Islamic State (Iraq)" for events in Iraq
            actor1, actor2 = _in_iraq(resources, actor1), _in_iraq(resources, actor2)
        fatalities = share + (1 if position < remainder else 0)
        if killed and not stated and fatalities == 0:
            fatalities = 1  # an unnumbered toll over several places: at least one death each (lowest reading)
        mention = doc.mentions[mention_index]
        field_evidence: list[tuple[str, Span]] = [("location", Span(mention.start, mention.end, "location"))]
        if first_ref is not None:
            m = doc.mentions[first_ref[0]]
            field_evidence.append(("actor1", Span(m.start, m.end, "actor1")))
        if second_ref is not None:
            m = doc.mentions[second_ref[0]]
            field_evidence.append(("actor2", Span(m.start, m.end, "actor2")))
        if date[2] is not None:
            field_evidence.append(("event_date", date[2]))
        if fatality_span is not None:
            field_evidence.append(("fatalities", fatality_span))
        confidence = min(1.0, 0.45 + 0.1 * strength)
        confidence -= 0.15 if inherited else 0.0
        confidence -= 0.1 if generic else 0.0
        confidence -= 0.1 if date[0] is None else 0.0
        inter1 = actor1.inter if actor1 else ""
        inter2 = actor2.inter if actor2 else None
        codes = sorted(c for c in (INTER_CODES.get(inter1), INTER_CODES.get(inter2 or "")) if c)
        interaction = codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else None
        event_date = date[0].isoformat() if date[0] else None
        location = ref.name_en or ref.name_ar
        event_id = content_id(doc.id, sub_type, str(sentence.span.start), ref.place_id or ref.name_ar)
        notes = _notes(event_date, location, actor1, actor2, sub_type, fatalities, weapons)
        out.append(
            Event(
                event_id=event_id,
                event_date=event_date,
                time_precision=date[1] if date[0] else 3,
                disorder_type=DISORDER.get(event_type, "Political violence"),
                event_type=event_type,
                sub_event_type=sub_type,
                actor1=actor1.canonical if actor1 else "Unidentified Armed Group (Syria)",
                actor2=actor2.canonical if actor2 else None,
                inter1=inter1,
                inter2=inter2,
                interaction=interaction,
                civilian_targeting="Civilian targeting"
                if actor2 is not None and actor2.inter == "Civilians"
                else "",
                country=_country(ref),
                admin1=ref.admin1,
                admin2=ref.admin2,
                admin3=ref.admin3,
                location=location,
                location_ar=doc.text[mention.start : mention.end],
                latitude=ref.lat,
                longitude=ref.lon,
                geo_precision=max(ref.geo_precision, 2) if _countryside(doc, mention) else ref.geo_precision,
                fatalities=fatalities,
                notes=notes,
                tags=tuple(sorted({*weapons, *(["place inherited from context"] if inherited else [])})),
                evidence=Span(sentence.sentence.start, sentence.sentence.end, "evidence"),
                field_evidence=tuple(field_evidence),
                confidence=max(0.05, confidence),
                place_id=ref.place_id,
            )
        )
    return out


# the generic victims and crowds, and the Islamic State, are per country (ACLED); an unclaimed attack stays
# "Unidentified Armed Group (Syria)" wherever it is (gold guideline 12: unclaimed attacks on US bases, in Iraq too)
_IRAQ_ROWS = {
    "civ-syria": "civ-iraq",
    "protesters-syria": "protesters-iraq",
    "rioters-syria": "rioters-iraq",
    "is-syria": "is-iraq",
}


def _in_iraq(resources: Resources, actor: Actor | None) -> Actor | None:
    return (_registry_actor(resources, _IRAQ_ROWS.get(actor.id, "")) or actor) if actor is not None else None


def _registry_actor(resources: Resources, actor_id: str) -> Actor | None:
    """The actor row with this id, if the registry has one."""
    found = resources.by_id.get(actor_id)
    return found if isinstance(found, Actor) else None


def _garrison(
    resources: Resources, place_id: str | None, when: dt.date | None, actor1: Actor | None
) -> Actor | None:
    """The force holding a base (``data/actors/garrisons.tsv``) on the event's date, unless it is the attacker."""
    from rasd.stages.actors import pick_actor

    if not place_id:
        return None
    held: dict[str, list[dict[str, str]]] = resources.memo("garrisons", lambda: _garrison_rows(resources))
    for row in held.get(place_id, ()):
        if when is not None and (
            (row["held_from"] and when.isoformat() < row["held_from"])
            or (row["held_to"] and when.isoformat() >= row["held_to"])
        ):
            continue
        actor = pick_actor([resources.by_id.get(i) for i in row["actor_ids"].split("|")], when)
        if actor is not None and (actor1 is None or actor.id != actor1.id):
            return actor
    return None


def _garrison_rows(resources: Resources) -> dict[str, list[dict[str, str]]]:
    held: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in resources.lexicons["garrisons"]:
        held[row["place_id"]].append(row)
    return dict(held)


_UNARMED = frozenset({"Civilians", "Protesters"})


def _civilians_named(sentence_norm: str) -> bool:
    """A word for civilians among the clause's ("… طالت 7 شبان."): read only where a rule asks (the regex pass
    over the clause costs more than the rest of most events' checks)."""
    return not _CIVILIAN_WORDS.isdisjoint(_WORD.findall(sentence_norm))


_HANDING_OVER = word_list("events.handing_over")
_NOT_NEGATING = word_list("events.not_negating")
_SURVIVED = word_list("events.survived")
_HALTED = word_list("events.halted")
_WORD = re.compile(r"\w+")
_ARMED = frozenset(
    {"State forces", "Rebel group", "Political militia", "Identity militia", "External/Other forces"}
)
_DISPLACEMENT = re.compile(r"نزوح|نزح|تهجير|هجر|النازحين|نازحين")
_AIR_POWERS = frozenset(
    {
        "us-mil-2017",
        "us-mil-2021",
        "us-mil-2025",
        "israel-mil-2009-2021",
        "israel-mil-2021-2022",
        "israel-mil-2022",
    }
)
_NATIONS = {
    normalize_key(stem): ids
    for stem, ids in [
        ("أميركي", ("us-mil-2017", "us-mil-2021", "us-mil-2025")),
        ("أمريكي", ("us-mil-2017", "us-mil-2021", "us-mil-2025")),
        ("إسرائيلي", ("israel-mil-2009-2021", "israel-mil-2021-2022", "israel-mil-2022")),
        ("صهيوني", ("israel-mil-2009-2021", "israel-mil-2021-2022", "israel-mil-2022")),
        ("روسي", ("russia-mil",)),
        ("تركي", ("turkey-mil",)),
    ]
}
_ATTACK_NOUNS = word_list("events.attack_nouns")
_TARGET_NOUNS = word_list("events.target_nouns")
# built from the normalized stems: the text it runs on is normalized (إسرائيلية → اسراييليه)
_NATION_ADJECTIVE = re.compile(r"(?:^|\s)(ال)?(" + "|".join(_NATIONS) + r")(?:ه|ين|ون)?(?=\s|$|[،,.])")


# a country or its capital named as the subject of an attack stands for its armed forces
_COUNTRIES = {
    normalize_key(name): ids
    for names, ids in [
        (("تركيا", "أنقرة"), ("turkey-mil",)),
        (("إسرائيل", "تل أبيب"), ("israel-mil-2009-2021", "israel-mil-2021-2022", "israel-mil-2022")),
        (("الولايات المتحدة", "واشنطن", "أميركا", "أمريكا"), ("us-mil-2017", "us-mil-2021", "us-mil-2025")),
        (("روسيا", "موسكو"), ("russia-mil",)),
        (("إيران", "طهران"), ("iran-mil",)),
        (("الأردن", "عمان"), ("jordan-mil",)),
    ]
    for name in names
}
# a word of each country name (its longest): a clause that holds none of them names no country
_COUNTRY_PROBES = tuple(sorted({max(name.split(), key=len) for name in _COUNTRIES}))


def _country_subject(
    doc: Document, resources: Resources, sentence: _Sentence, trigger_pos: int
) -> Actor | None:
    """A country named as the attack verb's subject ("قصفت تركيا أمس مواقع لتنظيم داعش", "وشنت إسرائيل
    غارات"): its military, valid on the article's date. Only right after the verb word (a time may come between)
    or right before it."""
    assert doc.norm is not None
    clause = doc.norm.text[sentence.n_start : sentence.n_end]
    if not any(word in clause for word in _COUNTRY_PROBES):
        return None  # (most clauses name no country: its words are not read)
    from rasd.stages.actors import article_date, pick_actor

    after = [w.strip(_PUNCT_CHARS) for w in key_of(doc.norm, trigger_pos, sentence.span.end).split()[1:6]]
    before = [w.strip(_PUNCT_CHARS) for w in key_of(doc.norm, sentence.span.start, trigger_pos).split()[-3:]]
    candidates = []
    for i in range(len(after)):
        if all(_filler(w) for w in after[:i]):
            candidates += [after[i], " ".join(after[i : i + 2])]
    while before and _filler(before[-1]):
        before.pop()  # "وشنّت إسرائيل اليوم غارات": the trigger is the object after the verb, its subject and a time
    if before:
        candidates += [before[-1], " ".join(before[-2:])]
    for word in candidates:
        ids = _COUNTRIES.get(word.lstrip("و"))
        if ids:
            return pick_actor([resources.by_id.get(i) for i in ids], article_date(doc))
    return None


def _nationality_actors(
    doc: Document, resources: Resources, sentence: _Sentence
) -> tuple[Actor | None, Actor | None]:
    """State forces named by an adjective on the attack ("بغارات أميركية جوية", "طائرات حربية إسرائيلية",
    "العدوان الأميركي": actor1) or on its target ("القاعدة العسكرية الأميركية": actor2), valid on the article's
    date."""
    assert doc.norm is not None
    text = doc.norm.text
    agent = target = None
    clause = text[sentence.n_start : sentence.n_end]
    if not any(stem in clause for stem in _NATIONS):
        return None, None  # (most clauses: no nationality, and the regex is not run)
    from rasd.stages.actors import article_date, pick_actor

    for match in _NATION_ADJECTIVE.finditer(text, sentence.n_start, sentence.n_end):
        words = text[max(sentence.n_start, match.start() - 50) : match.start()].split()[-5:]
        nouns = [_strip_proclitic(w, _ATTACK_NOUNS | _TARGET_NOUNS) for w in words]
        ids = _NATIONS.get(normalize_key(match.group(2)), ())
        actor = pick_actor([resources.by_id.get(i) for i in ids], article_date(doc))
        if actor is None:
            continue
        # "قاعدة حقل العمر النفطي الأميركية": the adjective may follow the base's whole name
        if any(n in _TARGET_NOUNS for n in nouns):
            target = target or actor
        elif any(n in _ATTACK_NOUNS for n in nouns[-2:]):
            agent = agent or actor
    return agent, target


_MILITARY_WORDS = word_list("events.military_words")


def _military_words(sentence_norm: str) -> bool:
    # (any word w with w, w[1:] or w[2:] in the list: a word behind up to two proclitic letters, as
    # _strip_proclitic reads it)
    # (the words without their first letters by map and itemgetter: no list and no Python call per word)
    words = sentence_norm.split()
    return not (
        _MILITARY_WORDS.isdisjoint(words)
        and _MILITARY_WORDS.isdisjoint(map(_AFTER_ONE, words))
        and _MILITARY_WORDS.isdisjoint(map(_AFTER_TWO, words))
    )


_AFTER_ONE = operator.itemgetter(slice(1, None))  # word[1:]
_AFTER_TWO = operator.itemgetter(slice(2, None))  # word[2:]


_COUNTRYSIDE = word_list("events.countryside")


# the countryside or desert of a town or governorate ("في ريف الحسكة", "في بادية حمص"): a wide area, not "near"
_RURAL = frozenset(w for w in _COUNTRYSIDE if "ريف" in w or "ارياف" in w or "باديه" in w)


def _rural(doc: Document, mention: Mention) -> bool:
    """ "في ريف الحسكة", "ببادية حمص": the place names a wide area around it (see ``_countryside``)."""
    assert doc.norm is not None
    words = key_of(doc.norm, max(0, mention.start - 14), mention.start).split()
    return bool(words) and words[-1] in _RURAL


def _countryside(doc: Document, mention: Mention) -> bool:
    """ "في ريف حماة الشمالي", "بمحيط بلدة …": the event is around the named place, not in it (ACLED
    geo_precision 2)."""
    assert doc.norm is not None
    words = key_of(doc.norm, max(0, mention.start - 14), mention.start).split()
    while words and words[-1] in ("مدينه", "بلده", "قريه", "العاصمه"):
        words.pop()
    return bool(words) and words[-1] in _COUNTRYSIDE


def _armed_forces(resources: Resources, actor: Actor | None) -> Actor | None:
    """A government as a side of an event is coded as its military (ACLED's practice; the gold never codes
    "Government of Syria"): "النظام السوري" shelling a town or signing a truce is Military Forces of Syria of
    the same period. Claims keep the government as the speaker."""
    if actor is None or not actor.canonical.startswith("Government of "):
        return actor

    def build() -> dict[str, Actor]:
        armies: dict[str, Actor] = {}
        for government in resources.actors:
            if not government.canonical.startswith("Government of "):
                continue
            for candidate in resources.actors:
                if (
                    candidate.country == government.country
                    and candidate.canonical.startswith("Military Forces of ")
                    and candidate.canonical.endswith(")")
                    and candidate.valid_from[:4] <= (government.valid_to or "9999")[:4]
                    and (candidate.valid_to or "9999")[:4] >= government.valid_from[:4]
                    and candidate.valid_to[:7] == government.valid_to[:7]
                ):
                    armies[government.id] = candidate
                    break
        return armies

    armies: dict[str, Actor] = resources.memo("events.armed_forces", build)
    return armies.get(actor.id, actor)


def _air_raid(sentence: _Sentence) -> bool:
    """An air raid named as such ("غارة جوية", "الغارات", "قصف جوي"): flown by an air force."""
    return any(
        c.lexicon == "triggers"
        and c.row["sub_event_type"] == AIR
        and any(w.startswith(("غار", "الغار", "جوي", "الجوي")) for w in normalize_key(c.row["cue"]).split())
        for c in sentence.cues
    )


def _record(resources: Resources, item: ActorItem | None) -> Actor | None:
    return None if item is None else _registry_actor(resources, getattr(item[1], "actor_id", ""))


def _country(ref: PlaceRef) -> str | None:
    if ref.admin1 in {
        "Al Anbar",
        "Baghdad",
        "Erbil",
        "Ninewa",
        "Basrah",
        "Kirkuk",
        "Salah al-Din",
        "Diyala",
        "Duhok",
    }:
        return "Iraq"
    return "Syria" if ref.admin1 or ref.place_id else None


def _notes(
    date: str | None,
    location: str,
    actor1: Actor | None,
    actor2: Actor | None,
    sub_type: str,
    fatalities: int,
    weapons: set[str],
) -> str:
    who = actor1.canonical if actor1 else "Unidentified armed group"
    whom = f" against {actor2.canonical}" if actor2 else ""
    how = f" ({', '.join(sorted(weapons))})" if weapons else ""
    when = f"On {date}, " if date else ""
    toll = f" {fatalities} fatalities." if fatalities else " No fatalities reported."
    return f"{when}{who}: {sub_type.lower()}{how}{whom} in {location}.{toll}"


def _merge(events: list[Event]) -> list[Event]:
    """One event per (date, place, actor1, actor2, sub-type) within an article; the first report's evidence.
    An event at a coarse area (a region, "شمالي شرقي سوريا") that repeats one at a named place inside it (same
    date, sub-type and actor1) is the same report — the headline and the lead — and keeps the precise place."""
    merged = _merge_same_place(events)
    fine = [e for e in merged if not _coarse(e)]
    out = []
    for event in merged:
        if _coarse(event) and any(
            f.event_date == event.event_date
            and f.sub_event_type == event.sub_event_type
            and f.actor1 == event.actor1
            and _inside(f, event)
            for f in fine
        ):
            continue
        out.append(event)
    # a quarter of a town the article codes the same day for the same act is that town's event ("وحي القصور في
    # دير الزور", "منطقة الصالحية في البوكمال"): ACLED codes the town once
    towns = [e for e in out if not (e.place_id or "").startswith(_QUARTER) and e.latitude is not None]
    return [
        e
        for e in out
        if not (
            (e.place_id or "").startswith(_QUARTER)
            and e.latitude is not None
            and any(
                t.event_date == e.event_date
                and t.sub_event_type == e.sub_event_type
                and (
                    t.actor1 == e.actor1
                    or e.actor1.startswith("Unidentified")
                    or t.actor1.startswith("Unidentified")
                )
                and haversine_km(t.latitude, t.longitude, e.latitude, e.longitude) <= 10  # type: ignore[arg-type]
                for t in towns
            )
        )
    ]


def _inside(fine: Event, coarse: Event) -> bool:
    """Whether the named place may lie inside the coarse area: same governorate, and same district where the
    area has one ("منطقة المزارع" by الميادين holds no event at البوكمال, 45 km off)."""
    if coarse.admin1 is not None and fine.admin1 != coarse.admin1:
        return False
    return coarse.admin2 is None or fine.admin2 is None or fine.admin2 == coarse.admin2


_QUARTER = "rasd:nbh-"
_ADMIN_PCODE = re.compile(r"^SY\d+$")


def _coarse(event: Event) -> bool:
    """At a region, an admin unit or a country rather than a named town, village or site."""
    place = event.place_id or ""
    return place.startswith(("rasd:region", "rasd:country")) or _ADMIN_PCODE.match(place) is not None


def _merge_same_place(events: list[Event]) -> list[Event]:
    kept: dict[tuple[object, ...], Event] = {}
    for event in events:
        key: tuple[object, ...] = (
            event.event_date,
            event.place_id or event.location_ar,
            event.sub_event_type,
        )
        if "mutual" in event.tags:
            key = (*key, event.actor1)  # each side's fire is an event of its own
        if key in kept:
            first = kept[key]
            better = first
            if first.actor1.startswith("Unidentified") and not event.actor1.startswith("Unidentified"):
                better = replace(event, evidence=first.evidence, event_id=first.event_id)
            if event.fatalities > better.fatalities and better.fatalities == 0:
                better = replace(better, fatalities=event.fatalities)
            kept[key] = better
            continue
        kept[key] = event
    return list(kept.values())
