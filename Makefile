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

.PHONY: build serve preview test golden pdf bench clean

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

# The Node tests of the record modules (tests/js/: states, CSV, finishing, import; about a second) first, then pytest.
test: build
	node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test tests/js/
	$(PY) -m pytest

# Rewrite the golden files (tests/site/golden/: the rendered checklist, flowchart source and
# rule tables in both languages) from the current code; review the diff, then commit it.
golden: $(STAMP)
	$(PY) -m pytest tests/site/test_golden.py --update-golden -q

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

clean:
	rm -rf site
