"""Ingest and reprocess: inputs → pipeline → store, idempotent, resumable, in batches.

Reads: inputs (any format the readers accept) or the stored raw inputs. Writes: documents, events, claims,
runs; then merges new events into incidents.

* **Idempotent**: a document's id is the hash of its canonical URL or raw bytes; ids already stored are skipped
  before the pipeline runs, so re-ingesting the same inputs adds nothing.
* **Resumable**: each batch is one transaction; a run killed (even with SIGKILL) loses at most the batch in
  flight, and the next run stores the rest without duplicates.
* **Workers**: with ``workers > 1`` the pipeline runs in worker processes (each loads the knowledge base once);
  the parent alone writes to the database.
* **Reprocess**: stored raw inputs run through the current pipeline again; machine output is replaced, events a
  reviewer touched are kept.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from rasd.document import Document, Raw, Source, new_document
from rasd.ingest import Reader, SourceDefaults
from rasd.pipeline import Pipeline
from rasd.settings import Settings
from rasd.store.db import Store


@dataclass
class IngestSummary:
    read: int = 0
    skipped_known: int = 0
    stored: int = 0
    events: int = 0
    failed: int = 0
    issues: Counter[str] = field(default_factory=Counter)
    incidents: int = 0


def versions(pipeline: Pipeline) -> dict[str, Any]:
    resources = (
        pipeline.ctx.resources if any(getattr(s, "USES_RESOURCES", False) for s in pipeline.stages) else None
    )
    return {
        "stages": pipeline.versions,
        "kb": resources.catalogue_version if resources is not None else None,
    }


_WORKER: Pipeline | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER
    _WORKER = Pipeline(settings=settings)


def _work(doc: Document) -> Document:
    assert _WORKER is not None
    return _WORKER.run(doc)


def _batches(docs: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for doc in docs:
        batch.append(doc)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    inputs: Iterable[str],
    store: Store,
    *,
    settings: Settings | None = None,
    defaults: SourceDefaults | None = None,
    workers: int = 1,
    batch_size: int = 50,
    force: bool = False,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    settings = settings or Settings()
    pipeline = Pipeline(settings=settings)
    reader = Reader(settings, defaults)
    summary = IngestSummary()
    meta = versions(pipeline)
    run_id = store.start_run("ingest", meta)
    pool = (
        ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) if workers > 1 else None
    )
    try:
        for batch in _batches(reader.read(inputs), batch_size):
            summary.read += len(batch)
            unique = list({d.id: d for d in batch}.values())
            known = set() if force else store.known_ids(d.id for d in unique)
            todo = [d for d in unique if d.id not in known]
            summary.skipped_known += len(batch) - len(todo)
            done = list(pool.map(_work, todo, chunksize=4)) if pool else [pipeline.run(d) for d in todo]
            stored, n_events = store.save(done, meta)
            summary.stored += stored
            summary.events += n_events
            for doc in done:
                summary.failed += doc.failed
                summary.issues.update(i.code for i in doc.issues)
            if on_batch is not None:
                on_batch(summary)
    finally:
        if pool is not None:
            pool.shutdown()
    from rasd.incidents import merge_incidents

    summary.incidents = merge_incidents(store)
    store.finish_run(run_id, documents=summary.stored, events=summary.events, failed=summary.failed)
    return summary


def stored_document(row: dict[str, Any]) -> Document:
    """A stored document back as a reader-level Document (raw input + source), ready to run again."""
    raw = None
    if row.get("raw_zlib") is not None:
        raw = Raw(
            zlib.decompress(row["raw_zlib"]), row["raw_media_type"] or "text/plain", row.get("raw_charset")
        )
    source = Source(
        id=row.get("source_id"),
        url=row.get("url"),
        outlet=row.get("outlet"),
        title=row.get("title"),
        author=row.get("author"),
        published=row.get("published"),
        fetched_at=row.get("fetched_at"),
        raw_sha256=row.get("raw_sha256"),
        input_path=row.get("input_path"),
    )
    doc = new_document(raw, source)
    # the stored id stays the id (it may come from a canonical URL the source no longer implies)
    from dataclasses import replace

    return replace(doc, id=row["id"])


def reprocess(store: Store, *, settings: Settings | None = None, batch_size: int = 50) -> IngestSummary:
    pipeline = Pipeline(settings=settings or Settings())
    meta = versions(pipeline)
    run_id = store.start_run("reprocess", meta)
    summary = IngestSummary()
    batch: list[Document] = []

    def flush() -> None:
        stored, n_events = store.save([pipeline.run(d) for d in batch], meta)
        summary.stored += stored
        summary.events += n_events
        batch.clear()

    for row in store.iter_documents():
        summary.read += 1
        batch.append(stored_document(row))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    from rasd.incidents import merge_incidents

    summary.incidents = merge_incidents(store, rebuild=True)
    store.finish_run(run_id, documents=summary.stored, events=summary.events, failed=summary.failed)
    return summary
