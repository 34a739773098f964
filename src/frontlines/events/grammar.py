"""Reading one sentence's dependency parse: subjects, objects, clause verbs, modality, the time that dates a
trigger, the places a phrase names. No knowledge of any war: words come from the event lexicon.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from frontlines.events.context import (
    _BOUND_MODS,
    _PLACE_NOUNS,
    _WEEKDAY,
    LocatedPlace,
    _Context,
    _inside,
    _span_chars,
)
from frontlines.events.lexicon import (
    EventLexicon,
)
from frontlines.events.model import (
    ActorMention,
    Modality,
    Quantity,
)
from frontlines.models import TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


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


def _pos(token: Token) -> str:
    if token.pos_ in ("VERB", "AUX"):
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return token.pos_


def _lemma(token: Token) -> str:
    """The token's lemma, lower case. A capitalised plural that opens a sentence is often
    tagged a proper noun and left unlemmatised ("Missiles slammed into the airport"): its
    singular, as a plain noun would have it."""
    lemma = token.lemma_.lower()
    if (
        token.pos_ == "PROPN"
        and token.is_sent_start
        and token.ent_type_ == ""
        and lemma == token.lower_
        and len(lemma) > 4
        and lemma.endswith("s")
        and not lemma.endswith("ss")
    ):
        return lemma[:-2] if lemma.endswith(("shes", "ches", "sses")) else lemma[:-1]
    if lemma.startswith("re-"):
        return _re_verb(lemma)
    return lemma


def _re_verb(lemma: str) -> str:
    """A verb spelled with "re-" as the lexicon spells it: "re-capture" is "recapture",
    "re-took" "retook"; where the lexicon has only the verb, the verb ("re-enter": enter)."""
    from frontlines.events.lexicon import load_event_lexicon

    heads = load_event_lexicon().heads
    joined = "re" + lemma[3:]
    if joined in heads or lemma[3:] not in heads:
        return joined
    return lemma[3:]


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


_OWN_CLAUSES = frozenset({"advcl", "ccomp", "conj", "relcl", "parataxis"})
_SUBJECTS = frozenset({"nsubj", "csubj", "agent"})  # a passive subject is what was done to


def _unless_lemmas(token: Token) -> set[str]:
    """What rules a trigger out (``unless``): its children and grandchildren, the nouns that
    qualify those ("the battle against the cancer epidemic"), and the nouns beside a trigger that
    qualifies a noun itself ("flood fighting effort"), and the noun a compound trigger
    qualifies ("an arrest warrant" is no arrest). Not its subject ("government forces
    entered the town" is no "entered into force"), nor the words of a clause of its own
    ("re-entered the town after the Kokang force captured it": that force is no "entered into
    force")."""
    out: set[str] = set()
    for child in token.children:
        if child.dep_ in _SUBJECTS:
            continue  # who did it, not what was done: "government forces entered X"
        out.update((child.lemma_.lower(), child.lower_))
        if child.dep_ in _OWN_CLAUSES:
            continue
        for grand in child.children:
            out.update((grand.lemma_.lower(), grand.lower_))
            out.update(c.lemma_.lower() for c in grand.children if c.dep_ == "compound")
    if token.dep_ == "compound":
        out.add(token.head.lemma_.lower())
    if token.dep_ in ("compound", "amod"):
        out.update(
            c.lemma_.lower() for c in token.head.children if c.dep_ == "compound" and c.i < token.i
        )
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


_CONTROL_NOUNS = frozenset({"control", "possession"})


def _objects(token: Token) -> list[Token]:
    """What a territory trigger acts on: direct objects, "control of/over X", "of X" for nouns."""
    out: list[Token] = []
    for child in token.children:
        if child.dep_ in ("dobj", "attr", "oprd"):
            if child.lemma_.lower() in _CONTROL_NOUNS:  # "took possession of the camp"
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
            if child.dep_ == "dobj" and child.lemma_.lower() in _CONTROL_NOUNS:
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
            "compound",  # "planning to hold protest rallies": the rallies' verbs govern it
        ):
            break
        cur = cur.head
        out.append(cur)
    return out


_ORDINAL_WORDS = {"latest", "last", "second", "third", "fourth", "fifth", "sixth", "first"}


def _ordinal(noun: Token) -> bool:
    """The noun is counted in a series so far: "the fifth town", "the latest city", "the
    second regional capital" (not "the next town": that one has not fallen)."""
    return any(
        c.dep_ in ("amod", "nummod")
        and (c.lower_ in _ORDINAL_WORDS or c.ent_type_ == "ORDINAL")
        and c.lower_ != "next"
        for c in noun.children
    )


def _planned_noun(token: Token, lex: EventLexicon) -> bool:
    """A noun trigger that names what has not happened yet: modified by "planned",
    "upcoming" (also through the noun it qualifies: "planned protest rally"), or the object
    of "ahead of"."""
    nouns = [token]
    if token.dep_ == "compound":
        nouns.append(token.head)
    for noun in nouns:
        if any(c.dep_ == "amod" and c.lower_ in lex.planned_modifiers for c in noun.children):
            return True
        prep = noun.head if noun.dep_ == "pobj" else None
        if prep is not None and prep.head.lower_ in lex.planned_modifiers:
            return True  # "ahead of anti-government rallies"
    return False


def _modality(token: Token, sentence: Span, lex: EventLexicon) -> Modality:
    if sentence.text.rstrip().endswith("?"):
        return Modality.CONDITIONAL
    if token.lemma_.lower() in lex.claimed:
        return Modality.CLAIMED  # "Seleka claimed control of the town": its own word
    if token.pos_ == "NOUN" and _planned_noun(token, lex):
        return Modality.PLANNED  # "a planned rally", "ahead of protests next month"
    if token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("any", "every") for c in token.children
    ):
        return Modality.CONDITIONAL  # "the right to respond to any attack": none in particular
    if token.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return Modality.NEGATED  # "no fighting was reported"
    chain = [token, *_governors(token)]
    for k, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        children = {c.lemma_.lower(): c for c in tok.children}
        if k > 0 and lemma in lex.denied:
            return Modality.DENIED
        if k > 0 and lemma in lex.prevented:  # "to avert a Turkish assault", "without a fight"
            return Modality.NEGATED
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
        if (
            k == 1
            and token.dep_ == "dobj"
            and "to" in aux
            and tok.dep_ in ("acl", "advcl")
            and not _ordinal(tok.head)
        ):
            return Modality.PLANNED  # "their capacity to launch attacks": what they could do
        if k == 0 and "to" in aux and tok.dep_ in ("acl", "advcl", "relcl"):
            if tok.dep_ in ("acl", "relcl") and _ordinal(tok.head):
                continue  # "the fifth town to fall to the army": it fell, the fifth one
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


def _time_for(
    token: Token, sentence: Span, ctx: _Context, *, own_only: bool = False
) -> TimeMention | None:
    """The time mention that dates a trigger: one in the trigger's own clause, else one of the
    clauses above it ("On Saturday, rebels captured A and seized B"); never one of a clause
    below or beside it ("Aleppo, which had been under government control since 2016").
    ``own_only``: the trigger's own clause alone ("recaptured X on Saturday, a year after Y
    seized it": Saturday is not when Y seized it)."""
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
    if own.dep_ == "relcl":  # "in April 2017, when a sarin attack killed 80": the date's clause
        for t in inside:
            if t.value_start is not None and t.start <= own.head.idx < t.end:
                return t
    above = [own]
    cur = own
    if (
        own.dep_ in ("relcl", "acl")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in own.children)
        and _ordinal(own.head)
    ):
        # "X was the first city to fall, in January 2014": the series' clause dates it
        cur = _clause_verb(own.head)
        above.append(cur)
    for _ in range(0 if own_only else 4):
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
    if _pos(token) == "NOUN":
        # "the attack that killed 20 in March 2019", "an attack while serving in the Gulf
        # War": a clause on the event's own noun tells of the event
        below = [c for c in token.children if c.dep_ in ("relcl", "acl", "advcl")]
        above[1:1] = below
    by_clause: dict[int, list[TimeMention]] = {}
    for t in inside:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        by_clause.setdefault(_owning_clause(span).i, []).append(t)
    for verb in above:
        found = by_clause.get(verb.i)
        if found:  # a point in time before a "since" or "until" bound, then the nearest
            return min(found, key=lambda t: (t.mod in _BOUND_MODS, abs(t.start - token.idx)))
    return None


def _owning_clause(span: Span) -> Token:
    """The clause a time phrase dates. A subordinate clause opens at its mark ("months before
    they captured Mosul"): a phrase the parser hung on it but that comes before it ("was the
    first city to fall, in January 2014, months before they captured Mosul") dates the clause
    above."""
    verb = _clause_verb(span.root)
    for _ in range(3):
        opening = [c.left_edge.i for c in verb.children if c.dep_ == "mark"]
        if verb.dep_ != "advcl" or not opening or verb.head == verb:
            break
        first = min([*opening, *(c.left_edge.i for c in verb.children if c.dep_ == "npadvmod")])
        if span.end > first:
            break
        verb = _clause_verb(verb.head)
    return verb


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
        if (
            cur.dep_ == "relcl"  # a misparse: "a year after [the paramilitary [RSF seized it]]"
            and head.dep_ == "pobj"
            and head.head.lower_ in lex.after_words
            and any(c.dep_ == "npadvmod" for c in head.head.children)
        ):
            return True
        if cur.dep_ not in ("conj", "xcomp") or head == cur:
            return False
        cur = head
    return False


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


_DEMONSTRATIVES = frozenset({"this", "that", "it"})


def _no_one_event(token: Token, lex: EventLexicon) -> str | None:
    """Why a trigger word names no single event that happened, or None where it may.

    - a kind ("an assault rifle", "artillery-firing vehicles": the trigger qualifies a noun
      of ``lex.kinds``);
    - a trend or a tally ("attacks have fallen", "the number of protests");
    - a running toll ("the fifth journalist killed since 2019");
    - a verdict on an event told elsewhere ("This is a barbaric attack");
    - an idiom with a bare noun ("resigned in protest", "in battle", "went on strike");
    - a generic subject ("Taking part in a fight is a common reason for arrest").
    """
    cur = token
    for _ in range(3):
        if cur.dep_ not in ("compound", "amod", "npadvmod") or cur.head == cur:
            break
        cur = cur.head
        if cur.lemma_.lower() in lex.kinds and cur.pos_ in ("NOUN", "PROPN"):
            return "a kind of weapon, vehicle or unit"
    if _pos(token) == "NOUN":
        if (
            token.tag_ == "NNS"
            and token.dep_ in ("nsubj", "nsubjpass")
            and token.head.lemma_.lower() in lex.trend_verbs
        ):
            return "a trend"
        if (
            token.dep_ == "pobj"
            and token.head.lower_ == "of"
            and token.head.head.lemma_.lower() in lex.tally_nouns
        ):
            return "a tally"
        if (
            token.dep_ == "attr"
            and token.head.lemma_ == "be"
            and any(c.dep_ == "nsubj" and c.lower_ in _DEMONSTRATIVES for c in token.head.children)
        ):
            return "a verdict on an event told elsewhere"
        if (
            token.dep_ == "pobj"
            and token.head.lower_ in ("in", "on")  # "in protest", "went on strike"
            and token.tag_ == "NN"
            and not token.lower_.endswith("ing")  # "killed in fighting" tells a clash
            and _bare(token)
        ):
            return "an idiom"
    if token.lemma_.lower() in lex.killed and any(
        c.dep_ == "prep" and c.lower_ == "since" for c in token.children
    ):
        return "a running toll"
    verb = _clause_verb(token)
    if verb.tag_ == "VBG" and verb.dep_ in ("csubj", "csubjpass"):
        return "a generic subject"
    if verb.dep_ == "conj" and verb.head.tag_ == "VBG" and verb.head.dep_ in ("csubj", "csubjpass"):
        return "a generic subject"
    return None


def _bare(noun: Token) -> bool:
    """A noun with no word of its own but a phrase naming no one and nowhere ("in battle",
    "in battle for its speed"; not "in the battle", "in battle for Bakhmut")."""
    for c in noun.children:
        if c.dep_ != "prep":
            return False
        if any(g.pos_ == "PROPN" or g.ent_type_ for g in c.subtree):
            return False
    return True


# the sub-event types a weapon's own name can report ("shells", "a mine", "a grenade")
_WEAPON_TYPES = frozenset(
    {
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Air/drone strike",
    }
)


def _habit(token: Token, sub_event_type: str) -> bool:
    """A weapon's name as the object of a verb in the simple present, or a weapon's verb in
    it ("the vehicles launch 155mm shells", "the guns fire 120mm shells"): what a weapon
    does, not an attack that happened (the caller checks that nothing dates it). Not a
    caption's "women attend a protest": only weapons."""
    if sub_event_type not in _WEAPON_TYPES:
        return False
    if _pos(token) == "VERB":
        verb = token  # "the guns fire 120mm shells"
    elif token.dep_ == "dobj":
        verb = token.head
    else:
        return False
    tag = verb.head.tag_ if verb.tag_ == "VB" and verb.dep_ == "conj" else verb.tag_
    if tag not in ("VBZ", "VBP"):
        return False
    return not any(c.dep_ in ("aux", "auxpass", "neg") for c in verb.children)
