"""Events and claims on tiny real Arabic snippets and the seed (every span checked as doc.text[s:e])."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from rasd.document import Document, Raw, Source, new_document
from rasd.pipeline import Pipeline
from tests.conftest import shared_path

STAGES = ["normalize", "segment", "entities", "geocode", "actors", "events", "claims"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(STAGES, on_error="raise", provided=frozenset({"raw", "source", "text"}))


AIR = "Air/drone strike"
SHELLING = "Shelling/artillery/missile attack"


def _run(pipeline: Pipeline, text: str, published: str | None = "2024-08-17") -> Document:
    base = new_document(Raw(text.encode("utf-8"), "text/plain"), Source(published=published))
    return pipeline.run(dataclasses.replace(base, text=text, layers=base.layers | {"text"}))


def test_events_seed_villages(pipeline: Pipeline) -> None:
    full = Pipeline(["extract", *STAGES], on_error="raise")
    doc = full.run(
        new_document(Raw(shared_path("seed", "seed-article.txt").read_bytes(), "text/plain"), Source())
    )
    shelling = [e for e in doc.events if e.sub_event_type == "Shelling/artillery/missile attack"]
    by_place = {e.location_ar: e for e in shelling}
    assert {"الميادين", "البوليل", "بقرص", "القورية", "الكشمة"} <= set(by_place)
    for name in ("الميادين", "البوليل", "بقرص", "القورية", "الكشمة"):
        event = by_place[name]
        assert event.actor1 == "Syrian Democratic Forces"
        assert event.fatalities == 1  # "خسائر في الأرواح" over five villages: the lowest reading, one each
        assert event.admin1 == "Deir-ez-Zor" and event.latitude is not None
        evidence = doc.text[event.evidence.start : event.evidence.end]
        assert "كما حدث في الميادين والبوليل وبقرص والقورية والكشمة" in evidence
        location = dict(event.field_evidence)["location"]
        assert doc.text[location.start : location.end] == name
    assert not any(
        e.sub_event_type == "Agreement"
        and "هدنة" in doc.text[e.evidence.start : e.evidence.end]
        and "نفي" in doc.text[e.evidence.start : e.evidence.end]
        for e in doc.events
    )
    denials = [c for c in doc.claims if c.type == "denial"]
    assert denials and "إبراهيم الهفل" in doc.text[denials[0].evidence.start : denials[0].evidence.end]


@pytest.mark.parametrize(
    ("text", "sub_type", "fatalities"),
    [
        (
            "قُتل ثلاثة مدنيين بقصف مدفعي استهدف بلدة الشحيل في ريف دير الزور الشرقي.",
            "Shelling/artillery/missile attack",
            3,
        ),
        ("استهدفت طائرة مسيّرة سيارة في بلدة ذيبان، ما أدى إلى مقتل شخصين.", "Air/drone strike", 2),
        ("اندلعت اشتباكات عنيفة بين جيش العشائر وقسد في بلدة ذيبان دون وقوع قتلى.", "Armed clash", 0),
        (
            "انفجرت عبوة ناسفة بسيارة عسكرية في مدينة البوكمال وأسفرت عن مقتل 4 عناصر وإصابة 7 آخرين.",
            "Remote explosive/landmine/IED",
            4,
        ),
    ],
)
def test_events_type_and_fatalities(pipeline: Pipeline, text: str, sub_type: str, fatalities: int) -> None:
    doc = _run(pipeline, text)
    assert [(e.sub_event_type, e.fatalities) for e in doc.events] == [(sub_type, fatalities)]
    event = doc.events[0]
    assert doc.text[event.evidence.start : event.evidence.end] == text
    assert event.event_date == "2024-08-17" and event.time_precision == 2


@pytest.mark.parametrize(
    "text",
    [
        "نفى الجيش السوري قصف بلدة الشحيل في ريف دير الزور.",
        "تهدد قسد بقصف بلدة ذيبان إذا استمرت الهجمات.",
        "لم تقصف الطائرات بلدة البصيرة أمس.",
        "في عام 2017 قصفت الطائرات مدينة الميادين بشكل عنيف.",
    ],
)
def test_events_not_coded_when_denied_threatened_negated_or_historical(pipeline: Pipeline, text: str) -> None:
    assert _run(pipeline, text).events == ()


def test_events_one_per_place_with_split_toll(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "قصفت قسد بالمدفعية بلدتي البوليل والميادين، ما أدى إلى مقتل 6 مدنيين.")
    assert sorted((e.location_ar, e.fatalities) for e in doc.events) == [("البوليل", 3), ("الميادين", 3)]
    assert {e.actor1 for e in doc.events} == {"Syrian Democratic Forces"}
    assert {e.actor2 for e in doc.events} == {"Civilians (Syria)"}
    assert all(e.civilian_targeting == "Civilian targeting" for e in doc.events)


def test_events_drone_and_artillery_are_two_events(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "تعرضت بلدة الشحيل لقصف مدفعي وهجوم بطائرة مسيرة مفخخة صباح اليوم.")
    assert sorted(e.sub_event_type for e in doc.events) == [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
    ]


def test_events_date_from_weekday(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "قصفت قسد بلدة البوليل يوم الجمعة.", published="2024-08-17")  # a Saturday
    assert [(e.event_date, e.time_precision) for e in doc.events] == [("2024-08-16", 1)]
    date_span = dict(doc.events[0].field_evidence)["event_date"]
    assert doc.text[date_span.start : date_span.end] == "يوم الجمعة"


def test_events_verb_subject_order(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "استهدفت طائرات إسرائيلية شاحنة عند معبر البوكمال الحدودي.")
    assert [e.actor1 for e in doc.events] == ["Military Forces of Israel (2022-)"]


def test_claims_types(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "اتهم الأهالي قسد بقصف منازلهم. وتوعد جيش العشائر بالرد على الهجمات.")
    assert [c.type for c in doc.claims] == ["accusation", "threat"]
    assert doc.claims[1].speaker == "Tribal Army (Deir ez-Zor)"
    for claim in doc.claims:
        assert (
            doc.text[claim.cue.start : claim.cue.end] in doc.text[claim.evidence.start : claim.evidence.end]
        )


def test_cli_run_prints_events(pipeline: Pipeline) -> None:
    import json

    from click.testing import CliRunner

    from rasd.cli import cli

    text = "قتل ثلاثة مدنيين بقصف مدفعي على بلدة الشحيل في ريف دير الزور الشرقي."
    result = CliRunner().invoke(cli, ["run", "-", "--published", "2024-08-13"], input=text.encode())
    record = json.loads(result.stdout)
    [event] = record["events"]
    assert event["fatalities"] == 3 and event["event_date"] == "2024-08-13"
    assert event["evidence"]["text"] == text


def test_eval_incidents_reports_pairwise_scores() -> None:
    from rasd.evaluation.incidents import evaluate

    report = evaluate(shared_path("eval", "dev"))
    assert report["gold_same_incident_pairs"] >= 1 and report["mapped_events"] > 30
    assert 0.0 <= report["pairwise_precision"] <= 1.0 and 0.0 <= report["pairwise_recall"] <= 1.0


def test_dateline_place_is_not_where_it_happened(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "دير الزور – الشرق السوري: قُتل ثلاثة مدنيين، بينهم طفل، مساء أمس الإثنين، جراء قصف مدفعي على بلدة ذيبان.",
        published="2024-08-20",
    )
    assert [(e.location_ar, e.fatalities, e.event_date) for e in doc.events] == [("ذيبان", 3, "2024-08-19")]
    # a dash inside a sentence is not a dateline
    doc = _run(pipeline, "قصفت قوات النظام مدينة الميادين - ما أدى إلى مقتل مدني.", published="2024-08-20")
    assert [e.location_ar for e in doc.events] == ["الميادين"]


def test_a_casualty_confirms_a_weak_trigger(pipeline: Pipeline) -> None:
    text = "قالت وزارة الداخلية أمس الاثنين إن انفجارا في بلدة الشحيل أسفر عن مقتل 27 شخصا."
    [event] = _run(pipeline, text, published="2024-08-20").events
    assert (event.sub_event_type, event.fatalities) == ("Remote explosive/landmine/IED", 27)
    assert _run(pipeline, "وقع انفجار في بلدة الشحيل.", published="2024-08-20").events == ()


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # the second name only locates the first
        ("استهدفت غارة جوية حقل العمر النفطي بريف دير الزور اليوم.", ["حقل العمر النفطي"]),
        ("استهدفت طائرة مسيّرة موقعاً في بلدة ذيبان، شرقي دير الزور، اليوم.", ["ذيبان"]),
        # a list keeps every village, also after a head noun
        ("قصفت قسد مدينة البصيرة وقرية الحوايج في ريف دير الزور الشرقي اليوم.", ["البصيرة", "الحوايج"]),
        # where the rockets came from and where the reporter is are not where it happened
        ("أفاد مراسل الميادين في مدينة حلب باستهداف القاعدة في حقل كونيكو بالصواريخ اليوم.", ["حقل كونيكو"]),
        (
            "استُهدفت القاعدة في حقل العمر بصواريخ أطلقت من البادية بين مدينتي الميادين والبوكمال.",
            ["حقل العمر"],
        ),
        # alone, a locating name is the place
        ("اشتباكات عنيفة شرقي دير الزور اليوم بين قسد ومسلحي العشائر.", ["دير الزور"]),
    ],
)
def test_events_skip_names_that_only_locate_another(pipeline: Pipeline, text: str, places: list[str]) -> None:
    assert [e.location_ar for e in _run(pipeline, text).events] == places


def test_events_a_month_ago_is_background_only_next_to_the_trigger(pipeline: Pipeline) -> None:
    old = "ففي آذار/مارس الماضي، استُهدفت منطقة الصالحية في مدينة الميادين بغارات أميركية."
    assert _run(pipeline, old, published="2024-06-22").events == ()
    aside = (
        "قصفت الطائرات الحربية اليوم مدينة أريحا التي سقطت في يد فصائل المعارضة في أيار/مايو الماضي "
        "بعد معارك طويلة مع قوات النظام."
    )
    assert [e.location_ar for e in _run(pipeline, aside, published="2024-06-22").events] == ["أريحا"]


def test_article_less_spellings_of_places_are_words() -> None:
    from rasd.stages import entities

    pipe = Pipeline(["normalize", "segment", "entities"], provided=frozenset({"raw", "source", "text"}))
    text = "وترى قسد أن الحصار بمنزلة ورقة ضغط، بعد وقت قصير من الهجوم على الرقة وللرقة."
    doc = _run(pipe, text)
    assert entities.NAME == "entities"
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.kind == "place"] == ["الرقة", "رقة"]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # a news source reporting the news is not a claim; with a negation it is a statement
        ('وأشارت المصادر إلى أنّ "القافلة كانت مؤلفة من 25 شاحنة".', []),
        ("وأكدت المصادر عدم وجود أي شهداء أو مصابين من العاملين في المعبر.", ["statement"]),
        # an official saying another actor did violence accuses it
        ("وقالت الوزارة إنّ القوات الأميركية قصفت مواقع للجيش السوري في ريف دير الزور.", ["accusation"]),
        ("وأشارت الوزارة إلى أنّ قوات الاحتلال الأميركية تواصل نهبها المنظم للنفط.", ["accusation"]),
        # an official speaking of its own forces does not
        ("وقالت القيادة المركزية إن قواتها اعتقلت قيادياً في تنظيم داعش.", ["statement"]),
        # one sentence, two claims
        (
            "وتابع البيان: نحن ننفي أي علاقة لنا بالقصف، ونتهم ميليشيات قنديل بارتكاب المجزرة.",
            ["denial", "accusation"],
        ),
        # threats and accusations in general
        ("يقف المزارعون عاجزين أمام التهديدات التي تحصد أرواحهم.", []),
        # "according to" only sources the sentence
        ("ارتفع عدد النازحين إلى ألف عائلة، بحسب مصادر محلية.", []),
        # "held X responsible" with X between the verb and its noun; "carried" is no accusation
        ("وحمّل الأهالي قوات قسد مسؤولية مقتل الشاب.", ["accusation"]),
        ("وحملت الشاحنات مساعدات غذائية إلى المسؤولين.", []),
        # a statement that denies a report's truth, or a part in the violence, is a denial; a claim not made is none
        ("وأكد مصدر عسكري سوري أن الجيش لم يشارك في الهجوم على مواقع قسد.", ["denial"]),
        ("وأكد المتحدث عدم صحة الأنباء عن انسحاب القوات.", ["denial"]),
        ("ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.", []),
        # sirens are an alarm, not a threat
        ("دوّت صفارات الإنذار في قاعدة حرير قرب أربيل إثر هجوم بطائرة مسيّرة.", []),
        # the outlet's own correspondent narrates, with or without the article
        ("وأشار المراسل إلى أنّ قوات العشائر سيطرت على قرية الجنينة بعد اشتباكات مع قسد.", []),
        # an announcement recalled, even one naming the attacker, is not made now
        (
            "وصعّدت المقاومة الشعبية من استهدافها للقواعد الأميركية وذلك بعد إعلانها منذ نحو أسبوع أنّ هذه القواعد"
            " باتت هدفاً مشروعاً لها لحين توقف القصف الإسرائيلي على قطاع غزة.",
            [],
        ),
    ],
)
def test_claims_are_claims_not_reporting(pipeline: Pipeline, text: str, types: list[str]) -> None:
    assert [c.type for c in _run(pipeline, text).claims] == types


def test_claims_headline_repeated_in_the_lead_is_one_claim(pipeline: Pipeline) -> None:
    text = (
        "جيش العشائر ينفي أي دور في المجزرة التي حدثت في قرية الدحلة.\n"
        "وجيش العشائر ينفي أي دور له في المجزرة التي حدثت في قرية الدحلة بريف دير الزور."
    )
    assert [c.type for c in _run(pipeline, text).claims] == ["denial"]


@pytest.mark.parametrize(
    ("text", "sub_types"),
    [
        # a generic verb does not choose the tactic: the aircraft does
        ("وأمس، استهدفت طائرات إسرائيلية شاحنة دخلت معبر البوكمال الحدودي.", ["Air/drone strike"]),
        (
            "استهدفت المروحيات الأميركية مجموعة من قوات العشائر بالرشاشات في بلدة ذيبان اليوم.",
            ["Air/drone strike"],
        ),
        # small arms in an assault on positions: a clash
        (
            "شنّت قوات العشائر هجوماً بالأسلحة الرشاشة والقذائف الصاروخية على نقاط لقسد في بلدة الباغوز اليوم.",
            ["Armed clash"],
        ),
        # curfews and reinforcements are not events (gold guideline 15)
        ("وفرضت قسد حظر تجوال تام في بلدة ذيبان اليوم.", []),
    ],
)
def test_events_tactic(pipeline: Pipeline, text: str, sub_types: list[str]) -> None:
    assert [e.sub_event_type for e in _run(pipeline, text).events] == sub_types


def test_events_a_governorate_or_area_gives_way_to_a_named_place(pipeline: Pipeline) -> None:
    text = (
        "وتوفي أمس 14 مدنياً وأصيب 8 آخرون في انفجار لغم أرضي قرب جبل الطار السبيعي في بادية الرصافة "
        "في محافظة الرقة عند الحدود الإدارية بين الرقة وحماه."
    )
    [event] = _run(pipeline, text, published="2024-02-26").events
    assert (event.location_ar, event.fatalities) == ("جبل الطار السبيعي", 14)
    text = "شنّت قوات العشائر هجوماً على نقاط لقسد في شرقي دير الزور، ولا سيما في بلدة الباغوز، اليوم."
    assert [e.location_ar for e in _run(pipeline, text).events] == ["الباغوز"]


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # a nationality on the attack names the attacker, on the target names the target
        (
            "وفجر اليوم، استهدفت غارات أميركية جوية أحياء في مدينة الميادين.",
            ("Military Forces of the United States (2021-)", None),
        ),
        (
            "مصادر تؤكد تعرّض القاعدة الأميركية في حقل العمر النفطي لقصف صاروخي اليوم.",
            ("Unidentified Armed Group (Syria)", "Military Forces of the United States (2021-)"),
        ),
        # … feminine, after another adjective, with the hamza seat the normalized text writes as ي
        (
            "شنّت طائرات حربية إسرائيلية غارات على مواقع في محيط مدينة البوكمال.",
            ("Military Forces of Israel (2022-)", None),
        ),
        # a group named by a plural in construct, in either case ("مسلحو العشائر" / "بين مسلحي العشائر")
        (
            "اندلعت اشتباكات اليوم بين مسلحي العشائر وقسد في بلدة ذيبان.",
            ("Tribal Army (Deir ez-Zor)", "Syrian Democratic Forces"),
        ),
        # a group that lost its own members is the target, not the attacker
        (
            "أعلنت قسد اليوم مقتل أحد عناصرها بانفجار عبوة ناسفة بسيارة عسكرية في بلدة الصور.",
            ("Unidentified Armed Group (Syria)", "Syrian Democratic Forces"),
        ),
        # an attack owned with ل names its author, whatever verb reports the toll
        (
            "قتل 5 عناصر من الجيش السوري، بينهم ضابط، في هجوم لتنظيم داعش على نقطة عسكرية في بادية السخنة.",
            ("Islamic State (Syria)", "Military Forces of Syria (2000-2024)"),
        ),
        # the two sides of a clash in the order named
        (
            'اندلعت اشتباكات اليوم بين عناصر "مجلس دير الزور العسكري" وعناصر قسد في بلدة الربيضة.',
            ("Deir ez-Zor Military Council", "Syrian Democratic Forces"),
        ),
        # the subject of an earlier clause acts in the next
        (
            'هاجم مسلحو "قسد" اليوم مواقع تابعة للجيش السوري قرب دير الزور، كما استهدفوا بلدة البوليل بقذائف الهاون.',
            ("Syrian Democratic Forces", None),  # the earlier clause's target (the army) is its own
        ),
    ],
)
def test_events_roles(pipeline: Pipeline, text: str, actors: tuple[str, str | None]) -> None:
    events = _run(pipeline, text).events
    assert events and (events[-1].actor1, events[-1].actor2) == actors


@pytest.mark.parametrize(
    "text",
    [
        "“الهفل” يرفض الهدنة مع “قسد” في بلدة ذيبان.",  # a truce rejected is no truce
        "وصل وفد روسي إلى مدينة الحسكة من أجل البحث في آلية لفك الحصار عن أهالي مدينة القامشلي.",  # purpose
        "توقف معارك بلدة ذيبان .. هدنة روسية أم هدوء ما قبل العاصفة؟",  # a question
    ],
)
def test_events_not_coded_when_rejected_intended_or_asked(pipeline: Pipeline, text: str) -> None:
    assert _run(pipeline, text).events == ()


def test_events_takeover_with_a_withdrawal_and_no_fight_is_a_handover(pipeline: Pipeline) -> None:
    text = (
        'وسيطر عناصر "مجلس دير الزور العسكري" اليوم على حواجز الشرطة العسكرية في بلدة الربيضة، '
        "بالتزامن مع قيام الشرطة العسكرية بسحب عدّة حواجز من المنطقة."
    )
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Non-violent transfer of territory"]


def test_events_the_headline_at_a_region_repeats_the_lead_at_a_town(pipeline: Pipeline) -> None:
    text = (
        "القيادة المركزية الأميركية تعلن اعتقال قيادي في تنظيم داعش في ريف دير الزور الشرقي.\n"
        "وقالت القيادة المركزية الأميركية إن قواتها اعتقلت اليوم قيادياً في تنظيم داعش في بلدة ذيبان."
    )
    assert [e.location_ar for e in _run(pipeline, text).events] == ["ذيبان"]


def test_events_entering_towns_is_taking_them_a_convoy_entering_is_not(pipeline: Pipeline) -> None:
    taken = "وأضافت المصادر أنّ قوات العشائر دخلت اليوم بلدات الكشكية وغرانيج في ريف دير الزور الشرقي."
    assert {e.sub_event_type for e in _run(pipeline, taken).events} == {"Non-state actor overtakes territory"}
    convoy = "وصلت قافلة مساعدات من 140 شاحنة دخلت اليوم عبر معبر البوكمال."
    assert _run(pipeline, convoy).events == ()


def test_events_people_killed_by_shelling_a_town_are_civilians(pipeline: Pipeline) -> None:
    text = "أفادت مصادر اليوم باستشهاد شخص وجرح 3 آخرين من جراء قصف تعرضت له مدينة الميادين."
    [event] = _run(pipeline, text).events
    assert (event.actor2, event.fatalities, event.civilian_targeting) == (
        "Civilians (Syria)",
        1,
        "Civilian targeting",
    )
    text = "قصفت قسد اليوم مواقع للجيش السوري في بلدة البوليل ما أدى إلى مقتل عنصرين."
    assert _run(pipeline, text).events[0].actor2 == "Military Forces of Syria (2000-2024)"


def test_events_a_story_told_weeks_back_goes_on_in_the_sentences_that_continue_it(pipeline: Pipeline) -> None:
    text = (
        "وقبل أسبوعين، قصفت قسد قرية بقرص بقذائف الهاون.\n"
        "وتزامن القصف مع هجوم عنيف لقوات العشائر على مقار قسد في بلدة ذيبان.\n"
        "كما هاجمت العشائر مقار قسد في بلدة الشحيل.\n"
        "وفي وقت سابق اليوم، قصفت قسد بلدة الحوايج بالمدفعية."
    )
    assert [e.location_ar for e in _run(pipeline, text, published="2024-02-28").events] == ["الحوايج"]


def test_events_pointing_back_and_possession_are_not_new_events(pipeline: Pipeline) -> None:
    assert _run(pipeline, "وتهدف قسد من هذا الحصار إلى الضغط على الجيش في مدينة الحسكة.").events == ()
    assert _run(pipeline, "وفرضت قسد قيوداً في كل مناطق سيطرتها في بلدة ذيبان.").events == ()


def test_events_american_strikes_come_from_the_air_unless_artillery_is_named(pipeline: Pipeline) -> None:
    text = "وأكدت مصادر اليوم مقتل مدنيين من جراء العدوان الأميركي الذي استهدف مدينة البوكمال."
    [event] = _run(pipeline, text).events
    assert (event.sub_event_type, event.actor1) == (
        "Air/drone strike",
        "Military Forces of the United States (2021-)",
    )
    text = "واستهدفت القوات الأميركية اليوم بقذائف المدفعية مواقع في بلدة ذيبان."
    assert _run(pipeline, text).events[0].sub_event_type == "Shelling/artillery/missile attack"


def test_places_after_a_partitive_are_event_places(pipeline: Pipeline) -> None:
    text = "تواصل قسد اليوم حصارها على مناطق سيطرة الحكومة في كلّ من مدينتي الحسكة والقامشلي."
    assert [e.location_ar for e in _run(pipeline, text).events] == ["الحسكة", "القامشلي"]


def test_events_an_economic_blockade_is_not_a_siege(pipeline: Pipeline) -> None:
    text = "وطالب المشاركون في مدينة الحسكة اليوم برفع العقوبات والحصار عن الشعب السوري."
    assert [e.sub_event_type for e in _run(pipeline, text).events if e.sub_event_type == "Other"] == []
    text = "وفرضت قسد اليوم حصاراً على مدينة الحسكة."
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Other"]


def test_events_a_destination_where_something_happened_is_its_place(pipeline: Pipeline) -> None:
    text = "وقطع مسلحو قسد اليوم الطريق إلى مدينة مارع، حيث اندلعت اشتباكات مع الجيش الوطني."
    assert [e.location_ar for e in _run(pipeline, text).events] == ["مارع"]


def test_events_ground_taken_in_a_fight_is_a_takeover(pipeline: Pipeline) -> None:
    text = "وسيطرت قسد اليوم على 3 نقاط عسكرية في مدينة مارع، حيث اندلعت اشتباكات مع الجيش الوطني."
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Non-state actor overtakes territory"]


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # a source opening with new information states it; going on with details does not
        ("أكدت مصادر الميادين اليوم تجدد الوساطة الروسية بين قسد والجيش السوري.", ["statement"]),
        ("وأوضحت المصادر أنّ القافلة كانت مؤلفة من 25 شاحنة.", []),
        ("وأشارت الوزارة في بيان لها إلى أنّ الكوادر مستمرون في العمل.", []),
        # a news source reporting an attack is how the attack is sourced, even when the event is coded elsewhere
        ("وأكّدت المصادر أنّ القاعدة الأميركية اُستهدِفت اليوم بعدّة صواريخ أطلقت من البادية.", []),
        # an announcement recalled after بعد
        ("وصعّدت المقاومة الشعبية من استهدافها للقواعد بعد إعلانها منذ نحو أسبوع أنّ هذه القواعد أهداف.", []),
        # an earlier report recalled
        ("وكان المتحدث باسم البنتاغون قد صرّح بأنّ القوات تعرضت لهجمات.", []),
        ("وفي وقت سابق، أكدت مصادر الميادين أنّ الوساطة الروسية توقفت.", []),
        # placing something told before in its context; "جاء في بيان" quotes one
        ("ويأتي هذا الإعلان في إطار عملية التنسيق بين الإدارة الذاتية والحكومة العراقية.", []),
        ('وجاء في بيان: "تنفي القيادة العامة لجيش العشائر أي علاقة لها بالمجزرة".', ["denial"]),
    ],
)
def test_claims_new_statements_not_details_or_recaps(pipeline: Pipeline, text: str, types: list[str]) -> None:
    assert [c.type for c in _run(pipeline, text).claims] == types


def test_claims_self_reports_clause_speakers_and_headlines(pipeline: Pipeline) -> None:
    # the speaker's own forces did it: how the event is known (its actor1), no accusation nor separate claim
    doc = _run(
        pipeline,
        "وقالت القيادة المركزية الأميركية إن قواتها اعتقلت اليوم قيادياً في داعش بعد غارة في بلدة ذيبان.",
    )
    assert [e.actor1 for e in doc.events] == ["Military Forces of the United States (2021-)"]
    assert doc.claims == ()
    # … and where the sentence reports no event, a statement, not an accusation
    doc = _run(pipeline, "وقالت القيادة المركزية الأميركية إن قواتها لم تتعرض لأي هجوم خلال الأسبوع الماضي.")
    assert [c.type for c in doc.claims] == ["statement"]
    # a verb opening its own clause has its speaker after it
    doc = _run(
        pipeline, "وتستمر قسد بالتصعيد في ذيبان، بينما نفى قائد قوات العشائر العربية إبراهيم الهفل أي هدنة."
    )
    assert [(c.type, c.speaker) for c in doc.claims] == [("denial", "Tribal Army (Deir ez-Zor)")]
    # the headline's claim told again in the body is one claim, the body's
    doc = _run(
        pipeline,
        "قسد تقصف دير الزور وجيش العشائر العربية ينفي أي هدنة\n"
        "وتستمر قسد بالتصعيد في ذيبان، بينما نفى قائد قوات العشائر العربية إبراهيم الهفل التوصل إلى أي هدنة.",
    )
    assert [(c.type, c.evidence.start > 0) for c in doc.claims] == [("denial", True)]


def test_claims_speaker_names_end_where_the_words_do(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "وكشفت مصادرللميادينأنّ الوساطة الروسية توقفت اليوم.")
    assert [c.speaker for c in doc.claims] == ["مصادر"]
    doc = _run(pipeline, 'وكشفت المصادر الميدانية "وجود وساطة روسية" بين الطرفين.')
    assert [c.speaker for c in doc.claims] == ["المصادر الميدانية"]


def test_claims_a_plural_verb_after_its_subject_and_names_that_end(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "سكان المناطق التي تسيطر عليها قسد اتهموا الجيش بالتعاون مع الميليشيات الإيرانية.")
    assert [(c.type, c.speaker) for c in doc.claims] == [("accusation", "سكان المناطق")]
    doc = _run(pipeline, "ورغم نفي الجيش لتلك الاتهامات، إلا أن مقاطع فيديو أظهرت مشاركة مقاتلين.")
    assert [(c.type, c.speaker) for c in doc.claims][:1] == [("denial", "الجيش")]


@pytest.mark.parametrize(
    ("url", "text", "types"),
    [
        # the publishing outlet's own correspondent narrates: no claim
        ("https://www.almayadeen.net/news/x", "وأكّد مراسل الميادين أنّ المسيّرة وصلت إلى هدفها.", []),
        (None, "وأكد مراسلنا أنّ المسيّرة وصلت إلى هدفها.", []),
        (None, "وأكد مراسل في دير الزور أنّ المسيّرة وصلت إلى هدفها.", []),
        # another outlet's correspondent makes a statement like any speaker
        (
            "https://www.almayadeen.net/news/x",
            'وكشفت مراسلة شبكة "سي أن أن" في البنتاغون أنّ القوات الأميركية تعرضت لهجمات.',
            ["statement"],
        ),
        ("https://www.enabbaladi.net/x", "وأكد مراسل الميادين أنّ الوساطة الروسية توقفت.", ["statement"]),
    ],
)
def test_claims_own_correspondent_is_the_outlet_narrating(
    pipeline: Pipeline, url: str | None, text: str, types: list[str]
) -> None:
    base = new_document(Raw(text.encode("utf-8"), "text/plain"), Source(url=url, published="2024-08-17"))
    doc = pipeline.run(dataclasses.replace(base, text=text, layers=base.layers | {"text"}))
    assert [c.type for c in doc.claims] == types


@pytest.mark.parametrize(
    "text",
    [
        "وجاءت الاشتباكات في بلدة ذيبان بعد اعتقال قائد المجلس.",  # explaining clashes already told
        "وأشارت إلى تحليق مكثف للطيران المسيّر في أجواء بلدة ذيبان، تزامناً مع الاشتباكات.",  # the backdrop
    ],
)
def test_events_told_before_is_not_new(pipeline: Pipeline, text: str) -> None:
    assert [e.sub_event_type for e in _run(pipeline, text).events if e.event_type == "Battles"] == []


def test_events_date_is_the_sentences_most_precise(pipeline: Pipeline) -> None:
    text = "وتبنّت المقاومة، في وقت سابق من يوم أمس الخميس، استهداف القوات الأميركية في قاعدة عين الأسد بالصواريخ."
    [event] = _run(pipeline, text, published="2023-10-20").events
    assert (event.event_date, event.time_precision) == ("2023-10-19", 1)


def test_events_an_explosion_heard_after_an_attack_reports_the_attack(pipeline: Pipeline) -> None:
    text = 'وقال مصدر محلي إن "أصوات انفجارين هزا المنطقة إثر استهداف حقل العمر النفطي بقذيفتين صاروخيتين".'
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Shelling/artillery/missile attack"]


def test_events_the_displaced_are_civilians_and_a_named_subject_beats_a_generic_one(
    pipeline: Pipeline,
) -> None:
    text = "أدت الهجمات اليوم إلى نزوح عشرات العائلات من بلدة ذيبان."
    [event] = _run(pipeline, text).events
    assert (event.sub_event_type, event.actor1, event.actor2) == ("Other", "Civilians (Syria)", None)
    text = (
        'واستهدفت قوات "قسد" اليوم بلدة بقرص بمسيّرة، كما سيطرت على 3 نقاط عسكرية يوجد فيها مسلحون تابعون '
        "للجيش الوطني في مدينة مارع، حيث اندلعت اشتباكات."
    )
    events = _run(pipeline, text).events
    assert [(e.location_ar, e.actor1) for e in events][-1] == ("مارع", "Syrian Democratic Forces")


def test_events_attacks_that_drove_people_out_are_where_the_fighting_is_not_where_they_fled(
    pipeline: Pipeline,
) -> None:
    text = (
        "تشهد بلدة ذيبان اليوم اشتباكات عنيفة بين العشائر وقسد.\n"
        "الهجمات على نقاط قسد، والقصف العشوائي المتبادل بين الطرفين، سواء كان مدفعياً أو باستخدام الطائرات "
        "المسيرة، أدت إلى نزوح عشرات العائلات من بلدة الطيانة."
    )
    events = {(e.sub_event_type, e.location_ar) for e in _run(pipeline, text).events}
    assert ("Other", "الطيانة") in events  # the displacement: from where they fled
    assert ("Shelling/artillery/missile attack", "ذيبان") in events and (
        "Air/drone strike",
        "ذيبان",
    ) in events
    assert not any(place == "الطيانة" and sub != "Other" for sub, place in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the verb قصف names no ground weapon: aircraft make it an air strike, and its dead are its victims
        ("وقصفت الطائرة اليوم سيارة عند مشارف قرية الحضر.", [(AIR, "Unidentified Military Forces")]),
        (
            "قتل 5 عناصر من داعش اليوم جراء قصف طائرات التحالف الدولي على مواقعهم في مدينة الحسكة.",
            [(AIR, "Global Coalition Against Daesh")],
        ),
        # the verb قصف names no second tactic: one air strike, by an unnamed air force
        (
            "وقالت المصادر إن الغارات الجوية قصفت اليوم مواقع قرب بلدة أعزاز.",
            [(AIR, "Unidentified Military Forces")],
        ),
        ("واستهدفت طائرات حربية مجهولة اليوم مواقع قرب بلدة أعزاز.", [(AIR, "Unidentified Military Forces")]),
        # a drone may be anyone's (gold guideline 12)
        ("واستهدفت طائرة مسيرة اليوم موقعاً قرب بلدة أعزاز.", [(AIR, "Unidentified Armed Group (Syria)")]),
    ],
)
def test_events_air_raids_are_one_tactic_and_unnamed_warplanes_are_a_state_s(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str]]
) -> None:
    assert [(e.sub_event_type, e.actor1) for e in _run(pipeline, text).events] == expected


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # a unit's owner acts when the unit is the verb's subject; a position's owner is the target
        (
            "واستهدفت الفرقة الأولى الساحلية التابعة للجيش السوري الحر اليوم مراكز عسكرية في مدينة اللاذقية.",
            ("Free Syrian Army", None),
        ),
        (
            "واستهدفت طائرات مسيرة اليوم مواقع تابعة لقسد في بلدة ذيبان.",
            ("Unidentified Armed Group (Syria)", "Syrian Democratic Forces"),
        ),
        # a supporter is no side
        (
            "واندلعت اليوم معارك بين القوات الحكومية السورية، مدعومة بقوات حزب الله، وتنظيم داعش في الزبداني.",
            ("Military Forces of Syria (2000-2024)", "Islamic State (Syria)"),
        ),
        # the expelled is the target
        (
            "وتمكن المقاتلون اليوم من طرد تنظيم داعش من حي في جنوب مدينة الحسكة.",
            ("Unidentified Armed Group (Syria)", "Islamic State (Syria)"),
        ),
        # a crowd faces the forces it riots against, whoever backs it
        (
            "بمساندة حاجز للجيش السوري، رشق سكان قرية حامو اليوم رتلاً للجيش الأميركي بالحجارة ومنعوه من دخول القرية.",
            ("Rioters (Syria)", "Military Forces of the United States (2021-)"),
        ),
    ],
)
def test_events_owners_supporters_and_crowds(
    pipeline: Pipeline, text: str, actors: tuple[str, str | None]
) -> None:
    [event] = _run(pipeline, text).events
    assert (event.actor1, event.actor2) == actors


@pytest.mark.parametrize(
    "text",
    [
        # what something is for, meant or prepared
        "وأرسلت الولايات المتحدة اليوم طائرات إلى قاعدة إنجيرليك لقصف أهداف في مدينة الرقة.",
        "وأعلنت واشنطن وأنقرة اليوم عزمهما توفير الغطاء الجوي وطرد داعش من بلدة جرابلس.",
        "ووصلت اليوم ثلاثة أفواج عسكرية إلى بلدة الكرمة استعداداً للهجوم على مدينة الفلوجة.",
        # a source going on with how it was noticed
        "وبيّن مراسلنا أنّ الاستهدافين تمّا بفاصل أقل من ساعة، بعد سماع دوي انفجارات من القاعدة في القرية الخضراء.",
        # a source going on with details of the fighting told before, and its scene named as a place
        "وأوضحت المصادر أنّ الاشتباكات أسفرت اليوم عن مقتل عنصر في بلدة الصور.",
        "واستقدم مجلس دير الزور العسكري اليوم تعزيزات كبيرة إلى منطقة الاشتباكات في بلدة الصور.",
        # where the fire came from is not where it hit
        "وأكّدت المصادر اليوم أنّ القاعدة الأميركية اُستهدِفت بعدّة صواريخ أطلقت من البادية بين مدينتي الميادين والبوكمال.",
        # a trigger word inside a name
        "وتزينت اليوم الشوارع الرئيسية بوسط دمشق مثل ميدان التحرير بالأعلام.",
        # history told in passing, whatever the verb
        "وساعد الملك الأرمني القائد المغولي هولاكو في هجومه على حلب في فبراير 1260.",
        "فاتهم الإخوان بقتل مجموعة من طلاب مدرسة المدفعية في حزيران 1979 في مدينة حلب.",
        # a place that only speaks or is the source
        "وقتل ما لا يقل عن 260 مقاتلاً كردياً في هذه الغارات اليوم بحسب أنقرة.",
        # what is expected or feared
        "ويتوقع الخبير أن تشن قوات النظام اليوم هجوماً على مدينة درعا.",
        # what tends to happen
        "فغالباً ما تزهق أرواح الشباب بعمليات انتحارية في مدينة الرقة.",
        # the pluperfect recalls what had happened before the news
        "وكان المئات من التنظيم قد قتلوا في محاولة الاستيلاء على مدينة عين العرب.",
        # receiving a report is no handover
        "وتسلم المحافظ اليوم تقريرا عن عودة العوائل النازحة إلى مدينة تكريت.",
    ],
)
def test_events_purposes_intentions_and_recollections_are_not_events(pipeline: Pipeline, text: str) -> None:
    assert _run(pipeline, text).events == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وتعرضت القاعدة الأميركية في حقل العمر النفطي، شرقي دير الزور، لقصف صاروخي اليوم.", SHELLING),
        ("وتصدت قوات النظام اليوم لهجوم شنه تنظيم داعش على مدينة الحسكة.", "Armed clash"),
        ("غارات جوية توقع اليوم 5 قتلى في مدينة إدلب.", AIR),  # توقع here causes, it expects nothing
        ("وكان مراسلنا قد أفاد بقصف قسد لبلدة ذيبان اليوم.", SHELLING),
    ],
)
def test_events_governed_lam_and_earlier_reports_are_events(
    pipeline: Pipeline, text: str, expected: str
) -> None:
    assert [e.sub_event_type for e in _run(pipeline, text).events] == [expected]


def test_events_two_arms_of_one_state_are_not_two_sides(pipeline: Pipeline) -> None:
    text = "قتل اليوم 12 مدنيا في قصف لطيران النظام السوري بالبراميل المتفجرة على مدينة الباب."
    [event] = _run(pipeline, text).events
    assert event.sub_event_type == AIR and event.actor2 == "Civilians (Syria)"
    assert "Syria" in event.actor1


def test_events_a_name_after_the_object_is_not_the_subject(pipeline: Pipeline) -> None:
    # "اعتقلت قيادياً في تنظيم داعش": the arrested man's group, not who arrested him
    [event] = _run(pipeline, "واعتقلت اليوم قيادياً في تنظيم داعش في بلدة ذيبان.").events
    assert (event.actor1, event.actor2) == ("Unidentified Armed Group (Syria)", "Islamic State (Syria)")
    [event] = _run(pipeline, "واستهدفت، فجر اليوم، طائرات إسرائيلية موقعاً في بلدة ذيبان.").events
    assert event.actor1 == "Military Forces of Israel (2022-)"


@pytest.mark.parametrize(
    "text",
    [
        "قتل 18 شخصا اليوم في سقوط صاروخ أطلقه تنظيم داعش على حي شعبي وسط بلدة تل أبيض.",
        "وقال الوزير إن التفجير الذي وقع اليوم في بلدة تل أبيض ناجم عن اعتداء انتحاري قام به تنظيم داعش.",
        "وشهدت بلدة تل أبيض اليوم هجوماً انتحارياً نُسب إلى تنظيم داعش.",
        "وقتل اليوم 5 أشخاص في بلدة تل أبيض بتفجير انتحاري نفذه تنظيم داعش.",
    ],
)
def test_events_a_relative_clause_or_an_attribution_names_who_did_it(pipeline: Pipeline, text: str) -> None:
    assert [e.actor1 for e in _run(pipeline, text).events] == ["Islamic State (Syria)"]


def test_events_what_had_happened_before_is_an_event_with_its_own_date(pipeline: Pipeline) -> None:
    text = (
        "وتبنّت المقاومة الإسلامية في العراق، يوم أمس الجمعة، استهداف القوات الأميركية في قاعدة عين الأسد "
        "بالصواريخ، بعد أن كانت قد استهدفت الأربعاء بالصواريخ بلدة البوكمال."
    )
    events = _run(pipeline, text, published="2024-08-17").events
    assert [(e.location_ar, e.event_date) for e in events] == [
        ("قاعدة عين الأسد", "2024-08-16"),
        ("البوكمال", "2024-08-14"),
    ]


def test_events_fire_sent_toward_a_place_hits_it_not_where_the_shooters_are(pipeline: Pipeline) -> None:
    text = "وأطلقت القوات الأميركية في حقل العمر اليوم 3 صواريخ باتجاه بادية الميادين بريف دير الزور الشرقي."
    assert [e.location_ar for e in _run(pipeline, text).events] == ["بادية الميادين"]


def test_events_the_killed_are_never_the_attackers(pipeline: Pipeline) -> None:
    text = "قُتل أربعة عناصر من القوات الحكومية السورية اليوم إثر انفجار عبوة ناسفة استهدفت حافلة في مدينة البوكمال."
    [event] = _run(pipeline, text).events
    assert (event.actor1, event.actor2) == (
        "Unidentified Armed Group (Syria)",
        "Military Forces of Syria (2000-2024)",
    )


def test_events_a_raid_is_how_an_arrest_is_made_and_where(pipeline: Pipeline) -> None:
    text = (
        'وألقت "قسد"، يوم أمس، القبض على عدد من قيادات مجلس دير الزور العسكري بعد مداهمة منازلهم في حي خشمان في '
        "مدينة الحسكة، بالتزامن مع تطويق حي غويران."
    )
    events = _run(pipeline, text).events
    assert [(e.sub_event_type, e.location_ar) for e in events] == [("Arrests", "حي خشمان")]
    assert events[0].actor2 == "Deir ez-Zor Military Council"


@pytest.mark.parametrize(
    ("text", "actor1"),
    [
        ("قصفت تركيا اليوم مواقع لتنظيم داعش في بلدة جرابلس.", "Military Forces of Turkey (2016-)"),
        ("وشنت إسرائيل اليوم غارات على مواقع في مدينة دمشق.", "Military Forces of Israel (2022-)"),
    ],
)
def test_events_a_country_as_the_attack_s_subject_is_its_military(
    pipeline: Pipeline, text: str, actor1: str
) -> None:
    assert [e.actor1 for e in _run(pipeline, text).events] == [actor1]


def test_events_where_someone_spoke_is_not_where_it_happened(pipeline: Pipeline) -> None:
    text = "وقال الوزير اليوم في مؤتمر صحافي في شانلي أورفة إن التفجير في سروج ناجم عن اعتداء انتحاري قام به داعش."
    doc = _run(pipeline, text)
    assert [(e.location_ar, e.actor1) for e in doc.events] == [("سروج", "Islamic State (Syria)")]
    assert all(c.speaker != "Journalists (Syria)" for c in doc.claims)  # مؤتمر صحافي: a press conference


def test_events_the_speaker_of_a_report_is_not_the_agent(pipeline: Pipeline) -> None:
    text = "قال مبعوث الأمم المتحدة اليوم إن الغارات التي تشنها قوات النظام على مدينة الزبداني أوقعت قتلى."
    [event] = _run(pipeline, text).events
    assert event.actor1 == "Military Forces of Syria (2000-2024)"
    text = "وقالت المعارضة المسلحة اليوم إنها كثفت قصفها على مواقع قوات النظام في مدينة درعا."
    [event] = _run(pipeline, text).events
    assert (event.actor1, event.actor2) == (
        "Opposition Rebels (Syria)",
        "Military Forces of Syria (2000-2024)",
    )


def test_events_what_led_to_an_outcome_and_the_outcome_each_at_its_place(pipeline: Pipeline) -> None:
    text = (
        "وتحدثت تقارير اليوم عن هدنة بوساطة روسية بين قسد والنظام السوري، جرت في مطار القامشلي وأسفرت عن فك "
        "الحصار الذي فرضته قسد على المربع الأمني في القامشلي والحسكة."
    )
    events = [(e.sub_event_type, e.location_ar, e.actor1) for e in _run(pipeline, text).events]
    assert events == [
        ("Agreement", "مطار القامشلي", "Syrian Democratic Forces"),
        ("Other", "القامشلي", "Syrian Democratic Forces"),
        ("Other", "الحسكة", "Syrian Democratic Forces"),
    ]


def test_events_duals_of_nouns_in_ta_marbuta_are_cues(pipeline: Pipeline) -> None:
    # غارة → غارتين: the ة turns to ت before the dual ending
    text = "ونفذت الطائرات الأميركية اليوم غارتين استهدفتا منطقة المزارع قرب مدينة الميادين."
    assert [e.sub_event_type for e in _run(pipeline, text).events] == [AIR]


def test_events_a_name_in_a_later_conjoined_clause_is_not_the_target(pipeline: Pipeline) -> None:
    text = "واستهدفت قسد اليوم بالقذائف المدفعية بلدة دبلان، ونصبت مدافع هاون في مواجهة نقاط الجيش السوري."
    [event] = _run(pipeline, text).events
    assert (event.actor1, event.actor2) == ("Syrian Democratic Forces", None)


def test_events_a_fight_s_unnamed_side_is_the_one_the_article_had_this_actor_fight(
    pipeline: Pipeline,
) -> None:
    text = (
        "وشنّت قوات العشائر اليوم هجوماً بالأسلحة الرشاشة على نقاط عسكرية تابعة لقسد في بلدة الباغوز.\n"
        "وأضافت المصادر أنّ قوات العشائر دخلت اليوم بلدات الكشكية وغرانيج."
    )
    takeovers = [
        e for e in _run(pipeline, text).events if e.sub_event_type == "Non-state actor overtakes territory"
    ]
    assert {(e.actor1, e.actor2) for e in takeovers} == {
        ("Tribal Army (Deir ez-Zor)", "Syrian Democratic Forces")
    }


def test_events_the_two_sides_and_mutual_fire(pipeline: Pipeline) -> None:
    text = (
        "تشهد بلدة ذيبان اليوم معارك عنيفة بين جيش العشائر المدعوم من النظام السوري وقوات قسد. "
        "وجاء ذلك بعد تقارير عن هدنة بين قسد والنظام السوري في مطار القامشلي.\n"
        "واستمر اليوم القصف بالطائرات المسيرة المتبادل بين الطرفين على بلدة الطيانة."
    )
    fire = [(e.actor1, e.actor2) for e in _run(pipeline, text).events if e.sub_event_type == AIR]
    assert sorted(fire) == [
        ("Syrian Democratic Forces", "Tribal Army (Deir ez-Zor)"),
        ("Tribal Army (Deir ez-Zor)", "Syrian Democratic Forces"),
    ]


def test_events_noun_phrase_cues_match_in_the_definite(pipeline: Pipeline) -> None:
    # "براميل متفجرة" in the lexicon also finds "البراميل المتفجرة"
    text = "وألقت مروحيات النظام اليوم البراميل المتفجرة على بلدة بقين."
    assert [e.sub_event_type for e in _run(pipeline, text).events] == ["Air/drone strike"]


def test_events_an_undated_sentence_in_a_paragraph_about_years_ago_is_background(pipeline: Pipeline) -> None:
    text = "وفي عام 2008 شهد سجن صيدنايا استعصاء كبيرا. وقتل فيها 9 أشخاص في اشتباكات مع الشرطة العسكرية في صيدنايا."
    assert _run(pipeline, text, published="2015-07-21").events == ()


def test_events_a_clause_without_a_place_borrows_only_from_clauses_that_just_say_where(
    pipeline: Pipeline,
) -> None:
    seedlike = "وردت قسد اليوم بقصف عشوائي أدى إلى خسائر في الأرواح، كما حدث في الميادين والبوليل."
    assert [e.location_ar for e in _run(pipeline, seedlike).events] == ["الميادين", "البوليل"]
    denied = "وتستمر قسد اليوم بإطباق حصار على تلك المنطقة، بينما نفى قائد العشائر أي دور في مجزرة قرية دحلة."
    assert [e.location_ar for e in _run(pipeline, denied).events] == []
    opinion = "وترى قسد أنّ حصار مناطق سيطرة الحكومة في مدينة حلب ورقة ضغط."
    assert _run(pipeline, opinion).events == ()


def test_claims_sources_that_said_go_on_with_the_news_officials_that_said_make_statements(
    pipeline: Pipeline,
) -> None:
    assert _run(pipeline, "وقالت المصادر إنّ مطار خراب الجير يشهد حركة نشطة لطائرات الشحن.").claims == ()
    assert [c.type for c in _run(pipeline, "وقالت وزارة الخارجية إنّ الوفد سيصل غداً.").claims] == ["statement"]


def test_quarters_need_place_context_and_khan_names_are_two_words(pipeline: Pipeline) -> None:
    pipe = Pipeline(["normalize", "segment", "entities"], provided=frozenset({"raw", "source", "text"}))
    doc = _run(pipe, "وفي حالة الغارات الليلية يتم استعمال قذائف موجهة، فيما قصف النظام مخيم خان الشيح.")
    assert [doc.text[m.start : m.end] for m in doc.mentions if m.kind == "place"] == ["خان الشيح"]


def test_students_are_never_the_attackers(pipeline: Pipeline) -> None:
    text = (
        "وقالت الوزارة إن هجوماً انتحارياً استهدف تجمعاً للطلاب في مدينة سوروتش اليوم، ما أدى إلى مقتل 30 شخصاً."
    )
    [event] = _run(pipeline, text).events
    assert event.actor1 != "Students (Syria)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قُتل مدنيان جراء قصف مدفعي لقوات النظام على بلدة كفرنبل اليوم.",
            ("Shelling/artillery/missile attack", "Civilians (Syria)", 2),
        ),
        (
            "أطلق مجهولون النار على مختار قرية الطيبة اليوم، ما أدى إلى مقتله.",
            ("Attack", "Civilians (Syria)", 1),  # violence against civilians targets civilians
        ),
        (
            "تظاهر عشرات الأهالي في مدينة السويداء اليوم للمطالبة بتحسين الأوضاع.",
            ("Peaceful protest", None, 0),
        ),
    ],
)
def test_events_duals_shootings_and_protests(
    pipeline: Pipeline, text: str, expected: tuple[str, str | None, int]
) -> None:
    [event] = _run(pipeline, text).events
    assert (event.sub_event_type, event.actor2, event.fatalities) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the attack's owner named with ل; soldiers killed make it a fight
        (
            "وثّق المرصد اليوم مقتل 5 عناصر من قوات النظام بهجوم لخلايا تنظيم داعش في بادية الميادين.",
            ("Armed clash", "Islamic State (Syria)", "Military Forces of Syria (2000-2024)", 5),
        ),
        # both sides of an agreement named before it
        (
            "وقّعت الحكومة السورية وقوات سوريا الديمقراطية اليوم اتفاقاً في حي الشيخ مقصود بمدينة حلب.",
            ("Agreement", "Military Forces of Syria (2000-2024)", "Syrian Democratic Forces", 0),
        ),
        # a body found, killed by gunfire
        (
            "عثر الأهالي اليوم على جثة شاب مقتولاً بالرصاص قرب بلدة الشحيل.",
            ("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)", 1),
        ),
    ],
)
def test_events_owners_sides_and_bodies(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str | None, int]
) -> None:
    [event] = _run(pipeline, text).events
    assert (event.sub_event_type, event.actor1, event.actor2, event.fatalities) == expected


def test_claims_an_institution_speaks_up_to_the_actor_it_names(pipeline: Pipeline) -> None:
    [claim] = _run(pipeline, "اتهمت وزارة الخارجية السورية التحالف الدولي بقصف قرية الباغوز.").claims
    assert (claim.type, claim.speaker) == ("accusation", "وزارة الخارجية السورية")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the charge is no side (the young men arrested are); a shot-down drone is disrupted weapons use
        (
            "شنت قسد اليوم حملة مداهمات في بلدة الشحيل طالت عشرة شبان بتهمة التعامل مع خلايا داعش.",
            ("Arrests", "Syrian Democratic Forces", "Civilians (Syria)", 1),
        ),
        (
            "أسقط الجيش السوري اليوم طائرة مسيرة في بلدة كنسبا.",
            ("Disrupted weapons use", "Military Forces of Syria (2000-2024)", None, 1),
        ),
        # protesters protest against, not with, the names after the trigger; a city named with مدينة is the city
        (
            "خرجت مظاهرة اليوم في مدينة إدلب تطالب بإسقاط الجولاني.",
            ("Peaceful protest", "Protesters (Syria)", None, 1),
        ),
        # around a city: ACLED geo_precision 2
        (
            "استشهد جندي اليوم جراء قصف بالقذائف على نقطة عسكرية في ريف حماة الشمالي.",
            ("Shelling/artillery/missile attack", "Unidentified Armed Group (Syria)", None, 2),
        ),
    ],
)
def test_events_charges_shot_down_drones_protests_and_countryside(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str | None, int]
) -> None:
    [event] = _run(pipeline, text).events
    assert (event.sub_event_type, event.actor1, event.actor2, event.geo_precision) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "حمّلت وزارة الدفاع التركية حزب العمال الكردستاني مسؤولية الهجوم على القاعدة.",
            ("accusation", "وزارة الدفاع التركية", "PKK: Kurdistan Workers Party"),
        ),
        (
            "أعلن تنظيم داعش مسؤوليته عن التفجير الذي استهدف حاجزاً لقسد.",
            ("attribution", "Islamic State (Syria)", "Syrian Democratic Forces"),
        ),
        (
            "قال المتحدث باسم التحالف الدولي إن قواته نفذت ضربة جوية استهدفت قيادياً في داعش.",
            ("statement", "Global Coalition Against Daesh", "Islamic State (Syria)"),
        ),
    ],
)
def test_claims_speakers_and_what_they_are_about(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    [claim] = _run(pipeline, text).claims
    assert (claim.type, claim.speaker, claim.about) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "شنّ الاحتلال الإسرائيلي اليوم عدواناً جوياً على مواقع في محيط العاصمة دمشق.",
            [("Air/drone strike", "دمشق", "Military Forces of Israel (2022-)", 2)],
        ),
        (
            "تصدت وسائط الدفاع الجوي السوري اليوم لعدوان إسرائيلي في سماء مدينة حمص وأسقطت عدداً من الصواريخ.",
            [("Disrupted weapons use", "مدينة حمص", "Military Forces of Syria (2000-2024)", 1)],
        ),
        (
            "أعلنت المقاومة الإسلامية في العراق اليوم استهداف قاعدة التنف الأميركية بطائرتين مسيرتين.",
            [("Air/drone strike", "قاعدة التنف", "Islamic Resistance in Iraq", 1)],
        ),
        # a quarter of a town coded the same day for the same act is that town's event
        (
            "استهدفت غارات أميركية اليوم مدينة دير الزور، وقال مراسلنا إن الغارات الأميركية استهدفت حي القصور في دير الزور.",
            [("Air/drone strike", "دير الزور", "Military Forces of the United States (2021-)", 1)],
        ),
    ],
)
def test_events_air_strikes_air_defence_and_quarters(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str, str, int]]
) -> None:
    events = _run(pipeline, text).events
    assert [(e.sub_event_type, e.location_ar, e.actor1, e.geo_precision) for e in events] == expected


@pytest.mark.parametrize(
    ("text", "published", "actors"),
    [
        # an attack on a foreign-held base with no target named hits the force holding it (data/actors/garrisons.tsv)
        (
            'وقال مصدر محلي إن "أصوات انفجارين هزا المنطقة إثر استهداف حقل العمر النفطي بقذيفتين صاروخيتين".',
            "2023-10-19",
            ("Unidentified Armed Group (Syria)", "Military Forces of the United States (2021-)"),
        ),
        # … on the date of the event: the period's actor, and nobody before the base was held
        (
            "استهدفت قذائف صاروخية اليوم قاعدة التنف.",
            "2025-03-01",
            ("Unidentified Armed Group (Syria)", "Military Forces of the United States (2025-)"),
        ),
        (
            "استهدفت قذائف صاروخية اليوم قاعدة التنف.",
            "2015-05-01",
            ("Unidentified Armed Group (Syria)", None),
        ),
        # the holder does not attack itself
        (
            "قصفت القوات الأميركية اليوم محيط قاعدة التنف بالمدفعية.",
            "2023-10-19",
            ("Military Forces of the United States (2021-)", None),
        ),
        # a siege is laid on the side that holds the areas besieged
        (
            'تواصل "قسد" حصارها على مناطق سيطرة الحكومة السورية في مدينة الحسكة، بعد اتهامها الأجهزة الأمنية السورية باعتقال عناصر لها.',
            "2024-08-08",
            ("Syrian Democratic Forces", "Military Forces of Syria (2000-2024)"),
        ),
    ],
)
def test_events_target_known_from_the_place_or_the_siege(
    pipeline: Pipeline, text: str, published: str, actors: tuple[str, str | None]
) -> None:
    events = _run(pipeline, text, published).events
    assert events and {(e.actor1, e.actor2) for e in events} == {actors}


def test_events_headline_without_a_date_is_the_dated_body_event(pipeline: Pipeline) -> None:
    text = (
        "القيادة المركزية الأميركية تعلن اعتقال قيادي في تنظيم داعش في مدينة الشدادي.\n"
        "وقالت القيادة المركزية إن قواتها اعتقلت قيادياً في تنظيم داعش في مدينة الشدادي يوم السبت."
    )
    events = _run(pipeline, text, "2023-09-25").events
    assert [(e.sub_event_type, e.event_date) for e in events] == [("Arrests", "2023-09-23")]


def test_events_a_casualty_noun_is_no_attack_verb(pipeline: Pipeline) -> None:
    # "قتلى" (the dead) is قتل + ي to the cue matcher: a toll of the fighting, not a new attack; a nisba adjective
    # on a weapon still counts ("قصف مدفعي")
    toll = "وحصد هذا القصف آلاف القتلى وأوقع أضراراً بالغة في مدينة حلب."
    assert [e.sub_event_type for e in _run(pipeline, toll).events] == []
    shelling = "تعرضت بلدة البوليل اليوم لقصف مدفعي."
    assert [e.sub_event_type for e in _run(pipeline, shelling).events] == [
        "Shelling/artillery/missile attack"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # violence on an armed side is a battle, a fight with the unarmed is an attack on them; "برصاص مجهولين"
        # names the shooters, the young man is the victim
        (
            "قُتل شاب برصاص مجهولين في بلدة الشحيل بريف دير الزور الشرقي، مساء أمس.",
            ("Violence against civilians", "Attack", "Civilians (Syria)"),
        ),
        (
            "قُتل 3 عناصر من قسد بهجوم لمسلحين مجهولين على حاجز في بلدة الشحيل.",
            ("Battles", "Armed clash", "Syrian Democratic Forces"),
        ),
        (
            "هاجم مسلحون مجهولون منزل أحد المدنيين في بلدة الصبحة وأطلقوا النار عليه، ما أدى إلى مقتله.",
            ("Violence against civilians", "Attack", "Civilians (Syria)"),
        ),
    ],
)
def test_events_the_target_decides_battle_or_attack(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str]
) -> None:
    events = _run(pipeline, text).events
    assert [(e.event_type, e.sub_event_type, e.actor2) for e in events] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # protesters are actor1; the force that dispersed or fired on them is actor2
        (
            "أطلقت قوات قسد النار على متظاهرين في بلدة ذيبان، ما أدى إلى مقتل شاب وإصابة آخرين.",
            ("Excessive force against protesters", "Protesters (Syria)", "Syrian Democratic Forces"),
        ),
        (
            "فرقت قوات قسد المظاهرة في مدينة القامشلي بالغاز المسيل للدموع.",
            ("Protest with intervention", "Protesters (Syria)", "Syrian Democratic Forces"),
        ),
        # the force may be named after the victim, by its bullets
        (
            "قُتل متظاهر برصاص قوات قسد خلال مظاهرة في بلدة ذيبان.",
            ("Excessive force against protesters", "Protesters (Syria)", "Syrian Democratic Forces"),
        ),
        # a killing the protest is about is neither excessive force nor its toll
        (
            "اعتصم نحو ألف شخص اليوم في مدينة اللاذقية احتجاجاً على قتل عقيد في الجيش.",
            ("Peaceful protest", "Protesters (Syria)", None),
        ),
        # rubber bullets disperse; they do not make the force lethal
        (
            "أطلقت قوات قسد الرصاص المطاطي على المتظاهرين في مدينة القامشلي.",
            ("Protest with intervention", "Protesters (Syria)", "Syrian Democratic Forces"),
        ),
        # what they protest against is no side
        (
            "خرجت تظاهرات في بلدة الشحيل تطالب بخروج قسد من المنطقة.",
            ("Peaceful protest", "Protesters (Syria)", None),
        ),
    ],
)
def test_events_protests_and_the_force_used_on_them(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str | None]
) -> None:
    events = _run(pipeline, text).events
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [expected]
    assert all(e.fatalities == 0 for e in events if e.sub_event_type == "Peaceful protest")


def test_events_arrests_of_civilians_and_a_unit_owned_by_its_group(pipeline: Pipeline) -> None:
    arrest = _run(
        pipeline, "أقدمت دورية لقسد على اعتقال 4 شبان من أبناء بلدة الشحيل، واقتادتهم إلى جهة مجهولة."
    )
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in arrest.events] == [
        ("Arrests", "Syrian Democratic Forces", "Civilians (Syria)")
    ]
    drone = _run(
        pipeline,
        "استشهد جنديان سوريان، جراء استهداف مسيّرة تابعة لقسد نقطة للجيش السوري في بلدة الصالحية.",
    )
    assert [(e.actor1, e.actor2) for e in drone.events] == [
        ("Syrian Democratic Forces", "Military Forces of Syria (2000-2024)")
    ]


def test_events_the_desert_or_outskirts_of_a_town_is_around_it(pipeline: Pipeline) -> None:
    for text in (
        "مقتل 5 عناصر بهجوم لخلايا تنظيم داعش في بادية السخنة.",
        "سقطت قذائف اليوم قرب مدينة الميادين.",
    ):
        assert [e.geo_precision for e in _run(pipeline, text).events] == [2]


def test_events_generic_victims_and_crowds_are_of_the_event_country(pipeline: Pipeline) -> None:
    shelling = _run(pipeline, "قتل 3 مدنيين اليوم بقصف على بلدة القائم.").events
    assert [(e.actor2, e.civilian_targeting) for e in shelling] == [
        ("Civilians (Iraq)", "Civilian targeting")
    ]
    protest = _run(pipeline, "خرجت مظاهرة اليوم في مدينة الرمادي.").events
    assert [e.actor1 for e in protest] == ["Protesters (Iraq)"]
    shelled = _run(pipeline, "قصف تنظيم داعش اليوم مدينة الفلوجة بالهاون.", "2015-07-22").events
    assert [e.actor1 for e in shelled] == ["Islamic State (Iraq)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # who took the ground decides the sub-type, not the verb
        ("سيطر الجيش السوري اليوم على بلدة السخنة بعد معارك مع تنظيم داعش.", "Government regains territory"),
        ("حررت قوات العشائر اليوم بلدة ذيبان من قسد بعد معارك عنيفة.", "Non-state actor overtakes territory"),
        # a new base or headquarters
        ("أقامت قسد اليوم مقراً عسكرياً جديداً في بلدة الصور.", "Headquarters or base established"),
        # a verb and its object with the subject between them (verb-subject-object order)
        (
            "استعادت قوات العشائر اليوم السيطرة على بلدة ذيبان بعد معارك مع قسد.",
            "Non-state actor overtakes territory",
        ),
        ("سلّمت قسد اليوم نقاطها في بلدة الطبقة إلى الجيش السوري.", "Non-violent transfer of territory"),
    ],
)
def test_events_territory_and_bases(pipeline: Pipeline, text: str, expected: str) -> None:
    assert [e.sub_event_type for e in _run(pipeline, text).events] == [expected]


def test_events_a_handover_is_the_receivers(pipeline: Pipeline) -> None:
    for text in (
        "سلّمت قسد اليوم نقاطها في بلدة الطبقة إلى الجيش السوري.",
        "تسلّم الجيش السوري اليوم نقاط قسد في بلدة الطبقة.",
    ):
        events = _run(pipeline, text).events
        assert [(e.actor1, e.actor2) for e in events] == [
            ("Military Forces of Syria (2000-2024)", "Syrian Democratic Forces")
        ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a road named by the towns it joins: once, near its first town
        ("انفجرت عبوة ناسفة اليوم بسيارة عسكرية لقسد على طريق الحسكة - الشدادي.", [("الحسكة", 2)]),
        ("انفجرت عبوة ناسفة اليوم على الطريق الواصل بين دير الزور والميادين.", [("دير الزور", 2)]),
        # … or near the town named for it
        ("استهدفت مسيرة اليوم سيارة على أوتوستراد حلب - دمشق قرب مدينة سراقب.", [("سراقب", 2)]),
        # … but not at the countryside that locates the road (a district of towns, not a point by it)
        (
            "استهدفت طائرة مسيّرة تركية اليوم سيارة على طريق القامشلي - عامودا في ريف الحسكة.",
            [("القامشلي", 2)],
        ),
        (
            "استهدفت مسيّرة تركية اليوم سيارة على الطريق الواصل بين القامشلي وعامودا بريف الحسكة.",
            [("القامشلي", 2)],
        ),
    ],
)
def test_events_on_a_road(pipeline: Pipeline, text: str, expected: list[tuple[str, int]]) -> None:
    assert [(e.location_ar, e.geo_precision) for e in _run(pipeline, text).events] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # still going on, at least: no negation
        ("ولا تزال الاشتباكات مستمرة اليوم في بلدة ذيبان.", [("Armed clash", 0)]),
        (
            "قتل ما لا يقل عن 12 شخصاً اليوم في قصف على بلدة الشحيل.",
            [("Shelling/artillery/missile attack", 12)],
        ),
        # a number beats an unnumbered plural in the same toll
        (
            "ارتفع عدد ضحايا القصف على بلدة الشحيل اليوم إلى 7 قتلى.",
            [("Shelling/artillery/missile attack", 7)],
        ),
        # a list of governorates is a round-up, too coarse to code
        ("نفذت طائرات النظام غارات استهدفت مناطق في محافظات حلب، إدلب، درعا وحماة.", []),
    ],
)
def test_events_going_on_tolls_and_governorate_lists(
    pipeline: Pipeline, text: str, expected: list[tuple[str, int]]
) -> None:
    assert [(e.sub_event_type, e.fatalities) for e in _run(pipeline, text).events] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an attack on people no armed side is named for targets civilians; an assassination kills
        (
            "اغتال مجهولون اليوم مختار بلدة الطيانة بإطلاق النار عليه أمام منزله.",
            ("Attack", "Unidentified Armed Group (Syria)", "Civilians (Syria)", 1),
        ),
        # explosives defused went off nowhere
        (
            "فككت فرق الهندسة اليوم عبوة ناسفة زرعت على طريق في بلدة الصور.",
            ("Disrupted weapons use", "Unidentified Armed Group (Syria)", None, 0),
        ),
        # who survived was the target
        (
            "نجا قائد في قسد اليوم من محاولة اغتيال بعبوة ناسفة في بلدة الصور.",
            (
                "Remote explosive/landmine/IED",
                "Unidentified Armed Group (Syria)",
                "Syrian Democratic Forces",
                0,
            ),
        ),
    ],
)
def test_events_assassinations_defusals_and_survivors(
    pipeline: Pipeline, text: str, expected: tuple[str, str, str | None, int]
) -> None:
    assert [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in _run(pipeline, text).events] == [
        expected
    ]


def test_events_aggression_raids_members_and_unknown_quarters(pipeline: Pipeline) -> None:
    # a member of the group killed is its loss; an Israeli "aggression" is an air strike; a quarter the gazetteer
    # does not know is coded at the city the sentence puts it in
    [event] = _run(
        pipeline, "استُشهد مستشار في الحرس الثوري الإيراني اليوم جراء عدوان إسرائيلي على حي المزة في دمشق."
    ).events
    assert (event.sub_event_type, event.actor1, event.actor2, event.fatalities) == (
        "Air/drone strike",
        "Military Forces of Israel (2022-)",
        "Islamic Revolutionary Guard Corps",
        1,
    )
    assert (event.location_ar, event.geo_precision, event.latitude is not None) == ("دمشق", 2, True)
    raid = _run(pipeline, "أغارت طائرات الاحتلال الإسرائيلي اليوم على مطار دمشق الدولي.").events
    assert [e.sub_event_type for e in raid] == ["Air/drone strike"]
    martyrs = _run(
        pipeline, "شنّ الاحتلال الأميركي اليوم غارات على بلدة الهري، ما أدى إلى ارتقاء شهداء."
    ).events
    assert [e.fatalities for e in martyrs] == [3]


def test_events_activists_arrested_and_front_lines(pipeline: Pipeline) -> None:
    arrest = _run(pipeline, "اعتقلت هيئة تحرير الشام اليوم ناشطاً إعلامياً في مدينة إدلب.").events
    assert [(e.actor1, e.actor2) for e in arrest] == [("Hayat Tahrir al-Sham", "Civilians (Syria)")]
    front = _run(pipeline, "اندلعت اشتباكات اليوم بين فصائل الجيش الوطني السوري وقسد على محور منبج.").events
    assert [(e.location_ar, e.geo_precision) for e in front] == [("منبج", 2)]


def test_claims_ids_are_content_ids() -> None:
    """The claims stage hashes the document's id once per document (content_ids): its ids are still
    content_id's."""
    from rasd.document import content_id, content_ids

    for doc_id, start, kind in (("d41d8cd98f00b204e9800998", 0, "denial"), ("مقال", 1234, "statement")):
        claim_id_of = content_ids(doc_id, "claim")
        assert claim_id_of(str(start), kind) == content_id(doc_id, "claim", str(start), kind)
        assert claim_id_of(str(start), kind) == claim_id_of(str(start), kind)  # (the fixed state is copied)


def test_claims_a_speaker_named_again_by_its_head_noun(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "أعلنت وزارة النقل السورية وصول 14 طائرة مساعدات. وكشفت الوزارة أن الطائرات وصلت من طاجيكستان.",
    )
    assert [c.speaker for c in doc.claims] == ["وزارة النقل السورية", "وزارة النقل السورية"]


def test_events_an_unknown_drone_may_be_anyones(pipeline: Pipeline) -> None:
    # warplanes are a state's (Unidentified Military Forces); an unclaimed drone may be anyone's (gold guideline 12)
    drone = _run(pipeline, "استهدفت مسيّرة مجهولة اليوم سيارة في بلدة البصيرة.").events
    plane = _run(pipeline, "استهدفت طائرة حربية مجهولة اليوم سيارة في بلدة البصيرة.").events
    assert [e.actor1 for e in drone + plane] == [
        "Unidentified Armed Group (Syria)",
        "Unidentified Military Forces",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what an agreement is to stop is not reported as happening; a truce that broke down is no agreement
        (
            "توصلت قسد ووجهاء عشائر دير الزور اليوم إلى اتفاق يقضي بوقف الاشتباكات في بلدة ذيبان.",
            ["Agreement"],
        ),
        ("انهارت الهدنة اليوم في بلدة ذيبان بعد ساعات من إعلانها.", []),
    ],
)
def test_events_what_is_to_stop_or_broke_down(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert [e.sub_event_type for e in _run(pipeline, text).events] == expected


def test_claims_a_speaker_name_ends_before_the_next_names_proclitic(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "أعلن الجيش السوري وقسد اليوم أن المفاوضات مستمرة في مدينة القامشلي.")
    assert [c.speaker for c in doc.claims] == ["الجيش السوري"]


def test_events_fire_opened_with_the_shooter_between_verb_and_object(pipeline: Pipeline) -> None:
    events = _run(pipeline, "أطلقت قوات قسد اليوم النار على شاب في بلدة الصبحة، ما أدى إلى مقتله.").events
    assert [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in events] == [
        ("Attack", "Syrian Democratic Forces", "Civilians (Syria)", 1)
    ]


# --- claims, fourth pass: which statements are claims (decision 0009, "Fourth pass") ---


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # naming an actor an occupier states a position; with violence, or with an act like theft, it accuses
        (
            "وشدّدت وزارة الخارجية السورية على أنّ الاحتلال الأميركي يمثل انتهاكاً صارخاً لسيادة البلاد.",
            ["statement"],
        ),
        ("وقالت وزارة الخارجية السورية إنّ الاحتلال الأميركي قصف مواقع للجيش.", ["accusation"]),
        (
            "وقالت وزارة الخارجية السورية إنّ القوات الأميركية أقدمت على نقل عشرات الصهاريج المحمّلة بالنفط المسروق.",
            ["accusation"],
        ),
        # a statement recalled, or the text's sourcing, is no claim made now
        ("ولا تبدو العودة قريبة، رغم إعلان وزارة الهجرة في تصريحات إعلامية تجاوز ذلك.", []),
        ("وتقدّر الخسائر بـ 25 مليار دولار، بحسب تصريحات المسؤول.", []),
        # the statement named before ("في البيان") goes on
        ("ودعا المجلس، في البيان، المنظمات الدولية إلى أخذ دورها.", []),
        # a news source giving a toll is the news; a toll it denies is a claim
        ("وأكدت مصادر للميادين وقوع قتلى ومصابين في صفوف العشائر.", []),
        ("وأكدت المصادر عدم وجود أي شهداء أو مصابين من العاملين في المعبر.", ["statement"]),
        # an outlet told by its sources states it
        ("الميادين نت علمت من مصادر موثوقة أنّ التحالف الدولي استقدم تعزيزات إلى قاعدة التنف.", ["statement"]),
        # accusations made ("وجهت اتهامات إلى …"), not accusations in general
        ("وأشارت إلى أن هذه الأحزاب وجهت اتهامات إلى تنظيم الشبيبة الثورية التابع لقسد.", ["accusation"]),
        # a forecast or a belief attributes no act; an act's author does
        ("ورجّحت المصادر أن يزداد التوتر بين الطرفين خلال الفترة القادمة.", []),
        ("ورجحت المصادر أن يكون الاستهداف تمّ بواسطة طائرات مسيرة.", ["attribution"]),
        # a group mourning its own dead names who killed them: an attribution, not an accusation
        ("زفّت كتائب سيد الشهداء المجاهد عبد الله الصافي شهيداً، وذلك من جراء عدوان أمريكي.", ["attribution"]),
        # a verb with no subject, the place of what is said next: the speaker before goes on
        ("وترى في هذه الورقة أيضاً عامل ضغط على الدولة السورية.", []),
    ],
)
def test_claims_fourth_pass_which_statements_are_claims(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert [c.type for c in _run(pipeline, text).claims] == types


def test_claims_sources_confirming_again_and_the_headline_across_sources(pipeline: Pipeline) -> None:
    # the sources named before confirm what they told: details; revealing something new is still a claim
    doc = _run(
        pipeline,
        "رتل للتحالف الدولي في حقل العمر\n"
        "أكدت مصادر محلية أنّ رتلاً للتحالف الدولي وصل إلى حقل العمر.\n"
        "وأكدت المصادر أنّ الرتل ضمّ عشر شاحنات.\n"
        "وكشفت المصادر أنّ الجهات الأمنية طلبت تسليمها شخصيات عشائرية.",
    )
    assert [(c.type, doc.text[c.cue.start : c.cue.end]) for c in doc.claims] == [
        ("statement", "أكدت"),
        ("statement", "كشفت"),
    ]
    # a head noun with the article that is a name, not a head noun, still speaks anew
    doc = _run(pipeline, "وأكد اللواء المقدشي في تصريح صحفي أن المفاوضات مستمرة.")
    assert [c.type for c in doc.claims] == ["statement"]
    # the article's sources are one speaker: the headline's statement is the lead's
    doc = _run(
        pipeline,
        "مصادر الميادين أكدت وصول وفد روسي إلى مدينة الحسكة\n"
        "أكدت مصادر للميادين، الإثنين، تجدد الوساطة الروسية بين قسد والجيش السوري في مدينة الحسكة.",
    )
    assert [(c.type, c.evidence.start > 0) for c in doc.claims] == [("statement", True)]


def test_claims_speakers_named_before_their_verb_and_those_spoken_to(pipeline: Pipeline) -> None:
    # a subject with no known name before its verb speaks
    doc = _run(pipeline, "وزارة الخارجية السورية أكدت أنّ الوساطة الروسية مستمرة.")
    assert [c.speaker for c in doc.claims] == ["وزارة الخارجية السورية"]
    doc = _run(
        pipeline,
        "مصادر متعددة في محافظة دير الزور أكدت لـ فرات بوست أن الضغط الشعبي أجبر النظام على التراجع.",
    )
    assert [c.speaker for c in doc.claims] == ["مصادر متعددة"]
    # connectives are no speaker; an outlet spoken to ("لـ«…»", "للميادين") is no speaker either
    doc = _run(pipeline, "لكن وزارة الخارجية السورية أكدت أنّ الوساطة الروسية مستمرة.")
    assert [c.speaker for c in doc.claims] == ["وزارة الخارجية السورية"]
    doc = _run(pipeline, "بدوره، أعلن المتحدث أنّ الوساطة الروسية مستمرة.")
    assert [c.speaker for c in doc.claims] == ["المتحدث"]
    doc = _run(pipeline, "وقال جنبلاط لـ«الشرق الأوسط» إنه لا خيار أمام الدروز إلا المصالحة.")
    assert [c.speaker for c in doc.claims if c.speaker and "الشرق" in c.speaker] == []
    # a name after what was said ("أن التحالف …") is what was said about, not who said it
    doc = _run(pipeline, "وأضاف الضابط أن التحالف الدولي نصح الجيش العراقي بالتريث.")
    assert [c.speaker for c in doc.claims if c.speaker] == []


def test_claims_of_responsibility_for_the_event_told_are_its_actor(pipeline: Pipeline) -> None:
    # the group claiming the attack the sentence reports is the event's actor1, not a separate claim
    doc = _run(
        pipeline,
        "وتبنّت المقاومة الإسلامية في العراق استهداف القوات الأميركية في قاعدة عين الأسد بطائرة مسيرة.",
    )
    assert [e.actor1 for e in doc.events] == ["Islamic Resistance in Iraq"]
    assert doc.claims == ()


def test_events_continuing_a_fight_is_vowed_not_reported(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline, 'أعلن قائد قوات العشائر العربية إبراهيم الهفل "مواصلة القتال ضدّ مسلحي قسد في دير الزور".'
    )
    assert doc.events == ()
    assert [c.type for c in doc.claims] == ["statement"]


def test_events_round_ups_are_not_coded_unless_they_name_a_day(pipeline: Pipeline) -> None:
    # a sentence summing up days of attacks, and the sentence that goes on with it: not coded (guideline 3)
    doc = _run(
        pipeline,
        "هجمات على القواعد الأميركية\n"
        "واستهدفت المقاومة قاعدة عين الأسد مرّات عديدة، كما استهدفت قاعدة التنف في سوريا.\n"
        "كذلك، استهدفت قوات المقاومة خط الغاز قرب حقل كونيكو في ريف دير الزور.",
    )
    assert doc.events == ()
    # a round-up that names a day reports that day's event (published Tuesday 2024-08-13: Friday is the 9th)
    doc = _run(
        pipeline,
        "وتعرّضت القاعدة في حقل العمر النفطي للقصف عدة مرّات في الأيام الماضية، بحيث أفاد مراسلنا، يوم الجمعة "
        "الماضي، بأنّ قصفاً بالصواريخ استهدف القاعدة نفسها.",
        published="2024-08-13",
    )
    assert [(e.sub_event_type, e.event_date) for e in doc.events] == [(SHELLING, "2024-08-09")]


def test_events_places_in_addition_and_a_place_pointed_back_at(pipeline: Pipeline) -> None:
    # "بالإضافة إلى استهداف قاعدة حرير" names another target, not a destination; "قاعدة "حرير"" is the air base
    # (its garrison the target), not the town; "استهدفتها" points back at the base named before
    doc = _run(
        pipeline,
        'وتبنّت المقاومة الإسلامية في العراق، يوم أمس الخميس، استهداف القوات الأميركية في قاعدة "عين الأسد" '
        'بالصواريخ، بعد أن كانت قد استهدفتها الأربعاء بالإضافة إلى استهداف قاعدة "حرير" في كردستان العراق.',
        published="2023-10-20",
    )
    assert sorted((e.location_ar, e.event_date, e.actor2) for e in doc.events) == [
        ("حرير", "2023-10-18", "Military Forces of the United States (2021-)"),
        ("عين الأسد", "2023-10-18", "Military Forces of the United States (2021-)"),
        ("عين الأسد", "2023-10-19", "Military Forces of the United States (2021-)"),
    ]
    # a noun with a possessive ("قصفها لمناطق": its shelling of) points back at nothing
    doc = _run(
        pipeline,
        "اشتبكت قوات النظام مع الفصائل في مدينة حلب، كما جددت قوات النظام قصفها لمناطق في بلدة الطيبة بريف دمشق.",
    )
    assert [(e.sub_event_type, e.location_ar) for e in doc.events] == [
        ("Armed clash", "حلب"),
        (SHELLING, "الطيبة"),
    ]
    # a destination is still no place it happened
    doc = _run(pipeline, "ونزحت عشرات العائلات من بلدة ذيبان إلى مدينة الحسكة.")
    assert [e.location_ar for e in doc.events] == ["ذيبان"]


def test_events_a_fight_and_fire_coordinated_in_one_clause_are_placed_apart(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        'مصادر تؤكد اندلاع اشتباكات عنيفة في دير الزور بين الجيش السوري وقوات الاحتلال الأميركي و"قسد"، '
        "واستهداف قواعد الاحتلال الأميركي في حقل غاز كونيكو بالصواريخ.",
        published="2023-11-09",
    )
    assert sorted((e.sub_event_type, e.location_ar) for e in doc.events) == [
        ("Armed clash", "دير الزور"),
        (SHELLING, "حقل غاز كونيكو"),
    ]
    # two attacks, each with its own weapons
    doc = _run(
        pipeline,
        "أفاد مراسلنا باستهداف قاعدة حقل العمر النفطي الأميركية بـ 4 صواريخ، واستهداف قاعدة خراب الجير الأميركية "
        "بـ 3 صواريخ ومسّيرة.",
    )
    assert sorted((e.sub_event_type, e.place_id) for e in doc.events) == [
        (AIR, "rasd:site-abu-hajar-airport"),
        (SHELLING, "rasd:al-omar-oil-field"),
        (SHELLING, "rasd:site-abu-hajar-airport"),
    ]
    # the toll after "، و" is the act's own, not another act
    doc = _run(pipeline, "قصفت قوات النظام بلدة الطيبة، وقتل 3 مدنيين.")
    assert [(e.location_ar, e.fatalities) for e in doc.events] == [("الطيبة", 3)]


def test_events_where_fire_came_from_is_not_where_it_happened(pipeline: Pipeline) -> None:
    # both sides fire from where they hold: no place of the fight is named
    doc = _run(
        pipeline,
        "أكد مصدر ميداني اندلاع اشتباكات عنيفة بين قسد من جهة، انطلاقاً من مناطق يحتلونها شرق الفرات، والجيش "
        "السوري من جهة ثانية، انطلاقا من نقاط سيطرتهم غرب الفرات.",
    )
    assert doc.events == ()
    # fired toward a place, or "more than 300 shells at villages": the target, not the origin
    doc = _run(
        pipeline, "وأطلقت القوات الأميركية في حقل العمر 3 صواريخ باتجاه بادية الميادين بريف دير الزور الشرقي."
    )
    assert [e.location_ar for e in doc.events] == ["بادية الميادين"]
    doc = _run(pipeline, "وأطلقت قسد أكثر من 30 قذيفة على بلدة ذيبان في ريف دير الزور.")
    assert [e.location_ar for e in doc.events] == ["ذيبان"]
    # rockets fired from the desert between two towns hit the base
    doc = _run(
        pipeline,
        "واُستهدفت القاعدة الأميركية في حقل العمر بصواريخ أُطلقت من البادية بين مدينتي الميادين والبوكمال.",
    )
    assert [e.location_ar for e in doc.events] == ["القاعدة الأميركية في حقل العمر"]
    # an air strike "from the direction of" the Golan or Lebanon: where it came from, not where it struck
    doc = _run(
        pipeline,
        "نفّذ العدو الإسرائيلي اليوم عدواناً جوياً من اتجاه الأراضي اللبنانية استهدف مواقع في ريف حمص.",
    )
    assert [(e.location_ar, e.geo_precision) for e in doc.events] == [("حمص", 2)]
    doc = _run(
        pipeline,
        "شنّ الاحتلال الإسرائيلي اليوم عدواناً جوياً من اتجاه الجولان السوري المحتل مستهدفاً نقاطاً في ريف دمشق.",
    )
    assert "الجولان" not in [e.location_ar for e in doc.events]


def test_events_before_that_goes_on_with_a_story_told_weeks_back(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "وفي 10 آذار/مارس الجاري، تصدّت وسائط الدفاع الجوي السوري لصواريخ إسرائيلية استهدفت نقاطاً في ريف دمشق.\n"
        "وقبل ذلك، تصدّت الدفاعات الجوية السورية لعدوان إسرائيلي استهدف محيط بلدة القسطل في ريف دمشق.",
        published="2024-03-26",
    )
    assert doc.events == ()
    # dated anew, it is news of its own
    doc = _run(
        pipeline,
        "وفي 10 آذار/مارس الجاري، قصفت قسد بلدة ذيبان.\nوقبل يومين، قصفت قسد بلدة الشحيل.",
        published="2024-03-26",
    )
    assert [(e.location_ar, e.event_date) for e in doc.events] == [("الشحيل", "2024-03-24")]


def test_events_a_group_mourning_its_dead_is_the_target(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "كتائب سيد الشهداء في العراق تزف المجاهد عبد الله الصافي، شهيداً على طريق القدس والذي ارتقى من جراء "
        "عدوان أميركي استهدف منطقة البوكمال عند الحدود مع سوريا.",
        published="2024-06-22",
    )
    assert [(e.actor1, e.actor2, e.fatalities) for e in doc.events] == [
        ("Military Forces of the United States (2021-)", "Kataib Sayyid al-Shuhada", 1)
    ]


@pytest.mark.parametrize(
    "text",
    [
        # an outcome attempted is not reached
        "وذلك لمنع وصول تعزيزات للمجلس ومحاولة فك الحصار عن قادته في مدينة الحسكة.",
        # a sentence explaining an event told before names it with the article
        "وجاء الترتيب لعملية الاعتقال تزامناً مع الإعلان عن عملية أمنية في مدينة الحسكة.",
        # roads cut by an authority alone are like a curfew (gold guideline 15)
        "وشهدت مدينة الحسكة قطع الطرقات الرئيسية من قبل قسد.",
    ],
)
def test_events_attempts_explanations_and_road_closures_are_not_coded(pipeline: Pipeline, text: str) -> None:
    assert _run(pipeline, text).events == ()


def test_events_an_attempted_attack_is_still_an_attack(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "نجا قائد في قسد من محاولة اغتيال بعبوة ناسفة في بلدة الشحيل.")
    assert len(doc.events) == 1


def test_events_an_aside_has_no_day_and_an_area_event_far_from_the_others_is_kept(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        "وأفادت مصادر بتنفيذ طائرات أميركية غارات استهدفت شاحنات في مدينة البوكمال.\n"
        "الجدير ذكره أنّ الطائرات الأميركية نفذت غارتين جويتين استهدفتا منطقة المزارع جنوب شرقي مدينة الميادين.",
        published="2023-10-30",
    )
    assert sorted((e.location_ar, e.event_date, e.time_precision) for e in doc.events) == [
        ("البوكمال", "2023-10-30", 2),
        ("منطقة المزارع", None, 3),
    ]


def test_claims_the_one_quoted_after_an_agency_speaks(pipeline: Pipeline) -> None:
    doc = _run(
        pipeline,
        'ونقلت وكالة "إرنا" الإيرانية عن العلاقات العامة في حرس الثورة خبر استشهاد المستشار بهروز واحدي.',
    )
    assert [c.type for c in doc.claims] == ["statement"]
    assert doc.claims[0].speaker == "العلاقات العامة"  # (the one quoted, not the agency)
    doc = _run(pipeline, "ونُقل عن أوغلو قوله لرؤساء تحرير وسائل الإعلام إن المفاوضات مستمرة.")
    assert [c.speaker for c in doc.claims] == ["أوغلو"]
    # "نقلت" without "عن" moves things: no one is quoted
    doc = _run(pipeline, "ونقلت القوات الأميركية معدات عسكرية إلى قاعدة حقل العمر.")
    assert doc.claims == ()


def test_events_who_is_arrested_belongs_to_the_group_named_after(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "أعلنت قوات سوريا الديمقراطية اعتقال خلية تابعة لتنظيم داعش في بلدة البصيرة.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in doc.events] == [
        ("Arrests", "Syrian Democratic Forces", "Islamic State (Syria)")
    ]
    # its own arrest, announced: how the event is known, not a claim apart
    assert doc.claims == ()


def test_events_probes_in_other_outlets_styles(pipeline: Pipeline) -> None:
    # an outlet's name with a number ("دير الزور 24 |") is no toll; the shooters named after their weapon act
    doc = _run(pipeline, "دير الزور 24 | قُتل شاب برصاص عناصر من قسد على حاجز في بلدة الشحيل، اليوم الإثنين.")
    assert [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in doc.events] == [
        ("Attack", "Syrian Democratic Forces", "Civilians (Syria)", 1)
    ]
    # a withdrawal told first and a takeover after it: the one who took the ground is actor1
    doc = _run(pipeline, "انسحبت قوات النظام من مواقعها في قرية الطيبة وسيطرت عليها فصائل المعارضة.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in doc.events] == [
        (
            "Non-violent transfer of territory",
            "Opposition Rebels (Syria)",
            "Military Forces of Syria (2000-2024)",
        )
    ]
    # a takeover announced ("أعلن … سيطرته على"), at each village, spelled as people write them ("جديد بكارة")
    doc = _run(pipeline, "أعلن جيش العشائر سيطرته على قرى الدحلة وجديد بكارة بعد اشتباكات مع قسد.")
    assert [(e.sub_event_type, e.place_id) for e in doc.events] == [
        ("Non-state actor overtakes territory", "rasd:al-dahla-sy090105"),
        ("Non-state actor overtakes territory", "rasd:jadid-bakkara-sy09"),
    ]
    # control held is no takeover
    assert _run(pipeline, "وتفرض قسد سيطرتها على المنطقة منذ سنوات.").events == ()


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        (
            "صدت قسد هجوماً لمسلحي العشائر على بلدة ذيبان.",
            ("Tribal Army (Deir ez-Zor)", "Syrian Democratic Forces"),
        ),
        (
            "أحبطت قسد هجوماً لخلايا داعش على حاجز في بلدة الشحيل.",
            ("Islamic State (Syria)", "Syrian Democratic Forces"),
        ),
        # the owner of an attack in the accusative
        (
            "شنت خلايا داعش هجوماً على حاجز لقسد في بلدة الشحيل.",
            ("Islamic State (Syria)", "Syrian Democratic Forces"),
        ),
    ],
)
def test_events_who_repels_an_attack_is_its_target(
    pipeline: Pipeline, text: str, sides: tuple[str, str]
) -> None:
    assert [(e.actor1, e.actor2) for e in _run(pipeline, text).events] == [sides]


def test_claims_a_condemnation_states_a_position(pipeline: Pipeline) -> None:
    doc = _run(pipeline, "وأدانت وزارة الخارجية السورية القصف الذي استهدف بلدة ذيبان.")
    assert [(c.type, c.speaker) for c in doc.claims] == [("statement", "وزارة الخارجية السورية")]
    doc = _run(pipeline, "أدانت الحكومة العراقية هجوماً بدأته تركيا على المقاتلين الأكراد.")
    assert [c.speaker for c in doc.claims] == ["الحكومة العراقية"]


def test_claims_the_lack_of_news_negates_nothing(pipeline: Pipeline) -> None:
    # sources going on with details: no claim, even when they add that nothing more is known
    doc = _run(
        pipeline,
        "أكدت مصادر محلية استهداف الشاحنات في مدينة البوكمال.\n"
        'وأضافت المصادر أنّ الاستهداف "سبّب انفجاراً كبيراً في المنطقة، من دون معلومات عن حجم الخسائر".',
    )
    assert [c.evidence.start for c in doc.claims if c.evidence.start > 0] == []
    # a casualty toll the sources deny is a claim
    doc = _run(
        pipeline,
        "أكدت مصادر محلية استهداف الشاحنات في مدينة البوكمال.\n"
        "وأكدت المصادر عدم وجود أي شهداء أو مصابين من العاملين في المعبر.",
    )
    assert [c.type for c in doc.claims if c.evidence.start > 0] == ["statement"]


def test_clause_breaks_are_the_reference_pattern_s_match_starts() -> None:
    from rasd.stages.events import _clause_breaks

    # the clause-break pattern, read with finditer: what _clause_breaks finds faster
    reference = re.compile(r"(?:[،,]\s*)?\b(?:كما|فيما|بينما|في حين|بعد [أا]ن كان(?:ت|وا)?)\b|؛")
    texts = [
        "قصفت قسد بلدة ذيبان، كما سيطرت على نقاط في الشحيل؛ فيما نفى الجيش ذلك",
        "حكما بينما في حين قال، بعد أن كانت قد استهدفتها ، كما",
        "لا فاصل هنا في الجملة كلها",
        "كما قصفت،  فيما بعد ان كانوا",
    ]
    for text in texts:
        for start, end in [(0, len(text)), (3, len(text) - 2)]:
            expected = [m.start() for m in reference.finditer(text, start, end)]
            assert _clause_breaks(text, start, end) == expected, (text, start, end)
    # (texts made of the break words' pieces, cut anywhere: the words matched only where they start)
    rng = random.Random(1)
    pieces = [
        "كما",
        "فيما",
        "بينما",
        "في حين",
        "بعد أن كان",
        "بعد ان كانت",
        "بعد أن كانوا",
        "؛",
        "، ",
        ",",
        " ",
    ]
    pieces += ["ح", "_", "قال", "ت", "وا", "ن كان"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = [m.start() for m in reference.finditer(text, start, end)]
        assert _clause_breaks(text, start, end) == expected, (text, start, end)


def test_governorate_stem_is_in_every_governorate_word() -> None:
    from rasd.stages.events import _GOVERNORATE, _GOVERNORATE_STEM

    # _governorate_reading keys the word before a name only in an article that holds the stem
    assert _GOVERNORATE and all(_GOVERNORATE_STEM in word for word in _GOVERNORATE)
