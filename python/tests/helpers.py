"""Shared assertions: run a call, insist that only our errors come out."""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple, Type

import replicate_webhooks as rw

# The family each code must raise (and nothing broader).
FAMILY: Dict[str, Type[rw.WebhookVerificationError]] = {
    "missing_header": rw.MissingHeaderError,
    "header_too_large": rw.InvalidHeaderError,
    "invalid_timestamp": rw.InvalidHeaderError,
    "timestamp_too_old": rw.TimestampOutOfToleranceError,
    "timestamp_too_new": rw.TimestampOutOfToleranceError,
    "invalid_signature_header": rw.InvalidSignatureError,
    "too_many_signatures": rw.InvalidSignatureError,
    "no_matching_signature": rw.InvalidSignatureError,
    "invalid_secret": rw.InvalidSecretError,
    "invalid_payload": rw.InvalidPayloadError,
    "invalid_body": rw.InvalidBodyError,
    "invalid_argument": rw.InvalidArgumentError,
    "replayed": rw.ReplayedError,
}

Outcome = Tuple[str, Any]


def outcome(call: Callable[[], Any]) -> Outcome:
    """``("ok", result)`` or ``("error", code)``; any other exception fails the test."""
    try:
        return ("ok", call())
    except rw.WebhookVerificationError as error:
        check_error(error)
        return ("error", error.code)


def check_error(error: rw.WebhookVerificationError) -> None:
    assert error.code in rw.ERROR_CODES, error.code
    assert isinstance(error, FAMILY[error.code]), (type(error), error.code)
    assert isinstance(error, ValueError)
    assert str(error), "every error has a message"


def expect_code(call: Callable[[], Any], code: str) -> rw.WebhookVerificationError:
    try:
        call()
    except rw.WebhookVerificationError as error:
        check_error(error)
        assert error.code == code, (error.code, code, str(error))
        return error
    raise AssertionError(f"expected {code}, but the call succeeded")


def examples(count: int) -> int:
    """Hypothesis examples for a test: ``count``, times ``$REPLICATE_WEBHOOKS_STRESS``
    (``make python-stress`` sets it for a long run)."""
    import os

    return count * max(1, int(os.environ.get("REPLICATE_WEBHOOKS_STRESS", "1")))
