#!/usr/bin/env bash
# fresh_check.sh GOAL...: run each make goal as the FIRST command on a fresh
# clone on a "fresh machine", one clone per goal, and time it (`make fresh-check`).
#
# A fresh machine, here: a clone of HEAD (committed work only) with the shared
# folder beside it as CI has it; RUSTUP_HOME = a copy of the active toolchain
# alone, with the wasm32 and bare-metal targets removed and no nightly;
# CARGO_HOME empty (no registry, no installed binaries); XDG_CACHE_HOME empty
# (no wasm-bindgen CLI); no .venv, .tools, target/ or node_modules (a clone has
# none). Kept, as download caches only: npm's and pip's (the same bytes a fresh
# machine downloads from the registries; they do not install anything).
set -euo pipefail

root=$(git rev-parse --show-toplevel)
shared=${FRESH_SHARED:-$root/../shared}
toolchain_dir=$(rustc --print sysroot)
toolchain=$(basename "$toolchain_dir")
goals=("$@")
[ ${#goals[@]} -gt 0 ] || goals=(demo test lint)
summary=()

for goal in "${goals[@]}"; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/replicate-webhooks-fresh.XXXXXX")
  echo "== fresh-check: make $goal in $work"
  mkdir -p "$work/rustup/toolchains" "$work/cargo" "$work/cache"
  cp "${RUSTUP_HOME:-$HOME/.rustup}/settings.toml" "$work/rustup/"
  cp -a "$toolchain_dir" "$work/rustup/toolchains/$toolchain"
  sed -i "s/^default_toolchain = .*/default_toolchain = \"$toolchain\"/" "$work/rustup/settings.toml"
  export_env=(RUSTUP_HOME="$work/rustup" CARGO_HOME="$work/cargo" XDG_CACHE_HOME="$work/cache"
    RUSTUP_TOOLCHAIN="$toolchain" PATH="$HOME/.cargo/bin:$PATH")
  for target in wasm32-unknown-unknown thumbv7em-none-eabi; do
    env "${export_env[@]}" rustup target remove "$target" >/dev/null 2>&1 || true
  done
  installed=$(env "${export_env[@]}" rustup target list --installed | tr '\n' ' ')
  echo "   rust targets on the fresh machine: $installed"
  git clone -q --no-hardlinks "$root" "$work/repo"
  ln -s "$(cd "$shared" && pwd)" "$work/shared"
  start=$(date +%s)
  if (cd "$work/repo" && env -u RUSTUP_TOOLCHAIN "${export_env[@]}" make "$goal") > "$work/make.log" 2>&1; then
    verdict=passed
  else
    verdict=FAILED
    tail -n 40 "$work/make.log"
  fi
  seconds=$(( $(date +%s) - start ))
  summary+=("make $goal: $verdict in ${seconds} s")
  echo "   make $goal: $verdict in ${seconds} s (log: $work/make.log)"
  if [ "$verdict" = passed ] && [ -z "${FRESH_KEEP:-}" ]; then
    cp "$work/make.log" "${TMPDIR:-/tmp}/replicate-webhooks-fresh-$goal.log"
    rm -rf "$work"
  fi
done

printf '%s\n' "== fresh-check summary" "${summary[@]}"
! printf '%s\n' "${summary[@]}" | grep -q FAILED
