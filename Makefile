# replicate-webhooks — the one entry point. `make help` lists the targets.
# Each part (js, python, cli, bench, fuzz) lives in mk/<part>.mk and plugs its
# targets into test / lint / bench through the *_PARTS variables below.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

ROOT := $(abspath .)
CARGO ?= cargo
# Tools the Makefile installs itself live here, never in the user's PATH.
TOOLS := $(ROOT)/.tools
export CARGO_TERM_COLOR ?= never

TEST_PARTS :=
LINT_PARTS :=
BENCH_PARTS :=
DEMO_DEPS :=

-include mk/*.mk

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sort | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# Every recipe that runs `cargo … --target X` depends on rust-targets (or on a
# rule that does): `make lint` checks it (tests/make/check_targets.py).
RUST_TARGETS := wasm32-unknown-unknown thumbv7em-none-eabi

.PHONY: rust-targets
rust-targets: ## Install the wasm32 and bare-metal Rust targets (no_std builds; a no-op once installed)
	@installed=$$(rustup target list --installed); missing=; \
	for target in $(RUST_TARGETS); do \
		grep -qx "$$target" <<< "$$installed" || missing="$$missing $$target"; \
	done; \
	if [ -n "$$missing" ]; then echo "rustup target add$$missing"; rustup target add $$missing; fi

.PHONY: test
test: test-rust $(TEST_PARTS) ## Run every test of every language

.PHONY: test-rust
test-rust: ## Rust: unit, integration (shared vectors) and doc tests
	$(CARGO) test --workspace --exclude replicate-webhooks-python --locked
	$(CARGO) test -p replicate-webhooks --no-default-features --features payload --locked --lib --tests
	$(CARGO) test -p replicate-webhooks --all-features --locked

.PHONY: lint
lint: lint-rust $(LINT_PARTS) ## fmt check, clippy -D warnings, docs, no_std builds, vector check

.PHONY: lint-rust
lint-rust: rust-targets ## Rust: fmt check, clippy -D warnings, rustdoc, no_std builds, vector check, Makefile install check
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) clippy -p replicate-webhooks --all-targets --all-features --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p replicate-webhooks --all-features --no-deps --locked
	$(CARGO) build -p replicate-webhooks --no-default-features --target wasm32-unknown-unknown --locked
	$(CARGO) build -p replicate-webhooks --no-default-features --features payload --target wasm32-unknown-unknown --locked
	$(CARGO) build -p replicate-webhooks --no-default-features --features payload --target thumbv7em-none-eabi --locked
	python3 tests/generate/gen_vectors.py --check
	python3 tests/make/check_targets.py

.PHONY: fresh-check
fresh-check: ## Each of FRESH_GOALS (default: demo test lint) as the first command on a fresh clone + fresh Rust/cargo homes (not in CI; ~1 h)
	tests/make/fresh_check.sh $(or $(FRESH_GOALS),demo test lint)

.PHONY: fmt
fmt: ## Format all Rust code
	$(CARGO) fmt --all

.PHONY: bench
bench: bench-rust $(BENCH_PARTS) ## Benchmarks: ours vs baselines, as ratios

.PHONY: bench-rust
bench-rust: ## Rust: core verify vs hand-written hmac+sha2+subtle (criterion)
	CRITERION_HOME=$(ROOT)/target/criterion $(CARGO) bench -p replicate-webhooks --bench verify --locked
	python3 bench/report_rust.py

.PHONY: demo
demo: $(DEMO_DEPS) ## The main job: sign, send and verify Replicate webhooks locally
	@$(CARGO) build -q -p replicate-webhooks-cli --locked
	@crates/replicate-webhooks-cli/scripts/demo.sh "$${CARGO_TARGET_DIR:-$(ROOT)/target}/debug/replicate-webhooks"
