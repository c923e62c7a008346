"""The people index, light at any company size.

While the whole list fits the page's budget (``inline_kb`` of Markdown; Material's own HTML adds
some 40 KB), every person is on the page, by office and team. Past it, the page lists the
offices (a heading, how many people and teams, a button) and each office's people are an HTML
fragment of their own (``<people>/assets/offices/<office>.html``, made by the same template as the
inline list), which ``committed-people.js`` fetches from the site when a reader opens the office.
The page then weighs the same with 50 or 50,000 people; an office's fragment grows with that
office only, and is fetched only by who asks for it. ``assets`` is never a person's slug, so no
fragment can collide with a profile.
"""

from __future__ import annotations

from collections.abc import Sequence

from slugify import slugify

from ..config import Settings
from ..scoring import Window
from ..templating import render
from ..urls import page_url, relative
from .links import people_index_src

INLINE_KB = 100
Groups = Sequence[tuple[str, Sequence[tuple[str, Sequence[dict[str, object]]]]]]  # office -> team -> people


def office_src(settings: Settings, slug: str) -> str:
    return f"{settings.people_prefix}/assets/offices/{slug}.html"


def index_pages(settings: Settings, groups: Groups, count: int, window: Window,
                inline_kb: int = INLINE_KB) -> tuple[str, dict[str, str]]:
    """The people index's Markdown, and the office fragments it loads (site path -> HTML)."""
    custom = settings.custom_dir
    inline = render("profiles/index.md.j2", custom, groups=groups, offices=None, count=count, window=window,
                    privacy=settings.privacy)
    if len(inline.encode()) <= inline_kb * 1024:
        return inline, {}
    index_url = page_url(people_index_src(settings), settings.use_directory_urls)
    fragments: dict[str, str] = {}
    offices: list[dict[str, object]] = []
    taken: set[str] = set()
    for office, teams in groups:
        slug = base = slugify(office) or "office"
        n = 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        src = office_src(settings, slug)
        fragments[src] = render("profiles/office.html.j2", custom, teams=teams)
        offices.append({"name": office, "slug": slug, "src": relative(index_url, src),
                        "people": sum(len(people) for _, people in teams), "teams": len(teams)})
    page = render("profiles/index.md.j2", custom, groups=groups, offices=offices, count=count, window=window,
                    privacy=settings.privacy)
    return page, fragments
