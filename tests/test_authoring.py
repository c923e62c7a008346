"""The committed/authoring plugin in a real MkDocs build: "Add a page here" on topic index pages."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from committed.authoring import front_matter

pytestmark = pytest.mark.slow

CONFIG = """\
site_name: Test KB
site_url: https://kb.example.com/
repo_url: {repo_url}
edit_uri: {edit_uri}
theme:
  name: material
  font: false
  features: [content.action.edit, content.action.view]
plugins:
  - search
  # committed:begin
  - committed/authoring
  # committed:end
markdown_extensions: [admonition]
"""
INDEX = """---
title: {title}
topic: {topic}
tags: [{topic}]
owner: {owner}
last_reviewed: 2026-01-01
---

Some text.
"""


def _site(root: Path, *, repo_url: str = "https://github.com/acme/kb", edit_uri: str = "edit/main/docs/",
          extra: str = "") -> Path:
    (root / "docs" / "tools").mkdir(parents=True)
    (root / "docs" / "misc").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG.format(repo_url=repo_url, edit_uri=edit_uri) + extra, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "docs" / "tools" / "index.md").write_text(
        INDEX.format(title="Tools <script>alert(1)</script>", topic="tools", owner="ana-lima"), encoding="utf-8")
    (root / "docs" / "tools" / "vpn.md").write_text(INDEX.format(title="VPN", topic="tools", owner="ana-lima"),
                                                   encoding="utf-8")
    (root / "docs" / "misc" / "index.md").write_text("# Not a topic\n", encoding="utf-8")
    return root


def _build(root: Path) -> Path:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    return root / "site"


def _add_page_urls(page_html: str) -> list[str]:
    return [html.unescape(u) for u in re.findall(r'<a class="md-button md-button--primary" href="([^"]+)"', page_html)]


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28


def test_topic_index_gets_a_github_new_file_link_with_valid_front_matter(tmp_path: Path) -> None:
    site = _build(_site(tmp_path))
    page = (site / "tools" / "index.html").read_text(encoding="utf-8")
    [url] = _add_page_urls(page)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://github.com/acme/kb/new/main/docs/tools"
    query = parse_qs(parts.query)
    assert query["filename"] == ["new-page.md"]
    meta = front_matter(query["value"][0])
    assert meta == {"title": "New page", "topic": "tools", "tags": ["tools"], "owner": "ana-lima",
                    "last_reviewed": yaml.safe_load("2026-05-28")}
    # The topic's title is shown as text, never as markup.
    [aside] = re.findall(r'<div class="admonition tip committed-add-page">.*?</div>', page, re.S)
    assert "Add a page to Tools &lt;script&gt;alert(1)&lt;/script&gt;" in aside
    assert "<script>alert(1)" not in aside


def test_only_topic_index_pages_get_the_link(tmp_path: Path) -> None:
    site = _build(_site(tmp_path))
    assert _add_page_urls((site / "tools" / "vpn" / "index.html").read_text(encoding="utf-8")) == []
    assert _add_page_urls((site / "misc" / "index.html").read_text(encoding="utf-8")) == []
    assert _add_page_urls((site / "index.html").read_text(encoding="utf-8")) == []


def test_gitlab_link_and_edit_button(tmp_path: Path) -> None:
    site = _build(_site(tmp_path, repo_url="https://gitlab.example.com/it/kb", edit_uri="-/edit/main/docs/"))
    page = (site / "tools" / "vpn" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://gitlab.example.com/it/kb/-/edit/main/docs/tools/vpn.md"' in page
    [url] = _add_page_urls((site / "tools" / "index.html").read_text(encoding="utf-8"))
    parts = urlsplit(url)
    assert parts.path == "/it/kb/-/new/main/docs/tools"
    assert front_matter(parse_qs(parts.query)["content"][0])["topic"] == "tools"


def test_topics_come_from_guidelines_yml(tmp_path: Path) -> None:
    root = _site(tmp_path)
    (root / "guidelines.yml").write_text("topics:\n  - misc\n", encoding="utf-8")
    site = _build(root)
    assert len(_add_page_urls((site / "misc" / "index.html").read_text(encoding="utf-8"))) == 1
    assert _add_page_urls((site / "tools" / "index.html").read_text(encoding="utf-8")) == []


def test_repository_link_asks_no_public_api(tmp_path: Path) -> None:
    site = _build(_site(tmp_path))
    page = (site / "index.html").read_text(encoding="utf-8")
    assert 'class="md-source"' in page  # the repository link is still there...
    assert 'data-md-component="source"' not in page  # ...without the component that fetches facts


def test_the_build_writes_nothing_into_docs(tmp_path: Path) -> None:
    root = _site(tmp_path)
    before = sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*"))
    _build(root)
    assert sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*")) == before


def test_the_projects_own_docs_build_strict() -> None:
    """mkdocs.yml at the repository root builds the project's docs/ with --strict."""
    repo = Path(__file__).resolve().parent.parent
    config = load_config(config_file=str(repo / "mkdocs.yml"), strict=True)
    import tempfile
    with tempfile.TemporaryDirectory() as out:
        config["site_dir"] = out
        build(config)
        page = (Path(out) / "engineering" / "index.html").read_text(encoding="utf-8")
    assert "https://github.com/acme/committed/new/main/docs/engineering?" in page
