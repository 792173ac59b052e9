"""The exceptions of ``replicate_webhooks``.

Every failure is a :class:`WebhookVerificationError` (a ``ValueError``) whose
``code`` is one of the core's stable codes (``replicate_webhooks.ERROR_CODES``).
Each family of codes has its own subclass, so you can catch as broadly or as
narrowly as you like::

    try:
        event = verify_webhook(request.headers, body, secret)
    except TimestampOutOfToleranceError:
        ...  # a replay, or a clock problem
    except WebhookVerificationError as error:
        log.warning("rejected webhook: %s (%s)", error, error.code)

| class | codes |
|---|---|
| MissingHeaderError | missing_header |
| InvalidHeaderError | header_too_large, invalid_timestamp |
| TimestampOutOfToleranceError | timestamp_too_old, timestamp_too_new |
| InvalidSignatureError | invalid_signature_header, too_many_signatures, no_matching_signature |
| InvalidSecretError (EmptyWebhookSecretError) | invalid_secret |
| InvalidPayloadError | invalid_payload |
| InvalidBodyError | invalid_body |
| InvalidArgumentError | invalid_argument |
| ReplayedError | replayed |

Messages are for humans and never contain a secret; match on ``code`` or the
class, never on the text.
"""

from __future__ import annotations

__all__ = [
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


class WebhookVerificationError(ValueError):
    """A webhook (or an argument) was rejected. ``code`` says why.

    Same name as ``standardwebhooks.WebhookVerificationError``, so code that
    switches its import keeps its ``except`` clauses.
    """

    #: The code raised when none is given; subclasses narrow it.
    default_code: str = "no_matching_signature"

    code: str
    """The stable snake_case code, e.g. ``"no_matching_signature"``."""

    def __init__(self, message: str = "", code: str | None = None) -> None:
        resolved = code if code is not None else type(self).default_code
        super().__init__(message, resolved)
        self.message = message
        self.code = resolved

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, code={self.code!r})"


class MissingHeaderError(WebhookVerificationError):
    """``webhook-id``, ``webhook-timestamp`` or ``webhook-signature`` is absent or empty."""

    default_code = "missing_header"


class InvalidHeaderError(WebhookVerificationError):
    """A header is too long, or the timestamp is not whole Unix seconds."""

    default_code = "invalid_timestamp"


class TimestampOutOfToleranceError(WebhookVerificationError):
    """The timestamp is outside the tolerance window: a replay, or a skewed clock."""

    default_code = "timestamp_too_old"


class InvalidSignatureError(WebhookVerificationError):
    """No signature matches (or the signature header holds none to compare)."""

    default_code = "no_matching_signature"


class InvalidSecretError(WebhookVerificationError):
    """The secret is empty or not ``whsec_`` + base64."""

    default_code = "invalid_secret"


class EmptyWebhookSecretError(InvalidSecretError):
    """The secret is empty (name kept from ``standardwebhooks``)."""

    default_code = "invalid_secret"


class InvalidPayloadError(WebhookVerificationError):
    """The (verified) body is not JSON, or not a Replicate prediction or training."""

    default_code = "invalid_payload"


class InvalidBodyError(WebhookVerificationError):
    """The body argument is not the raw body (``bytes`` or ``str``).

    Usually parsed JSON was passed: pass ``request.get_data()`` (Flask),
    ``request.body`` (Django) or ``await request.body()`` (Starlette/FastAPI).
    """

    default_code = "invalid_body"


class InvalidArgumentError(WebhookVerificationError):
    """Some other argument has the wrong type or is out of range."""

    default_code = "invalid_argument"


class ReplayedError(WebhookVerificationError):
    """This ``webhook-id`` was already processed: acknowledge (2xx), do not redo it."""

    default_code = "replayed"
