"""Who took a place from whom: the territory roles of a trigger ("recaptured X from Y", "X fell to Y",
"withdrew from X"), the implied previous holder, and which place (or area) the words mean.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from frontlines.events.context import (
    _PLACE_NOUNS,
    LocatedPlace,
    _Context,
    _located,
    _span_chars,
    _token_at,
)
from frontlines.events.grammar import (
    _actor_in,
    _agent,
    _governors,
    _objects,
    _places_in,
    _pos,
    _preps,
    _subject,
)
from frontlines.events.lexicon import (
    Trigger,
    interstate_wars,
)
from frontlines.events.model import (
    ActorKind,
    ActorMention,
    ActorRef,
    Quantity,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_AREA_UNITS = {"kilometer", "kilometre", "km", "kms", "km2", "mile", "hectare"}


_COUNTABLE_PLACES = {
    "village",
    "town",
    "city",
    "position",
    "settlement",
    "locality",
    "hill",
    "area",
}


_SIDE_WORDS = {
    "opposition": "rebel", "rebel": "rebel", "insurgent": "rebel", "militant": "rebel",
    "jihadist": "rebel", "regime": "state", "government": "state", "army": "state",
    "military": "state", "loyalist": "state",
}  # fmt: skip


def _generic(kind: str, country: str | None) -> ActorRef:
    """The generic state's forces or rebels of a country, for an implied party."""
    cc = country or "XX"
    if kind == "state":
        return ActorRef(
            id=f"generic:state:{cc}",
            name=f"state forces ({cc})",
            kind=ActorKind.STATE_FORCES,
            country_code=country,
            side="government",
        )
    return ActorRef(
        id=f"generic:rebel:{cc}",
        name=f"rebel groups ({cc})",
        kind=ActorKind.REBEL_GROUP,
        country_code=country,
        side="opposition",
    )


def _enemy_state(cc: str | None, when: dt.date | None) -> str | None:
    """The state ``cc`` is at war with as a state on ``when`` (``data/wars.toml``), if one."""
    if cc is None:
        return None
    for other, since, until in interstate_wars().get(cc, []):
        if when is None or (
            (not isinstance(since, dt.date) or since <= when)
            and (not isinstance(until, dt.date) or when <= until)
        ):
            return other
    return None


def enemy_state(cc: str | None, when: dt.date | None) -> str | None:
    """The state ``cc`` is at war with as a state on ``when`` (``data/wars.toml``), if one."""
    return _enemy_state(cc, when)


def state_forces_of(cc: str, home: str | None) -> ActorRef:
    """The forces of state ``cc``: its state forces at home, external forces elsewhere."""
    return _state_of(cc, home)


def _state_of(cc: str, home: str | None) -> ActorRef:
    kind = ActorKind.STATE_FORCES if cc == home else ActorKind.EXTERNAL_FORCES
    return ActorRef(
        id=f"generic:state:{cc}",
        name=f"state forces ({cc})",
        kind=kind,
        country_code=cc,
        side="government" if kind is ActorKind.STATE_FORCES else f"external:{cc}",
    )


def _opponent(
    actor: ActorRef, place_country: str | None, country: str | None, when: dt.date | None = None
) -> ActorRef | None:
    """Who held a place before ``actor`` retook it, or took it when ``actor`` left."""
    where = place_country or country
    if actor.kind in (ActorKind.STATE_FORCES, ActorKind.EXTERNAL_FORCES):
        enemy = _enemy_state(actor.country_code, when)
        if enemy is not None:  # "Ukrainian troops recaptured X": Russia's forces held it
            return _state_of(enemy, where)
    if actor.kind in (ActorKind.STATE_FORCES,):
        return _generic("rebel", actor.country_code or where)
    if actor.kind is ActorKind.EXTERNAL_FORCES:
        return _generic("state", where) if where and where != actor.country_code else None
    if actor.kind in (
        ActorKind.REBEL_GROUP,
        ActorKind.POLITICAL_MILITIA,
        ActorKind.IDENTITY_MILITIA,
    ):
        return _generic("state", actor.country_code or where)
    return None


def _contains(area: LocatedPlace, inner: LocatedPlace) -> bool:
    """``area`` is an admin area or country that holds ``inner``."""
    code = area.feature_code or ""
    if area is inner or not area.country_code or area.country_code != inner.country_code:
        return False
    if code.startswith("PCL"):
        return True
    if code == "ADM1":
        return bool(area.admin1_code) and area.admin1_code == getattr(inner, "admin1_code", None)
    return False


def _most_specific(places: list[LocatedPlace]) -> list[LocatedPlace]:
    """Drop each place that contains another of the list ("Khan Sheikhoun in Idlib province")."""
    return [p for p in places if not any(_contains(p, q) for q in places if q is not p)]


def _territory(
    trig: Trigger,
    token: Token,
    ctx: _Context,
    sentence: Span,
) -> list[
    tuple[
        list[LocatedPlace],
        ActorRef | None,
        ActorRef | None,
        str,
        Quantity | None,
        float | None,
        str | None,
        bool,
    ]
]:
    """(places, new controller, previous controller, scope, count, area, facility, whole) for
    a territory trigger; ``whole``: an admin area the text says changed hands whole."""
    subj, passive = _subject(token) if _pos(token) == "VERB" else (None, False)
    if _pos(token) == "VERB" and token.dep_ == "amod" and token.tag_ == "VBN":
        subj, passive = token.head, True  # "the recently recaptured city of X"
    agent = _agent(token)
    actor_spans = [(a.start, a.end) for a in ctx.actors]
    objects: list[Token]
    holder_tokens: list[Token] = []  # who does it
    kind = trig.territory
    if kind == "gain" and _pos(token) == "NOUN":  # "announced the capture of X": the noun's frame
        kind = "gain_noun"
    if kind == "gain_noun":
        objects = _preps(token, ("of",))
        gov = token.head if token.dep_ in ("dobj", "pobj") else None
        while gov is not None and gov.pos_ == "ADP":
            gov = gov.head
        if gov is not None and gov.pos_ in ("VERB", "AUX"):
            s, _ = _subject(gov)
            if s is not None:
                holder_tokens = [s]
        holder_tokens += _preps(token, ("by",))
        # "Russia's capture of Avdiivka": the possessor took it
        holder_tokens = [c for c in token.children if c.dep_ == "poss"] + holder_tokens
        kind = "gain"
    elif kind == "fall" and _pos(token) == "NOUN":  # "the fall of Kunduz to the Taliban"
        objects = _preps(token, ("of",))
        holder_tokens = _preps(token, ("to", "into", "under"))
    elif kind == "expel":  # "drove the rebels out of Bor", "cleared Palma of insurgents"
        objects, ousted = _expel_frame(token, subj if passive else None)
        holder_tokens = [subj] if subj is not None and not passive else []
        if passive:
            holder_tokens = [agent] if agent is not None else []
    elif passive and kind in ("gain", "handover"):
        objects = [subj] if subj is not None else []
        holder_tokens = [agent] if agent is not None else []
    elif kind == "leave" and _pos(token) == "NOUN":  # "the withdrawal of its troops from X"
        # only one said to happen ("announced", "completed"), not one demanded or talked of
        done = token.dep_ in ("dobj", "nsubj", "nsubjpass") and (
            token.head.lemma_.lower() in ctx.lexicon.done_verbs
        )
        objects = _preps(token, ("from",)) if done else []
        holder_tokens = [c for c in token.children if c.dep_ == "poss"] + _preps(token, ("of",))
        gov = token.head if token.dep_ in ("dobj", "pobj", "nsubj") else None
        while gov is not None and gov.pos_ == "ADP":
            gov = gov.head
        if gov is not None and gov.pos_ in ("VERB", "AUX"):
            s, _ = _subject(gov)  # "Russia announced the withdrawal", "troops completed it"
            if s is not None:
                holder_tokens.append(s)
    elif kind == "fall":
        objects = [subj] if subj is not None else []
        if subj is not None and subj.dep_ == "attr":  # "X is the fifth town to fall to Y"
            objects += [c for c in subj.head.children if c.dep_ == "nsubj"]
        holder_tokens = _preps(token, ("to", "into", "under"))
    else:
        objects = _objects(token)
        holder_tokens = [subj] if subj is not None else []
        if kind == "leave":
            objects = _preps(token, ("from", "of", "out")) + [
                c for c in token.children if c.dep_ == "dobj"
            ]
            for child in token.children:  # "pull out of X"
                if child.dep_ == "prt":
                    objects += _preps(child, ("of",))
                    objects += [g for g in child.children if g.dep_ == "pobj"]
                if child.dep_ == "prep" and child.lower_ == "out":
                    objects += _preps(child, ("of",))
                if child.dep_ == "advmod" and child.lower_ in ("back", "away", "out"):
                    objects += _preps(child, ("from", "of"))  # "pulled back from X"
        if kind == "gain" and passive:
            objects = [subj] if subj is not None else []
            holder_tokens = [agent] if agent is not None else []
        if trig.needs & {"into"}:  # "swept into the city"
            objects = objects + _preps(token, ("into",))
        if trig.needs & {"victory"}:  # "declared victory over Islamic State in Mosul"
            wins = [c for c in token.children if c.dep_ == "dobj"]
            # "declared victory in Mosul": the place can hang on the victory itself
            objects = wins + _preps(token, ("in",)) + [g for v in wins for g in _preps(v, ("in",))]
        if trig.needs & {"flag", "banner"}:  # "raised their flag over the town hall in X"
            flags = [c for c in token.children if c.dep_ == "dobj"]
            over = [g for t in (token, *flags) for g in _preps(t, ("over", "above", "atop"))]
            objects = over or [g for t in (token, *flags) for g in _preps(t, ("in", "on", "at"))]
        if (
            not objects
            and token.tag_ == "VBN"
            and token.dep_ in ("oprd", "ccomp", "xcomp", "acomp")
        ):
            # "declared Ramadi liberated": the thing declared is the governing verb's object
            objects = [c for c in token.head.children if c.dep_ == "dobj"] + [
                c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")
            ]
            gov_subj, _ = _subject(token.head)
            holder_tokens = [gov_subj] if gov_subj is not None else []
    objects = [_antecedent(o) for o in objects]  # "X, which rebels had seized in 2020"
    holder_m = _actor_in(holder_tokens, ctx)
    if holder_m is not None and holder_m.actor.kind in _CANNOT_HOLD:
        holder_m = None  # "residents said the rebels took the town": a source, not the taker
    holder = holder_m.actor if holder_m else None
    # "government forces" with no country said: the government of the place taken
    home_government = holder_m is not None and _home_government(holder_m)
    possessed = holder_m is not None and holder_m.text.lower().startswith(("its ", "their "))
    possessed = possessed or (
        (holder_m is None or holder_m.via == "generic")  # "its troops": whose, not "troops"
        and any(
            c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her")
            for t in holder_tokens
            for c in t.children
        )
    )
    if possessed:
        # "Russia said it was pulling its forces back": whose forces the speaker says
        for gov in _governors(token):
            g_subj, _ = _subject(gov) if gov.pos_ in ("VERB", "AUX") else (None, False)
            if g_subj is None and gov.pos_ == "NOUN":
                # "Russian claims that its forces had captured X": whose claim
                whose = [c for c in gov.children if c.dep_ in ("amod", "poss", "compound")]
                g_subj = whose[0] if whose else None
            if g_subj is None:
                continue
            owner = _country_forces([g_subj], ctx, owner=True)
            owner_m = _actor_in([g_subj], ctx)
            if owner is None and owner_m is None and gov.pos_ == "NOUN":
                cc = _country_word(g_subj.text)
                owner = _state_of(cc, ctx.country or cc) if cc else None
            if owner is not None or owner_m is not None:
                holder = owner if owner is not None else owner_m.actor  # type: ignore[union-attr]
                break
    if holder is None and kind == "fall":  # "fell under opposition control"
        for tok in holder_tokens:
            for t in tok.subtree:
                side = _SIDE_WORDS.get(t.lemma_.lower())
                if side:
                    holder = _generic(side, ctx.country)
                    break
        # "fell into Taliban hands", "came under Russian control": the words on the hands
        owners = [
            c
            for tok in holder_tokens
            if tok.lemma_.lower() in ("hand", "control")
            for c in tok.children
            if c.dep_ in ("compound", "amod", "poss", "nmod")
        ]
        if holder is None and owners:
            cc = next((c for c in (_country_word(o.text) for o in owners) if c), None)
            if cc is not None:
                holder = _state_of(cc, ctx.country or cc)
            else:
                holder_tokens = owners
    if holder is None:  # "Ukraine recaptured Izium", "Russia took Avdiivka": the country's forces
        holder = _country_forces(holder_tokens, ctx)
    if holder is None and holder_tokens and not possessed:
        # "the Taliban seized Kunduz": a group no actor file names is still an armed group
        holder = _unregistered_group(holder_tokens, ctx)
    if holder is None and _pos(token) == "VERB":
        # "preparing a counteroffensive to retake Hama": whoever prepares it; a reporting
        # verb's subject ("residents said") is only the source
        pronoun = bool(holder_tokens) and all(t.pos_ == "PRON" for t in holder_tokens)
        # "the army announced that Goniri had been retaken": no one else is named, and a side
        # tells of its own gains (in its own word: claimed)
        unnamed = not holder_tokens and _own_passive(token)
        for gov in _governors(token):
            if gov.lemma_.lower() in ctx.lexicon.reporting and unnamed:
                s_tok, s_passive = _subject(gov)
                if s_tok is not None and not s_passive:
                    speaker = _actor_in([s_tok], ctx)
                    if speaker is not None and speaker.actor.kind not in _CANNOT_HOLD:
                        holder = speaker.actor
                    elif speaker is None:
                        holder = _unregistered_group([s_tok], ctx)
                break
            if gov.lemma_.lower() in ctx.lexicon.reporting and not pronoun:
                break  # "X seized Y, residents said"; but "X said it had seized Y" is X
            s_tok, s_passive = _subject(gov) if gov.pos_ in ("VERB", "AUX") else (None, False)
            if s_tok is not None and not s_passive:
                found_m = _actor_in([s_tok], ctx)
                if found_m is not None and found_m.actor.kind not in _CANNOT_HOLD:
                    holder = found_m.actor
                    break
                if pronoun:  # "Ukraine said it had withdrawn", "the M23 group claims it has"
                    holder = _country_forces([s_tok], ctx, owner=True) or _unregistered_group(
                        [s_tok], ctx
                    )
                    if holder is not None:
                        break
    # the place(s)
    places = _most_specific(_places_in(objects, ctx, actor_spans))
    seats = _seat_of(objects, ctx)
    if seats:  # "captured the capital of Paktika province": Sharana, not the province
        places = seats

    from_tokens = _preps(token, ("from",))
    if _own_passive(token):
        from_tokens += _preps(token, ("of",))  # "Mubi has been freed of the insurgents"
    if trig.needs & {"victory"}:
        from_tokens = from_tokens + [g for v in objects for g in _preps(v, ("over",))]
    previous_m = _actor_in(from_tokens, ctx) if kind in ("gain",) else None
    if kind == "expel":
        previous_m = _actor_in(ousted, ctx)
        kind = "gain"
        actor_spans = actor_spans + [_span_chars(t) for t in ousted]
    referred = _coreferent_place(objects, ctx) if not trig.place_object else []
    if referred and all(_is_locator(p, objects) for p in places):
        places = referred  # "withdrew from the town in southern Idlib": the town named before
    if not places and not trig.place_object:
        places = referred  # "the city fell": the city named just before
    if not places and kind in ("gain",) and _pos(token) == "VERB" and not trig.place_object:
        # "seized 3,035 square kilometers in eastern Idlib": the place is where the area lies
        places = _most_specific(
            _places_in(
                [
                    c
                    for c in token.children
                    if c.dep_ == "prep" and c.lower_ in ("in", "across", "around")
                ],
                ctx,
                actor_spans,
            )
        )
        places = places or _most_specific(_places_in([o for o in objects], ctx, actor_spans))
    if not seats and any(o.lemma_.lower() in ("capital", "seat") for o in objects):
        # its chief town unknown, the area only says whose capital fell: no place
        places = [p for p in places if not str(p.feature_code or "").startswith(("ADM", "PCL"))]
    # counts and areas
    count: Quantity | None = None
    area_km2: float | None = None
    scope = "place"
    for obj in objects:
        lemma = obj.lemma_.lower()
        nums = [c for c in obj.children if c.dep_ == "nummod" or c.like_num]
        if lemma in _AREA_UNITS or any(t.lemma_.lower() in _AREA_UNITS for t in obj.subtree):
            for t in obj.subtree:
                if t.like_num:
                    try:
                        area_km2 = float(t.text.replace(",", ""))
                    except ValueError:
                        continue
                    break
            scope = "aggregate"
        elif lemma in _COUNTABLE_PLACES and nums and obj.tag_ in ("NNS", "NNPS"):
            words = [
                t.text for t in sorted({t for c in nums for t in c.subtree}, key=lambda t: t.i)
            ]
            from frontlines.events.quantities import parse_amount

            amount = parse_amount(
                [
                    w
                    for w in words
                    if w.lower() not in ("more", "than", "over", "around", "about", "some")
                ]
            )
            if amount:
                low, high = amount
                if {"more", "over"} & {w.lower() for w in words}:
                    low, high = (low or 0) + 1, None
                count = Quantity(
                    low=low,
                    high=high,
                    text=" ".join(words + [obj.text]),
                    start=obj.left_edge.idx,
                    end=obj.idx + len(obj.text),
                )
            scope = "aggregate"
    places = _drop_locators(places, objects)
    if objects and not referred:
        # "the village of Sichneve in the Dnipropetrovsk region", with Sichneve unknown: the
        # region only says where the place taken lies; better no place than the wrong one
        places = [p for p in places if not _only_locates(p, objects, ctx)]
    groups: list[tuple[LocatedPlace, str]] = []
    facility_of: dict[int, str] = {}
    whole: set[int] = set()  # admin areas said to have changed hands whole
    listed = [p for p in places if _listed(p, objects)]
    if scope == "place" and any(
        o.tag_ in ("NNS", "NNPS") and o.lemma_.lower() in _COUNTABLE_PLACES for o in objects
    ):
        scope = "aggregate"  # "seized several towns in Borno": which towns, the text does not say
    if scope == "aggregate" and _pos(token) == "VERB":
        # "retook 37 towns in the northeast, including A, B and C": the towns it names
        named = [
            t for t in token.subtree if t.lower_ in ("including", "notably") and t.dep_ == "prep"
        ]
        extra = [
            p
            for p in _places_in(named, ctx, actor_spans)
            if p not in places
            and not str(p.feature_code or "").startswith(("PCL", "ADM"))
            and _named_by(p, named)  # "including A, B and C", not "including in Aleppo"
        ]
        places = places + extra
        listed = listed + extra
    for p in places:
        said = p  # the name as the text has it (offsets for the parse)
        area, part = _area_reading(p, ctx)
        if area is not None:
            p = area
        code = str(p.feature_code or "")
        if code.startswith("PCL"):
            continue  # a country changes hands only through its places: "a village in Ukraine"
        if not _in_the_war(p, ctx, holder, previous_m.actor if previous_m else None):
            continue  # a namesake abroad ("Kibumba" read as a district of Rwanda): no place
        if not _spelled(said):
            continue  # a village the gazetteer lacks, matched to a look-alike: no place
        is_area = code.startswith("ADM")
        said_whole = is_area and _whole_area(said, objects, token, ctx)  # "all of X province"
        facility = _FACILITY_CODES.get(code)
        if not trig.needs & {"flag", "banner"}:  # a flag over the town hall: the town's
            facility = _facility_of(said, objects, ctx) or facility
        if scope == "aggregate" and said in listed:
            groups.append((p, "place"))  # "37 towns, including X and Y", "the cities of X and Y"
        elif scope == "aggregate":  # "3,035 square kilometers in Idlib", "20 towns in Aleppo"
            groups.append((p, "aggregate"))
        elif facility is not None:  # "the airport in Kindu": the airport, not the town
            groups.append((p, "facility"))
            facility_of[id(p)] = facility
        elif (
            part
            or _partial_object(said, objects, ctx)
            or (
                area is None
                and _vague_object(p, objects)
                # "all of Sool region", "the entire Kharkiv region": the whole area, not a vague
                # stretch ("entered the Aghdam region" stays vague: read as the area on the
                # tune split, it added a false change and no true one)
                and not said_whole
            )
        ):
            groups.append((p, "within"))  # "southern Idlib", "parts of Aleppo"
        elif is_area:
            groups.append((p, "admin_area"))
            if said_whole:
                whole.add(id(p))
        else:
            groups.append((p, "place"))
    kept = [g for g in groups if not any(_contains(g[0], o[0]) for o in groups if o is not g)]
    groups = kept or groups
    # who took it, who lost it
    new: ActorRef | None
    prev: ActorRef | None
    place_cc = places[0].country_code if places else None
    if kind in ("gain", "fall"):
        new = holder
        prev = previous_m.actor if previous_m else None
        if (
            prev is None
            and new is not None
            and (
                trig.implies_previous
                or kind == "fall"
                or trig.lemmas & {"capture", "seize", "overrun"}
            )
        ):
            prev = _opponent(new, place_cc, ctx.country, ctx.pub_day)
        if new is None and prev is not None and (trig.implies_previous or previous_m is not None):
            new = _opponent(
                prev, place_cc, ctx.country, ctx.pub_day
            )  # "recaptured from Islamic State"
    elif kind == "leave":
        prev = holder
        to_m = _actor_in(_leave_to(token), ctx)  # "leaving the town to the RSF"
        new = (
            to_m.actor
            if to_m
            else (_opponent(holder, place_cc, ctx.country, ctx.pub_day) if holder else None)
        )
    else:  # handover
        prev = holder
        to_m = _actor_in(_leave_to(token), ctx)  # "handed X (back|over) to Y"
        new = to_m.actor if to_m else None
    if not groups and count is None and area_km2 is None:
        return []
    if not groups:
        return [([], new, prev, "aggregate", count, area_km2, None, False)]
    home = home_government and new is holder and new is not None

    def taker(p: LocatedPlace) -> ActorRef | None:
        if home and p.country_code:
            # "opposition factions backed by Turkey regained Saraqeb, weeks after government
            # forces had captured it" in an article on Turkey: Syria's government
            return state_forces_of(p.country_code, p.country_code)
        return _abroad(_local(new, p.country_code), p.country_code)

    return [
        (
            [p],
            taker(p),
            _abroad(_local(prev, p.country_code), p.country_code),
            sc,
            count,
            area_km2,
            facility_of.get(id(p)),
            id(p) in whole,
        )
        for p, sc in groups
    ]


# GeoNames feature codes of places that are facilities themselves ("Qayyarah Airfield West").
_FACILITY_CODES = {
    "AIRB": "airbase", "AIRF": "airfield", "AIRP": "airport", "AIRH": "heliport",
    "MILB": "base", "INSM": "base", "DAM": "dam", "PRN": "prison", "PS": "plant",
    "PSH": "plant", "BDG": "bridge", "CSTM": "checkpoint", "PO": "post", "FT": "fort",
    "PRT": "port", "OILF": "oilfield", "MNAU": "mine", "MN": "mine",
}  # fmt: skip


_RELATIVES = frozenset({"which", "that"})


def _antecedent(token: Token) -> Token:
    """What a relative pronoun stands for: "Saraqib, which rebels had seized in 2020" is
    Saraqib (the noun its clause hangs on); any other word stands for itself."""
    if token.lower_ not in _RELATIVES or token.tag_ not in ("WDT", "WP"):
        return token
    clause = token.head
    if clause.dep_ == "relcl" and clause.head is not clause:
        return clause.head
    return token


def _path_up(
    place: LocatedPlace, objects: list[Token], *, own_conjunct: bool = False
) -> list[Token]:
    """The tokens from a place's name up to the object it sits under, the object included.
    ``own_conjunct``: stop at the place's own conjunct ("a key airport and all of Idlib":
    Idlib is not under the airport)."""
    if not objects:
        return []
    root = _token_at(objects[0].doc, place)
    if root is None:
        return []
    tops = {o.i for o in objects}
    path = [root]
    cur = root
    for _ in range(8):
        if cur.i in tops or cur.head == cur:
            break
        if own_conjunct and cur.dep_ == "conj":
            return path
        cur = cur.head
        path.append(cur)
    return path if path[-1].i in tops else []


def _spelled(place: LocatedPlace) -> bool:
    """The gazetteer spells the place as the text does (exactly or by romanisation), not
    only by a fuzzy look-alike ("Kibumba" for "Katumba"): only then may it change hands."""
    if place.geonameid is None or not place.text:
        return True
    from frontlines.geo.geoparse import default_gazetteer_path

    return _spelled_as(str(default_gazetteer_path()), place.text)


@cache
def _spelled_as(gazetteer: str, text: str) -> bool:
    """Some place is spelled ``text`` in that gazetteer, by more than a fuzzy match; a name
    with no match at all came by another road (an alias, a part of a name) and passes."""
    from frontlines.geo.geoparse import default_gazetteer

    found = default_gazetteer().match(text)
    return not found or not all(c.match == "fuzzy" for c in found)


def _in_the_war(place: LocatedPlace, ctx: _Context, *actors: ActorRef | None) -> bool:
    """The place lies in the article's country, a country of one of the actors, or a state at
    war with one of those: a town the gazetteer can only find abroad is a wrong namesake."""
    cc = place.country_code
    if not cc or not ctx.country:
        return True
    home = {ctx.country}
    named: dict[str, set[int]] = {}  # country -> the distinct places the article names in it
    for p in ctx.places:
        if p.country_code and p.geonameid is not None:
            named.setdefault(p.country_code, set()).add(p.geonameid)
        if p.country_code and str(p.feature_code or "").startswith(("PCL", "ADM1")):
            home.add(p.country_code)  # "in Afghanistan", "Helmand province"
    home |= {c for c, ids in named.items() if len(ids) > 1}
    home |= {  # a group no file names takes the article's country: no evidence of its own
        a.country_code
        for a in actors
        if a is not None and a.country_code and not a.id.startswith(("named:", "generic:rebel"))
    }
    wars = {other for c in home for other, _, _ in interstate_wars().get(c or "", [])}
    return cc in home or cc in wars


def _named_by(place: LocatedPlace, heads: list[Token]) -> bool:
    """The place is a name ``heads`` list directly ("including A, B and C"), through names and
    list links only."""
    if not heads:
        return False
    cur = _token_at(heads[0].doc, place)
    tops = {h.i for h in heads}
    for _ in range(30):
        if cur is None or cur.head == cur:
            return False
        if cur.head.i in tops:
            return cur.dep_ == "pobj"
        if cur.dep_ not in ("conj", "appos", "compound", "pobj"):
            return False
        cur = cur.head
    return False


def _listed(place: LocatedPlace, objects: list[Token]) -> bool:
    """The place is one a plural object names: "the cities of X and Y", "37 towns, including X",
    "the villages X, Y and Z" (not "towns in X", where X only says where they lie)."""
    path = _path_up(place, objects)
    if len(path) < 2:
        return False
    return not any(
        t.dep_ == "prep" and t.lower_ in ("in", "near", "outside", "around", "across")
        for t in path[1:]
    ) and any(
        t.dep_ in ("prep", "appos", "conj", "pobj", "compound", "nmod")
        and (t.dep_ != "prep" or t.lower_ in ("of", "including", "like"))
        for t in path[:-1]
    )


def _facility_of(place: LocatedPlace, objects: list[Token], ctx: _Context) -> str | None:
    """The facility the object names in the place: "Tripoli International Airport", "the
    army's headquarters in El Fasher", "the airport in the city". None for the place itself."""
    nouns = ctx.lexicon.facilities
    heads = [o for o in objects if o.lemma_.lower() in nouns or o.lower_ in nouns]
    if heads and not _path_up(place, objects):
        return heads[0].lemma_.lower()  # "captured the airport [on Monday] in Kindu"
    for tok in _path_up(place, objects, own_conjunct=True):
        if tok.dep_ in ("compound", "amod", "nmod") and tok.head.lemma_.lower() in _PLACE_NOUNS:
            continue  # "a factory town", "the mining town": a kind of town, not a facility
        if tok.pos_ in ("NOUN", "PROPN") and (tok.lemma_.lower() in nouns or tok.lower_ in nouns):
            if (place.start or 0) <= tok.idx < (place.end or 0):
                continue  # a word of the place's own name ("Mine Town")
            return tok.lemma_.lower()
    return None


def _partial_object(place: LocatedPlace, objects: list[Token], ctx: _Context) -> bool:
    """The object is a part of the place: "most of X", "the outskirts of X", "70% of X",
    "districts of X", "positions near X"."""
    words = ctx.lexicon.partial
    return _said_on_path(place, objects, words, ("amod", "nummod", "quantmod", "det"))


def _said_on_path(
    place: LocatedPlace, objects: list[Token], words: frozenset[str], deps: tuple[str, ...]
) -> bool:
    """One of ``words`` on the way from the place's name up to its object ("most of X", "all
    of X"), or modifying a token on that way by one of ``deps`` ("the entire X region")."""
    for tok in _path_up(place, objects, own_conjunct=True)[1:]:  # above the name's own head
        inside = (place.start or 0) <= tok.idx < (place.end or 0)
        if not inside and (tok.lower_ in words or tok.lemma_.lower() in words):
            return True
        if any(c.dep_ in deps and c.lower_ in words for c in tok.children):
            return True
    return False


def _whole_area(place: LocatedPlace, objects: list[Token], token: Token, ctx: _Context) -> bool:
    """The text says the whole area changed hands: "all of X province", "the entire X
    region", "full control of X", "completely liberated X"."""
    words = ctx.lexicon.whole
    if any(c.dep_ == "advmod" and c.lower_ in words for c in token.children):
        return True  # "completely liberated"
    for c in token.children:  # "took full control of"
        if c.dep_ in ("dobj", "obj") and any(
            g.dep_ in ("amod", "det") and g.lower_ in words for g in c.children
        ):
            return True
    return _said_on_path(place, objects, words, ("amod", "det", "predet", "advmod"))


def _abroad(actor: ActorRef | None, cc: str | None) -> ActorRef | None:
    """A state's forces in another state are external forces there: Russia's army taking a
    Ukrainian town is not a government regaining its own ground."""
    if actor is None or cc is None or not actor.country_code or not actor.kind.is_state:
        return actor
    if actor.kind is ActorKind.EXTERNAL_FORCES and actor.country_code == cc:
        # "Syrian government troops regained Saraqeb" in an article about Russia: at home
        return actor.model_copy(update={"kind": ActorKind.STATE_FORCES, "side": "government"})
    if actor.kind is not ActorKind.STATE_FORCES or actor.country_code == cc:
        return actor
    return actor.model_copy(
        update={"kind": ActorKind.EXTERNAL_FORCES, "side": f"external:{actor.country_code}"}
    )


# Who never takes ground: a crowd that storms a building riots (``_crowd_events``), and
# residents or civilians are the ones a place's holders rule.
_CANNOT_HOLD = {ActorKind.CIVILIANS, ActorKind.PROTESTERS, ActorKind.RIOTERS}

# Words that make a name no actor file knows a state's ("the Government of National
# Accord", "junta troops", "regime forces"); "army" is not one ("the Arakan Army").
_STATE_WORDS = {"government", "junta", "regime", "ministry", "police", "military"}
# a state's office holders: "Prime Minister X declared victory in Mosul" speaks for the state
_OFFICES = {"president", "minister", "premier", "chancellor", "king", "emir", "governor"}

_NOT_GROUPS = {"GPE", "LOC", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY"}


def _own_passive(token: Token) -> bool:
    """The trigger is a passive verb of its own ("had been retaken"), not one inherited."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children)


_HOME_WORDS = frozenset({"government", "regime", "junta"})
_UNQUALIFIED = frozenset({"the", "government", "regime", "junta", "forces", "troops", "army"})


def _home_government(m: ActorMention) -> bool:
    """ "government forces", "regime troops": a generic state's forces that no country name
    qualifies (not "Turkish government forces"), so the government of where they fight."""
    words = m.text.replace("-", " ").split()
    return (
        m.via == "generic"
        and m.actor.id.startswith("generic:state:")
        and any(w.lower() in _HOME_WORDS for w in words)
        and all(w.lower() in _UNQUALIFIED for w in words)  # "pro-government" is a militia
    )


def _unregistered_group(tokens: Sequence[Token], ctx: _Context) -> ActorRef | None:
    """A doer that no actor file names but that reads as an armed group: a group noun at its
    head ("fighters of the X movement", "X militants") or a name that is no place, person or
    source ("the Taliban", "M23"). A non-state actor of the article's country until the place
    is known (``_local`` then gives it the place's)."""
    for tok in tokens:
        if tok.pos_ == "PRON" or tok.lower_ in ("who", "which", "that"):
            continue
        lo, hi = _span_chars(tok)
        if any(lo <= a.start and a.end <= hi for a in ctx.actors):
            continue  # a named actor the resolver already weighed (a source, a civilian)
        if any(p.start <= tok.idx < p.end for p in ctx.places):
            continue  # a place as the doer: "Kunduz fell", a country's forces elsewhere
        head_noun = tok.lemma_.lower() in ctx.lexicon.group_nouns or tok.lower_ in (
            ctx.lexicon.group_nouns
        )
        named = (
            tok.pos_ == "PROPN" and tok.ent_type_ not in _NOT_GROUPS and tok.ent_type_ != "PERSON"
        )
        if not (head_noun or named):
            continue
        names = [t for t in tok.subtree if t.pos_ == "PROPN" and t.ent_type_ not in _NOT_GROUPS]
        loyal = any(
            t.lemma_.lower() in ("loyal", "allied", "aligned", "faithful")
            or (t.dep_ == "poss" and t.ent_type_ == "PERSON")
            for t in tok.subtree
        )
        if names and loyal and all(t.ent_type_ == "PERSON" for t in names):
            continue  # "forces loyal to X", "X's forces": whose side a person's are, no rule says
        if any(t.lemma_.lower() in _STATE_WORDS | _OFFICES for t in tok.subtree) and not any(
            t.lower_.startswith("anti") for t in tok.subtree
        ):
            # "the Government of National Accord": a government's forces, of its country
            return _generic("state", ctx.country)
        if (
            head_noun
            and tok.lemma_.lower() in ("army", "force", "forces")
            and not any(t.pos_ == "PROPN" and t.ent_type_ not in _NOT_GROUPS for t in tok.subtree)
        ):
            continue  # "the army", "forces": a state's forces the generic phrases already read
        words = [t for t in tok.subtree if not (t.i == tok.left_edge.i and t.dep_ == "det")]
        name = " ".join(t.text for t in words[:8]).strip() or tok.text
        cc = ctx.country
        slug = "-".join(w.lower() for w in name.split() if w.isalnum())[:40] or "group"
        return ActorRef(
            id=f"named:{slug}:{cc or 'XX'}",
            name=name,
            kind=ActorKind.REBEL_GROUP,
            country_code=cc,
            side="opposition",
        )
    return None


def _expel_frame(token: Token, passive_subj: Token | None) -> tuple[list[Token], list[Token]]:
    """(where, who was driven out) of "drove A out of X", "pushed A from X", "cleared X of A",
    "expelled A from X", "A were driven out of X". Nothing without someone driven out ("pushed
    from Avdiivka towards Pokrovsk" is an advance)."""
    dobj = [c for c in token.children if c.dep_ == "dobj"]
    where: list[Token] = []
    for child in token.children:
        if child.lower_ == "out" and child.dep_ in ("prt", "prep", "advmod"):
            where += _preps(child, ("of",)) + [g for g in child.children if g.dep_ == "pobj"]
    where += _preps(token, ("from", "out"))
    if where:
        ousted = [passive_subj] if passive_subj is not None else dobj
        return (where, ousted) if ousted else ([], [])
    if passive_subj is not None:  # "Palma was cleared of insurgents"
        return [passive_subj], _preps(token, ("of",))
    # "cleared X of A": the object is the place, "of A" the ones driven out
    ousted = _preps(token, ("of",)) + [
        g for d in dobj for g in _preps(d, ("of",)) if g.pos_ != "PROPN"
    ]
    return dobj, ousted


def _local(actor: ActorRef | None, cc: str | None) -> ActorRef | None:
    """Generic rebels fight in the country of the place ("factions backed by Turkey" in Saraqeb
    are Syrian rebels): a generic non-state actor takes the place's country."""
    if (
        actor is None
        or cc is None
        or not actor.id.startswith(("generic:", "named:"))
        or actor.kind.is_state
    ):
        return actor
    if actor.country_code == cc:
        return actor
    prefix, kind, _ = actor.id.split(":", 2)
    return actor.model_copy(update={"country_code": cc, "id": f"{prefix}:{kind}:{cc}"})


_REFERRING_NOUNS = {"city", "town", "village", "capital", "province", "region", "area", "district"}


def _only_locates(place: LocatedPlace, objects: list[Token], ctx: _Context) -> bool:
    """The place says where something else lies: "the village of X in the Y region", "a town
    near Y". Where a facility lies ("the airport in Kindu") it is the facility's place."""
    path = _path_up(place, objects)
    root = path[0] if path else None
    if (
        root is not None
        and len(path) > 1
        and root.dep_ in ("compound", "amod", "nmod")
        and root.head.lemma_.lower() in _REFERRING_NOUNS
        and any(c.dep_ == "prep" and c.lower_ == "of" for c in root.head.children)
    ):
        return True  # "the southern Gaza city of Khan Younis": Gaza says where the city lies
    for tok in path[1:]:
        if tok.dep_ == "prep" and tok.lower_ in ("in", "near", "outside", "around"):
            host = tok.head
            nouns = ctx.lexicon.facilities
            return not (host.lemma_.lower() in nouns or host.lower_ in nouns)
    return False


def _is_locator(place: LocatedPlace, objects: list[Token]) -> bool:
    """The place only says where the object lies: "the town in southern Idlib"."""
    if not objects:
        return False
    root = _token_at(objects[0].doc, place)
    if root is None:
        return False
    if root.dep_ in ("compound", "amod", "nmod") and root.head in objects:
        return root.head.lemma_.lower() in _REFERRING_NOUNS  # "the northern Shan State town"
    if root.dep_ != "pobj" or root.head.lower_ not in ("in", "near", "outside"):
        return False
    return root.head.head in objects


def _coreferent_place(objects: list[Token], ctx: _Context) -> list[LocatedPlace]:
    """ "the city", "the town": the last place named before it, of a matching kind; "it" as
    what was taken: the town its sentence named or referred to before it."""
    for obj in objects:
        if obj.lower_ == "it" and obj.dep_ in ("dobj", "nsubjpass"):
            return _it_place(obj, ctx)
        if obj.lemma_.lower() not in _REFERRING_NOUNS:
            continue
        if not any(c.lower_ in ("the", "this", "that") for c in obj.children if c.dep_ == "det"):
            continue
        areas = [
            (p.start, p.end)
            for p in ctx.places
            if str(p.feature_code or "").startswith(("ADM", "PCL", "RGN"))
        ]
        if any(
            t.pos_ == "PROPN"
            and t.i != obj.i
            and not any(s <= t.idx < e for s, e in areas)  # "the northern Shan State town"
            for c in obj.children
            if c.dep_ in ("prep", "appos", "compound") and (c.dep_ != "prep" or c.lower_ == "of")
            for t in c.subtree
        ):
            continue  # "the town of Rumangabo": a name of its own, known or not, is no "the town"
        if obj.dep_ == "attr":  # "Kherson was the only regional capital captured": Kherson
            subjects = [c for c in obj.head.children if c.dep_ == "nsubj"]
            named = _places_in(subjects, ctx, []) if subjects else []
            if named:
                return named[:1]
            if subjects:
                continue
        area = obj.lemma_.lower() in ("province", "region", "district")
        before = [
            p
            for p in ctx.places
            if p.end <= obj.idx
            and obj.idx - p.end < 400
            and str(p.feature_code or "").startswith("ADM") == area
            and not str(p.feature_code or "").startswith("PCL")
        ]
        noun = obj.lemma_.lower()
        called = [  # "the city of Hama, near the capital Damascus ... the city": Hama
            p
            for p in before
            if re.search(rf"\b{noun}\s+of\s+(the\s+)?$", ctx.text[max(0, p.start - 20) : p.start])
        ]
        if called:
            return [called[-1]]
        if before:
            return [before[-1]]
    return []


def _it_place(it: Token, ctx: _Context) -> list[LocatedPlace]:
    """ "re-entered the town, months after rebels captured it": "it" is the one town its
    sentence names or refers to before it (none where it names two, or only an area or a
    country: "it" may be anything else then)."""
    sentence = it.sent
    towns: list[LocatedPlace] = [
        p
        for p in ctx.places
        if sentence.start_char <= p.start
        and p.end <= it.idx
        and not str(p.feature_code or "").startswith(("ADM", "PCL", "RGN"))
    ]
    for t in sentence:
        if t.i >= it.i:
            break
        if t.lemma_.lower() in _REFERRING_NOUNS - {"province", "region", "area", "district"}:
            towns.extend(p for p in _coreferent_place([t], ctx) if p not in towns)
    names = {p.geonameid for p in towns}
    return towns[-1:] if len(names) == 1 else []


def _seat_of(objects: list[Token], ctx: _Context) -> list[LocatedPlace]:
    """ "the capital of Paktika province": the area's chief town, at the words that name it."""
    from frontlines.geo.geoparse import default_gazetteer
    from frontlines.queries import gazetteer_place

    out: list[LocatedPlace] = []
    for obj in objects:
        if obj.lemma_.lower() not in ("capital", "seat"):
            continue
        for area_tok in _preps(obj, ("of",)):
            for p in _places_in([area_tok], ctx, []):
                if p.geonameid is None or not str(p.feature_code or "").startswith(("ADM1", "PCL")):
                    continue
                gaz = default_gazetteer()
                area = gaz.get(p.geonameid)
                town = gaz.seat(area) if area is not None else None
                if town is not None:
                    ref = gazetteer_place(town).model_dump(exclude={"text", "start", "end"})
                    out.append(
                        LocatedPlace(
                            **ref,
                            text=ctx.text[obj.left_edge.idx : p.end],
                            start=obj.idx,
                            end=obj.idx + len(obj.text),
                        )
                    )
    return out


@cache
def _country_words() -> dict[str, str]:
    """Each country's names and demonyms, lower case -> its code ("russian": RU)."""
    from frontlines.actors.registry import load_registry

    out: dict[str, str] = {}
    for cc, names in load_registry().generic.countries.items():
        for alias in (*names.names, *names.demonyms):
            out.setdefault(alias.text.lower(), cc)
    return out


def _country_word(word: str) -> str | None:
    """The country a word names or is the demonym of ("Russian claims"), if any."""
    return _country_words().get(word.lower())


def _country_forces(
    tokens: Sequence[Token], ctx: _Context, *, owner: bool = False
) -> ActorRef | None:
    """A country named as the doer: its state's forces (external ones outside its own war).
    With ``owner``, a country that owns the doer counts too ("Russia's defence ministry")."""
    deps = ("conj", "compound", "poss", "pobj") if owner else ("conj", "compound")
    for token in tokens:
        lo, hi = _span_chars(token)
        for p in ctx.places:
            if lo <= p.start and p.end <= hi and str(p.feature_code or "").startswith("PCL"):
                root = token.doc.char_span(p.start, p.end, alignment_mode="expand")
                if root is None or root.root != token and root.root.dep_ not in deps:
                    continue
                if p.country_code:
                    return _state_of(p.country_code, ctx.country or p.country_code)
    return None


def _leave_to(token: Token) -> list[Token]:
    """Who a place was left to: "withdrew ..., leaving the town to the RSF"."""
    out = _preps(token, ("to",))
    for child in token.children:
        if child.dep_ in ("prt", "advmod") and child.lower_ in ("back", "over"):
            out.extend(_preps(child, ("to",)))
    for child in token.children:
        if child.dep_ in ("advcl", "conj", "xcomp") and child.lemma_.lower() in (
            "leave",
            "hand",
            "cede",
        ):
            out.extend(_preps(child, ("to",)))
    return out


def _drop_locators(places: list[LocatedPlace], objects: list[Token]) -> list[LocatedPlace]:
    """ "Khan Sheikhoun in Idlib": Idlib only says where the place taken lies."""
    if len(places) < 2 or not objects:
        return places
    doc = objects[0].doc
    spans = [(p.start or 0, p.end or 0) for p in places]
    kept = []
    for p in places:
        root = _token_at(doc, p)
        locator = False
        if (
            root is not None
            and root.dep_ == "pobj"
            and root.head.lower_ in ("in", "near", "outside", "of")
            and root.head.lower_ != "of"
        ):
            host = root.head.head
            locator = any(s <= host.idx < e for s, e in spans if (s, e) != (p.start, p.end))
        if not locator:
            kept.append(p)
    return kept or places


def _area_reading(place: LocatedPlace, ctx: _Context) -> tuple[LocatedPlace | None, bool]:
    """The admin area a town's name stands for here, when the town is the area's namesake, and
    whether the text means only part of it: "the province of Idlib" (the whole area),
    "southern Idlib", "the Idlib countryside" (part of it). (None, False) otherwise."""
    if ctx.area_of is None or str(place.feature_code or "").startswith(("ADM", "PCL")):
        return None, False
    text = ctx.text
    start, end = place.start or 0, place.end or 0
    before = text[max(0, start - 40) : start].lower().replace("-", " ").split()
    after = [w.strip(".,;:") for w in text[end : end + 30].lower().split()]
    lex = ctx.lexicon
    part = bool(before) and (
        before[-1] in lex.directions
        or before[-1] == "and"
        and len(before) > 1
        and before[-2] in lex.directions
    )
    part = part or bool(after) and after[0] == "countryside"
    whole = (
        bool(before) and before[-1] == "of" and len(before) > 1 and before[-2] in lex.admin_nouns
    )
    whole = whole or bool(after) and after[0] in ("governorate", "province", "oblast", "region")
    if not (part or whole):
        return None, False
    found = ctx.area_of(place)
    area = _located(found) if found is not None else None
    return area, part and area is not None


def _vague_object(place: LocatedPlace, objects: list[Token]) -> bool:
    """The object is a vague stretch ("parts of X", "areas near X"), not the place itself."""
    if not objects:
        return False
    generic = _PLACE_NOUNS - {
        "town",
        "city",
        "village",
        "district",
        "province",
        "governorate",
        "center",
        "centre",
        "airport",
        "airbase",
        "base",
    }
    for o in objects:
        if (place.start or 0) <= o.idx < (place.end or 0):
            return False
    return all(o.lemma_.lower() in generic for o in objects)
