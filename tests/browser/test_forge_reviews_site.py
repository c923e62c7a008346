"""The "Reviews from GitHub up to ..." line, looked at: desktop and phone, light and dark, axe-core."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from committed.forgeapi.ledger import write
from conftest import DESKTOP, MOBILE, axe_violations, open_tab, serve  # tests/browser/conftest.py
from sitebuild import build
from test_forge_reviews import ledger, make_repo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def reviews_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo, shas = make_repo(tmp_path_factory.mktemp("kb"))
    write(repo.root / "data" / "reviews.jsonl", ledger(shas))
    site = repo.root / "site"
    proc = build(repo.root, site)
    assert proc.returncode == 0, proc.stderr
    yield from serve(site)


@pytest.mark.parametrize("size", ["desktop", "mobile"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_review_source_line_reads_well_everywhere(browser: object, reviews_site: str, size: str, scheme: str) -> None:
    for tab in open_tab(browser, reviews_site, DESKTOP if size == "desktop" else MOBILE):
        tab.page.emulate_media(color_scheme=scheme)  # type: ignore[attr-defined]
        for path, name in (("people/cy/", "profile"), ("leaderboard/", "leaderboard")):
            tab.open(path)
            shown = tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # type: ignore[attr-defined]
            assert shown == ("slate" if scheme == "dark" else "default")  # the page is in the scheme asked for
            line = tab.page.locator(".committed-review-source").first  # type: ignore[attr-defined]
            assert line.is_visible()
            assert line.inner_text() == "Reviews from GitHub up to 2026-11-30 count as review trailers do."
            box = line.bounding_box()
            width = tab.page.viewport_size["width"]  # type: ignore[attr-defined]
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
            line.scroll_into_view_if_needed()
            tab.screenshot(f"forge-reviews-{name}-{size}-{scheme}")
            found = axe_violations(tab.page)  # every severity, for what this change added
            problems = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                        for v in found
                        if any("committed-review-source" in str(n["target"]) for n in v["nodes"])]
            assert problems == [], problems
        assert tab.console_errors == [] and tab.foreign_requests == [], (tab.console_errors, tab.foreign_requests)
