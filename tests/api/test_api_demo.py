"""The read endpoints over the demo corpus: shapes, filters, control on a date, evidence offsets."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from frontlines.api.schemas import (
    ArticleList,
    ArticleOut,
    ControlMapOut,
    ControlOut,
    ErrorOut,
    EventOut,
    EventPage,
    PlaceList,
    RejectionList,
    StoryList,
    TimelineOut,
)

pytestmark = pytest.mark.slow  # ingesting the demo loads the spaCy model

KHAN_SHEIKHOUN = 168325
STATE = "side:state:SY"
NONSTATE = "side:nonstate:SY"


def _page(client: TestClient, **params: object) -> EventPage:
    r = client.get("/api/events", params=params)
    assert r.status_code == 200, r.text
    return EventPage.model_validate(r.json())


def test_events_page_and_total(client: TestClient) -> None:
    everything = _page(client, limit=1000)
    assert everything.total == len(everything.items) > 20
    first = _page(client, limit=5)
    second = _page(client, limit=5, offset=5)
    assert first.total == second.total == everything.total
    assert [e.id for e in first.items + second.items] == [e.id for e in everything.items[:10]]
    dated = [e.date_start for e in everything.items if e.date_start]
    assert dated == sorted(dated)


def test_events_filters(client: TestClient) -> None:
    at_place = _page(client, place="Khan Sheikhun", limit=1000)
    assert at_place.total >= 3
    assert {e.place.geonameid for e in at_place.items if e.place} == {KHAN_SHEIKHOUN}
    by_id = _page(client, geonameid=KHAN_SHEIKHOUN, limit=1000)
    assert [e.id for e in by_id.items] == [e.id for e in at_place.items]

    idlib = _page(client, admin="SY.12", limit=1000)  # Idlib governorate
    assert KHAN_SHEIKHOUN in {e.place.geonameid for e in idlib.items if e.place}
    assert all(
        e.place and (e.place.country_code, e.place.admin1_code) == ("SY", "12") for e in idlib.items
    )

    syria = _page(client, country="sy", limit=1000)
    assert syria.total >= idlib.total
    assert all(e.place and e.place.country_code == "SY" for e in syria.items)

    box = _page(client, bbox="36.5,35.3,36.8,35.6", limit=1000)
    assert box.total >= 1
    assert all(e.place and 36.5 <= (e.place.lon or 0) <= 36.8 for e in box.items)

    battles = _page(client, type="battles", limit=1000)
    assert battles.total >= 1 and all(e.event_type == "Battles" for e in battles.items)

    window = _page(client, since="2024-11-01", until="2024-12-31", limit=1000)
    assert window.total >= 1
    assert all(e.date_end is None or e.date_end.isoformat() >= "2024-11-01" for e in window.items)
    assert all(
        e.date_start is None or e.date_start.isoformat() <= "2024-12-31" for e in window.items
    )

    by_side = _page(client, actor=NONSTATE, geonameid=KHAN_SHEIKHOUN, limit=1000)
    assert by_side.total >= 1


def test_one_event_with_its_reports(client: TestClient) -> None:
    page = _page(
        client, place="Khan Sheikhun", type="Non-state actor overtakes territory", limit=1000
    )
    assert page.items, "the demo's 2024 recapture of Khan Sheikhoun is an event"
    wanted = page.items[-1]
    r = client.get(f"/api/events/{wanted.id}")
    assert r.status_code == 200
    event = EventOut.model_validate(r.json())
    assert event == wanted and event.reports
    assert client.get(f"/api/events/{wanted.id[:10]}").json()["id"] == wanted.id  # a unique prefix
    for report in event.reports:  # evidence offsets point into the stored article text
        article = ArticleOut.model_validate(client.get(f"/api/articles/{report.article_id}").json())
        assert article.text[report.start : report.end] == report.sentence


def test_places_search_any_spelling(client: TestClient) -> None:
    for spelling in ("Khan Sheikhoun", "Khan Sheikhun", "khan shaykhun"):
        r = client.get("/api/places", params={"q": spelling})
        assert r.status_code == 200
        found = PlaceList.model_validate(r.json()).items
        assert found and found[0].geonameid == KHAN_SHEIKHOUN, spelling
        assert found[0].has_control and found[0].events >= 3
    everything = PlaceList.model_validate(client.get("/api/places").json()).items
    assert KHAN_SHEIKHOUN in {p.geonameid for p in everything}


def test_control_timeline_and_on_a_date(client: TestClient) -> None:
    r = client.get(f"/api/places/{KHAN_SHEIKHOUN}/control")
    assert r.status_code == 200
    answer = ControlOut.model_validate(r.json())
    assert [p.controller.id for p in answer.periods] == [NONSTATE, STATE, NONSTATE]
    assert answer.periods[1].start and str(answer.periods[1].start.earliest) == "2019-08-21"
    assert answer.periods[1].end and str(answer.periods[1].end.earliest) == "2024-11-30"
    assert all(p.evidence for p in answer.periods[1:])

    on_2020 = ControlOut.model_validate(
        client.get(f"/api/places/{KHAN_SHEIKHOUN}/control", params={"on": "2020-01-01"}).json()
    )
    assert [p.controller.id for p in on_2020.periods] == [STATE]
    on_2024 = ControlOut.model_validate(
        client.get(f"/api/places/{KHAN_SHEIKHOUN}/control", params={"on": "2024-12-01"}).json()
    )
    assert [p.controller.id for p in on_2024.periods] == [NONSTATE]

    mapped = ControlMapOut.model_validate(
        client.get("/api/control", params={"on": "2020-01-01"}).json()
    )
    ks = [row for row in mapped.places if row.place.geonameid == KHAN_SHEIKHOUN]
    assert len(ks) == 1 and ks[0].period and ks[0].period.controller.id == STATE


def test_timeline(client: TestClient) -> None:
    r = client.get(f"/api/places/{KHAN_SHEIKHOUN}/timeline")
    assert r.status_code == 200
    timeline = TimelineOut.model_validate(r.json())
    assert timeline.place.geonameid == KHAN_SHEIKHOUN and len(timeline.events) >= 3


def test_articles_stories_rejections(client: TestClient) -> None:
    articles = ArticleList.model_validate(
        client.get("/api/articles", params={"limit": 1000}).json()
    )
    assert articles.total == len(articles.items) > 40
    one = ArticleOut.model_validate(client.get(f"/api/articles/{articles.items[0].id}").json())
    assert one.id == articles.items[0].id and one.text
    stories = StoryList.model_validate(client.get("/api/stories").json()).items
    assert len(stories) <= articles.total
    assert any(len(s.article_ids) > 1 for s in stories), "the demo has syndicated copies"
    story = next(s for s in stories if len(s.article_ids) > 1)
    of_story = ArticleList.model_validate(
        client.get("/api/articles", params={"story": story.id}).json()
    )
    assert sorted(a.id for a in of_story.items) == sorted(story.article_ids)
    rejections = RejectionList.model_validate(client.get("/api/rejections").json()).items
    assert {"empty", "binary"} <= {r.reason_name for r in rejections}
    only = RejectionList.model_validate(
        client.get("/api/rejections", params={"reason": "R001"}).json()
    ).items
    assert only and {r.code for r in only} == {"R001"}


@pytest.mark.parametrize(
    "url",
    [
        "/api/events?place=Nowhereville%20Qwxz",
        "/api/events/ev_does_not_exist",
        "/api/articles/ffffffffffffffff",
        "/api/places/999999999/control",
        "/api/places/999999999/timeline",
    ],
)
def test_unknown_ids_are_404_json(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404, r.text
    assert ErrorOut.model_validate(r.json()).error.code == "not_found"
