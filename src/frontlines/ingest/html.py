"""HTML pages: main text, title, outlet, canonical URL and date, offline.

Reads: an HTML page (a file, a JSONL ``html`` field, a WARC response, a
download). Sets: ``text`` (trafilatura's main text), ``title``, ``outlet``
(site name), ``url`` (the caller's URL, else the page's canonical URL),
``published`` (page metadata, source ``metadata``, day precision) and
``raw_html``. A page without main text is rejected (``no_main_text``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document

from frontlines.ingest.payload import (
    Payload,
    Undecodable,
    declared_charset,
    decode_bytes,
    normalize_newlines,
    reject,
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
        html = decode_html(data, declared=payload.charset)
    except Undecodable as exc:
        yield reject("undecodable", payload.source, data=data, detail=str(exc))
        return
    document = html_document(html, source=payload.source, format="html", url=payload.url)
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
    html = _XML_DECLARATION.sub("", html, count=1)
    tree = _parse(html)
    if tree is None:
        return None
    published = _meta_published(tree)
    with quiet_libraries():
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
    if not isinstance(extracted, Document) or not (extracted.text or "").strip():
        return None
    if not published.is_known:
        published = _published_from(extracted.date, evidence="htmldate (page metadata)")
    return RawDocument(
        source=source,
        format=format,
        text=normalize_newlines(extracted.text or ""),
        title=_clean(extracted.title),
        url=url or _clean(extracted.url),
        outlet=_clean(extracted.sitename),
        published=published,
        raw_html=html,
    )


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry body): block elements become line breaks."""
    tree = _parse_fragment(html)
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
    html = html.strip()
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
    if not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None


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
