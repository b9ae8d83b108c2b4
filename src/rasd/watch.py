"""``rasd watch``: follow outlets' feeds, fetch each new article once, politely, ingest it, and send alerts.

Reads: a TOML file of sources and alert rules, the web (http/https only). Writes: the store (documents, events,
incidents as ``rasd ingest`` does; ``fetches`` — per-URL fetch state with ETag/Last-Modified and content hash —
and ``alerts_sent``), alert deliveries (JSONL file/stdout, webhook). Needs the ``watch`` extra (httpx, protego).

Politeness: robots.txt honoured per host (protego), at least ``delay`` seconds between requests to one host,
conditional GET for feeds, timeouts, retries with backoff on timeouts and 5xx, a byte limit per response,
bounded redirects, a clear User-Agent. A URL already stored (canonical URL → document id) is never fetched
again; state lives in the store, so a restart resumes. A source that fails is recorded and reported, never
fatal. ``SOURCES.toml``::

    [settings]
    delay = 2.0            # seconds between requests to one host
    hosts = 4              # hosts fetched in parallel, one request at a time each
    timeout = 20
    max_bytes = 5_000_000
    user_agent = "rasd/0.1 (+https://example.org/rasd; monitoring Arabic conflict news)"

    failing_hours = 6      # a feed/sitemap failing this long is reported as a failing source

    [[source]]
    name = "فرات بوست"
    feeds = ["https://example.org/feed/"]
    sitemaps = ["https://example.org/sitemap_index.xml"]   # a sitemap or an index (followed one level)
    article_pattern = "/\\d{4}/\\d{2}/"   # optional regex an item link must match

    [[alert]]
    name = "Deir ez-Zor deaths"
    admin1 = ["Deir-ez-Zor"]             # and/or bbox = [W, S, E, N]
    types = ["Shelling/artillery/missile attack", "Air/drone strike"]   # event or sub-event types
    actors = []                          # substrings of actor1/actor2
    min_fatalities = 1
    jsonl = "alerts.jsonl"               # "-" for stdout; and/or webhook = "https://…"; and/or email = ["desk@…"]
                                         # (e-mail: smtp_host, smtp_port, smtp_from, smtp_user in [settings];
                                         #  the password from RASD_SMTP_PASSWORD)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import sys
import tempfile
import threading
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import insert, select, update

from rasd.errors import RasdError
from rasd.ingest import SourceDefaults
from rasd.ingest.urls import canonical_url
from rasd.store import schema
from rasd.store.db import Store, now

USER_AGENT = "rasd/0.1 (monitoring Arabic conflict news; https://github.com/rasd)"


class WatchError(RasdError):
    pass


@dataclass(frozen=True)
class Source:
    name: str
    feeds: tuple[str, ...]
    article_pattern: str | None = None
    sitemaps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    name: str
    admin1: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None
    types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_fatalities: int = 0
    jsonl: str | None = None
    webhook: str | None = None
    email: tuple[str, ...] = ()

    def matches(self, event: dict[str, Any]) -> bool:
        if self.admin1 and event.get("admin1") not in self.admin1:
            return False
        if self.bbox:
            w, s, e, n = self.bbox
            lat, lon = event.get("latitude"), event.get("longitude")
            if lat is None or lon is None or not (w <= lon <= e and s <= lat <= n):
                return False
        if (
            self.types
            and event.get("event_type") not in self.types
            and event.get("sub_event_type") not in self.types
        ):
            return False
        if self.actors:
            actors = f"{event.get('actor1') or ''} {event.get('actor2') or ''}"
            if not any(a in actors for a in self.actors):
                return False
        return int(event.get("fatalities") or 0) >= self.min_fatalities


@dataclass(frozen=True)
class WatchConfig:
    sources: tuple[Source, ...]
    rules: tuple[Rule, ...] = ()
    delay: float = 2.0
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    retries: int = 2
    user_agent: str = USER_AGENT
    event_url: str | None = None  # e.g. "http://127.0.0.1:8000/#event=" — alerts link to the event page
    hosts: int = 4  # hosts fetched in parallel (one request at a time per host)
    failing_hours: float = 6.0  # a feed or sitemap failing this long is reported as a failing source
    smtp_host: str | None = None  # e-mail alerts; the password comes from RASD_SMTP_PASSWORD, never the file
    smtp_port: int = 587
    smtp_from: str = "rasd@localhost"
    smtp_user: str | None = None
    smtp_starttls: bool = True


def load_config(path: Path) -> WatchConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WatchError(f"cannot read {path}: {exc}", code="watch.config") from exc
    settings = data.get("settings", {})
    sources = []
    for raw in data.get("source", []):
        feeds = tuple(raw.get("feeds", ()))
        sitemaps = tuple(raw.get("sitemaps", ()))
        if not raw.get("name") or not (feeds or sitemaps):
            raise WatchError("every [[source]] needs a name and feeds or sitemaps", code="watch.config")
        for url in feeds + sitemaps:
            if urlsplit(url).scheme not in ("http", "https"):
                raise WatchError(f"only http/https feeds and sitemaps: {url}", code="watch.config")
        sources.append(Source(raw["name"], feeds, raw.get("article_pattern"), sitemaps))
    rules = []
    for raw in data.get("alert", []):
        bbox = tuple(raw["bbox"]) if raw.get("bbox") else None
        rules.append(
            Rule(
                name=raw.get("name") or "alert",
                admin1=tuple(raw.get("admin1", ())),
                bbox=bbox,
                types=tuple(raw.get("types", ())),
                actors=tuple(raw.get("actors", ())),
                min_fatalities=int(raw.get("min_fatalities", 0)),
                jsonl=raw.get("jsonl"),
                webhook=raw.get("webhook"),
                email=tuple([raw["email"]] if isinstance(raw.get("email"), str) else raw.get("email", ())),
            )
        )
    known = {f.name for f in dataclasses.fields(WatchConfig)} - {"sources", "rules"}
    extra = {k: v for k, v in settings.items() if k in known}
    return WatchConfig(tuple(sources), tuple(rules), **extra)


@dataclass
class PollReport:
    feeds_fetched: int = 0
    feeds_unchanged: int = 0
    articles_fetched: int = 0
    articles_known: int = 0
    disallowed: int = 0
    stored: int = 0
    events: int = 0
    alerts: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # source or URL → error
    failing_sources: dict[str, str] = field(default_factory=dict)  # feed/sitemap → failing since (ISO time)


class Fetcher:
    """httpx with robots.txt, a per-host delay, retries with backoff, a byte limit and bounded redirects."""

    def __init__(self, config: WatchConfig) -> None:
        import httpx

        self.config = config
        self.client = httpx.Client(
            headers={"User-Agent": config.user_agent},
            timeout=config.timeout,
            follow_redirects=True,
            max_redirects=5,
        )
        self.robots: dict[str, Any] = {}
        self.last: dict[str, float] = {}
        self.lock = (
            threading.Lock()
        )  # robots.txt cache and per-host clocks are shared by the fetching threads

    def close(self) -> None:
        self.client.close()

    def allowed(self, url: str) -> bool:
        from protego import Protego

        parts = urlsplit(url)
        host = f"{parts.scheme}://{parts.netloc}"
        with self.lock:
            known = host in self.robots
        if not known:
            try:
                response = self._get(f"{host}/robots.txt", {})
                text = response[1].decode("utf-8", "replace") if response[0] == 200 else ""
            except WatchError:
                text = ""  # no robots.txt reachable: allowed, as crawlers agree
            with self.lock:
                self.robots[host] = Protego.parse(text)
        return bool(self.robots[host].can_fetch(url, self.config.user_agent))

    def get(self, url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
        return self._get(url, headers or {})

    def _get(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        import httpx

        if urlsplit(url).scheme not in ("http", "https"):
            raise WatchError(f"only http/https: {url}", code="watch.scheme")
        host = urlsplit(url).netloc
        for attempt in range(self.config.retries + 1):
            wait = self.last.get(host, 0) + self.config.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.last[host] = time.monotonic()
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    if urlsplit(str(response.url)).scheme not in ("http", "https"):
                        raise WatchError(f"redirected off http(s): {response.url}", code="watch.scheme")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > self.config.max_bytes:
                            raise WatchError(
                                f"{url}: over {self.config.max_bytes} bytes", code="watch.too_large"
                            )
                    if response.status_code >= 500 and attempt < self.config.retries:
                        time.sleep(min(30.0, self.config.delay * 2**attempt))
                        continue
                    return response.status_code, bytes(body), dict(response.headers)
            except httpx.TooManyRedirects as exc:
                raise WatchError(f"{url}: too many redirects", code="watch.redirects") from exc
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if attempt < self.config.retries:
                    time.sleep(min(30.0, self.config.delay * 2**attempt))
                    continue
                raise WatchError(f"{url}: {type(exc).__name__}", code="watch.network") from exc
        raise WatchError(f"{url}: server error after {self.config.retries + 1} tries", code="watch.server")


def _state(store: Store, url: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.fetches).where(schema.fetches.c.url == url)).mappings().first()
    return dict(row) if row else None


def _record(store: Store, url: str, source: str, kind: str, **values: Any) -> None:
    def work(conn: Any) -> None:
        exists = conn.execute(select(schema.fetches.c.url).where(schema.fetches.c.url == url)).first()
        values.setdefault("fetched_at", now())
        if exists:
            conn.execute(update(schema.fetches).where(schema.fetches.c.url == url).values(**values))
        else:
            conn.execute(insert(schema.fetches).values(url=url, source=source, kind=kind, **values))

    store._write(work)


def _failed(store: Store, url: str, source: str, kind: str, error: Exception) -> str:
    """Count one more failure of ``url``; returns since when it has been failing (ISO time)."""
    state = _state(store, url) or {}
    since = str(state.get("failing_since") or now())
    _record(store, url, source, kind, failures=int(state.get("failures") or 0) + 1, last_error=str(error),
            failing_since=since)  # fmt: skip
    return since


def poll(store: Store, config: WatchConfig, *, fetcher: Fetcher | None = None, out: Any = None) -> PollReport:
    """One pass over every source: new articles are fetched once, ingested, and alerts sent."""
    import feedparser

    from rasd.document import content_id
    from rasd.store.ingest import ingest

    own = fetcher is None
    fetcher = fetcher or Fetcher(config)
    report = PollReport()
    new_documents: list[str] = []
    candidates: list[tuple[str, str, str | None]] = []  # (source, canonical URL, publication day)
    validated: list[tuple[str, str, str, dict[str, Any]]] = []
    try:
        for source in config.sources:
            pattern = re.compile(source.article_pattern) if source.article_pattern else None
            items: list[tuple[str, str | None]] = []
            queue = [(u, "feed") for u in source.feeds] + [(u, "sitemap") for u in source.sitemaps]
            while queue:
                index_url, kind = queue.pop(0)
                try:
                    if not fetcher.allowed(index_url):
                        report.disallowed += 1
                        continue
                    state = _state(store, index_url) or {}
                    headers = {}
                    if state.get("etag"):
                        headers["If-None-Match"] = state["etag"]
                    if state.get("last_modified"):
                        headers["If-Modified-Since"] = state["last_modified"]
                    status, body, response_headers = fetcher.get(index_url, headers)
                    if status == 304:
                        report.feeds_unchanged += 1
                        _record(store, index_url, source.name, kind, status=304, failures=0, last_error=None,
                                failing_since=None)  # fmt: skip
                        continue
                    if status != 200:
                        raise WatchError(f"{index_url}: HTTP {status}", code="watch.http")
                    report.feeds_fetched += 1
                    # the validators are saved only once this poll's articles are stored: a poll stopped midway
                    # must see the feed again, not a 304 that hides the articles it did not reach
                    validated.append((index_url, source.name, kind, {
                        "status": status, "etag": response_headers.get("etag"),
                        "last_modified": response_headers.get("last-modified"), "failing_since": None,
                        "content_sha256": hashlib.sha256(body).hexdigest(), "failures": 0, "last_error": None,
                    }))  # fmt: skip
                    if kind == "feed":
                        items += [
                            (e.get("link"), _entry_date(e))
                            for e in feedparser.parse(body).entries
                            if e.get("link")
                        ]
                    else:
                        links, children = _sitemap(body)
                        items += links
                        if index_url in source.sitemaps:  # follow a sitemap index one level down
                            queue += [(c, "sitemap") for c in children[:MAX_CHILD_SITEMAPS]]
                except WatchError as exc:
                    report.failures[index_url] = str(exc)
                    since = _failed(store, index_url, source.name, kind, exc)
                    age = dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(since)
                    if age >= dt.timedelta(hours=config.failing_hours):
                        report.failing_sources[f"{source.name}: {index_url}"] = since
                    continue
            seen: set[str] = set()
            for link, published in items:
                canonical = canonical_url(link)
                if not canonical or canonical in seen or (pattern and not pattern.search(canonical)):
                    continue
                seen.add(canonical)
                if (
                    store.known_ids([content_id("url", canonical)])
                    or (_state(store, canonical) or {}).get("status") == 200
                ):
                    report.articles_known += 1
                    continue
                candidates.append((source.name, canonical, published))
        # articles that failed before (a 500, a timeout) are tried again, up to MAX_ARTICLE_FAILURES times
        with store.engine.connect() as conn:
            retry = conn.execute(
                select(schema.fetches.c.url, schema.fetches.c.source).where(
                    schema.fetches.c.kind == "article",
                    schema.fetches.c.status.is_(None),
                    schema.fetches.c.failures < MAX_ARTICLE_FAILURES,
                )
            ).all()
        queued = {c[1] for c in candidates}
        candidates += [(name or "", url, None) for url, name in retry if url not in queued]
        # articles: hosts in parallel (up to config.hosts at once), each host one request at a time with its delay
        by_host: dict[str, list[tuple[str, str, str | None]]] = {}
        for candidate in candidates:
            by_host.setdefault(urlsplit(candidate[1]).netloc, []).append(candidate)

        def fetch_host(
            queue: list[tuple[str, str, str | None]],
        ) -> list[tuple[tuple[str, str, str | None], Any]]:
            results: list[tuple[tuple[str, str, str | None], Any]] = []
            for candidate in queue:
                try:
                    if not fetcher.allowed(candidate[1]):
                        results.append((candidate, "disallowed"))
                        continue
                    status, body, _headers = fetcher.get(candidate[1])
                    if status != 200:
                        raise WatchError(f"{candidate[1]}: HTTP {status}", code="watch.http")
                    results.append((candidate, (status, body)))
                except WatchError as exc:
                    results.append((candidate, exc))
            return results

        with ThreadPoolExecutor(max_workers=max(1, config.hosts)) as pool:
            fetched = [r for host_results in pool.map(fetch_host, by_host.values()) for r in host_results]
        for (source_name, canonical, published), result in fetched:  # stored one at a time, in this thread
            if result == "disallowed":
                report.disallowed += 1
                continue
            if isinstance(result, WatchError):
                report.failures[canonical] = str(result)
                _failed(store, canonical, source_name, "article", result)
                continue
            status, body = result
            report.articles_fetched += 1
            with tempfile.TemporaryDirectory() as tmp:
                page = Path(tmp) / "article.html"
                page.write_bytes(body)
                summary = ingest(
                    [str(page)],
                    store,
                    defaults=SourceDefaults(url=canonical, outlet=source_name, published=published),
                )
            report.stored += summary.stored
            report.events += summary.events
            new_documents.append(content_id("url", canonical))
            _record(store, canonical, source_name, "article", status=status,
                    content_sha256=hashlib.sha256(body).hexdigest(), failures=0, last_error=None)  # fmt: skip
        for url, name, kind, values in validated:
            _record(store, url, name, kind, **values)
        report.alerts = send_alerts(store, config, new_documents, fetcher=fetcher, out=out)
    finally:
        if own:
            fetcher.close()
    return report


MAX_CHILD_SITEMAPS = 20
MAX_ARTICLE_FAILURES = 5


def _sitemap(body: bytes) -> tuple[list[tuple[str, str | None]], list[str]]:
    """(article links with their lastmod day, child sitemaps) of a sitemap or sitemap index."""
    from lxml import etree

    try:
        root = etree.fromstring(
            body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        )
    except etree.XMLSyntaxError as exc:
        raise WatchError(f"not a sitemap: {exc}", code="watch.sitemap") from exc
    links: list[tuple[str, str | None]] = []
    children: list[str] = []
    for node in root:
        tag = etree.QName(node).localname
        loc = next((c.text for c in node if etree.QName(c).localname == "loc" and c.text), None)
        lastmod = next((c.text for c in node if etree.QName(c).localname == "lastmod" and c.text), None)
        if not loc:
            continue
        if tag == "sitemap":
            children.append(loc.strip())
        elif tag == "url":
            links.append(
                (
                    loc.strip(),
                    lastmod.strip()[:10]
                    if lastmod and re.match(r"\d{4}-\d{2}-\d{2}", lastmod.strip())
                    else None,
                )
            )
    return links, children


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    return None


def send_alerts(
    store: Store,
    config: WatchConfig,
    document_ids: list[str],
    *,
    fetcher: Fetcher | None = None,
    out: Any = None,
) -> int:
    """Deliver each new event that matches a rule, once per (rule, event)."""
    if not config.rules or not document_ids:
        return 0
    e, d = schema.events, schema.documents
    with store.engine.connect() as conn:
        events = [
            dict(r)
            for r in conn.execute(
                select(e, d.c.url, d.c.outlet)
                .join(d, d.c.id == e.c.document_id)
                .where(e.c.document_id.in_(document_ids))
            ).mappings()
        ]
        sent = {
            tuple(r)
            for r in conn.execute(select(schema.alerts_sent.c.rule, schema.alerts_sent.c.event_id)).all()
        }
    count = 0
    for rule in config.rules:
        for event in events:
            if (rule.name, event["event_id"]) in sent or not rule.matches(event):
                continue
            alert = {
                "rule": rule.name,
                "event_id": event["event_id"],
                "event_date": event["event_date"],
                "sub_event_type": event["sub_event_type"],
                "actor1": event["actor1"],
                "actor2": event["actor2"],
                "location_ar": event["location_ar"],
                "location": event["location"],
                "admin1": event["admin1"],
                "latitude": event["latitude"],
                "longitude": event["longitude"],
                "fatalities": event["fatalities"],
                "evidence": event["evidence_text"],
                "source": event["outlet"],
                "url": event["url"],
                "event_page": f"{config.event_url}{event['event_id']}" if config.event_url else None,
            }
            try:
                _deliver(rule, alert, fetcher, out, config)
            except Exception as exc:  # a webhook that is down: not marked sent, so the next poll retries it
                print(f"rasd watch: alert {rule.name} not delivered: {exc}", file=sys.stderr)
                continue
            _mark_sent(store, rule.name, event["event_id"])
            sent.add((rule.name, event["event_id"]))
            count += 1
    return count


def _mark_sent(store: Store, rule: str, event_id: str) -> None:
    def work(conn: Any) -> None:
        conn.execute(insert(schema.alerts_sent).values(rule=rule, event_id=event_id, sent_at=now()))

    store._write(work)


def _deliver(
    rule: Rule, alert: dict[str, Any], fetcher: Fetcher | None, out: Any, config: WatchConfig
) -> None:
    line = json.dumps(alert, ensure_ascii=False) + "\n"
    if rule.jsonl == "-" or (rule.jsonl is None and rule.webhook is None and not rule.email):
        (out or sys.stdout).write(line)
    elif rule.jsonl:
        with open(rule.jsonl, "a", encoding="utf-8") as fh:
            fh.write(line)
    if rule.webhook:
        if fetcher is None:
            import httpx

            with httpx.Client(timeout=config.timeout, headers={"User-Agent": config.user_agent}) as client:
                response = client.post(rule.webhook, json=alert)
        else:
            response = fetcher.client.post(rule.webhook, json=alert)
        if response.status_code >= 400:
            raise WatchError(f"webhook {rule.webhook}: HTTP {response.status_code}", code="watch.webhook")
    if rule.email:
        _email(rule, alert, config)


def _email(rule: Rule, alert: dict[str, Any], config: WatchConfig) -> None:
    """One e-mail per alert over SMTP (STARTTLS unless turned off); the password is read from the environment."""
    import os
    import smtplib
    from email.message import EmailMessage

    if not config.smtp_host:
        raise WatchError("e-mail alerts need smtp_host in [settings]", code="watch.smtp")
    message = EmailMessage()
    message["From"] = config.smtp_from
    message["To"] = ", ".join(rule.email)
    place = alert.get("location_ar") or alert.get("location") or "?"
    message["Subject"] = (
        f"[rasd] {rule.name}: {alert['sub_event_type']} — {place} ({alert.get('event_date') or '?'})"
    )
    body = [
        f"{alert['sub_event_type']} — {place}, {alert.get('admin1') or ''}",
        f"date: {alert.get('event_date') or '?'}; fatalities: {alert.get('fatalities')}",
        f"actors: {alert.get('actor1') or '?'} / {alert.get('actor2') or '—'}",
        "",
        alert.get("evidence") or "",
        "",
        f"source: {alert.get('source') or '?'} {alert.get('url') or ''}",
    ]
    if alert.get("event_page"):
        body.append(f"event: {alert['event_page']}")
    message.set_content("\n".join(body))
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout) as smtp:
        if config.smtp_starttls:
            smtp.starttls()
        if config.smtp_user:
            smtp.login(config.smtp_user, os.environ.get("RASD_SMTP_PASSWORD", ""))
        smtp.send_message(message)
