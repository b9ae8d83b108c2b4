"""The REST API over a real SQLite store holding the bundled examples (FastAPI's TestClient, no network)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")
from fastapi.testclient import TestClient

from rasd.api import create_app
from rasd.store.db import Store
from rasd.store.ingest import ingest
from tests.conftest import REPO

API = "/api/v1"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}")
    store.migrate()
    ingest([str(REPO / "examples")], store)
    with TestClient(create_app(store=store)) as test_client:
        yield test_client
    store.close()


def test_events_envelope_filters_and_keyset_pages(client: TestClient) -> None:
    body = client.get(f"{API}/events", params={"admin1": "Deir-ez-Zor"}).json()
    assert body["error"] is None and body["meta"]["count"] == len(body["data"]) > 5
    assert all(e["admin1"] == "Deir-ez-Zor" for e in body["data"])
    first = body["data"][0]
    assert set(first["evidence"]) == {"start", "end", "text"} and "search_key" not in first
    # keyset pagination: pages of 4 cover the same rows as one page, in the same order, without repeats
    seen, cursor = [], None
    while True:
        params = {"admin1": "Deir-ez-Zor", "limit": 4, **({"cursor": cursor} if cursor else {})}
        page = client.get(f"{API}/events", params=params).json()
        seen += [e["event_id"] for e in page["data"]]
        cursor = page["meta"]["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["event_id"] for e in body["data"]]


def test_arabic_full_text_search_is_normalized(client: TestClient) -> None:
    # "البوليل" written with a kashida and "أ" variants still finds the seed's shelling
    hits = client.get(f"{API}/events", params={"q": "البـوليل"}).json()["data"]
    assert hits and all("البوليل" in e["evidence"]["text"] or e["location_ar"] == "البوليل" for e in hits)
    assert client.get(f"{API}/events", params={"q": "قصف البوليل"}).json()["data"]
    assert client.get(f"{API}/events", params={"q": "زلزال"}).json()["data"] == []


def test_event_detail_has_evidence_claims_incident_and_reviews(client: TestClient) -> None:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    event = client.get(f"{API}/events", params={"q": "البوليل"}).json()["data"][0]
    store.review_event(event["event_id"], "rima", {"fatalities": 2})
    detail = client.get(f"{API}/events/{event['event_id']}").json()["data"]
    assert detail["event"]["fatalities"] == 2 and detail["event"]["reviewed"] is True
    assert [r["field"] for r in detail["reviews"]] == ["fatalities"]
    assert detail["incident"]["incident_id"] == event["incident_id"]
    document = client.get(f"{API}/documents/{event['document_id']}").json()["data"]
    text = document["text"]
    span = next(h for h in document["highlights"] if h["kind"] == "event" and h["id"] == event["event_id"])
    assert text[span["start"] : span["end"]] == event["evidence"]["text"]
    assert "raw_zlib" not in document and any(h["kind"] == "claim" for h in document["highlights"])
    assert client.get(f"{API}/events", params={"review_status": "reviewed"}).json()["meta"]["count"] == 1


def test_incidents_geojson_stats_and_knowledge_base(client: TestClient) -> None:
    incidents = client.get(f"{API}/incidents", params={"since": "2024-08-01"}).json()["data"]
    assert incidents and all(i["event_date"] >= "2024-08-01" for i in incidents)
    one = client.get(f"{API}/incidents/{incidents[0]['incident_id']}").json()["data"]
    assert one["mentions"] and one["incident"]["sources"]
    collection = client.get(f"{API}/events.geojson").json()
    assert collection["type"] == "FeatureCollection"
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 35 < lon < 43 and 32 < lat < 38
    assert client.get(f"{API}/stats").json()["data"]["documents"] == 7
    [place] = [p for p in client.get(f"{API}/places", params={"q": "والبوليل"}).json()["data"]][:1]
    assert place["name_ar"] == "البوليل"
    assert (
        client.get(f"{API}/actors", params={"q": "لقسد"})
        .json()["data"][0]["canonical"]
        .startswith("Syrian Dem")
    )


def test_exports_download_filtered_views(client: TestClient) -> None:
    import pyarrow.parquet as pq

    csv_response = client.get(f"{API}/export", params={"format": "acled-csv", "admin1": "Deir-ez-Zor"})
    assert csv_response.status_code == 200 and "attachment" in csv_response.headers["content-disposition"]
    lines = csv_response.text.splitlines()
    assert lines[0].startswith("event_id_cnty,event_date,year") and len(lines) > 5
    parquet = client.get(f"{API}/export", params={"format": "parquet", "incidents": "true"})
    assert pq.read_table(io.BytesIO(parquet.content)).num_rows == len(
        client.get(f"{API}/incidents", params={"limit": 500}).json()["data"]
    )


@pytest.mark.parametrize(
    "params",
    [
        {"since": "2024-13-45'--"},
        {"bbox": "1,2,3"},
        {"bbox": "50,40,10,30"},
        {"limit": "100000"},
        {"cursor": "not-a-cursor"},
        {"review_status": "1 OR 1=1"},
        {"min_confidence": "2"},
    ],
)
def test_bad_filters_are_a_clean_400(client: TestClient, params: dict[str, str]) -> None:
    response = client.get(f"{API}/events", params=params)
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None and body["error"]["code"].startswith("api.")


def test_injection_in_free_text_filters_is_inert(client: TestClient) -> None:
    for field in ("q", "actor", "place", "admin1", "type"):
        response = client.get(f"{API}/events", params={field: "' OR 1=1; DROP TABLE events; --"})
        assert response.status_code == 200 and response.json()["data"] == []
    assert client.get(f"{API}/stats").json()["data"]["events"] > 0  # still there


def test_errors_and_security_headers(client: TestClient) -> None:
    missing = client.get(f"{API}/events/{'0' * 24}")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "api.not_found"
    assert client.get(f"{API}/events/../../etc/passwd").status_code == 404
    assert client.get(f"{API}/export", params={"format": "../../etc/passwd"}).status_code == 400
    response = client.get(f"{API}/health")
    assert response.json()["data"]["schema_version"] == 5
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    schema = client.get(f"{API}/openapi.json").json()
    assert f"{API}/events" in schema["paths"] and client.get("/docs").status_code == 404  # no CDN pages


def test_cli_serve_needs_a_database_it_can_open(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rasd.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", "foo://x/y"])
    assert result.exit_code == 2 and "unknown scheme" in result.output


# ---- accounts and the review workflow -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def accounts_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    pytest.importorskip("argon2")
    from rasd.store import accounts

    store = Store(f"sqlite:///{tmp_path_factory.mktemp('auth') / 'auth.db'}")
    store.migrate()
    ingest([str(REPO / "examples")], store)
    accounts.add_user(store, "rima", "reviewer-password", "reviewer")
    accounts.add_user(store, "omar", "viewer-password", "viewer")
    accounts.add_user(store, "tariq", "tariq-password", "reviewer")  # locked out by the rate-limit test
    with TestClient(create_app(store=store, public_read=False)) as test_client:
        yield test_client
    store.close()


def _login(client: TestClient, username: str, password: str) -> str:
    response = client.post(f"{API}/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    return str(response.json()["data"]["csrf_token"])


def test_login_to_read_review_with_csrf_and_audit(accounts_app: TestClient) -> None:
    client = accounts_app
    client.cookies.clear()
    assert client.get(f"{API}/events").status_code == 401  # reading needs a login here
    csrf = _login(client, "rima", "reviewer-password")
    event = client.get(f"{API}/events", params={"q": "الكشمة"}).json()["data"][0]
    url = f"{API}/events/{event['event_id']}/review"
    edit = {"action": "edit", "changes": {"place_id": "geonames:170063", "fatalities": 2}}
    assert client.post(url, json=edit).status_code == 403  # no CSRF header
    assert client.post(url, json=edit, headers={"X-CSRF-Token": "forged"}).status_code == 403
    ok = client.post(url, json=edit, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200, ok.text
    fields = {r["field"] for r in ok.json()["data"]["reviews"]}
    assert {"fatalities", "place_id", "location_ar", "review_status"} <= fields
    detail = client.get(f"{API}/events/{event['event_id']}").json()["data"]
    assert detail["event"]["location_ar"] == "حلب" and detail["event"]["review_status"] == "corrected"
    assert detail["event"]["geo_precision"] == 1
    # a governorate chosen as the place gets the geocoder's precision for it (3), and its centroid
    governorate = {"action": "edit", "changes": {"place_id": "SY09"}}
    assert client.post(url, json=governorate, headers={"X-CSRF-Token": csrf}).status_code == 200
    moved = client.get(f"{API}/events/{event['event_id']}").json()["data"]["event"]
    assert moved["geo_precision"] == 3 and moved["latitude"] is not None
    assert all(r["who"] == "rima" for r in detail["reviews"])
    bad = client.post(
        url, json={"action": "edit", "changes": {"fatalities": -3}}, headers={"X-CSRF-Token": csrf}
    )
    assert bad.status_code == 400
    form = client.post(url, data={"action": "reject"}, headers={"X-CSRF-Token": csrf})
    assert form.status_code == 415  # a cross-site form cannot post JSON
    assert client.post(f"{API}/logout", json={}, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert client.get(f"{API}/events").status_code == 401


def test_viewers_and_strangers_cannot_review(accounts_app: TestClient) -> None:
    client = accounts_app
    client.cookies.clear()
    event_id = "0" * 24
    anonymous = client.post(f"{API}/events/{event_id}/review", json={"action": "accept"})
    assert anonymous.status_code == 401
    csrf = _login(client, "omar", "viewer-password")
    viewer = client.post(
        f"{API}/events/{event_id}/review", json={"action": "accept"}, headers={"X-CSRF-Token": csrf}
    )
    assert viewer.status_code == 403 and viewer.json()["error"]["code"] == "api.forbidden"
    client.cookies.clear()


def test_login_is_rate_limited_and_does_not_reveal_users(accounts_app: TestClient) -> None:
    client = accounts_app
    client.cookies.clear()
    unknown = client.post(f"{API}/login", json={"username": "nobody", "password": "whatever-it-is"})
    wrong = client.post(f"{API}/login", json={"username": "tariq", "password": "not-the-password"})
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json()["error"] == wrong.json()["error"]
    codes = [
        client.post(f"{API}/login", json={"username": "tariq", "password": f"guess-{i}-wrong"}).status_code
        for i in range(6)
    ]
    assert codes[-1] == 429
    locked = client.post(f"{API}/login", json={"username": "tariq", "password": "tariq-password"})
    assert locked.status_code == 429  # even the right password waits out the window


def test_user_cli_adds_and_removes_accounts(tmp_path: Path) -> None:
    pytest.importorskip("argon2")
    from click.testing import CliRunner

    from rasd.cli import cli
    from rasd.store import accounts

    db = f"sqlite:///{tmp_path / 'users.db'}"
    runner = CliRunner()
    added = runner.invoke(cli, ["user", "add", "lina", "--role", "admin", "--password-stdin", "--db", db],
                          input="a-long-password\n")  # fmt: skip
    assert added.exit_code == 0, added.output
    short = runner.invoke(cli, ["user", "add", "x1", "--password-stdin", "--db", db], input="short\n")
    assert short.exit_code == 2 and "at least" in short.output
    store = Store(db)
    user = accounts.authenticate(store, "lina", "a-long-password")
    assert user is not None and user.role == "admin"
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("$argon2id$") and "a-long-password" not in stored
    assert runner.invoke(cli, ["user", "remove", "lina", "--db", db]).exit_code == 0
    assert accounts.authenticate(store, "lina", "a-long-password") is None


def test_paste_an_article_preview_then_save(accounts_app: TestClient) -> None:
    client = accounts_app
    client.cookies.clear()
    csrf = _login(client, "rima", "reviewer-password")
    article = {
        "text": "قصفت قوات النظام بلدة الشحيل في ريف دير الزور الشرقي أمس، ما أدى إلى مقتل ثلاثة مدنيين.",
        "published": "2024-09-02",
        "outlet": "لصق",
    }
    headers = {"X-CSRF-Token": csrf}
    before = client.get(f"{API}/stats").json()["data"]["documents"]
    preview = client.post(f"{API}/preview", json=article, headers=headers)
    assert preview.status_code == 200, preview.text
    [event] = preview.json()["data"]["events"]
    assert (event["location_ar"], event["event_date"], event["fatalities"]) == ("الشحيل", "2024-09-01", 3)
    assert client.get(f"{API}/stats").json()["data"]["documents"] == before  # a preview stores nothing
    saved = client.post(f"{API}/documents", json=article, headers=headers).json()["data"]
    assert saved["stored"] == 1 and saved["events"] == 1
    again = client.post(f"{API}/documents", json=article, headers=headers).json()["data"]
    assert again["stored"] == 0 and again["already_stored"] == 1
    assert client.post(f"{API}/preview", json={"text": "  "}, headers=headers).status_code == 400
    assert client.post(f"{API}/preview", json=article).status_code == 403  # CSRF
    client.cookies.clear()
