"""The Arabic text layer: normalization with offsets, sentences, clitic candidates, numbers, dates.

Every span a test checks is checked as ``doc.text[start:end]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.document import Document, Raw, Source, new_document
from rasd.pipeline import Pipeline
from rasd.text.dates import find_dates
from rasd.text.normalize import WordPattern, key_of, normalize, tables
from rasd.text.numbers import find_numbers
from rasd.text.segment import clitic_candidates, sentences, tokenize
from tests.conftest import shared_path

TEXT_PIPELINE = Pipeline(
    ["normalize", "segment"], on_error="raise", provided=frozenset({"raw", "source", "text"})
)


def _doc(text: str, published: str | None = None) -> Document:
    """A text-level document (the article text as given), run through normalize and segment."""
    base = new_document(Raw(text.encode("utf-8"), "text/plain"), Source(published=published))
    return TEXT_PIPELINE.run(dataclasses.replace(base, text=text, layers=base.layers | {"text"}))


# ---- normalization ----------------------------------------------------------------------------------------

ARABIC_ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةٱ"  # letters and hamza forms
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670ـ"  # harakat, shadda, sukun, dagger alef, tatweel
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳"  # Arabic-Indic and Persian digits
    "\u200b\u200c\u200d\u200e\u200f\u061c\ufeff"  # zero-width and bidi controls
    "ﻻﻷﷲﺍﺑﻢﻰ"  # presentation forms, including ligatures that expand
    " \u00a0،.؟!«»\n-AZaz09"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=80))
def test_normalize_every_character_maps_back_into_the_original(text: str) -> None:
    norm = normalize(text)
    table = tables().table
    for pos, char in enumerate(norm.text):
        orig = norm.to_original(pos)
        assert 0 <= orig < len(text)
        # the one insertion: a word-final ة/ى run into the next word gets its space ("المقاومةقاعدة")
        # (or after any letter where the vocabulary knows both halves and not the whole: "مصادرالميادين")
        glue_space = char == " " and (text[orig] in "ةى" or text[orig].isalpha())
        assert glue_space or char in table.get(ord(text[orig]), text[orig])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=80))
def test_normalize_word_spans_round_trip(text: str) -> None:
    norm = normalize(text)
    for match in re.finditer(r"\S+", norm.text):
        start, end = norm.span_to_original(match.start(), match.end())
        assert normalize(text[start:end]).text == match.group()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=60))
def test_normalize_to_normalized_inverts_to_original(text: str) -> None:
    norm = normalize(text)
    for pos in range(len(norm.text)):
        orig = norm.to_original(pos)
        back = norm.to_normalized(orig)
        assert norm.to_original(back) == orig


def test_normalize_a_mark_before_the_first_letter_maps_to_the_start() -> None:
    norm = normalize("\u064eقصف \ufefb")  # a fatha first; ﻻ expands to two letters
    assert norm.text == "قصف لا"
    assert [norm.to_normalized(p) for p in range(len("\u064eقصف \ufefb") + 1)] == [0, 0, 1, 2, 3, 4, 6]
    assert [norm.to_original(p) for p in range(len(norm.text) + 1)] == [1, 2, 3, 4, 5, 5, 6]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أُعلِنَ", "اعلن"),
        ("مسيّرةٌ", "مسيره"),
        ("الميـــادين", "الميادين"),
        ("إلى مستشفى", "الي مستشفي"),
        ("١٥ قتيلاً", "15 قتيلا"),
        ("ﻻ", "لا"),
        ("قسد\u200f", "قسد"),
        ("مؤسسة", "موسسه"),
        # a run of spaces is one space, so names match across it ("حقل  العمر")
        ("حقل  العمر", "حقل العمر"),
        ("حقل \u00a0 العمر", "حقل العمر"),
    ],
)
def test_normalize_rules(text: str, expected: str) -> None:
    norm = normalize(text)
    assert norm.text == expected
    assert norm.span_to_original(0, len(norm.text)) == (0, len(text))


def test_normalize_stage_keeps_text_and_adds_norm() -> None:
    doc = _doc("قُتِلَ ثَلاثَةُ مَدَنِيّينَ فـــي الميـــادين")
    assert doc.text == "قُتِلَ ثَلاثَةُ مَدَنِيّينَ فـــي الميـــادين"
    assert doc.norm is not None and doc.norm.text == "قتل ثلاثه مدنيين في الميادين"
    start = doc.norm.text.index("الميادين")
    s, e = doc.norm.span_to_original(start, start + len("الميادين"))
    assert doc.text[s:e] == "الميـــادين"


# ---- sentences and tokens ----------------------------------------------------------------------------------


def test_sentences_seed_title_and_paragraphs() -> None:
    pipeline = Pipeline(["extract", "normalize", "segment"], on_error="raise")
    raw = shared_path("seed", "seed-article.txt").read_bytes()
    doc = pipeline.run(new_document(Raw(raw, "text/plain"), Source()))
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert texts[0] == "توقف معارك دير الزور .. هدنة روسية أم هدوء ما قبل العاصفة؟"  # ".." does not split
    assert (
        "قوات قسد ردت على هذه الهجمات بقصف عشوائي أدى إلى خسائر في الأرواح، كما حدث في الميادين والبوليل وبقرص والقورية والكشمة."
        in texts
    )
    assert all("\n" not in t for t in texts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قال د. محمد إن القصف توقف. وأضاف أن الهدوء عاد.",
            ["قال د. محمد إن القصف توقف.", "وأضاف أن الهدوء عاد."],
        ),
        ("قال «توقف القصف. عاد الهدوء» ثم غادر. انتهى", ["قال «توقف القصف. عاد الهدوء» ثم غادر.", "انتهى"]),
        ("بلغت المسافة 3.5 كم. ثم توقفوا", ["بلغت المسافة 3.5 كم.", "ثم توقفوا"]),
        ("هل توقف القصف؟ نعم، توقف!", ["هل توقف القصف؟", "نعم، توقف!"]),
        ("قصف على الشحيل، وذيبان، والبصيرة", ["قصف على الشحيل، وذيبان، والبصيرة"]),
        ("سطر أول\nسطر ثان", ["سطر أول", "سطر ثان"]),
        ('وقال: "انسحبنا. لن نعود". ثم صمت.', ['وقال: "انسحبنا. لن نعود".', "ثم صمت."]),
        ("التقى أ. ب. جميل بالوفد.", ["التقى أ. ب. جميل بالوفد."]),
    ],
)
def test_sentences_rules(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in sentences(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='«»“”"\n.!?؟ ab\u062eد', max_size=16))
def test_sentence_marks_are_the_reference_pattern_s_matches(text: str) -> None:
    from rasd.text.segment import _marks

    # the boundary-mark pattern, read with finditer: what _marks finds with str.find
    pattern = re.compile(r'[«»“”"\n]|\.{2,}|[.!?؟]+')
    assert _marks(text) == [m.span() for m in pattern.finditer(text)]


_DATE_PIECES = [
    *("13", "1", "2024", "1446", "19", "20", "٣", "٢٠٢٤", "५", "9"),
    *(" ", "  ", "\n", "\t", "/", "-", ".", "،", "(", ")", "«"),
    *("من", "اب", "اذار", "مايو", "ماي", "شباط", "عام", "سنه", "رمضان", "ه", "x", "ذ", "ر", "_"),
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join))
def test_date_patterns_read_at_the_digits_find_what_a_search_finds(text: str) -> None:
    from rasd.text.dates import _HIJRI_YEAR, _YEAR, _at_digits, _date_lexicon
    from rasd.text.normalize import _OTHER_START, _other_starts, decimal_digits

    digits = decimal_digits(text)
    assert digits == tuple(m.start() for m in re.finditer(r"\d", text))
    assert _other_starts(text) == tuple(m.start() for m in _OTHER_START.finditer(text))
    lex = _date_lexicon()
    for pattern in (lex.named_re, lex.numeric_re, _YEAR):
        assert [m.span() for m in _at_digits(pattern, text, digits)] == [
            m.span() for m in pattern.finditer(text)
        ]
    # the probes as they were: a search through the whole text
    probes = [re.compile(rf"{sep}(?<=\d{sep})\d{{1,2}}[-/.]\d") for sep in (re.escape(c) for c in "-/.")]
    assert any(lex.numeric_probe.match(text, at) for at in digits) == any(p.search(text) for p in probes)
    assert any(_HIJRI_YEAR.match(text, at) for at in digits) == bool(_HIJRI_YEAR.search(text))
    years = [re.compile(r"19(?<!\d..)\d\d"), re.compile(r"20(?<!\d..)\d\d")]  # the two passes as they were
    assert [m.span() for m in _at_digits(_YEAR, text, digits)] == sorted(
        m.span() for year in years for m in year.finditer(text)
    )


def test_tokens_keep_diacritics_and_tatweel_inside_words() -> None:
    text = "قُتِلَ مدنيٌّ في الميـــادين، أمس."
    tokens = tokenize(text)
    assert [text[s.start : s.end] for s in tokens.spans()] == ["قُتِلَ", "مدنيٌّ", "في", "الميـــادين", "أمس"]


# ---- clitic candidates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والبوليل", "البوليل"),
        ("وبقرص", "بقرص"),
        ("والقورية", "القورية"),
        ("والكشمة", "الكشمة"),
        ("بالميادين", "الميادين"),
        ("لقسد", "قسد"),
        ("بقسد", "قسد"),
        ("وَالبوليلِ", "البوليلِ"),
        ("للنظام", "نظام"),
        ("وسيقصف", "يقصف"),
        ("قائدها", "قائد"),
    ],
)
def test_clitic_candidates_offer_the_name(word: str, expected: str) -> None:
    norm = normalize(word)
    candidates = clitic_candidates(word, norm, 0, len(word))
    assert candidates[0].start == 0 and candidates[0].end == len(word)  # the whole word always comes first
    assert expected in [word[c.start : c.end] for c in candidates]


def test_clitic_candidates_keep_names_whole_first_and_ta_marbuta() -> None:
    for word in ("بقرص", "ثلاثة", "سوريا"):
        candidates = clitic_candidates(word, normalize(word), 0, len(word))
        assert word[candidates[0].start : candidates[0].end] == word
    assert [c.suffix for c in clitic_candidates("ثلاثة", normalize("ثلاثة"), 0, 5)] == [""]


def test_clitic_candidates_in_the_seed_sentence() -> None:
    doc = _doc("قوات قسد ردت بقصف عشوائي كما حدث في الميادين والبوليل وبقرص والقورية والكشمة.")
    assert doc.tokens is not None and doc.norm is not None
    found = set()
    for span in doc.tokens.spans():
        for c in clitic_candidates(doc.text, doc.norm, span.start, span.end):
            found.add(doc.text[c.start : c.end])
    assert {"الميادين", "البوليل", "بقرص", "القورية", "الكشمة", "قسد"} <= found


# ---- numbers --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قُتل ثلاثة مدنيين", [("ثلاثة", 3, "word")]),
        ("مقتل ١٥ عنصراً", [("١٥", 15, "digits")]),
        ("مقتل 1,200 شخص", [("1,200", 1200, "digits")]),
        ("ثلاثة وعشرون قتيلاً", [("ثلاثة وعشرون", 23, "word")]),
        ("مئة وخمسون عائلة", [("مئة وخمسون", 150, "word")]),
        ("ثلاثة آلاف نازح", [("ثلاثة آلاف", 3000, "word")]),
        ("أحد عشر شخصاً", [("أحد عشر", 11, "word")]),
        ("سقط قتيلين", [("قتيلين", 2, "dual")]),
        ("مقتل شخصين", [("شخصين", 2, "dual")]),
        ("مقتل مدنيين اثنين", [("مدنيين اثنين", 2, "dual")]),
        ("نزوح عشرات العائلات", [("عشرات", 12, "vague")]),
        ("سقوط مئات الضحايا", [("مئات", 100, "vague")]),
        ("إصابة عدد من المدنيين", [("عدد من", 3, "vague")]),
        ("جرح بضعة عناصر", [("بضعة", 3, "vague")]),
        ("مقتل بين 5 و7 أشخاص", [("بين 5 و7", 5, "range")]),
        ("مقتل 5 إلى 7 أشخاص", [("5 إلى 7", 5, "range")]),
        ("وقعت الغارة يوم الاثنين", []),
        ("قصف القاعدة بستة صواريخ", [("ستة", 6, "word")]),
        ("قُتِلَ ثَلاثَةُ مَدَنِيّينَ", [("ثَلاثَةُ", 3, "word")]),
    ],
)
def test_numbers(text: str, expected: list[tuple[str, int, str]]) -> None:
    doc = _doc(text)
    assert [(doc.text[n.start : n.end], n.value, n.kind) for n in doc.numbers] == expected


def test_numbers_from_a_dev_article() -> None:
    gold = json.loads(shared_path("eval", "dev", "almayadeen-1774248.json").read_text(encoding="utf-8"))
    norm = normalize(gold["text"])
    values = {(gold["text"][n.start : n.end], n.value) for n in find_numbers(norm)}
    assert ("ستة", 6) in values and ("15", 15) in values


# ---- dates ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("قُتل مدني اليوم", "2024-08-17", [("اليوم", "2024-08-17", 1)]),
        ("قصف مساء أمس", "2024-08-17", [("مساء أمس", "2024-08-16", 1)]),
        ("وقع الهجوم أول أمس", "2024-08-17", [("أول أمس", "2024-08-15", 1)]),
        ("وقع الهجوم أمس الأول", "2024-08-17", [("أمس الأول", "2024-08-15", 1)]),
        (
            "قصفت الطائرات يوم الجمعة",
            "2024-08-17",
            [("يوم الجمعة", "2024-08-16", 1)],
        ),  # published on a Saturday
        ("اشتباكات فجر الإثنين", "2024-08-12", [("فجر الإثنين", "2024-08-12", 1)]),  # same day
        ("غارة الليلة الماضية", "2024-08-17", [("الليلة الماضية", "2024-08-16", 1)]),
        ("اشتباكات ليل الجمعة - السبت", "2024-08-17", [("ليل الجمعة - السبت", "2024-08-16", 1)]),
        ("حملة اعتقالات الأسبوع الماضي", "2024-08-17", [("الأسبوع الماضي", "2024-08-10", 2)]),
        ("تظاهرات الشهر الماضي", "2024-08-17", [("الشهر الماضي", "2024-07-01", 3)]),
        ("الثلاثاء 13 آب 2024", "2024-08-17", [("الثلاثاء 13 آب 2024", "2024-08-13", 1)]),
        ("في 13/8/2024", None, [("13/8/2024", "2024-08-13", 1)]),
        ("في ٢٠٢٤-٠٨-١٣", None, [("٢٠٢٤-٠٨-١٣", "2024-08-13", 1)]),
        ("في 13 أغسطس 2024", None, [("13 أغسطس 2024", "2024-08-13", 1)]),
        ("خلال شهر تشرين الأول 2023", None, [("شهر تشرين الأول 2023", "2023-10-01", 3)]),
        ("في عام 2017 سيطر التنظيم", None, [("في عام 2017", "2017-01-01", 3)]),
        ("في 15 رمضان 1445 هـ", None, [("15 رمضان 1445 هـ", "2024-03-25", 1)]),
        ("قصف أمس", None, [("أمس", None, 1)]),
        # a month without a day: the latest such month; "الماضي" means strictly before publication
        ("ففي آذار/مارس الماضي، استُهدفت", "2024-06-22", [("آذار/مارس الماضي", "2024-03-01", 3)]),
        ("في حزيران الماضي", "2024-06-22", [("حزيران الماضي", "2023-06-01", 3)]),
        ("خلال شهر شباط", "2024-06-22", [("شهر شباط", "2024-02-01", 3)]),
        ("مارس الضغط على الحكومة", "2024-06-22", []),  # a verb, not the month
        ("وقبل أسبوعين، تجددت المواجهات", "2024-06-22", [("قبل أسبوعين", "2024-06-08", 2)]),
        # an ordinal day of this month, of last month, of a named month
        ("وفي السابع من الشهر الجاري، قصفت", "2024-06-22", [("السابع من الشهر الجاري", "2024-06-07", 1)]),
        ("في الثالث من الشهر الماضي", "2024-06-22", [("الثالث من الشهر الماضي", "2024-05-03", 1)]),
        ("في الحادي والعشرين من آذار", "2024-06-22", [("الحادي والعشرين من آذار", "2024-03-21", 1)]),
        # … or its number
        ("في الـ12 من الشهر الجاري", "2024-06-22", [("الـ12 من الشهر الجاري", "2024-06-12", 1)]),
        ("في 3 من آذار", "2024-06-22", [("3 من آذار", "2024-03-03", 1)]),
    ],
)
def test_dates(text: str, published: str | None, expected: list[tuple[str, str | None, int]]) -> None:
    doc = _doc(text, published)
    got = [
        (doc.text[d.start : d.end], d.value.isoformat() if d.value else None, d.precision) for d in doc.dates
    ]
    assert got == expected


def test_dates_future_weekday_is_marked() -> None:
    [(_s, _e, date)] = find_dates(normalize("اجتماع الخميس المقبل").text, published=dt.date(2024, 8, 17))
    assert date.kind == "future" and date.value == dt.date(2024, 8, 22)


def test_dates_in_dev_articles_resolve_weekdays_backwards() -> None:
    gold = json.loads(shared_path("eval", "dev", "almayadeen-1899189.json").read_text(encoding="utf-8"))
    published = dt.date.fromisoformat(gold["published"])
    for _s, _e, date in find_dates(normalize(gold["text"]).text, published=published):
        if date.kind in ("weekday", "relative") and date.value is not None:
            assert published - dt.timedelta(days=7) <= date.value <= published


def test_dates_a_season_or_since_names_a_year() -> None:
    doc = _doc("بدأت المعارك في حلب في صيف 2012، وتتواصل منذ 2013.", "2015-08-01")
    assert [(doc.text[d.start : d.end], d.value.isoformat() if d.value else None) for d in doc.dates] == [
        ("في صيف 2012", "2012-01-01"),
        ("منذ 2013", "2013-01-01"),
    ]


def test_normalize_splits_words_run_together_after_a_word_final_letter() -> None:
    text = 'واستهدفت المقاومةقاعدة "عين الأسد" مرّات عديدةوقاعدة حرير، ووصل إلىالميادين.'
    norm = normalize(text)
    assert "المقاومه قاعده" in norm.text and "عديده وقاعده" in norm.text and "الي الميادين" in norm.text
    start = norm.text.index("قاعده")
    assert text[slice(*norm.span_to_original(start, start + 5))] == "قاعدة"


def test_normalize_splits_words_the_vocabulary_knows_run_together() -> None:
    text = "وأكد مراسلالميادينفي دير الزور أنّ الطائراتاستهداف رتلاً، بحسب مصادرللميادين في بلدة دبلانفي ريفها."
    norm = normalize(text)
    assert "وسبق ان استهدف" in normalize("وسبق أناستهدف قصف مماثل").text
    assert "العسكري بعد" in normalize("قيادات مجلس دير الزور العسكريبعد مداهمة منازلهم").text
    assert "مصادر للميادين ان" in normalize("وكشفت مصادرللميادينأنّ القاعدة").text
    for pair in ("مراسل الميادين في", "الطايرات استهداف", "مصادر للميادين", "دبلان في"):
        assert pair in norm.text
    start = norm.text.index("الميادين")
    assert text[slice(*norm.span_to_original(start, start + 8))] == "الميادين"
    start = norm.text.index("استهداف")
    assert text[slice(*norm.span_to_original(start, start + 7))] == "استهداف"
    assert normalize(text, vocabulary=False).text.split()[1] == "مراسلالميادينفي"


@pytest.mark.parametrize(
    "word",
    [
        "بالآلاف",  # a clitic run with the article, not the word بال
        "والانشقاق",  # و+الانشقاق, not والآن+شقاق
        "وقتالهم",  # و+قتال+هم, not وقت+الهم
        "توقعاتهم",  # a plural with its pronoun, not توقع+اتهم
        "ودورانها",
        "والمحللين",
        "المسألتين",
        "انفعالية",  # a word that starts like أن
    ],
)
def test_normalize_never_splits_a_word_by_its_morphology(word: str) -> None:
    assert " " not in normalize(word).text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=ARABIC_ALPHABET, max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_key_of_reads_the_same_key_off_the_normalized_text(text: str, a: int, b: int) -> None:
    # key_of slices a per-document keyed text; it must equal keying the normalized slice with the regex
    norm = normalize(text)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    piece = norm.text[norm.to_normalized(start) : norm.to_normalized(end)].lower()
    assert key_of(norm, start, end) == " ".join(re.sub(r"[^\w]+", " ", piece).split())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="اولمسبن و،.«»-\n12é_", max_size=40))
def test_word_pattern_finds_what_re_finds(text: str) -> None:
    # WordPattern only skips positions inside words: its matches are re.finditer's, span for span
    # (é and _ are word characters outside the class it scans for)
    patterns = [
        r"(?<![\w])(?P<w>ال\w*|و?\d+)(?![\w])",
        r"(?<![\w])(?P<w>[وف]?(?:ال)?م\w?|و)",
        r"(?<![\w])(?P<w>\w+)",
        r"(?<![\w])(?P<w>\w+[.،]?)",  # a match may end in a mark that precedes the next word
        r"(?<![\w])(?P<w>ا\s?)",  # … or in the space before it
    ]
    for pattern in patterns:
        expected = [(m.start("w"), m.end("w")) for m in re.finditer(pattern, text)]
        assert [(m.start("w"), m.end("w")) for m in WordPattern(pattern).finditer(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="اولمسبن و،.«»-\n12é_", max_size=40))
def test_word_pattern_with_heads_finds_what_re_finds(text: str) -> None:
    # given the strings its matches begin with, WordPattern tries it only after a space and one of them
    patterns = {
        r"(?<![\w])(?P<w>ال\w*|و?\d+)(?![\w])": ["ال", "و", *"0123456789"],
        r"(?<![\w])(?P<w>[وف]?(?:ال)?م\w?|و)": ["و", "ف", "ال", "م"],
        r"(?<![\w])(?P<w>(?:سب|ن)\s+\w+[.،]?)": ["سب", "ن"],
    }
    for pattern, heads in patterns.items():
        expected = [(m.start("w"), m.end("w")) for m in re.finditer(pattern, text)]
        assert [(m.start("w"), m.end("w")) for m in WordPattern(pattern, heads).finditer(text)] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="اأةىـ بك\u064b\u0651\u200f\ufefb\ufe8d\u0661A.", max_size=30))
def test_rare_characters_replaced_in_one_pass_as_one_by_one(text: str) -> None:
    # the regex pass gives what the charmap gives character by character, and the place and width of every
    # character it deletes or expands
    from rasd.text.normalize import _apply_rare, tables

    t = tables()
    normalized, changes = _apply_rare(t, text)
    assert normalized == "".join(t.table.get(ord(ch), ch) for ch in text)
    assert sorted(changes) == [
        (i, len(t.by_char[ch])) for i, ch in enumerate(text) if len(t.by_char.get(ch, ch)) != 1
    ]


_SCAN_PIECES = [*"اولمسبنةى ـ،.«»-\n12١é_aZ\u064e", "الميادين", "استهداف", "قتلى"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_SCAN_PIECES), max_size=16).map("".join))
def test_other_starts_and_long_tokens_read_in_one_pass_are_the_reference_patterns(text: str) -> None:
    # the other starts, the digits and (with the tokens after a space) glued_words' long tokens, from one pass:
    # the matches of the patterns they were each searched with
    from rasd.text.normalize import _LONG_TOKEN_AFTER_SPACE, _OTHER_START, _starts_and_digits

    _starts_and_digits.cache_clear()
    others, digits, tokens = _starts_and_digits(text)
    assert others == tuple(m.start() for m in _OTHER_START.finditer(text))
    assert digits == tuple(m.start() for m in re.finditer(r"\d", text))
    expected = set(re.findall(r"[^\u0621-\u064A]([\u0621-\u064A]{7,})", text))
    assert set(_LONG_TOKEN_AFTER_SPACE.findall(text)) | set(tokens) == expected


def test_clear_word_caches_empties_the_key_and_split_caches() -> None:
    from rasd.text.normalize import clear_word_caches, normalize_key

    normalize_key("قصفت قسد بلدة ذيبان")
    normalize("مصادرالميادين أكدت")
    assert normalize_key.cache_info().currsize > 0
    clear_word_caches()
    assert normalize_key.cache_info().currsize == 0
    assert normalize_key("إقرأ أيضاً:") == "اقرا ايضا"  # and it keys as before
