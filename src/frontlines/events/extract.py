"""Event mentions from one article: each sentence's triggers read through its dependency parse.

Reads: the text, its publication date, a spaCy ``Doc``, the article's place
mentions (geo), actor mentions (actors) and time mentions (time). Writes:
:class:`EventMention` records, one per event and place a sentence states,
with ACLED types, agent and target, territory change, casualties, modality,
background flag and the evidence sentence's offsets.

Words live in ``data/event_lexicon.toml``; nothing here knows a war.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from frontlines.clean.boilerplate import read_more_marker
from frontlines.clean.patterns import load_patterns
from frontlines.events.context import (
    _BOUND_MODS,
    UNDATED_WINDOW_DAYS,
    LocatedPlace,
    _Agentless,
    _Context,
    _inside,
    _located,
    _span_chars,
    country_focus,
    place_ref,
)
from frontlines.events.grammar import (
    _actor_in,
    _after_clause_background,
    _agent,
    _clause_verb,
    _governors,
    _habit,
    _is_back_reference,
    _is_headline,
    _is_name_part,
    _is_subheading,
    _lemma,
    _modality,
    _near_lemmas,
    _no_one_event,
    _phrase_at,
    _pos,
    _preps,
    _subject,
    _time_for,
    _title_case,
    _unless_lemmas,
    _weekday,
    sentences,
)
from frontlines.events.lexicon import (
    GOVERNMENT_REGAINS,
    NONSTATE_OVERTAKES,
    TERRITORY_SUBTYPE,
    EventLexicon,
    Trigger,
    load_event_lexicon,
)
from frontlines.events.model import (
    ActorKind,
    ActorMention,
    ActorRef,
    EventMention,
    Modality,
    PlaceRef,
    Quantity,
    TerritoryChange,
)
from frontlines.events.quantities import casualties, parse_amount
from frontlines.events.territory import _country_forces, _most_specific, _territory
from frontlines.models import DatePrecision, DateSource, Published, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from frontlines.geo.resolve import PlaceMention


def _victim_class(
    token: Token, sentence: Span, lex: EventLexicon, killed: Quantity | None
) -> str | None:
    """civilians | armed | None: who an attack hit, from its object or the casualty figure."""
    words: list[Token] = []
    for child in token.children:
        if child.dep_ in ("dobj", "nsubjpass", "pobj") or (
            child.dep_ == "prep" and child.lower_ in ("on", "against", "targeting")
        ):
            words.extend(child.subtree)
    if token.dep_ in ("pobj", "dobj") and token.head.pos_ == "ADP":
        pass
    lemmas = {t.lemma_.lower() for t in words}
    if killed is not None and killed.who:
        lemmas |= {w.lower().rstrip("s") for w in killed.who.split()}
    if lemmas & lex.civilian_words:
        return "civilians"
    if lemmas & lex.armed_words:
        return "armed"
    return None


def _find_trigger(
    token: Token,
    sentence: Span,
    lex: EventLexicon,
    context_lemmas: set[str],
    killed: Quantity | None,
) -> Trigger | None:
    lemma, pos = _lemma(token), _pos(token)
    if pos not in ("VERB", "NOUN"):
        return None
    found: list[Trigger] = []
    by_phrase: list[Trigger] = []
    for trig in lex.triggers:
        single = lemma in trig.lemmas or token.lower_ in trig.lemmas
        phrase = any(_phrase_at(token, p) for p in trig.phrases)
        if not (single or phrase) or pos not in trig.pos and not phrase:
            continue
        near = _near_lemmas(token)
        if trig.needs and not (trig.needs & near):
            continue
        if trig.unless and (trig.unless & _unless_lemmas(token)):
            continue
        if trig.needs_context and not (trig.needs_context & context_lemmas) and not phrase:
            continue
        if trig.unless_context & context_lemmas:
            continue
        found.append(trig)
        if phrase:
            by_phrase.append(trig)
    if not found:
        return None
    if by_phrase:  # "a suicide attack", "sexually assaulted": the phrase says more than its head
        return by_phrase[0]
    # its words and its sentence both as it needs them ("shot down two drones"): more than "shot"
    exact = [t for t in found if t.needs and t.needs_context]
    if exact:
        return exact[0]
    with_victims = [t for t in found if t.victims]
    if len(with_victims) > 1:
        cls = _victim_class(token, sentence, lex, killed)
        for t in with_victims:
            if t.victims == cls:
                return t
        return with_victims[0] if cls is None else found[0]
    territorial = [t for t in found if t.territory]
    return territorial[0] if territorial else found[0]


def _actors_of(token: Token, ctx: _Context) -> tuple[ActorRef | None, ActorRef | None]:
    """Agent and target of a non-territory event."""
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    patient: tuple[int, int] | None = None  # a passive verb's subject: who it was done to
    if _pos(token) == "VERB":
        subj, passive = _subject(token)
        agent = _agent(token)
        if passive:
            patient = _span_chars(subj) if subj is not None else None
            actor1 = _actor_in([agent], ctx) if agent is not None else None
            actor2 = _actor_in([subj], ctx) if subj is not None else None
        else:
            actor1 = _actor_in([subj], ctx) if subj is not None else None
            actor2 = _actor_in([c for c in token.children if c.dep_ == "dobj"], ctx)
    else:
        actor1 = _actor_in(_preps(token, ("by", "from")), ctx)
        if actor1 is None:
            mods = [c for c in token.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
            actor1 = _actor_in(mods, ctx)
        if actor1 is None:  # "aircraft conducted airstrikes", "killed 100 in a chemical massacre"
            cur = token
            for _ in range(4):
                if cur.dep_ not in ("compound", "dobj", "pobj", "prep", "amod") or cur.head == cur:
                    break
                cur = cur.head
                if cur.pos_ in ("VERB", "AUX"):
                    subj, passive = _subject(cur)
                    if subj is not None and not passive:
                        actor1 = _actor_in([subj], ctx)
                    break
    if actor2 is None:
        targets = _preps(token, ("on", "against", "with", "targeting"))
        actor2 = _actor_in(targets, ctx)
    between = _preps(token, ("between",))
    if between and actor1 is None:
        named = [a for a in ctx.actors if _inside(a.start, a.end, *_span_chars(between[0]))]
        if named:
            actor1 = named[0]
            if len(named) > 1:
                actor2 = named[1]
    if actor1 is None and _pos(token) == "VERB" and ctx.sentence is not None:
        sent = ctx.sentence  # the nearest actor before a verb in its sentence
        # not the one it was done to: "ten opposition activists were arrested"
        before = [
            a
            for a in ctx.actors
            if sent.start_char <= a.start < token.idx
            and not (patient is not None and _inside(a.start, a.end, *patient))
        ]
        if before:
            actor1 = before[-1]
    if actor2 is not None and actor1 is not None and actor2.actor.id == actor1.actor.id:
        actor2 = None
    return (actor1.actor if actor1 else None), (actor2.actor if actor2 else None)


def _nearest_place(
    token: Token, sentence: Span, ctx: _Context, actor_spans: list[tuple[int, int]]
) -> LocatedPlace | None:
    inside = [
        p
        for p in ctx.places
        if sentence.start_char <= p.start
        and p.end <= sentence.end_char
        and not any(s <= p.start and p.end <= e for s, e in actor_spans)
        and not _qualifies_a_noun(ctx.text, p)
    ]
    inside = _most_specific(inside) if inside else inside
    if not inside:
        return None
    return min(inside, key=lambda p: abs(p.start - token.idx) + (0 if p.start > token.idx else 15))


_LED = re.compile(r"-(led|backed|based|brokered|born|made|funded|supported|owned|allied)\b")


def _qualifies_a_noun(text: str, place: LocatedPlace) -> bool:
    """A place name that qualifies a noun tells who, not where: "the US-led coalition", "a
    Turkish-backed group"; and a country's name on a building ("the Saudi Hospital in
    Al-Fashir", "the French embassy") is not the country the building stands in."""
    if _LED.match(text, place.end):
        return True
    if not str(place.feature_code or "").startswith("PCL"):
        return False
    words = (text[place.start : place.end] + " " + text[place.end : place.end + 12]).lower().split()
    return any(w.startswith(("hospital", "embassy")) for w in words[1:3])


def _links_elsewhere(sentence: str) -> bool:
    """A line that links to another article ("Read more: ...", "See also: ..."), as the
    cleaning stage knows them: a text given straight to the extractor may still hold one."""
    return read_more_marker(sentence.strip(), load_patterns())[0]


def extract_events(
    text: str,
    *,
    published: Published | dt.date | None = None,
    country: str | None = None,
    article_id: str = "",
    doc: Doc | None = None,
    places: Sequence[PlaceMention | PlaceRef] | None = None,
    actors: Sequence[ActorMention] | None = None,
    times: Sequence[TimeMention] | None = None,
    lexicon: EventLexicon | None = None,
    area_of: Callable[[PlaceRef], PlaceRef | None] | None = None,
    scope: Scope | None = None,
    earliest: dt.date | None = None,
) -> list[EventMention]:
    """Every event mention in ``text`` that ACLED's scope admits (``scope``: the article's
    decision, from :func:`scope_of` when not given).

    ``earliest``: for an article with no date of its own, the first day it can have been
    published (the start of the date the time stage inferred, from its URL or its text):
    an event dated well before it is history the article retells.

    What is not given is computed: ``doc`` by the shared spaCy model, ``places``
    by the geoparser, ``times`` by the time extractor (against ``published``),
    ``actors`` by the actor finder with the article's country (``country``, else
    the commonest country of its places). ``area_of`` gives the admin area a
    town's name stands for when the text says so ("southern Idlib"); without
    it the town is kept.
    """
    from frontlines.time import extract_times, publication_day
    from frontlines.time.publication import latest_named_day

    if isinstance(published, dt.date):
        published = Published(start=published, end=published, precision=DatePrecision.DAY)
    if doc is None:
        from frontlines.nlp import parse

        doc = parse(text)
    if places is None:
        from frontlines.events.stage import area_of as default_area_of
        from frontlines.geo import geoparse

        places = geoparse(text, doc=doc)
        area_of = area_of or default_area_of
    if country is None:
        country = country_focus(places)
    pub_day = publication_day(published)
    if times is None:
        times = extract_times(text, published=published, doc=doc)
    if actors is None:
        from frontlines.actors import find_actors

        actors = find_actors(text, doc=doc, country=country, date=pub_day)
    ctx = _Context(
        text=text,
        published=published,
        pub_day=pub_day,
        country=country,
        places=[lp for lp in (_located(p) for p in places) if lp is not None],
        actors=list(actors),
        times=list(times),
        lexicon=lexicon or load_event_lexicon(),
        article_id=article_id,
        area_of=area_of,
    )
    if published is None or published.start is None:
        named = [d for d in (latest_named_day(text, ctx.times), earliest) if d is not None]
        ctx.named_after = max(named) if named else None
    out: list[EventMention] = []
    if scope is None:
        scope = scope_of(doc, ctx.lexicon, ctx.actors, ctx.places)
    if scope.level == "out":
        return out  # crime, an accident, a storm, a match: not what ACLED codes
    headline: list[EventMention] = []
    for n, sentence in enumerate(sentences(doc)):
        if _is_subheading(sentence):
            continue  # "KHAN SHEIKHOUN TARGETED WITH CHEMICAL WEAPONS IN 2017": a heading
        if n == 0 and _is_headline(sentence, text):
            # A headline states the main event ("Rebels recapture the town of X"): evidence of
            # a change of hands. In Title Case the parse is too unsure.
            if not _title_case(sentence):
                headline = [m for m in _sentence_events(sentence, ctx) if m.territory is not None]
            ctx.agentless.clear()  # the headline's changes stand alone or are the body's
            continue
        if _links_elsewhere(sentence.text):
            continue  # "Read more: Syrian rebels seize Aleppo airport": another story's title
        out.extend(_sentence_events(sentence, ctx))
    out = _borrow_agents(out, ctx.agentless, ctx)
    out = _tolls_of_told_events(out, ctx)
    # the body tells it with its own date and words: the headline adds only what it does not
    told = [b for b in out if b.modality in (Modality.ASSERTED, Modality.CLAIMED)]
    out = [m for m in headline if not any(_same_change(m, b) for b in told)] + out
    # a threat, a plan, "if they attack", "did not attack": no event happened (ACLED codes
    # what happened); a change of control keeps its modality for the control timeline
    for m in out:
        if _after_publication(m, ctx.published):
            m.modality = Modality.PLANNED  # "protests next month": not yet, whatever the verb
    out = [m for m in out if m.territory is not None or m.modality not in _NOT_HAPPENED]
    # an agreement takes both sides: one side denying it says there is none (a denied attack
    # stays, disputed: the other side's word that it happened is still news)
    out = [m for m in out if not (m.sub_event_type == AGREEMENT and m.modality is Modality.DENIED)]
    armed = scope_actors(ctx.actors, ctx.lexicon, ctx.places)
    # an agreement between sides, a clash between armed sides, a political arrest, a curfew
    # against unrest: what its sentence must say for ACLED to code it
    out = [
        m
        for m in out
        if m.sub_event_type not in _SENTENCE_SCOPE
        or _SENTENCE_SCOPE[m.sub_event_type](m, doc, ctx, armed)
    ]
    if scope.level == "actors":  # not about a war as a whole: an event needs its own actor
        out = [m for m in out if _has_acled_actor(m, armed)]
    for n, m in enumerate(out):
        m.index = n
    return out


_ARMED = {
    ActorKind.STATE_FORCES,
    ActorKind.EXTERNAL_FORCES,
    ActorKind.REBEL_GROUP,
    ActorKind.POLITICAL_MILITIA,
    ActorKind.IDENTITY_MILITIA,
    ActorKind.PROTESTERS,
    ActorKind.RIOTERS,
}


def _same_change(a: EventMention, b: EventMention) -> bool:
    """Two mentions of one change of hands: the same place to the same side."""
    if a.territory is None or b.territory is None or a.place is None or b.place is None:
        return False
    if a.place.geonameid != b.place.geonameid:
        return False
    na, nb = a.territory.new_controller, b.territory.new_controller
    return (
        na is not None
        and nb is not None
        and na.kind.is_state == nb.kind.is_state
        and na.country_code == nb.country_code
    )


@dataclass(frozen=True)
class Scope:
    """Whether an article is within ACLED's scope, and why.

    ``level``: "conflict" (it is about armed conflict or protest: every event counts),
    "actors" (it touches on it: an event counts only with an armed actor or protesters of
    its own), "out" (crime, sport, health, business: no events)."""

    level: str
    reason: str


def _between_sides(m: EventMention, doc: Doc, ctx: _Context, armed: Sequence[ActorMention]) -> bool:
    """An agreement between sides of a conflict: its sentence names an armed actor or uses a
    word of war or its end ("ceasefire", "surrender", "prisoner exchange")."""
    return bool(_sentence_words(m, doc) & ctx.lexicon.agreement_words) or _names_one(m, armed)


def _describes_a_side(
    token: Token, trig: Trigger, dates: dict[str, object], lex: EventLexicon
) -> bool:
    """A clash verb in a clause that describes an armed group ("the coalition that has fought
    IS", "US forces battling the Islamic State", "the Saudi-led coalition fighting in Yemen")
    with no time of its own: it says who the group is, not that a battle took place."""
    return (
        trig.sub_event_type == "Armed clash"
        and token.pos_ == "VERB"
        and token.dep_ in ("acl", "relcl")
        and token.head.lemma_.lower() in lex.group_nouns | lex.armed_words
        and not dates.get("date_text")
    )


def _sentence_words(m: EventMention, doc: Doc) -> set[str]:
    """The lemmas and lower-case forms of the words of an event's sentence."""
    span = doc.char_span(m.sentence_start, m.sentence_end, alignment_mode="expand")
    return (
        {t.lemma_.lower() for t in span} | {t.lower_ for t in span} if span is not None else set()
    )


def _names_one(m: EventMention, armed: Sequence[ActorMention]) -> bool:
    """One of ``armed`` (the article's armed actors, protesters or rioters as the scope
    counts them: :func:`scope_actors`) is named in the event's sentence."""
    return any(m.sentence_start <= a.start and a.end <= m.sentence_end for a in armed)


def _political_arrest(
    m: EventMention, doc: Doc, ctx: _Context, armed: Sequence[ActorMention]
) -> bool:
    """ACLED's arrests are political: of a significant person or in a political cause (an
    opposition member, an activist, a protester, a suspected militant, a coup plot), or made
    by an armed actor in a conflict. Police holding people for a crime or migrants held in a
    camp are not coded."""
    if not ctx.lexicon.arrest_political:
        return True
    return bool(_sentence_words(m, doc) & ctx.lexicon.arrest_political) or _names_one(m, armed)


def _in_unrest(m: EventMention, doc: Doc, ctx: _Context, armed: Sequence[ActorMention]) -> bool:
    """A curfew or a state of emergency in a conflict or against unrest: its sentence uses a
    word of war, protest or armed men, or names an armed actor (a flood's state of emergency
    is none)."""
    lex = ctx.lexicon
    unrest = lex.clash_sides | lex.scope_words | {"unrest", "violence", "clash", "riot"}
    return bool(_sentence_words(m, doc) & unrest) or _names_one(m, armed)


def _armed_sides(m: EventMention, doc: Doc, ctx: _Context, armed: Sequence[ActorMention]) -> bool:
    """An armed clash between armed sides: a change of hands, a count of its dead or wounded,
    an armed actor named in its sentence or a word of armed men or of war there ("Kelly
    clashed with Kushner", "fighting with their family" are none)."""
    if m.territory is not None or m.fatalities is not None or m.injuries is not None:
        return True
    if not ctx.lexicon.clash_sides or _sentence_words(m, doc) & ctx.lexicon.clash_sides:
        return True
    return _fought_at_a_place(doc, m, ctx) or _names_one(m, armed)


_AT_PLACE = frozenset({"in", "for", "around", "near", "over", "at", "outside", "inside", "across"})


def _fought_at_a_place(doc: Doc, m: EventMention, ctx: _Context) -> bool:
    """The clash is for or at a named place ("fighting for Bakhmut", "clashes in Afrin"): the
    place is the trigger's own, not the speaker's ("said from his Toronto office")."""
    words = doc.char_span(m.trigger_start, m.trigger_end)
    if words is None:
        return False
    trigger = words[0]
    holders = [trigger]
    verb = trigger.head
    if (
        trigger.dep_ == "nsubj"
        and verb.pos_ == "VERB"
        and not any(c.dep_ in ("dobj", "attr") for c in verb.children)
    ):
        holders.append(verb)  # "fighting raged around Saraqib": where the fighting went on
    for prep in (c for h in holders for c in h.children):
        if prep.dep_ != "prep" or prep.lower_ not in _AT_PLACE:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and any(
                p.start <= obj.idx < p.end or obj.idx <= p.start < obj.idx + len(obj.text)
                for p in ctx.places
            ):
                return True
    return False


_SENTENCE_SCOPE: dict[
    str, Callable[[EventMention, Doc, _Context, Sequence[ActorMention]], bool]
] = {
    "Agreement": _between_sides,
    "Armed clash": _armed_sides,
    "Arrests": _political_arrest,
    "Other": _in_unrest,
}


def _after_publication(m: EventMention, published: Published | None) -> bool:
    """The text dates the event after the day the article was published (not a date the
    pipeline inferred): what it tells is yet to happen."""
    if published is None or published.end is None or published.source == DateSource.INFERRED:
        return False
    return m.date_start is not None and not m.date_inferred and m.date_start > published.end


def scope_of(
    doc: Doc,
    lex: EventLexicon,
    actors: Sequence[ActorMention] = (),
    places: Sequence[object] = (),
    *,
    words: int | None = None,
) -> Scope:
    """ACLED's scope for one article: the distinct scope words it uses ("rebel", "troop",
    "ceasefire", "protest") and the armed actors it names (a country's name is not one: "France"
    the team; police alone are not: a robbery's arrest is not political violence). ``words``
    is the article's length in words where ``doc`` parses only some of it."""
    if words is None:
        words = sum(1 for t in doc if t.is_alpha)
    if lex.scope_min <= 0 or words < lex.scope_text_words:
        return Scope("conflict", f"short text ({words} words): judged by its triggers alone")
    armed = scope_actors(actors, lex, places)
    named = sorted({a.text for a in armed if a.via == "alias" and not _generic_id(a)})
    cues = sorted(
        {
            t.lemma_.lower() if t.lemma_.lower() in lex.scope_words else t.lower_
            for t in doc
            if t.lemma_.lower() in lex.scope_words or t.lower_ in lex.scope_words
        }
    )
    said = ", ".join(cues[:6]) + (" …" if len(cues) > 6 else "")
    families = {lex.scope_family.get(c, c) for c in cues}
    if named:
        return Scope("conflict", f"names armed groups or forces: {', '.join(named[:4])}")
    sport = _sport_words(doc, lex)
    if lex.sport_min and len(sport) >= lex.sport_min:
        return Scope(
            "actors",
            f"{len(sport)} words of sport ({', '.join(sorted(sport)[:4])}): a match report, "
            "only events with an armed actor or protesters of their own",
        )
    if lex.scope_conflict_min and len(families) >= lex.scope_conflict_min:
        return Scope("conflict", f"{len(cues)} words of armed conflict or protest: {said}")
    if len(cues) + len(armed) >= lex.scope_min:
        if not lex.scope_conflict_min:
            return Scope("conflict", f"words of armed conflict or protest: {said or 'none'}")
        what = f"{len(cues)} word{'s' if len(cues) != 1 else ''} ({said})" if cues else "no word"
        return Scope(
            "actors",
            f"{what} of armed conflict or protest: only events with an armed actor or "
            "protesters of their own",
        )
    return Scope("out", "no armed actor and no word of armed conflict or protest")


def _sport_words(doc: Doc, lex: EventLexicon) -> set[str]:
    """The distinct words of sport in a parse, one word or two ("end zone")."""
    if not lex.sport_words:
        return set()
    words = [t.lower_ for t in doc if not t.is_space]
    found = {w for w in words if w in lex.sport_words}
    found |= {
        f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if f"{a} {b}" in lex.sport_words
    }
    return found


def scope_actors(
    actors: Sequence[ActorMention],
    lex: EventLexicon,
    places: Sequence[object],
    *,
    country_names: frozenset[str] = frozenset(),
) -> list[ActorMention]:
    """The mentions of armed actors, protesters or rioters that put news in ACLED's scope: not
    a country's name ("France" the team), not police, a government or the opposition alone (a
    robbery's arrest, a cabinet's statement), and not "they" standing for one of those.

    A country's name is one where the geoparser placed it as the country (``places``) or,
    where nothing was placed yet, one of ``country_names``. A weak actor is one of the
    lexicon's ``weak_actors`` or a phrase ending in one of its ``weak_heads`` ("Lebanon
    police", "the German government")."""
    countries = {
        (getattr(p, "start", None), getattr(p, "end", None))
        for p in places
        if str(getattr(p, "feature_code", "")).startswith("PCL")
    }
    weak, heads = lex.scope_weak_actors, lex.scope_weak_heads

    def counts(a: ActorMention) -> bool:
        text = a.text.lower()
        return (
            a.actor.kind in _ARMED
            and (a.start, a.end) not in countries
            and text not in country_names
            and text not in weak
            and text.rsplit(None, 1)[-1] not in heads
        )

    by_span = {(a.start, a.end): a for a in actors}

    def stands_for_armed(a: ActorMention) -> bool:
        if a.via != "pronoun":
            return counts(a)
        ref = by_span.get(a.refers_to) if a.refers_to is not None else None
        # "they" counts as what it stands for; where that mention is gone, as itself
        return counts(ref) if ref is not None else a.actor.kind in _ARMED

    return [a for a in actors if stands_for_armed(a)]


def _generic_id(a: ActorMention) -> bool:
    return a.via != "alias" or a.actor.id.startswith(("generic:", "side:"))


def _has_acled_actor(m: EventMention, armed: Sequence[ActorMention]) -> bool:
    """The event's sentence names an armed actor, protesters or rioters of its own (not
    civilians alone, not police alone), or the event is a change of control."""
    if m.territory is not None and m.territory.new_controller is not None:
        return True
    return _names_one(m, armed)


def _date_fields(token: Token, sentence: Span, ctx: _Context) -> dict[str, object]:
    after = _after_clause_background(token, ctx.lexicon)
    retold = after and _stretch_unit(token) not in ("hour", "day", "week")
    if after and _time_for(token, sentence, ctx, own_only=True) is None:
        back = _measured_back(token, sentence, ctx)
        if back:
            return back  # "freed on Monday, seven months after the group overran it"
    t = _time_for(token, sentence, ctx, own_only=retold)
    if retold and t is None:
        return {}  # "a year after the RSF seized the city": months before the news, undated
    if t is None:
        t = _during_named_before(token, sentence, ctx)
    if t is not None and t.value_start is not None:
        return {
            "date_start": t.value_start,
            "date_end": t.value_end or t.value_start,
            "date_precision": t.precision,
            "date_text": t.text,
        }
    if t is not None and _weekday(t) is not None:
        window = _window(ctx) if ctx.pub_day is None else {}
        return {"weekday": _weekday(t), "date_text": t.text, **window}
    return _window(ctx)


def _armed_holder(actor: ActorRef, lex: EventLexicon) -> bool:
    """An actor the registry knows, or one named by a word for an armed group ("the
    alliance", "Kokang fighters"), not a capitalised name alone ("Republicans"): who can
    hold ground, where "held" and "controlled" also say who won a vote."""
    if not actor.id.startswith("named:"):
        return True
    words = actor.name.lower().split()
    return bool(words) and (
        words[-1] in lex.group_nouns or words[-1].rstrip("s") in lex.group_nouns
    )


def _since_start(dates: dict[str, object], ctx: _Context) -> dict[str, object]:
    """Standing control's date: where its "since" starts ("held since 2012" took the place in
    2012, not over the years to the article), or nothing where the text gives no date."""
    said = dates.get("date_text")
    if not isinstance(said, str) or dates.get("date_inferred"):
        return {}
    rest = re.sub(r"^\s*(?:ever\s+)?since\s+", "", said, flags=re.IGNORECASE)
    if rest == said:
        return {}  # the time that dates the clause is no "since"
    from frontlines.time import extract_times

    found = [
        t for t in extract_times(rest, published=ctx.published, use_model=False) if t.value_start
    ]
    if not found:
        return {}
    t = found[0]
    return {
        "date_start": t.value_start,
        "date_end": t.value_end or t.value_start,
        "date_precision": t.precision,
        "date_text": said,
    }


_CAMPAIGNS = frozenset(
    {"offensive", "counteroffensive", "operation", "campaign", "war", "battle", "siege", "assault"}
)


def _during_named_before(token: Token, sentence: Span, ctx: _Context) -> TimeMention | None:
    """The date of a campaign an undated trigger happened during, where an earlier sentence
    dates it: "...which began Operation 1027 in October 2023. During the first phase of that
    offensive the alliance captured Hsenwi" happened in October 2023 or soon after, not on
    the day of the article."""
    verb = _clause_verb(token)
    campaign = None
    for prep in [*verb.children, *token.children]:
        if prep.dep_ != "prep" or prep.lower_ not in ("during", "in", "throughout"):
            continue
        for w in prep.subtree:
            if w.lemma_.lower() in _CAMPAIGNS and any(
                d.lower_ in ("that", "this", "the") for d in w.children if d.dep_ == "det"
            ):
                campaign = w
                break
    if campaign is None:
        return None
    doc = token.doc
    for back in range(sentence.start - 1, max(-1, sentence.start - 120), -1):
        w = doc[back]
        if w.lemma_.lower() != campaign.lemma_.lower() and not (
            campaign.lemma_.lower() in ("offensive", "operation", "campaign")
            and w.lemma_.lower() in ("offensive", "operation", "campaign")
        ):
            continue
        earlier = w.sent
        t = _time_for(w, earlier, ctx, own_only=True)
        if t is not None and t.value_start is not None:
            return t
    return None


def _window(ctx: _Context) -> dict[str, object]:
    """An undated mention's dates: the window before publication, inferred. Published some
    time in an interval ("2021-08", an inferred range), the event is no later than its end
    and at most the usual window before its start."""
    pub = ctx.published
    if ctx.pub_day is not None:
        start, end = ctx.pub_day, ctx.pub_day
    elif pub is not None and pub.start is not None and pub.end is not None:
        start, end = pub.start, pub.end
    else:
        return {}
    return {
        "date_start": start - dt.timedelta(days=UNDATED_WINDOW_DAYS),
        "date_end": end,
        "date_precision": DatePrecision.RANGE,
        "date_inferred": True,
    }


# a stretch of days is not measured back: "took the town on Wednesday, a day after the rebels
# withdrew" tells one change of hands, and the day it is coded on is the taker's
_STRETCH_UNITS = {"week": "week", "month": "month", "year": "year"}


def _words_above(token: Token, words: tuple[str, ...]) -> Iterator[Token]:
    """The words among ``words`` ("after", "since") on the trigger, above it and beside those,
    nearest first, up to four levels."""
    cur = token
    for _ in range(4):
        near = [*cur.children, *cur.head.children]
        for w in [cur, cur.head, *near]:
            if w.lower_ in words:
                yield w
        if cur.head == cur:
            break
        cur = cur.head


def _stretch(token: Token) -> tuple[Token, Token] | None:
    """The "after" or "since" above the trigger and the stretch that measures it ("seven
    months" in "seven months after the group overran it")."""
    for w in _words_above(token, ("after", "since")):
        # on the word ("[seven months] after its fall") or, for a clause's mark, on the
        # clause ("[seven months] after the group overran it")
        beside = list(w.head.children) if w.dep_ == "mark" else []
        for c in [*w.children, *beside]:
            if c.dep_ == "npadvmod" and c.i < w.i:
                return w, c
    return None


def _measured_back(token: Token, sentence: Span, ctx: _Context) -> dict[str, object]:
    """The date of an event an after-clause measures back from the clause above it ("freed
    on Monday, seven months after the group overran it": May; "three weeks after government
    forces had captured it": the week three weeks before), or nothing where the clause above
    has no date or the stretch is no plain count of weeks, months or years."""
    found = _stretch(token)
    if found is None:
        return {}
    mark, stretch = found
    unit = _STRETCH_UNITS.get(stretch.lemma_.lower())
    if unit is None:
        return {}
    words = [c.text for c in stretch.children if c.dep_ in ("nummod", "det")]
    if [w.lower() for w in words] in (["a"], ["an"], ["one"]):
        words = ["1"]  # "a day after", "a year after"
    amount = parse_amount(words) if words else None
    if amount is None or amount[0] is None or amount[0] != amount[1] or amount[0] > 100:
        return {}
    n = amount[0]
    if mark.dep_ == "mark":  # "after the group overran it": the clause it opens hangs below
        if mark.head.head == mark.head:
            return {}
        main = _clause_verb(mark.head.head)
    else:  # "after its fall": a preposition on the clause above
        main = _clause_verb(mark.head)
    anchor = _time_for(main, sentence, ctx)
    if anchor is None or anchor.value_start is None:
        return {}
    day = anchor.value_start
    if unit == "week":
        mid = day - dt.timedelta(weeks=n)
        start, end = (
            mid - dt.timedelta(days=mid.weekday()),
            mid + dt.timedelta(days=6 - mid.weekday()),
        )
        precision = DatePrecision.WEEK
    elif unit == "month":
        y, m = divmod(day.year * 12 + day.month - 1 - n, 12)
        start = dt.date(y, m + 1, 1)
        end = (dt.date(y + (m + 1) // 12, (m + 1) % 12 + 1, 1)) - dt.timedelta(days=1)
        precision = DatePrecision.MONTH
    else:
        start, end = dt.date(day.year - n, 1, 1), dt.date(day.year - n, 12, 31)
        precision = DatePrecision.YEAR
    return {
        "date_start": start,
        "date_end": end,
        "date_precision": precision,
        "date_text": f"{stretch.left_edge.doc[stretch.left_edge.i : mark.i + 1].text} {anchor.text}",
    }


def _stretch_unit(token: Token) -> str | None:
    """The unit of the stretch an after-clause is measured by ("days after", "a year after"),
    found on the nearest "after"/"since" above the trigger; None without one."""
    for w in _words_above(token, ("after", "since", "before")):
        for c in w.children:
            if c.dep_ == "npadvmod":
                return c.lemma_.lower()
    return None


def _is_background(token: Token, dates: dict[str, object], ctx: _Context) -> bool:
    """History the article retells: an after-clause with a stretch of time ("two years after
    the siege"), or a date more than ``background_days`` before the earliest day the article
    can have been published (its publication date, else the latest date it names: a text
    that names March 2018 retells a mine blast of 2013)."""
    if _after_clause_background(token, ctx.lexicon) or _months_ago(token) or _for_years(token):
        return True
    end = dates.get("date_end")
    if not isinstance(end, dt.date) or dates.get("date_inferred"):
        return False
    since = ctx.published.start if ctx.published is not None else None
    if since is None:
        since = ctx.named_after
    if since is None:
        return False
    return end < since - dt.timedelta(days=ctx.lexicon.background_days)


_LONG_AGO = frozenset({"month", "year", "decade", "century"})


def _for_years(token: Token) -> bool:
    """A trigger its clause says went on for years ("has fought for Karen self-rule for
    decades"): a history, not one event."""
    verb = _clause_verb(token)
    for head in {token, verb}:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ != "for":
                continue
            for obj in prep.children:
                if (
                    obj.dep_ == "pobj"
                    and obj.lemma_.lower() in {"decade", "year", "century"}
                    and (obj.tag_ == "NNS" or any(c.like_num for c in obj.children))
                ):
                    return True
    return False


def _months_ago(token: Token) -> bool:
    """The trigger's own phrase dates it months or years back ("the protests that ignited the
    conflict seven years ago", "rebels took the town two years ago"), whatever day the article
    was published."""
    verb = _clause_verb(token)
    near = [*token.subtree, *(verb.children if verb is not token else ())]
    for t in near:
        if t.lower_ != "ago" or t.i == 0:
            continue
        if t.doc[t.i - 1].lemma_.lower() in _LONG_AGO or any(
            c.lemma_.lower() in _LONG_AGO for c in t.children
        ):
            return True
    return False


_GAINS = frozenset({"gain", "gain_noun"})


def _verb_of(lemma: str, lex: EventLexicon) -> str:
    """The verb a noun of change names ("seizure" -> "seize"), else the lemma itself."""
    return lex.verb_of.get(lemma, lemma)


def _territory_mention(
    new: ActorRef,
    prev: ActorRef | None,
    *,
    base: dict[str, object],
    trig: Trigger,
    group: list[LocatedPlace],
    scope: str,
    count: Quantity | None,
    area: float | None,
    facility: str | None,
    whole: bool,
    modality: Modality,
    said: Modality | None = None,
) -> EventMention:
    """The mention of one place changing hands to ``new`` (from ``prev``)."""
    if trig.sub_event_type == TERRITORY_SUBTYPE:
        # ACLED: a foreign state's forces taking ground count with non-state actors
        sub = GOVERNMENT_REGAINS if new.kind is ActorKind.STATE_FORCES else NONSTATE_OVERTAKES
    else:
        sub = trig.sub_event_type
    return EventMention(
        **base,  # type: ignore[arg-type]
        event_type=trig.event_type,
        sub_event_type=sub,
        actor1=new,
        actor2=prev,
        place=place_ref(group[0]) if group else None,
        territory=TerritoryChange(
            new_controller=new,
            previous_controller=prev,
            scope=scope,
            facility=facility,
            whole=whole,
            count=count,
            area_km2=area,
        ),
        confidence=0.7 if modality is Modality.ASSERTED else 0.4,
    ).model_copy(update={"modality": said or modality})


def _borrow_agents(
    found: list[EventMention], agentless: Sequence[_Agentless], ctx: _Context
) -> list[EventMention]:
    """Changes of hands that name no one, given the taker the article names elsewhere.

    "The rebels captured the town in the spring ... The capture of X in August was a blow":
    a noun or a passive of change dated by its own words takes up a verb told before or after,
    so where the article says, with the same verb ("seizure" and "seize" are one), that
    exactly one side took the same place, that side took it. Where it names two (taken and
    retaken), or the two are dated apart, or the change has no date of its own words ("army
    units entered the city on Saturday", an inferred day), it stays uncoded: better none than
    the wrong side."""
    out: list[EventMention] = []
    for a in agentless:
        pid = place_ref(a.place).geonameid
        if pid is None:
            continue
        takers = [
            (m, m.territory)
            for m in found
            if ctx.gains.get(id(m), (None, ""))[1] == a.lemma
            and m.place is not None
            and m.place.geonameid == pid
            and m.territory is not None
            and m.territory.new_controller is not None
        ]
        if len({t.new_controller.id for _, t in takers if t and t.new_controller}) != 1:
            continue
        donor, change = takers[0]
        assert change is not None and change.new_controller is not None
        mention = a.build(change.new_controller, change.previous_controller)
        if mention.date_start is None or mention.date_inferred or _dated_apart(mention, donor):
            continue  # what the noun adds is its date: without one it only repeats the verb
        out.append(mention)
        for m, _ in takers:  # one change told twice: the verb told with no date has the noun's
            if m.date_start is None:
                m.date_start, m.date_end = mention.date_start, mention.date_end
                m.date_precision, m.date_text = mention.date_precision, mention.date_text
    return found + out


def _dated_apart(a: EventMention, b: EventMention) -> bool:
    """Both dated (by their text, or by the window before publication an undated change in
    a dated article gets), on days that cannot be the same: "Army units entered the city"
    this week is not "the RSF entered the city in December 2023"."""
    if a.date_start is None or b.date_start is None:
        return False
    a_end = a.date_end or a.date_start
    b_end = b.date_end or b.date_start
    return a_end < b.date_start or b_end < a.date_start


def _sentence_events(sentence: Span, ctx: _Context) -> list[EventMention]:
    lex = ctx.lexicon
    ctx.sentence = sentence
    tokens = list(sentence)  # one pass making spaCy's Token objects; reused below
    lemmas = [_lemma(t) for t in tokens]
    lowers = [t.lower_ for t in tokens]
    # "a think tank", "a fuel tank": no weapon in the sentence
    civil = {t.head.i for t in tokens if t.dep_ == "compound" and t.lower_ in lex.civil_qualifiers}
    context_lemmas = {
        w
        for t, lem, low in zip(tokens, lemmas, lowers, strict=True)
        if t.i not in civil
        for w in (lem, low)
    }
    found: list[EventMention] = []
    heads = lex.heads
    candidates = [
        t
        for t, lem, low in zip(tokens, lemmas, lowers, strict=True)
        if lem in heads or low in heads
    ]
    killed, injured = casualties(sentence, lex)
    if (
        not candidates
        and killed is None
        and injured is None
        and not (context_lemmas & lex.violent_acts)
    ):
        return found
    title_case = _title_case(sentence)
    actor_spans = [(a.start, a.end) for a in ctx.actors]
    lo, hi = sentence.start_char, sentence.end_char
    blocked = [(s, e) for s, e in actor_spans if s < hi and lo < e] + [
        (p.start, p.end) for p in ctx.places if p.start < hi and lo < p.end
    ]
    for token in candidates:
        if any(s <= token.idx < e for s, e in blocked) or _is_name_part(
            token, sentence, title_case
        ):
            continue  # "Liberation" in a group's name, "Fall" in a place's
        trig = _find_trigger(token, sentence, lex, context_lemmas, killed)
        # "killed since the fighting began": the fighting there only dates a running toll
        since_clause = token.dep_ == "nsubj" and any(
            c.dep_ == "mark" and c.lower_ == "since" for c in token.head.children
        )
        own_toll = None if since_clause else killed
        if token.dep_ == "pobj" and token.head.lower_ == "without":
            continue  # "moved in without a fight": no fight
        if trig is None or (trig.territory is None and _is_back_reference(token, own_toll)):
            continue
        if trig.territory is None and _no_one_event(token, lex):
            continue  # "an assault rifle", "attacks have fallen", "resigned in protest"
        if trig.territory is None and own_toll is not None and _told_before(own_toll, sentence):
            continue  # "the 20 killed included four children": a toll told already
        if (
            trig.territory is None
            and token.lemma_.lower() in lex.killed
            and _vague_thousands(own_toll)
            and not any(lo <= p.start < hi for p in ctx.places)
            and not any(lo <= t.start < hi and t.value_start is not None for t in ctx.times)
        ):
            continue  # "lost tens of thousands of soldiers killed there": a war's toll
        if trig.territory is None and token.dep_ == "amod" and token.tag_ == "VBN":
            continue  # "the coffin of a murdered policeman": a victim named, not an event told
        dates = _date_fields(token, sentence, ctx)
        if trig.standing:
            dates = _since_start(dates, ctx)
            if not dates:
                continue  # "held X since the rebels withdrew": no day the text gives
        if _describes_a_side(token, trig, dates, lex):
            continue  # "the coalition that has fought IS in Syria": who they are, not a battle
        if (
            trig.territory is None
            and not dates.get("date_text")
            and _habit(token, trig.sub_event_type)
        ):
            continue  # "the vehicles launch 155mm shells": what they do, not what they did
        background = _is_background(token, dates, ctx)
        modality = _modality(token, sentence, lex)
        base = {
            "article_id": ctx.article_id,
            "trigger": token.text,
            "trigger_start": token.idx,
            "trigger_end": token.idx + len(token.text),
            "sentence": sentence.text,
            "sentence_start": sentence.start_char,
            "sentence_end": sentence.end_char,
            "modality": modality,
            "background": background,
            **dates,
        }
        if trig.territory:
            verb = _verb_of(_lemma(token), lex)  # "seizure" and "seize" are one
            for group, new, prev, scope, count, area, facility, whole in _territory(
                trig, token, ctx, sentence
            ):
                build = partial(
                    _territory_mention,
                    base=base,
                    trig=trig,
                    group=group,
                    scope=scope,
                    count=count,
                    area=area,
                    facility=facility,
                    whole=whole,
                    modality=modality,
                )
                if new is None:
                    if group and trig.territory in _GAINS and not trig.standing:
                        # "the capture of X in August" with no one named: the article may
                        # say who elsewhere (:func:`_borrow_agents`)
                        ctx.agentless.append(_Agentless(lemma=verb, place=group[0], build=build))
                    continue  # a change of hands to nobody we can name is not coded
                if trig.standing and not _armed_holder(new, lex):
                    continue  # "Republicans have controlled Texas since 1994": politics
                said = modality
                if modality is Modality.ASSERTED and _own_word(token, new, ctx):
                    said = Modality.CLAIMED  # "X said it had captured Y": one side's word
                found.append(build(new, prev, said=said))
                if trig.territory in _GAINS:
                    ctx.gains[id(found[-1])] = (found[-1], verb)
            continue
        actor1, actor2 = _actors_of(token, ctx)
        place = _nearest_place(token, sentence, ctx, actor_spans)
        found.append(
            EventMention(
                **base,  # type: ignore[arg-type]
                event_type=trig.event_type,
                sub_event_type=trig.sub_event_type,
                actor1=actor1,
                actor2=actor2,
                place=place_ref(place) if place else None,
                confidence=0.6 if modality is Modality.ASSERTED else 0.3,
            )
        )
        m = found[-1]
        # "confirmed the attack, saying eight were killed"
        if (
            _pos(token) == "NOUN"
            and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children)
            and not any(
                c.dep_ in ("amod", "compound", "nummod", "prep", "npadvmod") for c in token.children
            )
        ):
            ctx.toll_only[id(m)] = m
        if token.lemma_.lower() in lex.killed:
            ctx.toll_only[id(m)] = m  # "the ministry said three people were killed"
    found = _crowd_events(sentence, ctx, found)
    found = _refine(sentence, ctx, found, killed)
    found = _force_on_protesters(sentence, ctx, found, killed)
    found = _one_per_kind(found)
    # "captured Saraqib after heavy clashes": the fighting is how the town changed hands
    # (with a toll of its own, the fighting stays an event)
    if (
        any(
            m.territory is not None and m.modality in (Modality.ASSERTED, Modality.CLAIMED)
            for m in found
        )
        and killed is None
        and injured is None
    ):
        found = [m for m in found if m.sub_event_type != "Armed clash"]
    lowered = sentence.text.lower()
    handed = {
        (m.place.geonameid if m.place else None)
        for m in found
        if m.sub_event_type == "Non-violent transfer of territory"
    }
    for m in found:  # "withdrew from Lashio and returned control of the town": one handover
        if m.territory is not None and (m.place.geonameid if m.place else None) in handed:
            m.event_type = "Strategic developments"
            m.sub_event_type = "Non-violent transfer of territory"
    if any(cue in lowered for cue in lex.nonviolent):
        for m in found:
            if m.territory is not None:
                m.event_type = "Strategic developments"
                m.sub_event_type = "Non-violent transfer of territory"
    violent = [m for m in found if m.territory is None and m.event_type != "Strategic developments"]
    if (killed or injured) and violent:
        violent[0].fatalities = killed
        violent[0].injuries = injured
    elif killed or injured:
        tolls = _casualty_event(sentence, ctx, killed, injured, actor_spans)
        ctx.toll_only.update((id(m), m) for m in tolls)
        found.extend(tolls)
    if any(m.event_type in _HARM for m in found if m.territory is None):
        # "torched houses and killed five villagers": the killing is the event (ACLED's order)
        found = [m for m in found if m.sub_event_type != "Looting/property destruction"]
    return found


def _own_word(token: Token, taker: ActorRef, ctx: _Context) -> bool:
    """The taker's own side reports the gain: "the ministry said its forces captured Y",
    "Russia says its troops took X". A neutral source, the reporter, or the losing side's
    admission keep it asserted."""
    for gov in _governors(token):
        if gov.lemma_.lower() not in ctx.lexicon.reporting:
            continue
        speaker, _ = _subject(gov)
        if speaker is None:
            return False
        who = _actor_in([speaker], ctx)
        if who is not None:
            actor = who.actor
        else:
            found = _country_forces([speaker], ctx, owner=True)
            if found is None:
                return False
            actor = found
        if not actor.kind.is_state and actor.kind not in (
            ActorKind.REBEL_GROUP,
            ActorKind.POLITICAL_MILITIA,
            ActorKind.IDENTITY_MILITIA,
        ):
            return False
        same_class = actor.kind.is_state == taker.kind.is_state
        return same_class and (actor.country_code or "") == (taker.country_code or "")
    return False


def _crowd_events(sentence: Span, ctx: _Context, found: list[EventMention]) -> list[EventMention]:
    """Protesters who storm or burn riot; a mob that beats or kills commits mob violence.

    Replaces what the trigger words alone made of the same verb ("stormed" is no capture here).
    """
    lex = ctx.lexicon
    out = list(found)
    for token in sentence:
        if _pos(token) != "VERB" or token.lemma_.lower() not in lex.violent_acts:
            continue
        subj, passive = _subject(token)
        if subj is None or passive:
            continue
        head = subj.lemma_.lower()
        actor = _actor_in([subj], ctx)
        kind = actor.actor.kind if actor else None
        if head in lex.mobs:
            sub = "Mob violence"
        elif head in lex.protesters or kind in (ActorKind.PROTESTERS, ActorKind.RIOTERS):
            sub = "Violent demonstration"
        else:
            continue
        out = [m for m in out if m.trigger_start != token.idx]
        if any(m.sub_event_type == sub for m in out):
            continue
        dates = _date_fields(token, sentence, ctx)
        place = _nearest_place(token, sentence, ctx, [(a.start, a.end) for a in ctx.actors])
        out.append(
            EventMention(
                article_id=ctx.article_id,
                event_type="Riots",
                sub_event_type=sub,
                trigger=token.text,
                trigger_start=token.idx,
                trigger_end=token.idx + len(token.text),
                sentence=sentence.text,
                sentence_start=sentence.start_char,
                sentence_end=sentence.end_char,
                actor1=actor.actor if actor else None,
                place=place_ref(place) if place else None,
                modality=_modality(token, sentence, lex),
                background=_is_background(token, dates, ctx),
                confidence=0.5,
                **dates,  # type: ignore[arg-type]
            )
        )
    return out


_REMOTE = {
    "Shelling/artillery/missile attack",
    "Air/drone strike",
    "Grenade",
    "Remote explosive/landmine/IED",
}


_BARE_ATTACKS = {"attack", "massacre", "raid", "assault", "kill", "shoot", "gun"}


def _vague_thousands(q: Quantity | None) -> bool:
    """ "thousands", "tens of thousands": a war's toll, never one event's count."""
    return (
        q is not None
        and q.low is not None
        and q.high is not None
        and q.low != q.high
        and q.high >= 1000
    )


def _is_toll(q: Quantity | None) -> bool:
    """A running toll rather than one event's dead: a bound of a thousand or more ("more
    than 500,000 killed", "up to 10,000") or a vague thousand-scale range. "At least 38
    killed" and "as many as 20" are how news counts one event's dead: no toll."""
    if q is None:
        return False
    if q.low is None:
        return q.high is None or q.high >= 1000
    if q.high is None:
        return q.low >= 1000
    return _vague_thousands(q)


def _refine(
    sentence: Span, ctx: _Context, found: list[EventMention], killed: Quantity | None = None
) -> list[EventMention]:
    """Sentence-level rules between events: a chemical makes a strike a chemical attack, a
    suicide bomb is not also an IED, detentions by foreign or non-state forces are abductions,
    firing on protesters is excessive force."""
    lex = ctx.lexicon
    lemmas = {t.lemma_.lower() for t in sentence} | {t.lower_ for t in sentence}
    subs = {m.sub_event_type for m in found}
    killing = {"kill", "killed", "killing", "shoot", "shot", "shooting", "gun", "gunned"}
    others = [m for m in found if m.trigger.lower() not in killing and m.territory is None]
    out: list[EventMention] = []
    for m in found:
        if m.trigger.lower() in killing and others:
            continue  # "..., killing two soldiers": the toll of the strike, not another event
        if m.trigger.lower() in killing and _is_toll(killed):
            continue  # "hundreds of thousands have been killed in the conflict"
        if (
            m.sub_event_type in _REMOTE
            and lemmas & lex.chemical
            and (
                "Chemical weapon" in subs
                or lemmas & {"sarin", "chlorine", "chloropicrin", "mustard", "nerve", "toxic"}
            )
        ):
            if "Chemical weapon" in subs:
                continue
            m.sub_event_type = "Chemical weapon"
            subs.add("Chemical weapon")
        if m.sub_event_type == "Remote explosive/landmine/IED" and "Suicide bomb" in subs:
            continue
        if (
            m.sub_event_type == "Armed clash"
            and m.trigger.lower().rstrip("s") in ("raid", "operation", "assault")
            and subs & {"Abduction/forced disappearance", "Attack", "Arrests"}
        ):
            continue  # "abducted 20 villagers during a raid": the raid is how they were taken
        if (
            m.sub_event_type == "Arrests"
            and m.actor1 is not None
            and m.actor1.kind is not ActorKind.STATE_FORCES
        ):
            m.event_type = "Violence against civilians"
            m.sub_event_type = "Abduction/forced disappearance"
        if (
            m.actor1 is not None
            and m.actor1.kind.is_state
            and m.event_type
            in ("Violence against civilians", "Battles", "Explosions/Remote violence")
            and m.territory is None
            and lemmas & lex.protesters
        ):
            m.event_type = "Protests"
            m.sub_event_type = "Excessive force against protesters"
        out.append(m)
    return out


_NOT_HAPPENED = frozenset({Modality.PLANNED, Modality.CONDITIONAL, Modality.NEGATED})
AGREEMENT = "Agreement"
_HARM = frozenset({"Violence against civilians", "Battles", "Explosions/Remote violence"})


_AT_A_PROTEST = frozenset(
    {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Arrests",
        "Attack",
        "Armed clash",
        "Abduction/forced disappearance",
    }
)
_CROWD_WORDS = frozenset({"protest", "rally", "demonstration", "march", "marcher", "sit-in"})
_CROWD_WEAPONS = frozenset({"tear", "teargas", "pepper", "rubber", "stun", "cannon", "baton"})


def _force_on_protesters(
    sentence: Span, ctx: _Context, found: list[EventMention], killed: Quantity | None
) -> list[EventMention]:
    """ACLED grades what authorities do to a protest by the force used: arrests, tear gas,
    water cannon, rubber bullets are an intervention ("Protest with intervention"); killing
    or live fire is "Excessive force against protesters". One event for the sentence, not a
    protest, an arrest and an attack side by side."""
    words = [t for t in sentence if t.ent_type_ not in ("DATE", "TIME")]  # not "March 4"
    lemmas = {t.lemma_.lower() for t in words} | {t.lower_ for t in words}
    lo, hi = sentence.start_char, sentence.end_char
    crowd = [
        a
        for a in ctx.actors
        if a.actor.kind in (ActorKind.PROTESTERS, ActorKind.RIOTERS) and lo <= a.start < hi
    ]
    if not crowd and not lemmas & _CROWD_WORDS:
        return found
    mine = [m for m in found if m.territory is None and m.sub_event_type in _AT_A_PROTEST]
    if not mine:
        return found
    state = [a.actor for a in ctx.actors if a.actor.kind.is_state and lo <= a.start and a.end <= hi]
    crowd_weapons = bool(lemmas & _CROWD_WEAPONS)
    shot = bool(lemmas & {"shoot", "shot", "gun", "gunfire"}) and not crowd_weapons
    lethal = (killed is not None and (killed.low or 0) > 0) or "live" in lemmas or shot
    intervened = crowd_weapons or any(
        m.sub_event_type == "Protest with intervention"
        or (  # "arrested 40 protesters"; not "arrested opposition members ahead of a protest"
            m.sub_event_type == "Arrests"
            and m.actor2 is not None
            and m.actor2.kind in (ActorKind.PROTESTERS, ActorKind.RIOTERS)
        )
        for m in mine
    )
    if state and lethal:
        sub = "Excessive force against protesters"
    elif intervened and (
        state or any(m.sub_event_type == "Protest with intervention" for m in mine)
    ):
        sub = "Protest with intervention"
    else:
        return found
    first = mine[0]
    protesters = crowd[0].actor if crowd else None
    one = first.model_copy(
        update={
            "event_type": "Protests",
            "sub_event_type": sub,
            "actor1": protesters or first.actor1,
            "actor2": state[0] if state else first.actor2,
            "fatalities": killed
            if sub == "Excessive force against protesters"
            else first.fatalities,
        }
    )
    return [one, *(m for m in found if all(m is not x for x in mine))]


def _one_per_kind(found: list[EventMention]) -> list[EventMention]:
    """One mention per sentence for each sub-event and place; a specific weapon beats a bare attack."""
    seen: set[tuple[str, str, int | None, bool]] = set()
    specific = any(m.event_type == "Explosions/Remote violence" for m in found)
    out = []
    for m in found:
        if (
            specific
            and m.territory is None
            and m.sub_event_type in ("Attack", "Armed clash")
            and (
                m.trigger.lower().rstrip("s") in _BARE_ATTACKS
                or m.trigger.lower() in ("attacked", "killed", "shot")
            )
        ):
            continue
        key = (
            m.sub_event_type,
            m.territory.new_controller.id if m.territory and m.territory.new_controller else "",
            m.place.geonameid if m.place else None,
            m.territory is not None,
        )
        if key in seen:
            continue
        seen.add(key)
        out.append(m)
    return out


def _tolls_of_told_events(out: list[EventMention], ctx: _Context) -> list[EventMention]:
    """A count of dead or wounded with no trigger, place or date of its own ("The officials
    said 35 people also were wounded"), or "the attack" told again with its toll, after an
    event of harm is that event's toll, not a second event: its figures go to the event
    where it has none."""
    kept: list[EventMention] = []
    for m in out:
        own = m.place is not None or not m.date_inferred
        earlier = [k for k in kept if k.territory is None and k.event_type in _HARM]
        if id(m) not in ctx.toll_only or own or not earlier:
            kept.append(m)
            continue
        main = earlier[0]
        if main.fatalities is None and m.fatalities is not None:
            main.fatalities = m.fatalities
        if main.injuries is None and m.injuries is not None:
            main.injuries = m.injuries
    return kept


def _told_before(q: Quantity, sentence: Span) -> bool:
    """A figure with a definite article ("the 20 killed", "those 14 dead") refers back to a
    toll the article has given: the same event, not another one."""
    if q.start is None:
        return False
    span = sentence.doc.char_span(q.start, q.end or q.start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = sentence.doc[span.start - 1]
    return before.lower_ in ("the", "those", "these") and before.i >= sentence.start


def _casualty_event(
    sentence: Span,
    ctx: _Context,
    killed: Quantity | None,
    injured: Quantity | None,
    actor_spans: list[tuple[int, int]],
) -> list[EventMention]:
    """A sentence that counts dead or wounded without naming how: an attack or a clash."""
    q = killed or injured
    assert q is not None
    lex = ctx.lexicon
    if _is_toll(q):
        return []  # "hundreds of thousands killed in the conflict": a toll, not an event
    if _told_before(q, sentence):
        return []  # "the 20 killed included four children": the toll of an event told already
    who = {w.lower().rstrip("s") for part in (q.parts or [q]) for w in (part.who or "").split()}
    civilian = bool(who & lex.civilian_words) and not (who & lex.armed_words)
    anchor = (
        sentence.doc.char_span(q.start, q.end, alignment_mode="expand")
        if q.start is not None and q.end is not None
        else None
    )
    token = anchor.root if anchor is not None else sentence.root
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head != verb:
        verb = verb.head
    dates = _date_fields(verb, sentence, ctx)
    if any(
        t.mod in _BOUND_MODS
        for t in ctx.times
        if sentence.start_char <= t.start < sentence.end_char
    ):
        return []  # "killed since the fighting began": a running toll, not one event
    modality = _modality(verb, sentence, lex)
    actor1, _ = _actors_of(verb, ctx)
    place = _nearest_place(verb, sentence, ctx, actor_spans)
    return [
        EventMention(
            article_id=ctx.article_id,
            event_type="Violence against civilians" if civilian else "Battles",
            sub_event_type="Attack" if civilian else "Armed clash",
            trigger=verb.text,
            trigger_start=verb.idx,
            trigger_end=verb.idx + len(verb.text),
            sentence=sentence.text,
            sentence_start=sentence.start_char,
            sentence_end=sentence.end_char,
            actor1=actor1,
            place=place_ref(place) if place else None,
            fatalities=killed,
            injuries=injured,
            modality=modality,
            background=_is_background(verb, dates, ctx),
            confidence=0.4,
            **dates,  # type: ignore[arg-type]
        )
    ]
