"""Streaming verification: hash the body as it arrives, in constant memory.

The core checks the headers first (before a byte of the body is read), then
hashes each chunk (chunks of 64 KiB and more with the GIL released), then
compares the signatures. This module only pulls the chunks out of whatever
holds them: a file-like object (``read(n)``), an iterable of chunks, or, in
:func:`verify_stream_async`, an async iterable such as Starlette's
``request.stream()`` or an object with an async ``read(n)``.
"""

from __future__ import annotations

from typing import Any, AsyncIterable, Callable, Iterable, Iterator, Optional, Protocol, Union

from . import _native
from ._util import datetime_seconds, is_instance
from .errors import InvalidArgumentError, InvalidBodyError, WebhookVerificationError
from .models import Verified

__all__ = ["StreamingVerifier", "DEFAULT_CHUNK_SIZE", "Chunk", "Source", "AsyncSource"]

#: How much ``verify_stream`` asks a file-like object for at a time. Chunks this
#: size are hashed with the GIL released.
DEFAULT_CHUNK_SIZE = 64 * 1024
_MAX_CHUNK_SIZE = 1 << 30

Chunk = Union[bytes, bytearray, memoryview, str]


class SupportsRead(Protocol):
    """A file-like object: ``read(n)`` returns up to ``n`` bytes, empty at the end."""

    def read(self, __size: int) -> Any: ...


Source = Union[Chunk, SupportsRead, Iterable[Chunk]]
"""What :meth:`Webhook.verify_stream` reads: a file-like object, an iterable of
chunks, or the whole body at once."""

AsyncSource = Union[Source, AsyncIterable[Chunk]]
"""What :meth:`Webhook.verify_stream_async` also reads: an async iterable of
chunks (``request.stream()``) or an object whose ``read(n)`` is a coroutine."""

_WHOLE = (bytes, bytearray, memoryview, str)


class StreamingVerifier(_native.StreamingVerifier):
    """Verification in progress, from :meth:`Webhook.begin`.

    The headers were checked when it was made. Feed the raw body with
    :meth:`update`, in any number of chunks, then call :meth:`finish`. Memory
    use does not depend on the body size.
    """

    __slots__ = ()

    def finish(self) -> Verified:
        """Compare the signatures over everything fed; the verifier is spent afterwards.

        Raises :class:`~replicate_webhooks.InvalidSignatureError` if none matches.
        """
        msg_id, seconds = self._finish()
        return Verified(msg_id, datetime_seconds(seconds))


def chunk_size_of(value: object) -> int:
    if is_instance(value, bool) or not is_instance(value, int) or not 1 <= value <= _MAX_CHUNK_SIZE:  # type: ignore[operator]
        raise InvalidArgumentError(
            f"chunk_size must be an int of bytes in [1, {_MAX_CHUNK_SIZE}]", "invalid_argument"
        )
    return value  # type: ignore[return-value]


def _foreign(what: str, error: Exception) -> WebhookVerificationError:
    """An exception from the caller's stream, as ``invalid_body`` (the original is the cause)."""
    if isinstance(error, WebhookVerificationError):
        return error
    ours = InvalidBodyError(f"{what} failed: {type(error).__name__}: {error}", "invalid_body")
    ours.__cause__ = error
    return ours


def _reader(body: object) -> Optional[Callable[[int], Any]]:
    """``body.read``, if it has one that can be called."""
    try:
        read = getattr(body, "read", None)
    except Exception as error:
        raise _foreign("looking up body.read", error) from error
    return read if callable(read) else None


def _not_a_source(body: object, also: str = "") -> InvalidBodyError:
    if is_instance(body, dict):
        return InvalidBodyError(
            "the body is a dict, i.e. already-parsed JSON, which cannot be verified; pass the raw "
            "request stream: Django `request`, Flask `request.stream`, Starlette `request.stream()`",
            "invalid_body",
        )
    return InvalidBodyError(
        f"the body must be a file-like object with read(n), an iterable of bytes chunks{also}, or "
        f"bytes; got {type(body).__name__}. Pass the raw request stream: Django `request`, Flask "
        "`request.stream`, Starlette `request.stream()`",
        "invalid_body",
    )


def _end_of_read() -> InvalidBodyError:
    return InvalidBodyError(
        "read() returned None: a non-blocking stream with no data ready; pass a blocking "
        "file object (or use verify_stream_async)",
        "invalid_body",
    )


def verify_stream(
    webhook: _native.Webhook, headers: Any, body: Source, now: Any, chunk_size: Any
) -> Verified:
    size = chunk_size_of(chunk_size)
    stream = StreamingVerifier(webhook, headers, now=now)
    if is_instance(body, _WHOLE):
        stream.update(body)  # type: ignore[arg-type]
        return stream.finish()
    read = _reader(body)
    if read is not None:
        while True:
            try:
                chunk = read(size)
            except Exception as error:
                raise _foreign("body.read()", error) from error
            if chunk is None:
                raise _end_of_read()
            if stream.update(chunk) == 0:
                return stream.finish()
    if is_instance(body, dict):
        raise _not_a_source(body)
    try:
        iterator: Iterator[Any] = iter(body)  # type: ignore[arg-type]
    except TypeError:
        raise _not_a_source(body) from None
    except Exception as error:
        raise _foreign("iterating the body", error) from error
    while True:
        try:
            chunk = next(iterator)
        except StopIteration:
            return stream.finish()
        except Exception as error:
            raise _foreign("iterating the body", error) from error
        stream.update(chunk)


def _is_awaitable(value: object) -> bool:
    import inspect  # lazily: importing it costs more than the rest of the package

    try:
        return inspect.isawaitable(value)
    except Exception:
        return False


def _has_aiter(body: object) -> bool:
    try:
        return callable(getattr(type(body), "__aiter__", None))
    except Exception:
        return False


async def verify_stream_async(
    webhook: _native.Webhook, headers: Any, body: AsyncSource, now: Any, chunk_size: Any
) -> Verified:
    size = chunk_size_of(chunk_size)
    stream = StreamingVerifier(webhook, headers, now=now)
    if is_instance(body, _WHOLE):
        stream.update(body)  # type: ignore[arg-type]
        return stream.finish()
    read = _reader(body)
    if read is not None:
        while True:
            try:
                chunk = read(size)
                if _is_awaitable(chunk):
                    chunk = await chunk
            except Exception as error:
                raise _foreign("body.read()", error) from error
            if chunk is None:
                raise _end_of_read()
            if stream.update(chunk) == 0:
                return stream.finish()
    if _has_aiter(body):
        try:
            iterator = body.__aiter__()  # type: ignore[union-attr]
        except Exception as error:
            raise _foreign("iterating the body", error) from error
        while True:
            try:
                chunk = await iterator.__anext__()
            except StopAsyncIteration:
                return stream.finish()
            except Exception as error:
                raise _foreign("iterating the body", error) from error
            stream.update(chunk)
    if is_instance(body, dict):
        raise _not_a_source(body)
    try:
        sync_iterator: Iterator[Any] = iter(body)  # type: ignore[arg-type]
    except TypeError:
        raise _not_a_source(body, ", an async iterable of them") from None
    except Exception as error:
        raise _foreign("iterating the body", error) from error
    while True:
        try:
            chunk = next(sync_iterator)
        except StopIteration:
            return stream.finish()
        except Exception as error:
            raise _foreign("iterating the body", error) from error
        stream.update(chunk)
