# eBOK: `make run` starts the portal with demo data, `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
TOOLS := $(CURDIR)/tools
BUN_VERSION := 1.4.4
AXE_VERSION := 4.14.1
LIGHTHOUSE_VERSION := 13.5.0

# Reflex: Bun from the npm registry (Node 20 is too old for Reflex 0.10), no telemetry, no version
# probe, and the machine's own npm registry for the front-end packages.
export PATH := $(TOOLS)/node_modules/.bin:$(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export REFLEX_CHECK_LATEST_VERSION := false
export NPM_CONFIG_REGISTRY ?= $(shell npm config get registry 2>/dev/null)

.PHONY: install run prod test test-fast lint format bench bench-ui load clean locale

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(TOOLS)/.bun-$(BUN_VERSION):
	mkdir -p $(TOOLS)
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)
	$(TOOLS)/node_modules/.bin/bun --version
	touch $@

# axe-core: the accessibility rules the browser tests inject into every page
$(TOOLS)/.axe-$(AXE_VERSION): $(TOOLS)/.bun-$(BUN_VERSION)
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION)
	touch $@

$(TOOLS)/.lighthouse-$(LIGHTHOUSE_VERSION): $(TOOLS)/.bun-$(BUN_VERSION)
	npm install --prefix $(TOOLS) --no-audit --no-fund --loglevel=error lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# translations (docs/translations.md): the catalogues are compiled here, never committed
LOCALE_DIR := ebok_app/locale
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/messages.po))
BABEL_KEYWORDS := -k t -k N_ -k _ -k gettext -k plural_forms:1,3

$(LOCALE_DIR)/%/LC_MESSAGES/messages.mo: $(LOCALE_DIR)/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d $(LOCALE_DIR) -l $*

install: $(VENV)/.installed $(TOOLS)/.bun-$(BUN_VERSION) $(TOOLS)/.axe-$(AXE_VERSION) $(CATALOGUES)

# every text the code marks (t, N_, _, gettext, plural_forms) into messages.pot, merged into each
# language's messages.po (translate the new entries there), then compiled
locale: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output $(BABEL_KEYWORDS) \
		-F babel.cfg -o $(LOCALE_DIR)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i $(LOCALE_DIR)/messages.pot -d $(LOCALE_DIR)
	$(BIN)/pybabel compile --statistics -d $(LOCALE_DIR)

# the demo is asked for here (off unless EBOK_DEMO=1); the portal listens on this machine only
run: export EBOK_DEMO := 1
run: install
	ebok db upgrade
	ebok demo load --if-empty
	reflex run --backend-host 127.0.0.1

# production: every setting from the environment (docs/operations.md); refuses demo defaults
prod: install
	ebok serve --prod --port $${PORT:-3000}

lint: install
	ruff check .
	ruff format --check .

test: install lint
	bash scripts/ensure-debian-packages.sh
	pytest

# the unit and state tests only (no browser, no front-end build): seconds to minutes
test-fast: install lint
	pytest -m "not e2e"

format: install
	ruff format .
	ruff check --fix .

bench: install
	python -m bench.portfolio
	python -m bench.activation
	python -m bench.ksef
	python -m bench.payments

# Lighthouse and axe-core on the main pages, signed in with the largest demo fleet: bench/ui.json
bench-ui: install $(TOOLS)/.lighthouse-$(LIGHTHOUSE_VERSION)
	bash scripts/ensure-debian-packages.sh
	CHROME_PATH=/usr/bin/chromium python -m bench.ui

# the load test (not part of `make test`): serves the app with 1, then 2 workers on PostgreSQL and Redis
load: install
	python -m bench.load

clean:
	rm -rf .web .states $(VENV) $(TOOLS) artifacts
