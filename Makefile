# kehoach — the README's commands. `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv sysdeps messages demo demo-data serve test test-sqlite test-postgres test-all bench lint fmt clean

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
	@$(BIN)/kehoach demo_banner --host $(HOST) --port $(PORT)
	$(BIN)/kehoach runserver $(HOST):$(PORT)

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
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

fmt: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

clean:
	rm -rf $(VENV) var build *.egg-info
