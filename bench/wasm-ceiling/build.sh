#!/usr/bin/env bash
# build.sh CARGO TARGET_DIR RUSTFLAGS PROFILE-ARGS...: one variant of the ceiling module.
set -euo pipefail
cargo=$1 target_dir=$2 rustflags=$3
shift 3
CARGO_TARGET_DIR=$target_dir RUSTFLAGS=$rustflags "$cargo" build --locked -q --target wasm32-unknown-unknown "$@"
