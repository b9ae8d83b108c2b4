"""The extract stage on the seed, the CNN Arabic page and the constructed page layouts."""

from __future__ import annotations

import json

import pytest

from rasd.document import Raw, Source, new_document
from rasd.evaluation.extract import char_scores
from rasd.pipeline import Pipeline
from tests.conftest import DATA, GOLDEN, make_raw_doc, shared_path

PAGES = DATA / "pages"
PAGE_NAMES = sorted(p.name.removesuffix(".meta.json") for p in PAGES.glob("*.meta.json"))


def test_extract_seed_equals_golden_body(extract_pipeline: Pipeline) -> None:
    path = shared_path("seed", "seed-article.txt")
    doc = extract_pipeline.run(make_raw_doc(path.read_bytes(), input_path=str(path)))
    expected = (GOLDEN / "seed-article.expected.txt").read_text(encoding="utf-8").rstrip("\n")
    assert doc.text == expected
    assert doc.issues == () and doc.lang == "ar"
    assert doc.source.title == "توقف معارك دير الزور .. هدنة روسية أم هدوء ما قبل العاصفة؟"
    assert doc.source.author == "Anas abdullah"
    assert doc.source.outlet == "فرات بوست"
    for boilerplate in (
        "مواد ذات صلة",
        "يعحبك",
        "دع تعليقاً",
        "النموذج",
        "الكوكيز",
        "Privacy",
        "by Anas",
        "متابعات",
    ):
        assert boilerplate not in doc.text


def test_extract_seed_keeps_every_gold_evidence_sentence(extract_pipeline: Pipeline) -> None:
    gold = json.loads(shared_path("seed", "seed-gold.json").read_text(encoding="utf-8"))
    doc = extract_pipeline.run(make_raw_doc(shared_path("seed", "seed-article.txt").read_bytes()))
    for item in gold["events"] + gold["claims"]:
        assert item["evidence"] in doc.text


def test_extract_cnn_arabic_page_character_f1(extract_pipeline: Pipeline) -> None:
    html = shared_path("fixtures", "html", "arabic_article.html").read_bytes()
    expected = shared_path("fixtures", "html", "arabic.txt").read_text(encoding="utf-8")
    doc = extract_pipeline.run(new_document(Raw(html, "text/html"), Source()))
    _p, _r, f1 = char_scores(doc.text, expected)
    assert f1 >= 0.95
    assert "الآراء الواردة أدناه" not in doc.text  # CNN's comment-policy disclaimer
    assert doc.source.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert doc.source.published == "2013-08-03"  # from the URL; the page states no machine-readable date
    assert doc.source.outlet == "CNNArabic"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_extract_page_layouts(extract_pipeline: Pipeline, name: str) -> None:
    meta = json.loads((PAGES / f"{name}.meta.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_bytes()
    expected = (PAGES / f"{name}.expected.txt").read_text(encoding="utf-8").rstrip("\n")
    doc = extract_pipeline.run(new_document(Raw(html, "text/html"), Source(input_path=name)))
    precision, recall, f1 = char_scores(doc.text, expected)
    assert f1 >= 0.95, f"{name}: P={precision:.3f} R={recall:.3f}\n{doc.text}"
    assert doc.lang == "ar"
    for key in ("title", "published", "author", "outlet"):
        if meta.get(key):
            assert getattr(doc.source, key) == meta[key], key


def test_extract_title_only_text_is_short_not_empty(extract_pipeline: Pipeline) -> None:
    doc = extract_pipeline.run(make_raw_doc("مقتل مدنيين بقصف على الكشمة"))
    assert doc.text == "مقتل مدنيين بقصف على الكشمة"
    assert [i.code for i in doc.issues] == ["extract.short"]


def test_extract_non_arabic_is_kept_and_flagged(extract_pipeline: Pipeline) -> None:
    text = "Shelling hit the town of al-Mayadin in eastern Deir ez-Zor on Tuesday, killing two civilians."
    doc = extract_pipeline.run(make_raw_doc(text))
    assert doc.text == text and doc.lang == "en"
    assert "extract.not_arabic" in [i.code for i in doc.issues]


def test_extract_persian_is_not_arabic(extract_pipeline: Pipeline) -> None:
    text = "نیروهای دموکراتیک سوریه روز سه‌شنبه شهر میادین در شرق دیرالزور را گلوله‌باران کردند و دو غیرنظامی کشته شدند."
    doc = extract_pipeline.run(make_raw_doc(text))
    assert doc.lang == "fa" and "extract.not_arabic" in [i.code for i in doc.issues]


@pytest.mark.parametrize(
    ("lines", "expected_title", "expected_author", "expected_published"),
    [
        (
            ["الرئيسية › أخبار › سوريا", "قصف على البوليل", "بقلم: محمد الأحمد", "نشر في 13 آب 2024"],
            "قصف على البوليل",
            "محمد الأحمد",
            "2024-08-13",
        ),
        (
            ["عاجل", "اشتباكات في الكشمة", "كتب - أحمد علي", "الثلاثاء 13 أغسطس 2024 - 10:30"],
            "اشتباكات في الكشمة",
            "أحمد علي",
            "2024-08-13",
        ),
        (["نزوح عائلات من ذيبان", "٢٠٢٤/٠٨/١٢"], "نزوح عائلات من ذيبان", None, "2024-08-12"),
    ],
)
def test_extract_header_lines(
    extract_pipeline: Pipeline,
    lines: list[str],
    expected_title: str,
    expected_author: str | None,
    expected_published: str,
) -> None:
    body = (
        "وقالت مصادر محلية إن القصف استهدف منازل المدنيين في البلدة صباح اليوم، ما أدى إلى أضرار مادية كبيرة."
    )
    doc = extract_pipeline.run(make_raw_doc("\n".join([*lines, "", body])))
    assert doc.source.title == expected_title
    assert doc.source.author == expected_author
    assert doc.source.published == expected_published
    assert doc.text == f"{expected_title}\n\n{body}"


@pytest.mark.parametrize(
    "tail",
    [
        ["اقرأ أيضاً: مقتل شاب برصاص مجهولين في الشحيل", "شارك", "فيسبوك تويتر واتساب"],
        ["الوسوم:", "دير الزور", "قسد"],
        ["التعليقات (3)", "أضف تعليقاً", "الاسم *", "البريد الإلكتروني *"],
        ["هذا الموقع يستخدم ملفات تعريف الارتباط لتحسين تجربتك. موافق"],
        ["جميع الحقوق محفوظة © 2024"],
        ["قد يعجبك أيضا", "عنوان خبر آخر عن الرقة", "عنوان خبر ثالث عن الحسكة"],
        ["المقالات المنشورة تعبر عن رأي كاتبها ولا تعبر بالضرورة عن رأي الموقع"],
        ["تابعونا على تيليجرام"],
    ],
)
def test_extract_drops_boilerplate_tails(extract_pipeline: Pipeline, tail: list[str]) -> None:
    body = [
        "قصف على بلدة الشحيل",
        "قالت مصادر محلية إن قوات سوريا الديمقراطية قصفت بلدة الشحيل في ريف دير الزور الشرقي بقذائف الهاون.",
        "وأضافت المصادر أن القصف أسفر عن إصابة ثلاثة مدنيين بجروح، بينهم طفل، ونقلوا إلى مستشفى قريب.",
    ]
    doc = extract_pipeline.run(make_raw_doc("\n".join(body + tail)))
    assert doc.text == "\n\n".join(body)


def test_extract_inline_read_also_between_paragraphs(extract_pipeline: Pipeline) -> None:
    paragraphs = [
        "قالت مصادر محلية إن قوات سوريا الديمقراطية قصفت بلدة الشحيل في ريف دير الزور الشرقي بقذائف الهاون.",
        "اقرأ أيضاً: نزوح عائلات من ذيبان بعد اشتباكات ليلية",
        "وأضافت المصادر أن القصف أسفر عن إصابة ثلاثة مدنيين بجروح، بينهم طفل، ونقلوا إلى مستشفى قريب.",
    ]
    doc = extract_pipeline.run(make_raw_doc("\n".join(["قصف على الشحيل", *paragraphs])))
    assert "نزوح عائلات" not in doc.text
    assert paragraphs[2] in doc.text


def test_extract_html_fragment_br_rules(extract_pipeline: Pipeline) -> None:
    fragment = "<p>السطر الأول<br>يكمل الفقرة.</p><p>فقرة<br><br>جديدة</p>"
    doc = extract_pipeline.run(
        new_document(Raw(fragment.encode(), "text/html-fragment"), Source(title="عنوان"))
    )
    assert doc.text == "عنوان\n\nالسطر الأول يكمل الفقرة.\n\nفقرة\n\nجديدة"
