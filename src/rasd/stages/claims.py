"""Stage ``claims``: who denies, accuses, attributes, threatens or states what — claims are data, not events.

Reads: ``doc.sentences``, ``doc.norm``, ``doc.mentions``/``actors``, ``doc.events`` and the reporting
lexicon. Writes: ``doc.claims`` and lowers the ``confidence`` of events that a claim denies.

A sentence with a reporting cue — ``نفى`` (denied), ``اتهم``/``حمّل المسؤولية`` (accused), ``يُعتقد أنها``/
``رجّحت``/``تبنّى`` (attributed responsibility), ``هدد``/``توعّد`` (threatened), ``أعلن``/``أكد``/``قال``
(stated) — gives a claim of the strongest type present (denial > accusation > threat > attribution >
statement), plus one for each other denial, accusation, threat or attribution cue ("نحن ننفي … ونتهم …" is two claims).

* **Sourcing is not a claim.** ``بحسب``/``وفق``/``أفادت مصادر``/``مراسلنا`` say how the text is sourced (lexicon
  type ``source``). A news source opening with new information states it ("أكدت مصادر الميادين تجدد الوساطة");
  going on with the details ("وأوضحت/وأضافت/وقالت المصادر أن …", "وأشارت الوزارة") is the news itself unless
  what it reports is a negation ("عدم وجود أي شهداء"); a news source's report of an event is how that event is
  sourced; an earlier report recalled ("وكان المتحدث قد صرّح", "وفي وقت سابق، أكدت …") is no new claim. The
  publishing outlet's own correspondent (``مراسلنا``, ``مراسل الميادين`` on almayadeen.net, an unnamed
  ``مراسل``) is the outlet narrating; another outlet's correspondent (``مراسلة شبكة سي أن أن``) states.
* **Statements that blame are accusations**: an official or actor saying that another actor did violence
  ("قالت الوزارة إنّ القوات الأميركية قصفت …") or framing an act as hostile ("الاعتداءات الإسرائيلية
  استهدفت …", "نهبها المنظم للنفط").
* Plural nouns ("التهديدات", "تلك الاتهامات") speak of threats and accusations in general: no claim. A
  headline restated in the lead is one claim.

The speaker is the actor, person or outlet named just before the cue, or after it when the verb opens the
sentence (``نفى إبراهيم الهفل``, ``وقالت الوزارة``); for attributions the name after the cue. ``about`` is the
first actor named after the cue. The claim links the events whose evidence is the same sentence (or, for a
denial with no event of its own, the events of the previous sentence), and a denial lowers their confidence
by a third.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from operator import itemgetter
from urllib.parse import urlsplit

from rasd.document import Claim, Document, Event, Mention, Span, content_ids, evolve, mentions_in
from rasd.kb.cues import CueHit, cue_index
from rasd.kb.words import word_list
from rasd.pipeline import Context
from rasd.text.normalize import Normalized, key_of, keyed_text, normalize_key

NAME = "claims"
VERSION = "1.0.0"
REQUIRES = frozenset({"sentences", "norm", "mentions", "actors", "events"})
USES_RESOURCES = True
PROVIDES = frozenset({"claims"})

STATEMENTS_NEED_SPEAKER = False
_PRIORITY = {"denial": 5, "accusation": 4, "threat": 3, "attribution": 2, "statement": 1}
_SOURCE_WORDS = word_list("claims.source_words")
# the grammatical subject of a reporting verb that is an institution rather than a named actor
_INSTITUTION_WORDS = word_list("claims.institution_words")
# the reported content holds a negation ("لم يقتل أحد", "عدم وجود شهداء"): a claim even from a news source
_NEGATION = word_list("claims.negation")
_ACCUSING_TYPES = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
)  # a statement that an actor other than the speaker did this is an accusation
_ACCUSING_SUBTYPES = frozenset({"Looting/property destruction"})
# words that frame the reported act as hostile: "الاعتداءات الإسرائيلية", "المحتل الأميركي", "نهب", "سرقة"
_HOSTILE = word_list("claims.hostile")
# words that only name an actor as hostile ("الاحتلال الأميركي"): an accusation only beside violence
_HOSTILE_LABELS = word_list("claims.hostile_labels")


def run(doc: Document, ctx: Context) -> Document:
    if doc.norm is None:
        return doc
    norm = doc.norm
    hits = cue_index(ctx.resources).scan(norm.text)
    actor_names = {ref.mention: ref.canonical for ref in doc.actors}
    own = own_outlets(doc, ctx.resources.lexicons["outlets"])
    claims: list[Claim] = []
    from_sources: set[str] = set()  # the claims whose speaker is a news source (any of the article's sources)
    seen: list[tuple[str, frozenset[str]]] = []
    events = list(doc.events)
    previous: Span | None = None
    claim_id_of = content_ids(doc.id, "claim")  # (the document's id hashed once for all its claims)
    # the events' ids by the start of their sentence, in order (made at the first sentence with a cue; a denial
    # lowering an event's confidence changes neither)
    event_ids: dict[int, list[str]] | None = None
    # where a claim cue starts (a reporting verb, or a sentence that may blame): most sentences have none
    reported = [c.start for c in hits.hits if c.lexicon == "reporting" and c.row["claim_type"] in _PRIORITY]
    # (in an article without "مسؤولية" — most — a sentence is passed over by its cues alone: the cues before
    # reported[next_cue] lie before the previous sentence's end, so a sentence that ends before that cue holds
    # none — one offset mapped, not two, and none after the last cue; sentences come in order, without overlap)
    blame_free = norm.text.find("مسووليه") < 0
    next_cue = 0
    prev_end = 0
    for span in doc.sentences:
        if blame_free and span.start >= prev_end:
            if next_cue == len(reported):
                prev_end = span.end
                previous = span
                continue
            n_end = norm.to_normalized(span.end)
            prev_end = span.end
            if reported[next_cue] >= n_end:
                previous = span
                continue
            n_start = norm.to_normalized(span.start)
        else:
            n_start, n_end = norm.to_normalized(span.start), norm.to_normalized(span.end)
            prev_end = span.end
        next_cue = bisect.bisect_left(reported, n_end)
        at = bisect.bisect_left(reported, n_start)
        if (at == len(reported) or reported[at] >= n_end) and norm.text.find("مسووليه", n_start, n_end) < 0:
            previous = span
            continue
        found = hits.within(n_start, n_end) + _blame(norm.text, n_start, n_end)
        cues = [
            c
            for c in found
            if c.lexicon == "reporting"
            and c.row["claim_type"] in _PRIORITY
            and not (
                c.row["claim_type"] != "statement"
                and norm.text.startswith("ات", c.end)
                and not _MADE.intersection(norm.text[max(n_start, c.start - 12) : c.start].split()[-1:])
            )
            and not (normalize_key(c.row["cue"]) in _RELAYED and _quoted_at(norm.text, c.end, n_end) is None)
        ]  # "التهديدات التي تحصد أرواحهم", "تلك الاتهامات": threats and accusations in general, not one made
        # ("وجهت اتهامات إلى …" makes them); "نقلت" without "عن" moves things, it quotes no one
        if not cues:
            previous = span
            continue
        if event_ids is None:
            event_ids = {}
            for e in doc.events:
                event_ids.setdefault(e.evidence.start, []).append(e.event_id)
        linked = event_ids.get(span.start, [])
        # the document's keyed text (key_of's, found once per text): the words of a window are a slice of it split
        keyed = keyed_text(norm.text)
        # (no "مراسل" in the sentence: no correspondent for _own_correspondent to find)
        has_reporter = norm.text.find("مراسل", n_start, n_end) >= 0
        for kind, best in _claim_cues(cues):
            cue_start, cue_end = norm.span_to_original(best.start, best.end)
            while cue_end < span.end and doc.text[cue_end].isalpha():
                cue_end += 1  # the whole word: "أشار" + "ت"
            speaker, speaker_is_source = _speaker(doc, span, cue_start, cue_end, kind, actor_names, keyed)
            if (
                kind == "statement"
                and has_reporter
                and _own_correspondent(doc, span, cue_start, cue_end, own)
            ):
                continue  # "أكد مراسلنا", "أفاد مراسل الميادين" in a Mayadeen article: the outlet narrating
            if kind == "statement" and speaker is None and STATEMENTS_NEED_SPEAKER:
                continue  # an unattributed "قال"/"أكد": reporting prose, not a claim anyone made
            named_at = doc.text.find(speaker, cue_end, cue_end + 60) if speaker else -1
            content = _words(norm, keyed, cue_end, span.end)
            content_key = " ".join(content)  # (key_of's string: the words joined by one space)
            if (
                kind == "threat"
                and (before := _words(norm, keyed, max(span.start, cue_start - 20), cue_start))
                and (
                    before[-1] in _RELATIVE
                    or " ".join(before[-2:]) == "في ظل"
                    or _ALARMS.intersection(w.lstrip("و") for w in before[-2:])
                )
            ):
                # "الأمر الذي يهدد بوقوع كارثة", "في ظل تهديدات بالرد", "دوّت صفارات الإنذار": no one threatening
                continue
            if kind != "denial" and _negated(norm.text, cues, best.start, n_start):
                continue  # "ولم تعلن أي جهة مسؤوليتها", "لم يتهم أحداً": a claim not made
            said = " " + content_key
            # (any(map(said.__contains__, …)): each phrase looked for in C, no generator step per phrase)
            if kind == "statement" and (
                any(map(said.__contains__, _DENIED))
                or (
                    any(map(said.__contains__, _DENIED_PART))
                    and any(c.lexicon == "triggers" and c.start >= best.end for c in found)
                )
            ):
                # "أكد عدم صحة الأنباء"; "أكد مصدر عسكري أن الجيش لم يشارك في الهجوم": a report or a part in
                # the violence denied
                kind = "denial"
            if (
                kind == "statement"
                and speaker is None
                and content[:1] in (["ان"], ["انه"], ["الي"], ["انها"], ["في"])
                and not _negates(content)
            ):
                # "وأضاف أن …", "وأشار إلى أن …", "وترى في هذه الورقة …": no subject — the speaker before goes on,
                # one claim, told once
                continue
            # still a statement before what it says makes it an accusation or attribution (a report it denies has
            # made it a denial already)
            stated = kind == "statement"
            cue_key = normalize_key(best.row["cue"])
            # (not a mourning verb — "زفّت المقاومة شهيداً … من جراء عدوان أمريكي": who killed its own, below; the
            # agent looked for only when the cheaper tests pass)
            if (
                kind == "statement"
                and not speaker_is_source
                and cue_key not in _MOURNING
                and not _own_forces(content)
                and _accuses(
                    doc,
                    found,
                    best.end,
                    _agent_position(doc, span, cue_end, content_key, actor_names, speaker),
                    content,
                )
            ):
                kind = "accusation"  # "قالت الوزارة إن القوات الأميركية قصفت …"
            elif kind == "statement" and _names_attacker(content_key):
                kind = "attribution"  # "وأضاف المصدر أنّه خلال الهجوم الصهيوني في البوكمال …": who did it
            verb = _strip_article(cue_key)
            violent_news = speaker_is_source and any(
                (
                    c.lexicon == "triggers"
                    and c.row.get("event_type") in _ACCUSING_TYPES
                    and float(c.row.get("weight") or 1) >= 2
                )
                or (
                    c.lexicon == "casualties"
                    and c.row.get("kind") in ("killed", "injured")
                    and not normalize_key(speaker or "").startswith(("مراسل", "المراسل"))
                )  # (another outlet's correspondent giving a toll — "كشفت مراسلة شبكة سي أن أن" — states it)
                for c in found
                if c.start >= best.end
            )  # ("أكدت مصادر للميادين تعرّض القاعدة لقصف", "أكدت المصادر وقوع قتلى": sourcing, even where the
            # event is coded elsewhere)
            violent_news = violent_news and not _negates(content)  # "عدم وجود أي شهداء": a claim
            if kind in ("statement", "attribution") and (
                (linked and (speaker is None or speaker_is_source)) or (violent_news and kind == "statement")
            ):
                break  # "أفاد مراسلنا بقصف …" is how the event is sourced, not a separate claim
            if (
                kind in ("statement", "attribution")
                and linked
                and (
                    (kind == "statement" and _own_forces(content))
                    or (
                        (kind == "statement" or verb.startswith(_RESPONSIBILITY))
                        and _speaker_acted(doc, events, linked, speaker, named_at, actor_names)
                    )
                )
            ):
                # "أعلنت القيادة المركزية الأميركية اعتقال قيادي …", "وتبنّت المقاومة الإسلامية استهداف …": an
                # actor telling of its own act is how the event (and its actor1) is known, not a separate claim
                break
            if kind == "attribution" and not any(
                c.lexicon in ("triggers", "weapons")
                or (c.lexicon == "casualties" and c.row.get("kind") == "killed")
                for c in found
            ):
                # "ورجّحت المصادر أن يزداد التوتر …", "قيادة طالبان التي يعتقد أنها تتمركز في كويتا": a forecast or a
                # belief — no act whose author is named
                continue
            if kind == "statement":
                opening = _words(norm, keyed, span.start, min(span.end, span.start + 24))[:3]
                if any(w in _RECAP for w in opening[:2]) or " ".join(opening[:3]).endswith("وقت سابق"):
                    continue  # "وكان المتحدث قد صرّح …", "وفي وقت سابق، أكدت المصادر …": an earlier report recalled
                if opening[:1] and opening[0] in _COMES and opening[1:2] != ["في"]:
                    continue  # "ويأتي هذا الإعلان في إطار …", "وجاء تصريح المستشار في الوقت الذي …": told before
            if stated and _NOT_MADE_AFTER.intersection(
                _words(norm, keyed, max(span.start, cue_start - 12), cue_start)[-1:]
            ):
                # "… وذلك بعد إعلانها منذ نحو أسبوع أنّ …", "رغم إعلان الوزارة …": an announcement recalled, not
                # made; "بحسب تصريحات …": how the text is sourced
                continue
            word_start = cue_start
            while word_start > span.start and doc.text[word_start - 1].isalpha():
                word_start -= 1
            if stated and normalize_key(doc.text[word_start:cue_start]).endswith("ال"):
                continue  # "ودعا المجلس، في البيان، …", "بحسب البيان": the statement named before, going on
            definite = (speaker or "").split()
            if (
                kind == "statement"
                and (
                    (speaker_is_source and verb in _GOING_ON | _SAID)
                    or (
                        len(definite) == 1
                        and definite[0].startswith("ال")
                        and normalize_key(definite[0]) in _SOURCE_WORDS | _INSTITUTION_WORDS
                        and verb in _CONFIRMING
                    )  # ("وأكد المقدشي": a name, not a head noun)
                    or (
                        (speaker is None or (definite and definite[0].startswith("ال"))) and verb in _GOING_ON
                    )
                )
                and not _negates(content)
            ):
                # "وأضافت المصادر أن القافلة كانت مؤلفة من 25 شاحنة", "وأشارت الوزارة …", "وأكدت المصادر أن
                # التعزيزات شملت أيضاً …": details going on (sources named before that reveal something new —
                # "وكشفت المصادر" — still state it)
                break
            claim_links = linked
            if not claim_links and kind == "denial" and previous is not None:
                claim_links = event_ids.get(previous.start, [])
            words = frozenset(_words(norm, keyed, span.start, span.end))
            if _repeats(seen, kind, words):
                continue  # the headline restated in the lead: one claim
            seen.append((kind, words))
            claim_id = claim_id_of(str(span.start), kind)
            # (who it is about: looked for only now, for the cues that make a claim)
            about = _about(
                doc, span, named_at + len(speaker or "") if named_at >= 0 else cue_end, actor_names, speaker
            )
            claims.append(
                Claim(
                    claim_id,
                    kind,
                    _named_before(speaker, claims),  # "وكشفت الوزارة" after "أعلنت وزارة النقل السورية"
                    about,
                    Span(span.start, span.end, "evidence"),
                    Span(cue_start, cue_end, "cue"),
                    tuple(claim_links),
                )
            )
            if speaker_is_source:
                from_sources.add(claim_id)
            if kind == "denial" and claim_links:
                events = [
                    replace(e, confidence=e.confidence * 0.66) if e.event_id in claim_links else e
                    for e in events
                ]
        previous = span
    return evolve(doc, claims=tuple(_headline_once(doc, claims, from_sources)), events=tuple(events))


# "حمّل X مسؤولية Y" (held X responsible): the verb and its noun with the accused between them, which a
# contiguous cue cannot match ("وحمّل الأهالي قوات قسد مسؤولية مقتل الشاب")
_BLAME = re.compile(r"(?:^|(?<=\s))و?(حمل(?:ت|وا)?|يحمل(?:ون)?|تحمل|نحمل)\s+(?:\S+\s+){1,8}?(?:ال)?مسووليه")


def _blame(text: str, start: int, end: int) -> list[CueHit]:
    if text.find("مسووليه", start, end) < 0:
        return []  # (most sentences: the regex, which cannot skip ahead to a first letter, is not run)
    return [
        CueHit(m.start(1), m.end(1), "reporting", {"cue": m.group(1), "claim_type": "accusation"})
        for m in _BLAME.finditer(text, start, end)
    ]


def _speaker_acted(
    doc: Document,
    events: list[Event],
    linked: list[str],
    speaker: str | None,
    named_at: int,
    actor_names: dict[int, str],
) -> bool:
    """Whether the speaker is actor1 of an event the sentence reports: named as that actor before the cue, or
    written after it as one of the actor's names ("القيادة المركزية الأميركية")."""
    if not speaker:
        return False
    names = {speaker}
    if named_at >= 0:
        names.update(
            actor_names[i] for i in mentions_in(doc, named_at, named_at + len(speaker)) if i in actor_names
        )
    return any(e.actor1 in names for e in events if e.event_id in linked)


def _negates(content: list[str]) -> bool:
    """The reported content negates something ("عدم وجود أي شهداء", "لم يقتل أحد"), not just the lack of news
    ("من دون معلومات عن حجم الخسائر", "دون ورود أنباء عن إصابات": no claim made by it)."""
    if _NEGATION.isdisjoint(content):
        return False  # (most contents: no word to look at one by one)
    return any(word in _NEGATION and content[i + 1 : i + 2] not in _NO_NEWS for i, word in enumerate(content))


_NO_NEWS = [[w] for w in word_list("claims.no_news")]


def _named_before(speaker: str | None, claims: list[Claim]) -> str | None:
    """A speaker named again by its head noun with the article ("الوزارة", "القيادة") is the one an earlier claim
    named in full ("وزارة النقل السورية", "القيادة المركزية الأميركية")."""
    if not speaker or " " in speaker or not speaker.startswith("ال"):
        return speaker
    head = normalize_key(speaker[2:])
    for claim in reversed(claims):
        words = (claim.speaker or "").split()
        if len(words) > 1 and normalize_key(words[0]) == head:
            return claim.speaker
    return speaker


def _negated(norm_text: str, cues: list[CueHit], upto: int, floor: int) -> bool:
    """Whether a cue starting by ``upto`` is negated: a reporting verb right after لم/لا/لن ("لم يتهم أحداً"); a
    claim of responsibility within four words of one ("ولم تعلن أي جهة مسؤوليتها"). Offsets into the normalized
    text; ``floor``: the sentence's start. (Plain loops: no generator per cue or per word.)"""
    for c in cues:
        if c.start > upto:
            continue
        window = norm_text[max(floor, c.start - 30) : c.start]
        # (a verb's last word alone: rsplit once is split()[-1:], without a string per word)
        before = window.split()[-4:] if c.row["claim_type"] == "attribution" else window.rsplit(None, 1)[-1:]
        for w in before:
            if w.lstrip("و") in _NOT:
                return True
    return False


_NOT = ("لم", "لا", "لن")


def _headline_once(doc: Document, claims: list[Claim], from_sources: set[str]) -> list[Claim]:
    """A claim in the headline that the body reports again (same type, same speaker) is one claim: the body's,
    which carries the detail ("… وجيش العشائر ينفي أي دور" above "بينما نفى قائد قوات العشائر …"). The news
    sources of one article count as one speaker ("مصادر الميادين أكدت …" above "أكدت مصادر الميادين …")."""
    first_line = doc.text.find("\n")
    if first_line <= 0:
        return claims

    def said_by(claim: Claim) -> str | None:
        return "(sources)" if claim.claim_id in from_sources else claim.speaker

    body = {(c.type, said_by(c)) for c in claims if c.evidence.start > first_line and said_by(c)}
    return [
        c
        for c in claims
        if not (c.evidence.end <= first_line and said_by(c) and (c.type, said_by(c)) in body)
    ]


def _claim_cues(cues: list[CueHit]) -> list[tuple[str, CueHit]]:
    """The claims a sentence makes: its strongest cue's type, plus any other denial, accusation or threat
    ("نحن ننفي أي علاقة لنا بالقصف … ونحمّل ميليشيات قنديل المسؤولية" is a denial and an accusation)."""
    if len(cues) == 1:  # (most sentences: one cue, nothing to rank)
        return [(cues[0].row["claim_type"], cues[0])]
    by_type: dict[str, CueHit] = {}
    for cue in sorted(cues, key=_START):
        by_type.setdefault(cue.row["claim_type"], cue)
    ranked = sorted(by_type.items(), key=lambda kv: -_PRIORITY[kv[0]])
    return [ranked[0]] + [
        (k, c) for k, c in ranked[1:] if k in ("denial", "accusation", "threat", "attribution")
    ]


_START = itemgetter(0)  # a CueHit's start (a named tuple's first field: read in C, no lambda call per cue)


def _repeats(seen: list[tuple[str, frozenset[str]]], kind: str, words: frozenset[str]) -> bool:
    """A claim of this type whose sentence shares most words with this one was already made."""
    if not words:
        return False
    for other_kind, other in seen:
        if other_kind == kind and other and len(words & other) >= 0.7 * min(len(words), len(other)):
            return True
    return False


def _accuses(doc: Document, found: list[CueHit], after: int, agent: int | None, content: list[str]) -> bool:
    """The reported content blames someone other than the speaker: it names an actor who then does violence
    ("قالت الوزارة إن القوات الأميركية قصفت …"; ``agent`` is where that actor is named, normalized offsets), or
    frames an act as hostile ("إنّ الاعتداءات الإسرائيلية استهدفت …", "تواصل نهبها المنظم للنفط")."""
    violent = [
        c
        for c in found
        if c.start >= after
        and (
            (c.lexicon == "triggers" and c.row.get("event_type") in _ACCUSING_TYPES)
            or (c.lexicon == "triggers" and c.row.get("sub_event_type") in _ACCUSING_SUBTYPES)
            or (c.lexicon == "casualties" and c.row.get("kind") in ("killed", "injured"))
        )
    ]
    if agent is not None and any(c.start >= agent for c in violent):
        return True
    if _HOSTILE.intersection(content):
        return bool(violent) or agent is not None  # "إن القوات الأميركية أقدمت على نقل … النفط المسروق"
    # "الاحتلال الأميركي يمثل انتهاكاً لسيادة البلاد" states a position; "قصف الاحتلال …" accuses
    return bool(violent) and bool(_HOSTILE_LABELS.intersection(content))


_UNITS = word_list("events.units")
_CLAUSE_OPENERS = word_list("claims.clause_openers")
_CONNECTIVES = word_list("claims.connectives")


def _own_forces(content: list[str]) -> bool:
    """The content opens with the speaker's own forces ("قالت القيادة المركزية إن قواتها اعتقلت …", "إن
    عناصرنا تصدّوا …"): the speaker reports what it did, it accuses no one."""
    opening = 0
    for i, w in enumerate(content[:10]):
        if w in _THAT_WORDS:
            opening = i + 1
            break
    for word in content[opening : opening + 2]:
        # (the suffixes ها هم نا ه: the word less its last two letters, or less a final ه, is a unit)
        if (word[-2:] in _OWN_SUFFIXES and word[:-2] in _UNITS) or (word[-1:] == "ه" and word[:-1] in _UNITS):
            return True
    return False


_THAT_WORDS = frozenset({"ان", "انه", "بان"})
_OWN_SUFFIXES = frozenset({"ها", "هم", "نا"})


def _name(doc: Document, index: int, actor_names: dict[int, str]) -> str:
    mention = doc.mentions[index]
    return actor_names.get(index) or doc.text[mention.start : mention.end]


def _speaker(
    doc: Document,
    span: Span,
    cue_start: int,
    cue_end: int,
    kind: str,
    actor_names: dict[int, str],
    keyed: str | None,
) -> tuple[str | None, bool]:
    """(speaker, is it a news source?) — a news source is an outlet, a correspondent or unnamed "sources"
    ("أفادت مصادر الميادين", "وأوضحت المصادر"): what it reports is the news, not someone's claim. ``keyed``: the
    document's keyed text (see ``_words``)."""
    assert doc.norm is not None
    # (each thing below is looked for only on the path that reads it: most cues return early)
    speakers = [
        (i, doc.mentions[i])
        for i in mentions_in(doc, span.start, span.end)
        if (mention_kind := doc.mentions[i].kind) in ("actor", "person")
        or (mention_kind == "outlet" and not _addressee(doc, doc.mentions[i]))
    ]
    # (an attribution's speaker is found like a statement's: "أعلن تنظيم داعش مسؤوليته عن …" — before the
    # cue; "ورجّحت المصادر …", "تبنّت المقاومة …" — after the verb that opens the sentence)
    # "نفى إبراهيم الهفل …", "وقالت الوزارة …": the verb opens the sentence and the speaker follows it
    verb = normalize_key(doc.text[cue_start:cue_end])
    # (the one quoted looked for only after a relaying verb)
    relayed = (
        _quoted_at(doc.norm.text, doc.norm.to_normalized(cue_end), doc.norm.to_normalized(span.end))
        if verb in _RELAYED
        else None
    )
    if relayed is not None:
        # "نقلت وكالة إرنا عن العلاقات العامة في الحرس الثوري …": the one quoted speaks, not the agency
        at = doc.norm.to_original(relayed)
        quoted = [(i, m) for i, m in speakers if at <= m.start <= at + 3]
        if quoted:
            return _name(doc, quoted[0][0], actor_names), doc.mentions[quoted[0][0]].kind == "outlet"
        phrase = _phrase(doc, at, span.end)
        first = normalize_key(phrase).split()[:1]
        return phrase or None, bool(first) and _source_word(first[0], ("مصادر", "مصدر"))
    if verb.endswith("وا") and _words(doc.norm, keyed, span.start, cue_start):
        # "سكان المناطق التي تسيطر عليها قسد اتهموا الجيش …": a plural verb after its subject — the subject
        # speaks, the name after the verb is its object
        opening = [
            (i, m)
            for i, m in speakers
            if m.end <= cue_start and len(key_of(doc.norm, span.start, m.start).split()) <= 1
        ]  # the subject opens the clause ("وسكان …", "قوات قسد …"), not a name in a relative clause after it
        if opening:
            return _name(doc, opening[0][0], actor_names), doc.mentions[opening[0][0]].kind == "outlet"
        last = _word_before(doc, span, cue_start, keyed)
        return _phrase(doc, span.start, cue_start) or None, last is not None and _source_word(last)
    words_after = _words(doc.norm, keyed, cue_end, min(span.end, cue_end + 30))
    source_after = bool(words_after) and _source_word(words_after[0])
    if source_after or (
        words_after
        and (words_after[0] in _INSTITUTION_WORDS or _strip_article(words_after[0]) in _INSTITUTION_WORDS)
    ):
        # the name runs to the first actor named after it ("اتهمت وزارة الخارجية السورية التحالف …"); a
        # spokesman speaks for the actor he is named for ("قال المتحدث باسم التحالف الدولي")
        following = [(i, m) for i, m in speakers if m.start > cue_end + 1]
        stop = min([m.start for _i, m in following] + [span.end, cue_end + 40])
        phrase = _phrase(doc, cue_end, stop)
        if following and normalize_key(phrase).endswith("باسم") and following[0][1].start == stop:
            return _name(doc, following[0][0], actor_names), False
        return phrase, source_after
    after = [
        (i, m)
        for i, m in speakers
        if m.start >= cue_end
        and m.start - cue_end < 25
        and not _THAT.search(key_of(doc.norm, cue_end, m.start))  # "وأضاف الضابط أن التحالف …": what was said
    ]
    before = [(i, m) for i, m in speakers if m.end <= cue_start]
    if not before and not verb.startswith(_NOUN_CUES):
        # "وزارة الخارجية السورية أكدت أنّ …", "مصادر متعددة في محافظة دير الزور أكدت …": a subject with no
        # known name opens the sentence before its verb
        subject_at = span.start
        subject_words = _words(doc.norm, keyed, span.start, cue_start)
        while subject_words[:1] and subject_words[0] in _CONNECTIVES:
            # "لكن وزارة الخارجية أكدت …", "هذا وقد أكد …": the subject follows the connective
            skipped = re.match(r"\s*\S+", doc.text[subject_at:cue_start])
            subject_at += skipped.end() if skipped else 0
            subject_words = subject_words[1:]
        if (
            0 < len(subject_words) <= 6
            and not verb.startswith("م")  # "وختم المصدر كلامه مهدداً": a participle, not the subject's verb
            and (
                not subject_words[0].startswith(("و", "ف")) or subject_words[0] in _INSTITUTION_WORDS
            )  # "وقال … وأكد"
            and subject_words[0] not in _CLAUSE_OPENERS
            and subject_words[0] not in _CONCESSIVE  # "فيما يرى …", "رغم نفي …"
            and not any(p in doc.text[subject_at:cue_start] for p in "،,:؛")  # "بدوره، أعلن"
            # ("سيقول", "أما أوباما فقال": the verb is a word of its own)
            and not doc.text[cue_start - 1].isalpha()
        ):
            phrase = _phrase(doc, subject_at, cue_start)
            if len(phrase) > 2 and phrase[0].isalpha():
                head = normalize_key(phrase.split()[0])
                return phrase, _source_word(head)
    # "…، بينما نفى قائد قوات العشائر …": a verb opening its own clause has its speaker after it
    if before and not (
        after and (cue_start - span.start < 6 or _word_before(doc, span, cue_start, keyed) in _CLAUSE_OPENERS)
    ):
        return _name(doc, before[-1][0], actor_names), doc.mentions[before[-1][0]].kind == "outlet"
    if after:
        return _name(doc, after[0][0], actor_names), doc.mentions[after[0][0]].kind == "outlet"
    last = _word_before(doc, span, cue_start, keyed)
    if last is not None and _source_word(last):
        return last, True  # a news source named just before the verb
    return None, False


def _word_before(doc: Document, span: Span, cue_start: int, keyed: str | None) -> str | None:
    """The last word (keyed) of the thirty characters before the cue in its sentence, or None."""
    assert doc.norm is not None
    words = _words(doc.norm, keyed, max(span.start, cue_start - 30), cue_start)
    return words[-1] if words else None


def _words(norm: Normalized, keyed: str | None, start: int, end: int) -> list[str]:
    """``key_of(norm, start, end).split()``, read straight off ``keyed`` (``keyed_text`` of the normalized text, None
    where it has none): the key is that slice with its runs of spaces made one and its ends trimmed, so its words
    are the slice's — no key string built, looked up or kept."""
    if keyed is None:
        return key_of(norm, start, end).split()
    return keyed[norm.to_normalized(start) : norm.to_normalized(end)].split()


_CONCESSIVE = word_list("claims.concessive")  # "رغم نفي …": no subject before the verb
# reporting nouns: "في بيان", "إعلان", "تصريحات" — no subject precedes them
_NOUN_CUES = ("اعلان", "تصريح", "بيان", "مويتمر", "متحدث", "المتحدث", "في ")


def _addressee(doc: Document, mention: Mention) -> bool:
    """An outlet told something ("في تصريح للميادين", "أكدت لـ فرات بوست") is who was spoken to, not a speaker."""
    if mention.kind != "outlet":
        return False
    raw = doc.text[max(0, mention.start - 4) : mention.start]
    before = raw.rstrip(_OPENING + " ")
    return (
        raw.endswith("ل")  # "للميادين"
        or before.endswith("لـ")  # "لـ«الشرق الأوسط»", "لـ فرات بوست"
        or (before.endswith("ل") and (len(before) == 1 or not before[-2].isalpha()))  # ("مراسل الميادين": no)
    )


_RELAYED = word_list("claims.relayed")
_QUOTED_FROM = re.compile(r"(?:^|\s)عن\s")


def _quoted_at(norm_text: str, after: int, end: int) -> int | None:
    """Where (normalized offset) the one quoted is named after a relaying verb: the word after "عن" within
    eight words ("نقلت وكالة "إرنا" الإيرانية عن العلاقات العامة …"), or None."""
    window = norm_text[after:end]
    words = window.split()[:9]
    if "عن" not in words:
        return None
    match = _QUOTED_FROM.search(window)
    return after + match.end() if match is not None else None


def _source_word(word: str, heads: tuple[str, ...] = ("مصادر", "مراسل")) -> bool:
    """A word that names a news source ("المصادر", "مصادرالميادين", "مراسلنا"): what it reports is the news."""
    return word in _SOURCE_WORDS or word.startswith(heads)


def own_outlets(doc: Document, outlets: Sequence[Mapping[str, str]]) -> frozenset[str]:
    """The outlet ids (``outlet:<name_ar>``) of the outlet that published ``doc``: the rows whose domain is the
    URL's host, or whose English or Arabic name is the document's outlet (``Al Mayadeen``, ``almayadeen``)."""
    host = (urlsplit(doc.source.url).hostname or "") if doc.source.url else ""
    name = _slug(doc.source.outlet or "")
    if not host and not name:
        return frozenset()  # a text with no URL and no outlet named: no row is its publisher
    own = set()
    for row in outlets:
        domain = row.get("domain") or ""
        if (domain and (host == domain or host.endswith("." + domain))) or (
            name and name in (_slug(row.get("name_en") or ""), _slug(row["name_ar"]))
        ):
            own.add(f"outlet:{row['name_ar']}")
    return frozenset(own)


@functools.lru_cache(maxsize=4096)
def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _own_correspondent(doc: Document, span: Span, cue_start: int, cue_end: int, own: frozenset[str]) -> bool:
    """Whether the reporting verb's subject is the publishing outlet's own correspondent: ``مراسلنا``, or
    ``مراسل``/``مراسلة``/``المراسل`` with the outlet's name or with none. A correspondent is the outlet narrating, not a
    claimant; another outlet's correspondent (``مراسلة شبكة سي أن أن``) makes a claim like any speaker. When
    the publisher is unknown, only an unnamed or "our" correspondent is the outlet's."""
    assert doc.norm is not None
    for lo, hi in ((cue_end, min(span.end, cue_end + 12)), (max(span.start, cue_start - 12), cue_start)):
        words = key_of(doc.norm, lo, hi).split()
        reporter = next((w for w in words if w.startswith(("مراسل", "ومراسل", "المراسل", "والمراسل"))), None)
        if reporter is None:
            continue
        if reporter.lstrip("و") in ("مراسلنا", "مراسلتنا"):
            return True
        at = doc.text.find("مراسل", lo, hi)
        named = [
            doc.mentions[i]
            for i in mentions_in(doc, at, min(span.end, at + 30))
            if doc.mentions[i].kind == "outlet" and doc.mentions[i].start < at + 14
        ]
        if named:
            return any(i in own for i in named[0].ids)
        # an outlet named by its kind ("مراسلة شبكة …", "مراسل وكالة …") that is not one we know: another outlet
        follow = key_of(doc.norm, at, min(span.end, at + 24)).split()[1:2]
        return not (follow and _strip_article(follow[0]) in _OUTLET_HEADS)
    return False


_OUTLET_HEADS = word_list("claims.outlet_heads")


# an attack named with its author's nationality: "الهجوم الصهيوني", "عدوان أميركي", "الغارات الإسرائيلية"
_NAMED_ATTACKER = re.compile(
    r"(?:^|\s)(?:ال)?(?:هجوم|هجمات|عدوان|اعتداء|اعتداءات|غاره|غارات|قصف|ضربه|ضربات)\s+(?:\S+\s+)?"
    r"(?:ال)?(?:صهيوني|اسراييلي|اميركي|امريكي|روسي|تركي)(?:ه|ين)?(?:\s|$)"
)
_ATTACKER_NATIONS = ("صهيوني", "اسراييلي", "اميركي", "امريكي", "روسي", "تركي")


def _names_attacker(joined: str) -> bool:
    """``_NAMED_ATTACKER`` in the content words, joined by spaces (looked for only where one of its nationalities
    is written)."""
    for nation in _ATTACKER_NATIONS:
        if nation in joined:
            return _NAMED_ATTACKER.search(joined) is not None
    return False


# verbs with which a source goes on with the details of what it reported ("وأضافت المصادر", "وأوضحت")
_GOING_ON = word_list("claims.going_on")
_SAID = word_list("claims.said")
_RESPONSIBILITY = ("تبن", "اعلن مسوول", "مسوول")  # claims of responsibility ("تبنّت المقاومة استهداف …")
_MOURNING = word_list("events.mourning")  # a group mourning its own dead
_MADE = word_list("claims.made")  # "وجهت اتهامات إلى …"
# "وأكدت المصادر": the sources named before confirm what they told
_CONFIRMING = word_list("claims.confirming")
# "بعد إعلانها", "رغم إعلان الوزارة", "بحسب تصريحات": a statement recalled or sourced, not one made now
_NOT_MADE_AFTER = word_list("claims.not_made_after")
# "it comes …": a sentence that places something told before in its context ("جاء في بيان" quotes one: a claim)
_COMES = word_list("claims.comes")
_RECAP = word_list("claims.recap")
_RELATIVE = word_list("claims.relative")
_ALARMS = word_list("claims.alarms")  # "صفارات الإنذار": sirens, not a warning anyone gave
# what a statement says to deny: a report's truth ("عدم صحة الأنباء"), or a part in the violence it is about
_DENIED = tuple(" " + w for w in word_list("claims.denied"))
_DENIED_PART = tuple(" " + w for w in word_list("claims.denied_part"))
_PHRASE_STOP = word_list("claims.phrase_stop")


def _phrase(doc: Document, start: int, end: int) -> str:
    """A speaker's name as written in ``doc.text[start:end]``: the words up to punctuation or "أنّ/في/إلى" (at
    most five). Words are read off the normalized text, so a name run into the next word where a link was
    stripped ("مصادرالميادينأنّ") ends where the word does."""
    assert doc.norm is not None
    norm = doc.norm
    n_start, n_end = norm.to_normalized(start), norm.to_normalized(end)
    out: list[str] = []
    for match in re.finditer(r"\S+", norm.text[n_start:n_end]):
        o_start, o_end = norm.span_to_original(n_start + match.start(), n_start + match.end())
        word = doc.text[o_start:o_end]
        if word[:1] in _OPENING:
            break  # 'وكشفت المصادر الميدانية "وجود …': a quotation opens, the name has ended
        bare = word.strip(_PUNCTUATION)
        key = normalize_key(bare)
        if not bare or key in _PHRASE_STOP or len(out) == 5 or key == "و":
            break  # ("أعلن الجيش السوري وقسد": the name ends before the proclitic of the next one)
        if out and key.startswith(_NOT_IN_NAMES):
            break  # "نفي الجيش لتلك الاتهامات", "اتهموا الجيش بالتعاون مع …": the name has ended
        out.append(bare)
        if bare != word:
            break
    return " ".join(out)


_OPENING = "\"'«“("
_PUNCTUATION = "،,.:؛\"'«»()“”"
_NOT_IN_NAMES = ("بال", "لل", "لتلك", "لهذه", "لهذا", "لذلك", "بتلك", "بهذه", "بهذا", "التي", "الذي", "الذين")


def _strip_article(word: str) -> str:
    return word[1:] if word[:1] in "وف" and len(word) > 3 else word


_THAT = re.compile(r"(?:^|\s)(?:ب?ان|ان|الي ان)(?:\s|$)")


def _agent_position(
    doc: Document, span: Span, cue_end: int, text: str, actor_names: dict[int, str], speaker: str | None
) -> int | None:
    """Where (normalized offset) the reported content names an actor other than the speaker as its subject:
    the first actor after "أنّ/إنّ" ("قالت الوزارة إن القوات الأميركية …"), not one in the speaker's own title
    ("الناطق باسم كتائب حزب الله"). ``text``: ``key_of`` the content, from ``cue_end`` to the sentence end."""
    assert doc.norm is not None
    match = _THAT.search(text)
    if match is None:
        return None
    start = cue_end + match.end()
    for index in mentions_in(doc, start, min(span.end, start + 40)):
        mention = doc.mentions[index]
        if index in actor_names and mention.kind == "actor":
            if actor_names[index] == speaker or actor_names[index].startswith("Civilians"):
                return None
            return doc.norm.to_normalized(mention.start)
    return None


def _about(
    doc: Document, span: Span, cue_end: int, actor_names: dict[int, str], speaker: str | None
) -> str | None:
    for index in mentions_in(doc, cue_end, span.end):
        mention = doc.mentions[index]
        if mention.kind in ("actor", "person") and index in actor_names:
            name = actor_names[index]
            if name != speaker:
                return name
    return None
