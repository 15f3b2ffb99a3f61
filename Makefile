# Two commands for a newcomer: `make run` (start the app on the committed snapshot) and `make test` (install what the
# tests need, Debian packages included, and run them all). Everything installs into .venv in this folder.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := chromium poppler-utils postgresql nginx fonts-dejavu-core

.PHONY: run test data bench system-deps clean-venv

run: $(RUNTIME_STAMP)
	$(PY) -m emile.placements.demo --si-vide
	$(PY) -m emile.offers.demo --si-vide
	$(PY) -m ui.serve --server.port $(PORT) --server.address 127.0.0.1

test: $(DEV_STAMP) system-deps
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

data: $(DEV_STAMP)
	$(PY) -m loaders.build --raw-dir ../shared/data/raw

bench: $(DEV_STAMP) system-deps
	$(PY) -m benchmarks

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

# Debian packages the tests drive for real: the browser, PDF rasteriser, PostgreSQL server, reverse proxy, fonts.
system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installation des paquets Debian :$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

clean-venv:
	rm -rf $(VENV)
