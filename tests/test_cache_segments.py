"""The append-only history cache: segments, folding, damaged files, the in-process memo, and
incremental reads that must equal whole reads after every kind of change."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from cachefiles import MARK, base_cache, mark_cached, two_commit_repo
from committed import cache as cache_module
from committed.cache import HistoryCache, from_rows, to_rows
from committed.history import History, read_history
from committed.records import Commit, Edit
from gitrepo import ANA, BO, CY, Repo


def day(n: int) -> str:
    return f"2025-03-{n:02d}T10:00:00Z"


def files(cache_dir: Path) -> list[str]:
    return sorted(p.suffix for p in cache_dir.glob("history-*"))




def forget() -> None:
    """Drop the in-process memo, as a new process would start."""
    cache_module._MEMO.clear()


def subjects(root: Path, cache_dir: Path) -> list[str]:
    forget()
    return [c.subject for c in read_history(root, cache_dir=cache_dir).commits]


def same(a: History, b: History) -> None:
    assert a.commits == b.commits
    assert a.edits == b.edits
    assert (a.head, a.ignored, a.cancelled) == (b.head, b.ignored, b.cancelled)
    assert a.merged_branches() == b.merged_branches()
    assert a == b


@pytest.fixture(autouse=True)
def small_histories(monkeypatch: pytest.MonkeyPatch) -> None:
    """Segments may outgrow the base: these histories have a handful of commits."""
    monkeypatch.setattr(cache_module, "SEGMENT_SHARE", 1)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return two_commit_repo(tmp_path / "kb", day)


def edit(repo: Repo, n: int, path: str = "docs/a.md", **kw: object) -> str:
    repo.write(path, "".join(f"line {i}\n" for i in range(n)))
    return repo.commit(f"Edit {n}", date=day(n), **kw)  # type: ignore[arg-type]


# -- records from rows --------------------------------------------------------------------------------

def test_records_from_rows_equal_the_constructed_ones(repo: Repo) -> None:
    repo.write("docs/b.bin", b"\x00\x01")
    repo.mv("docs/a.md", "docs/c.md")
    repo.commit("Move and add", author=BO, date=day(3), trailers=[("Co-authored-by", "Cy <cy@x.test>"),
                                                                   ("Reviewed-by", "Ana <ana@x.test>")])
    repo.rm("docs/b.bin")
    repo.commit("Remove", author=CY, committer=BO, date="2025-03-04T10:00:00+05:30")
    commits = read_history(repo.root).commits
    people: list = []
    rebuilt = tuple(from_rows(to_rows(commits, people, {}), people))

    assert rebuilt == commits
    assert [hash(c) for c in rebuilt] == [hash(c) for c in commits]
    assert all(type(c) is Commit and all(type(ch) is type(c.changes[0]) for ch in c.changes) for c in rebuilt)
    assert [c.authored_at.tzinfo for c in rebuilt] == [c.authored_at.tzinfo for c in commits]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rebuilt[0].subject = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        read_history(repo.root).edits[0].page = "x"  # type: ignore[misc]
    assert type(read_history(repo.root).edits[0]) is Edit


# -- segments -----------------------------------------------------------------------------------------

def test_each_incremental_read_writes_only_a_segment(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    edit(repo, 3)
    assert subjects(repo.root, cache_dir) == ["Edit 3", MARK, MARK]
    edit(repo, 4)
    assert subjects(repo.root, cache_dir) == ["Edit 4", "Edit 3", MARK, MARK]
    assert files(cache_dir) == [".base", ".seg1", ".seg2"]
    repo.write("src/x.py", "x\n")
    repo.commit("Code only", date=day(5))  # no docs commit: an empty segment records the new head
    assert subjects(repo.root, cache_dir) == ["Edit 4", "Edit 3", MARK, MARK]
    assert files(cache_dir) == [".base", ".seg1", ".seg2", ".seg3"]
    assert base_cache(cache_dir).load().head == repo.head()  # type: ignore[union-attr]


def test_segments_are_folded_into_a_new_base(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "MAX_SEGMENTS", 2)
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    for n in (3, 4):
        edit(repo, n)
        read_history(repo.root, cache_dir=cache_dir)
    assert files(cache_dir) == [".base", ".seg1", ".seg2"]
    edit(repo, 5)

    def not_from_records(self: HistoryCache, state: object) -> None:
        raise AssertionError("folded from the records, not from the rows on disk")

    with monkeypatch.context() as patch:
        patch.setattr(HistoryCache, "_write_base", not_from_records)
        folded = read_history(repo.root, cache_dir=cache_dir)
    assert files(cache_dir) == [".base"]
    assert [c.subject for c in folded.commits] == ["Edit 5", "Edit 4", "Edit 3", MARK, MARK]
    assert subjects(repo.root, cache_dir) == ["Edit 5", "Edit 4", "Edit 3", MARK, MARK]


def test_segments_past_their_share_are_folded(repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "SEGMENT_SHARE", 3)  # segments may hold a third of the commits
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    edit(repo, 3)
    read_history(repo.root, cache_dir=cache_dir)
    assert files(cache_dir) == [".base", ".seg1"]
    edit(repo, 4)
    read_history(repo.root, cache_dir=cache_dir)
    assert files(cache_dir) == [".base"]


# -- damaged and foreign files -------------------------------------------------------------------------

def flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_corrupt_segment_is_ignored_and_its_commits_read_again(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    edit(repo, 3)
    read_history(repo.root, cache_dir=cache_dir)
    edit(repo, 4)
    read_history(repo.root, cache_dir=cache_dir)
    mark_segments = base_cache(cache_dir)
    (seg1,) = cache_dir.glob("*.seg1")
    flip_last_byte(seg1)
    forget()
    assert mark_segments.load().head != repo.head()  # type: ignore[union-attr] # stops before seg1
    forget()
    history = read_history(repo.root, cache_dir=cache_dir)
    same(history, read_history(repo.root))
    assert [c.subject for c in history.commits] == ["Edit 4", "Edit 3", "Two", "One"]


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "foreign", "garbage", "other-format"])
def test_a_damaged_or_foreign_base_means_a_whole_read(repo: Repo, tmp_path: Path, damage: str) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    path = base_cache(cache_dir).path
    data = path.read_bytes()
    if damage == "flip":
        flip_last_byte(path)
    elif damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "foreign":  # a well-formed file written for another key
        header, _, body = data.partition(b"\n")
        fields = header.split(b" ")
        fields[2] = b"0" * len(fields[2])
        path.write_bytes(b" ".join(fields) + b"\n" + body)
    elif damage == "garbage":
        path.write_bytes(b"\x80\x04not marshal at all")
    else:
        version = cache_module.FORMAT_VERSION
        path.write_bytes(data.replace(f"committed-history {version} ".encode(),
                                      f"committed-history {version - 1} ".encode(), 1))
    assert subjects(repo.root, cache_dir) == ["Two", "One"]
    assert subjects(repo.root, cache_dir) == ["Two", "One"]  # and a good cache was written again


# -- rewritten history ---------------------------------------------------------------------------------

def test_amend_and_reset_over_segments_read_again(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    edit(repo, 3)
    read_history(repo.root, cache_dir=cache_dir)
    mark_cached(cache_dir)
    edit(repo, 4)
    read_history(repo.root, cache_dir=cache_dir)
    repo.write("docs/a.md", "amended\n")
    repo.amend("Four, amended", date=day(5))
    assert subjects(repo.root, cache_dir) == ["Four, amended", "Edit 3", "Two", "One"]
    assert files(cache_dir) == [".base"]
    mark_cached(cache_dir)
    edit(repo, 6)
    read_history(repo.root, cache_dir=cache_dir)
    repo.reset_hard("HEAD~2")
    forget()
    history = read_history(repo.root, cache_dir=cache_dir)
    same(history, read_history(repo.root))
    assert [c.subject for c in history.commits] == ["Edit 3", "Two", "One"]


def test_a_mailmap_change_reads_again(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    read_history(repo.root, cache_dir=cache_dir)
    edit(repo, 3, trailers=[("Reviewed-by", "Bo <bo@x.test>")])
    read_history(repo.root, cache_dir=cache_dir)
    repo.write(".mailmap", "Bo Real <bo@x.test>\nAna Real <ana@x.test>\n")
    history = read_history(repo.root, cache_dir=cache_dir)
    same(history, read_history(repo.root))
    assert {c.author.name for c in history.commits} == {"Ana Real"}
    assert history.commits[0].trailers[0].identity.name == "Bo Real"


# -- the in-process memo -------------------------------------------------------------------------------

def test_the_memo_skips_the_disk_until_the_files_change(repo: Repo, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    cache_dir = tmp_path / "cache"
    forget()
    first = read_history(repo.root, cache_dir=cache_dir)

    def no_disk(self: HistoryCache) -> None:
        raise AssertionError("read the disk")

    with monkeypatch.context() as patch:
        patch.setattr(HistoryCache, "_read", no_disk)
        assert read_history(repo.root, cache_dir=cache_dir).commits is first.commits
        edit(repo, 3)
        after = read_history(repo.root, cache_dir=cache_dir)  # extended in memory, a segment written
        assert after.commits[1:] == first.commits
    mark_cached(cache_dir)  # another writer: the memo no longer matches the files
    assert [c.subject for c in read_history(repo.root, cache_dir=cache_dir).commits] == [MARK] * 3


def test_a_rebuild_with_nothing_changed_returns_the_same_history(repo: Repo, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = read_history(repo.root, cache_dir=cache_dir)
    assert read_history(repo.root, cache_dir=cache_dir) is first
    repo.write(".git-blame-ignore-revs", f"{first.commits[0].sha}\n")  # not committed: still read
    ignoring = read_history(repo.root, cache_dir=cache_dir)
    assert ignoring.ignored == {first.commits[0].sha} and ignoring.commits is first.commits
    same(ignoring, read_history(repo.root))
    edit(repo, 3)
    assert read_history(repo.root, cache_dir=cache_dir).commits[1:] == first.commits


# -- incremental reads equal whole reads ---------------------------------------------------------------

@pytest.mark.parametrize("memo", [True, False])
def test_any_sequence_of_incremental_reads_equals_whole_reads(tmp_path: Path, memo: bool) -> None:
    """Every step below is read incrementally (from the memo, or from disk as a new process
    would) and compared with a whole read: linear edits, a branch merged with older commits, an
    empty merge on the main line, a merge of a branch that changed no docs, renames, deletions,
    reverts and a revert of a revert, an ignore-revs file, a commit with a date older than the
    cache's newest, commits outside the docs, and a root commit merged from an unrelated history."""
    repo = Repo(tmp_path / "kb")
    cache_dir = tmp_path / "cache"
    steps = 0

    def check() -> None:
        nonlocal steps
        steps += 1
        if not memo:
            forget()
        incremental = read_history(repo.root, cache_dir=cache_dir)
        same(incremental, read_history(repo.root))

    repo.write("docs/a.md", "a\n")
    repo.write("docs/b.md", "b\n")
    repo.commit("Start", date=day(1))
    check()
    edit(repo, 2)
    edit(repo, 3, "docs/b.md", author=BO)
    check()
    repo.checkout("topic", new=True)  # a branch whose commits are older than main's newest
    repo.write("docs/t.md", "t\n")
    repo.commit("Topic", author=CY, date=day(4))
    repo.checkout("main")
    edit(repo, 5)
    check()
    repo.merge("topic", "Merge topic", date=day(6), trailers=[("Reviewed-by", "Bo <bo@x.test>")])
    check()
    repo.checkout("code", new=True)  # a branch that changes no docs: its merge brings nothing
    repo.write("src/x.py", "x\n")
    repo.commit("Code", date=day(7))
    repo.checkout("main")
    edit(repo, 8)
    repo.merge("code", "Merge code", date=day(9))
    check()
    edit(repo, 10)  # on top of the dropped merge
    check()
    repo.checkout("HEAD~1")  # a merge on the main line of a branch that is on the main line already
    repo.git("checkout", "-q", "-B", "side")
    repo.write("docs/s.md", "s\n")
    repo.commit("Side", date=day(11))
    repo.checkout("main")
    repo.merge("side", "Merge side", date=day(12))
    check()
    repo.mv("docs/a.md", "docs/renamed.md")
    repo.commit("Rename", date=day(13))
    check()
    repo.rm("docs/b.md")
    repo.commit("Delete b", date=day(14))
    check()
    repo.write("docs/b.md", "new b\n")
    repo.commit("Recreate b", date=day(15))
    bad = edit(repo, 16, "docs/renamed.md")
    check()
    revert = repo.revert(bad, date=day(17))
    check()
    repo.revert(revert, date=day(18))
    check()
    repo.write(".git-blame-ignore-revs", f"{bad}\n")
    repo.commit("Ignore a commit", date=day(19))
    check()
    edit(repo, 2, "docs/old.md")  # committed with a date older than the cache's newest
    check()
    repo.write("README.md", "outside\n")
    repo.commit("Outside docs", date=day(21))
    check()
    repo.git("checkout", "-q", "--orphan", "other")
    repo.git("rm", "-rq", "--cached", ".")
    repo.write("docs/o.md", "o\n")
    repo.git("add", "docs/o.md")
    repo.commit("Other root", date=day(22))
    repo.checkout("main")
    repo.git("merge", "-q", "--no-ff", "--allow-unrelated-histories", "-m", "Merge other", "other")
    check()
    edit(repo, 23, author=ANA, trailers=[("Co-authored-by", "Bo <bo@x.test>")])
    check()
    repo.write("docs/renamed.md", "".join(f"line {i}\n" for i in range(30)))
    repo.write("docs/split.md", "".join(f"line {i}\n" for i in range(29)))  # a copy of renamed.md
    repo.write("team/moved.md", "written outside the docs\n")
    repo.commit("Split and an outside page", date=day(24))
    check()
    repo.mv("team/moved.md", "docs/moved.md")  # a move in: its history from before comes along
    repo.commit("Move in", date=day(25))
    check()
    edit(repo, 26, "docs/moved.md")
    check()
    assert steps == 20
    whole = read_history(repo.root)
    assert [m[1:] for m in whole.moves] == [("team/moved.md", "docs/moved.md")]
    assert [c[1:] for c in whole.copies] == [("renamed.md", "split.md")]
