"""Who took a place from whom: the territory roles of a trigger ("recaptured X from Y", "X fell to Y",
"withdrew from X"), the implied previous holder, and which place (or area) the words mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
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
    tuple[list[LocatedPlace], ActorRef | None, ActorRef | None, str, Quantity | None, float | None]
]:
    """(places, new controller, previous controller, scope, count, area) for a territory trigger."""
    subj, passive = _subject(token) if _pos(token) == "VERB" else (None, False)
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
        kind = "gain"
    elif passive and kind in ("gain", "handover"):
        objects = [subj] if subj is not None else []
        holder_tokens = [agent] if agent is not None else []
    elif kind == "fall":
        objects = [subj] if subj is not None else []
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
        if kind == "gain" and passive:
            objects = [subj] if subj is not None else []
            holder_tokens = [agent] if agent is not None else []
        if trig.needs & {"into"}:  # "swept into the city"
            objects = objects + _preps(token, ("into",))
        if trig.needs & {"victory"}:  # "declared victory over Islamic State in Mosul"
            objects = [c for c in token.children if c.dep_ == "dobj"] + _preps(token, ("in",))
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
    holder_m = _actor_in(holder_tokens, ctx)
    holder = holder_m.actor if holder_m else None
    if holder_m is not None and holder_m.text.lower().startswith(("its ", "their ")):
        # "Russia said it was pulling its forces back": whose forces the speaker says
        for gov in _governors(token):
            g_subj, _ = _subject(gov) if gov.pos_ in ("VERB", "AUX") else (None, False)
            if g_subj is None:
                continue
            owner = _country_forces([g_subj], ctx)
            owner_m = _actor_in([g_subj], ctx)
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
    if holder is None:  # "Ukraine recaptured Izium", "Russia took Avdiivka": the country's forces
        holder = _country_forces(holder_tokens, ctx)
    if holder is None and _pos(token) == "VERB":
        # "preparing a counteroffensive to retake Hama": whoever prepares it
        for gov in _governors(token):
            s_tok, s_passive = _subject(gov) if gov.pos_ in ("VERB", "AUX") else (None, False)
            if s_tok is not None and not s_passive:
                found_m = _actor_in([s_tok], ctx)
                if found_m is not None:
                    holder = found_m.actor
                    break
    # the place(s)
    places = _most_specific(_places_in(objects, ctx, actor_spans))
    from_tokens = _preps(token, ("from",))
    if trig.needs & {"victory"}:
        from_tokens = from_tokens + [g for v in objects for g in _preps(v, ("over",))]
    previous_m = _actor_in(from_tokens, ctx) if kind in ("gain",) else None
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
    groups: list[tuple[LocatedPlace, str]] = []
    for p in places:
        area, part = _area_reading(p, ctx)
        if area is not None:
            p = area
        is_area = str(p.feature_code or "").startswith(("ADM", "PCL"))
        if scope == "aggregate":  # "3,035 square kilometers in Idlib", "20 towns in Aleppo"
            groups.append((p, "aggregate"))
        elif part or (area is None and _vague_object(p, objects)):
            groups.append((p, "within"))  # "southern Idlib", "parts of Aleppo"
        elif is_area:
            groups.append((p, "admin_area"))
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
        return [([], new, prev, "aggregate", count, area_km2)]
    return [
        ([p], _local(new, p.country_code), _local(prev, p.country_code), sc, count, area_km2)
        for p, sc in groups
    ]


def _local(actor: ActorRef | None, cc: str | None) -> ActorRef | None:
    """Generic rebels fight in the country of the place ("factions backed by Turkey" in Saraqeb
    are Syrian rebels): a generic non-state actor takes the place's country."""
    if actor is None or cc is None or not actor.id.startswith("generic:") or actor.kind.is_state:
        return actor
    if actor.country_code == cc:
        return actor
    kind = actor.id.split(":")[1]
    return actor.model_copy(update={"country_code": cc, "id": f"generic:{kind}:{cc}"})


_REFERRING_NOUNS = {"city", "town", "village", "capital", "province", "region", "area", "district"}


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
    """ "the city", "the town": the last place named before it, of a matching kind."""
    for obj in objects:
        if obj.lemma_.lower() not in _REFERRING_NOUNS:
            continue
        if not any(c.lower_ in ("the", "this", "that") for c in obj.children if c.dep_ == "det"):
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
        if before:
            return [before[-1]]
    return []


def _country_forces(tokens: Sequence[Token], ctx: _Context) -> ActorRef | None:
    """A country named as the doer: its state's forces (external ones outside its own war)."""
    for token in tokens:
        lo, hi = _span_chars(token)
        for p in ctx.places:
            if lo <= p.start and p.end <= hi and str(p.feature_code or "").startswith("PCL"):
                root = token.doc.char_span(p.start, p.end, alignment_mode="expand")
                if (
                    root is None
                    or root.root != token
                    and root.root.dep_ not in ("conj", "compound")
                ):
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
