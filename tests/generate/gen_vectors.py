#!/usr/bin/env python3
"""Generate the shared webhook test vectors in tests/vectors/.

This is an INDEPENDENT implementation of the Standard Webhooks v1 scheme
(HMAC-SHA256) as used by Replicate, written with the Python standard library
only, so that a bug in the Rust core can never be pinned as truth.

    python3 tests/generate/gen_vectors.py          # (re)write tests/vectors/*.json
    python3 tests/generate/gen_vectors.py --check  # exit 1 if the checked-in files
                                                   # differ or fail the schema

Every case declares its expected result by hand; the generator then recomputes
the result with its own small reference verifier / parser (below) and refuses
to write anything if the two disagree. Known-answer signatures from the
references are literals here, asserted against stdlib hmac, and written
literally into the vectors.

Python 3.9+, stdlib only.
"""

import base64
import binascii
import hashlib
import hmac
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VECTORS_DIR = HERE.parent / "vectors"
SCHEMA_FILE = "schema.json"

MAX_SAFE_INT = 2**53 - 1  # JSON numbers must survive a JS runner (IEEE double)
U64_MAX = 2**64 - 1

# ---------------------------------------------------------------------------
# Independent signing scheme
# ---------------------------------------------------------------------------

STD_B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def decode_secret(secret):
    """Key bytes for a secret, or None if the core must reject it (invalid_secret).

    Optional `whsec_` prefix, then standard-alphabet base64 with optional (but,
    if present, complete) padding, decoding to at least one byte.
    """
    s = secret[len("whsec_"):] if secret.startswith("whsec_") else secret
    core = s.rstrip("=")
    pad = len(s) - len(core)
    if not core or any(c not in STD_B64_ALPHABET for c in core):
        return None
    if len(core) % 4 == 1:
        return None
    if pad and (pad > 2 or len(s) % 4 != 0):
        return None
    try:
        key = base64.b64decode(core + "=" * (-len(core) % 4), validate=True)
    except binascii.Error:
        return None
    return key or None


def mac(key, msg_id, timestamp, body):
    """Raw HMAC-SHA256 over `id.timestamp.body` (timestamp as the header string)."""
    content = msg_id.encode("utf-8") + b"." + str(timestamp).encode("utf-8") + b"." + body
    return hmac.new(key, content, hashlib.sha256).digest()


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


def sign(secret, msg_id, timestamp, body):
    key = decode_secret(secret)
    assert key is not None, secret
    return "v1," + b64(mac(key, msg_id, timestamp, to_bytes(body)))


# ---------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------


class Repeat:
    """A body that is `text` repeated `count` times (keeps the files small)."""

    def __init__(self, text, count):
        self.text = text
        self.count = count


def to_bytes(body):
    if isinstance(body, Repeat):
        return (body.text * body.count).encode("utf-8")
    if isinstance(body, bytes):
        return body
    return body.encode("utf-8")


def body_field(body):
    if isinstance(body, Repeat):
        return {"body_repeat": {"text": body.text, "count": body.count}}
    if isinstance(body, bytes):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return {"body_base64": b64(body)}
        raise AssertionError("body_base64 is reserved for non-UTF-8 bodies: use a str")
    return {"body": body}


def case_body_bytes(c):
    if "body" in c:
        return c["body"].encode("utf-8")
    if "body_base64" in c:
        return base64.b64decode(c["body_base64"], validate=True)
    r = c["body_repeat"]
    return (r["text"] * r["count"]).encode("utf-8")


# ---------------------------------------------------------------------------
# Known answers (literal, from tests/../reference; asserted below)
# ---------------------------------------------------------------------------

A_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
A_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
A_TS = 1614265330
A_BODY = '{"test": 2432232314}'
A_SIG = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

B_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
B_ID = "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk"
B_TS = 1649367553
B_BODY = '{"email":"test@example.com","username":"test_user"}'
B_SIG = "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="

DOCS_SECRET = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"  # replicate.com docs example (== B_SECRET)
MOCK_SECRET = "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH"  # JS/Go secret-endpoint mock
DERIVED_DOCS_SIG = "v1,78nXHjpFP0tVJQW5D0SBwmVyyW87BV/rL6MgfM/Bw44="
DERIVED_MOCK_SIG = "v1,AqaiCGM+BGvE6j8lHZfybS4IlH+sK5racJJookRhxpM="
RESERIALIZED_BODY = '{"test":2432232314}'
RESERIALIZED_SIG = "v1,Vif40peJBP7Iyl0XGmu61n4MwdrcHov5CFREBpE0svs="

LARGE_1MIB = Repeat("a", 1048576)
LARGE_1MIB_SIG = "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A="
LARGE_256K = Repeat("a", 262144)
LARGE_256K_SIG = "v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0="
LARGE_256K_M1 = Repeat("a", 262143)
LARGE_256K_M1_SIG = "v1,NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c="

# Filler from the Standard Webhooks suites: well-formed v1 value, wrong MAC.
SW_WRONG = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
# ed25519-A from the Standard Webhooks vectors (asymmetric v1a; we do not verify it).
ED25519_SIG = (
    "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg=="
)
ED25519_SECRET_KEY = (
    "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg=="
)
ED25519_PUBLIC_KEY = "whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4="

KNOWN_ANSWERS = [
    (A_SECRET, A_ID, A_TS, A_BODY, A_SIG),
    (B_SECRET, B_ID, B_TS, B_BODY, B_SIG),
    (DOCS_SECRET, A_ID, A_TS, A_BODY, DERIVED_DOCS_SIG),
    (MOCK_SECRET, A_ID, A_TS, A_BODY, DERIVED_MOCK_SIG),
    (A_SECRET, A_ID, A_TS, RESERIALIZED_BODY, RESERIALIZED_SIG),
    (A_SECRET, A_ID, A_TS, LARGE_1MIB, LARGE_1MIB_SIG),
    (A_SECRET, A_ID, A_TS, LARGE_256K, LARGE_256K_SIG),
    (A_SECRET, A_ID, A_TS, LARGE_256K_M1, LARGE_256K_M1_SIG),
]


def assert_known_answers():
    for secret, msg_id, ts, body, expected in KNOWN_ANSWERS:
        got = sign(secret, msg_id, ts, body)
        assert got == expected, "known answer mismatch: %s != %s" % (got, expected)
    assert len(decode_secret(A_SECRET)) == 24
    assert len(decode_secret(B_SECRET)) == 24


# ---------------------------------------------------------------------------
# Reference verifier / parser (the rules of tests/vectors/README.md)
# ---------------------------------------------------------------------------

MAX_ID_BYTES = 256
MAX_TIMESTAMP_BYTES = 32
MAX_SIGNATURE_BYTES = 4096
MAX_SIGNATURES = 32
DEFAULT_TOLERANCE = 300
TERMINAL = frozenset(["succeeded", "failed", "canceled", "aborted"])

ERROR_CODES = [
    "missing_header",
    "header_too_large",
    "invalid_timestamp",
    "timestamp_too_old",
    "timestamp_too_new",
    "invalid_signature_header",
    "too_many_signatures",
    "no_matching_signature",
    "invalid_secret",
    "invalid_payload",
]
BINDING_ONLY_ERROR_CODES = ["invalid_body", "invalid_argument"]


def ascii_lower(s):
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in s)


def lookup_header(headers, suffix):
    """webhook-<suffix> preferred, else svix-<suffix>.

    Per name, the first pair wins; an empty value makes that name missing, so an
    empty webhook-<suffix> falls back to svix-<suffix>.
    """
    for prefix in ("webhook-", "svix-"):
        name = prefix + suffix
        first = next((v for n, v in headers if ascii_lower(n) == name), None)
        if first:
            return first
    return None


def canonical_mac(value):
    """32 raw bytes if `value` is canonical padded standard base64 of 32 bytes."""
    if not value or any(c not in STD_B64_ALPHABET and c != "=" for c in value):
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except binascii.Error:
        return None
    if b64(raw) != value or len(raw) != 32:
        return None
    return raw


def err(code):
    assert code in ERROR_CODES, code
    return {"ok": False, "code": code}


OK = {"ok": True}


def ref_verify(secrets, headers, body, now, tolerance):
    keys = []
    for s in secrets:
        k = decode_secret(s)
        if k is None:
            return err("invalid_secret")
        keys.append(k)
    values = {}
    for x in ("id", "timestamp", "signature"):
        v = lookup_header(headers, x)
        if not v:
            return err("missing_header")
        values[x] = v
    limits = {"id": MAX_ID_BYTES, "timestamp": MAX_TIMESTAMP_BYTES, "signature": MAX_SIGNATURE_BYTES}
    for x, limit in limits.items():
        if len(values[x].encode("utf-8")) > limit:
            return err("header_too_large")
    ts_str = values["timestamp"]
    if not re.fullmatch(r"[0-9]+", ts_str, flags=re.ASCII) or int(ts_str) > U64_MAX:
        return err("invalid_timestamp")
    ts = int(ts_str)
    if tolerance is not None:
        if now - ts > tolerance:
            return err("timestamp_too_old")
        if ts - now > tolerance:
            return err("timestamp_too_new")
    tokens = [t for t in re.split(r"[ \t]+", values["signature"]) if t]
    if len(tokens) > MAX_SIGNATURES:
        return err("too_many_signatures")
    expected = [mac(k, values["id"], ts_str, body) for k in keys]
    well_formed = 0
    for tok in tokens:
        if "," not in tok:
            continue
        version, value = tok.split(",", 1)
        if version != "v1":
            continue
        raw = canonical_mac(value)
        if raw is None:
            continue
        well_formed += 1
        if any(hmac.compare_digest(raw, e) for e in expected):
            return OK
    return err("no_matching_signature") if well_formed else err("invalid_signature_header")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def is_str(v):
    return isinstance(v, str)


# Typed top-level fields of the payload (null always allowed).
TYPED_FIELDS = {
    "model": is_str,
    "version": is_str,
    "input": lambda v: isinstance(v, dict),
    "error": is_str,
    "logs": is_str,
    "created_at": is_str,
    "started_at": is_str,
    "completed_at": is_str,
    "deadline": is_str,
    "deployment": is_str,
    "data_removed": lambda v: isinstance(v, bool),
    "source": is_str,
    "webhook": is_str,
    "webhook_events_filter": lambda v: isinstance(v, list) and all(is_str(x) for x in v),
    "destination": is_str,
    "metrics": lambda v: isinstance(v, dict)
    and all(v.get(k) is None or is_num(v.get(k)) for k in ("predict_time", "total_time")),
    "urls": lambda v: isinstance(v, dict)
    and all(v.get(k) is None or is_str(v.get(k)) for k in ("get", "cancel", "stream", "web")),
}


def ref_parse(body):
    try:
        obj = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return err("invalid_payload")
    if not isinstance(obj, dict):
        return err("invalid_payload")
    if not is_str(obj.get("id")) or not is_str(obj.get("status")):
        return err("invalid_payload")
    for field, ok in TYPED_FIELDS.items():
        if obj.get(field) is not None and not ok(obj[field]):
            return err("invalid_payload")
    get = (obj.get("urls") or {}).get("get") or ""
    output = obj.get("output")
    if "/v1/trainings/" in get:
        kind = "training"
    elif "/v1/predictions/" in get:
        kind = "prediction"
    elif obj.get("destination") is not None or (isinstance(output, dict) and "weights" in output):
        kind = "training"
    else:
        kind = "prediction"
    status = obj["status"]
    return {
        "ok": True,
        "payload": {"kind": kind, "id": obj["id"], "status": status, "is_terminal": status in TERMINAL},
    }


def reference_expected(c):
    mode = c["mode"]
    body = case_body_bytes(c)
    if mode == "sign":
        key = decode_secret(c["secrets"][0])
        if key is None:
            return err("invalid_secret")
        return {"ok": True, "signature": "v1," + b64(mac(key, c["msg_id"], c["timestamp"], body))}
    if mode == "parse":
        return ref_parse(body)
    result = ref_verify(c["secrets"], c["headers"], body, c["now"], c.get("tolerance", DEFAULT_TOLERANCE))
    if mode == "verify_and_parse" and result["ok"]:
        return ref_parse(body)
    return result


# ---------------------------------------------------------------------------
# Case builders
# ---------------------------------------------------------------------------

_OMIT = object()


def case(
    id,
    description,
    flags,
    mode,
    expected,
    secrets=None,
    headers=None,
    body=None,
    now=None,
    tolerance=_OMIT,
    msg_id=None,
    timestamp=None,
):
    c = {"id": id, "description": description, "flags": list(flags), "mode": mode}
    if secrets is not None:
        c["secrets"] = list(secrets)
    if msg_id is not None:
        c["msg_id"] = msg_id
    if timestamp is not None:
        c["timestamp"] = timestamp
    if headers is not None:
        c["headers"] = [[n, v] for n, v in headers]
    c.update(body_field(body))
    if now is not None:
        c["now"] = now
    if tolerance is not _OMIT:
        c["tolerance"] = tolerance
    c["expected"] = expected
    return c


def hdrs(msg_id, ts, sig):
    return [("webhook-id", msg_id), ("webhook-timestamp", str(ts)), ("webhook-signature", sig)]


def verify(id, description, flags, expected, secrets, headers, body, now, **kw):
    return case(id, description, flags, "verify", expected, secrets=secrets, headers=headers, body=body, now=now, **kw)


def verify_a(id, description, flags, expected, sig=A_SIG, **kw):
    """Canonical-A inputs (secret, id, timestamp, body, now = timestamp) with a given header."""
    return verify(id, description, flags, expected, [A_SECRET], hdrs(A_ID, A_TS, sig), A_BODY, A_TS, **kw)


def sig_b64_entries(n, label):
    """n well-formed but wrong v1 entries (deterministic)."""
    return ["v1," + b64(hashlib.sha256(("%s-%d" % (label, i)).encode()).digest()) for i in range(n)]


def payload_ok(kind, pid, status, is_terminal):
    return {"ok": True, "payload": {"kind": kind, "id": pid, "status": status, "is_terminal": is_terminal}}


A_MAC = base64.b64decode(A_SIG[3:])
A_SIG_VALUE = A_SIG[3:]

# ---------------------------------------------------------------------------
# verify_known_answers.json
# ---------------------------------------------------------------------------


def known_answer_cases():
    docs_header = (
        A_SIG + " v1,bm9ldHUjKzFob2VudXRob2VodWUzMjRvdWVvdW9ldQo= v2,MzJsNDk4MzI0K2VvdSMjMTEjQEBAQDEyMzMzMzEyMwo="
    )
    return [
        verify_a(
            "ka-canonical-a",
            "The fixed vector shipped by the Replicate JS/Python/Go clients and every Standard Webhooks / Svix "
            "suite (replicate.md 5.1): whsec_ secret, 24-byte key, body with a space after the colon. Must verify.",
            ["known-answer", "replicate-client", "standard-webhooks"],
            OK,
        ),
        verify(
            "ka-canonical-a-replicate-js-request",
            "replicate-javascript index.test.ts sends canonical-A as a Fetch Request with mixed-case "
            "Webhook-ID / Webhook-Timestamp / Webhook-Signature plus Content-Type. Header names are case-insensitive.",
            ["known-answer", "replicate-client"],
            OK,
            [A_SECRET],
            [
                ("Content-Type", "application/json"),
                ("Webhook-ID", A_ID),
                ("Webhook-Timestamp", str(A_TS)),
                ("Webhook-Signature", A_SIG),
            ],
            A_BODY,
            A_TS,
        ),
        verify(
            "ka-canonical-b",
            "canonical-B from the Standard Webhooks / Svix Rust test_sign (compact JSON body, docs example secret).",
            ["known-answer", "standard-webhooks"],
            OK,
            [B_SECRET],
            hdrs(B_ID, B_TS, B_SIG),
            B_BODY,
            B_TS,
        ),
        verify(
            "ka-derived-docs-secret",
            "replicate.md 5.2 row 1: canonical-A id/timestamp/body signed with the replicate.com docs example secret "
            "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD.",
            ["known-answer", "replicate-client"],
            OK,
            [DOCS_SECRET],
            hdrs(A_ID, A_TS, DERIVED_DOCS_SIG),
            A_BODY,
            A_TS,
        ),
        verify(
            "ka-derived-secret-endpoint-mock",
            "replicate.md 5.2 row 2: canonical-A inputs signed with the secret returned by the JS/Go "
            "GET /webhooks/default/secret mock.",
            ["known-answer", "replicate-client"],
            OK,
            [MOCK_SECRET],
            hdrs(A_ID, A_TS, DERIVED_MOCK_SIG),
            A_BODY,
            A_TS,
        ),
        verify(
            "ka-reserialized-body-own-signature",
            "replicate.md 5.2 row 3: the body {\"test\":2432232314} (no space, what JSON re-serialization "
            "produces) with its own signature verifies: the raw bytes are what is signed.",
            ["known-answer", "replicate-client"],
            OK,
            [A_SECRET],
            hdrs(A_ID, A_TS, RESERIALIZED_SIG),
            RESERIALIZED_BODY,
            A_TS,
        ),
        verify(
            "ka-reserialized-body-canonical-a-signature",
            "The re-serialized body {\"test\":2432232314} with the canonical-A signature (signed over the body "
            "WITH a space) must not verify: shows why verifiers need the raw body, never parsed-and-re-serialized JSON.",
            ["known-answer", "replicate-client", "tampered"],
            err("no_matching_signature"),
            [A_SECRET],
            hdrs(A_ID, A_TS, A_SIG),
            RESERIALIZED_BODY,
            A_TS,
        ),
        verify(
            "ka-large-1mib",
            "Svix C# VerifyWebhookSignWithLargePayloadWorks: 1 MiB body of 'a' with canonical-A secret/id/timestamp.",
            ["known-answer", "standard-webhooks", "large"],
            OK,
            [A_SECRET],
            hdrs(A_ID, A_TS, LARGE_1MIB_SIG),
            LARGE_1MIB,
            A_TS,
        ),
        verify(
            "ka-large-256kib",
            "Svix C# large-payload vector: 262144 x 'a'.",
            ["known-answer", "standard-webhooks", "large"],
            OK,
            [A_SECRET],
            hdrs(A_ID, A_TS, LARGE_256K_SIG),
            LARGE_256K,
            A_TS,
        ),
        verify(
            "ka-large-256kib-minus-1",
            "Svix C# large-payload vector: 262143 x 'a' (one below a power of two, catches buffer off-by-ones).",
            ["known-answer", "standard-webhooks", "large", "boundary"],
            OK,
            [A_SECRET],
            hdrs(A_ID, A_TS, LARGE_256K_M1_SIG),
            LARGE_256K_M1,
            A_TS,
        ),
        verify(
            "ka-large-256kib-signature-on-shorter-body",
            "The 256 KiB signature presented with the 256 KiB - 1 body: a single missing trailing byte must be detected.",
            ["known-answer", "standard-webhooks", "large", "tampered"],
            err("no_matching_signature"),
            [A_SECRET],
            hdrs(A_ID, A_TS, LARGE_256K_SIG),
            LARGE_256K_M1,
            A_TS,
        ),
        verify(
            "ka-canonical-a-under-docs-secret",
            "canonical-A's header verified with the docs example secret instead of the one that signed it: wrong secret.",
            ["known-answer", "tampered"],
            err("no_matching_signature"),
            [DOCS_SECRET],
            hdrs(A_ID, A_TS, A_SIG),
            A_BODY,
            A_TS,
        ),
        verify_a(
            "ka-docs-example-signature-list",
            "The replicate.com docs' example webhook-signature list 'v1,g0hM... v1,bm9l... v2,MzJs...' with "
            "canonical-A: the first entry matches, the others are ignored.",
            ["known-answer", "replicate-client", "multi-signature"],
            OK,
            sig=docs_header,
        ),
        verify_a(
            "ka-docs-example-signature-list-without-match",
            "The docs' example list without its matching entry: 'v1,bm9l...' is well-formed (decodes to 32 bytes) "
            "but wrong, 'v2,...' is ignored.",
            ["known-answer", "replicate-client", "multi-signature"],
            err("no_matching_signature"),
            sig=docs_header[len(A_SIG) + 1:],
        ),
    ]


# ---------------------------------------------------------------------------
# verify_signatures.json
# ---------------------------------------------------------------------------


def signature_cases():
    key_a = decode_secret(A_SECRET)
    noncanonical = A_SIG_VALUE[:-2] + "F="  # 'E'->'F' differs only in the 2 discarded bits
    assert base64.b64decode(noncanonical) == A_MAC and noncanonical != A_SIG_VALUE
    urlsafe = A_SIG_VALUE.replace("+", "-").replace("/", "_")
    assert urlsafe != A_SIG_VALUE
    content = A_ID.encode() + b"." + str(A_TS).encode() + b"." + A_BODY.encode()
    sha512_mac = hmac.new(key_a, content, hashlib.sha512).digest()
    sha1_mac = hmac.new(key_a, content, hashlib.sha1).digest()
    fill = sig_b64_entries(40, "filler")
    std = "standard-webhooks"
    cases = []

    # Every entry of signature_header_values_that_must_not_verify.
    sw = [
        ("wrong-mac", "v1," + SW_WRONG, "no_matching_signature",
         "well-formed v1 entry with a wrong MAC (the suites' standard filler)"),
        ("wrong-mac-v2", "v2," + SW_WRONG, "invalid_signature_header",
         "only a v2 entry: unknown versions are skipped, leaving no v1 entry"),
        ("correct-mac-v2", "v2," + A_SIG_VALUE, "invalid_signature_header",
         "the CORRECT MAC under version tag v2 must be ignored (Java TestScenario.withWrongVersion); "
         "the official Replicate clients ignore the version tag and would accept it"),
        ("last-char-changed", A_SIG[:-2] + "A=", "no_matching_signature",
         "last base64 char changed (still canonical, 32 bytes): a one-bit-ish MAC difference"),
        ("unpadded-wrong", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd", "invalid_signature_header",
         "43 chars, not padded base64: skipped as malformed"),
        ("short-garbage", "v1,dawfeoifkpqwoekfpqoekf", "invalid_signature_header",
         "short garbage is not a 32-byte base64 value: skipped"),
        ("rust-wrong-mac", "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=", "no_matching_signature",
         "well-formed wrong MAC from the Rust suites"),
        ("three-wrong",
         "v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ= v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q= "
         "v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=", "no_matching_signature",
         "three well-formed wrong v1 entries (Rust test_no_verify_with_multiple_signatures)"),
        ("empty-v1", "v1,", "invalid_signature_header",
         "'v1,' with an empty value: was a real bypass in the Rust libraries before 2024-02"),
        ("truncated", A_SIG[:8], "invalid_signature_header",
         "the valid header truncated to 8 chars ('v1,g0hM9')"),
        ("no-comma", "invalid_signature", "invalid_signature_header",
         "entry without a comma (Java/Kotlin tests)"),
        ("v1-garbage", "v1,invalid_signature", "invalid_signature_header",
         "'v1,invalid_signature': '_' is not standard base64, so the entry is malformed, not a wrong MAC"),
        ("garbage-with-space", "invalid signature", "invalid_signature_header",
         "two comma-less tokens (Elixir tests)"),
    ]
    for suffix, value, code, why in sw:
        cases.append(verify_a(
            "sig-sw-" + suffix,
            "Standard Webhooks signature_header_values_that_must_not_verify with canonical-A inputs: %s -> %s." % (why, code),
            [std] + (["malformed"] if code == "invalid_signature_header" else []),
            err(code),
            sig=value,
        ))

    # Position of the valid entry in a list.
    w1, w2 = "v1," + SW_WRONG, fill[0]
    cases += [
        verify_a("sig-valid-first-of-three", "Valid entry first, two well-formed wrong v1 entries after it.",
                 ["multi-signature"], OK, sig=" ".join([A_SIG, w1, w2])),
        verify_a("sig-valid-middle-of-three", "Valid entry between two well-formed wrong v1 entries.",
                 ["multi-signature"], OK, sig=" ".join([w1, A_SIG, w2])),
        verify_a("sig-valid-last-of-three", "Valid entry last: every entry must be tried, not just the first.",
                 ["multi-signature"], OK, sig=" ".join([w1, w2, A_SIG])),
        verify_a("sig-valid-among-v2", "Standard Webhooks multi-sig test: v2 filler entries around the valid v1 entry.",
                 ["multi-signature", std], OK,
                 sig=" ".join(["v2," + SW_WRONG, A_SIG, "v2," + SW_WRONG])),
        verify_a("sig-valid-after-correct-mac-under-v2",
                 "'v2,<correct MAC>' then 'v1,<correct MAC>': v2 is skipped, v1 matches.",
                 ["multi-signature"], OK, sig="v2," + A_SIG_VALUE + " " + A_SIG),
        verify_a("sig-valid-twice", "The valid entry repeated twice.", ["multi-signature"], OK,
                 sig=A_SIG + " " + A_SIG),
        verify_a("sig-wrong-v1-and-malformed",
                 "One well-formed wrong v1 entry among malformed ones: since a well-formed v1 entry exists the "
                 "result is no_matching_signature, not invalid_signature_header.",
                 ["multi-signature", "malformed"], err("no_matching_signature"),
                 sig="v1, garbage v2," + SW_WRONG + " v1," + SW_WRONG + " v1,abc"),
        verify_a("sig-valid-after-malformed",
                 "Malformed entries (no comma, empty value, bad base64) before the valid one are skipped, not fatal. "
                 "replicate-python raises on the comma-less entry; we keep scanning.",
                 ["multi-signature", "malformed", "lenient"], OK,
                 sig="invalid_signature v1, v1,!!!! " + A_SIG),
        verify_a("sig-valid-before-malformed", "Malformed entries after the valid one do not matter.",
                 ["multi-signature", "malformed"], OK, sig=A_SIG + " garbage v1,abc,def v1a,xyz"),
    ]

    # Unknown versions only.
    for suffix, version in [("v0", "v0"), ("v2", "v2"), ("uppercase-v1", "V1"), ("v1a", "v1a"),
                            ("v10", "v10"), ("empty-version", "")]:
        cases.append(verify_a(
            "sig-unknown-version-" + suffix,
            "The correct MAC under version tag %r: only the exact tag 'v1' is HMAC-SHA256, so the entry is "
            "skipped and no v1 entry remains." % version,
            ["malformed"], err("invalid_signature_header"), sig=version + "," + A_SIG_VALUE,
        ))
    cases.append(verify_a(
        "sig-ed25519-v1a-entry",
        "The Standard Webhooks ed25519-A asymmetric signature 'v1a,...' over canonical-A content: asymmetric "
        "signatures are not supported, the entry is skipped.",
        [std, "known-answer"], err("invalid_signature_header"), sig=ED25519_SIG,
    ))

    # Tampering / wrong key.
    cases += [
        verify("sig-tampered-id", "canonical-A signature with a different webhook-id (last char changed).",
               ["tampered"], err("no_matching_signature"), [A_SECRET],
               hdrs(A_ID[:-1] + "l", A_TS, A_SIG), A_BODY, A_TS),
        verify("sig-tampered-timestamp", "canonical-A signature with the timestamp moved by one second "
               "(still inside the window): the timestamp is part of the signed content.",
               ["tampered"], err("no_matching_signature"), [A_SECRET],
               hdrs(A_ID, A_TS + 1, A_SIG), A_BODY, A_TS),
        verify("sig-tampered-body", "canonical-A signature with a body whose number is changed.",
               ["tampered"], err("no_matching_signature"), [A_SECRET],
               hdrs(A_ID, A_TS, A_SIG), '{"test": 2432232315}', A_TS),
        verify("sig-tampered-body-trailing-newline", "canonical-A signature with a trailing newline added to "
               "the body (a common framework artefact).",
               ["tampered"], err("no_matching_signature"), [A_SECRET],
               hdrs(A_ID, A_TS, A_SIG), A_BODY + "\n", A_TS),
        verify("sig-wrong-secret", "canonical-A header verified with the secret-endpoint mock secret.",
               ["tampered"], err("no_matching_signature"), [MOCK_SECRET],
               hdrs(A_ID, A_TS, A_SIG), A_BODY, A_TS),
        verify_a("sig-mistake-ascii-secret-as-key",
                 "MAC keyed with the ASCII text of the secret after whsec_ (forgetting to base64-decode): must not "
                 "verify.", ["common-mistake"], err("no_matching_signature"),
                 sig="v1," + b64(hmac.new(A_SECRET[6:].encode(), content, hashlib.sha256).digest())),
        verify_a("sig-mistake-prefixed-secret-as-key",
                 "MAC keyed with the whole 'whsec_...' string as ASCII: must not verify.",
                 ["common-mistake"], err("no_matching_signature"),
                 sig="v1," + b64(hmac.new(A_SECRET.encode(), content, hashlib.sha256).digest())),
        verify_a("sig-mistake-no-separators",
                 "MAC over id + timestamp + body without the '.' separators: must not verify.",
                 ["common-mistake"], err("no_matching_signature"),
                 sig="v1," + b64(hmac.new(key_a, (A_ID + str(A_TS) + A_BODY).encode(), hashlib.sha256).digest())),
        verify_a("sig-mistake-body-only", "MAC over the body alone: must not verify.",
                 ["common-mistake"], err("no_matching_signature"),
                 sig="v1," + b64(hmac.new(key_a, A_BODY.encode(), hashlib.sha256).digest())),
        verify_a("sig-mistake-plain-sha256", "Unkeyed SHA-256 of the signed content: must not verify.",
                 ["common-mistake"], err("no_matching_signature"),
                 sig="v1," + b64(hashlib.sha256(content).digest())),
    ]

    # Malformed encodings of the correct MAC.
    cases += [
        verify_a("sig-bare-mac-without-version", "The correct MAC without the 'v1,' prefix: no comma, skipped.",
                 ["malformed"], err("invalid_signature_header"), sig=A_SIG_VALUE),
        verify_a("sig-extra-comma-suffix",
                 "'v1,<correct MAC>,extra': the value after the first comma is '<MAC>,extra', not base64. "
                 "The standardwebhooks JS library accepts this.",
                 ["malformed", "strict"], err("invalid_signature_header"), sig=A_SIG + ",extra"),
        verify_a("sig-extra-comma-prefix", "'v1,,<correct MAC>': value ',<MAC>' is not base64.",
                 ["malformed"], err("invalid_signature_header"), sig="v1,," + A_SIG_VALUE),
        verify_a("sig-leading-comma", "',v1,<correct MAC>': the version is the empty string.",
                 ["malformed"], err("invalid_signature_header"), sig="," + A_SIG),
        verify_a("sig-bad-base64-chars", "'v1,!!!!...': characters outside the base64 alphabet.",
                 ["malformed"], err("invalid_signature_header"), sig="v1," + "!" * 43 + "="),
        verify_a("sig-unpadded-correct-mac",
                 "The correct MAC with its '=' padding removed: only canonical padded base64 is accepted.",
                 ["malformed", "strict"], err("invalid_signature_header"), sig=A_SIG.rstrip("=")),
        verify_a("sig-extra-padding", "The correct MAC with an extra '=' appended.",
                 ["malformed", "strict"], err("invalid_signature_header"), sig=A_SIG + "="),
        verify_a("sig-urlsafe-correct-mac",
                 "The correct MAC in the URL-safe alphabet ('-' and '_' for '+' and '/'): not standard base64.",
                 ["malformed", "strict"], err("invalid_signature_header"), sig="v1," + urlsafe),
        verify_a("sig-noncanonical-trailing-bits",
                 "The correct MAC with the last data char 'E' replaced by 'F': a lenient decoder yields the same 32 "
                 "bytes (the changed bits are discarded), but the encoding is not canonical, so the entry is skipped.",
                 ["malformed", "strict"], err("invalid_signature_header"), sig="v1," + noncanonical),
        verify_a("sig-truncated-mac-16-bytes", "The first 16 bytes of the correct MAC, base64: wrong length.",
                 ["malformed"], err("invalid_signature_header"), sig="v1," + b64(A_MAC[:16])),
        verify_a("sig-mac-31-bytes", "The correct MAC minus its last byte (31 bytes): wrong length.",
                 ["malformed", "boundary"], err("invalid_signature_header"), sig="v1," + b64(A_MAC[:31])),
        verify_a("sig-mac-33-bytes", "The correct MAC plus a zero byte (33 bytes): wrong length.",
                 ["malformed", "boundary"], err("invalid_signature_header"), sig="v1," + b64(A_MAC + b"\0")),
        verify_a("sig-hmac-sha512", "A correct HMAC-SHA512 (64 bytes) of the signed content under v1: wrong length.",
                 ["malformed"], err("invalid_signature_header"), sig="v1," + b64(sha512_mac)),
        verify_a("sig-hmac-sha1", "A correct HMAC-SHA1 (20 bytes) of the signed content under v1: wrong length.",
                 ["malformed"], err("invalid_signature_header"), sig="v1," + b64(sha1_mac)),
        verify_a("sig-hex-encoded-mac",
                 "The correct MAC hex-encoded: 64 chars that happen to be valid base64 but decode to 48 bytes.",
                 ["malformed", "common-mistake"], err("invalid_signature_header"), sig="v1," + A_MAC.hex()),
    ]

    # Separators.
    cases += [
        verify_a("sig-leading-spaces", "Leading spaces before the only entry are ignored.", ["whitespace"], OK,
                 sig="   " + A_SIG),
        verify_a("sig-trailing-spaces", "Trailing spaces after the only entry are ignored.", ["whitespace"], OK,
                 sig=A_SIG + "   "),
        verify_a("sig-double-spaces", "Entries separated by runs of spaces (empty tokens skipped).",
                 ["whitespace", "multi-signature"], OK, sig="v1," + SW_WRONG + "    " + A_SIG),
        verify_a("sig-tab-separator", "A tab separates entries like a space.", ["whitespace", "multi-signature"], OK,
                 sig="v1," + SW_WRONG + "\t" + A_SIG),
        verify_a("sig-mixed-tab-space-separator", "Mixed runs of tabs and spaces, leading and trailing.",
                 ["whitespace", "multi-signature"], OK, sig=" \t" + "v2," + SW_WRONG + " \t \t" + A_SIG + "\t "),
        verify_a("sig-newline-is-not-a-separator",
                 "Only ASCII space and tab separate entries: 'v1,<wrong>\\nv1,<correct>' is ONE token whose value "
                 "'<wrong>\\nv1,<correct>' is not base64.",
                 ["whitespace", "malformed", "spec-choice"], err("invalid_signature_header"),
                 sig="v1," + SW_WRONG + "\n" + A_SIG),
        verify_a("sig-only-spaces",
                 "A signature header of only spaces is present and non-empty (so not missing_header) but has no entries.",
                 ["whitespace", "spec-choice"], err("invalid_signature_header"), sig="     "),
        verify_a("sig-space-inside-value", "A space inside the base64 value splits it into two malformed tokens.",
                 ["whitespace", "malformed"], err("invalid_signature_header"),
                 sig=A_SIG[:20] + " " + A_SIG[20:]),
    ]

    # Entry-count limit.
    cases += [
        verify_a("sig-32-entries-valid-last",
                 "Exactly 32 entries (31 well-formed wrong, the valid one last): at the limit, accepted.",
                 ["multi-signature", "boundary"], OK, sig=" ".join(fill[:31] + [A_SIG])),
        verify_a("sig-33-entries-valid-first",
                 "33 entries with the valid one FIRST: the count limit is checked before any entry is tried.",
                 ["multi-signature", "boundary"], err("too_many_signatures"), sig=" ".join([A_SIG] + fill[:32])),
        verify_a("sig-33-entries-valid-last", "33 entries with the valid one last.",
                 ["multi-signature", "boundary"], err("too_many_signatures"), sig=" ".join(fill[:32] + [A_SIG])),
        verify_a("sig-33-malformed-tokens", "33 comma-less junk tokens: malformed entries count toward the limit.",
                 ["multi-signature", "malformed", "boundary"], err("too_many_signatures"),
                 sig=" ".join(["x%d" % i for i in range(33)])),
        verify_a("sig-32-entries-with-empty-tokens",
                 "32 entries separated by double spaces plus leading/trailing spaces: empty tokens are not counted.",
                 ["multi-signature", "whitespace", "boundary"], OK,
                 sig="  " + "  ".join(fill[:31] + [A_SIG]) + "  "),
        verify("sig-too-many-loses-to-old-timestamp",
               "33 entries AND a timestamp 301 s old: the timestamp check comes first.",
               ["multi-signature", "check-order"], err("timestamp_too_old"), [A_SECRET],
               hdrs(A_ID, A_TS, " ".join([A_SIG] + fill[:32])), A_BODY, A_TS + 301),
    ]
    return cases


# ---------------------------------------------------------------------------
# verify_headers.json
# ---------------------------------------------------------------------------


def header_cases():
    ts = str(A_TS)
    std = "standard-webhooks"
    id256 = "msg_" + "a" * 252
    id257 = "msg_" + "a" * 253
    id_utf8_256 = "\u00e9" * 128  # 128 chars, 256 UTF-8 bytes
    id_utf8_258 = "\u00e9" * 129  # 129 chars, 258 UTF-8 bytes
    sig_id256 = sign(A_SECRET, id256, A_TS, A_BODY)
    sig_id257 = sign(A_SECRET, id257, A_TS, A_BODY)
    sig_utf8_256 = sign(A_SECRET, id_utf8_256, A_TS, A_BODY)
    sig_utf8_258 = sign(A_SECRET, id_utf8_258, A_TS, A_BODY)
    sig_4096_junk = A_SIG + " " + "x" * (4096 - len(A_SIG) - 1)
    sig_4097_junk = sig_4096_junk + "x"
    sig_4096_spaces = A_SIG + " " * (4096 - len(A_SIG))
    sig_4097_spaces = sig_4096_spaces + " "
    assert len(sig_4096_junk) == len(sig_4096_spaces) == 4096
    spaced_id = " " + A_ID
    sig_spaced_id = sign(A_SECRET, spaced_id, A_TS, A_BODY)

    def v(id, description, flags, expected, headers, now=A_TS, secrets=(A_SECRET,)):
        return verify(id, description, flags, expected, list(secrets), headers, A_BODY, now)

    wid, wts, wsig = ("webhook-id", A_ID), ("webhook-timestamp", ts), ("webhook-signature", A_SIG)
    sid, sts, ssig = ("svix-id", A_ID), ("svix-timestamp", ts), ("svix-signature", A_SIG)
    wrong_sig = "v1," + SW_WRONG
    return [
        v("hdr-missing-id", "No webhook-id (nor svix-id).", [std], err("missing_header"), [wts, wsig]),
        v("hdr-missing-timestamp", "No webhook-timestamp (nor svix-timestamp).", [std], err("missing_header"),
          [wid, wsig]),
        v("hdr-missing-signature", "No webhook-signature (nor svix-signature).", [std], err("missing_header"),
          [wid, wts]),
        v("hdr-missing-all", "No headers at all (replicate-python test_validate_webhook_missing_headers).",
          ["replicate-client"], err("missing_header"), []),
        v("hdr-replicate-python-missing-id",
          "replicate-python test_validate_webhook_missing_webhook_id: only Content-Type is present.",
          ["replicate-client"], err("missing_header"), [("Content-Type", "application/json")]),
        v("hdr-empty-id", "webhook-id present with an empty value counts as missing.", [], err("missing_header"),
          [("webhook-id", ""), wts, wsig]),
        v("hdr-empty-timestamp", "webhook-timestamp present with an empty value counts as missing "
          "(not invalid_timestamp).", [], err("missing_header"), [wid, ("webhook-timestamp", ""), wsig]),
        v("hdr-empty-signature", "webhook-signature present with an empty value counts as missing "
          "(not invalid_signature_header).", [], err("missing_header"), [wid, wts, ("webhook-signature", "")]),
        v("hdr-case-title", "Title-Case names Webhook-Id / Webhook-Timestamp / Webhook-Signature.", [], OK,
          [("Webhook-Id", A_ID), ("Webhook-Timestamp", ts), ("Webhook-Signature", A_SIG)]),
        v("hdr-case-upper", "UPPER-CASE names (WEBHOOK-SIGNATURE etc.).", [], OK,
          [("WEBHOOK-ID", A_ID), ("WEBHOOK-TIMESTAMP", ts), ("WEBHOOK-SIGNATURE", A_SIG)]),
        v("hdr-case-mixed", "Random-case names (wEbHoOk-Id etc.).", [], OK,
          [("wEbHoOk-Id", A_ID), ("WeBhOoK-tImEsTaMp", ts), ("webHOOK-signature", A_SIG)]),
        v("hdr-order-irrelevant", "Pairs in reverse order with unrelated headers around them.", [], OK,
          [("user-agent", "Replicate-Webhooks/1.0"), wsig, ("content-type", "application/json"), wts, wid,
           ("content-length", "20")]),
        v("hdr-underscore-name-not-recognised",
          "'webhook_id' (underscore, as CGI-style environments spell it) is not the header 'webhook-id'.",
          ["spec-choice"], err("missing_header"), [("webhook_id", A_ID), wts, wsig]),
        v("hdr-svix-all", "All three svix- aliases (Svix's own header names) instead of webhook-.",
          ["svix-alias"], OK, [sid, sts, ssig]),
        v("hdr-svix-title-case", "Svix-Id / Svix-Timestamp / Svix-Signature in Title-Case.", ["svix-alias"], OK,
          [("Svix-Id", A_ID), ("Svix-Timestamp", ts), ("Svix-Signature", A_SIG)]),
        v("hdr-svix-mixed-with-webhook", "svix-id, webhook-timestamp, svix-signature: each header resolved on its own.",
          ["svix-alias"], OK, [sid, wts, ssig]),
        v("hdr-svix-mixed-webhook-id-only", "webhook-id with svix-timestamp and svix-signature.", ["svix-alias"], OK,
          [wid, sts, ssig]),
        v("hdr-both-signature-webhook-wins",
          "webhook-signature valid, svix-signature wrong: webhook- is preferred.", ["svix-alias"], OK,
          [wid, wts, ("svix-signature", wrong_sig), wsig]),
        v("hdr-both-signature-webhook-wins-wrong",
          "webhook-signature wrong, svix-signature valid: webhook- is used, svix- is not consulted at all.",
          ["svix-alias"], err("no_matching_signature"), [wid, wts, ssig, ("webhook-signature", wrong_sig)]),
        v("hdr-both-id-webhook-wins-wrong",
          "webhook-id wrong, svix-id right (svix- pair listed first): webhook-id is signed, so no match.",
          ["svix-alias"], err("no_matching_signature"), [sid, ("webhook-id", "msg_other"), wts, wsig]),
        v("hdr-both-timestamp-webhook-wins",
          "webhook-timestamp valid, svix-timestamp garbage: webhook- is used, so no timestamp error.",
          ["svix-alias"], OK, [wid, ("svix-timestamp", "hello"), wts, wsig]),
        v("hdr-both-timestamp-webhook-wins-invalid",
          "webhook-timestamp garbage, svix-timestamp valid: webhook- is used -> invalid_timestamp.",
          ["svix-alias"], err("invalid_timestamp"), [wid, sts, ("webhook-timestamp", "hello"), wsig]),
        v("hdr-empty-webhook-id-with-svix-id",
          "webhook-id present but empty, svix-id valid: the empty value counts as missing, so the svix- alias is "
          "used (Svix's own libraries would report a missing id here instead).",
          ["svix-alias", "spec-choice"], OK, [("webhook-id", ""), sid, wts, wsig]),
        v("hdr-empty-webhook-signature-and-svix-signature",
          "webhook-signature and svix-signature both present and empty: missing.",
          ["svix-alias"], err("missing_header"), [wid, wts, ("webhook-signature", ""), ("svix-signature", "")]),
        v("hdr-duplicate-signature-first-valid", "Two webhook-signature pairs: the first (valid) wins.",
          ["duplicate-header"], OK, [wid, wts, wsig, ("webhook-signature", "garbage")]),
        v("hdr-duplicate-signature-first-wrong",
          "Two webhook-signature pairs, first wrong, second valid: the first wins, the second is never read "
          "(pairs are not concatenated).",
          ["duplicate-header"], err("no_matching_signature"), [wid, wts, ("webhook-signature", wrong_sig), wsig]),
        v("hdr-duplicate-signature-different-case",
          "'Webhook-Signature' (wrong) then 'webhook-signature' (valid): names are compared case-insensitively, "
          "so these are duplicates and the first wins.",
          ["duplicate-header"], err("no_matching_signature"),
          [wid, wts, ("Webhook-Signature", wrong_sig), wsig]),
        v("hdr-duplicate-id-first-valid", "Two webhook-id pairs: the first (the signed one) wins.",
          ["duplicate-header"], OK, [wid, ("webhook-id", "msg_other"), wts, wsig]),
        v("hdr-duplicate-timestamp-first-invalid", "Two webhook-timestamp pairs, first 'hello': the first wins.",
          ["duplicate-header"], err("invalid_timestamp"), [wid, ("webhook-timestamp", "hello"), wts, wsig]),
        v("hdr-duplicate-id-first-empty",
          "Two webhook-id pairs, the first empty: the first pair wins and its empty value counts as missing.",
          ["duplicate-header", "spec-choice"], err("missing_header"), [("webhook-id", ""), wid, wts, wsig]),
        v("hdr-id-256-bytes", "webhook-id of exactly 256 bytes, correctly signed: at the limit, accepted.",
          ["boundary"], OK, [("webhook-id", id256), wts, ("webhook-signature", sig_id256)]),
        v("hdr-id-257-bytes", "webhook-id of 257 bytes, correctly signed: over the 256-byte cap.",
          ["boundary"], err("header_too_large"), [("webhook-id", id257), wts, ("webhook-signature", sig_id257)]),
        v("hdr-id-non-ascii-256-bytes",
          "webhook-id of 128 x U+00E9 (256 UTF-8 bytes), signed over its UTF-8 bytes: accepted.",
          ["boundary", "unicode"], OK, [("webhook-id", id_utf8_256), wts, ("webhook-signature", sig_utf8_256)]),
        v("hdr-id-non-ascii-258-bytes",
          "webhook-id of 129 x U+00E9: only 129 characters but 258 UTF-8 bytes; the cap counts bytes.",
          ["boundary", "unicode"], err("header_too_large"),
          [("webhook-id", id_utf8_258), wts, ("webhook-signature", sig_utf8_258)]),
        v("hdr-id-used-verbatim",
          "webhook-id with a leading space, signed including the space: values are used verbatim, not trimmed.",
          ["whitespace", "spec-choice"], OK, [("webhook-id", spaced_id), wts, ("webhook-signature", sig_spaced_id)]),
        v("hdr-id-not-trimmed",
          "webhook-id with a leading space but the canonical-A signature (over the untrimmed id): no trimming.",
          ["whitespace", "spec-choice"], err("no_matching_signature"), [("webhook-id", spaced_id), wts, wsig]),
        v("hdr-signature-4096-bytes-junk",
          "Signature header of exactly 4096 bytes (valid entry + one long comma-less token): accepted.",
          ["boundary", "malformed"], OK, [wid, wts, ("webhook-signature", sig_4096_junk)]),
        v("hdr-signature-4097-bytes-junk", "The same header one byte longer (4097): over the cap even though "
          "it contains the valid entry.", ["boundary"], err("header_too_large"),
          [wid, wts, ("webhook-signature", sig_4097_junk)]),
        v("hdr-signature-4096-bytes-spaces", "Valid entry padded with trailing spaces to exactly 4096 bytes.",
          ["boundary", "whitespace"], OK, [wid, wts, ("webhook-signature", sig_4096_spaces)]),
        v("hdr-signature-4097-bytes-spaces", "Valid entry padded with trailing spaces to 4097 bytes: the cap "
          "applies to the raw header value, before splitting.", ["boundary", "whitespace"],
          err("header_too_large"), [wid, wts, ("webhook-signature", sig_4097_spaces)]),
        v("hdr-order-missing-before-too-large",
          "webhook-id over 256 bytes AND no signature header: all presence checks run before size caps.",
          ["check-order"], err("missing_header"), [("webhook-id", id257), wts]),
        v("hdr-order-missing-before-invalid-timestamp",
          "Timestamp 'hello' AND no signature header: missing_header wins.",
          ["check-order"], err("missing_header"), [wid, ("webhook-timestamp", "hello")]),
        v("hdr-order-too-large-before-invalid-timestamp",
          "Signature header over 4096 bytes AND timestamp 'hello': size caps run before timestamp parsing.",
          ["check-order"], err("header_too_large"), [wid, ("webhook-timestamp", "hello"),
                                                    ("webhook-signature", sig_4097_junk)]),
        v("hdr-order-too-large-id-before-old-timestamp",
          "webhook-id over 256 bytes AND a timestamp far outside the window: header_too_large wins.",
          ["check-order"], err("header_too_large"),
          [("webhook-id", id257), wts, ("webhook-signature", sig_id257)], now=A_TS + 100000),
    ]


# ---------------------------------------------------------------------------
# verify_timestamps.json
# ---------------------------------------------------------------------------


def timestamp_cases():
    T = A_TS
    wrong = "v1," + SW_WRONG
    std = "standard-webhooks"

    def signed(id, description, flags, expected, ts_header, now, sig=None, **kw):
        s = sig if sig is not None else sign(A_SECRET, A_ID, ts_header, A_BODY)
        return verify(id, description, flags, expected, [A_SECRET], hdrs(A_ID, ts_header, s), A_BODY, now, **kw)

    cases = []
    # Replicate python client tests (tolerance 3600).
    py = "replicate-client"
    for delta, expected in [(-3601, err("timestamp_too_old")), (3601, err("timestamp_too_new")),
                            (-3599, err("invalid_signature_header")), (3599, err("invalid_signature_header"))]:
        direction = "past" if delta < 0 else "future"
        cases.append(signed(
            "ts-replicate-python-%s-%d" % (direction, abs(delta)),
            "replicate-python test_validate_webhook_timestamp[%+d]: tolerance 3600, signature 'v1,invalid_signature'. "
            "%s" % (delta, "Outside the window: the timestamp error wins over the bad signature." if abs(delta) > 3600
                    else "Inside the window, so the signature is checked; the Python client reports "
                         "InvalidSignatureError, here the malformed entry leaves no v1 entry."),
            [py, "check-order"] if abs(delta) > 3600 else [py],
            expected, str(T + delta), T, sig="v1,invalid_signature", tolerance=3600,
        ))
    cases += [
        signed("ts-replicate-python-past-3599-valid", "Valid signature 3599 s in the past, tolerance 3600.", [py], OK,
               str(T - 3599), T, tolerance=3600),
        signed("ts-replicate-python-future-3599-valid", "Valid signature 3599 s in the future, tolerance 3600.", [py],
               OK, str(T + 3599), T, tolerance=3600),
    ]
    # Default tolerance 300, both directions.
    cases += [
        signed("ts-exact-now", "Timestamp equal to now.", [], OK, str(T), T),
        signed("ts-inside-past", "150 s old, default tolerance 300.", [], OK, str(T - 150), T),
        signed("ts-inside-future", "150 s ahead, default tolerance 300.", [], OK, str(T + 150), T),
        signed("ts-at-past-bound", "Exactly 300 s old with the default tolerance: the bound is inclusive.",
               ["boundary", std], OK, str(T - 300), T),
        signed("ts-at-future-bound", "Exactly 300 s ahead with the default tolerance: inclusive.",
               ["boundary", std], OK, str(T + 300), T),
        signed("ts-past-bound-plus-1", "301 s old, default tolerance: too old (Standard Webhooks: 5 minutes).",
               ["boundary", std], err("timestamp_too_old"), str(T - 301), T),
        signed("ts-future-bound-plus-1", "301 s ahead, default tolerance: too new.",
               ["boundary", std], err("timestamp_too_new"), str(T + 301), T),
        signed("ts-one-day-old", "A correctly signed webhook replayed a day later.", [std], err("timestamp_too_old"),
               str(T - 86400), T),
        signed("ts-old-beats-bad-signature", "301 s old AND a wrong signature: timestamp_too_old wins.",
               ["check-order"], err("timestamp_too_old"), str(T - 301), T, sig=wrong),
        signed("ts-new-beats-bad-signature", "301 s ahead AND a malformed signature header: timestamp_too_new wins.",
               ["check-order"], err("timestamp_too_new"), str(T + 301), T, sig="garbage"),
        # Custom tolerances.
        signed("ts-tolerance-0-exact", "tolerance 0: only ts == now is accepted.", ["boundary"], OK, str(T), T,
               tolerance=0),
        signed("ts-tolerance-0-past-1", "tolerance 0, 1 s old.", ["boundary"], err("timestamp_too_old"),
               str(T - 1), T, tolerance=0),
        signed("ts-tolerance-0-future-1", "tolerance 0, 1 s ahead.", ["boundary"], err("timestamp_too_new"),
               str(T + 1), T, tolerance=0),
        signed("ts-tolerance-600-at-past-bound", "tolerance 600, exactly 600 s old.", ["boundary"], OK,
               str(T - 600), T, tolerance=600),
        signed("ts-tolerance-600-at-future-bound", "tolerance 600, exactly 600 s ahead.", ["boundary"], OK,
               str(T + 600), T, tolerance=600),
        signed("ts-tolerance-600-past-601", "tolerance 600, 601 s old.", ["boundary"], err("timestamp_too_old"),
               str(T - 601), T, tolerance=600),
        signed("ts-tolerance-600-future-601", "tolerance 600, 601 s ahead.", ["boundary"],
               err("timestamp_too_new"), str(T + 601), T, tolerance=600),
        signed("ts-tolerance-600-inside-400", "tolerance 600, 400 s old (would fail the default 300).", [], OK,
               str(T - 400), T, tolerance=600),
        # Window disabled.
        signed("ts-tolerance-null-very-old", "tolerance null disables the window: a 10-year-old timestamp verifies.",
               ["replicate-client"], OK, str(T), T + 10 * 365 * 86400, tolerance=None),
        signed("ts-tolerance-null-far-future", "tolerance null: a timestamp 10 years ahead verifies.", [], OK,
               str(T + 10 * 365 * 86400), T, tolerance=None),
        signed("ts-tolerance-null-zero", "tolerance null with timestamp '0', signed as '0'.", ["boundary"], OK,
               "0", T, tolerance=None),
        signed("ts-zero-default-tolerance", "Timestamp '0' with the default window: too old.", ["boundary"],
               err("timestamp_too_old"), "0", T),
        signed("ts-tolerance-null-still-parsed", "tolerance null does not skip parsing: 'hello' is still invalid.",
               ["check-order"], err("invalid_timestamp"), "hello", T, tolerance=None),
        signed("ts-tolerance-null-bad-signature", "tolerance null and a wrong signature: no_matching_signature.",
               [], err("no_matching_signature"), str(T - 10**6), T, sig=wrong, tolerance=None),
        # The SW vector 946684800.
        verify("ts-sw-2000-01-01-in-window",
               "Standard Webhooks vector: timestamp 946684800 (2000-01-01) with canonical-A's signature, now = "
               "946684800 so the window passes: the timestamp is signed, so the MAC does not match.",
               [std], err("no_matching_signature"), [A_SECRET], hdrs(A_ID, 946684800, A_SIG), A_BODY, 946684800),
        verify("ts-sw-2000-01-01-tolerance-null",
               "Standard Webhooks vector 946684800 with canonical-A's signature and the window disabled: fails "
               "even with tolerance disabled.", [std], err("no_matching_signature"), [A_SECRET],
               hdrs(A_ID, 946684800, A_SIG), A_BODY, A_TS, tolerance=None),
        verify("ts-sw-2000-01-01-default",
               "Standard Webhooks vector 946684800 with now = canonical-A's timestamp: too old.",
               [std], err("timestamp_too_old"), [A_SECRET], hdrs(A_ID, 946684800, A_SIG), A_BODY, A_TS),
    ]
    # Syntax.
    bad = [
        ("hello", "hello", "non-numeric (Standard Webhooks JS/Python suites)", [std]),
        ("teadwd", "teadwd", "non-numeric (Standard Webhooks Ruby suite)", [std]),
        ("fractional", "1614265330.5", "a fraction; the standardwebhooks JS library's parseInt accepts it",
         ["strict"]),
        ("negative", "-1614265330", "a minus sign", []),
        ("plus-sign", "+1614265330", "a plus sign", ["strict"]),
        ("leading-space", " 1614265330", "leading whitespace", ["whitespace", "strict"]),
        ("trailing-space", "1614265330 ", "trailing whitespace", ["whitespace", "strict"]),
        ("trailing-tab", "1614265330\t", "a trailing tab", ["whitespace", "strict"]),
        ("trailing-newline", "1614265330\n", "a trailing newline", ["whitespace", "strict"]),
        ("inner-space", "16142 65330", "a space inside the digits", ["whitespace"]),
        ("trailing-text", "1614265330abc", "trailing text; parseInt-style parsers accept it", ["strict"]),
        ("hex", "0x6037ad72", "hexadecimal", []),
        ("exponent", "1.61426533e9", "scientific notation", []),
        ("milliseconds-float", "1614265330000.0", "milliseconds as a float", []),
        ("arabic-indic-digits", "\u0661\u0666\u0661\u0664\u0662\u0666\u0665\u0663\u0663\u0660",
         "Unicode (Arabic-Indic) digits: only ASCII 0-9 count", ["unicode", "strict"]),
        ("fullwidth-digits", "\uff11\uff16\uff11\uff14\uff12\uff16\uff15\uff13\uff13\uff10",
         "full-width digits", ["unicode", "strict"]),
        ("25-digits", "1" * 25, "25 digits: within the 32-byte cap but overflows u64", ["boundary"]),
        ("u64-max-plus-1", str(U64_MAX + 1), "u64::MAX + 1 (20 digits)", ["boundary"]),
    ]
    for suffix, value, why, flags in bad:
        cases.append(signed(
            "ts-invalid-" + suffix,
            "webhook-timestamp %r: %s -> invalid_timestamp. The signature is correct for that exact header value, "
            "so only the syntax check can reject it." % (value, why),
            flags, err("invalid_timestamp"), value, A_TS,
        ))
    ts32 = "0" * 22 + str(T)
    ts33 = "0" * 23 + str(T)
    u64_padded = "0" * 12 + str(U64_MAX)
    assert len(ts32) == 32 and len(ts33) == 33 and len(u64_padded) == 32
    cases += [
        signed("ts-invalid-beats-bad-signature", "Timestamp 'hello' AND a malformed signature header: "
               "invalid_timestamp wins.", ["check-order"], err("invalid_timestamp"), "hello", T, sig="garbage"),
        signed("ts-leading-zeros-signed-as-sent",
               "'0001614265330' signed with the leading zeros: accepted (value 1614265330 is in the window) "
               "and the header string, not the re-formatted number, is what was signed.",
               [], OK, "000" + str(T), T),
        verify("ts-leading-zeros-signature-over-normalised",
               "'0001614265330' with canonical-A's signature (over '1614265330'): the signed content uses the header "
               "string verbatim, so no match.", ["spec-choice"], err("no_matching_signature"), [A_SECRET],
               hdrs(A_ID, "000" + str(T), A_SIG), A_BODY, T),
        signed("ts-32-bytes", "32-character zero-padded timestamp, signed as sent: at the cap, accepted.",
               ["boundary"], OK, ts32, T),
        signed("ts-33-bytes", "33-character zero-padded timestamp: over the 32-byte cap -> header_too_large "
               "(before parsing).", ["boundary"], err("header_too_large"), ts33, T),
        signed("ts-33-bytes-garbage", "33 characters of garbage: the size cap is checked before the syntax.",
               ["boundary", "check-order"], err("header_too_large"), "x" * 33, T),
        signed("ts-u64-max-tolerance-null", "u64::MAX (18446744073709551615) parses; with the window disabled "
               "and a matching signature it verifies.", ["boundary"], OK, str(U64_MAX), T, tolerance=None),
        signed("ts-u64-max-default-tolerance", "u64::MAX with the default window: too new (no overflow in "
               "ts - now).", ["boundary"], err("timestamp_too_new"), str(U64_MAX), T),
        signed("ts-u64-max-zero-padded", "u64::MAX zero-padded to 32 characters, window disabled: accepted.",
               ["boundary"], OK, u64_padded, T, tolerance=None),
        signed("ts-far-future-default-tolerance", "An 11-digit timestamp (year 5138) with the default window.",
               [], err("timestamp_too_new"), "99999999999", T),
        signed("ts-now-zero", "now = 0 and timestamp 300 with the default window: exactly at the bound "
               "(no underflow in now - ts).", ["boundary"], OK, "300", 0),
        signed("ts-now-zero-too-new", "now = 0 and timestamp 301: too new.", ["boundary"],
               err("timestamp_too_new"), "301", 0),
    ]
    return cases


# ---------------------------------------------------------------------------
# verify_secrets.json
# ---------------------------------------------------------------------------


def secret_cases():
    T = A_TS
    key23 = b"replicate-webhooks-key!"
    assert len(key23) == 23
    s23 = b64(key23)
    assert s23.endswith("=") and not s23.endswith("==")
    key22 = b"replicate-webhook-key!"
    s22 = b64(key22)
    assert s22.endswith("==")
    key64 = hashlib.sha512(b"replicate-webhooks 64-byte key").digest()
    key100 = (hashlib.sha512(b"k1").digest() + hashlib.sha512(b"k2").digest())[:100]
    other = "whsec_" + b64(hashlib.sha256(b"rotated secret").digest()[:24])
    urlsafe_b = B_SECRET.replace("+", "-").replace("/", "_")
    assert urlsafe_b != B_SECRET

    def s(id, description, flags, expected, secrets, sig=None, headers=None, now=T):
        h = headers if headers is not None else hdrs(A_ID, T, sig if sig is not None else A_SIG)
        return verify(id, description, flags, expected, secrets, h, A_BODY, now)

    def by(secret):
        return sign(secret, A_ID, T, A_BODY)

    bad_secrets = [
        ("empty", "", "the empty string", ["standard-webhooks"]),
        ("prefix-only", "whsec_", "'whsec_' with nothing after it", ["standard-webhooks"]),
        ("replicate-python-format", "invalid_secret_format",
         "replicate-python test_validate_webhook_invalid_secret: no whsec_ prefix, so it is read as base64 and "
         "'_' is not in the standard alphabet", ["replicate-client"]),
        ("urlsafe-chars", "whsec_" + urlsafe_b[6:],
         "the docs secret with '+' written as '-' (URL-safe alphabet)", ["strict"]),
        ("bad-chars", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2La!aSw", "a '!' inside", []),
        ("length-mod-4-is-1", "whsec_MfKQ9", "5 base64 chars: no byte string encodes to that length", []),
        ("padding-in-middle", "whsec_QQ==QQ==", "padding in the middle", []),
        ("only-padding", "whsec_==", "only padding: decodes to zero bytes", ["boundary"]),
        ("double-prefix", "whsec_whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
         "the prefix is stripped once; 'whsec_...' is then not base64", []),
        ("uppercase-prefix", "WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
         "the prefix is case-sensitive; 'WHSEC_...' is read as base64 and '_' is invalid", []),
        ("whsk-prefix", ED25519_SECRET_KEY,
         "an ed25519 'whsk_' secret key: not a whsec_ secret, read as bare base64, '_' invalid", ["standard-webhooks"]),
        ("whpk-prefix", ED25519_PUBLIC_KEY, "an ed25519 'whpk_' public key", ["standard-webhooks"]),
        ("trailing-newline", A_SECRET + "\n",
         "a trailing newline (as read from a file or env var): not trimmed, '\\n' is not base64", ["whitespace", "strict"]),
        ("inner-space", "whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw", "a space inside", ["whitespace"]),
    ]
    cases = []
    for suffix, secret, why, flags in bad_secrets:
        cases.append(s("secret-invalid-" + suffix, "Secret %r: %s -> invalid_secret." % (secret, why), flags,
                       err("invalid_secret"), [secret]))
    cases += [
        s("secret-without-prefix", "canonical-A secret without 'whsec_': the prefix is optional "
          "(replicate-python would reject this).", ["lenient"], OK, [A_SECRET[6:]]),
        s("secret-padded-23-byte-key", "A 23-byte key whose base64 ends in one '=', with padding.", [], OK,
          ["whsec_" + s23], sig=by("whsec_" + s23)),
        s("secret-unpadded-23-byte-key", "The same 23-byte key with its '=' omitted: padding is optional.",
          ["lenient"], OK, ["whsec_" + s23.rstrip("=")], sig=by("whsec_" + s23)),
        s("secret-unpadded-22-byte-key", "A 22-byte key whose base64 ends in '==', with both omitted.",
          ["lenient"], OK, ["whsec_" + s22.rstrip("=")], sig=by("whsec_" + s22)),
        s("secret-one-byte-key-padded", "'whsec_QQ==': a 1-byte key is accepted (no minimum beyond 1 byte).",
          ["boundary", "lenient"], OK, ["whsec_QQ=="], sig=by("whsec_QQ==")),
        s("secret-one-byte-key-unpadded", "'QQ' (no prefix, no padding): 1-byte key.",
          ["boundary", "lenient"], OK, ["QQ"], sig=by("whsec_QQ==")),
        s("secret-64-byte-key", "A 64-byte key (the HMAC-SHA256 block size; Standard Webhooks maximum).",
          ["boundary"], OK, ["whsec_" + b64(key64)], sig=by("whsec_" + b64(key64))),
        s("secret-100-byte-key", "A 100-byte key (longer than the block size, so HMAC hashes it first).",
          ["boundary"], OK, ["whsec_" + b64(key100)], sig=by("whsec_" + b64(key100))),
        s("secret-docs-example", "The replicate.com docs secret verifying its own signature over canonical-A "
          "inputs (its '+' must survive decoding).", ["replicate-client"], OK, [DOCS_SECRET],
          sig=DERIVED_DOCS_SIG),
        # Rotation.
        s("secret-rotation-second-matches", "Two secrets, the signature made with the second.", ["rotation"], OK,
          [other, A_SECRET]),
        s("secret-rotation-first-matches", "Two secrets, the signature made with the first.", ["rotation"], OK,
          [A_SECRET, other]),
        s("secret-rotation-neither-matches", "Two secrets, the signature made with a third.", ["rotation"],
          err("no_matching_signature"), [other, MOCK_SECRET]),
        s("secret-rotation-three-last-matches", "Three secrets, the last one signed.", ["rotation"], OK,
          [other, MOCK_SECRET, A_SECRET]),
        s("secret-rotation-sender-lists-both",
          "The sender signs with old and new secret (two v1 entries); the receiver knows only the new one.",
          ["rotation", "multi-signature"], OK, [other], sig=by(A_SECRET) + " " + by(other)),
        s("secret-rotation-cross-product",
          "Two secrets and two entries, the match being secret 2 x entry 2: every pair is tried.",
          ["rotation", "multi-signature"], OK, [MOCK_SECRET, other], sig="v1," + SW_WRONG + " " + by(other)),
        s("secret-rotation-one-invalid",
          "Two secrets where the valid first one matches but the second is malformed: every secret is validated "
          "first, so invalid_secret.", ["rotation", "check-order"], err("invalid_secret"), [A_SECRET, "whsec_"]),
        s("secret-rotation-same-key-both-spellings", "The same key with and without the prefix.", ["rotation"], OK,
          [A_SECRET, A_SECRET[6:]]),
        s("secret-invalid-beats-missing-headers", "Invalid secret AND no headers: secrets are checked first.",
          ["check-order"], err("invalid_secret"), [""], headers=[]),
        s("secret-invalid-beats-old-timestamp", "Invalid secret AND an old timestamp: invalid_secret.",
          ["check-order"], err("invalid_secret"), ["invalid_secret_format"], now=T + 100000),
    ]
    return cases


# ---------------------------------------------------------------------------
# verify_bodies.json
# ---------------------------------------------------------------------------


def body_cases():
    T = A_TS

    def b(id, description, flags, expected, body, sig=None, sig_body=None):
        if sig is None:
            sig = sign(A_SECRET, A_ID, T, body if sig_body is None else sig_body)
        return verify(id, description, flags, expected, [A_SECRET], hdrs(A_ID, T, sig), body, T)

    unicode_body = '{"prompt": "\u4e00\u5e45\u5c71\u6c34\u753b \U0001f3d4\ufe0f", "caption": "caf\u00e9 \U0001f600"}'
    latin1 = '{"name": "caf\u00e9"}'
    non_utf8 = b"\xff\xfe\x00\x01binary\x80\x81\xc3("
    bom = "\ufeff" + A_BODY
    return [
        b("body-empty", "An empty body signed as such (signed content 'id.ts.'): accepted. The Replicate clients "
          "reject empty bodies before verifying.", ["boundary", "lenient"], OK, ""),
        b("body-empty-canonical-signature", "Empty body with canonical-A's signature.", ["tampered"],
          err("no_matching_signature"), "", sig=A_SIG),
        b("body-unicode", "UTF-8 body with CJK text and emoji (4-byte sequences, a variation selector): signed "
          "over its UTF-8 bytes.", ["unicode"], OK, unicode_body),
        b("body-unicode-nfc-vs-nfd",
          "Body with 'e' + combining acute (NFD) but signed over the precomposed U+00E9 (NFC) form: no "
          "normalisation happens.", ["unicode", "tampered"], err("no_matching_signature"),
          '{"name": "cafe\u0301"}', sig_body=latin1),
        b("body-non-utf8", "Arbitrary non-UTF-8 bytes (0xFF 0xFE, NUL, lone continuation bytes) signed raw: "
          "accepted. The standardwebhooks libraries decode the body as text and cannot verify this.",
          ["non-utf8", "lenient"], OK, non_utf8),
        b("body-latin1", "'caf\\xe9' encoded as Latin-1 (not valid UTF-8), signed over those raw bytes.",
          ["non-utf8"], OK, latin1.encode("latin-1")),
        b("body-latin1-signed-as-utf8",
          "Latin-1 bytes delivered, but signed over the UTF-8 encoding of the same text: a transcoding proxy "
          "or a decode/re-encode step breaks the signature.", ["non-utf8", "tampered"],
          err("no_matching_signature"), latin1.encode("latin-1"), sig_body=latin1),
        b("body-nul-bytes", "A UTF-8 body containing NUL characters (no C-string truncation).", [], OK,
          '{"a": "x\u0000y"}\u0000'),
        b("body-crlf", "A pretty-printed body with CRLF line endings and a trailing newline.", ["whitespace"], OK,
          '{\r\n  "test": 2432232314\r\n}\r\n'),
        b("body-crlf-normalised", "CRLF body delivered with LF line endings after signing: must not verify.",
          ["whitespace", "tampered"], err("no_matching_signature"), '{\n  "test": 2432232314\n}\n',
          sig_body='{\r\n  "test": 2432232314\r\n}\r\n'),
        b("body-bom", "A body starting with a UTF-8 BOM, signed including it: the BOM is part of the bytes.",
          ["unicode"], OK, bom),
        b("body-bom-stripped", "BOM body signed with the BOM, delivered without it.", ["unicode", "tampered"],
          err("no_matching_signature"), A_BODY, sig_body=bom),
        b("body-not-json", "Verify mode never looks at the body's content: plain text verifies.", [], OK,
          "this is not JSON"),
        b("body-1mib-multibyte", "1 MiB of U+00E9 (524288 x 2-byte UTF-8 sequences).", ["large", "unicode"], OK,
          Repeat("\u00e9", 524288)),
        b("body-4mib-json-chunks", "A 4 MiB body built from a repeated JSON fragment (larger than the 1 MiB "
          "known answer; there is no body size cap).", ["large"], OK, Repeat('{"k":"v"},', 419431)),
    ]


# ---------------------------------------------------------------------------
# Payloads
# ---------------------------------------------------------------------------

PAYLOAD_ID_RE = re.compile(r"[a-z0-9]{26}")


def hex64(label):
    return hashlib.sha256(label.encode()).hexdigest()


def pred_urls(pid, stream=False, web=True):
    u = {
        "cancel": "https://api.replicate.com/v1/predictions/%s/cancel" % pid,
        "get": "https://api.replicate.com/v1/predictions/%s" % pid,
    }
    if stream:
        u["stream"] = "https://stream.replicate.com/v1/files/bcwr-3okdfv3o2wehstv5f2okyftwxy57hhypqsi6osiim5iuvpx7ew3a"
    if web:
        u["web"] = "https://replicate.com/p/%s" % pid
    return u


def train_urls(pid):
    return {
        "cancel": "https://api.replicate.com/v1/trainings/%s/cancel" % pid,
        "get": "https://api.replicate.com/v1/trainings/%s" % pid,
        "web": "https://replicate.com/p/%s" % pid,
    }


SDXL_VERSION = "39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b"
DOCS_VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"

# The replicate.com docs' "unfinished prediction" example, verbatim apart from the braces the seed lost.
DOCS_STARTING_BODY = """{
  "id": "ufawqhfynnddngldkgtslldrkq",
  "version": "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa",
  "created_at": "2022-04-26T22:13:06.224088Z",
  "started_at": null,
  "completed_at": null,
  "status": "starting",
  "input": {
    "text": "Alice"
  },
  "output": null,
  "error": null,
  "logs": null,
  "metrics": {}
}"""


def full_succeeded_prediction():
    pid = "gm3qorzdhgbfurvjtvhg6dckhu"
    return {
        "id": pid,
        "model": "meta/meta-llama-3-8b-instruct",
        "version": "hidden",
        "input": {"prompt": "Write a haiku about webhooks.", "max_tokens": 128, "temperature": 0.7},
        "logs": "Random seed set to: 1234\nFormatted prompt: Write a haiku about webhooks.\n",
        "output": ["Sign", "als", " arrive", " in", " the", " night", ",", " signed", " and", " sealed", "."],
        "data_removed": False,
        "error": None,
        "source": "api",
        "status": "succeeded",
        "created_at": "2023-09-08T16:19:34.765994Z",
        "started_at": "2023-09-08T16:19:34.779176Z",
        "completed_at": "2023-09-08T16:19:36.231529Z",
        "deadline": "2023-09-08T17:19:34.765994Z",
        "deployment": "acme/llama-prod",
        "urls": pred_urls(pid, stream=True),
        "metrics": {
            "predict_time": 1.452353,
            "total_time": 1.465535,
            "input_token_count": 21,
            "output_token_count": 17,
            "time_to_first_token": 0.041226,
            "tokens_per_second": 11.7052,
        },
        "webhook": "https://example.com/replicate-webhook?customId=123",
        "webhook_events_filter": ["start", "completed"],
    }


def sdxl_prediction(pid, status, **overrides):
    p = {
        "id": pid,
        "model": "stability-ai/sdxl",
        "version": SDXL_VERSION,
        "input": {"prompt": "an astronaut riding a rainbow unicorn", "num_outputs": 1},
        "logs": "",
        "output": None,
        "data_removed": False,
        "error": None,
        "source": "api",
        "status": status,
        "created_at": "2023-09-08T16:19:34.765994Z",
        "started_at": "2023-09-08T16:19:35.112040Z",
        "completed_at": None,
        "urls": pred_urls(pid),
        "metrics": {},
    }
    p.update(overrides)
    return p


def training(pid, status, **overrides):
    t = {
        "id": pid,
        "model": "ostris/flux-dev-lora-trainer",
        "version": hex64("flux-dev-lora-trainer"),
        "destination": "acme/flux-acme-style",
        "input": {"input_images": "https://example.com/training-images.zip", "steps": 1000, "lora_rank": 16},
        "logs": "flux_train_replicate: 100%|##########| 1000/1000\n",
        "output": {
            "version": hex64("acme/flux-acme-style"),
            "weights": "https://replicate.delivery/xezq/4kq2fQbMvJ8nZ1wC/trained_model.tar",
        },
        "error": None,
        "source": "api",
        "status": status,
        "created_at": "2024-08-14T09:02:11.503841Z",
        "started_at": "2024-08-14T09:02:17.214960Z",
        "completed_at": "2024-08-14T09:21:03.882715Z",
        "urls": train_urls(pid),
        "metrics": {"predict_time": 1126.667755, "total_time": 1132.379074},
        "webhook": "https://example.com/replicate-webhook?training=1",
        "webhook_events_filter": ["completed"],
    }
    t.update(overrides)
    return t


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


VP_SECRET = DOCS_SECRET
VP_TS = 1694190000  # 2023-09-08T16:20:00Z


def verify_and_parse_cases():
    msg_ids = iter("msg_2VkB7uPzq8nW3xYtR5mLcJd0f%02d" % i for i in range(100))

    def vp(id, description, flags, expected, body, sig=None, now=VP_TS + 2, ts=VP_TS):
        msg_id = next(msg_ids)
        s = sig if sig is not None else sign(VP_SECRET, msg_id, ts, body)
        return case(id, description, flags, "verify_and_parse", expected, secrets=[VP_SECRET],
                    headers=hdrs(msg_id, ts, s), body=body, now=now)

    full = full_succeeded_prediction()
    processing = sdxl_prediction("rf2m9t8bq1rg80chs0yb3qz4w8", "processing",
                                 logs="Using seed: 48151\n  0%|          | 0/30 [00:00<?, ?it/s]\n"
                                      " 40%|####      | 12/30 [00:01<00:02,  8.41it/s]\n")
    failed = sdxl_prediction("0xkp3yqe5nrgc0cjd3vtxbq6fr", "failed",
                             error="CUDA out of memory. Tried to allocate 2.00 GiB",
                             completed_at="2023-09-08T16:19:41.020113Z",
                             metrics={"predict_time": 5.90807, "total_time": 6.254119})
    canceled = sdxl_prediction("9n4h1pq6z5rj40cm8xs2w7kdya", "canceled", completed_at="2023-09-08T16:19:39.5Z",
                               metrics={"predict_time": 4.01, "total_time": 4.39})
    aborted = sdxl_prediction("cz8d2vkq0hrg80cn5t3mbw1yje", "aborted", started_at=None,
                              completed_at="2023-09-08T16:20:34.766131Z",
                              deadline="2023-09-08T16:20:34.765994Z")
    queued = sdxl_prediction("k7w3xq9p2drj00cpe6mfa4tn5z", "queued_for_gpu", started_at=None)
    data_removed = sdxl_prediction("a5fx7rawgsrmc0cphme99z248m", "succeeded", input={}, output=None,
                                   data_removed=True, logs=None,
                                   completed_at="2023-09-08T16:19:38.101010Z",
                                   metrics={"predict_time": 2.2, "total_time": 3.1})
    sdxl_done = sdxl_prediction("p8fh2kz0wdrgc0cq3ntm6yx9vb", "succeeded",
                                output=["https://replicate.delivery/pbxt/f4kxE1hn/out-0.png"],
                                completed_at="2023-09-08T16:19:38.421207Z",
                                metrics={"predict_time": 3.1532, "total_time": 3.6552})
    train_full = training("jd2kx7p5qnrg80cjbq3s9wvmhy", "succeeded")
    train_dest_only = training("t4m8r2z6bdrgc0cjx5nq7hwkfe", "processing", output=None, completed_at=None)
    del train_dest_only["urls"]
    train_weights_only = training("w9p3c6k1xsrj00ckd8fz2mv4qa", "succeeded")
    del train_weights_only["urls"], train_weights_only["destination"]
    unknown_fields = sdxl_prediction("h3n7v1c9k5rj00cz2xq8pd4mwt", "starting", started_at=None)
    unknown_fields["gpu"] = {"type": "A100", "count": 1}
    unknown_fields["urls"]["events"] = "https://api.replicate.com/v1/predictions/h3n7v1c9k5rj00cz2xq8pd4mwt/events"
    unknown_fields["metrics"]["queue_time"] = 0.12
    unknown_fields["tags"] = ["x", 1, None]
    bad_metrics = sdxl_prediction("b6t2m8q4z1rg80cw9xk3jd7nvf", "succeeded", metrics={"predict_time": "slow"})

    for p in (full, processing, failed, canceled, aborted, queued, data_removed, sdxl_done, train_full,
              train_dest_only, train_weights_only, unknown_fields, bad_metrics):
        assert PAYLOAD_ID_RE.fullmatch(p["id"]), p["id"]

    pr, tr = "prediction", "training"
    return [
        vp("vp-docs-starting-example",
           "The replicate.com docs' 'unfinished prediction' webhook body, pretty-printed: no model, urls, source "
           "or data_removed; null started_at/completed_at/output/error/logs; empty metrics. Prediction by default.",
           ["prediction", "replicate-client"], payload_ok(pr, "ufawqhfynnddngldkgtslldrkq", "starting", False),
           DOCS_STARTING_BODY),
        vp("vp-prediction-succeeded-full",
           "A succeeded prediction with every documented field: model, version 'hidden', deployment, deadline, "
           "data_removed, source, urls with stream and web, metrics with token counts, webhook, "
           "webhook_events_filter, array output.",
           ["prediction"], payload_ok(pr, full["id"], "succeeded", True), dumps(full)),
        vp("vp-prediction-succeeded-image", "A succeeded image prediction (output: array of file URLs).",
           ["prediction"], payload_ok(pr, sdxl_done["id"], "succeeded", True), dumps(sdxl_done)),
        vp("vp-prediction-processing-logs", "A processing prediction with progress-bar logs: not terminal.",
           ["prediction"], payload_ok(pr, processing["id"], "processing", False), dumps(processing)),
        vp("vp-prediction-failed", "A failed prediction with an error string: terminal.",
           ["prediction"], payload_ok(pr, failed["id"], "failed", True), dumps(failed)),
        vp("vp-prediction-canceled", "A canceled prediction: terminal.",
           ["prediction"], payload_ok(pr, canceled["id"], "canceled", True), dumps(canceled)),
        vp("vp-prediction-aborted",
           "An aborted prediction (deadline reached before it started, started_at null): terminal. 'aborted' "
           "(2025) broke clients with closed status enums.",
           ["prediction"], payload_ok(pr, aborted["id"], "aborted", True), dumps(aborted)),
        vp("vp-prediction-unknown-status",
           "An unknown future status 'queued_for_gpu' is kept verbatim and is not terminal (open enum).",
           ["prediction"], payload_ok(pr, queued["id"], "queued_for_gpu", False), dumps(queued)),
        vp("vp-prediction-data-removed",
           "A succeeded prediction after data removal: input {}, output null, logs null, data_removed true.",
           ["prediction"], payload_ok(pr, data_removed["id"], "succeeded", True), dumps(data_removed)),
        vp("vp-training-succeeded-full",
           "A succeeded training: urls.get under /v1/trainings/, destination, output {version, weights}.",
           ["training"], payload_ok(tr, train_full["id"], "succeeded", True), dumps(train_full)),
        vp("vp-training-destination-only",
           "A processing training with no urls and output null: detected only by its non-null destination.",
           ["training"], payload_ok(tr, train_dest_only["id"], "processing", False), dumps(train_dest_only)),
        vp("vp-training-weights-only",
           "A succeeded training with no urls and no destination: detected only by output being an object with "
           "a 'weights' key.",
           ["training"], payload_ok(tr, train_weights_only["id"], "succeeded", True), dumps(train_weights_only)),
        vp("vp-unknown-fields",
           "Unknown top-level, urls and metrics fields (and odd values in them) are ignored.",
           ["prediction"], payload_ok(pr, unknown_fields["id"], "starting", False), dumps(unknown_fields)),
        vp("vp-unicode-input", "A prediction whose input holds CJK text and emoji (UTF-8 body, signed as bytes).",
           ["prediction", "unicode"], payload_ok(pr, "q5c8z2m7x1rgc0cv4tk9np3wjd", "starting", False),
           dumps(sdxl_prediction("q5c8z2m7x1rgc0cv4tk9np3wjd", "starting", started_at=None,
                                 input={"prompt": "\u5bcc\u58eb\u5c71\u3068\u685c \U0001f338"}))),
        vp("vp-bad-signature-wins",
           "A perfectly valid payload with a wrong signature: the signature error is returned and the body is "
           "never parsed.", ["check-order", "tampered"], err("no_matching_signature"), dumps(full),
           sig="v1," + SW_WRONG),
        vp("vp-bad-signature-invalid-body",
           "Invalid JSON with a wrong signature: no_matching_signature, not invalid_payload (verification first).",
           ["check-order", "tampered"], err("no_matching_signature"), "{not json", sig="v1," + SW_WRONG),
        vp("vp-old-timestamp-wins", "Valid payload and signature, but the timestamp is 301 s old.",
           ["check-order"], err("timestamp_too_old"), dumps(full), now=VP_TS + 301),
        vp("vp-signed-invalid-json", "A correctly signed body that is not JSON: verification passes, parsing "
           "fails.", ["check-order"], err("invalid_payload"), "{not json"),
        vp("vp-signed-wrong-typed-metrics", "A correctly signed prediction whose metrics.predict_time is a string.",
           ["prediction"], err("invalid_payload"), dumps(bad_metrics)),
        vp("vp-canonical-a-body-not-a-payload",
           "The known-answer body {\"test\": 2432232314} verifies but is not a Replicate payload (no id/status).",
           ["check-order"], err("invalid_payload"), A_BODY),
    ]


def parse_cases():
    def p(id, description, flags, expected, body):
        return case(id, description, flags, "parse", expected, body=body)

    pid = "m2x8c4v6b0rgc0cn7qz5tk1wjh"
    base = {"id": pid, "status": "processing"}
    assert PAYLOAD_ID_RE.fullmatch(pid)

    def with_(**kw):
        d = dict(base)
        d.update(kw)
        return dumps(d)

    all_null = {k: None for k in TYPED_FIELDS}
    all_null.update(output=None, id=pid, status="starting")
    pr, tr = "prediction", "training"
    ok = lambda kind, status="processing": payload_ok(kind, pid, status, status in TERMINAL)  # noqa: E731
    bad = err("invalid_payload")
    return [
        p("parse-minimal", "Only id and status: everything else is optional.", ["prediction"], ok(pr), dumps(base)),
        p("parse-all-optional-null", "Every optional field null (model, version, urls, metrics, destination, "
          "data_removed, ...): nulls are fine everywhere except id/status.", ["prediction"], ok(pr, "starting"),
          dumps(all_null)),
        p("parse-null-subfields", "urls.get null and metrics.predict_time null: fine, falls back to prediction.",
          ["prediction"], ok(pr), with_(urls={"get": None}, metrics={"predict_time": None})),
        p("parse-whitespace-around", "Leading and trailing JSON whitespace is valid JSON.", ["whitespace"], ok(pr),
          " \n\t" + dumps(base) + "\r\n "),
        p("parse-status-case-sensitive", "'Succeeded' is not 'succeeded': kept verbatim, not terminal.",
          ["spec-choice"], payload_ok(pr, pid, "Succeeded", False), with_(status="Succeeded")),
        p("parse-urls-trainings-wins-over-destination-null",
          "urls.get under /v1/trainings/ with destination null: training (urls.get decides first).",
          ["training"], ok(tr), with_(urls=train_urls(pid), destination=None)),
        p("parse-urls-predictions-wins-over-weights",
          "urls.get under /v1/predictions/ but output has a 'weights' key: prediction (urls.get decides first).",
          ["prediction"], ok(pr), with_(urls=pred_urls(pid), output={"weights": "https://example.com/w.tar"})),
        p("parse-urls-predictions-wins-over-destination",
          "urls.get under /v1/predictions/ and a destination: prediction.", ["prediction"], ok(pr),
          with_(urls=pred_urls(pid), destination="acme/model")),
        p("parse-urls-other-path-destination",
          "urls.get matching neither path (a deployments URL) and a destination: training via the fallback.",
          ["training"], ok(tr), with_(urls={"get": "https://api.replicate.com/v1/deployments/acme/x"},
                                      destination="acme/model")),
        p("parse-destination-null", "destination present but null, no urls: prediction.", ["prediction"], ok(pr),
          with_(destination=None)),
        p("parse-output-object-without-weights", "output is an object without 'weights': prediction.",
          ["prediction"], ok(pr), with_(output={"version": "abc", "text": "hi"})),
        p("parse-output-string", "output a plain string: prediction.", ["prediction"], ok(pr),
          with_(output="hello")),
        p("parse-big-numbers-in-input", "Arbitrary JSON in input (big and fractional numbers, nested arrays).",
          ["prediction"], ok(pr), with_(input={"seed": 18446744073709551615, "x": [1.5e300, -0.0, [[]]]})),
        p("parse-invalid-json", "Not JSON.", [], bad, "{not json"),
        p("parse-truncated-json", "JSON object cut off mid-way.", [], bad, dumps(base)[:-5]),
        p("parse-trailing-garbage", "A valid object followed by more text.", [], bad, dumps(base) + " x"),
        p("parse-empty-body", "An empty body is not JSON.", ["boundary"], bad, ""),
        p("parse-whitespace-only", "Only whitespace is not JSON.", ["whitespace"], bad, "  \n"),
        p("parse-json-array", "A JSON array of a payload is not an object.", [], bad, "[" + dumps(base) + "]"),
        p("parse-json-string", "A JSON string is not an object.", [], bad, '"succeeded"'),
        p("parse-json-null", "JSON null is not an object.", [], bad, "null"),
        p("parse-missing-id", "No id.", [], bad, dumps({"status": "succeeded"})),
        p("parse-missing-status", "No status.", [], bad, dumps({"id": pid})),
        p("parse-id-not-string", "id is a number.", [], bad, dumps({"id": 12345, "status": "succeeded"})),
        p("parse-id-null", "id is null.", [], bad, dumps({"id": None, "status": "succeeded"})),
        p("parse-status-null", "status is null.", [], bad, dumps({"id": pid, "status": None})),
        p("parse-status-not-string", "status is an object.", [], bad, dumps({"id": pid, "status": {"s": 1}})),
        p("parse-metrics-predict-time-string", "metrics.predict_time is the string 'slow'.", [], bad,
          with_(metrics={"predict_time": "slow"})),
        p("parse-metrics-array",
          "metrics is an array [1.5, 2.5] instead of an object (a serde struct would silently accept a "
          "sequence here).", ["strict"], bad, with_(metrics=[1.5, 2.5])),
        p("parse-logs-number", "logs is the number 5.", [], bad, with_(logs=5)),
        p("parse-non-utf8", "A body that is not UTF-8 cannot be JSON.", ["non-utf8"], bad,
          b'{"id":"\xff","status":"starting"}'),
    ]


def sign_cases():
    def sg(id, description, flags, secret, msg_id, ts, body, expected):
        return case(id, description, flags, "sign", expected, secrets=[secret], msg_id=msg_id, timestamp=ts,
                    body=body)

    def computed(secret, msg_id, ts, body):
        return {"ok": True, "signature": sign(secret, msg_id, ts, body)}

    def lit(sig):
        return {"ok": True, "signature": sig}

    ka = ["known-answer"]
    key64 = "whsec_" + b64(hashlib.sha512(b"replicate-webhooks 64-byte key").digest())
    return [
        sg("sign-canonical-a", "canonical-A (replicate.md 5.1).", ka + ["replicate-client", "standard-webhooks"],
           A_SECRET, A_ID, A_TS, A_BODY, lit(A_SIG)),
        sg("sign-canonical-b", "canonical-B (Standard Webhooks Rust test_sign).", ka + ["standard-webhooks"],
           B_SECRET, B_ID, B_TS, B_BODY, lit(B_SIG)),
        sg("sign-derived-docs-secret", "replicate.md 5.2 row 1.", ka + ["replicate-client"], DOCS_SECRET, A_ID,
           A_TS, A_BODY, lit(DERIVED_DOCS_SIG)),
        sg("sign-derived-secret-endpoint-mock", "replicate.md 5.2 row 2.", ka + ["replicate-client"], MOCK_SECRET,
           A_ID, A_TS, A_BODY, lit(DERIVED_MOCK_SIG)),
        sg("sign-reserialized-body", "replicate.md 5.2 row 3 (body without the space).", ka + ["replicate-client"],
           A_SECRET, A_ID, A_TS, RESERIALIZED_BODY, lit(RESERIALIZED_SIG)),
        sg("sign-large-1mib", "1 MiB of 'a' (Svix C#).", ka + ["standard-webhooks", "large"], A_SECRET, A_ID, A_TS,
           LARGE_1MIB, lit(LARGE_1MIB_SIG)),
        sg("sign-large-256kib", "262144 x 'a' (Svix C#).", ka + ["standard-webhooks", "large"], A_SECRET, A_ID,
           A_TS, LARGE_256K, lit(LARGE_256K_SIG)),
        sg("sign-large-256kib-minus-1", "262143 x 'a' (Svix C#).", ka + ["standard-webhooks", "large", "boundary"],
           A_SECRET, A_ID, A_TS, LARGE_256K_M1, lit(LARGE_256K_M1_SIG)),
        sg("sign-without-prefix", "canonical-A with the secret given without 'whsec_': same signature.",
           ka, A_SECRET[6:], A_ID, A_TS, A_BODY, lit(A_SIG)),
        sg("sign-empty-body", "Empty body: signed content is 'id.ts.'.", ["boundary"], A_SECRET, A_ID, A_TS, "",
           computed(A_SECRET, A_ID, A_TS, "")),
        sg("sign-unicode-body", "UTF-8 body with emoji and CJK.", ["unicode"], A_SECRET, A_ID, A_TS,
           '{"p":"\u5c71 \U0001f600"}', computed(A_SECRET, A_ID, A_TS, '{"p":"\u5c71 \U0001f600"}')),
        sg("sign-non-utf8-body", "Raw non-UTF-8 bytes.", ["non-utf8"], A_SECRET, A_ID, A_TS, b"\x00\xff\xfe\x80",
           computed(A_SECRET, A_ID, A_TS, b"\x00\xff\xfe\x80")),
        sg("sign-timestamp-zero", "Timestamp 0 is formatted as '0'.", ["boundary"], A_SECRET, A_ID, 0, A_BODY,
           computed(A_SECRET, A_ID, 0, A_BODY)),
        sg("sign-timestamp-max-safe-integer",
           "Timestamp 2^53-1 (largest integer every JSON reader keeps exact), formatted in decimal without "
           "exponent or separators.", ["boundary"], A_SECRET, A_ID, MAX_SAFE_INT, A_BODY,
           computed(A_SECRET, A_ID, MAX_SAFE_INT, A_BODY)),
        sg("sign-one-byte-key", "A 1-byte key ('whsec_QQ==').", ["boundary"], "whsec_QQ==", A_ID, A_TS, A_BODY,
           computed("whsec_QQ==", A_ID, A_TS, A_BODY)),
        sg("sign-unpadded-secret", "The 1-byte key without padding ('whsec_QQ'): same signature as padded.",
           ["boundary"], "whsec_QQ", A_ID, A_TS, A_BODY, computed("whsec_QQ==", A_ID, A_TS, A_BODY)),
        sg("sign-64-byte-key", "A 64-byte key.", ["boundary"], key64, A_ID, A_TS, A_BODY,
           computed(key64, A_ID, A_TS, A_BODY)),
        sg("sign-replicate-prediction", "A realistic Replicate webhook: docs secret, the full succeeded prediction.",
           ["prediction"], DOCS_SECRET, "msg_2VkB7uPzq8nW3xYtR5mLcJd0fzz", VP_TS, dumps(full_succeeded_prediction()),
           computed(DOCS_SECRET, "msg_2VkB7uPzq8nW3xYtR5mLcJd0fzz", VP_TS, dumps(full_succeeded_prediction()))),
        sg("sign-invalid-secret-empty", "Signing with an empty secret fails.", [], "", A_ID, A_TS, A_BODY,
           err("invalid_secret")),
        sg("sign-invalid-secret-prefix-only", "Signing with 'whsec_' alone fails.", [], "whsec_", A_ID, A_TS, A_BODY,
           err("invalid_secret")),
        sg("sign-invalid-secret-urlsafe", "Signing with a URL-safe-alphabet secret fails.", ["strict"],
           "whsec_C2FVsBQIhrscChlQIMV-b5sSYspob7oD", A_ID, A_TS, A_BODY, err("invalid_secret")),
    ]


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

FILES = [
    ("verify_known_answers.json",
     "Known-answer verification vectors: the fixed vector shipped by the Replicate clients and the Standard "
     "Webhooks / Svix suites, the derived vectors of replicate.md 5.2, and the large-payload vectors. "
     "Signatures are literal values from the references.",
     known_answer_cases),
    ("verify_signatures.json",
     "The webhook-signature header: entry parsing, versions, canonical base64, multiple entries, the 32-entry "
     "limit, tampering, and every Standard Webhooks value that must not verify.",
     signature_cases),
    ("verify_headers.json",
     "Header lookup: presence, empty values, case-insensitive names, svix- aliases, duplicate pairs, size caps "
     "and the order of the header checks.",
     header_cases),
    ("verify_timestamps.json",
     "webhook-timestamp syntax (ASCII digits only, u64), the tolerance window (default 300 s, inclusive bounds, "
     "custom and disabled) and the replicate-python tolerance tests.",
     timestamp_cases),
    ("verify_secrets.json",
     "Secret decoding (optional whsec_ prefix, strict standard base64, optional padding, any length >= 1 byte) "
     "and secret rotation (several secrets).",
     secret_cases),
    ("verify_bodies.json",
     "Bodies are signed as raw bytes: empty, Unicode, non-UTF-8, whitespace-sensitive and large bodies.",
     body_cases),
    ("verify_and_parse.json",
     "Verify, then parse the body as a Replicate prediction or training: realistic payloads for every status, "
     "prediction/training detection, and which error wins when both steps would fail.",
     verify_and_parse_cases),
    ("payloads.json",
     "Parse only (no headers or secrets): the payload rules (required id/status, optional nullable fields, "
     "kind detection, typed fields) and invalid bodies.",
     parse_cases),
    ("sign.json",
     "Signing: known answers (literal) and computed signatures for edge-case inputs, plus invalid secrets.",
     sign_cases),
]

FLAGS = {
    "known-answer": "the signature is a literal value from the references (not computed by the generator)",
    "replicate-client": "taken from or derived from the official Replicate clients' tests or docs",
    "standard-webhooks": "taken from the Standard Webhooks / Svix reference suites",
    "strict": "deliberately stricter than the standardwebhooks reference libraries",
    "lenient": "accepted although an official Replicate client or reference library rejects it",
    "svix-alias": "uses svix-id / svix-timestamp / svix-signature",
    "rotation": "several secrets",
    "large": "body of 256 KiB or more",
    "boundary": "at or just past a limit",
    "multi-signature": "several entries in webhook-signature",
    "malformed": "contains malformed signature entries that must be skipped",
    "check-order": "several checks fail; pins which error wins",
    "tampered": "a signed input was changed after signing",
    "common-mistake": "pins a mistake implementers make (wrong key derivation, wrong signed content, ...)",
    "duplicate-header": "several header pairs with the same name",
    "whitespace": "whitespace handling",
    "unicode": "non-ASCII text",
    "non-utf8": "bytes that are not valid UTF-8",
    "spec-choice": "pins a resolution of a point the written rules leave open (see README)",
    "prediction": "a prediction payload",
    "training": "a training payload",
}


def build_schema():
    def ref(name):
        return {"$ref": "#/$defs/" + name}

    safe_int = {"type": "integer", "minimum": 0, "maximum": MAX_SAFE_INT}
    ok_plain = {"type": "object", "required": ["ok"], "additionalProperties": False,
                "properties": {"ok": {"const": True}}}
    ok_payload = {"type": "object", "required": ["ok", "payload"], "additionalProperties": False,
                  "properties": {"ok": {"const": True}, "payload": ref("payload")}}
    ok_sign = {"type": "object", "required": ["ok", "signature"], "additionalProperties": False,
               "properties": {"ok": {"const": True},
                              "signature": {"type": "string", "pattern": "^v1,[A-Za-z0-9+/]{43}=$"}}}

    def error(codes):
        return {"type": "object", "required": ["ok", "code"], "additionalProperties": False,
                "properties": {"ok": {"const": False}, "code": {"enum": codes}}}

    def mode_rule(mode, required, forbidden, expected):
        then = {"required": required, "properties": {f: False for f in forbidden}}
        then["properties"]["expected"] = expected
        return {"if": {"properties": {"mode": {"const": mode}}, "required": ["mode"]}, "then": then}

    verify_codes = [c for c in ERROR_CODES if c != "invalid_payload"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:replicate-webhooks:test-vectors",
        "title": "replicate-webhooks shared test vectors",
        "description": "One vector file (tests/vectors/*.json). Generated by tests/generate/gen_vectors.py.",
        "type": "object",
        "required": ["description", "cases"],
        "additionalProperties": False,
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "cases": {"type": "array", "minItems": 1, "items": ref("case")},
        },
        "$defs": {
            "case": {
                "type": "object",
                "required": ["id", "description", "flags", "mode", "expected"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                    "description": {"type": "string", "minLength": 1},
                    "flags": {"type": "array", "uniqueItems": True, "items": {"enum": sorted(FLAGS)}},
                    "mode": {"enum": ["verify", "verify_and_parse", "parse", "sign"]},
                    "secrets": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "msg_id": {"type": "string"},
                    "timestamp": safe_int,
                    "headers": {"type": "array", "items": ref("header")},
                    "body": {"type": "string"},
                    "body_base64": {"type": "string", "pattern": "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"},
                    "body_repeat": {
                        "type": "object",
                        "required": ["text", "count"],
                        "additionalProperties": False,
                        "properties": {"text": {"type": "string", "minLength": 1},
                                       "count": {"type": "integer", "minimum": 1, "maximum": MAX_SAFE_INT}},
                    },
                    "now": safe_int,
                    "tolerance": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SAFE_INT},
                    "expected": {"type": "object"},
                },
                "allOf": [
                    {"oneOf": [{"required": ["body"]}, {"required": ["body_base64"]},
                               {"required": ["body_repeat"]}]},
                    mode_rule("verify", ["secrets", "headers", "now"], ["msg_id", "timestamp"],
                              {"oneOf": [ok_plain, error(verify_codes)]}),
                    mode_rule("verify_and_parse", ["secrets", "headers", "now"], ["msg_id", "timestamp"],
                              {"oneOf": [ok_payload, error(ERROR_CODES)]}),
                    mode_rule("parse", [], ["secrets", "headers", "now", "tolerance", "msg_id", "timestamp"],
                              {"oneOf": [ok_payload, error(["invalid_payload"])]}),
                    mode_rule("sign", ["secrets", "msg_id", "timestamp"], ["headers", "now", "tolerance"],
                              {"oneOf": [ok_sign, error(["invalid_secret"])]}),
                    {"if": {"properties": {"mode": {"const": "sign"}}, "required": ["mode"]},
                     "then": {"properties": {"secrets": {"maxItems": 1}}}},
                ],
            },
            "header": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "prefixItems": [{"type": "string", "minLength": 1}, {"type": "string"}],
                "items": False,
            },
            "payload": {
                "type": "object",
                "required": ["kind", "id", "status", "is_terminal"],
                "additionalProperties": False,
                "properties": {
                    "kind": {"enum": ["prediction", "training"]},
                    "id": {"type": "string"},
                    "status": {"type": "string"},
                    "is_terminal": {"type": "boolean"},
                },
            },
        },
    }


# ---------------------------------------------------------------------------
# Minimal JSON Schema (2020-12 subset) validator, for --check
# ---------------------------------------------------------------------------

_ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment", "$defs"}


def _type_ok(value, t):
    return {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }[t](value)


def _json_eq(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def schema_errors(value, schema, root, path="$"):
    """List of error strings (empty if valid). Raises on unsupported keywords."""
    if schema is True:
        return []
    if schema is False:
        return ["%s: not allowed" % path]
    errors = []
    for kw in schema:
        if kw in _ANNOTATIONS or kw in ("then", "else", "prefixItems", "minimum", "maximum"):
            continue
        if kw not in ("type", "required", "properties", "additionalProperties", "items", "minItems", "maxItems",
                      "uniqueItems", "enum", "const", "minLength", "pattern", "oneOf", "allOf", "if", "$ref"):
            raise ValueError("schema keyword not supported by the mini validator: " + kw)
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            target = target[part]
        errors += schema_errors(value, target, root, path)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_type_ok(value, t) for t in types):
            return errors + ["%s: expected type %s" % (path, "/".join(types))]
    if "enum" in schema and not any(_json_eq(value, e) for e in schema["enum"]):
        errors.append("%s: %r not in enum" % (path, value))
    if "const" in schema and not _json_eq(value, schema["const"]):
        errors.append("%s: %r != const %r" % (path, value, schema["const"]))
    if _type_ok(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append("%s: below minimum" % path)
        if "maximum" in schema and value > schema["maximum"]:
            errors.append("%s: above maximum" % path)
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append("%s: shorter than minLength" % path)
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append("%s: does not match %s" % (path, schema["pattern"]))
    if isinstance(value, dict):
        for r in schema.get("required", []):
            if r not in value:
                errors.append("%s: missing required %r" % (path, r))
        props = schema.get("properties", {})
        for k, v in value.items():
            if k in props:
                errors += schema_errors(v, props[k], root, "%s.%s" % (path, k))
            elif "additionalProperties" in schema:
                errors += schema_errors(v, schema["additionalProperties"], root, "%s.%s" % (path, k))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append("%s: fewer than minItems" % path)
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append("%s: more than maxItems" % path)
        if schema.get("uniqueItems"):
            seen = [json.dumps(v, sort_keys=True) for v in value]
            if len(set(seen)) != len(seen):
                errors.append("%s: items not unique" % path)
        prefix = schema.get("prefixItems", [])
        for i, item in enumerate(value):
            sub = prefix[i] if i < len(prefix) else schema.get("items", True)
            errors += schema_errors(item, sub, root, "%s[%d]" % (path, i))
    for sub in schema.get("allOf", []):
        errors += schema_errors(value, sub, root, path)
    if "oneOf" in schema:
        matches = [s for s in schema["oneOf"] if not schema_errors(value, s, root, path)]
        if len(matches) != 1:
            errors.append("%s: matches %d of oneOf (need exactly 1)" % (path, len(matches)))
    if "if" in schema:
        branch = "then" if not schema_errors(value, schema["if"], root, path) else "else"
        if branch in schema:
            errors += schema_errors(value, schema[branch], root, path)
    return errors


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def render(obj):
    return json.dumps(obj, indent=2, ensure_ascii=True) + "\n"


def build_all():
    assert_known_answers()
    outputs = {}
    seen_ids = set()
    for name, description, builder in FILES:
        cases = builder()
        for c in cases:
            assert c["id"] not in seen_ids, "duplicate case id " + c["id"]
            seen_ids.add(c["id"])
            assert set(c["flags"]) <= set(FLAGS), (c["id"], c["flags"])
            ref = reference_expected(c)
            assert ref == c["expected"], "%s: declared %r, reference says %r" % (c["id"], c["expected"], ref)
        outputs[name] = render({"description": description, "cases": cases})
    outputs[SCHEMA_FILE] = render(build_schema())
    return outputs


def semantic_errors(name, doc):
    """Checks JSON Schema cannot express."""
    errors = []

    def walk(v, path):
        if isinstance(v, int) and not isinstance(v, bool) and abs(v) > MAX_SAFE_INT:
            errors.append("%s %s: integer beyond 2^53-1" % (name, path))
        elif isinstance(v, float):
            errors.append("%s %s: floats are not used in vector files" % (name, path))
        elif isinstance(v, dict):
            for k, x in v.items():
                walk(x, path + "." + k)
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, "%s[%d]" % (path, i))

    walk(doc, "$")
    for c in doc.get("cases", []):
        if "body_base64" in c:
            raw = base64.b64decode(c["body_base64"], validate=True)
            try:
                raw.decode("utf-8")
                errors.append("%s %s: body_base64 holds valid UTF-8; use body" % (name, c["id"]))
            except UnicodeDecodeError:
                pass
    return errors


def check(outputs):
    ok = True
    schema = json.loads(outputs[SCHEMA_FILE])
    on_disk = {p.name for p in VECTORS_DIR.glob("*.json")}
    for extra in sorted(on_disk - set(outputs)):
        print("stale file not produced by the generator: tests/vectors/%s" % extra)
        ok = False
    readme = (VECTORS_DIR / "README.md").read_text(encoding="utf-8") if (VECTORS_DIR / "README.md").exists() else ""
    if not readme:
        print("tests/vectors/README.md is missing")
        ok = False
    ids = set()
    total = 0
    for name, text in outputs.items():
        path = VECTORS_DIR / name
        if not path.exists():
            print("missing: tests/vectors/%s" % name)
            ok = False
            continue
        disk = path.read_bytes()
        if disk != text.encode("utf-8"):
            print("differs from generator output: tests/vectors/%s" % name)
            ok = False
        if name == SCHEMA_FILE:
            continue
        if name not in readme:
            print("tests/vectors/README.md does not mention %s" % name)
            ok = False
        doc = json.loads(disk.decode("utf-8"))
        errs = schema_errors(doc, schema, schema) + semantic_errors(name, doc)
        for c in doc.get("cases", []) if isinstance(doc, dict) else []:
            if c.get("id") in ids:
                errs.append("%s: duplicate id %s" % (name, c.get("id")))
            ids.add(c.get("id"))
        for e in errs[:20]:
            print("%s: %s" % (name, e))
        ok = ok and not errs
        n = len(doc.get("cases", [])) if isinstance(doc, dict) else 0
        total += n
        print("%-28s %4d cases%s" % (name, n, "" if not errs else "  INVALID"))
    print("%-28s %4d cases" % ("total", total))
    return ok


def main(argv):
    if argv not in ([], ["--check"]):
        print(__doc__)
        return 2
    outputs = build_all()
    if argv == ["--check"]:
        if check(outputs):
            print("OK: vectors are up to date and valid against schema.json")
            return 0
        print("FAIL: run python3 tests/generate/gen_vectors.py to regenerate")
        return 1
    VECTORS_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in outputs.items():
        (VECTORS_DIR / name).write_bytes(text.encode("utf-8"))
    total = sum(len(json.loads(t)["cases"]) for n, t in outputs.items() if n != SCHEMA_FILE)
    print("wrote %d files to %s (%d cases)" % (len(outputs), VECTORS_DIR, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
