# docgen — two commands for a fresh machine:
#   make demo   set up (virtualenv + install) and render every example into out/
#   make test   set up, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test lint templates clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/docgen catalog check
	$(VENV)/bin/docgen render examples/*.yaml -o out

test: $(STAMP) lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check docgen tests templates $(wildcard benchmarks)
	$(VENV)/bin/mypy

templates: $(STAMP)
	$(PY) templates/build_templates.py

bench: $(STAMP)
	$(PY) benchmarks/bench_render.py

clean:
	rm -rf out build .pytest_cache .mypy_cache .ruff_cache
