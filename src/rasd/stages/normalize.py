"""Stage ``normalize``: the matching form of ``doc.text`` with an offset map back to it.

Reads: ``doc.text``. Writes: ``doc.norm`` (``rasd.text.normalize.Normalized``); never alters ``doc.text``.
Rules are data (``data/text/charmap.json``): ``أُعلِنَ`` (uʿlina, "it was announced") → ``اعلن``, ``مسيّرة`` →
``مسيره``, ``١٥`` → ``15``; every normalized character maps back to the original one it came from.
"""

from __future__ import annotations

from rasd.document import Document, evolve
from rasd.pipeline import Context
from rasd.text.normalize import normalize

NAME = "normalize"
VERSION = "1.0.0"
REQUIRES = frozenset({"text"})
PROVIDES = frozenset({"norm"})


def run(doc: Document, ctx: Context) -> Document:
    return evolve(doc, norm=normalize(doc.text))
