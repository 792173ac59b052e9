"""Python benchmark: replicate-webhooks vs the libraries users would otherwise pick.

Run by ``make bench-python`` (mk/bench.mk) with the bench venv, which holds the
pinned peers (bench/python/requirements.txt) and our wheel as built by
``make python``::

    python bench.py --out FILE.json [--quick]

Every case is checked for the right answer before it is timed. Each sample is
a calibrated batch of calls (~SAMPLE_MS); the cases of one body size take
turns, round after round, so a burst of load from other processes on this
shared machine hits them alike. Figures are medians; bench/report.py turns
them into ratios.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Callable, Dict, List, Optional, Tuple

import replicate_webhooks
import standardwebhooks
import svix.webhooks
from replicate.webhook import Webhooks, WebhookSigningSecret

SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
KEY = base64.b64decode(SECRET[len("whsec_") :])
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
WRONG = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
SIZES = [("200B", 200), ("2KB", 2048), ("64KB", 65536), ("1MB", 1048576)]


# ---------------------------------------------------------------------------
# Inputs (the same bodies as bench/node/bench.mjs)


def body_of(size: int) -> bytes:
    """A prediction body of exactly ``size`` bytes (ASCII), padded in ``logs``."""
    prediction: Dict[str, Any] = {
        "id": "gm3qorzdhgbfurvjtvhg6dckhu",
        "model": "stability-ai/sdxl",
        "version": "39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b",
        "status": "succeeded",
        "input": {"prompt": "an astronaut riding a horse"},
        "output": ["https://replicate.delivery/pbxt/out-0.png"],
        "error": None,
        "logs": "",
        "metrics": {"predict_time": 4.52, "total_time": 4.61},
        "created_at": "2023-09-08T16:19:34.765994Z",
        "urls": {"get": "https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu"},
    }

    def dump() -> str:
        return json.dumps(prediction, separators=(",", ":"))

    for optional in ["urls", "created_at", "metrics", "input", "model", "version", "error"]:
        if len(dump()) <= size:
            break
        del prediction[optional]
    pad = size - len(dump())
    line = "step 1/50: denoising... "
    prediction["logs"] = (line * (pad // len(line) + 1))[:pad]
    body = dump().encode()
    assert len(body) == size, (len(body), size)
    return body


def headers_for(body: bytes, timestamp: int) -> Dict[str, str]:
    """Headers signed with the stdlib, independently of every library measured."""
    tag = hmac.new(KEY, f"{MSG_ID}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "content-type": "application/json",
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": "v1," + base64.b64encode(tag).decode(),
    }


# ---------------------------------------------------------------------------
# The hand-written stdlib verifier: the checks a careful user writes (headers
# present, ±300 s window, every v1 entry, constant-time compare).


def stdlib_verify(body: bytes, headers: Dict[str, str], parse: bool) -> Any:
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise ValueError("missing header")
    if abs(time.time() - int(timestamp)) > 300:
        raise ValueError("timestamp outside the window")
    mac = hmac.new(KEY, f"{msg_id}.{timestamp}.".encode(), hashlib.sha256)
    mac.update(body)
    expected = mac.digest()
    for entry in signatures.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(base64.b64decode(signature), expected):
            return json.loads(body) if parse else None
    raise ValueError("no matching signature")


# ---------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    name: str
    fn: Callable[[], Any]
    parse: Any = False  # True: returns the parsed JSON; "event": a typed event
    raw: bool = False  # a ceiling: no answer to check
    n: int = 1
    samples: List[float] = field(default_factory=list)
    wall: List[float] = field(default_factory=list)
    median_ns: float = 0.0
    wall_median_ns: float = 0.0


ours = replicate_webhooks.Webhook(SECRET)
standard = standardwebhooks.Webhook(SECRET)
svix_hook = svix.webhooks.Webhook(SECRET)
replicate_secret = WebhookSigningSecret(key=SECRET)


def accept_cases(body: bytes, headers: Dict[str, str]) -> List[Case]:
    text = body.decode()
    message = f"{MSG_ID}.{headers['webhook-timestamp']}.".encode() + body
    return [
        Case("ours Webhook.verify", lambda: ours.verify(body, headers), parse=True),
        Case(
            "ours Webhook.verify json_parse=False",
            lambda: ours.verify(body, headers, json_parse=False),
        ),
        Case("ours Webhook.verify_event", lambda: ours.verify_event(body, headers), parse="event"),
        Case(
            "ours verify_webhook",
            lambda: replicate_webhooks.verify_webhook(headers, body, SECRET),
            parse="event",
        ),
        Case("standardwebhooks verify", lambda: standard.verify(body, headers), parse=True),
        Case(
            "standardwebhooks verify json_parse=False",
            lambda: standard.verify(body, headers, json_parse=False),
        ),
        Case("svix verify", lambda: svix_hook.verify(body, headers)),
        Case(
            "replicate Webhooks.validate",
            lambda: Webhooks.validate(headers=headers, body=text, secret=replicate_secret, tolerance=300),
        ),
        Case(
            "stdlib hand-written + json.loads",
            lambda: stdlib_verify(body, headers, True),
            parse=True,
        ),
        Case("stdlib hand-written", lambda: stdlib_verify(body, headers, False)),
        # OpenSSL's SHA-256 (hashlib) over the signed content: the native
        # ceiling, measured in this process next to the cases above.
        Case("OpenSSL sha256 (hashlib)", lambda: hashlib.sha256(message).digest(), raw=True),
    ]


def reject_cases(body: bytes, headers: Dict[str, str]) -> List[Case]:
    bad = dict(headers, **{"webhook-signature": WRONG})
    text = body.decode()

    def raises(fn: Callable[[], Any], kind: type) -> Callable[[], Any]:
        def call() -> Any:
            try:
                fn()
            except kind as error:
                return error
            raise AssertionError("accepted a wrong signature")

        return call

    return [
        Case(
            "ours Webhook.verify",
            raises(lambda: ours.verify(body, bad), replicate_webhooks.InvalidSignatureError),
        ),
        Case(
            "ours verify_webhook",
            raises(
                lambda: replicate_webhooks.verify_webhook(bad, body, SECRET),
                replicate_webhooks.InvalidSignatureError,
            ),
        ),
        Case(
            "standardwebhooks verify",
            raises(lambda: standard.verify(body, bad), standardwebhooks.WebhookVerificationError),
        ),
        Case(
            "svix verify",
            raises(lambda: svix_hook.verify(body, bad), svix.webhooks.WebhookVerificationError),
        ),
        Case(
            "replicate Webhooks.validate",
            raises(
                lambda: Webhooks.validate(headers=bad, body=text, secret=replicate_secret, tolerance=300),
                ValueError,
            ),
        ),
        Case("stdlib hand-written", raises(lambda: stdlib_verify(body, bad, False), ValueError)),
    ]


def check(cases: List[Case], body: bytes, reject: bool) -> None:
    """Run each case once and check its answer."""
    expected = json.loads(body)
    for case in cases:
        result = case.fn()
        if reject or case.raw:
            continue
        if case.parse == "event":
            assert result.payload.id == expected["id"], case.name
            assert result.payload.kind.value == "prediction", case.name
        elif case.parse:
            assert result == expected, case.name
        else:
            assert result is None, (case.name, type(result))


# ---------------------------------------------------------------------------
# Timing


def batch(fn: Callable[[], Any], n: int) -> Tuple[float, float]:
    """(CPU seconds, wall seconds) for ``n`` calls. CPU time of this thread
    (hashing with the GIL released stays on it) leaves out the time it waited
    for a CPU while other jobs ran on this shared machine."""
    cpu = time.thread_time_ns()
    start = time.perf_counter_ns()
    for _ in range(n):
        fn()
    wall = time.perf_counter_ns() - start
    return (time.thread_time_ns() - cpu) / 1e9, wall / 1e9


def calibrate(fn: Callable[[], Any], sample_s: float) -> int:
    n = 1
    while True:
        _, seconds = batch(fn, n)
        if seconds >= sample_s / 4 or n >= 1 << 24:
            return max(1, round(n * sample_s / max(seconds, 1e-7)))
        n *= 4


def measure(cases: List[Case], rounds: int, sample_s: float) -> None:
    for case in cases:
        case.n = calibrate(case.fn, sample_s)
        warm_until = time.perf_counter() + 2 * sample_s
        while time.perf_counter() < warm_until:  # warm-up: caches, allocator
            batch(case.fn, case.n)
    for round_ in range(rounds):
        # Rotate the order so no case always runs right after the same neighbour.
        for k in range(len(cases)):
            case = cases[(k + round_) % len(cases)]
            cpu, wall = batch(case.fn, case.n)
            case.samples.append(cpu * 1e9 / case.n)
            case.wall.append(wall * 1e9 / case.n)
    for case in cases:
        case.median_ns = statistics.median(case.samples)
        case.wall_median_ns = statistics.median(case.wall)


def version(name: str) -> Optional[str]:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 5 if args.quick else 21
    sample_s = 0.004 if args.quick else 0.010

    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    results: List[Dict[str, Any]] = []
    for label, size in SIZES:
        body = body_of(size)
        headers = headers_for(body, int(time.time()))
        cases = accept_cases(body, headers)
        check(cases, body, reject=False)
        measure(cases, rounds, sample_s)
        results += [row("verify", label, size, case) for case in cases]
        print(f"python {label}: {len(cases)} cases", file=sys.stderr)
    body = body_of(2048)
    headers = headers_for(body, int(time.time()))
    cases = reject_cases(body, headers)
    check(cases, body, reject=True)
    measure(cases, rounds, sample_s)
    results += [row("reject", "2KB", 2048, case) for case in cases]
    print(f"python reject: {len(cases)} cases", file=sys.stderr)

    report = {
        "python": sys.version.split()[0],
        "implementation": sys.implementation.name,
        "openssl": __import__("ssl").OPENSSL_VERSION,
        "versions": {
            name: version(name) for name in ["replicate-webhooks", "standardwebhooks", "svix", "replicate"]
        },
        "rounds": rounds,
        "sample_ms": sample_s * 1000,
        "results": results,
        "seconds": time.perf_counter() - started,
        "loadavg": [load_before, os.getloadavg()[0]],
    }
    text = json.dumps(report, indent=1)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)
    else:
        print(text)
    return 0


def row(group: str, label: str, size: int, case: Case) -> Dict[str, Any]:
    return {
        "group": group,
        "size": label,
        "bytes": size,
        "name": case.name,
        "parse": case.parse,
        "median_ns": case.median_ns,
        "wall_median_ns": case.wall_median_ns,
        "samples_ns": case.samples,
        "wall_samples_ns": case.wall,
        "calls_per_sample": case.n,
    }


if __name__ == "__main__":
    sys.exit(main())
