"""Matching keys for Arabic strings (no offsets; the offset-preserving normalizer is the `normalize` stage).

Reads: a string. Writes: a key string for comparing phrases, e.g. boilerplate headings.

Decisions: hamza-carrying alefs (أ إ آ ٱ) → ا, ى → ي, ة → ه, tatweel and diacritics removed, Arabic-Indic and
Persian digits → ASCII, Latin lower-cased, punctuation → space, whitespace collapsed. So ``اقرأ أيضاً``
(iqraʾ ayḍan, "read also") and ``إقرأ ايضا`` get the same key ``اقرا ايضا``.
"""

from __future__ import annotations

import re
import unicodedata

_CHAR_MAP: dict[int, str | None] = {
    **{ord(c): "ا" for c in "أإآٱ"},
    ord("ى"): "ي",
    ord("ة"): "ه",
    ord("ـ"): None,  # tatweel
    **{cp: None for cp in range(0x064B, 0x0660)},  # harakat, shadda, sukun, superscript alef …
    0x0670: None,
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic digits
    **{0x06F0 + i: str(i) for i in range(10)},  # Persian digits
    **{cp: None for cp in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C, 0xFEFF)},  # zero-width, bidi marks
}

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalize_key(text: str) -> str:
    """A comparison key: Arabic letter variants folded, marks removed, punctuation → space, lower-cased."""
    folded = unicodedata.normalize("NFKC", text).translate(_CHAR_MAP).lower()
    return " ".join(_NON_WORD.sub(" ", folded).split())


ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
LETTER = re.compile(r"[^\W\d_]", re.UNICODE)


def arabic_ratio(text: str) -> float:
    """Share of Arabic-script letters among all letters (0.0 when there are no letters)."""
    letters = len(LETTER.findall(text))
    if not letters:
        return 0.0
    return len(ARABIC_LETTER.findall(text)) / letters
