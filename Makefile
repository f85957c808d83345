# `make demo` and `make test` set everything up on a fresh Debian machine, then run. Both are idempotent.
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTHON ?= python3

.PHONY: setup demo test bench clean

setup: $(VENV)/.installed /usr/bin/chromium node_modules/.installed

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# Playwright cannot download its own browser here: Debian's Chromium is the browser ent-audit drives.
/usr/bin/chromium:
	$(SUDO) apt-get update -q
	$(SUDO) apt-get install -y -q chromium

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

demo: setup
	$(VENV)/bin/ent-audit demo --out demo-report

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/throughput.py

clean:
	rm -rf demo-report .pytest_cache
