"""The README's Python examples run, and the framework ones answer real test requests."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest

import replicate_webhooks as rw

README = Path(__file__).resolve().parents[1] / "README.md"
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BLOCKS: List[str] = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
BODY = json.dumps({"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "succeeded"}).encode()


def run(block: str, monkeypatch: pytest.MonkeyPatch) -> Dict[str, Any]:
    monkeypatch.setenv("REPLICATE_WEBHOOK_SECRET", SECRET)
    namespace: Dict[str, Any] = {"__name__": "readme_example"}
    exec(compile(block, str(README), "exec"), namespace)
    return namespace


def test_readme_has_examples() -> None:
    assert len(BLOCKS) >= 12


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block(index: int, monkeypatch: pytest.MonkeyPatch) -> None:
    block = BLOCKS[index]
    if "django" in block:
        import test_integrations_django  # noqa: F401  (configures settings)
        from django.conf import settings
        from django.test import RequestFactory

        monkeypatch.setattr(settings, "REPLICATE_WEBHOOK_SECRET", SECRET, raising=False)
        namespace = run(block, monkeypatch)
        view = namespace["replicate_webhook"]
        factory = RequestFactory()
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in rw.sign_webhook(SECRET, BODY).items()}
        good = factory.post("/", data=BODY, content_type="application/json", **headers)
        assert view(good).status_code == 204
        if "ReplayGuard" in block:
            again = factory.post("/", data=BODY, content_type="application/json", **headers)
            assert view(again).status_code == 200
        bad = factory.post("/", data=BODY + b" ", content_type="application/json", **headers)
        assert view(bad).status_code == 401
        return
    namespace = run(block, monkeypatch)
    app = namespace.get("app")
    if app is None:
        return
    headers = rw.sign_webhook(SECRET, BODY)
    if "flask" in block:
        client = app.test_client()
        assert client.post("/webhooks/replicate", data=BODY, headers=headers).status_code == 204
        if "ReplayGuard" in block:
            assert client.post("/webhooks/replicate", data=BODY, headers=headers).status_code == 200
        assert client.post("/webhooks/replicate", data=BODY + b" ", headers=headers).status_code == 401
    else:
        from starlette.testclient import TestClient

        with TestClient(app) as client:
            response = client.post("/webhooks/replicate", content=BODY, headers=headers)
            assert response.json()["received"] == headers["webhook-id"]
            if "ReplayGuard" in block:
                again = client.post("/webhooks/replicate", content=BODY, headers=headers)
                assert (again.status_code, again.json()) == (200, {"detail": "replayed"})
            assert client.post("/webhooks/replicate", content=b"{}", headers=headers).status_code == 401
