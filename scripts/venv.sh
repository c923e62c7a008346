# Sourced by demo.sh, test.sh and scripts/committed: create .venv on first use and install
# Committed with its test dependencies into it (editable, so a change to plugins/ needs no
# reinstall). Nothing is installed again while pyproject.toml is unchanged: the stamp file holds
# its digest, so a second `./scripts/demo.sh` starts at once and quietly.
if [[ ! -x .venv/bin/python ]]; then
  python3 -m venv .venv
fi
_committed_stamp=".venv/.committed-installed"
_committed_want="$(.venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(open("pyproject.toml","rb").read()).hexdigest())')"
if [[ ! -x .venv/bin/committed || "$(cat "$_committed_stamp" 2>/dev/null)" != "$_committed_want" ]]; then
  echo "Installing Committed and its test dependencies into .venv (once)..." >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  echo "$_committed_want" > "$_committed_stamp"
fi
unset _committed_stamp _committed_want
export NO_MKDOCS_2_WARNING=1
