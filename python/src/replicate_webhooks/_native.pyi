# Stubs for the native module (bindings/python). Checked with mypy's stubtest.
from datetime import datetime, timedelta
from typing import Any, Dict, Final, Mapping, Optional, Sequence, Tuple, Union

from typing_extensions import disjoint_base

from .replay import ReplayStore

_Secrets = Union[str, bytes, Sequence[Union[str, bytes]]]
_Body = Union[bytes, str, bytearray, memoryview]
_Headers = Union[Mapping[Any, Any], Sequence[Tuple[Any, Any]], Any]
_Instant = Union[int, float, datetime]

__all__ = [
    "Webhook",
    "StreamingVerifier",
    "ReplayGuard",
    "_parse_payload",
    "_family_of",
    "ERROR_CODES",
    "DEFAULT_TOLERANCE_SECONDS",
    "__version__",
]

ERROR_CODES: Final[Tuple[str, ...]]
DEFAULT_TOLERANCE_SECONDS: Final[int]
__version__: Final[str]

@disjoint_base
class Webhook:
    def __new__(cls, whsecret: _Secrets, *, tolerance: Optional[Union[int, timedelta]] = 300) -> Webhook: ...
    def verify(
        self,
        data: _Body,
        headers: _Headers,
        *,
        json_parse: bool = True,
        now: Optional[_Instant] = None,
    ) -> Any: ...
    def _verify_event(
        self, data: _Body, headers: _Headers, now: Optional[_Instant] = None
    ) -> Tuple[str, int, str, str, bool, Dict[str, Any]]: ...
    def sign(self, msg_id: str, timestamp: _Instant, data: _Body) -> str: ...
    def sign_headers(
        self,
        data: _Body,
        *,
        id: Optional[str] = None,
        timestamp: Optional[_Instant] = None,
    ) -> Dict[str, str]: ...
    @property
    def tolerance(self) -> Optional[int]: ...
    @property
    def secret_count(self) -> int: ...

@disjoint_base
class StreamingVerifier:
    def __new__(
        cls, webhook: Webhook, headers: _Headers, *, now: Optional[_Instant] = None
    ) -> StreamingVerifier: ...
    def update(self, chunk: _Body) -> int: ...
    def _finish(self) -> Tuple[str, int]: ...
    @property
    def finished(self) -> bool: ...

@disjoint_base
class ReplayGuard:
    def __new__(
        cls, store: Optional[ReplayStore] = None, *, tolerance: Union[int, timedelta] = 300
    ) -> ReplayGuard: ...
    def _check(self, id: str, timestamp: int, now: Optional[_Instant] = None) -> None: ...
    def _commit(self, id: str, timestamp: int, now: Optional[_Instant] = None) -> None: ...
    @property
    def tolerance(self) -> int: ...
    @property
    def store(self) -> Optional[ReplayStore]: ...

def _parse_payload(body: _Body) -> Tuple[str, str, bool, Dict[str, Any]]: ...
def _family_of(code: str) -> Optional[type]: ...
