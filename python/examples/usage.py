"""A typed tour of the public API. `make test-python` runs it (tests/test_examples.py)
and type-checks it with `mypy --strict`."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import datetime, timedelta, timezone
from typing import Any, AsyncIterator, Dict, List, Optional, Set

import replicate_webhooks as rw
from replicate_webhooks import (
    ERROR_CODES,
    InvalidSignatureError,
    Prediction,
    ReplayedError,
    ReplayGuard,
    ReplayStore,
    Status,
    StreamingVerifier,
    TimestampOutOfToleranceError,
    Training,
    Verified,
    Webhook,
    WebhookEvent,
    WebhookVerificationError,
    parse_payload,
    sign_webhook,
    verify_webhook,
)

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def standardwebhooks_style() -> Any:
    webhook = Webhook(SECRET)
    body = b'{"test": 2432232314}'
    headers: Dict[str, str] = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    when = datetime.fromtimestamp(1614265330, tz=timezone.utc)
    signature: str = webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", when, body)
    assert signature == headers["webhook-signature"]
    parsed: Any = webhook.verify(body, headers, now=when)
    nothing: None = webhook.verify(body, headers, json_parse=False, now=1614265330)
    assert nothing is None
    return parsed


def replicate_style(body: bytes, headers: Dict[str, str]) -> Optional[str]:
    try:
        event: WebhookEvent = verify_webhook(
            headers, body, [SECRET, "whsec_QQ=="], tolerance=timedelta(minutes=5)
        )
    except TimestampOutOfToleranceError:
        return "replay"
    except InvalidSignatureError as error:
        return error.code
    except WebhookVerificationError as error:
        assert error.code in ERROR_CODES
        return error.code
    when: datetime = event.timestamp
    assert when.tzinfo is not None
    payload = event.payload
    if isinstance(payload, Prediction):
        outputs: List[str] = payload.output if isinstance(payload.output, list) else []
        seconds: Optional[float] = payload.metrics.predict_time if payload.metrics else None
        print(payload.id, payload.status, len(outputs), seconds)
    elif isinstance(payload, Training):
        weights: Optional[str] = payload.output.weights if payload.output else None
        print(payload.id, weights)
    if payload.status == "failed" or payload.status is Status.SUCCEEDED:
        assert payload.is_terminal
    return None


class SetStore:
    """A (non-expiring) store, to show the ReplayStore protocol type-checks."""

    def __init__(self) -> None:
        self.ids: Set[str] = set()

    def is_committed(self, id: str) -> bool:
        return id in self.ids

    def commit(self, id: str, ttl_seconds: int) -> None:
        assert ttl_seconds >= 1
        self.ids.add(id)


def streaming_and_replay(body: bytes, headers: Dict[str, str]) -> None:
    webhook = Webhook(SECRET)
    verified: Verified = webhook.verify_stream(headers, io.BytesIO(body), chunk_size=8)
    assert verified.id == headers["webhook-id"] and verified.timestamp.tzinfo is not None
    assert webhook.verify_stream(headers, [body[:3], bytearray(body[3:])]) == verified

    async def chunks() -> AsyncIterator[bytes]:
        yield body

    assert asyncio.run(webhook.verify_stream_async(headers, chunks())) == verified
    stream: StreamingVerifier = webhook.begin(headers)
    fed: int = stream.update(body)
    assert fed == len(body) and stream.finish() == verified

    store: ReplayStore = SetStore()
    for guard in (ReplayGuard(), ReplayGuard(store, tolerance=timedelta(minutes=5))):
        with guard.processing(verified) as same:
            assert same is verified
        try:
            guard.check(verified)
        except ReplayedError as error:
            assert error.code == "replayed"
        else:
            raise AssertionError("a committed id is a duplicate")

    guard = ReplayGuard()

    @guard.handler
    def handle(event: WebhookEvent) -> str:
        return event.payload.id

    event = webhook.verify_event(body, headers)
    assert handle(event) == event.payload.id


def main() -> None:
    assert standardwebhooks_style() == {"test": 2432232314}
    body = json.dumps(
        {"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded", "output": ["a.png"]}
    ).encode()
    headers: Dict[str, str] = sign_webhook(SECRET, body)
    assert replicate_style(body, headers) is None
    assert replicate_style(body + b" ", headers) == "no_matching_signature"
    assert replicate_style(body, sign_webhook(SECRET, body, timestamp=0)) == "replay"
    payload: rw.Payload = parse_payload(body)
    assert payload.kind is rw.Kind.PREDICTION
    verifier = Webhook(SECRET, tolerance=None)
    event = verifier.verify_event(body, headers)
    assert event.id == headers["webhook-id"] and verifier.tolerance is None
    streaming_and_replay(body, headers)
    print("ok", rw.__version__)


if __name__ == "__main__":
    main()
