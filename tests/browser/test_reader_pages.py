"""The pages people open every day, as a reader sees them: desktop (1366x900) and phone (390x844),
light and dark. Each: nothing scrolls sideways or sticks out of its container, the headline is in
the first screen, no request leaves the host, and axe-core finds nothing at any severity.

One demo site is built for the whole session (conftest.py); each case opens one page in a fresh
browser context. Screenshots: test-artifacts/<page>-<desktop|phone>-<light|dark>.png.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DESKTOP, MOBILE, Tab, axe_violations, open_tab

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "phone": MOBILE}
# What must be on the first screen, without scrolling, per page.
HEADLINES = {
    "home": ["h1", ".committed-home__figure", ".committed-actions .md-button--primary"],
    "topic": ["h1", ".committed-actions .md-button--primary"],
    "content": ["h1"],
    "people": ["h1"],
    "profile": ["h1", ".committed-profile__head .committed-tier"],
    "leaderboard": [".committed-headline__committed", ".committed-headline__share", ".committed-dash__change",
                    ".committed-stack--big"],
    "guidelines": ["h1"],
}
# axe-core rules switched off, and why (none today: every rule runs, at every severity).
DISABLED_RULES: dict[str, str] = {}

# Elements sticking out of their container: anything whose box passes the right or left edge of
# the nearest ancestor that clips it (or of the viewport), unless that ancestor scrolls (a table in
# its scroll region), the element is visually hidden (screen-reader text, Material's off-screen
# drawer and search), or the ancestor cuts text with an ellipsis on purpose (the header's title).
_OVERFLOW_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > vw) out.push(`page: ${document.documentElement.scrollWidth}px wide`);
  const hidden = el => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === "none" || s.visibility === "hidden" || s.position === "fixed" || s.opacity === "0") return true;
      if (s.clip === "rect(0px, 0px, 0px, 0px)" || (a.offsetWidth <= 1 && a.offsetHeight <= 1 && s.overflow === "hidden")) return true;
      if (a.getAttribute("aria-hidden") === "true" && a.closest(".md-sidebar, .md-search")) return true;
      if (a.tagName === "DETAILS" && !a.open && el !== a && !el.closest("summary")) return true;
    }
    return false;
  };
  const container = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX)) return a;
    }
    return null;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1 || hidden(el)) continue;
    const box = container(el);
    const s = box ? getComputedStyle(box) : null;
    if (s && (/(auto|scroll)/.test(s.overflowX) || s.textOverflow === "ellipsis")) continue;
    const edge = box ? box.getBoundingClientRect() : {left: 0, right: vw};
    if (r.right > edge.right + 1 || r.left < edge.left - 1) {
      out.push(`${name(el)} (${Math.round(r.left)}..${Math.round(r.right)}) outside ${box ? name(box) : "the viewport"} (${Math.round(edge.left)}..${Math.round(edge.right)}): ${(el.textContent || "").trim().slice(0, 40)}`);
    }
  }
  return out.slice(0, 15);
}
"""

_IN_VIEW_JS = """
(selector) => {
  const el = document.querySelector(selector);
  if (!el) return "missing";
  const r = el.getBoundingClientRect();
  const ok = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 &&
    r.bottom <= window.innerHeight && r.right <= document.documentElement.clientWidth;
  return ok ? "" : `at ${Math.round(r.left)},${Math.round(r.top)}..${Math.round(r.right)},${Math.round(r.bottom)}`;
}
"""


def _paths(demo_site: Path) -> dict[str, str]:
    site = demo_site / "site"
    profiles = sorted(p.parent.name for p in (site / "people").glob("*/index.html"))
    assert profiles, "the demo has no profile pages"
    # The profile with the most contributions listed: the fullest page a reader can open.
    slug = max(profiles, key=lambda s: ((site / "people" / s / "index.html").read_text("utf-8").count("<li>"), s))
    content = sorted(p.parent.relative_to(site).as_posix() for p in (site / "security").glob("*/index.html"))
    assert content, "the demo has no security pages"
    return {"home": "", "topic": "security/", "content": f"{content[0]}/", "people": "people/",
            "profile": f"people/{slug}/", "leaderboard": "leaderboard/", "guidelines": "committed/guidelines/"}


@pytest.fixture(scope="module")
def paths(demo_site: Path) -> dict[str, str]:
    return _paths(demo_site)


@pytest.fixture(params=[(v, s) for v in VIEWPORTS for s in ("light", "dark")], ids=lambda p: f"{p[0]}-{p[1]}")
def view(request: pytest.FixtureRequest, browser: object, base_url: str) -> Iterator[tuple[Tab, str, str]]:
    viewport, scheme = request.param
    for tab in open_tab(browser, base_url, VIEWPORTS[viewport], scheme):
        yield tab, viewport, scheme


def _axe(tab: Tab) -> list[str]:
    options: dict[str, object] = {"resultTypes": ["violations"]}  # every rule runs; only failures are detailed
    if DISABLED_RULES:
        options["rules"] = {rule: {"enabled": False} for rule in DISABLED_RULES}
    found = []
    for violation in axe_violations(tab.page, options):
        targets = Counter(" ".join(map(str, node["target"])) for node in violation["nodes"])
        found.append(f"{violation['impact']} {violation['id']}: {violation['help']} "
                     f"({len(violation['nodes'])}x) at {sorted(targets)[:4]}")
    return found


@pytest.mark.parametrize("kind", list(HEADLINES))
def test_a_reader_page(kind: str, view: tuple[Tab, str, str], paths: dict[str, str]) -> None:
    tab, viewport, scheme = view
    tab.open(paths[kind])
    tab.page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page = tab.page
    scheme_shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # type: ignore[attr-defined]
    assert scheme_shown == ("slate" if scheme == "dark" else "default")
    tab.screenshot(f"{kind}-{viewport}-{scheme}")
    problems: dict[str, object] = {}
    off_screen = {sel: where for sel in HEADLINES[kind] if (where := page.evaluate(_IN_VIEW_JS, sel))}  # type: ignore[attr-defined]
    if off_screen:
        problems["not in the first screen"] = off_screen
    overflow = page.evaluate(_OVERFLOW_JS)  # type: ignore[attr-defined]
    if overflow:
        problems["sticks out"] = overflow
    if tab.foreign_requests:
        problems["requests to other hosts"] = tab.foreign_requests
    if tab.console_errors:
        problems["console errors"] = tab.console_errors
    violations = _axe(tab)
    if violations:
        problems["axe"] = violations
    assert problems == {}
