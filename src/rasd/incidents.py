"""Incidents: reports of the same event from different documents merged into one, every mention kept.

Reads: stored events without an incident. Writes: ``incidents`` rows and ``events.incident_id``.

Two events belong to one incident when all of these hold:

* the same ``event_type`` and ``sub_event_type``;
* dates within 1 day (both at day precision), 7 days (either at week precision) or the same month (either at
  month precision); two unknown dates never match a known one;
* the same place (gazetteer id), or ≤ 10 km apart, or — when either is coarse (geo_precision ≥ 2) — the same
  admin3 (else admin2) area;
* compatible actors: the same actor1, or either actor1 unidentified;
* different documents: one article's events are distinct by construction, and undated events stay alone.

Events are processed in (date, id) order and candidates are looked up through the (event_date, admin1) index
among incidents of nearby dates — never all pairs — so merging stays near-linear as the store grows, and the
result does not depend on ingest order within a batch. An incident keeps ACLED-style values: the most precise
place and date among its mentions, the lowest stated fatality figure (a mention with no figure does not lower
it), the list of sources. Its id is the hash of its founding event, so it is stable as mentions join.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, and_, delete, insert, or_, select, update

from rasd.document import content_id
from rasd.kb.coverage import haversine_km
from rasd.store import schema
from rasd.store.db import Store, now

_WINDOW = {1: 1, 2: 7, 3: 31}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def dates_compatible(a: str | None, pa: int, b: str | None, pb: int) -> bool:
    da, db = _date(a), _date(b)
    if da is None or db is None:
        return da is None and db is None
    window = _WINDOW.get(max(pa, pb), 1)
    if max(pa, pb) >= 3:
        return (da.year, da.month) == (db.year, db.month)
    return abs((da - db).days) <= window


def places_compatible(event: dict[str, Any], incident: dict[str, Any]) -> bool:
    if event.get("place_id") and event.get("place_id") == incident.get("place_id"):
        return True
    lat1, lon1, lat2, lon2 = (
        event.get("latitude"),
        event.get("longitude"),
        incident.get("latitude"),
        incident.get("longitude"),
    )
    if None not in (lat1, lon1, lat2, lon2) and haversine_km(lat1, lon1, lat2, lon2) <= 10:  # type: ignore[arg-type]
        return True
    coarse = (event.get("geo_precision") or 3) >= 2 or (incident.get("geo_precision") or 3) >= 2
    if coarse:
        for level in ("admin3", "admin2"):
            if event.get(level) and event.get(level) == incident.get(level):
                return True
    return False


def actors_compatible(a: str | None, b: str | None) -> bool:
    if not a or not b or a == b:
        return True
    return a.startswith("Unidentified") or b.startswith("Unidentified")


def merge_incidents(store: Store, *, rebuild: bool = False) -> int:
    """Assign every event without an incident; returns the number of incidents created."""

    def work(conn: Connection) -> int:
        if rebuild:
            conn.execute(update(schema.events).values(incident_id=None))
            conn.execute(delete(schema.incidents))
        pending = (
            conn.execute(
                select(schema.events, schema.documents.c.outlet, schema.documents.c.url)
                .join(schema.documents, schema.documents.c.id == schema.events.c.document_id)
                .where(schema.events.c.incident_id.is_(None))
                .order_by(schema.events.c.event_date, schema.events.c.event_id)
            )
            .mappings()
            .all()
        )
        created = 0
        for event in pending:
            incident = _find(conn, dict(event))
            if incident is None:
                _create(conn, dict(event))
                created += 1
            else:
                _join(conn, incident, dict(event))
        return created

    return store._write(work)


def _find(conn: Connection, event: dict[str, Any]) -> dict[str, Any] | None:
    t = schema.incidents
    conditions = [t.c.event_type == event["event_type"], t.c.sub_event_type == event["sub_event_type"]]
    day = _date(event.get("event_date"))
    if day is not None:
        low, high = (day - dt.timedelta(days=31)).isoformat(), (day + dt.timedelta(days=31)).isoformat()
        conditions.append(and_(t.c.event_date >= low, t.c.event_date <= high))
    else:
        conditions.append(t.c.event_date.is_(None))
    if event.get("admin1"):
        conditions.append(or_(t.c.admin1 == event["admin1"], t.c.admin1.is_(None)))
    rows = (
        conn.execute(select(t).where(*conditions).order_by(t.c.event_date, t.c.incident_id)).mappings().all()
    )
    if day is None:
        return None  # an undated report cannot be told apart from others: it stays its own incident
    members = {
        r[0]
        for r in conn.execute(
            select(schema.events.c.incident_id).where(schema.events.c.document_id == event["document_id"])
        ).all()
    }
    for row in rows:
        candidate = dict(row)
        if candidate["incident_id"] in members:
            continue  # one article's events are distinct events by construction (different places or types)
        if not dates_compatible(
            event.get("event_date"),
            event["time_precision"],
            candidate["event_date"],
            candidate["time_precision"] or 3,
        ):
            continue
        if not places_compatible(event, candidate):
            continue
        if not actors_compatible(event.get("actor1"), candidate.get("actor1")):
            continue
        return candidate
    return None


def _create(conn: Connection, event: dict[str, Any]) -> None:
    incident_id = content_id("incident", event["event_id"])
    existing = (
        conn.execute(select(schema.incidents).where(schema.incidents.c.incident_id == incident_id))
        .mappings()
        .first()
    )
    if existing is not None:
        # the event was stored again (a concurrent or forced ingest): it rejoins the incident it founded
        conn.execute(
            update(schema.events)
            .where(schema.events.c.event_id == event["event_id"])
            .values(incident_id=incident_id)
        )
        _refresh(conn, incident_id)
        return
    conn.execute(
        insert(schema.incidents).values(
            incident_id=incident_id,
            event_date=event.get("event_date"),
            time_precision=event["time_precision"],
            event_type=event["event_type"],
            sub_event_type=event["sub_event_type"],
            actor1=event.get("actor1"),
            actor2=event.get("actor2"),
            location=event.get("location"),
            location_ar=event.get("location_ar"),
            admin1=event.get("admin1"),
            admin2=event.get("admin2"),
            admin3=event.get("admin3"),
            place_id=event.get("place_id"),
            latitude=event.get("latitude"),
            longitude=event.get("longitude"),
            geo_precision=event.get("geo_precision"),
            fatalities=event.get("fatalities") or 0,
            sources_json=json.dumps(sorted({event.get("outlet") or "unknown"}), ensure_ascii=False),
            source_scale=None,
            mentions=1,
            updated_at=now(),
        )
    )
    conn.execute(
        update(schema.events)
        .where(schema.events.c.event_id == event["event_id"])
        .values(incident_id=incident_id)
    )


def _join(conn: Connection, incident: dict[str, Any], event: dict[str, Any]) -> None:
    values: dict[str, Any] = {"mentions": incident["mentions"] + 1, "updated_at": now()}
    sources = set(json.loads(incident["sources_json"])) | {event.get("outlet") or "unknown"}
    values["sources_json"] = json.dumps(sorted(sources), ensure_ascii=False)
    figures = [f for f in (incident["fatalities"], event.get("fatalities") or 0) if f > 0]
    values["fatalities"] = min(figures) if figures else 0
    if (event.get("geo_precision") or 3) < (incident.get("geo_precision") or 3):
        for key in (
            "location",
            "location_ar",
            "admin1",
            "admin2",
            "admin3",
            "place_id",
            "latitude",
            "longitude",
            "geo_precision",
        ):
            values[key] = event.get(key)
    if event.get("event_date") and event["time_precision"] < (incident.get("time_precision") or 3):
        values["event_date"] = event["event_date"]
        values["time_precision"] = event["time_precision"]
    if (
        (incident.get("actor1") or "").startswith("Unidentified")
        and event.get("actor1")
        and not event["actor1"].startswith("Unidentified")
    ):
        values["actor1"] = event["actor1"]
    conn.execute(
        update(schema.incidents)
        .where(schema.incidents.c.incident_id == incident["incident_id"])
        .values(**values)
    )
    conn.execute(
        update(schema.events)
        .where(schema.events.c.event_id == event["event_id"])
        .values(incident_id=incident["incident_id"])
    )


def _refresh(conn: Connection, incident_id: str) -> None:
    """Recount an incident's mentions, sources and lowest stated toll from its member events."""
    members = conn.execute(
        select(schema.events.c.fatalities, schema.documents.c.outlet)
        .join(schema.documents, schema.documents.c.id == schema.events.c.document_id)
        .where(schema.events.c.incident_id == incident_id)
    ).all()
    figures = [f for f, _ in members if f and f > 0]
    conn.execute(
        update(schema.incidents)
        .where(schema.incidents.c.incident_id == incident_id)
        .values(
            mentions=len(members),
            sources_json=json.dumps(sorted({o or "unknown" for _, o in members}), ensure_ascii=False),
            fatalities=min(figures) if figures else 0,
            updated_at=now(),
        )
    )
