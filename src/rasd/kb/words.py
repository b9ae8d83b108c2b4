"""Closed-class word lists of the events and claims stages, as data: ``data/lexicons/events/roles.tsv``.

Reads: the catalogued TSV (``list``, ``word``, ``note``), once per process. Writes: normalized word sets.

The lists are the small grammar the stages read roles and reporting with — markers of an agent (``على يد``,
``قام به``) or a target (``ضد``, ``مواقع``), heads of towns and military positions, words that locate one
place by another, that continue or recall a story, that make a statement an accusation. A list is named
``<stage>.<name>`` (``events.agent_markers``); its first row's ``note`` says what it is for.
"""

from __future__ import annotations

import functools

from rasd.errors import DataError
from rasd.kb.catalogue import read_data_file
from rasd.text.normalize import normalize_key

ROLES_FILE = "lexicons/events/roles.tsv"


@functools.cache
def _lists() -> dict[str, tuple[str, ...]]:
    rows = read_data_file(ROLES_FILE).decode("utf-8").splitlines()
    lists: dict[str, list[str]] = {}
    for row in rows[1:]:
        name, word, _note = row.split("\t")
        lists.setdefault(name, []).append(normalize_key(word))
    return {name: tuple(words) for name, words in lists.items()}


def word_tuple(name: str) -> tuple[str, ...]:
    """The normalized words of one list, in the file's order."""
    try:
        return _lists()[name]
    except KeyError:
        raise DataError(f"no word list {name!r} in {ROLES_FILE}", code="data.missing") from None


def word_list(name: str) -> frozenset[str]:
    """The normalized words of one list, as a set."""
    return frozenset(word_tuple(name))
