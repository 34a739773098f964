"""Our time resolution against dateparser on the expression table (frontlines issue 3).

    .venv/bin/python benchmarks/time_baseline.py [--table tests/time/expressions.tsv]

Runs every row of the table through ``frontlines.time.resolve_expression``,
``dateparser.parse`` and ``dateparser.search.search_dates`` (publication date
as ``RELATIVE_BASE``), scores them with ``frontlines.time.evaluate`` (the rule
is in that module's docstring), prints accuracy per category as a table and
writes ``benchmarks/results/time_baseline.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path
from typing import Any

from frontlines.time.evaluate import SYSTEMS, load_cases, score

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "tests" / "time" / "expressions.tsv"
RESULTS = ROOT / "benchmarks" / "results" / "time_baseline.json"


def run(table: Path = TABLE) -> dict[str, Any]:
    cases = load_cases(table)
    start = time.perf_counter()
    accuracy = score(cases)
    import dateparser

    return {
        "table": str(table.relative_to(ROOT) if table.is_relative_to(ROOT) else table),
        "rows": len(cases),
        "accuracy": accuracy,
        "dateparser_version": dateparser.__version__,
        "python": platform.python_version(),
        "seconds": round(time.perf_counter() - start, 2),
    }


def render(result: dict[str, Any]) -> str:
    head = f"{'category':<22}{'rows':>5}" + "".join(f"{name:>19}" for name in SYSTEMS)
    lines = [head, "-" * len(head)]
    for category, row in result["accuracy"].items():
        cells = "".join(f"{row[name]:>19.3f}" for name in SYSTEMS)
        lines.append(f"{category:<22}{int(row['rows']):>5}{cells}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=TABLE)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    result = run(args.table)
    print(render(result))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
