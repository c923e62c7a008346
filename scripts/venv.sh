# Sourced by demo.sh and test.sh: create .venv on first use and install Committed with its test
# dependencies into it (editable, so a change to plugins/ needs no reinstall).
if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
export NO_MKDOCS_2_WARNING=1
