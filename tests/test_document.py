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
