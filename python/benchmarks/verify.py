"""Per-verify time of replicate_webhooks vs standardwebhooks vs a hand-written stdlib verifier.

    .venv/bin/python python/benchmarks/verify.py      (after `make python`)

All three run in the same process on the same bodies, in interleaved rounds; each figure is
the best round. Prints a Markdown table.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import timeit
from typing import Any, Callable, Dict

import standardwebhooks

import replicate_webhooks

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
KEY = base64.b64decode(SECRET[len("whsec_") :])


def prediction_body(size: int) -> bytes:
    """A succeeded prediction of about `size` bytes: output URLs, then a prompt to pad."""
    obj: Dict[str, Any] = {
        "id": "gm3qorzdhgbfurvjtvhg6dckhu",
        "model": "stability-ai/sdxl",
        "version": "a" * 64,
        "status": "succeeded",
        "input": {"prompt": ""},
        "output": [],
        "metrics": {"predict_time": 1.2, "total_time": 3.4},
        "urls": {"get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu"},
    }
    url = "https://replicate.delivery/pbxt/{:06d}/out.png"
    per_url = len(json.dumps(url.format(0))) + 2  # quotes, comma and space
    count = max(0, size - 60 - len(json.dumps(obj))) // per_url
    obj["output"] = [url.format(i) for i in range(count)]
    obj["input"]["prompt"] = "x" * max(0, size - len(json.dumps(obj)))
    return json.dumps(obj).encode()


def stdlib_verify(body: bytes, headers: Dict[str, str], parse: bool) -> Any:
    """What a careful user writes by hand: lower-cased headers, window, HMAC, constant-time compare."""
    lowered = {k.lower(): v for k, v in headers.items()}
    msg_id, timestamp, signatures = (
        lowered["webhook-id"],
        lowered["webhook-timestamp"],
        lowered["webhook-signature"],
    )
    if abs(time.time() - int(timestamp)) > 300:
        raise ValueError("timestamp outside the window")
    mac = hmac.new(KEY, f"{msg_id}.{timestamp}.".encode(), hashlib.sha256)
    mac.update(body)
    expected = base64.b64encode(mac.digest())
    for entry in signatures.split(" "):
        version, _, value = entry.partition(",")
        if version == "v1" and hmac.compare_digest(value.encode(), expected):
            return json.loads(body) if parse else None
    raise ValueError("no matching signature")


def best_of(calls: Dict[str, Callable[[], Any]], number: int, rounds: int = 25) -> Dict[str, float]:
    """Seconds per call, best round of each. Rounds interleave the contenders so a
    noisy moment on a shared machine hurts them alike."""
    times: Dict[str, float] = {name: float("inf") for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            times[name] = min(times[name], timeit.timeit(call, number=number) / number)
    return times


def main() -> None:
    ours = replicate_webhooks.Webhook(SECRET)
    theirs = standardwebhooks.Webhook(SECRET)
    print("| body | json_parse | replicate_webhooks | standardwebhooks | stdlib hmac |")
    print("|---|---|---|---|---|")
    for size in (2048, 1 << 20):
        body = prediction_body(size)
        headers = ours.sign_headers(body)
        assert (
            ours.verify(body, headers) == theirs.verify(body, headers) == stdlib_verify(body, headers, True)
        )
        number = 4000 if size < 10000 else 20
        for parse in (False, True):
            a, b, c = best_of(
                {
                    "ours": lambda: ours.verify(body, headers, json_parse=parse),
                    "standardwebhooks": lambda: theirs.verify(body, headers, json_parse=parse),
                    "stdlib": lambda: stdlib_verify(body, headers, parse),
                },
                number,
            ).values()
            unit, scale = ("µs", 1e6) if size < 10000 else ("ms", 1e3)
            print(
                f"| {len(body):,} B | {parse} | {a * scale:.2f} {unit} "
                f"| {b * scale:.2f} {unit} ({b / a:.1f}×) | {c * scale:.2f} {unit} ({c / a:.2f}×) |"
            )
        if size > 10000:
            sha = best_of({"sha256": lambda: hashlib.sha256(body).digest()}, number)["sha256"]
            rate = len(body) / sha / 1e9
            print(
                f"\nhashlib.sha256 (OpenSSL) alone on {len(body):,} B: {sha * 1e3:.2f} ms ({rate:.2f} GB/s)"
            )


if __name__ == "__main__":
    main()
