# Two set-up commands: `make demo` and `make test`. Both create .venv and install into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install model bench clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/marsad analyze examples/seed_article.txt --published 2020-02-11 --format table
	$(BIN)/marsad ingest examples/seed_article.jsonl --db marsad.db --workers 1 --quiet
	$(BIN)/marsad events --db marsad.db --format table
	$(BIN)/marsad search "حلف شمال الأطلسي" --db marsad.db --limit 3
	@echo ""
	@echo "marsad.db holds the analysed example. Query it with, for instance:"
	@echo "  $(BIN)/marsad events --db marsad.db --actor IRQ --type REQUEST --since 2020-02-01 --format csv"
	@echo "  $(BIN)/marsad search 'انسحاب القوات' --db marsad.db"
	@echo "  $(BIN)/marsad export --db marsad.db --format plover events.jsonl"
	@echo "  $(BIN)/marsad stats --db marsad.db"
	@echo "  sqlite3 marsad.db 'SELECT plover, source_code, target_code, trigger_text FROM events'"
	@echo "Open the dashboard and the API: $(BIN)/marsad serve --db marsad.db, then http://127.0.0.1:8000/ (API docs: /docs)"

test: $(STAMP)
	$(BIN)/python -m pytest

# Fuzzing: atheris (coverage-guided) on every target for FUZZ_SECONDS each, then the
# hypothesis/mutation property tests xFUZZ_SCALE (50,000 distinct inputs per target by
# default) with a fresh seed. Counts per target are printed. See fuzz/README.md.
FUZZ_SECONDS ?= 60
FUZZ_SCALE ?= 5
fuzz: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,fuzz]'
	$(BIN)/python fuzz/run.py all --seconds $(FUZZ_SECONDS)
	MARSAD_FUZZ_SCALE=$(FUZZ_SCALE) MARSAD_FUZZ_SEED=$$$$ $(BIN)/python -m pytest -q tests/test_fuzz.py

model: $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,train]'
	nice $(BIN)/python scripts/train_ner.py --dev

bench: $(STAMP)
	$(BIN)/python bench/throughput.py --limit 2000
	$(BIN)/python bench/ingest.py --limit 3000
	$(BIN)/python bench/dask_scaling.py --limit 2000

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache marsad.db marsad.db-wal marsad.db-shm
