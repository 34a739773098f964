"""The actor registry as data: loading, sides by date, countries, a user's file, bad files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from frontlines.actors import find_actors, load_registry, registry_for
from frontlines.errors import BadOption
from frontlines.events.model import ActorKind
from frontlines.settings import load_settings

CONFLICT_COUNTRIES = ["SY", "UA", "SD", "MM", "YE", "IQ", "ET", "PS", "ML", "BF", "NE"]


def test_every_conflict_has_actors_with_aliases_and_sides() -> None:
    registry = load_registry()
    for country in CONFLICT_COUNTRIES:
        actors = registry.by_country(country)
        assert len(actors) >= 2, country
        assert all(a.aliases and a.sides for a in actors), country


def test_packaged_registry_is_cached() -> None:
    assert load_registry() is load_registry()


def test_ids_and_kinds() -> None:
    registry = load_registry()
    hts = registry.get("sy-hts")
    assert hts is not None and hts.kind is ActorKind.REBEL_GROUP and hts.country == "SY"
    assert registry.get("no-such-actor") is None


def test_generic_ids_are_made_on_demand() -> None:
    registry = load_registry()
    state = registry.get("generic:state:SY")
    assert state is not None
    assert (state.name, state.kind, state.country) == (
        "Military Forces of Syria",
        ActorKind.STATE_FORCES,
        "SY",
    )
    rebels = registry.get("generic:rebel")
    assert rebels is not None and rebels.country is None and rebels.name == "Rebel Groups"
    assert registry.get("generic:state:XX") is None
    assert registry.get("generic:nonsense:SY") is None


def test_sides_by_date() -> None:
    registry = load_registry()
    assert registry.side_of("sy-assad-forces", dt.date(2019, 8, 23)) == "government"
    assert registry.side_of("sy-assad-forces", dt.date(2024, 12, 8)) is None
    assert registry.side_of("sy-gov-2024", dt.date(2024, 12, 7)) is None
    assert registry.side_of("sy-gov-2024", dt.date(2025, 3, 1)) == "government"
    assert registry.side_of("sy-hts", dt.date(2024, 11, 30)) == "opposition"
    assert registry.side_of("sy-hts", dt.date(2024, 12, 20)) == "government"
    assert registry.side_of("sd-rsf", dt.date(2020, 1, 1)) == "government"
    assert registry.side_of("sd-rsf", dt.date(2023, 6, 1)) == "rsf"
    assert registry.side_of("et-fano", dt.date(2021, 6, 1)) == "government"
    assert registry.side_of("et-fano", dt.date(2024, 6, 1)) == "opposition"
    assert registry.side_of("generic:rebel:MM", None) == "opposition"
    assert registry.side_of("nobody", None) is None


def test_state_forces_by_date() -> None:
    registry = load_registry()
    assert registry.state_forces("SY", dt.date(2019, 8, 23)).id == "sy-assad-forces"  # type: ignore[union-attr]
    assert registry.state_forces("SY", dt.date(2025, 3, 1)).id == "sy-gov-2024"  # type: ignore[union-attr]
    assert registry.state_forces("SY", None) is None  # undated: two regimes, no guess
    assert registry.state_forces("IL", None).id == "il-idf"  # type: ignore[union-attr]
    assert registry.state_forces("NO", None) is None


def test_by_country_includes_actors_fighting_there() -> None:
    ids = {a.id for a in load_registry().by_country("BF")}
    assert {"sahel-jnim", "sahel-is", "bf-vdp", "ru-wagner"} <= ids
    assert "sy-hts" not in ids


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_an_actor(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "mine.yaml",
        """
actors:
  - id: cd-m23
    name: March 23 Movement
    kind: rebel_group
    country: CD
    aliases: [M23, March 23 Movement, {text: AFC, case_sensitive: true}]
    sides: [{side: opposition, since: 2012-04-04, until: null}]
""",
    )
    registry = load_registry(extra)
    assert registry.get("cd-m23") is not None
    assert registry.get("sy-hts") is not None  # the packaged actors stay
    assert load_registry().get("cd-m23") is None  # and the packaged registry is untouched
    found = find_actors("M23 fighters seized Goma.", country="CD", registry=registry)
    assert [(m.text, m.actor.id) for m in found] == [("M23", "cd-m23")]


def test_user_file_through_the_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = _write(
        tmp_path / "mine.yaml",
        "actors:\n  - {id: xx-test, name: Test Brigade, kind: political_militia, country: SY,"
        " aliases: [Test Brigade], sides: []}\n",
    )
    monkeypatch.setenv("FRONTLINES_ACTORS_FILE", str(extra))
    settings = load_settings()
    assert settings.actors_file == str(extra)
    assert registry_for(settings.actors_file).get("xx-test") is not None
    assert registry_for("") is load_registry()


def test_user_file_replaces_a_packaged_actor(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "fix.yaml",
        "actors:\n  - {id: sy-hts, name: HTS (corrected), kind: rebel_group, country: SY,"
        " aliases: [HTS], sides: [{side: opposition}]}\n",
    )
    assert load_registry(extra).get("sy-hts").name == "HTS (corrected)"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("actors:\n  - id: [unclosed\n", "not valid YAML"),
        ("- just a list\n", "must be a mapping"),
        (
            "actors:\n  - {id: x-1, name: X, kind: warlords, country: SY}\n",
            "actor 'x-1': kind",
        ),
        (
            "actors:\n  - {id: x-1, name: X, kind: rebel_group, country: Syria}\n",
            "not an ISO 3166",
        ),
        (
            "actors:\n  - {id: x-1, name: X, kind: rebel_group, colour: red}\n",
            "colour",
        ),
        (
            "actors:\n  - {id: x-1, name: X, kind: rebel_group,"
            " sides: [{side: a, since: yesterday}]}\n",
            "since",
        ),
        (
            "actors:\n  - {id: 'generic:state:SY', name: X, kind: rebel_group}\n",
            "reserved",
        ),
    ],
)
def test_a_bad_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "bad.yaml", text)
    with pytest.raises(BadOption, match=message) as info:
        load_registry(path)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_a_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BadOption, match="cannot read actor file"):
        load_registry(tmp_path / "absent.yaml")
