"""Shared test helpers: real git repositories with a pinned identity and fixed dates.

``git_repo()`` makes a fresh repository under ``tmp_path``; its ``commit()`` uses dates one hour
apart from 2026-01-01 unless told otherwise, so every run produces the same shas. Inherited
``GIT_*`` variables (set when tests run from a git hook) and the user's git config are kept out,
both for the helper's own git calls and for the code under test.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

BASE_DATE = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
DEFAULT_AUTHOR = ("Ana Lima", "ana.lima@example.com")


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No inherited GIT_* variables, no system or user git config, a neutral HOME."""
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)


@dataclass
class GitRepo:
    root: Path
    name: str = DEFAULT_AUTHOR[0]
    email: str = DEFAULT_AUTHOR[1]
    _clock: int = field(default=0, repr=False)

    def git(self, *args: str, env: dict[str, str] | None = None, input: str | None = None) -> str:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        full_env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull})
        full_env.update(env or {})
        proc = subprocess.run(["git", *args], cwd=self.root, env=full_env, input=input, text=True,
                              capture_output=True, check=False)
        if proc.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
        return proc.stdout

    def write(self, path: str, text: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def commit(self, message: str, *, files: dict[str, str] | None = None, author: tuple[str, str] | None = None,
               when: datetime | None = None) -> str:
        """Write ``files``, stage everything, commit at a fixed date; returns the new sha."""
        for path, text in (files or {}).items():
            self.write(path, text)
        self.git("add", "-A")
        if when is None:
            when = BASE_DATE + timedelta(hours=self._clock)
            self._clock += 1
        stamp = when.isoformat()
        name, email = author or (self.name, self.email)
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp, "GIT_AUTHOR_NAME": name,
               "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
        self.git("commit", "-q", "--allow-empty", "--no-verify", "-F", "-", env=env, input=message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def git_repo(tmp_path: Path) -> Iterator[Callable[..., GitRepo]]:
    """A factory: ``git_repo("name", user=("Name", "email"))`` makes a fresh repository."""

    def make(name: str = "repo", user: tuple[str, str] | None = DEFAULT_AUTHOR) -> GitRepo:
        root = tmp_path / name
        root.mkdir(parents=True)
        repo = GitRepo(root=root)
        repo.git("init", "-q", "-b", "main")
        repo.git("config", "commit.gpgsign", "false")
        if user is not None:
            repo.name, repo.email = user
            repo.git("config", "user.name", user[0])
            repo.git("config", "user.email", user[1])
        return repo

    yield make
