"""The knowledge base: loaded once per set of inputs in a process (mkdocs serve rebuilds)."""

from __future__ import annotations

import os
from pathlib import Path

from committed.config import Settings
from committed.knowledge import forget, load
from gitrepo import Repo

ANA = ("Ana Lima", "ana@corp.test")


def test_same_inputs_give_the_same_knowledge_base_and_any_change_reloads(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA)
    page = repo.write("docs/a.md", "---\ntitle: A\n---\nText.\n")
    repo.commit("A", author=ANA)
    settings = Settings(root=repo.root, cache_dir=str(tmp_path / "cache"))

    first = load(settings)
    assert load(settings) is first  # nothing changed: nothing is read or scored again

    page.write_text("---\ntitle: A new title\n---\nText.\n")
    os.utime(page, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    second = load(settings)
    assert second is not first and second.pages["a.md"].title == "A new title"

    (repo.root / "contributors/ana.yml").write_text("name: Ana Lima\nemails: [ana@corp.test]\noffice: Porto\n")
    third = load(settings)
    assert third is not second and third.people["ana"].office == "Porto"

    repo.write("docs/b.md", "---\ntitle: B\n---\nMore.\n")
    repo.commit("B", author=ANA, date="2025-01-03T10:00:00Z")
    fourth = load(settings)
    assert fourth is not third and fourth.history.head == repo.head()
    assert fourth.pages["b.md"].created_by == ["ana"]


def test_forget_drops_what_the_next_build_would_reuse(tmp_path: Path) -> None:
    """The worker builds once and calls ``forget`` before writing its outputs: the knowledge
    base, its history and the history cache's state are then no longer held by the process."""
    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA)
    repo.write("docs/a.md", "---\ntitle: A\n---\nText.\n")
    repo.commit("A", author=ANA)
    settings = Settings(root=repo.root, cache_dir=str(tmp_path / "cache"))
    first = load(settings)
    forget()
    again = load(settings)
    assert again is not first and again.history is not first.history
    assert again.history.commits[0] is not first.history.commits[0]  # read back from the cache's file
    assert again.history == first.history and again.people.keys() == first.people.keys()


def test_loading_runs_no_collection_and_leaves_the_knowledge_base_frozen(tmp_path: Path) -> None:
    """The collector is paused while loading, and what was loaded is frozen before it runs again:
    otherwise the first allocation after loading collects everything allocated meanwhile (a tenth
    of a second at 2,000 pages)."""
    import gc

    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA)
    for n in range(30):
        repo.write(f"docs/p{n}.md", f"---\ntitle: P{n}\n---\nText {n}.\n")
        repo.commit(f"P{n}", author=ANA, date=f"2025-01-{n % 28 + 1:02d}T10:00:00Z")
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    assert gc.isenabled()
    gc.callbacks.append(seen)
    try:
        kb = load(Settings(root=repo.root, cache_dir=str(tmp_path / "cache")))
    finally:
        gc.callbacks.remove(seen)
    assert len(kb.pages) == 30
    assert collections == []
    assert gc.isenabled() and gc.get_freeze_count() > 0
    gc.unfreeze()


def test_a_build_that_does_not_remember_is_not_reused_and_drops_the_last(tmp_path: Path) -> None:
    """The worker builds once (``remember=False``): it stamps no input for a next build, and
    what an earlier build in the process kept goes, so no later build takes it for its own."""
    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA)
    repo.write("docs/a.md", "---\ntitle: A\n---\nText.\n")
    repo.commit("A", author=ANA)
    settings = Settings(root=repo.root, cache_dir=str(tmp_path / "cache"))
    forget()
    kept = load(settings)
    once = load(settings, remember=False)
    assert once is not kept and once.pages == kept.pages and once.history.head == kept.history.head
    again = load(settings)
    assert again is not kept and again is not once
    assert load(settings) is again
