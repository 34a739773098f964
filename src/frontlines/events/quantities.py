"""Counts of the dead and wounded, with their bounds and whom they count.

"21 anti-government fighters including 18 jihadists were killed ... along
with 10 government fighters" gives 31 killed in two parts, the first with a
part of its own; "dozens of soldiers" gives 24–99; "at least half a million
lives" gives 500,000 or more. Reads a parsed sentence; the words that mark a
casualty come from the event lexicon.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from frontlines.events.lexicon import EventLexicon
from frontlines.events.model import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "dozen": 12,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# vague amounts: (low, high)
_VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2_000, 9_999),
    "millions": (2_000_000, 9_999_999), "several": (3, 9), "few": (2, 5), "many": (10, None),
    "tens": (20, 99), "numerous": (10, None),
}  # fmt: skip
# ACLED's one number for a vague amount where it fixes one ("dozens" = 12); else the low bound
ACLED_VAGUE = {"dozens": 12}
_AT_LEAST = {"least", "minimum"}
_MORE_THAN = {"more", "over", "above", "exceed", "exceeding"}
_UP_TO = {"up", "under", "fewer", "less", "below", "nearly", "almost"}
_ABOUT = {"about", "around", "approximately", "roughly", "some", "estimated", "nearly"}
_NUMBER = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+(?:\.\d+)?$")
_CONJ_PREPS = {"along", "with", "as", "and", "plus", "besides"}


def parse_amount(words: list[str]) -> tuple[int | None, int | None] | None:
    """(low, high) of a written amount: "1,447", "twenty-one", "half a million", "dozens"."""
    words = [w.lower().replace("-", " ") for w in words if w.strip()]
    flat: list[str] = []
    for w in words:
        flat.extend(w.split())
    if not flat:
        return None
    if len(flat) == 1 and flat[0] in _VAGUE:
        return _VAGUE[flat[0]]
    if len(flat) >= 2 and flat[0] == "tens" and flat[-1] in ("thousands", "thousand"):
        return (20_000, 99_999)
    total, current, seen = 0.0, 0.0, False
    for w in flat:
        if w in ("of", "and", "a", "an"):  # "half a million", "a dozen"
            continue
        if _NUMBER.match(w):
            current += float(w.replace(",", ""))
            seen = True
        elif w == "half":
            current += 0.5
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _SCALES:
            current = (current or 1) * _SCALES[w]
            if _SCALES[w] >= 1_000:
                total += current
                current = 0
            seen = True
        elif w in _VAGUE:
            return _VAGUE[w]
        else:
            return None
    if not seen:
        return None
    value = int(round(total + current))
    return (value, value)


def _number_tokens(head: Token) -> list[Token]:
    """The number words that count ``head``: its nummod subtree, or itself when it is one."""
    if head.like_num or head.lower_ in _VAGUE:
        return [head]
    for child in head.children:
        if child.dep_ == "nummod" or (child.like_num and child.dep_ in ("amod", "quantmod")):
            return sorted(child.subtree, key=lambda t: t.i)
    for child in head.children:  # "10 government fighters": the number sits on a modifier
        if child.dep_ in ("nmod", "compound", "amod") and child.i < head.i:
            for grand in child.children:
                if grand.dep_ == "nummod" and grand.like_num:
                    return sorted(grand.subtree, key=lambda t: t.i)
    return []


def _bounds(numbers: list[Token]) -> tuple[int | None, int | None] | None:
    words = [t.text for t in numbers]
    words = [w for w in words if w.lower() not in _AT_LEAST | _MORE_THAN | _UP_TO | _ABOUT]
    words = [w for w in words if w.lower() not in ("at", "than", "to", "of")]
    as_many = [w.lower() for w in words[:3]] == ["as", "many", "as"]  # "as many as 20": up to 20
    if as_many:
        words = words[3:]
    amount = parse_amount(words)
    if amount is None:
        return None
    low, high = amount
    qualifiers = {t.lower_ for t in numbers} | {
        c.lower_ for t in numbers for c in t.children if c.dep_ in ("advmod", "quantmod", "prep")
    }
    # "at least", "more than" sit on the number or just before it
    first = numbers[0]
    doc = first.doc
    before = {doc[i].lower_ for i in range(max(first.i - 2, 0), first.i)}
    qualifiers |= before
    if qualifiers & _AT_LEAST:
        return (low, None)
    if qualifiers & _MORE_THAN and "than" in qualifiers | {"over", "above"} or "over" in qualifiers:
        return ((low or 0) + 1 if low == high else low, None)
    if as_many or qualifiers & {"up", "nearly", "almost", "under"}:
        return (None, high)
    if qualifiers & _ABOUT and low is not None and low == high:
        return (int(low * 0.9), int(low * 1.1) + 1)
    return (low, high)


def _who(head: Token, numbers: list[Token]) -> str:
    """The words that say whom a figure counts: "anti-government fighters", "civilians"."""
    skip = {t.i for t in numbers}
    target = head
    if head.lower_ in _VAGUE or head.like_num:  # "dozens of soldiers": the noun after "of"
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs:
                    target = objs[0]
                    break
        else:
            return ""
    words = [
        t
        for t in target.subtree
        if t == target
        or t.i not in skip
        and t.dep_ not in ("prep", "pobj", "relcl", "acl", "punct", "det", "cc", "conj", "appos")
        and not any(a.dep_ in ("prep", "relcl", "acl", "conj", "appos") for a in _path(t, target))
    ]
    return "".join(t.text_with_ws for t in sorted(words, key=lambda t: t.i)).strip()


def _path(token: Token, top: Token) -> list[Token]:
    """Tokens from ``token`` up to (not including) ``top``."""
    out = []
    while token != top and token.head != token:
        out.append(token)
        token = token.head
    return out


def _quantity(head: Token) -> Quantity | None:
    numbers = _number_tokens(head)
    if not numbers:
        return None
    bounds = _bounds(numbers)
    if bounds is None:
        return None
    span_tokens = sorted({*numbers, head}, key=lambda t: t.i)
    doc = head.doc
    first, last = span_tokens[0], span_tokens[-1]
    start_i = first.i
    while start_i > 0 and doc[start_i - 1].lower_ in _AT_LEAST | _MORE_THAN | _ABOUT | {
        "at",
        "than",
        "up",
        "to",
    }:
        start_i -= 1
    who = _who(head, numbers)
    if who and (head.lower_ in _VAGUE or head.lower_ == "dozen"):
        last = max(last, *(t for t in head.subtree), key=lambda t: t.i)
    start = doc[start_i].idx
    end = last.idx + len(last.text)
    quantity = Quantity(
        low=bounds[0],
        high=bounds[1],
        text=doc[start_i : last.i + 1].text,
        start=start,
        end=end,
        who=who or None,
    )
    # "21 fighters including 18 jihadists": a part of the whole
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("including", "among"):
            for obj in child.children:
                part = _quantity(obj) if obj.dep_ == "pobj" else None
                if part is not None:
                    quantity.parts.append(part)
    return quantity


def _counted_heads(trigger: Token) -> list[Token]:
    """The nouns a casualty word counts: its subject or object, or the noun it modifies."""
    heads: list[Token] = []
    for child in trigger.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "npadvmod"):
            heads.append(child)
        if child.dep_ == "prep" and child.lower_ in (
            "of",
            "to",
        ):  # "the deaths of 12", "toll rose to 40"
            heads.extend(c for c in child.children if c.dep_ == "pobj")
    if trigger.dep_ in ("acl", "amod", "relcl") and trigger.head.pos_ in ("NOUN", "PROPN", "NUM"):
        heads.append(trigger.head)  # "211 civilians killed"
    if trigger.dep_ in ("acomp", "attr", "oprd", "conj") or trigger.pos_ == "ADJ":
        heads.extend(c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    if trigger.dep_ == "conj" and not heads:  # "were killed and injured"
        heads.extend(c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass"))
    if trigger.lemma_ in ("life",) and trigger.head.pos_ == "VERB":  # "claimed 500,000 lives"
        heads.append(trigger)
    more: list[Token] = []
    for h in heads:  # "and another 1,447 (injured)", "along with 10 government fighters"
        for child in h.children:
            if child.dep_ == "conj":
                more.append(child)
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in _CONJ_PREPS:
            for grand in child.subtree:
                if grand.dep_ == "pobj":
                    more.append(grand)
                    break
    for h in heads:
        for child in h.children:
            if (
                child.dep_ == "prep"
                and child.lower_ in ("along", "with")
                or child.dep_ == "advmod"
                and child.lower_ == "along"
            ):
                for grand in child.subtree:
                    if grand.dep_ == "pobj":
                        more.append(grand)
                        break
    return heads + more


def _combine(found: list[Quantity]) -> Quantity | None:
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    lows = [q.low for q in found]
    highs = [q.high for q in found]
    low = sum(x for x in lows if x is not None) if any(x is not None for x in lows) else None
    high = None if any(h is None for h in highs) else sum(h for h in highs if h is not None)
    start = min(q.start for q in found if q.start is not None)
    end = max(q.end for q in found if q.end is not None)
    return Quantity(
        low=low,
        high=high,
        text=" + ".join(q.text for q in found),
        start=start,
        end=end,
        parts=found,
    )


def casualties(sentence: Span, lexicon: EventLexicon) -> tuple[Quantity | None, Quantity | None]:
    """The killed and the injured a sentence reports, each summed over its groups."""
    killed: list[Quantity] = []
    injured: list[Quantity] = []
    seen: set[int] = set()
    for token in sentence:
        lemma = token.lemma_.lower()
        word = token.lower_
        if lemma in lexicon.injured or word in lexicon.injured:
            bucket = injured
        elif lemma in lexicon.killed or word in lexicon.killed:
            bucket = killed
        else:
            continue
        for head in _counted_heads(token):
            if head.i in seen:
                continue
            q = _quantity(head)
            if q is not None:
                seen.add(head.i)
                bucket.append(q)
    for q in injured:  # "211 civilians killed and another 1,447 injured": the same people
        if q.who is None and len(killed) == 1:
            q.who = killed[0].who
    return _combine(killed), _combine(injured)


def acled_fatalities(q: Quantity | None) -> int:
    """The one figure ACLED codes for a reported count: the lowest reported, and for a vague
    amount the codebook's number ("dozens of soldiers": 12, where our range is 24-99)."""
    if q is None:
        return 0
    words = {w.strip(".,;:").lower() for w in q.text.split()}
    fixed = [n for w, n in ACLED_VAGUE.items() if w in words]
    if fixed and not any(w.isdigit() for w in words):
        return min(fixed)
    return q.low or 0
