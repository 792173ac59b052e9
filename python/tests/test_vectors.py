"""Every shared vector through every Python entry point it applies to."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Callable, List

import pytest
from helpers import FAMILY, outcome
from vectors import CASES, Case, cases

import replicate_webhooks as rw

# datetime's range ends in year 9999; later timestamps verify but cannot be an aware datetime.
DATETIME_MAX = 253402300799


def test_vectors_were_found() -> None:
    modes = {case.mode for case in CASES}
    assert modes == {"verify", "verify_and_parse", "parse", "sign"}
    assert len(CASES) > 100


def test_every_expected_code_is_exported() -> None:
    for case in CASES:
        if not case.ok:
            assert case.code in rw.ERROR_CODES, case.id


def body_variants(case: Case) -> List[Any]:
    """The body as each accepted type: bytes, str (if UTF-8), bytearray, memoryview."""
    body = case.body
    variants: List[Any] = [body, bytearray(body), memoryview(body)]
    if case.text_body is not None:
        variants.append(case.text_body)
    return variants


def header_variants(case: Case) -> List[Any]:
    """Pairs (always), a dict (when no name repeats), bytes pairs (ASGI style)."""
    variants: List[Any] = [case.headers, tuple(case.headers)]
    as_dict = case.header_dict()
    if as_dict is not None:
        variants.append(as_dict)
    variants.append([(n.encode(), v.encode()) for n, v in case.headers])
    return variants


def make_webhook(case: Case) -> rw.Webhook:
    secrets = case.secrets
    return rw.Webhook(secrets[0] if len(secrets) == 1 else secrets, **case.tolerance_kwargs)


def verify_outcomes(case: Case) -> List[Any]:
    """(label, outcome) of Webhook.verify(json_parse=False) for every input spelling."""
    built = outcome(lambda: make_webhook(case))
    if built[0] == "error":
        return [("Webhook()", built)]
    webhook = built[1]
    results = []
    for body in body_variants(case):
        for headers in header_variants(case):
            label = f"verify({type(body).__name__}, {type(headers).__name__})"
            results.append(
                (label, outcome(lambda: webhook.verify(body, headers, json_parse=False, now=case.now)))
            )
    return results


@pytest.mark.parametrize("case", cases("verify", "verify_and_parse"))
def test_webhook_verify(case: Case) -> None:
    for label, (kind, value) in verify_outcomes(case):
        if case.ok or (case.mode == "verify_and_parse" and case.code == "invalid_payload"):
            assert (kind, value) == ("ok", None), label
        else:
            assert (kind, value) == ("error", case.code), label


@pytest.mark.parametrize("case", cases("verify", "verify_and_parse"))
def test_webhook_verify_json(case: Case) -> None:
    """json_parse=True (the standardwebhooks default) returns json.loads of the body."""
    got = outcome(lambda: make_webhook(case).verify(case.body, case.headers, now=case.now))
    verifies = case.ok or (case.mode == "verify_and_parse" and case.code == "invalid_payload")
    if not verifies:
        assert got == ("error", case.code)
        return
    try:
        expected = ("ok", json.loads(case.body.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        expected = ("error", "invalid_payload")
    assert got == expected


def event_entry_points(case: Case) -> List[Any]:
    secret = case.secrets[0] if len(case.secrets) == 1 else case.secrets

    def verify_webhook() -> rw.WebhookEvent:
        return rw.verify_webhook(case.headers, case.body, secret, now=case.now, **case.tolerance_kwargs)

    def verify_event() -> rw.WebhookEvent:
        return make_webhook(case).verify_event(case.body, case.headers, now=case.now)

    def verify_event_dict_str() -> rw.WebhookEvent:
        headers = case.header_dict() or case.headers
        body = case.text_body if case.text_body is not None else case.body
        return make_webhook(case).verify_event(body, headers, now=case.now)

    return [verify_webhook, verify_event, verify_event_dict_str]


@pytest.mark.parametrize("case", cases("verify"))
def test_verify_cases_through_event_api(case: Case) -> None:
    """A verify case fails the event API with the same code; when it verifies,
    the event API succeeds or rejects the body as a payload."""
    for entry in event_entry_points(case):
        kind, value = outcome(entry)
        if not case.ok:
            assert (kind, value) == ("error", case.code), entry.__name__
        elif kind == "error":
            timestamp = int(dict((n.lower(), v) for n, v in case.headers).get("webhook-timestamp", "0") or 0)
            allowed = {"invalid_payload"} | ({"invalid_timestamp"} if timestamp > DATETIME_MAX else set())
            assert value in allowed, (entry.__name__, value)


@pytest.mark.parametrize("case", cases("verify_and_parse"))
def test_verify_and_parse(case: Case) -> None:
    for entry in event_entry_points(case):
        kind, value = outcome(entry)
        if not case.ok:
            assert (kind, value) == ("error", case.code), entry.__name__
            continue
        assert kind == "ok", (entry.__name__, value)
        event: rw.WebhookEvent = value
        check_payload(case, event.payload)
        assert event.kind == event.payload.kind
        assert event.timestamp == datetime.fromtimestamp(event.unix_timestamp, tz=timezone.utc)
        assert event.timestamp.tzinfo is not None
        headers = {n.lower(): v for n, v in reversed(case.headers)}
        assert event.id == headers.get("webhook-id", headers.get("svix-id"))


def check_payload(case: Case, payload: rw.Payload) -> None:
    expected = case.expected["payload"]
    assert payload.kind == expected["kind"]
    assert payload.kind.value == expected["kind"]
    assert payload.id == expected["id"]
    assert payload.status == expected["status"]
    assert isinstance(payload.status, rw.Status)
    assert isinstance(payload.status, str)
    assert payload.is_terminal is expected["is_terminal"]
    assert isinstance(payload, rw.Training if expected["kind"] == "training" else rw.Prediction)
    assert payload.raw == json.loads(case.body.decode("utf-8"))


@pytest.mark.parametrize("case", cases("parse"))
def test_parse_payload(case: Case) -> None:
    for body in body_variants(case):
        kind, value = outcome(lambda: rw.parse_payload(body))
        if case.ok:
            assert kind == "ok", value
            check_payload(case, value)
        else:
            assert (kind, value) == ("error", case.code), type(body).__name__


def sign_entry_points(case: Case) -> List[Callable[[Any], str]]:
    secret, msg_id, ts = case.secrets[0], case.raw["msg_id"], case.raw["timestamp"]
    calls: List[Callable[[Any], str]] = [
        lambda body: rw.Webhook(secret).sign(msg_id, ts, body),
        lambda body: rw.Webhook(secret).sign(msg_id, float(ts), body),
        lambda body: rw.sign_webhook(secret, body, id=msg_id, timestamp=ts)["webhook-signature"],
        lambda body: rw.Webhook(secret).sign_headers(body, id=msg_id, timestamp=ts)["webhook-signature"],
    ]
    if ts <= DATETIME_MAX:
        aware = datetime.fromtimestamp(ts, tz=timezone.utc)
        naive = aware.replace(tzinfo=None)
        calls.append(lambda body: rw.Webhook(secret).sign(msg_id, aware, body))
        calls.append(lambda body: rw.Webhook(secret).sign(msg_id, naive, body))
    return calls


@pytest.mark.parametrize("case", cases("sign"))
def test_sign(case: Case) -> None:
    for call in sign_entry_points(case):
        for body in body_variants(case):
            got = outcome(lambda: call(body))
            if case.ok:
                assert got == ("ok", case.expected["signature"])
            else:
                assert got == ("error", case.code)


@pytest.mark.parametrize("case", cases("sign"))
def test_sign_then_verify(case: Case) -> None:
    """What sign_webhook produces, verify_webhook accepts (round trip per vector)."""
    if not case.ok:
        return
    secret, ts = case.secrets[0], case.raw["timestamp"]
    headers = rw.sign_webhook(secret, case.body, id=case.raw["msg_id"], timestamp=ts)
    assert rw.Webhook(secret).verify(case.body, headers, json_parse=False, now=ts) is None


def test_families_cover_every_code() -> None:
    assert set(FAMILY) == set(rw.ERROR_CODES)
