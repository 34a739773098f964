"""Actors: the registry of who fights in which war, and finding them in text.

``load_registry`` reads the packaged registry (``data/actors``) and a user's
extra file; ``find_actors`` turns an article into :class:`ActorMention` records.
"""

from frontlines.actors.recognise import find_actors
from frontlines.actors.registry import (
    Actor,
    Alias,
    Registry,
    SideMembership,
    load_registry,
    registry_for,
)

__all__ = [
    "Actor",
    "Alias",
    "Registry",
    "SideMembership",
    "find_actors",
    "load_registry",
    "registry_for",
]
