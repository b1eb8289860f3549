# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-deep lint typecheck docs mutants clean population

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/uibenefit check xingan
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
