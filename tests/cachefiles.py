"""Helpers for tests that look inside the history cache."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from committed.cache import HistoryCache
from gitrepo import Repo

MARK = "MARKED IN CACHE"


def base_cache(cache_dir: Path) -> HistoryCache:
    """The cache's one base file."""
    (path,) = cache_dir.glob("history-*.base")
    return HistoryCache.at(path)


def mark_cached(cache_dir: Path) -> None:
    """Rewrite the cache as a new base whose every commit has the subject MARK.

    A later read that reuses a cached commit shows MARK; a commit read from git again does not.
    """
    cache = base_cache(cache_dir)
    cached = cache.load()
    assert cached is not None
    cache.save(dataclasses.replace(cached, commits=tuple(dataclasses.replace(c, subject=MARK) for c in cached.commits),
                                   base_id=""))


def two_commit_repo(root: Path, day: Callable[[int], str]) -> Repo:
    """A repository whose docs have two commits, on ``day(1)`` and ``day(2)``."""
    repo = Repo(root)
    repo.write("docs/a.md", "a\n")
    repo.commit("One", date=day(1))
    repo.write("docs/a.md", "a\nb\n")
    repo.commit("Two", date=day(2))
    return repo
