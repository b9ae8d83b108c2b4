"""Entities, geocoding and actor resolution on tiny real Arabic snippets (spans checked as doc.text[s:e])."""

from __future__ import annotations

import dataclasses

import pytest

from rasd.document import Document, Raw, Source, new_document
from rasd.pipeline import Pipeline

STAGES = ["normalize", "segment", "entities", "geocode", "actors"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(STAGES, on_error="raise", provided=frozenset({"raw", "source", "text"}))


def _run(pipeline: Pipeline, text: str, published: str | None = None) -> Document:
    base = new_document(Raw(text.encode("utf-8"), "text/plain"), Source(published=published))
    return pipeline.run(dataclasses.replace(base, text=text, layers=base.layers | {"text"}))


def _mentions(doc: Document, kind: str) -> list[str]:
    return [doc.text[m.start : m.end] for m in doc.mentions if m.kind == kind]


def _place(doc: Document, name: str):  # type: ignore[no-untyped-def]
    for ref in doc.places:
        m = doc.mentions[ref.mention]
        if doc.text[m.start : m.end] == name:
            return ref
    raise AssertionError(
        f"no place {name!r} in {[doc.text[doc.mentions[r.mention].start : doc.mentions[r.mention].end] for r in doc.places]}"
    )


def test_entities_seed_villages_after_conjunctions(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "قوات قسد ردت بقصف عشوائي أدى إلى خسائر في الأرواح، كما حدث في الميادين والبوليل وبقرص والقورية والكشمة.",
    )
    assert _mentions(doc, "place") == ["الميادين", "البوليل", "بقرص", "القورية", "الكشمة"]
    assert _mentions(doc, "actor") == ["قوات قسد"]
    for ref in doc.places:
        assert ref.admin1 == "Deir-ez-Zor" and ref.lat is not None
        assert ref.geo_precision in (1, 2)


def test_entities_mayadeen_channel_is_not_the_town(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "أكد مصدر ميداني للميادين اندلاع اشتباكات عنيفة، بحسب مراسل الميادين في دير الزور، وقالت قناة الميادين إن القصف استهدف مدينة الميادين.",
    )
    assert _mentions(doc, "place") == ["دير الزور", "الميادين"]
    # "للميادين" is ل + (ا)لميادين: the span holds the name's own written letters
    assert _mentions(doc, "outlet") == ["ميادين", "الميادين", "قناة الميادين"]
    assert doc.mentions[[m.kind for m in doc.mentions].index("place")].start > 0


def test_entities_outlet_told_and_glued_is_not_the_town(pipeline: Pipeline) -> None:
    # a talk "to" the outlet, and outlet names run into the word before them where a link was stripped
    doc = _run(
        pipeline,
        "وأعلن المتحدث، في حديث إلىالمياديندخول المقاومة المعركة، وأكد مراسلالميادينفي دير الزور قصف مدينة الميادين.",
    )
    assert _mentions(doc, "place") == ["دير الزور", "الميادين"]
    assert _mentions(doc, "outlet") == ["الميادين", "الميادين"]


def test_entities_a_verb_after_a_head_is_no_village(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline, "وقال المرصد إن القصف استهدف قرية يسيطر عليها تنظيم داعش، وقرية التويمية جنوب الحسكة."
    )
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.source == "pattern"] == ["التويمية"]
    # the area of something is no place's name
    doc = _run(pipeline, "وتحدثت مصادر في منطقة الحادث عن توغل بري قرب قرية التويمية.")
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.source == "pattern"] == ["التويمية"]


def test_entities_what_the_written_word_rules_out(pipeline: Pipeline) -> None:
    # tanween marks an indefinite noun (صيداً "prey"), never a name; بلده is "his country", not بلدة "town"
    doc = _run(
        pipeline, "حتى لا يكونوا صيداً سهلاً لهم، وصار يحارب بلده ويقتل. وقصف الجيش بلدة التويمية ومدينة صيدا."
    )
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.kind == "place"] == ["التويمية", "صيدا"]


def test_entities_an_actor_named_again_by_the_first_words_of_its_name(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "القيادة المركزية الأميركية تعلن اعتقال قيادي في تنظيم داعش. وقالت القيادة المركزية إن قواتها اعتقلته.",
    )
    short = [m for m in doc.mentions if m.source == "short form"]
    assert [doc.text[m.start : m.end] for m in short] == ["القيادة المركزية"]
    assert {a.canonical for a in doc.actors if a.mention == doc.mentions.index(short[0])} == {
        "Military Forces of the United States (2021-)"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an organisation named in full, then by its head noun alone
        (
            "أعلنت المقاومة الإسلامية في العراق استهداف قاعدة التنف. واستهدفت المقاومة اليوم قاعدة حقل العمر.",
            ["المقاومة"],
        ),
        # not where a modifier makes it another group, nor a head that names many (الجيش، القوات)
        (
            "أعلنت المقاومة الإسلامية في العراق استهداف قاعدة التنف. واستهدفت المقاومة الشعبية قاعدة حقل العمر.",
            [],
        ),
        ("قصف الجيش السوري بلدة التويمية. وقال الجيش إن قواته ردت على مصادر النيران.", []),
    ],
)
def test_entities_an_organisation_named_again_by_its_head_noun(
    pipeline: Pipeline, text: str, expected: list[str]
) -> None:
    doc = _run(pipeline, text)
    heads = [doc.text[m.start : m.end] for m in doc.mentions if m.source == "short form" and " " not in m.key]
    assert heads == expected
    for m in doc.mentions:
        if m.source == "short form":
            assert {a.canonical for a in doc.actors if a.mention == doc.mentions.index(m)} == {
                "Islamic Resistance in Iraq"
            }


def test_entities_clitic_actor_and_generic_actors(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline, "اتهم الأهالي مسلحين مجهولين بالهجوم، فيما حمّلوا المسؤولية لقسد والحرس الثوري الإيراني."
    )
    canonicals = [a.canonical for a in doc.actors]
    assert "Syrian Democratic Forces" in canonicals and "Islamic Revolutionary Guard Corps" in canonicals
    assert "قسد" in _mentions(doc, "actor")


def test_entities_unknown_village_from_pattern(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "دارت اشتباكات عنيفة في قرية التويمية الواقعة جنوب مدينة راس العين.")
    unknown = [m for m in doc.mentions if m.kind == "place" and m.source == "pattern"]
    assert [doc.text[m.start : m.end] for m in unknown] == ["التويمية"] and unknown[0].head == "قريه"
    ref = _place(doc, "التويمية")
    assert ref.place_id is None and ref.geo_precision == 3  # a gazetteer candidate, never a guessed pin


def test_entities_place_list_after_plural_head(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "سقطت قذائف على بلدات الشعفة والشحيل وذيبان في ريف دير الزور الشرقي.")
    assert {"الشعفة", "الشحيل", "ذيبان"} <= set(_mentions(doc, "place"))


def test_entities_person_linked_to_group(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "ونفى إبراهيم الهفل، قائد جيش العشائر، التوصل إلى هدنة.")
    people = [m for m in doc.mentions if m.kind == "person"]
    assert [doc.text[m.start : m.end] for m in people] == ["إبراهيم الهفل"]
    assert people[0].link == "tribal-army-dez"
    assert any(a.via.startswith("person:") and a.canonical == "Tribal Army (Deir ez-Zor)" for a in doc.actors)


def test_entities_titled_unknown_person(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "اغتال مسلحون مجهولون القيادي خالد العبد الله في بلدة ذيبان.")
    assert "خالد العبد الله" in _mentions(doc, "person")


def test_geocode_near_gives_precision_two(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "سقطت قذيفة قرب الميادين.")
    assert _place(doc, "الميادين").geo_precision == 2


def test_geocode_governorate_is_precision_three(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "تشهد محافظة دير الزور حالة من الهدوء.")
    ref = _place(doc, "محافظة دير الزور")
    assert ref.geo_precision == 3 and ref.feature == "admin1"


def test_geocode_homonym_decided_by_context(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "قصف على بلدة الكشمة وبلدة هجين في ريف دير الزور الشرقي.")
    ref = _place(doc, "الكشمة")
    assert ref.candidates >= 2 and ref.place_id is not None and ref.admin1 == "Deir-ez-Zor"


def test_actors_time_validity(pipeline: Pipeline) -> None:
    before = _run(pipeline, "قصف الجيش السوري مواقع في ريف إدلب.", published="2023-05-01")
    after = _run(pipeline, "انتشر الجيش السوري في ريف إدلب.", published="2025-03-01")
    assert [a.canonical for a in before.actors] == ["Military Forces of Syria (2000-2024)"]
    assert [a.canonical for a in after.actors] == ["Military Forces of Syria (2024-)"]


def test_entity_spans_point_into_text(pipeline: Pipeline) -> None:
    text = "قُتل مدنيان بقصفٍ على الميادينِ وبقرصَ أمس."
    doc = _run(pipeline, text)
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.kind == "place"] == ["الميادينِ", "بقرصَ"]


def test_eval_ner_reports_conlleval_style_scores() -> None:
    from rasd.evaluation.ner import entities_of, evaluate
    from tests.conftest import shared_path

    assert entities_of(["B-LOC", "I-LOC", "O", "I-PERS", "B-ORG"]) == {
        (0, 2, "LOC"),
        (3, 4, "PERS"),
        (4, 5, "ORG"),
    }
    report = evaluate(shared_path("eval", "ner", "anercorp", "approx_test.txt"))
    assert report["tokens"] > 20000 and set(report["types"]) == {"LOC", "PERS", "ORG"}
    assert 0.0 <= report["overall"]["f1"] <= 1.0 and report["types"]["LOC"]["gold"] > 500


def test_cli_annotate_shows_places_and_actors() -> None:
    import json

    from click.testing import CliRunner

    from rasd.cli import cli

    text = "قصفت قوات سوريا الديمقراطية بلدة الشحيل في ريف دير الزور الشرقي."
    result = CliRunner().invoke(
        cli, ["annotate", "-", "--layers", "mentions,places,actors"], input=text.encode()
    )
    record = json.loads(result.stdout)
    places = {p["text"]: p for p in record["layers"]["places"]}
    assert places["الشحيل"]["admin1"] == "Deir-ez-Zor" and places["الشحيل"]["geo_precision"] in (1, 2)
    assert [a["canonical"] for a in record["layers"]["actors"]] == ["Syrian Democratic Forces"]
    for layer in record["layers"].values():
        for span in layer:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_entities_a_country_with_the_article_is_its_adjective(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline, "وصل الوفد إلى العراق والأردن وسورية عبر الحدود السورية، وقالت المعارضة السورية إنها تقدمت."
    )
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.kind == "place"] == [
        "العراق",
        "الأردن",
        "سورية",
    ]
