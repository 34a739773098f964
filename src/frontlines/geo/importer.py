"""Import a full GeoNames dump into an existing gazetteer, to reach villages.

Reads: a GeoNames place file (a country file such as ``SY.txt`` or
``allCountries.txt``; tab-separated, 19 columns; classes P and A kept) and
optionally ``alternateNamesV2.txt`` (only names of places the gazetteer holds;
codes such as 'link', 'post', 'iata' skipped). Both are streamed. Upserts:
a place already present is replaced with the dump's fuller record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from frontlines.geo.gazetteer import FEATURE_ID_BASE, connect
from frontlines.geo.names import LOOSE_PREFIX, is_latin, name_keys, normalise_name

KEPT_CLASSES = frozenset({"P", "A"})
# alternateNames "isolanguage" values that are codes or links, not names.
SKIPPED_LANGUAGES = frozenset(
    {
        "link",
        "post",
        "iata",
        "icao",
        "faac",
        "tcid",
        "unlc",
        "abbr",
        "wkdt",
        "fr_1793",
        "phon",
        "piny",
    }
)
_BATCH = 20000


def _lines(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


def _is_alternate_names(path: Path) -> bool:
    """alternateNames rows have 4+ columns with an integer in the first two and
    no coordinates; place rows have 19 columns."""
    for row in _lines(path):
        return len(row) < 19 and len(row) >= 4
    return False


def _name_rows(
    gid: int, spellings: Iterable[str], preferred: str | None
) -> list[tuple[str, int, str, int]]:
    rows = []
    for spelling in dict.fromkeys(spellings):
        normalised = normalise_name(spelling)
        if not normalised or not is_latin(normalised):
            continue
        for key in name_keys(spelling):
            rows.append((key, gid, spelling, 1 if spelling == preferred else 0))
    return rows


def _flush(
    conn: sqlite3.Connection,
    places: list[tuple[object, ...]],
    names: list[tuple[str, int, str, int]],
) -> None:
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?)", places)
    # A preferred spelling replaces a non-preferred row for the same key.
    conn.executemany(
        "INSERT INTO names VALUES (?,?,?,?) ON CONFLICT (key, geonameid) DO UPDATE SET "
        "name = excluded.name, is_preferred = excluded.is_preferred "
        "WHERE excluded.is_preferred > names.is_preferred",
        names,
    )
    places.clear()
    names.clear()


def _import_places(conn: sqlite3.Connection, path: Path) -> int:
    count = 0
    places: list[tuple[object, ...]] = []
    names: list[tuple[str, int, str, int]] = []
    for row in _lines(path):
        if len(row) < 19 or row[6] not in KEPT_CLASSES:
            continue
        gid = int(row[0])
        places.append(
            (
                gid,
                row[1],
                row[6],
                row[7],
                float(row[4]),
                float(row[5]),
                row[8],
                row[10] or None,
                row[11] or None,
                int(row[14] or 0),
            )
        )
        alternates = [a for a in row[3].split(",") if a]
        names.extend(_name_rows(gid, [row[1], row[2], *alternates], row[1]))
        count += 1
        if len(places) >= _BATCH:
            _flush(conn, places, names)
    _flush(conn, places, names)
    return count


def _import_alternate_names(conn: sqlite3.Connection, path: Path) -> int:
    known = {gid for (gid,) in conn.execute("SELECT geonameid FROM places")}
    count = 0
    names: list[tuple[str, int, str, int]] = []
    for row in _lines(path):
        if len(row) < 4 or row[2] in SKIPPED_LANGUAGES:
            continue
        gid = int(row[1])
        if gid not in known:
            continue
        preferred = row[3] if len(row) > 4 and row[4] == "1" else None
        names.extend(_name_rows(gid, [row[3]], preferred))
        count += 1
        if len(names) >= _BATCH:
            _flush(conn, [], names)
    _flush(conn, [], names)
    return count


# How near (degrees of latitude and longitude) a GeoNames entry must lie to a feature of
# ours of the same name to stand for it.
_SAME_PLACE_DEGREES = 0.5


def _retire_features(conn: sqlite3.Connection) -> int:
    """Drop our own features (``data/geo_features.csv``) that an imported GeoNames entry of
    the same name, close by, now stands for: the real id wins ("Eastern Ghouta")."""
    rows = conn.execute(
        "SELECT DISTINCT f.geonameid FROM names fn "
        "JOIN places f ON f.geonameid = fn.geonameid "
        "JOIN names gn ON gn.key = fn.key AND gn.geonameid < ? "
        "JOIN places g ON g.geonameid = gn.geonameid "
        "WHERE fn.geonameid >= ? AND substr(fn.key, 1, 1) != ? "
        "AND abs(f.lat - g.lat) < ? AND abs(f.lon - g.lon) < ? "
        # a river is replaced only by a river, and an admin area replaces only an area of ours
        # (the Amur River is not Amur Oblast, whose label point lies beside it)
        "AND (f.feature_class = g.feature_class OR (f.feature_class != 'H' "
        "AND g.feature_class != 'H' AND (g.feature_class != 'A' OR f.feature_class = 'L')))",
        (
            FEATURE_ID_BASE,
            FEATURE_ID_BASE,
            LOOSE_PREFIX,
            _SAME_PLACE_DEGREES,
            _SAME_PLACE_DEGREES,
        ),
    ).fetchall()
    ids = [(int(r[0]),) for r in rows]
    conn.executemany("DELETE FROM names WHERE geonameid = ?", ids)
    conn.executemany("DELETE FROM places WHERE geonameid = ?", ids)
    return len(ids)


def import_geonames(gazetteer_path: Path, files: list[Path]) -> dict[str, int]:
    """Upsert GeoNames dump files into the gazetteer at ``gazetteer_path``.

    Place files are read before alternate-name files, whatever the order given,
    so alternate names can attach to places the same import adds.
    """
    paths = [Path(f) for f in files]
    alternates = [p for p in paths if _is_alternate_names(p)]
    place_files = [p for p in paths if p not in alternates]
    conn = connect(Path(gazetteer_path))
    counts = {"places": 0, "alternate_names": 0}
    try:
        with conn:
            for path in place_files:
                counts["places"] += _import_places(conn, path)
            for path in alternates:
                counts["alternate_names"] += _import_alternate_names(conn, path)
            counts["features_replaced"] = _retire_features(conn) if counts["places"] else 0
            if counts["places"] or counts["alternate_names"]:  # a rebuild would lose these
                conn.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('imported', ?)",
                    (", ".join(p.name for p in paths),),
                )
    finally:
        conn.close()
    return counts
