"""A cold read as two commit ranges read at once equals one ``git log`` (real git repositories)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from committed import gitlog
from committed.errors import GitError
from committed.gitio import Repository, open_repository
from committed.graph import canonical_order
from committed.incremental import read_split, whole_log
from gitrepo import ANA, BO, CY, DEE, Repo, contact, day, page


def single(git: Repository, head: str, docs: str = "docs") -> tuple[object, ...]:
    return canonical_order(whole_log(git, head, docs, split_from=None))


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """Merges (one bringing nothing), renames on a branch and on the main line, a copy, a revert,
    code-only commits (which the docs log leaves out) where the ranges meet, a branch from one of
    them, clock skew, trailers mapped through .mailmap."""
    repo = Repo(tmp_path / "kb")
    repo.write(".mailmap", "Bo Berg <bo@x.test> <bo.old@x.test>\n")
    repo.commit("Start", ANA, date=day(1), files={"docs/a.md": page("A", 6), "src/x.py": "x = 1\n"})
    repo.commit("B", BO, date=day(2), files={"docs/b.md": page("B", 5)})
    repo.commit("Code", DEE, date=day(3), files={"src/x.py": "x = 2\n"})
    repo.checkout("topic", new=True)  # forked from a code-only commit
    repo.mv("docs/b.md", "docs/guide/b.md")
    repo.commit("Move b on a branch", CY, date=day(4))
    repo.commit("Edit b", CY, date=day(6), files={"docs/guide/b.md": page("B", 5, "Cy's tip.\n")},
                trailers=[("Reviewed-by", "Bo <bo.old@x.test>")])
    repo.checkout("main")
    bad = repo.commit("A mistake", BO, date=day(5), files={"docs/a.md": page("A", 6, "Wrong.\n")})
    repo.commit("Code again", DEE, date=day(5, 12), files={"src/x.py": "x = 3\n"})
    repo.revert(bad, ANA, date=day(7))
    repo.merge("topic", "Merge topic", BO, date=day(8), trailers=[("Reviewed-by", contact(ANA))])
    repo.checkout("empty", new=True)
    repo.commit("Code on a branch", DEE, date=day(9), files={"src/y.py": "y = 1\n"})
    repo.checkout("main")
    repo.commit("C", CY, date=day(9, 12), files={"docs/c.md": page("C", 8)})
    repo.merge("empty", "Merge code only", DEE, date=day(10))
    repo.commit("Skewed clock", ANA, date=day(2, 12), files={"docs/a.md": page("A", 7)})  # older than its parent
    repo.write("docs/c2.md", page("C", 8, "And more.\n"))
    repo.mv("docs/c.md", "docs/c-renamed.md")
    repo.commit("Split c", BO, date=day(11), files={"docs/c-renamed.md": page("C", 8, "Renamed.\n")})
    repo.commit("Code last", DEE, date=day(12), files={"src/x.py": "x = 4\n"})
    return repo


def test_every_split_point_gives_the_single_read(repo: Repo) -> None:
    git = open_repository(repo.root)
    assert git is not None
    head = repo.head()
    whole = single(git, head)
    assert len(whole) >= 10 and any(len(c.parents) > 1 for c in whole) and any(c.reverts for c in whole)
    assert any(t.identity.name == "Bo Berg" for c in whole for t in c.trailers)  # mapped
    points = repo.git("rev-list", "HEAD").split()  # every commit, on the main line or not, listed or not
    listed = {c.sha for c in whole}
    assert any(p not in listed for p in points[1:])  # some split points are code-only commits
    for point in points[1:]:
        assert canonical_order(read_split(git, head, point, "docs")) == whole, point


def test_the_whole_repository_read_in_two(repo: Repo) -> None:
    git = open_repository(repo.root)
    assert git is not None
    head = repo.head()
    whole = single(git, head, "")
    for point in repo.git("rev-list", "HEAD").split()[1:]:
        assert canonical_order(read_split(git, head, point, "")) == whole, point


def test_a_long_history_is_split_on_its_main_line_halfway(repo: Repo) -> None:
    git = open_repository(repo.root)
    assert git is not None
    head = repo.head()
    main = repo.git("rev-list", "--first-parent", "HEAD").split()
    assert git.main_line_middle(head, at_least=len(main)) == main[len(main) // 2]
    assert git.main_line_middle(head, at_least=len(main) + 1) is None  # too short to be worth two processes
    assert canonical_order(whole_log(git, head, "docs", split_from=len(main))) == single(git, head)


@pytest.mark.parametrize("bad", [0, 1])
def test_a_range_git_cannot_read_fails_the_read_with_git_s_message(repo: Repo, bad: int) -> None:
    git = open_repository(repo.root)
    assert git is not None
    ranges: list[tuple[str, ...]] = [("HEAD",), ("HEAD~2",)]
    ranges[bad] = ("no-such-branch",)
    with pytest.raises(GitError, match="`git log --full-history` failed: .*no-such-branch"):
        gitlog.read_logs(git, ranges, ("docs",))


def test_a_process_that_yields_its_priority_reads_with_one_git() -> None:
    """The build's worker runs niced beside MkDocs: a second git process would take the core the
    site generator renders on (a cold build went from 1.0x to 1.5x the plain build's time)."""
    code = "import os; os.nice(5); from committed.incremental import _free_core; print(_free_core())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
