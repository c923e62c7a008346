"""A warm build (the history cache, the scoring checkpoint, the kept people, front matter and
fragments) hands the site generator what a build with no cache hands it, byte for byte, after
each kind of change: a merged branch, a rename, a page's front matter rewritten to the same size
and dates, a contributor file rewritten so, and a shallow clone made whole again."""

from __future__ import annotations

import os
from pathlib import Path

import test_render_memo
from committed.site import Outputs
from gitrepo import ANA, BO, CY, Repo, contact, day
from test_render_memo import PAGES, build, page, shown, warm_is_cold

repo = test_render_memo.repo  # the fixture: its knowledge base, four pages by three people over sixty days


def _same_stamps(path: Path, text: str) -> None:
    """Write ``text`` over ``path`` keeping its size and modification time."""
    st = path.stat()
    assert len(text.encode()) == st.st_size
    path.write_text(text)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_a_merged_branch_and_then_a_rename(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.branch("topic", "HEAD")
    repo.checkout("topic")
    repo.commit("Setup: a step", author=BO, date=day(61), files={
        "docs/guides/setup.md": page("Setup", "Install it.\nConfigure it.\nTest it.\nThen run it.", owner="ana")})
    repo.checkout("main")
    repo.commit("Home: news", author=CY, date=day(62), files={"docs/index.md": page("Home", "Welcome.\nNews.")})
    repo.merge("topic", "Merge topic", author=ANA, date=day(63), trailers=[("Reviewed-by", contact(CY))])
    merged = warm_is_cold(repo, cache)
    assert "Bo" in merged.credits["guides/setup.md"]

    repo.mv("docs/ops/oncall.md", "docs/ops/on-call.md")
    repo.commit("Rename on-call", author=CY, date=day(64))
    renamed = warm_is_cold(repo, cache, tuple(p if p != "ops/oncall.md" else "ops/on-call.md" for p in PAGES))
    assert "ops/on-call.md" in renamed.credits


def test_front_matter_and_a_contributor_file_rewritten_to_the_same_size_and_dates(repo: Repo, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    _same_stamps(repo.root / "docs/guides/deploy.md", page("Deplox", "Ship it.\nCheck it.", tags="[freedom]"))
    _same_stamps(repo.root / "contributors/bo.yml",
                 (repo.root / "contributors/bo.yml").read_text().replace("Oslo", "Rome"))
    after = warm_is_cold(repo, cache)
    assert "Deplox" in str(dict(after.listings)) and "Rome" in after.pages["people/bo.md"]


def test_a_shallow_clone_made_whole_again(repo: Repo, tmp_path: Path) -> None:
    clone = Repo(tmp_path / "clone", init=False)
    clone.git("clone", "-q", "--depth", "2", repo.root.as_uri(), str(clone.root))
    cache = tmp_path / "cache"
    shallow: Outputs = build(clone, cache, allow_shallow=True)
    assert shown(shallow) == shown(build(clone, None, allow_shallow=True))
    clone.git("fetch", "-q", "--unshallow")
    whole = warm_is_cold(clone, cache)
    assert shown(whole) != shown(shallow)
    assert "Ana" in whole.credits["guides/setup.md"]


def test_changes_that_re_file_or_void_older_commits(repo: Repo, tmp_path: Path) -> None:
    """After each, the warm build cannot take the older commits as the scoring checkpoint walked
    them (derived.py's lineage starts again, or the people or pages differ) and checks them or
    scores them again: a page deleted and added again (its older edits are no longer its page's),
    a page renamed with a new one in its place, a commit outside the docs (the lineage goes on),
    an older commit named in .git-blame-ignore-revs, and a page gone from the working tree."""
    cache = tmp_path / "cache"
    warm_is_cold(repo, cache)
    repo.rm("docs/guides/deploy.md")
    repo.commit("Deploy: retire", author=CY, date=day(61))
    repo.commit("Deploy: back", author=BO, date=day(62), files={"docs/guides/deploy.md": page("Deploy", "Ship.")})
    warm_is_cold(repo, cache)
    repo.mv("docs/ops/oncall.md", "docs/ops/rota.md")
    repo.commit("Rename on-call", author=CY, date=day(63))
    warm_is_cold(repo, cache, (*PAGES[:-1], "ops/rota.md"))
    repo.commit("A new on-call", author=ANA, date=day(64), files={"docs/ops/oncall.md": page("On call", "Who.")})
    warm_is_cold(repo, cache, (*PAGES, "ops/rota.md"))
    repo.commit("Tooling", author=BO, date=day(64, 12), files={"tools/check.sh": "true\n"})
    warm_is_cold(repo, cache, (*PAGES, "ops/rota.md"))
    first = repo.git("rev-list", "--max-parents=0", "HEAD").split()[0]
    repo.write(".git-blame-ignore-revs", f"{first}\n")
    repo.commit("Home: more", author=BO, date=day(65), files={"docs/index.md": page("Home", "Welcome.\nMore.")})
    warm_is_cold(repo, cache, (*PAGES, "ops/rota.md"))
    warm_is_cold(repo, cache, (*PAGES[:-1], "ops/rota.md"))  # the new ops/oncall.md no longer described
