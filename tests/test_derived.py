"""What a history derives from its commits (derived.py), kept between builds and extended after new
commits only where that equals deriving it again, on real repositories.

To see whether a read extended what was kept or derived it again, the kept file is marked: a sha
that is no commit is added to its ignored commits. Extending keeps the mark (it shows in
``History.ignored``), deriving again loses it. Each step is read twice from copies of the same
cache, as a new process would: once marked (which path was taken), once unmarked (the result must
equal a whole read, field for field).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from committed import cache as cache_module
from committed.derived import DerivedStore
from committed.history import History, read_history
from gitrepo import BO, CY, Repo

MARK = "f" * 40


def day(n: int) -> str:
    return f"2025-05-{n:02d}T10:00:00Z"


def text(n: int, who: str) -> str:
    return "".join(f"{who} wrote line {i} of this page.\n" for i in range(n))


def store(cache_dir: Path) -> DerivedStore:
    (path,) = cache_dir.glob("derived-*")
    return DerivedStore(cache_dir, path.name.removeprefix("derived-"))


def mark(cache_dir: Path) -> None:
    kept = store(cache_dir).load()
    assert kept is not None
    store(cache_dir).save(dataclasses.replace(kept, ignored=kept.ignored | {MARK}))


def same(a: History, b: History) -> None:
    assert a.commits == b.commits
    assert a.edits == b.edits
    assert a.copies == b.copies and a.moves == b.moves
    assert a.merged_branches() == b.merged_branches()
    assert a == b


class Reader:
    """Reads a repository through a cache the way successive builds do."""

    def __init__(self, repo: Repo, tmp_path: Path) -> None:
        self.repo, self.cache, self.marked = repo, tmp_path / "cache", tmp_path / "marked"
        self.read()

    def read(self) -> History:
        cache_module._MEMO.clear()  # a new process
        return read_history(self.repo.root, cache_dir=self.cache)

    def extends(self) -> bool:
        """Read the new commits: True when what was kept was extended, after checking that the
        result equals a whole read."""
        shutil.rmtree(self.marked, ignore_errors=True)
        shutil.copytree(self.cache, self.marked)
        mark(self.marked)
        cache_module._MEMO.clear()
        extended = MARK in read_history(self.repo.root, cache_dir=self.marked).ignored
        same(self.read(), read_history(self.repo.root))
        return extended


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.write("docs/a.md", text(3, "ana"))
    repo.write("docs/b.md", text(3, "ana"))
    repo.write("team/howto.md", text(4, "ana"))
    repo.commit("Start", date=day(1))
    repo.write("docs/a.md", text(5, "ana"))
    repo.commit("More", date=day(2))
    return repo


def test_nothing_new_and_one_new_edit_extend_what_was_kept(repo: Repo, tmp_path: Path) -> None:
    reader = Reader(repo, tmp_path)
    assert reader.extends()
    repo.write("docs/b.md", text(4, "bo"))
    repo.commit("Bo's edit", author=BO, date=day(3))
    assert reader.extends()
    assert store(reader.cache).load().head == repo.head()  # type: ignore[union-attr]


def test_new_pages_renames_deletions_and_copies_extend_and_are_placed_again(repo: Repo, tmp_path: Path) -> None:
    """Placement runs over every commit in every read: a rename by a new commit files the older
    edits under the new name without deriving the rest again."""
    reader = Reader(repo, tmp_path)
    repo.mv("docs/a.md", "docs/renamed.md")
    repo.commit("Rename a", date=day(3))
    assert reader.extends()
    assert {e.page for e in reader.read().edits} == {"renamed.md", "b.md"}
    repo.rm("docs/b.md")
    repo.write("docs/c.md", text(2, "cy"))
    repo.commit("Delete b, add c", author=CY, date=day(4))
    assert reader.extends()
    repo.write("docs/copy.md", text(5, "ana"))
    repo.write("docs/renamed.md", text(5, "ana") + "one more line of text here\n")
    repo.commit("Copy", author=BO, date=day(5))
    assert reader.extends()


def test_a_pull_request_merge_extends_with_its_branch(repo: Repo, tmp_path: Path) -> None:
    reader = Reader(repo, tmp_path)
    repo.checkout("topic", new=True)
    repo.write("docs/t.md", text(2, "bo"))
    repo.commit("Topic page", author=BO, date=day(3))
    repo.mv("docs/b.md", "docs/bee.md")
    repo.commit("Rename b on the branch", author=BO, date=day(4))
    repo.checkout("main")
    repo.write("docs/b.md", text(3, "ana") + "a main line edit before the merge\n")
    repo.commit("Main edit", date=day(5))
    repo.merge("topic", "Merge topic", date=day(6), trailers=[("Reviewed-by", "Cy <cy@x.test>")])
    assert reader.extends()
    history = reader.read()
    assert list(history.merged_branches().values()) == [tuple(c.sha for c in history.commits[2:4])]
    assert "bee.md" in {e.page for e in history.edits if e.commit.subject == "Main edit"}


def test_a_merge_of_an_old_branch_derives_again(repo: Repo, tmp_path: Path) -> None:
    """A branch whose commit is older than the newest cached one: the order is computed again."""
    repo.checkout("HEAD~1")
    repo.git("checkout", "-q", "-b", "old")
    repo.write("docs/o.md", text(2, "bo"))
    repo.commit("Old branch", author=BO, date="2025-05-01T12:00:00Z")
    repo.checkout("main")
    reader = Reader(repo, tmp_path)
    repo.merge("old", "Merge the old branch", date=day(7))
    assert not reader.extends()
    assert [c.subject for c in reader.read().commits] == ["Merge the old branch", "More", "Old branch", "Start"]


def test_a_page_moved_in_from_outside_derives_again(repo: Repo, tmp_path: Path) -> None:
    reader = Reader(repo, tmp_path)
    repo.mv("team/howto.md", "docs/howto.md")
    repo.commit("Move the how-to in", author=CY, date=day(3))
    assert not reader.extends()
    assert reader.read().moves  # followed: its history before the move is the page's
    repo.write("docs/a.md", text(6, "ana"))
    repo.commit("After the move", date=day(4))
    assert not reader.extends()  # a history with moves is derived whole every time


def test_a_revert_of_an_old_commit_derives_again(repo: Repo, tmp_path: Path) -> None:
    reader = Reader(repo, tmp_path)
    repo.revert(repo.git("rev-parse", "HEAD").strip(), date=day(3))
    assert not reader.extends()
    assert len(reader.read().cancelled) == 2


def test_a_new_ignore_revs_file_derives_again(repo: Repo, tmp_path: Path) -> None:
    reader = Reader(repo, tmp_path)
    repo.write(".git-blame-ignore-revs", repo.git("rev-parse", "HEAD").strip()[:10] + "\n")
    assert not reader.extends()
    repo.commit("Ignore a commit", date=day(3))  # the same text: new commits are matched against it
    assert reader.extends()
    assert len(reader.read().ignored) == 1


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "wrong-shape"])
def test_a_damaged_kept_file_derives_again(repo: Repo, tmp_path: Path, damage: str) -> None:
    reader = Reader(repo, tmp_path)
    path = store(reader.cache).path
    data = path.read_bytes()
    if damage == "flip":
        path.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"\x00\xffnot a cache file")
    else:
        from committed import cachefile
        cachefile.write(path, 1, store(reader.cache).digest, ("a", "tuple", "of", "the", "wrong", "length"))
    assert store(reader.cache).load() is None
    repo.write("docs/b.md", text(4, "bo"))
    repo.commit("Bo's edit", author=BO, date=day(3))
    same(reader.read(), read_history(repo.root))
    assert store(reader.cache).load() is not None  # written again


def test_an_abbreviated_revert_target_that_names_two_commits_cancels_neither() -> None:
    """Two commits whose shas begin alike (7 hex digits in common take some 16,000 commits to
    happen, so the records are made here): the revert cancels what its abbreviation names when it
    names one commit, and nothing when it names two (before, whichever twin a set listed first, so
    two processes could disagree)."""
    from datetime import datetime, timezone

    from committed.derived import cancelled_commits
    from committed.records import Commit, Identity

    who, at = Identity("Ana", "ana@example.com"), datetime(2026, 1, 1, tzinfo=timezone.utc)

    def commit(sha: str, reverts: str | None = None) -> Commit:
        return Commit(sha.ljust(40, "0"), (), who, who, at, at, f"commit {sha}", reverts=reverts)

    twins = [commit("abcdef01"), commit("abcdef02"), commit("1234567")]
    for order in (twins, twins[::-1]):
        ambiguous, _ = cancelled_commits([*order, commit("ffff", reverts="abcdef0")])
        assert ambiguous == frozenset()  # it names no commit: an ordinary commit, and both twins stand
        unique, _ = cancelled_commits([*order, commit("ffff", reverts="abcdef01")])
        assert unique == {"ffff".ljust(40, "0"), "abcdef01".ljust(40, "0")}
