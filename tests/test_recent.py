"""The bounded memory the stages of one article share."""

from __future__ import annotations

import pytest

from frontlines.recent import Recent


def test_keeps_the_latest_and_forgets_the_oldest() -> None:
    recent: Recent[str, int] = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.put("c", 3)
    assert recent.get("a") is None and recent.get("b") == 2 and recent.get("c") == 3
    assert len(recent) == 2 and "c" in recent


def test_putting_a_known_key_again_forgets_nothing() -> None:
    recent: Recent[str, int] = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    recent.put("b", 20)
    assert recent.get("a") == 1 and recent.get("b") == 20


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Recent(0)
