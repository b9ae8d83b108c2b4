"""``rasd brief``: a situation report of a period — counts, a map, the main incidents with evidence, disputes.

Reads: the store (events, incidents, claims, documents) and, for the map, the bundled admin boundaries.
Writes: Markdown or HTML text, and a PNG map beside it when matplotlib is installed (``pip install -e
'.[bench]'``). The period is relative (``24h``, ``7d``) or absolute (``2024-08-01``), ending today or at
``until``; dates are event dates.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections import Counter
from importlib import resources as package_files
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rasd.export import EventFilter, query_events, query_incidents
from rasd.store import schema
from rasd.store.db import Store

COLORS = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}


def period(since: str, until: str | None = None) -> tuple[str, str]:
    """``24h``/``7d``/``YYYY-MM-DD`` → (first day, last day) as ISO dates."""
    end = dt.date.fromisoformat(until) if until else dt.date.today()
    match = re.fullmatch(r"(\d+)([hd])", since.strip())
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        days = max(1, -(-amount // 24)) if unit == "h" else amount
        return (end - dt.timedelta(days=days - 1 if unit == "d" else days)).isoformat(), end.isoformat()
    return dt.date.fromisoformat(since).isoformat(), end.isoformat()


def build(store: Store, since: str, until: str | None = None, admin1: str | None = None) -> dict[str, Any]:
    first, last = period(since, until)
    flt = EventFilter(since=first, until=last, admin1=admin1)
    events = query_events(store, flt)
    incidents = query_incidents(store, flt)
    documents = sorted({e["document_id"] for e in events})
    with store.engine.connect() as conn:
        claims = [
            dict(r)
            for r in conn.execute(
                select(schema.claims, schema.documents.c.outlet)
                .join(schema.documents, schema.documents.c.id == schema.claims.c.document_id)
                .where(
                    schema.claims.c.document_id.in_(documents),
                    schema.claims.c.type.in_(("denial", "accusation")),
                )
            ).mappings()
        ]
    main = sorted(
        incidents, key=lambda i: (-(i["fatalities"] or 0), -(i["mentions"] or 0), i["event_date"] or "")
    )[:10]
    evidence = {}
    for incident in main:
        members = [e for e in events if e["incident_id"] == incident["incident_id"]]
        if members:
            best = max(members, key=lambda e: e["confidence"])
            evidence[incident["incident_id"]] = (best["evidence_text"], best.get("url"))
    return {
        "from": first,
        "to": last,
        "area": admin1,
        "events": len(events),
        "incidents": len(incidents),
        "fatalities": sum(i["fatalities"] or 0 for i in incidents),
        "by_type": Counter(e["sub_event_type"] for e in events).most_common(),
        "by_area": Counter(e["admin1"] or "unknown" for e in events).most_common(),
        "main": [
            {
                **i,
                "evidence": evidence.get(i["incident_id"], ("", None))[0],
                "url": evidence.get(i["incident_id"], ("", None))[1],
            }
            for i in main
        ],
        "disputes": claims,
        "points": [
            (e["longitude"], e["latitude"], e["event_type"], e["fatalities"] or 0)
            for e in events
            if e["latitude"] is not None
        ],
    }


def markdown(report: dict[str, Any], map_png: str | None = None) -> str:
    area = f" — {report['area']}" if report["area"] else ""
    lines = [
        f"# رصد — situation report {report['from']} → {report['to']}{area}",
        "",
        f"**{report['events']} events** in **{report['incidents']} incidents**, "
        f"**{report['fatalities']} fatalities** (lowest reported figure per incident).",
        "",
    ]
    if map_png:
        lines += [f"![Map of the period]({map_png})", ""]
    lines += ["## By type", "", "| sub-event type | events |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in report["by_type"]]
    lines += ["", "## By governorate", "", "| governorate | events |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in report["by_area"]]
    lines += ["", "## Main incidents", ""]
    for i in report["main"]:
        sources = ", ".join(json.loads(i["sources_json"]))
        lines.append(
            f"- **{i['event_date'] or '?'} — {i['sub_event_type']}, {i['location_ar'] or ''} ({i['location'] or ''}, "
            f"{i['admin1'] or '?'})**: {i['actor1'] or '?'}"
            + (f" vs {i['actor2']}" if i.get("actor2") else "")
            + f"; {i['fatalities']} killed; {i['mentions']} report(s): {sources}."
        )
        if i["evidence"]:
            lines.append(f"  > {i['evidence']}")
    lines += ["", "## Denied or disputed", ""]
    if not report["disputes"]:
        lines.append("Nothing denied or disputed in this period's reports.")
    for c in report["disputes"]:
        lines.append(
            f"- **{c['type']}** — {c['speaker'] or '?'} ({c['outlet'] or '?'}): {c['evidence_text']}"
        )
    return "\n".join(lines) + "\n"


def to_html(text: str) -> str:
    """The Markdown brief as a self-contained HTML page (escaped; Arabic lines right to left)."""
    out = [
        "<!doctype html><html lang='ar'><head><meta charset='utf-8'><title>rasd brief</title>",
        "<style>body{font-family:'Noto Naskh Arabic','DejaVu Sans',sans-serif;max-width:60rem;margin:1rem auto;"
        "color:#1d2433}table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #d9dde5;"
        "padding:.2rem .8rem;text-align:start}blockquote{border-inline-start:3px solid #ffc46b;margin:.2rem 1rem;"
        "padding:.2rem .6rem;background:#fff8e6}</style></head><body>",
    ]
    table: list[str] = []

    def flush() -> None:
        if table:
            out.append("<table>" + "".join(table) + "</table>")
            table.clear()

    for line in text.splitlines():
        esc = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(line))
        if line.startswith("|"):
            if not set(line) <= set("|-: "):
                tag = "th" if not table else "td"
                table.append(
                    "<tr>"
                    + "".join(f"<{tag}>{c.strip()}</{tag}>" for c in esc.strip("|").split("|"))
                    + "</tr>"
                )
            continue
        flush()
        if line.startswith("# "):
            out.append(f"<h1>{esc[2:]}</h1>")
        elif line.startswith("## "):
            out.append(f"<h2>{esc[3:]}</h2>")
        elif line.startswith("!["):
            src = html.escape(line[line.index("(") + 1 : -1])
            out.append(f"<img src='{src}' alt='map' width='720'>")
        elif line.startswith("  > "):
            out.append(f"<blockquote dir='rtl' lang='ar'>{esc[6:]}</blockquote>")
        elif line.startswith("- "):
            out.append(f"<p dir='auto'>• {esc[2:]}</p>")
        elif line.strip():
            out.append(f"<p>{esc}</p>")
    flush()
    out.append("</body></html>")
    return "\n".join(out)


def render_map(report: dict[str, Any], path: Path) -> bool:
    """Events over the bundled admin boundaries, rendered offline; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ModuleNotFoundError:
        return False
    boundaries = json.loads(
        (package_files.files("rasd") / "data" / "geo" / "syria-admin.geojson").read_text("utf-8")
    )
    fig, ax = plt.subplots(figsize=(8, 6.5))
    for feature in boundaries["features"]:
        level = feature["properties"]["level"]
        for polygon in feature["geometry"]["coordinates"]:
            xs, ys = zip(*polygon[0], strict=True)
            ax.plot(xs, ys, color="#445" if level == 1 else "#aab", linewidth=1.0 if level == 1 else 0.4)
    for x, y, kind, dead in report["points"]:
        ax.scatter(x, y, s=20 + 12 * dead, color=COLORS.get(kind, "#777"), edgecolor="#222", linewidth=0.5,
                   alpha=0.85, zorder=3)  # fmt: skip
    for kind, color in COLORS.items():
        ax.scatter([], [], color=color, label=kind)
    ax.legend(loc="lower left", fontsize=7, frameon=False)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(f"rasd — events {report['from']} → {report['to']}")
    fig.text(0.99, 0.01, "Boundaries: OCHA COD-AB (CC BY-IGO)", ha="right", fontsize=6, color="#666")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def to_pdf(page: str, output: Path) -> None:
    """Print the HTML brief to PDF with headless Chromium (it shapes Arabic right to left; matplotlib does not)."""
    import shutil
    import subprocess
    import tempfile

    from rasd.errors import RasdError

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        raise RasdError(
            "PDF briefs need Chromium (apt-get install chromium); use --format html", code="brief.pdf"
        )
    output = output.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        source = output.with_suffix(".print.html")
        source.write_text(page, encoding="utf-8")  # beside the map PNG, so the relative image link resolves
        try:
            subprocess.run(
                [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp}",
                 "--no-pdf-header-footer", f"--print-to-pdf={output}", source.as_uri()],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise RasdError(f"Chromium could not print the brief: {exc}", code="brief.pdf") from exc
        finally:
            source.unlink(missing_ok=True)
    if not output.exists() or output.stat().st_size == 0:
        raise RasdError("Chromium wrote no PDF", code="brief.pdf")
