# ukds-deposit: make targets for data managers, researchers and developers.
# `make deposit` and `make test` are the only set-up a fresh machine needs.

# The first of these that runs and is Python 3.11 or newer makes the .venv (a name on PATH
# may be a stub that does not run, such as a pyenv shim for a version not selected).
# `make test PYTHON=python3.13` (or a path) chooses another; delete .venv to switch.
PYTHONS := python3.11 python3.12 python3.13 python3
AT_LEAST_311 := import sys; sys.exit(sys.version_info < (3, 11))
# Looked for once, and only when a recipe needs it.
PYTHON  ?= $(eval PYTHON := $(firstword $(foreach p,$(PYTHONS),$(shell $(p) -c '$(AT_LEAST_311)' >/dev/null 2>&1 && echo $(p)))))$(PYTHON)
VENV    := .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.install-stamp
BUILD   := build
SCALE   ?= small
SEED    ?= 1

.DEFAULT_GOAL := help
.PHONY: help install install-dask constraints deposit test bench bench-scale eval eval-sealed interop browser clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: no Python 3.11 or newer found (tried $(PYTHONS)); install Python 3.11, 3.12 or 3.13, or name one: make $(or $(MAKECMDGOALS),install) PYTHON=/path/to/python3" >&2; exit 2; fi
	@$(PYTHON) -c '$(AT_LEAST_311)' >/dev/null 2>&1 || { \
	  echo "error: PYTHON=$(PYTHON) is not a working Python 3.11 or newer; install one, or name another: make $(or $(MAKECMDGOALS),install) PYTHON=python3.12" >&2; exit 2; }
	@echo "creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version 2>&1))"
	$(PYTHON) -m venv $(VENV)

# Re-install only when the declared dependencies change: quick when nothing did.
$(STAMP): pyproject.toml constraints.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the toolkit with pinned dependencies (idempotent)

# The optional extra for --engine dask, pinned like the rest; the base install stays without it.
DASK_STAMP := $(VENV)/.install-dask-stamp
$(DASK_STAMP): $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,dask]'
	@touch $(DASK_STAMP)

install-dask: $(DASK_STAMP) ## add the optional Dask extra (dask, distributed) for --engine dask

constraints: install ## rewrite constraints.txt from .venv after changing a pin in pyproject.toml
	@{ sed '/^[^#]/,$$d' constraints.txt; $(PY) -m pip freeze --all --exclude-editable; } > constraints.txt.new
	@mv constraints.txt.new constraints.txt

deposit: install ## run the whole job on the demonstration collection: demo -> check -> anonymise -> describe -> package -> verify -> paperwork
	$(PY) -m deposit demo $(BUILD)/collection --scale $(SCALE) --seed $(SEED)
	@# The demonstration has no human reviewer: its few uncertain detections stay replaced (the
	@# safe default) and the summary and report count them. A real deposit decides them first.
	@# Both UKDS editions in one bundle: the data as tab-delimited text and as SPSS .sav.
	$(PY) -m deposit run $(BUILD)/collection --work $(BUILD)/work --out $(BUILD)/dist --format both --allow-pending-review
	@# The depositor's paperwork (licence schedule, ReShare record sheet, intake summary): beside the bundle, not in it.
	$(PY) -m deposit paperwork $(BUILD)/work --out $(BUILD)/paperwork

browser: ## install Debian's chromium (rendering tests) and poppler's pdftotext (the guide test), if missing
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing chromium (Debian package) for the report rendering test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "warning: chromium could not be installed; the browser test will say so"; }
	@command -v pdftotext >/dev/null 2>&1 || { \
	  echo "installing poppler-utils (Debian package) for the user guide's pdftotext test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null) \
	  || echo "warning: poppler-utils could not be installed; the guide test will say so"; }

# The test suite installs the dask extra too, so the engines' byte-identity test runs in CI.
test: install install-dask browser ## run the test suite (installs first if needed)
	$(PY) -m pytest tests

bench: install ## benchmarks: text throughput vs Presidio and spaCy, risk, data, packaging (prints figures)
	$(PY) -m tests.bench.run_all

bench-scale: install-dask ## archive scale: words/s and driver memory per engine at 10^6 and 10^7 words, risk at 10^7 rows
	$(PY) -m tests.bench.bench_scale

eval: install ## score detection recall and over-redaction on the gold-annotated corpora
	$(PY) -m anonymise.text.evaluation

# Only after a change is finished: the sealed split's figure is the one every report publishes.
eval-sealed: install ## score the sealed gold split and write its figures to anonymise/text/measured_recall.json
	$(PY) -m anonymise.text.evaluation --corpus gold --split sealed --show-misses 0 --write-measured $$(date +%F)

interop: install ## check our .sav opens in PSPP and R haven, and our bags pass bagit-python
	$(PY) -m deposit.interop

clean: ## remove build output (keeps .venv)
	rm -rf $(BUILD) .pytest_cache
