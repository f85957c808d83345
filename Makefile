# `make demo` and `make test` set everything up on a fresh Debian machine, then run. Both are idempotent.
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTHON ?= python3

.PHONY: setup vendor-axe vendor-third-party-web demo-photos demo check i18n test test-real bench bench-large clean services

setup: $(VENV)/.installed /usr/bin/chromium /etc/chromium/policies/managed/ent-audit.json services node_modules/.installed

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

# Speculation rules and <link rel=prefetch|prerender> loads bypass DevTools interception: this Chromium policy turns
# preloading off, so a page cannot preload a logout URL past the read-only guard (docs/SAFETY.md).
/etc/chromium/policies/managed/ent-audit.json:
	$(SUDO) mkdir -p $(@D)
	echo '{"NetworkPredictionOptions": 2}' | $(SUDO) tee $@ >/dev/null

# Distributed mode's servers, for tests/crawler/distributed/test_distributed.py (it starts its own on loopback ports): installed only
# when redis-server or PostgreSQL's initdb is missing.
services:
	@if ! command -v redis-server >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q redis-server postgresql; fi

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# axe-core ships inside the package (crawler/capture/vendor/axe-core/, committed): after changing its pin in
# package.json, `npm install` then `make vendor-axe`; tests/crawler/test_engines.py checks the copy matches the pin.
AXE_VENDOR := crawler/capture/vendor/axe-core
vendor-axe: node_modules/.installed
	mkdir -p $(AXE_VENDOR)/locales
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt \
		node_modules/axe-core/package.json $(AXE_VENDOR)/
	cp node_modules/axe-core/locales/fr.json $(AXE_VENDOR)/locales/

# third-party-web's dataset (who a third-party host is, its category) ships inside the package, trimmed
# (audits/vendor/third-party-web/, committed): Lighthouse installs the package; after an update of package-lock.json,
# `make vendor-third-party-web`; tests/audits/test_third_party_web.py checks the copy's version matches the lock.
vendor-third-party-web: node_modules/.installed
	$(PY) tools/vendor_third_party_web.py

# The demo ENT's photos (demo_ent/static/photos/, the lab's JPEGs in demo_ent/static/labo/) are committed files written
# by Pillow: the installed demo serves them as they are. Another Pillow may write other bytes: commit them, then
# regenerate what depends on their sizes (the golden store and outputs, README "Tests").
demo-photos: $(VENV)/.installed
	$(PY) tools/demo_photos.py

demo: setup
	$(VENV)/bin/ent-audit demo --out demo-report

# Under a minute, no browser: lint and layout (ruff), types (mypy), the one-way dependency contracts and cycles
# (import-linter), the golden outputs, the packaging, the rule units and the browser markers. `.ci/run` runs it
# before `make test`.
CHECK_TESTS := tests/test_architecture.py tests/test_packaging.py tests/test_markers.py tests/bench \
	tests/audits/test_rules.py tests/audits/test_rules_facts.py tests/audits/test_doctrine.py \
	tests/audits/test_ecoindex.py tests/audits/test_carbon.py tests/audits/test_budget.py tests/audits/test_rule_plugin.py \
	tests/audits/test_thresholds.py tests/crawler/commands/test_exit_codes.py \
	tests/audits/rgaa \
	tests/reports/test_golden.py tests/reports/test_store.py tests/reports/test_judge_once.py \
	tests/reports/test_output_formats.py tests/reports/test_files.py tests/crawler/test_config.py \
	tests/test_balance.py tests/test_i18n.py tests/crawler/test_engines.py \
	tests/crawler/test_config_schema.py tests/crawler/commands/test_init.py \
	tests/audits/test_third_party_web.py tests/crawler/commands/test_language.py \
	tests/crawler/test_cpu.py tests/reports/test_run_stats.py
check: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -q -p no:cacheprovider -m "not browser" $(CHECK_TESTS)

# The message catalogue (README, "Add or change a translation"): extract the English messages of the code (babel.cfg)
# into the template, merge it into the French .po (a new message comes in untranslated, a changed one fuzzy), compile
# the .mo. The three files are committed; tests/test_i18n.py fails while a message lacks its French or the template is
# behind the code.
LOCALES := ent_audit/locales
i18n: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg --add-location=file --sort-by-file --project=ent-audit \
		--version=0.1.0 -o $(LOCALES)/ent_audit.pot .
	$(VENV)/bin/pybabel -q update -i $(LOCALES)/ent_audit.pot -d $(LOCALES) -D ent_audit -l fr --ignore-obsolete
	@# pybabel compile reads "75 % of" or "200 % size" in a message as a %-format ("% o", "% s") and reports the
	@# French ("75 % d…", "200 %") as an incompatible placeholder; it writes the .mo all the same. Our messages use {name} placeholders only, which
	@# tests/test_i18n.py checks (same placeholders in French, .mo equal to .po), so compile's exit code is ignored.
	-$(VENV)/bin/pybabel -q compile -d $(LOCALES) -D ent_audit -l fr

# Three test files at a time (pytest-xdist). More do not help on 2 cores: the suite is CPU-bound (Chromium); a
# fourth worker took the load average to 23 and make test to 14 min 22 s (1155 tests, machine otherwise idle), where
# -n 3 had taken 14 min 11 s (1131 tests, beside another test run). --dist loadfile keeps a module's shared crawl in
# one worker; tests/balance.py sends the longest files first (by tests/durations.json) and the files sharing the
# session's demo crawl to one worker. (--dist loadgroup could spread a long module's crawls over the workers, but
# with pytest 9.2 and pytest-xdist 3.8 it groups nothing: xdist names a test's group by rewriting item._nodeid, which
# pytest 9.2 no longer reads.)
test: setup
	$(PY) -m pytest -q -n 3 --dist loadfile

# Acceptance test against a real application nobody here wrote (docs/TESTING-REAL.md): Debian's MediaWiki 1.39 on
# loopback, seeded, crawled logged in as its administrator; its databases must be the same after. Not part of `make
# test`. Installs the Debian packages it needs when one is missing. Leaves its files in $(REAL_DIR).
REAL_DIR      ?= /tmp/ent-audit-real
REAL_PACKAGES := mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml sqlite3
test-real: $(VENV)/.installed /usr/bin/chromium node_modules/.installed
	@missing=$$(for p in $(REAL_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
		|| echo $$p; done); if [ -n "$$missing" ]; then $(SUDO) apt-get update -q \
		&& $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; fi
	ENT_AUDIT_REAL=1 $(PY) -m pytest -q -s -p no:cacheprovider -m real tests/real --basetemp=$(REAL_DIR)

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
