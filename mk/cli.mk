# The `replicate-webhooks` command line (crates/replicate-webhooks-cli): sign,
# verify, and simulate Replicate's webhook deliveries against a local handler.
# Its tests already run in `make test` (test-rust runs `cargo test --workspace`)
# and its clippy in lint-rust; this file adds the build, a direct test target
# and the rustdoc check. `make demo` (root Makefile) drives it.

CLI_CRATE := replicate-webhooks-cli

LINT_PARTS += lint-cli

.PHONY: cli
cli: ## CLI: build target/debug/replicate-webhooks (install: cargo install --path crates/replicate-webhooks-cli)
	$(CARGO) build -p $(CLI_CRATE) --locked
	@echo "built $${CARGO_TARGET_DIR:-target}/debug/replicate-webhooks"

.PHONY: test-cli
test-cli: ## CLI: unit and integration tests (real servers on 127.0.0.1, shared vectors)
	$(CARGO) test -p $(CLI_CRATE) --locked

.PHONY: lint-cli
lint-cli: ## CLI: rustdoc with -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p $(CLI_CRATE) --no-deps --locked

TEST_PARTS += test-cli-interop

.PHONY: test-cli-interop
test-cli-interop: cli python-deps ## CLI: signatures accepted by, and accepting, the reference standardwebhooks (Python)
	REPLICATE_WEBHOOKS_CLI=$(ROOT)/target/debug/replicate-webhooks \
		$(PY) -m pytest -q -p no:cacheprovider crates/replicate-webhooks-cli/tests/interop
