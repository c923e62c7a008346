"""The people index, light at any company size.

While the whole list fits the page's budget (``inline_kb`` of Markdown; Material's own HTML adds
some 40 KB), every person is on the page, by office and team. Past it, the page lists the
offices (a heading, how many people and teams, a button) and each office's people are an HTML
fragment of their own (``<people>/assets/offices/<office>.html``, made by the same template as the
inline list), which ``committed-people.js`` fetches from the site when a reader opens the office.

A fragment is a page too, so none weighs more than ``fragment_kb``: an office past it lists its
teams the same way (a button each, ``<office>/<team>.html``), and a team past it lists runs of its
people in name order, "Aino Berg to Dara Okafor" (``<office>/<team>/<n>.html``), each under the
budget. The page then weighs the same with 50 or 50,000 people, every fragment stays light even
for an office or a team of 5,000, and a reader opens only what they ask for. Every link in a
fragment is relative to the index page, where it is shown. ``assets`` is never a person's slug, so
no fragment can collide with a profile.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from math import ceil

from markupsafe import Markup
from slugify import slugify

from ..config import Settings
from ..scoring import Window
from ..templating import render
from ..urls import page_url, relative
from .links import people_index_src
from .memo import Memo, fields_of

INLINE_KB = 100
FRAGMENT_KB = 100
Person = dict[str, object]
Teams = Sequence[tuple[str, Sequence[Person]]]  # team -> people, by name
Groups = Sequence[tuple[str, Teams]]  # office -> team -> people


def office_src(settings: Settings, slug: str) -> str:
    return f"{settings.people_prefix}/assets/offices/{slug}.html"


def _slugs(names: Iterable[str], fallback: str) -> list[str]:
    """A slug per name, unique among them (``sao-paulo``, ``sao-paulo-2``)."""
    taken: set[str] = set()
    out = []
    for name in names:
        slug = base = slugify(name) or fallback
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        out.append(slug)
    return out


def _runs(people: Sequence[Person], fits: Callable[[Sequence[Person]], bool], count: int = 2) -> list[Sequence[Person]]:
    """``people`` cut into the fewest runs (``count`` at least) that each ``fits``, of lengths that
    differ by one at most."""
    while True:
        size, longer = divmod(len(people), count)
        bounds = [i * size + min(i, longer) for i in range(count + 1)]
        runs = [people[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
        if size <= 1 or all(fits(run) for run in runs):
            return runs
        count += 1


class _Directory:
    """Renders the fragments of one index page, relative to its URL."""

    def __init__(self, settings: Settings, fragment_kb: int) -> None:
        self.settings = settings
        self.custom = settings.custom_dir
        self.budget = fragment_kb * 1024
        self.index_url = page_url(people_index_src(settings), settings.use_directory_urls)
        self.fragments: dict[str, str] = {}

    def fits(self, html: str) -> bool:
        return len(html.encode()) <= self.budget

    def part(self, src: str, dom_id: str, name: str, **extra: object) -> dict[str, object]:
        return {"src": relative(self.index_url, src), "id": dom_id, "name": name, **extra}

    def office(self, src: str, dom_id: str, office: str, teams: Teams) -> int:
        """Make the office's fragments; the size of its whole list (bytes of HTML)."""
        html = render("profiles/office.html.j2", self.custom, teams=teams)
        size = len(html.encode())
        if not self.fits(html):
            parts = []
            stem = src.removesuffix(".html")
            for (team, people), slug in zip(teams, _slugs((t for t, _ in teams), "team"), strict=True):
                team_src, team_id = f"{stem}/{slug}.html", f"{dom_id}-{slug}"
                self.team(team_src, team_id, team, people)
                parts.append(self.part(team_src, team_id, team, office=office, people=len(people)))
            html = render("profiles/parts.html.j2", self.custom, parts=parts, level=3, kind="team")
        self.fragments[src] = html
        return size

    def team(self, src: str, dom_id: str, team: str, people: Sequence[Person]) -> None:
        def listing(run: Sequence[Person]) -> str:
            return render("profiles/people.html.j2", self.custom, people=run)

        html = listing(people)
        if not self.fits(html):
            parts = []
            stem = src.removesuffix(".html")
            at_least = max(2, ceil(len(html.encode()) / self.budget))
            for n, run in enumerate(_runs(people, lambda run: self.fits(listing(run)), at_least), start=1):
                run_src = f"{stem}/{n}.html"
                self.fragments[run_src] = listing(run)
                parts.append(self.part(run_src, f"{dom_id}-{n}", str(run[0]["name"]), last=run[-1]["name"],
                                       team=team, people=len(run)))
            html = render("profiles/parts.html.j2", self.custom, parts=parts, level=4, kind="run")
        self.fragments[src] = html


def index_pages(settings: Settings, groups: Groups, count: int, window: Window, inline_kb: int = INLINE_KB,
                fragment_kb: int = FRAGMENT_KB, memo: Memo | None = None) -> tuple[str, dict[str, str]]:
    """The people index's Markdown, and the fragments it loads (site path -> HTML).

    Each office's fragments are kept by ``memo`` under the people they list, so a new commit
    renders again only the offices whose people it changes. The inline page holds every office's
    list (``office.html.j2``, as the fragments do), so once those lists alone pass ``inline_kb``
    it is not rendered to be thrown away."""
    memo = Memo(None, "") if memo is None else memo
    custom = settings.custom_dir
    directory = _Directory(settings, fragment_kb)
    offices, sizes = [], 0
    lists: dict[str, str] = {}  # office -> its whole list, where one fragment holds it
    for (office, teams), slug in zip(groups, _slugs((o for o, _ in groups), "office"), strict=True):
        src, dom_id = office_src(settings, slug), f"committed-office-{slug}"

        def made(office: str = office, teams: Teams = teams, src: str = src, dom_id: str = dom_id) -> str:
            part = _Directory(settings, fragment_kb)
            size = part.office(src, dom_id, office, teams)
            return json.dumps([size, part.fragments])

        size, fragments = json.loads(memo.text("people-office", repr((src, dom_id, office, teams, fragment_kb,
                                                                      directory.index_url)), made))
        sizes += size
        directory.fragments.update(fragments)
        if len(fragments) == 1:
            lists[office] = fragments[src]
        offices.append(directory.part(src, dom_id, office, people=sum(len(people) for _, people in teams),
                                      teams=len(teams)))
    if sizes <= inline_kb * 1024:
        # (each office's list as its fragment has it: the offices a change left alone are not drawn again)
        inline = memo.text("people-index", repr((groups, count, fields_of(Window)(window))), lambda: render(
            "profiles/index.md.j2", custom, groups=groups, offices=None, count=count, window=window,
            privacy=settings.privacy,
            lists={o: Markup(html) for o, html in lists.items()} if len(lists) == len(groups) else None))
        if len(inline.encode()) <= inline_kb * 1024:
            return inline, {}
    page = render("profiles/index.md.j2", custom, groups=groups, offices=offices, count=count, window=window,
                  privacy=settings.privacy)
    return page, directory.fragments
