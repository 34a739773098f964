"""One analysis record per article (issue 17, point 1): stages are pure over the record,
write only what they declare, and the record crosses a process boundary without its parse."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import pickle
import re
from pathlib import Path

from frontlines import analysis, nlp, pipeline
from frontlines.analysis import FIELDS, Analysis
from frontlines.models import Article, DatePrecision, DateSource, Published

SRC = Path(analysis.__file__).resolve().parent

REPORT = (
    "Rebels capture Kupiansk after a week of fighting\n\n"
    "Rebel fighters captured the town of Kupiansk on Tuesday after a week of fighting, "
    "a military spokesman said. Two soldiers were killed in the attack on an army post "
    "near the town on Monday, and residents said the shelling went on through the night."
)


def _article(text: str = REPORT, published: Published | None = None) -> Article:
    return Article(
        id="a" * 16,
        text=text,
        raw_text=text,
        source="test",
        format="txt",
        published=published
        or Published(
            start=dt.date(2024, 3, 5),
            end=dt.date(2024, 3, 5),
            precision=DatePrecision.DAY,
            source=DateSource.METADATA,
        ),
    )


def test_each_stage_writes_only_what_it_declares() -> None:
    record = Analysis(article=_article())
    record.doc = nlp.parse(record.article.text)
    for stage in pipeline.document_stages():
        assert set(stage.reads) <= set(FIELDS) and set(stage.writes) <= set(FIELDS)
        before = {f: copy.copy(getattr(record, f)) for f in FIELDS if f != "doc"}
        assert stage(record) is None
        changed = {f for f in before if getattr(record, f) != before[f]}
        assert changed <= set(stage.writes), (stage.name, changed)
    assert record.events, "the report's capture is found"
    assert record.scope is not None and record.scope.level == "conflict"


def _stage_table() -> dict[str, tuple[set[str], set[str]]]:
    """The reads and writes of each stage as the record module's docstring tables them."""
    lines = (analysis.__doc__ or "").splitlines()
    rules = [n for n, line in enumerate(lines) if line.startswith("=====")]
    starts = [m.start() for m in re.finditer(r"=+", lines[rules[0]])]
    rows: dict[str, tuple[set[str], set[str]]] = {}
    stage = ""
    for line in lines[rules[1] + 1 : rules[2]]:
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], None], strict=True)]
        stage = cells[0] or stage
        reads, writes = rows.setdefault(stage, (set(), set()))
        reads.update(w for w in re.split(r"[,\s]+", cells[1]) if w)
        writes.update(w for w in re.split(r"[,\s]+", cells[2]) if w)
    return rows


def test_the_stage_table_of_the_record_module_is_the_stages_own() -> None:
    table = _stage_table()
    for stage in pipeline.document_stages():
        assert table[stage.name] == (set(stage.reads), set(stage.writes)), stage.name


def test_analyse_gives_the_same_records_in_one_batch_or_one_at_a_time() -> None:
    texts = [REPORT, REPORT.replace("Kupiansk", "Izium"), REPORT.replace("Tuesday", "Friday")]
    articles = [_article(t).model_copy(update={"id": f"{n:016x}"}) for n, t in enumerate(texts)]
    together = pipeline.analyse(articles, batch_size=8)
    alone = [pipeline.analyse([a], batch_size=1)[0] for a in articles]
    for a, b in zip(together, alone, strict=True):
        assert a.events == b.events and a.places == b.places and a.times == b.times
        assert a.doc is None and b.doc is None  # the parse is dropped before records leave


def test_a_record_pickles_without_its_parse() -> None:
    record = Analysis(article=_article())
    record.doc = nlp.parse(record.article.text)
    for stage in pipeline.document_stages():
        stage(record)
    back = pickle.loads(pickle.dumps(record))
    assert back.doc is None and back.events == record.events and back.actors == record.actors


def test_an_undated_article_gets_the_date_the_time_stage_infers() -> None:
    from frontlines.time.stage import TimeStage

    text = "Fighting in Kupiansk\n\nOn 3 March 2024 rebels attacked the town, residents said."
    record = Analysis(article=_article(text, Published.unknown()))
    record.doc = nlp.parse(text)
    TimeStage()(record)
    assert record.published is None or record.published.is_known
    assert record.publication is (record.published or record.article.published)


def test_product_code_imports_nothing_from_eval() -> None:
    # the eval package and the commands that run it (cli) may; nothing else does
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] in {"eval", "cli"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("frontlines.eval"), (rel, node.module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("frontlines.eval"), (rel, alias.name)


def test_no_stage_module_keeps_a_cache_of_articles() -> None:
    # stages hand results to each other in the record only: no module-level dict or
    # Recent-style memory keyed by article in the stage modules or the nlp module
    for rel in ("time/stage.py", "geo/stage.py", "events/stage.py", "nlp/__init__.py"):
        tree = ast.parse((SRC / rel).read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, (ast.Assign, ast.AnnAssign)):
                value = node.value
                assert not isinstance(value, (ast.Dict, ast.Call)) or (
                    isinstance(value, ast.Call)
                    and isinstance(value.func, ast.Name)
                    and value.func.id in {"frozenset", "tuple"}
                ), (rel, ast.unparse(node))
