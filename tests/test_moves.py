"""History across moves: pages moved into the docs folder keep their authors (real git repositories)."""

from __future__ import annotations

from pathlib import Path

import pytest

from committed import gitlog
from committed.config import Settings
from committed.errors import GitError
from committed.gitio import open_repository
from committed.history import read_history
from committed.knowledge import KnowledgeBase, load
from committed.moves import EarlyProbe, follow, pathspecs
from gitrepo import Repo

ANA = ("Ana Lima", "ana@x.test")
BO = ("Bo Berg", "bo@x.test")
CY = ("Cy Chen", "cy@x.test")
DEE = ("Dee Diaz", "dee@x.test")
BOT = ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com")


def day(n: int) -> str:
    return f"2025-03-{n:02d}T10:00:00Z"


def text(n: int, who: str) -> str:
    return "".join(f"{who} wrote line {i} of this page.\n" for i in range(n))


def kb(repo: Repo, docs: str = "docs", cache: Path | None = None) -> KnowledgeBase:
    return load(Settings(root=repo.root, docs_dir=docs, cache_dir=str(cache) if cache else None))


def credits(base: KnowledgeBase) -> dict[str, tuple[list[str], list[str]]]:
    return {path: (info.created_by, info.improved_by) for path, info in sorted(base.pages.items())}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "kb")


def test_pages_moved_from_the_root_into_docs(repo: Repo, tmp_path: Path) -> None:
    repo.write("README.md", "# Handbook\n" + text(5, "ana"))
    repo.write("onboarding.md", "# Onboarding\n" + text(8, "ana"))
    repo.write("src/app.py", "print('hi')\n")
    repo.commit("Start the handbook", author=ANA, date=day(1))
    repo.write("onboarding.md", "# Onboarding\n" + text(8, "ana") + text(3, "bo"))
    repo.commit("Improve onboarding", author=BO, date=day(2), trailers=[("Reviewed-by", "Dee Diaz <dee@x.test>")])
    repo.write("src/app.py", "print('hello')\n")
    repo.commit("Code only", author=DEE, date=day(3))
    repo.mv("README.md", "docs/index.md")
    repo.mv("onboarding.md", "docs/onboarding.md")
    repo.commit("Adopt MkDocs: move the pages into docs/", author=BOT, date=day(4))
    repo.write("docs/onboarding.md", "# Onboarding\n" + text(8, "ana") + text(3, "bo") + text(2, "cy"))
    repo.commit("Cy adds a tip", author=CY, date=day(5))

    base = kb(repo)
    assert credits(base) == {"index.md": (["ana-lima"], []), "onboarding.md": (["ana-lima"], ["bo-berg", "cy-chen"])}
    assert base.pages["onboarding.md"].reviewed_by == ["dee-diaz"]
    assert base.pages["index.md"].created_at is not None and base.pages["index.md"].created_at.day == 1
    history = read_history(repo.root)
    assert [c.subject for c in history.commits] == ["Cy adds a tip", "Adopt MkDocs: move the pages into docs/",
                                                    "Improve onboarding", "Start the handbook"]
    assert sorted((old, new) for _, old, new in history.moves) == [("README.md", "docs/index.md"),
                                                                  ("onboarding.md", "docs/onboarding.md")]
    # The same through the cache, cold and then warm.
    cache = tmp_path / "cache"
    assert credits(kb(repo, cache=cache)) == credits(base)
    assert credits(kb(repo, cache=cache)) == credits(base)


def test_a_renamed_docs_folder(repo: Repo) -> None:
    repo.write("_pages/a.md", text(6, "ana"))
    repo.write("_pages/b.md", text(4, "bo"))
    repo.commit("Pages", author=ANA, date=day(1))
    repo.write("_pages/b.md", text(4, "bo") + text(2, "ana"))
    repo.commit("More", author=BO, date=day(2))
    for name in ("a.md", "b.md"):
        repo.mv(f"_pages/{name}", f"pages/{name}")
    repo.write("pages/c.md", text(3, "cy"))
    repo.commit("Port to the new generator", author=CY, date=day(3))
    assert credits(kb(repo, "pages")) == {"a.md": (["ana-lima"], []), "b.md": (["ana-lima"], ["bo-berg"]),
                                          "c.md": (["cy-chen"], [])}


def test_a_page_moved_in_edited_and_moved_again(repo: Repo) -> None:
    repo.write("handbook/vpn.md", text(6, "ana"))
    repo.commit("VPN notes", author=ANA, date=day(1))
    repo.mv("handbook/vpn.md", "docs/vpn.md")
    repo.commit("Move in", author=CY, date=day(2))
    repo.write("docs/vpn.md", text(6, "ana") + text(2, "bo"))
    repo.commit("Bo's tip", author=BO, date=day(3))
    repo.mv("docs/vpn.md", "docs/tools/vpn.md")
    repo.commit("Reorganise", author=DEE, date=day(4))
    assert credits(kb(repo)) == {"tools/vpn.md": (["ana-lima"], ["bo-berg"])}


def test_a_page_moved_twice_before_it_came_in(repo: Repo) -> None:
    repo.write("drafts/vpn.md", text(6, "ana"))
    repo.commit("Draft", author=ANA, date=day(1))
    repo.write("drafts/vpn.md", text(6, "ana") + text(1, "dee"))
    repo.commit("Dee's line", author=DEE, date=day(2))
    repo.mv("drafts/vpn.md", "handbook/vpn.md")
    repo.commit("Publish the draft", author=BO, date=day(3))
    repo.mv("handbook/vpn.md", "docs/vpn.md")
    repo.commit("Move in", author=CY, date=day(4))
    history = read_history(repo.root)
    assert sorted(old for _, old, _ in history.moves) == ["drafts/vpn.md", "handbook/vpn.md"]
    assert credits(kb(repo)) == {"vpn.md": (["ana-lima"], ["dee-diaz"])}


def test_a_file_recreated_under_the_old_name_is_not_the_page(repo: Repo) -> None:
    repo.write("notes.md", text(5, "ana"))
    repo.commit("Notes", author=ANA, date=day(1))
    repo.mv("notes.md", "docs/notes.md")
    repo.commit("Move in", author=CY, date=day(2))
    repo.write("notes.md", text(5, "bo"))
    repo.commit("New root notes", author=BO, date=day(3))
    base = kb(repo)
    assert credits(base) == {"notes.md": (["ana-lima"], [])}
    assert "bo-berg" not in base.people
    assert [c.subject for c in read_history(repo.root).commits] == ["Move in", "Notes"]


def test_a_code_repository_with_twenty_times_more_code_commits(repo: Repo) -> None:
    repo.write("guide.md", text(4, "ana"))
    repo.write("src/main.py", "x = 0\n")
    repo.commit("Start", author=ANA, date=day(1))
    n = 0
    for round_ in range(3):
        for i in range(20):
            n += 1
            repo.write(f"src/mod{i % 4}.py", f"x = {n}\n")
            repo.commit(f"Code {n}", author=DEE, date=f"2025-04-{round_ + 1:02d}T{i % 24:02d}:00:00Z")
        if round_ == 0:
            repo.write("guide.md", text(4, "ana") + text(2, "bo"))
            repo.commit("Guide tip", author=BO, date="2025-04-01T23:00:00Z")
        elif round_ == 1:
            repo.mv("guide.md", "docs/guide.md")
            repo.commit("Move the guide in", author=BOT, date="2025-04-02T23:00:00Z")
    repo.write("docs/guide.md", text(4, "ana") + text(2, "bo") + text(1, "cy"))
    repo.commit("Cy's line", author=CY, date="2025-04-05T10:00:00Z")
    history = read_history(repo.root)
    assert [c.subject for c in history.commits] == ["Cy's line", "Move the guide in", "Guide tip", "Start"]
    assert credits(kb(repo)) == {"guide.md": (["ana-lima"], ["bo-berg", "cy-chen"])}
    assert "dee-diaz" not in kb(repo).people


def test_a_move_in_after_the_cache_was_written(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    repo.write("docs/index.md", text(2, "cy"))
    repo.write("team/howto.md", text(5, "ana"))
    repo.commit("Start", author=ANA, date=day(1))
    assert credits(kb(repo, cache=cache)) == {"index.md": (["ana-lima"], [])}
    repo.write("team/howto.md", text(5, "ana") + text(2, "bo"))
    repo.commit("Bo's part", author=BO, date=day(2))
    repo.mv("team/howto.md", "docs/howto.md")
    repo.commit("Move in", author=CY, date=day(3))
    expected = {"howto.md": (["ana-lima"], ["bo-berg"]), "index.md": (["ana-lima"], [])}
    assert credits(kb(repo, cache=cache)) == expected
    assert credits(kb(repo)) == expected


def test_a_folder_moved_twice_with_a_rename_in_between(repo: Repo) -> None:
    repo.write("a.md", "# A\n" + text(4, "ana"))
    repo.write("b.md", "# B\n" + text(4, "ana"))
    repo.commit("Pages at the root", author=ANA, date=day(1))
    repo.write("b.md", "# B\n" + text(4, "ana") + text(1, "dee"))
    repo.commit("Dee's line", author=DEE, date=day(2))
    repo.mv("a.md", "_pages/a.md")
    repo.mv("b.md", "_pages/b.md")
    repo.commit("Root to _pages", author=CY, date=day(3))
    repo.mv("_pages/b.md", "_pages/b-renamed.md")
    repo.commit("Rename b", author=BO, date=day(4))
    repo.mv("_pages/a.md", "docs/a.md")
    repo.mv("_pages/b-renamed.md", "docs/b-renamed.md")
    repo.commit("_pages to docs", author=BOT, date=day(5))
    assert credits(kb(repo)) == {"a.md": (["ana-lima"], []), "b-renamed.md": (["ana-lima"], ["dee-diaz"])}


def test_a_whole_folder_moved_in_is_read_as_a_folder(repo: Repo) -> None:
    """Ten pages of handbook/ moved in: the old paths' pass reads handbook/ (one pathspec, not ten);
    the folder's file that stayed behind files nothing and its own history is not followed."""
    for i in range(10):
        repo.write(f"handbook/p{i}.md", f"# Page {i}\n" + text(3, "ana"))
    repo.write("notes.txt", "notes\n")
    repo.commit("Handbook", author=ANA, date=day(1))
    repo.mv("notes.txt", "handbook/notes.txt")  # arrives in the folder from elsewhere, stays there
    repo.write("handbook/p3.md", f"# Page 3\n{text(3, 'ana')}{text(2, 'bo')}")
    repo.commit("Bo's lines", author=BO, date=day(2))
    for i in range(10):
        repo.mv(f"handbook/p{i}.md", f"docs/p{i}.md")
    repo.commit("Move in", author=BOT, date=day(3))
    repo.write("handbook/notes.txt", "notes\nmore\n")
    repo.commit("Notes", author=DEE, date=day(4))
    history = read_history(repo.root)
    old = sorted({old for _, old, _ in history.moves})
    assert old == [f"handbook/p{i}.md" for i in range(10)]
    git = open_repository(repo.root)
    assert git is not None
    assert pathspecs(git, "HEAD~2", old) == ["handbook/"]  # the move's parent: 10 of its 11 files moved
    assert pathspecs(git, "HEAD~2", old[:4]) == old[:4]  # fewer than 8: the files themselves
    base = kb(repo)
    assert credits(base)["p3.md"] == (["ana-lima"], ["bo-berg"])
    assert all(credits(base)[f"p{i}.md"] == (["ana-lima"], []) for i in range(10) if i != 3)
    assert "dee-diaz" not in base.people


def test_the_probe_run_beside_the_docs_pass_finds_what_a_probe_after_it_finds(repo: Repo, tmp_path: Path) -> None:
    """A cold read probes the additions while git log still streams (EarlyProbe): the moves it
    follows are those of a probe run after the pass, and the early one probed every addition."""
    repo.write("handbook/vpn.md", text(6, "ana"))
    repo.write("drafts/wifi.md", text(4, "dee"))
    repo.commit("Notes", author=ANA, date=day(1))
    repo.write("docs/index.md", text(2, "cy"))
    repo.commit("Home", author=CY, date=day(2))
    repo.mv("handbook/vpn.md", "docs/vpn.md")
    repo.commit("Move vpn in", author=BO, date=day(3))
    repo.mv("drafts/wifi.md", "handbook/wifi.md")
    repo.commit("Publish wifi", author=DEE, date=day(4))
    repo.mv("handbook/wifi.md", "docs/wifi.md")
    repo.write("docs/index.md", text(2, "cy") + text(1, "bo"))
    repo.commit("Move wifi in, link it", author=BO, date=day(5))
    git = open_repository(repo.root)
    assert git is not None
    commits = gitlog.read_log(git, ("HEAD",), ("docs",))
    after = follow(git, commits, "docs")
    with EarlyProbe(git) as early:
        seen: list[str] = []
        read = gitlog.read_log(git, ("HEAD",), ("docs",), watch=lambda c: (seen.append(c.sha), early.offer(c)))
        beside = follow(git, read, "docs", early=early)
        assert set(early.results()) == {c.sha for c in read if any(ch.kind.value == "added" for ch in c.changes)}
    assert read == commits and seen == [c.sha for c in commits]
    assert beside == after
    assert sorted(old for _, old, _ in after.moved()) == ["drafts/wifi.md", "handbook/vpn.md", "handbook/wifi.md"]
    # Left before its results were asked for, the probe stops git, and a read goes on without it.
    with EarlyProbe(git) as unused:
        gitlog.read_log(git, ("HEAD",), ("docs",), watch=unused.offer)
    assert read_history(repo.root, cache_dir=tmp_path / "c").moves == read_history(repo.root).moves


def test_a_fed_git_process_returns_what_one_given_all_its_input_at_once_returns(repo: Repo) -> None:
    for n in range(1, 4):
        repo.write(f"docs/p{n}.md", text(n, "ana"))
        repo.commit(f"Page {n}", author=ANA, date=day(n))
    git = open_repository(repo.root)
    assert git is not None
    shas = repo.git("rev-list", "HEAD").split()
    feed = git.feed("diff-tree", "--stdin", "--root", "-r", "--raw", "-z")
    for sha in shas:
        feed.send(sha)
    assert feed.close() == git.run_bytes("diff-tree", "--stdin", "--root", "-r", "--raw", "-z",
                                         stdin=("\n".join(shas) + "\n").encode())
    bad = git.feed("diff-tree", "--stdin", "--no-such-option")
    for sha in shas * 1000:  # git stopped at once: what is sent meanwhile is dropped, not a BrokenPipeError
        bad.send(sha)
    with pytest.raises(GitError, match="`git diff-tree --stdin` failed: .*usage: git diff-tree"):
        bad.close()
