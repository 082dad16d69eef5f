# kehoach — the README's commands. `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv sysdeps messages i18n-check demo serve test test-sqlite test-postgres bench lint lint-ci fmt clean

help:
	@echo "make demo   – cài đặt, tạo dữ liệu mẫu và chạy máy chủ tại http://$(HOST):$(PORT)"
	@echo "make test   – chạy toàn bộ kiểm thử (SQLite; PostgreSQL khi DATABASE_URL được đặt)"
	@echo "make bench  – đo hiệu năng"
	@echo "make lint   – ruff và mypy"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

# Debian packages the tests and the demo use: Tesseract with its Vietnamese
# model (OCR), Chromium (browser tests), poppler (PDF to PNG), fonts.
sysdeps:
	@scripts/ensure-system-deps.sh

messages: $(STAMP)
	@$(BIN)/kehoach compilemessages --ignore '.venv' -v 0

demo: $(STAMP) sysdeps messages
	$(BIN)/kehoach migrate --noinput -v 0
	$(BIN)/kehoach load_demo
	$(BIN)/kehoach signing_certificate STTTT --create-demo
	@$(BIN)/kehoach demo_banner --host $(HOST) --port $(PORT)
	BIN=$(BIN) scripts/demo-run.sh $(HOST):$(PORT)

test: $(STAMP) sysdeps messages
	KEHOACH_TESTING=1 $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-sqlite: $(STAMP)
	env -u DATABASE_URL $(MAKE) test

test-postgres: $(STAMP)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kehoach} $(MAKE) test

bench: $(STAMP) sysdeps
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

# What CI checks: ruff, formatting, mypy strict, and translations complete (no untranslated or fuzzy
# English entries, every blocktranslate trimmed).
lint-ci: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	@$(MAKE) --no-print-directory i18n-check

i18n-check: $(STAMP)
	@! grep -rn --include=*.html -E '\{% *blocktrans(late)? ' src | grep -v trimmed \
		|| (echo "blocktranslate without trimmed"; exit 1)
	@cd src/kehoach && ../../$(BIN)/kehoach makemessages -l en --no-obsolete --no-location -v 0 \
		&& ../../$(BIN)/python ../../scripts/check_po.py locale/en/LC_MESSAGES/django.po

fmt: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var build *.egg-info
