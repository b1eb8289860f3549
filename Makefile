# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.created
STAMP := $(VENV)/.installed
NEEDS := (3, 11)
PY_OK := import sys; sys.exit(0 if sys.version_info >= $(NEEDS) else 1)

.PHONY: demo test test-deep lint typecheck docs mutants clean check-python population

# Python first: a clear message, not a venv half made by an interpreter that is too old.
GOAL := $(or $(MAKECMDGOALS),demo)
CHECK_PYTHON := $(PYTHON) -c '$(PY_OK)' 2>/dev/null || { \
	  echo "error: uibenefit needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) -V 2>&1 || echo 'not found')."; \
	  echo "Install Python 3.11+ and run: make PYTHON=python3.11 $(GOAL)"; \
	  exit 1; }

check-python:
	@$(CHECK_PYTHON)

# A .venv left by a failed or older run is kept only if it has a recent Python and pip;
# otherwise it is removed and made again, so the next `make demo` just works.
$(READY):
	@if [ -d $(VENV) ] && $(BIN)/python -c '$(PY_OK)' 2>/dev/null \
	    && $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	  touch $(READY); \
	else \
	  $(CHECK_PYTHON); \
	  if [ -e $(VENV) ]; then echo "removing the unusable $(VENV) of an earlier run"; rm -rf $(VENV); fi; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	    echo "error: '$(PYTHON) -m venv' failed (on Debian/Ubuntu: apt install python3-venv); then run make $(GOAL)"; exit 1; }; \
	  touch $(READY); \
	fi

$(STAMP): $(READY) pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]' || { \
	  echo "error: installing uibenefit into $(VENV) failed (see above); fix the cause and run make $(GOAL) again"; \
	  exit 1; }
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/uibenefit check xingan --lang zh
	$(BIN)/uibenefit evaluate examples/person.yaml --policy xingan --as-of 2021-06-30

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src

typecheck: $(STAMP)
	$(BIN)/mypy src

test: lint typecheck
	$(BIN)/python -m pytest
	$(BIN)/uibenefit test scenarios --fail-uncovered --quiet

test-deep: $(STAMP)
	HYPOTHESIS_PROFILE=deep $(BIN)/python -m pytest

# synthetic claimants of the league, then the whole population evaluated (docs/integrators.md)
population: $(STAMP)
	$(BIN)/uibenefit synth --n 200000 --seed 1 -o build/population/claimants.parquet --events build/population/events.parquet
	$(BIN)/uibenefit batch build/population/claimants.parquet --events build/population/events.parquet --as-of 2026-06-30 -o build/population/decisions.parquet --schedule build/population/schedule.parquet

docs: $(STAMP)
	$(BIN)/uibenefit docs xingan -o docs/policies/

# YAML mutation campaign (slow, not part of `make test`): e.g. make mutants MUTANTS_ARGS="--sample 60"
mutants: $(STAMP)
	$(BIN)/python bench/mutants.py $(MUTANTS_ARGS)

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache .ruff_cache
