"""The gazetteer: a SQLite store of places and their name keys, and lookups on it.

Reads: a gazetteer file made by ``build_gazetteer`` (and ``import_geonames``).
Gives: ``Place`` records for a name (``candidates``), an id, or a parent.
Nothing here touches the network.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from frontlines.geo.names import (
    LOOSE_PREFIX,
    name_keys,
    normalise_name,
    place_aliases,
    split_place_phrase,
)

SCHEMA_VERSION = 1
# Raised whenever the builder puts different content in (country centres, aliases...): a
# gazetteer built by an older frontlines is then rebuilt on first use, unless it holds an
# imported GeoNames dump, which a rebuild would lose (then a warning asks for a rebuild).
BUILD_VERSION = 4
GAZETTEER_ENV = "FRONTLINES_GAZETTEER"
# Places of ``data/geo_features.csv`` that GeoNames has but no offline source gives an id
# for (seas, regions, air bases) get a stable id of ours from this number up; the output
# contract shows them with ``geonameid`` null (see ``geonames_id``).
FEATURE_ID_BASE = 900_000_000


def geonames_id(geonameid: int | None) -> int | None:
    """The GeoNames id of a gazetteer entry, or None for one of our own features."""
    return None if geonameid is None or geonameid >= FEATURE_ID_BASE else geonameid


SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS places (
    geonameid INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT NOT NULL,
    admin1_code TEXT,
    admin2_code TEXT,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS places_admin ON places (country_code, feature_code, admin1_code, admin2_code);
CREATE TABLE IF NOT EXISTS names (
    key TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    name TEXT NOT NULL,
    is_preferred INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
"""

_PLACE_COLUMNS = (
    "geonameid, name, feature_class, feature_code, lat, lon, country_code, "
    "admin1_code, admin2_code, population"
)
# Fuzzy fallback: names sharing this many first letters, at most this many, scoring at least this.
_FUZZY_PREFIX = 3
_FUZZY_MIN_LENGTH = 5
_FUZZY_POOL = 3000
_FUZZY_CUTOFF = 88.0
# Match tiers: exact spelling, loose (romanisation) key, and the same after a stripped
# feature word when the place is not an admin area.
_TIER_KIND = {0: "exact", 1: "loose", 2: "feature", 3: "feature"}
_TIER_SCORE = {0: 1.0, 1: 0.9, 2: 0.6, 3: 0.5}


@dataclass(frozen=True)
class Place:
    """One GeoNames entry: a populated place ("P"), an admin area or country ("A"), or a
    continent ("L", feature code CONT, its GeoNames code in ``admin1_code``)."""

    geonameid: int
    name: str
    feature_class: str
    feature_code: str
    lat: float
    lon: float
    country_code: str
    admin1_code: str | None
    admin2_code: str | None
    population: int


@dataclass(frozen=True)
class Candidate:
    """A place a name may mean, with how it matched."""

    place: Place
    match: str  # "exact", "loose", "feature" (admin word did not fit), "fuzzy"
    score: float  # 1.0 exact ... fuzzy ratio / 100
    preferred: bool = False  # the name matched is the place's main name, not an alternate


def default_gazetteer_path() -> Path:
    """``$FRONTLINES_GAZETTEER``, else the user data dir (XDG) ``frontlines/gazetteer.sqlite``."""
    env = os.environ.get(GAZETTEER_ENV)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "frontlines" / "gazetteer.sqlite"


def connect(path: Path) -> sqlite3.Connection:
    """A connection to a gazetteer file with the schema in place."""
    conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.executescript(SCHEMA)
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?)",
        (str(SCHEMA_VERSION),),
    )
    conn.commit()
    return conn


def _place(row: tuple[object, ...]) -> Place:
    gid, name, fclass, fcode, lat, lon, cc, a1, a2, pop = row
    return Place(
        geonameid=int(gid),  # type: ignore[call-overload]
        name=str(name),
        feature_class=str(fclass),
        feature_code=str(fcode),
        lat=float(lat),  # type: ignore[arg-type]
        lon=float(lon),  # type: ignore[arg-type]
        country_code=str(cc),
        admin1_code=None if a1 is None else str(a1),
        admin2_code=None if a2 is None else str(a2),
        population=int(pop or 0),  # type: ignore[call-overload]
    )


def _meta(path: Path) -> dict[str, str]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return {}


def _outdated(path: Path) -> bool:
    """Whether the file was built (not only imported into) by a builder older than this one."""
    meta = _meta(path)
    return "built_at" in meta and meta.get("build_version") != str(BUILD_VERSION)


class Gazetteer:
    """Read access to a gazetteer file. Use ``Gazetteer.open()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        """Open the gazetteer at ``path`` (default: ``default_gazetteer_path()``),
        building it from the installed packages first if the file is missing."""
        path = Path(path) if path is not None else default_gazetteer_path()
        if path.exists() and _outdated(path):
            import warnings

            if _meta(path).get("imported"):
                warnings.warn(
                    f"{path} was built by an older frontlines and holds an imported GeoNames dump: "
                    "run `frontlines gazetteer build` and import the dump again",
                    stacklevel=2,
                )
            else:
                print(f"rebuilding {path}: it was built by an older frontlines", file=sys.stderr)
                path.unlink()
        if not path.exists():
            from frontlines.geo.build import build_gazetteer

            build_gazetteer(path)
        return cls(connect(path), path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lookups -----------------------------------------------------------

    def _by_keys(
        self, keys: list[str], country: str | None, limit: int, prefer_admin: bool = False
    ) -> list[tuple[int, bool, Place]]:
        """(tier, main name matched, place) for places with any of ``keys``, best first, ranked in SQL
        so a common name ("Springfield") costs one query, not thousands of objects."""
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        admin_penalty = (
            "(CASE WHEN p.feature_class = 'A' THEN 0 ELSE 2 END)" if prefer_admin else "0"
        )
        columns = ", ".join("p." + c.strip() for c in _PLACE_COLUMNS.split(","))
        sql = (
            f"SELECT MIN(CASE WHEN substr(n.key, 1, 1) = ? THEN 1 ELSE 0 END) + {admin_penalty} "
            f"AS tier, MAX(n.is_preferred), {columns} FROM names n JOIN places p ON p.geonameid = n.geonameid "
            f"WHERE n.key IN ({marks})"
        )
        params: list[object] = [LOOSE_PREFIX, *keys]
        if country:
            sql += " AND p.country_code = ?"
            params.append(country.upper())
        sql += (
            # named features (seas, regions, sites) have no population: list them first
            # so that fifty towns called Atlantic do not crowd out the ocean
            " GROUP BY p.geonameid ORDER BY tier, p.feature_class IN ('P', 'A'), "
            "p.population DESC, "
            "p.feature_class != 'P', p.geonameid LIMIT ?"
        )
        params.append(limit)
        return [
            (int(row[0]), bool(row[1]), _place(row[2:])) for row in self._conn.execute(sql, params)
        ]

    def _fuzzy(self, core: str, country: str | None, limit: int) -> list[Candidate]:
        if len(core) < _FUZZY_MIN_LENGTH:
            return []
        low = core[:_FUZZY_PREFIX]
        high = low[:-1] + chr(ord(low[-1]) + 1)
        rows = self._conn.execute(
            "SELECT key, geonameid FROM names WHERE key >= ? AND key < ? LIMIT ?",
            (low, high, _FUZZY_POOL),
        ).fetchall()
        if not rows:
            return []
        hits = process.extract(
            core,
            [key for key, _ in rows],
            scorer=fuzz.ratio,
            score_cutoff=_FUZZY_CUTOFF,
            limit=limit * 4,
        )
        scores: dict[int, float] = {}
        for _, score, index in hits:
            gid = int(rows[index][1])
            scores[gid] = max(score, scores.get(gid, 0.0))
        found = [
            Candidate(place, "fuzzy", scores[gid] / 100.0)
            for gid in scores
            if (place := self.get(gid)) is not None
            and (not country or place.country_code == country.upper())
        ]
        found.sort(key=lambda c: (-c.score, -c.place.population))
        return found[:limit]

    def candidates(self, name: str, *, country: str | None = None, limit: int = 20) -> list[Place]:
        """Places a name may mean, best first: exact spellings, then loose
        (romanisation) matches, each by population; feature and direction
        words are stripped if the whole phrase is not a name ("Idlib province"
        prefers admin areas). Falls back to a bounded fuzzy match."""
        return [c.place for c in self.match(name, country=country, limit=limit)]

    def match(self, name: str, *, country: str | None = None, limit: int = 20) -> list[Candidate]:
        """``candidates`` with how each place matched ("exact", "loose",
        "feature", "fuzzy") and a score in 0..1, for a resolver to weigh."""
        rows = self._by_keys(sorted(name_keys(name)), country, limit)
        core = normalise_name(name)
        if not rows:
            phrase = split_place_phrase(name)
            if phrase.core and phrase.core != core:
                keys = sorted(name_keys(phrase.core))
                rows = self._by_keys(keys, country, limit, phrase.feature_word is not None)
            core = phrase.core
        if not rows:
            return self._fuzzy(core, country, limit)
        return [
            Candidate(place, _TIER_KIND[tier], _TIER_SCORE[tier], preferred)
            for tier, preferred, place in rows
        ]

    def get(self, geonameid: int) -> Place | None:
        row = self._conn.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE geonameid = ?", (geonameid,)
        ).fetchone()
        return None if row is None else _place(row)

    def has_name(self, name: str) -> bool:
        """True when some place is spelled ``name`` (after normalising: case, marks)."""
        key = normalise_name(name)
        row = self._conn.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone()
        return row is not None

    def spellings_like(self, geonameid: int, name: str) -> list[str]:
        """The stored spellings of a place that share a lookup key with ``name``
        (or with its core, feature words stripped)."""
        keys = sorted(name_keys(name) | name_keys(split_place_phrase(name).core))
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = self._conn.execute(
            f"SELECT name FROM names WHERE geonameid = ? AND key IN ({marks})", [geonameid, *keys]
        )
        return [str(r[0]) for r in rows]

    def country_keys(self) -> dict[str, str]:
        """Every exact name key of a country -> its ISO code ("syria" -> "SY")."""
        rows = self._conn.execute(
            "SELECT n.key, p.country_code FROM names n JOIN places p ON p.geonameid = n.geonameid "
            "WHERE p.feature_code = 'PCLI' AND substr(n.key, 1, 1) != ?",
            (LOOSE_PREFIX,),
        )
        return {str(k): str(cc) for k, cc in rows}

    def continent(self, code: str) -> Place | None:
        """The continent with this GeoNames code ("EU", "AF"), if the build added continents."""
        row = self._conn.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE feature_code = 'CONT' AND admin1_code = ?",
            (code.upper(),),
        ).fetchone()
        return None if row is None else _place(row)

    def abbreviation(self, text: str) -> Place | None:
        """The first-level area a newspaper abbreviation names ("Calif." -> California)."""
        codes = place_aliases().abbreviations.get(text.strip())
        return None if codes is None else self.admin1(*codes)

    def demonym(self, word: str) -> Place | None:
        """The country, first-level area or continent a listed demonym names ("Dutch",
        "English", "European"), else None."""
        aliases = place_aliases()
        key = normalise_name(word)
        if key in aliases.admin1_demonyms:
            return self.admin1(*aliases.admin1_demonyms[key])
        if key in aliases.demonyms:
            return self.country(aliases.demonyms[key])
        if key in aliases.continent_demonyms:
            return self.continent(aliases.continent_demonyms[key])
        return None

    def names(self, geonameid: int) -> list[str]:
        """The stored spellings of a place, preferred first."""
        rows = self._conn.execute(
            "SELECT DISTINCT name, is_preferred FROM names WHERE geonameid = ? "
            "ORDER BY is_preferred DESC, name",
            (geonameid,),
        )
        return list(dict.fromkeys(name for name, _ in rows))

    def _admin(self, code: str, country_code: str, a1: str | None, a2: str | None) -> Place | None:
        sql = f"SELECT {_PLACE_COLUMNS} FROM places WHERE feature_code = ? AND country_code = ?"
        params: list[object] = [code, country_code.upper()]
        if a1 is not None:
            sql += " AND admin1_code = ?"
            params.append(a1)
        if a2 is not None:
            sql += " AND admin2_code = ?"
            params.append(a2)
        row = self._conn.execute(sql + " LIMIT 1", params).fetchone()
        return None if row is None else _place(row)

    def country(self, code: str) -> Place | None:
        """The country (PCLI) with this ISO 3166 alpha-2 code."""
        return self._admin("PCLI", code, None, None)

    def admin1(self, country_code: str, admin1_code: str) -> Place | None:
        return self._admin("ADM1", country_code, admin1_code, None)

    def seat(self, area: Place) -> Place | None:
        """The chief town of a first-level area (its PPLA; the country's capital for a
        country), the most populous if several: "the capital of Paktika province"."""
        code, params = (
            ("PPLC", (area.country_code,))
            if area.feature_code.startswith("PCL")
            else ("PPLA", (area.country_code, area.admin1_code))
        )
        where = "country_code = ?" + ("" if code == "PPLC" else " AND admin1_code = ?")
        row = self._conn.execute(
            f"SELECT {_PLACE_COLUMNS} FROM places WHERE feature_code = ? AND {where} "
            "ORDER BY population DESC LIMIT 1",
            (code, *params),
        ).fetchone()
        return None if row is None else _place(row)

    def admin2(self, country_code: str, admin1_code: str, admin2_code: str) -> Place | None:
        return self._admin("ADM2", country_code, admin1_code, admin2_code)

    def parents(self, place: Place) -> list[Place]:
        """The admin2, admin1 and country containing a place, nearest first (known ones only)."""
        found: list[Place | None] = []
        code = place.feature_code
        if place.admin1_code and place.admin2_code and code not in ("ADM2", "ADM1", "PCLI"):
            found.append(self.admin2(place.country_code, place.admin1_code, place.admin2_code))
        if place.admin1_code and code not in ("ADM1", "PCLI"):
            found.append(self.admin1(place.country_code, place.admin1_code))
        if code != "PCLI":
            found.append(self.country(place.country_code))
        return [p for p in found if p is not None and p.geonameid != place.geonameid]

    def iter_names(
        self,
        *,
        min_population: int = 0,
        feature_codes: tuple[str, ...] | None = None,
        preferred_only: bool = False,
    ) -> Iterator[tuple[str, int]]:
        """Every (normalised key, geonameid) of exact spellings, for building a
        multi-pattern matcher: of places with ``min_population`` people, admin areas,
        countries, regions, waters and sites always included; or, with ``feature_codes``, of the places
        of those codes ("ADM1", "PPLC") with ``min_population`` people. ``preferred_only``:
        main names alone (not "Human", a variant of Uman)."""
        sql = (
            "SELECT n.key, n.geonameid FROM names n JOIN places p ON p.geonameid = n.geonameid "
            "WHERE substr(n.key, 1, 1) != ? AND "
        )
        if preferred_only:
            sql += "n.is_preferred = 1 AND "
        if feature_codes is not None:
            marks = ",".join("?" * len(feature_codes))
            rows = self._conn.execute(
                sql + f"p.feature_code IN ({marks}) AND p.population >= ?",
                (LOOSE_PREFIX, *feature_codes, min_population),
            )
        else:
            rows = self._conn.execute(
                sql + "(p.population >= ? OR p.feature_class != 'P')",
                (LOOSE_PREFIX, min_population),
            )
        for key, gid in rows:
            yield str(key), int(gid)

    def stats(self) -> dict[str, int]:
        """Counts: places by feature code group, names, distinct keys, file size."""
        out: dict[str, int] = {}
        for code, count in self._conn.execute(
            "SELECT feature_code, count(*) FROM places GROUP BY feature_code"
        ):
            out[f"places_{code}"] = int(count)
        out["places"] = sum(v for k, v in out.items() if k.startswith("places_"))
        out["names"] = int(self._conn.execute("SELECT count(*) FROM names").fetchone()[0])
        out["bytes"] = self.path.stat().st_size if self.path.exists() else 0
        return out
