# docgen — two commands for a fresh machine:
#   make demo   set up (virtualenv + install), render every example into out/, cascade
#               the Sở guidance down to the schools into out/cascade/, check them all
#   make test   set up, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

#: the Vietnamese catalog of docgen's messages (make messages: extract, update, compile)
PO     := docgen/locale/vi/LC_MESSAGES/docgen.po
MO     := $(PO:.po=.mo)
POT    := build/docgen.pot

.PHONY: demo test lint clean bench schema messages

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# messages: the texts of the source into $(POT), merged into $(PO) (new ones untranslated,
# changed ones fuzzy: translate them, tests/test_i18n.py fails until then), compiled to $(MO)
messages: $(STAMP)
	mkdir -p build
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy -c TRANSLATORS: --add-location=file \
	  --sort-by-file --project=docgen --no-wrap --omit-header -o $(POT) docgen
	$(VENV)/bin/pybabel update -D docgen -i $(POT) -d docgen/locale -l vi --no-wrap \
	  --ignore-pot-creation-date --ignore-obsolete
	$(VENV)/bin/pybabel compile -D docgen -d docgen/locale -l vi --statistics

$(MO): $(PO) $(STAMP)
	$(VENV)/bin/pybabel compile -D docgen -d docgen/locale -l vi

demo: $(STAMP) $(MO)
	$(VENV)/bin/docgen catalog check
	$(VENV)/bin/docgen render examples/*.yaml -o out
	$(VENV)/bin/docgen cascade examples/so-quang-ngai-1491.yaml --down-to truong -o out/cascade --ics out/cascade/deadlines.ics --quiet
	$(VENV)/bin/docgen check out/*.docx out/cascade/*/*.docx > out/check-report.txt || (cat out/check-report.txt; exit 1)
	@echo "rendered into out/ and out/cascade/; NĐ30 check report: out/check-report.txt"

test: $(STAMP) $(MO) lint
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check docgen tests $(wildcard benchmarks)
	$(VENV)/bin/ruff format --check docgen tests $(wildcard benchmarks)
	$(VENV)/bin/mypy

schema: $(STAMP)   # schema/*.schema.json, docs/spec.md and each YAML file's schema line
	$(VENV)/bin/docgen schema --mark

bench: $(STAMP)
	$(PY) benchmarks/bench_render.py

clean:
	rm -rf out build .pytest_cache .mypy_cache .ruff_cache
