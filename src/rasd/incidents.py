"""Incidents: reports of the same event from different documents merged into one, every mention kept.

Reads: stored events without an incident. Writes: ``incidents`` rows and ``events.incident_id``.

Two events belong to one incident when all of these hold:

* the same ``event_type`` and compatible sub-types: equal, or both in one group of :data:`COMPATIBLE` — sources
  disagree on the means (a "rocket" in one report is a "barrel bomb" or an "air raid" in another; an explosion
  is a bomb to one outlet and a suicide attack to the next; a town is "stormed" or "taken");
* dates within 1 day (both at day precision), 3 days (either at week precision) or the same month (either at
  month precision); two unknown dates never match a known one;
* the same place (gazetteer id), or ≤ 10 km apart, or — when either is coarse (geo_precision ≥ 2) — the same
  admin3 (else admin2) area; places outside the gazetteer match on the same normalized name;
* compatible actors: the same actor1, either actor1 unidentified, or the roles swapped;
* an article's events at different places never share an incident (the seed's five shelled villages are five
  events); at the same place they may — that is the article repeating itself; undated events stay alone.

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

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from rasd.document import content_id
from rasd.kb.coverage import haversine_km
from rasd.store import schema
from rasd.store.db import Store, now
from rasd.text.normalize import normalize_key

_WINDOW = {1: 1, 2: 3, 3: 31}  # days either side; a "week" date is its middle or the report day, so ±3

# sub-event types that reports of one incident may disagree on
COMPATIBLE: tuple[frozenset[str], ...] = (
    frozenset({"Air/drone strike", "Shelling/artillery/missile attack"}),
    frozenset({"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"}),
    frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    frozenset({"Violent demonstration", "Mob violence"}),
)


def _tolls_agree(a: int, b: int) -> bool:
    """Two stated death tolls within a factor of two of each other (reports of one attack grow: 27, then 30)."""
    return a > 0 and b > 0 and min(a, b) * 2 >= max(a, b)


def subtypes_compatible(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in COMPATIBLE)


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
    if not event.get("place_id") and not incident.get("place_id") and None in (lat1, lat2):
        # neither place is in the gazetteer: the same name is the only evidence there is
        name_a, name_b = _name_key(event.get("location_ar")), _name_key(incident.get("location_ar"))
        if name_a and name_a == name_b:
            return True
    coarse = (event.get("geo_precision") or 3) >= 2 or (incident.get("geo_precision") or 3) >= 2
    if coarse:
        for level in ("admin3", "admin2"):
            if event.get(level) and event.get(level) == incident.get(level):
                return True
    return False


def _name_key(name: str | None) -> str:
    key = normalize_key(name or "").replace(" ", "")
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def actors_compatible(a: str | None, b: str | None, a2: str | None = None, b2: str | None = None) -> bool:
    """Same actor1, either unidentified, or the roles swapped (one outlet's actor1 is the other's actor2)."""
    if not a or not b or a == b:
        return True
    if a.startswith("Unidentified") or b.startswith("Unidentified"):
        return True
    return bool((a2 and a2 == b) or (b2 and b2 == a))


def merge_incidents(store: Store, *, rebuild: bool = False) -> int:
    """Assign every event without an incident; returns the number of incidents created.

    The candidate incidents for the pending events' date range are loaded once and indexed in memory by
    (event type, sub-type, admin1); new incidents and assignments are written in bulk at the end.
    """

    def work(conn: Connection) -> int:
        if rebuild:
            conn.execute(update(schema.events).values(incident_id=None))
            conn.execute(delete(schema.incidents))
        pending = [
            dict(row)
            for row in conn.execute(
                select(schema.events, schema.documents.c.outlet)
                .join(schema.documents, schema.documents.c.id == schema.events.c.document_id)
                .where(schema.events.c.incident_id.is_(None))
                .order_by(schema.events.c.event_date, schema.events.c.event_id)
            ).mappings()
        ]
        if not pending:
            return 0
        index = _Index(conn, pending)
        for event in pending:
            incident = index.find(event)
            if incident is None:
                index.create(event)
            else:
                index.join(incident, event)
        return index.flush()

    return store._write(work)


class _Index:
    """Incidents of the relevant dates, in memory, keyed by (event_type, sub_event_type, admin1)."""

    def __init__(self, conn: Connection, pending: list[dict[str, Any]]) -> None:
        self.conn = conn
        days = [d for d in (_date(e.get("event_date")) for e in pending) if d is not None]
        # (event type, admin1) → date → incidents; month-precision incidents also under (…, "YYYY-MM")
        self.by_key: dict[tuple[str, str | None], dict[str, list[dict[str, Any]]]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}
        self.created: list[dict[str, Any]] = []
        self.created_ids: set[str] = set()
        if days:
            low = (min(days) - dt.timedelta(days=31)).isoformat()
            high = (max(days) + dt.timedelta(days=31)).isoformat()
            t = schema.incidents
            for row in conn.execute(
                select(t).where(t.c.event_date >= low, t.c.event_date <= high)
            ).mappings():
                self._add(dict(row), new=False)
        # incidents each document already has events in (a document's events never share an incident)
        doc_ids = list({e["document_id"] for e in pending})
        self.doc_incidents: dict[str, set[str]] = {}
        for start in range(0, len(doc_ids), 500):
            rows = conn.execute(
                select(schema.events.c.document_id, schema.events.c.incident_id).where(
                    schema.events.c.document_id.in_(doc_ids[start : start + 500]),
                    schema.events.c.incident_id.is_not(None),
                )
            ).all()
            for doc_id, incident_id in rows:
                self.doc_incidents.setdefault(doc_id, set()).add(incident_id)
        self.changed: set[str] = set()
        self.assign: list[dict[str, str]] = []

    def _add(self, incident: dict[str, Any], *, new: bool) -> None:
        key = (incident["event_type"], incident.get("admin1"))
        date = incident.get("event_date") or "undated"
        bucket = date[:7] if (incident.get("time_precision") or 3) >= 3 else date
        self.by_key.setdefault(key, {}).setdefault(bucket, []).append(incident)
        self.by_id[incident["incident_id"]] = incident
        if new:
            self.created.append(incident)
            self.created_ids.add(incident["incident_id"])

    def find(self, event: dict[str, Any]) -> dict[str, Any] | None:
        if _date(event.get("event_date")) is None:
            return None  # an undated report cannot be told apart from others: it stays its own incident
        taken = self.doc_incidents.get(event["document_id"], set())
        keys = {(event["event_type"], event.get("admin1")), (event["event_type"], None)}
        day = _date(event.get("event_date"))
        assert day is not None
        span = 31 if event["time_precision"] >= 3 else 7
        buckets = [(day + dt.timedelta(days=d)).isoformat() for d in range(-span, span + 1)]
        buckets.append(day.isoformat()[:7])  # incidents known only to the month
        best: tuple[tuple[int, int, int, int, int, str], dict[str, Any]] | None = None
        for key in sorted(keys, key=lambda k: (k[1] is None, k)):
            by_date = self.by_key.get(key)
            if not by_date:
                continue
            for candidate in (c for bucket in buckets for c in by_date.get(bucket, ())):
                if candidate["incident_id"] in taken and not (
                    event.get("place_id") and event.get("place_id") == candidate.get("place_id")
                ):
                    # one article's events at different places are distinct events by construction; at the same
                    # place they are the article repeating itself (another date reading, another weapon word)
                    continue
                if not subtypes_compatible(event["sub_event_type"], candidate["sub_event_type"]):
                    continue
                if not dates_compatible(
                    event.get("event_date"),
                    event["time_precision"],
                    candidate["event_date"],
                    candidate["time_precision"] or 3,
                ):
                    continue
                if not places_compatible(event, candidate):
                    continue
                if not actors_compatible(
                    event.get("actor1"), candidate.get("actor1"), event.get("actor2"), candidate.get("actor2")
                ):
                    continue
                # the closest compatible incident wins: nearest date, then the same place, then a death toll
                # that agrees ("30 killed" in both), then the same sub-type
                other = _date(candidate["event_date"])
                rank = (
                    abs((day - other).days) if other else 99,
                    0 if event.get("place_id") and event.get("place_id") == candidate.get("place_id") else 1,
                    0 if _tolls_agree(event.get("fatalities") or 0, candidate.get("fatalities") or 0) else 1,
                    0 if event["sub_event_type"] == candidate["sub_event_type"] else 1,
                    -int(candidate.get("mentions") or 1),  # then the incident more sources agree on
                    candidate["incident_id"],
                )
                if best is None or rank < best[0]:
                    best = (rank, candidate)
        return best[1] if best else None

    def create(self, event: dict[str, Any]) -> None:
        incident_id = content_id("incident", event["event_id"])
        if incident_id in self.by_id:
            self.join(self.by_id[incident_id], event)
            return
        existing = (
            self.conn.execute(select(schema.incidents).where(schema.incidents.c.incident_id == incident_id))
            .mappings()
            .first()
        )
        if existing is not None:  # founded by this event in an earlier run (stored again since)
            incident = dict(existing)
            self._add(incident, new=False)
            self.join(incident, event)
            return
        incident = {
            "incident_id": incident_id,
            "event_date": event.get("event_date"),
            "time_precision": event["time_precision"],
            "event_type": event["event_type"],
            "sub_event_type": event["sub_event_type"],
            "actor1": event.get("actor1"),
            "actor2": event.get("actor2"),
            "location": event.get("location"),
            "location_ar": event.get("location_ar"),
            "admin1": event.get("admin1"),
            "admin2": event.get("admin2"),
            "admin3": event.get("admin3"),
            "place_id": event.get("place_id"),
            "latitude": event.get("latitude"),
            "longitude": event.get("longitude"),
            "geo_precision": event.get("geo_precision"),
            "fatalities": event.get("fatalities") or 0,
            "sources_json": json.dumps(sorted({event.get("outlet") or "unknown"}), ensure_ascii=False),
            "source_scale": None,
            "mentions": 1,
            "updated_at": now(),
        }
        self._add(incident, new=True)
        self._assign(incident, event)

    def join(self, incident: dict[str, Any], event: dict[str, Any]) -> None:
        incident["mentions"] += 1
        sources = set(json.loads(incident["sources_json"])) | {event.get("outlet") or "unknown"}
        incident["sources_json"] = json.dumps(sorted(sources), ensure_ascii=False)
        figures = [f for f in (incident["fatalities"], event.get("fatalities") or 0) if f > 0]
        incident["fatalities"] = min(figures) if figures else 0
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
                incident[key] = event.get(key)
        if event.get("event_date") and event["time_precision"] < (incident.get("time_precision") or 3):
            incident["event_date"] = event["event_date"]
            incident["time_precision"] = event["time_precision"]
        actor = event.get("actor1")
        if (
            (incident.get("actor1") or "").startswith("Unidentified")
            and actor
            and not actor.startswith("Unidentified")
        ):
            incident["actor1"] = actor
        incident["updated_at"] = now()
        if incident["incident_id"] not in self.created_ids:
            self.changed.add(incident["incident_id"])
        self._assign(incident, event)

    def _assign(self, incident: dict[str, Any], event: dict[str, Any]) -> None:
        self.assign.append({"b_event_id": event["event_id"], "b_incident_id": incident["incident_id"]})
        self.doc_incidents.setdefault(event["document_id"], set()).add(incident["incident_id"])

    def flush(self) -> int:
        t = schema.incidents
        if self.created:
            self.conn.execute(insert(t), self.created)
        for incident_id in sorted(self.changed):
            values = {k: v for k, v in self.by_id[incident_id].items() if k != "incident_id"}
            self.conn.execute(update(t).where(t.c.incident_id == incident_id).values(**values))
        if self.assign:
            e = schema.events
            self.conn.execute(
                update(e)
                .where(e.c.event_id == bindparam("b_event_id"))
                .values(incident_id=bindparam("b_incident_id")),
                self.assign,
            )
        return len(self.created)
