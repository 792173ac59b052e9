"""Differential tests against the real `standardwebhooks` PyPI package.

On well-formed input (the headers a sender following the spec produces) both
libraries must accept and reject the same webhooks and return the same parsed
body; sign() must produce the same signatures. Where we are deliberately
stricter (or more lenient), the test below pins both behaviours; the README
lists the same differences.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, List, Tuple

import pytest
import standardwebhooks
from helpers import expect_code
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import replicate_webhooks as rw

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

keys = st.binary(min_size=24, max_size=64)
msg_ids = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
bodies = (
    st.text(max_size=300)
    | json_values.map(json.dumps)
    | json_values.map(lambda v: json.dumps(v, ensure_ascii=False))
)


def secret_text(key: bytes, prefix: bool, padded: bool) -> str:
    encoded = base64.b64encode(key).decode()
    if not padded:
        encoded = encoded.rstrip("=")
    return ("whsec_" if prefix else "") + encoded


def reference_signature(key: bytes, msg_id: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256)
    return "v1," + base64.b64encode(mac.digest()).decode()


def run_both(
    secret: str, body: str, headers: Dict[str, str], json_parse: bool
) -> Tuple[Tuple[str, Any], Tuple[str, Any]]:
    def theirs() -> Tuple[str, Any]:
        try:
            return ("ok", standardwebhooks.Webhook(secret).verify(body, headers, json_parse=json_parse))
        except standardwebhooks.webhooks.WebhookVerificationError:
            return ("rejected", None)
        except ValueError:  # json.JSONDecodeError
            return ("bad json", None)

    def ours() -> Tuple[str, Any]:
        try:
            return ("ok", rw.Webhook(secret).verify(body, headers, json_parse=json_parse))
        except rw.InvalidPayloadError:
            return ("bad json", None)
        except rw.WebhookVerificationError:
            return ("rejected", None)

    return theirs(), ours()


@st.composite
def deliveries(draw: st.DrawFn) -> Dict[str, Any]:
    """A well-formed delivery: valid secret, canonical timestamp clear of the
    window's edges, one-comma `version,base64` entries separated by single spaces."""
    key = draw(keys)
    secret = secret_text(key, draw(st.booleans()), draw(st.booleans()))
    msg_id = draw(msg_ids)
    offset = draw(st.integers(-290, 290) | st.integers(310, 10**6) | st.integers(-(10**6), -310))
    timestamp = str(int(time.time()) + offset)
    body = draw(bodies)
    good = reference_signature(key, msg_id, timestamp, body.encode())
    other_key = draw(keys)
    entries = draw(
        st.lists(
            st.sampled_from(["good", "tampered", "other-secret", "v2", "v1a"]),
            min_size=1,
            max_size=5,
        )
    )
    rendered: List[str] = []
    for entry in entries:
        if entry == "good":
            rendered.append(good)
        elif entry == "tampered":
            raw = bytearray(base64.b64decode(good[3:]))
            raw[draw(st.integers(0, 31))] ^= 1 << draw(st.integers(0, 7))
            rendered.append("v1," + base64.b64encode(bytes(raw)).decode())
        elif entry == "other-secret":
            rendered.append(reference_signature(other_key, msg_id, timestamp, body.encode()))
        elif entry == "v2":
            rendered.append("v2," + good[3:])
        else:
            rendered.append("v1a," + base64.b64encode(draw(st.binary(min_size=64, max_size=64))).decode())
    names = draw(
        st.sampled_from(
            [
                ("webhook-id", "webhook-timestamp", "webhook-signature"),
                ("Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"),
                ("WEBHOOK-ID", "WEBHOOK-TIMESTAMP", "WEBHOOK-SIGNATURE"),
            ]
        )
    )
    headers = dict(zip(names, (msg_id, timestamp, " ".join(rendered))))
    drop = draw(st.sampled_from([None, None, None, 0, 1, 2]))
    if drop is not None:
        del headers[names[drop]]
    return {"secret": secret, "body": body, "headers": headers, "offset": offset}


@SETTINGS
@given(delivery=deliveries(), json_parse=st.booleans())
def test_same_verdict_as_standardwebhooks(delivery: Dict[str, Any], json_parse: bool) -> None:
    theirs, ours = run_both(delivery["secret"], delivery["body"], delivery["headers"], json_parse)
    assert ours == theirs


@SETTINGS
@given(key=keys, msg_id=msg_ids, seconds=st.integers(0, 253402300799), body=bodies, naive=st.booleans())
def test_same_signature_as_standardwebhooks(
    key: bytes, msg_id: str, seconds: int, body: str, naive: bool
) -> None:
    when = datetime.fromtimestamp(seconds, tz=timezone.utc)
    if naive:
        when = when.replace(tzinfo=None)
    secret = secret_text(key, True, True)
    expected = standardwebhooks.Webhook(secret).sign(msg_id, when, body)
    assert rw.Webhook(secret).sign(msg_id, when, body) == expected
    assert rw.Webhook(key).sign(msg_id, when, body.encode()) == standardwebhooks.Webhook(key).sign(
        msg_id, when, body
    )


@SETTINGS
@given(key=keys, prefix=st.booleans(), padded=st.booleans())
def test_same_secret_decoding(key: bytes, prefix: bool, padded: bool) -> None:
    secret = secret_text(key, prefix, padded)
    when = datetime.fromtimestamp(1614265330, tz=timezone.utc)
    assert rw.Webhook(secret).sign("m", when, "b") == standardwebhooks.Webhook(secret).sign("m", when, "b")


# --- Deliberate differences, pinned -------------------------------------------------

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KEY = base64.b64decode(SECRET[6:])


def fresh(body: str = '{"a": 1}', timestamp: str = "", signature: str = "") -> Dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    normalized = str(int(float(timestamp)))
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": timestamp,
        "webhook-signature": signature or reference_signature(KEY, "msg_1", normalized, body.encode()),
    }


def theirs_raises(call: Callable[[], Any], exception: type) -> None:
    with pytest.raises(exception):
        call()


def test_difference_secret_alphabet_is_strict() -> None:
    # standardwebhooks' b64decode drops characters outside the alphabet.
    sloppy = "whsec_MfKQ9r8G!KYqrTwjUPD8ILPZIo2LaLaSw"
    assert standardwebhooks.Webhook(sloppy)._whsecret == KEY
    expect_code(lambda: rw.Webhook(sloppy), "invalid_secret")


def test_difference_entry_without_comma_is_skipped() -> None:
    headers = fresh()
    headers["webhook-signature"] = "garbage " + headers["webhook-signature"]
    theirs_raises(lambda: standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers), ValueError)
    assert rw.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}
    headers["webhook-signature"] = "v1,abc,def " + fresh()["webhook-signature"]
    theirs_raises(lambda: standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers), ValueError)
    assert rw.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}


def test_difference_signature_base64_is_canonical() -> None:
    headers = fresh()
    headers["webhook-signature"] += "!!"
    assert standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}
    expect_code(lambda: rw.Webhook(SECRET).verify('{"a": 1}', headers), "invalid_signature_header")
    headers = fresh()
    headers["webhook-signature"] = headers["webhook-signature"].rstrip("=")
    theirs_raises(lambda: standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers), binascii.Error)
    expect_code(lambda: rw.Webhook(SECRET).verify('{"a": 1}', headers), "invalid_signature_header")


@pytest.mark.parametrize("form", ["{}.0", "{}.9", " {}", "+{}", "0{}", "{}e0"])
def test_difference_timestamp_is_plain_digits(form: str) -> None:
    now = int(time.time())
    text = form.format(now) if "e" not in form else f"{now / 10**9}e9"
    headers = fresh(timestamp=text)
    # standardwebhooks parses float(), then signs the re-formatted integer.
    assert standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}
    code = "invalid_timestamp" if not text.isdigit() else "no_matching_signature"
    expect_code(lambda: rw.Webhook(SECRET).verify('{"a": 1}', headers), code)


def test_difference_non_utf8_body_verifies_as_bytes() -> None:
    body = b"\xff\xfe"
    now = str(int(time.time()))
    headers = {
        "webhook-id": "m",
        "webhook-timestamp": now,
        "webhook-signature": reference_signature(KEY, "m", now, body),
    }
    theirs_raises(
        lambda: standardwebhooks.Webhook(SECRET).verify(body, headers, json_parse=False), UnicodeDecodeError
    )
    assert rw.Webhook(SECRET).verify(body, headers, json_parse=False) is None
    expect_code(lambda: rw.Webhook(SECRET).verify(body, headers), "invalid_payload")


def test_difference_svix_aliases_and_tabs_are_accepted() -> None:
    headers = {k.replace("webhook-", "svix-"): v for k, v in fresh().items()}
    theirs_raises(
        lambda: standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers),
        standardwebhooks.webhooks.WebhookVerificationError,
    )
    assert rw.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}
    headers = fresh()
    headers["webhook-signature"] = "v2,x\t" + headers["webhook-signature"]
    theirs_raises(lambda: standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers), ValueError)
    assert rw.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}


def test_difference_size_caps() -> None:
    headers = fresh()
    headers["webhook-signature"] = " ".join(["v2,x"] * 40 + [headers["webhook-signature"]])
    assert standardwebhooks.Webhook(SECRET).verify('{"a": 1}', headers) == {"a": 1}
    expect_code(lambda: rw.Webhook(SECRET).verify('{"a": 1}', headers), "too_many_signatures")
    body = '{"a": 1}'
    now = str(int(time.time()))
    long_id = "m" * 300
    headers = {
        "webhook-id": long_id,
        "webhook-timestamp": now,
        "webhook-signature": reference_signature(KEY, long_id, now, body.encode()),
    }
    assert standardwebhooks.Webhook(SECRET).verify(body, headers) == {"a": 1}
    expect_code(lambda: rw.Webhook(SECRET).verify(body, headers), "header_too_large")


def test_difference_sign_honours_utc_offsets() -> None:
    when = datetime(2021, 2, 25, 20, 2, 10, tzinfo=timezone(timedelta(hours=5)))
    ours = rw.Webhook(SECRET).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", when, '{"test": 2432232314}')
    assert ours == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="  # 1614265330 = 15:02:10Z
    theirs = standardwebhooks.Webhook(SECRET).sign(
        "msg_p5jXN8AQM9LWM0D4loKWxJek", when, '{"test": 2432232314}'
    )
    assert theirs != ours  # it replaces the offset by UTC instead of converting


def test_difference_errors_are_value_errors_with_codes() -> None:
    assert not issubclass(standardwebhooks.webhooks.WebhookVerificationError, ValueError)
    assert issubclass(rw.WebhookVerificationError, ValueError)
    headers = fresh()
    theirs_raises(
        lambda: standardwebhooks.Webhook(SECRET).verify("not json", fresh(body="not json")),
        json.JSONDecodeError,
    )
    error = expect_code(
        lambda: rw.Webhook(SECRET).verify("not json", fresh(body="not json")), "invalid_payload"
    )
    assert isinstance(error.__cause__, json.JSONDecodeError)
    assert headers
