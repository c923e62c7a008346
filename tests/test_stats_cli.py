"""``committed stats`` on the hand-worked fixture history (see test_analytics.py's docstring)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from committed.cli import main
from committed.commands.stats import with_spinner
from gitrepo import Repo
from test_analytics import EMAILS, make_fixture


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_fixture(tmp_path_factory.mktemp("kb"))


def stats(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["stats", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_table(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = stats(capsys, "--repo", str(kb.root), "--no-cache")
    assert code == 0 and err == ""  # not a terminal: no spinner
    assert "Last 90 days: 2 committed (+2 on the previous 90 days: 0), 50% of 4 active; 3 teachers, 3 learners" in out
    assert "All time: 4 committed, 100% of 4 active; 4 teachers, 4 learners" in out
    assert "\n1  Ben Berg (ben)  Berlin  Platform   30.0   13.0\n" in out
    assert "Cy Chen" not in out and "(cy)" not in out
    assert "\nCommitted roster (including 1 who opted out of rankings, not named):\n" in out
    assert "  Ana Lima (ana): teacher, needs 5.0 learning points" in out
    assert "Topics with a single teacher: ops (dee)" in out


def test_json_and_csv_are_the_site_exports(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = stats(capsys, "--repo", str(kb.root), "--format", "json", "--no-cache")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema_version"] == 1 and doc["office"] is None
    assert [w["totals"]["committed"] for w in doc["windows"]] == [2, 4, 4]
    assert not any(email in out for email in EMAILS)
    code, out, _ = stats(capsys, "--repo", str(kb.root), "--format", "csv", "--window", "all", "--no-cache")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["slug", "office", "team", "all_tier", "all_teach", "all_learn", "all_pages_taught",
                             "all_colleague_pages"]
    assert [(r["slug"], r["all_tier"], r["all_teach"], r["all_learn"]) for r in rows] == [
        ("ana", "committed", "51.0", "11.0"), ("ben", "committed", "39.0", "20.0"), ("dee", "committed", "33.0", "13.0")]


def test_office_and_window(kb: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = stats(capsys, "--repo", str(kb.root), "--office", "lisbon", "--window", "90d",
                         "--format", "json", "--no-cache")
    doc = json.loads(out)
    assert code == 0 and doc["office"] == "Lisbon" and [w["key"] for w in doc["windows"]] == ["90d"]
    assert doc["windows"][0]["totals"] == {"active": 2, "teachers": 1, "learners": 1, "committed": 0,
                                           "committed_share": 0.0}
    assert [p["slug"] for p in doc["people"]] == ["ana", "dee"]


def test_user_errors_exit_2_with_a_fix(kb: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = stats(capsys, "--repo", str(kb.root), "--office", "Atlantis", "--no-cache")
    assert code == 2
    assert err == ("committed stats: error: nobody works in the office 'Atlantis'.\n"
                   "  How to fix: use one of: Berlin, Lisbon.\n")
    code, _, err = stats(capsys, "--repo", str(kb.root), "--window", "soon", "--no-cache")
    assert code == 2 and "unknown window 'soon'" in err and "90d, 365d, all" in err
    code, _, err = stats(capsys, "--repo", str(tmp_path), "--no-cache")
    assert code == 2 and "there is no docs folder 'docs'" in err


def test_mkdocs_options_are_honoured(kb: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = make_fixture(tmp_path / "kb")
    repo.write("mkdocs.yml", "site_name: X\nplugins:\n  - committed/profiles:\n      window_days: 30\n"
                             "  - committed/leaderboard:\n      all_time: false\n"
                             "markdown_extensions:\n  - pymdownx.emoji:\n"
                             "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    code, out, _ = stats(capsys, "--repo", str(repo.root), "--format", "json", "--no-cache")
    assert code == 0
    assert [w["key"] for w in json.loads(out)["windows"]] == ["30d", "365d"]


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_spinner_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    assert with_spinner("Reading", lambda: 42, quiet) == 42 and quiet.getvalue() == ""
    tty = _Tty()

    def slow() -> str:  # busy until the spinner has turned at least once (however loaded the machine)
        import time
        deadline = time.monotonic() + 30
        while "Reading the history" not in tty.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
        return "done"

    assert with_spinner("Reading the history", slow, tty) == "done"
    shown = tty.getvalue()
    assert "Reading the history" in shown and " s" in shown and shown.endswith("\r\033[K")
