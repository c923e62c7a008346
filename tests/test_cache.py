"""The incremental history cache, observed through real repositories and the cache file itself.

To see which commits a read reused, the cached records are marked (their subject rewritten in the
cache file): a reused commit keeps the mark, a commit git read again loses it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cachefiles import MARK, base_cache, mark_cached, two_commit_repo
from committed.cache import CachedHistory
from committed.history import read_history
from gitrepo import BO, Repo


def day(n: int) -> str:
    return f"2025-02-{n:02d}T10:00:00Z"




def subjects(root: Path, cache_dir: Path, docs_dir: str = "docs") -> list[str]:
    return [c.subject for c in read_history(root, docs_dir, cache_dir=cache_dir).commits]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return two_commit_repo(tmp_path / "kb", day)


def test_first_read_writes_the_cache_and_an_unchanged_head_reuses_it(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    assert subjects(repo.root, cache_dir) == ["Two", "One"]
    cached = base_cache(cache_dir).load()
    assert isinstance(cached, CachedHistory) and cached.head == repo.head()

    mark_cached(cache_dir)
    assert subjects(repo.root, cache_dir) == [MARK, MARK]


def test_one_new_commit_reads_only_that_commit(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    repo.write("docs/a.md", "a\nb\nc\n")
    three = repo.commit("Three", author=BO, date=day(3))

    history = read_history(repo.root, cache_dir=cache_dir)

    assert [c.subject for c in history.commits] == ["Three", MARK, MARK]
    assert history.head == three
    assert base_cache(cache_dir).load().head == three  # type: ignore[union-attr]


def test_incremental_read_equals_a_whole_read(repo: Repo, tmp_path: Path) -> None:
    """Even when the cached head did not touch docs and a branch forked from before it."""
    cache_dir = tmp_path / "cache"
    repo.checkout("topic", new=True)
    repo.write("docs/t.md", "topic\n")
    repo.commit("Topic page", author=BO, date=day(3))
    repo.checkout("main")
    repo.write("src/code.py", "x\n")
    repo.commit("Code", date=day(4))  # the cached head: outside the docs history
    read_history(repo.root, cache_dir=cache_dir)
    repo.write("docs/a.md", "a\nb\nc\n")
    repo.commit("Three", date=day(5))
    repo.merge("topic", "Merge topic", date=day(6), trailers=[("Reviewed-by", "Cy <cy@x.test>")])

    incremental = read_history(repo.root, cache_dir=cache_dir)
    whole = read_history(repo.root)

    assert incremental.commits == whole.commits
    assert incremental.edits == whole.edits
    assert [c.subject for c in whole.commits] == ["Merge topic", "Three", "Topic page", "Two", "One"]
    assert [len(c.parents) for c in whole.commits] == [2, 1, 1, 1, 0]
    assert incremental.merged_branches() == whole.merged_branches() != {}


def test_a_rewritten_history_is_read_again_in_full(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    repo.write("docs/a.md", "a\nB\n")
    repo.amend("Two, amended", date=day(3))

    assert subjects(repo.root, cache_dir) == ["Two, amended", "One"]

    mark_cached(cache_dir)
    repo.reset_hard("HEAD~1")  # a force-push back to an older commit
    assert subjects(repo.root, cache_dir) == ["One"]


def test_the_cache_is_keyed_by_docs_dir_and_mailmap(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    repo.write("guide/g.md", "g\n")
    repo.commit("Guide", date=day(3))
    assert subjects(repo.root, cache_dir, "guide") == ["Guide"]

    repo.write(".mailmap", "Ana Real <ana@x.test>\n")
    history = read_history(repo.root, cache_dir=cache_dir)
    assert [(c.subject, c.author.name) for c in history.commits] == [("Two", "Ana Real"), ("One", "Ana Real")]


def test_an_unreadable_cache_file_is_ignored(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    base_cache(cache_dir).path.write_bytes(b"not a pickle")
    assert subjects(repo.root, cache_dir) == ["Two", "One"]
    assert base_cache(cache_dir).load() is not None
