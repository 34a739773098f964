"""The places stage: pure over one article's analysis record.

Reads: the article's text, its own publication date (actors are recognised as of that day)
and its parse. Writes: the record's resolved place mentions, the actors it names and the
country it is mostly about.
"""

from __future__ import annotations

from frontlines.actors import find_actors
from frontlines.analysis import Analysis
from frontlines.events.context import country_focus, place_ref
from frontlines.models import Rejection
from frontlines.time import publication_day

GUESS_CONFIDENCE = 0.1  # what the geoparser gives a name it could only guess


class PlacesStage:
    name = "places"
    reads = ("article", "doc")
    writes = ("places", "actors", "country")

    def __call__(self, record: Analysis) -> Rejection | None:
        from frontlines.geo import geoparse

        text, doc = record.article.text, record.doc
        # a name the gazetteer does not know is placed at the article's main place with the
        # lowest confidence: good for a benchmark's recall, wrong on a map of events
        mentions = [m for m in geoparse(text, doc=doc) if m.confidence > GUESS_CONFIDENCE]
        country = country_focus(mentions)
        actors = find_actors(
            text, doc=doc, country=country, date=publication_day(record.article.published)
        )
        named = [(a.start, a.end) for a in actors if a.via == "alias"]
        # "Wagner", "Daesh": a group's name is not a place, whatever the gazetteer holds
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in named)]
        record.places = [place_ref(m) for m in mentions]
        record.actors = actors
        record.country = country
        return None


def actors_of(record: Analysis) -> None:
    """Fill a record's actors and country from its stored places, for a run of the events
    stage without the places stage (``frontlines reprocess --stage events``)."""
    places = record.places or []
    record.country = country_focus(places)
    record.actors = find_actors(
        record.article.text,
        doc=record.doc,
        country=record.country,
        date=publication_day(record.article.published),
    )
