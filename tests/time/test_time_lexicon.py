"""The time lexicon: read once from data, and the words it makes the grammar trust."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.errors import BadOption
from frontlines.time.lexicon import load_lexicon
from frontlines.time.patterns import default_rules


def test_loaded_once_and_rules_compiled_once() -> None:
    assert load_lexicon() is load_lexicon()
    assert default_rules() is default_rules()


def test_words() -> None:
    lex = load_lexicon()
    assert lex.month("Sept.") == 9 and lex.month("OCTOBER") == 10 and lex.month("Mayday") is None
    assert lex.weekday("Wednesday") == 3
    assert (
        lex.number("twenty-four") == 24
        and lex.number("1,460") == 1460
        and lex.number("few") is None
    )
    assert (
        lex.counts_things("soldiers") and lex.counts_things("km") and not lex.counts_things("was")
    )
    assert not lex.counts_things("Offensive")


def test_a_broken_lexicon_says_what_is_wrong(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.toml"
    bad.write_text("[months]\njanuary = 1\n", encoding="utf-8")
    with pytest.raises(BadOption, match="lexicon.toml"):
        load_lexicon(bad)
    with pytest.raises(BadOption, match="cannot read"):
        load_lexicon(tmp_path / "missing.toml")
