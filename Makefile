# `make demo` and `make test` set everything up on a fresh Debian machine, then run. Both are idempotent.
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTHON ?= python3

.PHONY: setup demo test bench bench-large clean services

setup: $(VENV)/.installed /usr/bin/chromium services node_modules/.installed

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

# Distributed mode's servers, for tests/test_distributed.py (it starts its own on loopback ports): installed only
# when redis-server or PostgreSQL's initdb is missing.
services:
	@if ! command -v redis-server >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q redis-server postgresql; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

demo: setup
	$(VENV)/bin/ent-audit demo --out demo-report

test: setup
	$(PY) -m pytest -q

bench: setup
	$(PY) bench/throughput.py

# Large-site benchmark (bench/large.py): a generated 2,000-page site served by a local nginx (installed here when
# missing). Seven runs over all the pages: hours for 2,000 (about 6 h on a busy 2-core machine); PAGES=150 takes 30 min.
PAGES ?= 2000
/usr/sbin/nginx:
	$(SUDO) apt-get update -q
	$(SUDO) apt-get install -y -q nginx

bench-large: setup /usr/sbin/nginx
	$(PY) bench/large.py --pages $(PAGES)

clean:
	rm -rf demo-report .pytest_cache
