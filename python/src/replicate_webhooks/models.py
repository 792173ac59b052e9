"""Typed webhook payloads: :class:`Prediction`, :class:`Training`, :class:`WebhookEvent`.

The core (Rust) decides whether a body is a valid payload, which kind it is,
its status and whether that status is terminal; these classes only expose the
already-validated JSON object as read-only attributes, computed when read (so
an event you only route on ``status`` costs no more than its ``raw`` dict).
Every attribute except ``id`` and ``status`` may be ``None``: real webhooks are
looser than the API schema (a ``starting`` webhook has no ``output`` yet).
"""

from __future__ import annotations

import enum
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Union

__all__ = [
    "Status",
    "Kind",
    "Metrics",
    "Urls",
    "TrainingOutput",
    "Prediction",
    "Training",
    "Payload",
    "WebhookEvent",
    "Verified",
]


class Status(str, enum.Enum):
    """Lifecycle status. A ``str``, so ``status == "succeeded"`` works.

    Open-ended: a status newer than this library (Replicate added ``aborted``
    in 2025) becomes a member-like value with the text kept, instead of an error.
    """

    STARTING = "starting"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"
    ABORTED = "aborted"

    @classmethod
    def _missing_(cls, value: object) -> Optional[Status]:
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    def __str__(self) -> str:
        return str(self.value)


_STATUSES: Dict[str, Status] = {member.value: member for member in Status}


class Kind(str, enum.Enum):
    """Which object a webhook carries (inferred by the core from ``urls.get`` etc.)."""

    PREDICTION = "prediction"
    TRAINING = "training"

    def __str__(self) -> str:
        return str(self.value)


def _opt_float(value: Any) -> Optional[float]:
    return None if value is None else float(value)


class _View:
    """A read-only view of one JSON object (``raw``)."""

    __slots__ = ("raw",)
    raw: Dict[str, Any]

    def __init__(self, raw: Dict[str, Any]) -> None:
        object.__setattr__(self, "raw", raw)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.raw == other.raw

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.raw!r})"

    def __reduce__(self) -> Any:
        return (type(self), (self.raw,))


class Metrics(_View):
    """Timing and usage figures; every key, named or not, is in ``raw``."""

    __slots__ = ()

    @property
    def predict_time(self) -> Optional[float]:
        """Seconds the model ran (excludes queueing and boot)."""
        return _opt_float(self.raw.get("predict_time"))

    @property
    def total_time(self) -> Optional[float]:
        """Seconds from creation to completion."""
        return _opt_float(self.raw.get("total_time"))

    @property
    def input_token_count(self) -> Optional[int]:
        return self.raw.get("input_token_count")

    @property
    def output_token_count(self) -> Optional[int]:
        return self.raw.get("output_token_count")

    @property
    def time_to_first_token(self) -> Optional[float]:
        return _opt_float(self.raw.get("time_to_first_token"))

    @property
    def tokens_per_second(self) -> Optional[float]:
        return _opt_float(self.raw.get("tokens_per_second"))


class Urls(_View):
    """API links; ``get`` tells predictions (``/v1/predictions/``) from trainings."""

    __slots__ = ()

    @property
    def get(self) -> Optional[str]:
        return self.raw.get("get")

    @property
    def cancel(self) -> Optional[str]:
        return self.raw.get("cancel")

    @property
    def web(self) -> Optional[str]:
        return self.raw.get("web")

    @property
    def stream(self) -> Optional[str]:
        return self.raw.get("stream")


class TrainingOutput(_View):
    """What a succeeded training produced."""

    __slots__ = ()

    @property
    def version(self) -> Optional[str]:
        """The new model version id."""
        return self.raw.get("version")

    @property
    def weights(self) -> Optional[str]:
        """URL of the trained weights."""
        return self.raw.get("weights")


def _object(value: Any, view: Any) -> Any:
    return view(value) if isinstance(value, dict) else None


class _Object(_View):
    """Fields shared by predictions and trainings."""

    __slots__ = ("status", "is_terminal")
    status: Status
    """Lifecycle status (an open ``str`` enum)."""
    is_terminal: bool
    """True for succeeded, failed, canceled and aborted: no further webhook follows."""

    def __init__(self, raw: Dict[str, Any], status: str, is_terminal: bool) -> None:
        super().__init__(raw)
        object.__setattr__(self, "status", _STATUSES.get(status) or Status(status))
        object.__setattr__(self, "is_terminal", is_terminal)

    def __reduce__(self) -> Any:
        return (type(self), (self.raw, self.status.value, self.is_terminal))

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(id={self.id!r}, status={self.status.value!r}, is_terminal={self.is_terminal})"

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def model(self) -> Optional[str]:
        """``owner/name``."""
        return self.raw.get("model")

    @property
    def version(self) -> Optional[str]:
        """Version id, or ``"hidden"`` for official models (trainings: the base version)."""
        return self.raw.get("version")

    @property
    def input(self) -> Optional[Any]:
        return self.raw.get("input")

    @property
    def error(self) -> Optional[str]:
        """The error message when ``status`` is ``failed``."""
        return self.raw.get("error")

    @property
    def logs(self) -> Optional[str]:
        return self.raw.get("logs")

    @property
    def metrics(self) -> Optional[Metrics]:
        return _object(self.raw.get("metrics"), Metrics)  # type: ignore[no-any-return]

    @property
    def created_at(self) -> Optional[str]:
        """RFC 3339 text, as sent."""
        return self.raw.get("created_at")

    @property
    def started_at(self) -> Optional[str]:
        return self.raw.get("started_at")

    @property
    def completed_at(self) -> Optional[str]:
        return self.raw.get("completed_at")

    @property
    def urls(self) -> Optional[Urls]:
        return _object(self.raw.get("urls"), Urls)  # type: ignore[no-any-return]

    @property
    def source(self) -> Optional[str]:
        """``web`` or ``api``."""
        return self.raw.get("source")

    @property
    def webhook(self) -> Optional[str]:
        return self.raw.get("webhook")

    @property
    def webhook_events_filter(self) -> Optional[List[str]]:
        return self.raw.get("webhook_events_filter")


class Prediction(_Object):
    """A prediction webhook body (the ``GET /v1/predictions/{id}`` object)."""

    __slots__ = ()

    @property
    def kind(self) -> Kind:
        return Kind.PREDICTION

    @property
    def output(self) -> Optional[Any]:
        """Any JSON: text, a list of URLs, an object; ``None`` until there is output."""
        return self.raw.get("output")

    @property
    def deadline(self) -> Optional[str]:
        return self.raw.get("deadline")

    @property
    def deployment(self) -> Optional[str]:
        return self.raw.get("deployment")

    @property
    def data_removed(self) -> Optional[bool]:
        return self.raw.get("data_removed")


class Training(_Object):
    """A training webhook body (the ``GET /v1/trainings/{id}`` object)."""

    __slots__ = ()

    @property
    def kind(self) -> Kind:
        return Kind.TRAINING

    @property
    def destination(self) -> Optional[str]:
        """``owner/name`` of the model the new version goes to."""
        return self.raw.get("destination")

    @property
    def output(self) -> Optional[TrainingOutput]:
        return _object(self.raw.get("output"), TrainingOutput)  # type: ignore[no-any-return]


Payload = Union[Prediction, Training]
"""A parsed webhook body."""


def _payload(kind: str, status: str, is_terminal: bool, raw: Dict[str, Any]) -> Payload:
    # The core accepted the body, so `raw` is a JSON object with string id/status.
    if kind == "training":
        return Training(raw, status, is_terminal)
    return Prediction(raw, status, is_terminal)


class WebhookEvent:
    """A verified webhook: its delivery id, signing time and typed payload."""

    __slots__ = ("id", "unix_timestamp", "payload")
    id: str
    """``webhook-id``: the same on every retry of one message. Use it to deduplicate."""
    unix_timestamp: int
    """``webhook-timestamp`` in seconds since the Unix epoch."""
    payload: Payload

    def __init__(self, id: str, unix_timestamp: int, payload: Payload) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "unix_timestamp", unix_timestamp)
        object.__setattr__(self, "payload", payload)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("WebhookEvent is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("WebhookEvent is read-only")

    @property
    def timestamp(self) -> datetime:
        """``webhook-timestamp`` as an aware UTC datetime."""
        return datetime.fromtimestamp(self.unix_timestamp, tz=timezone.utc)

    @property
    def kind(self) -> Kind:
        return self.payload.kind

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WebhookEvent):
            return NotImplemented
        return (self.id, self.unix_timestamp, self.payload) == (other.id, other.unix_timestamp, other.payload)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"WebhookEvent(id={self.id!r}, unix_timestamp={self.unix_timestamp}, payload={self.payload!r})"

    def __reduce__(self) -> Any:
        return (WebhookEvent, (self.id, self.unix_timestamp, self.payload))


class Verified:
    """What streaming verification vouches for: the delivery id and signing time.

    The body was hashed as it streamed, not kept, so there is no payload here;
    keep the chunks yourself if you need them (see the README).
    """

    __slots__ = ("id", "unix_timestamp")
    id: str
    """``webhook-id``: the same on every retry of one message. Use it to deduplicate."""
    unix_timestamp: int
    """``webhook-timestamp`` in seconds since the Unix epoch."""

    def __init__(self, id: str, unix_timestamp: int) -> None:
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "unix_timestamp", unix_timestamp)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Verified is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Verified is read-only")

    @property
    def timestamp(self) -> datetime:
        """``webhook-timestamp`` as an aware UTC datetime."""
        return datetime.fromtimestamp(self.unix_timestamp, tz=timezone.utc)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Verified):
            return NotImplemented
        return (self.id, self.unix_timestamp) == (other.id, other.unix_timestamp)

    def __hash__(self) -> int:
        return hash((self.id, self.unix_timestamp))

    def __repr__(self) -> str:
        return f"Verified(id={self.id!r}, unix_timestamp={self.unix_timestamp})"

    def __reduce__(self) -> Any:
        return (Verified, (self.id, self.unix_timestamp))
