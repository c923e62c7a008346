"""The places a reader opens every day, from a real history and a real `mkdocs build --strict`:
the home at a glance, topic index pages listing their pages, page credits, a profile's recent
contributions."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from gitrepo import Repo
from sitebuild import built, mkdocs_yml

pytestmark = pytest.mark.slow

MKDOCS_YML = mkdocs_yml("search", "committed/authoring", "committed/profiles", "committed/leaderboard",
                        features=("navigation.tabs", "navigation.indexes"))
ANA = ("Ana Lima", "ana@corp.test")
BO = ("Bo Berg", "bo@corp.test")
CY = ("Cy Chen", "cy@corp.test")


def page(title: str, body: str, *, owner: str = "ana", reviewed: str = "2026-01-10") -> str:
    return (f"---\ntitle: {title}\ntopic: engineering\ntags: [git]\nowner: {owner}\nlast_reviewed: {reviewed}\n---\n"
            f"# {title}\n\n{body}\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = Repo(tmp_path_factory.mktemp("kb"))
    repo.write("mkdocs.yml", MKDOCS_YML)
    for slug, person in {"ana": ANA, "bo": BO, "cy": CY}.items():
        repo.contributor(slug, person, office="Lisbon", team="Platform")
    repo.write("docs/index.md", page("Home", "Welcome."))
    repo.write("docs/engineering/index.md", page("Engineering", "How we build things."))
    repo.commit("Start the knowledge base", author=ANA, date="2026-01-05T10:00:00Z")
    repo.write("docs/engineering/rebase.md", page("Rebasing", "Line one.\nLine two.\nLine three."))
    repo.commit("Teach rebasing", author=ANA, date="2026-02-01T10:00:00Z")
    repo.write("docs/engineering/deploys.md", page("Deploys", "Step one.\nStep two.", owner="bo", reviewed="2026-02-02"))
    repo.commit("Write up deploys", author=BO, date="2026-02-02T10:00:00Z")
    repo.write("docs/engineering/rebase.md", page("Rebasing", "Line one.\nLine two.\nLine three.\nA tip from support."))
    repo.commit("Add a support tip", author=BO, date="2026-02-03T10:00:00Z",
                trailers=[("Reviewed-by", "Cy Chen <cy@corp.test>"), ("Learned-from", "Cy Chen <cy@corp.test>")])
    # Authored before the commits above (a branch rebased late): recent lists still go by date.
    repo.write("docs/engineering/deploys.md", page("Deploys", "Step one.\nStep two.\nStep three by Cy.",
                                                   owner="bo", reviewed="2026-02-02"))
    repo.commit("Cy adds a step", author=CY, date="2026-01-20T10:00:00Z")
    repo.write("docs/engineering/rebase.md", page("Rebasing", "Line one.\nLine two.\nLine three.\nA tip from support.\n"
                                                  "Cy's addition."))
    repo.commit("Cy improves rebasing", author=CY, date="2026-02-10T10:00:00Z",
                trailers=[("Reviewed-by", "Ana Lima <ana@corp.test>")])
    return built(repo.root, tmp_path_factory.mktemp("site"))


def _text(fragment: str) -> str:
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))
    return html.unescape(re.sub(r" ([,.])", r"\1", text)).strip()


def test_a_topic_index_lists_its_pages_with_owner_review_date_and_teachers(site: Path) -> None:
    index = (site / "engineering" / "index.html").read_text(encoding="utf-8")
    [table] = re.findall(r'<table class="committed-table" data-committed-sort>.*?</table>', index, re.S)
    rows = [_text(r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)]
    assert rows == ["Deploys Bo Berg 2026-02-02 Bo Berg", "Rebasing Ana Lima 2026-01-10 Ana Lima"]
    assert 'href="rebase/"' in table and 'href="../people/bo/"' in table
    # Under the heading and the "Add a page here" bar, above the page's own text.
    assert index.index("Add a page here") < index.index("Pages in this topic") < index.index("How we build things.")


def test_page_credits_name_whom_the_writers_learned_from_the_owner_and_the_review_date(site: Path) -> None:
    page_html = (site / "engineering" / "rebase" / "index.html").read_text(encoding="utf-8")
    [credits] = re.findall(r'<aside class="committed-credits".*?</aside>', page_html, re.S)
    lines = [_text(p) for p in re.findall(r"<p>(.*?)</p>", credits, re.S)]
    assert "Its writers learned from Cy Chen" in lines
    assert "Owner Ana Lima · Last reviewed 2026-01-10" in lines
    assert "Taught by Ana Lima" in lines and "Improved by Bo Berg, Cy Chen" in lines


def test_recent_contributions_are_in_date_order_and_reviews_name_their_page(site: Path) -> None:
    profile = (site / "people" / "cy" / "index.html").read_text(encoding="utf-8")
    [recent] = re.findall(r'<ul class="committed-recent".*?</ul>', profile, re.S)
    items = [_text(li) for li in re.findall(r"<li>(.*?)</li>", recent, re.S)]
    dates = [item.split()[0] for item in items]
    assert dates == sorted(dates, reverse=True) and len(items) == 3
    assert any(item.startswith("2026-02-03 reviewed Rebasing") for item in items), items


def test_the_home_shows_the_committed_group_and_recent_pages_with_who(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    [block] = re.findall(r'<div class="committed-home">.*', home, re.S)
    figure = _text(re.findall(r'<p class="committed-home__figure">(.*?)</p>', block, re.S)[0])
    assert re.match(r"\d+ of \d+ active colleagues are committed", figure), figure
    created = _text(block.split('id="recently-created">')[1].split("</ul>")[0])
    assert created.startswith("Recently created Deploys by Bo Berg, 2026-02-02 Rebasing by Ana Lima, 2026-02-01")
    improved = _text(block.split('id="recently-improved">')[1].split("</ul>")[0])
    assert improved.startswith("Recently improved Rebasing by Cy Chen, 2026-02-10")
    assert "Only one contributor" in block
    # Not words for search to find on the home page.
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Recently created" not in index


def test_topics_people_leaderboard_are_tabs_of_their_own(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link">\s*([^<]+?)\s*</a>', home)
    assert tabs == ["Home", "Topics", "People", "Leaderboard"]
    topics = (site / "topics" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../engineering/">Engineering</a> <span class="committed-muted">2 pages</span>', topics)
