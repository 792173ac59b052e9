"""Fetching your account's webhook signing secret from the Replicate API."""

from __future__ import annotations

import hashlib
import json
import threading
import urllib.error
import urllib.request
from typing import Dict, Tuple

from . import _native
from ._util import is_instance as _is_instance
from .errors import InvalidArgumentError

__all__ = ["get_webhook_secret", "SecretFetchError", "DEFAULT_BASE_URL"]

DEFAULT_BASE_URL = "https://api.replicate.com"

_cache: Dict[Tuple[bytes, str], str] = {}
_lock = threading.Lock()


class SecretFetchError(RuntimeError):
    """``GET /v1/webhooks/default/secret`` failed (network, HTTP status, or body).

    ``status`` is the HTTP status code, or ``None`` when no response came back.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def get_webhook_secret(
    token: str,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 10.0,
    refresh: bool = False,
) -> str:
    """Your default webhook signing secret (``whsec_…``), fetched once per token.

    Calls ``GET {base_url}/v1/webhooks/default/secret`` with the API token
    (stdlib ``urllib`` only) and caches the answer for the life of the process,
    keyed by a hash of the token, so calling it per request is cheap. Pass
    ``refresh=True`` after rotating the secret.

    Raises :class:`SecretFetchError` if the request fails and
    :class:`~replicate_webhooks.InvalidSecretError` if the answer is not a
    usable secret.
    """
    if not _is_instance(token, str) or not token:
        raise InvalidArgumentError("token must be a non-empty str (your REPLICATE_API_TOKEN)")
    if not _is_instance(base_url, str) or not base_url.startswith(("https://", "http://")):
        raise InvalidArgumentError("base_url must be an http(s) URL")
    if not _is_instance(timeout, (int, float)) or _is_instance(timeout, bool) or not 0 < timeout <= 86400:
        raise InvalidArgumentError("timeout must be a number of seconds in (0, 86400]")
    try:
        token.encode("ascii")
    except UnicodeEncodeError:
        raise InvalidArgumentError("token must be ASCII") from None
    key = (hashlib.sha256(token.encode("ascii")).digest(), base_url)
    if not refresh:
        with _lock:
            cached = _cache.get(key)
        if cached is not None:
            return cached
    secret = _fetch(token, base_url.rstrip("/") + "/v1/webhooks/default/secret", timeout)
    # Reject garbage before it is cached (raises InvalidSecretError).
    _native.Webhook(secret)
    with _lock:
        _cache[key] = secret
    return secret


def _fetch(token: str, url: str, timeout: float) -> str:
    request = urllib.request.Request(
        url,
        headers={
            "Authorization": f"Bearer {token}",
            "Accept": "application/json",
            "User-Agent": f"replicate-webhooks-python/{_native.__version__}",
        },
        method="GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        raise SecretFetchError(f"GET {url} answered HTTP {error.code}", status=error.code) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise SecretFetchError(f"GET {url} failed: {error}") from error
    try:
        secret = json.loads(body)["key"]
    except (ValueError, KeyError, TypeError):
        raise SecretFetchError(f'GET {url} did not return {{"key": ...}}') from None
    if not isinstance(secret, str):
        raise SecretFetchError(f"GET {url} returned a non-string key")
    return secret
