"""``committed pages``: the generated pages for any site generator, without MkDocs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from committed.cli import main
from gitrepo import Repo

ANA = ("Ana Lima", "ana@corp.test")
BO = ("Bo Berg", "bo@corp.test")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    repo = Repo(tmp_path / "kb")
    repo.contributor("ana", ANA, office="Lisbon")
    repo.write("docs/guide.md", "---\ntitle: Guide\n---\nOne.\nTwo.\n")
    repo.commit("Guide", author=ANA, date="2026-03-01T10:00:00Z")
    repo.write("docs/guide.md", "---\ntitle: Guide\n---\nOne.\nTwo.\nThree.\n")
    repo.commit("Improve", author=BO, date="2026-03-02T10:00:00Z", trailers=[("Reviewed-by", "Ana Lima <ana@corp.test>")])
    return repo


def test_pages_writes_profiles_index_and_credits(repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["pages", "--repo", str(repo.root), "--out", str(out), "--repo-url", "https://git.example.com/kb"]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "committed/people.csv", "committed/stats.json", "credits.json", "leaderboard.md", "people/ana.md",
        "people/bo-berg.md", "people/index.md"]
    assert "# Leaderboard" in (out / "leaderboard.md").read_text()
    assert "\nana," in (out / "committed/people.csv").read_text()
    credits = json.loads((out / "credits.json").read_text())
    assert list(credits) == ["guide.md"]
    assert 'Taught by</strong> <bdi class="committed-name"><a href="../people/ana/">Ana Lima</a></bdi>' in credits["guide.md"]
    assert "Improved by</strong> <bdi class=\"committed-name\"><a href=\"../people/bo-berg/\">Bo Berg</a></bdi>" in credits["guide.md"]
    assert (out / "people/ana.md").read_text().startswith('---\ntitle: "Ana Lima"\n')
    assert not [p for p in out.rglob("*") if p.is_file() and "corp.test" in p.read_text()]
    assert f"committed pages: 7 files written to {out}" in capsys.readouterr().out
    (out / "stale.md").write_text("from an older run")
    assert main(["pages", "--repo", str(repo.root), "--out", str(out), "--no-leaderboard"]) == 0
    assert not (out / "stale.md").exists()  # the output is replaced as a whole
    assert not (out / "leaderboard.md").exists() and not (out / "committed").exists()


def test_pages_refuses_to_write_into_the_docs_folder(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pages", "--repo", str(repo.root), "--out", str(repo.root / "docs" / "people")]) == 2
    assert "--out must not be inside the docs folder" in capsys.readouterr().err
    assert not (repo.root / "docs" / "people").exists()
