# Benchmarks side by side with the libraries users would otherwise pick
# (docs/benchmarks.md). `make bench` = bench-rust (root Makefile, criterion) +
# the parts below, then bench-report prints one table and writes
# bench/results.md. Every peer is pinned and installed here, into bench/'s own
# environments; our packages are the release builds of `make js` / `make python`.
# Run it without -j: parts measured side by side would disturb each other.

BENCH_DIR := $(ROOT)/bench
BENCH_OUT := $(ROOT)/target/bench
BENCH_NODE := $(BENCH_DIR)/node
BENCH_VENV := $(BENCH_DIR)/.venv
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_PY_REQUIREMENTS := $(BENCH_DIR)/python/requirements.txt
BENCH_PY_STAMP := $(BENCH_VENV)/.bench-deps
# BENCH_QUICK=1: fewer, shorter samples (a smoke run, not for the docs).
BENCH_QUICK ?=
BENCH_FLAGS := $(if $(BENCH_QUICK),--quick,)

# The wasm ceiling (bench/wasm-ceiling): the same hmac/sha2 as the core, bare.
# "o3" and "os" get the package's RUSTFLAGS (JS_WASM_RUSTFLAGS, mk/js.mk: e.g. a
# sha2 backend choice), so the ceiling runs the same sha2 code as the package;
# "o3-default" and "simd128" show what other build choices would give.
CEILING_DIR := $(BENCH_DIR)/wasm-ceiling
CEILING_WASM := wasm32-unknown-unknown/%s/replicate_webhooks_wasm_ceiling.wasm
CEILING_O3 := $(ROOT)/target/wasm-ceiling/$(subst %s,release,$(CEILING_WASM))
CEILING_OS := $(ROOT)/target/wasm-ceiling/$(subst %s,size,$(CEILING_WASM))
CEILING_DEFAULT := $(ROOT)/target/wasm-ceiling-default/$(subst %s,release,$(CEILING_WASM))
CEILING_SIMD := $(ROOT)/target/wasm-ceiling-simd128/$(subst %s,release,$(CEILING_WASM))
# $(CEILING_BUILD) TARGET_DIR 'RUSTFLAGS' PROFILE-ARGS
CEILING_BUILD = cd $(CEILING_DIR) && $(ROOT)/bench/wasm-ceiling/build.sh $(CARGO)

# The paired Rust harness (bench/rust): the criterion bench's two cases again,
# timed like the Node and Python peers; its ratios decide the Rust targets.
BENCH_RUST_TARGET := $(ROOT)/target/bench-rust
BENCH_RUST_BIN := $(BENCH_RUST_TARGET)/release/replicate-webhooks-bench-paired

BENCH_PARTS += bench-rust-paired bench-js bench-python bench-native bench-report

# With `make bench`, each part only writes its figures; bench-report prints the table.
ifneq ($(filter bench,$(MAKECMDGOALS)),)
export BENCH_ONE_TABLE := 1
endif

.PHONY: bench-ceiling
bench-ceiling: rust-targets ## Build the wasm HMAC ceiling modules (package flags at opt-level 3 and "s", default, +simd128)
	python3 $(BENCH_DIR)/check_lock.py $(ROOT)/Cargo.lock $(CEILING_DIR)/Cargo.lock
	$(CEILING_BUILD) $(ROOT)/target/wasm-ceiling '$(JS_WASM_RUSTFLAGS)' --release
	$(CEILING_BUILD) $(ROOT)/target/wasm-ceiling '$(JS_WASM_RUSTFLAGS)' --profile size
	$(CEILING_BUILD) $(ROOT)/target/wasm-ceiling-default '' --release
	$(CEILING_BUILD) $(ROOT)/target/wasm-ceiling-simd128 '-C target-feature=+simd128' --release
	@mkdir -p $(BENCH_OUT) && printf '%s\n' '$(JS_WASM_RUSTFLAGS)' > $(BENCH_OUT)/ceiling-rustflags.txt

.PHONY: bench-rust-paired
bench-rust-paired: ## Rust: core vs hand-written baseline, alternating, CPU time (the ratios)
	@mkdir -p $(BENCH_OUT)
	python3 $(BENCH_DIR)/check_lock.py $(ROOT)/Cargo.lock $(BENCH_DIR)/rust/Cargo.lock
	cd $(BENCH_DIR)/rust && CARGO_TARGET_DIR=$(BENCH_RUST_TARGET) $(CARGO) build --release --locked -q
	$(BENCH_RUST_BIN) $(BENCH_FLAGS) > $(BENCH_OUT)/rust.json

.PHONY: bench-profile-rust
bench-profile-rust: ## Rust: instructions per call, core vs baseline (callgrind; not part of bench)
	@command -v valgrind >/dev/null || { echo "valgrind not installed (apt-get install valgrind)"; exit 1; }
	cd $(BENCH_DIR)/rust && CARGO_TARGET_DIR=$(BENCH_RUST_TARGET) $(CARGO) build --profile profiling --locked -q
	python3 $(BENCH_DIR)/profile_rust.py $(BENCH_RUST_TARGET)/profiling/replicate-webhooks-bench-paired

# npm ci only when the lock file changed since the last install.
$(BENCH_NODE)/node_modules/.package-lock.json: $(BENCH_NODE)/package-lock.json
	cd $(BENCH_NODE) && $(NPM) ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: bench-js
bench-js: js bench-ceiling $(BENCH_NODE)/node_modules/.package-lock.json ## Node: ours vs standardwebhooks, svix, replicate, node:crypto, wasm ceiling
	@mkdir -p $(BENCH_OUT)
	rm -f $(BENCH_OUT)/replicate-webhooks-*.tgz
	cd $(JS_DIR) && $(NPM) pack --pack-destination $(BENCH_OUT) --loglevel=error >/dev/null
	@# As users get it: the packed tarball, installed next to the pinned peers.
	cd $(BENCH_NODE) && $(NPM) install --no-save --no-audit --no-fund --loglevel=error \
		$(BENCH_OUT)/replicate-webhooks-*.tgz
	cd $(BENCH_NODE) && node bench.mjs $(BENCH_FLAGS) --out $(BENCH_OUT)/node.json \
		--ceiling o3=$(CEILING_O3) --ceiling os=$(CEILING_OS) --ceiling o3-default=$(CEILING_DEFAULT) \
		--ceiling simd128=$(CEILING_SIMD)
	@[ -n "$${BENCH_ONE_TABLE:-}" ] || python3 $(BENCH_DIR)/report.py --only node

$(BENCH_PY_STAMP): $(BENCH_PY_REQUIREMENTS)
	test -x $(BENCH_PY) || python3 -m venv $(BENCH_VENV)
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check -r $(BENCH_PY_REQUIREMENTS)
	touch $@

.PHONY: bench-python
bench-python: python $(BENCH_PY_STAMP) ## Python: ours vs standardwebhooks, svix, replicate, stdlib hmac, OpenSSL
	@mkdir -p $(BENCH_OUT)
	@# The wheel `make python` just built, as users install it.
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall \
		$(PY_WHEELS)/replicate_webhooks-*.whl
	cd $(BENCH_DIR)/python && $(BENCH_PY) bench.py $(BENCH_FLAGS) --out $(BENCH_OUT)/python.json
	@[ -n "$${BENCH_ONE_TABLE:-}" ] || python3 $(BENCH_DIR)/report.py --only python

.PHONY: bench-native
bench-native: ## Native ceiling: openssl speed -evp sha256 (SHA-NI where the CPU has it)
	@mkdir -p $(BENCH_OUT)
	@if command -v openssl >/dev/null; then \
		openssl speed -seconds 1 -evp sha256 \
			> $(BENCH_OUT)/openssl.txt 2>/dev/null; \
		openssl version >> $(BENCH_OUT)/openssl.txt; \
	else \
		echo "openssl not found: no native ceiling" > $(BENCH_OUT)/openssl.txt; \
	fi

.PHONY: bench-report
bench-report: ## Print the table of the last run and write bench/results.md
	python3 $(BENCH_DIR)/report.py --write $(BENCH_DIR)/results.md

# Cheap enough for CI: the bench lock files still match the workspace's, and
# the harnesses still parse (running them is `make bench`, not CI).
LINT_PARTS += lint-bench

.PHONY: lint-bench
lint-bench: ## Bench: lock files in step with Cargo.lock, harnesses parse
	python3 $(BENCH_DIR)/check_lock.py $(ROOT)/Cargo.lock $(CEILING_DIR)/Cargo.lock
	python3 $(BENCH_DIR)/check_lock.py $(ROOT)/Cargo.lock $(BENCH_DIR)/rust/Cargo.lock
	python3 $(BENCH_DIR)/check_lock.py $(ROOT)/Cargo.lock $(TIMING_DIR)/Cargo.lock --harness-only $(TIMING_HARNESS_ONLY)
	python3 -m py_compile $(BENCH_DIR)/report.py $(BENCH_DIR)/report_rust.py $(BENCH_DIR)/check_lock.py \
		$(BENCH_DIR)/profile_rust.py $(BENCH_DIR)/python/bench.py
	node --check $(BENCH_NODE)/bench.mjs
