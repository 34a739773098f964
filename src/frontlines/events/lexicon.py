"""The event lexicon (``data/event_lexicon.toml``): trigger words and the words around them.

Code here knows how to read the file; what the words are, and which ACLED
event each reports, lives in the file, so a user can replace it
(``event_lexicon`` setting) without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from frontlines.datafiles import read_toml
from frontlines.errors import BadOption

TERRITORY_KINDS = {"gain", "fall", "leave", "handover", "gain_noun", "expel"}
TERRITORY_SUBTYPE = "territory"  # resolved by the new controller's kind
GOVERNMENT_REGAINS = "Government regains territory"
NONSTATE_OVERTAKES = "Non-state actor overtakes territory"


@dataclass(frozen=True)
class Trigger:
    """One entry of the lexicon: which words, which event, which territory semantics."""

    lemmas: frozenset[str]  # single words
    phrases: tuple[tuple[str, ...], ...]  # multi-word lemmas ("air strike")
    pos: frozenset[str]
    event_type: str
    sub_event_type: str
    territory: str | None = None
    implies_previous: bool = False
    needs: frozenset[str] = frozenset()
    unless: frozenset[str] = frozenset()
    needs_context: frozenset[str] = frozenset()
    unless_context: frozenset[str] = frozenset()
    victims: str | None = None  # civilians | armed
    place_object: bool = False  # fires only when its object is a named place ("took Bakhmut")
    # standing control ("held since 2012"): the change is dated by where its "since" starts
    standing: bool = False

    def matches_word(self, lemma: str, pos: str) -> bool:
        return lemma in self.lemmas and pos in self.pos


@dataclass(frozen=True)
class EventLexicon:
    triggers: tuple[Trigger, ...]
    killed: frozenset[str]
    injured: frozenset[str]
    attempted: frozenset[str]
    planned: frozenset[str]
    denied: frozenset[str]
    claimed: frozenset[str]
    prevented: frozenset[str]
    conditional_marks: frozenset[str]
    conditional_aux: frozenset[str]
    civilian_words: frozenset[str]
    armed_words: frozenset[str]
    after_words: frozenset[str]
    background_days: int
    admin_nouns: frozenset[str] = field(default=frozenset())
    # "a planned rally", "upcoming protests": the noun names what is yet to happen
    planned_modifiers: frozenset[str] = field(default=frozenset())
    # an agreement is ACLED's only between sides of a conflict: an armed actor in its
    # sentence, or one of these words ("ceasefire", "surrender")
    agreement_words: frozenset[str] = field(default=frozenset())
    # an armed clash is between armed sides: one of these words in its sentence (or an armed
    # actor named there, or a casualty count) says it is one ("Kelly clashed with Kushner"
    # is not)
    clash_sides: frozenset[str] = field(default=frozenset())
    # an arrest is ACLED's when political: one of these words in its sentence, or an armed
    # actor named there
    arrest_political: frozenset[str] = field(default=frozenset())
    directions: frozenset[str] = field(default=frozenset())
    protesters: frozenset[str] = field(default=frozenset())
    mobs: frozenset[str] = field(default=frozenset())
    violent_acts: frozenset[str] = field(default=frozenset())
    nonviolent: tuple[str, ...] = ()
    chemical: frozenset[str] = field(default=frozenset())
    scope_words: frozenset[str] = field(default=frozenset())  # "rebel", "troop", "protest"
    scope_min: int = 0  # how many scope words an article needs to yield events
    scope_text_words: int = 0  # shorter texts are judged by their triggers alone
    # distinct scope words that make an article about armed conflict or protest as a whole;
    # with fewer, an event needs an armed actor or protesters of its own
    scope_conflict_min: int = 0
    scope_weak_actors: frozenset[str] = field(default=frozenset())  # "police": not war by itself
    scope_weak_heads: frozenset[str] = field(
        default=frozenset()
    )  # "Lebanon police", "US government"
    scope_family: dict[str, str] = field(default_factory=dict)  # word -> its family's first word
    facilities: frozenset[str] = field(default=frozenset())  # "airport", "headquarters"
    partial: frozenset[str] = field(default=frozenset())  # "most", "outskirts"
    whole: frozenset[str] = field(default=frozenset())  # "all of", "the entire province"
    group_nouns: frozenset[str] = field(default=frozenset())  # "fighters", "movement"
    reporting: frozenset[str] = field(default=frozenset())  # "say", "tell": a source speaks
    heads: frozenset[str] = field(default=frozenset())  # every lemma that can start a trigger
    kinds: frozenset[str] = field(default=frozenset())  # "assault rifle": a kind, no event
    trend_verbs: frozenset[str] = field(default=frozenset())  # "attacks have fallen"
    tally_nouns: frozenset[str] = field(default=frozenset())  # "the number of protests"
    civil_qualifiers: frozenset[str] = field(default=frozenset())  # "think tank", "fuel tank"
    sport_words: frozenset[str] = field(default=frozenset())  # "quarterback", "end zone"
    sport_min: int = 0  # how many make an article a match report (0: never)
    # the verb a noun of change names ("seizure": seize), where it is not spelled the same
    verb_of: dict[str, str] = field(default_factory=dict)
    # verbs that say a noun of change happened ("completed the withdrawal"), not wished for
    done_verbs: frozenset[str] = field(default=frozenset())

    def triggers_for(self, lemma: str, pos: str) -> list[Trigger]:
        return [t for t in self.triggers if t.matches_word(lemma, pos)]


def _words(raw: Any, where: str) -> frozenset[str]:
    if raw is None:
        return frozenset()
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise BadOption(detail=f"event lexicon: {where} must be a list of words")
    return frozenset(w.lower() for w in raw)


def _word_map(raw: Any, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw.items()
    ):
        raise BadOption(detail=f"event lexicon: {where} must be a table of words to words")
    return {k.lower(): v.lower() for k, v in raw.items()}


def _trigger(raw: dict[str, Any], n: int) -> Trigger:
    where = f"trigger {n}"
    try:
        words = _words(raw["lemmas"], f"{where} lemmas")
        event_type = str(raw["event_type"])
        sub_event_type = str(raw["sub_event_type"])
    except KeyError as exc:
        raise BadOption(detail=f"event lexicon: {where} lacks {exc.args[0]!r}") from None
    territory = raw.get("territory")
    if territory is not None and territory not in TERRITORY_KINDS:
        raise BadOption(
            detail=f"event lexicon: {where} territory {territory!r} is not one of "
            + ", ".join(sorted(TERRITORY_KINDS))
        )
    phrases = tuple(tuple(w.split()) for w in words if " " in w)
    return Trigger(
        lemmas=frozenset(w for w in words if " " not in w),
        phrases=phrases,
        pos=frozenset(p.upper() for p in _words(raw.get("pos", ["VERB", "NOUN"]), f"{where} pos")),
        event_type=event_type,
        sub_event_type=sub_event_type,
        territory=territory,
        implies_previous=bool(raw.get("implies_previous", False)),
        needs=_words(raw.get("needs"), f"{where} needs"),
        unless=_words(raw.get("unless"), f"{where} unless"),
        needs_context=_words(raw.get("needs_context"), f"{where} needs_context"),
        unless_context=_words(raw.get("unless_context"), f"{where} unless_context"),
        victims=raw.get("victims"),
        place_object=bool(raw.get("place_object", False)),
        standing=bool(raw.get("standing", False)),
    )


@cache
def interstate_wars() -> dict[str, list[tuple[str, object, object]]]:
    """Country → the states it fights as a state (with since/until), from ``data/wars.toml``."""
    data, source = read_toml("wars.toml", None, what="interstate wars")
    out: dict[str, list[tuple[str, object, object]]] = {}
    for n, war in enumerate(data.get("war", []), start=1):
        states = war.get("states")
        if not isinstance(states, list) or len(states) != 2:
            raise BadOption(detail=f"{source}: war {n} needs two states")
        a, b = (str(x).upper() for x in states)
        out.setdefault(a, []).append((b, war.get("since"), war.get("until")))
        out.setdefault(b, []).append((a, war.get("since"), war.get("until")))
    return out


@cache
def load_event_lexicon(path: Path | None = None) -> EventLexicon:
    """The packaged lexicon, or the user's file at ``path``; read once per path."""
    data, source = read_toml("event_lexicon.toml", path, what="event lexicon")
    triggers = tuple(_trigger(raw, n) for n, raw in enumerate(data.get("trigger", []), start=1))
    if not triggers:
        raise BadOption(detail=f"{source}: no [[trigger]] entries")
    cas = data.get("casualties", {})
    mod = data.get("modality", {})
    vic = data.get("victims", {})
    bg = data.get("background", {})
    gen = data.get("generic", {})
    heads: set[str] = set()
    for t in triggers:
        heads |= t.lemmas
        heads |= {p[-1] for p in t.phrases}
    return EventLexicon(
        triggers=triggers,
        killed=_words(cas.get("killed"), "casualties.killed"),
        injured=_words(cas.get("injured"), "casualties.injured"),
        attempted=_words(mod.get("attempted"), "modality.attempted"),
        planned=_words(mod.get("planned"), "modality.planned"),
        planned_modifiers=_words(mod.get("planned_modifiers"), "modality.planned_modifiers"),
        agreement_words=_words(data.get("agreement", {}).get("words"), "agreement.words"),
        clash_sides=_words(data.get("clash", {}).get("sides"), "clash.sides"),
        arrest_political=_words(data.get("arrests", {}).get("political"), "arrests.political"),
        denied=_words(mod.get("denied"), "modality.denied"),
        claimed=_words(mod.get("claimed"), "modality.claimed"),
        prevented=_words(mod.get("prevented"), "modality.prevented"),
        conditional_marks=_words(mod.get("conditional_marks"), "modality.conditional_marks"),
        conditional_aux=_words(mod.get("conditional_aux"), "modality.conditional_aux"),
        civilian_words=_words(vic.get("civilians"), "victims.civilians"),
        armed_words=_words(vic.get("armed"), "victims.armed"),
        after_words=_words(bg.get("after_words"), "background.after_words"),
        background_days=int(bg.get("days_before_publication", 14)),
        admin_nouns=_words(data.get("areas", {}).get("admin_nouns"), "areas.admin_nouns"),
        directions=_words(data.get("areas", {}).get("directions"), "areas.directions"),
        protesters=_words(data.get("crowds", {}).get("protesters"), "crowds.protesters"),
        mobs=_words(data.get("crowds", {}).get("mobs"), "crowds.mobs"),
        violent_acts=_words(data.get("crowds", {}).get("violent_acts"), "crowds.violent_acts"),
        chemical=_words(data.get("weapons", {}).get("chemical"), "weapons.chemical"),
        nonviolent=tuple(
            sorted(_words(data.get("crowds", {}).get("nonviolent"), "crowds.nonviolent"))
        ),
        scope_words=_words(data.get("scope", {}).get("words"), "scope.words"),
        scope_min=int(data.get("scope", {}).get("min_words", 0)),
        scope_text_words=int(data.get("scope", {}).get("min_text_words", 0)),
        scope_conflict_min=int(data.get("scope", {}).get("conflict_min_words", 0)),
        scope_weak_actors=_words(data.get("scope", {}).get("weak_actors"), "scope.weak_actors"),
        scope_weak_heads=_words(data.get("scope", {}).get("weak_heads"), "scope.weak_heads"),
        scope_family={
            word.lower(): family[0].lower()
            for family in data.get("scope", {}).get("families", [])
            for word in family
        },
        facilities=_words(data.get("facilities", {}).get("nouns"), "facilities.nouns"),
        partial=_words(data.get("partial", {}).get("words"), "partial.words"),
        whole=_words(data.get("whole", {}).get("words"), "whole.words"),
        group_nouns=_words(data.get("holders", {}).get("group_nouns"), "holders.group_nouns"),
        reporting=_words(data.get("holders", {}).get("reporting"), "holders.reporting"),
        heads=frozenset(heads),
        kinds=_words(gen.get("kinds"), "generic.kinds"),
        trend_verbs=_words(gen.get("trend_verbs"), "generic.trend_verbs"),
        tally_nouns=_words(gen.get("tally_nouns"), "generic.tally_nouns"),
        civil_qualifiers=_words(gen.get("civil_qualifiers"), "generic.civil_qualifiers"),
        sport_words=_words(data.get("scope", {}).get("sport_words"), "scope.sport_words"),
        sport_min=int(data.get("scope", {}).get("sport_min", 0)),
        verb_of=_word_map(gen.get("verb_of"), "generic.verb_of"),
        done_verbs=_words(gen.get("done_verbs"), "generic.done_verbs"),
    )
