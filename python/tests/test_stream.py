"""Streaming verification: vectors chunked every way, hostile sources, a 100 MB body."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator, List, Optional

import pytest
from helpers import check_error, examples, expect_code, outcome
from hypothesis import given, settings
from hypothesis import strategies as st
from vectors import Case, cases

import replicate_webhooks as rw

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"test": 2432232314}'
HEADERS = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
NOW = 1614265330
DATETIME_MAX = 253402300799
CHUNK_SIZES = [1, 7, 4096, 65536, 1 << 20]
# More chunks than this per variant only slows the suite down; big bodies use big chunks.
MAX_CHUNKS = 20_000


def pieces(body: bytes, size: int) -> List[bytes]:
    return [body[i : i + size] for i in range(0, len(body), size)] or [b""]


async def async_chunks(chunks: List[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


class AsyncReader:
    """An object with a coroutine ``read(n)``, like aiohttp's StreamReader."""

    def __init__(self, body: bytes) -> None:
        self.file = io.BytesIO(body)

    async def read(self, size: int) -> bytes:
        return self.file.read(size)


def make_webhook(case: Case) -> rw.Webhook:
    secrets = case.secrets
    return rw.Webhook(secrets[0] if len(secrets) == 1 else secrets, **case.tolerance_kwargs)


def manual(webhook: rw.Webhook, case: Case, chunks: List[bytes]) -> rw.Verified:
    stream = webhook.begin(case.headers, now=case.now)
    for chunk in chunks:
        stream.update(chunk)
    return stream.finish()


def stream_entry_points(case: Case, size: int) -> List[Any]:
    """(label, call) for every way of streaming this case's body in chunks of ``size``."""
    body = case.body
    chunks = pieces(body, size)

    def with_webhook(call: Callable[[rw.Webhook], rw.Verified]) -> Callable[[], rw.Verified]:
        return lambda: call(make_webhook(case))

    headers, now = case.headers, case.now
    entries = [
        ("iterator", with_webhook(lambda w: w.verify_stream(headers, iter(chunks), now=now))),
        ("list", with_webhook(lambda w: w.verify_stream(headers, chunks, now=now))),
        (
            "file",
            with_webhook(lambda w: w.verify_stream(headers, io.BytesIO(body), now=now, chunk_size=size)),
        ),
        (
            "bytearray-chunks",
            with_webhook(lambda w: w.verify_stream(headers, map(bytearray, chunks), now=now)),
        ),
        ("manual", with_webhook(lambda w: manual(w, case, chunks))),
        (
            "async-iterable",
            with_webhook(
                lambda w: asyncio.run(w.verify_stream_async(headers, async_chunks(chunks), now=now))
            ),
        ),
        (
            "async-read",
            with_webhook(
                lambda w: asyncio.run(
                    w.verify_stream_async(headers, AsyncReader(body), now=now, chunk_size=size)
                )
            ),
        ),
    ]
    if size == CHUNK_SIZES[-1]:
        entries.append(("whole", with_webhook(lambda w: w.verify_stream(headers, body, now=now))))
        as_dict = case.header_dict()
        if as_dict is not None:
            entries.append(
                ("dict-headers", with_webhook(lambda w: w.verify_stream(as_dict, chunks, now=now)))
            )
    return entries


def header_of(case: Case, name: str) -> str:
    """The value the core reads: the first non-empty ``webhook-…``, else ``svix-…``."""
    first = {n.lower(): v for n, v in reversed(case.headers)}
    return first.get(f"webhook-{name}") or first.get(f"svix-{name}") or ""


def timestamp_of(case: Case) -> int:
    value = header_of(case, "timestamp")
    return int(value) if value.isdigit() else 0


@pytest.mark.parametrize("case", cases("verify", "verify_and_parse"))
def test_vectors_stream(case: Case) -> None:
    """Same verdict as Webhook.verify(json_parse=False), whatever the chunking and source."""
    verifies = case.ok or (case.mode == "verify_and_parse" and case.code == "invalid_payload")
    sizes = [s for s in CHUNK_SIZES if len(case.body) // s <= MAX_CHUNKS] or CHUNK_SIZES[-1:]
    if CHUNK_SIZES[-1] not in sizes:
        sizes.append(CHUNK_SIZES[-1])
    for size in sizes:
        for label, call in stream_entry_points(case, size):
            kind, value = outcome(call)
            where = f"{label} in chunks of {size}"
            if not verifies:
                assert (kind, value) == ("error", case.code), where
            elif kind == "error":
                # datetime cannot hold the year 10000 and later (as in verify_event).
                assert value == "invalid_timestamp" and timestamp_of(case) > DATETIME_MAX, (where, value)
            else:
                verified: rw.Verified = value
                assert verified.id == header_of(case, "id"), where
                assert verified.unix_timestamp == timestamp_of(case), where


def test_result_and_tampering() -> None:
    webhook = rw.Webhook(SECRET)
    verified = webhook.verify_stream(HEADERS, [BODY[:3], b"", BODY[3:]], now=NOW)
    assert verified == rw.Verified("msg_p5jXN8AQM9LWM0D4loKWxJek", NOW)
    assert verified.timestamp.timestamp() == NOW and verified.timestamp.tzinfo is not None
    assert "msg_p5jXN8AQM9LWM0D4loKWxJek" in repr(verified)
    with pytest.raises(AttributeError):
        verified.id = "x"  # type: ignore[misc]
    for chunks in ([BODY[:-1]], [BODY, b" "], [BODY[:3], b"X", BODY[4:]], []):
        expect_code(lambda: webhook.verify_stream(HEADERS, chunks, now=NOW), "no_matching_signature")
    # str chunks are UTF-8 encoded, as str bodies are everywhere.
    assert webhook.verify_stream(HEADERS, [BODY.decode()[:5], BODY[5:]], now=NOW) == verified


def test_headers_are_checked_before_the_body_is_read() -> None:
    reads: List[int] = []

    class Tracked:
        def read(self, size: int) -> bytes:
            reads.append(size)
            return b""

    webhook = rw.Webhook(SECRET)
    no_id = {k: v for k, v in HEADERS.items() if k != "webhook-id"}
    expect_code(lambda: webhook.verify_stream(no_id, Tracked(), now=NOW), "missing_header")
    expect_code(lambda: webhook.verify_stream(HEADERS, Tracked()), "timestamp_too_old")
    expect_code(lambda: asyncio.run(webhook.verify_stream_async(HEADERS, Tracked())), "timestamp_too_old")
    expect_code(lambda: webhook.begin(HEADERS), "timestamp_too_old")
    assert reads == []
    expect_code(lambda: webhook.verify_stream(HEADERS, Tracked(), now=NOW), "no_matching_signature")
    assert reads == [rw.DEFAULT_CHUNK_SIZE]


class Boom(Exception):
    pass


def raising_iterator() -> Iterator[bytes]:
    yield BODY[:3]
    raise Boom("connection reset")


async def raising_async_iterator() -> AsyncIterator[bytes]:
    yield BODY[:3]
    raise Boom("client disconnected")


class RaisingRead:
    def read(self, size: int) -> bytes:
        raise OSError("disk on fire")


class NonBlocking:
    def read(self, size: int) -> Optional[bytes]:
        return None


class ReadsInts:
    def read(self, size: int) -> int:
        return 5


class RaisingReadAttribute:
    @property
    def read(self) -> Any:
        raise Boom("property")


def test_bad_chunks_and_sources_raise_our_errors() -> None:
    webhook = rw.Webhook(SECRET)
    bad_bodies: List[Any] = [
        [1, 2],
        [BODY, None],
        [{"test": 1}],
        [[BODY]],
        iter([object()]),
        {"test": 2432232314},
        5,
        None,
        3.5,
        object(),
        NonBlocking(),
        ReadsInts(),
        raising_iterator(),
        RaisingRead(),
        RaisingReadAttribute(),
    ]
    for body in bad_bodies:
        error = expect_code(lambda: webhook.verify_stream(HEADERS, body, now=NOW), "invalid_body")
        assert "raw" in str(error) or "read()" in str(error) or "failed" in str(error), str(error)
    for body in (raising_async_iterator(), RaisingRead(), [1], async_chunks([BODY, 5]), None):  # type: ignore[list-item]
        expect_code(lambda: asyncio.run(webhook.verify_stream_async(HEADERS, body, now=NOW)), "invalid_body")
    error = expect_code(lambda: webhook.verify_stream(HEADERS, RaisingRead(), now=NOW), "invalid_body")
    assert isinstance(error.__cause__, OSError)
    error = expect_code(lambda: webhook.verify_stream(HEADERS, raising_iterator(), now=NOW), "invalid_body")
    assert isinstance(error.__cause__, Boom)
    for size in (0, -1, True, 1.5, "7", None, 1 << 31):
        expect_code(
            lambda: webhook.verify_stream(HEADERS, [BODY], now=NOW, chunk_size=size), "invalid_argument"
        )


def test_interrupts_pass_through() -> None:
    class Interrupting:
        def read(self, size: int) -> bytes:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rw.Webhook(SECRET).verify_stream(HEADERS, Interrupting(), now=NOW)


def test_a_spent_verifier_refuses_more() -> None:
    stream = rw.Webhook(SECRET).begin(HEADERS, now=NOW)
    assert stream.update(BODY) == len(BODY)
    assert not stream.finished
    assert stream.finish().id == HEADERS["webhook-id"]
    assert stream.finished
    expect_code(lambda: stream.update(b"x"), "invalid_argument")
    expect_code(lambda: stream.finish(), "invalid_argument")
    expect_code(lambda: rw.StreamingVerifier("not a webhook", HEADERS), "invalid_argument")  # type: ignore[arg-type]
    stream = rw.Webhook(SECRET).begin(HEADERS, now=NOW)
    expect_code(lambda: stream.update(BODY[:3]) and stream.finish(), "no_matching_signature")
    expect_code(lambda: stream.finish(), "invalid_argument")  # spent even after a failure


def test_framework_streams() -> None:
    """Django's request and Flask's request.stream are file-like; Starlette's stream() is async."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    webhook = rw.Webhook(SECRET)

    async def endpoint(request: Request) -> JSONResponse:
        try:
            verified = await webhook.verify_stream_async(request.headers, request.stream(), now=NOW)
        except rw.WebhookVerificationError as error:
            return JSONResponse({"error": error.code}, status_code=401)
        return JSONResponse({"id": verified.id})

    app = Starlette(routes=[Route("/", endpoint, methods=["POST"])])
    big = b"x" * (3 << 20)
    with TestClient(app) as client:
        assert client.post("/", content=BODY, headers=HEADERS).json() == {"id": HEADERS["webhook-id"]}
        assert client.post("/", content=big, headers=HEADERS).json() == {"error": "no_matching_signature"}

    from flask import Flask, request

    flask_app = Flask(__name__)

    @flask_app.post("/")
    def flask_endpoint() -> Any:
        return {"id": webhook.verify_stream(request.headers, request.stream, now=NOW).id}

    assert flask_app.test_client().post("/", data=BODY, headers=HEADERS).get_json() == {
        "id": HEADERS["webhook-id"]
    }

    import test_integrations_django  # noqa: F401  (configures settings)
    from django.test import RequestFactory

    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in HEADERS.items()}
    django_request = RequestFactory().post("/", data=BODY, content_type="application/json", **meta)
    assert webhook.verify_stream(django_request.headers, django_request, now=NOW).id == HEADERS["webhook-id"]


def test_threads_stream_in_parallel() -> None:
    """Large chunks are hashed with the GIL released; streams in threads stay independent."""
    webhook = rw.Webhook(SECRET, tolerance=None)
    block = bytes(range(256)) * 4096  # 1 MiB
    results: List[Any] = [None] * 4

    def work(index: int) -> None:
        body = [block] * (4 + index)
        headers = webhook.sign_headers(b"".join(body), id=f"msg_{index}", timestamp=NOW)
        results[index] = outcome(lambda: webhook.verify_stream(headers, body))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [("ok", rw.Verified(f"msg_{i}", NOW)) for i in range(4)]


MEMORY_SCRIPT = Path(__file__).with_name("stream_memory.py")


def test_100_mb_body_in_constant_memory() -> None:
    """Verifies a generated 100 MB body; peak RSS and traced Python memory barely move."""
    result = subprocess.run(
        [sys.executable, str(MEMORY_SCRIPT), "100"], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    mib = 1 << 20
    for source in ("generator", "file", "async"):
        got = figures[source]
        assert got["verified"] is True and got["tampered_rejected"] is True, got
        assert got["body_bytes"] == 100 * 1000 * 1000
        # Chunks are 64 KiB (file) or 1 MiB (generator): a few of them, never the body.
        assert got["rss_growth_bytes"] < 8 * mib, got
        assert got["traced_peak_bytes"] < 4 * mib, got


def test_errors_from_streams_are_ours() -> None:
    """A quick sweep: whatever a source yields, only our errors come out."""
    webhook = rw.Webhook(SECRET)
    junk: List[Any] = [
        None,
        1,
        -1,
        2**70,
        1.5,
        "",
        "\ud800",
        b"",
        bytearray(b"\x80"),
        memoryview(b"abc")[::2],
    ]
    junk += [{}, [], (), {1}, object(), Boom("x"), type, print, [b"a", 1]]
    for value in junk:
        for body in ([value], iter([BODY, value]), value):
            try:
                webhook.verify_stream(HEADERS, body, now=NOW)
            except rw.WebhookVerificationError as error:
                check_error(error)
            try:
                asyncio.run(webhook.verify_stream_async(HEADERS, body, now=NOW))
            except rw.WebhookVerificationError as error:
                check_error(error)


@settings(max_examples=examples(200), deadline=None)
@given(
    body=st.binary(max_size=3000),
    cuts=st.lists(st.integers(min_value=0, max_value=3000), max_size=12),
    flip=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_any_chunking_gives_the_same_verdict(body: bytes, cuts: List[int], flip: Optional[int]) -> None:
    """Split anywhere (empty chunks included): verifies; flip any bit of any chunk: rejected."""
    webhook = rw.Webhook(SECRET, tolerance=None)
    headers = webhook.sign_headers(body, id="msg_h", timestamp=NOW)
    points = sorted(min(cut, len(body)) for cut in cuts)
    chunks = [body[a:b] for a, b in zip([0, *points], [*points, len(body)])]
    if flip is not None and body:
        position = flip % (len(body) * 8)
        tampered = bytearray(body)
        tampered[position // 8] ^= 1 << (position % 8)
        chunks = [bytes(tampered[a:b]) for a, b in zip([0, *points], [*points, len(body)])]
        expect_code(lambda: webhook.verify_stream(headers, chunks), "no_matching_signature")
    else:
        assert webhook.verify_stream(headers, chunks) == rw.Verified("msg_h", NOW)


def test_large_chunks_release_the_gil() -> None:
    """While a 32 MiB chunk is hashed, another Python thread keeps running."""
    import time

    chunk = b"x" * (32 << 20)
    webhook = rw.Webhook(SECRET, tolerance=None)
    headers = webhook.sign_headers(chunk, id="msg_1", timestamp=NOW)
    counter = [0]
    stop = threading.Event()

    def spin() -> None:
        while not stop.is_set():
            counter[0] += 1

    thread = threading.Thread(target=spin)
    thread.start()
    try:
        best = 0
        for _ in range(5):
            time.sleep(0.01)
            stream = webhook.begin(headers)
            start = counter[0]
            stream.update(chunk)
            best = max(best, counter[0] - start)
            assert stream.finish().id == "msg_1"
            if best > 1000:
                break
    finally:
        stop.set()
        thread.join()
    assert best > 1000, best
