"""The committed/authoring plugin in a real MkDocs build: "Add a page here" and "Request a page" on
topic index pages and the home, and the navigation grouped under one "Topics" tab."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from committed.authoring import front_matter
from gitrepo import clean_env
from sitebuild import mkdocs_yml

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow

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
    (root / "mkdocs.yml").write_text(mkdocs_yml("search", "committed/authoring", site_name="Test KB", repo_url=repo_url,
                                                edit_uri=edit_uri, features=("content.action.edit", "content.action.view"),
                                                extensions=("admonition",), extra=extra), encoding="utf-8")
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
    # `owner` is a placeholder, never the topic owner's slug (a browser user who forgets to change it
    # would make a colleague the owner).
    assert meta == {"title": "New page", "topic": "tools", "tags": ["tools"], "owner": "your-slug",
                    "last_reviewed": yaml.safe_load("2026-05-28")}
    # At the top: right under the heading, before the page's own text.
    [bar] = re.findall(r'<div class="committed-actions">.*?</div>', page, re.S)
    assert page.index(bar) < page.index("Some text.")
    assert "<script>" not in bar


def test_the_placeholder_owner_fails_the_guideline_check_saying_what_to_put(tmp_path: Path) -> None:
    root = _site(tmp_path)
    site = _build(root)
    [url] = _add_page_urls((site / "tools" / "index.html").read_text(encoding="utf-8"))
    (root / "contributors").mkdir()
    (root / "contributors" / "ana-lima.yml").write_text("name: Ana Lima\nemails: [ana@example.com]\n", encoding="utf-8")
    (root / "guidelines.yml").write_text((REPO / "guidelines.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "docs" / "tools" / "new-page.md").write_text(parse_qs(urlsplit(url).query)["value"][0], encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "committed.cli", "lint", "docs/tools/new-page.md"], cwd=root,
                          capture_output=True, text=True, env=clean_env())
    assert proc.returncode == 1, proc.stdout + proc.stderr
    [finding] = [line for line in proc.stdout.splitlines() if "`owner`" in line]
    assert "docs/tools/new-page.md:" in finding and "contributors/" in finding


def test_request_a_page_opens_the_forges_issue_form_naming_the_topic(tmp_path: Path) -> None:
    site = _build(_site(tmp_path))
    page = (site / "tools" / "index.html").read_text(encoding="utf-8")
    [href] = re.findall(r'<a class="md-button committed-actions__request" href="([^"]+)"', page)
    parts = urlsplit(html.unescape(href))
    assert f"{parts.netloc}{parts.path}" == "github.com/acme/kb/issues/new"
    assert parse_qs(parts.query) == {"template": ["page-request.yml"], "title": ["Page request: "], "topic": ["tools"]}
    assert (REPO / ".github" / "ISSUE_TEMPLATE" / "page-request.yml").is_file()
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "page-request.yml").read_text(encoding="utf-8"))
    assert "topic" in [field.get("id") for field in form["body"]]


def test_only_topic_index_pages_and_the_home_get_the_links(tmp_path: Path) -> None:
    site = _build(_site(tmp_path))
    assert _add_page_urls((site / "tools" / "vpn" / "index.html").read_text(encoding="utf-8")) == []
    assert _add_page_urls((site / "misc" / "index.html").read_text(encoding="utf-8")) == []
    # The home: "Add a page" leads to the topics (a new page needs one), "Request a page" to the forge.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert _add_page_urls(home) == ["topics/"]
    assert "https://github.com/acme/kb/issues/new?template=page-request.yml" in html.unescape(home)


def test_topics_are_grouped_under_one_tab(tmp_path: Path) -> None:
    root = _site(tmp_path, extra="")
    (root / "docs" / "about").mkdir()
    (root / "docs" / "about" / "index.md").write_text("# About this knowledge base\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "features: [", "features: [navigation.tabs, navigation.indexes, ").replace(
        "  - committed/authoring\n", "  - committed/authoring:\n      about: about\n"), encoding="utf-8")
    site = _build(root)
    home = (site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'<li class="md-tabs__item[^"]*">\s*<a href="[^"]*" class="md-tabs__link">\s*([^<]+?)\s*</a>', home)
    assert tabs == ["Home", "Topics", "About this knowledge base"]
    topics = (site / "topics" / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> <span class="committed-muted">(\d+) pages?</span>', topics)
    assert listed == [("../misc/", "Misc", "0"), ("../tools/", "Tools", "1")]  # section titles: the folders


def test_a_written_nav_is_left_alone(tmp_path: Path) -> None:
    root = _site(tmp_path, extra="nav:\n  - index.md\n  - tools/index.md\n  - misc/index.md\n")
    site = _build(root)
    assert not (site / "topics").exists()


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


def test_section_toggles_are_named_as_the_pattern_names_them_wherever_they_are() -> None:
    from committed.mkdocs.authoring import _SECTION_TOGGLE, _named_toggle, name_section_toggles

    def toggle(title: str, n: str) -> str:
        return (f'<a href="x/"><span class="md-ellipsis">\n  {title}\n</span></a>\n'
                f'<label class="md-nav__link " for="__nav_{n}" id="__nav_{n}_label" tabindex="0">\n'
                '<span class="md-nav__icon md-icon"></span></label>')

    page = "".join([
        '<nav><a href="a/"><span class="md-ellipsis">A plain link</span></a>',
        toggle("Engineering &amp; ops", "2"),
        '<span class="md-ellipsis">no link after me</span>',
        '<label class="md-nav__link" for="__toc">a label with no section before it</label>',
        toggle("People", "3_1"),
        '<label class="md-nav__link " for="__nav_4" id="__nav_9_label" tabindex="0">'  # ids differ: not a toggle
        '<span class="md-nav__icon md-icon"></span></label>',
        toggle("Last", "5"), "</nav>"])

    named = name_section_toggles(page)

    assert named == _SECTION_TOGGLE.sub(_named_toggle, page)
    assert named.count('class="committed-sr-only"') == 3
    assert '<span class="committed-sr-only">Engineering &amp; ops</span>' in named
    assert name_section_toggles("<p>nothing to name</p>") == "<p>nothing to name</p>"
