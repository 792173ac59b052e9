#!/usr/bin/env python3
"""Instructions per call of the Rust core vs the hand-written baseline (callgrind).

    profile_rust.py PATH/TO/replicate-webhooks-bench-paired

Runs each case alone (`--profile`) twice under callgrind with different call
counts and takes the difference, so process start-up cancels out. Counts are
repeatable to the instruction on any load, unlike times. Caveat: valgrind
hides SHA-NI from the program, so `sha2` runs its portable code here and the
hash is a larger share than on the real CPU; the *difference* core − baseline
is what the checks and conversions cost, and that does not depend on the hash.
"""

import re
import subprocess
import sys

CASES = [("core", "200B"), ("baseline", "200B"), ("core", "2KB"), ("baseline", "2KB"), ("reject-core", "2KB")]
FEW, MANY = 500, 5500


def instructions(binary: str, case: str, size: str, calls: int) -> int:
    out = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            binary,
            "--profile",
            case,
            size,
            str(calls),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    match = re.search(r"refs:\s+([\d,]+)", out.stderr)
    if not match:
        raise SystemExit(f"no instruction count in valgrind's output:\n{out.stderr}")
    return int(match.group(1).replace(",", ""))


def main() -> int:
    binary = sys.argv[1]
    per_call = {}
    for case, size in CASES:
        few, many = (instructions(binary, case, size, n) for n in (FEW, MANY))
        per_call[(case, size)] = (many - few) / (MANY - FEW)
        print(f"{case:12} {size:5} {per_call[(case, size)]:10,.0f} instructions per call", flush=True)
    for size in ("200B", "2KB"):
        core, base = per_call[("core", size)], per_call[("baseline", size)]
        print(f"{size}: core − baseline = {core - base:,.0f} instructions per call ({core / base - 1:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
