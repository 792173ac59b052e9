#!/usr/bin/env python3
"""Seed the fuzz corpora from the shared vectors (bodies and signature headers)."""
import base64
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def body_of(case):
    if "body" in case:
        return case["body"].encode()
    if "body_base64" in case:
        return base64.b64decode(case["body_base64"])
    repeat = case["body_repeat"]
    return (repeat["text"] * min(repeat["count"], 4096)).encode()


def write(target, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    count = 0
    for path in sorted((ROOT / "tests" / "vectors").glob("*.json")):
        if path.name == "schema.json":
            continue
        for case in json.loads(path.read_text())["cases"]:
            write("payload", body_of(case))
            for name, value in case.get("headers", []):
                if name.lower().endswith("-signature"):
                    write("signature_header", value.encode())
            count += 1
    print(f"seeded fuzz corpora from {count} vectors into {CORPUS}")


if __name__ == "__main__":
    main()
