"""The report's chart: events per month, stacked by ACLED event type, with control changes marked.

Reads a :class:`~frontlines.report.model.SituationReport`; returns PNG bytes.
Drawn with matplotlib's object API on an Agg canvas, so it needs no display
and leaves pyplot's global state alone.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from frontlines.report.model import SituationReport

_WIDTH_IN, _HEIGHT_IN, _DPI = 9.0, 3.6, 110


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out: list[dt.date] = []
    m = _month(first)
    while m <= last:
        out.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def monthly_counts(report: SituationReport) -> tuple[list[dt.date], dict[str, list[int]]]:
    """The months from the first dated event to the last, and each event type's count per month."""
    dated = report.dated_events
    if not dated:
        return [], {}
    per = Counter((e.event_type, _month(e.date_start)) for e in dated if e.date_start)
    first = min(e.date_start for e in dated if e.date_start)
    last = max(e.date_start for e in dated if e.date_start)
    months = _months(first, last)
    types = sorted({e.event_type for e in dated})
    return months, {t: [per[(t, m)] for m in months] for t in types}


def render_chart(report: SituationReport) -> bytes:
    """A PNG of events per month by type, with a dashed line at each control change."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(_WIDTH_IN, _HEIGHT_IN), dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    months, counts = monthly_counts(report)
    if not months:
        ax.text(0.5, 0.5, "no dated events", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    else:
        bottom = [0] * len(months)
        for event_type, values in counts.items():
            ax.bar(
                date2num(months), values, width=25, bottom=bottom, label=event_type, align="edge"
            )
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        changes = report.control_changes()
        for i, (day, who) in enumerate(changes):
            ax.axvline(
                float(date2num(day)),
                color="black",
                linestyle="--",
                linewidth=1,
                label="control change" if i == 0 else None,
            )
            ax.annotate(
                who,
                (float(date2num(day)), 0.98),
                xycoords=("data", "axes fraction"),
                rotation=90,
                va="top",
                ha="right",
                fontsize="x-small",
                bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1},
            )
        ax.xaxis_date()
        ax.set_ylim(0, max(bottom) * 1.6 + 0.5)  # headroom for the change labels
        ax.set_ylabel("events per month")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        fig.autofmt_xdate()
    ax.set_title(report.title, fontsize="medium")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()
