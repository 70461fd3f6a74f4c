# Samen Zorg Regelen. `make run` starts the platform, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PG_TEST_PORT ?= 54329
PG_TEST_URL := postgres://postgres@127.0.0.1:$(PG_TEST_PORT)/samenzorg
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run dev worker test test-sqlite test-postgres bench lint format messages vendor system-deps system-test-deps clean help

help:
	@echo "make run    – install, load the real Den Haag data and demo data, serve on http://127.0.0.1:8000"
	@echo "              with the background task worker beside the server (Ctrl-C stops both)"
	@echo "make dev    – the same with Django's runserver, autoreload and DEBUG on, for developers"
	@echo "make worker – only the background task worker (when the server runs elsewhere)"
	@echo "make test   – install what the tests need, run the suite on SQLite and on PostgreSQL"
	@echo "make bench  – benchmarks: pages on synthetic national data, assessment and network algorithms,"
	@echo "              a live scoring session, an import (bench/RESULTS*.md)"
	@echo "make lint   – ruff, import contracts, template indentation, migrations check, translations"

# Debian's own Python creates virtual environments only with python3-venv installed.
$(PY):
	$(PYTHON) -m venv $(VENV) 2>/dev/null || (rm -rf $(VENV) && python3 -m venv $(VENV) 2>/dev/null) || \
	  (rm -rf $(VENV) && $(APT_GET) update -qq && $(APT_GET) install -y -qq python3-venv >/dev/null && \
	   python3 -m venv $(VENV))

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# Translations: compiled from the .po files (gettext's msgfmt is installed when missing).
messages: system-deps
	cd samenzorg && DJANGO_DEBUG=1 ../$(PY) ../manage.py compilemessages -v0

# As production runs: DEBUG off, gunicorn with threads, static files through WhiteNoise,
# a secret key made once into .secret_key (not in git).
PRODUCTION_ENV = SECRET_KEY="$$(cat .secret_key)"

.secret_key:
	@umask 077; python3 -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: $(VENV)/.installed messages .secret_key
	$(PRODUCTION_ENV) $(PY) manage.py migrate --noinput -v0
	$(PRODUCTION_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(PRODUCTION_ENV) $(PY) manage.py load_areas
	$(PRODUCTION_ENV) $(PY) manage.py load_demo
	$(PRODUCTION_ENV) $(PY) manage.py send_digests --schedule
	$(PRODUCTION_ENV) $(PY) manage.py warm_caches
	$(PRODUCTION_ENV) PYTHON=$(PY) bin/serve 127.0.0.1:8000

# For developers: Django's runserver with autoreload and DEBUG on, and the worker.
dev: $(VENV)/.installed messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(PY) manage.py load_areas
	DJANGO_DEBUG=1 $(PY) manage.py load_demo
	DJANGO_DEBUG=1 SERVER=runserver PYTHON=$(PY) bin/serve 127.0.0.1:8000

# The background task worker alone (make run starts one beside the server).
worker: $(VENV)/.installed messages
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DJANGO_DEBUG=1 $(PY) manage.py db_worker

# Debian packages the platform needs: gettext (translations), Pango (PDF reports).
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	ldconfig -p | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; $(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing >/dev/null; \
	fi

# Debian packages the tests need as well: Chromium for the browser tests, the PostgreSQL server.
system-test-deps: system-deps
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; $(APT_GET) update -qq && $(APT_GET) install -y -qq $$missing >/dev/null; \
	fi

test: system-test-deps $(VENV)/.installed-dev messages
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "== Tests on SQLite"
	$(VENV)/bin/pytest

test-postgres:
	@echo "== Tests on PostgreSQL"
	@# A base folder of its own: other pytest runs prune old ones in /tmp, and the
	@# throwaway cluster's data lives in it.
	DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest --postgresql-port=$(PG_TEST_PORT) \
	  --basetemp=.pytest-postgres

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py
	$(PY) bench/assessment_bench.py
	$(PY) bench/networks_bench.py
	@# A live session of 100 phones and an import of 5,000 initiatives, each on SQLite
	@# and on a throwaway PostgreSQL cluster (about 3 minutes together); the full
	@# sizes: bench/live_session.py --participants 200 500 (bench/README.md).
	$(PY) bench/live_session.py --participants 100 --join-spread 10 --think 2:5 --max-seconds 150
	$(PY) bench/import_bench.py
	$(PY) bench/pages_load.py --seconds 8 --repeat 10
	$(PY) bench/collect.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djhtml --check $$(find samenzorg -path '*/templates/*' -name '*.html')
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	cd samenzorg && DJANGO_DEBUG=1 ../$(PY) ../manage.py compilemessages -v0

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(find samenzorg -path '*/templates/*' -name '*.html')

# Copy the built front-end files of the pinned npm packages (needs Node.js; running does not).
vendor:
	npm ci --no-audit --no-fund
	V=samenzorg/core/static/vendor; mkdir -p $$V/{utrecht,denhaag,leaflet,htmx,axe-core,cytoscape}; \
	cp node_modules/@utrecht/component-library-css/dist/index.css $$V/utrecht/component-library.css; \
	cp node_modules/@gemeente-denhaag/design-tokens-components/dist/theme/index.css $$V/denhaag/theme.css; \
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css $$V/leaflet/; \
	cp -r node_modules/leaflet/dist/images $$V/leaflet/; \
	cp node_modules/htmx.org/dist/htmx.min.js $$V/htmx/; \
	cp node_modules/axe-core/axe.min.js $$V/axe-core/; \
	cp node_modules/cytoscape/dist/cytoscape.min.js $$V/cytoscape/

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest-postgres
