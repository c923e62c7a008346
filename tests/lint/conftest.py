"""Shared fixtures for the lint tests: a real knowledge base folder with the project's policy."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from committed.lint.cli import main

REPO = Path(__file__).resolve().parents[2]
TODAY = "2025-06-01"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def lines(self) -> list[str]:
        """The ``path:line:col level rule message`` lines of a text report."""
        return [ln for ln in self.out.splitlines() if ln.startswith("docs/")]

    def hits(self) -> list[tuple[str, int, str]]:
        """(path, line, rule) of each finding in a text report."""
        result = []
        for ln in self.lines():
            where, _level, rule = ln.split(" ", 3)[:3]
            path, line, _col = where.rsplit(":", 2)
            result.append((path, int(line), rule))
        return result


class KB:
    """A knowledge base in ``tmp_path``: guidelines.yml, contributors/, docs/."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def page(self, rel: str, body: str, front: str | None = None) -> Path:
        """A page with valid front matter (or ``front`` as given) and a dedented body."""
        if front is None:
            front = f"title: A page\ntopic: engineering\ntags: [demo]\nowner: ada\nlast_reviewed: {TODAY}\n"
        return self.write(rel, f"---\n{front}---\n{textwrap.dedent(body).lstrip(chr(10))}")

    def lint(self, *args: str) -> Result:
        self.capsys.readouterr()
        code = main(["--policy", str(self.root / "guidelines.yml"), "--today", TODAY, "--jobs", "1", *args])
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)


@pytest.fixture
def kb(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> KB:
    root = tmp_path / "kb"
    root.mkdir()
    shutil.copy(REPO / "guidelines.yml", root / "guidelines.yml")
    (root / "contributors").mkdir()
    (root / "contributors" / "ada.yml").write_text("name: Ada Lovelace\nteam: platform\n", encoding="utf-8")
    (root / "contributors" / "grace.yml").write_text("name: Grace Hopper\nteam: data-science\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return KB(root, capsys)


@pytest.fixture
def flags(kb: KB) -> Callable[[str], list[tuple[int, str]]]:
    """Lint one page body; return its (line, rule) hits. Line 1 of the body is page line 8."""
    def run(body: str) -> list[tuple[int, str]]:
        kb.page("docs/engineering/p.md", body)
        return [(line, rule) for _path, line, rule in kb.lint("docs/engineering/p.md").hits()]
    return run
