"""The CLI's signatures against the reference `standardwebhooks` Python package, both ways.

Run by `make test-cli-interop` with the repo's .venv (which pins standardwebhooks):
`replicate-webhooks sign` output must verify with `standardwebhooks.Webhook.verify`, and
headers signed by `standardwebhooks` must pass `replicate-webhooks verify`.
"""

import json
import os
import subprocess
import time
from datetime import datetime, timezone

import pytest
from standardwebhooks import Webhook as ReferenceWebhook

CLI = os.environ.get("REPLICATE_WEBHOOKS_CLI", "target/debug/replicate-webhooks")
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODIES = [
    '{"id":"gm3qorzdhgbfurvjtvhg6dckhu","status":"succeeded","output":["https://replicate.delivery/a.png"]}',
    '{"id":"ufawqhfynnddngldkgtslldrkq","status":"starting","input":{"text":"Alice \u00e9\u00e8 \u6f22\u5b57"},"metrics":{}}',
    '{"test": 2432232314}',
]


def run_cli(*args, stdin=None):
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True, check=False)


def parse_headers(text):
    headers = {}
    for line in text.strip().splitlines():
        name, _, value = line.partition(": ")
        headers[name] = value
    return headers


@pytest.mark.parametrize("body", BODIES)
def test_cli_signature_verifies_with_standardwebhooks(body):
    signed = run_cli("sign", "--secret", SECRET, "-", stdin=body)
    assert signed.returncode == 0, signed.stderr
    headers = parse_headers(signed.stdout)
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    payload = ReferenceWebhook(SECRET).verify(body, headers)
    assert payload == json.loads(body)


@pytest.mark.parametrize("body", BODIES)
def test_standardwebhooks_signature_verifies_with_cli(body):
    msg_id = "msg_interop" + str(len(body))
    now = datetime.fromtimestamp(int(time.time()), tz=timezone.utc)
    signature = ReferenceWebhook(SECRET).sign(msg_id, now, body)
    verified = run_cli(
        "verify",
        "--secret", SECRET,
        "-H", f"webhook-id: {msg_id}",
        "-H", f"webhook-timestamp: {int(now.timestamp())}",
        "-H", f"webhook-signature: {signature}",
        "--no-parse",
        "-",
        stdin=body,
    )
    assert verified.returncode == 0, verified.stderr


def test_tampered_body_is_rejected_by_both():
    body = BODIES[0]
    headers = parse_headers(run_cli("sign", "--secret", SECRET, "-", stdin=body).stdout)
    tampered = body.replace("succeeded", "failed")
    with pytest.raises(Exception):
        ReferenceWebhook(SECRET).verify(tampered, headers)
    args = [item for name, value in headers.items() for item in ("-H", f"{name}: {value}")]
    rejected = run_cli("verify", "--secret", SECRET, *args, "-", stdin=tampered)
    assert rejected.returncode != 0
    assert "no_matching_signature" in rejected.stderr
