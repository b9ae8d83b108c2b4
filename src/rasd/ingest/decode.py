"""Bytes → text for Arabic pages: BOMs, declared charsets that lie, windows-1256 and ISO-8859-6.

Reads: raw bytes and the charset a transport or the page declares. Writes: ``Decoded`` (text, encoding used,
and issue codes for what went wrong), never raises.

Arabic sites still serve legacy encodings: windows-1256 (cp1256, Microsoft's Arabic code page) and ISO-8859-6,
and many pages declare one charset while the server sends another. The rules, in order:

1. A byte-order mark decides (UTF-8, UTF-16).
2. Bytes that decode as strict UTF-8 are UTF-8, whatever the page declares: Arabic text in cp1256 or
   ISO-8859-6 practically never forms valid multi-byte UTF-8, so a page that decodes cleanly is UTF-8 and the
   declaration is what lies (``extract.encoding_mismatch``).
3. Otherwise each candidate — the declared charset, cp1256, ISO-8859-6, and charset-normalizer's best guess —
   is scored by how plausible its text is (Arabic or ASCII letters and punctuation count for, undecodable
   bytes, C1 controls and mojibake letters such as ``Ø§Ù„`` count against) and the best one wins; a declared
   charset wins ties.

Example: ``الميادين`` (al-Mayadin) in cp1256 is ``b"\\xc7\\xe1\\xe3\\xed\\xc7\\xcf\\xed\\xe4"``; read as ISO-8859-6 the
same bytes give ``افكٍادٍل``: real letters, but with tanween (ٍ, a word-final vowel mark) inside words, which
Arabic never writes, and undefined positions elsewhere; the scores separate the two.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)

_GOOD = re.compile(
    r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFFA-Za-z0-9\s.,;:!?'\"()\[\]<>/=&%#@*+\-_«»“”‘’–—…]"
)
# Latin-1 letters that appear when UTF-8 or Arabic code pages are read as Latin (mojibake).
_SUSPICIOUS = re.compile(
    r"[\u0080-\u009F\u00C0-\u00FF\u0152\u0153\u0160\u0161\u0178\u017D\u017E\u0192\u02C6\u02DC\uFFFD]"
)

# Tanween (ً ٌ ٍ) ends a word; followed by a letter it betrays a code-page misreading (cp1256 ي read as ISO ٍ).
_INNER_TANWEEN = re.compile(r"[\u064B-\u064D][\u0621-\u064A]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    issues: tuple[tuple[str, str], ...] = ()  # (issue code, message)


def codec_name(label: str | None) -> str | None:
    """Python's canonical codec name for a charset label, or None for an unknown label."""
    if not label:
        return None
    try:
        return codecs.lookup(label.strip().strip("'\"").lower()).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first 4 KB (meta tag or XML declaration)."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def plausibility(text: str) -> float:
    """Share of characters that look like real Arabic/Latin text; mojibake and U+FFFD pull it down."""
    if not text:
        return 0.0
    sample = text[:20000]
    good = len(_GOOD.findall(sample))
    bad = len(_SUSPICIOUS.findall(sample)) + len(_INNER_TANWEEN.findall(sample))
    return (good - 3 * bad) / len(sample)


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode ``data`` following the rules in the module docstring."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return Decoded(text.lstrip("\ufeff"), encoding.replace("-sig", ""), _replacement_issue(text))

    declared_codec = codec_name(declared)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        issues: tuple[tuple[str, str], ...] = ()
        if declared_codec not in (None, "utf-8", "ascii") and not data.isascii():
            issues = (
                (
                    "extract.encoding_mismatch",
                    f"declared charset {declared!r} but the bytes are valid UTF-8; decoded as UTF-8",
                ),
            )
        return Decoded(text, "utf-8", issues)

    candidates: list[str] = []
    if declared_codec and declared_codec != "utf-8":
        candidates.append(declared_codec)
    for name in ("cp1256", "iso8859-6"):
        if name not in candidates:
            candidates.append(name)
    guess = charset_normalizer.from_bytes(data[:65536]).best()
    guessed_codec = codec_name(guess.encoding) if guess is not None else None
    if guessed_codec and guessed_codec not in candidates:
        candidates.append(guessed_codec)
    candidates.append("utf-8")  # with replacement: the last resort for damaged UTF-8

    best_name, best_text, best_score = "utf-8", "", float("-inf")
    for name in candidates:
        text = data.decode(name, errors="replace")
        score = plausibility(text)
        if score > best_score + 1e-9:
            best_name, best_text, best_score = name, text, score

    issues_list: list[tuple[str, str]] = []
    if declared_codec is None:
        issues_list.append(("extract.encoding_guessed", f"no usable charset declared; detected {best_name}"))
    elif best_name != declared_codec:
        issues_list.append(
            (
                "extract.encoding_mismatch",
                f"declared charset {declared!r} does not fit the bytes; decoded as {best_name}",
            )
        )
    issues_list.extend(_replacement_issue(best_text))
    return Decoded(best_text, best_name, tuple(issues_list))


def _replacement_issue(text: str) -> tuple[tuple[str, str], ...]:
    count = text.count("\ufffd")
    if not count:
        return ()
    return (("extract.decode_errors", f"{count} undecodable byte sequence(s) replaced by U+FFFD"),)
