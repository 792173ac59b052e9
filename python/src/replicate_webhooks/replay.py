"""Replay protection beyond the timestamp window, keyed by ``webhook-id``.

Replicate re-sends the **same** ``webhook-id`` after a failed delivery, so an id
must be remembered only once the handler *succeeded*: :meth:`ReplayGuard.check`
→ process → :meth:`ReplayGuard.commit` (or :meth:`ReplayGuard.processing` /
:meth:`ReplayGuard.handler`, which commit only on success). A delivery of a
committed id raises :class:`~replicate_webhooks.ReplayedError`: answer it 2xx
and do not process it again. The rules are the Rust core's
(``replicate_webhooks::replay``): an id is remembered until its timestamp +
tolerance + 1 s, after which the timestamp check rejects it anyway.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional, Protocol, Tuple, TypeVar, Union, cast

from . import _native
from ._util import is_instance
from .errors import InvalidArgumentError
from .models import Verified, WebhookEvent
from .webhook import Instant

__all__ = ["ReplayGuard", "ReplayStore", "Delivery"]

Delivery = Union[WebhookEvent, Verified]
"""A verified delivery: what :meth:`Webhook.verify_event` or :meth:`Webhook.verify_stream` returned."""

D = TypeVar("D", WebhookEvent, Verified)
F = TypeVar("F", bound=Callable[..., Any])


class ReplayStore(Protocol):
    """Where a :class:`ReplayGuard` remembers committed ids (Redis, a database, …).

    Both methods are called with the GIL held, from any thread; make them safe
    for that (Redis commands are). Their exceptions propagate unchanged, so a
    store outage fails the request and Replicate retries it.
    """

    def is_committed(self, id: str) -> bool:
        """Whether ``id`` was committed and has not expired."""
        ...

    def commit(self, id: str, ttl_seconds: int) -> None:
        """Remember ``id`` for ``ttl_seconds`` (always ≥ 1)."""
        ...


def _delivery(event: object, method: str) -> Tuple[str, int]:
    if not is_instance(event, (WebhookEvent, Verified)):
        raise InvalidArgumentError(
            f"ReplayGuard.{method}() takes the verified event (a WebhookEvent or Verified), got "
            f"{type(event).__name__}: only ids that passed verification may be remembered",
            "invalid_argument",
        )
    verified = cast(Delivery, event)
    return verified.id, verified.unix_timestamp


class ReplayGuard(_native.ReplayGuard):
    """Flags deliveries of a webhook id that was already processed successfully.

    ``store``: ``None`` for the built-in in-memory store (thread-safe, per
    process, entries expire with the window), or any :class:`ReplayStore`.
    ``tolerance``: the verifier's window in seconds or a ``timedelta`` (default
    300; use the same as your :class:`Webhook`).

    Two deliveries of one id that are processed *at the same time* both pass
    :meth:`check`; keep your side effects idempotent (key them on ``event.id``)
    if that matters to you.
    """

    __slots__ = ()

    def check(self, event: Delivery, *, now: Optional[Instant] = None) -> None:
        """Raise :class:`~replicate_webhooks.ReplayedError` if this id was committed."""
        msg_id, seconds = _delivery(event, "check")
        self._check(msg_id, seconds, now)

    def commit(self, event: Delivery, *, now: Optional[Instant] = None) -> None:
        """Remember this id as processed. Call it only after the handler succeeded."""
        msg_id, seconds = _delivery(event, "commit")
        self._commit(msg_id, seconds, now)

    @contextmanager
    def processing(self, event: D, *, now: Optional[Instant] = None) -> Iterator[D]:
        """``with guard.processing(event):`` — check on entry, commit only if the block succeeds.

        Raises :class:`~replicate_webhooks.ReplayedError` on entry for a
        duplicate; an exception in the block propagates and commits nothing.
        """
        self.check(event, now=now)
        yield event
        self.commit(event, now=now)

    def handler(self, function: F) -> F:
        """Decorate a handler whose first argument is the verified event.

        The wrapped handler checks first (raising ``ReplayedError`` for a
        duplicate), runs, and commits only if it returned without raising.
        Works for ``async def`` handlers too.
        """
        import inspect  # lazily: importing it costs more than the rest of the package

        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def run_async(event: Delivery, *args: Any, **kwargs: Any) -> Any:
                self.check(event)
                result = await function(event, *args, **kwargs)
                self.commit(event)
                return result

            return cast(F, run_async)

        @functools.wraps(function)
        def run(event: Delivery, *args: Any, **kwargs: Any) -> Any:
            self.check(event)
            result = function(event, *args, **kwargs)
            self.commit(event)
            return result

        return cast(F, run)


def optional_guard(guard: object) -> Optional[ReplayGuard]:
    """The ``guard=`` argument of the framework helpers: a :class:`ReplayGuard` or ``None``."""
    if guard is not None and not is_instance(guard, ReplayGuard):
        raise InvalidArgumentError(
            f"guard must be a replicate_webhooks.ReplayGuard or None, got {type(guard).__name__}",
            "invalid_argument",
        )
    return cast(Optional[ReplayGuard], guard)


def check_with(guard: object, event: D, now: Optional[Instant] = None) -> D:
    """For the framework helpers: ``guard.check(event)`` when a guard is given."""
    checked = optional_guard(guard)
    if checked is not None:
        checked.check(event, now=now)
    return event
