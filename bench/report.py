#!/usr/bin/env python3
"""The combined benchmark table: Rust, Node, Python, ceilings, package facts, targets.

Reads what the parts of `make bench` left behind:

- target/criterion/...            Rust core vs hand-written baseline (bench/report_rust.py)
- target/bench/rust.json          the same pair, alternating, CPU time (bench/rust)
- target/bench/node.json          bench/node/bench.mjs
- target/bench/python.json        bench/python/bench.py
- target/bench/openssl.txt        `openssl speed -evp sha256`
- target/bench/replicate-webhooks-*.tgz, target/wheels/*.whl   the packages measured

Prints the report and, with --write FILE, writes it as Markdown. Ratios are
"peer ÷ ours" for one body size: > 1 means ours is faster. For Node and
Python (and the paired Rust harness) each ratio is the median of per-round
ratios (both cases ran in the same round, milliseconds apart), so load from
other processes cancels out; criterion's rows give the ratio of its medians.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "bench"
sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZES = [("200B", "200 B", 200), ("2KB", "2 KB", 2048), ("64KB", "64 KB", 65536), ("1MB", "1 MB", 1048576)]
MB = 1e6

# Node rows: (case name in node.json, JSON column, reference row for the ratio).
NODE_ROWS = [
    ("ours Webhook.verify", "yes", None),
    ("ours Webhook.verify jsonParse:false", "no", None),
    ("ours Webhook.verify jsonParse:false (Buffer body)", "no", "ours Webhook.verify jsonParse:false"),
    ("ours verifyWebhook", "typed + yes", "ours Webhook.verify"),
    ("standardwebhooks verify", "yes", "ours Webhook.verify"),
    ("standardwebhooks verify jsonParse:false", "no", "ours Webhook.verify jsonParse:false"),
    ("svix verify", "yes (always)", "ours Webhook.verify"),
    ("replicate validateWebhook", "no", "ours Webhook.verify jsonParse:false"),
    ("node:crypto hand-written + JSON.parse", "yes", "ours Webhook.verify"),
    ("node:crypto hand-written", "no", "ours Webhook.verify jsonParse:false"),
    ("wasm ceiling o3", "—", "ours Webhook.verify jsonParse:false"),
    ("wasm ceiling os", "—", "ours Webhook.verify jsonParse:false"),
    ("wasm ceiling o3-default", "—", "ours Webhook.verify jsonParse:false"),
    ("wasm ceiling simd128", "—", "ours Webhook.verify jsonParse:false"),
]
NODE_REJECT = {
    "ours Webhook.verify": "ours Webhook.verify",
    "ours verifyWebhook": "ours verifyWebhook",
    "standardwebhooks verify": "standardwebhooks verify",
    "svix verify": "svix verify",
    "replicate validateWebhook": "replicate validateWebhook",
    "node:crypto hand-written": "node:crypto hand-written",
}
NODE_LABELS = {
    "ours Webhook.verify": "**ours** `Webhook.verify`",
    "ours Webhook.verify jsonParse:false": "**ours** `Webhook.verify` `{jsonParse:false}`",
    "ours Webhook.verify jsonParse:false (Buffer body)": "**ours** same, Buffer body",
    "ours verifyWebhook": "**ours** `verifyWebhook` (typed event)",
    "standardwebhooks verify": "`standardwebhooks` `verify`",
    "standardwebhooks verify jsonParse:false": "`standardwebhooks` `{jsonParse:false}`",
    "svix verify": "`svix` `verify`",
    "replicate validateWebhook": "`replicate` `validateWebhook` (awaited)",
    "node:crypto hand-written + JSON.parse": "hand-written `node:crypto` + `JSON.parse`",
    "node:crypto hand-written": "hand-written `node:crypto`",
    "wasm ceiling o3": "ceiling: bare `hmac`+`sha2` wasm, the package's RUSTFLAGS, opt-level 3",
    "wasm ceiling os": 'ceiling: same, opt-level "s" (the package\'s profile)',
    "wasm ceiling o3-default": "ceiling: `sha2`'s default backend, opt-level 3",
    "wasm ceiling simd128": "ceiling: `+simd128` (`sha2`'s wasm SIMD backend), opt-level 3",
}

PY_ROWS = [
    ("ours Webhook.verify", "yes", None),
    ("ours Webhook.verify json_parse=False", "no", None),
    ("ours Webhook.verify_event", "typed + yes", "ours Webhook.verify"),
    ("ours verify_webhook", "typed + yes", "ours Webhook.verify"),
    ("standardwebhooks verify", "yes", "ours Webhook.verify"),
    ("standardwebhooks verify json_parse=False", "no", "ours Webhook.verify json_parse=False"),
    ("svix verify", "no (2.x)", "ours Webhook.verify json_parse=False"),
    ("replicate Webhooks.validate", "no", "ours Webhook.verify json_parse=False"),
    ("stdlib hand-written + json.loads", "yes", "ours Webhook.verify"),
    ("stdlib hand-written", "no", "ours Webhook.verify json_parse=False"),
    ("OpenSSL sha256 (hashlib)", "—", "ours Webhook.verify json_parse=False"),
]
PY_REJECT = {
    "ours Webhook.verify": "ours Webhook.verify",
    "ours verify_webhook": "ours verify_webhook",
    "standardwebhooks verify": "standardwebhooks verify",
    "svix verify": "svix verify",
    "replicate Webhooks.validate": "replicate Webhooks.validate",
    "stdlib hand-written": "stdlib hand-written",
}
PY_LABELS = {
    "ours Webhook.verify": "**ours** `Webhook.verify`",
    "ours Webhook.verify json_parse=False": "**ours** `Webhook.verify(json_parse=False)`",
    "ours Webhook.verify_event": "**ours** `Webhook.verify_event` (typed)",
    "ours verify_webhook": "**ours** `verify_webhook` (typed, key per call)",
    "standardwebhooks verify": "`standardwebhooks` `verify`",
    "standardwebhooks verify json_parse=False": "`standardwebhooks` `json_parse=False`",
    "svix verify": "`svix` `verify`",
    "replicate Webhooks.validate": "`replicate` `Webhooks.validate` (tolerance=300)",
    "stdlib hand-written + json.loads": "hand-written stdlib `hmac` + `json.loads`",
    "stdlib hand-written": "hand-written stdlib `hmac`",
    "OpenSSL sha256 (hashlib)": "ceiling: OpenSSL SHA-256 (`hashlib`), no HMAC",
}


# ---------------------------------------------------------------------------
# Formatting


def fmt_time(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e4:
        return f"{ns / 1e3:.0f} µs"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def fmt_ratio(ratio: float) -> str:
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"


def mbps(size: int, ns: float) -> float:
    return size / (ns / 1e9) / MB


def fmt_bytes(n: float) -> str:
    return f"{n / 1024:.1f} KiB" if n >= 1024 else f"{n:.0f} B"


def table(header: List[str], rows: List[List[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Measurements


class Run:
    """One harness's results (node.json or python.json)."""

    def __init__(self, path: Path):
        self.path = path
        self.data = json.loads(path.read_text())
        self.cases: Dict[Tuple[str, str, str], Dict[str, Any]] = {
            (r["group"], r["size"], r["name"]): r for r in self.data["results"]
        }

    def get(self, group: str, size: str, name: str) -> Optional[Dict[str, Any]]:
        return self.cases.get((group, size, name))

    def ratio(self, group: str, size: str, peer: str, ours: str) -> Optional[float]:
        """Median over rounds of peer ÷ ours, both timed in the same round."""
        a, b = self.get(group, size, peer), self.get(group, size, ours)
        if a is None or b is None:
            return None
        pairs = [x / y for x, y in zip(a["samples_ns"], b["samples_ns"], strict=True) if y > 0]
        return statistics.median(pairs) if pairs else None


def harness_table(run: Run, rows, reject, labels, language: str) -> List[List[str]]:
    out = []
    for name, parse, ref in rows:
        if all(run.get("verify", key, name) is None for key, _, _ in SIZES):
            continue
        cells = []
        for key, _, _ in SIZES:
            case = run.get("verify", key, name)
            if case is None:
                cells.append("—")
                continue
            text = fmt_time(case["median_ns"])
            if ref is not None:
                ratio = run.ratio("verify", key, name, ref)
                if ratio is not None:
                    text += f" ({fmt_ratio(ratio)})"
            cells.append(text)
        big = run.get("verify", "1MB", name)
        throughput = f"{mbps(1048576, big['median_ns']):,.0f}" if big else "—"
        rejected = "—"
        reject_name = reject.get(name)
        if reject_name is not None:
            case = run.get("reject", "2KB", reject_name)
            if case is not None:
                rejected = fmt_time(case["median_ns"])
                if reject_name != "ours Webhook.verify":
                    ratio = run.ratio("reject", "2KB", reject_name, "ours Webhook.verify")
                    if ratio is not None:
                        rejected += f" ({fmt_ratio(ratio)})"
        out.append([language, labels.get(name, name), parse] + cells + [throughput, rejected])
    return out


def rust_table(paired: Optional[Run], criterion: Optional[List[Dict[str, Any]]]) -> List[List[str]]:
    out: List[List[str]] = []
    if paired is not None:
        for name, label in (
            ("core", "**ours** core `Webhook::verify_at`"),
            ("baseline", "hand-written `hmac`+`sha2`+`subtle`"),
        ):
            cells = []
            for key, _, _ in SIZES:
                case = paired.get("verify", key, name)
                text = fmt_time(case["median_ns"]) if case else "—"
                if case and name == "baseline":
                    text += f" ({fmt_ratio(paired.ratio('verify', key, 'baseline', 'core'))})"
                cells.append(text)
            big = paired.get("verify", "1MB", name)
            rej = paired.get("reject", "2KB", name)
            rejected = fmt_time(rej["median_ns"]) if rej else "—"
            if rej and name == "baseline":
                rejected += f" ({fmt_ratio(paired.ratio('reject', '2KB', 'baseline', 'core'))})"
            out.append(
                ["Rust", label, "no"]
                + cells
                + [f"{mbps(1048576, big['median_ns']):,.0f}" if big else "—", rejected]
            )
    if criterion is not None:
        by = {(r["group"], r["size"]): r for r in criterion}
        for field, label in (
            ("core_ns", "criterion (wall): core"),
            ("baseline_ns", "criterion (wall): baseline"),
        ):
            cells = []
            for key, _, _ in SIZES:
                r = by[("verify", key)]
                text = fmt_time(r[field])
                if field == "baseline_ns":
                    text += f" ({fmt_ratio(r['baseline_ns'] / r['core_ns'])})"
                cells.append(text)
            rej = by[("reject", "2KB")]
            rejected = fmt_time(rej[field])
            if field == "baseline_ns":
                rejected += f" ({fmt_ratio(rej['baseline_ns'] / rej['core_ns'])})"
            out.append(
                ["Rust", label, "no"]
                + cells
                + [f"{mbps(1048576, by[('verify', '1MB')][field]):,.0f}", rejected]
            )
    return out


def openssl_speed() -> Dict[str, Any]:
    path = OUT / "openssl.txt"
    if not path.exists():
        return {"note": "not measured (bench-native did not run)"}
    text = path.read_text()
    header = re.search(r"^type\s+(.*)$", text, re.M)
    row = re.search(r"^sha256\s+(.*)$", text, re.M)
    version = re.search(r"^OpenSSL .*$", text, re.M)
    if not header or not row:
        return {"note": text.strip().splitlines()[0] if text.strip() else "no output"}
    sizes = [int(s) for s in re.findall(r"(\d+) bytes", header.group(1))]
    values = [float(v.rstrip("k")) * 1000 for v in row.group(1).split()]
    speeds = dict(zip(sizes, values, strict=False))
    return {
        "speeds": speeds,
        "best_mbps": max(speeds.get(8192, 0), speeds.get(16384, 0)) / MB,
        "version": version.group(0) if version else "",
    }


# ---------------------------------------------------------------------------
# Package facts


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def npm_facts() -> Optional[Dict[str, Any]]:
    tarballs = sorted(OUT.glob("replicate-webhooks-*.tgz"))
    if not tarballs:
        return None
    tarball = tarballs[-1]
    files: Dict[str, bytes] = {}
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if member.isfile():
                handle = tar.extractfile(member)
                if handle is not None:
                    files[member.name.removeprefix("package/")] = handle.read()

    def runtime(name: str) -> bool:
        return name.startswith("dist/") and not re.search(r"\.d\.[mc]?ts$", name)

    run = {name: data for name, data in files.items() if runtime(name)}
    wasm = next((data for name, data in files.items() if name.endswith(".wasm")), b"")
    return {
        "tarball": tarball.name,
        "tarball_bytes": tarball.stat().st_size,
        "wasm_bytes": len(wasm),
        "wasm_gzip": gz(wasm),
        "runtime_files": {name: (len(data), gz(data)) for name, data in sorted(run.items())},
        "runtime_raw": sum(len(d) for d in run.values()),
        "runtime_gzip": sum(gz(d) for d in run.values()),
    }


def wheel_facts() -> Optional[Dict[str, Any]]:
    wheels = sorted((ROOT / "target" / "wheels").glob("replicate_webhooks-*.whl"))
    if not wheels:
        return None
    wheel = wheels[-1]
    with zipfile.ZipFile(wheel) as archive:
        native = sum(i.file_size for i in archive.infolist() if re.search(r"\.(so|pyd)$", i.filename))
        unpacked = sum(i.file_size for i in archive.infolist())
    return {"wheel": wheel.name, "bytes": wheel.stat().st_size, "native_bytes": native, "unpacked": unpacked}


# ---------------------------------------------------------------------------
# Machine


def machine(node: Optional[Run], python: Optional[Run]) -> List[Tuple[str, str]]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    flags = re.search(r"^flags\s*:\s*(.*)$", cpuinfo, re.M)
    flag_set = set(flags.group(1).split()) if flags else set()
    try:
        rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        rustc = "?"
    load = []
    for run, label in ((node, "node"), (python, "python")):
        if run is not None and "loadavg" in run.data:
            before, after = run.data["loadavg"]
            load.append(f"{label} {before:.2f}→{after:.2f}")
    return [
        ("CPU", f"{model.group(1) if model else platform.processor()} × {os.cpu_count()} logical"),
        ("SHA-NI (`sha_ni` in /proc/cpuinfo)", "yes" if "sha_ni" in flag_set else "no"),
        ("Node", f"{node.data['node']} (V8 {node.data['v8']})" if node else "not run"),
        ("Python", f"CPython {python.data['python']} ({python.data['openssl']})" if python else "not run"),
        ("Rust", rustc),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("1-min load average during the runs", ", ".join(load) or "?"),
    ]


# ---------------------------------------------------------------------------
# Targets (issue 5)


def verdict(ok: Optional[bool]) -> str:
    return "n/a" if ok is None else ("**PASS**" if ok else "**MISS**")


def targets(
    node: Optional[Run],
    python: Optional[Run],
    paired: Optional[Run],
    rust: Optional[List[Dict[str, Any]]],
    ssl: Dict[str, Any],
    npm: Optional[Dict[str, Any]],
) -> List[List[str]]:
    rows: List[List[str]] = []

    def add(area: str, what: str, value: Optional[float], fmt: str, goal: str, ok: Optional[bool]) -> None:
        rows.append([area, what, "—" if value is None else fmt.format(value), goal, verdict(ok)])

    if node is not None:
        # What no wasm verifier can beat at 2 KB: the bare wasm HMAC plus the same JSON.parse.
        crypto_json = node.get("verify", "2KB", "node:crypto hand-written + JSON.parse")
        crypto_only = node.get("verify", "2KB", "node:crypto hand-written")
        ceiling = node.get("verify", "2KB", "wasm ceiling o3")
        floor_ns = None
        if crypto_json and crypto_only and ceiling:
            floor_ns = ceiling["median_ns"] + max(crypto_json["median_ns"] - crypto_only["median_ns"], 0.0)
        for peer in ("standardwebhooks verify", "svix verify"):
            r = node.ratio("verify", "2KB", peer, "ours Webhook.verify")
            add(
                "Node",
                f"2 KB: `{peer}` ÷ ours `Webhook.verify`",
                r,
                "{:.2f}×",
                "≥ 3×",
                None if r is None else r >= 3,
            )
        peers = [node.get("verify", "2KB", p) for p in ("standardwebhooks verify", "svix verify")]
        if floor_ns and all(peers):
            add(
                "Node",
                "2 KB: bound for those ratios — each ÷ (bare wasm HMAC + `JSON.parse`), zero overhead",
                min(p["median_ns"] for p in peers if p) / floor_ns,
                "{:.2f}×",
                "(informative)",
                None,
            )
        r = node.ratio("verify", "2KB", "node:crypto hand-written + JSON.parse", "ours Webhook.verify")
        add(
            "Node",
            "2 KB: hand-written `node:crypto` + `JSON.parse` ÷ ours `Webhook.verify`",
            r,
            "{:.2f}×",
            "≥ 1× (no slower)",
            None if r is None else r >= 1,
        )
        if crypto_json and floor_ns:
            bound = crypto_json["median_ns"] / floor_ns
            add(
                "Node",
                "2 KB: bound for that ratio — same ÷ (bare wasm HMAC + the same `JSON.parse`), zero overhead",
                bound,
                "{:.2f}×",
                "(> 1× needed)",
                None,
            )
        r = node.ratio("verify", "1MB", "wasm ceiling o3", "ours Webhook.verify jsonParse:false")
        add(
            "Node",
            "1 MB: ours verify-only throughput ÷ wasm HMAC ceiling (same `sha2` code, opt-level 3)",
            r,
            "{:.0%}",
            "≥ 90%",
            None if r is None else r >= 0.9,
        )
    if python is not None:
        r = python.ratio("verify", "2KB", "standardwebhooks verify", "ours Webhook.verify")
        add(
            "Python",
            "2 KB: `standardwebhooks` `verify` ÷ ours `Webhook.verify`",
            r,
            "{:.2f}×",
            "≥ 3×",
            None if r is None else r >= 3,
        )
        r = python.ratio("verify", "2KB", "stdlib hand-written + json.loads", "ours Webhook.verify")
        add(
            "Python",
            "2 KB: hand-written stdlib + `json.loads` ÷ ours `Webhook.verify`",
            r,
            "{:.2f}×",
            "> 1×",
            None if r is None else r > 1,
        )
        r = python.ratio("verify", "2KB", "stdlib hand-written", "ours Webhook.verify json_parse=False")
        add(
            "Python",
            "2 KB: hand-written stdlib (no `json.loads`) ÷ ours `json_parse=False`",
            r,
            "{:.2f}×",
            "≥ 3×",
            None if r is None else r >= 3,
        )
        # No verifier hashes 2 KB faster than OpenSSL's SHA-256 of the body alone.
        stdlib = python.get("verify", "2KB", "stdlib hand-written")
        sha = python.get("verify", "2KB", "OpenSSL sha256 (hashlib)")
        if stdlib and sha:
            add(
                "Python",
                "2 KB: bound for that ratio — same ÷ OpenSSL SHA-256 of the body alone (`hashlib`), zero overhead",
                stdlib["median_ns"] / sha["median_ns"],
                "{:.2f}×",
                "(≥ 3× needed)",
                None,
            )
        r = python.ratio("verify", "1MB", "OpenSSL sha256 (hashlib)", "ours Webhook.verify json_parse=False")
        add(
            "Python",
            "1 MB: ours verify-only throughput ÷ OpenSSL SHA-256 (`hashlib`, same process)",
            r,
            "{:.0%}",
            "≥ 90%",
            None if r is None else r >= 0.9,
        )
        ours_1mb = python.get("verify", "1MB", "ours Webhook.verify json_parse=False")
        if ours_1mb is not None and ssl.get("best_mbps"):
            share = mbps(1048576, ours_1mb["median_ns"]) / ssl["best_mbps"]
            add(
                "Python",
                "1 MB: same ÷ `openssl speed -evp sha256` (separate process; informative)",
                share,
                "{:.0%}",
                "(≥ 90%)",
                None,
            )
    if paired is not None or rust is not None:
        by = {(r["group"], r["size"]): r for r in rust or []}
        for group, size in [("verify", key) for key, _, _ in SIZES] + [("reject", "2KB")]:
            ratio = paired.ratio(group, size, "core", "baseline") if paired is not None else None
            crit = by.get((group, size))
            if ratio is None and crit is not None:
                ratio = crit["ratio"]
            note = f" (criterion {crit['ratio']:.3f})" if crit is not None and paired is not None else ""
            rows.append(
                [
                    "Rust",
                    f"{group} {size}: core ÷ hand-written baseline",
                    "—" if ratio is None else f"{ratio:.3f}{note}",
                    "≤ 1.05",
                    verdict(None if ratio is None else ratio <= 1.05),
                ]
            )
    if npm is not None:
        add(
            "npm",
            "all runtime files of the package (`dist/*` but types), gzipped, summed",
            npm["runtime_gzip"] / 1024,
            "{:.1f} KiB",
            "< 100 KB",
            npm["runtime_gzip"] < 100_000,
        )
    if node is not None:
        cold = node.data["cold"]["wasm_compile_instantiate_ms"]
        add(
            "npm",
            "wasm compile + instantiate in a fresh Node process (median)",
            cold,
            "{:.2f} ms",
            "< 5 ms",
            cold < 5,
        )
    return rows


# ---------------------------------------------------------------------------


def load(name: str) -> Optional[Run]:
    path = OUT / name
    return Run(path) if path.exists() else None


def build(only: Optional[str]) -> str:
    node = load("node.json") if only in (None, "node") else None
    python = load("python.json") if only in (None, "python") else None
    paired = load("rust.json") if only in (None, "rust") else None
    rust = None
    if only in (None, "rust"):
        try:
            from report_rust import rust_rows

            rust = rust_rows()
        except (OSError, KeyError, ValueError):
            rust = None
    ssl = openssl_speed()
    npm = npm_facts() if only in (None, "node") else None
    wheel = wheel_facts() if only in (None, "python") else None

    parts = ["# Benchmarks: replicate-webhooks side by side (one `make bench` run)", ""]
    parts.append(table(["machine", ""], [list(row) for row in machine(node, python)]))
    parts += [
        "",
        "Median **CPU time** per call (wall-clock medians are kept in target/bench/*.json: on this "
        "shared machine wall time also counts the time the benchmark waited for a CPU); in "
        "parentheses the ratio **peer ÷ ours** for the same body size (> 1: ours is faster), "
        "taken pair by pair within each round of this run. Reference: ours "
        "`Webhook.verify` for rows that parse JSON, ours verify-only for rows that do not; the "
        "reject column compares with ours `Webhook.verify` rejecting. `JSON`: whether the call "
        "also parses the body. MB/s: body bytes per second at 1 MB.",
        "",
    ]
    rows: List[List[str]] = []
    if paired is not None or rust is not None:
        rows += rust_table(paired, rust)
    if node is not None:
        rows += harness_table(node, NODE_ROWS, NODE_REJECT, NODE_LABELS, "Node")
    if python is not None:
        rows += harness_table(python, PY_ROWS, PY_REJECT, PY_LABELS, "Python")
    if ssl.get("best_mbps"):
        speeds = ", ".join(
            f"{size} B: {v / MB:,.0f} MB/s" for size, v in ssl["speeds"].items() if size >= 1024
        )
        rows.append(
            [
                "native",
                f"ceiling: `openssl speed -evp sha256` ({speeds})",
                "—",
                "—",
                "—",
                "—",
                "—",
                f"{ssl['best_mbps']:,.0f}",
                "—",
            ]
        )
    elif only is None:
        rows.append(["native", f"`openssl speed`: {ssl.get('note')}", "—", "—", "—", "—", "—", "—", "—"])
    header = ["", "implementation", "JSON"] + [label for _, label, _ in SIZES] + ["MB/s @1 MB", "reject 2 KB"]
    parts.append(table(header, rows))

    target_rows = targets(node, python, paired, rust, ssl, npm)
    if target_rows:
        parts += ["", "## Targets (issue 5)", ""]
        parts.append(table(["", "target", "measured", "goal", ""], target_rows))

    facts: List[List[str]] = []
    if npm is not None:
        facts.append(["npm tarball (`npm pack`)", f"{npm['tarball']}: {fmt_bytes(npm['tarball_bytes'])}"])
        facts.append([".wasm", f"{fmt_bytes(npm['wasm_bytes'])} raw, {fmt_bytes(npm['wasm_gzip'])} gzipped"])
        for name, (raw, packed) in npm["runtime_files"].items():
            facts.append([f"`{name}`", f"{fmt_bytes(raw)} raw, {fmt_bytes(packed)} gzipped"])
        facts.append(
            [
                "all runtime files",
                f"{fmt_bytes(npm['runtime_raw'])} raw, "
                f"{fmt_bytes(npm['runtime_gzip'])} gzipped ({npm['runtime_gzip']:,} B)",
            ]
        )
        files = npm["runtime_files"]
        wasm_gz = next((packed for name, (_, packed) in files.items() if name.endswith(".wasm")), 0)
        loads = {
            "Node (`node.cjs`; `node.mjs` re-exports it)": sum(
                files.get(n, (0, 0))[1] for n in ("dist/node.cjs", "dist/node.mjs")
            ),
            "workerd / edge-light (`edge.mjs` + `.wasm`)": files.get("dist/edge.mjs", (0, 0))[1] + wasm_gz,
            "`/init` (`init.mjs` + `.wasm`)": files.get("dist/init.mjs", (0, 0))[1] + wasm_gz,
        }
        for label, size in loads.items():
            facts.append([f"what one runtime loads: {label}", f"{fmt_bytes(size)} gzipped"])
    if node is not None:
        cold = node.data["cold"]
        facts.append(
            [
                f"wasm compile + instantiate (fresh process, median of {cold['runs']})",
                f"{cold['wasm_compile_instantiate_ms']:.2f} ms wall "
                f"(compile {cold['wasm_compile_ms']:.2f} ms), "
                f"{cold['wasm_compile_instantiate_cpu_ms']:.2f} ms CPU",
            ]
        )
        facts.append(['`require("replicate-webhooks")` (fresh process)', f"{cold['require_ms']:.2f} ms"])
        facts.append(["first `verify` after import", f"{cold['first_verify_ms']:.2f} ms"])
    if wheel is not None:
        facts.append(
            [
                "wheel",
                f"{wheel['wheel']}: {fmt_bytes(wheel['bytes'])} "
                f"(native module {fmt_bytes(wheel['native_bytes'])} unpacked)",
            ]
        )
    if facts:
        parts += ["", "## Package facts", ""]
        parts.append(table(["", ""], facts))

    versions = []
    flags = OUT / "ceiling-rustflags.txt"
    if node is not None and flags.exists():
        versions.append(
            f"wasm ceiling built with the package's RUSTFLAGS `{flags.read_text().strip() or '(none)'}`"
        )
    if paired is not None:
        versions.append(
            f"Rust paired harness: {paired.data['rounds']} rounds of ~{paired.data['sample_ms']} ms samples"
        )
    for run, label in ((node, "npm"), (python, "PyPI")):
        if run is not None:
            versions.append(f"{label}: " + ", ".join(f"{k} {v}" for k, v in run.data["versions"].items()))
            versions.append(
                f"{label} harness: {run.data['rounds']} rounds of ~{run.data['sample_ms']:.0f} ms "
                f"samples, {run.data['seconds']:.0f} s"
            )
    if versions:
        parts += ["", "Versions and settings: " + "; ".join(versions) + "."]
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", help="also write the report to this Markdown file")
    parser.add_argument("--only", choices=["rust", "node", "python"], help="one part only")
    args = parser.parse_args()
    text = build(args.only)
    print(text)
    if args.write:
        Path(args.write).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
