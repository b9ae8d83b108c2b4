"""The Spark job in local mode equals ``rasd ingest`` + the store's queries on the same input (same events, ids).

Needs pyspark and a Java runtime (``.ci/run`` installs Debian's default-jre-headless); skips with a clear
message otherwise.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
if shutil.which("java") is None:
    pytest.skip(
        "no Java runtime: apt-get install default-jre-headless (.ci/run installs it)", allow_module_level=True
    )

import pyarrow.parquet as pq  # noqa: E402

pytestmark = pytest.mark.slow  # Spark's start-up takes seconds; .ci/run sets RASD_RUN_SLOW=1 so CI runs them

from rasd.export import query_events  # noqa: E402
from rasd.store.db import Store  # noqa: E402
from rasd.store.ingest import ingest  # noqa: E402
from tests.conftest import DATA, REPO, shared_path  # noqa: E402


def _write_warc(path: Path) -> int:
    """A WARC of HTML responses written from the HTML fixtures and the seed article (warcio)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = sorted((DATA / "pages").glob("*.html"))[:6]
    seed = shared_path("seed", "seed-article.txt").read_text(encoding="utf-8")
    bodies = [(f"https://example.org/page/{p.stem}", p.read_bytes()) for p in pages]
    seed_html = (
        "<html><head><title>seed</title></head><body>"
        + "".join(f"<p>{line}</p>" for line in seed.splitlines() if line.strip())
        + "</body></html>"
    )
    bodies.append(("https://example.org/seed", seed_html.encode("utf-8")))
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in bodies:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    return len(bodies)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, dict]]:  # type: ignore[type-arg]
    from rasd.spark.job import run

    tmp = tmp_path_factory.mktemp("spark")
    warc = tmp / "written.warc.gz"
    _write_warc(warc)
    inputs = [
        str(warc),
        str(REPO / "examples"),
        str(shared_path("fixtures", "warc", "warcio", "example-digest.warc")),
    ]
    counters = run(inputs, str(tmp / "out"), master="local[2]", partitions=4)
    store = Store(f"sqlite:///{tmp / 'ref.db'}")
    store.migrate()
    ingest(inputs, store)
    yield tmp / "out", tmp / "ref.db", counters
    store.close()


def test_spark_events_equal_rasd_ingest(outputs: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    out, ref, counters = outputs
    spark_events = pq.read_table(out / "events").to_pylist()
    stored = query_events(Store(f"sqlite:///{ref}"))
    fields = ("event_id", "document_id", "event_date", "sub_event_type", "actor1", "location_ar", "fatalities",
              "evidence_start", "evidence_end")  # fmt: skip
    assert len(spark_events) == len(stored) > 20
    assert sorted(tuple(e[f] for f in fields) for e in spark_events) == sorted(
        tuple(e[f] for f in fields) for e in stored
    )
    assert counters["events"] == len(stored)
    documents = pq.read_table(out / "documents").to_pylist()
    assert {d["id"] for d in documents} >= {e["document_id"] for e in stored}
    assert "raw_zlib" not in documents[0]


def test_spark_incidents_match_the_store(outputs: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    out, ref, _ = outputs
    mentions = {m["event_id"]: m["incident_id"] for m in pq.read_table(out / "mentions").to_pylist()}
    stored = query_events(Store(f"sqlite:///{ref}"))
    with_admin1 = [e for e in stored if e["admin1"]]
    assert with_admin1 and all(mentions[e["event_id"]] == e["incident_id"] for e in with_admin1)
    incidents = pq.read_table(out / "incidents").to_pylist()
    assert len({m for m in mentions.values()}) == len(incidents)


def test_bad_records_are_counted_not_fatal(tmp_path: Path) -> None:
    from rasd.spark.job import run

    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"id": "1", "text": ""}\n{broken json\n', encoding="utf-8")
    counters = run([str(broken), str(empty)], str(tmp_path / "out"), master="local[1]")
    assert counters["documents"].get("failed", 0) >= 2
    issues = pq.read_table(tmp_path / "out" / "issues").to_pylist()
    assert {i["code"] for i in issues} & {"ingest.warc_corrupt", "ingest.jsonl_malformed", "extract.empty"}
