"""Line-level rules that separate an Arabic article from the page furniture around it.

Reads: the lines of a page's text (a scraped page saved as text, or what trafilatura/jusText kept of an HTML
page) and the boilerplate lexicon ``data/lexicons/boilerplate.tsv``. Writes: ``CleanedArticle`` — title,
author, publication date and outlet hints from the page header, and the article's paragraphs.

These are general rules about blocks that recur on thousands of WordPress and news-CMS sites, not rules for one
file. A page is read in two zones:

* **Header** (before the first body-like paragraph): breadcrumbs (``فرات بوست / أخبار / متابعات`` — the
  first crumb that is not "home"/"news" becomes the outlet hint), bylines (``by Anas abdullah``,
  ``بقلم: محمد``), date lines (``نشر في 13 آب 2024``), tickers (``عاجل``), menus (runs of one-to-three-word
  lines), and the title (the first remaining line of two or more words).
* **Body**: a related-links heading (``مواد ذات صلة``, ``اقرأ أيضاً``) drops itself and the headline-like lines
  after it; an end marker (``قد يعجبك أيضاً``, a comment-form heading ``دع تعليقاً``, ``الأكثر قراءة``) ends the
  article; share bars, tag lists, cookie banners, comment-form notices and copyright lines are dropped wherever
  they are.

Headings are compared on normalized keys with one edit of tolerance for phrases of eight letters or more,
because scraped pages carry typos: ``قد يعحبك أيضاً`` (ح for ج) is still "you may also like".
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rasd.kb.catalogue import read_data_file
from rasd.text.dates import find_absolute_dates
from rasd.text.normalize import normalize_key

LEXICON_FILE = "lexicons/boilerplate.tsv"

_BODY_MIN_WORDS = 12
_KEY_CHARS = 700  # every rule gives up on lines of more than 80 words; 700 characters cover that
_HEADLINE_MAX_WORDS = 24
_SEGMENT_SEPARATORS = re.compile(r"\s+[|•·]\s+|\s*\|\s*")
_HASHTAG_LINE = re.compile(r"^(?:#\S+\s*)+$")
_CRUMB_SEPARATORS = re.compile(r"\s*(?:/|›|»|>|\||←|‹|\\)\s*")
_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")
_SENTENCE_END = (".", "!", ":", "؛", ";")


@dataclass(frozen=True)
class BoilerplateLexicon:
    """Normalized phrases by kind (``related``, ``end``, ``comment``, ``share`` …) from the TSV."""

    phrases: dict[str, tuple[str, ...]]
    share_tokens: frozenset[str]
    ui_tokens: frozenset[str]

    def kind(self, name: str) -> tuple[str, ...]:
        return self.phrases.get(name, ())

    @classmethod
    def load(cls) -> BoilerplateLexicon:
        text = read_data_file(LEXICON_FILE).decode("utf-8")
        phrases: dict[str, list[str]] = {}
        for row in csv.DictReader(io.StringIO(text), delimiter="\t"):
            key = normalize_key(row["phrase"])
            if key:
                phrases.setdefault(row["kind"], []).append(key)
        by_kind = {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in phrases.items()}
        share = frozenset(tok for p in by_kind.get("share", ()) for tok in p.split())
        ui = frozenset(tok for p in by_kind.get("ui", ()) for tok in p.split())
        return cls(phrases=by_kind, share_tokens=share, ui_tokens=ui)


@dataclass(frozen=True)
class CleanedArticle:
    title: str | None
    author: str | None
    published: str | None
    outlet_hint: str | None
    paragraphs: tuple[str, ...]
    dropped: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (reason, line)


def _levenshtein_at_most_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _heading_match(key: str, phrases: Sequence[str], *, extra_words: int = 3) -> str | None:
    """The phrase that ``key`` is (exactly, with ≤ extra_words trailing words such as a count, or one typo)."""
    if len(key) > 80:
        return None  # headings are short; spare long lines the per-phrase loop
    for phrase in phrases:
        if key == phrase:
            return phrase
        if key.startswith(phrase + " ") and len(key.split()) - len(phrase.split()) <= extra_words:
            return phrase
        if len(phrase) >= 8 and _levenshtein_at_most_one(key, phrase):
            return phrase
    return None


def _starts_with(key: str, phrases: Sequence[str]) -> str | None:
    for phrase in phrases:
        if key == phrase or key.startswith(phrase + " "):
            return phrase
    return None


def _contains_long(key: str, phrases: Sequence[str]) -> str | None:
    """A phrase of three words or more occurring anywhere in the line."""
    for phrase in phrases:
        if phrase.count(" ") >= 2 and phrase in key:
            return phrase
    return None


class _Rules:
    def __init__(self, lex: BoilerplateLexicon) -> None:
        self.lex = lex
        self.form_cues = frozenset(lex.kind("form_cue"))
        self.cookie_context = frozenset(lex.kind("cookie_context"))
        self.disclaimer_context = frozenset(lex.kind("disclaimer_context"))

    def is_share_bar(self, key: str, line: str) -> bool:
        tokens = key.split()
        if not tokens or len(tokens) > 20:
            return False
        allowed = self.lex.share_tokens | self.lex.ui_tokens
        if all(tok in allowed or tok.isdigit() for tok in tokens):
            return True
        # "طباعة الخبر | أرسل لصديق | شارك على فيسبوك": every segment names a share action
        segments = [normalize_key(seg) for seg in _SEGMENT_SEPARATORS.split(line) if seg.strip()]
        return len(segments) >= 3 and all(set(seg.split()) & self.lex.share_tokens for seg in segments)

    def is_caption(self, key: str, n_words: int) -> bool:
        return n_words <= 15 and _starts_with(key, self.lex.kind("caption")) is not None

    def is_credit(self, line: str, n_words: int) -> bool:
        head = line.split(":", 1)[0] if ":" in line else ""
        return n_words <= 8 and bool(head) and normalize_key(head) in self.lex.kind("credit")

    def is_ui(self, key: str) -> bool:
        return key in self.lex.kind("ui")

    def is_cookie(self, key: str, n_words: int) -> bool:
        if n_words > 70:
            return False
        padded = f" {key} "
        if not any(f" {cue} " in padded for cue in self.lex.kind("cookie")):
            return False
        return any(f" {cue} " in padded for cue in self.cookie_context)

    def is_form_notice(self, key: str, n_words: int) -> bool:
        if n_words > 35:
            return False
        tokens = set(key.split())
        return len(tokens & self.form_cues) >= 3

    def is_disclaimer(self, key: str, n_words: int) -> bool:
        if n_words > 80:
            return False
        if not any(phrase in key for phrase in self.lex.kind("disclaimer")):
            return False
        return bool(set(key.split()) & self.disclaimer_context)

    def is_legal(self, key: str, line: str, n_words: int) -> bool:
        if n_words > 25:
            return False
        if "©" in line or "copyright" in key:
            return True
        phrases = self.lex.kind("legal")
        return bool(_heading_match(key, phrases) or _contains_long(key, phrases))

    def is_comment_heading(self, key: str, n_words: int) -> bool:
        phrases = self.lex.kind("comment")
        if n_words <= 8 and _heading_match(key, phrases):
            return True
        return n_words <= 30 and _contains_long(key, phrases) is not None

    def is_end_heading(self, key: str, n_words: int) -> bool:
        return n_words <= 8 and _heading_match(key, self.lex.kind("end")) is not None

    def is_related(self, key: str, line: str, n_words: int) -> bool:
        phrases = self.lex.kind("related")
        if n_words <= 6 and _heading_match(key, phrases):
            return True
        # inline: "اقرأ أيضاً: <linked headline>"
        return _headline_like(line, n_words) and _starts_with(key, phrases) is not None

    def is_tags(self, key: str, line: str, n_words: int) -> bool:
        phrases = self.lex.kind("tags")
        if n_words <= 4 and _heading_match(key, phrases, extra_words=1):
            return True
        head = line.split(":", 1)[0] if ":" in line else ""
        return (
            bool(head)
            and n_words <= 40
            and _heading_match(normalize_key(head), phrases, extra_words=0) is not None
        )

    def is_follow(self, key: str, n_words: int) -> bool:
        return n_words <= 20 and _starts_with(key, self.lex.kind("follow")) is not None

    def byline(self, line: str) -> str | None:
        """The author's name if ``line`` is a byline (``by X``, ``بقلم: X``, ``كتب - X``)."""
        line = re.split(r"\s+[|•]\s+", line)[0]
        words = line.split()
        if not 2 <= len(words) <= 9:
            return None
        key = normalize_key(line)
        prefix = _starts_with(key, self.lex.kind("byline"))
        if prefix is None:
            return None
        n_prefix = len(prefix.split())
        rest = " ".join(words[n_prefix:]).lstrip(":：-–— ").strip()
        # a date on the same line ("بقلم محمد - 13 آب 2024") is cut off the name
        rest = re.split(r"\s+[-–—|]\s+", rest)[0].strip()
        if not rest or len(rest.split()) > 6 or find_absolute_dates(rest):
            return None
        return rest

    def date_line(self, line: str, n_words: int) -> tuple[str | None, bool]:
        """(publication date, is a date/updated line) for a short line that is mostly a date."""
        if n_words > 14:
            return None, False
        key = normalize_key(line)
        dates = find_absolute_dates(line)
        if _starts_with(key, self.lex.kind("updated")):
            return None, bool(dates) or bool(_TIME.search(line))
        if not dates:
            return None, False
        covered = sum(d.end - d.start for d in dates)
        prefixed = _starts_with(key, self.lex.kind("dateline")) is not None
        if prefixed or covered >= 0.35 * len(line.strip()) or n_words <= 6:
            return dates[0].value.isoformat(), True
        return None, False

    def breadcrumb(self, line: str, n_words: int) -> list[str] | None:
        if n_words > 12:
            return None
        parts = [p for p in _CRUMB_SEPARATORS.split(line.strip()) if p]
        if len(parts) < 2 or not _CRUMB_SEPARATORS.search(line):
            return None
        if any(len(p.split()) > 4 for p in parts):
            return None
        return parts

    def is_ticker(self, key: str) -> bool:
        return _starts_with(key, self.lex.kind("ticker")) is not None


def _line_key(line: str) -> str:
    """The matching key of a line; only its start matters for lines longer than any rule looks at."""
    return normalize_key(line[:_KEY_CHARS])


def _headline_like(line: str, n_words: int) -> bool:
    return n_words <= _HEADLINE_MAX_WORDS and not line.rstrip().endswith(_SENTENCE_END)


def _body_like(line: str, n_words: int) -> bool:
    """A paragraph of running text: long enough, and not shaped like a headline (which has no full stop)."""
    return n_words >= _BODY_MIN_WORDS and not _headline_like(line, n_words)


def clean_lines(
    lines: Sequence[str],
    lexicon: BoilerplateLexicon,
    *,
    title: str | None = None,
    find_title: bool = True,
    page: bool = False,
) -> CleanedArticle:
    """Apply the header and body rules to ``lines`` (whitespace is collapsed first; empty lines ignored).

    ``title`` is a title already known from metadata: header lines repeating it are dropped. With
    ``find_title`` the first plain header line becomes the title when none is known. ``page`` says the lines
    come from a whole web page (not a feed item or a JSONL body), where short lines above the body are masthead.
    """
    rules = _Rules(lexicon)
    items = [" ".join(line.split()) for line in lines]
    items = [line for line in items if line]
    dropped: list[tuple[str, str]] = []
    author: str | None = None
    published: str | None = None
    outlet_hint: str | None = None
    found_title: str | None = None
    title_key = normalize_key(title) if title else ""
    crumb_roots = lexicon.kind("crumb_root")

    # ---- header zone: everything before the first body-like line ----
    first_body = next((i for i, line in enumerate(items) if _body_like(line, len(line.split()))), len(items))
    header, body = items[:first_body], items[first_body:]
    kept_header: list[str] = []
    short_run: list[str] = []

    def flush_short_run() -> None:
        # three or more consecutive one-to-three-word lines in the header are a menu
        if len(short_run) >= 3:
            dropped.extend(("menu", s) for s in short_run)
        else:
            kept_header.extend(short_run)
        short_run.clear()

    for line in header:
        n_words = len(line.split())
        key = _line_key(line)
        if not key:
            dropped.append(("symbols", line))
            continue
        name = rules.byline(line)
        if name is not None:
            author = author or name
            dates = find_absolute_dates(line)
            published = published or (dates[0].value.isoformat() if dates else None)
            dropped.append(("byline", line))
            continue
        date_value, is_date = rules.date_line(line, n_words)
        if is_date:
            published = published or date_value
            dropped.append(("date", line))
            continue
        crumbs = rules.breadcrumb(line, n_words)
        if crumbs is not None:
            for crumb in crumbs:
                if not _heading_match(normalize_key(crumb), crumb_roots, extra_words=0):
                    outlet_hint = outlet_hint or crumb
                    break
            dropped.append(("breadcrumb", line))
            continue
        if title_key and (key == title_key or (len(key) > 20 and (key in title_key or title_key in key))):
            # what stands above the headline is masthead: site name, slogan, navigation
            flush_short_run()
            dropped.extend(("masthead", kept) for kept in kept_header)
            kept_header.clear()
            dropped.append(("title_repeat", line))
            continue
        reason = _furniture(rules, key, line, n_words)
        if reason or rules.is_ticker(key):
            dropped.append((reason or "ticker", line))
            continue
        if n_words <= 3:
            short_run.append(line)
            continue
        flush_short_run()
        kept_header.append(line)
    flush_short_run()
    if page and title_key and not any(reason == "title_repeat" for reason, _ in dropped):
        # the page's own headline line was not among the lines (extractors often drop the <h1>): short
        # lines left above the body are masthead (site name, slogan), not a standfirst
        masthead = [line for line in kept_header if len(line.split()) <= 6]
        dropped.extend(("masthead", line) for line in masthead)
        kept_header = [line for line in kept_header if len(line.split()) > 6]

    if title is None and find_title:
        for index, line in enumerate(kept_header):
            if 2 <= len(line.split()) <= 30:
                found_title = line
                del kept_header[index]
                break

    # ---- body zone ----
    paragraphs: list[str] = list(kept_header)
    in_list: str | None = None  # "related" or "tags" while dropping the list that follows such a heading
    seen_body = False
    for index, line in enumerate(body):
        n_words = len(line.split())
        key = _line_key(line)
        if not key:
            dropped.append(("symbols", line))
            continue
        if seen_body and (rules.is_end_heading(key, n_words) or rules.is_comment_heading(key, n_words)):
            dropped.extend(("after_end", rest) for rest in body[index:])
            break
        if rules.is_related(key, line, n_words):
            in_list = "related"
            dropped.append(("related", line))
            continue
        if rules.is_tags(key, line, n_words):
            in_list = "tags"
            dropped.append(("tags", line))
            continue
        if in_list == "related" and _headline_like(line, n_words):
            dropped.append(("related", line))
            continue
        if in_list == "tags" and n_words <= 4:
            dropped.append(("tags", line))
            continue
        in_list = None
        reason = _furniture(rules, key, line, n_words)
        if reason is None and rules.is_end_heading(key, n_words):
            reason = "end_heading"
        if reason is None and not seen_body and rules.is_comment_heading(key, n_words):
            reason = "comment"
        if reason is None and n_words <= 9 and rules.byline(line) is not None:
            author = author or rules.byline(line)
            reason = "byline"
        if reason:
            dropped.append((reason, line))
            continue
        paragraphs.append(line)
        seen_body = seen_body or _body_like(line, n_words)

    return CleanedArticle(
        title=title if title is not None else found_title,
        author=author,
        published=published,
        outlet_hint=outlet_hint,
        paragraphs=tuple(paragraphs),
        dropped=tuple(dropped),
    )


def _furniture(rules: _Rules, key: str, line: str, n_words: int) -> str | None:
    """Why a line is page furniture wherever it stands, or None."""
    if rules.is_share_bar(key, line):
        return "share"
    if _HASHTAG_LINE.match(line):
        return "hashtags"
    if n_words <= 12 and not any(sum(ch.isalpha() for ch in word) >= 2 for word in key.split()):
        return "symbols"  # reaction counters, emoji rows: "👍 248 👁 3.1K"
    if rules.is_caption(key, n_words):
        return "caption"
    if rules.is_credit(line, n_words):
        return "credit"
    if rules.is_ui(key):
        return "ui"
    if rules.is_cookie(key, n_words):
        return "cookie"
    if rules.is_form_notice(key, n_words):
        return "comment_form"
    if rules.is_legal(key, line, n_words):
        return "legal"
    if rules.is_disclaimer(key, n_words):
        return "disclaimer"
    if rules.is_follow(key, n_words):
        return "follow"
    return None
