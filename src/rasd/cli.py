"""The ``rasd`` command line: a thin click shell over the library.

Reads: command-line arguments, input files. Writes: JSON Lines or text on stdout, a summary on stderr.

Exit codes (every command): 0 when every input was read and processed, 1 when some inputs failed (they are
still reported, each with its issue codes), 2 for usage errors (bad option, unreadable settings file).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from rasd import __version__
from rasd.document import Document
from rasd.errors import RasdError
from rasd.ingest import Reader, SourceDefaults
from rasd.pipeline import Pipeline
from rasd.settings import Settings


class _State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings


def _fail_usage(message: str) -> None:
    raise click.UsageError(message)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rasd")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    envvar="RASD_CONFIG",
    help="TOML settings file (unknown keys are an error). Also RASD_CONFIG.",
)
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
@click.pass_context
def cli(ctx: click.Context, config: str | None, verbose: int) -> None:
    """rasd (رصد): Arabic news in, structured, evidence-linked conflict events out."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        settings = Settings.load(config)
    except RasdError as exc:
        raise click.UsageError(str(exc)) from exc
    ctx.obj = _State(settings)


def _validate_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as exc:
        raise click.BadParameter(f"expected YYYY-MM-DD, got {value!r}") from exc


def _run_documents(
    settings: Settings,
    inputs: tuple[str, ...],
    defaults: SourceDefaults,
    stages: tuple[str, ...],
) -> tuple[Reader, Iterator[Document]]:
    try:
        pipeline = Pipeline(list(stages), settings=settings)
    except RasdError as exc:
        raise click.UsageError(str(exc)) from exc
    reader = Reader(settings, defaults)
    return reader, pipeline.run_many(reader.read(inputs))


class _Progress:
    """A one-line progress counter on stderr, only when stderr is a terminal (never in pipes or logs)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.count = 0

    def tick(self, failed: int) -> None:
        self.count += 1
        now = time.monotonic()
        if self.enabled and now - self.last >= 0.5:
            rate = self.count / max(now - self.start, 1e-9)
            self.stream.write(f"\rrasd: {self.count} documents ({rate:.0f}/s), {failed} failed")
            self.stream.flush()
            self.last = now

    def close(self) -> None:
        if self.enabled and self.last:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _print_summary(reader: Reader, counts: Counter[str], issues: Counter[str], out: TextIO) -> None:
    total = sum(counts.values())
    parts = ", ".join(f"{counts[k]} {k}" for k in ("ok", "warning", "failed") if counts[k])
    print(
        f"rasd: {total} document(s) from {reader.stats.files} file(s){': ' + parts if parts else ''}",
        file=out,
    )
    if reader.stats.skipped:
        skipped = ", ".join(f"{k}={v}" for k, v in sorted(reader.stats.skipped.items()))
        print(f"rasd: skipped records: {skipped}", file=out)
    if issues:
        listing = ", ".join(f"{code}={n}" for code, n in sorted(issues.items()))
        print(f"rasd: issues: {listing}", file=out)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "text"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per document; text: the extracted text under a header line.",
)
@click.option(
    "--published", callback=_validate_date, help="Publication date (YYYY-MM-DD) for inputs without one."
)
@click.option("--url", help="Source URL for inputs without one.")
@click.option("--outlet", help="Outlet name for inputs without one.")
@click.pass_obj
def extract(
    state: _State,
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    url: str | None,
    outlet: str | None,
) -> None:
    """Extract article text and metadata from PATHS (files, directories, or - for stdin).

    Reads plain text, HTML, JSONL (one article per line: text or html, optional id, url, title, published,
    outlet), WARC/ARC (.warc, .warc.gz) and RSS/Atom files. Prints one JSON object per document.
    """
    defaults = SourceDefaults(url=url, published=published, outlet=outlet)
    reader, docs = _run_documents(state.settings, paths, defaults, ("extract",))
    counts: Counter[str] = Counter()
    issues: Counter[str] = Counter()
    out = sys.stdout
    progress = _Progress(sys.stderr)
    for doc in docs:
        counts[doc.status] += 1
        progress.tick(counts["failed"])
        issues.update(issue.code for issue in doc.issues)
        if fmt == "jsonl":
            out.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
        else:
            codes = ",".join(issue.code for issue in doc.issues) or "-"
            out.write(f"# {doc.id} {doc.source.input_path} [{doc.status}: {codes}]\n\n{doc.text}\n\n")
    out.flush()
    progress.close()
    _print_summary(reader, counts, issues, sys.stderr)
    sys.exit(1 if counts["failed"] else 0)


ANNOTATE_LAYERS = ("sentences", "tokens", "clitics", "numbers", "dates")


def _layer_records(doc: Document, layer: str) -> list[dict[str, Any]]:
    text = doc.text
    if layer == "sentences":
        return [{**s.to_json(text), "label": "SENTENCE"} for s in doc.sentences]
    if layer == "tokens":
        return [{**s.to_json(text), "label": "TOKEN"} for s in (doc.tokens.spans() if doc.tokens else ())]
    if layer == "clitics":
        from rasd.text.segment import clitic_candidates

        records: list[dict[str, Any]] = []
        if doc.tokens is None or doc.norm is None:
            return records
        for span in doc.tokens.spans():
            candidates = clitic_candidates(text, doc.norm, span.start, span.end)
            if len(candidates) > 1:
                records.append(
                    {
                        **span.to_json(text),
                        "label": "CLITICS",
                        "value": [
                            {
                                "start": c.start,
                                "end": c.end,
                                "text": text[c.start : c.end],
                                "prefix": c.prefix,
                                "suffix": c.suffix,
                            }
                            for c in candidates[1:]
                        ],
                    }
                )
        return records
    if layer == "numbers":
        return [n.to_json(text) for n in doc.numbers]
    if layer == "dates":
        return [d.to_json(text) for d in doc.dates]
    raise click.BadParameter(f"unknown layer {layer!r}; choose from {', '.join(ANNOTATE_LAYERS)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--layers",
    default="sentences,tokens,numbers,dates",
    show_default=True,
    help=f"Comma-separated layers to print: {', '.join(ANNOTATE_LAYERS)}.",
)
@click.option(
    "--published", callback=_validate_date, help="Publication date (YYYY-MM-DD) for relative dates."
)
@click.option("--url", help="Source URL for inputs without one.")
@click.option("--outlet", help="Outlet name for inputs without one.")
@click.pass_obj
def annotate(
    state: _State,
    paths: tuple[str, ...],
    layers: str,
    published: str | None,
    url: str | None,
    outlet: str | None,
) -> None:
    """Print each document's annotation layers as JSON spans (start, end, text, label, value).

    Every span is a character range into the document's text, so a person can check what each layer found.
    """
    wanted = [layer.strip() for layer in layers.split(",") if layer.strip()]
    unknown = [layer for layer in wanted if layer not in ANNOTATE_LAYERS]
    if unknown:
        raise click.BadParameter(
            f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(ANNOTATE_LAYERS)}"
        )
    defaults = SourceDefaults(url=url, published=published, outlet=outlet)
    reader, docs = _run_documents(state.settings, paths, defaults, ("extract", "normalize", "segment"))
    counts: Counter[str] = Counter()
    issues: Counter[str] = Counter()
    for doc in docs:
        counts[doc.status] += 1
        issues.update(issue.code for issue in doc.issues)
        record = {
            "id": doc.id,
            "source": {
                "input_path": doc.source.input_path,
                "published": doc.source.published,
                "title": doc.source.title,
            },
            "text": doc.text,
            "layers": {layer: _layer_records(doc, layer) for layer in wanted},
            "issues": [issue.to_json() for issue in doc.issues],
        }
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    _print_summary(reader, counts, issues, sys.stderr)
    sys.exit(1 if counts["failed"] else 0)


@cli.group(name="eval")
def eval_group() -> None:
    """Score rasd's output against gold data."""


@eval_group.command(name="extract")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--manifest",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TSV of page<TAB>expected paths (relative to the manifest) instead of NAME.expected.txt pairs.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--min-f1", type=float, default=None, help="Exit 1 when the mean F1 is below this.")
@click.pass_obj
def eval_extract(
    state: _State, directory: Path, manifest: Path | None, fmt: str, min_f1: float | None
) -> None:
    """Character precision/recall/F1 of extracted text against expected text, per page and mean."""
    from rasd.evaluation.extract import evaluate, find_pairs

    pairs = list(find_pairs(directory, manifest))
    if not pairs:
        _fail_usage(f"no page/expected pairs found in {directory}")
    scores = evaluate(pairs, pipeline=Pipeline(["extract"], settings=state.settings))
    n = len(scores)
    mean = {
        "precision": sum(s.precision for s in scores) / n,
        "recall": sum(s.recall for s in scores) / n,
        "f1": sum(s.f1 for s in scores) / n,
    }
    if fmt == "json":
        report: dict[str, Any] = {
            "pages": [s.__dict__ for s in scores],
            "mean": mean,
            "n": n,
        }
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        width = max(len(s.page) for s in scores)
        print(f"{'page':<{width}}  precision  recall     f1")
        for s in scores:
            print(f"{s.page:<{width}}  {s.precision:9.3f}  {s.recall:6.3f}  {s.f1:5.3f}")
        print(
            f"{'mean (' + str(n) + ' pages)':<{width}}  {mean['precision']:9.3f}  {mean['recall']:6.3f}  {mean['f1']:5.3f}"
        )
    if min_f1 is not None and mean["f1"] < min_f1:
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli()
