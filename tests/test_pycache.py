"""The worker keeps Python's compiled modules in a private temporary folder when the environment
asks for none beside the sources (``PYTHONDONTWRITEBYTECODE``, as on CI): a build no longer
compiles Committed and Jinja2 from source in every worker it starts (committed/pycache.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from committed.pycache import worker_env
from gitrepo import Repo
from sitebuild import build, mkdocs_yml

WHERE = "import importlib.util, committed.pycache as m; print(importlib.util.cache_from_source(m.__file__))"


@pytest.fixture
def tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary directory of the test's own, as ``tempfile`` gives it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def compiled_at(env: dict[str, str]) -> Path:
    """Where a Python started with ``env`` keeps ``committed.pycache`` compiled, once imported."""
    out = subprocess.run([sys.executable, "-c", WHERE], env=env, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def test_the_worker_keeps_compiled_modules_in_a_folder_of_its_users_alone(tmp: Path) -> None:
    env = worker_env({**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    folder = tmp / f"committed-pycache-{os.getuid()}"
    assert env["PYTHONPYCACHEPREFIX"] == str(folder) and "PYTHONDONTWRITEBYTECODE" not in env
    assert folder.stat().st_mode & 0o777 == 0o700
    pyc = compiled_at(env)
    assert pyc.is_relative_to(folder) and pyc.is_file()  # kept there, not beside the source
    assert not (Path(__file__).parents[1] / "plugins" / "committed" / "__pycache__" / pyc.name).exists()


@pytest.mark.parametrize("unsafe", ["open to others", "a symbolic link"])
def test_a_folder_others_could_write_is_not_used(tmp: Path, unsafe: str) -> None:
    folder = tmp / f"committed-pycache-{os.getuid()}"
    if unsafe == "open to others":
        folder.mkdir()
        folder.chmod(0o777)  # anyone could put a compiled module there: code the worker would run
    else:
        (tmp / "elsewhere").mkdir(mode=0o700)
        folder.symlink_to(tmp / "elsewhere")
    asked = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    asked.pop("PYTHONPYCACHEPREFIX", None)
    assert worker_env(asked) == asked  # compiled from source, as asked


def test_a_users_own_choice_stands(tmp: Path) -> None:
    own = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp / "mine")}
    assert worker_env(own) == own
    writes = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    assert worker_env(writes) == writes  # Python writes __pycache__ as usual: nothing to change
    assert not any(tmp.iterdir())


def test_a_builds_worker_runs_from_the_kept_modules(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml("committed/profiles"))
    repo.write("docs/index.md", "# Home\n\nA page.\n")
    repo.commit("A page")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {"PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(temp), "COMMITTED_WORKER": "process"}
    proc = build(repo.root, tmp_path / "site", env=env)
    assert proc.returncode == 0, proc.stderr
    folder = temp / f"committed-pycache-{os.getuid()}"
    kept = {p.name.split(".")[0] for p in folder.rglob("*.pyc") if p.parent.name == "committed"}
    assert {"site", "knowledge", "scoring"} <= kept, kept  # what the worker imports, compiled once
