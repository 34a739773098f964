"""Ingest over HTTP behind bearer tokens, errors on an empty database, and the page's own assets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontlines.api import create_app
from frontlines.api.app import static_dir
from frontlines.api.schemas import ArticleOut, ErrorOut, EventPage, IngestOut
from tests.api.conftest import TOKEN

ARTICLE = {
    "title": "Shelling reported near the <b>front</b>",
    "outlet": "Test Wire",
    "url": "https://example.org/news/1",
    "published": "2024-12-01",
    "text": (
        "Government forces shelled the outskirts of the town on Saturday, residents said, "
        "while rebel fighters held their positions along the main road. "
        "Witnesses quoted a leaflet reading <script>window.__xss=1</script> and a banner "
        'with <img src=x onerror="window.__xss=2"> scrawled on it, which local officials '
        "described as a prank. Aid groups said dozens of families left the area during the "
        "week and more were expected to follow as the fighting continued into the night."
    ),
}


def _error(r: object, status: int, code: str) -> None:
    assert r.status_code == status, r.text  # type: ignore[attr-defined]
    assert ErrorOut.model_validate(r.json()).error.code == code  # type: ignore[attr-defined]


def test_ingest_needs_a_bearer_token(empty_client: TestClient) -> None:
    body = {"articles": [ARTICLE]}
    r = empty_client.post("/api/ingest", json=body)
    _error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == "Bearer"
    _error(
        empty_client.post("/api/ingest", json=body, headers={"Authorization": f"Basic {TOKEN}"}),
        401,
        "unauthorized",
    )
    _error(
        empty_client.post("/api/ingest", json=body, headers={"Authorization": "Bearer nope"}),
        403,
        "forbidden",
    )
    _error(
        empty_client.post(
            "/api/ingest", json={"articles": []}, headers={"Authorization": f"Bearer {TOKEN}"}
        ),
        422,
        "bad_parameter",
    )
    _error(
        empty_client.post(
            "/api/ingest",
            json={"articles": [{"txt": "x"}]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        ),
        422,
        "bad_parameter",
    )
    assert empty_client.get("/api/articles").json()["total"] == 0


def test_ingest_is_off_without_tokens(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "db.sqlite"))) as c:  # the environment names none
        _error(
            c.post(
                "/api/ingest", json={"articles": [ARTICLE]}, headers={"Authorization": "Bearer x"}
            ),
            403,
            "ingest_disabled",
        )


def test_tokens_from_the_environment_and_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINES_API_TOKENS", " alpha , beta ,")
    tokens_file = tmp_path / "tokens.txt"
    tokens_file.write_text("# one per line\ngamma\n\n", encoding="utf-8")
    monkeypatch.setenv("FRONTLINES_API_TOKENS_FILE", str(tokens_file))
    with TestClient(create_app(str(tmp_path / "db.sqlite"))) as c:
        for token in ("alpha", "beta", "gamma"):
            r = c.post(
                "/api/ingest", json={"articles": [{}]}, headers={"Authorization": f"Bearer {token}"}
            )
            assert r.status_code == 422, (
                token,
                r.text,
            )  # past the token check, stopped by the body
        _error(
            c.post(
                "/api/ingest", json={"articles": [{}]}, headers={"Authorization": "Bearer delta"}
            ),
            403,
            "forbidden",
        )
        _error(
            c.post(
                "/api/ingest",
                json={"articles": [{}]},
                headers={"Authorization": "Bearer # one per line"},
            ),
            403,
            "forbidden",
        )


@pytest.mark.slow  # ingest runs the spaCy pipeline
def test_ingest_stores_markup_as_text(empty_client: TestClient) -> None:
    r = empty_client.post(
        "/api/ingest", json={"articles": [ARTICLE]}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert r.status_code == 200, r.text
    report = IngestOut.model_validate(r.json())
    assert report.ingested == 1 and len(report.article_ids) == 1
    article = ArticleOut.model_validate(
        empty_client.get(f"/api/articles/{report.article_ids[0]}").json()
    )
    assert "<script>window.__xss=1</script>" in article.text
    assert 'onerror="window.__xss=2"' in article.text
    assert article.outlet == "Test Wire" and str(article.published.start) == "2024-12-01"
    again = IngestOut.model_validate(
        empty_client.post(
            "/api/ingest",
            json={"articles": [ARTICLE]},
            headers={"Authorization": f"Bearer {TOKEN}"},
        ).json()
    )
    assert again.ingested == 0 and again.already_known == 1  # idempotent


def test_an_empty_database_answers_empty_pages(empty_client: TestClient) -> None:
    page = EventPage.model_validate(empty_client.get("/api/events").json())
    assert page.total == 0 and page.items == []
    config = empty_client.get("/api/config").json()
    assert config == {
        "tiles_url": None,
        "tiles_attribution": None,
        "dates": {"earliest": None, "latest": None},
    }
    _error(empty_client.get("/api/events/ev_nothing"), 404, "not_found")
    _error(empty_client.get("/api/articles/abc"), 404, "not_found")
    _error(empty_client.get("/api/events", params={"since": "2024-02-30"}), 422, "bad_parameter")
    _error(empty_client.get("/api/events", params={"bbox": "1,2,3"}), 400, "bad_parameter")
    _error(empty_client.get("/api/no/such/thing"), 404, "not_found")
    _error(empty_client.delete("/api/events"), 405, "method_not_allowed")


def test_the_page_and_its_assets_are_served_locally(empty_client: TestClient) -> None:
    page = empty_client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    referenced = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert referenced and all(ref.startswith("/static/") for ref in referenced), referenced
    for ref in referenced:
        assert empty_client.get(ref).status_code == 200, ref
    for name in ("vendor/leaflet/images/marker-icon.png", "vendor/leaflet/LICENSE"):
        assert empty_client.get(f"/static/{name}").status_code == 200
    assert empty_client.get("/openapi.json").json()["info"]["title"] == "frontlines"
    # FastAPI's own /docs page loads scripts from a CDN, so it is not served
    assert empty_client.get("/docs").status_code == 404


def test_no_asset_reaches_outside() -> None:
    """No CDN: our own scripts and styles load nothing from another origin."""
    for name in ("index.html", "app.js", "app.css"):
        text = (static_dir() / name).read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text), name
        assert not re.search(r"url\(\s*[\"']?(?:https?:)?//", text), name
    assert "innerHTML" not in (static_dir() / "app.js").read_text(encoding="utf-8")


def test_tiles_are_configurable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINES_TILES_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    with TestClient(create_app(str(tmp_path / "db.sqlite"))) as c:
        assert (
            c.get("/api/config").json()["tiles_url"]
            == "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
        )
        assert "https://*.tiles.example.org" in c.get("/").headers["content-security-policy"]
