"""Queries and exports of stored events: ACLED CSV, GeoJSON, Parquet, JSONL, and a mentions table.

Reads: the store. Writes: files or streams in the formats analysts' tools read.

* ``acled-csv``: ACLED's export columns in ACLED's order and formats (``event_date`` YYYY-MM-DD, integer
  ``fatalities``, inter as labels, ``iso``/``region``, ``timestamp``); rasd's own columns (document id,
  evidence, confidence, review status) follow after ACLED's.
* ``geojson``: an RFC 7946 FeatureCollection (longitude, latitude order) of events with coordinates.
* ``parquet``: one typed table (pyarrow), readable by pandas, polars and DuckDB.
* ``jsonl``: one event per line with every field.
* ``mentions``: GDELT-style — one row per stored event (a mention) with its incident, document, outlet, URL,
  evidence offsets and confidence.
With ``incidents=True`` the rows are incidents (one per merged event) instead of mentions.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Select, Table, func, literal, select, tuple_

from rasd.store import schema
from rasd.store.db import Store
from rasd.store.schema import order_key
from rasd.text.normalize import normalize_key

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
RASD_COLUMNS = ("document_id", "incident_id", "location_ar", "evidence", "confidence", "reviewed")
ISO = {"Syria": 760, "Iraq": 368, "Lebanon": 422, "Jordan": 400, "Turkey": 792}
FORMATS = ("acled-csv", "geojson", "parquet", "jsonl", "mentions")


@dataclass(frozen=True)
class EventFilter:
    since: str | None = None
    until: str | None = None
    event_type: str | None = None
    actor: str | None = None
    place: str | None = None
    admin1: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    min_confidence: float | None = None
    limit: int | None = None
    text: str | None = None  # Arabic full text over the evidence sentence and place name, normalized
    review_status: str | None = (
        None  # "reviewed", "unreviewed", or a stored status ("accepted", "rejected" …)
    )
    after: tuple[str, str] | None = None  # keyset cursor: (event_date or "", event_id) of the last row seen

    def apply(self, query: Select[Any], table: Table = schema.events) -> Select[Any]:
        """Add this filter's conditions to ``query`` over ``table`` (``events`` or ``incidents``).

        On incidents, ``--min-confidence`` keeps incidents with at least one mention that confident.
        """
        c = table.c
        if self.since:  # on the ordering expression, so the (date, id) index serves the range
            query = query.where(order_key(c.event_date) >= self.since)
        if self.until:
            query = query.where(c.event_date <= self.until)
        if self.event_type:
            query = query.where((c.event_type == self.event_type) | (c.sub_event_type == self.event_type))
        if self.actor:
            like = f"%{self.actor}%"
            query = query.where(c.actor1.like(like) | c.actor2.like(like))
        if self.place:
            like = f"%{self.place}%"
            query = query.where(c.location.like(like) | c.location_ar.like(like) | (c.place_id == self.place))
        if self.admin1:
            query = query.where(c.admin1 == self.admin1)
        if self.bbox:
            min_lon, min_lat, max_lon, max_lat = self.bbox
            query = query.where(
                c.longitude >= min_lon, c.longitude <= max_lon, c.latitude >= min_lat, c.latitude <= max_lat
            )
        if table is schema.events:
            query = self._events_only(query)
        if self.min_confidence is not None:
            e = schema.events.c
            if table is schema.events:
                query = query.where(e.confidence >= self.min_confidence)
            else:
                confident = select(e.incident_id).where(e.confidence >= self.min_confidence)
                query = query.where(c.incident_id.in_(confident))
        if self.after is not None:  # keyset pagination over (date, id), the order of every query here
            date, last_id = self.after
            id_column = c.event_id if table is schema.events else c.incident_id
            # a row-value comparison walks the (date, id) expression index; an OR of two conditions would not
            query = query.where(
                tuple_(order_key(c.event_date), id_column) > tuple_(literal(date), literal(last_id))
            )
        if self.limit:
            query = query.limit(self.limit)
        return query

    def _events_only(self, query: Select[Any]) -> Select[Any]:
        e = schema.events.c
        if self.text and self.text.strip():
            for word in normalize_key(self.text).split():
                query = query.where(e.search_key.contains(word, autoescape=True))
        if self.review_status == "reviewed":
            query = query.where(e.reviewed.is_(True))
        elif self.review_status == "unreviewed":
            query = query.where(e.reviewed.is_(False))
        elif self.review_status:
            query = query.where(e.review_status == self.review_status)
        return query


def query_events(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    flt = flt or EventFilter()
    query = flt.apply(
        select(schema.events, schema.documents.c.url, schema.documents.c.published)
        .join(schema.documents, schema.documents.c.id == schema.events.c.document_id)
        .order_by(order_key(schema.events.c.event_date), schema.events.c.event_id)
    )
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def query_incidents(store: Store, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    flt = flt or EventFilter()
    t = schema.incidents
    query = flt.apply(select(t).order_by(order_key(t.c.event_date), t.c.incident_id), t)
    with store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def stats(store: Store) -> dict[str, Any]:
    e = schema.events.c
    with store.engine.connect() as conn:
        by_type: dict[Any, int] = dict(
            conn.execute(select(e.sub_event_type, func.count()).group_by(e.sub_event_type)).all()
        )
        by_admin1: dict[Any, int] = dict(
            conn.execute(select(e.admin1, func.count()).group_by(e.admin1)).all()
        )
        months: Counter[str] = Counter()
        for date, count in conn.execute(select(e.event_date, func.count()).group_by(e.event_date)).all():
            months[(date or "unknown")[:7]] += count
        by_outlet: dict[Any, int] = dict(
            conn.execute(select(e.source, func.count()).group_by(e.source)).all()
        )
    return {
        "documents": store.count("documents"),
        "events": store.count("events"),
        "claims": store.count("claims"),
        "incidents": store.count("incidents"),
        "by_sub_event_type": {str(k): v for k, v in sorted(by_type.items(), key=lambda kv: -kv[1])},
        "by_month": dict(sorted(months.items())),
        "by_admin1": {str(k): v for k, v in sorted(by_admin1.items(), key=lambda kv: -kv[1])},
        "by_outlet": {str(k): v for k, v in sorted(by_outlet.items(), key=lambda kv: -kv[1])},
    }


def acled_row(row: dict[str, Any], *, incident: bool = False) -> dict[str, Any]:
    date = row.get("event_date")
    country = row.get("country") or "Syria"
    ident = row["incident_id"] if incident else row["event_id"]
    return {
        "event_id_cnty": f"RASD{ident[:12].upper()}",
        "event_date": date or "",
        "year": int(date[:4]) if date else "",
        "time_precision": row.get("time_precision") or 3,
        "disorder_type": row.get("disorder_type") or "",
        "event_type": row.get("event_type") or "",
        "sub_event_type": row.get("sub_event_type") or "",
        "actor1": row.get("actor1") or "",
        "assoc_actor_1": row.get("assoc_actor_1") or "",
        "inter1": row.get("inter1") or "",
        "actor2": row.get("actor2") or "",
        "assoc_actor_2": row.get("assoc_actor_2") or "",
        "inter2": row.get("inter2") or "",
        "interaction": row.get("interaction") if row.get("interaction") is not None else "",
        "civilian_targeting": row.get("civilian_targeting") or "",
        "iso": ISO.get(country, ""),
        "region": "Middle East",
        "country": country,
        "admin1": row.get("admin1") or "",
        "admin2": row.get("admin2") or "",
        "admin3": row.get("admin3") or "",
        "location": row.get("location") or row.get("location_ar") or "",
        "latitude": row.get("latitude") if row.get("latitude") is not None else "",
        "longitude": row.get("longitude") if row.get("longitude") is not None else "",
        "geo_precision": row.get("geo_precision") or 3,
        "source": row.get("source")
        or ("; ".join(json.loads(row["sources_json"])) if row.get("sources_json") else ""),
        "source_scale": row.get("source_scale") or "",
        "notes": row.get("notes") or "",
        "fatalities": int(row.get("fatalities") or 0),
        "tags": "; ".join(json.loads(row["tags_json"])) if row.get("tags_json") else "",
        "timestamp": int(dt.datetime.now(dt.UTC).timestamp()),
        "document_id": row.get("document_id") or "",
        "incident_id": row.get("incident_id") or "",
        "location_ar": row.get("location_ar") or "",
        "evidence": row.get("evidence_text") or "",
        "confidence": round(float(row["confidence"]), 3) if row.get("confidence") is not None else "",
        "reviewed": bool(row.get("reviewed")) if "reviewed" in row else "",
    }


def write_csv(rows: list[dict[str, Any]], out: TextIO, *, incident: bool = False) -> int:
    writer = csv.DictWriter(out, fieldnames=[*ACLED_COLUMNS, *RASD_COLUMNS], extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(acled_row(row, incident=incident))
    return len(rows)


def geojson(rows: list[dict[str, Any]], *, incident: bool = False) -> dict[str, Any]:
    features = []
    for row in rows:
        if row.get("latitude") is None or row.get("longitude") is None:
            continue
        properties = acled_row(row, incident=incident)
        properties.pop("latitude")
        properties.pop("longitude")
        features.append(
            {
                "type": "Feature",
                "id": row["incident_id"] if incident else row["event_id"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["longitude"]), float(row["latitude"])],
                },
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_parquet(rows: list[dict[str, Any]], path: Path, *, incident: bool = False) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = [acled_row(row, incident=incident) for row in rows]
    columns = [*ACLED_COLUMNS, *RASD_COLUMNS]
    numeric = {"year": pa.int32(), "time_precision": pa.int8(), "interaction": pa.int16(), "iso": pa.int16(),
               "latitude": pa.float64(), "longitude": pa.float64(), "geo_precision": pa.int8(),
               "fatalities": pa.int32(), "timestamp": pa.int64(), "confidence": pa.float64(),
               "reviewed": pa.bool_()}  # fmt: skip
    arrays = {}
    for column in columns:
        values = [None if r[column] == "" else r[column] for r in records]
        arrays[column] = pa.array(values, type=numeric.get(column, pa.string()))
    pq.write_table(pa.table(arrays), path)
    return len(records)


def mentions(store: Store) -> Iterator[dict[str, Any]]:
    e = schema.events.c
    d = schema.documents.c
    query = (
        select(
            e.incident_id,
            e.event_id,
            e.document_id,
            d.outlet,
            d.url,
            e.evidence_start,
            e.evidence_end,
            e.evidence_text,
            e.confidence,
            e.event_date,
            e.sub_event_type,
            e.location,
        )
        .join(schema.documents, d.id == e.document_id)
        .order_by(e.incident_id, e.event_id)
    )
    with store.engine.connect() as conn:
        for row in conn.execute(query).mappings():
            yield dict(row)


def export(
    store: Store, fmt: str, out: Path | None, *, incidents: bool = False, flt: EventFilter | None = None
) -> int:
    """Write one export; ``out`` None writes text formats to stdout. Returns the number of rows."""
    import sys

    rows = query_incidents(store, flt) if incidents else query_events(store, flt)
    if fmt == "parquet":
        if out is None:
            raise ValueError("parquet needs an output file (--output)")
        return write_parquet(rows, out, incident=incidents)
    buffer = io.StringIO()
    if fmt == "acled-csv":
        count = write_csv(rows, buffer, incident=incidents)
    elif fmt == "geojson":
        collection = geojson(rows, incident=incidents)
        buffer.write(json.dumps(collection, ensure_ascii=False))
        count = len(collection["features"])
    elif fmt == "jsonl":
        for row in rows:
            buffer.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count = len(rows)
    elif fmt == "mentions":
        writer = None
        count = 0
        for row in mentions(store):
            if writer is None:
                writer = csv.DictWriter(buffer, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
    if out is None:
        sys.stdout.write(buffer.getvalue())
    else:
        out.write_text(buffer.getvalue(), encoding="utf-8")
    return count
