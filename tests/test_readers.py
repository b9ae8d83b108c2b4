from __future__ import annotations

import gzip
import io
from pathlib import Path

from rasd.ingest import Reader, SourceDefaults
from rasd.ingest.urls import canonical_url
from rasd.pipeline import Pipeline
from tests.conftest import DATA, shared_path


def _read(*paths: str | Path, defaults: SourceDefaults | None = None) -> tuple[Reader, list]:
    reader = Reader(defaults=defaults)
    docs = list(reader.read([str(p) for p in paths]))
    return reader, docs


def test_reader_plain_text_keeps_raw_and_sha(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("قصف على الميادين", encoding="utf-8")
    _, [doc] = _read(path, defaults=SourceDefaults(published="2024-08-13", outlet="فرات بوست"))
    assert doc.raw.data == path.read_bytes() and doc.raw.media_type == "text/plain"
    assert doc.source.raw_sha256 == doc.raw.sha256
    assert doc.source.published == "2024-08-13" and doc.source.outlet == "فرات بوست"
    assert doc.source.input_path == str(path)


def test_reader_jsonl_keeps_ids_and_reports_bad_lines() -> None:
    reader, docs = _read(DATA / "jsonl" / "sample.jsonl")
    by_line = {d.source.input_path.rsplit(":", 1)[1]: d for d in docs}
    assert sorted(by_line) == ["1", "2", "3", "4", "5"]
    assert by_line["1"].source.id == "a-1" and by_line["1"].source.published == "2024-08-10"
    assert by_line["3"].source.id == "42" and by_line["3"].raw.media_type == "text/html"
    assert by_line["3"].source.published == "2024-08-11"
    assert [i.code for i in by_line["2"].issues] == ["ingest.jsonl_malformed"]
    assert by_line["2"].raw is not None  # the bad line is kept for a re-run
    assert [i.code for i in by_line["4"].issues] == ["ingest.jsonl_malformed"]
    assert [i.code for i in by_line["5"].issues] == ["ingest.jsonl_no_content"]
    assert reader.stats.documents == 5


def test_reader_warc_html_responses_become_documents() -> None:
    reader, docs = _read(shared_path("fixtures", "warc", "whirlwind", "whirlwind.warc.gz"))
    [doc] = docs
    assert doc.source.url == "https://an.wikipedia.org/wiki/Escopete"
    assert doc.source.fetched_at == "2024-05-18T01:58:10Z"
    assert doc.source.input_path.endswith("whirlwind.warc.gz@1023")
    assert doc.raw.data.lstrip().lower().startswith(b"<!doctype html")
    assert reader.stats.skipped == {"warc.warcinfo": 1, "warc.request": 1, "warc.metadata": 1}


def test_reader_warc_skips_non_html_with_reasons() -> None:
    reader, docs = _read(shared_path("fixtures", "warc", "warcio", "example.warc.gz"))
    assert len(docs) == 1 and docs[0].source.url == "http://example.com/"
    assert reader.stats.skipped["warc.request"] == 2 and reader.stats.skipped["warc.revisit"] == 1
    reader, docs = _read(shared_path("fixtures", "warc", "warcio", "post-test.warc.gz"))
    assert docs == [] and reader.stats.skipped["warc.not_html"] == 3


def test_reader_arc_files_are_read() -> None:
    _, docs = _read(shared_path("fixtures", "warc", "warcio", "example.arc.gz"))
    assert [d.source.url for d in docs] == ["http://example.com/"]


def test_reader_broken_warc_is_an_issue_not_a_crash() -> None:
    for name in (
        "example-bad-non-chunked.warc.gz",
        "example-bad.warc.gz.bad",
        "example-wrong-chunks.warc.gz",
    ):
        _, docs = _read(shared_path("fixtures", "warc", "warcio", name))
        assert "ingest.warc_corrupt" in [i.code for d in docs for i in d.issues], name


def test_reader_rss_items_become_documents() -> None:
    _, docs = _read(DATA / "feeds" / "euphrates-sample.rss")
    assert [d.source.published for d in docs] == ["2024-08-13", "2024-08-12"]
    assert docs[0].source.title == "مقتل مدنيين اثنين بقصف على بلدة الشحيل شرقي دير الزور"
    assert docs[0].source.author == "مراسل المنطقة الشرقية"
    assert docs[0].source.outlet == "نشرة الفرات التجريبية"
    assert docs[0].raw.media_type == "text/html-fragment"
    assert docs[1].source.input_path.endswith("euphrates-sample.rss#1")


def test_reader_atom_entries_become_documents() -> None:
    _, [doc] = _read(DATA / "feeds" / "atom-sample.atom")
    assert doc.source.url == "https://atom.example.org/hasakah-siege-lifted"
    assert doc.source.published == "2024-08-14" and doc.source.author == "فريق التحرير"


def test_reader_sniffs_format_without_suffix(tmp_path: Path) -> None:
    warc = shared_path("fixtures", "warc", "warcio", "example.warc")
    (tmp_path / "capture.dat").write_bytes(warc.read_bytes())
    (tmp_path / "page").write_bytes(b"<html><body><p>\xd9\x86\xd8\xb5</p></body></html>")
    _, docs = _read(tmp_path / "capture.dat", tmp_path / "page")
    kinds = sorted(d.raw.media_type for d in docs)
    assert kinds == ["text/html", "text/html"]
    assert any(d.source.url == "http://example.com/" for d in docs)


def test_reader_stdin_is_sniffed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = (DATA / "jsonl" / "sample.jsonl").read_bytes()

    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", FakeStdin())
    _, docs = _read("-")
    assert len(docs) == 5 and docs[0].source.input_path == "-:1"


def test_reader_missing_path_is_reported() -> None:
    _reader, [doc] = _read("/nonexistent/rasd/file.html")
    assert [i.code for i in doc.issues] == ["ingest.unreadable"]


def test_canonical_url_drops_tracking_and_fragments() -> None:
    assert (
        canonical_url("HTTPS://Example.ORG:443/a/b?utm_source=x&b=2&a=1#top")
        == "https://example.org/a/b?a=1&b=2"
    )
    assert canonical_url("https://x.org/news/%D8%B3") == canonical_url("https://x.org/news/س")
    assert canonical_url("ftp://x.org/a") is None
    assert canonical_url(None) is None


def test_reader_same_url_same_document_id(tmp_path: Path) -> None:
    lines = [
        '{"url": "https://x.org/a?utm_source=tw", "text": "نص أول"}',
        '{"url": "https://x.org/a", "text": "نص ثان"}',
    ]
    path = tmp_path / "two.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    _, docs = _read(path)
    assert docs[0].id == docs[1].id


def test_reader_gzip_that_is_not_warc(tmp_path: Path) -> None:
    path = tmp_path / "notes.gz"
    path.write_bytes(gzip.compress("ليس أرشيفاً".encode()))
    _, [doc] = _read(path)
    assert [i.code for i in doc.issues] == ["ingest.warc_corrupt"]


def test_pipeline_over_reader_output_records_every_document() -> None:
    reader = Reader()
    docs = list(Pipeline(["extract"]).run_many(reader.read([str(DATA / "jsonl" / "sample.jsonl")])))
    assert [d.status for d in docs] == ["warning", "failed", "warning", "failed", "failed"]


def test_reader_directory_reads_article_formats_only(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# notes")
    (tmp_path / "style.css").write_text("p {}")
    (tmp_path / "a.txt").write_text("قصف على الميادين", encoding="utf-8")
    (tmp_path / "noext").write_text("قصف على البوليل", encoding="utf-8")
    reader, docs = _read(tmp_path)
    assert sorted(Path(d.source.input_path).name for d in docs) == ["a.txt", "noext"]
    assert reader.stats.skipped["file.other_suffix"] == 2
    _, [doc] = _read(tmp_path / "README.md")  # named explicitly: read
    assert doc.raw.data == b"# notes"
