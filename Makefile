# Everything a fresh machine with Python 3.11 needs: `make warehouse` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
INSTALLED := $(VENV)/.installed

.PHONY: warehouse test test-fast browser postgresql ui benchmark evaluate clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet --editable '.[test,benchmark,postgres]'
	touch $@

warehouse: $(INSTALLED)
	$(VENV)/bin/warehouse build

test: $(INSTALLED) browser postgresql
	$(VENV)/bin/python -m pytest

# Debian's Chromium and a CJK font for the report's browser test, installed when missing and root;
# elsewhere that one test skips and says why.
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& (apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
		|| echo "Chromium could not be installed: the report's browser test will skip."; }

# Debian's PostgreSQL server for the second-engine test (tests/test_postgres.py starts its own
# cluster in a temporary folder), installed when missing and root; elsewhere that test skips.
postgresql:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || { [ "$$(id -u)" = 0 ] \
		&& command -v apt-get >/dev/null \
		&& (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null) \
		|| echo "PostgreSQL could not be installed: the Postgres test will skip."; }

# Everything but the end-to-end builds: the parser, the evaluation and the reference data.
test-fast: $(INSTALLED)
	$(VENV)/bin/python -m pytest -m "not e2e"

ui: $(INSTALLED)
	$(VENV)/bin/python -m orchestration.instance
	PATH="$(abspath $(VENV))/bin:$$PATH" $(VENV)/bin/dagster dev -w workspace.yaml

evaluate: $(INSTALLED)
	$(VENV)/bin/python evaluation/evaluate.py

benchmark: $(INSTALLED)
	$(VENV)/bin/python benchmarks/bench_parser.py

clean:
	rm -rf $(VENV) data dbt_project/target dbt_project/logs .dagster
