"""Vectors that survive a trip through an HTTP framework, and the expected answer.

HTTP itself cannot carry some vector headers verbatim: WSGI servers fold `-`
and `_` together (HTTP_WEBHOOK_ID) and merge repeated names, and header values
lose leading/trailing whitespace and must be ASCII-safe. Those cases stay in
the direct API tests (test_vectors.py); every other verify case also runs
through each framework helper here.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from vectors import CASES, Case

TOKEN = re.compile(r"^[A-Za-z0-9!#$%&'*+.^`|~-]+$")
DATETIME_MAX = 253402300799


def representable(case: Case, *, wsgi: bool) -> bool:
    names = [name.lower() for name, _ in case.headers]
    if wsgi and (len(set(n.replace("_", "-") for n in names)) != len(names) or any("_" in n for n in names)):
        return False
    for name, value in case.headers:
        if (
            not TOKEN.match(name)
            or not value.isascii()
            or value != value.strip(" \t")
            or not value.isprintable()
        ):
            return False
        if value == "" and wsgi:
            return False
    return True


def framework_cases(*, wsgi: bool) -> List[Any]:
    import pytest

    return [
        pytest.param(case, id=case.id)
        for case in CASES
        if case.mode in ("verify", "verify_and_parse") and representable(case, wsgi=wsgi)
    ]


def answer(event: Any = None, code: str = "") -> Dict[str, Any]:
    """What the test apps send back, so the three frameworks share one check."""
    if code:
        return {"ok": False, "code": code}
    payload = event.payload
    return {
        "ok": True,
        "id": event.id,
        "payload": {
            "kind": payload.kind.value,
            "id": payload.id,
            "status": payload.status.value,
            "is_terminal": payload.is_terminal,
        },
    }


def check_answer(case: Case, got: Dict[str, Any]) -> None:
    """Same contract as the event API in test_vectors.py."""
    if not case.ok:
        assert got == {"ok": False, "code": case.code}
    elif case.mode == "verify_and_parse":
        assert got["ok"] is True, got
        assert got["payload"] == case.expected["payload"]
    elif not got["ok"]:
        timestamps = [v for n, v in case.headers if n.lower() in ("webhook-timestamp", "svix-timestamp")]
        allowed = {"invalid_payload"}
        if timestamps and timestamps[0].isdigit() and int(timestamps[0]) > DATETIME_MAX:
            allowed.add("invalid_timestamp")
        assert got["code"] in allowed, got


def secret_arg(case: Case) -> Any:
    return case.secrets[0] if len(case.secrets) == 1 else case.secrets
