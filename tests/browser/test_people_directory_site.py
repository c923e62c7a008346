"""The people index of a large company in Chromium: offices open on demand, by mouse and keyboard,
at desktop and phone sizes, light and dark, with no axe-core violation of any severity."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import DESKTOP, MOBILE, REPO, axe_violations, build_demo, serve  # tests/browser/conftest.py

pytestmark = pytest.mark.browser
DEMO_ARGS = ["--pages", "40", "--commits", "400", "--people", "40", "--seed", "7"]


@pytest.fixture(scope="module")
def directory_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo with the people index past its budget (``index_inline_kb: 0``), served on 127.0.0.1."""
    root = build_demo(tmp_path_factory.mktemp("directory") / "kb", DEMO_ARGS, lambda yml: yml.replace(
        "  - committed/profiles\n", "  - committed/profiles:\n      index_inline_kb: 0\n"))
    yield from serve(root / "site")


def violations(page: object) -> list[str]:
    """Every axe-core violation, whatever its impact."""
    found = []
    for violation in axe_violations(page):
        targets = Counter(" ".join(map(str, node["target"])) for node in violation["nodes"])
        found.append(f"{violation.get('impact')} {violation['id']}: {violation['help']} at {sorted(targets)[:5]}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_offices_open_on_demand_everywhere_and_pass_axe(browser: object, directory_url: str, size: str,
                                                        scheme: str) -> None:
    from playwright.sync_api import expect

    viewport = DESKTOP if size == "desktop" else MOBILE
    context = browser.new_context(viewport=viewport, color_scheme=scheme, service_workers="block")  # type: ignore[attr-defined]
    own = urlsplit(directory_url).netloc
    foreign: list[str] = []
    errors: list[str] = []

    def route(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlsplit(url).netloc != own:
            foreign.append(url)
            route.abort()  # type: ignore[attr-defined]
        else:
            route.continue_()  # type: ignore[attr-defined]

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.set_default_timeout(15_000)
    try:
        page.goto(directory_url + "people/", wait_until="networkidle")
        scheme_shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme_shown == ("slate" if scheme == "dark" else "default")
        buttons = page.locator("button[data-committed-people]")
        assert buttons.count() >= 2
        assert page.locator(".committed-people__office a").count() == 0  # nobody is listed before asked for
        assert violations(page) == []

        first = buttons.nth(0)
        region = page.locator("#" + (first.get_attribute("aria-controls") or ""))
        first.click()
        expect(first).to_have_attribute("aria-expanded", "true")
        expect(region.locator("a").first).to_be_visible()
        names = region.locator("li").count()
        heading = page.locator("#" + (region.get_attribute("aria-labelledby") or "")).inner_text()
        assert names >= 1 and f"{names} {'person' if names == 1 else 'people'}" in (
            page.locator(f"#{region.get_attribute('aria-labelledby')} + p").inner_text())
        assert heading and heading in (first.inner_text())
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways at {size}: {width}px"

        second = buttons.nth(1)  # by keyboard
        second.focus()
        page.keyboard.press("Enter")
        other = page.locator("#" + (second.get_attribute("aria-controls") or ""))
        expect(other.locator("a").first).to_be_visible()
        assert violations(page) == []
        page.screenshot(path=str(REPO / "test-artifacts" / f"people-directory-{size}-{scheme}.png"))
        page.keyboard.press("Enter")  # and closed again
        expect(other).to_be_hidden()
        expect(second).to_have_attribute("aria-expanded", "false")

        link = region.locator("a").first
        href = link.get_attribute("href") or ""
        link.click()
        page.wait_for_url(re.compile(re.escape(directory_url + "people/" + href)))
        expect(page.locator("h1").first).to_be_visible()
        assert errors == [] and foreign == []
    finally:
        context.close()
