"""``committed join`` and ``committed new`` in real git repositories, through ``cli.main``."""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from committed.authoring import DEFAULT_TOPICS, front_matter
from committed.cli import main
from committed.people import load_contributors
from gitrepo import Repo

JOINED = """\
# Your contributor file: the site shows everything here except your emails, which only match your
# commits to you. See docs/committed/index.md.
name: "Zoë O'Brien"
emails:
  - zoe.obrien@example.com
office: Lisbon
team: "R&D: Platform"
role: Engineer
"""


@pytest.fixture
def kb(git_repo: Callable[..., Repo], monkeypatch: pytest.MonkeyPatch) -> Repo:
    repo = git_repo("kb", user=("Zoë O'Brien", "zoe.obrien@example.com"))
    repo.write("docs/index.md", "# Home\n")
    repo.write("contributors/.keep", "")
    repo.commit("Start the knowledge base", author=repo.user)
    monkeypatch.chdir(repo.root)
    return repo


def test_join_with_flags_writes_a_valid_contributor_file(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["join", "--office", "Lisbon", "--team", "R&D: Platform", "--role", "Engineer"]) == 0
    path = kb.root / "contributors" / "zoe-o-brien.yml"
    assert path.read_text(encoding="utf-8") == JOINED
    assert capsys.readouterr().out == ("Wrote contributors/zoe-o-brien.yml. Commit it with your first change; "
                                       "your pages use `owner: zoe-o-brien`.\n")
    contributor = load_contributors(kb.root / "contributors")["zoe-o-brien"]
    assert (contributor.name, contributor.emails, contributor.office, contributor.team) == \
        ("Zoë O'Brien", ("zoe.obrien@example.com",), "Lisbon", "R&D: Platform")


def test_join_reads_missing_answers_from_stdin(kb: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Lagos\nSecurity\n"))
    assert main(["join"]) == 0
    contributor = load_contributors(kb.root / "contributors")["zoe-o-brien"]
    assert (contributor.office, contributor.team) == ("Lagos", "Security")


def test_join_without_an_answer_says_which_flag_to_pass(kb: Repo, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Lagos\n"))
    assert main(["join"]) == 2
    assert capsys.readouterr().err == ("committed join: error: your team is required.\n"
                                       "  How to fix: pass --team or type it when asked.\n")
    assert not (kb.root / "contributors" / "zoe-o-brien.yml").exists()


def test_join_never_overwrites_without_force(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    path = kb.write("contributors/zoe-o-brien.yml", "name: Zoë\n")
    assert main(["join", "--office", "A", "--team", "B"]) == 2
    assert capsys.readouterr().err == ("committed join: error: contributors/zoe-o-brien.yml: your contributor file "
                                       "already exists.\n  How to fix: edit it, or pass --force to write it again.\n")
    assert path.read_text(encoding="utf-8") == "name: Zoë\n"
    assert main(["join", "--office", "A", "--team", "B", "--force"]) == 0
    assert load_contributors(kb.root / "contributors")["zoe-o-brien"].office == "A"


def test_join_refuses_an_email_someone_else_claims(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    kb.write("contributors/zoe.yml", "name: Zoë\nemails: [zoe.obrien@example.com]\n")
    assert main(["join", "--office", "A", "--team", "B"]) == 2
    assert "your email is already claimed by contributors/zoe.yml" in capsys.readouterr().err
    assert not (kb.root / "contributors" / "zoe-o-brien.yml").exists()


def test_join_needs_a_git_identity(git_repo: Callable[..., Repo], monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo = git_repo("anon", user=None)
    monkeypatch.chdir(repo.root)
    assert main(["join", "--office", "A", "--team", "B"]) == 2
    err = capsys.readouterr().err
    assert "git does not know who you are (user.name and user.email is not set)." in err
    assert "git config --global user.name" in err


def test_new_writes_a_page_owned_by_the_git_user(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["join", "--office", "Lisbon", "--team", "Platform"]) == 0
    capsys.readouterr()
    assert main(["new", "Rotating the VPN certificate", "--topic", "tools", "--tag", "vpn", "--tag", "certificates",
                 "--date", "2026-03-04"]) == 0
    path = kb.root / "docs" / "tools" / "rotating-the-vpn-certificate.md"
    assert capsys.readouterr().out == ("Wrote docs/tools/rotating-the-vpn-certificate.md. Write your page, "
                                       "run `committed lint`, then commit it.\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Rotating the VPN certificate\ntopic: tools\ntags: [vpn, certificates]\n"
                           "owner: zoe-o-brien\nlast_reviewed: 2026-03-04\n---\n")
    meta = front_matter(text)
    assert meta["owner"] == "zoe-o-brien" and meta["topic"] == "tools"


def test_new_keeps_awkward_titles_as_text(kb: Repo) -> None:
    kb.write("contributors/ana.yml", "name: Ana\n")
    assert main(["new", 'Yes: "Q&A" # <b>not bold</b>', "--topic", "data", "--owner", "ana",
                 "--tag", "true", "--date", "2026-03-04"]) == 0
    meta = front_matter((kb.root / "docs" / "data" / "yes-q-a-b-not-bold-b.md").read_text(encoding="utf-8"))
    assert meta["title"] == 'Yes: "Q&A" # <b>not bold</b>'
    assert meta["tags"] == ["true"]  # a string, not the boolean YAML would read from a bare `true`


def test_new_refuses_an_unknown_topic_and_lists_the_valid_ones(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "Anything", "--topic", "misc"]) == 2
    assert capsys.readouterr().err == ("committed new: error: unknown topic 'misc'.\n"
                                       f"  How to fix: use one of: {', '.join(DEFAULT_TOPICS)}.\n")
    kb.write("guidelines.yml", "topics:\n  - handbook\n  - runbooks\n")
    assert main(["new", "Anything", "--topic", "tools"]) == 2
    assert "use one of: handbook, runbooks." in capsys.readouterr().err


def test_new_never_overwrites(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    kb.write("contributors/ana.yml", "name: Ana\n")
    existing = kb.write("docs/tools/vpn.md", "my page\n")
    assert main(["new", "VPN", "--topic", "tools", "--owner", "ana"]) == 2
    assert capsys.readouterr().err == ("committed new: error: docs/tools/vpn.md: the page already exists.\n"
                                       "  How to fix: edit that page, or choose a different title.\n")
    assert existing.read_text(encoding="utf-8") == "my page\n"


def test_new_without_a_contributor_file_points_to_join(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "VPN", "--topic", "tools"]) == 2
    assert "How to fix: run `committed join` first (or pass --owner SLUG)." in capsys.readouterr().err
    assert not (kb.root / "docs" / "tools" / "vpn.md").exists()


@pytest.mark.skipif(importlib.util.find_spec("committed.lint.cli") is None, reason="the guideline lint is not built yet")
def test_a_new_page_passes_the_guideline_lint_as_it_is(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    # The project's own guidelines, as a knowledge base would have them.
    kb.write("guidelines.yml", (Path(__file__).resolve().parent.parent / "guidelines.yml").read_text(encoding="utf-8"))
    assert main(["join", "--office", "Lisbon", "--team", "Platform"]) == 0
    assert main(["new", "Rotating the VPN certificate", "--topic", "tools"]) == 0
    kb.commit("Add a page", author=kb.user)
    capsys.readouterr()
    code = main(["lint", "docs/tools/rotating-the-vpn-certificate.md"])
    assert code == 0, capsys.readouterr()
