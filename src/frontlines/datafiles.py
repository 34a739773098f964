"""Reading the knowledge files in ``frontlines/data`` (or a user's replacement for one)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from frontlines.errors import BadOption


def read_toml(name: str, path: Path | None = None, *, what: str) -> tuple[dict[str, Any], str]:
    """The packaged ``data/<name>``, or the file at ``path``, parsed; plus a label for messages.

    ``what`` names the file for a user ("time lexicon"); any problem is one BadOption line.
    """
    if path is None:
        text = resources.files("frontlines").joinpath("data", name).read_text("utf-8")
        source = name
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise BadOption(detail=f"cannot read {what} {path}: {exc}") from None
        source = str(path)
    try:
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise BadOption(detail=f"{source}: {exc}") from None
