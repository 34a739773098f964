#!/usr/bin/env python3
"""Check one annotator's part of the real-news set before it is assembled.

usage: validate_part.py LETTER
Reads eval/realnews/parts/LETTER.manifest.jsonl, LETTER.gold.jsonl and the raw search results
in .realnews/raw/<id>.json; prints what is wrong, a short count, and exits 1 on any error.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = ROOT / "eval" / "realnews"
SPLITS = {"tune", "heldout"}
KINDS = {"state", "nonstate"}
ACTOR_KINDS = {
    "state_forces",
    "external_forces",
    "rebel_group",
    "political_militia",
    "identity_militia",
    "rioters",
    "protesters",
    "civilians",
    "unidentified",
}
TRAPS = {
    "siege",
    "advance",
    "failed-assault",
    "denied",
    "claimed",
    "partial",
    "facility",
    "history",
    "fiction",
    "withdrawal",
    "handover",
    "contested",
    "ambiguous-place",
}
FACILITIES = {
    None,
    "airport",
    "base",
    "headquarters",
    "palace",
    "compound",
    "dam",
    "plant",
    "checkpoint",
    "port",
    "prison",
    "crossing",
    "other",
}


def _date_ok(d) -> bool:
    import datetime as dt

    if d is None:
        return True
    if isinstance(d, list):
        return len(d) == 2 and all(isinstance(x, str) and _date_ok(x) for x in d)
    if not isinstance(d, str):
        return False
    parts = d.split("-")
    try:
        if len(parts) == 1:
            int(parts[0])
        elif len(parts) == 2:
            dt.date(int(parts[0]), int(parts[1]), 1)
        else:
            dt.date.fromisoformat(d)
    except ValueError:
        return False
    return True


def _located(e: dict) -> bool:
    return (
        e.get("geonameid") is not None
        or e.get("admin")
        or (e.get("lat") is not None and e.get("lon") is not None)
    )


def main(letter: str) -> int:
    conflicts = tomllib.loads((HERE / "conflicts.toml").read_text())
    errors: list[str] = []
    man_path = HERE / "parts" / f"{letter}.manifest.jsonl"
    gold_path = HERE / "parts" / f"{letter}.gold.jsonl"
    manifest = [json.loads(x) for x in man_path.read_text().splitlines() if x.strip()]
    gold = {}
    if gold_path.exists():
        for x in gold_path.read_text().splitlines():
            if x.strip():
                g = json.loads(x)
                gold[g["id"]] = g
    ids = set()
    for m in manifest:
        i = m.get("id", "?")
        if i in ids:
            errors.append(f"{i}: id twice")
        ids.add(i)
        for key in (
            "id",
            "url",
            "outlet",
            "title",
            "published",
            "query",
            "conflict",
            "split",
            "kind",
            "traps",
        ):
            if key not in m:
                errors.append(f"{i}: manifest line lacks {key}")
        if m.get("conflict") not in conflicts:
            errors.append(f"{i}: conflict {m.get('conflict')!r} is not in conflicts.toml")
        if m.get("split") not in SPLITS:
            errors.append(f"{i}: split must be tune or heldout")
        if m.get("kind") not in ("conflict", "general"):
            errors.append(f"{i}: kind must be conflict or general")
        for t in m.get("traps") or []:
            if t not in TRAPS:
                errors.append(f"{i}: unknown trap {t!r} (known: {sorted(TRAPS)})")
        if not _date_ok(m.get("published")):
            errors.append(f"{i}: published {m.get('published')!r} is not an ISO date")
        raw = ROOT / ".realnews" / "raw" / f"{i}.json"
        if not raw.exists():
            errors.append(f"{i}: no raw search result at {raw}")
        else:
            try:
                r = json.loads(raw.read_text())
                if r.get("url") != m.get("url"):
                    errors.append(f"{i}: raw url differs from the manifest's")
                if not (r.get("excerpt") or "").strip():
                    errors.append(f"{i}: raw result has no excerpt")
            except json.JSONDecodeError as exc:
                errors.append(f"{i}: raw file is not JSON: {exc}")
        g = gold.get(i)
        if g is None:
            errors.append(f"{i}: no gold line")
            continue
        if not _date_ok(g.get("published")) or not _date_ok(g.get("published_truth")):
            errors.append(f"{i}: gold published/published_truth is not an ISO date")
        for n, e in enumerate(g.get("events") or []):
            where = f"{i} events[{n}]"
            if e.get("type") != "territory":
                errors.append(f"{where}: type must be territory")
            if not _located(e):
                errors.append(f"{where}: needs geonameid, lat/lon or admin")
            if not _date_ok(e.get("date")):
                errors.append(f"{where}: bad date {e.get('date')!r}")
            for side in ("new_controller", "previous_controller"):
                c = e.get(side)
                if c is None and side == "previous_controller":
                    continue
                if not isinstance(c, dict) or c.get("kind") not in KINDS or not c.get("country"):
                    errors.append(f"{where}: {side} needs kind state|nonstate and country")
            if e.get("extent") not in ("full", "partial"):
                errors.append(f"{where}: extent must be full or partial")
            if e.get("modality") not in ("asserted", "claimed", "denied"):
                errors.append(f"{where}: modality must be asserted, claimed or denied")
            if not isinstance(e.get("background"), bool):
                errors.append(f"{where}: background must be true or false")
            if e.get("facility") not in FACILITIES:
                errors.append(f"{where}: facility {e.get('facility')!r} unknown")
        for n, e in enumerate(g.get("other_events") or []):
            where = f"{i} other_events[{n}]"
            for key in ("event_type", "sub_event_type"):
                if not e.get(key):
                    errors.append(f"{where}: needs {key}")
            if not _located(e):
                errors.append(f"{where}: needs geonameid, lat/lon or admin")
            if not _date_ok(e.get("date")):
                errors.append(f"{where}: bad date {e.get('date')!r}")
            for side in ("actor1", "actor2"):
                a = e.get(side)
                if a is not None and (not isinstance(a, dict) or a.get("kind") not in ACTOR_KINDS):
                    errors.append(f"{where}: {side} kind must be one of {sorted(ACTOR_KINDS)}")
        if m.get("kind") == "general" and (g.get("events") or g.get("other_events")):
            errors.append(f"{i}: general news must have no events")
    for i in gold:
        if i not in ids:
            errors.append(f"{i}: gold line with no manifest line")
    for e in errors:
        print(e)
    n = len(manifest)
    undated = sum(1 for m in manifest if m.get("published") is None)
    traps = sum(1 for m in manifest if m.get("traps"))
    # the scorer's own rule for a change a system must find
    sys.path.insert(0, str(ROOT / "src"))
    from frontlines.eval.realnews import RealGold, is_scored

    multi = sum(
        1
        for g in gold.values()
        if sum(1 for e in RealGold.model_validate(g).events if is_scored(e)) > 1
    )
    print(
        f"{letter}: {n} articles, {len({m.get('outlet') for m in manifest})} outlets, "
        f"{undated} undated, {traps} with traps, {multi} with more than one change, "
        f"{len(errors)} errors"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
