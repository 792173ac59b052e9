#!/usr/bin/env python3
"""Print the core-vs-baseline ratios from criterion's estimates (this run's medians).

Reads target/criterion/<group>/<impl>/<size>/new/estimates.json as written by
`cargo bench -p replicate-webhooks --bench verify`, and writes the table to
stdout and to bench/results-rust.md.
"""
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"
TARGET_OVERHEAD = 0.05  # issue: the core costs at most 5% over the baseline


def median_ns(group: str, impl: str, size: str) -> float:
    path = CRITERION / group / impl / size / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"]


def fmt_time(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main() -> int:
    rows = []
    sizes = {"200B": 200, "2KB": 2048, "64KB": 65536, "1MB": 1048576}
    for group, size in [("verify", s) for s in sizes] + [("reject", "2KB")]:
        core = median_ns(group, "core", size)
        base = median_ns(group, "baseline", size)
        ratio = core / base
        mbps = sizes[size] / (core / 1e9) / 1e6
        verdict = "ok" if ratio <= 1 + TARGET_OVERHEAD else "OVER TARGET"
        rows.append((f"{group} {size}", fmt_time(core), fmt_time(base), f"{ratio:.3f}", f"{mbps:,.0f}", verdict))
    header = ("case", "core (median)", "baseline (median)", "core/baseline", "core MB/s", "≤ 1.05?")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    table = "\n".join(lines)
    print(table)
    (ROOT / "bench" / "results-rust.md").write_text(
        "# Rust core vs hand-written hmac+sha2+subtle (criterion medians, one run)\n\n" + table + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
