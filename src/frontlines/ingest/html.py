"""HTML pages: main text, title, outlet, canonical URL and date, offline.

Reads: an HTML page (a file, a JSONL ``html`` field, a WARC response, a
download). Sets: ``text`` (trafilatura's main text), ``title``, ``outlet``
(site name), ``url`` (the caller's URL, else the page's canonical URL),
``published`` (page metadata, source ``metadata``, day precision) and
``raw_html``. A page without main text is rejected (``no_main_text``).

A page nested deeper than lxml parses (libxml2 stops at 256 levels and
drops the rest) is read by a plain streaming pass instead, which keeps the
text of every block but not trafilatura's choice of the main part.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from frontlines.ingest.payload import (
    Payload,
    Undecodable,
    declared_charset,
    decode_bytes,
    decode_text,
    normalize_newlines,
    reject,
    scrub_surrogates,
)
from frontlines.models import DateSource, Published, RawDocument, Rejection
from frontlines.settings import Settings

_QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")

# <meta> elements that name the publication date outright, most specific first.
_DATE_META = (
    ("property", "article:published_time"),
    ("property", "og:article:published_time"),
    ("property", "og:published_time"),
    ("itemprop", "datePublished"),
    ("name", "article:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "parsely-pub-date"),
    ("name", "sailthru.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.issued"),
)
# Elements whose text is never article text, skipped by the streaming fallback.
_SKIPPED_TAGS = frozenset(
    ("script", "style", "noscript", "template", "svg", "head", "nav", "header", "footer")
    + ("aside", "form", "button", "select", "iframe", "object")
)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    )
)


@contextmanager
def quiet_libraries() -> Iterator[None]:
    """Keep trafilatura, htmldate and friends from printing warnings or log lines while they run."""
    loggers = [logging.getLogger(name) for name in _QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in loggers:
            logger.setLevel(logging.CRITICAL + 1)
        try:
            yield
        finally:
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def read_html(payload: Payload, settings: Settings) -> Iterator[RawDocument | Rejection]:
    """Read one HTML file or download; yield a document, or a rejection saying why not."""
    data = payload.read_all()
    if not data.strip():
        yield reject("empty", payload.source, data=data)
        return
    try:
        decoded = decode_text(data, declared=payload.charset or declared_charset(data[:4096]))
    except Undecodable as exc:
        yield reject("undecodable", payload.source, data=data, detail=str(exc))
        return
    document = html_document(decoded.text, source=payload.source, format="html", url=payload.url)
    if document is not None:
        document = document.model_copy(update={"encoding": decoded.label})
    yield document or reject("no_main_text", payload.source, data=data)


def decode_html(data: bytes, *, declared: str | None = None) -> str:
    """An HTML page's text: the origin's charset, else the page's own ``<meta charset>``.

    Raises :class:`~frontlines.ingest.payload.Undecodable`.
    """
    return decode_bytes(data, declared=declared or declared_charset(data[:4096]))


def html_document(
    html: str, *, source: str, format: str, url: str | None = None
) -> RawDocument | None:
    """The article in an HTML page as a document, or None when it has no main text.

    ``url`` (where the page was fetched or archived from) wins over the page's
    canonical URL. Never touches the network.
    """
    html = scrub_surrogates(_XML_DECLARATION.sub("", html, count=1))
    parsed = _parse_page(html)
    if parsed is None:
        return None
    tree, cut_short = parsed
    published = _meta_published(tree)
    with quiet_libraries():
        try:
            extracted = trafilatura.bare_extraction(
                tree,
                url=url,
                with_metadata=True,
                include_comments=False,
                date_extraction_params={
                    "original_date": True,
                    "extensive_search": False,
                    "max_date": dt.date.today().isoformat(),
                },
            )
        except RecursionError:  # a tree deep enough for lxml can still be too deep for Python
            extracted, cut_short = None, True
    document = extracted if isinstance(extracted, Document) else None
    main_text = (document.text or "").strip() if document else ""
    # A tree cut short holds only the top of the page: read all of it as a stream.
    text = streamed_text(html) if cut_short else main_text
    if not text:
        return None
    if document is not None and not published.is_known:
        published = _published_from(document.date, evidence="htmldate (page metadata)")
    return RawDocument(
        source=source,
        format=format,
        text=normalize_newlines(text),
        title=_clean(document.title if document else tree.findtext(".//title")),
        url=url or _clean(document.url if document else None),
        outlet=_clean(document.sitename if document else None),
        published=published,
        raw_html=html,
    )


def streamed_text(html: str) -> str:
    """The text of every block of a page, read as a stream of tags: no tree, so no depth limit.

    Skips scripts, styles, the head and page furniture (``nav``, ``header``,
    ``footer``, ``aside``, forms); each block element starts a new line.
    """
    reader = _TextStream()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _TextStream(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # open elements of _SKIPPED_TAGS around the current text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # whatever was left open in the head ends here
            self.skipping = 0
        elif tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry body): block elements become line breaks."""
    tree = _parse_fragment(scrub_surrogates(html))
    if tree is None:
        return ""
    etree.strip_elements(tree, "script", "style", "noscript", with_tail=False)
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def fragment_main_text(html: str) -> str:
    """Main text of an HTML fragment by trafilatura, falling back to :func:`fragment_text`.

    Trafilatura drops short fragments entirely; the fallback keeps them.
    """
    html = scrub_surrogates(html.strip())
    if not html:
        return ""
    if "<" not in html:
        return html
    tree = _parse(html)
    extracted = None
    if tree is not None:
        with quiet_libraries():
            extracted = trafilatura.extract(tree, include_comments=False)
    if extracted and extracted.strip():
        return normalize_newlines(extracted.strip())
    return fragment_text(html)


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """A whole-page lxml tree, or None when lxml finds no document in ``html``."""
    parsed = _parse_page(html)
    return parsed[0] if parsed else None


def _parse_page(html: str) -> tuple[lxml.html.HtmlElement, bool] | None:
    """A whole-page lxml tree and whether libxml2 cut it short (too deep); None if no document."""
    if not html.strip():
        return None
    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    limit = etree.ErrorTypes.ERR_RESOURCE_LIMIT
    return tree, any(error.type == limit for error in parser.error_log)


def _parse_fragment(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def _meta_published(tree: lxml.html.HtmlElement) -> Published:
    """The publication day a ``<meta>`` tag states outright (``article:published_time``...)."""
    metas = tree.xpath("//meta[@content]")
    for attribute, name in _DATE_META:
        for meta in metas:
            if (meta.get(attribute) or "").strip().lower() == name.lower():
                content = meta.get("content", "")
                found = _published_from(
                    content, evidence=f'<meta {attribute}="{name}" content="{content}">'
                )
                if found.is_known:
                    return found
    return Published.unknown()


def _published_from(value: str | None, *, evidence: str) -> Published:
    """An exact, metadata-sourced publication date from an ISO date string; unknown if none."""
    match = _ISO_DAY.match(value or "")
    if match is None:
        return Published.unknown()
    try:
        day = dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return Published.unknown()
    return Published.exact(day, DateSource.METADATA, evidence=evidence)


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
