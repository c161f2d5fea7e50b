# make run   - create .venv if needed, install entrytui, open it on the default store
# make test  - the same set-up, make lint, then the whole test suite
# make lint  - ruff (lint and format check) over the code and tests, mypy over the headless core
# make bench - the store and UI benchmarks (figures as ratios against references in the same run)
# make torture - the fault, crash, load and fuzz suites at full length (make test runs them shortened)
# make fuzz  - only the fuzzers, for longer (FUZZ_SECONDS=600 make fuzz)
# make pictures - the README's pictures (docs/*.png), drawn by entrytui's own code from a demo store
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench torture fuzz pictures clean

FUZZ_SECONDS ?= 120

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/entrytui $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	cd bench && ../$(BIN)/python store_bench.py && ../$(BIN)/python ui_bench.py && ../$(BIN)/python upkeep_bench.py

pictures: $(STAMP)
	$(BIN)/python docs/pictures.py

torture: $(STAMP)
	ENTRYTUI_KILL_TRIALS=300 ENTRYTUI_LOAD_SECONDS=60 ENTRYTUI_LOAD_ENTRIES=100000 ENTRYTUI_FUZZ_SECONDS=60 \
	ENTRYTUI_HOSTILE_EXAMPLES=3000 $(BIN)/python -m pytest -s tests/test_faults.py \
	tests/test_store_processes.py tests/test_journal.py tests/test_load.py tests/test_hostile.py tests/test_fuzz.py

fuzz: $(STAMP)
	ENTRYTUI_FUZZ_SECONDS=$(FUZZ_SECONDS) $(BIN)/python -m pytest -s tests/test_fuzz.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis src/*.egg-info
