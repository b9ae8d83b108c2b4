"""Absolute dates in Arabic text: numeric forms and Levantine, Egyptian/Gulf and Maghrebi month names.

Reads: a string. Writes: ``DateMatch`` values with character offsets into that same string.

Arabic news writes one date many ways: ``13 آب 2024`` (Levantine month name, Syria/Iraq), ``13 أغسطس 2024``
(Egyptian/Gulf), ``13 آب/أغسطس 2024`` (both), ``١٣/٨/٢٠٢٤`` (Arabic-Indic digits), ``2024-08-13``. Spans
always point into the input string (digits are read in any script, letter variants such as أ/ا are accepted
in month names), so a caller can show exactly which characters gave the date. Relative dates (أمس "yesterday",
weekday names) need a publication date and belong to the text layer's date stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS: dict[str, int] = {
    # Levantine / Iraqi (Syriac-derived)
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    # Egyptian / Gulf (from the Latin names)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Maghrebi (from French)
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
}  # fmt: skip

_DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"


def _variant_pattern(name: str) -> str:
    """A regex for a month name accepting hamza/alef and ya variants, and an optional tatweel."""
    out = []
    for ch in name:
        if ch in "اأإآ":
            out.append("[اأإآ]")
        elif ch in "يى":
            out.append("[يى]")
        elif ch in "هة":
            out.append("[هة]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch) + "ـ*")
    return "".join(out)


def _month_alternation() -> str:
    names = sorted(_MONTHS, key=len, reverse=True)  # longest first: "كانون الثاني" before a shorter prefix
    return "|".join(f"(?:{_variant_pattern(n)})" for n in names)


_MONTH = _month_alternation()
_MONTH_RE = re.compile(_MONTH)

# "13 آب 2024", "13 آب/أغسطس 2024", "13 من آب 2024", "13 آب (أغسطس) 2024"
_NAMED = re.compile(
    rf"(?P<d>{_DIGIT}{{1,2}})\s*(?:من\s+)?(?P<m>{_MONTH})"
    rf"(?:\s*[/(\-–]\s*(?:{_MONTH})\s*\)?)?\s*[,،]?\s*(?:عام\s+|سنة\s+)?(?P<y>{_DIGIT}{{4}})"
)
_ISO = re.compile(
    rf"(?<!{_DIGIT})(?P<y>{_DIGIT}{{4}})[-/.](?P<m>{_DIGIT}{{1,2}})[-/.](?P<d>{_DIGIT}{{1,2}})(?!{_DIGIT})"
)
_DMY = re.compile(
    rf"(?<!{_DIGIT})(?P<d>{_DIGIT}{{1,2}})[-/.](?P<m>{_DIGIT}{{1,2}})[-/.](?P<y>{_DIGIT}{{4}})(?!{_DIGIT})"
)

_DIGIT_MAP = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    value: dt.date


def _int(text: str) -> int:
    return int(text.translate(_DIGIT_MAP))


def month_number(name: str) -> int | None:
    """The month number of an Arabic month name in any of the three naming systems, or None."""
    if not _MONTH_RE.fullmatch(name):
        return None
    for month, number in _MONTHS.items():
        if re.fullmatch(_variant_pattern(month), name):
            return number
    return None


def find_absolute_dates(text: str) -> list[DateMatch]:
    """Every valid absolute date in ``text``, in order of position, without overlaps."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_NAMED, _ISO, _DMY):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            month = month_number(m.group("m")) if pattern is _NAMED else _int(m.group("m"))
            if month is None:
                continue
            try:
                value = dt.date(_int(m.group("y")), month, _int(m.group("d")))
            except ValueError:
                continue  # 31/02/2024 and friends are not dates
            found.append(DateMatch(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)
