"""The event store: an embedded SQLite file by default, PostgreSQL by URL, the same code for both.

Reads/writes: the database named by ``--db``, ``RASD_DB`` or ``sqlite:///rasd.db``. SQLite runs in WAL mode with
foreign keys on and a busy timeout; writes that still meet a lock are retried with backoff, so two ingests on
one file neither fail nor duplicate. Every batch of documents is one transaction: a run killed halfway leaves
whole documents or none, and the next run skips what is already stored.

A document's machine output (events, claims) is replaced when it is processed again; events a reviewer
touched (``reviewed``) are never deleted or overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, create_engine, delete, event, func, insert, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.schema import CreateIndex

from rasd.document import Document
from rasd.errors import RasdError
from rasd.store import schema

DEFAULT_URL = "sqlite:///rasd.db"
T = TypeVar("T")


class StoreError(RasdError):
    code = "store.failed"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``RASD_DB``, else ``sqlite:///rasd.db``; ``postgresql://`` uses pg8000."""
    url = url or os.environ.get("RASD_DB") or DEFAULT_URL
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+pg8000://" + url.split("://", 1)[1]
    if "://" not in url:  # a bare path is a SQLite file
        url = f"sqlite:///{url}"
    return url


class Store:
    """Repository functions over one database; ``Store(url).migrate()`` before use."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        try:
            self.engine: Engine = create_engine(self.url, future=True)
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"{self.display_url} needs the {exc.name} driver: pip install 'rasd[postgres]'",
                code="store.driver",
            ) from exc
        except ArgumentError as exc:
            raise StoreError(
                f"not a database URL: unknown scheme {self.url.split('://', 1)[0]!r} "
                "(use sqlite:///FILE, a file path, or postgresql://…)",
                code="store.url",
            ) from exc
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)

    @property
    def display_url(self) -> str:
        """The URL with any password masked, for messages and logs (secrets never leave in plain text)."""
        return make_url(self.url).render_as_string(hide_password=True)

    # ---- schema ----
    def migrate(self) -> list[int]:
        """Apply pending migrations; returns the versions applied."""
        applied: list[int] = []

        def run(conn: Connection) -> None:
            schema.schema_migrations.create(conn, checkfirst=True)
            done = set(conn.execute(select(schema.schema_migrations.c.version)).scalars())
            for version, description, tables, after in schema.MIGRATIONS:
                if version in done:
                    continue
                for table in tables:
                    table.create(conn, checkfirst=True)
                for index in (ix for t in tables for ix in t.indexes):
                    conn.execute(CreateIndex(index, if_not_exists=True))
                if after is not None:
                    after(conn)
                conn.execute(
                    insert(schema.schema_migrations).values(
                        version=version, description=description, applied_at=now()
                    )
                )
                applied.append(version)

        self._write(run)
        return applied

    def schema_version(self) -> int:
        if not inspect(self.engine).has_table("schema_migrations"):
            return 0
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.max(schema.schema_migrations.c.version))).scalar() or 0)

    # ---- writes ----
    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one transaction, retrying on lock contention (SQLite) with jittered backoff."""
        delay = 0.05
        for attempt in range(12):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except OperationalError as exc:
                message = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
                if ("locked" in message or "busy" in message) and attempt < 11:
                    time.sleep(delay + random.random() * delay)
                    delay = min(delay * 2, 2.0)
                    continue
                raise StoreError(
                    f"database write failed: {exc.orig or exc}", code="store.write_failed"
                ) from exc
            except IntegrityError as exc:
                # another writer stored the same row first (PostgreSQL, concurrent ingests): run the unit again,
                # it will now see that row
                if attempt < 11:
                    time.sleep(delay + random.random() * delay)
                    continue
                raise StoreError(
                    f"database write failed: {exc.orig or exc}", code="store.write_failed"
                ) from exc
            except DBAPIError as exc:
                raise StoreError(
                    f"database write failed: {exc.orig or exc}", code="store.write_failed"
                ) from exc
        raise StoreError("database stayed locked", code="store.locked")

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(
                    conn.execute(
                        select(schema.documents.c.id).where(schema.documents.c.id.in_(chunk))
                    ).scalars()
                )
        return found

    def save(self, docs: list[Document], versions: dict[str, Any]) -> tuple[int, int]:
        """Store processed documents with their events and claims in one transaction; (documents, events)."""
        if not docs:
            return 0, 0
        versions_json = json.dumps(versions, sort_keys=True)

        def work(conn: Connection) -> tuple[int, int]:
            stamp = now()
            ids = [doc.id for doc in docs]
            existing = set(
                conn.execute(select(schema.documents.c.id).where(schema.documents.c.id.in_(ids))).scalars()
            )
            reviewed: set[str] = set()
            if existing:
                # documents seen before: their machine output is replaced, reviewed events are kept
                reviewed = set(
                    conn.execute(
                        select(schema.events.c.event_id).where(
                            schema.events.c.document_id.in_(existing), schema.events.c.reviewed.is_(True)
                        )
                    ).scalars()
                )
                conn.execute(
                    delete(schema.events).where(
                        schema.events.c.document_id.in_(existing), schema.events.c.reviewed.is_(False)
                    )
                )
                conn.execute(delete(schema.claims).where(schema.claims.c.document_id.in_(existing)))
            new_rows: list[dict[str, Any]] = []
            event_rows: list[dict[str, Any]] = []
            claim_rows: list[dict[str, Any]] = []
            for doc in docs:
                row = document_row(doc, versions_json, stamp)
                if doc.id in existing:
                    row.pop("ingested_at")
                    conn.execute(
                        update(schema.documents).where(schema.documents.c.id == doc.id).values(**row)
                    )
                else:
                    new_rows.append(row)
                event_rows.extend(event_row(doc, e) for e in doc.events if e.event_id not in reviewed)
                claim_rows.extend(claim_row(doc, c) for c in doc.claims)
            if new_rows:
                conn.execute(insert(schema.documents), new_rows)
            if event_rows:
                conn.execute(insert(schema.events), event_rows)
            if claim_rows:
                conn.execute(insert(schema.claims), claim_rows)
            return len(docs), len(event_rows)

        return self._write(work)

    # fields a reviewer may correct; everything else on an event is derived or provenance
    REVIEWABLE = frozenset(
        {
            "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
            "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
            "admin1", "admin2", "admin3", "location", "location_ar", "place_id", "latitude", "longitude",
            "geo_precision", "notes", "fatalities", "review_status",
        }
    )  # fmt: skip

    def review_event(self, event_id: str, who: str, changes: dict[str, Any]) -> int:
        """Apply a reviewer's corrections to one event, writing one audit row per changed field.

        The event is marked ``reviewed``: ingest and reprocess never overwrite or delete it again. Returns the
        number of fields that changed. Unknown fields or events raise :class:`StoreError`.
        """
        unknown = set(changes) - self.REVIEWABLE
        if unknown:
            raise StoreError(f"fields cannot be reviewed: {', '.join(sorted(unknown))}", code="store.review")
        if not who.strip():
            raise StoreError("a review needs a reviewer name", code="store.review")
        events = schema.events

        def work(conn: Connection) -> int:
            row = conn.execute(select(events).where(events.c.event_id == event_id)).mappings().first()
            if row is None:
                raise StoreError(f"no stored event {event_id}", code="store.review")
            changed = {k: v for k, v in changes.items() if row[k] != v}
            stamp = now()
            if changed:
                conn.execute(
                    insert(schema.reviews),
                    [
                        {
                            "event_id": event_id,
                            "who": who,
                            "at": stamp,
                            "field": field,
                            "before": None if row[field] is None else str(row[field]),
                            "after": None if value is None else str(value),
                        }
                        for field, value in sorted(changed.items())
                    ],
                )
            status = changed.get("review_status", row["review_status"]) or "corrected"
            conn.execute(
                update(events)
                .where(events.c.event_id == event_id)
                .values(**{**changed, "reviewed": True, "review_status": status})
            )
            return len(changed)

        return self._write(work)

    def reviews(self, event_id: str) -> list[dict[str, Any]]:
        """The audit trail of one event, oldest first."""
        with self.engine.connect() as conn:
            result = conn.execute(
                select(schema.reviews)
                .where(schema.reviews.c.event_id == event_id)
                .order_by(schema.reviews.c.id)
            )
            return [dict(r) for r in result.mappings()]

    def start_run(self, command: str, versions: dict[str, Any]) -> int:
        def work(conn: Connection) -> int:
            result = conn.execute(
                insert(schema.runs).values(
                    started_at=now(), command=command, versions_json=json.dumps(versions, sort_keys=True)
                )
            )
            return int(result.inserted_primary_key[0])  # type: ignore[index]

        return self._write(work)

    def finish_run(self, run_id: int, *, documents: int, events: int, failed: int) -> None:
        self._write(
            lambda conn: conn.execute(
                update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(finished_at=now(), documents=documents, events=events, failed=failed)
            )
        )

    # ---- reads ----
    def count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(schema.metadata.tables[table])).scalar() or 0
            )

    def iter_documents(self, *, batch: int = 200) -> Iterator[dict[str, Any]]:
        """Every stored document row (with its raw input), in id order, a batch at a time."""
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = (
                    conn.execute(
                        select(schema.documents)
                        .where(schema.documents.c.id > last)
                        .order_by(schema.documents.c.id)
                        .limit(batch)
                    )
                    .mappings()
                    .all()
                )
            if not rows:
                return
            for row in rows:
                yield dict(row)
            last = rows[-1]["id"]

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def open_store(url: str | None = None) -> Iterator[Store]:
    store = Store(url)
    try:
        store.migrate()
        yield store
    finally:
        store.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def document_row(doc: Document, versions_json: str, stamp: str) -> dict[str, Any]:
    src = doc.source
    return {
        "id": doc.id,
        "source_id": src.id,
        "url": src.url,
        "outlet": src.outlet,
        "title": src.title,
        "author": src.author,
        "published": src.published,
        "fetched_at": src.fetched_at,
        "input_path": src.input_path,
        "raw_sha256": src.raw_sha256,
        "raw_media_type": doc.raw.media_type if doc.raw else None,
        "raw_charset": doc.raw.charset if doc.raw else None,
        "raw_zlib": zlib.compress(doc.raw.data, 6) if doc.raw else None,
        "lang": doc.lang,
        "status": doc.status,
        "text": doc.text,
        "issues_json": json.dumps([i.to_json() for i in doc.issues], ensure_ascii=False),
        "trace_json": json.dumps([r.to_json() for r in doc.trace]),
        "versions_json": versions_json,
        "ingested_at": stamp,
        "updated_at": stamp,
    }


def event_row(doc: Document, e: Any) -> dict[str, Any]:
    record = e.to_json(doc.text, source=doc.source.outlet, document_id=doc.id)
    return {
        "event_id": e.event_id,
        "document_id": doc.id,
        "event_date": e.event_date,
        "time_precision": e.time_precision,
        "disorder_type": e.disorder_type,
        "event_type": e.event_type,
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "assoc_actor_1": e.assoc_actor_1,
        "inter1": e.inter1,
        "actor2": e.actor2,
        "assoc_actor_2": e.assoc_actor_2,
        "inter2": e.inter2,
        "interaction": e.interaction,
        "civilian_targeting": e.civilian_targeting,
        "country": e.country,
        "admin1": e.admin1,
        "admin2": e.admin2,
        "admin3": e.admin3,
        "location": e.location,
        "location_ar": e.location_ar,
        "place_id": e.place_id,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "geo_precision": e.geo_precision,
        "source": doc.source.outlet,
        "notes": e.notes,
        "fatalities": e.fatalities,
        "tags_json": json.dumps(list(e.tags), ensure_ascii=False),
        "evidence_start": e.evidence.start,
        "evidence_end": e.evidence.end,
        "evidence_text": doc.text[e.evidence.start : e.evidence.end],
        "field_evidence_json": json.dumps(record["field_evidence"], ensure_ascii=False),
        "confidence": e.confidence,
        "reviewed": False,
        "review_status": None,
        "search_key": schema.search_key(doc.text[e.evidence.start : e.evidence.end], e.location_ar),
    }


def claim_row(doc: Document, c: Any) -> dict[str, Any]:
    return {
        "claim_id": c.claim_id,
        "document_id": doc.id,
        "type": c.type,
        "speaker": c.speaker,
        "about": c.about,
        "event_ids_json": json.dumps(list(c.event_ids)),
        "evidence_start": c.evidence.start,
        "evidence_end": c.evidence.end,
        "evidence_text": doc.text[c.evidence.start : c.evidence.end],
    }
