"""Framework helpers: read the raw body the right way, verify, return the event.

Each helper is in its own module so importing one framework never imports
another:

- :mod:`replicate_webhooks.integrations.flask` — Flask / any Werkzeug request
- :mod:`replicate_webhooks.integrations.django` — Django ``HttpRequest``
- :mod:`replicate_webhooks.integrations.starlette` — Starlette / FastAPI
  ``Request`` (async) and a FastAPI dependency

:func:`get_webhook_secret` fetches (and caches) your account's secret.
"""

from ..secret import SecretFetchError, get_webhook_secret

__all__ = ["get_webhook_secret", "SecretFetchError"]
