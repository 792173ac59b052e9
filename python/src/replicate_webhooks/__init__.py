"""Verify, sign and parse Replicate webhooks, on an audited Rust core.

>>> from replicate_webhooks import Webhook, sign_webhook
>>> body = b'{"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded"}'
>>> headers = sign_webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", body)
>>> event = Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify_event(body, headers)
>>> event.payload.status, event.payload.is_terminal
(<Status.SUCCEEDED: 'succeeded'>, True)
"""

from ._native import DEFAULT_TOLERANCE_SECONDS, ERROR_CODES, __version__
from .errors import (
    EmptyWebhookSecretError,
    InvalidArgumentError,
    InvalidBodyError,
    InvalidHeaderError,
    InvalidPayloadError,
    InvalidSecretError,
    InvalidSignatureError,
    MissingHeaderError,
    ReplayedError,
    TimestampOutOfToleranceError,
    WebhookVerificationError,
)
from .models import (
    Kind,
    Metrics,
    Payload,
    Prediction,
    Status,
    Training,
    TrainingOutput,
    Urls,
    Verified,
    WebhookEvent,
)
from .replay import ReplayGuard, ReplayStore
from .secret import get_webhook_secret
from .stream import DEFAULT_CHUNK_SIZE, StreamingVerifier
from .webhook import Webhook, parse_payload, sign_webhook, verify_webhook

__all__ = [
    "DEFAULT_TOLERANCE_SECONDS",
    "ERROR_CODES",
    "DEFAULT_CHUNK_SIZE",
    "__version__",
    "Webhook",
    "verify_webhook",
    "parse_payload",
    "sign_webhook",
    "get_webhook_secret",
    "WebhookEvent",
    "Verified",
    "StreamingVerifier",
    "ReplayGuard",
    "ReplayStore",
    "Payload",
    "Prediction",
    "Training",
    "Status",
    "Kind",
    "Metrics",
    "Urls",
    "TrainingOutput",
    "WebhookVerificationError",
    "MissingHeaderError",
    "InvalidHeaderError",
    "TimestampOutOfToleranceError",
    "InvalidSignatureError",
    "InvalidSecretError",
    "EmptyWebhookSecretError",
    "InvalidPayloadError",
    "InvalidBodyError",
    "InvalidArgumentError",
    "ReplayedError",
]
