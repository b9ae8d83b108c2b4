"""rasd watch against a local HTTP server on loopback: feeds, robots.txt, conditional GET, bad responses, alerts."""

from __future__ import annotations

import contextlib
import json
import socketserver
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

pytest.importorskip("httpx", reason="the watch extra is not installed")
pytest.importorskip("protego", reason="the watch extra is not installed")

from rasd.store.db import Store
from rasd.watch import Rule, Source, WatchConfig, poll

SHELLING = (
    "قصفت قوات النظام بلدة الشحيل في ريف دير الزور الشرقي أمس، ما أدى إلى مقتل مدنيين اثنين وإصابة آخرين."
)
ARRESTS = "شنّت قوات سوريا الديمقراطية حملة دهم واعتقال في بلدة ذيبان بريف دير الزور الشرقي أمس، اعتقلت خلالها خمسة شبان."
PROTEST = "خرج العشرات من أهالي مدينة الرقة في مظاهرة وسط المدينة أمس احتجاجاً على انقطاع الكهرباء."


def _page(title: str, body: str) -> bytes:
    return (f"<html lang='ar'><head><meta charset='utf-8'><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>").encode()  # fmt: skip


class Site(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    base = ""

    def log_message(self, *args: object) -> None:  # quiet
        pass

    posted: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        Site.posted.append(json.loads(self.rfile.read(length)))
        self._send(204 if self.path == "/hook" else 503, b"", "text/plain")

    def do_GET(self) -> None:
        Site.hits[self.path] += 1
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return None
            items = "".join(
                f"<item><title>{n}</title><link>{Site.base}{p}</link><pubDate>Tue, 13 Aug 2024 09:00:00 +0300</pubDate></item>"
                for n, p in [("a1", "/2024/08/a1.html"), ("a2", "/2024/08/a2.html"), ("secret", "/private/2024/08/s.html"),
                             ("big", "/2024/08/big.html"), ("broken", "/2024/08/broken.html"),
                             ("slow", "/2024/08/slow.html"), ("about", "/about.html")]
            )  # fmt: skip
            rss = f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>"
            return self._send(200, rss.encode(), "application/rss+xml", {"ETag": '"v1"'})
        if self.path == "/sitemap_index.xml":
            index = (f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                     f"<sitemap><loc>{Site.base}/sitemap-1.xml</loc></sitemap></sitemapindex>")  # fmt: skip
            return self._send(200, index.encode(), "application/xml")
        if self.path == "/sitemap-1.xml":
            urls = (f"<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                    f"<url><loc>{Site.base}/2024/08/a3.html</loc><lastmod>2024-08-15T10:00:00+03:00</lastmod></url>"
                    f"<url><loc>{Site.base}/2024/08/a1.html</loc></url></urlset>")  # fmt: skip
            return self._send(200, urls.encode(), "application/xml")
        if self.path == "/down.xml":
            return self._send(503, b"down", "text/plain")
        if self.path == "/2024/08/a3.html":
            return self._send(200, _page("اعتقالات في ذيبان", ARRESTS), "text/html; charset=utf-8")
        if self.path == "/2024/08/a1.html":
            return self._send(200, _page("قصف على الشحيل", SHELLING), "text/html; charset=utf-8")
        if self.path == "/2024/08/a2.html":
            return self._send(200, _page("مظاهرة في الرقة", PROTEST), "text/html; charset=utf-8")
        if self.path == "/2024/08/big.html":
            return self._send(200, b"<html>" + b"x" * 10_000_000, "text/html")
        if self.path == "/2024/08/broken.html":
            return self._send(500, b"oops", "text/plain")
        if self.path == "/2024/08/slow.html":
            time.sleep(2.5)
            return self._send(200, _page("slow", PROTEST), "text/html; charset=utf-8")
        return self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    Site.base = f"http://127.0.0.1:{server.server_address[1]}"
    Site.hits = Counter()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site.base
    server.shutdown()


def _config(base: str, alerts: Path) -> WatchConfig:
    return WatchConfig(
        sources=(Source("نشرة محلية", (f"{base}/feed.xml",), article_pattern=r"/\d{4}/\d{2}/"),),
        rules=(Rule("Deir ez-Zor deaths", admin1=("Deir-ez-Zor",), min_fatalities=1, jsonl=str(alerts)),),
        delay=0.0,
        timeout=1.0,
        retries=1,
        max_bytes=1_000_000,
    )


def test_watch_ingests_once_politely_and_alerts_once(site: str, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'watch.db'}")
    store.migrate()
    alerts = tmp_path / "alerts.jsonl"
    config = _config(site, alerts)
    first = poll(store, config)
    assert (first.articles_fetched, first.stored) == (2, 2)
    assert first.disallowed == 1 and Site.hits["/private/2024/08/s.html"] == 0  # robots.txt
    assert Site.hits["/about.html"] == 0  # not an article URL
    failed = {url.rsplit("/", 1)[-1]: error for url, error in first.failures.items()}
    assert set(failed) == {"big.html", "broken.html", "slow.html"}
    assert "bytes" in failed["big.html"] and "500" in failed["broken.html"]
    assert Site.hits["/2024/08/broken.html"] == 2  # one retry with backoff
    [alert] = [json.loads(line) for line in alerts.read_text(encoding="utf-8").splitlines()]
    assert (
        alert["location_ar"] == "الشحيل" and alert["fatalities"] == 2 and alert["event_date"] == "2024-08-12"
    )
    assert alert["url"].endswith("/2024/08/a1.html") and "الشحيل" in alert["evidence"]

    # a second poll: the feed answers 304, nothing is fetched again, no alert repeats
    second = poll(store, config)
    assert second.feeds_unchanged == 1 and second.articles_fetched == 0 and second.alerts == 0
    assert Site.hits["/2024/08/a1.html"] == 1 and Site.hits["/feed.xml"] == 2
    # a restart (a new store object on the same file): the state survives
    third = poll(Store(f"sqlite:///{tmp_path / 'watch.db'}"), config)
    assert third.articles_fetched == 0 and Site.hits["/2024/08/a1.html"] == 1
    assert len(alerts.read_text(encoding="utf-8").splitlines()) == 1


def test_watch_cli_once(site: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rasd.cli import cli

    sources = tmp_path / "sources.toml"
    sources.write_text(
        f"""[settings]
delay = 0.0
timeout = 1.0
retries = 0
max_bytes = 1000000

[[source]]
name = "نشرة محلية"
feeds = ["{site}/feed.xml"]
article_pattern = "/2024/08/a"

[[alert]]
name = "all"
jsonl = "-"
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["watch", str(sources), "--once", "--db", f"sqlite:///{tmp_path / 'w.db'}"]
    )
    assert result.exit_code == 0, result.output
    assert "2 new article(s)" in result.stderr
    assert (
        len([line for line in result.stdout.splitlines() if line.startswith("{")]) >= 2
    )  # every event alerted
    bad = tmp_path / "bad.toml"
    bad.write_text('[[source]]\nname = "x"\nfeeds = ["file:///etc/passwd"]\n', encoding="utf-8")
    refused = CliRunner().invoke(cli, ["watch", str(bad), "--once", "--db", f"sqlite:///{tmp_path / 'w.db'}"])
    assert refused.exit_code == 2 and "only http/https" in refused.output


def test_brief_reports_the_period_with_a_map(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rasd.cli import cli
    from rasd.store.ingest import ingest
    from tests.conftest import REPO

    db = f"sqlite:///{tmp_path / 'brief.db'}"
    store = Store(db)
    store.migrate()
    ingest([str(REPO / "examples")], store)
    out = tmp_path / "brief.html"
    result = CliRunner().invoke(
        cli,
        [
            "brief",
            "--db",
            db,
            "--since",
            "2024-08-01",
            "--until",
            "2024-08-31",
            "--format",
            "html",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "situation report 2024-08-01 → 2024-08-31" in page and "ذيبان" in page
    assert "<script" not in page
    png = out.with_suffix(".png")
    if "with map" in result.stderr:  # matplotlib installed
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    md = CliRunner().invoke(
        cli, ["brief", "--db", db, "--since", "2024-08-01", "--until", "2024-08-31", "--area", "Ar-Raqqa"]
    )
    assert "## By type" in md.stdout and "Peaceful protest" in md.stdout and "Shelling" not in md.stdout
    bad = CliRunner().invoke(cli, ["brief", "--db", db, "--since", "yesterday-ish"])
    assert bad.exit_code == 2
    import shutil

    if shutil.which("chromium"):
        pdf = tmp_path / "brief.pdf"
        made = CliRunner().invoke(
            cli,
            [
                "brief",
                "--db",
                db,
                "--since",
                "2024-08-01",
                "--until",
                "2024-08-31",
                "--format",
                "pdf",
                "-o",
                str(pdf),
            ],
        )
        assert made.exit_code == 0, made.output
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5_000


def test_watch_follows_sitemaps_and_reports_failing_sources(site: str, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'sitemap.db'}")
    store.migrate()
    config = WatchConfig(
        sources=(
            Source(
                "خريطة الموقع", (), article_pattern=r"/2024/08/a", sitemaps=(f"{site}/sitemap_index.xml",)
            ),
            Source("معطّل", (f"{site}/down.xml",)),
        ),
        delay=0.0,
        timeout=1.0,
        retries=0,
        failing_hours=0.0,
    )
    report = poll(store, config)
    assert (
        report.articles_fetched == 2 and Site.hits["/2024/08/a3.html"] == 1
    )  # via the index's child sitemap
    from rasd.export import query_events

    arrests = [e for e in query_events(store) if e["sub_event_type"] == "Arrests"]
    assert arrests and arrests[0]["event_date"] == "2024-08-14"  # "أمس" relative to the sitemap's lastmod
    assert list(report.failing_sources) == [f"معطّل: {site}/down.xml"]
    again = poll(store, config)
    assert again.articles_fetched == 0 and f"معطّل: {site}/down.xml" in again.failing_sources


class _SMTPSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message (no TLS, no auth): the test's mail server on loopback."""

    messages: ClassVar[list[bytes]] = []

    def handle(self) -> None:
        self.wfile.write(b"220 sink\r\n")
        data = False
        body: list[bytes] = []
        for raw in self.rfile:
            if data:
                if raw in (b".\r\n", b".\n"):
                    _SMTPSink.messages.append(b"".join(body))
                    data = False
                    self.wfile.write(b"250 queued\r\n")
                else:
                    body.append(raw)
                continue
            command = raw.strip().upper()
            if command.startswith(b"EHLO"):
                self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif command == b"DATA":
                data = True
                self.wfile.write(b"354 go on\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_email_alerts(site: str, tmp_path: Path) -> None:
    import email

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPSink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _SMTPSink.messages = []
    try:
        store = Store(f"sqlite:///{tmp_path / 'mail.db'}")
        store.migrate()
        config = WatchConfig(
            sources=(Source("نشرة محلية", (f"{site}/feed.xml",), article_pattern=r"/2024/08/a1"),),
            rules=(Rule("deaths", min_fatalities=1, email=("desk@example.org",)),),
            delay=0.0, timeout=2.0, retries=0,
            smtp_host="127.0.0.1", smtp_port=server.server_address[1], smtp_starttls=False,
        )  # fmt: skip
        report = poll(store, config)
        assert report.alerts == 1
        [raw] = _SMTPSink.messages
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert message["To"] == "desk@example.org" and "الشحيل" in message["Subject"]
        assert "الشحيل" in message.get_content() and "/2024/08/a1.html" in message.get_content()
    finally:
        server.shutdown()


def test_a_poll_killed_midway_resumes_without_refetching(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rasd.store.ingest as store_ingest

    real = store_ingest.ingest
    calls = {"n": 0}

    def dying(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is stopped after the first article was stored
        return real(*args, **kwargs)  # type: ignore[arg-type]

    store = Store(f"sqlite:///{tmp_path / 'resume.db'}")
    store.migrate()
    config = WatchConfig(
        sources=(Source("نشرة محلية", (f"{site}/feed.xml",), article_pattern=r"/2024/08/a[12]"),),
        delay=0.0, timeout=1.0, retries=0,
    )  # fmt: skip
    monkeypatch.setattr(store_ingest, "ingest", dying)
    with pytest.raises(KeyboardInterrupt):
        poll(store, config)
    monkeypatch.setattr(store_ingest, "ingest", real)
    assert store.count("documents") == 1
    resumed = poll(Store(f"sqlite:///{tmp_path / 'resume.db'}"), config)
    assert (resumed.articles_known, resumed.articles_fetched, resumed.stored) == (1, 1, 1)
    assert store.count("documents") == 2


def test_webhook_alerts_once_and_retried_when_down(site: str, tmp_path: Path) -> None:
    Site.posted = []
    store = Store(f"sqlite:///{tmp_path / 'hook.db'}")
    store.migrate()
    rules = (
        Rule("up", min_fatalities=1, webhook=f"{site}/hook"),
        Rule("down", min_fatalities=1, webhook=f"{site}/down-hook"),
    )
    config = WatchConfig(
        sources=(Source("نشرة محلية", (f"{site}/feed.xml",), article_pattern=r"/2024/08/a[12]"),),
        rules=rules, delay=0.0, timeout=1.0, retries=0, event_url="http://127.0.0.1:8000/#event=",
    )  # fmt: skip
    first = poll(store, config)
    assert first.alerts == 1  # "up" delivered; "down" answered 503, so it is not marked sent
    delivered = [p for p in Site.posted if p["rule"] == "up"]
    assert len(delivered) == 1 and delivered[0]["location_ar"] == "الشحيل"
    assert str(delivered[0]["event_page"]).startswith("http://127.0.0.1:8000/#event=")
    from rasd.export import query_events
    from rasd.watch import send_alerts

    event_documents = [e["document_id"] for e in query_events(store)]
    again = send_alerts(store, config, event_documents)
    assert again == 0 and len([p for p in Site.posted if p["rule"] == "up"]) == 1
    assert len([p for p in Site.posted if p["rule"] == "down"]) == 2  # tried again, still down
