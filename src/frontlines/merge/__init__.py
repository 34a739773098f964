"""Cross-article merging: mentions become events, events become control timelines.

``events``: :func:`merge_events` (mentions → events with reports and
independent-story counts); ``dating``: :func:`infer_dates_from_events` (dates
undated articles through the events they share with dated ones); ``control``:
:func:`control_periods`, :func:`control_on`, :func:`timeline_for` (who held a
place when, admin areas passing control down to the places inside them).
"""

from frontlines.merge.control import control_on, control_periods, holders_on, timeline_for
from frontlines.merge.dating import DateInference, infer_dates_from_events
from frontlines.merge.events import MentionCluster, cluster_mentions, merge_events
from frontlines.merge.records import ArticleInfo, event_actor_ids, place_key, side_key, side_of

__all__ = [
    "ArticleInfo",
    "DateInference",
    "MentionCluster",
    "cluster_mentions",
    "control_on",
    "holders_on",
    "control_periods",
    "infer_dates_from_events",
    "merge_events",
    "place_key",
    "event_actor_ids",
    "side_key",
    "side_of",
    "timeline_for",
]
