"""Flask (and any Werkzeug ``Request``).

.. code-block:: python

    from flask import Flask, abort, request
    from replicate_webhooks import Webhook, WebhookVerificationError
    from replicate_webhooks.integrations.flask import verify_request

    app = Flask(__name__)
    webhook = Webhook(os.environ["REPLICATE_WEBHOOK_SECRET"])

    @app.post("/webhooks/replicate")
    def replicate_webhook():
        try:
            event = verify_request(webhook)
        except WebhookVerificationError:
            abort(401)
        ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from ..models import WebhookEvent
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
) -> WebhookEvent:
    """Verify the current Flask request (or the given Werkzeug request).

    Reads the raw body with ``get_data(parse_form_data=False)`` — it stays
    cached, so the view can still call ``request.get_json()`` — and returns the
    verified :class:`~replicate_webhooks.WebhookEvent`, or raises a
    :class:`~replicate_webhooks.WebhookVerificationError`.
    """
    if request is None:
        from flask import request as current

        request = current
    req: Any = request
    body = req.get_data(cache=True, as_text=False, parse_form_data=False)
    return _verify_event(_as_webhook(secret, tolerance), body, req.headers, now)
