"""A synthetic news corpus with known syndication, for benchmarks.

``generate_corpus(n, seed)`` returns ``n`` news-like articles whose truth is
known: which articles are syndicated copies of one original (``story``) and
which report the same events independently (``topic``). The text is not
English, but it has the statistics that near-duplicate detection and text
processing are sensitive to:

- words drawn from a Zipf-like vocabulary whose head is real English function
  and news words, so unrelated articles share common word sequences;
- stock news phrases ("according to the", "said in a statement") and outlet
  boilerplate (captions, "Read More", subscription lines, sidebars of other
  headlines) shared across many articles;
- topics: groups of distinct articles about the same events that share place
  and actor names and quote the same sentences verbatim (like seeds 000 and
  002), so that precision is not trivially 1;
- syndicated copies (``copy_share`` of all articles) made from an earlier
  article with the edits outlets really make, see ``EDITS`` and the README.

Everything is drawn from ``random.Random(seed)`` and a numpy generator seeded
from it, so a corpus is reproducible from ``(n, seed)`` and the config.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np


def _split(text: str) -> list[str]:
    return text.split()


# The head of the vocabulary: frequent English and news words, most frequent first.
COMMON_WORDS = tuple(
    dict.fromkeys(
        _split(
            """
            the of to and a in said on for that is was with by at as from it has have were be he
            his an are had not will they its but this after their who been also more which or
            would one than two over about into when there government people forces military city
            country year last new against killed attack officials army police security president
            minister war since three region border troops fighting area groups group told under
            while state some during local near town village week statement reported according
            including could other all many between where first her she out up only them did our
            we no before him if so just because may most any now these those made them what how
            us years days monday tuesday wednesday thursday friday saturday sunday ministry
            defence defense spokesman agency news north south east west northern southern
            eastern western province district capital civilians rebels fighters soldiers attacks
            strikes air drone shelling control forces held took took said says according
            officials sources residents reports peace talks ceasefire aid humanitarian refugees
            displaced wounded injured dead hospital children women men food water power
            international united nations human rights observers monitor monitors council foreign
            support support weapons
            """
        )
    )
)

# Stock phrases that news text of every topic repeats.
NEWS_PHRASES = tuple(
    p.split()
    for p in (
        "according to the",
        "said in a statement",
        "told reporters on",
        "one of the",
        "in the past",
        "at least",
        "the united nations",
        "human rights",
        "in a statement on",
        "the ministry of defence said",
        "local media reported",
        "it was not immediately clear",
        "could not be independently verified",
        "a spokesman for the",
        "on condition of anonymity",
        "the latest in a series of",
        "in recent weeks",
        "in the early hours of",
        "security forces",
        "armed groups",
        "the death toll",
        "was killed in",
        "were killed and",
        "more than",
        "as well as",
        "in the north of the country",
        "in the south of the country",
        "near the border with",
        "the head of the",
        "the capital",
        "humanitarian aid",
        "the international community",
        "there was no immediate comment from",
        "did not respond to a request for comment",
        "the attack came as",
        "the conflict has killed",
        "have been displaced by the fighting",
        "a ceasefire agreement",
        "peace talks",
        "in an interview with",
        "last year",
        "earlier this month",
        "on the outskirts of",
        "a senior official",
        "witnesses said",
        "the armed forces",
        "opposition fighters",
        "government forces",
        "air strikes",
        "drone attack",
    )
)

# Boilerplate line kinds an outlet adds around its articles.
_BOILERPLATE_TEMPLATES = (
    "Photo: {outlet}",
    "Read More",
    "Follow {outlet} on social media for the latest news",
    "Subscribe to our newsletter to get the top stories every morning",
    "Copyright {outlet}. All rights reserved.",
    "This article was originally published by {outlet}",
    "Share this article",
    "Related coverage",
    "Sign up for breaking news alerts from {outlet}",
    "Advertisement",
    "Listen to this article",
    "Editing by the {outlet} desk",
)

# What a syndicating outlet does to a wire story, with the probability that a
# copy gets each edit. Outlet boilerplate is always swapped for the copier's.
EDITS: dict[str, float] = {
    "headline": 0.6,  # the copier writes its own headline
    "reorder": 0.4,  # one to three paragraphs move
    "drop": 0.3,  # one or two paragraphs are cut
    "add": 0.3,  # one paragraph of the copier's own is added
    "words": 0.6,  # 1-4% of words changed (spelling, wording, numbers)
    "truncate": 0.25,  # the end is cut, keeping 45-90% of the body
    "repeat": 0.15,  # a paragraph or caption appears twice
    "sidebar": 0.3,  # a sidebar of unrelated headlines follows the text
}


@dataclass(frozen=True)
class CorpusConfig:
    """Knobs of the generator; the defaults are what the benchmarks use."""

    copy_share: float = 0.10  # share of all articles that are syndicated copies
    copy_of_copy: float = 0.2  # share of copies made from another copy (re-syndication)
    topic_share: float = 0.5  # share of originals that share a topic with other originals
    topic_size: tuple[int, int] = (2, 8)  # originals per shared topic
    quotes_per_article: tuple[int, int] = (1, 3)  # shared topic sentences an article quotes
    min_words: int = 150
    max_words: int = 700
    vocabulary: int = 40_000
    zipf_exponent: float = 1.05
    outlets: int = 300
    phrase_rate: float = 0.12  # chance a sentence slot is a stock phrase
    name_rate: float = 0.06  # chance a sentence slot is a topic name
    edits: dict[str, float] = field(default_factory=lambda: dict(EDITS))


@dataclass(frozen=True)
class SyntheticArticle:
    """One generated article and its truth."""

    id: str  # sha256 of the text, first 16 hex digits (like frontlines article ids)
    outlet: str
    title: str
    text: str  # title, body and outlet boilerplate, as a reader would receive it
    published: dt.date
    story: int  # truth: equal for an original and all its syndicated copies
    topic: int  # equal for articles reporting the same events
    copy_of: str | None = None  # the article this one was copied from
    edits: tuple[str, ...] = ()  # the edits applied to make this copy

    @property
    def n_words(self) -> int:
        return len(self.text.split())


@dataclass
class _Body:
    """An article before rendering: what copies are made from."""

    title: str
    paragraphs: list[str]
    topic: int
    story: int
    published: dt.date
    outlet: int


class _Language:
    """Vocabulary, stock phrases and topic names, sampled cheaply in bulk."""

    def __init__(self, cfg: CorpusConfig, rng: random.Random, nrng: np.random.Generator):
        self.cfg = cfg
        self.rng = rng
        self.nrng = nrng
        head = list(COMMON_WORDS)
        tail = _pseudo_words(cfg.vocabulary - len(head), rng, exclude=set(head))
        self.words = head + tail
        ranks = np.arange(1, len(self.words) + 1, dtype=np.float64)
        weights = ranks ** (-cfg.zipf_exponent)
        self.cdf = np.cumsum(weights / weights.sum())
        self._pool: list[str] = []
        self._names = _pseudo_words(20_000, rng, exclude=set(self.words), capitalise=True)

    def word(self) -> str:
        if not self._pool:
            idx = np.searchsorted(self.cdf, self.nrng.random(65_536))
            idx = np.minimum(idx, len(self.words) - 1)
            self._pool = [self.words[i] for i in idx]
        return self._pool.pop()

    def name(self) -> str:
        """A place or actor name: one to three capitalised words."""
        k = self.rng.choice((1, 2, 2, 3))
        return " ".join(self.rng.choice(self._names) for _ in range(k))

    def sentence(self, names: Sequence[str], length: int | None = None) -> str:
        rng = self.rng
        n = length if length is not None else rng.randint(8, 32)
        out: list[str] = []
        while len(out) < n:
            roll = rng.random()
            if roll < self.cfg.phrase_rate:
                out.extend(rng.choice(NEWS_PHRASES))
            elif roll < self.cfg.phrase_rate + self.cfg.name_rate and names:
                out.append(rng.choice(names))
            elif roll < self.cfg.phrase_rate + self.cfg.name_rate + 0.03:
                out.append(
                    str(
                        rng.choice(
                            (rng.randint(2, 60), rng.randint(100, 3000), rng.randint(1990, 2025))
                        )
                    )
                )
            else:
                out.append(self.word())
        text = " ".join(out)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, names: Sequence[str]) -> str:
        return " ".join(self.sentence(names) for _ in range(self.rng.choice((1, 1, 2, 2, 3))))

    def headline(self, names: Sequence[str]) -> str:
        return self.sentence(names, self.rng.randint(6, 12)).rstrip(".").title()


def _pseudo_words(
    n: int, rng: random.Random, exclude: set[str], capitalise: bool = False
) -> list[str]:
    onsets = _split("b c d f g h j k l m n p r s t v w z br ch dr gh kh sh st th tr")
    vowels = ["a", "e", "i", "o", "u", "ai", "ou", "ee", "ia", "ei"]
    codas = ("", "", "n", "r", "s", "l", "m", "t", "k", "sh", "d")
    out: list[str] = []
    seen = set(exclude)
    while len(out) < n:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        w = "".join(
            rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas) for _ in range(syllables)
        )
        if w in seen:
            continue
        seen.add(w)
        out.append(w.capitalize() if capitalise else w)
    return out


class _Generator:
    def __init__(self, cfg: CorpusConfig, seed: int):
        self.cfg = cfg
        self.rng = random.Random(seed)
        self.nrng = np.random.default_rng(self.rng.getrandbits(64))
        self.lang = _Language(cfg, self.rng, self.nrng)
        self.outlets = [
            f"{self.lang.name()} {self.rng.choice(('News', 'Times', 'Post', 'Daily', 'Agency', 'TV', 'Herald', 'Online'))}"
            for _ in range(cfg.outlets)
        ]
        ranks = np.arange(1, cfg.outlets + 1, dtype=np.float64)
        self.outlet_cum_weights = list(np.cumsum(ranks**-0.8))
        self.boilerplate = [self._outlet_boilerplate(o) for o in self.outlets]
        self.topics: list[tuple[list[str], list[str]]] = []  # (names, shared sentences)
        self.day0 = dt.date(2024, 1, 1)

    def _outlet_boilerplate(self, outlet: str) -> tuple[list[str], list[str]]:
        picks = self.rng.sample(_BOILERPLATE_TEMPLATES, self.rng.randint(1, 4))
        lines = [t.format(outlet=outlet) for t in picks]
        cut = self.rng.randint(0, len(lines))
        return lines[:cut], lines[cut:]

    def _new_topic(self, shared: bool) -> int:
        names = [self.lang.name() for _ in range(self.rng.randint(3, 8))]
        quotes = []
        if shared:
            quotes = [
                self.lang.sentence(names, self.rng.randint(12, 35))
                for _ in range(self.rng.randint(3, 8))
            ]
        self.topics.append((names, quotes))
        return len(self.topics) - 1

    def _pick_outlet(self, not_this: int | None = None) -> int:
        while True:
            o = self.rng.choices(range(len(self.outlets)), cum_weights=self.outlet_cum_weights)[0]
            if o != not_this:
                return o

    def original(self, topic: int, story: int) -> _Body:
        rng = self.rng
        names, quotes = self.topics[topic]
        target = int(rng.triangular(self.cfg.min_words, self.cfg.max_words, 300))
        paragraphs: list[str] = []
        n_words = 0
        while n_words < target:
            p = self.lang.paragraph(names)
            paragraphs.append(p)
            n_words += p.count(" ") + 1
        if quotes:
            lo, hi = self.cfg.quotes_per_article
            for q in rng.sample(quotes, min(len(quotes), rng.randint(lo, hi))):
                attribution = rng.choice(("", f"{rng.choice(names)} said: ", "A spokesman said: "))
                paragraphs.insert(rng.randint(0, len(paragraphs)), f'{attribution}"{q}"')
        published = self.day0 + dt.timedelta(days=topic % 700)
        return _Body(
            self.lang.headline(names), paragraphs, topic, story, published, self._pick_outlet()
        )

    def copy(self, src: _Body) -> tuple[_Body, tuple[str, ...]]:
        rng = self.rng
        names, _ = self.topics[src.topic]
        paras = list(src.paragraphs)
        title = src.title
        applied: list[str] = []
        edits = self.cfg.edits
        total = sum(p.count(" ") + 1 for p in paras)
        if rng.random() < edits["truncate"] and len(paras) > 2:
            keep = rng.uniform(0.45, 0.9) * total
            out: list[str] = []
            seen = 0
            for p in paras:
                if seen >= keep:
                    break
                out.append(p)
                seen += p.count(" ") + 1
            paras = out
            applied.append("truncate")
        if rng.random() < edits["drop"] and len(paras) > 2:
            # Cutting never leaves less than 40% of the original words.
            for _ in range(rng.randint(1, 2)):
                i = rng.randrange(len(paras))
                left = sum(p.count(" ") + 1 for p in paras) - paras[i].count(" ") - 1
                if len(paras) > 2 and left >= 0.4 * total:
                    paras.pop(i)
            applied.append("drop")
        if rng.random() < edits["reorder"] and len(paras) > 1:
            for _ in range(rng.randint(1, 3)):
                p = paras.pop(rng.randrange(len(paras)))
                paras.insert(rng.randrange(len(paras) + 1), p)
            applied.append("reorder")
        if rng.random() < edits["words"]:
            paras = [self._change_words(p, rng.uniform(0.01, 0.04)) for p in paras]
            applied.append("words")
        if rng.random() < edits["add"]:
            paras.insert(rng.randint(0, len(paras)), self.lang.paragraph(names))
            applied.append("add")
        if rng.random() < edits["repeat"]:
            i = rng.randrange(len(paras))
            paras.insert(min(len(paras), i + rng.randint(1, 3)), paras[i])
            applied.append("repeat")
        if rng.random() < edits["headline"]:
            title = self.lang.headline(names)
            applied.append("headline")
        body = _Body(
            title,
            paras,
            src.topic,
            src.story,
            src.published + dt.timedelta(days=rng.choice((0, 0, 0, 1))),
            self._pick_outlet(src.outlet),
        )
        if rng.random() < edits["sidebar"]:
            applied.append("sidebar")
        return body, tuple(applied)

    def _change_words(self, paragraph: str, rate: float) -> str:
        words = paragraph.split(" ")
        for _ in range(max(0, round(len(words) * rate + self.rng.random() - 0.5))):
            i = self.rng.randrange(len(words))
            words[i] = self.lang.word()
        return " ".join(words)

    def render(self, body: _Body, sidebar: bool) -> str:
        head, foot = self.boilerplate[body.outlet]
        lines = [body.title, *head, *body.paragraphs, *foot]
        if sidebar:
            names = self.topics[self.rng.randrange(len(self.topics))][0]
            lines.extend(self.lang.headline(names) for _ in range(self.rng.randint(2, 5)))
        return "\n\n".join(lines) + "\n"

    def articles(self, n: int) -> Iterator[SyntheticArticle]:
        rng = self.rng
        cfg = self.cfg
        n_copies = round(n * cfg.copy_share)
        is_copy = [False] * (n - n_copies) + [True] * n_copies
        # Copies need an earlier article: keep the first ones original.
        head = max(1, min(n - n_copies, 20))
        rest = is_copy[head:]
        rng.shuffle(rest)
        is_copy = is_copy[:head] + rest
        bodies: list[tuple[_Body, str]] = []  # (body, article id)
        originals: list[int] = []
        copies: list[int] = []
        open_topic: tuple[int, int] | None = None  # (topic, originals still to write)
        story = 0
        for copy_flag in is_copy:
            if copy_flag:
                pool = copies if copies and rng.random() < cfg.copy_of_copy else originals
                src_i = pool[rng.randrange(len(pool))]
                src, src_id = bodies[src_i]
                body, edits = self.copy(src)
                copy_of: str | None = src_id
                copies.append(len(bodies))
            else:
                if open_topic is None or open_topic[1] == 0:
                    if rng.random() < cfg.topic_share / (
                        cfg.topic_share + (1 - cfg.topic_share) * sum(cfg.topic_size) / 2
                    ):
                        open_topic = (self._new_topic(shared=True), rng.randint(*cfg.topic_size))
                    else:
                        open_topic = (self._new_topic(shared=False), 1)
                topic, left = open_topic
                open_topic = (topic, left - 1)
                body = self.original(topic, story)
                story += 1
                edits = ("sidebar",) if rng.random() < cfg.edits["sidebar"] else ()
                copy_of = None
                originals.append(len(bodies))
            text = self.render(body, "sidebar" in edits)
            article_id = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
            bodies.append((body, article_id))
            yield SyntheticArticle(
                id=article_id,
                outlet=self.outlets[body.outlet],
                title=body.title,
                text=text,
                published=body.published,
                story=body.story,
                topic=body.topic,
                copy_of=copy_of,
                edits=edits,
            )


def generate_corpus(
    n: int, seed: int = 1, config: CorpusConfig | None = None
) -> list[SyntheticArticle]:
    """``n`` synthetic articles, reproducible from ``(n, seed, config)``."""
    return list(_Generator(config or CorpusConfig(), seed).articles(n))


def same_story_pairs(labels: Sequence[object]) -> int:
    """The number of unordered pairs of items that share a label."""
    counts: dict[object, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    return sum(c * (c - 1) // 2 for c in counts.values())


def pair_scores(
    truth: Sequence[object], predicted: Sequence[object]
) -> tuple[float, float, int, int, int]:
    """Pair precision and recall of a predicted partition against the truth.

    Both arguments give one label per item, in the same order. Returns
    ``(precision, recall, true_pairs, predicted_pairs, agreeing_pairs)``.
    """
    true_pairs = same_story_pairs(truth)
    predicted_pairs = same_story_pairs(predicted)
    agreeing = same_story_pairs(list(zip(truth, predicted, strict=True)))
    precision = agreeing / predicted_pairs if predicted_pairs else 1.0
    recall = agreeing / true_pairs if true_pairs else 1.0
    return precision, recall, true_pairs, predicted_pairs, agreeing
