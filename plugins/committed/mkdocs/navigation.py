"""Navigation that scales: every topic under one "Topics" tab, and People, the leaderboard and the
About section as places of their own.

MkDocs builds the navigation from the folders when ``mkdocs.yml`` has no ``nav:``; with
``navigation.tabs`` every top-level folder becomes a tab, so ten topics run off a laptop's
screen. ``group`` rearranges that navigation (never a ``nav:`` the site wrote itself):

    Home | Topics | People | Leaderboard | About this knowledge base

"Topics" opens a generated overview (``topics/index.md``, unless the site has its own) that lists
every topic with its number of pages. Only MkDocs' own structures are touched; the order and names
come from the folders.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mkdocs.structure import StructureItem
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..templating import render
from ..urls import relative

TOPICS_INDEX = "topics/index.md"
PLACEHOLDER = "<!--committed:topics-made-from-the-navigation-->"


@dataclass(frozen=True)
class Places:
    """Where the site's own places are (docs-relative)."""

    people: str  # the people folder, e.g. "people"
    leaderboard: str  # e.g. "leaderboard.md"
    about: str  # the folder of the pages about the knowledge base itself, e.g. "committed"
    topics_title: str = "Topics"
    about_title: str = "About this knowledge base"


def _pages(items: Sequence[StructureItem]) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def _folder(item: StructureItem) -> str | None:
    """The top-level folder an item stands for (None: a page at the root, or a link)."""
    first = next(_pages([item]), None)
    if first is None:
        return None
    folder, sep, _ = first.file.src_uri.partition("/")
    return folder if sep else None


def _title(item: StructureItem) -> str:
    return str(getattr(item, "title", "") or "").casefold()


def group(nav: Navigation, places: Places, topics_file: File | None) -> Navigation:
    """The navigation with the topics grouped; ``topics_file``: the generated overview page (its
    Markdown is written here, from the topics found), or None when the site has its own."""
    home: list[StructureItem] = []
    topics: list[Section] = []
    loose: list[StructureItem] = []  # pages at the root (the tags index...), after the topics
    people: list[StructureItem] = []
    board: list[StructureItem] = []
    about: list[StructureItem] = []
    overview: list[StructureItem] = []
    for item in nav.items:
        folder = _folder(item)
        if isinstance(item, Page) and item.is_homepage:
            home.append(item)
        elif isinstance(item, Page) and item.file.src_uri == places.leaderboard:
            board.append(item)
        elif folder == places.people:
            people.append(item)
        elif folder == places.about:
            if isinstance(item, Section):
                item.title = places.about_title
            about.append(item)
        elif folder == "topics" and isinstance(item, Section):
            overview.extend(item.children)
        elif isinstance(item, Section):
            topics.append(item)
        else:
            loose.append(item)
    if not topics:
        return nav
    topics.sort(key=_title)
    if topics_file is not None:
        topics_file.content_string = render(
            "authoring/topics.md.j2", None, title=places.topics_title,
            topics=[{"title": t.title, "href": _index_href(t, topics_file.url), "pages": _count(t)} for t in topics])
    section = Section(places.topics_title, [*overview, *topics, *loose])
    items: list[StructureItem] = [*home, section, *people, *board, *about]
    _link(items, None)
    pages = list(_pages(items))
    for before, after in zip([None, *pages], [*pages, None], strict=True):
        if before is not None:
            before.next_page = after
        if after is not None:
            after.previous_page = before
    nav.items[:] = items
    nav.pages[:] = pages
    return nav


def _link(items: Sequence[StructureItem], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)


def _count(section: Section) -> int:
    return sum(1 for p in _pages(section.children) if not p.is_index)


def _index_href(section: Section, here: str) -> str:
    """A link from the page at ``here`` to a topic's first page."""
    first = next(_pages(section.children), None)
    return relative(here, first.file.url) if first is not None else ""


__all__ = ["Places", "TOPICS_INDEX", "PLACEHOLDER", "group"]
