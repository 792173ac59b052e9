"""Django ``HttpRequest``.

.. code-block:: python

    from django.http import HttpResponse
    from django.views.decorators.csrf import csrf_exempt
    from django.views.decorators.http import require_POST
    from replicate_webhooks import ReplayedError, ReplayGuard, Webhook, WebhookVerificationError
    from replicate_webhooks.integrations.django import verify_request

    webhook = Webhook(settings.REPLICATE_WEBHOOK_SECRET)
    guard = ReplayGuard()  # optional

    @csrf_exempt
    @require_POST
    def replicate_webhook(request):
        try:
            event = verify_request(webhook, request, guard=guard)
        except ReplayedError:
            return HttpResponse(status=200)  # already processed: acknowledge, do not redo
        except WebhookVerificationError:
            return HttpResponse(status=401)
        ...  # an exception here is a 500: nothing committed, Replicate retries
        guard.commit(event)
        return HttpResponse(status=204)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..errors import InvalidBodyError
from ..models import WebhookEvent
from ..replay import ReplayGuard, check_with
from ..webhook import Instant, Tolerance, Verifier, _as_webhook, _verify_event

if TYPE_CHECKING:
    from django.http import HttpRequest

__all__ = ["verify_request"]


def verify_request(
    secret: Verifier,
    request: "HttpRequest",
    *,
    tolerance: Tolerance = 300,
    now: Optional[Instant] = None,
    guard: Optional[ReplayGuard] = None,
) -> WebhookEvent:
    """Verify a Django request from its raw ``request.body``.

    Call it before anything reads ``request.POST`` or the stream (Django then
    refuses to give the raw body; that is raised as
    :class:`~replicate_webhooks.InvalidBodyError`, as is a body over
    ``DATA_UPLOAD_MAX_MEMORY_SIZE``). Exempt the view from CSRF: Replicate
    cannot send your CSRF token.

    With a ``guard``, a delivery of an id already committed raises
    :class:`~replicate_webhooks.ReplayedError` (catch it *before*
    ``WebhookVerificationError`` and answer 200); call ``guard.commit(event)``
    once the webhook is processed.
    """
    from django.core.exceptions import RequestDataTooBig
    from django.http.request import RawPostDataException

    req: Any = request
    try:
        body = req.body
    except RawPostDataException as error:
        raise InvalidBodyError(
            "Django cannot give the raw body any more (request.POST or the stream was "
            "read first); call verify_request before touching request.POST",
            "invalid_body",
        ) from error
    except RequestDataTooBig as error:
        raise InvalidBodyError(
            "the body is larger than settings.DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB by "
            "default); raise it for webhooks (training webhooks can be large)",
            "invalid_body",
        ) from error
    event = _verify_event(_as_webhook(secret, tolerance), body, req.headers, now)
    return check_with(guard, event, now)
