"""The knowledge base in memory: gazetteer, actors, people, lexicons, and one matching automaton.

Reads: the catalogued files under ``rasd/data`` (or ``$RASD_DATA_DIR``), verified once per process against
``catalogue.json``. Writes: ``Resources``, shared read-only by every stage (``ctx.resources``).

Every name is indexed by its normalized key (``rasd.text.normalize.normalize_key``: alef forms, ى/ي, ة/ه,
diacritics folded) and, for names with the article, also without it — the press writes ``البوليل`` and
``بوليل``, and a clitic split of ``وبوليل`` must find it. One Aho-Corasick automaton (pyahocorasick) holds
all keys of places, actors, people and outlets; :meth:`Resources.scan` reports its hits that are whole words
or whole words behind a proclitic (``والبوليل`` → البوليل) and before an enclitic (``قائدها``), so matching a
3,000-character article costs one pass, whatever the size of the gazetteer.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from rasd.errors import DataError
from rasd.kb.catalogue import data_dir, load_catalogue, read_data_file, verify_catalogue
from rasd.text.normalize import normalize_key

PLACES_FILE = "gazetteer/places.tsv"
ACTORS_FILE = "actors/actors.tsv"
PEOPLE_FILE = "actors/people.tsv"
LEXICON_FILES = {
    "triggers": "lexicons/events/triggers.tsv",
    "weapons": "lexicons/events/weapons.tsv",
    "casualties": "lexicons/events/casualties.tsv",
    "reporting": "lexicons/events/reporting.tsv",
    "modality": "lexicons/events/modality.tsv",
    "outlets": "lexicons/events/outlets.tsv",
    "entities": "lexicons/entities.tsv",
    "common_words": "lexicons/common_words.tsv",
    "garrisons": "actors/garrisons.tsv",  # not a lexicon: rows read as they are (place → force holding it)
}
_ARTICLE = "ال"
# the cue kinds of the entities lexicon whose words the entities stage looks for (place heads, titles): their
# first words ride in the automaton too, so one pass over a text finds them with the names (``scan_spans``)
SCAN_CUE_KINDS = ("place_head", "place_head_plural", "person_title", "person_title_of")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name_ar: str
    name_en: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    feature: str
    admin1_pcode: str
    admin1_en: str
    admin1_ar: str
    admin2_pcode: str
    admin2_en: str
    admin2_ar: str
    admin3_pcode: str
    admin3_en: str
    admin3_ar: str
    lat: float | None
    lon: float | None
    population: int | None
    needs_context: bool
    source: str
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "place",
            "id": self.id,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "feature": self.feature,
            "admin1": self.admin1_en or None,
            "admin2": self.admin2_en or None,
            "admin3": self.admin3_en or None,
            "admin1_ar": self.admin1_ar or None,
            "admin2_ar": self.admin2_ar or None,
            "admin3_ar": self.admin3_ar or None,
            "pcodes": [p for p in (self.admin1_pcode, self.admin2_pcode, self.admin3_pcode) if p],
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
            "needs_context": self.needs_context,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    canonical: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    inter: str
    parent: str
    affiliation: str
    country: str
    valid_from: str
    valid_to: str
    generic: bool
    note: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "actor",
            "id": self.id,
            "canonical": self.canonical,
            "name_ar": self.name_ar,
            "inter": self.inter,
            "affiliation": self.affiliation or None,
            "parent": self.parent or None,
            "country": self.country,
            "valid_from": self.valid_from or None,
            "valid_to": self.valid_to or None,
            "generic": self.generic,
        }


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    name_en: str
    actor_id: str
    role: str
    valid_from: str
    valid_to: str

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "person",
            "id": self.id,
            "name_ar": self.name_ar,
            "name_en": self.name_en,
            "actor_id": self.actor_id,
            "role": self.role,
            "valid_from": self.valid_from or None,
            "valid_to": self.valid_to or None,
        }


@dataclass(frozen=True, slots=True)
class Entry:
    """What a normalized key stands for: a place, actor, person or outlet (by index into its table)."""

    kind: str  # place | actor | person | outlet
    index: int


class Hit(NamedTuple):
    """A knowledge-base name found in a normalized text, as normalized offsets (the caller maps them back).

    (A named tuple rather than a frozen dataclass: an article has dozens of hits, and a tuple is built faster.)
    """

    start: int
    end: int
    key: str
    entries: tuple[Entry, ...]
    prefix: str = ""  # a proclitic before the name inside the same word (و، ب، وال …)
    suffix: str = ""  # an enclitic after it (ها، هم …)


Span = tuple[int, int, str, tuple[Entry, ...], str, str]  # a hit as a tuple (see ``Resources.scan_spans``)


@dataclass
class Resources:
    places: tuple[Place, ...]
    actors: tuple[Actor, ...]
    people: tuple[Person, ...]
    lexicons: dict[str, tuple[dict[str, str], ...]]
    index: dict[str, tuple[Entry, ...]]
    catalogue_version: str
    file_versions: dict[str, str]
    directory: Path
    _automaton: Any = field(repr=False, default=None)
    _prefixes: frozenset[str] = field(repr=False, default=frozenset())
    _suffixes: frozenset[str] = field(repr=False, default=frozenset())
    _prefix_ends: frozenset[str] = field(repr=False, default=frozenset())  # the last letters of the prefixes
    # the prefixes ending in ال or لل (an article-less variant of a name is read only after one)
    _article_prefixes: frozenset[str] = field(repr=False, default=frozenset())
    common_words: frozenset[str] = field(repr=False, default=frozenset())  # place names that are also words
    everyday_words: frozenset[str] = field(repr=False, default=frozenset())  # frequent words, no place names
    _memo: dict[str, Any] = field(repr=False, default_factory=dict)

    # ---- lookups ----
    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Entries whose name or alias has the same normalized key as ``name`` (with or without ال)."""
        key = normalize_key(name)
        found = self.index.get(key, ())
        if not found and key.startswith(_ARTICLE):
            found = self.index.get(key[len(_ARTICLE) :], ())
        return found

    def find(self, name: str, *, kind: str | None = None) -> list[tuple[Entry, str]]:
        """Entries for ``name``, trying clitic splits of its first word: ``والبوليل`` finds البوليل.

        Returns (entry, the form that matched), whole-name matches first.
        """
        from rasd.text.normalize import normalize
        from rasd.text.segment import clitic_candidates

        forms = [name.strip()]
        words = name.strip().split(maxsplit=1)
        if words:
            first = words[0]
            rest = f" {words[1]}" if len(words) > 1 else ""
            norm = normalize(first, vocabulary=False)
            for split in clitic_candidates(first, norm, 0, len(first))[1:]:
                forms.append(first[split.start : split.end] + rest)
                if split.article:  # لل+قامشلي → also القامشلي
                    forms.append(_ARTICLE + first[split.start : split.end] + rest)
        results: list[tuple[Entry, str]] = []
        seen: set[Entry] = set()
        for form in forms:
            for entry in self.lookup(form):
                if entry in seen or (kind and entry.kind != kind):
                    continue
                seen.add(entry)
                results.append((entry, form))
        return results

    @functools.cached_property
    def by_id(self) -> dict[str, Place | Actor | Person]:
        """Places, actors and people by id (ids are unique within and across tables)."""
        table: dict[str, Place | Actor | Person] = {}
        records: list[Place | Actor | Person] = [*self.places, *self.actors, *self.people]
        for record in records:
            table.setdefault(record.id, record)
        return table

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """A value derived from the knowledge base (a compiled pattern, a cue set), built once and kept."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def cues(self, kind: str) -> tuple[str, ...]:
        """Normalized cues of one kind from the entities lexicon (place heads, titles, outlet cues …)."""
        return self._cues.get(kind, ())

    def cue_set(self, kind: str) -> frozenset[str]:
        """The same cues as a set, for membership tests (``head in resources.cue_set("place_head")``)."""
        return self._cue_sets.get(kind, frozenset())

    @functools.cached_property
    def _cue_sets(self) -> dict[str, frozenset[str]]:
        return {kind: frozenset(words) for kind, words in self._cues.items()}

    @functools.cached_property
    def _cues(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = {}
        for row in self.lexicons.get("entities", ()):
            grouped.setdefault(row["kind"], []).append(normalize_key(row["cue"]))
        return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in grouped.items()}

    def record(self, entry: Entry) -> Place | Actor | Person | dict[str, str]:
        if entry.kind == "place":
            return self.places[entry.index]
        if entry.kind == "actor":
            return self.actors[entry.index]
        if entry.kind == "person":
            return self.people[entry.index]
        return self.lexicons["outlets"][entry.index]

    # ---- matching ----
    def scan(self, norm_text: str) -> Iterator[Hit]:
        """Every knowledge-base name in ``norm_text`` on clitic-aware word boundaries (overlaps included)."""
        for start, end, key, entries, prefix, suffix in self.scan_spans(norm_text):
            yield Hit(start, end, key, entries, prefix, suffix)

    def scan_spans(self, norm_text: str, cue_words: list[tuple[int, str]] | None = None) -> list[Span]:
        """The hits of :meth:`scan` as plain tuples ``(start, end, key, entries, prefix, suffix)``, in the same
        order: cheaper to build, for the entities stage, which keeps only the longest of overlapping hits.

        ``cue_words``, if given, receives ``(start, word)`` for every occurrence of the first word of a cue of
        ``SCAN_CUE_KINDS`` (anywhere, inside words too): the same pass finds them.
        """
        automaton = self._automaton
        if automaton is None or len(automaton) == 0:
            return []
        prefixes, suffixes, prefix_ends = self._prefixes, self._suffixes, self._prefix_ends
        article_prefixes = self._article_prefixes
        head_of, tail_of = _WORD_HEAD.search, _WORD_TAIL.match
        size = len(norm_text)
        out: list[Span] = []
        # (each automaton value is (key, its length, its entries, whether it is an article-less variant, whether
        # it is a cue word); a cue word that names nothing has no entries)
        for end_index, (key, length, entries, article_only, cue_word) in automaton.iter(norm_text):
            end = end_index + 1
            start = end - length
            if cue_word:
                if cue_words is not None:
                    cue_words.append((start, key))
                if not entries:
                    continue
            if article_only and (not start or norm_text[start - 1] != "ل"):
                # "بوليل" is indexed for "والبوليل"; bare, such variants are mostly common words (حول, قدم): only
                # after a proclitic that ends in ال or لل (checked below)
                continue
            # half the hits sit inside a word: read the letters before them only when there are some (a space
            # most often: tested first, it spares the isalnum call)
            if start and (before := norm_text[start - 1]) != " " and (before.isalnum() or before == "_"):
                if before not in prefix_ends:
                    continue  # (a prefix would end with this letter)
                # (the word's letters before the hit; a longer run than a prefix's is no prefix either)
                prefix = head_of(norm_text, start - 5 if start > 5 else 0, start).group()  # type: ignore[union-attr]
                if prefix not in (article_prefixes if article_only else prefixes):
                    continue
            else:
                prefix = ""
            if end < size and (after := norm_text[end]) != " " and (after.isalnum() or after == "_"):
                suffix = tail_of(norm_text, end, end + 4).group()  # type: ignore[union-attr]
                if suffix not in suffixes:
                    continue  # (a glued "في" after a name is a typo, not a clitic; see the entities stage)
            else:
                suffix = ""
            out.append((start, end, key, entries, prefix, suffix))
        return out

    # ---- facts ----
    def stats(self) -> dict[str, Any]:
        features: dict[str, int] = {}
        for place in self.places:
            features[place.feature] = features.get(place.feature, 0) + 1
        by_admin1: dict[str, int] = {}
        for place in self.places:
            key = place.admin1_en or "(none)"
            by_admin1[key] = by_admin1.get(key, 0) + 1
        inter: dict[str, int] = {}
        for actor in self.actors:
            inter[actor.inter] = inter.get(actor.inter, 0) + 1
        return {
            "catalogue_version": self.catalogue_version,
            "directory": str(self.directory),
            "places": len(self.places),
            "places_with_coordinates": sum(1 for p in self.places if p.lat is not None),
            "places_by_feature": dict(sorted(features.items())),
            "places_by_admin1": dict(sorted(by_admin1.items())),
            "actors": len(self.actors),
            "actors_by_inter": dict(sorted(inter.items())),
            "people": len(self.people),
            "lexicons": {name: len(rows) for name, rows in sorted(self.lexicons.items())},
            "keys": len(self.index),
        }


# the characters of Arabic news text, most frequent first (the space first: names of several words hold it)
_LETTER_ORDER = " اليمونهرتعبدفسقكحجشطصخضذزثظغء"
_RANKED = str.maketrans({c: chr(1 + i) for i, c in enumerate(_LETTER_ORDER)})


def frequent_first(keys: Iterable[str]) -> list[str]:
    """``keys`` in the order to add them to an Aho-Corasick automaton so that it reads texts faster.

    A node of the automaton (pyahocorasick) keeps its children in the order they were added and looks a letter
    up among them one by one, for every character of a text; keys sorted letter by letter with the frequent
    letters first put, at every node, the children a text asks for most often first (``ال`` before ``ظ``). The
    hits are the same in any order: only the time to find them changes (an eighth less for the cues)."""
    return sorted(keys, key=lambda key: key.translate(_RANKED))


# the letters of the same word before a position (searched from 5 letters back, one more than the longest
# proclitic: a longer run is no proclitic either) and after one (from 4 on, one more than the longest enclitic);
# \w is what str.isalnum() accepts, and "_"
_WORD_HEAD = re.compile(r"\w*\Z")
_WORD_TAIL = re.compile(r"\w*")


def _rows(relpath: str, directory: Path) -> list[dict[str, str]]:
    text = read_data_file(relpath, directory=directory).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _float(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None


def _int(value: str) -> int | None:
    try:
        return int(float(value)) if value.strip() else None
    except ValueError:
        return None


def _keys(name: str) -> set[str]:
    key = normalize_key(name)
    if not key:
        return set()
    keys = {key}
    if key.startswith(_ARTICLE) and len(key) > len(_ARTICLE) + 2:
        keys.add(key[len(_ARTICLE) :])
    return keys


_LATIN = re.compile(r"^[\x00-\x7f]+$")


def _case_variants(name: str) -> tuple[str, ...]:
    """A group named by a plural in construct takes its other case ending too: "مسلحو العشائر" (subject) is
    "مسلحي العشائر" after a verb or preposition ("بين مسلحي العشائر وقسد"), and the other way round."""
    words = name.split()
    head = words[0] if len(words) > 1 else ""
    if (
        len(head) < 5
        or head[-1] not in "وي"
        or head[-2] in "اوي"
        or head.startswith("ال")  # "القومي السوري", "العدو الإسرائيلي": a nisba or a word of its own
        or head[-3] == "ا"  # a broken plural ("أهالي")
        or not (head.startswith("م") or "ا" in head[1:3])  # a participle: مسلحو، مقاتلو، جامعو
    ):
        return ()
    other = "ي" if head[-1] == "و" else "و"
    return (" ".join([head[:-1] + other, *words[1:]]),)


@functools.cache
def _load(directory: Path) -> Resources:
    problems = verify_catalogue(directory)
    if problems:
        raise DataError(
            "knowledge base failed verification:\n  " + "\n  ".join(problems), code="data.modified"
        )
    catalogue = load_catalogue(directory)
    places = tuple(
        Place(
            id=r["id"],
            name_ar=r["name_ar"],
            name_en=r["name_en"],
            aliases_ar=_split(r["aliases_ar"]),
            aliases_en=_split(r["aliases_en"]),
            feature=r["feature"],
            admin1_pcode=r["admin1_pcode"],
            admin1_en=r["admin1_en"],
            admin1_ar=r["admin1_ar"],
            admin2_pcode=r["admin2_pcode"],
            admin2_en=r["admin2_en"],
            admin2_ar=r["admin2_ar"],
            admin3_pcode=r["admin3_pcode"],
            admin3_en=r["admin3_en"],
            admin3_ar=r["admin3_ar"],
            lat=_float(r["lat"]),
            lon=_float(r["lon"]),
            population=_int(r["population"]),
            needs_context=r["needs_context"] == "1",
            source=r["source"],
            note=r["note"],
        )
        for r in _rows(PLACES_FILE, directory)
    )
    actors = tuple(
        Actor(
            id=r["id"],
            canonical=r["canonical"],
            name_ar=r["name_ar"],
            aliases_ar=_split(r["aliases_ar"]),
            aliases_en=_split(r["aliases_en"]),
            inter=r["inter"],
            parent=r["parent"],
            affiliation=r["affiliation"],
            country=r["country"],
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
            generic=r["generic"] == "1",
            note=r["note"],
        )
        for r in _rows(ACTORS_FILE, directory)
    )
    people = tuple(
        Person(
            id=r["id"],
            name_ar=r["name_ar"],
            aliases_ar=_split(r["aliases_ar"]),
            name_en=r["name_en"],
            actor_id=r["actor_id"],
            role=r["role"],
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
        )
        for r in _rows(PEOPLE_FILE, directory)
    )
    lexicons = {name: tuple(_rows(path, directory)) for name, path in LEXICON_FILES.items()}

    index: dict[str, list[Entry]] = {}
    written: set[str] = set()  # keys that are names as written (not only an ال-less variant)

    def add(names: tuple[str, ...], entry: Entry) -> None:
        for name in names:
            for key in _keys(name):
                bucket = index.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)
            written.add(normalize_key(name))

    for i, place in enumerate(places):
        add((place.name_ar, *place.aliases_ar, place.name_en, *place.aliases_en), Entry("place", i))
    for i, actor in enumerate(actors):
        names = (actor.name_ar, *actor.aliases_ar)
        add((*names, *(v for n in names for v in _case_variants(n)), *actor.aliases_en), Entry("actor", i))
    for i, person in enumerate(people):
        add((person.name_ar, *person.aliases_ar, person.name_en), Entry("person", i))
    for i, outlet in enumerate(lexicons["outlets"]):
        add((outlet["name_ar"],), Entry("outlet", i))

    entries = {k: tuple(v) for k, v in index.items()}
    article_only = frozenset(k for k in index if k not in written or _bare_variant(k, index))
    cue_words = {
        words[0]
        for row in lexicons.get("entities", ())
        if row["kind"] in SCAN_CUE_KINDS and (words := normalize_key(row["cue"]).split())
    }
    values: dict[str, tuple[str, int, tuple[Entry, ...], bool, bool]] = {}
    for key in index:
        if not _LATIN.match(key):  # Arabic text is matched; English names serve `rasd kb find`
            # (what a hit needs, looked up once here rather than per hit)
            values[key] = (key, len(key), entries[key], key in article_only, key in cue_words)
    for word in sorted(cue_words):
        if word not in values:
            values[word] = (word, len(word), (), False, True)
    automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
    for key in frequent_first(values):
        automaton.add_word(key, values[key])
    automaton.make_automaton()

    from rasd.text.segment import clitic_rules

    rules = clitic_rules()
    prefixes = {p for p, _article in rules.prefixes} | {p[: -len(_ARTICLE)] for p, a in rules.prefixes if a}
    # (``scan_spans`` reads 5 letters before a hit and 4 after it: one more than the longest clitic)
    assert max(map(len, prefixes)) < 5 and max(map(len, rules.enclitics)) < 4, (
        "a clitic longer than scan reads"
    )
    return Resources(
        places=places,
        actors=actors,
        people=people,
        lexicons=lexicons,
        index=entries,
        catalogue_version=str(catalogue.get("version", "")),
        file_versions={name: str(entry.get("version")) for name, entry in sorted(catalogue["files"].items())},
        directory=directory,
        _automaton=automaton,
        _prefixes=frozenset(p for p in prefixes if p),
        _prefix_ends=frozenset(p[-1] for p in prefixes if p),
        _article_prefixes=frozenset(p for p in prefixes if p.endswith((_ARTICLE, "لل"))),
        common_words=frozenset(
            r["word"] for r in lexicons.get("common_words", ()) if not r["note"].startswith("everyday")
        ),
        everyday_words=frozenset(
            r["word"] for r in lexicons.get("common_words", ()) if r["note"].startswith("everyday")
        ),
        # a lone ه is left out: after normalization it is also the ta marbuta (بشرية → بشريه is no بشري + ه)
        _suffixes=frozenset(e for e in rules.enclitics if e != "ه"),
    )


def _bare_variant(key: str, index: dict[str, list[Entry]]) -> bool:
    """A place name's article-less spelling listed beside the full one (رقة beside الرقة, قصير beside القصير):
    bare, such spellings are mostly common words (ورقة "paper", وقت قصير "a short time"); the name itself
    is matched as written or after لل (للرقة)."""
    full = index.get(_ARTICLE + key)
    if not full:
        return False
    return any(entry.kind == "place" and entry in full for entry in index[key])


def load_resources(directory: Path | str | None = None) -> Resources:
    """The knowledge base, loaded and verified once per process per directory (``$RASD_DATA_DIR`` or the
    package's ``data/``). A modified or missing file raises ``DataError`` naming it."""
    return _load(Path(directory) if directory is not None else data_dir())
