"""The time stage as the pipeline runs it: one stored article at a time.

Reads: article text and publication date. Writes: the article's time
mentions, and for an article with no date of its own, an inferred
publication interval with its evidence (never a guessed single day).
"""

from __future__ import annotations

from frontlines import nlp
from frontlines.models import Article, DateSource, Rejection, TimeMention
from frontlines.recent import Recent
from frontlines.store import Store
from frontlines.time import extract_times, infer_publication
from frontlines.time.publication import date_from_url

# article id -> mentions, for the stages after this one
_RECENT: Recent[str, list[TimeMention]] = Recent()


def recent_mentions(article_id: str) -> list[TimeMention] | None:
    """The time mentions this stage just stored for an article (None if not in memory)."""
    return _RECENT.get(article_id)


class TimeStage:
    name = "time"

    def __call__(self, article: Article, store: Store) -> Rejection | None:
        doc = nlp.parse(article.text)  # one parse for both passes
        published = article.published
        if published.source is DateSource.UNKNOWN:
            inferred = date_from_url(article.url)  # "/2015/05/17/": the site's own date
            if not inferred.is_known:
                unanchored = extract_times(article.text, published=None, doc=doc)
                inferred = infer_publication(article.text, unanchored)
            if inferred.is_known:
                store.set_published(article.id, inferred)
                published = inferred
        mentions = extract_times(article.text, published=published, doc=doc)
        store.replace_time_mentions(article.id, mentions)
        _RECENT.put(article.id, mentions)
        return None
