"""``--base``: only pages a change touches, only findings on added lines (page checks on the whole page)."""

from __future__ import annotations

import shutil

from committed.lint.cli import main

from .conftest import REPO, TODAY

FRONT = f"---\ntitle: T\ntopic: engineering\nowner: ada\nlast_reviewed: {TODAY}\n---\n"


def test_base_reports_only_added_lines_of_changed_pages(git_repo, capsys, monkeypatch) -> None:
    repo = git_repo("kb")
    shutil.copy(REPO / "guidelines.yml", repo.root / "guidelines.yml")
    repo.commit("Base", files={
        "contributors/ada.yml": "name: Ada\nteam: platform\n",
        "docs/engineering/old.md": FRONT + "Old text is guaranteed.\n",
        "docs/engineering/untouched.md": FRONT + "Confidential, but nobody touches this page.\n",
        "docs/engineering/renamed.md": FRONT + "Guaranteed, before the rename.\n" + "filler line\n" * 8,
    })
    repo.git("checkout", "-q", "-b", "feature")
    repo.write("docs/engineering/old.md", FRONT + "Old text is guaranteed.\nNew text, also guaranteed.\n"
               "[broken](missing.md)\n")
    repo.git("mv", "docs/engineering/renamed.md", "docs/engineering/moved.md")
    repo.commit("Change", files={"docs/engineering/new.md": "No front matter, [internal only].\n"})
    # An uncommitted edit counts too: the work tree is compared with the merge base.
    moved = repo.root / "docs/engineering/moved.md"
    moved.write_text(moved.read_text() + "Appended: do not distribute.\n")
    monkeypatch.chdir(repo.root)
    capsys.readouterr()
    code = main(["--base", "main", "--today", TODAY, "--jobs", "1"])
    out = capsys.readouterr().out
    hits = [ln.split(" ")[:3] for ln in out.splitlines() if ln.startswith("docs/")]
    assert code == 1
    assert hits == [
        ["docs/engineering/moved.md:16:11", "error", "confidentiality-marker"],
        ["docs/engineering/new.md:1:1", "error", "front-matter"],
        ["docs/engineering/new.md:1:19", "error", "confidentiality-marker"],
        ["docs/engineering/old.md:8:16", "warning", "forbidden-claim"],
        ["docs/engineering/old.md:9:10", "error", "broken-link"],
    ]
    assert out.splitlines()[-1] == "4 errors, 1 warning, 0 suggestions in 3 pages"


def test_bad_base_ref_explains_the_fix(git_repo, capsys, monkeypatch) -> None:
    repo = git_repo("kb")
    shutil.copy(REPO / "guidelines.yml", repo.root / "guidelines.yml")
    repo.commit("Base", files={"docs/a.md": FRONT})
    monkeypatch.chdir(repo.root)
    assert main(["--base", "origin/nope"]) == 2
    err = capsys.readouterr().err
    assert "cannot find the merge base of 'origin/nope' and HEAD" in err
    assert "fetch-depth: 0" in err
