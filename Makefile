# shinsa — make targets. Every target creates .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out/demo

.PHONY: demo test eval eval-ocr bench lint clean venv corpus

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/shinsa scan corpora/drafts --out $(OUT) --format html --fail-on never
	@echo "出力 / output: $(OUT)/index.html（一覧）, $(OUT)/summary.xlsx, $(OUT)/summary.txt, $(OUT)/<草案>.html / .json"

corpus: $(STAMP)
	$(BIN)/python tools/make_corpus.py

test: $(STAMP)
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/python -m evaluation.evaluate
	$(BIN)/python -m evaluation.eval_ocr --names cho_kiki_hoshu_shiyosho

eval-ocr: $(STAMP)
	$(BIN)/python -m evaluation.eval_ocr

bench: $(STAMP)
	$(BIN)/python -m evaluation.bench

lint: $(STAMP)
	$(BIN)/ruff check pipeline evaluation tests tools
	$(BIN)/python -m evaluation.literals

clean:
	rm -rf $(VENV) out
