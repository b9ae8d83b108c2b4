"""The document model shared by every stage.

Reads: nothing. Writes: nothing. This module only defines the frozen records that flow through the pipeline.

A ``Document`` is created by a reader in ``rasd.ingest`` with its raw bytes and ``Source`` metadata, then each
stage returns a new Document with ``dataclasses.replace`` (the input stays valid and unchanged). ``doc.text`` is
fixed by the ``extract`` stage and every later annotation is a character ``Span`` into that one string, so the
evidence shown to a user is exactly what the outlet wrote, e.g. the span of ``الميادين`` (al-Mayadin) inside
``والميادين`` (wa-l-Mayadin) points at the name's own characters, never at a copy.

Ids are content hashes (sha256), never ``hash()``: a document's id comes from its canonical URL when it has
one, otherwise from its raw bytes, so re-reading the same input yields the same id in every process.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

if TYPE_CHECKING:  # the text layer's types; imported for annotations only (no import cycle at run time)
    from rasd.text.dates import DateSpan
    from rasd.text.normalize import Normalized
    from rasd.text.numbers import NumberSpan
    from rasd.text.segment import Tokens

Level = Literal["error", "warning", "info"]
StageStatus = Literal["ok", "failed", "skipped"]

ID_HEX_CHARS = 24  # 96 bits of sha256: collision-free in practice for any corpus rasd will see


def content_id(*parts: str | bytes) -> str:
    """A stable id from content: sha256 over the parts, each length-prefixed so that ("ab","c") != ("a","bc")."""
    return hashlib.sha256(_length_prefixed(parts)).hexdigest()[:ID_HEX_CHARS]


def content_ids(*first: str | bytes) -> Callable[..., str]:
    """``content_id`` with its first parts fixed: ``content_ids(doc.id, "claim")(str(start), kind)`` is
    ``content_id(doc.id, "claim", str(start), kind)``, the fixed parts hashed once for all the records of a
    document (sha256's state after them is copied for each id)."""
    base = hashlib.sha256(_length_prefixed(first))

    def make(*rest: str | bytes) -> str:
        hasher = base.copy()
        hasher.update(_length_prefixed(rest))
        return hasher.hexdigest()[:ID_HEX_CHARS]

    return make


def _length_prefixed(parts: tuple[str | bytes, ...]) -> bytes:
    chunks: list[bytes] = []
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        chunks.append(b"%d:" % len(data))
        chunks.append(data)
    return b"".join(chunks)


_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")


def quick_init(cls: type[_T]) -> type[_T]:
    """Give a frozen, slotted dataclass an ``__init__`` that stores each field through its slot directly.

    The ``__init__`` that ``dataclass(frozen=True)`` writes stores every field with ``object.__setattr__`` (a
    global lookup, an attribute lookup and a generic call each); this one calls each slot's own setter, bound
    once, and builds the same object ≈ 2–3× faster. An article makes ≈ 60 spans and ≈ 50 mentions, and every
    stage copies its Document. Same parameters, defaults and default factories as the generated one, and
    ``__post_init__`` still runs; the class stays frozen (``FrozenInstanceError`` on assignment).
    """
    params: list[str] = []
    body: list[str] = []
    env: dict[str, Any] = {"_HAS_FACTORY": _HAS_FACTORY}
    assert "__slots__" in cls.__dict__, f"{cls.__name__}: quick_init takes a slotted dataclass"
    for f in fields(cls):  # type: ignore[arg-type]
        assert f.init and not f.kw_only, f"{cls.__name__}.{f.name}: quick_init takes plain fields only"
        name = f.name
        env[f"_set_{name}"] = getattr(cls, name).__set__  # (the slot's member descriptor)
        if f.default is not MISSING:
            env[f"_default_{name}"] = f.default
            params.append(f"{name}=_default_{name}")
        elif f.default_factory is not MISSING:
            env[f"_factory_{name}"] = f.default_factory
            params.append(f"{name}=_HAS_FACTORY")
            body.append(f" if {name} is _HAS_FACTORY: {name} = _factory_{name}()")
        else:
            params.append(name)
        body.append(f" _set_{name}(self, {name})")
    if hasattr(cls, "__post_init__"):
        body.append(" self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or [" pass"]) + "\n"
    exec(source, env)  # (as dataclasses itself writes __init__: from the fields, once, at import)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


class _HasFactory:
    def __repr__(self) -> str:
        return "<factory>"


_HAS_FACTORY = _HasFactory()


@quick_init
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` into ``Document.text``, with an optional label."""

    start: int
    end: int
    label: str = ""

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def to_json(self, text: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end}
        if self.label:
            out["label"] = self.label
        if text is not None:
            out["text"] = text[self.start : self.end]
        return out


@quick_init
@dataclass(frozen=True, slots=True)
class Issue:
    """Something wrong with one document, recorded instead of raised.

    ``code`` is a stable string registered in ``rasd.errors.ISSUE_CODES`` (e.g. ``extract.empty``); ``level``
    ``error`` means the document could not be processed further, ``warning`` that the result may be degraded.
    """

    stage: str
    code: str
    message: str
    level: Level = "error"
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "stage": self.stage,
            "code": self.code,
            "level": self.level,
            "message": self.message,
        }
        if self.span is not None:
            out["span"] = self.span.to_json()
        return out


@quick_init
@dataclass(frozen=True, slots=True)
class StageRun:
    """One entry of a document's trace: which stage (and version) ran, how it ended, and how long it took."""

    stage: str
    version: str
    status: StageStatus
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "version": self.version,
            "status": self.status,
            "seconds": round(self.seconds, 6),
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in the text: a span of ``doc.text`` (the name itself, without attached clitics).

    ``kind`` is ``place``, ``actor``, ``person`` or ``outlet``. ``ids`` are the knowledge-base entries the name
    may refer to (several for homonyms; none for an unknown place found by a pattern such as ``قرية X``).
    ``source`` says how it was found: ``gazetteer`` (the knowledge base), ``pattern`` (a context pattern),
    ``title`` (a person after a title such as ``القيادي``). ``head`` is the word that introduced it
    (``قرية``, ``قرب``, ``قائد``) and ``link`` an actor id a person is tied to in the text.
    """

    start: int
    end: int
    kind: str
    key: str
    ids: tuple[str, ...] = ()
    source: str = "gazetteer"
    head: str = ""
    link: str = ""

    def to_json(self, text: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "label": self.kind.upper(),
            "value": list(self.ids),
            "source": self.source,
        }
        if self.head:
            out["head"] = self.head
        if self.link:
            out["link"] = self.link
        return out


@quick_init
@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place mention pinned to the gazetteer: coordinates, admin areas, ACLED geo_precision, and why."""

    mention: int  # index into doc.mentions
    place_id: str | None
    name_ar: str
    name_en: str
    feature: str
    lat: float | None
    lon: float | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    geo_precision: int
    why: str
    candidates: int = 1

    def to_json(self, text: str, mentions: tuple[Mention, ...]) -> dict[str, Any]:
        return {
            **_mention_json(text, mentions[self.mention], "PLACE", self.place_id),
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "feature": self.feature,
            "lat": self.lat,
            "lon": self.lon,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "geo_precision": self.geo_precision,
            "candidates": self.candidates,
            "why": self.why,
        }


def _mention_json(text: str, m: Mention, label: str, value: str | None) -> dict[str, Any]:
    """The span, text, label and value every resolved mention is exported with."""
    return {"start": m.start, "end": m.end, "text": text[m.start : m.end], "label": label, "value": value}


@quick_init
@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor mention (or a person tied to a group) resolved to the actor registry."""

    mention: int
    actor_id: str
    canonical: str
    inter: str
    via: str  # name | person:<id> | generic

    def to_json(self, text: str, mentions: tuple[Mention, ...]) -> dict[str, Any]:
        return {
            **_mention_json(text, mentions[self.mention], "ACTOR", self.actor_id),
            "canonical": self.canonical,
            "inter": self.inter,
            "via": self.via,
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Event:
    """One ACLED-style event: what happened, where, when, who, how many died — and the text that says so.

    Field names follow ACLED's export where ACLED has one; ``evidence`` is the sentence span and
    ``field_evidence`` the span that gave each field (actor1, actor2, location, date, fatalities).
    """

    event_id: str
    event_date: str | None
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str
    actor2: str | None
    inter1: str
    inter2: str | None
    interaction: int | None
    civilian_targeting: str
    country: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    location_ar: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int
    fatalities: int
    notes: str
    tags: tuple[str, ...]
    evidence: Span
    field_evidence: tuple[tuple[str, Span], ...]
    confidence: float
    place_id: str | None = None
    assoc_actor_1: str = ""
    assoc_actor_2: str = ""

    def to_json(
        self, text: str, *, source: str | None = None, document_id: str | None = None
    ) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_date": self.event_date,
            "time_precision": self.time_precision,
            "disorder_type": self.disorder_type,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "actor1": self.actor1,
            "assoc_actor_1": self.assoc_actor_1,
            "inter1": self.inter1,
            "actor2": self.actor2,
            "assoc_actor_2": self.assoc_actor_2,
            "inter2": self.inter2,
            "interaction": self.interaction,
            "civilian_targeting": self.civilian_targeting,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "admin3": self.admin3,
            "location": self.location,
            "location_ar": self.location_ar,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "geo_precision": self.geo_precision,
            "source": source,
            "notes": self.notes,
            "fatalities": self.fatalities,
            "tags": list(self.tags),
            "document_id": document_id,
            "place_id": self.place_id,
            "evidence": self.evidence.to_json(text),
            "field_evidence": {name: span.to_json(text) for name, span in self.field_evidence},
            "confidence": round(self.confidence, 3),
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Claim:
    """What someone says about events: a denial, accusation, attribution, threat or statement."""

    claim_id: str
    type: str  # denial | accusation | attribution | threat | statement
    speaker: str | None
    about: str | None
    evidence: Span
    cue: Span
    event_ids: tuple[str, ...] = ()

    def to_json(self, text: str) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "type": self.type,
            "speaker": self.speaker,
            "about": self.about,
            "event_ids": list(self.event_ids),
            "evidence": self.evidence.to_json(text),
            "cue": self.cue.to_json(text),
        }


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document came from. Filled partly by the reader, partly by ``extract`` (title, author, date).

    ``id`` is the identifier the input itself gave (a JSONL ``id``), kept verbatim; ``published`` is an ISO date
    (``YYYY-MM-DD``) and ``fetched_at`` an ISO timestamp (WARC capture time), both optional.
    ``input_path`` locates the raw input for a re-run: a file path, ``path:LINE`` for JSONL, ``path@OFFSET``
    for a WARC record, ``path#N`` for a feed item, ``-`` for standard input.
    """

    id: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    fetched_at: str | None = None
    raw_sha256: str | None = None
    input_path: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "outlet": self.outlet,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "fetched_at": self.fetched_at,
            "raw_sha256": self.raw_sha256,
            "input_path": self.input_path,
        }


MediaType = Literal["text/plain", "text/html", "text/html-fragment", "application/octet-stream"]


@dataclass(frozen=True, slots=True)
class Raw:
    """The input exactly as read, kept so that a document can be re-run after the pipeline improves.

    ``media_type`` says how ``extract`` should read it: a scraped page's text (``text/plain``), a whole HTML
    page (``text/html``), an HTML fragment such as a feed item's content (``text/html-fragment``).
    ``charset`` is the charset a transport declared (HTTP header, JSONL is always UTF-8), if any.
    """

    data: bytes
    media_type: MediaType
    charset: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@quick_init
@dataclass(frozen=True, slots=True)
class Document:
    """One article as it flows through the pipeline. Frozen; stages return modified copies."""

    id: str
    source: Source
    raw: Raw | None = None
    text: str = ""
    lang: str | None = None
    norm: Normalized | None = field(default=None, repr=False)
    sentences: tuple[Span, ...] = field(default=(), repr=False)
    tokens: Tokens | None = field(default=None, repr=False)
    numbers: tuple[NumberSpan, ...] = field(default=(), repr=False)
    dates: tuple[DateSpan, ...] = field(default=(), repr=False)
    mentions: tuple[Mention, ...] = field(default=(), repr=False)
    places: tuple[PlaceRef, ...] = field(default=(), repr=False)
    actors: tuple[ActorRef, ...] = field(default=(), repr=False)
    events: tuple[Event, ...] = field(default=(), repr=False)
    claims: tuple[Claim, ...] = field(default=(), repr=False)
    layers: frozenset[str] = field(default_factory=lambda: frozenset({"raw", "source"}))
    issues: tuple[Issue, ...] = ()
    trace: tuple[StageRun, ...] = ()

    @property
    def failed(self) -> bool:
        """True when an error-level issue stops further processing of this document."""
        return any(issue.level == "error" for issue in self.issues)

    @property
    def status(self) -> Literal["ok", "warning", "failed"]:
        if self.failed:
            return "failed"
        if any(issue.level == "warning" for issue in self.issues):
            return "warning"
        return "ok"

    def to_json(self) -> dict[str, Any]:
        """The record ``rasd extract`` prints: id, source, text, events, claims, issues (design's output)."""
        return {
            "id": self.id,
            "source": self.source.to_json(),
            "lang": self.lang,
            "status": self.status,
            "text": self.text,
            "events": [
                e.to_json(self.text, source=self.source.outlet, document_id=self.id) for e in self.events
            ],
            "claims": [c.to_json(self.text) for c in self.claims],
            "issues": [issue.to_json() for issue in self.issues],
            "trace": [run.to_json() for run in self.trace],
        }


_DOCUMENT_FIELDS = tuple(f.name for f in fields(Document))
_DOCUMENT_VALUES = attrgetter(*_DOCUMENT_FIELDS)
_DOCUMENT_INDEX = {name: i for i, name in enumerate(_DOCUMENT_FIELDS)}


def evolve(doc: Document, **changes: Any) -> Document:
    """``dataclasses.replace(doc, **changes)``, about a third faster (``evolve(doc, mentions=found)``): every stage
    returns a copy of the document and the pipeline copies it again to record the stage in its trace."""
    values = list(_DOCUMENT_VALUES(doc))
    for name, value in changes.items():
        values[_DOCUMENT_INDEX[name]] = value
    return Document(*values)


def new_document(
    raw: Raw | None,
    source: Source,
    *,
    canonical_url: str | None = None,
    issues: tuple[Issue, ...] = (),
) -> Document:
    """Build a reader's Document: id from the canonical URL when known, else from the raw bytes.

    A document with neither (a failure record for an unreadable file) takes its id from its input path, so
    that the failure is still reported and stored once.
    """
    if canonical_url:
        doc_id = content_id("url", canonical_url)
    elif raw is not None:
        doc_id = content_id("raw", raw.data)
    else:
        doc_id = content_id("input", source.input_path or "")
    if raw is not None and source.raw_sha256 is None:
        source = replace(source, raw_sha256=raw.sha256)
    return Document(id=doc_id, source=source, raw=raw, issues=issues)


class LastValue(Generic[_K, _V]):
    """A value worked out from the last key asked about (compared by identity: one document's text or
    mentions), kept while the stages ask for it again, clause after clause.

    Key and value are one tuple, read once and replaced whole: a pipeline running in another thread (the REST
    API's preview runs in a thread pool) may replace it between two calls, but can never pair one document's key
    with another's value.
    """

    __slots__ = ("_compute", "_entry")

    def __init__(self, compute: Callable[[_K], _V]) -> None:
        self._compute = compute
        self._entry: tuple[_K, _V] | None = None

    def __call__(self, key: _K) -> _V:
        entry = self._entry
        if entry is not None and entry[0] is key:
            return entry[1]
        value = self._compute(key)
        self._entry = (key, value)
        return value


# the starts of the last document's mentions
_mention_starts: LastValue[tuple[Mention, ...], list[int]] = LastValue(
    lambda mentions: [m.start for m in mentions]
)


def mentions_in(doc: Document, start: int, end: int) -> range:
    """Indexes of ``doc.mentions`` that start in [start, end) — mentions are sorted by start — found by
    bisection (stages ask this once per sentence; the starts of the last document are kept)."""
    starts = _mention_starts(doc.mentions)
    return range(bisect.bisect_left(starts, start), bisect.bisect_left(starts, end))
