"""Every endpoint in /openapi.json answers with the shape it documents; bad input never gives a 500.

The walk reads the OpenAPI document, fills each GET endpoint's path and query
parameters with valid values taken from the demo database, and validates the
answer with the pydantic model the document names for status 200. Then it
sends each typed parameter a value of the wrong form and wants a 4xx in the
documented error shape.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from frontlines.api import schemas
from frontlines.api.schemas import ErrorOut

pytestmark = pytest.mark.slow  # ingesting the demo loads the spaCy model

KHAN_SHEIKHOUN = 168325


def _model_of(schema: dict[str, Any]) -> type[BaseModel]:
    ref = schema["$ref"]
    model = getattr(schemas, ref.rsplit("/", 1)[-1])
    assert issubclass(model, BaseModel)
    return model


def _valid_values(client: TestClient) -> dict[str, str]:
    """A valid value for every parameter name the API uses."""
    events = client.get("/api/events", params={"place": "Khan Sheikhun"}).json()["items"]
    article = client.get("/api/articles", params={"limit": 1}).json()["items"][0]
    story = client.get("/api/stories").json()["items"][0]
    return {
        "event_id": events[0]["id"],
        "article_id": article["id"],
        "geonameid": str(KHAN_SHEIKHOUN),
        "place": "Khan Sheikhun",
        "admin": "SY.12",
        "country": "SY",
        "type": "Battles",
        "actor": "side:nonstate:SY",
        "since": "2015-01-01",
        "until": "2025-12-31",
        "on": "2020-01-01",
        "bbox": "35,32,43,38",
        "limit": "50",
        "offset": "0",
        "q": "Khan",
        "story": story["id"],
        "reason": "empty",
        "stage": "ingest",
    }


def _get_operations(openapi: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(path, item["get"]) for path, item in sorted(openapi["paths"].items()) if "get" in item]


def _url(
    path: str, op: dict[str, Any], values: dict[str, str], *, optional: bool
) -> tuple[str, dict[str, str]]:
    query: dict[str, str] = {}
    for param in op.get("parameters", []):
        name = param["name"]
        if param["in"] == "path":
            path = path.replace("{" + name + "}", values[name])
        elif param["in"] == "query" and (param.get("required") or optional):
            query[name] = values[name]
    return path, query


def test_the_document_lists_every_endpoint(client: TestClient) -> None:
    openapi = client.get("/openapi.json").json()
    assert {
        "/api/events",
        "/api/events/{event_id}",
        "/api/places",
        "/api/places/{geonameid}/control",
        "/api/places/{geonameid}/timeline",
        "/api/control",
        "/api/stories",
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/rejections",
        "/api/ingest",
    } <= set(openapi["paths"])
    assert "HTTPBearer" in openapi["components"]["securitySchemes"]


def test_every_get_endpoint_answers_with_its_documented_shape(client: TestClient) -> None:
    openapi = client.get("/openapi.json").json()
    values = _valid_values(client)
    checked = 0
    for path, op in _get_operations(openapi):
        model = _model_of(op["responses"]["200"]["content"]["application/json"]["schema"])
        for optional in (False, True):  # required parameters only, then every one of them
            url, query = _url(path, op, values, optional=optional)
            r = client.get(url, params=query)
            assert r.status_code == 200, (url, query, r.text)
            model.model_validate(r.json())
            checked += 1
        for status, response in op["responses"].items():
            if status.startswith("4"):
                assert _model_of(response["content"]["application/json"]["schema"]) is ErrorOut
    assert checked >= 2 * 10


_WRONG = {"integer": "twelve", "date": "2020-02-30"}


def test_wrongly_formed_parameters_give_4xx_json(client: TestClient) -> None:
    openapi = client.get("/openapi.json").json()
    values = _valid_values(client)
    tried = 0
    for path, op in _get_operations(openapi):
        for param in op.get("parameters", []):
            schema = param.get("schema", {})
            options = schema.get("anyOf", [schema])
            kinds = {o.get("format") or o.get("type") for o in options}
            wrong = next((_WRONG[k] for k in kinds if k in _WRONG), None)
            if wrong is None:
                continue
            url, query = _url(path, op, values, optional=False)
            if param["in"] == "path":
                url = path.replace("{" + param["name"] + "}", wrong)
            else:
                query[param["name"]] = wrong
            r = client.get(url, params=query)
            assert 400 <= r.status_code < 500, (url, query, r.status_code, r.text)
            assert ErrorOut.model_validate(r.json()).error.message
            tried += 1
    assert tried >= 8


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/events", {"since": "yesterday"}),
        ("/api/events", {"until": "2024-13-01"}),
        ("/api/events", {"since": "2025-01-01", "until": "2024-01-01"}),
        ("/api/events", {"bbox": "1,2,3"}),
        ("/api/events", {"bbox": "a,b,c,d"}),
        ("/api/events", {"bbox": "40,30,35,36"}),
        ("/api/events", {"bbox": "0,0,200,10"}),
        ("/api/events", {"admin": "Idlib"}),
        ("/api/events", {"country": "Syria"}),
        ("/api/events", {"limit": "0"}),
        ("/api/events", {"limit": "100000"}),
        ("/api/events", {"offset": "-1"}),
        ("/api/events", {"geonameid": "0"}),
        ("/api/places/-5/control", {}),
        ("/api/places/abc/timeline", {}),
        (f"/api/places/{KHAN_SHEIKHOUN}/control", {"on": "2020/01/01"}),
        ("/api/control", {}),
        ("/api/control", {"on": ""}),
        ("/api/articles", {"since": "2020-01"}),
        ("/api/places", {"q": "x" * 500}),
    ],
)
def test_bad_parameters(client: TestClient, url: str, params: dict[str, str]) -> None:
    r = client.get(url, params=params)
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"].startswith("application/json")
    assert ErrorOut.model_validate(r.json()).error.code in {"bad_parameter", "not_found"}


_text = st.text(min_size=0, max_size=30)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.fixed_dictionaries(
        {},
        optional={
            "place": _text,
            "admin": _text,
            "country": _text,
            "type": _text,
            "actor": _text,
            "since": st.one_of(_text, st.dates().map(dt.date.isoformat)),
            "until": st.one_of(_text, st.dates().map(dt.date.isoformat)),
            "bbox": st.one_of(
                _text,
                st.lists(st.floats(allow_nan=True), min_size=4, max_size=4).map(
                    lambda xs: ",".join(map(str, xs))
                ),
            ),
            "limit": st.one_of(_text, st.integers().map(str)),
            "offset": st.one_of(_text, st.integers().map(str)),
        },
    )
)
def test_events_never_answer_500(client: TestClient, params: dict[str, str]) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code < 500, (params, r.text)
    if r.status_code >= 400:
        ErrorOut.model_validate(r.json())
    else:
        schemas.EventPage.model_validate(r.json())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(segment=st.text(min_size=1, max_size=40).filter(lambda s: s not in {".", ".."}))
def test_ids_never_answer_500(client: TestClient, segment: str) -> None:
    from urllib.parse import quote

    for url in (
        f"/api/events/{quote(segment, safe='')}",
        f"/api/articles/{quote(segment, safe='')}",
        f"/api/places/{quote(segment, safe='')}/control",
    ):
        r = client.get(url)
        assert r.status_code < 500, (url, r.text)
        assert "error" in r.json() or r.status_code == 200
