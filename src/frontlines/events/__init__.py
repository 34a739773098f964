"""Events: who did what to whom, where, when, with the sentence that says so.

``extract_events(text, published=...)`` reads one article; the pipeline's
``events`` stage stores what it finds; ``frontlines.merge`` joins reports of
one event across articles and keeps the control timeline of every place.
"""

from __future__ import annotations

from frontlines.events.model import (
    ActorKind,
    ActorMention,
    ActorRef,
    ControlPeriod,
    DateBound,
    Event,
    EventMention,
    Modality,
    PlaceRef,
    Quantity,
    Report,
    TerritoryChange,
)

__all__ = [
    "ActorKind",
    "ActorMention",
    "ActorRef",
    "ControlPeriod",
    "DateBound",
    "Event",
    "EventMention",
    "Modality",
    "PlaceRef",
    "Quantity",
    "Report",
    "TerritoryChange",
]
