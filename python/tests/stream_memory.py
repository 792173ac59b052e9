"""Verify a generated N MB body by streaming and print the memory it took, as JSON.

    python tests/stream_memory.py 100 [--control]

Run in its own process by test_stream.py, so the peak RSS it reads (ru_maxrss)
is not inflated by earlier tests. The expected signature is computed with the
stdlib (``hmac``), independently of the package. ``--control`` also verifies
the whole body held in memory with ``Webhook.verify``, to show the measure
does see a body-sized allocation.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import hashlib
import hmac
import json
import resource
import sys
import time
import tracemalloc
from typing import Any, AsyncIterator, Callable, Dict, Iterator

import replicate_webhooks as rw

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_stream_memory"
TIMESTAMP = 1_700_000_000
BLOCK = bytes(range(256)) * 4096  # 1 MiB of varied bytes


def chunks(total: int, tamper: bool = False) -> Iterator[bytes]:
    """``total`` bytes, 1 MiB at a time; ``tamper`` flips the very last byte."""
    left = total
    while left > 0:
        chunk = BLOCK[: min(left, len(BLOCK))]
        left -= len(chunk)
        if tamper and left == 0:
            chunk = chunk[:-1] + bytes([chunk[-1] ^ 1])
        yield chunk


class Generated:
    """A file-like source (``read(n)``) producing the same bytes, like a socket."""

    def __init__(self, total: int, tamper: bool = False) -> None:
        self.parts = chunks(total, tamper)
        self.pending = memoryview(b"")

    def read(self, size: int) -> bytes:
        if not self.pending:
            self.pending = memoryview(next(self.parts, b""))
        piece, self.pending = self.pending[:size], self.pending[size:]
        return bytes(piece)


async def async_chunks(total: int, tamper: bool = False) -> AsyncIterator[bytes]:
    for chunk in chunks(total, tamper):
        yield chunk


def peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


def measure(run: Callable[[bool], Any], total: int) -> Dict[str, Any]:
    gc.collect()
    before = peak_rss()
    tracemalloc.start()
    start = time.perf_counter()
    verified = run(False)
    seconds = time.perf_counter() - start
    traced_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = peak_rss()
    try:
        run(True)
        tampered_rejected = False
    except rw.InvalidSignatureError:
        tampered_rejected = True
    return {
        "verified": verified == rw.Verified(MSG_ID, TIMESTAMP),
        "tampered_rejected": tampered_rejected,
        "body_bytes": total,
        "seconds": round(seconds, 3),
        "rss_growth_bytes": after - before,
        "traced_peak_bytes": traced_peak,
    }


def main() -> None:
    total = int(sys.argv[1]) * 1000 * 1000
    mac = hmac.new(
        base64.b64decode(SECRET[len("whsec_") :]), f"{MSG_ID}.{TIMESTAMP}.".encode(), hashlib.sha256
    )
    for chunk in chunks(total):
        mac.update(chunk)
    headers = {
        "webhook-id": MSG_ID,
        "webhook-timestamp": str(TIMESTAMP),
        "webhook-signature": "v1," + base64.b64encode(mac.digest()).decode(),
    }
    webhook = rw.Webhook(SECRET, tolerance=None)
    figures = {
        "baseline_peak_rss_bytes": peak_rss(),
        "generator": measure(lambda tamper: webhook.verify_stream(headers, chunks(total, tamper)), total),
        "file": measure(lambda tamper: webhook.verify_stream(headers, Generated(total, tamper)), total),
        "async": measure(
            lambda tamper: asyncio.run(webhook.verify_stream_async(headers, async_chunks(total, tamper))),
            total,
        ),
    }
    if "--control" in sys.argv:
        before = peak_rss()
        body = b"".join(chunks(total))
        start = time.perf_counter()
        webhook.verify(body, headers, json_parse=False)
        figures["control_whole_body"] = {
            "seconds": round(time.perf_counter() - start, 3),
            "rss_growth_bytes": peak_rss() - before,
        }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
