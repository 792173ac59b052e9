"""Hostile input: whatever is passed, only our errors come out.

Every public entry point is called with every argument replaced by values of
the wrong type or range (and with Hypothesis-generated junk). The call may
succeed or raise a WebhookVerificationError with a known code and the right
family; any other exception (TypeError, UnicodeDecodeError, binascii.Error,
OverflowError, PanicException, ...) fails the test.
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, ContextManager, Dict, Iterator, List

import pytest
from helpers import check_error, examples, expect_code
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replicate_webhooks as rw

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"test": 2432232314}'
HEADERS = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
NOW = 1614265330


class Boom(Exception):
    pass


class RaisingItems:
    def items(self) -> Any:
        raise Boom("items")


class RaisingIter:
    def __iter__(self) -> Iterator[Any]:
        raise Boom("iter")


class RaisingBool:
    def __bool__(self) -> bool:
        raise Boom("bool")


class LyingClass:
    @property  # type: ignore[misc]
    def __class__(self) -> Any:
        raise Boom("class")


class BadDatetime(datetime):
    def timestamp(self) -> float:
        raise Boom("timestamp")


class BadTimedelta(timedelta):
    def total_seconds(self) -> float:
        raise Boom("total_seconds")


def raising_generator() -> Iterator[Any]:
    yield ("webhook-id", "x")
    raise Boom("generator")


HOSTILE: List[Any] = [
    None,
    True,
    0,
    -1,
    2**64,
    -(2**70),
    1.5,
    float("nan"),
    float("inf"),
    -0.0,
    1j,
    "",
    "\ud800",
    "whsec_\udcff",
    b"",
    b"\xff\xfe\xfd",
    bytearray(b"\x80"),
    memoryview(b"abc")[::2],
    {},
    {"a": 1},
    {1: 2},
    {"webhook-id": None, "webhook-timestamp": 5, "webhook-signature": b"\xff"},
    {"webhook-id": "\ud800", "webhook-timestamp": "1", "webhook-signature": "v1,x"},
    {b"webhook-id": b"\xff", None: None},
    [],
    [1, 2, 3],
    [("a",)],
    [("a", "b", "c")],
    [["webhook-id", "x"]],
    [(None, None)],
    ("x",),
    {1, 2},
    frozenset(),
    object(),
    RaisingItems(),
    RaisingIter(),
    RaisingBool(),
    LyingClass(),
    BadDatetime(2020, 1, 1),
    BadTimedelta(seconds=1),
    datetime(1, 1, 1),
    datetime(9999, 12, 31, tzinfo=timezone.utc),
    datetime(1969, 12, 31, tzinfo=timezone.utc),
    timedelta(days=-1),
    timedelta.max,
    raising_generator(),
    Exception("x"),
    type,
    print,
]


EVENT = rw.Webhook(SECRET).verify_event(
    b'{"id": "p1", "status": "starting"}',
    rw.sign_webhook(SECRET, b'{"id": "p1", "status": "starting"}', timestamp=NOW),
    now=NOW,
)


def enter(context: ContextManager[Any]) -> None:
    with context:
        pass


def entry_points() -> Dict[str, Callable[..., Any]]:
    webhook = rw.Webhook(SECRET)
    return {
        "Webhook": lambda whsecret=SECRET, tolerance=300: rw.Webhook(whsecret, tolerance=tolerance),
        "Webhook.verify": lambda data=BODY, headers=HEADERS, json_parse=True, now=NOW: webhook.verify(
            data, headers, json_parse=json_parse, now=now
        ),
        "Webhook.verify_event": lambda data=BODY, headers=HEADERS, now=NOW: webhook.verify_event(
            data, headers, now=now
        ),
        "Webhook.sign": lambda msg_id="msg_1", timestamp=NOW, data=BODY: webhook.sign(
            msg_id, timestamp, data
        ),
        "Webhook.sign_headers": lambda data=BODY, id="msg_1", timestamp=NOW: webhook.sign_headers(
            data, id=id, timestamp=timestamp
        ),
        "verify_webhook": lambda headers=HEADERS, body=BODY, secret=SECRET, tolerance=300, now=NOW: (
            rw.verify_webhook(headers, body, secret, tolerance=tolerance, now=now)
        ),
        "parse_payload": lambda body=BODY: rw.parse_payload(body),
        "sign_webhook": lambda secret=SECRET, body=BODY, id=None, timestamp=None: rw.sign_webhook(
            secret, body, id=id, timestamp=timestamp
        ),
        "get_webhook_secret": lambda token="r8_x", base_url="http://127.0.0.1:9", timeout=0.5: (
            rw.get_webhook_secret(token, base_url=base_url, timeout=timeout)
        ),
        "Webhook.begin": lambda headers=HEADERS, now=NOW: webhook.begin(headers, now=now),
        "StreamingVerifier.update": lambda chunk=BODY: webhook.begin(HEADERS, now=NOW).update(chunk),
        "Webhook.verify_stream": lambda headers=HEADERS, body=[BODY], now=NOW, chunk_size=7: (
            webhook.verify_stream(headers, body, now=now, chunk_size=chunk_size)
        ),
        "Webhook.verify_stream_async": lambda headers=HEADERS, body=[BODY], now=NOW, chunk_size=7: (
            asyncio.run(webhook.verify_stream_async(headers, body, now=now, chunk_size=chunk_size))
        ),
        "ReplayGuard": lambda store=None, tolerance=300: rw.ReplayGuard(store, tolerance=tolerance),
        "ReplayGuard.check": lambda event=EVENT, now=NOW: rw.ReplayGuard().check(event, now=now),
        "ReplayGuard.commit": lambda event=EVENT, now=NOW: rw.ReplayGuard().commit(event, now=now),
        "ReplayGuard.processing": lambda event=EVENT, now=NOW: enter(
            rw.ReplayGuard().processing(event, now=now)
        ),
    }


ARGUMENTS = {
    "Webhook": ["whsecret", "tolerance"],
    "Webhook.verify": ["data", "headers", "json_parse", "now"],
    "Webhook.verify_event": ["data", "headers", "now"],
    "Webhook.sign": ["msg_id", "timestamp", "data"],
    "Webhook.sign_headers": ["data", "id", "timestamp"],
    "verify_webhook": ["headers", "body", "secret", "tolerance", "now"],
    "parse_payload": ["body"],
    "sign_webhook": ["secret", "body", "id", "timestamp"],
    "get_webhook_secret": ["token", "base_url", "timeout"],
    "Webhook.begin": ["headers", "now"],
    "StreamingVerifier.update": ["chunk"],
    "Webhook.verify_stream": ["headers", "body", "now", "chunk_size"],
    "Webhook.verify_stream_async": ["headers", "body", "now", "chunk_size"],
    "ReplayGuard": ["store", "tolerance"],
    "ReplayGuard.check": ["event", "now"],
    "ReplayGuard.commit": ["event", "now"],
    "ReplayGuard.processing": ["event", "now"],
}


def only_our_errors(call: Callable[[], Any]) -> None:
    try:
        call()
    except rw.WebhookVerificationError as error:
        check_error(error)
    except rw.integrations.SecretFetchError:
        pass  # get_webhook_secret: no server there, a documented failure


def test_every_argument_of_every_entry_point() -> None:
    import replicate_webhooks.integrations  # noqa: F401  (for SecretFetchError)

    calls = entry_points()
    assert set(calls) == set(ARGUMENTS)
    for name, arguments in ARGUMENTS.items():
        for argument in arguments:
            for value in HOSTILE:
                try:
                    only_our_errors(lambda: calls[name](**{argument: value}))
                except Exception as error:  # pragma: no cover - the failure report
                    raise AssertionError(f"{name}({argument}={value!r}) raised {error!r}") from error


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=10,
)
junk = (
    json_values
    | st.binary(max_size=64)
    | st.text(max_size=64)
    | st.lists(st.tuples(st.text(max_size=20), st.text(max_size=20) | st.binary(max_size=20) | st.integers()))
    | st.dictionaries(st.text(max_size=20), st.text(max_size=60) | st.binary(max_size=20) | st.none())
    | st.datetimes()
    | st.timedeltas()
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(set(ARGUMENTS) - {"get_webhook_secret"})), data=st.data())
def test_hypothesis_junk(name: str, data: st.DataObject) -> None:
    calls = entry_points()
    kwargs = {arg: data.draw(junk, label=arg) for arg in ARGUMENTS[name] if data.draw(st.booleans())}
    only_our_errors(lambda: calls[name](**kwargs))


chunk_junk = (
    st.binary(max_size=32)
    | st.text(max_size=16)
    | st.none()
    | st.integers()
    | st.floats()
    | st.booleans()
    | st.lists(st.binary(max_size=4), max_size=3)
    | st.dictionaries(st.text(max_size=4), st.binary(max_size=4), max_size=2)
    | st.builds(bytearray, st.binary(max_size=8))
    | st.builds(memoryview, st.binary(max_size=8))
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunks=st.lists(chunk_junk, max_size=8), how=st.sampled_from(["list", "iter", "async", "manual"]))
def test_hypothesis_stream_chunks(chunks: List[Any], how: str) -> None:
    """Any sequence of chunks: a verdict or one of our errors, whatever the source kind."""
    webhook = rw.Webhook(SECRET)

    async def agen() -> Any:
        for chunk in chunks:
            yield chunk

    def manual() -> Any:
        stream = webhook.begin(HEADERS, now=NOW)
        for chunk in chunks:
            stream.update(chunk)
        return stream.finish()

    calls = {
        "list": lambda: webhook.verify_stream(HEADERS, chunks, now=NOW),
        "iter": lambda: webhook.verify_stream(HEADERS, iter(chunks), now=NOW),
        "async": lambda: asyncio.run(webhook.verify_stream_async(HEADERS, agen(), now=NOW)),
        "manual": manual,
    }
    only_our_errors(calls[how])


def test_wrong_types_get_the_documented_codes() -> None:
    webhook = rw.Webhook(SECRET)
    for body in (None, {"test": 1}, [1], 5, object()):
        error = expect_code(lambda: webhook.verify(body, HEADERS, now=NOW), "invalid_body")
        assert "request.body" in str(error) and "get_data" in str(error)
    for headers in (None, "webhook-id: x", b"", 5, [("a",)]):
        expect_code(lambda: webhook.verify(BODY, headers, now=NOW), "invalid_argument")
    expect_code(lambda: webhook.verify(BODY, {**HEADERS, "webhook-id": 5}, now=NOW), "invalid_argument")
    expect_code(lambda: rw.Webhook(5), "invalid_argument")  # type: ignore[arg-type]
    expect_code(lambda: rw.Webhook([SECRET, None]), "invalid_argument")  # type: ignore[list-item]
    error = expect_code(lambda: webhook.verify(BODY, RaisingItems(), now=NOW), "invalid_argument")
    assert isinstance(error.__cause__, Boom)


def test_non_utf8_is_fine_as_bytes() -> None:
    webhook = rw.Webhook(SECRET)
    body = b"\xff\xfe not utf-8 \x80"
    headers = webhook.sign_headers(body, id="msg_1", timestamp=NOW)
    assert webhook.verify(body, headers, json_parse=False, now=NOW) is None
    expect_code(lambda: webhook.verify(body, headers, now=NOW), "invalid_payload")
    # Non-UTF-8 header bytes read as absent, never as a decoding error.
    raw = [(b"webhook-id", b"\xff"), (b"webhook-timestamp", b"1"), (b"webhook-signature", b"v1,x")]
    expect_code(lambda: webhook.verify(body, raw, now=NOW), "missing_header")


def test_interrupts_are_not_swallowed() -> None:
    class Interrupting:
        def items(self) -> Any:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rw.Webhook(SECRET).verify(BODY, Interrupting(), now=NOW)


# --- The shared corpus (tests/hostile/arguments.json) -------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "hostile" / "arguments.json"


def corpus_cases() -> List[Any]:
    cases = json.loads(CORPUS.read_text(encoding="utf-8"))["cases"]
    assert cases, "the hostile corpus has no cases"
    return [pytest.param(case, id=case["id"]) for case in cases]


def canonical_verifies(webhook: rw.Webhook) -> None:
    assert webhook.verify(BODY, HEADERS, now=NOW) == {"test": 2432232314}


@pytest.mark.parametrize("case", corpus_cases())
def test_shared_hostile_corpus(case: Dict[str, Any]) -> None:
    entry, argument, value = case["entry"], case["argument"], case["value"]
    webhook = rw.Webhook(SECRET)
    if entry == "webhook":
        assert argument == "secret"
        expect_code(lambda: rw.Webhook(value), case["code"])
    elif entry == "verify":
        args = {"body": BODY, "headers": HEADERS, **{argument: value}}
        expect_code(lambda: webhook.verify(args["body"], args["headers"], now=NOW), case["code"])
    elif entry == "verify_webhook":
        args = {"headers": HEADERS, "body": BODY, "secret": SECRET, "tolerance": 300, "now": NOW}
        args[argument] = value
        expect_code(
            lambda: rw.verify_webhook(
                args["headers"], args["body"], args["secret"], tolerance=args["tolerance"], now=args["now"]
            ),
            case["code"],
        )
    else:  # pragma: no cover - a new entry point in the corpus needs a runner here
        raise AssertionError(f"unknown entry {entry!r}")
    canonical_verifies(webhook)
