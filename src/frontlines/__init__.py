"""frontlines: a sourced, dated, geocoded record of armed-conflict events from news."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from frontlines.library import Frontlines


def open(db: str | None = None, **settings: Any) -> Frontlines:  # noqa: A001 - the API's name
    """Open (creating and migrating if needed, unless ``must_exist=True``) a frontlines database:
    ``frontlines.open("x.db")``."""
    from frontlines.library import open as _open  # imported late: keeps `import frontlines` light

    return _open(db, **settings)


__all__ = ["__version__", "open"]
