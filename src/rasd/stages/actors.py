"""Stage ``actors``: resolve actor and person mentions to the actor registry, valid on the article's date.

Reads: ``doc.mentions`` (kinds ``actor`` and ``person``), ``doc.source.published``, ``doc.dates`` and the
registry. Writes: ``doc.actors`` (one ``ActorRef`` per resolved mention).

* One name may stand for successive actors: ``الجيش السوري`` is "Military Forces of Syria (2000-2024)" before
  8 December 2024 and "Military Forces of Syria (2024-)" after. The article's date decides — the publication
  date, else the latest absolute date in the text; with no date at all, the earliest period (archives are
  mostly older than the newest actor rows).
* A person resolves to the group the text ties them to (``قائد جيش العشائر إبراهيم الهفل``), else to the group
  the registry links them to, valid on the date (``أحمد الشرع``: HTS, then the new authorities).
* Generic phrases (``مسلحون مجهولون``, ``مدنيون``) resolve to generic actors (Unidentified Armed Group
  (Syria), Civilians (Syria)); which side attacked is decided by the events stage, not here.
"""

from __future__ import annotations

import datetime as dt
import functools

from rasd.document import ActorRef, Document, evolve
from rasd.kb.resources import Actor, Person, Resources
from rasd.pipeline import Context

NAME = "actors"
VERSION = "1.0.0"
REQUIRES = frozenset({"mentions"})
USES_RESOURCES = True
PROVIDES = frozenset({"actors"})


def run(doc: Document, ctx: Context) -> Document:
    resources = ctx.resources
    when = article_date(doc)
    refs: list[ActorRef] = []
    picked: dict[tuple[str, ...], Actor | None] = {}  # the same name resolves the same way on one date
    for index, mention in enumerate(doc.mentions):
        if mention.kind == "actor":
            if mention.ids in picked:
                actor = picked[mention.ids]
            else:
                actor = picked[mention.ids] = pick_actor([resources.by_id.get(i) for i in mention.ids], when)
            if actor is not None:
                refs.append(
                    ActorRef(
                        index, actor.id, actor.canonical, actor.inter, "generic" if actor.generic else "name"
                    )
                )
        elif mention.kind == "person":
            actor = _person_actor(resources, mention.ids, mention.link, when)
            if actor is not None:
                person = mention.ids[0] if mention.ids else doc.text[mention.start : mention.end]
                refs.append(ActorRef(index, actor.id, actor.canonical, actor.inter, f"person:{person}"))
    return evolve(doc, actors=tuple(refs))


def article_date(doc: Document) -> dt.date | None:
    if doc.source.published:
        try:
            return dt.date.fromisoformat(doc.source.published[:10])
        except ValueError:
            pass
    absolute = [d.value for d in doc.dates if d.value is not None and d.kind in ("absolute", "hijri")]
    return max(absolute) if absolute else None


@functools.cache  # (the registry's dates: a few dozen strings)
def _parse(value: str, *, end: bool) -> dt.date | None:
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        day = int(parts[2]) if len(parts) > 2 else (28 if end and len(parts) == 1 else 1)
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def _valid(actor: Actor | Person, when: dt.date) -> bool:
    start = _parse(actor.valid_from, end=False)
    stop = _parse(actor.valid_to, end=True)
    return (start is None or start <= when) and (stop is None or when < stop)


def pick_actor(records: list[object], when: dt.date | None) -> Actor | None:
    actors = [r for r in records if isinstance(r, Actor)]
    if not actors:
        return None
    if when is not None:
        valid = [a for a in actors if _valid(a, when)]
        if valid:
            return valid[0]
    # no date (or none valid): the earliest period
    return min(actors, key=lambda a: (_parse(a.valid_from, end=False) or dt.date.min, a.id))


def _person_actor(
    resources: Resources, ids: tuple[str, ...], link: str, when: dt.date | None
) -> Actor | None:
    if link:
        linked = resources.by_id.get(link)
        if isinstance(linked, Actor):
            return linked
    candidates = _person_rows(resources, ids)
    if when is not None:
        dated = [p for p in candidates if _valid(p, when)]
        candidates = dated or candidates
    for person in candidates:
        actor = resources.by_id.get(person.actor_id)
        if isinstance(actor, Actor):
            return actor
    return None


def _person_rows(resources: Resources, ids: tuple[str, ...]) -> list[Person]:
    """The registry rows of the people ``ids`` names, in registry order; kept per ids."""
    cache: dict[tuple[str, ...], tuple[Person, ...]] = resources.memo("actors.person_rows", dict)
    found = cache.get(ids)
    if found is None:
        rows = [resources.by_id.get(i) for i in ids]
        people = {r.id for r in rows if isinstance(r, Person)}
        # a person id may have several rows (one per role); the registry keeps them by id, so also match by name
        found = cache[ids] = tuple(p for p in resources.people if p.id in people)
    return list(found)
