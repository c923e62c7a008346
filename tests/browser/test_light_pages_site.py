"""Pages that stay light, in Chromium: the people index opens an office, then its teams, then runs
of a team's names, each fetched from the site when asked for; the leaderboard's ranking adds its
next ranks from the site's own files. By mouse and keyboard, at desktop and phone sizes, light and
dark, with no axe-core violation of any severity and no request to another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import DESKTOP, MOBILE, REPO, Tab, axe_violations, open_tab, serve  # tests/browser/conftest.py
from sitebuild import build, make_demo

pytestmark = pytest.mark.browser
DEMO_ARGS = ["--pages", "40", "--commits", "400", "--people", "40", "--seed", "7"]
RANKS = 3  # rows of the ranking on the page, and in each set the button adds


def _small_budgets(yml: str) -> str:
    """Budgets so small that the demo's 40 people need every level a company of 50,000 does."""
    yml = yml.replace("  - committed/profiles\n", "  - committed/profiles:\n      index_inline_kb: 0\n"
                                                  "      index_fragment_kb: 1\n")
    return yml.replace("  - committed/leaderboard\n", f"  - committed/leaderboard:\n      ranking_rows: {RANKS}\n")


CITIES = ("Accra", "Auckland", "Bogotá", "Cairo", "Dublin", "Hanoi", "Kraków", "Lagos", "Lima", "Manila",
          "Oslo", "Porto", "Seoul", "Tunis")


def _one_big_team(root: Path) -> None:
    """Half the demo's people in one team of one office, as in a company where a team has 5,000;
    the others in 14 more offices, more than the leaderboard's charts show."""
    for i, path in enumerate(sorted((root / "contributors").glob("*.yml"))):
        office, team = ("Berlin", "Platform") if i % 2 == 0 else (CITIES[i // 2 % len(CITIES)], None)
        text = re.sub(r'(?m)^office: .*$', f'office: "{office}"', path.read_text("utf-8"))
        path.write_text(text if team is None else re.sub(r'(?m)^team: .*$', f'team: "{team}"', text), "utf-8")


@pytest.fixture(scope="module")
def light_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_demo(tmp_path_factory.mktemp("light") / "kb", *DEMO_ARGS)
    _one_big_team(root)
    yml = root / "mkdocs.yml"
    yml.write_text(_small_budgets(yml.read_text("utf-8")), "utf-8")
    assert build(root, root / "site", strict=False).returncode == 0
    yield from serve(root / "site")


@pytest.fixture(params=[(size, scheme) for size in ("desktop", "phone") for scheme in ("light", "dark")],
                ids=lambda p: f"{p[0]}-{p[1]}")
def tab(request: pytest.FixtureRequest, browser: object, light_url: str) -> Iterator[Tab]:
    size, scheme = request.param
    yield from open_tab(browser, light_url, DESKTOP if size == "desktop" else MOBILE, scheme)


def _violations(page: object) -> list[str]:
    return [f"{v.get('impact')} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in axe_violations(page)]


def _fits(page: object) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")  # type: ignore[attr-defined]
    assert width[0] <= width[1], f"the page scrolls sideways: {width}"


def _count(button: object) -> int:
    """How many people a part's button opens: its line says "12 people in 3 teams." or "12 people."."""
    text = button.evaluate("b => b.parentElement.textContent")  # type: ignore[attr-defined]
    found = re.match(r"\d+", text)
    assert found is not None, text
    return int(found[0])


def _open(page: object, button: object, keyboard: bool) -> object:
    """Open the part under ``button`` (by Enter or by a click) and wait for its people; its region."""
    from playwright.sync_api import expect

    region = page.locator("#" + (button.get_attribute("aria-controls") or ""))  # type: ignore[attr-defined]
    if keyboard:
        button.focus()  # type: ignore[attr-defined]
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
    else:
        button.click()  # type: ignore[attr-defined]
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(region).to_have_attribute("data-state", "loaded")
    expect(region).not_to_have_attribute("aria-busy", "true")
    return region


def test_an_office_opens_its_teams_and_a_team_its_runs_of_names(tab: Tab, request: pytest.FixtureRequest) -> None:
    from playwright.sync_api import expect

    page = tab.page
    tab.open("people/")
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    offices = page.locator("button[data-committed-people]")  # type: ignore[attr-defined]
    assert offices.count() >= 2 and page.locator(".committed-people__office a").count() == 0
    assert _violations(page) == []
    # The largest office: past the budget, its fragment lists teams, each with its own button.
    sizes = [_count(b) for b in offices.all()]
    office = _open(page, offices.nth(sizes.index(max(sizes))), keyboard=False)
    teams = office.locator("button[data-committed-people]")  # type: ignore[attr-defined]
    assert teams.count() >= 1 and office.locator("h3").count() == teams.count()
    # The largest team, by keyboard: its fragment lists runs of names, "A to B", in name order.
    counts = [_count(t) for t in teams.all()]
    team = _open(page, teams.nth(counts.index(max(counts))), keyboard=True)
    runs = team.locator("button[data-committed-people]")  # type: ignore[attr-defined]
    assert runs.count() >= 2 and re.fullmatch(r"People from .+ to .+", runs.first.inner_text())
    run = _open(page, runs.nth(1), keyboard=True)
    expect(run.locator("a").first).to_be_visible()  # type: ignore[attr-defined]
    assert 0 < run.locator("li").count() <= max(counts)  # type: ignore[attr-defined]
    _fits(page)
    assert _violations(page) == []
    size = request.node.callspec.id.split("-")
    run.scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.screenshot(path=str(REPO / "test-artifacts" / f"people-runs-{size[-2]}-{size[-1]}.png"))
    link = run.locator("a").first  # type: ignore[attr-defined]
    href = link.get_attribute("href") or ""
    link.click()  # relative to the index page, where the fragment is shown
    page.wait_for_url(re.compile(re.escape(tab.base_url + "people/" + href)))  # type: ignore[attr-defined]
    expect(page.locator("h1").first).to_be_visible()  # type: ignore[attr-defined]
    assert tab.console_errors == [] and tab.foreign_requests == []


def test_the_ranking_adds_its_next_ranks_in_the_tables_order(tab: Tab, request: pytest.FixtureRequest) -> None:
    from playwright.sync_api import expect

    page = tab.page
    tab.open("leaderboard/")
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    table = page.locator("table.committed-ranking")  # type: ignore[attr-defined]
    more = page.locator(".committed-ranking__more")  # type: ignore[attr-defined]
    button = more.locator("button")
    total = int(more.get_attribute("data-committed-total") or 0)
    assert total > 2 * RANKS and table.locator("tbody tr").count() == RANKS
    # More offices than the charts show: the heatmap adds the quietest together, the bars say what they leave out.
    expect(page.locator("#committed-flow-title")).to_have_count(1)  # type: ignore[attr-defined]
    flow = page.locator(".committed-chart--flow")  # type: ignore[attr-defined]
    expect(flow.locator("p.committed-muted")).to_contain_text("offices with the most flow in and out, then the other")
    assert re.search(r"Other offices \(\d+\)", flow.locator("svg").inner_html())
    expect(page.locator("#committed-offices p.committed-muted")).to_contain_text(  # type: ignore[attr-defined]
        "offices with the most active contributors")
    expect(button).to_be_visible()  # shown by the script that makes it work
    expect(button).to_have_text(f"Show ranks {RANKS + 1}–{2 * RANKS} of {total}")
    assert _violations(page) == []
    table.locator("thead th:nth-child(4) button").click()  # sorted by teaching score, highest first

    def teach() -> list[float]:
        return [float(v) for v in table.locator("tbody tr > :nth-child(4)").all_inner_texts()]

    button.click()
    expect(table.locator("tbody tr")).to_have_count(2 * RANKS)
    expect(more.locator("[role=status]")).to_have_text(f"{2 * RANKS} of {total} shown.")
    assert teach() == sorted(teach(), reverse=True)  # the new rows in the table's order
    expect(button).to_have_text(f"Show ranks {2 * RANKS + 1}–{min(3 * RANKS, total)} of {total}")
    shown = 2 * RANKS
    while shown < total:  # by keyboard: the button keeps the focus until the last ranks are in
        assert page.evaluate("document.activeElement.textContent").startswith("Show ranks")  # type: ignore[attr-defined]
        button.focus()
        page.keyboard.press("Enter")  # type: ignore[attr-defined]
        shown = min(shown + RANKS, total)
        expect(table.locator("tbody tr")).to_have_count(shown)
    expect(button).to_be_hidden()
    assert page.evaluate("document.activeElement.id") == "committed-ranking-region"  # type: ignore[attr-defined]
    table.locator("thead th:nth-child(1) button").click()  # back to rank order: 1 to the last, each once
    ranks = [int(r) for r in table.locator("tbody tr > :nth-child(1)").all_inner_texts()]
    assert sorted(ranks) == list(range(1, total + 1))
    _fits(page)
    assert _violations(page) == []
    size = request.node.callspec.id.split("-")
    flow.scroll_into_view_if_needed()
    page.screenshot(path=str(REPO / "test-artifacts" / f"flow-folded-{size[-2]}-{size[-1]}.png"))
    more.scroll_into_view_if_needed()
    page.screenshot(path=str(REPO / "test-artifacts" / f"ranking-more-{size[-2]}-{size[-1]}.png"))
    assert tab.console_errors == [] and tab.foreign_requests == []
