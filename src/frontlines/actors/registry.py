"""The actor registry: named actors, their aliases and sides, and the generic classes.

Reads ``data/actors/*.yaml`` (one file per conflict, plus ``generic.yaml``) and,
optionally, a user's file of extra actors. Knows nothing of any one war: every
name, alias, side and demonym is data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from frontlines.errors import BadOption
from frontlines.events.model import ActorKind, ActorRef

GENERIC_FILE = "generic.yaml"
GENERIC_PREFIX = "generic:"


class Alias(BaseModel):
    """One way of naming an actor. ``local``: only in articles about the actor's countries."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    case_sensitive: bool = False
    local: bool = False


def _aliases(value: Any) -> Any:
    """Aliases may be plain strings or mappings; strings become :class:`Alias`."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("must be a list of names or {text: ..., case_sensitive: ...} mappings")
    return [{"text": item} if isinstance(item, str) else item for item in value]


class SideMembership(BaseModel):
    """An actor is on ``side`` from ``since`` (inclusive) until ``until`` (exclusive); None is open."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    side: str
    since: dt.date | None = None
    until: dt.date | None = None

    def covers(self, date: dt.date) -> bool:
        return (self.since is None or self.since <= date) and (
            self.until is None or date < self.until
        )


class Actor(BaseModel):
    """A registry entry. ``country``: the state whose forces, or the conflict's country."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    countries: tuple[str, ...] = ()  # every country it fights in; defaults to (country,)
    aliases: tuple[Alias, ...] = ()
    sides: tuple[SideMembership, ...] = ()
    state_forces_of: str | None = None  # "these are the forces of <country>" while a side holds

    _norm_aliases = field_validator("aliases", mode="before")(_aliases)

    @field_validator("country", "state_forces_of")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if value is not None and pycountry.countries.get(alpha_2=value) is None:
            raise ValueError(f"{value!r} is not an ISO 3166 alpha-2 country code")
        return value

    @field_validator("countries")
    @classmethod
    def _known_countries(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            cls._known_country(code)
        return value

    def active_in(self, country: str) -> bool:
        return country in (self.countries or (self.country,))

    def side_on(self, date: dt.date | None) -> str | None:
        """The side on ``date``; undated, its only side, or else the side it holds now."""
        if date is None:
            if len({m.side for m in self.sides}) == 1:
                return self.sides[0].side
            current = [m for m in self.sides if m.until is None]
            return current[-1].side if current else None
        return next((m.side for m in self.sides if m.covers(date)), None)


class GenericClass(BaseModel):
    """A class of unnamed actors ("regime forces", "rebels") from ``generic.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ActorKind
    name: str
    side: str | None = None
    phrases: tuple[str, ...] = ()
    nouns: tuple[str, ...] = ()  # after a demonym or a country name


class CountryNames(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: tuple[Alias, ...] = ()
    demonyms: tuple[Alias, ...] = ()

    _norm_names = field_validator("names", "demonyms", mode="before")(_aliases)


class GenericData(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    classes: dict[str, GenericClass]
    place_words_before: tuple[str, ...] = ()
    backer_words_after: tuple[str, ...] = ()
    non_actors: tuple[Alias, ...] = ()
    countries: dict[str, CountryNames] = {}

    _norm_non_actors = field_validator("non_actors", mode="before")(_aliases)

    @field_validator("countries")
    @classmethod
    def _known_codes(cls, value: dict[str, CountryNames]) -> dict[str, CountryNames]:
        for code in value:
            Actor._known_country(code)
        return value


class ActorFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actors: list[Actor]


@dataclass
class Registry:
    """Named actors by id, the generic classes, and country names; see :func:`load_registry`."""

    actors: dict[str, Actor]
    generic: GenericData
    sources: tuple[str, ...] = ()
    _matcher: Any = field(default=None, repr=False, compare=False)
    _generics: dict[tuple[str, str | None], Actor] = field(
        default_factory=dict, repr=False, compare=False
    )

    def get(self, actor_id: str) -> Actor | None:
        """The actor with this id; generic ids (``generic:state:SY``) are made on demand."""
        if actor_id.startswith(GENERIC_PREFIX):
            parts = actor_id.split(":")
            if len(parts) in (2, 3) and parts[1] in self.generic.classes:
                country = parts[2] if len(parts) == 3 else None
                if country is None or pycountry.countries.get(alpha_2=country) is not None:
                    return self.generic_actor(parts[1], country)
            return None
        return self.actors.get(actor_id)

    def side_of(self, actor_id: str, date: dt.date | None) -> str | None:
        """The side ``actor_id`` is on at ``date`` (None: unknown actor or no side then)."""
        actor = self.get(actor_id)
        return actor.side_on(date) if actor is not None else None

    def by_country(self, country: str) -> list[Actor]:
        """Named actors fighting in ``country`` (or whose forces they are), in file order."""
        return [a for a in self.actors.values() if a.active_in(country) or a.country == country]

    def state_forces(self, country: str, date: dt.date | None) -> Actor | None:
        """The named actor that is ``country``'s forces on ``date``, when exactly one is."""
        found = [
            a
            for a in self.actors.values()
            if a.state_forces_of == country and (date is None or a.side_on(date) is not None)
        ]
        if date is None:  # undated: only when the state has had a single force
            return found[0] if len(found) == 1 else None
        return found[0] if found else None

    def country_name(self, country: str) -> str:
        """The short name news uses for ``country`` ("Syria", not "Syrian Arab Republic")."""
        entry = self.generic.countries.get(country)
        if entry and entry.names:
            return entry.names[0].text
        record = pycountry.countries.get(alpha_2=country)
        if record is None:
            return country
        return str(getattr(record, "common_name", None) or record.name)

    def generic_actor(self, cls: str, country: str | None) -> Actor:
        """The generic actor of class ``cls`` ("state", "rebel", …) for ``country``."""
        cached = self._generics.get((cls, country))
        if cached is not None:
            return cached
        spec = self.generic.classes[cls]
        if country is None:
            name = spec.name.replace(" ({country})", "").replace(" of {country}", "")
            actor_id = f"{GENERIC_PREFIX}{cls}"
        else:
            name = spec.name.format(country=self.country_name(country))
            actor_id = f"{GENERIC_PREFIX}{cls}:{country}"
        sides = (SideMembership(side=spec.side),) if spec.side else ()
        actor = Actor(
            id=actor_id,
            name=name,
            kind=spec.kind,
            country=country,
            countries=(country,) if country else (),
            sides=sides,
        )
        self._generics[(cls, country)] = actor
        return actor

    def ref(
        self, actor: Actor, *, country: str | None = None, date: dt.date | None = None
    ) -> ActorRef:
        """``actor`` as an event carries it, seen from an article about ``country`` on ``date``.

        State forces of another state than ``country`` are external forces; a
        non-state actor's country is the article's when it fights there.
        """
        kind = actor.kind
        code = actor.country
        side = actor.side_on(date)
        if kind.is_state:
            if country is not None and actor.country is not None:
                kind = (
                    ActorKind.STATE_FORCES
                    if actor.country == country and kind is ActorKind.STATE_FORCES
                    else ActorKind.EXTERNAL_FORCES
                )
            if kind is ActorKind.EXTERNAL_FORCES and actor.id.startswith(GENERIC_PREFIX):
                side = f"external:{actor.country}"
        elif country is not None and actor.active_in(country):
            code = country
        return ActorRef(id=actor.id, name=actor.name, kind=kind, country_code=code, side=side)


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise BadOption(detail=f"actor file {source} is not valid YAML: {detail}") from None


def _validation_message(exc: ValidationError, data: Any) -> str:
    """The first problem as one line, naming the actor by id when it has one."""
    err = exc.errors()[0]
    loc = list(err["loc"])
    where = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int):
        with contextlib.suppress(KeyError, IndexError, TypeError, AttributeError):
            where = f"actor {data['actors'][loc[1]].get('id', loc[1])!r}: " + ".".join(
                str(p) for p in loc[2:]
            )
    return f"{where}: {err['msg']}"


def read_actor_file(text: str, source: str) -> list[Actor]:
    """The actors in one registry file's text; any problem is one BadOption line."""
    data = _parse_yaml(text, source)
    if not isinstance(data, dict) or "actors" not in data:
        raise BadOption(detail=f"actor file {source} must be a mapping with a list under 'actors'")
    try:
        return ActorFile.model_validate(data).actors
    except ValidationError as exc:
        raise BadOption(detail=f"actor file {source}: {_validation_message(exc, data)}") from None


def _read_generic(text: str) -> GenericData:
    data = _parse_yaml(text, GENERIC_FILE)
    try:
        return GenericData.model_validate(data)
    except ValidationError as exc:
        raise BadOption(
            detail=f"actor file {GENERIC_FILE}: {_validation_message(exc, data)}"
        ) from None


def _add(actors: dict[str, Actor], new: list[Actor], source: str, *, replace: bool) -> None:
    for actor in new:
        if actor.id in actors and not replace:
            raise BadOption(detail=f"actor file {source}: the id {actor.id!r} is used twice")
        if actor.id.startswith(GENERIC_PREFIX):
            raise BadOption(
                detail=f"actor file {source}: ids starting {GENERIC_PREFIX!r} are reserved"
            )
        actors[actor.id] = actor


@lru_cache(maxsize=1)
def _packaged() -> Registry:
    folder = resources.files("frontlines").joinpath("data", "actors")
    generic = _read_generic(folder.joinpath(GENERIC_FILE).read_text("utf-8"))
    actors: dict[str, Actor] = {}
    names = sorted(
        p.name for p in folder.iterdir() if p.name.endswith(".yaml") and p.name != GENERIC_FILE
    )
    for name in names:
        _add(
            actors,
            read_actor_file(folder.joinpath(name).read_text("utf-8"), name),
            name,
            replace=False,
        )
    return Registry(actors=actors, generic=generic, sources=tuple(names))


@lru_cache(maxsize=8)
def _with_extra(path: Path, mtime_ns: int) -> Registry:
    base = _packaged()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BadOption(detail=f"cannot read actor file {path}: {exc}") from None
    actors = dict(base.actors)
    # A user's actor with a packaged id replaces it: that is how one corrects the registry.
    _add(actors, read_actor_file(text, str(path)), str(path), replace=True)
    return Registry(actors=actors, generic=base.generic, sources=(*base.sources, str(path)))


def load_registry(extra: Path | None = None) -> Registry:
    """The packaged registry, plus the actors in the user's file ``extra`` if given (cached)."""
    if extra is None:
        return _packaged()
    path = Path(extra)
    try:
        mtime = path.stat().st_mtime_ns
    except OSError as exc:
        raise BadOption(detail=f"cannot read actor file {path}: {exc}") from None
    return _with_extra(path.resolve(), mtime)


def registry_for(actors_file: str) -> Registry:
    """The registry a run uses, given the ``actors_file`` setting (empty: packaged only)."""
    return load_registry(Path(actors_file) if actors_file else None)
