"""verify(json_parse=True) must return exactly json.loads(body.decode()).

The native module builds the objects itself (faster than json.loads) and falls
back to json.loads wherever the two could differ; these tests hunt for a
difference: same value, same types (int vs float), same key order.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import replicate_webhooks as rw

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
WEBHOOK = rw.Webhook(SECRET, tolerance=None)


def loads_via_verify(text: str) -> Any:
    body = text.encode("utf-8", "surrogatepass")
    headers = WEBHOOK.sign_headers(body, id="msg_1", timestamp=1)
    return WEBHOOK.verify(body, headers)


def same(a: Any, b: Any) -> bool:
    """Equal with identical types all the way down, NaN == NaN, -0.0 != 0.0."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def check(text: str) -> None:
    try:
        # What standardwebhooks does with the bytes: decode, then json.loads.
        expected = json.loads(text.encode("utf-8", "surrogatepass").decode("utf-8"))
    except ValueError:
        with pytest.raises(rw.InvalidPayloadError):
            loads_via_verify(text)
        return
    assert same(loads_via_verify(text), expected), text


TRICKY = [
    "0",
    "-0",
    "-0.0",
    "0.0",
    "1",
    "-1",
    "1.0",
    "1e2",
    "1E-2",
    "-1e-400",
    "1e400",
    "-1e400",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "123456789012345678901234567890",
    "1e19",
    "1.5e19",
    "9007199254740993",
    "0.1",
    "2.2250738585072011e-308",
    "4.9e-324",
    "1.7976931348623157e308",
    "0.30000000000000004",
    "3.141592653589793238462643383279",
    "NaN",
    "Infinity",
    "-Infinity",
    "nan",
    "true",
    "false",
    "null",
    '""',
    '"\\u0000"',
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\ud83d\\ude00"',
    '"caf\\u00e9"',
    '"\u00e9"',
    '"\\/"',
    '{"a": 1, "a": 2}',
    '{"b": 1, "a": 2, "b": 3}',
    "[]",
    "{}",
    " [ 1 , 2 ] ",
    "\t\n\r{}\n",
    "[1,]",
    "{,}",
    "",
    " ",
    "\ufeff{}",
    "[" * 200 + "]" * 200,
    "[" * 100 + "]" * 100,
    '{"x": ' * 129 + "1" + "}" * 129,
    "01",
    "1.",
    ".1",
    "-",
    "+1",
    "[1] [2]",
    '"\x01"',
    '"\\x41"',
    "[1e1000000]",
    "tru",
    '{"a":1}garbage',
    '"\ud800"',
    '["\udfff", 1]',
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts(text: str) -> None:
    check(text)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats()
    | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=6), children, max_size=5)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=json_values, ascii_only=st.booleans(), indent=st.sampled_from([None, 0, 2]))
def test_dumped_values(value: Any, ascii_only: bool, indent: Any) -> None:
    check(json.dumps(value, ensure_ascii=ascii_only, indent=indent))


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(list('{}[]",:-+.eE0123456789 \\u/abfnrtNaIiy\ud800')), max_size=40)
)
def test_json_like_noise(text: str) -> None:
    check(text)
