"""The geoparser: recognise toponyms in an article and resolve them.

``geoparse(text)`` finds and places every mention; ``geocode_spans(text,
spans)`` places given spans with the whole article as context.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from frontlines.geo.gazetteer import Gazetteer, default_gazetteer_path
from frontlines.geo.names import normalise_name
from frontlines.geo.recognise import (
    Toponym,
    admin_word_after,
    link_containers,
    place_cues,
    recognise,
)
from frontlines.geo.resolve import PlaceMention, mention_of, resolve

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DEFAULT: dict[Path, Gazetteer] = {}


def default_gazetteer() -> Gazetteer:
    """The default gazetteer (``$FRONTLINES_GAZETTEER`` or the user's data dir), opened once per
    path and built on first use: what every stage and query that needs places reads."""
    return _gazetteer(None)


def _gazetteer(gazetteer: Gazetteer | None) -> Gazetteer:
    """The given gazetteer, or the default one, opened once per path (the path may change)."""
    if gazetteer is not None:
        return gazetteer
    path = default_gazetteer_path()
    if path not in _DEFAULT:
        _DEFAULT[path] = Gazetteer.open(path)
    return _DEFAULT[path]


def geoparse(
    text: str,
    *,
    gazetteer: Gazetteer | None = None,
    doc: Doc | None = None,
    use_model: bool = True,
    demonyms: bool = False,
) -> list[PlaceMention]:
    """Every place mention in ``text``, resolved; offsets index ``text`` exactly.

    ``doc``: a spaCy parse of ``text`` to reuse; otherwise the shared model
    parses it when ``use_model``, and recognition uses the gazetteer and cues alone when not.
    ``demonyms``: also return each demonym ("Russian") as a mention of its country, as the
    LGL and GeoWebNews benchmarks annotate them (by default they are context only).
    """
    gaz = _gazetteer(gazetteer)
    if doc is None and use_model:
        from frontlines.nlp import parse

        doc = parse(text)
    found = recognise(text, gaz, doc=doc)
    resolved = resolve(found.toponyms, gaz, context_countries=found.demonym_countries, text=text)
    never = not_places()
    out = [m for m in resolved if m is not None and normalise_name(m.text) not in never]
    if demonyms:
        for start, end, cc in found.demonym_spans:
            if (country := gaz.country(cc)) is not None:
                out.append(mention_of(Toponym(start, end, text[start:end]), country, 0.5))
        out.sort(key=lambda m: m.start)
    return out


@cache
def not_places() -> frozenset[str]:
    """Names never returned as places, normalised: the registry's named groups ("Daesh",
    "Hezbollah"), whatever the model says, and seats of government that speak for one
    ("the White House said"), whatever town shares the name."""
    from frontlines.actors import load_registry

    groups = {
        normalise_name(alias.text)
        for actor in load_registry().actors.values()
        for alias in actor.aliases
    }
    return frozenset(groups) | place_cues().government_seats


def geocode_spans(
    text: str, spans: list[tuple[int, int]], *, gazetteer: Gazetteer | None = None
) -> list[PlaceMention | None]:
    """Resolve the given ``(start, end)`` spans, one answer each (None: no candidate),
    using the places recognised in the rest of ``text`` (no model) as context."""
    gaz = _gazetteer(gazetteer)
    found = recognise(text, gaz)
    given = [Toponym(s, e, text[s:e], source="given") for s, e in spans]
    for top in given:
        top.admin_hint = admin_word_after(text, top.end)
    inside = {(t.start, t.end) for t in given}
    context = [
        t
        for t in found.toponyms
        if (t.start, t.end) not in inside and not any(s < t.end and t.start < e for s, e in spans)
    ]
    ordered = sorted(given + context, key=lambda t: t.start)
    link_containers(text, ordered)
    resolved = resolve(given + context, gaz, context_countries=found.demonym_countries, text=text)
    return resolved[: len(given)]
