#!/usr/bin/env bash
# `make demo`: the background worker beside the development server; both
# stop together (Ctrl+C stops the server, the trap stops the worker).
set -euo pipefail
BIN=${BIN:-.venv/bin}
ADDR=${1:-127.0.0.1:8000}
"$BIN/kehoach" worker &
WORKER=$!
trap 'kill -TERM "$WORKER" 2>/dev/null || true; wait "$WORKER" 2>/dev/null || true' EXIT INT TERM
"$BIN/kehoach" runserver "$ADDR"
