"""replicate_webhooks.integrations.flask with Flask's test client."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Tuple

import pytest
from flask import Flask, jsonify, request
from framework_cases import answer, check_answer, framework_cases, secret_arg
from vectors import Case

import replicate_webhooks as rw
from replicate_webhooks.integrations.flask import verify_request

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
CURRENT: Dict[str, Any] = {}

app = Flask(__name__)


@app.post("/vector")
def vector() -> Any:
    case: Case = CURRENT["case"]
    try:
        event = verify_request(secret_arg(case), now=case.now, **case.tolerance_kwargs)
    except rw.WebhookVerificationError as error:
        return jsonify(answer(code=error.code)), 401
    return jsonify(answer(event))


WEBHOOK = rw.Webhook(SECRET)


@app.post("/webhooks/replicate")
def replicate_webhook() -> Tuple[Any, int]:
    try:
        event = verify_request(WEBHOOK)
    except rw.WebhookVerificationError as error:
        return jsonify({"error": error.code}), 401
    # The body is still there for the view after verification.
    assert request.get_json()["id"] == event.payload.id
    return jsonify({"status": event.payload.status.value, "terminal": event.payload.is_terminal}), 200


@pytest.mark.parametrize("case", framework_cases(wsgi=True))
def test_vectors_through_flask(case: Case) -> None:
    CURRENT["case"] = case
    response = app.test_client().post("/vector", data=case.body, headers=case.headers)
    check_answer(case, response.get_json())


BODY = json.dumps({"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded"}).encode()


def test_signed_request_is_accepted() -> None:
    headers = rw.sign_webhook(SECRET, BODY)
    response = app.test_client().post(
        "/webhooks/replicate", data=BODY, headers=headers, content_type="application/json"
    )
    assert response.status_code == 200, response.get_data()
    assert response.get_json() == {"status": "succeeded", "terminal": True}


@pytest.mark.parametrize("tamper", ["body", "signature", "missing", "secret", "old"])
def test_tampered_requests_are_rejected(tamper: str) -> None:
    body = BODY
    headers = rw.sign_webhook(SECRET, BODY)
    if tamper == "body":
        body = BODY.replace(b"succeeded", b"failed")
    elif tamper == "signature":
        headers["webhook-signature"] = rw.sign_webhook("whsec_QQ==", BODY)["webhook-signature"]
    elif tamper == "missing":
        del headers["webhook-id"]
    elif tamper == "secret":
        headers = rw.sign_webhook("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", BODY)
    else:
        headers = rw.sign_webhook(SECRET, BODY, timestamp=1614265330)
    response = app.test_client().post(
        "/webhooks/replicate", data=body, headers=headers, content_type="application/json"
    )
    assert response.status_code == 401
    expected = {"missing": "missing_header", "old": "timestamp_too_old"}.get(tamper, "no_matching_signature")
    assert response.get_json() == {"error": expected}


def test_form_encoded_body_is_still_raw() -> None:
    """A form content type must not make Werkzeug eat the body first."""
    body = b"a=1&b=2"
    headers = rw.sign_webhook(SECRET, body)
    with app.test_request_context(
        "/x", method="POST", data=body, headers=headers, content_type="application/x-www-form-urlencoded"
    ):
        with pytest.raises(rw.InvalidPayloadError):
            verify_request(SECRET)  # verified, then rejected as not JSON


# --- With a replay guard (the pattern the README documents) ---------------------------

GUARD = rw.ReplayGuard()
PROCESSED: List[str] = []


@app.post("/guarded")
def guarded() -> Tuple[Any, int]:
    try:
        event = verify_request(WEBHOOK, guard=GUARD)
    except rw.ReplayedError:
        return jsonify({"duplicate": True}), 200
    except rw.WebhookVerificationError as error:
        return jsonify({"error": error.code}), 401
    if request.headers.get("x-fail"):
        return jsonify({"error": "try again"}), 500  # nothing committed
    PROCESSED.append(event.id)
    GUARD.commit(event)
    return jsonify({"processed": event.id}), 200


def test_guarded_view() -> None:
    client = app.test_client()
    headers = rw.sign_webhook(SECRET, BODY)
    assert client.post("/guarded", data=BODY, headers={**headers, "x-fail": "1"}).status_code == 500
    response = client.post("/guarded", data=BODY, headers=headers)
    assert (response.status_code, response.get_json()) == (200, {"processed": headers["webhook-id"]})
    response = client.post("/guarded", data=BODY, headers=headers)
    assert (response.status_code, response.get_json()) == (200, {"duplicate": True})
    response = client.post("/guarded", data=BODY + b" ", headers=headers)
    assert (response.status_code, response.get_json()) == (401, {"error": "no_matching_signature"})
    assert PROCESSED == [headers["webhook-id"]]
    with app.test_request_context("/x", method="POST", data=BODY, headers=headers):
        with pytest.raises(rw.InvalidArgumentError):
            verify_request(WEBHOOK, guard=object())  # type: ignore[arg-type]
