"""Issue 15 drills on hostile input: NULs, lone surrogates, FIFOs, odd folders, deep pages,
hard-wrapped text, broken UTF-8 and whole-sentence JSONL reasons (items 5, 10, 11, 14-17)."""

from __future__ import annotations

import json
import os
import socket
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import frontlines
from frontlines import errors, pipeline
from frontlines.ingest import expand_sources, read_source
from frontlines.ingest.payload import Decoded, NotAFile, Payload, decode_text
from frontlines.ingest.text import join_wrapped_lines
from frontlines.models import RawDocument, Rejection
from frontlines.settings import Settings

SETTINGS = Settings()
DEMO = Path(frontlines.__file__).parent / "data" / "demo"
HAMA = DEMO / "txt" / "syria_hama_army_withdraws_2024.txt"
REPORT = (
    "Opposition fighters entered the central city on Thursday after several days of fighting "
    "on its northern edge, and the army said it had moved its units out of the city to protect "
    "civilians. Residents said shops stayed closed and the main road south was crowded with cars "
    "as families left for the capital before nightfall."
)


def code(name: str) -> str:
    return errors.reason(name).code


def read(path: Path | str, **kwargs: object) -> list[RawDocument | Rejection]:
    return list(read_source(str(path), settings=SETTINGS, **kwargs))  # type: ignore[arg-type]


def rejections(path: Path | str) -> list[Rejection]:
    records = read(path)
    assert all(isinstance(r, Rejection) for r in records), records
    return [r for r in records if isinstance(r, Rejection)]


def utf8_safe(record: RawDocument | Rejection) -> bool:
    """Whether every string of ``record`` can be stored and printed (no lone surrogates)."""
    json.dumps(record.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")
    return True


@contextmanager
def unblocked_after(fifo: Path, seconds: float) -> Iterator[None]:
    """Fail instead of hanging: every ``seconds``, a writer opens ``fifo`` to free a blocked reader.

    (A signal would not do: it may reach another thread than the blocked one.)
    """
    done = threading.Event()
    poked: list[bool] = []

    def poke() -> None:
        while not done.wait(seconds):
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                poked.append(True)
            except OSError:  # no reader is waiting: nothing to free
                pass

    watchdog = threading.Thread(target=poke, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join()
    assert not poked, f"reading {fifo} blocked for {seconds} s"


@pytest.fixture
def no_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest without the spaCy stages: these drills are about reading and storing."""
    monkeypatch.setattr(pipeline, "_DOCUMENT_STAGES", [])
    monkeypatch.setattr(pipeline, "_CORPUS_STAGES", [])


# --- item 5: a NUL byte costs one record, not the file --------------------------------------


def jsonl_with_nul_line() -> bytes:
    good = [json.dumps({"text": f"{REPORT} ({n})"}) for n in (1, 3)]
    return (good[0] + "\n" + '{"text": "bad \x00 line"}\n' + good[1] + "\n").encode()


@pytest.mark.parametrize("name", ["dump.jsonl", "dump"])  # by extension, and sniffed
def test_nul_in_one_jsonl_line_rejects_only_that_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(jsonl_with_nul_line())
    first, bad, third = read(path)
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument)
    assert isinstance(bad, Rejection) and bad.code == code("malformed_jsonl")
    assert bad.source.endswith("#line=2")
    assert "U+0000" in bad.reason


@pytest.mark.parametrize("text", [REPORT, "Rebels entered the town on Thursday."])
def test_stray_nul_in_text_keeps_the_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode().replace(b" ", b" \x00", 1))
    [document] = read(path)
    assert isinstance(document, RawDocument)
    assert document.text.replace("\x00", "") == text


def test_nul_rich_bytes_stay_binary(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\x00\x01\x02\x03" * 64)
    [rejection] = read(path)
    assert isinstance(rejection, Rejection) and rejection.code == code("binary")


# --- item 10: lone surrogates become U+FFFD, and the run goes on ----------------------------


def test_escaped_surrogate_in_jsonl_becomes_replacement(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": REPORT, "title": "lone \ud800 title"}),
        json.dumps(
            {"html": f"<html><body><article><p>{REPORT} \udfff</p></article></body></html>"}
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="ascii")  # json.dumps escapes them
    records = read(path)
    assert [type(r) for r in records] == [RawDocument, RawDocument]
    assert all(utf8_safe(r) for r in records)
    assert records[0].title == "lone \ufffd title"  # type: ignore[union-attr]


@pytest.mark.parametrize("reference", ["&#55296;", "&#xDFFF;", "&#1114112;"])
def test_char_reference_to_no_character_in_rss(tmp_path: Path, reference: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><title>One {reference}</title><description>{REPORT} {reference}</description></item>"
        f"<item><title>Two</title><description>{REPORT}</description></item>"
        "</channel></rss>"
    )
    records = read(path)
    documents = [r for r in records if isinstance(r, RawDocument)]
    assert len(documents) == 2
    assert all(utf8_safe(r) for r in records)
    assert "\ufffd" in documents[0].text


def test_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path / "names")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as out:
        out.write(REPORT.encode())
    [item] = expand_sources([os.fsdecode(folder)])
    [document] = read(item)
    assert isinstance(document, RawDocument)
    assert document.source.endswith("caf\\xe9.txt")
    assert utf8_safe(document)


def test_surrogates_do_not_stop_the_ingest(tmp_path: Path, no_stages: None) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.jsonl").write_text(json.dumps({"text": "short \ud800 text"}) + "\n")
    (news / "b.xml").write_text(
        '<rss version="2.0"><channel><item><description>short &#55296; item</description>'
        "</item></channel></rss>"
    )
    with open(os.path.join(os.fsencode(news), b"c\xff.txt"), "wb") as out:
        out.write(REPORT.encode())
    (news / "d.txt").write_text(REPORT.replace("capital", "coast"))
    with frontlines.open(str(tmp_path / "x.db")) as fl:
        report = fl.ingest([str(news)], require_any=False)
        assert report.ingested == 2  # c\xff.txt and d.txt, after the two surrogate files
        assert report.rejected == {"too_short": 2}
        assert any(a.source.endswith("c\\xff.txt") for a in fl.articles())


def test_api_ingest_with_a_surrogate(tmp_path: Path, no_stages: None) -> None:
    from fastapi.testclient import TestClient

    from frontlines.api import create_app

    body = '{"articles": [{"title": "x", "text": "' + REPORT + ' \\ud800"}]}'
    with TestClient(create_app(str(tmp_path / "x.db"), tokens=["t"])) as client:
        r = client.post(
            "/api/ingest",
            content=body,
            headers={"Authorization": "Bearer t", "content-type": "application/json"},
        )
    assert r.status_code == 200, r.text


# --- item 11: FIFOs, devices and sockets are rejections, never a hang -----------------------


def test_fifo_named_on_the_command_line(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with unblocked_after(fifo, 5):
        [rejection] = read(fifo)
        with pytest.raises(NotAFile, match="FIFO"):
            Payload.from_path(str(fifo))  # the check behind it, should the path change
    assert isinstance(rejection, Rejection) and rejection.code == code("unreadable")
    assert rejection.detail == "a named pipe (FIFO), not a file"


def test_fifo_in_a_folder(tmp_path: Path, no_stages: None) -> None:
    news = tmp_path / "news"
    news.mkdir()
    os.mkfifo(news / "a_pipe.txt")
    (news / "b.txt").write_text(REPORT)
    with unblocked_after(news / "a_pipe.txt", 5), frontlines.open(str(tmp_path / "x.db")) as fl:
        report = fl.ingest([str(news)])
        assert report.ingested == 1 and report.rejected == {"unreadable": 1}


def test_socket_and_device_are_rejections(tmp_path: Path) -> None:
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        [sock] = read(path)
        [device] = read("/dev/zero")
    finally:
        server.close()
    assert isinstance(sock, Rejection) and sock.detail == "a socket, not a file"
    assert isinstance(device, Rejection) and device.detail == "a character device, not a file"


# --- item 14: folders that cannot be walked, and links to folders ---------------------------


def test_link_to_a_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(REPORT)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "linked").symlink_to(tmp_path / "real", target_is_directory=True)
    assert expand_sources([str(tmp_path / "news")]) == [str(tmp_path / "news" / "linked" / "a.txt")]


def test_link_loops_and_second_links_are_rejections(tmp_path: Path) -> None:
    news = tmp_path / "news"
    (news / "sub").mkdir(parents=True)
    (news / "sub" / "a.txt").write_text(REPORT)
    (news / "sub" / "back").symlink_to(news, target_is_directory=True)  # a loop
    (news / "again").symlink_to(news / "sub", target_is_directory=True)  # a second way in
    items = expand_sources([str(news)])
    assert items == [str(news / "again"), str(news / "sub" / "a.txt"), str(news / "sub" / "back")]
    [again], [back] = rejections(items[0]), rejections(items[2])
    assert again.code == back.code == code("unreadable")
    assert "second link" in again.reason and "(a loop)" in back.reason


def test_folder_that_cannot_be_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Root reads any folder whatever its mode, so the refusal is made by hand here.
    locked = tmp_path / "news" / "locked"
    locked.mkdir(parents=True)
    (tmp_path / "news" / "a.txt").write_text(REPORT)
    scandir = os.scandir

    def refuse(path: str = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    items = expand_sources([str(tmp_path / "news")])
    assert items == [str(tmp_path / "news" / "a.txt"), str(locked)]
    [rejection] = read(locked)
    assert isinstance(rejection, Rejection) and rejection.code == code("unreadable")
    assert rejection.detail == "a folder that cannot be listed (Permission denied)"
    assert expand_sources([str(locked)]) == [str(locked)]  # named itself: still a rejection


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a folder whatever its mode")
def test_folder_without_read_permission(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        [item] = expand_sources([str(locked)])
        [rejection] = read(item)
    finally:
        locked.chmod(0o755)
    assert isinstance(rejection, Rejection) and "cannot be listed" in (rejection.detail or "")


# --- item 15: deep pages and hard-wrapped text ----------------------------------------------


@pytest.mark.parametrize("depth", [300, 10_000])
def test_deeply_nested_page_keeps_its_article(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.html"
    path.write_text(
        "<html><head><title>Deep page</title></head><body><nav>Home | World</nav>"
        + "<div>" * depth
        + f"<p>{REPORT}</p>"
        + "</div>" * depth
        + "</body></html>"
    )
    [document] = read(path)
    assert isinstance(document, RawDocument), document
    assert document.text == REPORT
    assert document.title == "Deep page"


def fold(data: bytes, width: int) -> bytes:
    """What ``fold -w WIDTH`` does: cut every line at WIDTH bytes, inside words and characters."""
    out = []
    for line in data.split(b"\n"):
        out.append(b"\n".join(line[i : i + width] for i in range(0, len(line), width)) or b"")
    return b"\n".join(out)


def wrap(text: str, width: int) -> str:
    """An editor's wrap: every line broken at spaces to fit WIDTH."""
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
        for line in text.split("\n")
    )


@pytest.mark.parametrize("width", [60, 72, 80])
def test_folded_text_reads_as_the_original(tmp_path: Path, width: int) -> None:
    [original] = read(HAMA)
    folded = tmp_path / "folded.txt"
    folded.write_bytes(fold(HAMA.read_bytes(), width))
    [document] = read(folded)
    assert isinstance(document, RawDocument) and isinstance(original, RawDocument)
    assert document.text == original.text
    assert document.published == original.published


def test_fold_cutting_a_character_in_two(tmp_path: Path) -> None:
    text = ("Fighters entered Ḩamāh — the city “fell” on Thursday, residents said. " * 8).strip()
    path = tmp_path / "folded.txt"
    path.write_bytes(fold(text.encode(), 72))
    assert b"\xe2\x80\n" in path.read_bytes() or b"\xc4\n" in path.read_bytes()  # a cut character
    [document] = read(path)
    assert isinstance(document, RawDocument)
    assert document.text == text


@pytest.mark.parametrize("width", [60, 72, 80])
def test_word_wrapped_text_is_joined(tmp_path: Path, width: int) -> None:
    [original] = read(HAMA)
    wrapped = tmp_path / "wrapped.txt"
    wrapped.write_text(wrap(HAMA.read_text(), width))
    [document] = read(wrapped)
    assert isinstance(document, RawDocument) and isinstance(original, RawDocument)
    assert document.text == original.text


def test_text_that_is_not_wrapped_is_left_alone() -> None:
    for path in sorted((DEMO / "txt").glob("*.txt")):
        text = path.read_text()
        assert join_wrapped_lines(text) == text, path.name
    headlines = "Most read\n\nMarkets close higher\nReview: a slow thriller\nFootball: late goal\n"
    assert join_wrapped_lines(REPORT + "\n\n" + headlines) == REPORT + "\n\n" + headlines


@pytest.mark.slow
def test_folded_demo_text_keeps_the_hama_capture(tmp_path: Path) -> None:
    folded = tmp_path / "hama.txt"
    folded.write_bytes(fold(HAMA.read_bytes(), 72))
    found = {}
    for name, path in (("original", HAMA), ("folded", folded)):
        with frontlines.open(str(tmp_path / f"{name}.db")) as fl:
            fl.ingest([str(path)])
            found[name] = sorted(m.sub_event_type for m in fl.store.event_mentions())
    assert "Non-state actor overtakes territory" in found["folded"]
    assert found["folded"] == found["original"]


# --- item 16: broken UTF-8 stays UTF-8, and the encoding is told ----------------------------


def test_one_bad_byte_in_utf8_is_replaced_not_mojibake(tmp_path: Path) -> None:
    text = "The rebels’ “victory” in Ḩamāh was short, residents said."
    data = text.encode() + b" A stray \xff byte.\n"
    decoded = decode_text(data)
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 1)
    assert decoded.text == text + " A stray \ufffd byte.\n"
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    [document] = read(path)
    assert isinstance(document, RawDocument) and document.text.startswith(text)


def test_ascii_with_stray_high_bytes_is_utf8_with_replacements() -> None:
    decoded = decode_text(b"Rebels entered the town.\nA broken byte \xff here and \xc3( there.\n")
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 2)
    assert "\ufffd here and \ufffd( there" in decoded.text


def test_mostly_utf8_wins_over_a_declared_single_byte_charset() -> None:
    data = "Rebels took “Ḩamāh” on Thursday.".encode() + b" \xff\n"
    decoded = decode_text(data, declared="windows-1252")
    assert (decoded.encoding, decoded.replaced) == ("utf-8", 1)
    assert decoded.text.startswith("Rebels took “Ḩamāh”")


def test_legacy_text_reads_in_its_encoding() -> None:
    text = "Café in Zürich: the rebels’ “victory” was short — a naïve façade.\n"
    assert decode_text(text.encode("cp1252")) == Decoded(text, "cp1252")
    russian = "Повстанцы вошли в город Хама в четверг после нескольких дней боёв.\n"
    assert decode_text(russian.encode("cp1251")).text == russian


# --- item 17 (part): malformed_jsonl reasons are whole sentences ----------------------------


def test_malformed_jsonl_reasons_are_whole_sentences(tmp_path: Path) -> None:
    reasons = [r.reason for r in read(DEMO / "jsonl" / "reports.jsonl") if isinstance(r, Rejection)]
    assert reasons == [
        "line 6 is not a JSON object: the line ends inside a string at column 278 "
        "(the record is cut short)"
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text('{"text": "a" "b"}\n{"text": 1,}\n[1, 2]\n')
    assert [r.reason for r in rejections(path)] == [
        "line 1 is not a JSON object: expecting ',' delimiter at column 14",
        "line 2 is not a JSON object: expecting property name enclosed in double quotes "
        "at column 12",
        "line 3 is not a JSON object: found a JSON list",
    ]


def test_the_encoding_read_is_stored_with_the_article(tmp_path: Path, no_stages: None) -> None:
    """Item 16: say which encoding was used (and how many bad bytes were replaced)."""
    import frontlines

    good = REPORT.replace("rebels", "“rebels’”").replace("the", "thé").encode("utf-8")
    (tmp_path / "bad.txt").write_bytes(good[:40] + b"\xff" + good[40:])
    (tmp_path / "win.txt").write_bytes(REPORT.replace("the", "thé").encode("cp1252"))
    with frontlines.open(str(tmp_path / "e.db")) as fl:
        fl.ingest([str(tmp_path / "bad.txt"), str(tmp_path / "win.txt")])
        read = {Path(a.source).name: a.encoding for a in fl.articles()}
    assert read == {"bad.txt": "utf-8 (1 bad byte replaced)", "win.txt": "cp1252"}
