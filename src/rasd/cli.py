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
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from rasd import __version__
from rasd.document import Document
from rasd.errors import PipelineError, RasdError
from rasd.ingest import Reader, SourceDefaults
from rasd.pipeline import Pipeline
from rasd.settings import Settings


class _State:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings


def _fail_usage(message: str) -> None:
    raise click.UsageError(message)


class _CannotRun(click.ClickException):
    """The environment prevents any work (a missing or modified knowledge-base file): exit code 2."""

    exit_code = 2


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


def _source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The --published, --url and --outlet options of the commands that read articles."""
    command = click.option("--outlet", help="Outlet name for inputs without one.")(command)
    command = click.option("--url", help="Source URL for inputs without one.")(command)
    return click.option(
        "--published", callback=_validate_date, help="Publication date (YYYY-MM-DD) for inputs without one."
    )(command)


def _run_documents(
    settings: Settings,
    inputs: tuple[str, ...],
    defaults: SourceDefaults,
    stages: tuple[str, ...],
) -> tuple[Reader, Iterator[Document]]:
    try:
        pipeline = Pipeline(list(stages), settings=settings)
    except PipelineError as exc:
        raise click.UsageError(str(exc)) from exc
    except RasdError as exc:
        raise _CannotRun(str(exc)) from exc
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
@_source_options
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


ANNOTATE_LAYERS = ("sentences", "tokens", "clitics", "numbers", "dates", "mentions", "places", "actors")
_KB_LAYERS = frozenset({"mentions", "places", "actors"})


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
    if layer == "mentions":
        return [m.to_json(text) for m in doc.mentions]
    if layer == "places":
        return [p.to_json(text, doc.mentions) for p in doc.places]
    if layer == "actors":
        return [a.to_json(text, doc.mentions) for a in doc.actors]
    raise click.BadParameter(f"unknown layer {layer!r}; choose from {', '.join(ANNOTATE_LAYERS)}")


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--layers",
    default="sentences,numbers,dates,mentions,places,actors",
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
    stages: tuple[str, ...] = ("extract", "normalize", "segment")
    if _KB_LAYERS & set(wanted):
        stages += ("entities", "geocode", "actors")
    reader, docs = _run_documents(state.settings, paths, defaults, stages)
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


@cli.group()
def kb() -> None:
    """Inspect the knowledge base: gazetteer, actors, people, lexicons."""


def _resources() -> Any:
    from rasd.kb.resources import load_resources

    try:
        return load_resources()
    except RasdError as exc:
        raise click.ClickException(str(exc)) from exc


@kb.command(name="stats")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def kb_stats(fmt: str) -> None:
    """Counts of places (by feature and governorate), actors (by ACLED inter type), people and lexicon cues."""
    stats = _resources().stats()
    if fmt == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=1))
        return
    print(f"knowledge base {stats['catalogue_version']} at {stats['directory']}")
    print(f"places: {stats['places']} ({stats['places_with_coordinates']} with coordinates)")
    for key, value in stats["places_by_feature"].items():
        print(f"  {key:<16}{value:>6}")
    print("places by governorate:")
    for key, value in stats["places_by_admin1"].items():
        print(f"  {key:<16}{value:>6}")
    print(f"actors: {stats['actors']}")
    for key, value in stats["actors_by_inter"].items():
        print(f"  {key:<24}{value:>6}")
    print(f"people: {stats['people']}")
    print("lexicons: " + ", ".join(f"{k} {v}" for k, v in stats["lexicons"].items()))
    print(f"matching keys: {stats['keys']}")


@kb.command(name="find")
@click.argument("name")
@click.option("--type", "kind", type=click.Choice(["place", "actor", "person", "outlet"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def kb_find(name: str, kind: str | None, fmt: str) -> None:
    """Look NAME up (normalized, clitics stripped): `rasd kb find والبوليل` finds البوليل. Exit 1 if not found."""
    resources = _resources()
    results = resources.find(name, kind=kind)
    records = []
    for entry, form in results:
        record = resources.record(entry)
        data = record.to_json() if hasattr(record, "to_json") else {"type": "outlet", **record}
        records.append({**data, "matched": form})
    if fmt == "json":
        print(json.dumps(records, ensure_ascii=False, indent=1))
    elif not records:
        print(f"no place, actor, person or outlet named {name!r}")
    for r in records if fmt == "table" else ():
        if r["type"] == "place":
            where = " / ".join(x for x in (r["admin3"], r["admin2"], r["admin1"]) if x)
            coords = f"{r['lat']:.5f},{r['lon']:.5f}" if r["lat"] is not None else "no coordinates"
            print(f"place  {r['id']:<22} {r['name_ar']} ({r['name_en']}) {r['feature']}; {where}; {coords}")
        elif r["type"] == "actor":
            print(f"actor  {r['id']:<22} {r['canonical']} — {r['name_ar']}; {r['inter']}; {r['country']}")
        elif r["type"] == "person":
            print(f"person {r['id']:<22} {r['name_ar']} ({r['name_en']}) → {r['actor_id']}; {r['role']}")
        else:
            print(f"outlet {r.get('name_ar')} ({r.get('name_en')})")
    sys.exit(0 if records else 1)


@kb.command(name="verify")
def kb_verify() -> None:
    """Check every catalogued file against its sha256 and the catalogue's required fields. Exit 1 on problems."""
    from rasd.kb.catalogue import verify_catalogue

    problems = verify_catalogue()
    for problem in problems:
        print(problem)
    if problems:
        sys.exit(1)
    stats = _resources().stats()
    print(f"ok: catalogue {stats['catalogue_version']}, {stats['places']} places, {stats['actors']} actors")


@kb.command(name="coverage")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--km", type=float, default=5.0, show_default=True, help="Distance that counts as found.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def kb_coverage(file: Path, km: float, fmt: str) -> None:
    """Coverage of a list of place names: one name per line, or a CSV/TSV with name_ar (and lat, lon).

    With reference coordinates, a name counts as found when a gazetteer entry of that name lies within --km.
    """
    from rasd.kb.coverage import coverage

    report = coverage(_resources(), file, km=km)
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(f"{report['found']}/{report['total']} names found ({report['found_ratio']:.1%})", end="")
    if report["with_reference"]:
        print(
            f"; with reference coordinates: {report['within_km']}/{report['with_reference']} within {km:g} km "
            f"({report['within_ratio']:.1%})"
        )
    else:
        print()
    for row in report["missing"]:
        print(f"  missing: {row}")


@cli.command(name="run")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per document with its events and claims; table: one line per event.",
)
@_source_options
@click.pass_obj
def run_command(
    state: _State,
    paths: tuple[str, ...],
    fmt: str,
    published: str | None,
    url: str | None,
    outlet: str | None,
) -> None:
    """Run the whole pipeline on PATHS: article text → ACLED-style events and claims with evidence."""
    defaults = SourceDefaults(url=url, published=published, outlet=outlet)
    reader, docs = _run_documents(state.settings, paths, defaults, state.settings.pipeline.stages)
    counts: Counter[str] = Counter()
    issues: Counter[str] = Counter()
    n_events = n_claims = 0
    progress = _Progress(sys.stderr)
    if fmt == "table":
        print(f"{'date':<11}{'sub-event type':<36}{'actor1':<40}{'location':<24}{'prec':>4}{'fat':>4}")
    for doc in docs:
        counts[doc.status] += 1
        issues.update(issue.code for issue in doc.issues)
        n_events += len(doc.events)
        n_claims += len(doc.claims)
        progress.tick(counts["failed"])
        if fmt == "jsonl":
            sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
            continue
        for event in doc.events:
            place = event.location_ar or ""
            print(
                f"{event.event_date or '?':<11}{event.sub_event_type[:35]:<36}{event.actor1[:39]:<40}"
                f"{place[:23]:<24}{event.geo_precision:>4}{event.fatalities:>4}"
            )
    sys.stdout.flush()
    progress.close()
    _print_summary(reader, counts, issues, sys.stderr)
    print(f"rasd: {n_events} event(s), {n_claims} claim(s)", file=sys.stderr)
    sys.exit(1 if counts["failed"] else 0)


_DB_OPTION = click.option(
    "--db",
    envvar="RASD_DB",
    default=None,
    help="Database URL or SQLite path (default sqlite:///rasd.db; also RASD_DB).",
)


def _store(db: str | None) -> Any:
    from rasd.store.db import Store

    try:
        store = Store(db)
        store.migrate()
    except RasdError as exc:
        raise _CannotRun(str(exc)) from exc
    return store


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_DB_OPTION
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Pipeline worker processes."
)
@click.option("--batch-size", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option(
    "--force", is_flag=True, help="Process documents even if already stored (replaces machine output)."
)
@_source_options
@click.option(
    "--show-events/--no-show-events", default=True, show_default=True, help="Print the events table after."
)
@click.pass_obj
def ingest(
    state: _State,
    paths: tuple[str, ...],
    db: str | None,
    workers: int,
    batch_size: int,
    force: bool,
    published: str | None,
    url: str | None,
    outlet: str | None,
    show_events: bool,
) -> None:
    """Read PATHS, run the pipeline and store documents, events and claims; merge incidents.

    Idempotent (stored documents are skipped) and resumable (each batch is one transaction).
    """
    from rasd.store.ingest import ingest as run_ingest

    store = _store(db)
    progress = _Progress(sys.stderr)
    start = time.monotonic()

    def on_batch(summary: Any) -> None:
        if progress.enabled:
            rate = summary.read / max(time.monotonic() - start, 1e-9)
            sys.stderr.write(
                f"\rrasd: {summary.read} read ({rate:.0f}/s), {summary.stored} stored, {summary.events} events"
            )
            sys.stderr.flush()
            progress.last = 1.0

    try:
        summary = run_ingest(
            paths,
            store,
            settings=state.settings,
            defaults=SourceDefaults(url=url, published=published, outlet=outlet),
            workers=workers,
            batch_size=batch_size,
            force=force,
            on_batch=on_batch,
        )
    except RasdError as exc:
        progress.close()
        raise _CannotRun(str(exc)) from exc
    progress.close()
    elapsed = time.monotonic() - start
    print(
        f"rasd: {summary.read} document(s) read in {elapsed:.1f}s: {summary.stored} stored, "
        f"{summary.skipped_known} already stored, {summary.failed} failed; {summary.events} event(s); "
        f"{summary.incidents} new incident(s); database {store.display_url}",
        file=sys.stderr,
    )
    if summary.issues:
        print(
            "rasd: issues: " + ", ".join(f"{k}={v}" for k, v in sorted(summary.issues.items())),
            file=sys.stderr,
        )
    if show_events:
        from rasd.export import query_events

        _print_event_table(query_events(store))
    sys.exit(1 if summary.failed else 0)


def _print_event_table(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'date':<11}{'sub-event type':<36}{'actor1':<38}{'location':<22}{'prec':>5}{'fat':>4}{'incident':>10}"
    )
    for row in rows:
        place = row.get("location_ar") or row.get("location") or ""
        print(
            f"{row.get('event_date') or '?':<11}{row['sub_event_type'][:35]:<36}{(row.get('actor1') or '')[:37]:<38}"
            f"{place[:21]:<22}{row.get('geo_precision') or 3:>5}{row.get('fatalities') or 0:>4}"
            f"{(row.get('incident_id') or '')[:8]:>10}"
        )


@cli.command()
@_DB_OPTION
@click.pass_obj
def reprocess(state: _State, db: str | None) -> None:
    """Run every stored document through the current pipeline again (reviewed events are kept)."""
    from rasd.store.ingest import reprocess as run_reprocess

    store = _store(db)
    summary = run_reprocess(store, settings=state.settings)
    print(
        f"rasd: {summary.stored} document(s) reprocessed; {summary.events} event(s); {summary.incidents} incident(s)",
        file=sys.stderr,
    )


def _filter_options(func: Any) -> Any:
    for decorator in reversed(
        [
            click.option("--since", callback=_validate_date, help="Events on or after YYYY-MM-DD."),
            click.option("--until", callback=_validate_date, help="Events on or before YYYY-MM-DD."),
            click.option("--type", "event_type", help="ACLED event type or sub-event type."),
            click.option("--actor", help="Substring of actor1 or actor2."),
            click.option("--place", help="Substring of the location (Arabic or English) or a gazetteer id."),
            click.option("--admin1", help="Governorate (ACLED spelling, e.g. Deir-ez-Zor)."),
            click.option("--bbox", help="min_lon,min_lat,max_lon,max_lat"),
            click.option("--min-confidence", type=float),
            click.option("--limit", type=int),
        ]
    ):
        func = decorator(func)
    return func


def _make_filter(**kwargs: Any) -> Any:
    from rasd.export import EventFilter

    bbox = kwargs.pop("bbox", None)
    box = None
    if bbox:
        try:
            parts = tuple(float(x) for x in bbox.split(","))
        except ValueError as exc:
            raise click.BadParameter("--bbox needs four numbers: min_lon,min_lat,max_lon,max_lat") from exc
        if len(parts) != 4:
            raise click.BadParameter("--bbox needs four numbers: min_lon,min_lat,max_lon,max_lat")
        box = parts
    return EventFilter(bbox=box, **kwargs)


@cli.command(name="events")
@_DB_OPTION
@_filter_options
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True
)
def events_command(db: str | None, fmt: str, **filters: Any) -> None:
    """Query stored events."""
    from rasd.export import query_events, write_csv

    rows = query_events(_store(db), _make_filter(**filters))
    if fmt == "table":
        _print_event_table(rows)
    elif fmt == "csv":
        write_csv(rows, sys.stdout)
    else:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


@cli.command(name="incidents")
@_DB_OPTION
@_filter_options
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True
)
def incidents_command(db: str | None, fmt: str, **filters: Any) -> None:
    """Query merged incidents (one per real-world event, with its sources)."""
    from rasd.export import query_incidents, write_csv

    rows = query_incidents(_store(db), _make_filter(**filters))
    if fmt == "csv":
        write_csv(rows, sys.stdout, incident=True)
        return
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    print(
        f"{'date':<11}{'sub-event type':<36}{'actor1':<38}{'location':<22}{'fat':>4}{'mentions':>9}  sources"
    )
    for row in rows:
        print(
            f"{row.get('event_date') or '?':<11}{row['sub_event_type'][:35]:<36}{(row.get('actor1') or '')[:37]:<38}"
            f"{(row.get('location_ar') or '')[:21]:<22}{row['fatalities']:>4}{row['mentions']:>9}  "
            f"{', '.join(json.loads(row['sources_json']))}"
        )


@cli.command(name="stats")
@_DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats_command(db: str | None, fmt: str) -> None:
    """Counts of stored documents, events, claims and incidents, by type, month, governorate and outlet."""
    from rasd.export import stats

    report = stats(_store(db))
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(
        f"documents {report['documents']}, events {report['events']}, claims {report['claims']}, incidents {report['incidents']}"
    )
    for key in ("by_sub_event_type", "by_month", "by_admin1", "by_outlet"):
        print(key.replace("_", " ") + ":")
        for name, count in report[key].items():
            print(f"  {name:<40}{count:>6}")


@cli.command(name="export")
@_DB_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["acled-csv", "geojson", "parquet", "jsonl", "mentions"]),
    required=True,
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Output file (default stdout)."
)
@click.option("--incidents", is_flag=True, help="One row per incident instead of per stored event.")
@_filter_options
def export_command(db: str | None, fmt: str, output: Path | None, incidents: bool, **filters: Any) -> None:
    """Export stored events or incidents: ACLED CSV, GeoJSON, Parquet, JSONL, or the mentions table."""
    from rasd.export import export

    try:
        count = export(_store(db), fmt, output, incidents=incidents, flt=_make_filter(**filters))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    print(f"rasd: exported {count} row(s) as {fmt}" + (f" to {output}" if output else ""), file=sys.stderr)


@cli.command()
@_DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--login-to-read", is_flag=True, help="Every read needs a login (default: reading is public).")
@click.option("--secure-cookies", is_flag=True, help="Mark the session cookie Secure (behind TLS).")
def serve(db: str | None, host: str, port: int, login_to_read: bool, secure_cookies: bool) -> None:
    """Serve the REST API (/api/v1) over the store; needs the api extra (pip install 'rasd[api]')."""
    try:
        import uvicorn

        from rasd.api import create_app
    except ModuleNotFoundError as exc:
        raise _CannotRun(f"rasd serve needs {exc.name}: pip install -e '.[api]'") from exc
    app = create_app(store=_store(db), public_read=not login_to_read, secure_cookies=secure_cookies)
    print(f"rasd: serving {_store(db).display_url} on http://{host}:{port}/api/v1", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.group()
def user() -> None:
    """Accounts for the review workflow (viewer, reviewer, admin)."""


def _password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@user.command(name="add")
@click.argument("username")
@click.option(
    "--role", type=click.Choice(["viewer", "reviewer", "admin"]), default="viewer", show_default=True
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@_DB_OPTION
def user_add(username: str, role: str, password_stdin: bool, db: str | None) -> None:
    """Create an account (the password is stored as an argon2id hash)."""
    from rasd.store import accounts

    try:
        accounts.add_user(_store(db), username, _password(password_stdin), role)
    except RasdError as exc:
        raise _CannotRun(str(exc)) from exc
    print(f"rasd: user {username} added as {role}", file=sys.stderr)


@user.command(name="remove")
@click.argument("username")
@_DB_OPTION
def user_remove(username: str, db: str | None) -> None:
    """Delete an account and its sessions (its reviews stay in the audit trail)."""
    from rasd.store import accounts

    try:
        accounts.remove_user(_store(db), username)
    except RasdError as exc:
        raise _CannotRun(str(exc)) from exc
    print(f"rasd: user {username} removed", file=sys.stderr)


@user.command(name="passwd")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (one line).")
@_DB_OPTION
def user_passwd(username: str, password_stdin: bool, db: str | None) -> None:
    """Set a new password (ends the user's sessions)."""
    from rasd.store import accounts

    try:
        accounts.set_password(_store(db), username, _password(password_stdin))
    except RasdError as exc:
        raise _CannotRun(str(exc)) from exc
    print(f"rasd: password of {username} changed", file=sys.stderr)


@cli.group()
def spark() -> None:
    """Run the pipeline on Spark (pip install 'rasd[spark]'; needs a Java runtime)."""


@spark.command(name="run")
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--output",
    "-o",
    required=True,
    help="Output directory (local path or Hadoop URI) for the Parquet tables.",
)
@click.option("--master", default="local[*]", show_default=True, help="Spark master (local mode by default).")
@click.option("--partitions", type=click.IntRange(1, 100000), help="Input partitions (default: 4 per core).")
@click.option("--published", callback=_validate_date, help="Publication date for inputs without one.")
@click.option("--outlet", help="Outlet name for inputs without one.")
def spark_run(
    inputs: tuple[str, ...],
    output: str,
    master: str,
    partitions: int | None,
    published: str | None,
    outlet: str | None,
) -> None:
    """Read INPUTS (WARC, JSONL, HTML … files or directories; s3a:// and hdfs:// URIs too) and write Parquet."""
    try:
        from rasd.spark.job import run
    except ModuleNotFoundError as exc:
        raise _CannotRun(f"rasd spark needs {exc.name}: pip install -e '.[spark]'") from exc
    defaults = {k: v for k, v in (("published", published), ("outlet", outlet)) if v}
    counters = run(list(inputs), output, master=master, partitions=partitions, defaults=defaults)
    print(json.dumps(counters, ensure_ascii=False), file=sys.stderr)


@cli.command()
@click.argument("sources", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_DB_OPTION
@click.option("--once", is_flag=True, help="Poll every source once and exit.")
@click.option(
    "--interval",
    type=click.IntRange(30, 86400),
    default=900,
    show_default=True,
    help="Seconds between polls.",
)
def watch(sources: Path, db: str | None, once: bool, interval: int) -> None:
    """Follow the feeds in SOURCES (TOML), ingest new articles once, and send alerts (needs the watch extra)."""
    try:
        from rasd.watch import load_config, poll
    except ModuleNotFoundError as exc:
        raise _CannotRun(f"rasd watch needs {exc.name}: pip install -e '.[watch]'") from exc
    try:
        config = load_config(sources)
    except RasdError as exc:
        raise _CannotRun(str(exc)) from exc
    store = _store(db)
    while True:
        report = poll(store, config)
        print(
            f"rasd watch: {report.feeds_fetched} feed(s) fetched, {report.feeds_unchanged} unchanged; "
            f"{report.articles_fetched} new article(s), {report.articles_known} known, {report.disallowed} disallowed "
            f"by robots.txt; {report.stored} stored, {report.events} event(s), {report.alerts} alert(s)",
            file=sys.stderr,
        )
        for url, error in report.failures.items():
            print(f"rasd watch: failed {url}: {error}", file=sys.stderr)
        for name, since in report.failing_sources.items():
            print(f"rasd watch: SOURCE FAILING since {since}: {name}", file=sys.stderr)
        if once:
            sys.exit(1 if report.failures else 0)
        time.sleep(interval)


@cli.command()
@_DB_OPTION
@click.option(
    "--since", default="24h", show_default=True, help="Period: 24h, 7d, or a first date YYYY-MM-DD."
)
@click.option("--until", callback=_validate_date, help="Last day (default today).")
@click.option("--area", help="Governorate (ACLED spelling), e.g. Deir-ez-Zor.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File (a map PNG is written beside it).",
)
def brief(
    db: str | None, since: str, until: str | None, area: str | None, fmt: str, output: Path | None
) -> None:
    """A situation report: counts by type and area, a map, the main incidents with evidence, what was denied."""
    from rasd import brief as briefing

    try:
        report = briefing.build(_store(db), since, until, area)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from exc
    map_name = None
    if output is not None:
        png = output.with_suffix(".png")
        if briefing.render_map(report, png):
            map_name = png.name
    text = briefing.markdown(report, map_name)
    if fmt == "pdf":
        if output is None:
            raise click.UsageError("--format pdf needs --output FILE")
        try:
            briefing.to_pdf(briefing.to_html(text), output)
        except RasdError as exc:
            raise _CannotRun(str(exc)) from exc
        print(f"rasd: brief written to {output}", file=sys.stderr)
        return
    if fmt == "html":
        text = briefing.to_html(text)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(
            f"rasd: brief written to {output}" + (f" with map {map_name}" if map_name else ""),
            file=sys.stderr,
        )


@cli.group(name="eval")
def eval_group() -> None:
    """Score rasd's output against gold data."""


@eval_group.command(name="events")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--show-errors", is_flag=True, help="List missed and spurious events per article.")
@click.pass_obj
def eval_events(state: _State, gold_dir: Path, fmt: str, show_errors: bool) -> None:
    """Event P/R/F1, sub-type/actor/fatality accuracy and claim P/R/F1 on gold articles (see ../shared/eval)."""
    from rasd.evaluation.events import STAGES, evaluate

    pipeline = Pipeline(list(STAGES), settings=state.settings, provided=frozenset({"raw", "source", "text"}))
    report = evaluate(gold_dir, pipeline=pipeline)
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(f"{'article':<34}{'gold':>5}{'pred':>5}{'P':>6}{'R':>6}{'F1':>6}{'claimsF1':>9}")
    for a in report["articles"]:
        print(
            f"{a['id']:<34}{a['gold_events']:>5}{a['predicted_events']:>5}{a['precision']:>6.2f}{a['recall']:>6.2f}{a['f1']:>6.2f}{a['claims_f1']:>9.2f}"
        )
        if show_errors:
            for line in a["misses"]:
                print(f"    missed:   {line}")
            for line in a["spurious"]:
                print(f"    spurious: {line}")
    t = report["total"]
    print(
        f"total: events P {t['precision']:.3f} R {t['recall']:.3f} F1 {t['f1']:.3f} "
        f"({t['matched']}/{t['gold_events']} gold, {t['predicted_events']} predicted); "
        f"sub-type {t['subtype_accuracy']:.3f}, actor1 {t['actor1_accuracy']:.3f}, actor2 {t['actor2_accuracy']:.3f}, "
        f"fatalities exact {t['fatalities_exact']:.3f} (MAE {t['fatalities_mae']}); "
        f"claims P {t['claims_precision']:.3f} R {t['claims_recall']:.3f} F1 {t['claims_f1']:.3f}"
    )


@eval_group.command(name="incidents")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--corpus",
    "corpus",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="With a groups file (eval/incidents/*.tsv): the articles to ingest (e.g. the SaudiNewsNet JSONL).",
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--show-errors", is_flag=True, help="List wrong merges and gold mentions with no event.")
def eval_incidents(gold: Path, corpus: tuple[Path, ...], fmt: str, show_errors: bool) -> None:
    """Pairwise precision/recall of cross-article incident merging.

    GOLD is either a gold article directory (same-incident pairs derived from its gold events) or a
    hand-built groups file (``eval/incidents/saudinewsnet-2015.tsv``) scored on the articles of --corpus.
    """
    from rasd.evaluation.incidents import evaluate, evaluate_groups

    if gold.is_dir():
        report = evaluate(gold)
        if fmt == "json":
            print(json.dumps(report, indent=1))
            return
        print(
            f"incident merging: pairwise P {report['pairwise_precision']:.3f} R {report['pairwise_recall']:.3f} "
            f"F1 {report['pairwise_f1']:.3f} ({report['gold_pairs_among_mapped']} gold pairs among "
            f"{report['mapped_events']} matched events; {report['predicted_pairs']} predicted pairs; "
            f"{report['gold_same_incident_pairs']} gold pairs in all)"
        )
        return
    if not corpus:
        raise click.UsageError("a groups file needs --corpus: the articles its ids refer to")
    report = evaluate_groups(gold, [str(p) for p in corpus])
    if fmt == "json":
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    print(
        f"incident merging: pairwise P {report['pairwise_precision']:.3f} R {report['pairwise_recall']:.3f} "
        f"F1 {report['pairwise_f1']:.3f} over {report['gold_pairs']} gold pairs ({report['groups']} incidents, "
        f"{report['mentions']} mentions, {report['mentions_without_event']} without an event); "
        f"recall where both articles yielded the event {report['pairwise_recall_extracted']:.3f}"
    )
    if show_errors:
        for line in report["wrong_merges"]:
            print(f"    {line}")
        for line in report["unmapped"]:
            print(f"    no event: {line}")


@eval_group.command(name="plover")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_plover(path: Path, fmt: str) -> None:
    """ASSAULT vs PROTEST accuracy on the Arabic PLOVER validation sentences (a file or a directory of XML)."""
    from rasd.evaluation.plover import evaluate

    report = evaluate(path)
    if fmt == "json":
        print(json.dumps(report, indent=1))
        return
    print(
        f"{report['sentences']} sentences: accuracy {report['accuracy']:.3f} ({report['no_cue']} without a cue)"
    )
    for label, r in report["classes"].items():
        print(f"  {label:<8} precision {r['precision']:.3f} recall {r['recall']:.3f} (gold {r['gold']})")


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


@eval_group.command(name="places")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option(
    "--show-misses", is_flag=True, help="List missed gold places and wrong governorates per article."
)
@click.pass_obj
def eval_places(state: _State, gold_dir: Path, fmt: str, show_misses: bool) -> None:
    """Place mention recall/precision, place accuracy and outlet false positives on gold articles."""
    from rasd.evaluation.places import STAGES, evaluate

    pipeline = Pipeline(list(STAGES), settings=state.settings, provided=frozenset({"raw", "source", "text"}))
    report = evaluate(gold_dir, pipeline=pipeline)
    if fmt == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return
    print(f"{'article':<36}{'recall':>8}{'precision':>11}{'locations':>11}{'accuracy':>10}")
    for a in report["articles"]:
        recall = a["matched_gold"] / a["gold_places"] if a["gold_places"] else 1.0
        precision = a["matched_found"] / a["found_places"] if a["found_places"] else 1.0
        accuracy = a["locations_correct"] / a["locations"] if a["locations"] else 1.0
        print(f"{a['id']:<36}{recall:>8.2f}{precision:>11.2f}{a['locations']:>11}{accuracy:>10.2f}")
        if show_misses:
            for name in a["missing"]:
                print(f"    missed: {name}")
            for line in a["wrong"]:
                print(f"    wrong: {line}")
            for name in a["outlet_false_positives"]:
                print(f"    outlet taken for a place: {name}")
    t = report["total"]
    print(
        f"total: mention recall {t['mention_recall']:.3f}, precision {t['mention_precision']:.3f}; "
        f"place accuracy {t['place_accuracy']:.3f} over {t['event_locations']} event locations "
        f"(found {t['locations_found']:.3f}); outlet false positives {t['outlet_false_positives']}"
    )


@eval_group.command(name="ner")
@click.argument("bio_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def eval_ner(bio_file: Path, fmt: str) -> None:
    """Entity-level P/R/F1 (LOC, PERS, ORG) of rasd's mention finder on a BIO file such as ANERcorp's test split."""
    from rasd.evaluation.ner import TYPES, evaluate

    report = evaluate(bio_file)
    if fmt == "json":
        print(json.dumps(report, indent=1))
        return
    print(f"{'type':<9}{'precision':>10}{'recall':>8}{'f1':>7}{'gold':>7}")
    for kind in TYPES:
        r = report["types"][kind]
        print(f"{kind:<9}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['f1']:>7.3f}{r['gold']:>7}")
    o = report["overall"]
    print(f"{'overall':<9}{o['precision']:>10.3f}{o['recall']:>8.3f}{o['f1']:>7.3f}{o['gold']:>7}")


def main() -> None:
    """Console-script entry point."""
    cli()
