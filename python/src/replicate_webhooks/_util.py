"""Small helpers shared by the modules of the package."""

from __future__ import annotations

from typing import Tuple, Union

from .errors import InvalidHeaderError

# datetime ends with year 9999; the core accepts any u64 when the window check is off.
DATETIME_MAX = 253402300799


def is_instance(value: object, cls: Union[type, Tuple[type, ...]]) -> bool:
    """``isinstance`` that answers False for objects whose ``__class__`` raises."""
    try:
        return isinstance(value, cls)
    except Exception:
        return False


def datetime_seconds(seconds: int) -> int:
    """``seconds``, if a ``datetime`` can hold it (else ``invalid_timestamp``)."""
    if seconds > DATETIME_MAX:
        raise InvalidHeaderError(
            f"webhook-timestamp {seconds} is beyond the range of datetime",
            "invalid_timestamp",
        )
    return seconds
