# Two commands do all the set-up on a fresh machine: `make serve` and `make test`.
# `make build` is the one build entry point both use.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
# The site's address, for its canonical links and sitemap (mkdocs.yml): `make build
# SITE_URL=https://intranet.example/handbook/` for a site served under a path.
ifdef SITE_URL
export SITE_URL
endif

.PHONY: build serve preview test test-fast test-stress golden edition pdf bench build-properdocs probe-zensical clean

# Re-install when the pins change.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	touch $@

# Browser assets from the npm registry, exactly as locked.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	mkdir -p node_modules && touch $@

# Third-party wheels for the browser (Pyodide), exactly as pinned and hashed.
WHEELS := .wheels/.downloaded
$(WHEELS): requirements-browser.txt $(STAMP)
	$(PY) -m pip download --quiet --no-deps --only-binary=:all: -r requirements-browser.txt -d .wheels
	touch $@

build: $(STAMP) node_modules/.installed $(WHEELS)
	$(VENV)/bin/mkdocs build --strict

# The built site, served as it will be on the intranet (static files on 127.0.0.1).
serve: build
	@echo "Serving http://127.0.0.1:$(PORT)/ (zh) and http://127.0.0.1:$(PORT)/en/ (en)"
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

# For authors: a live preview on http://127.0.0.1:$(PORT)/ that reloads the page on every save,
# rebuilding only what changed (mkdocs serve --dirty; no .gz/.br twins, no service worker).
# Run `make build` for the site as it is deployed.
preview: $(STAMP) node_modules/.installed $(WHEELS)
	HANDBOOK_PREVIEW=1 HANDBOOK_STRICT=false $(VENV)/bin/mkdocs serve --dirty --livereload -a 127.0.0.1:$(PORT)

# The Node tests of the browser modules (tests/js/: the run records' states, CSV, finishing and
# import; the quiz's draw, result codes, class results and exports; today's JavaScript only;
# a few seconds) first, then pytest.
test: build
	node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test tests/js/
	$(PY) -m pytest

# The layer that needs no build and no browser, for the edit-test loop: the Node tests of the
# browser modules (tests/js/), then the rules, the data and the Python/JS twins, leaving out
# every test that reads the built site (marked `built` by tests/conftest.py). About 25 s of CPU;
# under a minute on 2 shared CPUs. `make test` still runs everything.
FAST_LAYERS := tests/rules tests/data tests/twins
test-fast: $(STAMP)
	node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test tests/js/
	$(PY) -m pytest -m "not browser and not built" $(FAST_LAYERS)

# The browser tests N times (5), each time in a new random order, beside 2 CPU-spinning
# processes; prints each test's failures at the end (scripts/stress_browser.py). SEED=…
# repeats the orders of an earlier run. About an hour for N=5 on 2 CPUs: not part of `make test`.
N ?= 5
test-stress: build
	$(PY) -m scripts.stress_browser --rounds $(N) $(if $(SEED),--seed $(SEED)) $(STRESS_ARGS)

# Rewrite the golden files (tests/site/golden/: the rendered checklist, flowchart SVG and
# rule tables in both languages) from the current code; review the diff, then commit it.
golden: $(STAMP)
	$(PY) -m pytest tests/site/test_golden.py --update-golden -q

# An edition: the current text of every clause, step, time limit and glossary entry as
# data/editions/$(ID).json (the edition must be listed in data/editions.yml first).
edition: $(STAMP)
	@test -n "$(ID)" || { echo "make edition ID=<id of data/editions.yml>"; exit 2; }
	$(PY) -m handbook edition "$(ID)"

# The print-all pages (/print/, /en/print/) as PDFs, printed by headless Chromium from the
# built site on 127.0.0.1: pdf/handbook-zh.pdf and pdf/handbook-en.pdf.
pdf: build
	$(PY) scripts/make_pdf.py --site site --out pdf

# Build time, bytes per page type, calculator vs PyScript, search latency: printed, and
# written to data/benchmarks.json for docs/benchmarks.md (rebuilt here to show them).
# Takes ~20 min on 2 CPUs; BENCH_ARGS=--quick for a single pass.
bench: build
	$(PY) -m bench $(BENCH_ARGS)
	$(VENV)/bin/mkdocs build --strict

# The same sources built by ProperDocs (the maintained fork of MkDocs 1.6) in a throw-away
# environment, then compared with the MkDocs build file by file: equal but for the generator's
# name, or the differences are printed and this fails. .ci/run runs it, so a drift shows.
# Why: decisions/0001-generator-horizon.md.
PROPERDOCS := build/properdocs
build-properdocs: build
	rm -rf $(PROPERDOCS)
	$(PYTHON) -m venv $(PROPERDOCS)/venv
	$(PROPERDOCS)/venv/bin/pip install --quiet -r requirements.txt -r requirements-properdocs.txt
	PYTHONPATH=$(CURDIR) $(PROPERDOCS)/venv/bin/properdocs build --strict --site-dir $(PROPERDOCS)/site
	$(PY) scripts/compare_builds.py site $(PROPERDOCS)/site

# What Zensical (Material's successor) makes of this mkdocs.yml today: installs the newest
# release the registry can install into build/zensical/, builds a copy of the project with it and
# prints what built, what was ignored and what broke. A probe, not a gate: never fails.
probe-zensical: $(STAMP) node_modules/.installed $(WHEELS)
	bash scripts/probe_zensical.sh build/zensical

clean:
	rm -rf site build
