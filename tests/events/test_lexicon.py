"""The event lexicon is data: it loads, every trigger names ACLED types, a bad file is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.errors import BadOption
from frontlines.eval.sentences import ACLED_TYPES
from frontlines.events.lexicon import TERRITORY_SUBTYPE, load_event_lexicon


def test_packaged_lexicon_uses_acled_names() -> None:
    lex = load_event_lexicon()
    assert len(lex.triggers) > 20
    for trig in lex.triggers:
        assert trig.event_type in ACLED_TYPES
        assert (
            trig.sub_event_type == TERRITORY_SUBTYPE
            or trig.sub_event_type in ACLED_TYPES[trig.event_type]
        )
    territory = {t.territory for t in lex.triggers if t.territory}
    assert territory == {"gain", "fall", "leave", "handover", "gain_noun", "expel"}


def test_a_bad_lexicon_is_one_error(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.toml"
    bad.write_text(
        '[[trigger]]\nlemmas = ["capture"]\nevent_type = "Battles"\nsub_event_type = "x"\nterritory = "grab"\n'
    )
    with pytest.raises(BadOption, match="territory 'grab'"):
        load_event_lexicon(bad)
    bad.write_text("[[trigger]]\nlemmas = [\n")
    with pytest.raises(BadOption):
        load_event_lexicon(bad)
    empty = tmp_path / "empty.toml"
    empty.write_text("[casualties]\nkilled = []\n")
    with pytest.raises(BadOption, match="no \\[\\[trigger\\]\\]"):
        load_event_lexicon(empty)
