"""The demo built by ``committed build --engine zensical``, in headless Chromium: the home page, a
profile and the leaderboard load clean and offline, read on a phone, and are no less accessible
than the same pages of the MkDocs build."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import MOBILE, Tab, axe_violations  # tests/browser/conftest.py

pytestmark = pytest.mark.browser


def _settle(tab: Tab) -> None:
    tab.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]


def _clean(tab: Tab) -> None:
    assert tab.console_errors == [] and tab.foreign_requests == []
    width = tab.page.evaluate(  # type: ignore[attr-defined]
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
    assert width <= tab.page.viewport_size["width"], width  # type: ignore[attr-defined]


def _profile(site: Path) -> str:
    """The profile listing the most pages."""
    def listed(page: Path) -> int:
        return page.read_text("utf-8").split('class="committed-pages"', 1)[-1].count("<a ")
    return max(sorted((site / "people").glob("*/index.html")), key=listed).parent.name


def _violations(tab: Tab) -> dict[str, str]:
    """axe-core's findings on the page, at every severity: rule id -> impact."""
    return {str(v["id"]): str(v.get("impact") or "") for v in axe_violations(tab.page)}


def test_home_loads_clean_offline_with_committed_styles(zensical_desktop: Tab, zensical_mobile: Tab) -> None:
    for tab, size in ((zensical_desktop, "desktop"), (zensical_mobile, "mobile")):
        tab.open("")
        _settle(tab)
        assert tab.page.locator("header .md-header__title").is_visible()  # type: ignore[attr-defined]
        styles = tab.page.evaluate(  # type: ignore[attr-defined]
            "() => [...document.styleSheets].map(s => s.href || '').filter(h => h.includes('assets/committed/'))")
        assert len(styles) == 2, styles  # committed.css and site.css, as in the MkDocs build
        _clean(tab)
        tab.screenshot(f"zensical-home-{size}")


def test_a_page_credits_its_people_and_links_their_profiles(zensical_desktop: Tab) -> None:
    tab = zensical_desktop
    tab.open("security/")
    _settle(tab)
    credits = tab.page.locator(".committed-credits")  # type: ignore[attr-defined]
    assert credits.is_visible()
    assert tab.page.get_by_role("link", name="Add a page here").is_visible()  # type: ignore[attr-defined]
    person = credits.locator("a[href*='people/']").first
    name = person.inner_text()
    person.click()
    tab.page.wait_for_url("**/people/*/")  # type: ignore[attr-defined]
    tab.page.locator("h1", has_text=name).first.wait_for()  # type: ignore[attr-defined]  # instant navigation
    assert tab.page.locator(".committed-profile").count() == 1  # type: ignore[attr-defined]
    _clean(tab)


def test_profile_shows_scores_calendar_and_pages(zensical_desktop: Tab, zensical_mobile: Tab,
                                                 zensical_site: Path) -> None:
    slug = _profile(zensical_site)
    for tab, size in ((zensical_desktop, "desktop"), (zensical_mobile, "mobile")):
        tab.open(f"people/{slug}/")
        _settle(tab)
        page = tab.page
        assert page.locator(".committed-scores").first.is_visible()  # type: ignore[attr-defined]
        assert page.locator(".committed-calendar").first.is_visible()  # type: ignore[attr-defined]
        assert page.locator(".committed-pages a").count() >= 1  # type: ignore[attr-defined]
        assert page.locator(f"nav.md-nav--primary a[href*='{slug}']").count() == 0  # type: ignore[attr-defined]
        assert page.locator("a[rel='edit']").count() == 0  # type: ignore[attr-defined]  # no source file
        _clean(tab)
        tab.screenshot(f"zensical-profile-{size}")


def test_leaderboard_ranking_sorts_and_exports_download(zensical_desktop: Tab, zensical_mobile: Tab) -> None:
    tab = zensical_desktop
    tab.open("leaderboard/")
    _settle(tab)
    page = tab.page
    table = page.locator("table.committed-ranking").first  # type: ignore[attr-defined]
    table.locator("thead th:nth-child(4) button").click()  # Teach: highest first (Committed's sort.js)
    teach = [float(v) for v in table.locator("tbody tr > :nth-child(4)").all_inner_texts()]
    assert len(teach) > 1 and teach == sorted(teach, reverse=True)
    for name in ("stats.json", "people.csv"):
        href = page.get_by_role("link", name=name).first.get_attribute("href")  # type: ignore[attr-defined]
        response = page.request.get(urljoin(page.url, href))  # type: ignore[attr-defined]
        assert response.ok and len(response.body()) > 100, name
    _clean(tab)
    tab.screenshot("zensical-leaderboard-desktop")
    zensical_mobile.open("leaderboard/")
    _settle(zensical_mobile)
    assert zensical_mobile.page.viewport_size == MOBILE  # type: ignore[attr-defined]
    _clean(zensical_mobile)
    zensical_mobile.screenshot("zensical-leaderboard-mobile")


@pytest.mark.parametrize("which", ["home", "profile", "leaderboard"])
def test_no_less_accessible_than_the_mkdocs_build(which: str, desktop: Tab, zensical_desktop: Tab,
                                                  zensical_site: Path) -> None:
    path = {"home": "", "profile": f"people/{_profile(zensical_site)}/", "leaderboard": "leaderboard/"}[which]
    found = {}
    for tab in (desktop, zensical_desktop):
        tab.open(path)
        _settle(tab)
        found[tab.base_url] = _violations(tab)
    mkdocs, zensical = found[desktop.base_url], found[zensical_desktop.base_url]
    assert not {k: v for k, v in zensical.items() if v in ("critical", "serious")}, zensical
    assert set(zensical) <= set(mkdocs), {k: v for k, v in zensical.items() if k not in mkdocs}
