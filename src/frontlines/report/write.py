"""Writing a situation report as one self-contained HTML file or as Markdown beside its chart.

Reads a :class:`~frontlines.report.model.SituationReport`; writes ``.html``
(chart embedded as a data URI, no external assets) or ``.md`` (chart written
beside it as ``<name>.png`` and linked). Article text is untrusted: every
piece of it is escaped, and only http(s) links become links.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from frontlines.errors import BadOption
from frontlines.events.model import ActorRef, ControlPeriod, DateBound, Event
from frontlines.export.acled import evidence_sentence
from frontlines.report.chart import render_chart
from frontlines.report.model import Citation, SituationReport

REPORT_SUFFIXES = (".html", ".htm", ".md")


# --- words shared by both writers --------------------------------------------------------


def when(e: Event) -> str:
    """An event's date as a reader wants it: ``2019-08-21``, ``2019-08-01 – 2019-08-31``, ``undated``."""
    if e.date_start is None:
        return "undated"
    if e.date_end is None or e.date_end == e.date_start:
        return e.date_start.isoformat()
    return f"{e.date_start.isoformat()} – {e.date_end.isoformat()}"


def _bound(b: DateBound | None, open_text: str) -> str:
    if b is None or (b.earliest is None and b.latest is None):
        return open_text
    if b.earliest == b.latest or b.latest is None:
        return str(b.earliest)
    if b.earliest is None:
        return f"by {b.latest}"
    return f"{b.earliest} – {b.latest}"


def period_from(p: ControlPeriod) -> str:
    return _bound(p.start, "before the evidence")


def period_until(p: ControlPeriod) -> str:
    return _bound(p.end, "still, as far as known")


def _actor(a: ActorRef | None) -> str:
    return a.name if a else ""


def actors(e: Event) -> str:
    if e.actor1 and e.actor2:
        return f"{e.actor1.name} vs {e.actor2.name}"
    return _actor(e.actor1) or _actor(e.actor2)


def killed(e: Event) -> str:
    q = e.fatalities
    if q is None or (q.low is None and q.high is None):
        return ""
    if q.low == q.high:
        return f"{q.low} killed"
    if q.high is None:
        return f"at least {q.low} killed"
    if q.low is None:
        return f"up to {q.high} killed"
    return f"{q.low}–{q.high} killed"


def change(e: Event) -> str:
    t = e.territory
    if t is None or t.new_controller is None:
        return ""
    text = f"control to {t.new_controller.name}"
    if t.previous_controller is not None:
        text += f" (from {t.previous_controller.name})"
    return text


def casualty_sentence(report: SituationReport) -> str:
    """The totals in words: the sum of the low figures, and of the high ones where given."""
    c = report.casualties
    n = c.events_with_figures
    if n == 0:
        return "No fatality figures are reported for these events."
    events = f"{n} event{'s' if n != 1 else ''}"
    text = f"At least {c.low} killed (the lowest reported figures, summed over the {events} that give one)"
    with_high = n - c.open_ended
    if with_high == n:
        text += f"; at most {c.high} by the highest figures"
    elif with_high:
        text += (
            f"; {c.high} by the highest figures of the {with_high} that give an upper bound, "
            f"while {c.open_ended} give only a lower one (\u201cat least\u201d)"
        )
    else:
        text += "; no figure gives an upper bound"
    return text + "."


def scope_line(report: SituationReport) -> str:
    if report.place is not None:
        p = report.place
        where = ", ".join(x for x in (p.feature_code, p.country_code) if x)
        what = f"Place: {p.name} (GeoNames {p.geonameid}{', ' + where if where else ''})"
    else:
        what = f"Country: {report.country_name} ({report.country_code})"
    n = len(report.events)
    return f"{what}. {n} event{'s' if n != 1 else ''}; generated {report.generated.isoformat()} by frontlines."


def _safe_url(url: str | None) -> str | None:
    """The URL if it is http(s); a ``javascript:`` or ``data:`` URL in an article never becomes a link."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _citation_words(c: Citation) -> list[str]:
    """Outlet, title, date: the parts of a citation that exist."""
    named = [c.outlet or "", f"\u201c{c.title}\u201d" if c.title else ""]
    parts = [p for p in named if p] or [f"article {c.article_id}"]
    return parts + ([c.published] if c.published else [])


# --- HTML --------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.92rem}th,td{border-bottom:1px solid #e3e3e3;padding:.35rem .4rem;text-align:left;vertical-align:top}
th{background:#f5f5f5}.muted{color:#666}.date{white-space:nowrap}img{max-width:100%}
blockquote{margin:.2rem 0;padding-left:.6rem;border-left:3px solid #bbb;color:#333}sup a{text-decoration:none}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _cites_html(numbers: list[int]) -> str:
    return "".join(f'<sup><a href="#cite-{n}">[{n}]</a></sup>' for n in numbers)


def _event_html_row(report: SituationReport, e: Event) -> str:
    sentence = evidence_sentence(e)
    what = (
        f'<strong>{_e(e.event_type)}</strong><br><span class="muted">{_e(e.sub_event_type)}</span>'
    )
    details = " · ".join(_e(x) for x in (actors(e), change(e), killed(e)) if x)
    if e.background:
        details += (" · " if details else "") + '<span class="muted">retold as background</span>'
    quote_html = f"<blockquote>{_e(sentence)}</blockquote>" if sentence else ""
    return (
        f'<tr><td class="date">{_e(when(e))}</td><td>{what}</td>'
        f"<td>{_e(e.place.name if e.place else '')}</td>"
        f"<td>{details}{quote_html}{_cites_html(report.cite([r.article_id for r in e.reports]))}</td></tr>"
    )


def _timeline_html(report: SituationReport) -> str:
    if not report.events:
        return "<p>No events in this period.</p>"
    rows = "".join(_event_html_row(report, e) for e in report.events)
    return (
        "<table><thead><tr><th>date</th><th>event</th><th>place</th><th>what the sources say</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _control_html(report: SituationReport) -> str:
    if report.place is not None:
        if not report.control_periods:
            return "<p>No control periods are known for this place in this period.</p>"
        rows = "".join(
            f'<tr><td>{_e(p.controller.name)}</td><td class="date">{_e(period_from(p))}</td>'
            f'<td class="date">{_e(period_until(p))}</td><td>{"yes" if p.contested else ""}</td>'
            f"<td>{_cites_html(report.cite([r.article_id for r in p.evidence]))}</td></tr>"
            for p in report.control_periods
        )
        return (
            "<table><thead><tr><th>held by</th><th>from</th><th>until</th><th>contested</th>"
            f"<th>sources</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    if not report.control_events:
        return "<p>No changes of control are reported in this period.</p>"
    items = "".join(
        f'<li><span class="date">{_e(when(e))}</span> {_e(e.place.name if e.place else "")}: '
        f"{_e(change(e) or e.sub_event_type)}{_cites_html(report.cite([r.article_id for r in e.reports]))}</li>"
        for e in report.control_events
    )
    return f"<ul>{items}</ul>"


def _citation_html(c: Citation) -> str:
    words = ", ".join(_e(w) for w in _citation_words(c))
    url = _safe_url(c.url)
    link = f' <a href="{_e(url)}" rel="noopener noreferrer">{_e(url)}</a>' if url else ""
    if c.url and not url:
        link = f' <span class="muted">{_e(c.url)}</span>'
    return f'<li id="cite-{c.number}" value="{c.number}">{words}.{link}</li>'


def to_html(report: SituationReport, chart_png: bytes) -> str:
    """The whole report as one HTML page; the chart is inline, nothing is fetched."""
    chart = base64.b64encode(chart_png).decode("ascii")
    sources = "".join(_citation_html(c) for c in report.citations) or "<li>No sources.</li>"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>{_e(report.title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{_e(report.title)}</h1>
<p class="muted">{_e(scope_line(report))}</p>
<h2 id="chart">Events per month</h2>
<img alt="Events per month by type, with control changes marked" src="data:image/png;base64,{chart}">
<h2 id="control">Control changes</h2>
{_control_html(report)}
<h2 id="casualties">Casualties</h2>
<p>{_e(casualty_sentence(report))}</p>
<h2 id="timeline">Timeline</h2>
{_timeline_html(report)}
<h2 id="sources">Sources</h2>
<ol>{sources}</ol>
</body>
</html>
"""


# --- Markdown ----------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def _m(text: object) -> str:
    """Untrusted text for Markdown: HTML escaped (renderers pass raw HTML through) and
    Markdown's own marks backslashed, on one line."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _cites_md(numbers: list[int]) -> str:
    return "".join(f" [{n}]" for n in numbers)


def _event_md(report: SituationReport, e: Event) -> str:
    head = f"- **{_m(when(e))}** {_m(e.event_type)} / {_m(e.sub_event_type)}"
    if e.place:
        head += f", {_m(e.place.name)}"
    details = "; ".join(_m(x) for x in (actors(e), change(e), killed(e)) if x)
    if e.background:
        details += ("; " if details else "") + "retold as background"
    if details:
        head += f": {details}"
    head += _cites_md(report.cite([r.article_id for r in e.reports]))
    sentence = evidence_sentence(e)
    return head + (f"\n  > {_m(sentence)}" if sentence else "")


def _control_md(report: SituationReport) -> str:
    if report.place is not None:
        if not report.control_periods:
            return "No control periods are known for this place in this period."
        lines = ["| held by | from | until | contested | sources |", "|---|---|---|---|---|"]
        for p in report.control_periods:
            lines.append(
                f"| {_m(p.controller.name)} | {_m(period_from(p))} | {_m(period_until(p))} | "
                f"{'yes' if p.contested else ''} |{_cites_md(report.cite([r.article_id for r in p.evidence]))} |"
            )
        return "\n".join(lines)
    if not report.control_events:
        return "No changes of control are reported in this period."
    return "\n".join(
        f"- **{_m(when(e))}** {_m(e.place.name if e.place else '')}: {_m(change(e) or e.sub_event_type)}"
        f"{_cites_md(report.cite([r.article_id for r in e.reports]))}"
        for e in report.control_events
    )


def _citation_md(c: Citation) -> str:
    words = ", ".join(_m(w) for w in _citation_words(c))
    url = _safe_url(c.url)
    return f"{c.number}. {words}." + (
        f" <{url}>" if url and ">" not in url and " " not in url else ""
    )


def to_markdown(report: SituationReport, chart_name: str) -> str:
    """The report as Markdown; ``chart_name`` is the PNG's file name, relative to the .md file."""
    timeline = "\n".join(_event_md(report, e) for e in report.events) or "No events in this period."
    sources = "\n".join(_citation_md(c) for c in report.citations) or "No sources."
    return f"""# {_m(report.title)}

{_m(scope_line(report))}

## Events per month

![Events per month by type, with control changes marked]({quote(chart_name)})

## Control changes

{_control_md(report)}

## Casualties

{_m(casualty_sentence(report))}

## Timeline

{timeline}

## Sources

{sources}
"""


# --- files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WrittenReport:
    """The files a report went to: the report, and the chart when it is a file of its own."""

    path: Path
    chart: Path | None = None


def check_report_path(out: Path) -> None:
    """Fail early, before any work, on an output path no writer can use."""
    if out.suffix.lower() not in REPORT_SUFFIXES:
        raise BadOption(
            detail=f"--out must end in .html or .md (the suffix picks the format), not {out.name!r}"
        )
    if not out.parent.is_dir():
        raise BadOption(detail=f"cannot write {out}: the folder {out.parent} does not exist")


def write_report(report: SituationReport, out: Path | str) -> WrittenReport:
    """Write ``report`` to ``out``: HTML for ``.html``/``.htm``, Markdown (and a PNG beside it) for ``.md``."""
    out = Path(out)
    check_report_path(out)
    png = render_chart(report)
    if out.suffix.lower() == ".md":
        chart = out.with_suffix(".png")
        chart.write_bytes(png)
        out.write_text(to_markdown(report, chart.name), encoding="utf-8")
        return WrittenReport(out, chart)
    out.write_text(to_html(report, png), encoding="utf-8")
    return WrittenReport(out)
