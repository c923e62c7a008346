"""``committed build --engine zensical``: the demo built by Zensical is the same knowledge base as
the MkDocs build (pages, credits, profiles, leaderboard, exports, guidelines, search entries,
sitemap dates), from a build copy of the docs folder that shares the plugins' cache."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from gitrepo import clean_env
from sitebuild import build, digest, make_demo
from sitecheck import assert_same_knowledge_base, html_pages, read_page

pytestmark = pytest.mark.slow
EPOCH = {"SOURCE_DATE_EPOCH": "1780000000"}  # the same build date for both builds


def committed_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "committed.cli", "build", *args], cwd=root,
                          env=clean_env(**EPOCH), capture_output=True, text=True, check=False)


@dataclass(frozen=True)
class Demo:
    root: Path
    mkdocs: Path
    zensical: Path
    said: str  # what the first `committed build --engine zensical` printed
    docs: dict[str, str]  # the docs folder's files before either build


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo built by MkDocs, then by ``committed build --engine zensical`` (out of the tree)."""
    parent = tmp_path_factory.mktemp("zensical")
    root = make_demo(parent / "kb")
    docs = digest(root / "docs")
    proc = build(root, parent / "site-mkdocs", env=EPOCH)
    assert proc.returncode == 0, proc.stderr
    proc = committed_build(root, "--engine", "zensical", "-d", str(parent / "site-zensical"))
    assert proc.returncode == 0, proc.stderr + proc.stdout
    return Demo(root, parent / "site-mkdocs", parent / "site-zensical", proc.stdout, docs)


def test_zensical_site_has_everything_committed_adds(demo: Demo) -> None:
    assert_same_knowledge_base(demo.mkdocs, demo.zensical, demo.root)
    assert html_pages(demo.zensical) == html_pages(demo.mkdocs)


def test_it_reuses_the_plugins_cache_and_never_writes_into_docs(demo: Demo) -> None:
    assert "Committed's pages from the cache" in demo.said  # the MkDocs build's outputs, same fingerprint
    assert digest(demo.root / "docs") == demo.docs
    status = subprocess.run(["git", "status", "--porcelain", "--ignored", "--", "docs"], cwd=demo.root,
                            env=clean_env(), capture_output=True, text=True, check=True).stdout
    assert status == ""
    stage = demo.root / ".cache" / "committed" / "stage" / "zensical"
    assert (stage / "docs" / "leaderboard.md").is_file() and (stage / "mkdocs.yml").is_file()


def _search_entries(index: Path, key: str) -> list[dict[str, str]]:
    return list(json.loads(index.read_text("utf-8"))[key])


def _lastmod(site: Path) -> dict[str, str]:
    return dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", (site / "sitemap.xml").read_text("utf-8")))


def test_search_sitemap_and_styles_are_as_in_the_mkdocs_build(demo: Demo) -> None:
    mkdocs = _search_entries(demo.mkdocs / "search" / "search_index.json", "docs")
    zensical = _search_entries(demo.zensical / "search.json", "items")

    def per_page(entries: list[dict[str, str]]) -> Counter[str]:
        return Counter(e["location"].split("#")[0] for e in entries)

    assert per_page(zensical) == per_page(mkdocs)  # a profile is one entry, not one per section
    indexed = {e["location"]: e["text"] for e in mkdocs}
    for entry in zensical:  # credits, a topic's list of pages, a profile's scores: not indexed
        for words in ("Last updated", "Why these scores", "Teach</th>"):
            assert words not in entry["text"] or words in indexed.get(entry["location"], ""), (words, entry)
    assert _lastmod(demo.zensical) == _lastmod(demo.mkdocs) and len(_lastmod(demo.mkdocs)) > 40
    for url in ("", "people/", "leaderboard/", "committed/guidelines/"):
        head = (demo.zensical / url / "index.html").read_text("utf-8").split("</head>")[0]
        for css in ("assets/committed/committed.css", "assets/committed/site.css"):
            assert css in head, (url, css)
    assert (demo.zensical / "assets" / "committed" / "committed.css").is_file()


def test_edit_buttons_only_on_pages_with_a_source_file(demo: Demo) -> None:
    def edit_links(url: str) -> list[str]:
        text = (demo.zensical / url / "index.html").read_text("utf-8")
        return re.findall(r'href="([^"]*)" title="Edit this page"', text)

    slug = sorted(p.parent.name for p in (demo.zensical / "people").glob("*/index.html"))[0]
    for generated in (f"people/{slug}/", "people/", "leaderboard/", "committed/guidelines/"):
        assert edit_links(generated) == [], generated
    assert edit_links("security/") == ["https://github.com/acme/committed/edit/main/docs/security/index.md"]
    page = read_page(demo.zensical / "security" / "index.html")
    assert "Add a page here" in " ".join(page.committed_text)


def test_a_second_build_rewrites_nothing_and_gives_the_same_site(demo: Demo, tmp_path: Path) -> None:
    proc = committed_build(demo.root, "--engine", "zensical", "-d", str(tmp_path / "again"))
    assert proc.returncode == 0, proc.stderr
    assert "from the cache; 0 staged files changed" in proc.stdout
    assert digest(tmp_path / "again") == digest(demo.zensical)


def _clone(demo: Demo, target: Path, *args: str) -> Path:
    subprocess.run(["git", "clone", "-q", *args, f"file://{demo.root}", str(target)], env=clean_env(), check=True)
    (target / "site").mkdir()
    (target / "site" / "index.html").write_text("the published site\n")
    return target


def test_a_shallow_clone_stops_before_anything_is_written(demo: Demo, tmp_path: Path) -> None:
    root = _clone(demo, tmp_path / "shallow", "--depth", "1")
    proc = committed_build(root, "--engine", "zensical")
    assert proc.returncode == 2, proc.stderr
    assert "shallow clone" in proc.stderr and "fetch-depth: 0" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (root / "site" / "index.html").read_text() == "the published site\n"
    assert not (root / ".cache" / "committed" / "stage").exists()


def test_a_bad_contributor_file_is_named_and_the_site_left_alone(demo: Demo, tmp_path: Path) -> None:
    root = _clone(demo, tmp_path / "clone")
    person = sorted((root / "contributors").glob("*.yml"))[0]
    person.write_text(person.read_text("utf-8") + "ofice: Lisbon\n", encoding="utf-8")
    line = person.read_text("utf-8").count("\n")
    proc = committed_build(root, "--engine", "zensical")
    assert proc.returncode == 2
    assert f"contributors/{person.name}:{line}: unknown field `ofice`" in proc.stderr, proc.stderr
    assert (root / "site" / "index.html").read_text() == "the published site\n"
    assert not (root / ".cache" / "committed" / "stage").exists()
