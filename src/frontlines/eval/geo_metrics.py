"""Distance and curve measures for scoring geocoders, and span pairing for geotagging.

Reads: coordinates and error lists. Writes: numbers. No corpus knowledge here
(that is :mod:`frontlines.eval.geo`).

Conventions, those of Gritta et al. 2018 ("What's missing in geographical
parsing?", Language Resources and Evaluation 52) and their CamCoder code:

- Distance: great circle (haversine) on a sphere of the mean Earth radius,
  6371.0088 km (IUGG); geopy's ``great_circle`` uses the same radius.
- Accuracy@161 km: share of errors of at most 161 km (100 miles).
- AUC: sort the errors ascending, take ``log(1 + km)`` of each, integrate with
  the trapezoidal rule at unit spacing and divide by ``log(20039) * (n - 1)``,
  the area of the worst possible curve. 0 is perfect, 1 is every answer at the
  far side of the Earth. One error alone has no area: its normalised
  ``log(1 + km) / log(20039)`` is used.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from frontlines.geo.distance import EARTH_RADIUS_KM, haversine_km

__all__ = [
    "ACCURACY_KM",
    "EARTH_RADIUS_KM",
    "MAX_ERROR_KM",
    "ErrorStats",
    "auc_log_error",
    "error_stats",
    "haversine_km",
    "pair_spans",
]

# Half the equator, the largest error the geocoding literature counts (Gritta et al. 2018).
MAX_ERROR_KM = 20039.0
ACCURACY_KM = 161.0


def auc_log_error(errors_km: Sequence[float]) -> float | None:
    """Area under the sorted log(1 + km) error curve, normalised to [0, 1]; None if no errors."""
    if not errors_km:
        return None
    top = math.log(MAX_ERROR_KM)
    logs = sorted(math.log1p(max(0.0, e)) for e in errors_km)
    if len(logs) == 1:
        area = logs[0] / top
    else:
        # Trapezoidal rule at unit spacing (numpy.trapz without numpy).
        area = (sum(logs) - (logs[0] + logs[-1]) / 2) / (top * (len(logs) - 1))
    # log(1 + 20039) / log(20039) is 1.000005: an all-unanswered run reads 1, not more.
    return min(1.0, area)


@dataclass(frozen=True)
class ErrorStats:
    """Summary of a list of geocoding errors in km."""

    count: int
    acc161: float | None
    mean_km: float | None
    median_km: float | None
    auc: float | None


def error_stats(errors_km: Sequence[float]) -> ErrorStats:
    """Accuracy@161 km, mean, median and AUC of ``errors_km`` (None for each when empty)."""
    if not errors_km:
        return ErrorStats(0, None, None, None, None)
    return ErrorStats(
        count=len(errors_km),
        acc161=sum(e <= ACCURACY_KM for e in errors_km) / len(errors_km),
        mean_km=statistics.fmean(errors_km),
        median_km=statistics.median(errors_km),
        auc=auc_log_error(errors_km),
    )


def pair_spans(
    gold: Sequence[tuple[int, int]], found: Sequence[tuple[int, int]], match: str
) -> list[tuple[int, int]]:
    """Pairs ``(gold index, found index)``, each side used at most once.

    ``exact``: same start and end. ``overlap``: the spans share a character;
    pairs are taken greedily, largest overlap first (ties: earlier gold, earlier found).
    """
    if match == "exact":
        where: dict[tuple[int, int], int] = {}
        for j, span in enumerate(found):
            where.setdefault(span, j)
        return [(i, where[span]) for i, span in enumerate(gold) if span in where]
    if match != "overlap":
        raise ValueError(f"match must be 'exact' or 'overlap', not {match!r}")
    candidates = []
    for i, (gs, ge) in enumerate(gold):
        for j, (fs, fe) in enumerate(found):
            shared = min(ge, fe) - max(gs, fs)
            if shared > 0:
                candidates.append((-shared, i, j))
    candidates.sort()
    used_gold: set[int] = set()
    used_found: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_found:
            used_gold.add(i)
            used_found.add(j)
            pairs.append((i, j))
    return sorted(pairs)
