"""Flask (and any Werkzeug ``Request``).

.. code-block:: python

    from flask import Flask, abort, request
    from replicate_webhooks import ReplayedError, ReplayGuard, Webhook, WebhookVerificationError
    from replicate_webhooks.integrations.flask import verify_request

    app = Flask(__name__)
    webhook = Webhook(os.environ["REPLICATE_WEBHOOK_SECRET"])
    guard = ReplayGuard()  # optional

    @app.post("/webhooks/replicate")
    def replicate_webhook():
        try:
            event = verify_request(webhook, guard=guard)
        except ReplayedError:
            return "", 200  # already processed: acknowledge, do not redo
        except WebhookVerificationError:
            abort(401)
        ...  # an exception here is a 500: nothing committed, Replicate retries
        guard.commit(event)
        return "", 204
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..models import WebhookEvent
from ..replay import ReplayGuard, check_with
from ..webhook import Instant, Tolerance, Verifier, _as_webhook, _verify_event

if TYPE_CHECKING:
    from werkzeug.wrappers import Request

__all__ = ["verify_request"]


def verify_request(
    secret: Verifier,
    request: Optional["Request"] = None,
    *,
    tolerance: Tolerance = 300,
    now: Optional[Instant] = None,
    guard: Optional[ReplayGuard] = None,
) -> WebhookEvent:
    """Verify the current Flask request (or the given Werkzeug request).

    Reads the raw body with ``get_data(parse_form_data=False)`` — it stays
    cached, so the view can still call ``request.get_json()`` — and returns the
    verified :class:`~replicate_webhooks.WebhookEvent`, or raises a
    :class:`~replicate_webhooks.WebhookVerificationError`.

    With a ``guard``, a delivery of an id already committed raises
    :class:`~replicate_webhooks.ReplayedError` (catch it *before*
    ``WebhookVerificationError`` and answer 200); call ``guard.commit(event)``
    once the webhook is processed.
    """
    if request is None:
        from flask import request as current

        request = current
    req: Any = request
    body = req.get_data(cache=True, as_text=False, parse_form_data=False)
    event = _verify_event(_as_webhook(secret, tolerance), body, req.headers, now)
    return check_with(guard, event, now)
