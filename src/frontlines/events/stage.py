"""The places and events stages as the pipeline runs them: one stored article at a time.

``places`` reads: article text. Writes: the article's resolved place mentions.
``events`` reads: article text, publication date, its time and place mentions
(the time and places stages run first). Writes: the article's event mentions.
"""

from __future__ import annotations

from frontlines import nlp
from frontlines.events.extract import extract_events, place_ref
from frontlines.models import Article, Rejection
from frontlines.store import Store


class PlacesStage:
    name = "places"

    def __call__(self, article: Article, store: Store) -> Rejection | None:
        from frontlines.geo import geoparse

        doc = nlp.parse(article.text)
        mentions = geoparse(article.text, doc=doc)
        store.replace_place_mentions(article.id, [place_ref(m) for m in mentions])
        return None


class EventsStage:
    name = "events"

    def __call__(self, article: Article, store: Store) -> Rejection | None:
        doc = nlp.parse(article.text)
        mentions = extract_events(
            article.text,
            published=article.published if article.published.start else None,
            article_id=article.id,
            doc=doc,
            places=store.place_mentions(article.id),
            times=store.time_mentions(article.id),
        )
        store.replace_event_mentions(article.id, mentions)
        return None
