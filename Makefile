# Export Monitor — `make run` and `make test` are the whole Quick start.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock requirements-ldap.lock requirements-bench.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test bench bench-100m data lint screenshots clean prod-check

$(STAMP): requirements.lock requirements-ldap.lock requirements-bench.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	# the load test's locust (bench/load.py, tests/test_load_smoke.py); its other dependencies
	# are requirements.lock's
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-bench.lock
	# LDAP sign-in needs python-ldap, which compiles against libldap (libldap2-dev libsasl2-dev)
	if [ -e /usr/include/ldap.h ] && [ -e /usr/include/sasl/sasl.h ]; then \
	  $(BIN)/python -m pip install --quiet -r requirements-ldap.lock; \
	else echo "libldap headers missing: LDAP sign-in unavailable (apt-get install libldap2-dev libsasl2-dev)"; fi
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

data: $(STAMP)
	$(BIN)/python -m queries.demo --if-missing

run: data
	$(BIN)/python app.py

test: $(STAMP)
	$(BIN)/python -m pytest

# with EXPORT_MONITOR_BENCH_DB_URL=postgresql+psycopg://…/bench (a database of its own) the
# callbacks are measured on PostgreSQL too, in a second table (README, Benchmark)
bench: $(STAMP)
	$(BIN)/python -m bench.run

# 50 analysts at once: locust against gunicorn on DuckDB and on PostgreSQL + Redis, an
# import in the middle (bench/load.py; EXPORT_MONITOR_BENCH_LOAD_SECONDS per engine)
.PHONY: bench-load
bench-load: $(STAMP)
	$(BIN)/python -m bench.load

# the callbacks and their raw SQL at 100 million export rows: data/bench-100m.duckdb is
# built once (~15 min, ~12 GB on disk) by bench/big.py, then measured
bench-100m: $(STAMP)
	$(BIN)/python -m bench.big

screenshots: data
	$(BIN)/python -m bench.screenshots

# the container's production command line (deploy/Dockerfile's CMD) on this machine,
# against the local PostgreSQL and Redis, in server mode (deploy/prod_check.py)
prod-check: $(STAMP)
	$(BIN)/python deploy/prod_check.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) data/*.duckdb data/*.duckdb.wal data/*.version data/*.lock

# the partial Plotly bundle in assets/ (tools/plotly-bundle/README.md): node and npm from
# the npm registry, pinned by its package-lock.json; fails unless the rebuilt bundle has
# the sha256 in tools/plotly-bundle/SHA256SUMS. Not needed to run or test the app.
.PHONY: plotly-bundle
plotly-bundle:
	cd tools/plotly-bundle && npm ci --no-audit --no-fund && node build.mjs
