# The npm package `replicate-webhooks` (js/) over the wasm build of the core
# (bindings/wasm). Pipeline: cargo (wasm32, profile wasm-release) → wasm-bindgen
# CLI (pinned to the crate's version, installed into .tools/) → wasm-opt (npm
# binaryen; Debian's 108 corrupts the output) → js/scripts/build.mjs (dist/).

JS_DIR := $(ROOT)/js
JS_WASM_CRATE := replicate-webhooks-wasm
JS_WASM_IN := $(ROOT)/target/wasm32-unknown-unknown/wasm-release/replicate_webhooks_wasm.wasm
JS_GLUE_DIR := $(ROOT)/target/js-glue
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' $(ROOT)/Cargo.lock)
WASM_BINDGEN := $(TOOLS)/bin/wasm-bindgen
NPM ?= npm
# `make test-js-runtimes RUNTIMES=deno,workerd` runs a subset (node, typescript, deno, bun, workerd, next).
RUNTIMES ?=

TEST_PARTS += test-js
LINT_PARTS += lint-js

.PHONY: js
js: js-deps ## npm package: build js/dist (wasm + entries for every runtime + types)
	$(CARGO) build -p $(JS_WASM_CRATE) --target wasm32-unknown-unknown --profile wasm-release --locked
	@if [ "$$($(WASM_BINDGEN) --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) into $(TOOLS) (about 2 minutes, once)"; \
		$(CARGO) install --root $(TOOLS) wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION); \
	fi
	rm -rf $(JS_GLUE_DIR)
	$(WASM_BINDGEN) --target bundler --out-dir $(JS_GLUE_DIR) --out-name webhook $(JS_WASM_IN)
	$(JS_DIR)/node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers \
		$(JS_GLUE_DIR)/webhook_bg.wasm -o $(JS_GLUE_DIR)/webhook_bg.wasm
	cd $(JS_DIR) && node scripts/build.mjs $(JS_GLUE_DIR)

# npm ci only when the lock file changed since the last install.
.PHONY: js-deps
js-deps: $(JS_DIR)/node_modules/.package-lock.json
$(JS_DIR)/node_modules/.package-lock.json: $(JS_DIR)/package-lock.json
	cd $(JS_DIR) && $(NPM) ci --no-audit --no-fund
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
