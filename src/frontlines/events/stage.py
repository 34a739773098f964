"""The places and events stages as the pipeline runs them: one stored article at a time.

``places`` reads: article text. Writes: the article's resolved place mentions.
``events`` reads: article text, publication date, its time and place mentions
(the time and places stages run first). Writes: the article's event mentions.
"""

from __future__ import annotations

from typing import Any

from frontlines import nlp
from frontlines.actors import find_actors
from frontlines.events.context import country_focus, place_ref
from frontlines.events.extract import extract_events, scope_of
from frontlines.events.lexicon import load_event_lexicon
from frontlines.events.model import ActorMention, PlaceRef
from frontlines.models import Article, Rejection
from frontlines.recent import Recent
from frontlines.store import Store
from frontlines.time import publication_day
from frontlines.time.stage import recent_mentions

GUESS_CONFIDENCE = 0.1  # what the geoparser gives a name it could only guess
# article id -> (places, actors, country focus), for the events stage right after
_RECENT: Recent[str, tuple[list[PlaceRef], list[ActorMention], str | None]] = Recent()


class PlacesStage:
    name = "places"

    def __call__(self, article: Article, store: Store) -> Rejection | None:
        from frontlines.geo import geoparse

        doc = nlp.parse(article.text)
        # a name the gazetteer does not know is placed at the article's main place with the
        # lowest confidence: good for a benchmark's recall, wrong on a map of events
        mentions = [m for m in geoparse(article.text, doc=doc) if m.confidence > GUESS_CONFIDENCE]
        country = country_focus(mentions)
        actors = find_actors(
            article.text, doc=doc, country=country, date=publication_day(article.published)
        )
        named = [(a.start, a.end) for a in actors if a.via == "alias"]
        # "Wagner", "Daesh": a group's name is not a place, whatever the gazetteer holds
        mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in named)]
        refs = [place_ref(m) for m in mentions]
        store.replace_place_mentions(article.id, refs)
        _RECENT.put(article.id, (refs, actors, country))
        return None


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

    def __call__(self, article: Article, store: Store) -> Rejection | None:
        doc = nlp.parse(article.text)
        recent = _RECENT.get(article.id)
        if recent:
            places, actors, country = recent
        else:  # not just placed in this process: what the places stage stored
            places, country = store.place_mentions(article.id), None
            actors = find_actors(
                article.text,
                doc=doc,
                country=country_focus(places),
                date=publication_day(article.published),
            )
        scope = scope_of(doc, load_event_lexicon(), actors, places)
        store.set_scope(article.id, scope.level, scope.reason)
        mentions = extract_events(
            article.text,
            published=article.published if article.published.start else None,
            article_id=article.id,
            doc=doc,
            places=places,
            actors=actors,
            country=country,
            times=recent_mentions(article.id) or store.time_mentions(article.id),
            area_of=area_of,
            scope=scope,
        )
        store.replace_event_mentions(article.id, mentions)
        return None
