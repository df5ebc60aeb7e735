# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app wsgi

.PHONY: run test install lint format translations clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq python3-venv; \
	  else \
	    echo "Python's venv module is missing: run 'sudo apt-get install python3-venv', then make again."; exit 1; \
	  fi; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# Browser tests (tests/browser) inject axe-core from node_modules/; without npm they are skipped.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --loglevel=error >/dev/null && touch $@; \
	else \
	  echo "npm not found: browser tests will be skipped (apt-get install npm, then make install)"; \
	fi

install: $(VENV)/.installed node_modules/.package-lock.json

# The web server and one job consumer together; Ctrl-C stops both.
run: install
	PUENTE_ENV=development $(FLASK) db upgrade
	PUENTE_ENV=development $(FLASK) demo --if-empty
	PUENTE_ENV=development $(FLASK) jobs worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  PUENTE_ENV=development $(FLASK) run --debug --port $(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .

translations: install
	PUENTE_ENV=development $(FLASK) translate update
	PUENTE_ENV=development $(FLASK) translate compile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache node_modules
