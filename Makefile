# The two commands: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export ANLAUFSTELLE_VAR_DIR ?= $(CURDIR)/var

.PHONY: run rehearse test install install-test assets flow-native lint typecheck importlint migrations-check pytest e2e bench messages compilemessages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[native]'
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Pango lays out the PDFs (WeasyPrint, core/pdf.py) and the Noto fonts give them Arabic, Farsi
# and Cyrillic glyphs. gcc and the Python headers compile the flow core (tools/build-flow),
# espeak-ng says the calls on the board: wanted by `make install` (without them, or without
# root, the pure Python runs and build-flow says so, and the board leaves speaking to the
# browser), needed by `make test`.
install: $(VENV)/.installed assets
	@tools/system-packages gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core
	@tools/system-packages gcc python3-dev espeak-ng 2>/dev/null || true
	@$(BIN)/python tools/build-flow
install-test: $(VENV)/.installed-test assets
	@tools/system-packages chromium gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core gcc python3-dev espeak-ng
	@$(BIN)/python tools/build-flow --strict
assets: node_modules/.installed

# The flow core's hot modules compiled with mypyc (anlaufstelle/flow/native.py); does nothing
# when the build is of the sources on disk. `make install` goes on without it if it fails (the
# pure Python runs, slower); `make test` does not, since the tests must cover what runs.
flow-native: $(VENV)/.installed
	$(BIN)/python tools/build-flow

var/secret_key var/audit_key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

# Local demo: SQLite under var/, plain HTTP on loopback, so cookies need not be HTTPS-only.
RUN_ENV = SECRET_KEY_FILE=$(CURDIR)/var/secret_key AUDIT_KEY_FILE=$(CURDIR)/var/audit_key ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_COOKIES=false DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/anlaufstelle.sqlite3}

run: install var/secret_key var/audit_key
	@$(RUN_ENV) $(BIN)/anlaufstelle migrate --noinput
	@$(RUN_ENV) $(BIN)/anlaufstelle demo --if-empty
	@$(RUN_ENV) $(BIN)/anlaufstelle compilemessages --ignore=.venv --ignore=node_modules -v 0
	@$(RUN_ENV) $(BIN)/anlaufstelle collectstatic --noinput -v 0
	@$(RUN_ENV) $(BIN)/anlaufstelle demo --print-logins --url http://$(HOST):$(PORT)/
	@$(RUN_ENV) $(BIN)/anlaufstelle runserver --noreload $(HOST):$(PORT)

# The demo's hall in motion: while `make run` serves, simulated staff of the demo centre serve a
# day of visitors at a site in real time (SPEED=10 runs ten times faster); officers who sign in
# at other desks serve beside them. Ctrl-C signs the simulated staff off.
REHEARSE_SITE ?= Ankommenszentrum Messe
REHEARSE_PATTERN ?= leipzig-peak
SPEED ?= 1
rehearse: install var/secret_key var/audit_key
	@$(RUN_ENV) $(BIN)/anlaufstelle rehearse --site "$(REHEARSE_SITE)" --centre $(REHEARSE_PATTERN) --speed $(SPEED)

# Tests: lint, format, types (the django-stubs plugin loads the settings, hence TEST_ENV), import
# contracts, migrations, then pytest (with DATABASE_URL set, against that database).
TEST_ENV = SECRET_KEY=test-secret-key-that-is-long-enough-0123456789 \
	AUDIT_KEY=test-audit-key-that-is-long-enough-0123456789 ALLOWED_HOSTS=testserver,127.0.0.1,localhost

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/mypy anlaufstelle
	cd $(CURDIR) && $(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/anlaufstelle compilemessages --ignore=.venv --ignore=node_modules -v 0
	# Models against migrations only: no database needed (an in-memory one keeps Django quiet).
	$(TEST_ENV) DATABASE_URL=sqlite://:memory: $(BIN)/anlaufstelle makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest -n 2 --dist loadfile

bench: install-test
	$(BIN)/python bench/flow/run.py
	$(BIN)/python bench/matching/quality.py

# Translators: refresh the .po files after changing strings (without source locations, so that
# branches that add strings merge without conflicts in every reference line).
messages: install
	$(TEST_ENV) $(BIN)/anlaufstelle makemessages --no-location --ignore=.venv --ignore=node_modules --ignore=var -l de -l en -l uk -l ru -l ar -l fa -l ku

clean:
	rm -rf $(VENV) node_modules var/static
