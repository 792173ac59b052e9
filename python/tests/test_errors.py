"""The exception hierarchy and the code set."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from helpers import FAMILY, expect_code

import replicate_webhooks as rw
from replicate_webhooks import _native, errors

CORE_ERROR_RS = Path(__file__).resolve().parents[2] / "crates" / "replicate-webhooks" / "src" / "error.rs"


def test_error_codes_are_the_cores() -> None:
    """ERROR_CODES comes from ErrorCode::ALL; cross-check with the core's source
    so a stale build is caught too."""
    assert len(set(rw.ERROR_CODES)) == len(rw.ERROR_CODES)
    if not CORE_ERROR_RS.exists():
        pytest.skip("core source not next to the package")
    source = CORE_ERROR_RS.read_text(encoding="utf-8")
    as_str = source[source.index("pub const fn as_str") :]
    as_str = as_str[: as_str.index("\n    }\n")]
    in_source = re.findall(r'ErrorCode::\w+ => "([a-z_]+)"', as_str)
    assert sorted(in_source) == sorted(rw.ERROR_CODES)


def test_every_code_has_its_own_family() -> None:
    assert set(FAMILY) == set(rw.ERROR_CODES)
    for code in rw.ERROR_CODES:
        family = _native._family_of(code)
        assert family is FAMILY[code], code
        assert family is not rw.WebhookVerificationError, code
        assert issubclass(family, rw.WebhookVerificationError)
    assert _native._family_of("no_such_code") is None


@pytest.mark.parametrize("name", errors.__all__)
def test_hierarchy(name: str) -> None:
    cls = getattr(rw, name)
    assert cls is getattr(errors, name)
    assert issubclass(cls, ValueError)
    assert issubclass(cls, rw.WebhookVerificationError)
    assert cls.__module__ == "replicate_webhooks.errors"
    error = cls("something went wrong")
    assert error.code == cls.default_code
    assert error.code in rw.ERROR_CODES
    assert str(error) == "something went wrong"


def test_errors_pickle_with_their_code() -> None:
    error = expect_code(
        lambda: rw.Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(b"{}", {}), "missing_header"
    )
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is rw.MissingHeaderError
    assert again.code == "missing_header"
    assert str(again) == str(error)
    assert "missing_header" in repr(again)


def test_empty_secret_keeps_the_standardwebhooks_name() -> None:
    for empty in ("", "whsec_", b"", []):
        error = expect_code(lambda: rw.Webhook(empty), "invalid_secret")
        assert isinstance(error, rw.EmptyWebhookSecretError)
    error = expect_code(lambda: rw.Webhook("whsec_not base64!"), "invalid_secret")
    assert not isinstance(error, rw.EmptyWebhookSecretError)


def test_messages_never_contain_the_secret() -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    webhook = rw.Webhook(secret)
    assert "MfKQ9r8" not in repr(webhook)
    bad = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La!aSw"
    error = expect_code(lambda: rw.Webhook(bad), "invalid_secret")
    assert "MfKQ9r8" not in str(error) and "MfKQ9r8" not in repr(error)
