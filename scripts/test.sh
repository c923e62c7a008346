#!/usr/bin/env bash
# Run every test. Sets up .venv on first run. Extra arguments go to pytest (e.g. -k forge).
# Browser tests need Debian's Chromium at /usr/bin/chromium; without it they skip, unless
# COMMITTED_REQUIRE_BROWSER=1 (as in CI), which makes them fail instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

export NO_MKDOCS_2_WARNING=1
mkdir -p test-artifacts
exec .venv/bin/python -m pytest --durations=15 --junitxml=test-artifacts/junit.xml "$@"
