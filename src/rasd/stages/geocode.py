"""Stage ``geocode``: pin every place mention to one gazetteer entry, with ACLED's geo_precision.

Reads: ``doc.mentions`` (kind ``place``), ``doc.text``, ``doc.source`` and the gazetteer. Writes:
``doc.places`` (one ``PlaceRef`` per place mention) and ``geocode.ambiguous`` issues.

Homonyms are decided by evidence from the article, in this order of weight:

* the admin areas it names — a governorate, district or sub-district mentioned anywhere in the text
  (``ريف دير الزور الشرقي``, ``الحسكة``) or in the outlet's home region;
* distance to the places it names unambiguously (the other villages of the same report);
* the feature's rank (a city before a village of the same name, a town before a quarter) and population.

``دير الزور`` is the city unless the text says ``محافظة``; ``ريف X`` and regions are precision 2.

geo_precision follows ACLED: **1** a named town, village, quarter or site with its own coordinates; **2** "near"
X (``قرب``, ``محيط``, ``أطراف``, a direction), a countryside or region, or a village known only by its
sub-district (its coordinates are the sub-district's centroid); **3** only a governorate or district. When the
evidence does not decide between places in different governorates the stage records ``geocode.ambiguous``
and answers with precision 3 and no village pin — never a confident wrong pin.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import fields, replace

from rasd.document import Document, Issue, Mention, PlaceRef, evolve
from rasd.errors import issue_level
from rasd.kb.coverage import haversine_km
from rasd.kb.resources import Place, Resources
from rasd.pipeline import Context
from rasd.text.normalize import normalize_key, tables

NAME = "geocode"
VERSION = "1.0.0"
REQUIRES = frozenset({"mentions"})
USES_RESOURCES = True
PROVIDES = frozenset({"places"})

_FEATURE_RANK = {
    "city": 6,
    "admin1": 5,
    "town": 5,
    "site_airport": 4,
    "site_base": 4,
    "site_oilfield": 4,
    "site_gasfield": 4,
    "site_crossing": 4,
    "site_bridge": 4,
    "site_dam": 4,
    "site_prison": 4,
    "site_other": 4,
    "camp": 4,
    "village": 4,
    "region": 3,
    "admin2": 3,
    "admin3": 2,
    "quarter": 1,
}
_POINT_FEATURES = frozenset(f for f in _FEATURE_RANK if f not in ("admin1", "admin2", "admin3", "region"))
_ADMIN_HEADS = frozenset({"محافظه", "محافظة"})


def run(doc: Document, ctx: Context) -> Document:
    resources = ctx.resources
    places_of = {i: m for i, m in enumerate(doc.mentions) if m.kind == "place"}
    if not places_of:
        return doc
    candidates_of = {i: _candidates(resources, m) for i, m in places_of.items()}
    context = _admin_context(resources, places_of)
    anchors = _anchors(candidates_of)
    refs: list[PlaceRef] = []
    issues: list[Issue] = []
    seen: dict[tuple[tuple[str, ...], str, str], tuple[PlaceRef, Issue | None]] = {}
    for index, mention in places_of.items():
        # the same name with the same head resolves the same way within one article
        head = _head_kind(doc, mention)
        key = (mention.ids, mention.head, head)
        if key in seen and mention.ids:
            ref, issue = seen[key]
            refs.append(_with_mention(ref, index))
            continue
        candidates = candidates_of[index]
        # (the other places' points weigh candidates against each other: one candidate needs none)
        others = [point for i, point in anchors.items() if i != index] if len(candidates) > 1 else []
        ref, issue = _resolve(resources, doc, index, mention, candidates, context, others, head)
        seen[key] = (ref, issue)
        refs.append(ref)
        if issue is not None:
            issues.append(issue)
    refs = [
        _admin_from_text(doc, ref, refs) if ref.place_id is None and ref.admin1 is None else ref
        for ref in refs
    ]
    return evolve(doc, places=tuple(refs), issues=doc.issues + tuple(issues))


def _with_mention(ref: PlaceRef, index: int) -> PlaceRef:
    """``replace(ref, mention=index)``, built directly (dataclasses.replace costs more than the rest here)."""
    values = [getattr(ref, name) for name in _PLACE_REF_FIELDS]
    values[0] = index
    return PlaceRef(*values)


_PLACE_REF_FIELDS = tuple(f.name for f in fields(PlaceRef))
assert _PLACE_REF_FIELDS[0] == "mention" and all(f.init for f in fields(PlaceRef))


def _head_kind(doc: Document, mention: Mention) -> str:
    """ "admin" after "محافظة" (governorate: "محافظة دير الزور" is the governorate, not the city); "base" after
    "قاعدة" (base), quotes between or not ("قاعدة "حرير"" is the air base, not the town); else ""."""
    window = doc.text[max(0, mention.start - 14) : mention.start]
    # (a window with no letter that normalizes to ظ or ق ends with neither head: no need to key it)
    if _head_letters().search(window) is None:
        return ""
    before = normalize_key(window)
    if before.endswith("محافظه"):
        return "admin"
    if before.split()[-1:] and before.split()[-1].lstrip("وبل").endswith("قاعده"):
        return "base"
    return ""


@functools.cache
def _head_letters() -> re.Pattern[str]:
    """The characters whose normalized form holds ظ or ق: a window with none of them keys to nothing that ends
    with محافظه or قاعده."""
    letters = {"ظ", "ق"} | {c for c, rep in tables().by_char.items() if "ظ" in rep or "ق" in rep}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(letters)) + "]")


_CITY_HEADS = ("مدينه", "بمدينه", "لمدينه", "ومدينه", "مدينتي")


def _after_city_head(doc: Document, mention: Mention) -> bool:
    """Whether the name follows "مدينة" (town): "مدينة كوباني" is the town, not the sub-district."""
    words = normalize_key(doc.text[max(0, mention.start - 14) : mention.start]).split()
    own = normalize_key(doc.text[mention.start : mention.end]).split()[:1]  # the name written "مدينة إدلب"
    return (bool(words) and words[-1] in _CITY_HEADS) or own == ["مدينه"]


def _seat(resources: Resources, unit: Place) -> Place | None:
    """The town that gives an admin unit its name: the most populous city or town of its admin3 (of its admin2
    for a district, of its governorate for a governorate: "مدينة إدلب" is the city)."""
    level = {"admin3": "admin3_pcode", "admin2": "admin2_pcode", "admin1": "admin1_pcode"}.get(
        unit.feature, ""
    )
    if not level:
        return None
    code = getattr(unit, level)

    def build() -> dict[str, list[Place]]:
        towns: dict[str, list[Place]] = {}
        for place in resources.places:
            if place.feature in ("city", "town") and place.lat is not None:
                for key in (place.admin1_pcode, place.admin2_pcode, place.admin3_pcode):
                    if key:
                        towns.setdefault(key, []).append(place)
        return towns

    towns: dict[str, list[Place]] = resources.memo("geocode.towns_by_admin", build)
    found = towns.get(code, [])
    return max(found, key=lambda p: (p.population or 0, p.feature == "city")) if found else None


def _admin_from_text(doc: Document, ref: PlaceRef, refs: list[PlaceRef]) -> PlaceRef:
    """An unknown place takes the admin area the text gives right after it: "بلدة الصور، شمالي محافظة دير
    الزور", "قرية X بريف دير الزور" — at precision 3 (the area's coordinates), never a village pin."""
    mention = doc.mentions[ref.mention]
    for other in refs:
        m = doc.mentions[other.mention]
        if m.start <= mention.end or m.start - mention.end > 60 or other.admin1 is None:
            continue
        between = doc.text[mention.end : m.start]
        if "\n" in between or "." in between:
            continue
        return replace(
            ref,
            admin1=other.admin1,
            lat=other.lat if other.geo_precision >= 2 else None,
            lon=other.lon if other.geo_precision >= 2 else None,
            why=f"not in the gazetteer; admin area from the text ({doc.text[m.start : m.end]})",
        )
    return ref


def _candidates(resources: Resources, mention: Mention) -> list[Place]:
    out = []
    for ident in mention.ids:
        record = resources.by_id.get(ident)
        if isinstance(record, Place):
            out.append(record)
    return out


def _admin_context(resources: Resources, places_of: dict[int, Mention]) -> dict[str, float]:
    """Admin P-codes the article points to, weighted: named admin units and unambiguous places."""
    weights: dict[str, float] = {}
    votes_of: dict[tuple[str, ...], tuple[tuple[str, float], ...]] = resources.memo(
        "geocode.admin_votes", dict
    )
    for mention in places_of.values():
        votes = votes_of.get(mention.ids)
        if votes is None:
            votes = votes_of[mention.ids] = _admin_votes(_candidates(resources, mention))
        for code, weight in votes:
            weights[code] = weights.get(code, 0.0) + weight
    return weights


def _admin_votes(candidates: list[Place]) -> tuple[tuple[str, float], ...]:
    """What one mention adds to the admin context, in order (the same for every mention of the same ids)."""
    votes: list[tuple[str, float]] = []
    admin1s = {p.admin1_pcode for p in candidates if p.admin1_pcode}
    if len(admin1s) == 1:
        code = next(iter(admin1s))
        votes.append((code, 2.0 if any(p.feature.startswith("admin") for p in candidates) else 1.0))
    for level in ("admin2_pcode", "admin3_pcode"):
        codes = {getattr(p, level) for p in candidates if getattr(p, level)}
        if len(codes) == 1 and len(candidates) == 1:
            votes.append((next(iter(codes)), 1.0))
    return tuple(votes)


def _anchors(candidates_of: dict[int, list[Place]]) -> dict[int, tuple[float, float]]:
    """Coordinates of the places the article names unambiguously (exactly one candidate, with coordinates)."""
    points: dict[int, tuple[float, float]] = {}
    for index, candidates in candidates_of.items():
        if len(candidates) == 1:
            place = candidates[0]
            if place.lat is not None and place.lon is not None and place.feature in _POINT_FEATURES:
                points[index] = (place.lat, place.lon)
    return points


def _score(place: Place, context: dict[str, float], anchors: list[tuple[float, float]], head: str) -> float:
    score = 0.0
    score += 3.0 * context.get(place.admin1_pcode, 0.0)
    score += 2.0 * context.get(place.admin2_pcode, 0.0)
    score += 2.0 * context.get(place.admin3_pcode, 0.0)
    if place.lat is not None and place.lon is not None and anchors:
        nearest = _nearest_km(place.lat, place.lon, anchors)
        score += 3.0 if nearest < 30 else 1.5 if nearest < 100 else 0.0
    rank = _FEATURE_RANK.get(place.feature, 0)
    if head == "admin" and place.feature.startswith("admin"):
        rank += 10  # "محافظة دير الزور" is the governorate
    if head == "base" and place.feature == "site_base":
        rank += 10  # "قاعدة حرير" is the air base
    score += rank * 0.5
    score += math.log10(place.population) * 0.2 if place.population else 0.0
    score += 0.5 if place.lat is not None else 0.0
    return score


def _resolve(
    resources: Resources,
    doc: Document,
    index: int,
    mention: Mention,
    candidates: list[Place],
    context: dict[str, float],
    anchors: list[tuple[float, float]],
    head: str,
) -> tuple[PlaceRef, Issue | None]:
    near = bool(mention.head) and _head_key(resources, mention.head) in resources.cue_set("near")
    name = doc.text[mention.start : mention.end]
    if not candidates:
        return (
            PlaceRef(
                index, None, name, "", "unknown", None, None, None, None, None, 3, "not in the gazetteer", 0
            ),
            None,
        )
    if len(candidates) == 1:
        ranked = candidates  # (most names: nothing to weigh)
    else:
        scores = {p.id: _score(p, context, anchors, head) for p in candidates}
        ranked = sorted(candidates, key=lambda p: (-scores[p.id], p.id))
    best = ranked[0]
    issue = None
    why = (
        "only candidate"
        if len(candidates) == 1
        else f"best of {len(candidates)} by admin context, distance, rank"
    )
    if len(ranked) > 1:
        runner_up = ranked[1]
        decided = scores[best.id] - scores[runner_up.id] >= 1.0
        if not decided and best.admin1_pcode != runner_up.admin1_pcode and best.feature == runner_up.feature:
            message = (
                f"{name}: {len(candidates)} places of this name in different governorates "
                f"({', '.join(sorted({p.admin1_en or p.id for p in candidates}))}) and no evidence decides"
            )
            issue = Issue(NAME, "geocode.ambiguous", message, issue_level("geocode.ambiguous"), None)
            admin1 = _admin_place(resources, best.admin1_pcode)
            return (
                PlaceRef(
                    index,
                    None,
                    name,
                    "",
                    "ambiguous",
                    admin1.lat if admin1 and len({p.admin1_pcode for p in candidates}) == 1 else None,
                    admin1.lon if admin1 and len({p.admin1_pcode for p in candidates}) == 1 else None,
                    None,
                    None,
                    None,
                    3,
                    "ambiguous: " + message,
                    len(candidates),
                ),
                issue,
            )
    if best.feature.startswith("admin") and _after_city_head(doc, mention):
        seat = _seat(resources, best)
        if seat is not None:
            why += f"; 'مدينة' names the town: the seat of {best.name_ar} ({best.id})"
            best = seat
    lat, lon, precision, how = point_of(resources, best)
    why += how
    if near:
        precision = max(precision, 2)
        why += f"; near ({mention.head})"
    return (
        PlaceRef(
            index,
            best.id,
            best.name_ar,
            best.name_en,
            best.feature,
            lat,
            lon,
            best.admin1_en or None,
            best.admin2_en or None,
            best.admin3_en or None,
            precision,
            why,
            len(candidates),
        ),
        issue,
    )


def _head_key(resources: Resources, head: str) -> str:
    """``normalize_key`` of a mention's head (a cue word: few of them), kept once computed."""
    keys: dict[str, str] = resources.memo("geocode.head_keys", dict)
    key = keys.get(head)
    if key is None:
        key = keys[head] = normalize_key(head)
    return key


def _nearest_km(lat: float, lon: float, anchors: list[tuple[float, float]]) -> float:
    """Distance to the nearest anchor: an equirectangular estimate screens, haversine measures."""
    scale = math.cos(math.radians(lat))
    best = min(anchors, key=lambda a: (a[0] - lat) ** 2 + ((a[1] - lon) * scale) ** 2)
    return haversine_km(lat, lon, best[0], best[1])


def point_of(resources: Resources, place: Place) -> tuple[float | None, float | None, int, str]:
    """A gazetteer place's point and ACLED geo_precision, and how they were found (the geocoder's rule, also used
    when a reviewer picks a place). A village known only by its sub-district takes the sub-district's centroid,
    precision 2 (the governorate's: 3)."""
    lat, lon, precision = place.lat, place.lon, _precision(place)
    if lat is None or lon is None:
        for code in (place.admin3_pcode, place.admin2_pcode, place.admin1_pcode):
            admin = _admin_place(resources, code)
            if admin is not None and admin.lat is not None:
                precision = max(precision, 2 if code != place.admin1_pcode else 3)
                return (
                    admin.lat,
                    admin.lon,
                    precision,
                    f"; no own coordinates, centroid of {admin.name_en or admin.id}",
                )
    return lat, lon, precision, ""


def _precision(place: Place) -> int:
    if place.feature in ("admin1", "admin2"):
        return 3
    if place.feature in ("admin3", "region"):
        return 2
    return 1


def _admin_place(resources: Resources, pcode: str) -> Place | None:
    if not pcode:
        return None
    record = resources.by_id.get(pcode)
    return record if isinstance(record, Place) else None
