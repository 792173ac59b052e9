"""Starlette and FastAPI ``Request`` (async), plus a FastAPI dependency.

.. code-block:: python

    from typing import Annotated

    from fastapi import Depends, FastAPI
    from replicate_webhooks import WebhookEvent
    from replicate_webhooks.integrations.starlette import webhook_dependency

    app = FastAPI()
    ReplicateWebhook = Annotated[
        WebhookEvent, Depends(webhook_dependency(os.environ["REPLICATE_WEBHOOK_SECRET"]))
    ]

    @app.post("/webhooks/replicate")
    async def receive(event: ReplicateWebhook):
        ...

With ``webhook_dependency(secret, guard=ReplayGuard())`` a duplicate of an
already processed delivery is answered 200 without calling the endpoint, and
the id is committed only if the endpoint returns without raising.
"""

from __future__ import annotations

from typing import Any, AsyncIterator, Awaitable, Callable, Optional, Union, overload

from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..errors import InvalidBodyError, InvalidPayloadError, ReplayedError, WebhookVerificationError
from ..models import WebhookEvent
from ..replay import ReplayGuard, check_with, optional_guard
from ..webhook import Instant, Tolerance, Verifier, _as_webhook, _verify_event

__all__ = ["verify_request", "webhook_dependency"]


async def verify_request(
    secret: Verifier,
    request: Request,
    *,
    tolerance: Tolerance = 300,
    now: Optional[Instant] = None,
    guard: Optional[ReplayGuard] = None,
) -> WebhookEvent:
    """Verify a Starlette/FastAPI request from ``await request.body()``.

    Starlette caches the body, so the endpoint can still ``await
    request.json()`` afterwards. With a ``guard``, a delivery of an id already
    committed raises :class:`~replicate_webhooks.ReplayedError` (answer it
    200); call ``guard.commit(event)`` once the webhook is processed.
    """
    req: Any = request
    body = await req.body()
    # The raw (bytes, bytes) pairs: no decoding of headers we do not look at.
    event = _verify_event(_as_webhook(secret, tolerance), body, req.headers.raw, now)
    return check_with(guard, event, now)


@overload
def webhook_dependency(
    secret: Verifier,
    *,
    tolerance: Tolerance = 300,
    guard: None = None,
) -> Callable[[Request], Awaitable[WebhookEvent]]: ...


@overload
def webhook_dependency(
    secret: Verifier,
    *,
    tolerance: Tolerance = 300,
    guard: ReplayGuard,
) -> Callable[[Request], AsyncIterator[WebhookEvent]]: ...


def webhook_dependency(
    secret: Verifier,
    *,
    tolerance: Tolerance = 300,
    guard: Optional[ReplayGuard] = None,
) -> Union[Callable[[Request], Awaitable[WebhookEvent]], Callable[[Request], AsyncIterator[WebhookEvent]]]:
    """A FastAPI dependency that returns the verified event.

    The verifier is built once, here. Rejected webhooks become
    ``HTTPException``: 400 for a body that is not a Replicate payload, 401 for
    everything else (headers, timestamp, signature).

    With a ``guard`` (a :class:`~replicate_webhooks.ReplayGuard`), a delivery
    of an id already committed is answered ``200 {"detail": "replayed"}``
    without running the endpoint, and the id is committed once the endpoint
    returns without raising (raise, e.g. ``HTTPException(500)``, to have
    Replicate retry).
    """
    verifier = _as_webhook(secret, tolerance)
    guard = optional_guard(guard)

    async def verified(request: Request) -> WebhookEvent:
        try:
            return await verify_request(verifier, request)
        except (InvalidPayloadError, InvalidBodyError) as error:
            raise HTTPException(status_code=400, detail=error.code) from error
        except WebhookVerificationError as error:
            raise HTTPException(status_code=401, detail=error.code) from error

    if guard is None:
        return verified

    async def replicate_webhook(request: Request) -> AsyncIterator[WebhookEvent]:
        event = await verified(request)
        try:
            guard.check(event)
        except ReplayedError as error:
            # Already processed: acknowledge so Replicate stops sending it.
            raise HTTPException(status_code=200, detail=error.code) from error
        yield event
        # Reached only when the endpoint returned without raising.
        guard.commit(event)

    return replicate_webhook
