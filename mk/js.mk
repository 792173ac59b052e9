# The npm package `replicate-webhooks` (js/) over the wasm build of the core
# (bindings/wasm). Pipeline: cargo (wasm32, profile wasm-release) → wasm-bindgen
# CLI (pinned to the crate's version, installed once per machine into a cache
# outside the clone) → wasm-opt (npm binaryen; Debian's 108 corrupts the output)
# → js/scripts/build.mjs (dist/).

JS_DIR := $(ROOT)/js
JS_WASM_CRATE := replicate-webhooks-wasm
JS_WASM_IN := $(ROOT)/target/wasm32-unknown-unknown/wasm-release/replicate_webhooks_wasm.wasm
JS_GLUE_DIR := $(ROOT)/target/js-glue
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' $(ROOT)/Cargo.lock)
# Outside the clone, so a fresh clone (CI) does not rebuild it (2-5 minutes).
JS_TOOLS_CACHE ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/replicate-webhooks
WASM_BINDGEN_ROOT ?= $(JS_TOOLS_CACHE)/wasm-bindgen-$(WASM_BINDGEN_VERSION)
WASM_BINDGEN := $(WASM_BINDGEN_ROOT)/bin/wasm-bindgen
# Extra RUSTFLAGS for the wasm build. `--cfg sha2_backend_soft="compact"` (sha2's
# rolled SHA-256) saves 1.7 KB gzipped (x2 with the inlined copy) but makes a
# 2 KB verify ~30% slower, so the default keeps the unrolled one.
# `+simd128` switches sha2 to its wasm SIMD backend: a 2 KB verify goes from
# ~12.9 to ~10.7 µs (every target runtime supports wasm SIMD; browsers need
# Safari 16.4+).
JS_WASM_RUSTFLAGS ?= -C target-feature=+simd128
JS_WASM_OPT_FLAGS := -Oz --converge --strip-debug --strip-producers --strip-target-features
NPM ?= npm
# `make test-js-runtimes RUNTIMES=deno,workerd` runs a subset (node, typescript, deno, bun, workerd, next).
RUNTIMES ?=

TEST_PARTS += test-js
LINT_PARTS += lint-js

.PHONY: js
js: js-deps rust-targets ## npm package: build js/dist (wasm + entries for every runtime + types)
	$(if $(JS_WASM_RUSTFLAGS),RUSTFLAGS='$(JS_WASM_RUSTFLAGS)') $(CARGO) build -p $(JS_WASM_CRATE) --target wasm32-unknown-unknown --profile wasm-release --locked
	@if [ "$$($(WASM_BINDGEN) --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) into $(WASM_BINDGEN_ROOT) (2-5 minutes, once per machine)"; \
		rm -rf $(WASM_BINDGEN_ROOT).partial; \
		$(CARGO) install --root $(WASM_BINDGEN_ROOT).partial wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
		rm -rf $(WASM_BINDGEN_ROOT); mv $(WASM_BINDGEN_ROOT).partial $(WASM_BINDGEN_ROOT); \
	fi
	rm -rf $(JS_GLUE_DIR)
	$(WASM_BINDGEN) --target bundler --out-dir $(JS_GLUE_DIR) --out-name webhook $(JS_WASM_IN)
	$(JS_DIR)/node_modules/.bin/wasm-opt $(JS_WASM_OPT_FLAGS) \
		$(JS_GLUE_DIR)/webhook_bg.wasm -o $(JS_GLUE_DIR)/webhook_bg.wasm
	cd $(JS_DIR) && node scripts/build.mjs $(JS_GLUE_DIR)

# npm ci only when the lock file changed since the last install.
.PHONY: js-deps
js-deps: $(JS_DIR)/node_modules/.package-lock.json
$(JS_DIR)/node_modules/.package-lock.json: $(JS_DIR)/package-lock.json
	cd $(JS_DIR) && $(NPM) ci --prefer-offline --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: test-js
test-js: test-js-unit test-js-runtimes ## npm package: unit, vector and differential tests, then real runtimes

.PHONY: test-js-unit
test-js-unit: js ## npm package: unit, shared-vector and differential tests (node --test)
	cd $(JS_DIR) && node --test test/

.PHONY: test-js-runtimes
test-js-runtimes: js ## npm package: npm pack, then signed webhooks over HTTP to Node, Next.js, workerd, Deno, Bun; tsc
	cd $(JS_DIR) && RUNTIMES=$(RUNTIMES) node packaging/run.mjs

.PHONY: lint-js
lint-js: js ## npm package: fmt + clippy (wasm32) of bindings/wasm, tsc over the declarations
	$(CARGO) fmt -p $(JS_WASM_CRATE) -- --check
	$(CARGO) clippy -p $(JS_WASM_CRATE) --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
	cd $(JS_DIR) && node_modules/.bin/tsc -p tsconfig.json
