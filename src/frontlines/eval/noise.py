"""Events per 100 articles of general news: what the pipeline reports where there is no war.

Reads: a corpus of news that is not about political violence (LGL, GeoWebNews: local and
world news annotated for places, in ``../shared/bench/geo/``). Writes nothing: ingests the
articles into a temporary store with the normal pipeline and counts the merged events they
report, per sub-event type, with a seeded random sample of events to check by hand. Every
event found here is a candidate false event (ACLED codes political violence, protest and a
few strategic developments; a local crime or a football match is none of them), so the
hand-check says which share ACLED would code after all.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontlines.eval.geo import corpus_file, parse_xml


@dataclass(frozen=True)
class NewsDoc:
    id: str
    title: str | None
    url: str | None
    published: str | None  # YYYY-MM-DD where the corpus gives a date
    text: str


@dataclass
class NoiseRun:
    corpus: str
    articles: int
    stored: int
    events: int
    by_type: dict[str, int]
    background: int = 0  # of ``events``: history the articles retell (flagged, still stored)
    sample: list[dict[str, Any]] = field(default_factory=list)

    @property
    def per_100(self) -> float | None:
        return 100 * self.events / self.articles if self.articles else None

    def to_json(self) -> dict[str, Any]:
        return {
            "corpus": self.corpus,
            "articles": self.articles,
            "stored": self.stored,
            "events": self.events,
            "events_per_100_articles": self.per_100,
            "background": self.background,
            "by_sub_event_type": dict(sorted(self.by_type.items(), key=lambda kv: -kv[1])),
            "sample": self.sample,
        }


def read_news(name: str, path: Path) -> list[NewsDoc]:
    """The articles of corpus ``name`` (lgl or gwn) with their titles, URLs and dates."""
    root = parse_xml(corpus_file(name, path))
    docs = []
    for n, article in enumerate(root.iter("article")):
        doc_id = article.get("docid") or article.get("file") or str(n)
        url = article.findtext("url") or article.findtext("link")
        when = (article.findtext("dltime") or "").strip()[:10] or None
        docs.append(
            NewsDoc(
                id=doc_id,
                title=(article.findtext("title") or "").strip() or None,
                url=(url or "").strip() or None,
                published=when,
                text=article.findtext("text", ""),
            )
        )
    return docs


def run_noise(
    name: str,
    path: Path,
    *,
    sample: int = 0,
    seed: int = 0,
    limit: int | None = None,
) -> NoiseRun:
    """Ingest corpus ``name`` into a temporary store; count the events its articles report."""
    from frontlines.library import Frontlines

    docs = read_news(name, path)[:limit]
    with tempfile.TemporaryDirectory(prefix="frontlines-noise-") as tmp:
        source = Path(tmp) / f"{name}.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for d in docs:
                record = {"text": d.text, "title": d.title, "url": d.url, "published": d.published}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        with Frontlines(str(Path(tmp) / "noise.db")) as fl:
            fl.ingest([str(source)])
            stored = fl.counts().articles
            events = fl.store.events()
            titles = {a.id: a.title for a in fl.articles()}
    by_type = Counter(e.sub_event_type for e in events)
    picked = random.Random(seed).sample(events, min(sample, len(events))) if sample else []
    rows = []
    for e in picked:
        report = e.reports[0] if e.reports else None
        rows.append(
            {
                "event_id": e.id,
                "sub_event_type": e.sub_event_type,
                "place": e.place.name if e.place else None,
                "title": titles.get(report.article_id) if report else None,
                "sentence": report.sentence if report else None,
                "date": e.date_start.isoformat() if e.date_start else None,
                "modality": report.modality.value if report else None,
                "background": e.background,
            }
        )
    return NoiseRun(
        corpus=name,
        articles=len(docs),
        stored=stored,
        events=len(events),
        by_type=dict(by_type),
        background=sum(1 for e in events if e.background),
        sample=rows,
    )
