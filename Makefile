# Two commands do all the set-up on a fresh machine: `make poster` and `make test`.
# The first use creates .venv and installs the project into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
EASYREAD := $(BIN)/easyread
# `make poster POSTER=content/posters/flu-jabs.md` builds that file instead.
POSTER  ?= content/posters/need-help-with-medication.md
BOOKLET ?= content/booklets/coproduction-quality-improvement.md

.PHONY: poster booklet labels check test bench icons clean system-deps

poster: $(STAMP)
	$(EASYREAD) build "$(POSTER)"

booklet: $(STAMP)
	$(EASYREAD) build "$(BOOKLET)"

# The example batch in every mode, with companion sheets and comparison pages.
labels: $(STAMP)
	$(EASYREAD) labels content/labels/example-batch.csv --mode standard
	$(EASYREAD) labels content/labels/example-batch.csv --mode large-print --compare
	$(EASYREAD) labels content/labels/example-batch.csv --mode easy-read --companion

check: $(STAMP)
	$(EASYREAD) check content

icons: $(STAMP)
	$(EASYREAD) pictures --sheet

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python tests/bench.py

$(STAMP): pyproject.toml
	@$(MAKE) --no-print-directory system-deps
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# WeasyPrint writes PDFs up to 14x slower without libharfbuzz-subset. Install it
# where we can (root with apt); otherwise say how, and carry on.
system-deps:
	@if ldconfig -p 2>/dev/null | grep -q 'libharfbuzz-subset.so.0'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing libharfbuzz-subset0 (faster PDF writing)"; \
	  (apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1 || (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libharfbuzz-subset0 >/dev/null 2>&1)) \
	    || echo "could not install libharfbuzz-subset0; PDFs will be slower to write"; \
	else echo "note: install libharfbuzz-subset0 for faster PDFs: sudo apt-get install libharfbuzz-subset0"; fi

clean:
	rm -rf output/* $(VENV)
	touch output/.gitkeep
