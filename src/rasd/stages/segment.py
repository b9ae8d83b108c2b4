"""Stage ``segment``: sentences, word tokens, numbers and dates — the text layer's structural readings.

Reads: ``doc.text``, ``doc.norm``, ``doc.source.published``. Writes: ``doc.sentences``, ``doc.tokens``,
``doc.numbers``, ``doc.dates``, all as spans into ``doc.text``.

Numbers and dates are read here, with the sentences, because every later stage needs them and they depend only
on the text and the publication date (``أمس`` "yesterday" is the day before it; ``يوم الجمعة`` "on Friday" is
the latest Friday not after it) — see ``docs/decisions/0005-text-layer-in-segment.md``. Clitic splits are not
decided here; ``rasd.text.segment.clitic_candidates`` offers them to the lexicon lookups.
"""

from __future__ import annotations

import datetime as dt

from rasd.document import Document, evolve
from rasd.pipeline import Context
from rasd.text.dates import DateSpan, find_dates
from rasd.text.normalize import normalize
from rasd.text.numbers import find_numbers
from rasd.text.segment import sentences, tokenize

NAME = "segment"
VERSION = "1.0.0"
REQUIRES = frozenset({"text", "norm"})
PROVIDES = frozenset({"sentences", "tokens", "numbers", "dates"})


def run(doc: Document, ctx: Context) -> Document:
    norm = doc.norm if doc.norm is not None else normalize(doc.text)
    published = _published(doc.source.published)
    dates = tuple(
        DateSpan(*norm.span_to_original(start, end), date.value, date.precision, date.kind)
        for start, end, date in find_dates(norm.text, published=published)
    )
    return evolve(
        doc,
        sentences=sentences(doc.text),
        tokens=tokenize(doc.text),
        numbers=find_numbers(norm),
        dates=dates,
    )


def _published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
