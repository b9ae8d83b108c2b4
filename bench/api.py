"""Load test of the REST API on loopback: N concurrent clients for S seconds against a store of E events.

    python bench/api.py [--events 100000] [--clients 50] [--seconds 60]

Builds a SQLite store of synthetic events (real Arabic evidence sentences from the bundled examples, shifted
dates and places), starts ``rasd serve``'s app with uvicorn in a separate process, and has ``--clients``
asyncio clients request, in turn, a page of 100 events (with and without filters, following keyset cursors)
and a GeoJSON page of 500. Reports requests/s, p50/p99 latency and errors per endpoint, and the same for a
baseline endpoint (``/api/v1/health``) in the same run. Goal: 0 errors, p99 ≤ 200 ms for a page of events.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import socket
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from rasd.store import schema
from rasd.store.db import Store, now

REPO = Path(__file__).resolve().parents[1]
SENTENCES = [
    "قصفت قوات النظام بلدة الشحيل في ريف دير الزور الشرقي، ما أدى إلى مقتل مدنيين اثنين.",
    "استهدفت طائرة مسيّرة سيارة على طريق الميادين، دون ورود أنباء عن إصابات.",
    "اندلعت اشتباكات بين قوات سوريا الديمقراطية ومقاتلين من العشائر في بلدة ذيبان.",
    "شنّت قوات سوريا الديمقراطية حملة دهم واعتقال في بلدة البصيرة.",
]
TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Battles", "Armed clash"),
    ("Strategic developments", "Arrests"),
]
ADMIN1 = ["Deir-ez-Zor", "Ar-Raqqa", "Al-Hasakeh", "Aleppo", "Idleb", "Homs", "Damascus"]


def build(path: Path, n: int) -> None:
    rng = random.Random(20261126)
    store = Store(f"sqlite:///{path}")
    store.migrate()
    with store.engine.begin() as conn:
        docs = [{"id": f"{i:024x}", "status": "ok", "issues_json": "[]", "trace_json": "[]", "versions_json": "{}",
                 "ingested_at": now(), "updated_at": now(), "outlet": f"outlet{i % 9}", "text": "x"}
                for i in range(n // 3 + 1)]  # fmt: skip
        conn.execute(insert(schema.documents), docs)
        for start in range(0, n, 20000):
            rows = []
            for i in range(start, min(n, start + 20000)):
                kind = i % 4
                day = rng.randrange(365 * 4)
                rows.append({
                    "event_id": f"{i + 1:024x}", "document_id": f"{i // 3:024x}",
                    "event_date": f"{2021 + day // 365}-{1 + (day % 365) // 31:02d}-{1 + day % 28:02d}",
                    "time_precision": 1, "disorder_type": "Political violence", "event_type": TYPES[kind][0],
                    "sub_event_type": TYPES[kind][1], "actor1": "Unidentified Armed Group (Syria)",
                    "admin1": ADMIN1[i % 7], "location": f"Place {i % 3000}", "location_ar": f"مكان {i % 3000}",
                    "place_id": f"p{i % 3000}", "latitude": 33 + rng.random() * 4, "longitude": 36 + rng.random() * 5,
                    "geo_precision": 1, "fatalities": i % 4, "tags_json": "[]", "evidence_start": 0,
                    "evidence_end": len(SENTENCES[kind]), "evidence_text": SENTENCES[kind],
                    "field_evidence_json": "{}", "confidence": 0.5 + (i % 5) / 10, "reviewed": False,
                    "search_key": schema.search_key(SENTENCES[kind], f"مكان {i % 3000}"),
                })  # fmt: skip
            conn.execute(insert(schema.events), rows)
    store.close()


def serve(db: str, port: int) -> None:
    import uvicorn

    from rasd.api import create_app

    uvicorn.run(create_app(db), host="127.0.0.1", port=port, log_level="error", access_log=False)


async def client(
    base: str, paths: list[str], until: float, out: dict[str, list[float]], errors: dict[str, int]
) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        i = 0
        while time.perf_counter() < until:
            name, path = paths[i % len(paths)].split(" ", 1)
            i += 1
            start = time.perf_counter()
            try:
                response = await http.get(path)
                ok = response.status_code == 200
                if ok and name == "events-page2":
                    cursor = response.json()["meta"]["next_cursor"]
                    response = await http.get(f"/api/v1/events?limit=100&cursor={cursor}")
                    ok = response.status_code == 200
            except Exception:
                ok = False
            elapsed = time.perf_counter() - start
            if ok:
                out.setdefault(name, []).append(elapsed)
            else:
                errors[name] = errors.get(name, 0) + 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        start = time.perf_counter()
        build(db, args.events)
        print(f"built a store of {args.events} events in {time.perf_counter() - start:.1f} s")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = multiprocessing.get_context("spawn").Process(target=serve, args=(f"sqlite:///{db}", port))
        server.start()
        base = f"http://127.0.0.1:{port}"
        import httpx

        for _ in range(200):
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        paths = [
            "health /api/v1/health",
            "events /api/v1/events?limit=100",
            "events-filtered /api/v1/events?limit=100&admin1=Deir-ez-Zor&type=Armed%20clash&since=2023-01-01",
            "events-page2 /api/v1/events?limit=100&since=2022-06-01",
            "events-search /api/v1/events?limit=100&q=%D8%A7%D9%84%D8%B4%D8%AD%D9%8A%D9%84",
            "geojson /api/v1/events.geojson?limit=500&bbox=36,33,41,37",
        ]
        latencies: dict[str, list[float]] = {}
        errors: dict[str, int] = {}
        until = time.perf_counter() + args.seconds

        async def run() -> None:
            await asyncio.gather(*(client(base, paths[i % len(paths):] + paths[: i % len(paths)], until, latencies, errors)
                                   for i in range(args.clients)))  # fmt: skip

        asyncio.run(run())
        server.terminate()
        server.join()
    results = {}
    print(f"{'endpoint':<17}{'requests':>9}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}")
    for name in [p.split(" ", 1)[0] for p in paths]:
        values = sorted(latencies.get(name, []))
        if not values:
            continue
        p50 = statistics.median(values) * 1000
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))] * 1000
        rate = len(values) / args.seconds
        results[name] = {"requests": len(values), "per_s": round(rate, 1), "p50_ms": round(p50, 1),
                         "p99_ms": round(p99, 1), "errors": errors.get(name, 0)}  # fmt: skip
        print(f"{name:<17}{len(values):>9}{rate:>8.1f}{p50:>8.1f}{p99:>8.1f}{errors.get(name, 0):>8}")
    out = REPO / "bench" / "results" / "api.json"
    out.write_text(json.dumps({"events": args.events, "clients": args.clients, "seconds": args.seconds,
                               "endpoints": results}, indent=1) + "\n", encoding="utf-8")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
