#!/usr/bin/env python3
"""Prove that every make target installs the Rust targets and toolchains it builds with.

    check_targets.py [--makefile Makefile] [--self-test]

A fresh machine has only the host target and the stable toolchain. A recipe
that runs `cargo … --target X` (directly or through a script it calls) or
`cargo +nightly …` must, earlier in the same `make` run, have run something
that installs X (`rustup target add … X …`) or nightly (`rustup toolchain
install nightly`). Otherwise the target works only on machines where another
target happened to install it first — the bug a green CI hid once (`make test`
after `make lint` passed; `make test` alone did not).

How: for every target named in the Makefile and mk/*.mk, `make -n -B TARGET`
prints, in order, every command a first run would execute (prerequisites
included, sub-makes followed). The commands are read in that order. No
command is run.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

RULE = re.compile(r"^([a-zA-Z0-9][a-zA-Z0-9_-]*)\s*:(?!=)", re.MULTILINE)
TARGET_FLAG = re.compile(r"--target(?:\s+|=)([A-Za-z0-9_.-]+)")
TRIPLE = re.compile(r"\b([a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+(?:-[a-z0-9_]+)?)\b")
SCRIPT = re.compile(r"(?:^|\s)(\S+\.sh)\b")
NIGHTLY_USE = re.compile(r"\bcargo\b.*\s\+nightly\b|\$\(CARGO\)\s+\+nightly|\s\+nightly\s")
NIGHTLY_INSTALL = "rustup toolchain install nightly"


def targets_of(makefile: Path) -> list[str]:
    """Every rule name written in the Makefile and the fragments it includes."""
    files = [makefile, *sorted((makefile.parent / "mk").glob("*.mk"))]
    names: list[str] = []
    for path in files:
        for name in RULE.findall(path.read_text()):
            if name not in names and not name.startswith("."):
                names.append(name)
    return names


def dry_run(makefile: Path, target: str) -> list[str]:
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", "-f", makefile.name, target],
        cwd=makefile.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    # A dry run may fail late (e.g. a $(shell) on a missing venv); what it
    # printed up to there is still the order a real run would follow.
    # One command may span lines joined by a trailing backslash.
    return result.stdout.replace("\\\n", " ").splitlines()


def built_targets(line: str, root: Path) -> set[str]:
    """Rust targets a command builds for, looking into the scripts it calls."""
    found: set[str] = set()
    if "cargo" in line or "CARGO" in line:
        found.update(TARGET_FLAG.findall(line))
    for script in SCRIPT.findall(line):
        path = (root / script) if not script.startswith("/") else Path(script)
        if path.is_file():
            text = path.read_text()
            if "cargo" in text:
                found.update(TARGET_FLAG.findall(text))
    return {t for t in found if TRIPLE.fullmatch(t)}


def problems_of(makefile: Path) -> list[str]:
    root = makefile.parent.resolve()
    problems: list[str] = []
    for target in targets_of(makefile):
        installed: set[str] = set()
        nightly = False
        for line in dry_run(makefile, target):
            if "rustup target add" in line:
                installed.update(TRIPLE.findall(line))
            if NIGHTLY_INSTALL in line:
                nightly = True
            for needed in sorted(built_targets(line, root) - installed):
                problems.append(f"make {target}: builds for {needed} before installing it: {line.strip()[:160]}")
                installed.add(needed)  # one report per target and triple
            if NIGHTLY_USE.search(line) and not nightly:
                problems.append(f"make {target}: uses nightly before installing it: {line.strip()[:160]}")
                nightly = True
    return problems


SELF_TEST = """\
ok: install
\tcargo build --target wasm32-unknown-unknown
bad:
\tcargo build --target thumbv7em-none-eabi
fuzz:
\tcargo +nightly fuzz run x
install:
\trustup target add wasm32-unknown-unknown
"""


def self_test() -> None:
    """The checker must flag a missing install and accept a present one."""
    with tempfile.TemporaryDirectory() as folder:
        makefile = Path(folder) / "Makefile"
        makefile.write_text(SELF_TEST)
        problems = problems_of(makefile)
    flagged = sorted(p.split(":", 1)[0] for p in problems)
    expected = ["make bad", "make fuzz"]
    if flagged != expected:
        sys.exit(f"check_targets self-test: expected {expected} flagged, got {problems}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--makefile", type=Path, default=Path(__file__).resolve().parents[2] / "Makefile")
    args = parser.parse_args()
    self_test()
    problems = problems_of(args.makefile)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check_targets: {len(problems)} target(s) depend on a Rust target or toolchain they do not install",
              file=sys.stderr)
        return 1
    print(f"check_targets: every one of {len(targets_of(args.makefile))} make targets installs the Rust targets and toolchains it uses")
    return 0


if __name__ == "__main__":
    sys.exit(main())
