#!/usr/bin/env bash
# Run every test. Sets up .venv on first run. Extra arguments go to pytest (e.g. -k forge).
# Browser tests need Debian's Chromium at /usr/bin/chromium; without it they skip, unless
# COMMITTED_REQUIRE_BROWSER=1 (as in CI), which makes them fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/venv.sh

mkdir -p test-artifacts
exec .venv/bin/python -m pytest --durations=15 --junitxml=test-artifacts/junit.xml "$@"
