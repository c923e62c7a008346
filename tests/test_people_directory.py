"""The people index stays light at any company size: past its budget it lists the offices and
each office's people are a fragment of their own, fetched when a reader opens the office."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from committed.config import Settings
from committed.render.directory import index_pages
from committed.render.memo import Memo
from committed.scoring import Window
from sitebuild import build, make_demo

WINDOW = Window("90d", "Last 90 days", 90)
LIGHT = 150 * 1024  # bytes of HTML a reader's browser may be asked to load for the index


NAMES = {f"person-{i}/": "Person &lt;7&gt;" if i == 7 else f"Person {i}" for i in range(50_000)}


def company(people: int, offices: int = 25, teams: int = 12) -> list[tuple[str, list[tuple[str, list[dict[str, object]]]]]]:
    """``people`` entries, as the index groups them: office -> team -> person."""
    groups: dict[str, dict[str, list[dict[str, object]]]] = {}
    for i in range(people):
        office, team = f"Office {i % offices:02d}", f"Team {i % teams:02d}"
        name = f"Person <{i}>" if i == 7 else f"Person {i}"
        groups.setdefault(office, {}).setdefault(team, []).append(
            {"name": name, "href": f"person-{i}/", "slug": f"person-{i}", "role": "Engineer", "tier": "teacher"})
    return [(office, sorted(teams_.items())) for office, teams_ in sorted(groups.items())]


def opened(page: str, fragments: dict[str, str]) -> tuple[list[str], list[str]]:
    """What a reader can open from the index page, button after button: the fragments it fetches
    (site paths, in the order it meets them) and every profile link on the way."""
    seen, links, todo = [], re.findall(r'<a href="([^"]+)">', page), [page]
    while todo:
        for src in re.findall(r'data-committed-people="([^"]+)"', todo.pop()):
            path = "people/" + src  # relative to the index page, where every fragment is shown
            assert path in fragments and path not in seen
            seen.append(path)
            links += re.findall(r'<a href="([^"]+)">', fragments[path])
            todo.append(fragments[path])
    return seen, links


@pytest.mark.parametrize("people", [5_000, 50_000])
def test_the_index_weighs_the_same_at_any_size_and_every_person_is_in_an_office_fragment(tmp_path: Path,
                                                                                        people: int) -> None:
    settings = Settings(root=tmp_path)
    page, fragments = index_pages(settings, company(people), people, WINDOW)
    assert len(page.encode()) < 20 * 1024  # the offices only: 25 of them
    assert page.count("data-committed-people=") == 25
    assert 'data-committed-people="assets/offices/office-00.html"' in page  # relative to people/
    assert "person-1/" not in page
    seen, links = opened(page, fragments)
    assert sorted(seen) == sorted(fragments)  # no fragment nobody can reach
    assert sorted(links) == sorted(f"person-{i}/" for i in range(people))  # everyone, once
    assert max(len(html.encode()) for html in fragments.values()) <= 100 * 1024  # fragment_kb
    offices = [src for src in fragments if src.count("/") == 3]
    assert len(offices) == 25 and all(src.startswith("people/assets/offices/office-") for src in offices)
    assert "Person &lt;7&gt;" in "".join(fragments.values())  # escaped like the page
    assert f"{people:,}".replace(",", "") in page


def test_an_office_and_a_team_of_5000_open_in_runs_of_names_each_under_the_budget(tmp_path: Path) -> None:
    """One office, one team of 5,000: the office's fragment lists the team, the team's lists runs
    of names ("Person 0 to Person 1,999"), each run a fragment under the budget."""
    page, fragments = index_pages(Settings(root=tmp_path), company(5_000, offices=1, teams=1), 5_000, WINDOW)
    seen, links = opened(page, fragments)
    assert seen[:2] == ["people/assets/offices/office-00.html", "people/assets/offices/office-00/team-00.html"]
    runs = seen[2:]
    assert len(runs) >= 5 and runs[0] == "people/assets/offices/office-00/team-00/1.html"
    assert all(len(fragments[src].encode()) <= 100 * 1024 for src in seen)
    assert sorted(links) == sorted(f"person-{i}/" for i in range(5_000))
    team = fragments["people/assets/offices/office-00/team-00.html"]
    first = re.findall(r'<a href="([^"]+)">', fragments[runs[0]])
    assert f'<bdi>{NAMES[first[0]]}</bdi> to <bdi>{NAMES[first[-1]]}</bdi>' in team  # the run's first and last
    assert 'aria-controls="committed-office-office-00-team-00-1-people"' in team
    assert 'id="committed-office-office-00-team-00-1-people"' in team and "role=\"region\"" in team
    office = fragments["people/assets/offices/office-00.html"]
    assert "5000 people." in office and "People of <bdi>Team 00</bdi> (<bdi>Office 00</bdi>)" in office
    _, small = index_pages(Settings(root=tmp_path), company(5_000, offices=1, teams=1), 5_000, WINDOW,
                           fragment_kb=2_000)
    assert list(small) == ["people/assets/offices/office-00.html"]  # the budget is an option


def test_a_changed_person_renders_again_only_their_office_and_the_same_index_comes_out(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    groups = company(5_000)
    cold = index_pages(settings, groups, 5_000, WINDOW)
    cache = tmp_path / "memo"
    first = Memo(cache, "salt")
    assert index_pages(settings, groups, 5_000, WINDOW, memo=first) == cold
    assert first.rendered == {"people-office": 25}  # too big to be inline: the inline page is never made
    first.save()
    office_03 = groups[3][1][0][1][0]
    office_03["tier"] = "committed"  # one person's tier changed
    again = Memo(cache, "salt")
    warm = index_pages(settings, groups, 5_000, WINDOW, memo=again)
    assert again.rendered == {"people-office": 1} and again.reused["people-office"] == 24
    assert warm == index_pages(settings, groups, 5_000, WINDOW)  # the same as made with no memo


def test_a_small_company_keeps_everyone_on_the_page(tmp_path: Path) -> None:
    page, fragments = index_pages(Settings(root=tmp_path), company(300), 300, WINDOW)
    assert fragments == {} and len(re.findall(r'<a href="person-\d+/">', page)) == 300
    assert "<h2><bdi>Office 00</bdi></h2>" in page and "<h3><bdi>Team 00</bdi></h3>" in page
    _, fragments = index_pages(Settings(root=tmp_path), company(300), 300, WINDOW, inline_kb=10)
    assert len(fragments) == 25  # the budget is an option: one fragment per office


def test_the_inline_page_takes_each_offices_list_as_drawn_and_only_the_changed_one_is_drawn_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A small company's page holds every office's list: the lists its offices' fragments hold
    (the same HTML), so a change draws one office's list and the page around them; where an
    office's list is split in teams (a fragment budget under the page's), the page draws its own."""
    import committed.render.directory as directory

    settings = Settings(root=tmp_path)
    groups = company(300)
    memo = Memo(tmp_path / "memo", "salt")
    page, _ = index_pages(settings, groups, 300, WINDOW, memo=memo)
    memo.save()
    drawn: list[tuple[str, object]] = []
    render = directory.render

    def counting(name: str, *args: object, **context: object) -> str:
        drawn.append((name, context.get("lists")))
        return render(name, *args, **context)  # type: ignore[arg-type]

    monkeypatch.setattr(directory, "render", counting)
    groups[3][1][0][1][0]["tier"] = "committed"
    warm, _ = index_pages(settings, groups, 300, WINDOW, memo=Memo(tmp_path / "memo", "salt"))
    assert [name for name, _ in drawn] == ["profiles/office.html.j2", "profiles/index.md.j2"]  # office 03, the page
    lists = drawn[1][1]
    assert isinstance(lists, dict) and len(lists) == 25  # every other office's list as its fragment kept it
    assert warm == index_pages(settings, groups, 300, WINDOW)[0] != page
    drawn.clear()
    split, fragments = index_pages(settings, groups, 300, WINDOW, fragment_kb=1)
    assert drawn[-1] == ("profiles/index.md.j2", None) and fragments == {} and split == warm  # drawn whole


def test_namesakes_offices_that_slugify_alike_get_their_own_fragment(tmp_path: Path) -> None:
    groups = [("São Paulo", [("Sales", [{"name": "A", "href": "a/", "role": "", "tier": "learner"}])]),
              ("Sao Paulo", [("Sales", [{"name": "B", "href": "b/", "role": "", "tier": "learner"}])])]
    _, fragments = index_pages(Settings(root=tmp_path), groups, 2, WINDOW, inline_kb=0)
    assert sorted(fragments) == ["people/assets/offices/sao-paulo-2.html", "people/assets/offices/sao-paulo.html"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_demo(tmp_path_factory.mktemp("demo") / "kb")


def set_inline_kb(root: Path, kb: int) -> None:
    yml = root / "mkdocs.yml"
    text = re.sub(r"  - committed/profiles(:\n      index_inline_kb: \d+)?\n", "  - committed/profiles\n", yml.read_text("utf-8"))
    yml.write_text(text.replace("  - committed/profiles\n", f"  - committed/profiles:\n      index_inline_kb: {kb}\n"), "utf-8")


def test_a_build_past_the_budget_serves_each_office_as_a_fragment(demo: Path, tmp_path: Path) -> None:
    inline = tmp_path / "inline"
    assert build(demo, inline).returncode == 0
    assert not (inline / "people/assets").exists()
    people = re.findall(r'<a href="([^"./][^"]*/)">', (inline / "people/index.html").read_text("utf-8"))

    set_inline_kb(demo, 0)
    site = tmp_path / "site"
    proc = build(demo, site)
    assert proc.returncode == 0, proc.stderr
    index = (site / "people/index.html").read_text("utf-8")
    sources = re.findall(r'data-committed-people="([^"]+)"', index)
    assert len(sources) >= 2 and not set(people) & set(re.findall(r'<a href="([^"./][^"]*/)">', index))
    fragments = [site / "people" / src for src in sources]
    assert all(f.is_file() for f in fragments)
    linked = [href for f in fragments for href in re.findall(r'<a href="([^"]+)">', f.read_text("utf-8"))]
    assert sorted(linked) == sorted(people)  # the same people, linked from where the index shows them
    assert all((site / "people" / href / "index.html").is_file() for href in linked)
    assert 'src="../assets/committed/committed-people.js"' in index
    assert (site / "assets/committed/committed-people.js").is_file()
    set_inline_kb(demo, 100)
    again = tmp_path / "again"
    assert build(demo, again).returncode == 0
    assert (again / "people/index.html").read_bytes() == (inline / "people/index.html").read_bytes()
