# Needlewise developer commands. Everything runs inside .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?=
FLASK := $(BIN)/flask --app directory

.PHONY: run serve test test-postgres bench load faults lint format clean constraints

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# constraints.txt pins every package (and its dependencies) to the versions the suite passed with.
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/activate
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(VENV)/.installed $@

# Re-resolve the newest versions pyproject.toml allows, in a throw-away venv, into constraints.txt.
LOCK_VENV := .venv-lock
constraints:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet -e '.[dev,bench]'
	head -n 4 constraints.txt > constraints.txt.new
	$(LOCK_VENV)/bin/pip freeze --exclude-editable >> constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)

# Local plain-http serving: cookies cannot be Secure-only here (production keeps them Secure).
LOCAL_HTTP := FLASK_SESSION_COOKIE_SECURE=false FLASK_REMEMBER_COOKIE_SECURE=false

run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	$(FLASK) search reindex --if-needed
	FLASK_MAIL_DELIVERY=$${FLASK_MAIL_DELIVERY:-inline} $(LOCAL_HTTP) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# The production shape on this machine's PostgreSQL and Redis (the Procfile's three processes):
# gunicorn workers, the index follower and the mail worker; Ctrl-C stops all three.
SERVE_DB ?= needlewise
SERVE_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/$(SERVE_DB)
SERVE_ENV := FLASK_SQLALCHEMY_DATABASE_URI=$(SERVE_DATABASE_URL) \
	FLASK_RATELIMIT_STORAGE_URI=$${FLASK_RATELIMIT_STORAGE_URI:-redis://127.0.0.1:6379/0} $(LOCAL_HTTP)
serve: $(VENV)/.installed
	psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(SERVE_DB)'" \
		| grep -q 1 || createdb -h 127.0.0.1 -U postgres $(SERVE_DB)
	$(SERVE_ENV) $(FLASK) db upgrade
	$(SERVE_ENV) $(FLASK) demo load --if-empty
	$(SERVE_ENV) $(FLASK) search reindex --if-needed
	trap 'kill 0' INT TERM EXIT; \
	$(SERVE_ENV) PORT=$(PORT) $(BIN)/gunicorn --workers 4 --preload --bind 127.0.0.1:$(PORT) run:app & \
	$(SERVE_ENV) $(FLASK) search sync --follow & \
	if [ -n "$$FLASK_MAIL_SERVER" ]; then $(SERVE_ENV) $(FLASK) mail deliver --follow & fi; \
	wait

# The fast SQLite suite; the two-node tests (PostgreSQL, Redis, gunicorn) run in test-postgres.
test: $(VENV)/.installed-dev
	$(BIN)/pytest -n 2 -m "not nodes" $(PYTEST_ARGS)

# A throw-away database on the PostgreSQL server of TEST_DATABASE_URL, dropped afterwards.
test-postgres: $(VENV)/.installed-dev
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/python -m tests.pg_run $(PYTEST_ARGS)

# The benchmark's baselines need the bench extra (tantivy); the app and the suite never do.
$(VENV)/.installed-bench: pyproject.toml constraints.txt $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/python -m bench.run

# Two nodes on a private PostgreSQL cluster and Redis under the 85/10/5 mix (README,
# "Load and faults"); figures into bench/results.json. LISTINGS=100000 for the large corpus.
LISTINGS ?= 10000
load: $(VENV)/.installed-dev
	$(BIN)/python -m bench.load_run --listings $(LISTINGS) --seconds 60 --concurrency 16

# PostgreSQL restarted, Redis stopped, SMTP down a minute, a worker SIGKILLed, under load;
# exits 1 when an assertion fails.
faults: $(VENV)/.installed-dev
	$(BIN)/python -m bench.faults --listings 1000 --concurrency 6 --smtp-down 60

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
