"""The event store on real databases: SQLite files and, when available, a PostgreSQL server (same code, same tests)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from rasd.cli import cli
from rasd.export import EventFilter, query_events, query_incidents
from rasd.store import schema
from rasd.store.db import Store, StoreError
from rasd.store.ingest import ingest, reprocess
from tests.conftest import REPO

EXAMPLES = REPO / "examples"


def _postgres_url() -> str:
    url = os.environ.get("RASD_TEST_POSTGRES")
    if not url:
        pytest.skip("no PostgreSQL server: set RASD_TEST_POSTGRES (.ci/run starts one on loopback)")
    import pg8000.native

    host_port = url.split("@", 1)[1].split("/", 1)[0]
    host, port = host_port.split(":")
    name = "rasd_test_" + uuid.uuid4().hex[:10]
    try:
        admin = pg8000.native.Connection("postgres", host=host, port=int(port))
    except Exception as exc:  # a configured but unreachable server: say so
        pytest.skip(f"PostgreSQL at {url} is unreachable: {exc}")
    admin.run(f"CREATE DATABASE {name}")
    admin.close()
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'rasd.db'}" if request.param == "sqlite" else _postgres_url()
    db = Store(url)
    db.migrate()
    yield db
    db.close()


def _rows(store: Store, table: str) -> list[dict]:  # type: ignore[type-arg]
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(schema.metadata.tables[table])).mappings()]


def test_store_migrations_recorded_once(store: Store) -> None:
    assert store.schema_version() == 5
    assert store.migrate() == []


def test_migration_2_upgrades_a_version_1_database(store: Store) -> None:
    ingest([str(EXAMPLES)], store)
    with store.engine.begin() as conn:  # turn the database back into a version-1 one
        conn.execute(text("ALTER TABLE events DROP COLUMN search_key"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version = 2"))
    assert store.migrate() == [2]
    keys = [r["search_key"] for r in _rows(store, "events")]
    assert keys and all(keys) and any("البوليل" in k for k in keys)


def test_store_ingest_examples_is_idempotent(store: Store) -> None:
    first = ingest([str(EXAMPLES)], store)
    assert first.stored >= 6 and first.events > 10 and first.failed == 0
    counts = {t: store.count(t) for t in ("documents", "events", "claims", "incidents")}
    again = ingest([str(EXAMPLES)], store)
    assert again.stored == 0 and again.skipped_known == first.read
    assert {t: store.count(t) for t in counts} == counts
    seed = next(r for r in _rows(store, "documents") if (r["input_path"] or "").endswith("seed-article.txt"))
    assert seed["raw_sha256"] and seed["raw_zlib"] and seed["status"] == "ok"
    places = {r["location_ar"] for r in _rows(store, "events") if r["document_id"] == seed["id"]}
    assert {"الميادين", "البوليل", "بقرص", "القورية", "الكشمة"} <= places


def test_store_bad_input_recorded_and_rest_stored(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "قتل ثلاثة مدنيين بقصف مدفعي على بلدة الشحيل في ريف دير الزور الشرقي.", encoding="utf-8"
    )
    (folder / "b.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "c.jsonl").write_text('{"text": "broken\n', encoding="utf-8")
    summary = ingest([str(folder)], store)
    docs = {Path(r["input_path"].split(":")[0]).name: r for r in _rows(store, "documents")}
    assert docs["a.txt"]["status"] != "failed"
    assert docs["b.html"]["status"] == "failed" and "extract.binary" in docs["b.html"]["issues_json"]
    assert docs["c.jsonl"]["status"] == "failed"
    assert summary.failed == 2 and store.count("events") >= 1


def _doc_jsonl(path: Path, items: list[tuple[str, str, str, str]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for ident, outlet, published, body in items:
            fh.write(
                json.dumps(
                    {"id": ident, "outlet": outlet, "published": published, "text": body}, ensure_ascii=False
                )
                + "\n"
            )


def test_incidents_merge_reports_from_two_outlets(store: Store, tmp_path: Path) -> None:
    body = "قصفت قوات سوريا الديمقراطية بالمدفعية اليوم بلدة الشحيل في ريف دير الزور الشرقي، ما أدى إلى مقتل {n} مدنيين."
    other = "قصفت قوات سوريا الديمقراطية بالمدفعية اليوم بلدة الشحيل في ريف دير الزور الشرقي."
    path = tmp_path / "two.jsonl"
    _doc_jsonl(path, [
        ("1", "فرات بوست", "2024-08-13", body.format(n="ثلاثة")),
        ("2", "دير الزور 24", "2024-08-13", body.format(n="خمسة")),
        ("3", "عنب بلدي", "2024-08-20", other),
    ])  # fmt: skip
    ingest([str(path)], store)
    incidents = _rows(store, "incidents")
    shuhail = sorted((i for i in incidents if i["location_ar"] == "الشحيل"), key=lambda i: i["event_date"])
    assert [i["mentions"] for i in shuhail] == [2, 1]  # a week later is another incident
    assert shuhail[0]["fatalities"] == 3  # the lowest stated figure
    assert json.loads(shuhail[0]["sources_json"]) == ["دير الزور 24", "فرات بوست"]


def test_incidents_across_spellings_and_means_but_not_across_the_border(store: Store, tmp_path: Path) -> None:
    # one bombing reported as an "explosion" in سروج and a "suicide attack" in سوروتش; a car bomb in Kobani the
    # same day, 11 km away, is another incident (SaudiNewsNet, July 2015, shortened)
    path = tmp_path / "suruc.jsonl"
    _doc_jsonl(path, [
        ("a", "الرياض", "2015-07-21",
         "قالت وزارة الداخلية التركية أمس الاثنين إن انفجارا في بلدة سروج قرب الحدود مع سوريا أسفر عن مقتل 27 شخصا."),
        ("b", "الشرق الأوسط", "2015-07-21",
         "قتل 30 شخصا أمس الاثنين في هجوم انتحاري نفذه تنظيم داعش استهدف مركزا ثقافيا في مدينة سوروتش التركية."),
        ("c", "الوئام", "2015-07-21",
         "قتل عنصران أمس الاثنين في تفجير سيارة مفخخة استهدف حاجزا في مدينة كوباني."),
    ])  # fmt: skip
    ingest([str(path)], store)
    incidents = _rows(store, "incidents")
    suruc = [i for i in incidents if i["place_id"] == "geonames:300075"]
    assert len(suruc) == 1 and json.loads(suruc[0]["sources_json"]) == ["الرياض", "الشرق الأوسط"]
    assert suruc[0]["fatalities"] == 27 and suruc[0]["event_date"] == "2015-07-20"
    kobani = [i for i in incidents if i["location_ar"] == "كوباني"]
    assert len(kobani) == 1 and kobani[0]["incident_id"] != suruc[0]["incident_id"]


def test_incident_rules() -> None:
    from rasd.incidents import actors_compatible, places_compatible, subtypes_compatible

    assert subtypes_compatible("Air/drone strike", "Shelling/artillery/missile attack")
    assert subtypes_compatible("Suicide bomb", "Remote explosive/landmine/IED")
    assert not subtypes_compatible("Suicide bomb", "Air/drone strike")
    assert not subtypes_compatible("Abduction/forced disappearance", "Armed clash")
    assert actors_compatible("Islamic State (Syria)", "Unidentified Armed Group (Syria)")
    assert actors_compatible("Civilians (Syria)", "Islamic State (Syria)", "Islamic State (Syria)", None)
    assert not actors_compatible("Islamic State (Syria)", "Syrian Democratic Forces")
    # places outside the gazetteer: the same name, with or without the article, is the same place
    assert places_compatible({"location_ar": "حي المغاير"}, {"location_ar": "حي المغاير"})
    assert not places_compatible({"location_ar": "المغاير"}, {"location_ar": "الكلاسة"})
    near = {"place_id": "a", "latitude": 35.0865, "longitude": 40.4523, "geo_precision": 1}
    far = {"place_id": "b", "latitude": 35.3, "longitude": 40.14, "geo_precision": 1}
    assert not places_compatible(near, far)


def test_reprocess_keeps_reviewed_events(store: Store) -> None:
    ingest([str(EXAMPLES)], store)
    event = _rows(store, "events")[0]
    event_id = event["event_id"]
    assert store.review_event(event_id, "rima", {"fatalities": 99, "location": event["location"]}) == 1
    [audit] = store.reviews(event_id)
    assert (audit["who"], audit["field"], audit["before"], audit["after"]) == (
        "rima",
        "fatalities",
        str(event["fatalities"]),
        "99",
    )
    with pytest.raises(StoreError, match="cannot be reviewed"):
        store.review_event(event_id, "rima", {"document_id": "x"})
    with pytest.raises(StoreError, match="no stored event"):
        store.review_event("missing", "rima", {"fatalities": 1})
    before = store.count("events")
    summary = reprocess(store)
    assert summary.stored == store.count("documents")
    kept = [r for r in _rows(store, "events") if r["event_id"] == event_id]
    assert len(kept) == 1 and kept[0]["fatalities"] == 99 and kept[0]["reviewed"]
    assert store.count("events") == before
    assert len(store.reviews(event_id)) == 1  # the audit trail survives reprocessing


def test_exports_read_back(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from rasd.export import export

    ingest([str(EXAMPLES)], store)
    n = store.count("events")
    out = tmp_path / "events.csv"
    assert export(store, "acled-csv", out) == n
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0])[:8] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
    ]
    assert all(r["fatalities"].isdigit() for r in rows)
    assert all(not r["event_date"] or len(r["event_date"]) == 10 for r in rows)
    gj = tmp_path / "events.geojson"
    count = export(store, "geojson", gj)
    collection = json.loads(gj.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == count > 0
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 35 <= lon <= 45 and 32 <= lat <= 38  # RFC 7946 order: longitude first (Syria)
    pq_path = tmp_path / "events.parquet"
    assert export(store, "parquet", pq_path) == n
    table = pq.read_table(pq_path)
    assert table.num_rows == n and table.schema.field("fatalities").type.bit_width == 32
    # read back with the tools analysts use
    import duckdb
    import pandas as pd
    import polars as pl

    frame = pd.read_parquet(pq_path)
    assert len(frame) == n and str(frame["fatalities"].dtype).lower().startswith("int")
    assert pl.read_parquet(pq_path).height == n
    path_sql = str(pq_path).replace("'", "''")
    [(dz,)] = duckdb.sql(f"SELECT count(*) FROM '{path_sql}' WHERE admin1 = 'Deir-ez-Zor'").fetchall()
    assert 0 < dz <= n
    acled = pd.read_csv(out, dtype={"event_date": str})
    assert len(acled) == n and acled["fatalities"].dtype.kind == "i"
    ments = tmp_path / "mentions.csv"
    assert export(store, "mentions", ments) == n
    assert {"incident_id", "document_id", "outlet", "evidence_start"} <= set(
        next(csv.DictReader(ments.open(encoding="utf-8")))
    )
    inc = tmp_path / "incidents.csv"
    assert export(store, "acled-csv", inc, incidents=True) == store.count("incidents")


def test_queries_filter(store: Store) -> None:
    ingest([str(EXAMPLES)], store)
    all_rows = query_events(store)
    dez = query_events(store, EventFilter(admin1="Deir-ez-Zor"))
    assert dez and all(r["admin1"] == "Deir-ez-Zor" for r in dez) and len(dez) <= len(all_rows)
    shelling = query_events(store, EventFilter(event_type="Shelling/artillery/missile attack"))
    assert shelling and all(r["sub_event_type"] == "Shelling/artillery/missile attack" for r in shelling)
    box = query_events(store, EventFilter(bbox=(40.0, 34.5, 41.0, 35.5)))
    assert all(40.0 <= r["longitude"] <= 41.0 for r in box)
    assert query_events(store, EventFilter(place="' OR 1=1 --")) == []  # parameters, never SQL text
    # the same filters apply to incidents
    incidents = query_incidents(store)
    near = query_incidents(
        store, EventFilter(actor="Syrian Democratic Forces", bbox=(40.0, 34.5, 41.0, 35.5))
    )
    assert near and len(near) < len(incidents)
    assert all("Syrian Democratic Forces" in (r["actor1"] or "") + (r["actor2"] or "") for r in near)
    assert all(40.0 <= r["longitude"] <= 41.0 for r in near)
    assert query_incidents(store, EventFilter(min_confidence=1.01)) == []
    assert query_incidents(store, EventFilter(place="البوليل"))[0]["location_ar"] == "البوليل"


def test_cli_ingest_events_export(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(EXAMPLES), "--db", db])
    assert result.exit_code == 0, result.output
    assert "Shelling/artillery/missile attack" in result.stdout
    listing = runner.invoke(cli, ["events", "--db", db, "--format", "jsonl", "--admin1", "Deir-ez-Zor"])
    records = [json.loads(line) for line in listing.stdout.splitlines()]
    assert listing.exit_code == 0 and records and all(r["admin1"] == "Deir-ez-Zor" for r in records)
    stats = json.loads(runner.invoke(cli, ["stats", "--db", db, "--format", "json"]).stdout)
    assert stats["documents"] >= 6 and stats["events"] > 10
    out = tmp_path / "x.geojson"
    assert runner.invoke(cli, ["export", "--db", db, "--format", "geojson", "-o", str(out)]).exit_code == 0
    assert runner.invoke(cli, ["export", "--db", db, "--format", "parquet"]).exit_code == 2  # needs --output


def test_read_only_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    Store(f"sqlite:///{path}").migrate()
    # SQLite's read-only mode works whoever runs the tests (root ignores file permissions)
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    result = CliRunner().invoke(cli, ["ingest", str(EXAMPLES), "--db", url, "--no-show-events"])
    assert result.exit_code == 2
    assert "database write failed" in result.output and "readonly" in result.output.replace("-", "").lower()
    assert Store(f"sqlite:///{path}").count("documents") == 0  # nothing half-written


def test_disk_full_is_a_clear_error_and_nothing_half_written(tmp_path: Path) -> None:
    from sqlalchemy import event as sa_event

    from rasd.store.db import StoreError

    path = tmp_path / "full.db"
    store = Store(f"sqlite:///{path}")
    store.migrate()
    sa_event.listen(store.engine, "connect", lambda dbapi, _r: dbapi.execute("PRAGMA max_page_count=12"))
    store.engine.dispose()  # new connections get the limit: the file cannot grow past a few pages
    with pytest.raises(StoreError) as info:
        ingest([str(EXAMPLES)], store)
    assert "full" in str(info.value).lower()
    store.close()
    assert Store(f"sqlite:///{path}").count("events") == 0


def _corpus_dir(tmp_path: Path, n: int) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    villages = ["الشحيل", "ذيبان", "البصيرة", "الميادين", "البوليل", "هجين", "الكشمة", "القورية"]
    for i in range(n):
        village = villages[i % len(villages)]
        (folder / f"{i:04d}.txt").write_text(
            f"خبر {i}\n\nقصفت قوات سوريا الديمقراطية بالمدفعية بلدة {village} في ريف دير الزور الشرقي يوم {i}، ما أدى إلى مقتل مدنيين اثنين.",
            encoding="utf-8",
        )
    return folder


def _snapshot(path: Path) -> tuple[int, int, set[str]]:
    store = Store(f"sqlite:///{path}")
    try:
        ids = {r["id"] for r in _rows(store, "documents")}
        return store.count("documents"), store.count("events"), ids
    finally:
        store.close()


@pytest.mark.slow
def test_sigkill_during_ingest_then_resume_gives_the_same_rows(tmp_path: Path) -> None:
    folder = _corpus_dir(tmp_path, 400)
    clean = tmp_path / "clean.db"
    subprocess.run(
        [sys.executable, "-m", "rasd", "ingest", str(folder), "--db", str(clean), "--no-show-events"],
        check=True,
        capture_output=True,
    )
    killed = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-m", "rasd", "ingest", str(folder), "--db", str(killed), "--batch-size", "20", "--no-show-events"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        if killed.exists():
            try:
                if 0 < _snapshot(killed)[0] < 400:
                    break
            except Exception:  # the database may be mid-creation
                continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = _snapshot(killed)[0]
    assert partial < 400
    subprocess.run(
        [sys.executable, "-m", "rasd", "ingest", str(folder), "--db", str(killed), "--no-show-events"],
        check=True,
        capture_output=True,
    )
    assert _snapshot(killed) == _snapshot(clean)


@pytest.mark.slow
def test_two_ingests_at_once_on_one_sqlite_file(tmp_path: Path) -> None:
    folder = _corpus_dir(tmp_path, 200)
    db = tmp_path / "shared.db"
    Store(f"sqlite:///{db}").migrate()
    cmd = [
        sys.executable,
        "-m",
        "rasd",
        "ingest",
        str(folder),
        "--db",
        str(db),
        "--batch-size",
        "10",
        "--no-show-events",
    ]
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    documents, events, ids = _snapshot(db)
    assert documents == 200 == len(ids)
    store = Store(f"sqlite:///{db}")
    with store.engine.connect() as conn:
        duplicates = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT document_id, count(*) c FROM events GROUP BY document_id HAVING c > 1)"
            )
        ).scalar()
    store.close()
    assert duplicates == 0 and events == 200


def test_database_url_password_is_never_shown() -> None:
    store = Store("postgresql://analyst:s3cret@db.example:5432/rasd")
    assert "s3cret" not in store.display_url and "analyst" in store.display_url
    assert Store("events.db").display_url == "sqlite:///events.db"


def test_unknown_database_scheme_is_a_clear_usage_error() -> None:
    result = CliRunner().invoke(cli, ["events", "--db", "foo://analyst:pw@x/y"])
    assert result.exit_code == 2 and "unknown scheme 'foo'" in result.output and "pw" not in result.output


def test_keyset_pages_and_arabic_search_on_every_backend(store: Store) -> None:
    ingest([str(EXAMPLES)], store)
    everything = [r["event_id"] for r in query_events(store)]
    pages: list[str] = []
    after = None
    while True:
        rows = query_events(store, EventFilter(limit=4, after=after))
        if not rows:
            break
        pages += [r["event_id"] for r in rows]
        after = (rows[-1]["event_date"] or "", rows[-1]["event_id"])
    assert pages == everything
    found = query_events(store, EventFilter(text="قصف البـوليل"))  # kashida and word order do not matter
    assert found and all("البوليل" in (r["search_key"] or "") for r in found)
    since = query_events(store, EventFilter(since="2024-08-13"))
    assert since and all(r["event_date"] >= "2024-08-13" for r in since)
