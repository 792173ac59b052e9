#!/usr/bin/env python3
"""Fail unless every crate a bench crate shares with the workspace has a version the workspace uses.

    check_lock.py WORKSPACE_LOCK BENCH_LOCK [--harness-only NAME,...]

--harness-only names crates that only the harness itself uses in another
major version (bench/timing: dudect-bencher's clap 2 and its dependencies);
they never reach the core, so their versions may differ.

The bench crates (bench/wasm-ceiling, bench/rust) are their own workspaces
with their own lock files. The ceiling is only a ceiling for *our* hashing,
and the paired Rust harness only measures *our* core, if they compile the same
hmac / sha2 / digest / block-buffer (and everything else) as the workspace; a
`cargo update` on either side would silently compare different code.
"""

import re
import sys
from pathlib import Path


def versions(lock: Path) -> dict:
    found = {}
    for name, version in re.findall(
        r'\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"', lock.read_text()
    ):
        found.setdefault(name, set()).add(version)
    return found


def main() -> int:
    workspace, ceiling = (versions(Path(arg)) for arg in sys.argv[1:3])
    harness_only = set()
    if len(sys.argv) == 5 and sys.argv[3] == "--harness-only":
        harness_only = set(sys.argv[4].split(","))
    label = Path(sys.argv[2]).parent.name
    ours = {name for name in ceiling if name.startswith("replicate-webhooks")}
    shared = sorted((set(workspace) & set(ceiling)) - ours - harness_only)
    bad = [
        f"{name}: workspace {sorted(workspace[name])}, {label} {sorted(ceiling[name])}"
        for name in shared
        if not ceiling[name] <= workspace[name]
    ]
    for name in ("hmac", "sha2", "digest", "block-buffer"):
        if name not in shared:
            bad.append(f"{name}: missing from one of the lock files")
    if bad:
        print(f"bench/{label}/Cargo.lock differs from Cargo.lock:\n  " + "\n  ".join(bad), file=sys.stderr)
        print(f"fix: cargo update -p NAME --precise VERSION in bench/{label}", file=sys.stderr)
        return 1
    print(
        f"bench/{label}: same versions as the workspace ({len(shared)} crates), e.g. "
        + ", ".join(
            f"{n} {min(workspace[n])}" for n in shared if n in ("hmac", "sha2", "digest", "block-buffer")
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
