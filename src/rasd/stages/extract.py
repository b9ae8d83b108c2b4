"""Stage ``extract``: raw page → the article's text and its metadata.

Reads: ``doc.raw`` (bytes + how to read them) and ``doc.source``. Writes: ``doc.text`` (title, then the
body paragraphs, separated by blank lines; NFC and whitespace cleanup only), ``doc.lang``, and the source's
title, author, publication date and outlet where the reader did not already know them. Issues: ``extract.*``.

* **HTML pages** are decoded (BOM, declared charset, detection — see :mod:`rasd.ingest.decode`), bounded
  (scripts and styles stripped, then cut at ``extract.max_html_bytes``), parsed once with lxml, read for
  metadata (:mod:`rasd.ingest.htmlmeta`), and handed to trafilatura for the main text. jusText with its Arabic
  stop-list is the second opinion when trafilatura finds nothing.
* **Plain text** (a scraped page saved as text, like the seed: breadcrumb, title, ``by …``, body, then
  related links, comment form and cookie banner) and **HTML fragments** (a feed item's content) go straight to
  the line rules.
* Both then pass the Arabic line rules of :mod:`rasd.text.boilerplate`, because extractors leak what Arabic
  WordPress themes put around articles: ``مواد ذات صلة`` (related articles), ``قد يعجبك أيضاً`` (you may also
  like), ``دع تعليقاً`` (leave a comment), cookie banners, comment-policy disclaimers.
* Language: a text whose letters are mostly Arabic script without Persian/Urdu letters is Arabic; otherwise
  py3langid decides. Non-Arabic text is kept and flagged ``extract.not_arabic``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Any

import justext
import py3langid
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from rasd.document import Document, Issue, Source
from rasd.errors import issue_level
from rasd.ingest.decode import declared_charset, decode_bytes
from rasd.ingest.htmlmeta import PageMeta, parse_html, read_meta
from rasd.ingest.sniff import binary_kind
from rasd.pipeline import Context
from rasd.settings import ExtractSettings
from rasd.text.boilerplate import BoilerplateLexicon, clean_lines
from rasd.text.normalize import ARABIC_LETTER, LETTER

NAME = "extract"
VERSION = "1.0.0"
REQUIRES = frozenset({"raw", "source"})
PROVIDES = frozenset({"text"})

_HEAVY_BLOCKS = re.compile(
    r"<(script|style|svg|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_DATA_URI = re.compile(r"data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]{200,}")
_NON_ARABIC_SCRIPT_LETTERS = re.compile(r"[پچژگکیۀےٹڈڑںھ]")
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "figure",
        "figcaption",
        "pre",
        "dd",
        "dt",
        "dl",
        "hr",
        "address",
        "main",
        "nav",
        "form",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "figcaption"})


def _issue(code: str, message: str) -> Issue:
    return Issue(NAME, code, message, issue_level(code))


def run(doc: Document, ctx: Context) -> Document:
    settings = ctx.settings.extract
    raw = doc.raw
    if raw is None or not raw.data.strip():
        return replace(doc, issues=(*doc.issues, _issue("extract.empty", "the input is empty")))
    kind = binary_kind(raw.data)
    if kind is not None:
        return replace(
            doc,
            issues=(*doc.issues, _issue("extract.binary", f"the input is binary ({kind}), not text or HTML")),
        )

    lexicon: BoilerplateLexicon = ctx.cached("boilerplate-lexicon", BoilerplateLexicon.load)
    issues: list[Issue] = []
    meta = PageMeta()
    if raw.media_type == "text/html":
        lines, meta = _html_lines(raw.data, raw.charset, doc.source, settings.max_html_bytes, issues, ctx)
    else:
        decoded = decode_bytes(raw.data, declared=raw.charset)
        issues.extend(_issue(code, message) for code, message in decoded.issues)
        if raw.media_type == "text/html-fragment":
            lines = _fragment_lines(decoded.text)
        else:
            lines = decoded.text.splitlines()

    known_title = doc.source.title or meta.title
    cleaned = clean_lines(lines, lexicon, title=known_title, page=raw.media_type == "text/html")
    title = cleaned.title
    paragraphs = list(cleaned.paragraphs)
    if title and paragraphs and " ".join(paragraphs[0].split()) == " ".join(title.split()):
        paragraphs.pop(0)
    parts = ([title] if title else []) + paragraphs
    letters = 0
    for part in parts:  # counting stops once the text is long enough: no need to scan a long article
        letters += len(LETTER.findall(part))
        if letters >= settings.min_text_chars:
            break
    if letters == 0:
        issues.append(_issue("extract.no_content", "no article text found on the page"))
        return replace(doc, issues=doc.issues + tuple(issues))
    if letters < settings.min_text_chars:
        issues.append(_issue("extract.short", f"only {letters} letters of article text"))

    text = unicodedata.normalize("NFC", "\n\n".join(parts))
    lang = _language(text, settings.langid_chars)
    if lang not in settings.arabic_languages:
        issues.append(_issue("extract.not_arabic", f"the text is not Arabic (language id: {lang})"))

    src = doc.source
    source = replace(
        src,
        title=src.title or (unicodedata.normalize("NFC", title) if title else None),
        author=src.author or meta.author or cleaned.author,
        published=src.published or meta.published or cleaned.published,
        outlet=src.outlet or meta.outlet or cleaned.outlet_hint,
        url=src.url or meta.url,
    )
    return replace(doc, text=text, lang=lang, source=source, issues=doc.issues + tuple(issues))


def _html_lines(
    data: bytes,
    charset: str | None,
    source: Source,
    max_bytes: int,
    issues: list[Issue],
    ctx: Context,
) -> tuple[list[str], PageMeta]:
    decoded = decode_bytes(data, declared=charset or declared_charset(data))
    issues.extend(_issue(code, message) for code, message in decoded.issues)
    page = decoded.text
    if len(page) > max_bytes:
        page = _DATA_URI.sub("", _HEAVY_BLOCKS.sub(" ", page))
        if len(page) > max_bytes:
            issues.append(
                _issue(
                    "extract.truncated", f"page of {len(data)} bytes cut to its first {max_bytes} characters"
                )
            )
            page = page[:max_bytes]
    try:
        tree = parse_html(page)
    except (etree.ParserError, ValueError) as exc:
        issues.append(_issue("extract.parse_failed", f"HTML could not be parsed: {exc}"))
        return [], PageMeta()
    meta = read_meta(tree, url=source.url)
    settings = ctx.settings.extract
    threshold = settings.fallback_below_chars
    lines = _trafilatura(tree, meta.url or source.url, settings, fast=threshold > 0)
    if threshold and sum(len(line) for line in lines) < threshold:
        # the fast pass found little: let trafilatura compare with readability and jusText (new parse,
        # since trafilatura prunes the tree it is given)
        lines = _trafilatura(parse_html(page), meta.url or source.url, settings, fast=False) or lines
    if not lines:
        lines = _justext_lines(page)
    return lines, meta


def _trafilatura(tree: Any, url: str | None, settings: ExtractSettings, *, fast: bool) -> list[str]:
    result = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=fast,
        include_comments=False,
        include_tables=True,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        with_metadata=False,
    )
    body = getattr(result, "body", None)
    if body is None:
        return []
    return [
        line for line in _trafilatura_lines(body, data_tables=settings.include_data_tables) if line.strip()
    ]


def _trafilatura_lines(body: Any, *, data_tables: bool) -> list[str]:
    """One line per block of trafilatura's XML body; line breaks inside a paragraph become spaces.

    Legacy table layouts come back as tables whose cells hold the article's paragraphs: a cell with block
    children is read as a container, and only a row of plain cells (a data table) is joined with " | ".
    """
    _mark_line_breaks(body, "lb")
    lines: list[str] = []
    _block_lines(body, lines, data_tables=data_tables)
    return lines


_XML_BLOCKS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "cell", "code", "div"})


def _block_lines(element: Any, lines: list[str], *, data_tables: bool) -> None:
    if element.tag == "row" and not any(child.tag in _XML_BLOCKS for cell in element for child in cell):
        cells = [" ".join("".join(cell.itertext()).split()) for cell in element.iter("cell")]
        cells = [c for c in cells if c]
        if len(cells) <= 1 or data_tables:
            lines.append(" | ".join(cells))
        return
    if not any(child.tag in _XML_BLOCKS for child in element):
        lines.extend("".join(element.itertext()).split("\n"))
        return
    pending = [element.text or ""]
    for child in element:
        if child.tag in _XML_BLOCKS:
            lines.extend("".join(pending).split("\n"))
            pending = []
            _block_lines(child, lines, data_tables=data_tables)
        else:
            pending.append("".join(child.itertext()))
        pending.append(child.tail or "")
    lines.extend("".join(pending).split("\n"))


def _mark_line_breaks(root: Any, tag: str) -> None:
    """A single line break inside a paragraph is a space; two in a row (Blogger's ``<br><br>``) end it."""
    for br in root.iter(tag):
        following = br.getnext()
        double = following is not None and following.tag == tag and not (br.tail or "").strip()
        br.tail = ("\n" if double else " ") + (br.tail or "")


def _justext_lines(page: str) -> list[str]:
    try:
        paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist("Arabic"), encoding="utf-8")
    except (etree.ParserError, ValueError):
        return []
    return [p.text for p in paragraphs if not p.is_boilerplate]


def _fragment_lines(fragment: str) -> list[str]:
    """Text lines of an HTML fragment (a feed item's content): block elements and <br> break lines."""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return fragment.splitlines()
    _mark_line_breaks(root, "br")
    pieces: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _SKIP_TAGS:
            pieces.append(node.tail or "")
            return
        block = tag in _BLOCK_TAGS and tag != "br"
        if block:
            pieces.append("\n")
        pieces.append(node.text or "")
        for child in node:
            walk(child)
        if block:
            pieces.append("\n")
        pieces.append(node.tail or "")

    walk(root)
    return "".join(pieces).splitlines()


def _language(text: str, limit: int) -> str:
    # fast path on the first 1,000 characters: mostly Arabic script and no Persian/Urdu letters is Arabic
    head = text[:1000]
    letters = len(LETTER.findall(head))
    arabic = len(ARABIC_LETTER.findall(head))
    if letters and arabic >= 0.6 * letters and len(_NON_ARABIC_SCRIPT_LETTERS.findall(head)) < 0.01 * letters:
        return "ar"
    lang, _score = py3langid.classify(text[:limit])
    return str(lang)
