"""The PySpark job: input files → the pipeline on the executors → Parquet tables; then incidents as a second step.

Reads: WARC/WARC.gz/ARC, JSONL, HTML, text or feed files — local paths (streamed by each task) or any Hadoop
URI (``s3a://``, ``hdfs://``: fetched with ``binaryFiles``). Writes under ``OUTPUT``: ``documents``, ``events``
(hive-partitioned by ``event_month``), ``claims``, ``issues``, ``incidents`` and ``mentions``, all Parquet, with
the columns of the store's tables; each partition writes its own files with pyarrow (to the local disk, or to
S3/HDFS/GCS through ``pyarrow.fs``). Each task loads the knowledge base once (one ``Pipeline`` per worker).

Records that fail never fail the job: the reader and the pipeline turn them into documents with issue codes
(counted, and written to ``issues``). Incident merging runs as a second step, blocked by (event type, admin1):
each block is merged with the same code as ``rasd ingest`` (an in-memory store per block), so incident ids and
values match the embedded store's, except for events with no governorate, which the store may also compare
across governorates.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rasd.store import schema

TABLES = ("documents", "events", "claims", "issues", "incidents", "mentions")
_PIPELINE: Any = None  # one per Python worker process: the knowledge base is loaded once


def _pipeline() -> Any:
    global _PIPELINE
    if _PIPELINE is None:
        from rasd.pipeline import Pipeline

        _PIPELINE = Pipeline()
    return _PIPELINE


def _rows(docs: Iterable[Any], versions: str) -> Iterator[tuple[str, dict[str, Any]]]:
    from rasd.store.db import claim_row, document_row, event_row, now

    stamp = now()
    for doc in docs:
        row = document_row(doc, versions, stamp)
        row.pop("raw_zlib")  # the raw input stays where it came from (the WARC); its sha256 identifies it
        yield "documents", row
        for event in doc.events:
            erow = event_row(doc, event)
            erow["event_month"] = (erow["event_date"] or "undated")[:7]
            yield "events", erow
        for claim in doc.claims:
            yield "claims", claim_row(doc, claim)
        for issue in doc.issues:
            yield "issues", {"document_id": doc.id, **issue.to_json()}


def _process_paths(
    paths: Iterable[str], versions: str, defaults: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    from rasd.ingest import Reader, SourceDefaults

    pipeline = _pipeline()
    reader = Reader(defaults=SourceDefaults(**defaults))
    for path in paths:
        yield from _rows((pipeline.run(doc) for doc in reader.read([path])), versions)


def _process_blobs(
    blobs: Iterable[tuple[str, bytes]], versions: str, defaults: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    # a remote file arrives as bytes: give it its own name (its suffix decides the format) in a scratch dir
    for uri, data in blobs:
        with tempfile.TemporaryDirectory() as tmp:
            local = Path(tmp) / os.path.basename(uri.rstrip("/"))
            local.write_bytes(data)
            yield from _process_paths([str(local)], versions, defaults)


def _merge_block(events: Iterable[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Incidents of one (event type, admin1) block, merged by the embedded store's own code."""
    from sqlalchemy import insert, select

    from rasd.incidents import merge_incidents
    from rasd.store.db import Store, now

    rows = list(events)
    if not rows:
        return
    store = Store("sqlite://")  # in memory
    store.migrate()
    with store.engine.begin() as conn:
        docs = {r["document_id"]: r.get("outlet") for r in rows}
        conn.execute(insert(schema.documents), [
            {"id": d, "outlet": o, "status": "ok", "issues_json": "[]", "trace_json": "[]", "versions_json": "{}",
             "ingested_at": now(), "updated_at": now()} for d, o in docs.items()
        ])  # fmt: skip
        columns = {c.name for c in schema.events.columns}
        conn.execute(insert(schema.events), [{k: v for k, v in r.items() if k in columns} for r in rows])
    merge_incidents(store)
    with store.engine.connect() as conn:
        for incident in conn.execute(select(schema.incidents)).mappings():
            yield "incidents", dict(incident)
        query = select(schema.events.c.event_id, schema.events.c.incident_id, schema.events.c.document_id)
        outlets = {r["event_id"]: r.get("outlet") for r in rows}
        urls = {r["event_id"]: r.get("url") for r in rows}
        for event_id, incident_id, document_id in conn.execute(query).all():
            yield "mentions", {"incident_id": incident_id, "event_id": event_id, "document_id": document_id,
                               "outlet": outlets.get(event_id), "url": urls.get(event_id)}  # fmt: skip
    store.close()


def run(
    inputs: list[str],
    output: str,
    *,
    spark: Any = None,
    master: str = "local[*]",
    partitions: int | None = None,
    defaults: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run the job; returns the counters (documents by status, issue codes, events, incidents)."""
    from pyspark.sql import SparkSession

    from rasd.ingest.readers import _format_of, walk
    from rasd.store.ingest import versions as pipeline_versions

    own = spark is None
    spark = spark or (
        SparkSession.builder.master(master).appName("rasd")
        .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").getOrCreate()
    )  # fmt: skip
    sc = spark.sparkContext
    versions = json.dumps(pipeline_versions(_pipeline()), sort_keys=True)
    defaults = defaults or {}
    local = [p for p in inputs if "://" not in p or p.startswith("file://")]
    remote = [p for p in inputs if p not in local]
    files: list[str] = []
    for item in local:  # directories are walked as the CLI walks them: stable order, other suffixes skipped
        path = Path(item.removeprefix("file://"))
        if path.is_dir():
            files += [str(f) for f in walk(path) if not (_format_of(f.name) is None and f.suffix)]
        else:
            files.append(str(path))
    rdds = []
    if files:
        rdds.append(
            sc.parallelize(files, partitions or min(len(files), sc.defaultParallelism * 4)).mapPartitions(
                lambda paths: _process_paths(paths, versions, defaults)
            )
        )
    if remote:
        rdds.append(
            sc.binaryFiles(",".join(remote)).mapPartitions(
                lambda blobs: _process_blobs(blobs, versions, defaults)
            )
        )
    if not rdds:
        raise ValueError("no input files")
    out = _prepare_output(output)
    rows = sc.union(rdds) if len(rdds) > 1 else rdds[0]
    # step 1: each partition writes its own Parquet files with pyarrow (no Python → JVM row conversion) and
    # passes on only what step 2 needs: its events (with outlet and URL) and its counts
    written = rows.mapPartitionsWithIndex(lambda i, items: _write_partition(i, items, out)).cache()
    events = written.filter(lambda kv: kv[0] == "event").map(lambda kv: kv[1])
    merged = (
        events.map(lambda e: ((e["event_type"], e.get("admin1") or ""), e)).groupByKey()
        .flatMap(lambda kv: _merge_block(kv[1]))
    )  # fmt: skip
    incident_counts = merged.mapPartitionsWithIndex(lambda i, items: _write_partition(i, items, out)).filter(
        lambda kv: kv[0] == "counts"
    )
    counts: Counter[str] = Counter()
    for _, part in written.filter(lambda kv: kv[0] == "counts").collect() + incident_counts.collect():
        counts.update(part)
    counters = {
        "documents": {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("status:")},
        "issues": {k.split(":", 1)[1]: v for k, v in sorted(counts.items()) if k.startswith("issue:")},
        "events": counts.get("events", 0),
        "claims": counts.get("claims", 0),
        "incidents": counts.get("incidents", 0),
    }
    _fill_empty_tables(output)
    if "://" not in output:
        (Path(output) / "counters.json").write_text(json.dumps(counters, indent=1), encoding="utf-8")
    written.unpersist()
    if own:
        spark.stop()
    return counters


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa
    from sqlalchemy import Boolean, Float, Integer

    def kind(column: Any) -> Any:
        if isinstance(column.type, Boolean):
            return pa.bool_()
        if isinstance(column.type, Integer):
            return pa.int64()
        if isinstance(column.type, Float):
            return pa.float64()
        return pa.string()

    if table == "issues":
        return pa.schema([(n, pa.string()) for n in ("document_id", "stage", "code", "level", "message")])
    if table == "mentions":
        return pa.schema(
            [(n, pa.string()) for n in ("incident_id", "event_id", "document_id", "outlet", "url")]
        )
    columns = [c for c in schema.metadata.tables[table].columns if c.name != "raw_zlib"]
    return pa.schema([(c.name, kind(c)) for c in columns])


def _filesystem(output: str) -> tuple[Any, str]:
    from pyarrow import fs

    uri = output.rstrip("/")
    if uri.startswith("s3a://") or uri.startswith("s3n://"):
        uri = "s3://" + uri.split("://", 1)[1]
    if "://" not in uri:
        uri = os.path.abspath(uri)
    filesystem, path = fs.FileSystem.from_uri(uri)
    return filesystem, path


def _fill_empty_tables(output: str) -> None:
    """A table no partition wrote (no claims at all, say) still exists, empty, with its columns."""
    import pyarrow.parquet as pq
    from pyarrow import fs

    filesystem, root = _filesystem(output)
    for table in TABLES:
        if filesystem.get_file_info(f"{root}/{table}").type != fs.FileType.NotFound:
            continue
        schema_ = _arrow_schema(table)
        filesystem.create_dir(f"{root}/{table}", recursive=True)
        pq.write_table(schema_.empty_table(), f"{root}/{table}/part-empty.parquet", filesystem=filesystem)


def _prepare_output(output: str) -> str:
    """Empty (or create) the output directory: a run overwrites, as Spark's mode("overwrite") would."""
    filesystem, path = _filesystem(output)
    filesystem.create_dir(path, recursive=True)
    filesystem.delete_dir_contents(path, missing_dir_ok=True)
    return output


def _write_partition(
    index: int, items: Iterable[tuple[str, dict[str, Any]]], output: str
) -> Iterator[tuple[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables: dict[str, list[dict[str, Any]]] = {}
    counts: Counter[str] = Counter()
    outlets: dict[str, tuple[Any, Any]] = {}
    for kind, row in items:
        tables.setdefault(kind, []).append(row)
        if kind == "documents":
            counts[f"status:{row['status']}"] += 1
            outlets[row["id"]] = (row.get("outlet"), row.get("url"))
        elif kind == "issues":
            counts[f"issue:{row['code']}"] += 1
        else:
            counts[kind] += 1
    for row in tables.get("events", []):  # a document and its events always share a partition
        outlet, url = outlets.get(row["document_id"], (None, None))
        yield "event", {**row, "outlet": outlet, "url": url}
    filesystem, root = _filesystem(output)
    for table, rows in tables.items():
        schema_ = _arrow_schema(table)
        if table == "events":
            by_month: dict[str, list[dict[str, Any]]] = {}
            for row in rows:
                by_month.setdefault(row["event_month"], []).append(row)
            for month, part in by_month.items():
                directory = f"{root}/events/event_month={month}"
                filesystem.create_dir(directory, recursive=True)
                pq.write_table(pa.Table.from_pylist(part, schema=schema_), f"{directory}/part-{index:05d}.parquet",
                               filesystem=filesystem)  # fmt: skip
            continue
        filesystem.create_dir(f"{root}/{table}", recursive=True)
        pq.write_table(pa.Table.from_pylist(rows, schema=schema_), f"{root}/{table}/part-{index:05d}.parquet",
                       filesystem=filesystem)  # fmt: skip
    yield "counts", dict(counts)
