"""Pages stay light with 5,000 people: a company of 5,000 made by scripts/make_demo.py (a real git
repository), a real `mkdocs build`, then every page and every fragment the site loads on demand
under 150 KB, every person still reachable from the people index (their profile and tier), and the
leaderboard's named lists agreeing with its headline. Before, this company's leaderboard weighed
339 KB and the people of its largest office 229 KB."""

from __future__ import annotations

import csv
import io
import posixpath
import re
from pathlib import Path

import pytest

from sitebuild import built, make_demo

pytestmark = pytest.mark.slow
LIGHT = 150 * 1000  # bytes of HTML a reader's browser is asked to load, for one page or one fragment
COMPANY = ("--pages", "150", "--commits", "4000", "--people", "5000", "--seed", "3")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_demo(tmp_path_factory.mktemp("company") / "kb", *COMPANY)
    return built(root, tmp_path_factory.mktemp("site"))


def test_every_page_and_fragment_is_under_150_kb(site: Path) -> None:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert len([p for p in sizes if p.startswith("people/") and p.endswith("/index.html")]) > 4000  # profiles
    assert any(p.startswith("people/assets/offices/") for p in sizes)  # the index past its budget
    assert any(p.startswith("assets/committed/ranking/") for p in sizes)  # the ranking past its first rows
    heavy = {p: n for p, n in sizes.items() if n >= LIGHT}
    assert heavy == {}


def _links(html: str) -> list[str]:
    return re.findall(r'<a href="([^"#]+)">', html)


def test_every_person_is_reachable_from_the_people_index_with_their_tier(site: Path) -> None:
    """Button after button from people/ (every link in a fragment is relative to the index page,
    where it is shown), a reader reaches every profile, and every fragment."""
    index = (site / "people/index.html").read_text("utf-8")
    todo, opened, found = [index], set(), []
    while todo:
        html = todo.pop()
        for src in re.findall(r'data-committed-people="([^"]+)"', html):
            path = posixpath.normpath(posixpath.join("people", src))
            assert path not in opened
            opened.add(path)
            fragment = (site / path).read_text("utf-8")
            found += re.findall(r'<li><bdi class="committed-name"><a href="([^"]+)">[^<]*</a></bdi>(.*?)</li>', fragment)
            todo.append(fragment)
    assert opened == {p.relative_to(site).as_posix() for p in (site / "people/assets").rglob("*.html")}
    profiles = {p.parent.relative_to(site).as_posix() + "/" for p in (site / "people").glob("*/index.html")}
    reached = [posixpath.normpath(posixpath.join("people", href)) + "/" for href, _ in found]
    assert len(reached) == len(set(reached)) and set(reached) == profiles
    tiers = [re.search(r"committed-tier--(\w+)", rest) for _, rest in found]
    named = {row["slug"] for row in csv.DictReader(io.StringIO((site / "committed/people.csv").read_text("utf-8")))}
    for (href, _), tier in zip(found, tiers, strict=True):
        assert (tier is not None) == (href.strip("/") in named), href  # a tier for everyone named, none for opt-outs


def test_the_leaderboard_names_everyone_it_counts_across_its_pages_of_ranks(site: Path) -> None:
    page = (site / "leaderboard/index.html").read_text("utf-8")
    committed = int(re.findall(r'class="committed-headline__committed">(\d+)<', page)[0])
    caption = re.search(r"of the (\d+) people named who contributed in the last 90 days, (\d+) of them committed", page)
    assert caption is not None
    people, named_committed = int(caption[1]), int(caption[2])
    unnamed = re.search(r"including (\d+) who opted out of rankings(?: \((\d+) committed\))?", page)
    assert named_committed + int(unnamed[2] or 0 if unnamed else 0) == committed  # the headline, or why not
    more = re.search(r'data-committed-more="([^"]+)" data-committed-rows="(\d+)" data-committed-total="(\d+)"', page)
    assert more is not None and int(more[3]) == people
    rows = re.findall(r"<tr><td class=\"committed-num\">(\d+)</td><th scope=\"row\">(.*?)</tr>", page)
    folder = posixpath.normpath(posixpath.join("leaderboard", more[1]))
    for n in range(2, -(-people // int(more[2])) + 1):
        rows += re.findall(r"<tr><td class=\"committed-num\">(\d+)</td><th scope=\"row\">(.*?)</tr>",
                           (site / folder / f"{n}.html").read_text("utf-8"))
    assert [int(rank) for rank, _ in rows] == list(range(1, people + 1))
    assert sum("committed-tier--committed" in row for _, row in rows) == named_committed
    first = [row for row in csv.DictReader(io.StringIO((site / "committed/people.csv").read_text("utf-8")))
             if row["90d_tier"] == "committed"]
    assert len(first) == named_committed  # the export agrees too
    profiles = {href for _, row in rows for href in _links(row)}
    assert all((site / posixpath.normpath(posixpath.join("leaderboard", h)) / "index.html").is_file() for h in profiles)
