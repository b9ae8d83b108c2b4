from __future__ import annotations

import datetime as dt

import pytest

from rasd.ingest.decode import decode_bytes
from rasd.ingest.htmlmeta import date_from_url, parse_html, read_meta
from rasd.text.dates import find_absolute_dates
from rasd.text.normalize import normalize_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نشر في 13 آب 2024", dt.date(2024, 8, 13)),
        ("الثلاثاء 13 أغسطس 2024", dt.date(2024, 8, 13)),
        ("13 آب/أغسطس 2024", dt.date(2024, 8, 13)),
        ("١٣/٨/٢٠٢٤", dt.date(2024, 8, 13)),
        ("2024-08-13T10:00", dt.date(2024, 8, 13)),
        ("5 تشرين الأول 2023", dt.date(2023, 10, 5)),
        ("1 كانون الثاني، 2024", dt.date(2024, 1, 1)),
        ("20 جويلية 2023", dt.date(2023, 7, 20)),
    ],
)
def test_dates_absolute_forms(text: str, expected: dt.date) -> None:
    [match] = find_absolute_dates(text)
    assert match.value == expected
    assert text[match.start : match.end].strip()


def test_dates_reject_impossible() -> None:
    assert find_absolute_dates("31/02/2024") == []


def test_normalize_key_folds_variants() -> None:
    assert normalize_key("إقرأ أيضاً:") == normalize_key("اقرا ايضا") == "اقرا ايضا"
    assert normalize_key("مـــدرسة") == "مدرسه"
    assert normalize_key("٢٠٢٤") == "2024"


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859-6"])
@pytest.mark.parametrize(
    "text",
    ["الميادين", "قصف على البوليل", "قتل ثلاثة مدنيين في الكشمة أمس بقصف مدفعي"],
)
def test_decode_legacy_arabic_code_pages(encoding: str, text: str) -> None:
    decoded = decode_bytes(text.encode(encoding))
    assert decoded.text == text and decoded.encoding == encoding
    assert [code for code, _ in decoded.issues] == ["extract.encoding_guessed"]


def test_decode_lying_charset_and_bom() -> None:
    text = "اشتباكات في دير الزور"
    utf8_declared_cp1256 = decode_bytes(text.encode("utf-8"), declared="windows-1256")
    assert utf8_declared_cp1256.text == text
    assert [c for c, _ in utf8_declared_cp1256.issues] == ["extract.encoding_mismatch"]
    cp1256_declared_utf8 = decode_bytes(text.encode("cp1256"), declared="utf-8")
    assert cp1256_declared_utf8.text == text and cp1256_declared_utf8.encoding == "cp1256"
    bom = decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert bom.text == text and bom.issues == ()


def test_html_meta_json_ld_and_url_date() -> None:
    page = """<html lang="ar"><head><title>قصف على الشحيل | عنب بلدي</title>
    <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
    "headline":"قصف على الشحيل","datePublished":"2024-08-13T09:00:00+03:00",
    "author":{"@type":"Person","name":"علي"},"publisher":{"@type":"Organization","name":"عنب بلدي"}}</script>
    </head><body><p>x</p></body></html>"""
    meta = read_meta(parse_html(page))
    assert (meta.title, meta.published, meta.author, meta.outlet, meta.lang) == (
        "قصف على الشحيل",
        "2024-08-13",
        "علي",
        "عنب بلدي",
        "ar",
    )
    assert date_from_url("https://x.org/2013/middle_east/8/3/syria/index.html") == "2013-08-03"
    assert date_from_url("https://x.org/news/20240813-shelling") == "2024-08-13"
    assert date_from_url("https://x.org/news/123") is None


def test_occurrences_finds_every_start_overlapping_too_within_the_range() -> None:
    from rasd.text.normalize import occurrences

    text = "قصف قصف، وقصفت ..."
    assert occurrences(text, "قصف") == [0, 4, 10]
    assert occurrences(text, "قصف", 1) == [4, 10]
    assert occurrences(text, "قصف", 0, 12) == [0, 4]  # (one that runs past the end is not in the range)
    assert occurrences("....", "..") == [0, 1, 2]  # overlapping
    assert occurrences(text, "غارة") == []
