"""The "Contribution guidelines" page: rendered from guidelines.yml by core code, added by the plugin."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from committed.lint.page import render_page
from committed.lint.policy import load_policy

REPO = Path(__file__).resolve().parents[2]


def test_page_shows_the_policy_escaped(tmp_path: Path) -> None:
    policy = tmp_path / "guidelines.yml"
    policy.write_text(REPO.joinpath("guidelines.yml").read_text().replace(
        "    description: One of the approved topics above.", '    description: "One of <b>the</b> topics & more"'))
    page = render_page(load_policy(policy))
    assert page.startswith('---\ntitle: "Contribution guidelines"\n---\n\n# Contribution guidelines\n')
    assert "- <code>people-and-culture</code>\n" in page
    assert "| <code>topic</code> | yes | one of the approved topics | One of &lt;b&gt;the&lt;/b&gt; topics &amp; more |" in page
    assert "<code>no-secrets</code>, error; checks everything, code included" in page
    assert "- guaranteed — state what we commit to and link to the SLA\n" in page
    assert "<!-- guideline-ignore RULE-ID: the reason, for the reviewers -->" in page


def test_plugin_adds_a_generated_page_and_writes_nothing_into_docs(tmp_path: Path) -> None:
    site = tmp_path / "site-src"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Home\n")
    shutil.copy(REPO / "guidelines.yml", site / "guidelines.yml")
    (site / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - committed/guidelines\n")
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    build(config)
    html = (tmp_path / "out" / "contributing" / "guidelines" / "index.html").read_text()
    assert "Contribution guidelines" in html and "<code>no-personal-data</code>" in html
    assert sorted(p.name for p in (site / "docs").iterdir()) == ["index.md"]


def test_plugin_reports_an_invalid_policy(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    site = tmp_path / "s"
    (site / "docs").mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Home\n")
    (site / "guidelines.yml").write_text("version: 1\ntopics: [a]\nrules:\n  - id: x\n    type: nope\n")
    (site / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - committed/guidelines\n")
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    with pytest.raises(Abort):
        build(config)
    assert "committed/guidelines: " in caplog.text
    assert "guidelines.yml:5: rules[0].type: unknown rule type 'nope'" in caplog.text


def test_page_shows_markers_exceptions_and_the_topic_rule() -> None:
    page = render_page(load_policy(REPO / "guidelines.yml"))
    assert "Marking a page or a part of it as <q>confidential</q>, <q>strictly confidential</q>" in page
    assert "Fine: <q>not guaranteed</q>, <q>never guaranteed</q>, <q>cannot be guaranteed</q>." in page
    assert "### Pages off the approved topics" in page and "<code>off-topic</code>, error" in page
