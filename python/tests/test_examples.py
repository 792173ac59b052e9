"""The examples run (mypy --strict checks them in `make test-python`)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.py"))


def test_examples_exist() -> None:
    assert EXAMPLES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path: Path) -> None:
    runpy.run_path(str(path), run_name="__main__")


def test_benchmark_script_is_sound() -> None:
    """benchmarks/verify.py is not run by the tests (timing), but its pieces are."""
    namespace = runpy.run_path(str(Path(__file__).resolve().parents[1] / "benchmarks" / "verify.py"))
    import replicate_webhooks as rw

    for size in (2048, 1 << 20):
        body = namespace["prediction_body"](size)
        assert abs(len(body) - size) < 64
        webhook = rw.Webhook(namespace["SECRET"])
        headers = webhook.sign_headers(body)
        assert namespace["stdlib_verify"](body, headers, True) == webhook.verify(body, headers)
        assert rw.parse_payload(body).status == "succeeded"
