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
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontlines.events.lexicon import (
    GOVERNMENT_REGAINS,
    NONSTATE_OVERTAKES,
    TERRITORY_SUBTYPE,
    EventLexicon,
    Trigger,
    interstate_wars,
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
from frontlines.events.quantities import casualties
from frontlines.models import DatePrecision, Published, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from frontlines.geo.resolve import PlaceMention

UNDATED_WINDOW_DAYS = (
    2  # a current event the sentence does not date: within this many days before publication
)
_BOUND_MODS = {"ON_OR_AFTER", "ON_OR_BEFORE", "AFTER", "BEFORE"}
_WEEKDAY = re.compile(r"W(?:XX|\d\d)-(\d)$")
_AREA_UNITS = {"kilometer", "kilometre", "km", "kms", "km2", "mile", "hectare"}
_PLACE_NOUNS = {
    "village", "town", "city", "district", "area", "neighbourhood", "neighborhood", "region",
    "territory", "position", "hill", "base", "airport", "airbase", "settlement", "locality",
    "suburb", "outskirts", "stronghold", "enclave", "countryside", "province", "governorate",
    "center", "centre", "part", "much", "all", "rest", "most", "half", "parts",
}  # fmt: skip
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


class LocatedPlace(PlaceRef):
    """A place mention with its offsets known (what the extractor reads places as)."""

    start: int
    end: int


def _located(m: PlaceMention | PlaceRef) -> LocatedPlace | None:
    if m.start is None or m.end is None:
        return None
    return LocatedPlace(**place_ref(m).model_dump())


@dataclass
class _Context:
    text: str
    published: Published | None
    pub_day: dt.date | None
    country: str | None
    places: list[LocatedPlace]
    actors: list[ActorMention]
    times: list[TimeMention]
    lexicon: EventLexicon
    article_id: str
    area_of: Callable[[PlaceRef], PlaceRef | None] | None = None
    sentence: Span | None = None  # the sentence being read


# ---------------------------------------------------------------- small helpers


def _span_chars(token: Token) -> tuple[int, int]:
    """Character range of a token's subtree."""
    left, right = token.left_edge, token.right_edge
    return left.idx, right.idx + len(right.text)


def _inside(start: int, end: int, lo: int, hi: int) -> bool:
    return lo <= start and end <= hi


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


def place_ref(m: PlaceMention | PlaceRef) -> PlaceRef:
    """A place mention (the geoparser's or a stored one) as events carry it."""
    return PlaceRef(
        name=m.name or m.text or "",
        geonameid=m.geonameid,
        lat=m.lat,
        lon=m.lon,
        country_code=m.country_code,
        admin1_code=getattr(m, "admin1_code", None),
        admin2_code=getattr(m, "admin2_code", None),
        feature_code=m.feature_code,
        text=m.text,
        start=m.start,
        end=m.end,
    )


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


def country_focus(places: Sequence[PlaceMention | PlaceRef]) -> str | None:
    """The country an article is mostly about: the commonest country of its places."""
    counts: Counter[str] = Counter()
    for p in places:
        if p.country_code:
            counts[p.country_code] += 2 if (p.feature_code or "").startswith("PCL") else 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def sentences(doc: Doc) -> list[Span]:
    """The model's sentences, cut again at line breaks (a headline is a sentence of its own)."""
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if "\n" in token.text and token.is_space:
                if token.i > start:
                    out.append(doc[start : token.i])
                start = token.i + 1
        if start < sent.end:
            out.append(doc[start : sent.end])
    return [s for s in out if any(not t.is_space for t in s)]


def _is_headline(sentence: Span, full: str) -> bool:
    """The first line of an article, unpunctuated and followed by more text: its title."""
    text = sentence.text.rstrip()
    rest = full[sentence.end_char :].strip()
    return (
        bool(rest)
        and not text.endswith((".", "!", "?", "\u201d", '"'))
        and "\n" in full[sentence.end_char : sentence.end_char + 3]
    )


def _is_subheading(sentence: Span) -> bool:
    """A line in capitals ("KHAN SHEIKHOUN TARGETED WITH CHEMICAL WEAPONS IN 2017"): a heading."""
    words = [t for t in sentence if t.is_alpha]
    return len(words) >= 3 and all(t.is_upper for t in words)


def _is_back_reference(token: Token, killed: Quantity | None) -> bool:
    """ "the attack", "the fighting": a noun that points back to an event told elsewhere, with
    nothing of its own (no place, no figure) to make it a new report."""
    if _pos(token) != "NOUN" or killed is not None:
        return False
    det = [c.lower_ for c in token.children if c.dep_ in ("det", "poss")]
    if not det or det[0] not in ("the", "this", "that", "these", "those", "its", "their"):
        return False
    own = [c for c in token.children if c.dep_ in ("prep", "compound", "amod", "nummod")]
    return not any(
        c.dep_ == "prep" and c.lower_ in ("in", "on", "near", "at", "against") for c in own
    )


def _title_case(sentence: Span) -> bool:
    """Most words capitalised: a headline, where capitals say nothing about names."""
    words = [t for t in sentence if t.is_alpha]
    return not words or sum(t.is_title or t.is_upper for t in words) > 0.7 * len(words)


def _is_name_part(token: Token, sentence: Span, title_case: bool) -> bool:
    """A capitalised word inside a name ("Prohibition of Chemical Weapons", "Liberation Army")."""
    if token.ent_type_ in ("ORG", "LAW", "WORK_OF_ART", "FAC", "PERSON", "NORP"):
        return True
    if title_case:
        return False
    if not token.is_title or token.i == sentence.start:
        return False
    doc = token.doc
    neighbours = [doc[i] for i in (token.i - 1, token.i + 1) if sentence.start <= i < sentence.end]
    return any(n.is_title and n.i != sentence.start for n in neighbours) or (
        token.i - 2 >= sentence.start
        and doc[token.i - 1].lower_ in ("of", "for")
        and doc[token.i - 2].is_title
    )


# ---------------------------------------------------------------- triggers


def _pos(token: Token) -> str:
    if token.pos_ in ("VERB", "AUX"):
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return token.pos_


def _near_lemmas(token: Token) -> set[str]:
    """Lemmas of a token's children and grandchildren (for ``needs`` and ``unless``)."""
    out = set()
    for child in token.children:
        out.add(child.lemma_.lower())
        out.add(child.lower_)
        for grand in child.children:
            out.add(grand.lemma_.lower())
            out.add(grand.lower_)
    return out


def _phrase_at(token: Token, phrase: tuple[str, ...]) -> bool:
    """A multi-word trigger ending at ``token``: "air strike", "chemical weapons"."""
    if token.lemma_.lower() != phrase[-1] and token.lower_ != phrase[-1]:
        return False
    doc = token.doc
    for k, word in enumerate(reversed(phrase[:-1]), start=1):
        i = token.i - k
        if i < 0 or (doc[i].lemma_.lower() != word and doc[i].lower_ != word):
            return False
    return True


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
    lemma, pos = token.lemma_.lower(), _pos(token)
    if pos not in ("VERB", "NOUN"):
        return None
    found: list[Trigger] = []
    for trig in lex.triggers:
        single = lemma in trig.lemmas or token.lower_ in trig.lemmas
        phrase = any(_phrase_at(token, p) for p in trig.phrases)
        if not (single or phrase) or pos not in trig.pos and not phrase:
            continue
        near = _near_lemmas(token)
        if trig.needs and not (trig.needs & near):
            continue
        if trig.unless and (trig.unless & near):
            continue
        if trig.needs_context and not (trig.needs_context & context_lemmas) and not phrase:
            continue
        if trig.unless_context & context_lemmas:
            continue
        found.append(trig)
    if not found:
        return None
    with_victims = [t for t in found if t.victims]
    if len(with_victims) > 1:
        cls = _victim_class(token, sentence, lex, killed)
        for t in with_victims:
            if t.victims == cls:
                return t
        return with_victims[0] if cls is None else found[0]
    territorial = [t for t in found if t.territory]
    return territorial[0] if territorial else found[0]


# ---------------------------------------------------------------- roles


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The subject of a verb (and whether it is a passive subject), inherited through clauses."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child, False
        if child.dep_ == "nsubjpass":
            return child, True
    if depth < 3 and verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head != verb:
        if verb.dep_ == "ccomp":
            return None, False
        return _subject(verb.head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and verb.head != verb:
        return verb.head, verb.tag_ == "VBN"
    return None, False


def _agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    return None


def _objects(token: Token) -> list[Token]:
    """What a territory trigger acts on: direct objects, "control of/over X", "of X" for nouns."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            if child.lemma_.lower() == "control":
                out.extend(_preps(child, ("of", "over", "across", "in")))
                out.extend(
                    _preps(token, ("of", "over", "across"))
                )  # "took control of X": "of" on the verb
            else:
                out.append(child)
        elif child.dep_ == "prt":
            continue
    if token.pos_ in ("NOUN", "PROPN"):
        out.extend(_preps(token, ("of",)))
    if not out:  # "gained control across Idlib": the prep sits on the verb
        for child in token.children:
            if child.dep_ == "dobj" and child.lemma_.lower() == "control":
                continue
        out.extend(_preps(token, ("over", "across")))
    return out


def _preps(token: Token, words: tuple[str, ...]) -> list[Token]:
    out: list[Token] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in words:
            out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


def _actor_in(
    tokens: Sequence[Token], ctx: _Context, *, exclude: set[int] | None = None
) -> ActorMention | None:
    """The actor named within the subtrees of ``tokens``, the one at a head first."""
    best: ActorMention | None = None
    for token in tokens:
        lo, hi = _span_chars(token)
        inside = [
            a
            for a in ctx.actors
            if _inside(a.start, a.end, lo, hi) and (exclude is None or a.start not in exclude)
        ]
        if not inside:
            continue
        at_head = [a for a in inside if a.start <= token.idx < a.end]
        best = at_head[0] if at_head else inside[0]
        break
    return best


_PATH_PREPS = {
    "on",
    "at",
    "over",
    "into",
    "of",
    "in",
    "near",
    "around",
    "outside",
    "including",
    "across",
    "inside",
    "and",
    "to",
}


def _reaches(place: LocatedPlace, top: Token) -> bool:
    """The place names ``top`` or sits in a "X of/in/near P" chain under it, not under another
    noun ("the Astana agreements" does not make Astana the place taken)."""
    span = top.doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return False
    cur = span.root
    for _ in range(10):
        if (
            cur == top
            or cur.i in range(span.start, span.end)
            and top.i in range(span.start, span.end)
        ):
            return True
        if cur.head == cur:
            return False
        head = cur.head
        if head.pos_ == "ADP" and head.lower_ not in _PATH_PREPS:
            return False
        if (
            cur.dep_ in ("compound", "poss")
            and not (span.start <= head.i < span.end)
            and head.lemma_.lower() not in _PLACE_NOUNS
        ):
            return False  # "the Astana agreements": the place only names another thing
        if (
            head.pos_ == "NOUN"
            and head != top
            and head.lemma_.lower() not in _PLACE_NOUNS
            and cur.dep_ not in ("compound", "amod")
        ):
            return False
        if head.pos_ in ("VERB", "AUX") and head != top:
            return False
        cur = head
    return False


def _places_in(
    tokens: Sequence[Token], ctx: _Context, actor_spans: list[tuple[int, int]]
) -> list[LocatedPlace]:
    out: list[LocatedPlace] = []
    for token in tokens:
        lo, hi = _span_chars(token)
        for p in ctx.places:
            if (
                _inside(p.start, p.end, lo, hi)
                and not any(s <= p.start and p.end <= e for s, e in actor_spans)
                and p not in out
                and _reaches(p, token)
            ):
                out.append(p)
    return out


def _governors(token: Token, limit: int = 4) -> list[Token]:
    """The verbs above a trigger, nearest first, through clause links."""
    out = []
    cur = token
    for _ in range(limit):
        if cur.head == cur:
            break
        if cur.dep_ not in (
            "xcomp",
            "ccomp",
            "advcl",
            "conj",
            "pobj",
            "dobj",
            "prep",
            "acl",
            "pcomp",
            "nsubj",
        ):
            break
        cur = cur.head
        out.append(cur)
    return out


def _modality(token: Token, sentence: Span, lex: EventLexicon) -> Modality:
    if sentence.text.rstrip().endswith("?"):
        return Modality.CONDITIONAL
    chain = [token, *_governors(token)]
    for k, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        children = {c.lemma_.lower(): c for c in tok.children}
        if k > 0 and lemma in lex.denied:
            return Modality.DENIED
        if any(c.dep_ == "neg" for c in tok.children):
            return Modality.NEGATED
        if k > 0 and lemma in lex.attempted:
            return Modality.ATTEMPTED
        if k > 0 and lemma in lex.planned:
            return Modality.PLANNED
        if k > 0 and lemma in lex.claimed:
            return Modality.CLAIMED
        if any(c.dep_ == "mark" and c.lower_ in lex.conditional_marks for c in tok.children):
            return Modality.CONDITIONAL
        aux = [c.lower_ for c in tok.children if c.dep_ == "aux"]
        if any(a in lex.conditional_aux for a in aux):
            return Modality.CONDITIONAL
        if "will" in aux or "'ll" in aux:
            return Modality.PLANNED
        if k == 0 and "to" in aux and tok.dep_ in ("acl", "advcl", "relcl"):
            return Modality.PLANNED  # "an offensive to retake the town": a purpose, not a fact
        if (
            k > 0
            and tok.pos_ == "NOUN"
            and lemma in lex.attempted | {"attempt", "bid", "effort", "push"}
        ):
            return Modality.ATTEMPTED
        if "going" in children and "to" in aux:
            return Modality.PLANNED
    return Modality.ASSERTED


# ---------------------------------------------------------------- time


def _clause_verb(token: Token) -> Token:
    """The verb whose clause a token belongs to (itself for a verb)."""
    cur = token
    for _ in range(12):
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ not in ("aux", "auxpass"):
            return cur
        if cur.head == cur:
            return cur
        cur = cur.head
    return cur


def _time_for(token: Token, sentence: Span, ctx: _Context) -> TimeMention | None:
    """The time mention that dates a trigger: one in the trigger's own clause, else one of the
    clauses above it ("On Saturday, rebels captured A and seized B"); never one of a clause
    below or beside it ("Aleppo, which had been under government control since 2016")."""
    lo, hi = sentence.start_char, sentence.end_char
    inside = [
        t
        for t in ctx.times
        if lo <= t.start and t.end <= hi and (t.value_start is not None or _weekday(t) is not None)
    ]
    if not inside:
        return None
    doc = token.doc
    own = _clause_verb(token)
    above = [own]
    cur = own
    for _ in range(4):
        if cur.head == cur or cur.dep_ not in (
            "conj",
            "xcomp",
            "ccomp",
            "advcl",
            "pcomp",
            "acl",
            "pobj",
            "dobj",
            "prep",
        ):
            break
        cur = _clause_verb(cur.head)
        above.append(cur)
    by_clause: dict[int, list[TimeMention]] = {}
    for t in inside:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        by_clause.setdefault(_clause_verb(span.root).i, []).append(t)
    for verb in above:
        found = by_clause.get(verb.i)
        if found:  # a point in time before a "since" or "until" bound, then the nearest
            return min(found, key=lambda t: (t.mod in _BOUND_MODS, abs(t.start - token.idx)))
    return None


def _weekday(t: TimeMention) -> int | None:
    if t.timex:
        m = _WEEKDAY.search(t.timex)
        if m and t.value_start is None:
            return int(m.group(1)) - 1
    return None


def _after_clause_background(token: Token, lex: EventLexicon) -> bool:
    """ "a year after it fell", "nine months after losing the city": the trigger sits inside an
    after/since clause measured by a stretch of time, so it retells the past. A clause that only
    follows the trigger ("took Fallujah a month after launching an offensive") does not count."""
    cur = token
    for _ in range(3):
        marks = [c for c in cur.children if c.dep_ == "mark" and c.lower_ in lex.after_words]
        if marks and cur.dep_ == "advcl":  # "after the army retook the city": before the news
            return True
        head = cur.head
        if (
            cur.dep_ in ("pcomp", "pobj")
            and head.lower_ in lex.after_words
            and any(c.dep_ == "npadvmod" for c in head.children)
        ):
            return True
        if cur.dep_ not in ("conj", "xcomp") or head == cur:
            return False
        cur = head
    return False


# ---------------------------------------------------------------- the extractor


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
        to_m = _actor_in(_preps(token, ("to",)), ctx)
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
    if root is None or root.dep_ != "pobj" or root.head.lower_ not in ("in", "near", "outside"):
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
                cc = p.country_code
                kind = (
                    ActorKind.STATE_FORCES
                    if cc == ctx.country or ctx.country is None
                    else ActorKind.EXTERNAL_FORCES
                )
                return ActorRef(
                    id=f"generic:state:{cc}",
                    name=f"state forces ({cc})",
                    kind=kind,
                    country_code=cc,
                    side="government" if kind is ActorKind.STATE_FORCES else f"external:{cc}",
                )
    return None


def _leave_to(token: Token) -> list[Token]:
    """Who a place was left to: "withdrew ..., leaving the town to the RSF"."""
    out = _preps(token, ("to",))
    for child in token.children:
        if child.dep_ in ("advcl", "conj", "xcomp") and child.lemma_.lower() in (
            "leave",
            "hand",
            "cede",
        ):
            out.extend(_preps(child, ("to",)))
    return out


def _token_at(doc: Doc, place: LocatedPlace) -> Token | None:
    span = doc.char_span(place.start or 0, place.end or 0, alignment_mode="expand")
    return span.root if span is not None else None


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


def _head_chars(token: Token) -> tuple[int, int]:
    """Characters of a noun's own words (its compounds), not its prepositional tail."""
    words = [token] + [
        c for c in token.children if c.dep_ in ("compound", "amod", "nmod", "det", "poss")
    ]
    lo = min(t.left_edge.idx if t is not token else t.idx for t in words)
    hi = token.idx + len(token.text)
    for c in token.children:  # "the town of X": X is the town
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj":
                    hi = max(hi, g.right_edge.idx + len(g.right_edge.text))
    return lo, hi


def _actors_of(token: Token, ctx: _Context) -> tuple[ActorRef | None, ActorRef | None]:
    """Agent and target of a non-territory event."""
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    if _pos(token) == "VERB":
        subj, passive = _subject(token)
        agent = _agent(token)
        if passive:
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
        before = [a for a in ctx.actors if sent.start_char <= a.start < token.idx]
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
    ]
    inside = _most_specific(inside) if inside else inside
    if not inside:
        return None
    return min(inside, key=lambda p: abs(p.start - token.idx) + (0 if p.start > token.idx else 15))


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
) -> list[EventMention]:
    """Every event mention in ``text``.

    What is not given is computed: ``doc`` by the shared spaCy model, ``places``
    by the geoparser, ``times`` by the time extractor (against ``published``),
    ``actors`` by the actor finder with the article's country (``country``, else
    the commonest country of its places). ``area_of`` gives the admin area a
    town's name stands for when the text says so ("southern Idlib"); without
    it the town is kept.
    """
    from frontlines.time import extract_times, publication_day

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
    out: list[EventMention] = []
    for n, sentence in enumerate(sentences(doc)):
        if (n == 0 and _is_headline(sentence, text)) or _is_subheading(sentence):
            continue  # a headline sums up the body, in words too clipped to parse
        out.extend(_sentence_events(sentence, ctx))
    for n, m in enumerate(out):
        m.index = n
    return out


def _date_fields(token: Token, sentence: Span, ctx: _Context) -> dict[str, object]:
    t = _time_for(token, sentence, ctx)
    if t is not None and t.value_start is not None:
        return {
            "date_start": t.value_start,
            "date_end": t.value_end or t.value_start,
            "date_precision": t.precision,
            "date_text": t.text,
        }
    if t is not None and _weekday(t) is not None:
        return {"weekday": _weekday(t), "date_text": t.text}
    if ctx.pub_day is not None:
        return {
            "date_start": ctx.pub_day - dt.timedelta(days=UNDATED_WINDOW_DAYS),
            "date_end": ctx.pub_day,
            "date_precision": DatePrecision.RANGE,
            "date_inferred": True,
        }
    return {}


def _is_background(token: Token, dates: dict[str, object], ctx: _Context) -> bool:
    if _after_clause_background(token, ctx.lexicon):
        return True
    end = dates.get("date_end")
    if (
        ctx.published is not None
        and ctx.published.start is not None
        and isinstance(end, dt.date)
        and not dates.get("date_inferred")
    ):
        return end < ctx.published.start - dt.timedelta(days=ctx.lexicon.background_days)
    return False


def _sentence_events(sentence: Span, ctx: _Context) -> list[EventMention]:
    lex = ctx.lexicon
    ctx.sentence = sentence
    tokens = list(sentence)  # one pass making spaCy's Token objects; reused below
    lemmas = [t.lemma_.lower() for t in tokens]
    lowers = [t.lower_ for t in tokens]
    context_lemmas = set(lemmas) | set(lowers)
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
        if trig is None or (trig.territory is None and _is_back_reference(token, killed)):
            continue
        dates = _date_fields(token, sentence, ctx)
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
            for group, new, prev, scope, count, area in _territory(trig, token, ctx, sentence):
                if new is None:
                    continue  # a change of hands to nobody we can name is not coded
                if trig.sub_event_type == TERRITORY_SUBTYPE:
                    # ACLED: a foreign state's forces taking ground count with non-state actors
                    sub = (
                        GOVERNMENT_REGAINS
                        if new.kind is ActorKind.STATE_FORCES
                        else NONSTATE_OVERTAKES
                    )
                else:
                    sub = trig.sub_event_type
                found.append(
                    EventMention(
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
                            count=count,
                            area_km2=area,
                        ),
                        confidence=0.7 if modality is Modality.ASSERTED else 0.4,
                    )
                )
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
    found = _crowd_events(sentence, ctx, found)
    found = _refine(sentence, ctx, found, killed)
    found = _one_per_kind(found)
    # "captured Saraqib after heavy clashes": the fighting is how the town changed hands
    # (with a toll of its own, the fighting stays an event)
    if (
        any(m.territory is not None and m.modality is Modality.ASSERTED for m in found)
        and killed is None
        and injured is None
    ):
        found = [m for m in found if m.sub_event_type != "Armed clash"]
    lowered = sentence.text.lower()
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
        found.extend(_casualty_event(sentence, ctx, killed, injured, actor_spans))
    return found


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


def _is_toll(q: Quantity | None) -> bool:
    """A running toll rather than one event's dead: no upper bound, or a vague thousand-scale range."""
    return q is not None and (
        q.low is None or q.high is None or (q.low != q.high and q.high >= 1000)
    )


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
