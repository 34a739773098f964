"""The events stage: pure over one article's analysis record.

Reads: the article's text and its own publication date, its parse (and, where the triage
chose only some sentences, which ones and its note), and what the time and places stages
wrote (time mentions, places, actors, country focus; without the places stage's actors, it
recognises them itself from the stored places). Writes: the article's scope decision and
its event mentions.
"""

from __future__ import annotations

from typing import Any

from frontlines.analysis import Analysis
from frontlines.events.extract import Scope, extract_events, scope_of
from frontlines.events.lexicon import load_event_lexicon
from frontlines.events.model import PlaceRef
from frontlines.events.triage import WORD
from frontlines.models import Rejection


def area_of(place: PlaceRef | Any) -> PlaceRef | None:
    """The first-level admin area a town names ("southern Idlib"): the area of the town's
    admin codes whose name is the town's, from the default gazetteer."""
    from frontlines.geo.geoparse import default_gazetteer

    if not place.country_code or not place.admin1_code:
        return None
    gazetteer = default_gazetteer()
    area = None
    for word in (place.text, place.name):  # the area of that name in the town's own admin codes
        if not word:
            continue
        for cand in gazetteer.match(word, country=place.country_code, limit=20):
            c = cand.place
            if c.feature_code == "ADM1" and c.admin1_code == place.admin1_code:
                area = c
                break
        if area is not None:
            break
    if area is None:
        return None
    from frontlines.queries import gazetteer_place

    return gazetteer_place(area).model_copy(
        update={"text": place.text, "start": place.start, "end": place.end}
    )


class EventsStage:
    name = "events"
    reads = (
        "article",
        "published",
        "parsed",
        "parse_note",
        "doc",
        "times",
        "places",
        "actors",
        "country",
    )
    writes = ("scope", "events")

    def __call__(self, record: Analysis) -> Rejection | None:
        article, doc = record.article, record.doc
        assert doc is not None, "the events stage reads the parse"
        if record.actors is None:  # the places stage did not run: its stored places only
            from frontlines.geo.stage import actors_of

            actors_of(record)
        places, actors = record.places or [], record.actors or []
        if record.parsed:  # only some sentences were parsed: the article's length is its own
            words = len(WORD.findall(article.text))
            scope = scope_of(doc, load_event_lexicon(), actors, places, words=words)
            if record.parse_note:
                scope = Scope(scope.level, f"{scope.reason}; {record.parse_note}")
        else:
            scope = scope_of(doc, load_event_lexicon(), actors, places)
        record.scope = scope
        record.events = extract_events(
            article.text,
            published=article.published if article.published.start else None,
            article_id=article.id,
            doc=doc,
            places=places,
            actors=actors,
            country=record.country,
            times=record.times or [],
            area_of=area_of,
            scope=scope,
            earliest=record.published.start if record.published is not None else None,
        )
        return None
