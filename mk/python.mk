# The pip package `replicate-webhooks`: PyO3 binding (bindings/python) built by
# maturin into the Python package in python/. Everything runs from the repo's
# .venv, which these rules create and fill from python/requirements-dev.txt.

PY_VENV := $(ROOT)/.venv
PY := $(PY_VENV)/bin/python
PY_REQUIREMENTS := $(ROOT)/python/requirements-dev.txt
# Re-install the dev tools only when the pins change.
PY_DEPS_STAMP := $(PY_VENV)/.replicate-webhooks-dev-deps
PY_WHEELS := $(ROOT)/target/wheels
# The wheel for .venv's interpreter: `cp310-abi3` (faster header access, see
# bindings/python/Cargo.toml) when it is CPython 3.10+, else `cp39-abi3`.
PY_ABI3_FEATURES = $(shell $(PY) -c 'import sys; print("--no-default-features --features abi3-py310" if sys.version_info >= (3, 10) else "")')

TEST_PARTS += test-python
LINT_PARTS += lint-python

$(PY_DEPS_STAMP): $(PY_REQUIREMENTS)
	test -x $(PY) || python3 -m venv $(PY_VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(PY_REQUIREMENTS)
	touch $@

.PHONY: python-deps
python-deps: $(PY_DEPS_STAMP) ## Python: create .venv and install the pinned dev tools

.PHONY: python
python: $(PY_DEPS_STAMP) ## Python: build the abi3 wheel for .venv's CPython (maturin, release) and install it
	rm -f $(PY_WHEELS)/replicate_webhooks-*.whl
	cd python && $(PY_VENV)/bin/maturin build --release --locked --quiet $(PY_ABI3_FEATURES) \
		--interpreter $(PY) --out $(PY_WHEELS)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall \
		$(PY_WHEELS)/replicate_webhooks-*.whl
	@ls -l $(PY_WHEELS)/replicate_webhooks-*.whl

.PHONY: test-python
test-python: python ## Python: pytest (vectors, differential, frameworks), mypy --strict, stubtest
	cd python && $(PY) -m pytest
	cd python && $(PY) -m mypy --strict src/replicate_webhooks examples
	cd python && $(PY) -m mypy.stubtest replicate_webhooks._native

.PHONY: lint-python
lint-python: $(PY_DEPS_STAMP) ## Python: ruff check and format check
	cd python && $(PY_VENV)/bin/ruff check . && $(PY_VENV)/bin/ruff format --check .

# Release-like wheel: cross-linked with zig (PyPI `ziglang`) against glibc 2.17, so
# it installs on any manylinux2014 system; maturin's own audit refuses newer symbols.
# Optional: the tests use the host wheel built by `make python`.
PY_WHEEL_REQUIREMENTS := $(ROOT)/python/requirements-wheel.txt
PY_ZIG_STAMP := $(PY_VENV)/.replicate-webhooks-zig
PY_PORTABLE_WHEELS := $(PY_WHEELS)/portable
PY_SMOKE_VENV := $(ROOT)/target/python-wheel-smoke

$(PY_ZIG_STAMP): $(PY_WHEEL_REQUIREMENTS) $(PY_DEPS_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(PY_WHEEL_REQUIREMENTS)
	touch $@

.PHONY: python-wheel-portable
python-wheel-portable: $(PY_ZIG_STAMP) ## Python: the release pair of manylinux2014 abi3 wheels (cp39, cp310) via zig, smoke-tested (not part of test)
	rm -f $(PY_PORTABLE_WHEELS)/replicate_webhooks-*.whl
	cd python && for features in "" "--no-default-features --features abi3-py310"; do \
		PATH="$(PY_VENV)/bin:$$PATH" $(PY_VENV)/bin/maturin build --release --locked --quiet $$features \
			--zig --compatibility manylinux2014 --interpreter $(PY) --out $(PY_PORTABLE_WHEELS) || exit 1; \
	done
	rm -rf $(PY_SMOKE_VENV) && python3 -m venv $(PY_SMOKE_VENV)
	@# Offered both, pip must pick the cp310 wheel on CPython 3.10+ (and cp39 on 3.9).
	$(PY_SMOKE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-index \
		--find-links $(PY_PORTABLE_WHEELS) replicate-webhooks
	$(PY_SMOKE_VENV)/bin/python -c 'import sys, importlib.metadata as m; \
		tag = "cp310-abi3" if sys.version_info >= (3, 10) else "cp39-abi3"; \
		wheel = m.distribution("replicate-webhooks").read_text("WHEEL"); \
		assert "Tag: " + tag in wheel, wheel; print("pip picked the", tag, "wheel")'
	cd $(PY_SMOKE_VENV) && bin/python $(ROOT)/python/examples/usage.py
	@ls -l $(PY_PORTABLE_WHEELS)/replicate_webhooks-*.whl

.PHONY: python-stress
python-stress: python ## Python: the Hypothesis hostile-input and streaming tests with 100x the examples (minutes)
	cd python && REPLICATE_WEBHOOKS_STRESS=100 $(PY) -m pytest -p no:cacheprovider \
		tests/test_hostile.py tests/test_stream.py -k "hypothesis or chunking"
