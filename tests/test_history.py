"""The history engine against real git repositories: exact records for every case it must handle."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from committed.errors import ShallowCloneError
from committed.history import History, read_history
from committed.records import ChangeKind, Commit, Identity, PageChange, Trailer
from gitrepo import ANA, BO, CY, Repo

A, B, C = Identity(*ANA), Identity(*BO), Identity(*CY)


def day(n: int) -> str:
    return f"2025-01-{n:02d}T10:00:00Z"


def at(n: int) -> datetime:
    return datetime(2025, 1, n, 10, 0, tzinfo=timezone.utc)


def edits(history: History) -> list[tuple[str, str, str | None, str, bool]]:
    """Each edit as (subject, change path, page, file, counts), newest first."""
    return [(e.commit.subject, e.change.path, e.page, e.file, e.counts) for e in history.edits]


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "kb")


# -- records -------------------------------------------------------------------------------------

def test_commit_records_are_exact(repo: Repo) -> None:
    repo.write("docs/a.md", "one\ntwo\n")
    repo.write("README.md", "outside docs\n")
    first = repo.commit("Add A", date="2025-01-01T09:30:00+02:00")
    repo.write("docs/a.md", "one\n2\nthree\n")
    second = repo.commit("Edit A\n\nBody line.", author=BO, committer=CY, date=day(2), trailers=[
        ("Co-authored-by", "Cy <cy@x.test>"), ("Reviewed-by", "Ana <ana@x.test>"),
        ("Approved-by", "Ana <ana@x.test>"), ("Acked-by", "Bo <bo@x.test>"),
        ("Learned-from", "Dee <dee@x.test>"), ("Signed-off-by", "Bo <bo@x.test>")])

    history = read_history(repo.root)

    assert history.head == second and history.docs_dir == "docs" and not history.shallow
    assert history.commits == (
        Commit(second, (first,), B, C, at(2), at(2), "Edit A", trailers=(
            Trailer("co-authored-by", C), Trailer("reviewed-by", A), Trailer("approved-by", A),
            Trailer("acked-by", B), Trailer("learned-from", Identity("Dee", "dee@x.test"))),
            changes=(PageChange(ChangeKind.MODIFIED, "docs/a.md", None, 2, 1),)),
        Commit(first, (), A, A, datetime(2025, 1, 1, 7, 30, tzinfo=timezone.utc),
               datetime(2025, 1, 1, 7, 30, tzinfo=timezone.utc), "Add A",
               changes=(PageChange(ChangeKind.ADDED, "docs/a.md", None, 2, 0),)),
    )
    assert history.commits[0].authors == (B, C)
    assert history.commits[1].authored_at.tzinfo is timezone.utc
    assert edits(history) == [("Edit A", "docs/a.md", "a.md", "a.md", True),
                              ("Add A", "docs/a.md", "a.md", "a.md", True)]
    assert history.now == at(2)


def test_whitespace_only_change_counts_no_lines(repo: Repo) -> None:
    repo.write("docs/a.md", "one two\nthree\n")
    repo.commit("Add", date=day(1))
    repo.write("docs/a.md", "one   two  \nthree\n")
    repo.commit("Reformat", date=day(2))
    repo.write("docs/a.md", "one   two  \nfour\n")
    repo.commit("Reword", date=day(3))

    reword, reformat, _ = read_history(repo.root).commits

    assert reformat.changes == (PageChange(ChangeKind.MODIFIED, "docs/a.md", None, 0, 0),)
    assert reformat.changes[0].whitespace_only
    assert reword.changes == (PageChange(ChangeKind.MODIFIED, "docs/a.md", None, 1, 1),)
    assert not reword.changes[0].whitespace_only


# -- renames and deletions -----------------------------------------------------------------------

def test_rename_chain_files_every_edit_under_the_current_path(repo: Repo) -> None:
    text = "".join(f"line {i}\n" for i in range(20))
    repo.write("docs/a.md", text)
    repo.commit("Add a", date=day(1))
    repo.mv("docs/a.md", "docs/guide/b.md")
    repo.commit("Move to b", date=day(2))
    repo.write("docs/guide/b.md", text + "more\n")
    repo.commit("Edit b", date=day(3))
    repo.mv("docs/guide/b.md", "docs/c.md")
    repo.write("docs/c.md", text + "more\nand more\n")
    repo.commit("Move to c and edit", date=day(4))

    history = read_history(repo.root)

    assert [c.changes for c in history.commits] == [
        (PageChange(ChangeKind.RENAMED, "docs/c.md", "docs/guide/b.md", 1, 0),),
        (PageChange(ChangeKind.MODIFIED, "docs/guide/b.md", None, 1, 0),),
        (PageChange(ChangeKind.RENAMED, "docs/guide/b.md", "docs/a.md", 0, 0),),
        (PageChange(ChangeKind.ADDED, "docs/a.md", None, 20, 0),),
    ]
    assert history.commits[2].changes[0].rename_only
    assert edits(history) == [
        ("Move to c and edit", "docs/c.md", "c.md", "c.md", True),
        ("Edit b", "docs/guide/b.md", "c.md", "c.md", True),
        ("Move to b", "docs/guide/b.md", "c.md", "c.md", True),
        ("Add a", "docs/a.md", "c.md", "c.md", True),
    ]
    assert list(history.by_page()) == ["c.md"]


def test_page_deleted_and_recreated_is_a_new_file(repo: Repo) -> None:
    repo.write("docs/a.md", "old\n")
    repo.commit("Add a", date=day(1))
    repo.rm("docs/a.md")
    delete = repo.commit("Delete a", date=day(2))
    repo.write("docs/a.md", "new\ntext\n")
    repo.commit("Re-create a", date=day(3))

    history = read_history(repo.root)

    gone = f"a.md@{delete[:12]}"
    assert [c.changes for c in history.commits] == [
        (PageChange(ChangeKind.ADDED, "docs/a.md", None, 2, 0),),
        (PageChange(ChangeKind.DELETED, "docs/a.md", None, 0, 1),),
        (PageChange(ChangeKind.ADDED, "docs/a.md", None, 1, 0),),
    ]
    assert edits(history) == [("Re-create a", "docs/a.md", "a.md", "a.md", True),
                              ("Delete a", "docs/a.md", None, gone, True),
                              ("Add a", "docs/a.md", None, gone, True)]
    assert [e.commit.subject for e in history.by_page()["a.md"]] == ["Re-create a"]


def test_page_renamed_away_then_recreated_under_the_old_name(repo: Repo) -> None:
    repo.write("docs/a.md", "".join(f"line {i}\n" for i in range(10)))
    repo.commit("Add a", date=day(1))
    repo.mv("docs/a.md", "docs/b.md")
    repo.commit("Rename to b", date=day(2))
    repo.write("docs/a.md", "a brand new page\n")
    repo.commit("New a", date=day(3))

    assert edits(read_history(repo.root)) == [("New a", "docs/a.md", "a.md", "a.md", True),
                                              ("Rename to b", "docs/b.md", "b.md", "b.md", True),
                                              ("Add a", "docs/a.md", "b.md", "b.md", True)]


# -- merges --------------------------------------------------------------------------------------

def test_rename_inside_a_merged_branch(repo: Repo) -> None:
    text = "".join(f"line {i}\n" for i in range(10))
    repo.write("docs/a.md", text)
    base = repo.commit("Add a", date=day(1))
    repo.checkout("topic", new=True)
    repo.mv("docs/a.md", "docs/b.md")
    move = repo.commit("Rename to b", author=BO, date=day(2))
    repo.write("docs/b.md", text + "extra\n")
    edit = repo.commit("Edit b", author=BO, date=day(3))
    repo.checkout("main")
    repo.write("docs/other.md", "other\n")
    other = repo.commit("Other page", date=day(4))
    merge = repo.merge("topic", "Merge topic", author=CY, date=day(5), trailers=[("Reviewed-by", "Ana <ana@x.test>")])

    history = read_history(repo.root)

    by_sha = {c.sha: c for c in history.commits}
    assert by_sha[merge].parents == (other, edit)
    assert by_sha[merge].changes == ()  # the merge itself is not counted again
    assert by_sha[merge].trailers == (Trailer("reviewed-by", A),)
    assert [c.sha for c in history.commits] == [merge, other, edit, move, base]
    assert edits(history) == [("Other page", "docs/other.md", "other.md", "other.md", True),
                              ("Edit b", "docs/b.md", "b.md", "b.md", True),
                              ("Rename to b", "docs/b.md", "b.md", "b.md", True),
                              ("Add a", "docs/a.md", "b.md", "b.md", True)]
    assert history.merged_branches() == {merge: (edit, move)}


def test_pull_request_merge_with_no_other_change_on_main_keeps_its_reviewers(repo: Repo) -> None:
    """A merge TREESAME to its branch must still be listed: its trailers credit reviewers."""
    repo.write("docs/a.md", "a\n")
    base = repo.commit("Add a", date=day(1))
    repo.checkout("topic", new=True)
    repo.write("docs/a.md", "a\nb\n")
    change = repo.commit("Edit a", author=BO, date=day(2))
    repo.checkout("main")
    repo.write("src/code.py", "x = 1\n")  # main moves on outside docs
    repo.commit("Code", date=day(3))
    merge = repo.merge("topic", "Merge pull request #1", author=("GitHub", "noreply@github.com"), date=day(4),
                       trailers=[("Reviewed-by", "Cy <cy@x.test>")])
    repo.write("mkdocs.yml", "site_name: kb\n")  # HEAD itself does not touch docs
    repo.commit("Config", date=day(5))

    history = read_history(repo.root)

    assert [c.sha for c in history.commits] == [merge, change, base]
    assert history.commits[0].changes == ()
    assert history.commits[0].people("reviewed-by") == (C,)
    assert history.merged_branches() == {merge: (change,)}


def test_squash_merge_credits_its_author_and_co_authors(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    base = repo.commit("Add a", date=day(1))
    repo.checkout("topic", new=True)
    repo.write("docs/a.md", "a\nb\n")
    repo.commit("wip", author=BO, date=day(2))
    repo.write("docs/a.md", "a\nb\nc\n")
    repo.commit("wip 2", author=BO, date=day(3))
    repo.checkout("main")
    squash = repo.merge("topic", "Edit a (#2)", author=BO, committer=("GitHub", "noreply@github.com"),
                        date=day(4), squash=True, trailers=[("Co-authored-by", "Cy <cy@x.test>")])
    repo.git("branch", "-D", "topic")

    history = read_history(repo.root)

    assert history.commits[0] == Commit(
        squash, (base,), B, Identity("GitHub", "noreply@github.com"), at(4), at(4), "Edit a (#2)",
        trailers=(Trailer("co-authored-by", C),),
        changes=(PageChange(ChangeKind.MODIFIED, "docs/a.md", None, 2, 0),))
    assert history.commits[0].authors == (B, C)
    assert len(history.commits) == 2


def test_web_editor_commit_credits_the_author_not_the_committer(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    repo.commit("Create a.md", author=BO, committer=("GitHub", "noreply@github.com"), date=day(1))

    (commit,) = read_history(repo.root).commits

    assert commit.author == B
    assert commit.committer == Identity("GitHub", "noreply@github.com")
    assert commit.authors == (B,)


# -- formatting commits, reverts -----------------------------------------------------------------

def test_blame_ignore_revs_full_and_abbreviated_shas_and_comments(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    add = repo.commit("Add a", date=day(1))
    repo.write("docs/a.md", "A\n")
    fmt1 = repo.commit("Format 1", date=day(2))
    repo.write("docs/a.md", "A.\n")
    fmt2 = repo.commit("Format 2", date=day(3))
    repo.write("docs/a.md", "A!\n")
    kept = repo.commit("Not ignored", date=day(4))
    repo.write(".git-blame-ignore-revs",
               f"# formatting\n{fmt1.upper()}  # full sha, any case\n\n{fmt2[:10]}\n{kept[:4]}\n# {kept}\n")
    repo.commit("Ignore formatting", date=day(5))

    history = read_history(repo.root)

    assert history.ignored == frozenset({fmt1, fmt2})
    assert [(e.commit.sha, e.counts) for e in history.edits] == [
        (kept, True), (fmt2, False), (fmt1, False), (add, True)]


def test_revert_and_reverted_commit_cancel_out(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    add = repo.commit("Add a", date=day(1))
    repo.write("docs/a.md", "a\nbad\n")
    bad = repo.commit("Bad edit", author=BO, date=day(2))
    revert = repo.revert(bad, date=day(3))

    history = read_history(repo.root)

    assert history.commits[0].reverts == bad
    assert history.commits[0].subject == 'Revert "Bad edit"'
    assert history.cancelled == frozenset({bad, revert})
    assert [(e.commit.sha, e.counts) for e in history.edits] == [(revert, False), (bad, False), (add, True)]


def test_revert_of_revert_restores_the_original(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    repo.commit("Add a", date=day(1))
    repo.write("docs/a.md", "a\ngood\n")
    good = repo.commit("Good edit", author=BO, date=day(2))
    revert = repo.revert(good, date=day(3))
    again = repo.revert(revert, date=day(4))

    history = read_history(repo.root)

    assert history.commits[0].reverts == revert
    assert history.cancelled == frozenset({revert, again})
    assert [e.counts for e in history.edits if e.commit.sha == good] == [True]


# -- .mailmap ------------------------------------------------------------------------------------

def test_mailmap_maps_authors_and_trailer_identities(repo: Repo) -> None:
    repo.write(".mailmap", "Ana <ana@x.test> <ana@old.test>\nBo <bo@x.test> Bobby <bobby@home.test>\n")
    repo.write("docs/a.md", "a\n")
    repo.commit("Add a", author=("ana", "ana@old.test"), date=day(1), trailers=[
        ("Reviewed-by", "Bobby <bobby@home.test>"), ("Co-authored-by", "ana <ana@old.test>"),
        ("Learned-from", "Cy <cy@x.test>")])

    (commit,) = read_history(repo.root).commits

    assert commit.author == A
    assert commit.trailers == (Trailer("reviewed-by", B), Trailer("co-authored-by", A),
                               Trailer("learned-from", C))
    assert commit.authors == (A,)  # the co-author is the author, after .mailmap


# -- repository states users hit in CI ------------------------------------------------------------

def test_not_a_repository_gives_an_empty_history(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    assert read_history(tmp_path) == History((), None, "docs")


def test_empty_repository_gives_an_empty_history(repo: Repo) -> None:
    repo.write("docs/a.md", "not committed\n")
    assert read_history(repo.root) == History((), None, "docs")


def test_shallow_clone_fails_with_the_fix_unless_allowed(repo: Repo, tmp_path: Path) -> None:
    repo.write("docs/a.md", "a\n")
    repo.commit("Add a", date=day(1))
    repo.write("docs/a.md", "a\nb\n")
    last = repo.commit("Edit a", date=day(2))
    clone = Repo(tmp_path / "clone", init=False)
    clone.git("clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone.root))

    with pytest.raises(ShallowCloneError) as info:
        read_history(clone.root)
    assert "fetch-depth: 0" in str(info.value)
    assert "allow_shallow: true" in str(info.value)

    history = read_history(clone.root, allow_shallow=True)
    assert history.shallow
    assert [c.sha for c in history.commits] == [last]


def test_a_clone_made_whole_again_is_read_whole_from_the_same_cache(repo: Repo, tmp_path: Path) -> None:
    """`git fetch --unshallow` keeps HEAD where it was: the partial history cached while the clone
    was shallow must not stand for the whole one."""
    shas = []
    for n in range(1, 4):
        repo.write("docs/a.md", "a\n" * n)
        shas.append(repo.commit(f"Edit {n}", date=day(n)))
    clone = Repo(tmp_path / "clone", init=False)
    clone.git("clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone.root))
    cache = tmp_path / "cache"
    assert [c.sha for c in read_history(clone.root, allow_shallow=True, cache_dir=cache).commits] == shas[-1:]
    clone.git("fetch", "-q", "--unshallow")
    history = read_history(clone.root, cache_dir=cache)
    assert not history.shallow
    assert [c.sha for c in history.commits] == shas[::-1]


def test_detached_head(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    first = repo.commit("Add a", date=day(1))
    repo.write("docs/a.md", "a\nb\n")
    repo.commit("Edit a", date=day(2))
    repo.checkout(first)

    history = read_history(repo.root)

    assert history.head == first
    assert [c.sha for c in history.commits] == [first]


def test_non_ascii_spaces_binary_and_hostile_file_names(repo: Repo) -> None:
    names = ["docs/Café guide.md", "docs/日本語/ページ.md", "docs/tab\there.md", "docs/new\nline.md",
             'docs/"quoted".md', "docs/-dash.md"]
    for name in names:
        repo.write(name, "text\n")
    repo.write("docs/img/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary\x00")
    repo.commit("Add pages", author=("Zoë Ångström", "zoe@x.test"), date=day(1))
    repo.mv("docs/Café guide.md", "docs/Café guide (old).md")
    repo.write("docs/img/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00binary 2\x00")
    repo.commit("Rename with spaces", author=("李雷", "li@x.test"), date=day(2))

    newer, older = read_history(repo.root).commits

    assert older.author == Identity("Zoë Ångström", "zoe@x.test")
    assert newer.author == Identity("李雷", "li@x.test")
    assert sorted(older.changes, key=lambda c: c.path) == sorted(
        [PageChange(ChangeKind.ADDED, name, None, 1, 0) for name in names]
        + [PageChange(ChangeKind.ADDED, "docs/img/logo.png", None, 0, 0, binary=True)], key=lambda c: c.path)
    assert sorted(newer.changes, key=lambda c: c.path) == [
        PageChange(ChangeKind.RENAMED, "docs/Café guide (old).md", "docs/Café guide.md", 0, 0),
        PageChange(ChangeKind.MODIFIED, "docs/img/logo.png", None, 0, 0, binary=True)]
    binary = next(c for c in newer.changes if c.binary)
    assert not binary.whitespace_only


def test_inherited_git_variables_do_not_change_what_is_read(repo: Repo, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    repo.write("docs/a.md", "a\n")
    sha = repo.commit("Add a", date=day(1))
    elsewhere = Repo(tmp_path / "elsewhere")
    elsewhere.write("docs/z.md", "z\n")
    elsewhere.commit("Elsewhere", date=day(2))
    monkeypatch.setenv("GIT_DIR", str(elsewhere.root / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(elsewhere.root))
    monkeypatch.setenv("GIT_INDEX_FILE", str(elsewhere.root / ".git" / "index"))

    history = read_history(repo.root)

    assert history.head == sha
    assert [c.subject for c in history.commits] == ["Add a"]


def test_docs_dir_limits_the_history_and_pages_are_docs_relative(repo: Repo) -> None:
    repo.write("site/docs/a.md", "a\n")
    repo.write("docs/ignored.md", "other docs folder\n")
    repo.commit("Add", date=day(1))

    history = read_history(repo.root / "site", "docs")

    assert history.docs_dir == "site/docs"
    assert edits(history) == [("Add", "site/docs/a.md", "a.md", "a.md", True)]


def test_merges_that_bring_no_docs_commit_are_left_out(repo: Repo) -> None:
    repo.write("docs/a.md", "a\n")
    base = repo.commit("Add a", date=day(1))
    repo.checkout("code", new=True)
    repo.write("src/x.py", "x\n")
    repo.commit("Code only", date=day(2))
    repo.checkout("main")
    repo.merge("code", "Merge code PR", date=day(3), trailers=[("Reviewed-by", "Cy <cy@x.test>")])
    repo.checkout("code2", new=True)
    repo.write("src/y.py", "y\n")
    repo.commit("More code", date=day(4))
    repo.checkout("main")
    repo.write("docs/a.md", "a\nb\n")
    edit = repo.commit("Edit a on main", date=day(5))
    repo.merge("code2", "Merge code PR 2", date=day(6), trailers=[("Reviewed-by", "Cy <cy@x.test>")])
    repo.write("docs/b.md", "b\n")
    last = repo.commit("Add b", date=day(7))

    history = read_history(repo.root)

    assert [(c.sha, c.parents) for c in history.commits] == [(last, (edit,)), (edit, (base,)), (base, ())]
    assert history.merged_branches() == {}


def test_main_line_edit_of_a_page_a_merged_branch_renamed(repo: Repo) -> None:
    text = "".join(f"line {i}\n" for i in range(10))
    repo.write("docs/a.md", text)
    repo.commit("Add a", date=day(1))
    repo.checkout("topic", new=True)
    repo.mv("docs/a.md", "docs/b.md")
    repo.commit("Rename to b", author=BO, date=day(2))
    repo.checkout("main")
    repo.write("docs/a.md", text + "main edit\n")
    repo.commit("Edit a on main", date=day(3))
    repo.merge("topic", "Merge topic", date=day(4))
    assert sorted(p.name for p in (repo.root / "docs").iterdir()) == ["b.md"]

    assert [(e.commit.subject, e.page) for e in read_history(repo.root).edits] == [
        ("Edit a on main", "b.md"), ("Rename to b", "b.md"), ("Add a", "b.md")]


def test_main_line_edit_follows_a_rename_chain_made_on_a_merged_branch(repo: Repo) -> None:
    text = "".join(f"line {i}\n" for i in range(10))
    repo.write("docs/a.md", text)
    repo.commit("Add a", date=day(1))
    repo.checkout("topic", new=True)
    repo.mv("docs/a.md", "docs/m.md")
    repo.commit("Rename to m", author=BO, date=day(2))
    repo.mv("docs/m.md", "docs/guide/b.md")
    repo.commit("Rename to guide/b", author=BO, date=day(3))
    repo.checkout("main")
    repo.write("docs/a.md", text + "main edit\n")
    repo.commit("Edit a on main", date=day(4))
    repo.merge("topic", "Merge topic", date=day(5))

    assert {e.commit.subject: e.page for e in read_history(repo.root).edits} == {
        "Edit a on main": "guide/b.md", "Rename to guide/b": "guide/b.md", "Rename to m": "guide/b.md",
        "Add a": "guide/b.md"}


def test_the_repository_is_found_from_any_folder_and_linked_work_trees_read_their_own_head(
        repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from committed.gitio import open_repository

    repo.write("docs/guide/a.md", "a\n")
    first = repo.commit("Add a", date=day(1))
    repo.write("docs/guide/b.md", "b\n")
    repo.commit("Add b", date=day(2))
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", "--detach", str(linked), first)
    bare = tmp_path / "bare.git"
    repo.git("clone", "-q", "--bare", str(repo.root), str(bare))
    monkeypatch.setenv("GIT_DIR", str(bare))  # discovery ignores it, as it ignores any inherited location
    monkeypatch.chdir(repo.root / "docs")

    found = open_repository("guide")  # a relative folder inside the work tree
    assert found is not None and found.root == repo.root.resolve() and found.git_dir == (repo.root / ".git").resolve()
    assert open_repository(repo.root / "docs" / "guide" / "a.md") == found  # a file: its folder
    worktree = open_repository(linked / "docs")
    assert worktree is not None and worktree.root == linked.resolve()
    assert worktree.common_dir == (repo.root / ".git").resolve() and worktree.git_dir != worktree.common_dir
    assert [c.subject for c in read_history(linked).commits] == ["Add a"]  # its own HEAD
    assert open_repository(bare) is None  # a bare repository has no pages
    assert open_repository(tmp_path / "nowhere") is None
    assert open_repository(tmp_path) is None  # not inside any work tree
