"""One catalogue of errors and rejection reasons, with stable codes.

``E`` codes stop a command: the CLI prints ``error E###: message`` on one line
and exits non-zero. ``R`` codes are rejection reasons: the input is kept as a
:class:`~frontlines.models.Rejection` and the run goes on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    code: str
    name: str
    template: str
    defaults: dict[str, str] = field(default_factory=dict)  # for placeholders callers may omit

    def format(self, **kwargs: Any) -> str:
        try:
            return self.template.format(**{**self.defaults, **kwargs})
        except (KeyError, IndexError):
            return self.template


# Rejection reasons. The name is what users see in summaries and filter on.
REASONS: dict[str, Reason] = {
    r.name: r
    for r in [
        Reason("R001", "empty", "the input holds no text"),
        Reason("R002", "binary", "the input is binary data, not text ({kind})"),
        Reason(
            "R003", "undecodable", "the input is not valid text in any encoding tried ({detail})"
        ),
        Reason(
            "R004",
            "too_large",
            "the input is {more}{size} bytes, over the {limit}-byte cap; raise {setting} to read it",
            # more: "more than " when reading stopped at the cap, so the size is a lower bound
            {"more": "", "setting": "max_document_bytes"},
        ),
        Reason(
            "R005",
            "too_short",
            "the text has {words} words after cleaning, under the {minimum}-word minimum",
        ),
        Reason(
            "R006",
            "not_english",
            "the text does not read as English (English word share {share:.0%})",
        ),
        Reason("R007", "malformed_jsonl", "line {line} is not a JSON object: {detail}"),
        Reason("R008", "malformed_feed", "the feed could not be parsed: {detail}"),
        Reason("R009", "no_main_text", "no article text could be extracted from the HTML"),
        Reason("R010", "missing_field", "the record has neither 'text' nor 'html'"),
        Reason("R011", "malformed_warc", "the WARC file could not be read: {detail}"),
        Reason("R012", "fetch_failed", "fetching the URL failed: {detail}"),
        Reason("R013", "unsupported_format", "no reader for this input ({detail})"),
        Reason("R014", "unreadable", "the input could not be read: {detail}"),
        Reason("R015", "bad_field", "field {field} has an unusable value: {detail}"),
        Reason("R016", "stage_error", "stage {stage} failed on this article: {detail}"),
    ]
}


def reason(name: str) -> Reason:
    """The catalogue entry for a rejection reason name."""
    return REASONS[name]


class FrontlinesError(Exception):
    """An error a user can act on. ``code`` is stable; ``str()`` is one line."""

    code = "E000"
    template = "{detail}"

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        try:
            message = self.template.format(**kwargs)
        except (KeyError, IndexError):
            message = self.template
        super().__init__(message)

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


class NothingToIngest(FrontlinesError):
    code = "E001"
    template = "nothing could be ingested from {sources}; see `frontlines rejections`"


class PathNotFound(FrontlinesError):
    code = "E002"
    template = "no such file or directory: {path}"


class UnknownFormat(FrontlinesError):
    code = "E003"
    template = "unknown input format {name!r}; choose one of: {choices}"


class DatabaseError(FrontlinesError):
    code = "E004"
    template = "cannot open the database {url}: {detail}"


class DatabaseFailed(FrontlinesError):
    code = "E010"
    template = "the database refused a write or a read: {detail}"


class DatabaseTooNew(FrontlinesError):
    code = "E005"
    template = (
        "the database {url} was written by a newer frontlines (schema {found}); upgrade frontlines"
    )


class FetchNotAllowed(FrontlinesError):
    code = "E006"
    template = "{source} is a URL; add --fetch to download it (only http and https)"


class FileUrlRefused(FrontlinesError):
    code = "E011"
    template = "{source}: file:// URLs are refused; name the file's path instead"


class BadOption(FrontlinesError):
    code = "E007"
    template = "{detail}"


class NotFound(FrontlinesError):
    code = "E008"
    template = "no {kind} {key!r} in this database"


class ModelMissing(FrontlinesError):
    code = "E009"
    template = (
        "the spaCy model {name!r} is not installed; run `make demo` or `pip install {package}`"
    )


def reason_by_code(code: str) -> Reason | None:
    """The catalogue entry with this ``R###`` code, if any."""
    return next((r for r in REASONS.values() if r.code == code), None)
