"""``frontlines bench events``: events per 100 articles of general news, on a corpus of ours."""

from __future__ import annotations

import json
from pathlib import Path

from frontlines.cli import main
from frontlines.eval.noise import read_news, run_noise

# three articles in LGL's layout, written here: a storm, a council vote, a clash
CORPUS = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><title>Storm closes schools</title><url>http://example.org/1</url>
    <dltime>2009-03-20 12:24:52-05</dltime>
    <text>Storm closes schools. Heavy snow closed every school in Dorvale on Friday, and the
    county asked drivers to stay home as the plough crews worked through the night to clear
    the main roads before the weekend markets and the spring fair that the town holds every
    year on its green.</text></article>
  <article docid="2"><title>Council approves new park</title><url>http://example.org/2</url>
    <dltime>2009-03-21 09:00:00-05</dltime>
    <text>Council approves new park. The town council voted six to one on Tuesday to turn the
    old rail yard in Dorvale into a park with a playground, a pond and a path along the river,
    after two years of public meetings and a survey that drew more than a thousand replies from
    residents of every district.</text></article>
  <article docid="3"><title>Rebels attack army post</title><url>http://example.org/3</url>
    <dltime>2009-03-22 09:00:00-05</dltime>
    <text>Rebels attack army post. Rebels attacked an army post near the town of Dorvale on
    Tuesday, and fighting went on through the night, residents said. Two soldiers were killed
    and the insurgents withdrew into the hills at dawn, according to a military spokesman.</text>
  </article>
</articles>
"""


def test_events_per_100_articles_of_general_news(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "lgl.xml"
    path.write_text(CORPUS, encoding="utf-8")
    docs = read_news("lgl", path)
    assert [d.published for d in docs] == ["2009-03-20", "2009-03-21", "2009-03-22"]
    run = run_noise("lgl", path, sample=5, seed=1)
    assert run.articles == 3 and run.stored == 3
    assert run.events >= 1 and all("Dorvale" not in (s["title"] or "") for s in run.sample)
    assert {s["title"] for s in run.sample} == {"Rebels attack army post"}
    assert run.per_100 == 100 * run.events / 3
    assert main(["bench", "events", str(path), "--corpus", "lgl", "-f", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["events"] == run.events and out["articles"] == 3


def test_per_type_precision_recall_and_support() -> None:
    from collections import Counter

    from frontlines.eval.realnews import per_type_scores

    pairs = [("Armed clash", "Armed clash"), ("Attack", "Armed clash"), ("Attack", "Attack")]
    gold = Counter({"Armed clash": 2, "Attack": 2})
    produced = Counter({"Armed clash": 3, "Attack": 1, "Grenade": 1})
    table = per_type_scores(pairs, gold, produced)
    assert table["Armed clash"] == {
        "precision": 1 / 3,
        "recall": 1 / 2,
        "support": 2,
        "produced": 3,
    }
    assert table["Attack"]["precision"] == 1.0 and table["Attack"]["recall"] == 0.5
    assert table["Grenade"] == {"precision": 0.0, "recall": None, "support": 0, "produced": 1}
