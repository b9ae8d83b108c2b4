"""The PySpark job: input files → the pipeline on the executors → Parquet tables; then incidents as a second step.

Reads: WARC/WARC.gz/ARC, JSONL, HTML, text or feed files — local paths (streamed by each task) or any Hadoop
URI (``s3a://``, ``hdfs://``: fetched with ``binaryFiles``). Writes under ``OUTPUT``: ``documents``, ``events``
(partitioned by ``event_month``), ``claims``, ``issues``, ``incidents`` and ``mentions``, all Parquet, with the
columns of the store's tables. Each task loads the knowledge base once (one ``Pipeline`` per Python worker).

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


def _spark_type(column: Any) -> Any:
    from pyspark.sql import types as T
    from sqlalchemy import Boolean, Float, Integer, LargeBinary

    if isinstance(column.type, Boolean):
        return T.BooleanType()
    if isinstance(column.type, Integer):
        return T.LongType()
    if isinstance(column.type, Float):
        return T.DoubleType()
    if isinstance(column.type, LargeBinary):
        return T.BinaryType()
    return T.StringType()


def spark_schema(table: Any, extra: Iterable[tuple[str, Any]] = ()) -> Any:
    """The Spark schema of a store table (the Parquet columns mean what the store's columns mean)."""
    from pyspark.sql import types as T

    fields = [T.StructField(c.name, _spark_type(c), nullable=True) for c in table.columns]
    fields += [T.StructField(name, kind, nullable=True) for name, kind in extra]
    return T.StructType(fields)


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
    from pyspark.sql import types as T

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
    rows = (sc.union(rdds) if len(rdds) > 1 else rdds[0]).cache()
    issue_schema = T.StructType([T.StructField(n, T.StringType(), True)
                                 for n in ("document_id", "stage", "code", "level", "message")])  # fmt: skip
    document_columns = [c for c in schema.documents.columns if c.name != "raw_zlib"]
    document_schema = T.StructType([T.StructField(c.name, _spark_type(c), True) for c in document_columns])
    schemas = {
        "documents": document_schema,
        "events": spark_schema(schema.events, [("event_month", T.StringType())]),
        "claims": spark_schema(schema.claims),
        "issues": issue_schema,
    }
    frames = {}
    for table, struct in schemas.items():
        names = struct.fieldNames()
        data = rows.filter(lambda kv, t=table: kv[0] == t).map(
            lambda kv, n=names: tuple(kv[1].get(k) for k in n)
        )
        frames[table] = spark.createDataFrame(data, struct)
    out = output.rstrip("/")
    frames["documents"].write.mode("overwrite").parquet(f"{out}/documents")
    frames["events"].write.mode("overwrite").partitionBy("event_month").parquet(f"{out}/events")
    frames["claims"].write.mode("overwrite").parquet(f"{out}/claims")
    frames["issues"].write.mode("overwrite").parquet(f"{out}/issues")
    # step 2: incidents, blocked by (event type, admin1)
    event_rows = rows.filter(lambda kv: kv[0] == "events").map(lambda kv: kv[1])
    outlets = rows.filter(lambda kv: kv[0] == "documents").map(
        lambda kv: (kv[1]["id"], (kv[1]["outlet"], kv[1]["url"]))
    )
    with_outlet = (
        event_rows.map(lambda e: (e["document_id"], e)).leftOuterJoin(outlets)
        .map(lambda kv: {**kv[1][0], "outlet": (kv[1][1] or (None, None))[0], "url": (kv[1][1] or (None, None))[1]})
    )  # fmt: skip
    merged = (
        with_outlet.map(lambda e: ((e["event_type"], e.get("admin1") or ""), e)).groupByKey()
        .flatMap(lambda kv: _merge_block(kv[1])).cache()
    )  # fmt: skip
    incident_schema = spark_schema(schema.incidents)
    mention_schema = T.StructType([T.StructField(n, T.StringType(), True)
                                   for n in ("incident_id", "event_id", "document_id", "outlet", "url")])  # fmt: skip
    for table, struct in (("incidents", incident_schema), ("mentions", mention_schema)):
        names = struct.fieldNames()
        data = merged.filter(lambda kv, t=table: kv[0] == t).map(
            lambda kv, n=names: tuple(kv[1].get(k) for k in n)
        )
        spark.createDataFrame(data, struct).write.mode("overwrite").parquet(f"{out}/{table}")
    counters = _counters(rows, merged)
    (Path(out) / "counters.json").write_text(
        json.dumps(counters, indent=1), encoding="utf-8"
    ) if "://" not in out else None
    rows.unpersist()
    merged.unpersist()
    if own:
        spark.stop()
    return counters


def _counters(rows: Any, merged: Any) -> dict[str, Any]:
    documents = rows.filter(lambda kv: kv[0] == "documents").map(lambda kv: kv[1]["status"]).countByValue()
    issues = rows.filter(lambda kv: kv[0] == "issues").map(lambda kv: kv[1]["code"]).countByValue()
    kinds = Counter(dict(rows.map(lambda kv: kv[0]).countByValue()))
    return {
        "documents": dict(documents),
        "issues": dict(sorted(issues.items())),
        "events": kinds.get("events", 0),
        "claims": kinds.get("claims", 0),
        "incidents": merged.filter(lambda kv: kv[0] == "incidents").count(),
    }
