from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from frontlines.errors import BadOption
from frontlines.settings import SETTINGS, Settings, load_settings


def test_declared_once_and_in_sync() -> None:
    declared = {s.name: s.default for s in SETTINGS}
    assert declared == {f.name: f.default for f in fields(Settings)}
    assert all(s.help for s in SETTINGS)


def test_layers_file_then_environment_then_flags(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('min_words = 10\ndb = "from-file.db"\n', encoding="utf-8")
    monkeypatch.setenv("FRONTLINES_CONFIG", str(config))
    monkeypatch.delenv("FRONTLINES_DB", raising=False)
    assert load_settings().min_words == 10
    assert load_settings().db == "from-file.db"
    monkeypatch.setenv("FRONTLINES_MIN_WORDS", "20")
    assert load_settings().min_words == 20
    assert load_settings(min_words=30).min_words == 30
    assert load_settings(min_words=None).min_words == 20  # an unset flag leaves the layer below


def test_bad_values_are_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINES_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("FRONTLINES_MIN_WORDS", "many")
    with pytest.raises(BadOption, match="min_words"):
        load_settings()
    monkeypatch.delenv("FRONTLINES_MIN_WORDS")
    with pytest.raises(BadOption, match="unknown setting"):
        load_settings(colour="red")
    broken = tmp_path / "broken.toml"
    broken.write_text("min_words = = 3", encoding="utf-8")
    monkeypatch.setenv("FRONTLINES_CONFIG", str(broken))
    with pytest.raises(BadOption, match="config file"):
        load_settings()
