"""The event store's schema (SQLAlchemy Core) and its numbered migrations.

Reads: nothing. Writes: table definitions; ``MIGRATIONS`` lists each schema version with the DDL that brings a
database to it, recorded in ``schema_migrations`` when applied.

Tables: ``documents`` (source metadata, status, the extracted text, the raw input zlib-compressed with its
sha256, issues and the stage trace), ``events`` (every output field, the evidence span and per-field spans,
the machine record as JSON, the incident it belongs to), ``claims``, ``incidents`` (ACLED-style values over
their member events), ``reviews`` (who changed which field when, before/after), ``runs`` (stage and knowledge-base
versions of each ingest). The same definitions run on SQLite (default) and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
    inspect,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.schema import CreateIndex

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("applied_at", String(32), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source_id", Text),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", String(10)),
    Column("fetched_at", String(40)),
    Column("input_path", Text),
    Column("raw_sha256", String(64)),
    Column("raw_media_type", String(40)),
    Column("raw_charset", String(40)),
    Column("raw_zlib", LargeBinary),
    Column("lang", String(8)),
    Column("status", String(10), nullable=False),
    Column("text", Text),
    Column("issues_json", Text, nullable=False),
    Column("trace_json", Text, nullable=False),
    Column("versions_json", Text, nullable=False),
    Column("ingested_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("ix_documents_published", documents.c.published)
Index("ix_documents_status", documents.c.status)

incidents = Table(
    "incidents",
    metadata,
    Column("incident_id", String(32), primary_key=True),
    Column("event_date", String(10)),
    Column("time_precision", Integer),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("location", Text),
    Column("location_ar", Text),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("admin3", Text),
    Column("place_id", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("fatalities", Integer, nullable=False),
    Column("sources_json", Text, nullable=False),
    Column("source_scale", Text),
    Column("mentions", Integer, nullable=False),
    Column("updated_at", String(32), nullable=False),
)
Index("ix_incidents_date_admin1", incidents.c.event_date, incidents.c.admin1)

events = Table(
    "events",
    metadata,
    Column("event_id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("incident_id", String(32), ForeignKey("incidents.incident_id", ondelete="SET NULL")),
    Column("event_date", String(10)),
    Column("time_precision", Integer, nullable=False),
    Column("disorder_type", Text),
    Column("event_type", Text, nullable=False),
    Column("sub_event_type", Text, nullable=False),
    Column("actor1", Text),
    Column("assoc_actor_1", Text),
    Column("inter1", Text),
    Column("actor2", Text),
    Column("assoc_actor_2", Text),
    Column("inter2", Text),
    Column("interaction", Integer),
    Column("civilian_targeting", Text),
    Column("country", Text),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("admin3", Text),
    Column("location", Text),
    Column("location_ar", Text),
    Column("place_id", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("source", Text),
    Column("notes", Text),
    Column("fatalities", Integer, nullable=False),
    Column("tags_json", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("field_evidence_json", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("reviewed", Boolean, nullable=False, default=False),
    Column("review_status", String(12)),
    # normalized evidence sentence and place name, for Arabic full-text search (migration 2)
    Column("search_key", Text),
)
Index("ix_events_date", events.c.event_date)
Index("ix_events_document", events.c.document_id)
Index("ix_events_incident", events.c.incident_id)
Index("ix_events_admin1_date", events.c.admin1, events.c.event_date)

claims = Table(
    "claims",
    metadata,
    Column("claim_id", String(32), primary_key=True),
    Column("document_id", String(32), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("type", String(16), nullable=False),
    Column("speaker", Text),
    Column("about", Text),
    Column("event_ids_json", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("evidence_text", Text, nullable=False),
)
Index("ix_claims_document", claims.c.document_id)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", String(32), nullable=False),
    Column("who", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("field", Text, nullable=False),
    Column("before", Text),
    Column("after", Text),
)
Index("ix_reviews_event", reviews.c.event_id)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("command", Text, nullable=False),
    Column("versions_json", Text, nullable=False),
    Column("documents", Integer, nullable=False, default=0),
    Column("events", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
)


def order_key(date_column: Any) -> Any:
    """The list order's first key, ``coalesce(event_date, '')`` with a literal '' so the expression index is used
    (a bound parameter would not match the indexed expression)."""
    return func.coalesce(date_column, literal_column("''"))


# keyset pagination walks these (SQLite and PostgreSQL both index expressions)
events_order = Index("ix_events_order", order_key(events.c.event_date), events.c.event_id)
incidents_order = Index("ix_incidents_order", order_key(incidents.c.event_date), incidents.c.incident_id)


def _add_order_indexes(conn: Connection) -> None:
    # IF NOT EXISTS: inspectors do not list expression indexes, so checkfirst cannot see them
    conn.execute(CreateIndex(events_order, if_not_exists=True))
    conn.execute(CreateIndex(incidents_order, if_not_exists=True))


users = Table(
    "users",
    metadata,
    Column("username", String(64), primary_key=True),
    Column("password_hash", Text, nullable=False),  # argon2id; passwords are never stored
    Column("role", String(12), nullable=False),  # viewer | reviewer | admin
    Column("created_at", String(32), nullable=False),
    Column("updated_at", String(32), nullable=False),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_sha256", String(64), primary_key=True),  # the cookie holds the token; only its hash is kept
    Column("username", String(64), ForeignKey("users.username", ondelete="CASCADE"), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
)
Index("ix_sessions_username", sessions.c.username)


fetches = Table(
    "fetches",
    metadata,
    Column("url", Text, primary_key=True),  # canonical URL
    Column("source", Text),
    Column("kind", String(12), nullable=False),  # feed | article | robots
    Column("etag", Text),
    Column("last_modified", Text),
    Column("content_sha256", String(64)),
    Column("status", Integer),
    Column("fetched_at", String(32), nullable=False),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_error", Text),
    Column("failing_since", String(32)),  # first failure of the current run of failures
)

alerts_sent = Table(
    "alerts_sent",
    metadata,
    Column("rule", String(120), primary_key=True),
    Column("event_id", String(32), primary_key=True),
    Column("sent_at", String(32), nullable=False),
)


def _add_search_key(conn: Connection) -> None:
    """Migration 2: ``events.search_key`` (normalized evidence + place), added to older databases and filled."""
    columns = {c["name"] for c in inspect(conn).get_columns("events")}
    if "search_key" not in columns:
        conn.execute(text("ALTER TABLE events ADD COLUMN search_key TEXT"))
    rows = conn.execute(
        select(events.c.event_id, events.c.evidence_text, events.c.location_ar).where(
            events.c.search_key.is_(None)
        )
    ).all()
    for event_id, evidence, place in rows:
        conn.execute(
            update(events).where(events.c.event_id == event_id).values(search_key=search_key(evidence, place))
        )


def search_key(evidence: str | None, place: str | None) -> str:
    from rasd.text.normalize import normalize_key

    return normalize_key(f"{evidence or ''} {place or ''}")


# Each migration: (version, description, tables it creates, a function run after, if any).
MIGRATIONS: tuple[tuple[int, str, tuple[Table, ...], Callable[[Connection], None] | None], ...] = (
    (1, "initial schema: documents, incidents, events, claims, reviews, runs", (
        documents, incidents, events, claims, reviews, runs,
    ), None),
    (2, "events.search_key for Arabic full-text search", (), _add_search_key),
    (3, "users and sessions for the review workflow", (users, sessions), None),
    (4, "expression indexes for keyset pagination", (), _add_order_indexes),
    (5, "fetch state and sent alerts for rasd watch", (fetches, alerts_sent), None),
)  # fmt: skip
