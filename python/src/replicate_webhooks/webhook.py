"""The public API: :class:`Webhook` and the Replicate-first functions."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union, cast

from . import _native
from ._util import datetime_seconds, is_instance
from .models import Payload, Verified, WebhookEvent, _payload
from .stream import DEFAULT_CHUNK_SIZE, AsyncSource, Source, StreamingVerifier
from .stream import verify_stream as _verify_stream
from .stream import verify_stream_async as _verify_stream_async

__all__ = ["Webhook", "verify_webhook", "parse_payload", "sign_webhook"]

Secret = Union[str, bytes]
Secrets = Union[str, bytes, Sequence[Union[str, bytes]]]
Headers = Union[Mapping[str, str], Mapping[str, Any], Sequence[Tuple[Any, Any]], Any]
Body = Union[bytes, str, bytearray, memoryview]
Tolerance = Optional[Union[int, timedelta]]
Instant = Union[int, float, datetime]


class Webhook(_native.Webhook):
    """Verifies (and signs) webhooks for one secret, or several during rotation.

    Drop-in for ``standardwebhooks.Webhook``: ``verify(data, headers)`` returns
    the JSON-parsed body (``json_parse=False`` → ``None``), ``sign(msg_id,
    timestamp, data)`` returns ``"v1,<base64>"``. Build it once and share it;
    the HMAC key state is prepared here, not per request.

    ``whsecret`` is ``"whsec_<base64>"`` (or bare base64), raw key ``bytes``
    (as in ``standardwebhooks``), or a list of those. ``tolerance`` is the
    replay window in seconds either way (default 300); ``None`` turns the
    timestamp check off.
    """

    __slots__ = ()

    def verify_event(self, data: Body, headers: Headers, *, now: Optional[Instant] = None) -> WebhookEvent:
        """Verify, then parse the body as a Replicate prediction or training.

        The body is parsed only after the signature checks out.
        """
        return _verify_event(self, data, headers, now)

    def begin(self, headers: Headers, *, now: Optional[Instant] = None) -> StreamingVerifier:
        """Check the headers now and take the body in chunks: ``update(chunk)``, then ``finish()``.

        Raises at once (as :meth:`verify` would) if the headers are missing,
        malformed or out of the window, before any of the body is read.
        """
        return StreamingVerifier(self, headers, now=now)

    def verify_stream(
        self,
        headers: Headers,
        body: Source,
        *,
        now: Optional[Instant] = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> Verified:
        """Verify a body read piece by piece, in constant memory; returns :class:`Verified`.

        ``body``: a file-like object (``read(n)`` is called with ``chunk_size``
        until it returns an empty chunk: Django's ``request``, Flask's
        ``request.stream``, an open file), an iterable of ``bytes`` chunks, or
        the whole body. The headers are checked before the body is touched.
        The body is not kept: tee the chunks somewhere if you need them.
        """
        return _verify_stream(self, headers, body, now, chunk_size)

    async def verify_stream_async(
        self,
        headers: Headers,
        body: AsyncSource,
        *,
        now: Optional[Instant] = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
    ) -> Verified:
        """:meth:`verify_stream` for ASGI: ``body`` may also be an async iterable
        (Starlette/FastAPI ``request.stream()``) or have an async ``read(n)``."""
        return await _verify_stream_async(self, headers, body, now, chunk_size)


def _event(
    native: Tuple[str, int, str, str, bool, Dict[str, Any]],
) -> WebhookEvent:
    msg_id, seconds, kind, status, is_terminal, raw = native
    return WebhookEvent(msg_id, datetime_seconds(seconds), _payload(kind, status, is_terminal, raw))


def verify_webhook(
    headers: Headers,
    body: Body,
    secret: Secrets,
    *,
    tolerance: Tolerance = 300,
    now: Optional[Instant] = None,
) -> WebhookEvent:
    """Verify a Replicate webhook and return it typed.

    ``headers``: the request headers (any mapping, or ``(name, value)`` pairs).
    ``body``: the raw body, exactly as received. ``secret``: your
    ``whsec_…`` secret, or a list of them. ``tolerance``: seconds either way
    (``None`` disables the replay check). ``now``: the current time, for tests.

    For many webhooks, build a :class:`Webhook` once and call
    :meth:`Webhook.verify_event`: that prepares the key only once.
    """
    return _verify_event(Webhook(secret, tolerance=tolerance), body, headers, now)


def parse_payload(body: Body) -> Payload:
    """Parse a body as a prediction or training **without verifying it**.

    Only for bodies you verified yourself or stored after verification.
    """
    kind, status, is_terminal, raw = _native._parse_payload(body)
    return _payload(kind, status, is_terminal, raw)


def sign_webhook(
    secret: Secret,
    body: Body,
    *,
    id: Optional[str] = None,
    timestamp: Optional[Instant] = None,
) -> Dict[str, str]:
    """Sign a body as Replicate would: the three headers, as a dict.

    A fresh ``msg_…`` id and the current time are used unless given. For
    tests, local tools and senders.
    """
    return Webhook(secret).sign_headers(body, id=id, timestamp=timestamp)


Verifier = Union[Secrets, _native.Webhook]
"""What the framework helpers take: a ready :class:`Webhook`, or secret(s)."""


def _as_webhook(secret: Verifier, tolerance: Tolerance) -> _native.Webhook:
    """A ready verifier: the one given, or one built from secret(s)."""
    if is_instance(secret, _native.Webhook):
        return cast(_native.Webhook, secret)
    return Webhook(cast(Secrets, secret), tolerance=tolerance)


def _verify_event(
    verifier: _native.Webhook, body: Body, headers: Headers, now: Optional[Instant]
) -> WebhookEvent:
    return _event(verifier._verify_event(body, headers, now))
