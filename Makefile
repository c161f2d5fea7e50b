# make run   - create .venv if needed, install entrytui, open it on the default store
# make test  - the same set-up, then the whole test suite
# make bench - the store benchmark (figures as ratios against SQLite in the same run)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/entrytui $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	cd bench && ../$(BIN)/python store_bench.py && ../$(BIN)/python ui_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis src/*.egg-info
