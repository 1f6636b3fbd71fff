# Foot Drop Clinic: `make run` serves the site, `make test` runs the whole suite.

# The newest Python 3.12+ that actually runs here (pyenv shims can exist without a working interpreter).
SYSTEM_PYTHON ?= $(shell for candidate in python3.14 python3.13 python3.12 \
	$$(ls -d $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	$$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$candidate; break; }; done)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test test-fast test-clinic test-postgres lint serve bench venv install install-dev browser clean

$(PY):
	@if [ -z "$(SYSTEM_PYTHON)" ]; then echo "Python 3.12 or newer is needed (Django 6.1 refuses older ones); none was found." >&2; exit 1; fi
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

venv: $(PY)

install: $(PY)
	$(PY) -m pip install --quiet -r requirements.txt

install-dev: $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt

# The task worker (emails, on-call alerts) runs beside the web server, in a process group of its
# own: when the server stops (Ctrl-C), the trap stops the worker's whole group, reloader and all.
START_WORKER = setsid $(PY) manage.py task_worker & worker=$$!; \
	trap 'kill -TERM -$$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM

# Says where the site is once it answers on PORT, not before (and gives up when the recipe ends).
ANNOUNCE = until $(PY) -c 'import socket; socket.create_connection(("127.0.0.1", $(PORT)), 1)' 2>/dev/null; \
	do kill -0 $$$$ 2>/dev/null || exit; sleep 0.3; done; echo

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_encyclopedia
	@export PORT=$(PORT); $(START_WORKER); \
	( $(ANNOUNCE) "Foot Drop Clinic is running at http://127.0.0.1:$(PORT)/ (with its task worker)" ) & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like: gunicorn with gunicorn.conf.py on collected, compressed static files, and the
# task worker. A throwaway secret key when none is set; plain HTTP on this machine only.
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_encyclopedia
	@export DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost HOST=127.0.0.1 PORT=$(PORT); \
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')}"; \
	$(PY) manage.py collectstatic --noinput --verbosity 0 || exit 1; \
	$(START_WORKER); \
	( $(ANNOUNCE) "Foot Drop Clinic (gunicorn) is running at http://127.0.0.1:$(PORT)/ (with its task worker)" ) & \
	$(PY) -m gunicorn -c gunicorn.conf.py footdrop_site.wsgi

# Benchmarks (not part of `make test`): throwaway databases, results in docs/performance.md.
bench: install
	$(PY) -m bench.search
	$(PY) -m bench.load
	$(PY) -m bench.oncall_latency
	$(PY) -m bench.cache_faults

# Browser tests drive Debian's Chromium; install it when it is missing.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }

# The suite runs in parallel, one worker per CPU (pytest-xdist): each worker has its own test
# database, Redis database and live-server port. `make test-fast` leaves out the tests marked
# slow (the long hostile and concurrency sweeps), for every commit; `make test` and CI run all.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS)

test: install-dev browser
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PYTEST)

# The triage engine's tests without Django: the clinic package is pure Python, and these prove it.
test-clinic: install-dev
	$(PY) -m pytest -n 0 -p no:django --confcutdir=tests/clinic -W ignore::pytest.PytestConfigWarning tests/clinic

test-fast: install-dev browser
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PYTEST) -m "not slow"

# The whole suite on PostgreSQL with Redis (both must be running; .ci/run starts them).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/footdrop
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1

test-postgres: install-dev browser
	$(PY) manage.py collectstatic --noinput --verbosity 0
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PYTEST)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-* test-artifacts cache
