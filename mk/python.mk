# The pip package `replicate-webhooks`: PyO3 binding (bindings/python) built by
# maturin into the Python package in python/. Everything runs from the repo's
# .venv, which these rules create and fill from python/requirements-dev.txt.

PY_VENV := $(ROOT)/.venv
PY := $(PY_VENV)/bin/python
PY_REQUIREMENTS := $(ROOT)/python/requirements-dev.txt
# Re-install the dev tools only when the pins change.
PY_DEPS_STAMP := $(PY_VENV)/.replicate-webhooks-dev-deps
PY_WHEELS := $(ROOT)/target/wheels

TEST_PARTS += test-python
LINT_PARTS += lint-python

$(PY_DEPS_STAMP): $(PY_REQUIREMENTS)
	test -x $(PY) || python3 -m venv $(PY_VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r $(PY_REQUIREMENTS)
	touch $@

.PHONY: python-deps
python-deps: $(PY_DEPS_STAMP) ## Python: create .venv and install the pinned dev tools

.PHONY: python
python: $(PY_DEPS_STAMP) ## Python: build the abi3 wheel (maturin, release) and install it into .venv
	rm -f $(PY_WHEELS)/replicate_webhooks-*.whl
	cd python && $(PY_VENV)/bin/maturin build --release --locked --quiet \
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
