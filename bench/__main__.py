"""The benchmark suite in one command: every stage's benchmark, one table, ``bench/results/latest.json`` and a chart.

    python -m bench [--quick] [--no-spark] [--no-api]

Runs, each in its own process so peak RSS is per benchmark, and each against a baseline measured in the same
run: extract (vs ``trafilatura.extract``; 517 pages built from SaudiNewsNet articles and the HTML fixtures),
the text layer (vs a regex word split), the knowledge base (load time, RSS, scan vs regex), entities/geocode/
actors, the whole pipeline text → events, ingest into SQLite (vs the pipeline alone) with incident-merge
scaling, and — when pyspark and Java are there — Spark local mode with 1 and 2 cores. Corpora: ../shared/corpus
(SaudiNewsNet, CC BY-NC-SA 4.0, not shipped; see its SOURCES.md). ``--quick`` uses smaller sizes (minutes, not
tens of minutes); the README's chart comes from a full run.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def _run(script: str, *args: str) -> dict[str, object]:
    """Run one benchmark script; its JSON result plus its own peak RSS (MB)."""
    out = RESULTS / f"{Path(script).stem}.json"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, str(REPO / "bench" / script), *args], check=True, cwd=REPO)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    data["_wall_s"] = round(time.perf_counter() - start, 1)
    data["_peak_rss_mb"] = round(max(after, before) / 1024, 1)  # the largest child so far (Linux: KB)
    return data


def _spark(quick: bool) -> dict[str, object] | None:
    try:
        import pyspark  # noqa: F401
    except ModuleNotFoundError:
        return None
    if shutil.which("java") is None:
        return None
    script = REPO / "bench" / "spark.py"
    subprocess.run([sys.executable, str(script), *(["--parts", "8"] if quick else [])], check=True, cwd=REPO)
    return json.loads((RESULTS / "spark.json").read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--no-spark", action="store_true")
    args = parser.parse_args()
    q = args.quick
    rows: list[tuple[str, str, str, str, str]] = []
    results: dict[str, object] = {"python": platform.python_version(), "machine": platform.machine(),
                                  "cores": __import__("os").cpu_count(), "quick": q}  # fmt: skip

    ex = _run("extract.py", "--repeat", "2" if q else "5")
    rows.append(("extract (HTML → text)", f"{ex['rasd_pages_per_s']} pages/s",
                 f"trafilatura.extract {ex['trafilatura_pages_per_s']} pages/s", f"{ex['ratio']}× time", "≤ 1.3×"))  # fmt: skip
    tx = _run("text.py", "--repeat", "2" if q else "5")
    rows.append(("normalize + segment", f"{tx['text_layer_articles_per_s']} art/s",
                 f"regex split {tx['baseline_articles_per_s']} art/s", f"{tx['ratio']}× time", "≤ 5×"))  # fmt: skip
    kb = _run("kb.py")
    rows.append(
        (
            "knowledge base load",
            f"{kb['load_seconds']} s, {kb['load_peak_rss_mb']} MB",
            "—",
            "—",
            "≤ 1.5 s, ≤ 250 MB",
        )
    )
    rows.append(("KB scan (automaton)", f"{kb['scan_articles_per_s']} art/s", f"regex {kb['regex_articles_per_s']} art/s",
                 f"{kb['ratio']}× time", "—"))  # fmt: skip
    en = _run("entities.py", "--repeat", "1" if q else "3")
    rows.append(("entities + geocode + actors", f"{en['entities_geocode_actors_articles_per_s']} art/s",
                 f"regex {en['regex_articles_per_s']} art/s", f"{en['ratio']}× time", "≥ 1,000 art/s"))  # fmt: skip
    pl = _run("pipeline.py", "--repeat", "1" if q else "3")
    rows.append(("text → events (end to end)", f"{pl['pipeline_articles_per_s']} art/s",
                 f"regex {pl['regex_articles_per_s']} art/s", f"{pl['ratio']}× time", "≥ 300 art/s/core"))  # fmt: skip
    ig = _run(
        "ingest.py",
        "--articles",
        "500" if q else "2000",
        "--sizes",
        "1000,10000" if q else "1000,10000,100000",
    )
    rows.append(("ingest into SQLite", f"{ig['ingest_articles_per_s']} art/s", f"pipeline alone {ig['pipeline_articles_per_s']} art/s",
                 f"+{round(float(ig['storage_overhead']) * 100)}%", "≤ +25%"))  # fmt: skip
    results.update(extract=ex, text=tx, kb=kb, entities=en, pipeline=pl, ingest=ig)
    if not args.no_spark:
        sp = _spark(q)
        if sp:
            results["spark"] = sp
            rows.append(("Spark local[1] → local[2]", f"{sp['local[1]']['articles_per_s']} → {sp['local[2]']['articles_per_s']} art/s",  # type: ignore[index]
                         "—", f"{sp['scaling_2_vs_1']}× scaling", "≥ 1.7×"))  # fmt: skip
    peak = max(float(r["_peak_rss_mb"]) for r in (ex, tx, kb, en, pl, ig))  # type: ignore[arg-type]
    rows.append(("peak RSS of any benchmark process", f"{peak} MB", "—", "—", "≤ 400 MB per worker"))
    results["table"] = [
        dict(zip(("benchmark", "rasd", "baseline", "ratio", "goal"), r, strict=True)) for r in rows
    ]
    (RESULTS / "latest.json").write_text(
        json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    widths = [
        max(len(r[i]) for r in [("benchmark", "rasd", "baseline (same run)", "ratio", "goal"), *rows])
        for i in range(5)
    ]
    header = ("benchmark", "rasd", "baseline (same run)", "ratio", "goal")
    for r in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    _chart(results)
    return 0


def _chart(results: dict[str, object]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError:
        print("(no matplotlib: pip install matplotlib for bench/results/latest.png)")
        return
    stages = [
        ("extract", results["extract"]["rasd_pages_per_s"]),  # type: ignore[index]
        ("normalize+segment", results["text"]["text_layer_articles_per_s"]),  # type: ignore[index]
        ("entities+geo+actors", results["entities"]["entities_geocode_actors_articles_per_s"]),  # type: ignore[index]
        ("text → events", results["pipeline"]["pipeline_articles_per_s"]),  # type: ignore[index]
        ("ingest (SQLite)", results["ingest"]["ingest_articles_per_s"]),  # type: ignore[index]
    ]
    if "spark" in results:
        stages.append(("Spark local[2] (2 cores)", results["spark"]["local[2]"]["articles_per_s"]))  # type: ignore[index]
    fig, ax = plt.subplots(figsize=(8, 3.6))
    names = [s[0] for s in stages]
    values = [float(s[1]) for s in stages]
    bars = ax.barh(names[::-1], values[::-1], color="#4a6fa5")
    ax.bar_label(bars, fmt="%.0f", padding=3)
    ax.axvline(300, color="#a4262c", linestyle="--", linewidth=1)
    ax.text(305, len(stages) - 0.6, "goal: 300 art/s/core end to end", color="#a4262c", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("articles (pages) per second, one core unless stated, log scale")
    ax.set_title(f"rasd throughput by stage ({results['machine']}, Python {results['python']})")
    fig.tight_layout()
    fig.savefig(RESULTS / "latest.png", dpi=110)
    print(f"chart: {RESULTS / 'latest.png'}")


if __name__ == "__main__":
    raise SystemExit(main())
