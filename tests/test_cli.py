from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from rasd.cli import cli
from tests.conftest import DATA, REPO, shared_path


def _invoke(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_cli_extract_seed_prints_one_json_object() -> None:
    result = _invoke("extract", str(shared_path("seed", "seed-article.txt")))
    assert result.exit_code == 0
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert set(record) >= {"id", "source", "text", "events", "claims", "issues"}
    assert record["source"]["author"] == "Anas abdullah"
    assert "rasd: 1 document(s) from 1 file(s): 1 ok" in result.stderr


def test_cli_extract_options_fill_source(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("قصف على الميادين", encoding="utf-8")
    result = _invoke(
        "extract", str(path), "--published", "2024-08-13", "--url", "https://x.org/a", "--outlet", "س"
    )
    source = json.loads(result.stdout)["source"]
    assert (source["published"], source["url"], source["outlet"]) == ("2024-08-13", "https://x.org/a", "س")


def test_cli_extract_exit_1_when_some_inputs_fail() -> None:
    result = _invoke("extract", str(DATA / "jsonl" / "sample.jsonl"))
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 5  # failed documents are still printed
    assert "ingest.jsonl_malformed=2" in result.stderr


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _invoke("extract").exit_code == 2
    assert _invoke("extract", "x.txt", "--published", "13/8/2024").exit_code == 2
    assert _invoke("extract", "x.txt", "--format", "xml").exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("[extract]\nnope = 1\n")
    result = _invoke("--config", str(bad), "extract", "x.txt")
    assert result.exit_code == 2 and "unknown setting 'extract.nope'" in result.stderr


def test_cli_extract_stdin() -> None:
    text = "اشتباكات بين جيش العشائر وقسد في محيط بلدة الكشمة"
    result = _invoke("extract", "-", input=text.encode("utf-8"))
    record = json.loads(result.stdout)
    assert record["text"] == text and record["source"]["input_path"] == "-"


def test_cli_extract_text_format() -> None:
    result = _invoke("extract", "--format", "text", str(DATA / "feeds" / "euphrates-sample.rss"))
    assert result.stdout.startswith("# ") and "الشحيل" in result.stdout


def test_cli_eval_extract_reports_scores() -> None:
    result = _invoke("eval", "extract", str(DATA / "pages"), "--format", "json", "--min-f1", "0.9")
    report = json.loads(result.stdout)
    assert report["n"] >= 1 and 0.9 <= report["mean"]["f1"] <= 1.0
    assert result.exit_code == 0


def test_cli_eval_extract_manifest_on_shared_fixture(tmp_path: Path) -> None:
    html_dir = shared_path("fixtures", "html")
    manifest = tmp_path / "pairs.tsv"
    manifest.write_text(f"{html_dir / 'arabic_article.html'}\t{html_dir / 'arabic.txt'}\n")
    result = _invoke("eval", "extract", str(tmp_path), "--manifest", str(manifest), "--min-f1", "0.95")
    assert result.exit_code == 0 and "arabic_article.html" in result.stdout


def test_python_dash_m_rasd_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rasd", "--version"], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0 and "rasd" in result.stdout


def test_readme_first_command_ingests_examples_and_prints_the_events_table(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python -m pip install -e . && rasd ingest examples/" in readme
    db = f"sqlite:///{tmp_path / 'rasd.db'}"
    first = _invoke("ingest", str(REPO / "examples"), "--db", db)
    assert first.exit_code == 0, first.stderr
    assert "7 stored, 0 already stored, 0 failed" in first.stderr
    assert "Shelling/artillery/missile attack" in first.stdout and "البوليل" in first.stdout
    again = _invoke("ingest", str(REPO / "examples"), "--db", db)
    assert "0 stored, 7 already stored" in again.stderr
    assert again.stdout.count("\n") == first.stdout.count("\n")


def test_run_prints_documents_with_events() -> None:
    result = _invoke("run", str(REPO / "examples"))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 0, result.stderr
    assert len(records) >= 6 and all(r["status"] != "failed" for r in records)
    seed = next(r for r in records if r["source"]["input_path"].endswith("seed-article.txt"))
    assert {e["location_ar"] for e in seed["events"]} >= {"الميادين", "البوليل", "بقرص", "القورية", "الكشمة"}
    table = _invoke("run", str(REPO / "examples"), "--format", "table")
    assert table.exit_code == 0 and "Shelling/artillery/missile attack" in table.stdout
