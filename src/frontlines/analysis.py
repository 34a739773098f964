"""One record per article flows through the document stages, as a spaCy ``Doc`` flows
through a pipeline.

An :class:`Analysis` holds one stored article and what the stages found in it: the parse,
the time, place, actor and event mentions, and the scope decision. Each stage reads some
fields of the record and writes others (its ``reads`` and ``writes``); it touches nothing
else, neither the store nor a module-level cache, so the same stage code runs in this
process, in a worker process or on another machine. The orchestrator
(:mod:`frontlines.pipeline`) parses a batch of records with ``nlp.pipe``, runs the stages
over them (here or on workers) and stores the batch in one transaction
(:meth:`frontlines.store.Store.write_analyses`).

Stage layout (each stage's reads → writes):

=========  =======================================  =================================
stage      reads                                    writes
=========  =======================================  =================================
triage     article                                  triage, parsed, parse_note
parse      article, parsed                          doc
time       article, doc                             published, times
places     article, doc                             places, actors, country
events     article, published, parsed, parse_note,  scope, events
           doc, times, places, actors, country
=========  =======================================  =================================
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from frontlines.models import Article, Published, Rejection, TimeMention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from frontlines.events.extract import Scope
    from frontlines.events.model import ActorMention, EventMention, PlaceRef

# the fields a stage may declare in ``reads`` and ``writes``
FIELDS = (
    "article",
    "triage",
    "parsed",
    "parse_note",
    "doc",
    "published",
    "times",
    "places",
    "actors",
    "country",
    "scope",
    "events",
)


@dataclass
class Analysis:
    """An article and what the document stages found in it.

    A field is None until a stage writes it (``published`` stays None unless the time stage
    infers a date for an article that had none; the article's own date is
    ``article.published``). ``done`` lists the stages that ran on it, ``rejections`` what
    they refused or failed on. ``triage`` is the triage's reason for not parsing the
    article (None: it is parsed); ``parsed`` the character ranges the parse covers where the
    triage chose only some sentences (None: all of it), and ``parse_note`` which ones."""

    article: Article
    triage: str | None = None
    parsed: tuple[tuple[int, int], ...] | None = None
    parse_note: str | None = None
    doc: Doc | None = None
    published: Published | None = None
    times: list[TimeMention] | None = None
    places: list[PlaceRef] | None = None
    actors: list[ActorMention] | None = None
    country: str | None = None
    scope: Scope | None = None
    events: list[EventMention] | None = None
    done: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def publication(self) -> Published:
        """The article's publication date as the stages see it: the one the time stage
        inferred, else the article's own."""
        return self.published if self.published is not None else self.article.published

    def without_parse(self) -> Analysis:
        """The record with its parse dropped (for the store, or to send between processes:
        a ``Doc`` is large and the stages after the document stages never read it)."""
        self.doc = None
        return self

    def __getstate__(self) -> dict[str, Any]:  # a Doc never crosses a process boundary
        state = dict(self.__dict__)
        state["doc"] = None
        return state


class Stage(Protocol):
    """A document stage: pure over the record (it reads ``reads``, writes ``writes``).

    It returns a rejection when it refuses the article (the article is kept), and raises on
    a bug (the orchestrator records that as a rejection and goes on)."""

    @property
    def name(self) -> str: ...
    @property
    def reads(self) -> Sequence[str]: ...
    @property
    def writes(self) -> Sequence[str]: ...

    def __call__(self, record: Analysis) -> Rejection | None: ...
