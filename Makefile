# Two set-up commands: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install model bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/marsad analyze examples/seed_article.txt --published 2020-02-11 --format table

test: $(STAMP)
	$(BIN)/python -m pytest

model: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,train]'
	nice $(BIN)/python scripts/train_ner.py --dev

bench: $(STAMP)
	$(BIN)/python bench/throughput.py --limit 2000

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
