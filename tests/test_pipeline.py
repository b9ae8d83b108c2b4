from __future__ import annotations

import dataclasses

import pytest

from rasd.document import Document
from rasd.errors import PipelineError, StageError
from rasd.pipeline import Context, Pipeline
from tests.conftest import make_raw_doc


class CrashingStage:
    """A real stage object whose run raises, to exercise the error policy."""

    NAME = "normalize"
    VERSION = "test"
    REQUIRES = frozenset({"text"})
    PROVIDES = frozenset({"norm"})

    def run(self, doc: Document, ctx: Context) -> Document:
        raise RuntimeError("boom")


class NeedsSentences:
    NAME = "events"
    VERSION = "test"
    REQUIRES = frozenset({"sentences", "text"})
    PROVIDES = frozenset({"events"})

    def run(self, doc: Document, ctx: Context) -> Document:
        return doc


def test_pipeline_checks_requirements_when_built() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline([NeedsSentences()])
    assert "events requires sentences, text" in str(info.value)
    assert "add extract, segment before it" in str(info.value)
    assert info.value.code == "pipeline.missing_requirements"


def test_pipeline_unknown_stage_is_clear() -> None:
    with pytest.raises(PipelineError, match="unknown stage 'extrakt'"):
        Pipeline(["extrakt"])


def test_pipeline_planned_stage_not_yet_available() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline(["extract", "claims"])
    assert info.value.code in ("pipeline.stage_unavailable", "pipeline.missing_requirements")


def test_pipeline_record_policy_turns_crash_into_issue() -> None:
    pipeline = Pipeline(["extract", CrashingStage()], on_error="record")
    doc = make_raw_doc(
        "قصفت قسد قرية البوليل في ريف دير الزور الشرقي صباح اليوم، ما أدى إلى مقتل مدنيين اثنين."
    )
    out = pipeline.run(doc)
    errors = [i for i in out.issues if i.level == "error"]
    assert [i.code for i in errors] == ["normalize.crashed"]
    assert errors[0].stage == "normalize" and "boom" in errors[0].message
    assert [(r.stage, r.status) for r in out.trace] == [("extract", "ok"), ("normalize", "failed")]
    assert out.text  # what extract produced is kept


def test_pipeline_raise_policy_raises_stage_error() -> None:
    pipeline = Pipeline(["extract", CrashingStage()], on_error="raise")
    doc = make_raw_doc("نص عربي قصير عن قصف قرية الكشمة.")
    with pytest.raises(StageError) as info:
        pipeline.run(doc)
    assert info.value.stage == "normalize" and info.value.document_id == doc.id


def test_pipeline_skips_later_stages_after_an_error_issue() -> None:
    pipeline = Pipeline(["extract", CrashingStage()], on_error="raise")
    out = pipeline.run(make_raw_doc(b""))
    assert [i.code for i in out.issues] == ["extract.empty"]
    assert [(r.stage, r.status) for r in out.trace] == [("extract", "failed"), ("normalize", "skipped")]


def test_stage_leaves_its_input_unchanged() -> None:
    doc = make_raw_doc("تشهد محافظة دير الزور حالة من الهدوء بعد أيام من المعارك العنيفة بين الطرفين.")
    before = dataclasses.asdict(doc)
    out = Pipeline(["extract"]).run(doc)
    assert dataclasses.asdict(doc) == before
    assert out is not doc and out.text and "text" in out.layers


def test_pipelines_in_threads_give_what_one_thread_gives() -> None:
    # the stages keep a few values of the last document they read (its mentions' starts, its cue hits, its
    # outlets); the REST API's preview runs pipelines in a thread pool, so two documents read at once must never
    # get each other's values. Threads are switched as often as the interpreter allows.
    import json
    import sys
    from concurrent.futures import ThreadPoolExecutor

    texts = [
        "قصفت قوات سوريا الديمقراطية (قسد) بلدات الميادين والبوليل وبقرص في ريف دير الزور الشرقي، ما أدى إلى "
        "مقتل ثلاثة مدنيين ونزوح عشرات العائلات. ونفى قائد جيش العشائر إبراهيم الهفل التوصل إلى هدنة.",
        "أفاد مراسل الميادين باستهداف قاعدة حقل العمر بصواريخ، واتهمت وزارة الخارجية السورية القوات الأميركية "
        "بسرقة النفط. واعتقلت قسد عدداً من الشبان في بلدة الشحيل بين الطرفين.",
    ]
    pipeline = Pipeline()
    docs = [make_raw_doc(t, published="2024-08-12") for t in texts]

    def result(doc: Document) -> str:
        out = pipeline.run(doc)
        return json.dumps(
            [out.to_json()["events"], out.to_json()["claims"]], ensure_ascii=False, sort_keys=True
        )

    expected = [result(d) for d in docs]
    assert all('"event_type"' in e for e in expected)  # (both report events, so every memo is read)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            got = list(pool.map(lambda i: (i % 2, result(docs[i % 2])), range(40)))
    finally:
        sys.setswitchinterval(interval)
    assert all(out == expected[i] for i, out in got)
