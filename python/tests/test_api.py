"""Behaviour of the public API beyond the vectors."""

from __future__ import annotations

import base64
import json
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
from helpers import expect_code

import replicate_webhooks as rw
from replicate_webhooks import _native

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KEY = base64.b64decode(SECRET[len("whsec_") :])
BODY = b'{"test": 2432232314}'
HEADERS = {
    "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "webhook-timestamp": "1614265330",
    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}
NOW = 1614265330

PREDICTION = {
    "id": "gm3qorzdhgbfurvjtvhg6dckhu",
    "model": "stability-ai/sdxl",
    "version": "hidden",
    "status": "succeeded",
    "input": {"prompt": "an astronaut"},
    "output": ["https://replicate.delivery/out.png"],
    "error": None,
    "logs": "done\n",
    "metrics": {"predict_time": 2, "total_time": 3.5, "custom": 1},
    "created_at": "2023-09-08T16:19:34.765994Z",
    "urls": {
        "get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu",
        "cancel": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel",
        "web": "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu",
    },
    "source": "api",
    "data_removed": False,
    "something_new": {"x": 1},
}


def test_verify_returns_the_parsed_body_like_standardwebhooks() -> None:
    webhook = rw.Webhook(SECRET)
    assert webhook.verify(BODY, HEADERS, now=NOW) == {"test": 2432232314}
    assert webhook.verify(BODY, HEADERS, json_parse=False, now=NOW) is None
    assert webhook.verify(BODY.decode(), HEADERS, json_parse=0, now=NOW) is None
    assert webhook.verify(BODY, HEADERS, json_parse="yes", now=NOW) == {"test": 2432232314}


def test_subclass_of_the_native_class() -> None:
    webhook = rw.Webhook(SECRET)
    assert isinstance(webhook, _native.Webhook)
    assert type(webhook).__module__ == "replicate_webhooks.webhook"
    assert repr(webhook) == "<Webhook secrets=1 tolerance=300>"
    with pytest.raises(AttributeError):
        webhook.extra = 1  # type: ignore[attr-defined]


def test_tolerance_forms() -> None:
    assert rw.Webhook(SECRET).tolerance == rw.DEFAULT_TOLERANCE_SECONDS == 300
    assert rw.Webhook(SECRET, tolerance=None).tolerance is None
    assert rw.Webhook(SECRET, tolerance=timedelta(minutes=10)).tolerance == 600
    assert rw.Webhook(SECRET, tolerance=0).tolerance == 0
    for bad in (-1, 2**64, "300", 1.5, True, timedelta(seconds=-1), [300]):
        expect_code(lambda: rw.Webhook(SECRET, tolerance=bad), "invalid_argument")
    expect_code(
        lambda: rw.Webhook(SECRET, tolerance=0).verify(BODY, HEADERS, now=NOW + 1), "timestamp_too_old"
    )
    assert rw.Webhook(SECRET, tolerance=None).verify(BODY, HEADERS, now=0) == {"test": 2432232314}


def test_now_forms() -> None:
    webhook = rw.Webhook(SECRET)
    aware = datetime.fromtimestamp(NOW, tz=timezone.utc)
    for now in (
        NOW,
        float(NOW),
        aware,
        aware.replace(tzinfo=None),
        aware.astimezone(timezone(timedelta(hours=5))),
    ):
        assert webhook.verify(BODY, HEADERS, json_parse=False, now=now) is None, now
    for bad in (-1, NOW + 0.5, True, float("nan"), float("inf"), "1614265330", object()):
        expect_code(lambda: webhook.verify(BODY, HEADERS, now=bad), "invalid_argument")
    # No `now`: the system clock, so the 2021 vector is a replay today.
    expect_code(lambda: webhook.verify(BODY, HEADERS), "timestamp_too_old")


def test_secret_forms() -> None:
    bare = SECRET[len("whsec_") :]
    for secret in (SECRET, bare, KEY, [SECRET], ("whsec_QQ==", SECRET), [KEY, b"other"]):
        assert rw.Webhook(secret).verify(BODY, HEADERS, json_parse=False, now=NOW) is None, secret
    assert rw.Webhook(["whsec_QQ==", SECRET]).secret_count == 2
    # Signing uses the first secret.
    assert (
        rw.Webhook([SECRET, "whsec_QQ=="]).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", NOW, BODY)
        == HEADERS["webhook-signature"]
    )
    # Every secret is checked up front, even when another would match.
    expect_code(lambda: rw.Webhook([SECRET, "whsec_!"]), "invalid_secret")


def test_sign_matches_standardwebhooks_and_honours_offsets() -> None:
    webhook = rw.Webhook(SECRET)
    utc = datetime.fromtimestamp(NOW, tz=timezone.utc)
    plus5 = utc.astimezone(timezone(timedelta(hours=5)))
    expected = HEADERS["webhook-signature"]
    assert webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", utc, BODY.decode()) == expected
    assert webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", utc.replace(tzinfo=None), BODY) == expected
    # The same instant in another zone signs the same (standardwebhooks would not).
    assert webhook.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", plus5, BODY) == expected


def test_sign_headers_defaults() -> None:
    before = int(time.time())
    headers = rw.sign_webhook(SECRET, BODY)
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert headers["webhook-id"].startswith("msg_") and len(headers["webhook-id"]) == 28
    assert before <= int(headers["webhook-timestamp"]) <= int(time.time())
    assert rw.Webhook(SECRET).verify(BODY, headers) == {"test": 2432232314}
    assert rw.sign_webhook(SECRET, BODY)["webhook-id"] != headers["webhook-id"]
    fixed = rw.sign_webhook(SECRET, BODY, id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp=NOW)
    assert fixed == HEADERS


def test_verify_webhook_typed_prediction() -> None:
    body = json.dumps(PREDICTION).encode()
    headers = rw.sign_webhook(SECRET, body, id="msg_1", timestamp=NOW)
    event = rw.verify_webhook(headers, body, SECRET, now=NOW)
    assert event.id == "msg_1"
    assert event.timestamp == datetime(2021, 2, 25, 15, 2, 10, tzinfo=timezone.utc)
    assert event.unix_timestamp == NOW
    assert event.kind is rw.Kind.PREDICTION
    prediction = event.payload
    assert isinstance(prediction, rw.Prediction)
    assert prediction.status is rw.Status.SUCCEEDED and prediction.status == "succeeded"
    assert prediction.is_terminal
    assert prediction.model == "stability-ai/sdxl" and prediction.version == "hidden"
    assert prediction.output == ["https://replicate.delivery/out.png"]
    assert prediction.input == {"prompt": "an astronaut"}
    assert prediction.metrics is not None
    assert prediction.metrics.predict_time == 2.0 and isinstance(prediction.metrics.predict_time, float)
    assert prediction.metrics.raw["custom"] == 1
    assert (
        prediction.urls is not None
        and prediction.urls.web == "https://replicate.com/p/gm3qorzdhgbfurvjtvhg6dckhu"
    )
    assert prediction.source == "api" and prediction.data_removed is False
    assert prediction.raw == PREDICTION
    assert prediction.raw["something_new"] == {"x": 1}
    assert "raw" not in repr(prediction)


def test_training_and_open_status() -> None:
    body = json.dumps(
        {
            "id": "t1",
            "status": "queued_for_gpu",
            "destination": "me/my-model",
            "output": {"version": "abc", "weights": "https://example.com/w.tar"},
        }
    )
    payload = rw.parse_payload(body)
    assert isinstance(payload, rw.Training)
    assert payload.kind == "training"
    assert payload.status == "queued_for_gpu" and isinstance(payload.status, rw.Status)
    assert str(payload.status) == "queued_for_gpu"
    assert payload.is_terminal is False
    assert payload.output is not None and payload.output.weights == "https://example.com/w.tar"
    assert payload.destination == "me/my-model"
    assert str(rw.Status.ABORTED) == "aborted" and rw.Status("aborted") is rw.Status.ABORTED


def test_parse_errors() -> None:
    expect_code(lambda: rw.parse_payload(b"[]"), "invalid_payload")
    expect_code(lambda: rw.parse_payload(b'{"id": 1, "status": "x"}'), "invalid_payload")
    expect_code(lambda: rw.parse_payload(b"\xff"), "invalid_payload")
    expect_code(lambda: rw.parse_payload({"id": "x", "status": "y"}), "invalid_body")


def test_event_timestamp_beyond_datetime() -> None:
    body = b'{"id": "x", "status": "starting"}'
    far = 10**15
    headers = rw.sign_webhook(SECRET, body, id="msg_1", timestamp=far)
    assert rw.Webhook(SECRET, tolerance=None).verify(body, headers) is not None
    expect_code(lambda: rw.verify_webhook(headers, body, SECRET, tolerance=None), "invalid_timestamp")


def test_header_collections() -> None:
    webhook = rw.Webhook(SECRET)

    class Custom:
        def items(self):  # type: ignore[no-untyped-def]
            return iter(HEADERS.items())

    title = {k.title(): v for k, v in HEADERS.items()}
    for headers in (HEADERS, title, list(HEADERS.items()), Custom(), (tuple(p) for p in HEADERS.items())):
        assert webhook.verify(BODY, headers, json_parse=False, now=NOW) is None
    # svix- aliases (Svix senders) are read when webhook- is absent.
    svix = {k.replace("webhook-", "svix-"): v for k, v in HEADERS.items()}
    assert webhook.verify(BODY, svix, json_parse=False, now=NOW) is None


def test_large_bodies_release_the_gil() -> None:
    """While a 32 MiB body is hashed, another Python thread keeps running."""
    body = b"x" * (32 << 20)
    webhook = rw.Webhook(SECRET, tolerance=None)
    headers = webhook.sign_headers(body, id="msg_1", timestamp=NOW)
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
            start = counter[0]
            assert webhook.verify(body, headers, json_parse=False) is None
            best = max(best, counter[0] - start)
            if best > 1000:
                break
    finally:
        stop.set()
        thread.join()
    assert best > 1000, best


def test_models_are_read_only_views() -> None:
    import pickle

    body = json.dumps(PREDICTION).encode()
    headers = rw.sign_webhook(SECRET, body, id="msg_1", timestamp=NOW)
    event = rw.verify_webhook(headers, body, SECRET, now=NOW)
    prediction = event.payload
    targets = ((prediction, "status"), (prediction, "raw"), (event, "id"), (prediction.metrics, "raw"))
    for target, name in targets:
        with pytest.raises(AttributeError):
            setattr(target, name, None)
    expected = "Prediction(id='gm3qorzdhgbfurvjtvhg6dckhu', status='succeeded', is_terminal=True)"
    assert repr(prediction) == expected
    assert "msg_1" in repr(event)
    again = pickle.loads(pickle.dumps(event))
    assert again == event and again.payload == prediction and again.timestamp == event.timestamp
    assert again.payload.status is rw.Status.SUCCEEDED
    assert prediction == rw.parse_payload(body)
    assert prediction != rw.parse_payload(body.replace(b"an astronaut", b"a cat"))
    assert prediction.urls == rw.parse_payload(body).urls
