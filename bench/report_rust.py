#!/usr/bin/env python3
"""Print the core-vs-baseline ratios from criterion's estimates (this run's medians).

Reads target/criterion/<group>/<impl>/<size>/new/estimates.json as written by
`cargo bench -p replicate-webhooks --bench verify`, and writes the table to
stdout and to bench/results-rust.md. bench/report.py imports `rust_rows` for
the combined table; under `make bench` (BENCH_ONE_TABLE set) this script only
writes its file and leaves the printing to bench/report.py.
"""

import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"
TARGET_OVERHEAD = 0.05  # issue: the core costs at most 5% over the baseline
SIZES = {"200B": 200, "2KB": 2048, "64KB": 65536, "1MB": 1048576}
CASES = [("verify", size) for size in SIZES] + [("reject", "2KB")]


def median_ns(group: str, impl: str, size: str) -> float:
    path = CRITERION / group / impl / size / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"]


def rust_rows() -> list:
    """One dict per case: group, size, bytes, core_ns, baseline_ns, ratio (core/baseline)."""
    rows = []
    for group, size in CASES:
        core = median_ns(group, "core", size)
        base = median_ns(group, "baseline", size)
        rows.append(
            {
                "group": group,
                "size": size,
                "bytes": SIZES[size],
                "core_ns": core,
                "baseline_ns": base,
                "ratio": core / base,
            }
        )
    return rows


def fmt_time(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def main() -> int:
    rows = []
    for row in rust_rows():
        mbps = row["bytes"] / (row["core_ns"] / 1e9) / 1e6
        verdict = "ok" if row["ratio"] <= 1 + TARGET_OVERHEAD else "OVER TARGET"
        rows.append(
            (
                f"{row['group']} {row['size']}",
                fmt_time(row["core_ns"]),
                fmt_time(row["baseline_ns"]),
                f"{row['ratio']:.3f}",
                f"{mbps:,.0f}",
                verdict,
            )
        )
    header = ("case", "core (median)", "baseline (median)", "core/baseline", "core MB/s", "≤ 1.05?")
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    table = "\n".join(lines)
    (ROOT / "bench" / "results-rust.md").write_text(
        "# Rust core vs hand-written hmac+sha2+subtle (criterion medians, one run)\n\n" + table + "\n"
    )
    if os.environ.get("BENCH_ONE_TABLE"):
        print("bench-rust: criterion figures written; the combined table follows at the end")
    else:
        print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
