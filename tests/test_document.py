from __future__ import annotations

import dataclasses

import pytest

from rasd.document import Document, Issue, Raw, Source, Span, content_id, new_document
from tests.conftest import make_doc


def test_document_is_frozen_with_tuple_fields() -> None:
    doc = new_document(Raw(b"x", "text/plain"), Source())
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "y"  # type: ignore[misc]
    assert isinstance(doc.issues, tuple) and isinstance(doc.trace, tuple)


def test_document_id_is_content_hash_of_url_or_raw() -> None:
    a = new_document(Raw("قصف على الميادين".encode(), "text/plain"), Source())
    b = new_document(Raw("قصف على الميادين".encode(), "text/plain"), Source())
    c = new_document(Raw("قصف على البوليل".encode(), "text/plain"), Source())
    assert a.id == b.id != c.id
    by_url = new_document(
        Raw(b"1", "text/html"), Source(url="https://x.test/a"), canonical_url="https://x.test/a"
    )
    by_url2 = new_document(
        Raw(b"2", "text/html"), Source(url="https://x.test/a"), canonical_url="https://x.test/a"
    )
    assert by_url.id == by_url2.id
    assert a.source.raw_sha256 is not None and len(a.source.raw_sha256) == 64


def test_content_id_parts_are_length_prefixed() -> None:
    assert content_id("ab", "c") != content_id("a", "bc")


def test_span_rejects_negative_and_reversed() -> None:
    with pytest.raises(ValueError):
        Span(3, 2)
    with pytest.raises(ValueError):
        Span(-1, 2)


def test_make_doc_spans_point_into_text() -> None:
    doc, spans = make_doc("قُتل [ثلاثة|NUM] مدنيين في [الميادين|LOC]")
    assert [doc.text[s:e] for s, e, _ in spans] == ["ثلاثة", "الميادين"]
    assert [label for *_, label in spans] == ["NUM", "LOC"]


def test_status_reflects_issue_levels() -> None:
    doc = new_document(Raw(b"x", "text/plain"), Source())
    warned = dataclasses.replace(doc, issues=(Issue("extract", "extract.short", "m", "warning"),))
    failed = dataclasses.replace(doc, issues=(Issue("extract", "extract.empty", "m", "error"),))
    assert (doc.status, warned.status, failed.status) == ("ok", "warning", "failed")
    assert failed.failed and not warned.failed


def test_to_json_has_the_documented_keys() -> None:
    doc = Document(id="x", source=Source(title="t"))
    record = doc.to_json()
    assert {"id", "source", "text", "events", "claims", "issues"} <= set(record)
    assert set(record["source"]) == {
        "id",
        "url",
        "outlet",
        "title",
        "author",
        "published",
        "fetched_at",
        "raw_sha256",
        "input_path",
    }


def test_quick_init_builds_what_the_dataclass_init_built() -> None:
    # quick_init replaces the generated __init__ of the most built records: same parameters, defaults,
    # default factories, keyword use (dataclasses.replace) and checks, still frozen
    from rasd.document import Mention, quick_init

    @dataclasses.dataclass(frozen=True, slots=True)
    class Plain:
        a: int
        b: str = "x"
        c: frozenset[str] = dataclasses.field(default_factory=lambda: frozenset({"raw"}))

    Quick = quick_init(dataclasses.make_dataclass("Quick", [], bases=(), frozen=True, slots=True))
    assert Quick() == Quick()  # (no fields at all)

    @quick_init
    @dataclasses.dataclass(frozen=True, slots=True)
    class Fast:
        a: int
        b: str = "x"
        c: frozenset[str] = dataclasses.field(default_factory=lambda: frozenset({"raw"}))

    for args, kwargs in [((1,), {}), ((1, "y"), {}), ((), {"a": 2, "c": frozenset()})]:
        plain, fast = Plain(*args, **kwargs), Fast(*args, **kwargs)
        assert (fast.a, fast.b, fast.c) == (plain.a, plain.b, plain.c)
    assert Fast(1).c is not Fast(1).c  # (a new value from the factory each time)
    with pytest.raises(TypeError):
        Fast()  # type: ignore[call-arg]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Fast(1).a = 2  # type: ignore[misc]
    with pytest.raises(ValueError, match="invalid span"):
        dataclasses.replace(Span(3, 5), start=6)  # (__post_init__ still runs)
    mention = Mention(0, 4, "place", "حلب")
    assert dataclasses.replace(mention, ids=("p1",)) == Mention(0, 4, "place", "حلب", ("p1",), "gazetteer")
    doc = Document(id="d", source=Source())
    assert doc.layers == frozenset({"raw", "source"}) and doc.sentences == ()


def test_last_value_keeps_one_key_with_its_value() -> None:
    from rasd.document import LastValue

    calls: list[str] = []
    memo: LastValue[str, int] = LastValue(lambda key: calls.append(key) or len(key))
    first, second = "الميادين", "البوليل"
    assert memo(first) == 8 and memo(first) == 8 and calls == [first]  # (worked out once)
    assert memo(second) == 7 and calls == [first, second]
    assert memo(first) == 8 and calls == [first, second, first]  # (the last key only)
    equal_copy = "".join(["الميا", "دين"])
    assert equal_copy == first and equal_copy is not first
    assert memo(equal_copy) == 8 and len(calls) == 4  # (keys by identity: an equal key is another document's)
