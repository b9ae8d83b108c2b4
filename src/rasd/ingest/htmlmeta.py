"""Article metadata from an HTML page: title, author, publication date, outlet, canonical URL, language.

Reads: a parsed lxml HTML tree (and the page URL if known). Writes: ``PageMeta``.

Sources are tried from the most to the least deliberate: JSON-LD ``NewsArticle`` (``headline``,
``datePublished``, ``author``, ``publisher``), OpenGraph/``article:`` meta tags, other well-known meta names
(Dublin Core, parsely, sailthru, ``pubdate``), ``itemprop`` microdata, ``<time datetime>``, the ``<h1>``, and
last the URL (``/2024/08/13/``). trafilatura's own metadata pass (htmldate) is not used: it doubles extraction
time and, on undated pages, returns guesses such as January 1st of a year seen in the page, which an event
dataset must not take for a publication date.

Titles lose a trailing site name: ``معارضون يسيطرون على مخازن للصواريخ بريف دمشق - CNNArabic.com`` →
``معارضون يسيطرون على مخازن للصواريخ بريف دمشق`` (the site name goes to ``outlet``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_URL_DATE = re.compile(r"/(20\d\d|19\d\d)/(?:[a-z_-]+/)?(\d{1,2})/(\d{1,2})(?:/|$)")
_URL_DATE_COMPACT = re.compile(r"/(20\d\d)(\d{2})(\d{2})(?:/|$|[-_])")
_FEED_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—»:]|::)\s+")
_AUTHOR_CLASSES = frozenset({"author", "author-name", "byline", "byline-name", "post-author-name", "writer"})
_AUTHOR_XPATHS = tuple(
    etree.XPath(xpath)
    for xpath in (
        "//*[@itemprop='author']//*[@itemprop='name']",
        "//*[@itemprop='author']",
        "//*[@rel='sioc:has_creator']",
        "//*[@rel='author']",
        "//*[contains(@class, 'author') or contains(@class, 'byline') or contains(@class, 'writer')]",
    )
)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-|–—:»]|::)\s+")

_DATE_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "date",
)
_RDFA_DATE_PROPERTIES = frozenset(
    {"dc:date", "dc:created", "dcterms:created", "dcterms:issued", "schema:datepublished"}
)
_AUTHOR_META_NAMES = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    url: str | None = None
    lang: str | None = None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def iso_date(value: str | None) -> str | None:
    """The YYYY-MM-DD prefix of an ISO date/datetime string (the outlet's local date as written)."""
    if not value:
        return None
    match = _ISO_DATE.search(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_from_url(url: str | None) -> str | None:
    """A date written in a URL path: ``/2024/08/13/``, ``/2013/middle_east/8/3/``, ``/20240813-``."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in (_URL_DATE, _URL_DATE_COMPACT):
        match = pattern.search(path)
        if match:
            year, month, day = (int(g) for g in match.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _json_ld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError):
            continue  # broken JSON-LD is common; the meta tags usually still work
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _person_name(value: Any) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_person_name(v) for v in value) if n]
        return "، ".join(names) if names else None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    name = _clean(value)
    if name and name.startswith(("http://", "https://")):
        return None  # article:author is often a profile URL, not a name
    return name


def _meta_map(tree: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if key and content and key not in out:
            out[key] = content
    return out


def _strip_site_suffix(title: str, outlet: str | None) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if outlet:
        key = outlet.casefold()
        kept = [p for p in parts if p.casefold() != key and key not in p.casefold()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    # otherwise drop a short last/first part that looks like a site name (one or two words, or a domain)
    last, first = parts[-1], parts[0]
    if len(last.split()) <= 2 and len(" ".join(parts[:-1]).split()) >= 3:
        return " - ".join(parts[:-1])
    if len(first.split()) <= 2 and len(" ".join(parts[1:]).split()) >= 3 and "." in first:
        return " - ".join(parts[1:])
    return title


def _outlet_from_feed_links(tree: Any) -> str | None:
    """The site name from a feed link's title: ``أخبار الميادين - RSS``, ``عنب بلدي » الخلاصة``."""
    for link in tree.iterfind(".//link[@rel='alternate']"):
        kind = (link.get("type") or "").lower()
        title = _clean(link.get("title"))
        if title and ("rss" in kind or "atom" in kind):
            name = _FEED_TITLE_SEPARATORS.split(title)[0].strip()
            if name and len(name.split()) <= 6:
                return name
    return None


def _author_from_markup(tree: Any) -> str | None:
    """A visible author: schema.org microdata, RDFa (Drupal's foaf:name), rel=author, byline classes."""
    for index, xpath in enumerate(_AUTHOR_XPATHS):
        for node in xpath(tree):
            if (
                index == len(_AUTHOR_XPATHS) - 1
                and not set(node.get("class", "").lower().split()) & _AUTHOR_CLASSES
            ):
                continue  # the XPath matched a substring ("authorbox-avatar"); only whole class names count
            name = _clean(node.get("content")) or _clean(node.text_content())
            if name and len(name.split()) <= 6:
                return name
    return None


def _date_candidates(tree: Any, meta: dict[str, str]) -> Iterator[str | None]:
    """Publication dates from the most to the least deliberate markup, lazily (the first one wins)."""
    for name in _DATE_META_NAMES:
        yield iso_date(meta.get(name))
    for node in tree.iterfind(".//*[@itemprop='datePublished']"):
        yield iso_date(
            node.get("content") or node.get("datetime") or node.get("title") or node.text_content()
        )
    # RDFa (Drupal and others): <span property="dc:date dc:created" content="2023-09-07T14:20:00+03:00">
    for node in tree.iterfind(".//*[@property][@content]"):
        if set(node.get("property", "").lower().split()) & _RDFA_DATE_PROPERTIES:
            yield iso_date(node.get("content"))
    for node in tree.iterfind(".//time[@datetime]"):
        yield iso_date(node.get("datetime"))


def read_meta(tree: Any, *, url: str | None = None) -> PageMeta:
    """Collect :class:`PageMeta` from a parsed page; every field may be None."""
    meta = _meta_map(tree)
    ld_title = ld_date = ld_author = ld_outlet = None
    for obj in _json_ld_objects(tree):
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(isinstance(k, str) and ("Article" in k or k in ("WebPage", "BlogPosting")) for k in kinds):
            continue
        ld_title = ld_title or _clean(obj.get("headline"))
        ld_date = ld_date or iso_date(_clean(obj.get("datePublished")))
        ld_author = ld_author or _person_name(obj.get("author"))
        publisher = obj.get("publisher")
        if isinstance(publisher, dict):
            ld_outlet = ld_outlet or _clean(publisher.get("name"))

    canonical = None
    for link in tree.iterfind(".//link[@rel='canonical']"):
        canonical = _clean(link.get("href"))
        break
    page_url = canonical if canonical and canonical.startswith(("http://", "https://")) else None
    page_url = page_url or _clean(meta.get("og:url")) or url

    outlet = (
        _clean(meta.get("og:site_name"))
        or ld_outlet
        or _clean(meta.get("application-name"))
        or _outlet_from_feed_links(tree)
    )

    published = ld_date or next((d for d in _date_candidates(tree, meta) if d), None)
    published = published or date_from_url(page_url) or date_from_url(url)
    author = ld_author or next(
        (a for a in (_person_name(meta.get(n)) for n in _AUTHOR_META_NAMES) if a), None
    )
    author = author or _author_from_markup(tree)

    h1 = next((t for t in (_clean(n.text_content()) for n in tree.iterfind(".//h1")) if t), None)
    node = tree.find(".//title")
    page_title = _clean(node.text_content()) if node is not None else None
    title = ld_title or _clean(meta.get("og:title")) or _clean(meta.get("twitter:title")) or h1 or page_title
    site_from_title = None
    if title and h1 and len(h1.split()) >= 3:
        # "<h1> – Site Name" in og:title/<title>: the h1 is the headline, the rest names the site
        for candidate in (title, page_title):
            if candidate and candidate != h1 and (candidate.startswith(h1) or candidate.endswith(h1)):
                rest = candidate.replace(h1, "", 1).strip(" -|–—:»·")
                title, site_from_title = h1, rest or None
                break
    if title and title != h1:
        stripped = _strip_site_suffix(title, outlet)
        if stripped != title:
            site_from_title = site_from_title or title[len(stripped) :].strip(" -|–—:»·") or None
            title = stripped
    if site_from_title and len(site_from_title.split()) <= 6:
        outlet = outlet or _FEED_TITLE_SEPARATORS.split(site_from_title)[0]
    if not outlet and (page_url or url):
        host = urlsplit(page_url or url or "").hostname or ""
        outlet = host.removeprefix("www.") or None

    root = tree.getroot() if hasattr(tree, "getroot") else tree
    lang = _clean(root.get("lang") or root.get("xml:lang"))
    return PageMeta(title=title, author=author, published=published, outlet=outlet, url=page_url, lang=lang)


def parse_html(text: str) -> Any:
    """Parse a whole page with lxml; an XML declaration (rejected by lxml for str input) is dropped first."""
    if text.lstrip().startswith("<?xml"):
        text = text[text.index("?>") + 2 :]
    return lxml_html.document_fromstring(text)
