"""The web UI in a real headless Chromium (Debian's ``chromium``, driven by Playwright with ``executable_path``).

Skips with a clear message when Chromium or Playwright is missing; ``.ci/run`` installs both. Set
``RASD_SCREENSHOTS=1`` to refresh ``docs/screenshots/`` from this run.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")
pytest.importorskip("argon2", reason="the api extra is not installed")
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from rasd.store import accounts  # noqa: E402
from rasd.store.db import Store  # noqa: E402
from rasd.store.ingest import ingest  # noqa: E402
from tests.conftest import REPO  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = REPO / "docs" / "screenshots"
PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if CHROMIUM is None:
        pytest.skip("no chromium: apt-get install chromium (.ci/run installs it)")
    import uvicorn

    from rasd.api import create_app

    tmp = tmp_path_factory.mktemp("browser")
    hostile = tmp / "hostile.jsonl"
    hostile.write_text(
        json.dumps(
            {
                "id": "x1",
                "outlet": "اختبار",
                "published": "2024-08-21",
                "title": f"قصف على بلدة الشحيل {PAYLOAD}",
                "text": f"قصفت قوات النظام بلدة الشحيل في ريف دير الزور الشرقي اليوم، ما أدى إلى مقتل مدنيين اثنين {PAYLOAD}.",
            },
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    store = Store(f"sqlite:///{tmp / 'ui.db'}")
    store.migrate()
    ingest([str(REPO / "examples"), str(hostile)], store)
    accounts.add_user(store, "rima", "reviewer-password", "reviewer")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(store=store), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def page(browser: object, server: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 820}, locale="ar")  # type: ignore[attr-defined]
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    page.goto(server)
    page.wait_for_selector("#events-table tbody tr")
    page.errors = errors
    yield page
    context.close()


def _wait(page: object, expression: str, timeout: float = 15.0) -> None:
    """Poll a JS expression from Python (wait_for_function compiles strings in the page, which our CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.1)


def _shot(page: object, name: str) -> None:
    if os.environ.get("RASD_SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))  # type: ignore[attr-defined]


def test_map_filter_event_review_and_language(page: object, server: str) -> None:
    p = page  # the Playwright page
    assert p.evaluate("document.documentElement.dir") == "rtl"  # type: ignore[attr-defined]
    p.wait_for_selector("path.leaflet-interactive")  # type: ignore[attr-defined]  # boundaries and markers drawn
    _shot(p, "map-ar.png")
    # filter by type and date
    p.select_option("#f-type", "Explosions/Remote violence")  # type: ignore[attr-defined]
    p.fill("#f-since", "2024-08-01")  # type: ignore[attr-defined]
    p.click("#filters button[type=submit]")  # type: ignore[attr-defined]
    _wait(p, "document.querySelector('#summary').textContent.length > 0")
    p.wait_for_timeout(400)  # type: ignore[attr-defined]
    dates = p.eval_on_selector_all(
        "#events-table tbody tr td:first-child", "cells => cells.map(c => c.textContent)"
    )  # type: ignore[attr-defined]
    assert dates and all(d >= "2024-08-01" for d in dates)
    # open an event: the evidence sentence is highlighted in the article text
    p.click("#events-table tbody tr")  # type: ignore[attr-defined]
    p.wait_for_selector("#event:not([hidden]) mark#evidence")  # type: ignore[attr-defined]
    evidence = p.text_content("mark#evidence")  # type: ignore[attr-defined]
    assert evidence and len(evidence) > 20
    _shot(p, "event-ar.png")
    # log in as a reviewer and correct the place, choosing it from the gazetteer
    p.click("#login-open")  # type: ignore[attr-defined]
    p.fill("#l-user", "rima")  # type: ignore[attr-defined]
    p.fill("#l-pass", "reviewer-password")  # type: ignore[attr-defined]
    p.click("#l-submit")  # type: ignore[attr-defined]
    p.wait_for_selector("#review:not([hidden])")  # type: ignore[attr-defined]
    p.fill("#r-place", "الميادين")  # type: ignore[attr-defined]
    p.select_option("#r-subtype", "Armed clash")  # type: ignore[attr-defined]
    _wait(p, "document.querySelector('#r-place-choice').options.length > 1")
    p.click("#r-save")  # type: ignore[attr-defined]
    _wait(
        p,
        "[...document.querySelectorAll('#event-reviews li')].some(li => li.textContent.includes('place_id'))",
    )
    assert "rima" in p.text_content("#event-reviews")  # type: ignore[attr-defined]
    assert "sub_event_type" in p.text_content("#event-reviews")  # type: ignore[attr-defined]
    assert "الميادين" in p.text_content("#event-title")  # type: ignore[attr-defined]
    _shot(p, "review-ar.png")
    # paste an article, preview its events, store it
    p.click("#event-close")  # type: ignore[attr-defined]
    p.click("#paste-open")  # type: ignore[attr-defined]
    p.fill(
        "#p-text", "قصفت قوات النظام بلدة البوليل في ريف دير الزور الشرقي أمس، ما أدى إلى مقتل مدنيين اثنين."
    )  # type: ignore[attr-defined]
    p.fill("#p-published", "2024-09-03")  # type: ignore[attr-defined]
    p.click("#p-preview")  # type: ignore[attr-defined]
    _wait(p, "document.querySelector('#p-events').textContent.includes('البوليل')")
    assert "2024-09-02" in (p.text_content("#p-events") or "")  # type: ignore[attr-defined]
    p.click("#p-save")  # type: ignore[attr-defined]
    _wait(p, "document.querySelector('#paste-message').textContent.includes('حُفظ')")
    _shot(p, "paste-ar.png")
    p.click("#paste-close")  # type: ignore[attr-defined]
    # English, left to right
    p.click("#lang")  # type: ignore[attr-defined]
    assert p.evaluate("document.documentElement.dir") == "ltr"  # type: ignore[attr-defined]
    assert p.text_content("h1 span") == "rasd"  # type: ignore[attr-defined]
    _shot(p, "map-en.png")
    assert p.errors == []  # type: ignore[attr-defined]


def test_hostile_text_renders_inert(page: object) -> None:
    p = page
    p.fill("#f-q", "الشحيل")  # type: ignore[attr-defined]
    p.select_option("#f-type", "")  # type: ignore[attr-defined]
    p.fill("#f-since", "")  # type: ignore[attr-defined]
    p.click("#filters button[type=submit]")  # type: ignore[attr-defined]
    p.wait_for_timeout(500)  # type: ignore[attr-defined]
    rows = p.query_selector_all("#events-table tbody tr")  # type: ignore[attr-defined]
    for row in rows:
        row.click()
        p.wait_for_selector("#event:not([hidden]) mark#evidence")  # type: ignore[attr-defined]
        if "<script>" in (p.text_content("#event-text") or ""):  # type: ignore[attr-defined]
            break
        p.click("#event-close")  # type: ignore[attr-defined]
    text = p.text_content("#event-text") or ""  # type: ignore[attr-defined]
    assert "<img src=x onerror=" in text and "<script>" in text  # shown as text
    assert p.evaluate("window.__pwned") is None  # type: ignore[attr-defined]
    assert p.query_selector("#event-text img, #event-text script") is None  # type: ignore[attr-defined]
    assert p.errors == []  # type: ignore[attr-defined]


def test_usable_on_a_phone(browser: object, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server)
    page.wait_for_selector("#events-table tbody tr")
    page.wait_for_selector("path.leaflet-interactive")
    # the map and the list stack; nothing is wider than the screen
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 2, width
    map_box = page.query_selector("#map").bounding_box()
    side_box = page.query_selector("#side").bounding_box()
    assert map_box and side_box and side_box["y"] >= map_box["y"] + map_box["height"] - 1
    page.tap("#events-table tbody tr")
    page.wait_for_selector("#event:not([hidden]) mark#evidence")
    _shot(page, "phone-ar.png")
    context.close()
