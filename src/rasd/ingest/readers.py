"""Readers: files, directories, standard input → Documents with their raw input and source metadata.

Reads: paths (files or directories, recursively) or ``-`` for standard input, in these formats — plain text,
HTML, JSONL (one article per line), WARC/ARC (plain or gzipped), RSS/Atom. Writes: a stream of ``Document``
objects (``raw`` + ``source``, no text yet) and counts in ``ReadStats``.

Everything streams: a directory of 10,000 files is walked lazily (each directory's entries sorted for a stable
order), a WARC is read record by record, a JSONL line by line. Bad input never raises: an unreadable file, a
malformed JSONL line, a truncated ``.warc.gz``, a broken feed each become a Document carrying an error Issue
(``ingest.*``) and the raw bytes when they could be read, so the failure is reported, stored and can be re-run.
WARC records that are not HTML pages (requests, metadata, images, revisits) are not articles: they are skipped
and counted by reason in ``ReadStats.skipped``.

The format comes from the file name (``.txt``, ``.html``, ``.jsonl``, ``.warc.gz``, ``.rss`` …) and, when the
name says nothing, from the first bytes (``WARC/1.0``, ``<rss``, ``<html``, ``{``).
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import feedparser
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from rasd.document import Document, Issue, Raw, Source, new_document
from rasd.errors import issue_level
from rasd.ingest.htmlmeta import iso_date
from rasd.ingest.sniff import container_kind
from rasd.ingest.urls import canonical_url
from rasd.settings import Settings

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class ReadStats:
    """What the readers saw: files opened, documents produced, records skipped by reason."""

    files: int = 0
    documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class SourceDefaults:
    """Metadata the caller knows for inputs that do not carry it (``rasd extract --url/--published/--outlet``)."""

    url: str | None = None
    published: str | None = None
    outlet: str | None = None


def _issue(code: str, message: str) -> Issue:
    return Issue("ingest", code, message, issue_level(code))


def _failure(input_path: str, code: str, message: str, *, raw: Raw | None = None) -> Document:
    return new_document(raw, Source(input_path=input_path), issues=(_issue(code, message),))


def _format_of(name: str) -> str | None:
    lower = name.lower()
    for suffixes, fmt in (
        (WARC_SUFFIXES, "warc"),
        (JSONL_SUFFIXES, "jsonl"),
        (HTML_SUFFIXES, "html"),
        (TEXT_SUFFIXES, "text"),
        (FEED_SUFFIXES, "feed"),
    ):
        if lower.endswith(suffixes):
            return fmt
    return None


def walk(path: Path, *, follow_symlinks: bool = False) -> Iterator[Path]:
    """Files under ``path`` in a stable order, lazily: one directory listing in memory at a time."""
    if not path.is_dir():
        yield path
        return
    stack = [path]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            yield directory  # reported as unreadable by the caller
            continue
        subdirs = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=follow_symlinks):
                    subdirs.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=follow_symlinks):
                    yield Path(entry.path)
            except OSError:
                yield Path(entry.path)
        stack.extend(reversed(subdirs))


class Reader:
    """Turns inputs into Documents; one instance per run (it holds the counters)."""

    def __init__(self, settings: Settings | None = None, defaults: SourceDefaults | None = None) -> None:
        self.settings = settings or Settings()
        self.defaults = defaults or SourceDefaults()
        self.stats = ReadStats()

    # ---- entry points ----
    def read(self, inputs: Iterable[str]) -> Iterator[Document]:
        """Documents from every input: a path, a directory (recursively) or ``-`` for stdin."""
        for item in inputs:
            if item == "-":
                yield from self._count(self.read_stream(sys.stdin.buffer, name="-"))
                continue
            path = Path(item)
            if not path.exists():
                self.stats.files += 1
                yield self._counted(_failure(item, "ingest.unreadable", f"no such file or directory: {item}"))
                continue
            if path.is_dir():
                for file in walk(path, follow_symlinks=self.settings.ingest.follow_symlinks):
                    if _format_of(file.name) is None and file.suffix:
                        # inside a directory only article formats are read (not README.md, style.css …);
                        # a file named on the command line is always read
                        self.stats.skipped["file.other_suffix"] += 1
                        continue
                    yield from self._count(self.read_file(file))
            else:
                yield from self._count(self.read_file(path))

    def read_file(self, path: Path) -> Iterator[Document]:
        self.stats.files += 1
        name = str(path)
        try:
            size = path.stat().st_size
        except OSError as exc:
            yield _failure(name, "ingest.unreadable", f"cannot stat {name}: {exc.strerror or exc}")
            return
        limit = self.settings.ingest.max_input_bytes
        if size > limit:
            yield _failure(name, "ingest.too_large", f"{name} has {size} bytes (limit {limit})")
            return
        fmt = _format_of(path.name)
        try:
            with path.open("rb") as fh:
                if fmt is None:
                    head = fh.read(4096)
                    fh.seek(0)
                    fmt = _sniffed_format(head)
                if fmt == "warc":
                    yield from self._read_warc(fh, name)
                elif fmt == "jsonl":
                    yield from self._read_jsonl(fh, name)
                else:
                    data = fh.read()
                    yield from self._read_blob(data, name, fmt)
        except OSError as exc:
            yield _failure(name, "ingest.unreadable", f"cannot read {name}: {exc.strerror or exc}")

    def read_stream(self, stream: BinaryIO, *, name: str) -> Iterator[Document]:
        """Standard input: buffered (it cannot be re-read), then read by its first bytes."""
        self.stats.files += 1
        data = stream.read(self.settings.ingest.max_input_bytes + 1)
        if len(data) > self.settings.ingest.max_input_bytes:
            yield _failure(name, "ingest.too_large", f"standard input exceeds {len(data) - 1} bytes")
            return
        fmt = _sniffed_format(data[:4096])
        if fmt == "warc":
            yield from self._read_warc(io.BytesIO(data), name)
        elif fmt == "jsonl":
            yield from self._read_jsonl(io.BytesIO(data), name)
        else:
            yield from self._read_blob(data, name, fmt)

    # ---- formats ----
    def _read_blob(self, data: bytes, name: str, fmt: str | None) -> Iterator[Document]:
        if fmt == "feed" or (fmt is None and container_kind(data[:4096]) == "feed"):
            yield from self._read_feed(data, name)
            return
        if fmt == "html" or (fmt is None and container_kind(data[:4096]) == "html"):
            raw = Raw(data, "text/html")
        else:
            raw = Raw(data, "text/plain")
        yield self._document(raw, Source(input_path=name))

    def _document(self, raw: Raw, source: Source, *, issues: tuple[Issue, ...] = ()) -> Document:
        defaults = self.defaults
        source = replace(
            source,
            url=source.url or defaults.url,
            published=source.published or defaults.published,
            outlet=source.outlet or defaults.outlet,
        )
        return new_document(raw, source, canonical_url=canonical_url(source.url), issues=issues)

    def _read_jsonl(self, fh: BinaryIO, name: str) -> Iterator[Document]:
        for number, line in enumerate(fh, start=1):
            where = f"{name}:{number}"
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raw = Raw(line.rstrip(b"\r\n"), "application/octet-stream")
                yield _failure(where, "ingest.jsonl_malformed", f"line {number}: {exc}", raw=raw)
                continue
            if not isinstance(obj, dict):
                raw = Raw(line.rstrip(b"\r\n"), "application/octet-stream")
                yield _failure(where, "ingest.jsonl_malformed", f"line {number} is not an object", raw=raw)
                continue
            html, text = obj.get("html"), obj.get("text")
            if isinstance(html, str) and html.strip():
                raw = Raw(html.encode("utf-8"), "text/html", charset="utf-8")
            elif isinstance(text, str) and text.strip():
                raw = Raw(text.encode("utf-8"), "text/plain", charset="utf-8")
            else:
                raw = Raw(line.rstrip(b"\r\n"), "application/octet-stream")
                yield _failure(
                    where, "ingest.jsonl_no_content", f"line {number} has no text or html", raw=raw
                )
                continue
            source = Source(
                id=_str_or_none(obj.get("id")),
                url=_str_or_none(obj.get("url")),
                outlet=_str_or_none(obj.get("outlet")),
                title=_str_or_none(obj.get("title")),
                author=_str_or_none(obj.get("author")),
                published=_date_or_none(obj.get("published")),
                input_path=where,
            )
            yield self._document(raw, source)

    def _read_warc(self, fh: BinaryIO, name: str) -> Iterator[Document]:
        limit = self.settings.ingest.max_record_bytes
        iterator = ArchiveIterator(fh, arc2warc=True)
        try:
            for record in iterator:
                kind = record.rec_type
                if kind not in ("response", "resource"):
                    self.stats.skipped[f"warc.{kind}"] += 1
                    continue
                if kind == "response" and record.http_headers is not None:
                    status = record.http_headers.get_statuscode()
                    if not str(status).startswith("2"):
                        self.stats.skipped["warc.http_status"] += 1
                        continue
                    content_type = record.http_headers.get_header("Content-Type") or ""
                else:
                    content_type = record.rec_headers.get_header("Content-Type") or ""
                mime = content_type.split(";")[0].strip().lower()
                payload = record.content_stream().read(limit)
                if mime not in _HTML_TYPES and container_kind(payload[:2048]) != "html":
                    self.stats.skipped["warc.not_html"] += 1
                    continue
                offset = iterator.get_record_offset()  # reads the record to its end: call after the payload
                charset = _charset_param(content_type)
                url = record.rec_headers.get_header("WARC-Target-URI")
                fetched = record.rec_headers.get_header("WARC-Date")
                source = Source(url=url, fetched_at=fetched, input_path=f"{name}@{offset}")
                raw = Raw(payload, "text/html", charset=charset)
                missing = getattr(record.raw_stream, "limit", 0)
                if missing:
                    # the file ends inside this record: keep what was read, flag it, stop
                    message = f"{name}: record at offset {offset} is truncated ({missing} bytes missing)"
                    yield self._document(raw, source, issues=(_issue("ingest.warc_corrupt", message),))
                    return
                yield self._document(raw, source)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            # zlib errors surface as OSError/EOFError; warcio's own as ArchiveLoadFailed
            yield _failure(
                name, "ingest.warc_corrupt", f"{name}: stopped reading: {type(exc).__name__}: {exc}"
            )

    def _read_feed(self, data: bytes, name: str) -> Iterator[Document]:
        parsed = feedparser.parse(data)
        entries = parsed.get("entries") or []
        broken = bool(parsed.get("bozo"))
        if not entries:
            reason = parsed.get("bozo_exception") if broken else "no items"
            raw = Raw(data, "application/octet-stream")
            yield _failure(
                name, "ingest.feed_malformed", f"{name}: no feed item could be read ({reason})", raw=raw
            )
            return
        outlet = _str_or_none(parsed.get("feed", {}).get("title"))
        for index, entry in enumerate(entries):
            where = f"{name}#{index}"
            content = ""
            for item in entry.get("content") or []:
                if isinstance(item, dict) and item.get("value"):
                    content = item["value"]
                    break
            content = content or entry.get("summary") or entry.get("description") or ""
            title = _str_or_none(entry.get("title"))
            if content.strip():
                raw = Raw(content.encode("utf-8"), "text/html-fragment", "utf-8")
            elif title:
                # a headline-only item still reports something; the article page is fetched by `rasd watch`
                raw = Raw(title.encode("utf-8"), "text/plain", "utf-8")
            elif broken:
                reason = parsed.get("bozo_exception")
                yield _failure(where, "ingest.feed_malformed", f"{name}: item {index} unreadable ({reason})")
                continue
            else:
                yield _failure(
                    where, "ingest.feed_empty_item", f"item {index} has no title, content or description"
                )
                continue
            source = Source(
                id=_str_or_none(entry.get("id")),
                url=_str_or_none(entry.get("link")),
                outlet=outlet,
                title=title,
                author=_str_or_none(entry.get("author")),
                published=_feed_date(entry),
                input_path=where,
            )
            issues: tuple[Issue, ...] = ()
            if broken:
                issues = (
                    _issue(
                        "ingest.feed_recovered",
                        f"{name} is not well-formed ({parsed.get('bozo_exception')}); item recovered",
                    ),
                )
            yield self._document(raw, source, issues=issues)

    # ---- bookkeeping ----
    def _counted(self, doc: Document) -> Document:
        self.stats.documents += 1
        return doc

    def _count(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self._counted(doc)


def _sniffed_format(head: bytes) -> str | None:
    kind = container_kind(head)
    if kind in ("warc", "arc", "gzip"):
        return "warc"  # a gzip that is not a WARC is reported as ingest.warc_corrupt
    return kind


def _charset_param(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("'\"")
    return None


def _str_or_none(value: Any) -> str | None:
    if isinstance(value, str | int) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def _date_or_none(value: Any) -> str | None:
    return iso_date(value) if isinstance(value, str) else None


def _feed_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None
