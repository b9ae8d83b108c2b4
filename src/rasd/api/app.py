"""The FastAPI application: ``create_app(db)`` → read-only REST API over one store.

Every response is one JSON envelope, ``{"data": …, "meta": {…}, "error": null}``; errors are
``{"data": null, "meta": {}, "error": {"code": "api.not_found", "message": "…"}}`` with the matching HTTP status.
Lists use keyset pagination: ``meta.next_cursor`` is passed back as ``cursor``. Filters are validated before
they reach the database and always travel as bound parameters.

The interactive OpenAPI pages (Swagger UI, ReDoc) load scripts from a CDN, so they are off: rasd works offline.
The schema itself is at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

import base64
import binascii
import csv
import json
import re
import tempfile
import time
from collections import defaultdict, deque
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources as package_files
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Cookie, Depends, FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import func, select
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd import __version__
from rasd.export import EventFilter, export, geojson, query_events, query_incidents, stats
from rasd.store import accounts, schema
from rasd.store.db import Store, StoreError

API = "/api/v1"
MAX_PAGE = 500
DATE = r"^\d{4}-\d{2}-\d{2}$"
ID = r"^[0-9a-f]{24}$"
NUMBER = r"-?\d{1,3}(?:\.\d{1,8})?"
EXPORTS = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "parquet": ("application/vnd.apache.parquet", "parquet"),
    "jsonl": ("application/x-ndjson; charset=utf-8", "jsonl"),
    "mentions": ("text/csv; charset=utf-8", "csv"),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def envelope(data: Any, **meta: Any) -> dict[str, Any]:
    return {"data": data, "meta": meta, "error": None}


def ok(data: Any, **meta: Any) -> JSONResponse:
    """The envelope as a ready response: FastAPI's generic encoder would walk every value again (8× slower)."""
    return JSONResponse(envelope(data, **meta))


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"data": None, "meta": {}, "error": {"code": code, "message": message}},
        status_code=status,
        headers=SECURITY_HEADERS,
    )


def encode_cursor(date: str | None, last_id: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([date or "", last_id]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        date, last_id = value
        if not isinstance(date, str) or not isinstance(last_id, str):
            raise ValueError
    except (ValueError, TypeError, binascii.Error, json.JSONDecodeError) as exc:
        raise ApiError(400, "api.bad_cursor", "cursor is not one this API returned") from exc
    return date, last_id


def event_filter(
    since: str | None = Query(None, pattern=DATE, description="events on or after YYYY-MM-DD"),
    until: str | None = Query(None, pattern=DATE, description="events on or before YYYY-MM-DD"),
    type: str | None = Query(None, max_length=80, description="ACLED event type or sub-event type"),
    actor: str | None = Query(None, max_length=120, description="substring of actor1 or actor2"),
    place: str | None = Query(
        None, max_length=120, description="substring of the location, or a gazetteer id"
    ),
    admin1: str | None = Query(None, max_length=80, description="governorate, ACLED spelling"),
    bbox: str | None = Query(None, pattern=f"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$", description="W,S,E,N"),
    min_confidence: float | None = Query(None, ge=0, le=1),
    review_status: str | None = Query(None, pattern="^(reviewed|unreviewed|accepted|corrected|rejected)$"),
    q: str | None = Query(None, max_length=200, description="Arabic full text (normalized: أ/إ/آ→ا, ى→ي …)"),
    limit: int = Query(100, ge=1, le=MAX_PAGE),
    cursor: str | None = Query(None, max_length=400),
) -> EventFilter:
    box = None
    if bbox:
        w, s, e, n = (float(x) for x in bbox.split(","))
        if not (-180 <= w <= e <= 180 and -90 <= s <= n <= 90):
            raise ApiError(
                400, "api.bad_bbox", "bbox must be west,south,east,north with west ≤ east, south ≤ north"
            )
        box = (w, s, e, n)
    return EventFilter(
        since=since,
        until=until,
        event_type=type,
        actor=actor,
        place=place,
        admin1=admin1,
        bbox=box,
        min_confidence=min_confidence,
        review_status=review_status,
        text=q,
        limit=limit + 1,  # one more than asked: is there a next page?
        after=decode_cursor(cursor) if cursor else None,
    )


Filter = Annotated[EventFilter, Depends(event_filter)]


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event as the API shows it: JSON fields parsed, evidence as a span, internal columns dropped."""
    out = {k: v for k, v in row.items() if k not in ("search_key", "tags_json", "field_evidence_json")}
    out["tags"] = json.loads(row.get("tags_json") or "[]")
    out["field_evidence"] = json.loads(row.get("field_evidence_json") or "{}")
    out["evidence"] = {
        "start": row["evidence_start"],
        "end": row["evidence_end"],
        "text": row["evidence_text"],
    }
    for key in ("evidence_start", "evidence_end", "evidence_text"):
        out.pop(key, None)
    return out


def incident_json(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k != "sources_json"}
    out["sources"] = json.loads(row.get("sources_json") or "[]")
    return out


def _page(
    rows: list[dict[str, Any]], flt: EventFilter, id_key: str
) -> tuple[list[dict[str, Any]], str | None]:
    limit = (flt.limit or 1) - 1
    if len(rows) > limit:
        last = rows[limit - 1]
        return rows[:limit], encode_cursor(last.get("event_date"), last[id_key])
    return rows, None


def create_app(
    db: str | None = None,
    *,
    store: Store | None = None,
    public_read: bool = True,
    secure_cookies: bool = False,
) -> FastAPI:
    """The application over the store at ``db`` (``--db``/``RASD_DB``/``sqlite:///rasd.db``).

    ``public_read`` False makes every read need a login; ``secure_cookies`` marks the session cookie Secure
    (set it behind TLS).
    """
    store = store or Store(db)
    store.migrate()
    app = FastAPI(
        title="rasd",
        version=__version__,
        description="Arabic conflict-event records with evidence: events, incidents, documents, claims.",
        openapi_url=f"{API}/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    failures: dict[str, deque[float]] = defaultdict(deque)

    def current(rasd_session: str | None = Cookie(None)) -> tuple[accounts.User, str] | None:
        return accounts.session(store, rasd_session)

    def reader(
        request: Request, who: tuple[accounts.User, str] | None = Depends(current)
    ) -> accounts.User | None:
        open_paths = (f"{API}/login", f"{API}/me", f"{API}/health", f"{API}/openapi.json")
        if who is None and not public_read and request.url.path not in open_paths:
            raise ApiError(401, "api.login_required", "log in to read")
        return who[0] if who else None

    def session_user(
        request: Request,
        who: tuple[accounts.User, str] | None = Depends(current),
        x_csrf_token: str | None = Header(None),
    ) -> accounts.User:
        """A logged-in user whose request carries the session's CSRF token (every state-changing request)."""
        _json_only(request)
        if who is None:
            raise ApiError(401, "api.login_required", "log in first")
        user, csrf = who
        if not x_csrf_token or not secrets_equal(x_csrf_token, csrf):
            raise ApiError(403, "api.csrf", "missing or wrong X-CSRF-Token header")
        return user

    def writer(user: accounts.User = Depends(session_user)) -> accounts.User:
        if not user.can_review:
            raise ApiError(403, "api.forbidden", f"role {user.role} cannot review")
        return user

    app.router.dependencies.append(Depends(reader))

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors()
        )
        return _error(400, "api.invalid", problems or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "api.not_found", 405: "api.method_not_allowed"}.get(exc.status_code, "api.error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.get(f"{API}/events", summary="Stored events, filtered, in (date, id) order")
    def list_events(flt: Filter) -> Response:
        rows, next_cursor = _page(query_events(store, flt), flt, "event_id")
        return ok([event_json(r) for r in rows], count=len(rows), next_cursor=next_cursor)

    @app.get(f"{API}/events.geojson", summary="The same filtered events as a GeoJSON FeatureCollection")
    def events_geojson(flt: Filter) -> Response:
        rows, next_cursor = _page(query_events(store, flt), flt, "event_id")
        collection = geojson(rows)
        collection["next_cursor"] = next_cursor
        return JSONResponse(collection, media_type="application/geo+json")

    @app.get(
        f"{API}/events/{{event_id}}", summary="One event with its claims, incident, mentions and reviews"
    )
    def get_event(event_id: str = PathParam(pattern=ID)) -> Response:
        e, d = schema.events, schema.documents
        with store.engine.connect() as conn:
            row = (
                conn.execute(
                    select(e, d.c.url, d.c.published, d.c.title, d.c.outlet)
                    .join(d, d.c.id == e.c.document_id)
                    .where(e.c.event_id == event_id)
                )
                .mappings()
                .first()
            )
            if row is None:
                raise ApiError(404, "api.not_found", f"no event {event_id}")
            claims = [
                _claim_json(dict(c))
                for c in conn.execute(
                    select(schema.claims).where(schema.claims.c.document_id == row["document_id"])
                ).mappings()
            ]
            incident = None
            mentions: list[dict[str, Any]] = []
            if row["incident_id"]:
                found = (
                    conn.execute(
                        select(schema.incidents).where(schema.incidents.c.incident_id == row["incident_id"])
                    )
                    .mappings()
                    .first()
                )
                incident = incident_json(dict(found)) if found else None
                mentions = [
                    dict(m)
                    for m in conn.execute(
                        select(
                            e.c.event_id,
                            e.c.document_id,
                            e.c.event_date,
                            e.c.location_ar,
                            e.c.fatalities,
                            e.c.evidence_text,
                            d.c.outlet,
                            d.c.url,
                        )
                        .join(d, d.c.id == e.c.document_id)
                        .where(e.c.incident_id == row["incident_id"], e.c.event_id != event_id)
                        .order_by(e.c.event_date, e.c.event_id)
                    ).mappings()
                ]
        event = event_json(dict(row))
        return ok(
            {
                "event": event,
                "claims": [c for c in claims if event_id in c["event_ids"]],
                "document_claims": len(claims),
                "incident": incident,
                "other_mentions": mentions,
                "reviews": store.reviews(event_id),
            }
        )

    @app.get(f"{API}/incidents", summary="Merged incidents, filtered, in (date, id) order")
    def list_incidents(flt: Filter) -> Response:
        rows, next_cursor = _page(query_incidents(store, flt), flt, "incident_id")
        return ok([incident_json(r) for r in rows], count=len(rows), next_cursor=next_cursor)

    @app.get(f"{API}/incidents.geojson", summary="Incidents as a GeoJSON FeatureCollection")
    def incidents_geojson(flt: Filter) -> Response:
        rows, next_cursor = _page(query_incidents(store, flt), flt, "incident_id")
        collection = geojson(rows, incident=True)
        collection["next_cursor"] = next_cursor
        return JSONResponse(collection, media_type="application/geo+json")

    @app.get(f"{API}/incidents/{{incident_id}}", summary="One incident with every mention")
    def get_incident(incident_id: str = PathParam(pattern=ID)) -> Response:
        e, d = schema.events, schema.documents
        with store.engine.connect() as conn:
            found = (
                conn.execute(select(schema.incidents).where(schema.incidents.c.incident_id == incident_id))
                .mappings()
                .first()
            )
            if found is None:
                raise ApiError(404, "api.not_found", f"no incident {incident_id}")
            mentions = [
                event_json(dict(m))
                for m in conn.execute(
                    select(e, d.c.url, d.c.outlet, d.c.published)
                    .join(d, d.c.id == e.c.document_id)
                    .where(e.c.incident_id == incident_id)
                    .order_by(e.c.event_date, e.c.event_id)
                ).mappings()
            ]
        return ok({"incident": incident_json(dict(found)), "mentions": mentions})

    @app.get(
        f"{API}/documents/{{document_id}}", summary="A document's text with its events and claims as spans"
    )
    def get_document(document_id: str = PathParam(pattern=ID)) -> Response:
        d = schema.documents
        with store.engine.connect() as conn:
            doc = conn.execute(select(d).where(d.c.id == document_id)).mappings().first()
            if doc is None:
                raise ApiError(404, "api.not_found", f"no document {document_id}")
            events = [
                dict(r)
                for r in conn.execute(
                    select(
                        schema.events.c.event_id,
                        schema.events.c.sub_event_type,
                        schema.events.c.evidence_start,
                        schema.events.c.evidence_end,
                        schema.events.c.field_evidence_json,
                    ).where(schema.events.c.document_id == document_id)
                ).mappings()
            ]
            claims = [
                _claim_json(dict(c))
                for c in conn.execute(
                    select(schema.claims).where(schema.claims.c.document_id == document_id)
                ).mappings()
            ]
        highlights = [
            {"start": r["evidence_start"], "end": r["evidence_end"], "kind": "event", "id": r["event_id"]}
            for r in events
        ]
        for r in events:
            for field, span in json.loads(r["field_evidence_json"] or "{}").items():
                highlights.append(
                    {"start": span["start"], "end": span["end"], "kind": field, "id": r["event_id"]}
                )
        highlights += [
            {
                "start": c["evidence"]["start"],
                "end": c["evidence"]["end"],
                "kind": "claim",
                "id": c["claim_id"],
            }
            for c in claims
        ]
        highlights.sort(key=lambda h: (h["start"], -h["end"]))
        data = {
            k: v
            for k, v in doc.items()
            if k not in ("raw_zlib", "issues_json", "trace_json", "versions_json")
        }
        data["issues"] = json.loads(doc["issues_json"] or "[]")
        data["versions"] = json.loads(doc["versions_json"] or "{}")
        data["highlights"] = highlights
        data["claims"] = claims
        return ok(data)

    @app.get(f"{API}/claims", summary="Claims (denials, accusations …), optionally of one document or type")
    def list_claims(
        document_id: str | None = Query(None, pattern=ID),
        type: str | None = Query(None, pattern="^(denial|accusation|attribution|threat|statement)$"),
        limit: int = Query(100, ge=1, le=MAX_PAGE),
        cursor: str | None = Query(None, max_length=400),
    ) -> Response:
        c = schema.claims
        query = select(c).order_by(c.c.claim_id).limit(limit + 1)
        if document_id:
            query = query.where(c.c.document_id == document_id)
        if type:
            query = query.where(c.c.type == type)
        if cursor:
            query = query.where(c.c.claim_id > decode_cursor(cursor)[1])
        with store.engine.connect() as conn:
            rows = [_claim_json(dict(r)) for r in conn.execute(query).mappings()]
        next_cursor = encode_cursor(None, rows[limit - 1]["claim_id"]) if len(rows) > limit else None
        return ok(rows[:limit], count=min(len(rows), limit), next_cursor=next_cursor)

    @app.get(f"{API}/places", summary="Gazetteer look-up (clitic-aware: والبوليل finds البوليل)")
    def places(
        q: str = Query(..., min_length=1, max_length=120), limit: int = Query(20, ge=1, le=100)
    ) -> Any:
        return ok(_kb_find(q, "place", limit))

    @app.get(f"{API}/actors", summary="Actor registry look-up (لقسد finds the SDF)")
    def actors(
        q: str = Query(..., min_length=1, max_length=120), limit: int = Query(20, ge=1, le=100)
    ) -> Any:
        return ok(_kb_find(q, "actor", limit))

    @app.get(f"{API}/vocabulary", summary="ACLED event types and sub-event types, for forms and filters")
    def vocabulary() -> Response:
        return ok({"sub_event_types": _sub_types()})

    @app.get(f"{API}/stats", summary="Counts by type, month, governorate and outlet")
    def get_stats() -> Response:
        return ok(stats(store))

    @app.get(
        f"{API}/export", summary="Download a filtered view: ACLED CSV, GeoJSON, Parquet, JSONL, mentions"
    )
    def download(
        flt: Filter,
        format: str = Query(..., pattern="^(acled-csv|geojson|parquet|jsonl|mentions)$"),
        incidents: bool = False,
    ) -> Response:
        media_type, suffix = EXPORTS[format]
        whole = EventFilter(**{**flt.__dict__, "limit": None, "after": None})  # a download is never paged
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"export.{suffix}"
            export(store, format, path, incidents=incidents, flt=whole)
            body = path.read_bytes()
        name = f"rasd-{'incidents' if incidents else 'events'}-{format}.{suffix}"
        return Response(
            body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )

    @app.post(f"{API}/login", summary="Log in; sets the session cookie and returns the CSRF token")
    def login(
        request: Request,
        credentials: dict[str, str] = Body(..., examples=[{"username": "rima", "password": "…"}]),
    ) -> Response:
        _json_only(request)
        username, password = str(credentials.get("username", "")), str(credentials.get("password", ""))
        key = f"{request.client.host if request.client else '?'}|{username.lower()}"
        window = failures[key]
        while window and window[0] < time.monotonic() - LOGIN_WINDOW_S:
            window.popleft()
        if len(window) >= LOGIN_ATTEMPTS:
            raise ApiError(429, "api.rate_limited", "too many failed logins; wait a few minutes")
        user = accounts.authenticate(store, username, password)
        if user is None:
            window.append(time.monotonic())
            raise ApiError(401, "api.bad_login", "wrong username or password")
        failures.pop(key, None)
        token, csrf = accounts.create_session(store, user)
        response = ok({"username": user.username, "role": user.role, "csrf_token": csrf})
        response.set_cookie(
            "rasd_session",
            token,
            max_age=accounts.SESSION_HOURS * 3600,
            httponly=True,
            samesite="strict",
            secure=secure_cookies,
            path="/",
        )
        return response

    @app.post(f"{API}/logout", summary="End the session")
    def logout(
        request: Request,
        _user: accounts.User = Depends(session_user),
        rasd_session: str | None = Cookie(None),
    ) -> Response:
        accounts.end_session(store, rasd_session)
        response = ok({"logged_out": True})
        response.delete_cookie("rasd_session", path="/")
        return response

    @app.get(f"{API}/me", summary="Who is logged in, with the CSRF token for state-changing requests")
    def me(who: tuple[accounts.User, str] | None = Depends(current)) -> Response:
        if who is None:
            return ok(None)
        user, csrf = who
        return ok({"username": user.username, "role": user.role, "csrf_token": csrf})

    @app.post(f"{API}/events/{{event_id}}/review", summary="Accept, reject or correct an event (reviewers)")
    def review(
        event_id: str = PathParam(pattern=ID),
        payload: dict[str, Any] = Body(..., examples=[{"action": "edit", "changes": {"fatalities": 2}}]),
        user: accounts.User = Depends(writer),
    ) -> Response:
        action = payload.get("action")
        if action == "accept":
            changes: dict[str, Any] = {"review_status": "accepted"}
        elif action == "reject":
            changes = {"review_status": "rejected"}
        elif action == "edit":
            changes = {**validate_changes(payload.get("changes")), "review_status": "corrected"}
        else:
            raise ApiError(400, "api.invalid", "action must be accept, reject or edit")
        try:
            changed = store.review_event(event_id, user.username, changes)
        except StoreError as exc:
            status = 404 if "no stored event" in str(exc) else 400
            raise ApiError(status, "api.not_found" if status == 404 else "api.invalid", str(exc)) from exc
        return ok({"changed": changed, "reviews": store.reviews(event_id)})

    @contextmanager
    def _pasted(payload: dict[str, Any]) -> Iterator[Path]:
        """A pasted article as a one-line JSONL file for the ordinary reader (URL fetching is off)."""
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "api.invalid", "text is required")
        if len(text) > MAX_PASTE:
            raise ApiError(413, "api.too_large", f"at most {MAX_PASTE} characters")
        record: dict[str, Any] = {"text": text}
        for key in ("title", "outlet", "url"):
            value = payload.get(key)
            if value is not None:
                if not isinstance(value, str) or len(value) > 500:
                    raise ApiError(400, "api.invalid", f"{key} is text of at most 500 characters")
                record[key] = value
        published = payload.get("published")
        if published:
            if not isinstance(published, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
                raise ApiError(400, "api.invalid", "published is YYYY-MM-DD")
            record["published"] = published
        with tempfile.TemporaryDirectory(prefix="rasd-paste-") as tmp:
            path = Path(tmp) / "pasted.jsonl"
            path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            yield path

    @app.post(f"{API}/preview", summary="Run the pipeline on a pasted article without saving it (reviewers)")
    def preview(payload: dict[str, Any] = Body(...), _user: accounts.User = Depends(writer)) -> Response:
        from rasd.ingest import Reader
        from rasd.pipeline import Pipeline

        with _pasted(payload) as path:
            if getattr(app.state, "pipeline", None) is None:  # built once, on the first preview
                app.state.pipeline = Pipeline()
            pipeline = app.state.pipeline
            [doc] = [pipeline.run(d) for d in Reader().read([str(path)])]
        return ok(
            {
                "document_id": doc.id,
                "status": doc.status,
                "text": doc.text,
                "events": [
                    e.to_json(doc.text, source=doc.source.outlet, document_id=doc.id) for e in doc.events
                ],
                "claims": [c.to_json(doc.text) for c in doc.claims],
                "issues": [{"code": i.code, "message": i.message} for i in doc.issues],
            }
        )

    @app.post(f"{API}/documents", summary="Ingest a pasted article into the store (reviewers)")
    def add_document(payload: dict[str, Any] = Body(...), _user: accounts.User = Depends(writer)) -> Response:
        from rasd.store.ingest import ingest

        with _pasted(payload) as path:
            summary = ingest([str(path)], store)
        return ok(
            {"stored": summary.stored, "already_stored": summary.skipped_known, "events": summary.events}
        )

    @app.get(f"{API}/boundaries.geojson", summary="Syrian admin 1-2 boundaries: the map's offline base layer")
    def boundaries() -> Response:
        path = package_files.files("rasd") / "data" / "geo" / "syria-admin.geojson"
        return Response(path.read_bytes(), media_type="application/geo+json")

    @app.get(f"{API}/health", summary="Liveness and the store's schema version")
    def health() -> Response:
        with store.engine.connect() as conn:
            documents = conn.execute(select(func.count()).select_from(schema.documents)).scalar()
        return ok({"status": "ok", "schema_version": store.schema_version(), "documents": documents})

    static = package_files.files("rasd") / "api" / "static"
    app.mount("/", StaticFiles(directory=str(static), html=True), name="ui")
    return app


def _claim_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "claim_id": row["claim_id"],
        "document_id": row["document_id"],
        "type": row["type"],
        "speaker": row["speaker"],
        "about": row["about"],
        "event_ids": json.loads(row["event_ids_json"] or "[]"),
        "evidence": {
            "start": row["evidence_start"],
            "end": row["evidence_end"],
            "text": row["evidence_text"],
        },
    }


def _kb_find(q: str, kind: str, limit: int) -> list[dict[str, Any]]:
    from rasd.kb.resources import load_resources

    resources = load_resources()
    out = []
    for entry, form in resources.find(q, kind=kind)[:limit]:
        record = resources.record(entry)
        data = record.to_json() if hasattr(record, "to_json") else dict(record)
        data["matched"] = form
        out.append(data)
    return out


MAX_PASTE = 200_000
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_S = 300.0
EDITABLE = {
    "event_date", "time_precision", "sub_event_type", "actor1", "actor2", "fatalities", "place_id", "notes",
    "civilian_targeting",
}  # fmt: skip


def secrets_equal(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def _json_only(request: Request) -> None:
    """State-changing requests must be JSON: a cross-site HTML form cannot send it without a CORS preflight."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ApiError(415, "api.json_only", "send application/json")


def _sub_types() -> dict[str, str]:
    path = package_files.files("rasd") / "data" / "lexicons" / "events" / "triggers.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {r["sub_event_type"]: r["event_type"] for r in rows if r.get("sub_event_type")}


def validate_changes(changes: Any) -> dict[str, Any]:
    """A reviewer's edit, checked field by field; a gazetteer ``place_id`` brings its names, admin and point."""
    if not isinstance(changes, dict) or not changes:
        raise ApiError(400, "api.invalid", "changes must be a non-empty object")
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ApiError(400, "api.invalid", f"cannot edit: {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for field, value in changes.items():
        if field == "event_date":
            if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ApiError(400, "api.invalid", "event_date is YYYY-MM-DD")
        elif field in ("time_precision",):
            if value not in (1, 2, 3):
                raise ApiError(400, "api.invalid", "time_precision is 1, 2 or 3")
        elif field == "fatalities":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100000:
                raise ApiError(400, "api.invalid", "fatalities is a whole number ≥ 0")
        elif field == "sub_event_type":
            types = _sub_types()
            if value not in types:
                raise ApiError(400, "api.invalid", f"unknown sub_event_type {value!r}")
            out["event_type"] = types[value]
        elif field == "place_id":
            from rasd.kb.resources import Place, load_resources
            from rasd.stages.geocode import point_of

            resources = load_resources()
            place = resources.by_id.get(str(value))
            if not isinstance(place, Place):
                raise ApiError(400, "api.invalid", f"no gazetteer place {value!r}")
            lat, lon, precision, _how = point_of(resources, place)
            out.update(
                location=place.name_en,
                location_ar=place.name_ar,
                admin1=place.admin1_en or None,
                admin2=place.admin2_en or None,
                admin3=place.admin3_en or None,
                latitude=lat,
                longitude=lon,
                geo_precision=precision,
            )
        elif not isinstance(value, str) or len(value) > 500:
            raise ApiError(400, "api.invalid", f"{field} is text of at most 500 characters")
        out[field] = value
    return out
