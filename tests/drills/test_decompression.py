"""Drills for decompression (issue 15, items 8, 9, 17): a gzip bomb, as a WARC file,
inside a WARC record or as a download's Content-Encoding, is read only up to the
cap, in bounded memory, and becomes a short rejection.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import tracemalloc
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx

from frontlines import errors
from frontlines.ingest import read_source
from frontlines.ingest.fetch import Download, fetch
from frontlines.models import Rejection
from frontlines.settings import Settings

MB = 1 << 20
TOO_LARGE = errors.reason("too_large").code
SHORT = 2000  # no reason, detail or sample may be longer


def gzipped(parts: Iterable[bytes]) -> Iterator[bytes]:
    """One gzip member of ``parts``, compressed as they come (nothing held whole)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    for part in parts:
        yield compressor.compress(part)
    yield compressor.flush()


def zeros(total: int) -> Iterator[bytes]:
    for _ in range(total // MB):
        yield bytes(MB)


def response_record(body: Iterable[bytes], length: int, http_headers: bytes) -> Iterator[bytes]:
    """A WARC response record for http://news.example/a whose payload is ``body`` (``length`` bytes)."""
    http = b"HTTP/1.1 200 OK\r\n" + http_headers + b"Content-Type: text/html\r\n\r\n"
    yield (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://news.example/a\r\n"
        b"WARC-Date: 2024-11-28T06:00:00Z\r\n"
        b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {len(http) + length}\r\n\r\n".encode()
        + http
    )
    yield from body
    yield b"\r\n\r\n"


def write(path: Path, parts: Iterable[bytes]) -> int:
    with path.open("wb") as handle:
        for part in parts:
            handle.write(part)
    return path.stat().st_size


# Run in a child so that ru_maxrss, the process's peak, measures this read alone.
_MEASURE = """
import json, resource, sys
from frontlines.ingest import read_source
from frontlines.settings import Settings
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
records = list(read_source(sys.argv[1], settings=Settings()))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "grown_mb": (after - before) / 1024,
    "records": [
        {"code": r.code, "reason": r.reason, "detail": r.detail, "sample": r.sample, "size": r.size}
        for r in records
    ],
}))
"""


def read_in_child(path: Path) -> tuple[float, list[dict[str, object]]]:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    return result["grown_mb"], result["records"]


def assert_short(record: dict[str, object]) -> None:
    for field in ("reason", "detail", "sample"):
        assert len(str(record[field] or "")) <= SHORT, f"{field}: {len(str(record[field]))} chars"


def test_a_warc_gz_of_zeros_is_a_short_rejection_in_little_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "z.warc.gz"
    assert write(bomb, gzipped(zeros(200 * MB))) < 300_000  # 200 MB of zeros, ~200 KB on disk
    grown_mb, records = read_in_child(bomb)
    (rejection,) = records
    assert rejection["code"] == TOO_LARGE
    assert "header lines pass" in str(rejection["detail"])
    assert_short(rejection)
    assert grown_mb < 100  # it was 3.4 GB, with an 839-million-character reason


def test_a_record_of_zeros_names_its_declared_length(tmp_path: Path) -> None:
    archive = tmp_path / "big.warc.gz"
    write(archive, gzipped(response_record(zeros(60 * MB), 60 * MB, b"")))
    grown_mb, records = read_in_child(archive)
    (rejection,) = records
    assert rejection["code"] == TOO_LARGE
    declared = 60 * MB + len(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    assert f"the input is {declared} bytes" in str(rejection["reason"])  # not 5000001
    assert rejection["size"] == declared
    assert_short(rejection)
    assert grown_mb < 100


def test_a_gzip_payload_inside_a_record_stops_at_the_cap(tmp_path: Path) -> None:
    payload = b"".join(gzipped(zeros(200 * MB)))  # ~200 KB, its record says so
    archive = tmp_path / "encoded.warc.gz"
    record = response_record([payload], len(payload), b"Content-Encoding: gzip\r\n")
    write(archive, gzipped(record))
    grown_mb, records = read_in_child(archive)
    (rejection,) = records
    assert rejection["code"] == TOO_LARGE
    assert "the input is more than 5000000 bytes" in str(rejection["reason"])
    assert_short(rejection)
    assert grown_mb < 100


def test_a_warc_error_quoting_a_long_line_is_cut(tmp_path: Path) -> None:
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"x" * 3 * MB + b"\r\n\r\n")
    (rejection,) = read_source(str(junk), settings=Settings())
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("malformed_warc").code
    assert_short(rejection.model_dump())


def _stub(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


def _serve(body: bytes, counter: list[int], encoding: str = "gzip") -> httpx.Client:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 65536):
            counter.append(1)
            yield body[start : start + 65536]

    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Encoding": encoding, "Content-Type": "text/html"}
        return httpx.Response(200, content=chunks(), headers=headers)

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_a_gzip_download_is_capped_by_its_decoded_size() -> None:
    body = b"".join(gzipped(zeros(500 * MB)))  # ~500 KB on the wire
    pulled: list[int] = []
    tracemalloc.start()
    try:
        with _serve(body, pulled) as client:
            rejection = fetch("https://news.example/bomb", Settings(), client, resolve=_stub)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(rejection, Rejection)
    assert rejection.code == TOO_LARGE
    assert "more than 5000000 bytes" in rejection.reason
    assert "max_fetch_bytes" in rejection.reason
    assert "5000001 decoded" in (rejection.detail or "")  # it was 67415144 from one chunk
    assert len(pulled) == 1
    assert peak < 20 * MB  # it was 148 MB


def test_a_small_gzip_download_is_decoded() -> None:
    page = b"<html><body><p>Naval guns shelled the port.</p></body></html>"
    for encoding, body in (("gzip", gzip.compress(page)), ("deflate", zlib.compress(page))):
        with _serve(body, [], encoding) as client:
            download = fetch("https://news.example/a", Settings(), client, resolve=_stub)
        assert isinstance(download, Download)
        assert download.body == page


def test_an_encoding_we_cannot_bound_is_refused() -> None:
    with _serve(b"\x00" * 100, [], "br") as client:
        rejection = fetch("https://news.example/a", Settings(), client, resolve=_stub)
    assert isinstance(rejection, Rejection)
    assert rejection.code == errors.reason("fetch_failed").code
    assert "Content-Encoding" in (rejection.detail or "")
