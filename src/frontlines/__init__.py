"""frontlines: a sourced, dated, geocoded record of armed-conflict events from news."""

from __future__ import annotations

__version__ = "0.1.0"
