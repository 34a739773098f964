"""Find the time expressions in a text and resolve them in reading order.

Reads: the text, its publication date, an optional spaCy ``Doc`` (DATE/TIME
entities and verb tags). Writes: ``TimeMention`` records, sorted by offset and
non-overlapping. Spans come from the pattern grammar; spaCy's entities vouch
for candidates the grammar alone would not trust (a bare "2015" after a verb)
and the Doc's verb tags give each clause its tense.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from frontlines.models import DatePrecision, TimeAnchor, TimeMention
from frontlines.time import absolute, relative
from frontlines.time.lexicon import TimeLexicon, alternation, load_lexicon
from frontlines.time.patterns import Rule, rules_for
from frontlines.time.resolve import Context, Handler, Resolution, at_unit, ref_from, year_value

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

HANDLERS: dict[str, Handler] = {
    "iso_date": absolute.iso_date,
    "date": absolute.date,
    "date_of_year": absolute.date_of_year,
    "day_range": absolute.day_range,
    "month_year": absolute.month_year,
    "month_range": absolute.month_range,
    "month_rel_year": absolute.month_rel_year,
    "month": absolute.month,
    "rel_month": absolute.rel_month,
    "part_month": absolute.part_month,
    "year_range": absolute.year_range,
    "period": absolute.period,
    "year": absolute.year,
    "part_year": absolute.part_year,
    "half_year": absolute.half_year,
    "week_of": absolute.week_of,
    "era_range": absolute.era_range,
    "era_year": absolute.era_year,
    "decade": absolute.decade,
    "century": absolute.century,
    "season": relative.season,
    "rel_season": relative.rel_season,
    "holiday": relative.holiday,
    "easter": relative.easter,
    "deictic": relative.deictic,
    "weekday": relative.weekday,
    "time": relative.time_of_day,
    "rel_unit": relative.rel_unit,
    "rel_unit_after": relative.rel_unit_after,
    "ago": relative.ago,
    "offset": relative.offset,
    "window": relative.window,
    "recent": relative.recent,
    "duration": relative.duration,
    "bare_unit": relative.bare_unit,
    "vague_duration": relative.vague_duration,
    "ref": relative.ref_word,
}

ENTITY_LABELS = ("DATE", "TIME")
PERIOD = "period"  # the source of a named war's or era's mention ("World War II")
_VOUCHED = frozenset({"year", "month", "season"})
_SINCE = re.compile(r"(?<![\w-])since\s+$", re.IGNORECASE)
# narrative mode writes a range as its two ends (TIMEX2 extents): "14 August-24 August"
_RANGE_UNITS = {
    "day_range": "day",
    "month_range": "month",
    "year_range": "year",
    "era_range": "year",
}
ASIDE_YEARS = 2
_DAY_PART_OF = re.compile(
    r"(?:early\s+(?:in\s+)?)?the\s+(?:early\s+|late\s+)?(?P<tod>morning|afternoon|evening|night)(?:\s+hours)?\s+of\s+$",
    re.IGNORECASE,
)
_RANGE_LEAD = re.compile(r"(?:between|from)\s+(?:the\s+years?\s+)?", re.IGNORECASE)
_CONNECTOR = re.compile(r"\s*(?:-|–|—)\s*|\s+(?:to|through|until|till|and)\s+", re.IGNORECASE)
_NOT_REFS = (DatePrecision.DURATION, DatePrecision.UNKNOWN)


@dataclass
class Candidate:
    start: int
    end: int
    rule: Rule
    match: re.Match[str]
    order: int


_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_DIGITS = "#"  # the trigger key of any number
_SENTENCE_STOP = re.compile(r"[.!?\n]")
REACH = 80  # no expression begins further than this before its trigger word
TAIL = 120  # nor ends further than this after it


def _windows(positions: list[int], size: int) -> list[tuple[int, int]]:
    """Merged stretches of text around trigger positions where a rule may match."""
    out: list[tuple[int, int]] = []
    for pos in positions:
        start, end = max(0, pos - REACH), min(size, pos + TAIL)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def find_candidates(text: str, lex: TimeLexicon) -> tuple[list[Candidate], list[Candidate]]:
    """Every rule match in ``text``: those the syntactic checks accept, and those they reject.

    A rule is only tried around its trigger words (``Rule.triggers``), which
    keeps one pass over a long article within a few milliseconds.
    """
    rules = rules_for(lex)
    where: dict[str, list[int]] = {}
    for token in _TOKEN.finditer(text):
        word = token.group(0)
        where.setdefault(_DIGITS if word[0].isdigit() else word.casefold(), []).append(
            token.start()
        )
    hits: dict[int, list[int]] = {}
    for order, rule in enumerate(rules):
        keys = [k for k in rule.triggers if k in where]
        if rule.digits and _DIGITS in where:
            keys.append(_DIGITS)
        if keys:
            hits[order] = sorted(pos for k in keys for pos in where[k])
    accepted: list[Candidate] = []
    rejected: list[Candidate] = []
    for order in sorted(hits):
        rule = rules[order]
        seen: set[int] = set()
        for start, end in _windows(hits[order], len(text)):
            for m in rule.regex.finditer(text, start, end):
                if m.end() <= m.start() or m.start() in seen:
                    continue
                seen.add(m.start())
                cand = Candidate(m.start(), m.end(), rule, m, order)
                ok = rule.check is None or rule.check(m, text, lex)
                (accepted if ok else rejected).append(cand)
    return accepted, rejected


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates, longest first (ties: the rule listed first), in text order."""
    chosen: list[Candidate] = []
    starts: list[int] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.order, c.start)):
        i = bisect.bisect_left(starts, cand.start)
        if i > 0 and chosen[i - 1].end > cand.start:
            continue
        if i < len(chosen) and chosen[i].start < cand.end:
            continue
        starts.insert(i, cand.start)
        chosen.insert(i, cand)
    return chosen


# ---------------------------------------------------------------- tense


@cache
def _cue_regex(lex: TimeLexicon) -> re.Pattern[str]:
    future = alternation(lex.future_cues)
    past = alternation(lex.past_cues)
    return re.compile(
        rf"(?<![\w'])(?:(?P<future>{future})|(?P<past>{past}|[a-z]+ed))(?![\w'])", re.IGNORECASE
    )


class TenseCues:
    """The cue words of a text ("will", "was", "-ed" verbs), found once.

    The tense of a span is that of the nearest cue in its sentence; "past"
    when there is none, as news reports mostly are.
    """

    def __init__(self, text: str, lex: TimeLexicon) -> None:
        self.size = len(text)
        self.stops = [m.start() for m in _SENTENCE_STOP.finditer(text)]
        self.cues = [
            (m.start(), m.end(), "future" if m.group("future") else "past")
            for m in _cue_regex(lex).finditer(text)
        ]
        self.starts = [c[0] for c in self.cues]

    def tense(self, start: int, end: int) -> str:
        i = bisect.bisect_left(self.stops, start)
        left = self.stops[i - 1] + 1 if i else 0
        j = bisect.bisect_left(self.stops, end)
        right = self.stops[j] if j < len(self.stops) else self.size
        best: tuple[int, str] | None = None
        lo, hi = bisect.bisect_left(self.starts, left), bisect.bisect_left(self.starts, right)
        for cue_start, cue_end, tense in self.cues[lo:hi]:
            if start <= cue_start < end:
                continue
            distance = start - cue_end if cue_end <= start else cue_start - end
            if best is None or distance < best[0]:
                best = (distance, tense)
        return best[1] if best else "past"


def cue_tense(text: str, start: int, end: int, lex: TimeLexicon) -> str:
    """The tense of the sentence around [start, end) from the nearest cue word; "past" by default."""
    return TenseCues(text, lex).tense(start, end)


def doc_tense(doc: Doc, start: int, end: int, lex: TimeLexicon) -> str | None:
    """The tense of the clause holding [start, end), from the parse; None when there is no verb."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(8):
        if token.tag_.startswith("VB") or token.tag_ == "MD":
            break
        if token.head is token:
            return None
        token = token.head
    else:
        return None
    for _ in range(3):  # "plans to meet on Monday": the tense is that of "plans"
        auxes = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
        if token.tag_ == "VBG" and not auxes and token.dep_ in ("acl", "advcl"):
            # "the militants fighting the army on Monday had fled": a participle has no tense
            # of its own, the clause it hangs on has
            above = _finite_above(token)
            if above is not None:
                token = above
                continue
        if (
            any(a in lex.future_auxiliaries for a in auxes)
            or token.lower_ in lex.future_auxiliaries
        ):
            return "future"
        if "to" in auxes and token.dep_ == "xcomp" and token.head is not token:
            token = token.head
            if token.lemma_ in lex.future_verbs:
                return "future"
            continue
        if token.tag_ == "VBD" or any(a in lex.past_auxiliaries for a in auxes):
            return "past"
        if token.tag_ == "VBN":
            return "present" if any(a in lex.present_auxiliaries for a in auxes) else "past"
        return "present"
    return None


def _finite_above(token: Token) -> Token | None:
    """The nearest verb above a participle's clause (through the noun it describes)."""
    cur = token.head
    for _ in range(6):
        if cur.tag_.startswith("VB") or cur.tag_ == "MD":
            return cur
        if cur.head is cur:
            return None
        cur = cur.head
    return None


# ---------------------------------------------------------------- the pass


def _entity_spans(doc: Doc | None) -> list[tuple[int, int]]:
    if doc is None:
        return []
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ENTITY_LABELS]


def _inside(cand: Candidate, spans: list[tuple[int, int]]) -> bool:
    return any(s <= cand.start and cand.end <= e for s, e in spans)


def _source(cand: Candidate, spans: list[tuple[int, int]]) -> str:
    return "both" if any(s < cand.end and cand.start < e for s, e in spans) else "pattern"


def extract(
    text: str,
    *,
    published: dt.date | None,
    narrative: bool = False,
    doc: Doc | None = None,
    tense: str | None = None,
    lex: TimeLexicon | None = None,
) -> list[TimeMention]:
    """Find, select and resolve every time expression in ``text``; see :func:`frontlines.time.extract_times`."""
    lex = lex or load_lexicon()
    accepted, rejected = find_candidates(text, lex)
    entities = _entity_spans(doc)
    # spaCy's DATE entities vouch for bare numbers and month names the grammar would not trust
    accepted += [c for c in rejected if c.rule.name in _VOUCHED and _inside(c, entities)]
    chosen = select(accepted)
    asides = _asides(chosen, lex) if narrative else set()
    ctx = Context(lex=lex, published=published, narrative=narrative)
    cues: TenseCues | None = None
    mentions: list[TimeMention] = []
    for i, cand in enumerate(chosen):
        start = cand.start
        since = None if narrative else _SINCE.search(text, max(0, start - 12), start)
        if tense is not None:
            ctx.tense = tense
        elif since:
            ctx.tense = "past"
        else:
            found = doc_tense(doc, cand.start, cand.end, lex) if doc is not None else None
            if found is None:
                cues = cues or TenseCues(text, lex)
                found = cues.tense(cand.start, cand.end)
            ctx.tense = found
        res = _resolve(cand, ctx)
        if since:
            start = since.start()
            res = _since(res, published)
        elif (
            (part := _DAY_PART_OF.search(text, max(0, start - 40), start))
            and res.precision is DatePrecision.DAY
            and (not mentions or mentions[-1].end <= part.start())
        ):
            start = part.start()  # "the night of 20 June 1791"
            code = lex.day_parts[part.group("tod").casefold()]
            res.timex = f"{res.timex[:10]}T{code}" if res.timex else None
        if cand.rule.name == "period":
            # "World War II" names an event that dates what happened in it; it is no time
            # expression (TIMEX2 leaves it out) and no clock for the expressions after it
            mentions.append(_mention(text, start, cand.end, res, PERIOD))
            continue
        pieces = _range_ends(text, cand, res) if narrative else None
        for s, e, piece in pieces or [(start, cand.end, res)]:
            _remember(ctx, piece, text[s:e], aside=i in asides)
            mentions.append(_mention(text, s, e, piece, _source(cand, entities)))
    return mentions


def _resolve(cand: Candidate, ctx: Context) -> Resolution:
    """The handler's value; a date beyond the calendar (year 0 or 10000) is an unknown one."""
    try:
        return HANDLERS[cand.rule.name](cand.match, ctx) or Resolution()
    except (ValueError, OverflowError):
        return Resolution()


def _asides(chosen: list[Candidate], lex: TimeLexicon) -> set[int]:
    """Absolute dates far (over ``ASIDE_YEARS``) from the dates around them: "found in 2004".

    In a narrative they do not move the story's clock: a later "July 29"
    keeps the year of the dates before the aside.
    """
    blank = Context(lex=lex, published=None)
    years: list[tuple[int, int]] = []
    for i, cand in enumerate(chosen):
        if cand.rule.name == "period":
            continue
        res = _resolve(cand, blank)
        if res.anchor is TimeAnchor.ABSOLUTE:
            year = res.value_start.year if res.value_start is not None else res.year
            if year is not None:
                years.append((i, year))
    asides = set()
    for k, (i, year) in enumerate(years):
        if k == 0:
            continue  # the first date sets the clock
        near = [y for _, y in years[k - 1 : k] + years[k + 1 : k + 2]]
        if all(abs(year - y) > ASIDE_YEARS for y in near):
            asides.add(i)
    return asides


def _range_ends(
    text: str, cand: Candidate, res: Resolution
) -> list[tuple[int, int, Resolution]] | None:
    """A range's two ends as separate expressions, each with its own value."""
    unit = _RANGE_UNITS.get(cand.rule.name)
    if unit is None:
        return None
    lead = _RANGE_LEAD.match(text, cand.start, cand.end)
    body = lead.end() if lead else cand.start
    connector = _CONNECTOR.search(text, body + 1, cand.end)
    if connector is None:
        return None
    ends: list[Resolution] = []
    if res.value_start is not None and res.value_end is not None:
        for day in (res.value_start, res.value_end):
            ends.append(at_unit(day, unit))
    elif cand.rule.name == "era_range" and res.year is not None:
        last = 1 - int(cand.match.group("year2"))
        ends = [year_value(res.year), year_value(last)]
    else:
        return None
    for end in ends:
        end.anchor, end.anchor_text = res.anchor, res.anchor_text
    return [(body, connector.start(), ends[0]), (connector.end(), cand.end, ends[1])]


def _since(res: Resolution, published: dt.date | None) -> Resolution:
    """ "since Nov. 27": from the start of what follows to the publication date (open without one)."""
    if res.precision in _NOT_REFS:
        return res
    res.precision = DatePrecision.RANGE
    res.mod = "ON_OR_AFTER"
    if res.value_start is None:
        return res
    res.value_end = published
    res.precision = DatePrecision.RANGE
    res.mod = "ON_OR_AFTER"
    if published is not None:
        res.anchor = TimeAnchor.PUBLICATION
        res.anchor_text = published.isoformat()
    return res


def _remember(ctx: Context, res: Resolution, text: str, *, aside: bool = False) -> None:
    """Let later expressions anchor on this one (an aside does not become the narrative's clock)."""
    if res.precision in _NOT_REFS or res.mod == "ON_OR_AFTER":
        return
    ref = ref_from(res.value_start, res.value_end, res.precision, text, year=res.year)
    if ref is None:
        return
    ctx.refs.append(ref)
    if res.anchor is TimeAnchor.ABSOLUTE and not aside:
        ctx.absolute = ref


def _mention(text: str, start: int, end: int, res: Resolution, source: str) -> TimeMention:
    return TimeMention(
        text=text[start:end],
        start=start,
        end=end,
        value_start=res.value_start,
        value_end=res.value_end,
        precision=res.precision,
        anchor=res.anchor
        if res.value_start is not None or res.year is not None
        else TimeAnchor.NONE,
        duration=res.duration,
        anchor_text=res.anchor_text if res.value_start is not None else None,
        source=source,
        mod=res.mod,
        timex=res.timex,
    )
