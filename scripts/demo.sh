#!/usr/bin/env bash
# Build a populated demo knowledge base and serve it at http://127.0.0.1:8000 (live reload).
# Sets up .venv on first run. Options go to make_demo.py, e.g. ./scripts/demo.sh --pages 2000
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/venv.sh

.venv/bin/python scripts/make_demo.py .demo --pages 300 --commits 3000 --people 40 --seed 1 --force "$@"
echo "Serving the demo at http://127.0.0.1:8000 (Ctrl-C to stop)"
# No --dirty: MkDocs warns on every build that a dirty build may have wrong navigation (true: the
# topic indexes, the home page and the leaderboard depend on every page). The history cache and the
# kept outputs make a full rebuild after an edit quick anyway.
exec .venv/bin/mkdocs serve -f .demo/mkdocs.yml -a 127.0.0.1:8000
