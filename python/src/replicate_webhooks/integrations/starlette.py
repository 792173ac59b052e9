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
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Optional

from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..errors import InvalidBodyError, InvalidPayloadError, WebhookVerificationError
from ..models import WebhookEvent
from ..webhook import Instant, Tolerance, Verifier, _as_webhook, _verify_event

__all__ = ["verify_request", "webhook_dependency"]


async def verify_request(
    secret: Verifier,
    request: Request,
    *,
    tolerance: Tolerance = 300,
    now: Optional[Instant] = None,
) -> WebhookEvent:
    """Verify a Starlette/FastAPI request from ``await request.body()``.

    Starlette caches the body, so the endpoint can still ``await
    request.json()`` afterwards.
    """
    req: Any = request
    body = await req.body()
    # The raw (bytes, bytes) pairs: no decoding of headers we do not look at.
    return _verify_event(_as_webhook(secret, tolerance), body, req.headers.raw, now)


def webhook_dependency(
    secret: Verifier,
    *,
    tolerance: Tolerance = 300,
) -> Callable[[Request], Awaitable[WebhookEvent]]:
    """A FastAPI dependency that returns the verified event.

    The verifier is built once, here. Rejected webhooks become
    ``HTTPException``: 400 for a body that is not a Replicate payload, 401 for
    everything else (headers, timestamp, signature).
    """
    verifier = _as_webhook(secret, tolerance)

    async def replicate_webhook(request: Request) -> WebhookEvent:
        try:
            return await verify_request(verifier, request)
        except (InvalidPayloadError, InvalidBodyError) as error:
            raise HTTPException(status_code=400, detail=error.code) from error
        except WebhookVerificationError as error:
            raise HTTPException(status_code=401, detail=error.code) from error

    return replicate_webhook
