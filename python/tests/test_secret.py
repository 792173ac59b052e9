"""get_webhook_secret against a local HTTP server (stdlib http.server on 127.0.0.1)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List

import pytest
from helpers import expect_code

import replicate_webhooks as rw
from replicate_webhooks.integrations import SecretFetchError, get_webhook_secret

SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"


class Server:
    def __init__(self) -> None:
        self.requests: List[Dict[str, Any]] = []
        self.responses: Dict[str, Any] = {}  # token -> (status, body)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                auth = self.headers.get("Authorization", "")
                outer.requests.append(
                    {"path": self.path, "auth": auth, "agent": self.headers.get("User-Agent")}
                )
                token = auth.removeprefix("Bearer ")
                status, body = outer.responses.get(token, (401, {"detail": "Invalid token."}))
                payload = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server()
    try:
        yield server
    finally:
        server.close()


def test_fetches_once_per_token(server: Server) -> None:
    server.responses["r8_one"] = (200, {"key": SECRET})
    server.responses["r8_two"] = (200, {"key": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
    assert get_webhook_secret("r8_one", base_url=server.url) == SECRET
    assert get_webhook_secret("r8_one", base_url=server.url) == SECRET
    assert len(server.requests) == 1
    assert server.requests[0]["path"] == "/v1/webhooks/default/secret"
    assert server.requests[0]["auth"] == "Bearer r8_one"
    assert server.requests[0]["agent"].startswith("replicate-webhooks-python/")
    assert get_webhook_secret("r8_two", base_url=server.url + "/") == "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    assert len(server.requests) == 2
    # refresh=True asks again (after a rotation).
    server.responses["r8_one"] = (200, {"key": "whsec_QQ=="})
    assert get_webhook_secret("r8_one", base_url=server.url, refresh=True) == "whsec_QQ=="
    assert get_webhook_secret("r8_one", base_url=server.url) == "whsec_QQ=="
    assert len(server.requests) == 3
    # The fetched secret verifies webhooks.
    body = b'{"id": "x", "status": "starting"}'
    headers = rw.sign_webhook("whsec_QQ==", body)
    assert (
        rw.verify_webhook(headers, body, get_webhook_secret("r8_one", base_url=server.url)).payload.id == "x"
    )
    assert rw.get_webhook_secret is get_webhook_secret


def test_failures_are_not_cached(server: Server) -> None:
    with pytest.raises(SecretFetchError) as info:
        get_webhook_secret("r8_bad", base_url=server.url)
    assert info.value.status == 401
    server.responses["r8_bad"] = (200, {"key": SECRET})
    assert get_webhook_secret("r8_bad", base_url=server.url) == SECRET


@pytest.mark.parametrize("body", [b"not json", {"nokey": 1}, {"key": 5}, [1]])
def test_malformed_answers(server: Server, body: Any) -> None:
    server.responses["r8_m"] = (200, body)
    with pytest.raises(SecretFetchError):
        get_webhook_secret("r8_m", base_url=server.url, refresh=True)


def test_unusable_secret_is_rejected(server: Server) -> None:
    server.responses["r8_u"] = (200, {"key": "whsec_not base64!"})
    expect_code(lambda: get_webhook_secret("r8_u", base_url=server.url), "invalid_secret")


def test_unreachable_server() -> None:
    with pytest.raises(SecretFetchError) as info:
        get_webhook_secret("r8_x", base_url="http://127.0.0.1:9", timeout=2)
    assert info.value.status is None


def test_argument_checks() -> None:
    expect_code(lambda: get_webhook_secret(""), "invalid_argument")
    expect_code(lambda: get_webhook_secret("r8_x", base_url="ftp://x"), "invalid_argument")
    expect_code(lambda: get_webhook_secret("r8_x", timeout=0), "invalid_argument")
    expect_code(lambda: get_webhook_secret("r8_\u00e9"), "invalid_argument")
