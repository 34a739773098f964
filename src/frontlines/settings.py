"""Settings, declared once as (name, default, help) and layered.

Order, later wins: the defaults below, a user TOML file (``FRONTLINES_CONFIG``
or ``~/.config/frontlines/config.toml``), environment variables
``FRONTLINES_<NAME>``, then explicit keyword arguments (CLI flags).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from frontlines.errors import BadOption


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "frontlines.db",
        "Database: a SQLite path or an SQLAlchemy URL (postgresql+psycopg://...).",
    ),
    Setting(
        "max_document_bytes",
        5_000_000,
        "Inputs larger than this many bytes are rejected (too_large).",
    ),
    Setting(
        "max_fetch_bytes",
        5_000_000,
        "Downloads larger than this many bytes are cut off and rejected.",
    ),
    Setting("fetch_timeout", 20.0, "Seconds before a download gives up."),
    Setting(
        "fetch_deadline",
        60.0,
        "Seconds a download may take in all, redirects included; slower ones are rejected.",
    ),
    Setting(
        "fetch_allow_networks",
        (),
        "Networks (CIDR, comma-separated in the environment) a download may reach though they are loopback, private, link-local or reserved; empty: none.",
    ),
    Setting("min_words", 40, "Articles with fewer words after cleaning are rejected (too_short)."),
    Setting(
        "min_english_share",
        0.08,
        "Minimum share of common English words for a text to count as English.",
    ),
    Setting(
        "dedup_threshold",
        0.3,
        "Estimated Jaccard similarity of word shingles above which two articles are one story.",
    ),
    Setting(
        "dedup_containment",
        0.6,
        "Share of the shorter article's shingles found in the longer one above which they are one story (counted only when their Jaccard similarity is at least 0.2).",
    ),
    Setting("dedup_num_perm", 128, "MinHash permutations per article."),
    Setting("dedup_shingle", 4, "Words per shingle for near-duplicate detection."),
    Setting(
        "actors_file",
        "",
        "A YAML file of extra actors (the registry's format) added to the packaged registry; empty: none.",
    ),
)


@dataclass(frozen=True)
class Settings:
    db: str = "frontlines.db"
    max_document_bytes: int = 5_000_000
    max_fetch_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    fetch_deadline: float = 60.0
    fetch_allow_networks: tuple[str, ...] = ()
    min_words: int = 40
    min_english_share: float = 0.08
    dedup_threshold: float = 0.3
    dedup_containment: float = 0.6
    dedup_num_perm: int = 128
    dedup_shingle: int = 4
    actors_file: str = ""

    def with_(self, **overrides: Any) -> Settings:
        """A copy with the non-None overrides applied."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(name: str, value: Any, like: Any) -> Any:
    try:
        if isinstance(like, bool):
            return str(value).lower() in {"1", "true", "yes", "on"}
        if isinstance(like, tuple):  # a TOML list, or a comma-separated string
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip() for item in items if str(item).strip())
        return type(like)(value)
    except (TypeError, ValueError) as exc:
        raise BadOption(detail=f"setting {name}: cannot read {value!r} ({exc})") from None


def config_path() -> Path:
    env = os.environ.get("FRONTLINES_CONFIG")
    if env:
        return Path(env)
    return Path.home() / ".config" / "frontlines" / "config.toml"


def load_settings(**overrides: Any) -> Settings:
    """Settings from every layer; keyword arguments that are not None win."""
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    path = config_path()
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise BadOption(detail=f"config file {path}: {exc}") from None
        for key, value in data.items():
            if key in values:
                values[key] = _coerce(key, value, values[key])
    for s in SETTINGS:
        env = os.environ.get(f"FRONTLINES_{s.name.upper()}")
        if env is not None and env != "":
            values[s.name] = _coerce(s.name, env, s.default)
    for key, value in overrides.items():
        if value is not None:
            if key not in values:
                raise BadOption(detail=f"unknown setting {key!r}")
            values[key] = value
    return Settings(**values)
