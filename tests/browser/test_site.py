"""The built demo site in headless Chromium: loads clean, offline, searchable, editable, mobile, accessible."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import MOBILE, Tab, plugin_missing  # tests/browser/conftest.py

pytestmark = pytest.mark.browser

needs_profiles = pytest.mark.skipif(plugin_missing("committed.mkdocs.profiles"), reason="profiles plugin not built yet")
needs_leaderboard = pytest.mark.skipif(plugin_missing("committed.mkdocs.leaderboard"),
                                       reason="leaderboard plugin not built yet")


def _settle(tab: Tab) -> None:
    tab.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


def _profile_slug(demo_site: Path) -> str:
    """A contributor with a profile page and the most pages listed on it (ties: first by slug)."""
    best: list[tuple[int, str]] = []
    for page in sorted((demo_site / "site" / "people").glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        listed = text.split('class="committed-pages"', 1)[-1].count("<a ") if 'class="committed-pages"' in text else -1
        best.append((-listed, page.parent.name))
    assert best, "the demo site has no profile pages"
    return min(best)[1]


def _site_paths(demo_site: Path) -> list[str]:
    """Every page of the site, from its sitemap, as paths relative to the site root."""
    tree = ET.parse(demo_site / "site" / "sitemap.xml")
    locs = [el.text or "" for el in tree.iter() if el.tag.endswith("loc")]
    return sorted(urlsplit(loc).path.lstrip("/") for loc in locs)


def test_home_page_loads_clean_and_offline(desktop: Tab, mobile: Tab) -> None:
    desktop.open("")
    _settle(desktop)
    assert desktop.page.title()  # type: ignore[attr-defined]
    assert desktop.page.locator("header .md-header__title").is_visible()  # type: ignore[attr-defined]
    assert desktop.console_errors == []
    assert desktop.foreign_requests == []
    desktop.screenshot("home-desktop")
    mobile.open("")
    _settle(mobile)
    assert mobile.console_errors == [] and mobile.foreign_requests == []
    mobile.screenshot("home-mobile")


def _body_only_word(demo_site: Path) -> tuple[str, str]:
    """A word that appears in exactly one page's body and in no title: (word, page location)."""
    index = json.loads((demo_site / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    docs = index["docs"]
    words_in: dict[str, set[str]] = {}
    titles: set[str] = set()
    for doc in docs:
        page = doc["location"].split("#", 1)[0]
        titles.update(re.findall(r"[a-z]{6,}", doc["title"].lower()))
        text = re.sub(r"<[^>]+>", " ", doc["text"]).lower()
        for word in set(re.findall(r"\b[a-z]{8,}\b", text)):
            words_in.setdefault(word, set()).add(page)
    candidates = sorted(w for w, pages in words_in.items() if len(pages) == 1 and w not in titles)
    assert candidates, "no word of the demo appears on only one page"
    word = candidates[len(candidates) // 2]
    return word, next(iter(words_in[word]))


def test_search_finds_a_page_by_a_word_only_in_its_body(desktop: Tab, demo_site: Path) -> None:
    word, location = _body_only_word(demo_site)
    desktop.open("")
    _settle(desktop)
    search = desktop.page.locator("input.md-search__input")  # type: ignore[attr-defined]
    search.click()  # on a desktop the search box is in the header
    search.press_sequentially(word, delay=20)  # Material reacts to key strokes, not to a set value
    results = desktop.page.locator(".md-search-result__list > li a")  # type: ignore[attr-defined]
    results.first.wait_for(state="visible")
    hrefs = [urlsplit(h).path.lstrip("/") for h in results.evaluate_all("els => els.map(e => e.href)")]
    assert any(h.split("#")[0] == location for h in hrefs), (word, location, hrefs)
    assert desktop.console_errors == [] and desktop.foreign_requests == []


def test_edit_button_points_to_the_pages_file_on_the_forge(desktop: Tab, demo_site: Path) -> None:
    config = yaml.safe_load((demo_site / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", ""))
    assert config["edit_uri"] == "edit/main/docs/"
    src = sorted(p.relative_to(demo_site / "docs").as_posix() for p in (demo_site / "docs").glob("security/*.md")
                 if p.name != "index.md")[0]
    desktop.open(src[:-3] + "/")
    edit = desktop.page.locator("a.md-content__button[rel='edit']")  # type: ignore[attr-defined]
    assert edit.get_attribute("href") == f"{config['repo_url'].rstrip('/')}/edit/main/docs/{src}"
    assert (demo_site / "docs" / src).is_file()


def test_no_page_scrolls_sideways_on_a_phone(mobile: Tab, demo_site: Path) -> None:
    paths = _site_paths(demo_site)
    assert len(paths) > 30
    too_wide: dict[str, int] = {}
    for path in paths:
        mobile.open(path)
        width = mobile.page.evaluate(  # type: ignore[attr-defined]
            "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > MOBILE["width"]:
            too_wide[path] = width
    assert too_wide == {}


@needs_profiles
def test_profile_shows_scores_calendar_and_pages(desktop: Tab, mobile: Tab, demo_site: Path) -> None:
    slug = _profile_slug(demo_site)
    desktop.open(f"people/{slug}/")
    _settle(desktop)
    page = desktop.page
    assert page.locator(".committed-scores").first.is_visible()  # type: ignore[attr-defined]
    calendar = page.locator(".committed-calendar").first  # type: ignore[attr-defined]
    assert calendar.is_visible()
    assert calendar.evaluate("el => el.tagName.toLowerCase() === 'svg' || el.querySelector('svg') !== null")
    assert page.locator(".committed-pages a").count() >= 1  # type: ignore[attr-defined]
    assert desktop.console_errors == [] and desktop.foreign_requests == []
    desktop.screenshot("profile-desktop")
    mobile.open(f"people/{slug}/")
    _settle(mobile)
    mobile.screenshot("profile-mobile")


@needs_leaderboard
def test_leaderboard_ranking_sorts_in_the_page(desktop: Tab, mobile: Tab) -> None:
    desktop.open("leaderboard/")
    _settle(desktop)
    page = desktop.page
    table = page.locator("table.committed-ranking")  # type: ignore[attr-defined]

    def column(index: int) -> list[str]:
        return table.locator(f"tbody tr > :nth-child({index})").all_inner_texts()  # type: ignore[no-any-return]

    before = len(desktop.requests)
    table.locator("thead th:nth-child(4) button").click()  # Teach: highest first
    teach = [float(v) for v in column(4)]
    assert teach == sorted(teach, reverse=True) and len(teach) > 1
    table.locator("thead th:nth-child(4) button").click()  # again: lowest first
    assert [float(v) for v in column(4)] == sorted(teach)
    assert table.locator("thead th:nth-child(4)").get_attribute("aria-sort") == "ascending"
    table.locator("thead th:nth-child(2) button").click()  # Person: A to Z
    names = [n.splitlines()[0] for n in column(2)]  # the name (a phone adds the office under it)
    collated = page.evaluate("names => names.slice().sort(new Intl.Collator(undefined, "
                             "{numeric: true, sensitivity: 'base'}).compare)", names)
    assert names == collated and names != [n.splitlines()[0] for n in column(2)][::-1]
    # Sorting asks nothing of any server (the browser may fetch the tab's icon meanwhile).
    assert [u for u in desktop.requests[before:] if not u.endswith("/favicon.png")] == []
    assert desktop.console_errors == [] and desktop.foreign_requests == []
    desktop.screenshot("leaderboard-desktop")
    mobile.open("leaderboard/")
    _settle(mobile)
    mobile.screenshot("leaderboard-mobile")
