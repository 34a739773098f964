"""Does the API answer as fast with a million events stored as with the demo's hundred?

    .venv/bin/python benchmarks/api_scale.py [--events 1000000] [--clients 1,4] [--requests 200]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test] [--keep]

In one run: ingests the bundled demo into a SQLite file, then fills two PostgreSQL schemas
with its merged events and control periods: ``api_small`` with the demo as it is (the
baseline) and ``api_large`` with ``--events`` events made from them (each a demo event
moved to another date within ten years and, four times in five, to one of ``events / 50``
made-up places of the same country and province, with its own control periods copied from
a demo place's). Then, for each schema, starts ``frontlines serve`` in its own process and
sends it, from this process on loopback, ``--requests`` requests of each kind below from
each number of concurrent clients in ``--clients`` (a bounded load), after a warm-up; and
reports the 50th and 95th percentile latency of each kind, and the large store's p95 as a
ratio to the small's under the same load.

Kinds: the event list filtered by country and a year, by province and type, and by actor
(each paginated: ``limit=50``, a random ``offset`` within the matches' first 500), a
place's control (its whole timeline, and on one date), and the page's place search (the
first four letters of a demo place's name, ``limit=20``). Results go to
``benchmarks/results/api_scale.json``. The issue's target: p95 under 50 ms for each at
1,000,000 events.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "api_scale.json"
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
EVENT_COLUMNS = (
    "id, event_type, sub_event_type, date_start, date_end, geonameid, country_code, "
    "admin1_code, place_name, lat, lon, territorial, background, independent_sources, "
    "region, payload"
)


def _demo(tmp: Path) -> tuple[list[Any], dict[str, list[Any]]]:
    """The demo's merged events and control periods, ingested here."""
    from frontlines.library import Frontlines, demo_sources

    with Frontlines(str(tmp / "demo.db")) as fl:
        fl.ingest(demo_sources())
        return fl.store.events(), fl.store.control_periods()


def _schema_url(base: str, schema: str) -> str:
    return f"{base}?options=-csearch_path%3D{schema}"


def _fresh_schema(base: str, schema: str, *, create: bool = True) -> str:
    """Drop ``schema`` if it is there and (unless ``create`` is false) make it anew."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(base)
    with psycopg.connect(
        host=u.host, port=u.port or 5432, user=u.username, dbname=u.database, autocommit=True
    ) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        if create:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    return _schema_url(base, schema)


def fill(url: str, events: list[Any], periods: dict[str, list[Any]], n: int, seed: int) -> int:
    """Store the demo's events and periods and, beyond them, made-up ones up to ``n`` events;
    by COPY, as a bulk load would. How many events are stored."""
    from frontlines.events.model import event_region
    from frontlines.merge import event_actor_ids, place_key
    from frontlines.store import Store
    from frontlines.store.knowledge import EVENT_SPAN, area_level

    rng = random.Random(seed)
    placed = [e for e in events if e.place is not None and e.place.admin1_code]
    by_area: dict[tuple[str, str], list[Any]] = {}
    for ps in periods.values():
        p = ps[0].place
        if p.country_code and p.admin1_code:
            by_area.setdefault((p.country_code, p.admin1_code), []).append(ps)
    n_places = max(n // 50, 1) if n > len(events) else 0
    made_places = []
    for k in range(n_places):
        t = rng.choice(placed).place
        made_places.append(
            t.model_copy(
                update={
                    "geonameid": 100_000_000 + k,
                    "name": f"{t.name} {k}",
                    "lat": (t.lat or 0) + rng.uniform(-0.5, 0.5),
                    "lon": (t.lon or 0) + rng.uniform(-0.5, 0.5),
                    "feature_code": "PPL",
                    "text": None,
                    "start": None,
                    "end": None,
                }
            )
        )

    def made_event(i: int) -> Any:
        t = rng.choice(events)
        shift = dt.timedelta(days=rng.randint(-3650, 0))
        start = t.date_start + shift if t.date_start else None
        end = t.date_end + shift if t.date_end else None
        update: dict[str, Any] = {
            "id": hashlib.sha1(f"{seed}:{i}".encode()).hexdigest()[:16],
            "date_start": start,
            "date_end": end,
        }
        if made_places and t.place is not None and rng.random() < 0.8:
            update["place"] = rng.choice(made_places)
        return t.model_copy(update=update)

    store = Store(url)
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        stored = 0
        with (
            cur.copy(f"COPY events ({EVENT_COLUMNS}) FROM STDIN") as copy_events,
        ):
            actor_rows: list[tuple[str, str, dt.date | None]] = []
            widest = 0
            for i in range(max(n, len(events))):
                e = events[i] if i < len(events) else made_event(i)
                p = e.place
                copy_events.write_row(
                    (
                        e.id,
                        e.event_type,
                        e.sub_event_type,
                        e.date_start,
                        e.date_end,
                        p.geonameid if p else None,
                        p.country_code if p else None,
                        p.admin1_code if p else None,
                        p.name if p else None,
                        p.lat if p else None,
                        p.lon if p else None,
                        e.territory is not None,
                        e.background,
                        e.independent_sources,
                        event_region(e),
                        json.dumps(e.model_dump(mode="json")),
                    )
                )
                actor_rows += [(e.id, a, e.date_start) for a in sorted(event_actor_ids(e))]
                if e.date_start is not None and e.date_end is not None:
                    widest = max(widest, (e.date_end - e.date_start).days)
                stored += 1
        with cur.copy("COPY event_actors (event_id, actor, date_start) FROM STDIN") as copy_actors:
            for row in actor_rows:
                copy_actors.write_row(row)
        with cur.copy(
            "COPY control_periods (place_key, geonameid, country_code, admin1_code, area_level, "
            "seq, payload) FROM STDIN"
        ) as copy_periods:
            own = [(key, ps) for key, ps in periods.items()]
            for place in made_places:
                choices = by_area.get((place.country_code, place.admin1_code)) or list(
                    periods.values()
                )
                own.append(
                    (
                        place_key(place),
                        [q.model_copy(update={"place": place}) for q in rng.choice(choices)],
                    )
                )
            for key, ps in own:
                for seq, q in enumerate(ps):
                    copy_periods.write_row(
                        (
                            key,
                            q.place.geonameid,
                            q.place.country_code,
                            q.place.admin1_code,
                            area_level(q.place),
                            seq,
                            json.dumps(q.model_dump(mode="json")),
                        )
                    )
        cur.execute(
            "INSERT INTO event_types (name) SELECT event_type FROM events"
            " UNION SELECT sub_event_type FROM events ON CONFLICT DO NOTHING"
        )
        cur.execute(  # what the store keeps so date filters can range over an index
            "UPDATE store_state SET value = %s WHERE key = %s", (str(widest), EVENT_SPAN)
        )
        raw.commit()
        driver = raw.driver_connection
        assert driver is not None
        driver.autocommit = True
        driver.execute("VACUUM ANALYZE")  # as autovacuum would: counts can read indexes alone
    finally:
        raw.close()
        store.close()
    return stored


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = _free_port()
    exe = str(Path(sys.executable).with_name("frontlines"))
    proc = subprocess.Popen(
        [exe, "serve", "--db", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"serve ended: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/api/config", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("serve did not answer within 60 s")


def _kinds(events: list[Any], periods: dict[str, list[Any]], rng: random.Random) -> dict:
    """Request paths of each kind, drawn from what the demo holds (so both stores match)."""
    placed = [e for e in events if e.place is not None and e.place.admin1_code and e.date_start]
    actors = sorted({e.actor1.id for e in events if e.actor1 is not None})
    places = sorted(ps[0].place.geonameid for ps in periods.values() if ps[0].place.geonameid)

    def by_country() -> str:
        e = rng.choice(placed)
        y = e.date_start.year
        return (
            f"/api/events?country={e.place.country_code}&since={y}-01-01&until={y}-12-31"
            f"&limit=50&offset={rng.randint(0, 500)}"
        )

    def by_province() -> str:
        e = rng.choice(placed)
        return (
            f"/api/events?admin={e.place.country_code}.{e.place.admin1_code}"
            f"&type={e.event_type}&limit=50&offset={rng.randint(0, 500)}"
        )

    def by_actor() -> str:
        return f"/api/events?actor={rng.choice(actors)}&limit=50&offset={rng.randint(0, 500)}"

    def control() -> str:
        return f"/api/places/{rng.choice(places)}/control"

    def control_on() -> str:
        day = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 3650))
        return f"/api/places/{rng.choice(places)}/control?on={day}"

    names = sorted({ps[0].place.name for ps in periods.values()})

    def place_search() -> str:
        return f"/api/places?q={rng.choice(names)[:4]}&limit=20"

    return {
        "events_by_country_and_year": by_country,
        "events_by_province_and_type": by_province,
        "events_by_actor": by_actor,
        "place_control": control,
        "place_control_on_date": control_on,
        "place_search": place_search,
    }


def load(base: str, kinds: dict, requests: int, clients: int) -> dict[str, Any]:
    """Latencies of ``requests`` requests of each kind from ``clients`` threads at once."""
    import httpx

    out: dict[str, Any] = {}
    pool = [httpx.Client(base_url=base, timeout=60) for _ in range(clients)]

    def one(numbered: tuple[int, str]) -> float:
        start = time.perf_counter()
        pool[numbered[0] % clients].get(numbered[1]).raise_for_status()
        return (time.perf_counter() - start) * 1000

    for name, make in kinds.items():
        paths = [make() for _ in range(requests + 10)]
        with httpx.Client(base_url=base, timeout=60) as warm:
            for p in paths[:10]:  # warm-up: caches, the server's first imports
                warm.get(p).raise_for_status()
        with cf.ThreadPoolExecutor(clients) as ex:
            ms = sorted(ex.map(one, enumerate(paths[10:])))
        out[name] = {
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
            "max_ms": round(ms[-1], 1),
        }
    for c in pool:
        c.close()
    return out


def run(events_n: int, clients: list[int], requests: int, pg: str, keep: bool, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        events, periods = _demo(Path(tmp))
    result: dict[str, Any] = {
        "events": events_n,
        "clients": clients,
        "requests_per_kind": requests,
    }
    for label, n in (("small", 0), ("large", events_n)):
        url = _fresh_schema(pg, f"api_{label}")
        start = time.perf_counter()
        stored = fill(url, events, periods, n, seed)
        result[f"{label}_events_stored"] = stored
        result[f"{label}_fill_s"] = round(time.perf_counter() - start, 1)
        proc, base = _serve(url)
        try:
            result[label] = {
                f"{c}_clients": load(
                    base, _kinds(events, periods, random.Random(seed)), requests, c
                )
                for c in clients
            }
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        if not keep:
            _fresh_schema(pg, f"api_{label}", create=False)
    result["p95_ratio_large_to_small"] = {
        load_name: {
            k: round(v["p95_ms"] / max(result["small"][load_name][k]["p95_ms"], 0.1), 2)
            for k, v in kinds.items()
        }
        for load_name, kinds in result["large"].items()
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--clients", default="1,4", help="concurrent clients, one load for each (comma-separated)"
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pg", default=PG)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the filled schemas")
    args = parser.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    result = run(args.events, clients, args.requests, args.pg, args.keep, args.seed)
    print(json.dumps(result, indent=2))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
