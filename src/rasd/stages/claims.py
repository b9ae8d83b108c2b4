"""Stage ``claims``: who denies, accuses, attributes, threatens or states what — claims are data, not events.

Reads: ``doc.sentences``, ``doc.norm``, ``doc.mentions``/``actors``, ``doc.events`` and the reporting
lexicon. Writes: ``doc.claims`` and lowers the ``confidence`` of events that a claim denies.

A sentence with a reporting cue — ``نفى`` (denied), ``اتهم``/``حمّل المسؤولية`` (accused), ``وفق``/``بحسب``/
``نقلاً عن`` (according to), ``هدد``/``توعّد`` (threatened), ``أعلن``/``أكد``/``قال`` (stated) — gives one claim of
the strongest type present (denial > accusation > threat > attribution > statement). The speaker is the actor,
person or outlet named just before the cue (``نفى إبراهيم الهفل``: the name after a verb that opens the
sentence), or after ``بحسب``/``وفق`` for attributions; ``about`` is the first actor named after the cue. The
claim links the events whose evidence is the same sentence (or, for a denial with no event of its own, the
events of the previous sentence), and a denial lowers their confidence by a third.
"""

from __future__ import annotations

from dataclasses import replace

from rasd.document import Claim, Document, Span, content_id
from rasd.kb.cues import cue_index
from rasd.pipeline import Context
from rasd.text.normalize import normalize_key

NAME = "claims"
VERSION = "1.0.0"
REQUIRES = frozenset({"sentences", "norm", "mentions", "actors", "events"})
USES_RESOURCES = True
PROVIDES = frozenset({"claims"})

STATEMENTS_NEED_SPEAKER = False
_PRIORITY = {"denial": 5, "accusation": 4, "threat": 3, "attribution": 2, "statement": 1}
_SOURCE_WORDS = frozenset(
    normalize_key(w) for w in ["مصادر", "مصدر", "ناشطون", "ناشطين", "مراسل", "مراسلنا", "شهود", "أهالي"]
)


def run(doc: Document, ctx: Context) -> Document:
    if doc.norm is None:
        return doc
    index = cue_index(ctx.resources)
    norm = doc.norm
    actor_names = {ref.mention: ref.canonical for ref in doc.actors}
    claims: list[Claim] = []
    events = list(doc.events)
    previous: Span | None = None
    for span in doc.sentences:
        n_start, n_end = norm.to_normalized(span.start), norm.to_normalized(span.end)
        cues = [c for c in index.find(norm.text, n_start, n_end) if c.lexicon == "reporting"]
        if not cues:
            previous = span
            continue
        best = max(cues, key=lambda c: (_PRIORITY.get(c.row["claim_type"], 0), -c.start))
        kind = best.row["claim_type"]
        cue_start, cue_end = norm.span_to_original(best.start, best.end)
        speaker = _speaker(doc, span, cue_start, cue_end, kind, actor_names)
        if kind == "statement" and speaker is None and STATEMENTS_NEED_SPEAKER:
            previous = span
            continue  # an unattributed "قال"/"أكد": reporting prose, not a claim anyone made
        about = _about(doc, span, cue_end, actor_names, speaker)
        linked = [e.event_id for e in events if e.evidence.start == span.start]
        if linked and kind in ("statement", "attribution"):
            # "أفاد مراسلنا بقصف …" is how the event is sourced, not a separate claim
            previous = span
            continue
        if not linked and kind == "denial" and previous is not None:
            linked = [e.event_id for e in events if e.evidence.start == previous.start]
        claim_id = content_id(doc.id, "claim", str(span.start), kind)
        claims.append(
            Claim(
                claim_id,
                kind,
                speaker,
                about,
                Span(span.start, span.end, "evidence"),
                Span(cue_start, cue_end, "cue"),
                tuple(linked),
            )
        )
        if kind == "denial" and linked:
            events = [
                replace(e, confidence=e.confidence * 0.66) if e.event_id in linked else e for e in events
            ]
        previous = span
    return replace(doc, claims=tuple(claims), events=tuple(events))


def _name(doc: Document, index: int, actor_names: dict[int, str]) -> str:
    mention = doc.mentions[index]
    return actor_names.get(index) or doc.text[mention.start : mention.end]


def _speaker(
    doc: Document, span: Span, cue_start: int, cue_end: int, kind: str, actor_names: dict[int, str]
) -> str | None:
    speakers = [
        (i, m)
        for i, m in enumerate(doc.mentions)
        if span.start <= m.start < span.end and m.kind in ("actor", "person", "outlet")
    ]
    if kind == "attribution":
        after = [(i, m) for i, m in speakers if m.start >= cue_end and m.start - cue_end < 40]
        if after:
            return _name(doc, after[0][0], actor_names)
        tail = doc.text[cue_end : min(span.end, cue_end + 30)].split()
        return " ".join(tail[:2]) if tail else None
    before = [(i, m) for i, m in speakers if m.end <= cue_start]
    if before:
        return _name(doc, before[-1][0], actor_names)
    # "نفى إبراهيم الهفل …": the verb opens the sentence and the speaker follows it
    after = [(i, m) for i, m in speakers if m.start >= cue_end and m.start - cue_end < 25]
    if after:
        return _name(doc, after[0][0], actor_names)
    words = normalize_key(doc.text[cue_end : min(span.end, cue_end + 30)]).split()
    if words and words[0] in _SOURCE_WORDS:
        return " ".join(doc.text[cue_end : min(span.end, cue_end + 30)].split()[:2])
    return None


def _about(
    doc: Document, span: Span, cue_end: int, actor_names: dict[int, str], speaker: str | None
) -> str | None:
    for index, mention in enumerate(doc.mentions):
        if (
            cue_end <= mention.start < span.end
            and mention.kind in ("actor", "person")
            and index in actor_names
        ):
            name = actor_names[index]
            if name != speaker:
                return name
    return None
