# chipbrief: `make serve` sets everything up and serves the site; `make test` sets up and tests.
# Everything Python goes into .venv from the exact pins in requirements.txt.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

AXE    := .cache/npm/axe-core-4.14.1/axe.min.js
# Pagefind, the search indexer the build runs (a pinned binary from the npm registry; see the script)
PAGEFIND := .cache/pagefind/1.6.0/pagefind_extended

.PHONY: setup serve site check export lint test test-fast bench bench-search system-deps clean

setup: $(READY) $(PAGEFIND)

$(READY): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: setup  ## serve the site on http://127.0.0.1:8000, rebuilding only what an edit to content/ or templates/ changed
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

site: setup  ## build the site into site/ (strict: any warning fails), swapped in only when complete
	$(BIN)/chipbrief build

check: setup  ## check every content file, print every problem
	$(BIN)/chipbrief check

export: setup  ## write the generated Markdown to build/docs for engines without hooks
	$(BIN)/chipbrief export build/docs

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts

system-deps:  ## Debian chromium and fonts-noto-cjk, for the browser tests
	bash scripts/install-system-deps.sh

$(PAGEFIND): scripts/install-pagefind.sh  ## Pagefind's extended binary, checked against its pinned SHA-256
	bash scripts/install-pagefind.sh $(dir $@)

$(AXE):  ## axe-core from the npm registry, for the accessibility test (served locally, never from a CDN)
	mkdir -p .cache/npm && cd .cache/npm && npm pack --silent axe-core@4.14.1 >/dev/null
	mkdir -p $(dir $@) && tar -xzf .cache/npm/axe-core-4.14.1.tgz -C $(dir $@) --strip-components=1 package/axe.min.js
	touch $@

test: setup system-deps $(AXE)  ## content check, lint, then every test (real build, HTTP server, Chromium, axe-core)
	$(BIN)/chipbrief check
	$(MAKE) --no-print-directory lint
	$(BIN)/pytest

test-fast: setup  ## every test but the browser ones
	$(BIN)/pytest -m "not browser"

bench: setup  ## synthetic content at 1x and 5x: check time, generator share, bytes per page; cold, no-change, one-edit and clean builds, peak memory, the hook against bare MkDocs
	$(BIN)/python bench/run.py
	$(BIN)/python bench/rebuild.py

bench-search: setup  ## search at the real site, 1x and 5x: bytes a reader fetches, index time and memory
	$(BIN)/python bench/search.py

clean:
	rm -rf site build .pytest_cache .ruff_cache bench/out
