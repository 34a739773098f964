"""The five Idlib seeds: the actors each must and must not yield."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.actors import find_actors
from frontlines.events.model import ActorKind

REGIME = ("state_forces", "SY")
REBELS = ("generic:rebel:SY",)
HTS = ("sy-hts",)
RUSSIA = ("external_forces", "RU")
TURKIYE = ("external_forces", "TR")
DAESH = ("sy-is",)

# seed file prefix → what its actors must include
MUST = {
    "000": [REGIME, REBELS, RUSSIA, TURKIYE],
    "001": [REGIME, REBELS, RUSSIA, TURKIYE],
    "002": [REGIME, REBELS, HTS, RUSSIA],
    "003": [REGIME, REBELS, HTS, RUSSIA, TURKIYE],
    "004": [REGIME, REBELS, RUSSIA, TURKIYE, DAESH],
}
NOT_ACTORS = ["Rami Abdel Rahman", "Anadolu Agency", "Reuters", "AP", "SANA", "AA"]


def _keys(found: list) -> set[tuple[str, ...]]:
    keys: set[tuple[str, ...]] = set()
    for m in found:
        keys.add((m.actor.id,))
        keys.add((m.actor.kind.value, m.actor.country_code or ""))
    return keys


@pytest.mark.parametrize("prefix", sorted(MUST))
def test_seed_actors(seeds_dir: Path, prefix: str) -> None:
    (path,) = seeds_dir.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    found = find_actors(text, country="SY")
    keys = _keys(found)
    for want in MUST[prefix]:
        assert want in keys, f"{path.name}: no {want} in {sorted(keys)}"
    texts = {m.text for m in found}
    for name in NOT_ACTORS:
        assert not any(name in t for t in texts), f"{path.name}: {name} read as an actor"
    assert all(text[m.start : m.end] == m.text for m in found)
    assert not any(
        m.actor.kind is ActorKind.STATE_FORCES and m.actor.country_code != "SY" for m in found
    )


def test_all_seeds_together_name_every_actor(seeds_dir: Path) -> None:
    keys: set[tuple[str, ...]] = set()
    for path in sorted(seeds_dir.glob("*.txt")):
        keys |= _keys(find_actors(path.read_text(encoding="utf-8"), country="SY"))
    assert {REGIME, REBELS, HTS, RUSSIA, TURKIYE, DAESH} <= keys


@pytest.mark.slow
def test_seeds_with_the_parsed_doc(seeds_dir: Path) -> None:
    from frontlines.nlp import parse

    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        plain = find_actors(text, country="SY")
        parsed = find_actors(text, doc=parse(text), country="SY")
        # the Doc changes only how follow-ups resolve, never what is named
        assert [m for m in parsed if m.via != "pronoun"] == [m for m in plain if m.via != "pronoun"]


@pytest.mark.slow
def test_they_as_subject_with_the_parsed_doc() -> None:
    from frontlines.nlp import parse

    text = (
        "Fano fighters ambushed an army convoy near Gondar on Monday. "
        "They killed six soldiers, residents said. Officials blamed them."
    )
    found = find_actors(text, doc=parse(text), country="ET")
    pronouns = [(m.text, m.actor.id) for m in found if m.via == "pronoun"]
    assert ("They", "et-fano") in pronouns
