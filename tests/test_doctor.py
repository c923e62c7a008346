"""``committed doctor`` on real repositories: its report, its exit codes, and its fixes applied."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from committed.cli import main
from committed.config import Settings
from committed.doctor import SUSPECTS, build_note
from committed.knowledge import load
from gitrepo import Repo
from sitebuild import build, mkdocs_yml

ANA = ("Ana Lima", "ana@work.test")
ANA_HOME = ("A. Lima", "ana@home.test")
BO = ("Bo", "bo@work.test")
BO_FULL = ("Bo Berg", "berg@home.test")
BOT = ("ImgBot", "ImgBotHelp@gmail.com")


def doctor(repo: Repo, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["doctor", "--repo", str(repo.root), "--no-cache", *extra])
    return code, capsys.readouterr().out


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.write("handbook/vpn.md", "# VPN\nConnect first.\n")
    repo.commit("VPN page", author=ANA, date="2025-01-01T10:00:00Z")
    repo.mv("handbook/vpn.md", "docs/vpn.md")
    repo.commit("Move the handbook in", author=BO, date="2025-01-02T10:00:00Z")
    repo.write("docs/vpn.md", "# VPN\nConnect first.\nThen log in.\n")
    repo.commit("Log in", author=ANA_HOME, date="2025-01-03T10:00:00Z")
    for i in range(3):
        repo.write(f"docs/import/page-{i}.md", f"# Imported {i}\nText.\n")
    repo.commit("Import the old wiki", author=BO_FULL, date="2025-01-04T10:00:00Z")
    repo.write("docs/logo.png", b"\x89PNG\r\n\x1a\nsmaller")
    repo.commit("Optimise images", author=BOT, date="2025-01-05T10:00:00Z")
    repo.write("docs/vpn.md", "# VPN\nConnect first.\nThen log in.\nDone.\n")
    repo.commit("Done", author=("root", "root@localhost"), date="2025-01-06T10:00:00Z")
    return repo


def test_the_report_and_its_exit_code(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = doctor(repo, capsys, "--bulk-files", "3")
    assert code == 1
    sections = {m[0]: int(m[1]) for m in re.findall(r"^(\S.*?) \((\d+)\)$", out, re.M)}
    assert sections == {  # root has no stub: it could not be classified
        "Likely duplicates: Committed did not merge them": 2, "People merged automatically": 0,
        "Authors without a contributor file": 4, "Bulk commits: one commit creating or rewriting many pages": 1,
        "Moves into the docs folder followed": 1, "Copies and splits followed (credited to their source's writers)": 0,
        "Bots recognised (no profile, no score)": 1,
        "Identities that could not be classified": 1}
    assert "  ana-lima and a-lima: the same e-mail name `ana@` on two domains\n" in out
    assert "      Ana Lima <ana@work.test> A. Lima <ana@home.test>\n" in out
    assert "  bo and bo-berg: one name is the start of the other (`bo`, `bo berg`)\n" in out
    assert "      Bo <bo@work.test> Bo Berg <berg@home.test>\n" in out
    assert re.search(r"^  [0-9a-f]{12} 3 pages, by bo-berg: Import the old wiki \(still counted\)$", out, re.M)
    assert re.search(r"^      [0-9a-f]{40}  # Import the old wiki$", out, re.M)
    assert re.search(r"^  [0-9a-f]{12} handbook/vpn\.md -> docs/vpn\.md$", out, re.M)
    assert "  imgbot: ImgBot <ImgBotHelp@gmail.com>\n" in out
    assert "  root <root@localhost>: a name and address many people share" in out
    assert "    # contributors/ana-lima.yml\n    name: \"Ana Lima\"\n    emails:\n      - ana@work.test\n" in out
    assert out.endswith("4 findings to look at.\n")


def test_its_mailmap_lines_once_applied_merge_the_people_it_reported(repo: Repo, capsys: pytest.CaptureFixture[str],
                                                                    tmp_path: Path) -> None:
    _, out = doctor(repo, capsys)
    lines = [line.strip() for line in out.splitlines() if re.fullmatch(r"\s{6}\S.* <.*> .* <.*>", line)]
    assert len(lines) == 2
    before = sorted(load(Settings(root=repo.root, cache_dir=None)).people)
    assert before == ["a-lima", "ana-lima", "bo-berg", "root"]
    repo.write(".mailmap", "\n".join(lines) + "\n")
    repo.commit("Mailmap from committed doctor", author=ANA, date="2025-01-07T10:00:00Z")
    kb = load(Settings(root=repo.root, cache_dir=None))
    assert sorted(kb.people) == ["ana-lima", "bo", "root"]
    assert kb.pages["vpn.md"].created_by == ["ana-lima"]
    code, out = doctor(repo, capsys, "--bulk-files", "50")
    assert "Likely duplicates: Committed did not merge them (0)" in out
    assert code == 1  # the unclassified identity is still there
    assert out.endswith("1 finding to look at.\n")


def test_ignored_bulk_commits_and_a_clean_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path / "kb")
    for i in range(4):
        repo.write(f"docs/p{i}.md", f"# P{i}\n")
    sha = repo.commit("Port everything", author=ANA, date="2025-01-01T10:00:00Z")
    code, out = doctor(repo, capsys, "--bulk-files", "4")
    assert code == 1 and "(still counted)" in out
    repo.write(".git-blame-ignore-revs", f"{sha}  # the port\n")
    repo.commit("Ignore the port", author=ANA, date="2025-01-02T10:00:00Z")
    code, out = doctor(repo, capsys, "--bulk-files", "4")
    assert code == 0 and "(already ignored)" in out and out.endswith("Nothing to look at.\n")


def test_a_folder_that_is_not_a_knowledge_base(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["doctor", "--repo", str(tmp_path / "nope")])
    assert code == 2
    assert "is not a folder" in capsys.readouterr().err


def test_a_build_says_it_in_one_line(repo: Repo, tmp_path: Path) -> None:
    repo.write("mkdocs.yml", mkdocs_yml("committed/profiles", site_name="KB", repo_url=None, extensions=()))
    repo.commit("Site", author=ANA, date="2025-01-07T10:00:00Z")
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stderr.splitlines() if "doctor" in line]
    assert said == ["committed: 2 people may be duplicates: run `committed doctor`."]
    assert "ana@" not in proc.stderr


def test_names_are_isolated_and_entity_titles_escaped_once(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "kb")
    repo.write("mkdocs.yml", mkdocs_yml("committed/profiles", site_name="KB", repo_url=None, extensions=()))
    repo.write("docs/net.md", "# Logging in &amp; Networks\n\nText.\n")
    repo.commit("Add", author=("\u202eAna Lima", "ana@work.test"), date="2025-01-01T10:00:00Z")
    repo.write("docs/net.md", "# Logging in &amp; Networks\n\nMore.\n")
    repo.commit("Edit", author=("B" * 120, "b@work.test"), date="2025-01-02T10:00:00Z")
    proc = build(repo.root, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    page = (tmp_path / "site/net/index.html").read_text("utf-8")
    assert '<bdi class="committed-name"><a href="../people/ana-lima/">\u202eAna Lima</a></bdi>' in page
    assert f'<bdi class="committed-name"><a href="../people/{"b" * 64}/">{"B" * 120}</a></bdi>' in page
    profile = (tmp_path / "site/people/ana-lima/index.html").read_text("utf-8")
    assert "Logging in &amp; Networks" in profile and "&amp;amp;" not in profile  # as the plain build shows it
    assert "<title>Logging in & Networks - KB</title>" in page  # MkDocs reads the heading so
    assert ".committed-name" in (tmp_path / "site/assets/committed/committed.css").read_text("utf-8")


def test_a_builds_count_of_likely_duplicates_is_kept_and_follows_the_people(repo: Repo, tmp_path: Path,
                                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Looking for duplicates reads every identity (0.3-0.5 s at 5,000 people): a build keeps
    the count under everything it reads, and a change of the people gives a new one."""
    cache = tmp_path / "cache"
    settings = Settings(root=repo.root, cache_dir=str(cache))  # type: ignore[arg-type]
    assert build_note(load(settings)) == "committed: 2 people may be duplicates: run `committed doctor`."
    kept_count = cache / SUSPECTS
    assert kept_count.is_file()
    kept_count.write_text(kept_count.read_text().replace("\n2", "\n7"))  # a count kept under the same people
    assert build_note(load(settings)) == "committed: 7 people may be duplicates: run `committed doctor`."
    _, out = doctor(repo, capsys)
    lines = [line.strip() for line in out.splitlines() if re.fullmatch(r"\s{6}\S.* <.*> .* <.*>", line)]
    repo.write(".mailmap", "\n".join(lines) + "\n")  # merges both pairs: other people, another key
    repo.commit("Mailmap from committed doctor", author=ANA, date="2025-01-07T10:00:00Z")
    assert build_note(load(settings)) is None
