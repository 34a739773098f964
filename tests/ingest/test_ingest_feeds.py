"""RSS/Atom reader: one document per entry; a truncated feed keeps what it could read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from frontlines import errors
from frontlines.ingest import read_source
from frontlines.models import DateSource, RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Frontier Wire</title><link>https://frontier.example</link>
<item><title>Convoy hit near the pass</title><link>https://frontier.example/1</link>
<pubDate>Sat, 30 Nov 2024 15:54:00 GMT</pubDate>
<description>&lt;p&gt;A supply convoy was struck by a drone near the mountain pass.&lt;/p&gt;
&lt;p&gt;Two drivers were wounded.&lt;/p&gt;</description></item>
<item><title>Ceasefire talks resume</title><link>https://frontier.example/2</link>
<pubDate>Sun, 01 Dec 2024 10:00:00 GMT</pubDate>
<description>Delegations met again in the capital on Sunday.</description></item>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>
<entry><title>Bridge destroyed</title><link href="https://atom.example/bridge"/>
<updated>2024-11-29T12:00:00Z</updated>
<content type="html">&lt;div&gt;&lt;p&gt;Retreating forces blew up the river bridge.&lt;/p&gt;&lt;/div&gt;</content>
</entry></feed>
"""


def test_rss_entries(tmp_path: Path) -> None:
    path = tmp_path / "wire.rss"
    path.write_text(RSS + "</channel></rss>\n", encoding="utf-8")
    records = list(read_source(str(path), settings=SETTINGS))
    assert all(isinstance(r, RawDocument) for r in records), records
    first, second = records
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.source == f"{path}#entry=1"
    assert first.format == "rss"
    assert first.title == "Convoy hit near the pass"
    assert first.url == "https://frontier.example/1"
    assert first.outlet == "Frontier Wire"
    assert first.text == (
        "A supply convoy was struck by a drone near the mountain pass.\nTwo drivers were wounded."
    )
    assert first.published.start == dt.date(2024, 11, 30)
    assert first.published.source == DateSource.METADATA
    assert first.raw_html and "<p>" in first.raw_html
    assert second.text == "Delegations met again in the capital on Sunday."
    assert second.source.endswith("#entry=2")


def test_atom_entry_uses_updated(tmp_path: Path) -> None:
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, encoding="utf-8")
    (document,) = read_source(str(path), settings=SETTINGS)
    assert isinstance(document, RawDocument)
    assert document.text == "Retreating forces blew up the river bridge."
    assert document.outlet == "Atom Desk"
    assert document.published.start == dt.date(2024, 11, 29)
    assert document.published.confidence < 1.0


def test_truncated_feed_keeps_entries_and_adds_one_rejection(tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_text(RSS + "<item><title>Third</title><descrip", encoding="utf-8")
    records = list(read_source(str(path), settings=SETTINGS))
    documents = [r for r in records if isinstance(r, RawDocument)]
    feed_problems = [
        r
        for r in records
        if isinstance(r, Rejection) and r.code == errors.reason("malformed_feed").code
    ]
    assert [d.title for d in documents] == ["Convoy hit near the pass", "Ceasefire talks resume"]
    assert len(feed_problems) == 1
    assert feed_problems[0].source == str(path)
    assert feed_problems[0].detail
    assert feed_problems[0].sha256


def test_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<rss><channel><title>x</", encoding="utf-8")
    (rejection,) = read_source(str(path), settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("malformed_feed").code


def test_empty_feed(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Q</title></channel></rss>'
    )
    (rejection,) = read_source(str(path), settings=SETTINGS)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("empty").code
