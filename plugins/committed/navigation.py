"""Navigation that scales: every topic under one "Topics" tab, and People, the leaderboard and the
About section as places of their own.

A generator makes its navigation from the folders (MkDocs when ``mkdocs.yml`` has no ``nav:``);
with ``navigation.tabs`` every top-level folder becomes a tab, so ten topics run off a laptop's
screen. ``group`` rearranges that navigation:

    Home | Topics | People | Leaderboard | About this knowledge base

"Topics" opens an overview (``topics/index.md``, unless the site has its own) that lists every
topic with its number of pages (``topics_page``). Generator-free: each generator's adapter
(``committed.mkdocs.navigation``, ``committed.engines.navigation``) says how to read and make its
own navigation items through an ``Outline``; the order and names come from the folders.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from .templating import render
from .urls import relative

TOPICS_INDEX = "topics/index.md"
T = TypeVar("T")


@dataclass(frozen=True)
class Places:
    """Where the site's own places are (docs-relative)."""

    people: str = "people"  # the people folder
    leaderboard: str = "leaderboard.md"
    about: str = "committed"  # the folder of the pages about the knowledge base itself
    topics_title: str = "Topics"
    about_title: str = "About this knowledge base"


@dataclass(frozen=True)
class PageInfo:
    """What the grouping needs to know of a page of the navigation."""

    src: str  # docs-relative source path, e.g. "guide/setup.md"
    url: str  # its site-relative URL, as the generator publishes it
    homepage: bool  # the site's home page
    index: bool  # a folder's index page (index.md or README.md)


class Outline(Protocol[T]):
    """How the core reads and makes one generator's navigation items (pages, sections, links)."""

    def page(self, item: T) -> PageInfo | None:
        """The item as a page; None for a section or a link."""

    def children(self, item: T) -> Sequence[T] | None:
        """A section's items; None for a page or a link."""

    def title(self, item: T) -> str:
        """The item's title as the navigation shows it ("" when it has none)."""

    def retitle(self, section: T, title: str) -> None:
        """Give a section another title."""

    def section(self, title: str, children: list[T]) -> T:
        """A new section."""


def pages(items: Sequence[T], outline: Outline[T]) -> Iterator[T]:
    """The pages under ``items``, in navigation order."""
    for item in items:
        children = outline.children(item)
        if children is not None:
            yield from pages(children, outline)
        elif outline.page(item) is not None:
            yield item


def _folder(item: T, outline: Outline[T]) -> str | None:
    """The top-level folder an item stands for (None: a page at the root, or a link)."""
    first = next(pages([item], outline), None)
    info = outline.page(first) if first is not None else None
    if info is None:
        return None
    folder, sep, _ = info.src.partition("/")
    return folder if sep else None


def group(items: Sequence[T], outline: Outline[T], places: Places) -> tuple[list[T], list[T]]:
    """(the grouped navigation, its topics sorted by title); no topics: ``items`` unchanged (and no
    topics). The About section is renamed either way."""
    home: list[T] = []
    topics: list[T] = []
    loose: list[T] = []  # pages at the root (the tags index...), after the topics
    people: list[T] = []
    board: list[T] = []
    about: list[T] = []
    overview: list[T] = []
    for item in items:
        folder = _folder(item, outline)
        info = outline.page(item)
        children = outline.children(item)
        if info is not None and info.homepage:
            home.append(item)
        elif info is not None and info.src == places.leaderboard:
            board.append(item)
        elif folder == places.people:
            people.append(item)
        elif folder == places.about:
            if children is not None:
                outline.retitle(item, places.about_title)
            about.append(item)
        elif folder == "topics" and children is not None:
            overview.extend(children)
        elif children is not None:
            topics.append(item)
        else:
            loose.append(item)
    if not topics:
        return list(items), []
    topics.sort(key=lambda t: outline.title(t).casefold())
    section = outline.section(places.topics_title, [*overview, *topics, *loose])
    return [*home, section, *people, *board, *about], topics


def topics_page(topics: Sequence[T], outline: Outline[T], places: Places, here: str) -> str:
    """The "Topics" overview's Markdown: each topic with its number of pages and a link (from the
    overview's URL ``here``) to its first page."""
    rows = []
    for topic in topics:
        found = [info for p in pages([topic], outline) if (info := outline.page(p)) is not None]
        rows.append({"title": outline.title(topic), "href": relative(here, found[0].url) if found else "",
                     "pages": sum(1 for info in found if not info.index)})
    return render("authoring/topics.md.j2", None, title=places.topics_title, topics=rows)


__all__ = ["Outline", "PageInfo", "Places", "TOPICS_INDEX", "group", "pages", "topics_page"]
