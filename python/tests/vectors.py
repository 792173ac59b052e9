"""Loads the shared test vectors (tests/vectors/*.json at the repo root)."""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

VECTOR_DIR = Path(
    os.environ.get("REPLICATE_WEBHOOKS_VECTORS", Path(__file__).resolve().parents[2] / "tests" / "vectors")
)

_MISSING = object()


@dataclass(frozen=True)
class Case:
    file: str
    raw: Dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.raw["id"])

    @property
    def mode(self) -> str:
        return str(self.raw["mode"])

    @property
    def secrets(self) -> List[str]:
        return list(self.raw.get("secrets", []))

    @property
    def headers(self) -> List[Tuple[str, str]]:
        return [(name, value) for name, value in self.raw.get("headers", [])]

    @property
    def now(self) -> int:
        return int(self.raw["now"])

    @property
    def tolerance_kwargs(self) -> Dict[str, Any]:
        """``{}`` when the case uses the default, else ``{"tolerance": n | None}``."""
        if "tolerance" in self.raw:
            return {"tolerance": self.raw["tolerance"]}
        return {}

    @property
    def body(self) -> bytes:
        if "body" in self.raw:
            return str(self.raw["body"]).encode("utf-8")
        if "body_base64" in self.raw:
            return base64.b64decode(self.raw["body_base64"], validate=True)
        repeat = self.raw["body_repeat"]
        return (str(repeat["text"]) * int(repeat["count"])).encode("utf-8")

    @property
    def text_body(self) -> Optional[str]:
        try:
            return self.body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    @property
    def ok(self) -> bool:
        return bool(self.raw["expected"]["ok"])

    @property
    def code(self) -> str:
        return str(self.raw["expected"]["code"])

    @property
    def expected(self) -> Dict[str, Any]:
        return dict(self.raw["expected"])

    def header_dict(self) -> Optional[Dict[str, str]]:
        """The headers as a dict, when that loses nothing (no repeated names)."""
        names = [name.lower() for name, _ in self.headers]
        if len(set(names)) != len(names):
            return None
        return dict(self.headers)


def load_cases() -> List[Case]:
    files = sorted(p for p in VECTOR_DIR.glob("*.json") if p.name != "schema.json")
    if not files:
        raise AssertionError(f"no vector files in {VECTOR_DIR}")
    cases: List[Case] = []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        file_cases = data.get("cases")
        if not isinstance(file_cases, list) or not file_cases:
            raise AssertionError(f"{path.name} has no cases")
        cases.extend(Case(path.name, raw) for raw in file_cases)
    return cases


CASES = load_cases()


def cases(*modes: str) -> List[Any]:
    import pytest

    return [pytest.param(case, id=case.id) for case in CASES if case.mode in modes]
