"""replicate_webhooks.integrations.django with Django's test client.

Settings are configured here, in-test: a one-view URLconf, no apps, no database.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

import django
import pytest
from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-only",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=["django.middleware.csrf.CsrfViewMiddleware"],
        INSTALLED_APPS=[],
        DATABASES={},
        USE_TZ=True,
        # The vectors go up to 4 MiB; Django's default cap is 2.5 MB.
        DATA_UPLOAD_MAX_MEMORY_SIZE=8 << 20,
    )
    django.setup()

from django.http import HttpRequest, HttpResponse, JsonResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402
from framework_cases import answer, check_answer, framework_cases, secret_arg  # noqa: E402
from vectors import Case  # noqa: E402

import replicate_webhooks as rw  # noqa: E402
from replicate_webhooks.integrations.django import verify_request  # noqa: E402

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
CURRENT: Dict[str, Any] = {}
WEBHOOK = rw.Webhook(SECRET)


@csrf_exempt
def vector(request: HttpRequest) -> HttpResponse:
    case: Case = CURRENT["case"]
    try:
        event = verify_request(secret_arg(case), request, now=case.now, **case.tolerance_kwargs)
    except rw.WebhookVerificationError as error:
        return JsonResponse(answer(code=error.code), status=401)
    return JsonResponse(answer(event))


@csrf_exempt
@require_POST
def replicate_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = verify_request(WEBHOOK, request)
    except rw.WebhookVerificationError as error:
        return JsonResponse({"error": error.code}, status=401)
    return JsonResponse({"status": event.payload.status.value, "terminal": event.payload.is_terminal})


def reads_post_first(request: HttpRequest) -> HttpResponse:
    request.POST  # noqa: B018 - consumes the stream, as a careless view would
    try:
        verify_request(WEBHOOK, request)
    except rw.WebhookVerificationError as error:
        return JsonResponse({"error": error.code}, status=400)
    return JsonResponse({})


urlpatterns = [
    path("vector", vector),
    path("webhooks/replicate", replicate_webhook),
    path("reads-post-first", csrf_exempt(reads_post_first)),
]


def post(url: str, body: bytes, headers: Any, content_type: str = "application/json") -> Any:
    return Client().post(url, data=body, content_type=content_type, headers=dict(headers))


@pytest.mark.parametrize("case", framework_cases(wsgi=True))
def test_vectors_through_django(case: Case) -> None:
    CURRENT["case"] = case
    response = post("/vector", case.body, case.headers)
    check_answer(case, json.loads(response.content))


BODY = json.dumps({"id": "gm3qorzdhgbfurvjtvhg6dckhu", "status": "processing"}).encode()


def test_signed_request_is_accepted() -> None:
    response = post("/webhooks/replicate", BODY, rw.sign_webhook(SECRET, BODY))
    assert response.status_code == 200, response.content
    assert json.loads(response.content) == {"status": "processing", "terminal": False}


@pytest.mark.parametrize("tamper", ["body", "signature", "missing", "old"])
def test_tampered_requests_are_rejected(tamper: str) -> None:
    body = BODY
    headers = rw.sign_webhook(SECRET, BODY)
    if tamper == "body":
        body = BODY + b" "
    elif tamper == "signature":
        headers["webhook-signature"] = "v1," + "A" * 43 + "="
    elif tamper == "missing":
        del headers["webhook-signature"]
    else:
        headers = rw.sign_webhook(SECRET, BODY, timestamp=1614265330)
    response = post("/webhooks/replicate", body, headers)
    assert response.status_code == 401
    expected = {"missing": "missing_header", "old": "timestamp_too_old"}.get(tamper, "no_matching_signature")
    assert json.loads(response.content) == {"error": expected}


def test_raw_body_gone_is_an_invalid_body_error() -> None:
    body = b"a=1"
    response = post(
        "/reads-post-first",
        body,
        rw.sign_webhook(SECRET, body),
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "invalid_body"}


def test_body_over_djangos_cap_is_an_invalid_body_error() -> None:
    from django.test import override_settings

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10):
        response = post("/webhooks/replicate", BODY, rw.sign_webhook(SECRET, BODY))
    assert response.status_code == 401
    assert json.loads(response.content) == {"error": "invalid_body"}


# --- With a replay guard (the pattern the README documents) ---------------------------

GUARD = rw.ReplayGuard()
PROCESSED: List[str] = []


@csrf_exempt
@require_POST
def guarded(request: HttpRequest) -> HttpResponse:
    try:
        event = verify_request(WEBHOOK, request, guard=GUARD)
    except rw.ReplayedError:
        return JsonResponse({"duplicate": True})
    except rw.WebhookVerificationError as error:
        return JsonResponse({"error": error.code}, status=401)
    if request.headers.get("x-fail"):
        return JsonResponse({"error": "try again"}, status=500)  # nothing committed
    PROCESSED.append(event.id)
    GUARD.commit(event)
    return JsonResponse({"processed": event.id})


urlpatterns.append(path("guarded", guarded))


def test_guarded_view() -> None:
    headers = rw.sign_webhook(SECRET, BODY)
    assert post("/guarded", BODY, {**headers, "x-fail": "1"}).status_code == 500
    response = post("/guarded", BODY, headers)
    assert (response.status_code, json.loads(response.content)) == (200, {"processed": headers["webhook-id"]})
    response = post("/guarded", BODY, headers)
    assert (response.status_code, json.loads(response.content)) == (200, {"duplicate": True})
    assert PROCESSED == [headers["webhook-id"]]
