"""``committed stats`` with nothing changed reads the figures it kept, and any change recomputes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from committed.cli import main
from gitrepo import Repo
from test_analytics import BEN, make_fixture

MARK = "KEPT, NOT RECOMPUTED\n"


def stats(capsys: pytest.CaptureFixture[str], repo: Repo, *argv: str) -> str:
    code = main(["stats", "--repo", str(repo.root), *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def kept_files(repo: Repo) -> list[Path]:
    return sorted((repo.root / ".cache" / "committed").glob("stats-*.json"))


def mark(path: Path) -> None:
    """Replace the kept text by MARK under the same fingerprint: a run that shows MARK read it back."""
    fingerprint = path.read_text("utf-8").split("\n", 1)[0]
    path.write_text(fingerprint + "\n" + json.dumps(MARK), "utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return make_fixture(tmp_path / "kb")


def test_nothing_changed_reads_the_kept_figures_byte_for_byte(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    fresh = stats(capsys, repo, "--format", "json", "--no-cache")
    assert kept_files(repo) == []  # --no-cache keeps nothing
    first = stats(capsys, repo, "--format", "json")
    (kept,) = kept_files(repo)
    again = stats(capsys, repo, "--format", "json")
    assert first == again == fresh  # byte-identical, read back or made
    mark(kept)
    assert stats(capsys, repo, "--format", "json") == MARK  # read back, not recomputed
    assert stats(capsys, repo, "--format", "json", "--no-cache") == fresh  # --no-cache never reads it
    # other options are other figures, kept beside these
    table = stats(capsys, repo)
    assert table != MARK and table.startswith("Committed as of")
    assert stats(capsys, repo, "--format", "json", "--window", "90d") not in (MARK, fresh)
    assert len(kept_files(repo)) == 3
    assert stats(capsys, repo, "--format", "json") == MARK
    assert stats(capsys, repo, "--format", "json", "--office", "LISBON") != MARK


def _edit(repo: Repo, path: str, extra: str) -> Callable[[], object]:
    return lambda: repo.write(path, (repo.root / path).read_text("utf-8") + extra)


@pytest.mark.parametrize("change", [
    "a commit", "a commit outside docs", "a page edited", "a page added", "a contributor file",
    "a new contributor file", "mkdocs.yml", ".mailmap", ".git-blame-ignore-revs", "an older commit checked out",
    "a branch switched", "an amended commit",
])
def test_any_changed_input_recomputes(repo: Repo, capsys: pytest.CaptureFixture[str], change: str) -> None:
    fresh = stats(capsys, repo, "--format", "json")
    (kept,) = kept_files(repo)
    mark(kept)
    assert stats(capsys, repo, "--format", "json") == MARK
    changes: dict[str, Callable[[], object]] = {
        "a commit": lambda: (_edit(repo, "docs/eng/a.md", "One more line.\n")(),
                             repo.commit("C99 improve a", author=BEN, date="2026-07-01T12:00:00Z")),
        "a commit outside docs": lambda: repo.commit("Empty", author=BEN, date="2026-07-01T12:00:00Z", allow_empty=True),
        "a page edited": _edit(repo, "docs/eng/a.md", "Not committed yet.\n"),
        "a page added": lambda: repo.write("docs/eng/new.md", "# New\n"),
        "a contributor file": _edit(repo, "contributors/ana.yml", "role: Engineer\n"),
        "a new contributor file": lambda: repo.write("contributors/eve.yml", "name: Eve\nemails: [eve@corp.test]\n"),
        "mkdocs.yml": lambda: repo.write("mkdocs.yml", "site_name: X\nplugins:\n  - committed/leaderboard:\n"
                                                       "      all_time: false\n"),
        ".mailmap": lambda: repo.write(".mailmap", "Ben Berg <ben@corp.test> <ben@old.test>\n"),
        ".git-blame-ignore-revs": lambda: repo.write(".git-blame-ignore-revs", "# nothing yet\n"),
        "an older commit checked out": lambda: repo.git("checkout", "-q", "--detach", "HEAD~3"),
        "a branch switched": lambda: (repo.git("branch", "-q", "old", "HEAD~3"), repo.git("switch", "-q", "old")),
        "an amended commit": lambda: repo.git("commit", "-q", "--amend", "-m", "C10 reworded"),
    }
    changes[change]()
    out = stats(capsys, repo, "--format", "json")
    assert out != MARK
    assert out == stats(capsys, repo, "--format", "json", "--no-cache")  # what a fresh run prints
    if change == "mkdocs.yml":
        assert [w["key"] for w in json.loads(out)["windows"]] == ["90d", "365d"] != [
            w["key"] for w in json.loads(fresh)["windows"]]


def test_a_changed_forge_ledger_recomputes(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    stats(capsys, repo, "--format", "json")
    (kept,) = kept_files(repo)
    mark(kept)
    repo.write(".cache/committed/forge-reviews.jsonl", "not a ledger\n")  # read, so refused: not the kept text
    assert main(["stats", "--repo", str(repo.root), "--format", "json"]) == 2
    assert "review ledger" in capsys.readouterr().err


def test_the_command_imports_only_what_a_kept_answer_needs() -> None:
    """A run with nothing changed is mostly Python's imports: the command's module must not pull in
    the history, the scoring walk or the people directory (YAML's loader and their own: 0.09 s)
    before it knows whether its kept figures will do."""
    import subprocess
    import sys

    code = ("import sys, committed.commands.stats; "
            "print(sorted(m for m in sys.modules if m in {'committed.history', 'committed.scoring', "
            "'committed.people.directory', 'committed.people.groups', 'committed.knowledge'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
