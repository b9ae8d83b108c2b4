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
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rasd.document import quick_init
from rasd.text.normalize import decimal_digits

if TYPE_CHECKING:
    from rasd.text.normalize import WordPattern

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


@functools.cache
def _month_keys() -> dict[str, int]:
    from rasd.text.normalize import normalize_key

    return {normalize_key(name): number for name, number in _MONTHS.items()}


def month_number(name: str) -> int | None:
    """The month number of an Arabic month name in any of the three naming systems, or None."""
    from rasd.text.normalize import normalize_key

    return _month_keys().get(normalize_key(name))


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


# ---------------------------------------------------------------------------------------------------------
# The date layer: absolute, relative (to the publication date), weekdays, month-year, years, Hijri.
# ---------------------------------------------------------------------------------------------------------


@quick_init  # (built by the dozen per article: see rasd.document.quick_init)
@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date expression: span into ``doc.text``, its value (None when it needs an unknown publication date),
    ACLED time precision (1 day, 2 week/range, 3 month or coarser) and kind."""

    start: int
    end: int
    value: dt.date | None
    precision: int
    kind: str  # absolute | relative | weekday | month | year | hijri | future

    def to_json(self, text: str) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "label": "DATE",
            "value": self.value.isoformat() if self.value else None,
            "precision": self.precision,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class _DateLexicon:
    relative: dict[str, tuple[int, int, str]]  # normalized cue → (offset days, precision, kind)
    weekdays: dict[str, int]
    hijri_months: dict[str, int]
    day_re: WordPattern  # relative cues (أمس) and weekdays (يوم الجمعة), with an optional time of day
    hijri_probe: re.Pattern[str]
    month_year_re: WordPattern
    year_head_re: re.Pattern[str]
    named_re: re.Pattern[str]
    numeric_re: re.Pattern[str]  # (named_re and numeric_re are matched at the digits: see _at_digits)
    hijri_re: re.Pattern[str]
    month_past_re: re.Pattern[str]  # after a month name: its pair and "الماضي" ("آذار/مارس الماضي")
    month_probe: WordPattern  # any Gregorian month name (normalized), as the group "name"
    # a numeric date shape: 13/8/2024, 2024-08-13 (matched at each digit)
    numeric_probe: re.Pattern[str]


# an optional time of day before the cue ("مساء أمس", "فجر اليوم")
_TIMES_OF_DAY = [
    "فجر",
    "صباح",
    "ظهر",
    "ظهيره",
    "عصر",
    "مساء",
    "ليل",
    "ليله",
    "يوم",
    "منتصف ليل",
    "منتصف ليله",
]


def _tsv(name: str) -> list[dict[str, str]]:
    import csv
    import io

    from rasd.kb.catalogue import read_data_file

    return list(csv.DictReader(io.StringIO(read_data_file(name).decode("utf-8")), delimiter="\t"))


def _alternation(words: list[str]) -> str:
    from rasd.text.trie import trie_pattern

    return trie_pattern(words)


# the characters \s matches (str.isspace() is true of exactly these)
_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"


def _phrase_heads(phrase: str) -> list[str]:
    """The WordPattern heads of a word or phrase whose words the pattern parts by \\s+: a phrase begins with its
    first two words one space apart, or its first word and other whitespace (``في`` alone, a head of the
    cues ``في وقت سابق`` and ``في الأيام الأخيرة``, is found after a space 24 times per article)."""
    first, _, rest = phrase.partition(" ")
    if not rest:
        return [first]
    second = rest.partition(" ")[0]
    return [
        f"{first} {second}",
        *(first + space for space in _WHITESPACE if space != " "),
        *(f"{first} {space}" for space in _WHITESPACE),
    ]


@functools.cache
def _date_lexicon() -> _DateLexicon:
    from rasd.text.normalize import WordPattern, normalize_key

    relative = {
        normalize_key(r["cue"]): (int(r["offset_days"]), int(r["precision"]), r["kind"])
        for r in _tsv("text/relative_dates.tsv")
    }
    weekdays = {normalize_key(r["name"]): int(r["weekday"]) for r in _tsv("text/weekdays.tsv")}
    hijri = {normalize_key(r["name"]): int(r["month"]) for r in _tsv("text/hijri_months.tsv")}
    wd = _alternation(list(weekdays))
    month_names = sorted({normalize_key(m) for m in _MONTHS})
    months = _alternation(month_names)
    # the first words a match can begin with (see WordPattern)
    month_heads = [name.split(" ")[0] for name in month_names]
    day_words = [*_TIMES_OF_DAY, *relative, *weekdays]
    day_heads = [pre + head for pre in ("", "و", "ف") for word in day_words for head in _phrase_heads(word)]
    return _DateLexicon(
        relative=relative,
        weekdays=weekdays,
        hijri_months=hijri,
        day_re=WordPattern(
            # (X|) is X? read the same way, without re's slower repeat machinery: a third less time; an absent
            # و/ف reads as "" instead of None, and a time of day is one word, so the trie's order changes nothing
            rf"(?<![\w])(?P<day>(?P<pre>[وف](?=\S)|)(?:{_alternation(_TIMES_OF_DAY)}\s+|)"
            rf"(?:(?P<cue>{_alternation(list(relative))})"
            rf"|(?P<wd>{wd})(?:\s*[-–]\s*(?:{wd}))?(?:\s+(?P<dir>الماضي|المقبل|القادم))?))(?![\w])",
            day_heads,
        ),
        hijri_probe=re.compile(_alternation(list(hijri))),
        month_year_re=WordPattern(
            rf"(?<![\w])(?P<my>(?:شهر\s+)?(?P<m>{months})(?:\s*[/(\-–]\s*(?:{months})\s*\)?)?\s*[,،]?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<y>\d{{4}}))(?![\d])",
            ["شهر", *month_heads],
        ),
        year_head_re=re.compile(
            r"(?<![\w])(?:(?:في|منذ)\s+)?(?:(?:عام|سنه|العام)|(?:صيف|شتاء|ربيع|خريف|مطلع|منتصف|اواخر|اوايل|بدايه|"
            r"نهايه)(?:\s+(?:عام|سنه))?)\s+$|(?<![\w])(?:في|منذ)\s+$"
        ),
        # a pattern that starts with a character class lets ``re`` skip ahead to the next digit; one that starts
        # with a repeat (\d{1,2}) or a lookbehind tries every position: hence \d\d? here, and the lookbehinds
        # of hijri_re and _YEARS moved after the first digit (same matches, a third of the time)
        named_re=re.compile(
            rf"(?P<d>\d\d?)\s*(?:من\s+)?(?P<m>{months})(?:\s*[/(\-–]\s*(?:{months})\s*\)?)?"
            rf"(?:\s*[,،]?\s*(?:عام\s+|سنه\s+)?(?P<y>\d{{4}})(?!\d))?"
        ),
        numeric_re=re.compile(
            r"(?:(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})"
            r"|(?P<d2>\d{1,2})[-/.](?P<m2>\d{1,2})[-/.](?P<y2>\d{4}))(?!\d)"
        ),
        month_past_re=re.compile(
            rf"(?P<m>{months})"
            rf"(?:\s*(?P<pair>[/(\-–])\s*(?:{months})\s*\)?)?(?:\s+(?P<past>الماضي|الفائت|المنصرم|المنقضي))?(?![\w])"
        ),
        month_probe=WordPattern(rf"(?<![\w])(?P<name>{months})(?![\w])", month_heads),
        numeric_probe=re.compile(r"\d[-/.]\d{1,2}[-/.]\d"),
        hijri_re=re.compile(
            rf"(?P<d>\d(?<![\w\d].)\d?)\s+(?P<m>{_alternation(list(hijri))})\s+(?P<y>1[34]\d\d)(?:\s*(?:هـ|ه)(?![\w]))?"
        ),
    )


def find_dates(norm_text: str, *, published: dt.date | None = None) -> list[tuple[int, int, DateSpan]]:
    """Date expressions in a *normalized* text, as (norm_start, norm_end, DateSpan with norm offsets).

    Callers map the offsets back to ``doc.text`` (see ``rasd.stages.segment``). Overlaps are resolved by
    taking the longest, most specific expression (an absolute date swallows the weekday before it).
    """
    lex = _date_lexicon()
    found: list[DateSpan] = []
    # cheap guards first: most articles name no month, no Hijri month and no year; a regex pass costs more
    # than a few substring checks, and the text layer's budget is a fraction of a millisecond per article.
    # The month names found here are read again below ("آذار الماضي"): one pass serves both.
    month_names = list(lex.month_probe.finditer(norm_text))
    has_month = bool(month_names)
    # every pattern below but the Hijri one begins with a digit: it is tried at the digits alone (a dozen or two
    # per article, found by the WordPatterns' pass over the text), not searched for through the whole text
    digits = decimal_digits(norm_text)
    absolute = []
    if has_month:
        absolute += [
            (m, m.group("y"), month_number(m.group("m")) or 0, m.group("d"))
            for m in _at_digits(lex.named_re, norm_text, digits)
        ]
    numeric_shape = lex.numeric_probe.match
    if any(numeric_shape(norm_text, at) for at in digits):
        for m in _at_digits(lex.numeric_re, norm_text, digits):
            if m.group("y1"):
                absolute.append((m, m.group("y1"), int(m.group("m1")), m.group("d1")))
            else:
                absolute.append((m, m.group("y2"), int(m.group("m2")), m.group("d2")))
    for m, year, month_no, day in absolute:
        if m.start() and norm_text[m.start() - 1].isdigit():
            continue
        if year is None:
            # "في 9 آذار الفائت": day and month without a year — the latest such date not after publication
            if published is None:
                continue
            value = _date_or_none(published.year, month_no, int(day))
            if value is not None and value > published:
                value = _date_or_none(published.year - 1, month_no, int(day))
        else:
            value = _date_or_none(int(year), month_no, int(day))
        if value:
            found.append(DateSpan(m.start(), m.end(), value, 1, "absolute"))
    # (a Hijri date needs its year, 13xx or 14xx after a space: found from the digit 1 up, far cheaper than the
    # month names, which begin with common letters)
    hijri_year = _HIJRI_YEAR.match
    hijri_matches = (
        lex.hijri_re.finditer(norm_text)
        if any(hijri_year(norm_text, at) for at in digits) and lex.hijri_probe.search(norm_text)
        else ()
    )
    for match in hijri_matches:
        hijri_month = lex.hijri_months.get(" ".join(match.group("m").split()))
        value = _hijri_to_gregorian(int(match.group("y")), hijri_month or 0, int(match.group("d")))
        if value:
            found.append(DateSpan(match.start(), match.end(), value, 1, "hijri"))
    for match in lex.month_year_re.finditer(norm_text) if has_month else ():
        month = month_number(match.group("m"))
        if month:
            found.append(
                DateSpan(match.start("my"), match.end(), dt.date(int(match.group("y")), month, 1), 3, "month")
            )
    for probe in month_names if published is not None else ():
        # "في آذار/مارس الماضي", "شهر شباط": a month without a day or year — the latest such month not after
        # publication ("الماضي": strictly before it); a bare month name needs "شهر", a pair or "الماضي"
        # ("مارس" alone is also a verb). Read around each month name the probe found.
        at = probe.start("name")
        around = lex.month_past_re.match(norm_text, at)
        if around is None:
            continue
        head = _MONTH_HEAD.search(norm_text, max(0, at - 5), at)
        month = month_number(around.group("m"))
        if not month or not (head or around.group("pair") or around.group("past")):
            continue
        assert published is not None
        year = published.year if month <= published.month else published.year - 1
        if around.group("past") and month == published.month:
            year -= 1
        start = head.start() if head else at
        found.append(DateSpan(start, around.end(), dt.date(year, month, 1), 3, "month"))
    ordinal_days = published is not None and (has_month or "الشهر " in norm_text)
    after_re, before_re = _ordinal_day_res()
    for tail in after_re.finditer(norm_text) if ordinal_days else ():
        # "في السابع من الشهر الجاري", "في الثالث من آب": an ordinal day of this (or last) month
        assert published is not None
        at = tail.start()  # من: the expression reads from the whitespace before it
        while at and norm_text[at - 1].isspace():
            at -= 1
        head = before_re.search(norm_text, max(0, at - 24), at)
        if head is None:
            continue
        day = (
            int(head.group("num"))
            if head.group("num")
            else _ORDINALS.get(" ".join(head.group("ord").split()))
        )
        month_name = tail.group("m")
        if month_name:
            month = month_number(month_name) or 0
            year = published.year if month <= published.month else published.year - 1
        elif tail.group("which") in ("الماضي", "المنصرم", "الفايت"):
            first = published.replace(day=1) - dt.timedelta(days=1)
            year, month = first.year, first.month
        else:
            year, month = published.year, published.month
        value = _date_or_none(year, month, day or 0) if month else None
        if value is not None and value <= published:
            found.append(DateSpan(head.start(), tail.end(), value, 1, "absolute"))
    for match in _at_digits(_YEAR, norm_text, digits):  # a year, then the word before it: "في عام 2017"
        head = lex.year_head_re.search(norm_text, max(0, match.start() - 12), match.start())
        following = norm_text[match.end() : match.end() + 2]
        if following[:1] in ("-", "/", ".") and following[1:2].isdigit():
            continue  # "في 2024-08-13": a whole date, read above
        if head is not None and not (match.end() < len(norm_text) and norm_text[match.end()].isalnum()):
            found.append(DateSpan(head.start(), match.end(), dt.date(int(match.group()), 1, 1), 3, "year"))
    for match in lex.day_re.finditer(norm_text):
        cue = match.group("cue")
        if cue is not None:
            offset, precision, kind = lex.relative[" ".join(cue.split())]
            value = _shift(published, offset, precision) if published is not None else None
            found.append(
                DateSpan(
                    match.start("day") + len(match.group("pre") or ""),
                    match.end(),
                    value,
                    precision,
                    "future" if kind == "future" else "relative",
                )
            )
            continue
        weekday = lex.weekdays[match.group("wd")]
        direction = match.group("dir")
        value = None
        if published is not None:
            if direction in ("المقبل", "القادم"):
                value = published + dt.timedelta(days=(weekday - published.weekday() - 1) % 7 + 1)
            else:
                back = (published.weekday() - weekday) % 7
                if direction == "الماضي" and back == 0:
                    back = 7
                value = published - dt.timedelta(days=back)
        kind = "future" if direction in ("المقبل", "القادم") else "weekday"
        found.append(
            DateSpan(match.start("day") + len(match.group("pre") or ""), match.end(), value, 1, kind)
        )
    return [(d.start, d.end, d) for d in _resolve_overlaps(found)]


_KIND_RANK = {"absolute": 0, "hijri": 0, "month": 1, "relative": 2, "weekday": 3, "year": 4, "future": 2}


def _resolve_overlaps(found: list[DateSpan]) -> list[DateSpan]:
    """Keep the most specific expression where spans overlap; merge a weekday into the date right after it."""
    found.sort(key=lambda d: (d.start, -(d.end - d.start), _KIND_RANK[d.kind]))
    kept: list[DateSpan] = []
    for date in found:
        if kept and date.start < kept[-1].end:
            previous = kept[-1]
            better = _KIND_RANK[date.kind] < _KIND_RANK[previous.kind] or (
                _KIND_RANK[date.kind] == _KIND_RANK[previous.kind] and date.end > previous.end
            )
            if better:
                kept[-1] = DateSpan(
                    min(previous.start, date.start),
                    max(previous.end, date.end),
                    date.value,
                    date.precision,
                    date.kind,
                )
            continue
        if (
            kept
            and kept[-1].kind in ("weekday", "relative")
            and date.kind in ("absolute", "weekday")
            and 0 <= date.start - kept[-1].end <= 2
        ):
            # "الثلاثاء 13 آب 2024", "أمس الثلاثاء": one expression; the more specific value wins
            previous = kept[-1]
            value = date.value if date.kind == "absolute" or previous.value is None else previous.value
            kind = "absolute" if date.kind == "absolute" else previous.kind
            kept[-1] = DateSpan(previous.start, date.end, value, 1, kind)
            continue
        kept.append(date)
    return kept


# no digit before: (?<!\d) after the first two (see named_re)
_YEAR = re.compile(r"(?:19|20)(?<!\d..)\d\d")
_HIJRI_YEAR = re.compile(r"1(?<=\s1)[34]\d\d")  # the year hijri_re reads: "1446" after whitespace


def _at_digits(pattern: re.Pattern[str], text: str, digits: tuple[int, ...]) -> list[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose matches begin with a decimal digit and are never empty, from
    the offsets of the text's digits (``decimal_digits``): the same leftmost, non-overlapping matches, each
    tried where ``re`` would find it."""
    found: list[re.Match[str]] = []
    end = 0
    match = pattern.match
    for at in digits:
        if at >= end and (m := match(text, at)) is not None:
            found.append(m)
            end = m.end()
    return found


_UNITS = ["الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
_ORDINALS = {
    **{word: n for n, word in enumerate(_UNITS, start=1)},
    "العاشر": 10,
    "الحادي عشر": 11,
    **{f"{word} عشر": n + 10 for n, word in enumerate(_UNITS, start=1) if n > 1},
    "العشرين": 20,
    **{f"{'الحادي' if n == 1 else word} والعشرين": n + 20 for n, word in enumerate(_UNITS, start=1)},
    "الثلاثين": 30,
    "الحادي والثلاثين": 31,
}


@functools.cache
def _ordinal_day_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(after, before): "من الشهر الجاري" / "من آب" — and the ordinal day right before it ("السابع")."""
    months = "|".join(sorted(_month_keys(), key=len, reverse=True))
    ordinals = "|".join(sorted((re.escape(k) for k in _ORDINALS), key=len, reverse=True))
    # (from من itself, with the whitespace before it as a lookbehind: a literal first lets re jump from one
    # من to the next instead of trying \s+ at every position; the caller steps back over the whitespace)
    after = re.compile(
        rf"من(?<=\sمن)\s+(?:(?:الشهر|شهر)\s+(?P<which>الجاري|الحالي|الماضي|المنصرم|الفايت)|(?:شهر\s+)?(?P<m>{months}))"
        rf"(?![\w])"
    )
    # … or its number: "في الـ12 من الشهر الجاري", "في 3 من آب"
    before = re.compile(rf"(?:(?<![\w])(?P<ord>{ordinals})|(?<![\w])(?:ال)?(?P<num>[0-3]?[0-9]))$")
    return after, before


_MONTH_HEAD = re.compile(r"(?<![\w])شهر\s+$")


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _shift(published: dt.date, offset: int, precision: int) -> dt.date:
    if precision == 3 and offset <= -28:
        first = published.replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1)  # the previous calendar month
    return published + dt.timedelta(days=offset)


def _hijri_to_gregorian(year: int, month: int, day: int) -> dt.date | None:
    if not month:
        return None
    try:
        from hijridate import Hijri

        gregorian = Hijri(year, month, day).to_gregorian()
        return dt.date(gregorian.year, gregorian.month, gregorian.day)
    except (ValueError, OverflowError):
        return None
