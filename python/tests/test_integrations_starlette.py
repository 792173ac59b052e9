"""replicate_webhooks.integrations.starlette with Starlette's and FastAPI's TestClient."""

from __future__ import annotations

import json
from typing import Annotated, Any, Dict, List

import pytest
from fastapi import Depends, FastAPI, HTTPException
from framework_cases import answer, check_answer, framework_cases, secret_arg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient
from vectors import Case

import replicate_webhooks as rw
from replicate_webhooks.integrations.starlette import verify_request, webhook_dependency

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
CURRENT: Dict[str, Any] = {}
WEBHOOK = rw.Webhook(SECRET)


async def vector(request: Request) -> JSONResponse:
    case: Case = CURRENT["case"]
    try:
        event = await verify_request(secret_arg(case), request, now=case.now, **case.tolerance_kwargs)
    except rw.WebhookVerificationError as error:
        return JSONResponse(answer(code=error.code), status_code=401)
    return JSONResponse(answer(event))


async def replicate_webhook(request: Request) -> JSONResponse:
    try:
        event = await verify_request(WEBHOOK, request)
    except rw.WebhookVerificationError as error:
        return JSONResponse({"error": error.code}, status_code=401)
    # Starlette caches the body: the endpoint can read it again.
    assert (await request.json())["id"] == event.payload.id
    return JSONResponse({"status": event.payload.status.value, "terminal": event.payload.is_terminal})


starlette_app = Starlette(
    routes=[
        Route("/vector", vector, methods=["POST"]),
        Route("/webhooks/replicate", replicate_webhook, methods=["POST"]),
    ]
)

fastapi_app = FastAPI()


ReplicateWebhook = Annotated[rw.WebhookEvent, Depends(webhook_dependency(SECRET))]


@fastapi_app.post("/webhooks/replicate")
async def receive(event: ReplicateWebhook) -> Dict[str, Any]:
    return {"status": event.payload.status.value, "terminal": event.payload.is_terminal, "id": event.id}


@pytest.fixture(scope="module")
def starlette_client() -> Any:
    with TestClient(starlette_app) as client:
        yield client


@pytest.fixture(scope="module")
def fastapi_client() -> Any:
    with TestClient(fastapi_app) as client:
        yield client


@pytest.mark.parametrize("case", framework_cases(wsgi=False))
def test_vectors_through_starlette(case: Case, starlette_client: Any) -> None:
    CURRENT["case"] = case
    response = starlette_client.post("/vector", content=case.body, headers=case.headers)
    check_answer(case, response.json())


BODY = json.dumps(
    {
        "id": "jd2kx7p5qnrg80cjbq3s9wvmhy",
        "status": "succeeded",
        "output": {"version": "abc", "weights": "https://example.com/w.tar"},
        "urls": {"get": "https://api.replicate.com/v1/trainings/jd2kx7p5qnrg80cjbq3s9wvmhy"},
    }
).encode()


@pytest.mark.parametrize("client_name", ["starlette_client", "fastapi_client"])
def test_signed_request_is_accepted(client_name: str, request: Any) -> None:
    client = request.getfixturevalue(client_name)
    headers = rw.sign_webhook(SECRET, BODY)
    response = client.post("/webhooks/replicate", content=BODY, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "succeeded"
    assert response.json()["terminal"] is True


@pytest.mark.parametrize("tamper", ["body", "signature", "missing", "old", "not-json"])
def test_tampered_requests_are_rejected(tamper: str, starlette_client: Any, fastapi_client: Any) -> None:
    body = BODY
    headers = rw.sign_webhook(SECRET, BODY)
    if tamper == "body":
        body = BODY.replace(b"succeeded", b"failed")
    elif tamper == "signature":
        headers["webhook-signature"] = rw.sign_webhook("whsec_QQ==", BODY)["webhook-signature"]
    elif tamper == "missing":
        del headers["webhook-timestamp"]
    elif tamper == "old":
        headers = rw.sign_webhook(SECRET, BODY, timestamp=1614265330)
    else:
        body = b"not json"
        headers = rw.sign_webhook(SECRET, body)
    expected = {
        "missing": "missing_header",
        "old": "timestamp_too_old",
        "not-json": "invalid_payload",
    }.get(tamper, "no_matching_signature")
    response = starlette_client.post("/webhooks/replicate", content=body, headers=headers)
    assert (response.status_code, response.json()) == (401, {"error": expected})
    # The FastAPI dependency: 400 for a body that is not a payload, 401 otherwise.
    response = fastapi_client.post("/webhooks/replicate", content=body, headers=headers)
    assert (response.status_code, response.json()) == (
        400 if tamper == "not-json" else 401,
        {"detail": expected},
    )


# --- With a replay guard -------------------------------------------------------------

GUARD = rw.ReplayGuard()
PROCESSED: List[str] = []
guarded_app = FastAPI()
GuardedWebhook = Annotated[rw.WebhookEvent, Depends(webhook_dependency(SECRET, guard=GUARD))]


@guarded_app.post("/webhooks/replicate")
async def guarded(event: GuardedWebhook, request: Request) -> Dict[str, Any]:
    if request.headers.get("x-fail") == "http":
        raise HTTPException(status_code=503)
    if request.headers.get("x-fail") == "crash":
        raise RuntimeError("handler crashed")
    PROCESSED.append(event.id)
    return {"processed": event.id}


guard_starlette = rw.ReplayGuard()


async def guarded_starlette(request: Request) -> JSONResponse:
    try:
        event = await verify_request(WEBHOOK, request, guard=guard_starlette)
    except rw.ReplayedError:
        return JSONResponse({"duplicate": True})
    except rw.WebhookVerificationError as error:
        return JSONResponse({"error": error.code}, status_code=401)
    PROCESSED.append(event.id)
    guard_starlette.commit(event)
    return JSONResponse({"processed": event.id})


guarded_starlette_app = Starlette(routes=[Route("/", guarded_starlette, methods=["POST"])])


def test_fastapi_dependency_with_guard() -> None:
    PROCESSED.clear()
    with TestClient(guarded_app, raise_server_exceptions=False) as client:
        headers = rw.sign_webhook(SECRET, BODY)
        first = client.post("/webhooks/replicate", content=BODY, headers=headers)
        assert (first.status_code, first.json()) == (200, {"processed": headers["webhook-id"]})
        again = client.post("/webhooks/replicate", content=BODY, headers=headers)
        assert (again.status_code, again.json()) == (200, {"detail": "replayed"})
        assert PROCESSED == [headers["webhook-id"]]
        # Failed attempts commit nothing: Replicate's retries are processed.
        retried = rw.sign_webhook(SECRET, BODY)
        for fail, status in (("http", 503), ("crash", 500)):
            response = client.post("/webhooks/replicate", content=BODY, headers={**retried, "x-fail": fail})
            assert response.status_code == status
        assert client.post("/webhooks/replicate", content=BODY, headers=retried).json() == {
            "processed": retried["webhook-id"]
        }
        assert client.post("/webhooks/replicate", content=BODY, headers=retried).json() == {
            "detail": "replayed"
        }
        assert PROCESSED == [headers["webhook-id"], retried["webhook-id"]]
        # Verification still comes first.
        tampered = client.post("/webhooks/replicate", content=BODY + b" ", headers=headers)
        assert (tampered.status_code, tampered.json()) == (401, {"detail": "no_matching_signature"})


def test_starlette_verify_request_with_guard() -> None:
    PROCESSED.clear()
    with TestClient(guarded_starlette_app) as client:
        headers = rw.sign_webhook(SECRET, BODY)
        assert client.post("/", content=BODY, headers=headers).json() == {"processed": headers["webhook-id"]}
        assert client.post("/", content=BODY, headers=headers).json() == {"duplicate": True}
    assert PROCESSED == [headers["webhook-id"]]


def test_guard_argument_is_checked() -> None:
    from helpers import expect_code

    expect_code(lambda: webhook_dependency(SECRET, guard="yes"), "invalid_argument")  # type: ignore[call-overload]
