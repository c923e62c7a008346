"""Shared test set-up: every test runs git with no inherited GIT_* variables and no user config.

Repositories are built with ``gitrepo.Repo`` (real git, pinned identities, fixed dates); the
``git_repo`` fixture makes one under ``tmp_path`` with a configured git identity.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from gitrepo import Repo


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


@pytest.fixture
def git_repo(tmp_path: Path) -> Callable[..., Repo]:
    """A factory: ``git_repo("name", user=("Name", "email"))`` makes a fresh repository."""

    def make(name: str = "repo", user: tuple[str, str] | None = ("Ana Lima", "ana.lima@example.com")) -> Repo:
        return Repo(tmp_path / name, user=user)

    return make
