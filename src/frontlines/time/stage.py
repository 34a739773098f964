"""The time stage: pure over one article's analysis record.

Reads: the article (text, URL, publication date) and its parse. Writes: the record's time
mentions, and for an article with no date of its own, an inferred publication interval
with its evidence (never a guessed single day).
"""

from __future__ import annotations

from frontlines.analysis import Analysis
from frontlines.models import DateSource, Rejection
from frontlines.time import extract_times, infer_publication
from frontlines.time.publication import date_from_url


class TimeStage:
    name = "time"
    reads = ("article", "doc")
    writes = ("published", "times")

    def __call__(self, record: Analysis) -> Rejection | None:
        article, doc = record.article, record.doc
        published = article.published
        if published.source is DateSource.UNKNOWN:
            inferred = date_from_url(article.url)  # "/2015/05/17/": the site's own date
            if not inferred.is_known:
                unanchored = extract_times(article.text, published=None, doc=doc)
                inferred = infer_publication(article.text, unanchored)
            if inferred.is_known:
                record.published = inferred
                published = inferred
        record.times = extract_times(article.text, published=published, doc=doc)
        return None
