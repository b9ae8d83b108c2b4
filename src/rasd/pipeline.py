"""The pipeline: an ordered list of named, versioned stages over one Document.

Reads: Documents from a reader. Writes: Documents with more layers, issues and a trace.

Each stage is a module in ``rasd.stages`` exposing ``NAME``, ``VERSION``, ``REQUIRES`` and ``PROVIDES``
(frozensets of layer names such as ``raw``, ``text``, ``norm``, ``sentences``) and ``run(doc, ctx) -> Document``.
Like stanza's processors, requirements are checked when the pipeline is *built*: a pipeline
``["segment"]`` fails at once with "segment requires norm, text; add extract, normalize before it" instead of
failing on the first document.

Error policy (``settings.pipeline.on_error``): ``record`` turns an unexpected exception in a stage into an Issue
``<stage>.crashed`` on that document and skips its later stages, so a batch of 10,000 pages survives one bad
page; ``raise`` re-raises as ``StageError`` (tests). A stage that records an error-level Issue itself (e.g.
``extract.empty``) also ends that document's run: there is nothing for the next stage to read.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol, cast

from rasd.document import Document, Issue, StageRun, StageStatus, evolve
from rasd.errors import STAGE_NAMES, PipelineError, StageError
from rasd.settings import OnError, Settings

if TYPE_CHECKING:
    from rasd.kb.resources import Resources

log = logging.getLogger(__name__)

#: Layers a reader provides on every Document it makes.
INPUT_LAYERS = frozenset({"raw", "source"})


class Stage(Protocol):
    NAME: str
    VERSION: str
    REQUIRES: frozenset[str]
    PROVIDES: frozenset[str]

    def run(self, doc: Document, ctx: Context) -> Document: ...


@dataclass
class Context:
    """What stages share within one process: settings and lazily built, reusable helpers.

    Nothing is loaded at import time; a helper (a language-id model, later the knowledge base) is built on
    first use through :meth:`cached` and reused for every document of the run.
    """

    settings: Settings = field(default_factory=Settings)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def resources(self) -> Resources:
        """The knowledge base, loaded and verified on first use, then shared by every document."""
        from rasd.kb.resources import load_resources

        resources: Resources = self.cached("resources", load_resources)
        return resources

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]


def load_stage(name: str) -> Stage:
    """Import ``rasd.stages.<name>`` and check it has the stage interface."""
    if name not in STAGE_NAMES:
        raise PipelineError(
            f"unknown stage '{name}'; known stages: {', '.join(STAGE_NAMES)}",
            code="pipeline.unknown_stage",
        )
    try:
        module: ModuleType = importlib.import_module(f"rasd.stages.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"rasd.stages.{name}":
            raise PipelineError(
                f"stage '{name}' is planned but not implemented in this version of rasd",
                code="pipeline.stage_unavailable",
            ) from exc
        raise
    for attr in ("NAME", "VERSION", "REQUIRES", "PROVIDES", "run"):
        if not hasattr(module, attr):
            raise PipelineError(f"stage module rasd.stages.{name} lacks {attr}", code="pipeline.bad_stage")
    return cast(Stage, module)


class Pipeline:
    """An ordered, validated sequence of stages.

    >>> Pipeline(["extract"]).names
    ('extract',)
    """

    def __init__(
        self,
        stages: Sequence[str | Stage] | None = None,
        *,
        settings: Settings | None = None,
        on_error: OnError | None = None,
        provided: frozenset[str] = INPUT_LAYERS,
    ) -> None:
        self.settings = settings or Settings()
        self.on_error: OnError = on_error or self.settings.pipeline.on_error
        if self.on_error not in ("raise", "record"):
            raise PipelineError(f"on_error must be 'raise' or 'record', not {self.on_error!r}")
        names = stages if stages is not None else self.settings.pipeline.stages
        self.stages: tuple[Stage, ...] = tuple(load_stage(s) if isinstance(s, str) else s for s in names)
        self._check(provided)
        self.ctx = Context(settings=self.settings)
        if any(getattr(stage, "USES_RESOURCES", False) for stage in self.stages):
            # environment errors (a missing or modified data file) fail here, once, naming the file —
            # not as a crash on every document of the batch
            _ = self.ctx.resources

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.NAME for stage in self.stages)

    @property
    def versions(self) -> dict[str, str]:
        return {stage.NAME: stage.VERSION for stage in self.stages}

    def _check(self, provided: frozenset[str]) -> None:
        available = set(provided)
        providers: dict[str, str] = {}
        for name in STAGE_NAMES:
            try:
                module = importlib.import_module(f"rasd.stages.{name}")
            except ModuleNotFoundError:
                continue
            for layer in getattr(module, "PROVIDES", ()):
                providers.setdefault(layer, name)
        problems: list[str] = []
        for stage in self.stages:
            missing = sorted(set(stage.REQUIRES) - available)
            if missing:
                hints = sorted({providers[m] for m in missing if m in providers})
                hint = f"; add {', '.join(hints)} before it" if hints else ""
                problems.append(f"{stage.NAME} requires {', '.join(missing)}{hint}")
            available |= stage.PROVIDES
        if problems:
            raise PipelineError(
                "pipeline cannot run: " + "; ".join(problems),
                code="pipeline.missing_requirements",
            )

    def run(self, doc: Document) -> Document:
        """Run every stage over ``doc``; see the module docstring for the error policy."""
        for index, stage in enumerate(self.stages):
            if doc.failed:
                skipped = tuple(StageRun(s.NAME, s.VERSION, "skipped") for s in self.stages[index:])
                return replace(doc, trace=doc.trace + skipped)
            start = time.perf_counter()
            try:
                out = stage.run(doc, self.ctx)
            except Exception as exc:  # the error policy boundary: one bad document must not end a batch
                if self.on_error == "raise":
                    raise StageError(
                        f"stage {stage.NAME} failed on document {doc.id}: {exc!r}",
                        stage=stage.NAME,
                        document_id=doc.id,
                    ) from exc
                log.warning("stage %s crashed on %s: %r", stage.NAME, doc.id, exc, exc_info=True)
                issue = Issue(stage.NAME, f"{stage.NAME}.crashed", f"{type(exc).__name__}: {exc}")
                out = replace(doc, issues=(*doc.issues, issue))
                status: StageStatus = "failed"
            else:
                status = "failed" if out.failed and not doc.failed else "ok"
            elapsed = time.perf_counter() - start
            run = StageRun(stage.NAME, stage.VERSION, status, elapsed)
            layers = out.layers | stage.PROVIDES if status == "ok" else out.layers
            doc = evolve(out, layers=layers, trace=(*out.trace, run))
        return doc

    def run_many(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Stream documents through the pipeline one at a time (constant memory)."""
        for doc in docs:
            yield self.run(doc)
